"""Pure normalisation of agency values: names, dates, ranges, countries, places and cell text.

Each function takes the text as an agency wrote it and returns the normalised value, or raises
`ValueError` with a short reason fit to show in a rejects report. Ingestion keeps the raw text
beside every normalised value; the matching engine and the search reuse the same functions so a
query is normalised exactly as the data was.

This is the ground floor (docs/architecture.md): it imports nothing else of TraceGraph, so
ingestion, identification and the web app can all stand on it.

- `name_keys.py`: personal names folded and transliterated into matching keys;
- `dates.py`: partial dates with their precision; `ranges.py`: ages, heights, counts as ranges;
- `countries.py` (with `countries.tsv`): names and aliases to ISO 3166-1 alpha-3;
- `geo.py`: coordinates and the key of a place; `cell_text.py`: empty markers, multi-valued cells.
"""
