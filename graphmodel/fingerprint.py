"""A content fingerprint of the whole graph: to prove two graphs hold exactly the same data."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .journal import JOURNAL_LABEL
from .store import Store

# Times of loading differ between two otherwise identical loads; everything else must match.
VOLATILE_PROPERTIES = {"ingested_at", "updated_at", "loaded_at", "computed_at"}

NODES = """
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS properties
"""
RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, coalesce(a.uid, a.code, a.name) AS source,
       coalesce(b.uid, b.code, b.name) AS target, properties(r) AS properties,
       labels(a) AS source_labels, labels(b) AS target_labels
"""


@dataclass(frozen=True)
class GraphFingerprint:
    nodes: int
    relationships: int
    checksum: str


def _stable(properties: dict[str, Any], volatile: frozenset[str]) -> str:
    kept = {k: v for k, v in properties.items() if k not in volatile}
    return json.dumps(kept, sort_keys=True, default=str, ensure_ascii=False)


def fingerprint(store: Store, *, without: tuple[str, ...] = (), times: tuple[str, ...] = ()) -> GraphFingerprint:
    """Counts and a SHA-256 over every node's labels and properties and every relationship;
    nodes with a label in `without` (and their relationships) are left out, and so are the
    properties named in `times` besides the load times (a run's own clock: `matched_at`). The
    change journal is the store's bookkeeping of writes, not data, and is always left out."""
    skipped = {JOURNAL_LABEL, *without}
    volatile = frozenset(VOLATILE_PROPERTIES | set(times))
    nodes = sorted(f"{sorted(row['labels'])}{_stable(row['properties'], volatile)}" for row in store.read(NODES)
                   if not skipped & set(row["labels"]))
    rels = sorted(f"{row['type']}|{row['source']}|{row['target']}|{_stable(row['properties'], volatile)}"
                  for row in store.read(RELATIONSHIPS)
                  if not skipped & (set(row["source_labels"]) | set(row["target_labels"])))
    digest = hashlib.sha256()
    for line in (*nodes, "--", *rels):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return GraphFingerprint(nodes=len(nodes), relationships=len(rels), checksum=digest.hexdigest())
