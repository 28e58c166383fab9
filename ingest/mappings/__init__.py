"""Example declarative mappings (YAML) for agency spreadsheets, with sample files in examples/."""
