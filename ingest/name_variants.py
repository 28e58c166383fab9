"""Spellings and transliteration keys of place and vessel names, for records loaded without them.

Ingestion writes `name_variants` on every Place and Voyage it loads (`graph.py`, the vessels
adapter), and the `place_names` and `voyage_names` full-text indexes search them, so that
`Zuwarah`, `Zouara` and `زوارة` find the same port. A graph loaded before those indexes existed
has the names but not their variants; `fill_missing` computes them once, in batches, with the
same function ingestion uses. Idempotent: a node that has its variants is not read again.
"""

from __future__ import annotations

from graphmodel.journal import touched
from graphmodel.store import Store
from normalise.name_keys import name_variants

BATCH = 5_000

# One statement per label: labels cannot be parameters, and both come from the code, not the user.
MISSING = {
    "Place": ("MATCH (n:Place) WHERE n.uid > $after AND n.name IS NOT NULL AND n.name_variants IS NULL "
              "RETURN n.uid AS uid, n.name AS name ORDER BY n.uid LIMIT $batch"),
    "Voyage": ("MATCH (n:Voyage) WHERE n.uid > $after AND n.vessel_name IS NOT NULL AND n.name_variants IS NULL "
               "RETURN n.uid AS uid, n.vessel_name AS name ORDER BY n.uid LIMIT $batch"),
}
FILL = {
    "Place": "UNWIND $rows AS row MATCH (n:Place {uid: row.uid}) WHERE n.name = row.name "
             "SET n.name_variants = row.variants",
    "Voyage": "UNWIND $rows AS row MATCH (n:Voyage {uid: row.uid}) WHERE n.vessel_name = row.name "
              "SET n.name_variants = row.variants",
}


def fill_missing(store: Store, batch: int = BATCH) -> int:
    """Write `name_variants` on every Place and Voyage that has a name and lacks them; how many."""
    filled = 0
    for label, query in MISSING.items():
        after = ""
        while True:
            rows = store.read(query, {"after": after, "batch": batch})
            if not rows:
                break
            after = rows[-1]["uid"]
            # The name is checked again on write, so a name changed in between keeps its own variants.
            updates = [{"uid": row["uid"], "name": row["name"], "variants": variants}
                       for row in rows if (variants := name_variants([row["name"]]))]
            if updates:
                store.write(FILL[label], {"rows": updates}, touched=[touched(label, row["uid"]) for row in updates])
                filled += len(updates)
    return filled
