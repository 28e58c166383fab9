"""Pure normalisation of agency values: names, dates, ranges, countries and places.

Each function takes the text as an agency wrote it and returns the normalised value, or raises
`ValueError` with a short reason fit to show in a rejects report. Ingestion keeps the raw text
beside every normalised value; the matching engine and the search reuse the same functions so a
query is normalised exactly as the data was. Nothing here talks to Neo4j or the web app.
"""
