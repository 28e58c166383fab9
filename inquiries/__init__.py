"""Online inquiries: a family reports a missing relative from anywhere, in their language.

The domain of the public inquiry, without Flask or the Neo4j driver: the form's steps and
fields and their checks (`form`), what an inquiry becomes in the graph (`record`), the receipt's
number and secret (`receipt`), the statuses staff move an inquiry through and what a family reads
of each (`statuses`), photos re-encoded without their metadata (`photos`), the limits that keep
one address from drowning everyone else (`limits`), the app's own records of each inquiry
(`ledger`: consent, contact, secret hash, drafts) and the graph writes (`graph`).
See docs/inquiry.md.
"""
