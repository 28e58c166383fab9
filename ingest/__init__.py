"""Ingestion: every agency's files into the graph, with provenance, validation and no loss.

The layout follows one path for every format:

- `formats/` holds one adapter per source format (interchange CSVs, IOM Missing Migrants,
  Deaths at the Borders, declarative YAML mappings). An adapter checks a file's header and turns
  each row into a `RecordGraph` (pure: no database).
- `source.py` reads files (encoding and header checks first, then rows streamed one by one),
  `cells.py` reads and validates the cells of one row, `graph.py` is what a row becomes.
- `writer.py` writes record graphs in batches, one transaction each, idempotently;
  `pipeline.py` runs a file through it all and `report.py` writes the rejects CSV and summary.
- Values are normalised (names, dates, ranges, countries, places) by the top-level `normalise`
  package, which the matcher and the search share.
"""
