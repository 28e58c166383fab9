"""Writes record graphs to Neo4j: batched, one transaction per batch, idempotent.

For each batch the writer first reads the stored `row_hash` of the batch's records, so it knows
which records are new, which changed and which are already in the graph exactly as delivered
(those are counted as unchanged and not written again: a re-load changes nothing). New and
changed records are then written in ONE transaction: the batch is in the graph whole or not at
all, so a killed load leaves no half-written record and a re-run finishes the job.

The transaction runs one `UNWIND $rows` statement per label or relationship type the batch uses;
every label, type and key property in their text comes from the model (`graphmodel/schema`),
every value is a parameter. They run in order: the clean-up of relationships a corrected record
no longer states, the node merges, then the relationship merges.

The graph a delivery gives does not depend on the order its rows, batches or the two writer
threads' transactions come in, nor on kills and re-runs: a record's node is its record's; a shared
node keeps, of each property that several records state, the smallest value (compared in the
transaction, so whichever batch commits last sees the others); a placeholder keeps the provenance
of the smallest record id that refers to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graphmodel.journal import JOURNAL_STATEMENT, journal_keys, touched
from graphmodel.model import load_model
from graphmodel.store import Store, wgs84_point

from .graph import RECORD, REFERENCE, SHARED, GeoPoint, NodeRef, RecordGraph

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass
class BatchOutcome:
    """What one batch did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    new_rows: int = 0
    updated_rows: int = 0
    unchanged_rows: int = 0
    nodes_created: int = 0
    relationships_created: int = 0


def _key(label: str) -> str:
    return load_model().node(label).key


def _provenance(label: str | None, var: str) -> str:
    """Provenance assignments for a node label (when the model says it carries them) or a
    relationship (label None: always)."""
    if label is not None and not load_model().node(label).provenance:
        return ""
    return (f", {var}.agency = $agency, {var}.source_file = $source_file, "
            f"{var}.source_record = row.record, {var}.sharing = row.sharing")


def _record_statement(label: str) -> str:
    return (f"UNWIND $rows AS row MERGE (n:{label} {{{_key(label)}: row.key}}) "
            f"ON CREATE SET n.ingested_at = $now "
            f"SET n += row.props, n.updated_at = $now, n.placeholder = null{_provenance(label, 'n')}")


def _reference_statement(label: str) -> str:
    provenance = _provenance(label, "n")
    stamps = (f"ON CREATE SET n += row.props, n.placeholder = true, n.ingested_at = $now, "
              f"n.updated_at = $now{provenance}")
    if not provenance:
        return f"UNWIND $rows AS row MERGE (n:{label} {{{_key(label)}: row.key}}) {stamps}"
    # While only referred to, the node carries the provenance of the smallest referring record id,
    # whichever referring row was written first.
    earlier = "n.placeholder = true AND row.record < n.source_record"
    return (f"UNWIND $rows AS row MERGE (n:{label} {{{_key(label)}: row.key}}) {stamps} "
            f"WITH n, row WHERE {earlier} {_LOCK} "
            f"SET n.source_file = CASE WHEN {earlier} THEN $source_file ELSE n.source_file END, "
            f"n.sharing = CASE WHEN {earlier} THEN row.sharing ELSE n.sharing END, "
            f"n.source_record = CASE WHEN {earlier} THEN row.record ELSE n.source_record END")


# The smallest value wins, and values only ever get smaller: a row that is not smaller than what a
# node holds now is left out without a lock. One that is takes the node's write lock (written
# first, so a transaction in flight on the same node commits before), then compares again.
_LOCK = "SET n._lock = true REMOVE n._lock WITH n, row"


def _smaller(name: str) -> str:
    return f"(row.props.{name} IS NOT NULL AND (n.{name} IS NULL OR row.props.{name} < n.{name}))"


def _shared_statement(label: str, names: tuple[str, ...] = ()) -> str:
    points = "".join(
        f", n.{name} = CASE WHEN row.points.{name} IS NULL THEN null "
        f"ELSE point({{latitude: row.points.{name}[0], longitude: row.points.{name}[1]}}) END"
        for name in load_model().node(label).points)
    provenance = _provenance(label, "n")
    stamps = ", n.ingested_at = $now, n.updated_at = $now" if load_model().node(label).provenance else ""
    text = (f"UNWIND $rows AS row MERGE (n:{label} {{{_key(label)}: row.key}}) "
            f"ON CREATE SET n += row.props{points}{stamps}{provenance}")
    # A property two records state differently keeps the smaller value: the same, in whatever
    # order the records come. Written only when it changes, so a re-load writes nothing.
    changes = [_smaller(name) for name in names]
    if provenance:
        changes.append("row.record < n.source_record")
    if not changes:
        return text
    assignments = [f"n.{name} = CASE WHEN {_smaller(name)} THEN row.props.{name} ELSE n.{name} END"
                   for name in names]
    if provenance:
        earlier = "row.record < n.source_record"
        assignments += [f"n.source_file = CASE WHEN {earlier} THEN $source_file ELSE n.source_file END",
                        f"n.sharing = CASE WHEN {earlier} THEN row.sharing ELSE n.sharing END",
                        f"n.source_record = CASE WHEN {earlier} THEN row.record ELSE n.source_record END"]
    return f"{text} WITH n, row WHERE {' OR '.join(changes)} {_LOCK} SET {', '.join(assignments)}"


_POINT_TYPE = frozenset({GeoPoint})


def driver_values(properties: dict[str, Any]) -> dict[str, Any]:
    """Property values as the driver sends them: a GeoPoint becomes a Neo4j point."""
    # Most have no point: their values' types are compared with GeoPoint's in C, not in a Python
    # loop (no subclass of GeoPoint exists, so this finds what `isinstance` would).
    if _POINT_TYPE.isdisjoint(map(type, properties.values())):
        return properties
    return {name: wgs84_point(value.longitude, value.latitude) if isinstance(value, GeoPoint) else value
            for name, value in properties.items()}


def _merge_shared(rows: dict[tuple[str, NodeRef], dict[str, Any]], mode: str, ref: NodeRef,
                  row: dict[str, Any]) -> bool:
    """Fold a batch's later row for a shared or reference node into the first: the smallest value
    of each property and the smallest referring record. True when the node was new to the batch."""
    first = rows.get((mode, ref))
    if first is None:
        rows[(mode, ref)] = row
        return True
    if mode == SHARED:
        for name, value in row["props"].items():
            kept = first["props"].get(name)
            if value is not None and (kept is None or _less(value, kept)):
                first["props"] = {**first["props"], name: value}
    if row["record"] < first["record"]:
        first.update(record=row["record"], sharing=row["sharing"])
    return False


def _less(value: Any, other: Any) -> bool:
    try:
        return value < other
    except TypeError:
        return False


def _relationship_statement(rel_type: str, start: str, end: str, with_properties: bool) -> str:
    # Most relationships carry provenance only; leaving out an empty `+=` spares the planner an
    # extra eager step per batch.
    properties = "r += row.props, " if with_properties else ""
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{start} {{{_key(start)}: row.start}}) MATCH (b:{end} {{{_key(end)}: row.end}}) "
            f"MERGE (a)-[r:{rel_type}]->(b) ON CREATE SET r.ingested_at = $now "
            f"SET {properties}r.updated_at = $now{_provenance(None, 'r')}")


# The key of either end of a relationship, whatever its label: the model keys nodes by `uid`,
# except Route (`name`) and Agency (`code`).
_END_KEY = "coalesce({0}.uid, {0}.name, {0}.code)"


def _cleanup_statement(label: str) -> str:
    identity = (f"type(r) + '|' + {_END_KEY.format('startNode(r)')} + '|' + "
                f"{_END_KEY.format('endNode(r)')}")
    return (f"UNWIND $rows AS row MATCH (n:{label} {{{_key(label)}: row.key}})-[r]-() "
            f"WHERE r.agency = $agency AND r.source_record = row.record AND NOT {identity} IN row.keep "
            f"DELETE r")


class GraphWriter:
    """Writes batches of record graphs from one source file."""

    # Batches may be written by two threads at once: the database orders their transactions.
    concurrent = True

    def __init__(self, store: Store, *, agency: str, source_file: str, now: datetime) -> None:
        self.store = store
        self.parameters = {"agency": agency, "source_file": source_file, "now": now}
        self._statements: dict[tuple, str] = {}

    def stored_hashes(self, graphs: Sequence[RecordGraph]) -> dict[NodeRef, str | None]:
        """The `row_hash` of each record already in the graph (None for a placeholder)."""
        by_label: dict[str, list[str]] = defaultdict(list)
        for graph in graphs:
            by_label[graph.primary.label].append(graph.primary.key)
        found: dict[NodeRef, str | None] = {}
        for label, keys in by_label.items():
            key = _key(label)
            rows = self.store.read(
                f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) RETURN n.{key} AS key, n.row_hash AS hash",
                {"keys": keys})
            found.update({NodeRef(label, row["key"]): row["hash"] for row in rows})
        return found

    def write(self, graphs: Sequence[RecordGraph], hashes: Sequence[str]) -> BatchOutcome:
        """Write the batch's new and changed records in one transaction."""
        outcome = BatchOutcome()
        stored = self.stored_hashes(graphs)
        to_write: list[tuple[RecordGraph, str, bool]] = []
        for graph, digest in zip(graphs, hashes):
            previous = stored.get(graph.primary, None)
            exists = graph.primary in stored and previous is not None
            if exists and previous == digest:
                outcome.unchanged += 1
                outcome.unchanged_rows += graph.rows
                continue
            if exists:
                outcome.updated += 1
                outcome.updated_rows += graph.rows
            else:
                outcome.new += 1
                outcome.new_rows += graph.rows
            to_write.append((graph, digest, exists))
        if to_write:
            outcome.nodes_created, outcome.relationships_created = self.apply(to_write)
        return outcome

    def apply(self, batch: list[tuple[RecordGraph, str, bool]]) -> tuple[int, int]:
        """Write the batch in one transaction; (nodes, relationships) created."""
        counters = self.store.write_together(self.build_statements(batch))
        return counters.nodes_created, counters.relationships_created

    def build_statements(self, batch: list[tuple[RecordGraph, str, bool]]) -> list[tuple[str, dict[str, Any]]]:
        """The statements, in order, and their parameters that write `batch`: (graph, hash,
        already stored)."""
        statements = [(self._text(group), {**self.parameters, "rows": rows})
                      for group, rows in statement_groups(batch, driver_values)]
        # The batch's journal entry, in its transaction: the records and references it wrote (a
        # relationship is re-read through its record). Places, routes, vessels and agencies belong
        # to nobody and are only ever created, so the views take them through the records.
        keys = journal_keys(touched(node.ref.label, node.ref.key)
                            for graph, _digest, _exists in batch for node in graph.nodes if node.mode != SHARED)
        return statements + [(JOURNAL_STATEMENT, {"journal_keys": keys})]

    def _text(self, group: tuple) -> str:
        if group not in self._statements:
            kind = group[0]
            if kind == "cleanup":
                text = _cleanup_statement(group[1])
            elif kind == RECORD:
                text = _record_statement(group[1])
            elif kind == REFERENCE:
                text = _reference_statement(group[1])
            elif kind == SHARED:
                text = _shared_statement(group[1], group[2])
            else:
                text = _relationship_statement(group[1], group[2], group[3], group[4])
            self._statements[group] = text
        return self._statements[group]


# The order the statements of a batch run in: what a later one sees of an earlier one's work.
GROUP_ORDER = {"cleanup": 0, RECORD: 1, REFERENCE: 2, SHARED: 3, "rel": 4}


def statement_groups(batch: list[tuple[RecordGraph, str, bool]],
                     values: Callable[[dict[str, Any]], dict[str, Any]]) -> list[tuple[tuple, list[dict[str, Any]]]]:
    """The rows of each statement that writes `batch` (graph, hash, already stored), in the order
    the statements run. A group is `("cleanup", label)`, `(mode, label)` of record and reference
    nodes, `(SHARED, label, property names)` or `("rel", type, start label, end label, has
    properties)`; `values` turns property values into what the receiver stores."""
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    # A reference or shared node is sent once per batch, its rows folded into one.
    named: dict[tuple[str, NodeRef], dict[str, Any]] = {}
    for graph, digest, exists in batch:
        common = {"record": graph.record_id, "sharing": graph.sharing}
        if exists:
            keep = [rel.identity for rel in graph.rels]
            for ref in graph.owned:
                groups[("cleanup", ref.label)].append({"key": ref.key, "keep": keep, **common})
        for node in graph.nodes:
            properties = values(node.properties)
            if node.mode == RECORD and node.ref == graph.primary:
                properties = {**properties, "row_hash": digest}
            row = {"key": node.ref.key, "props": properties, **common}
            if node.mode == SHARED:
                row["points"] = node.points
            if node.mode != RECORD and not _merge_shared(named, node.mode, node.ref, row):
                continue
            group: tuple = (node.mode, node.ref.label)
            if node.mode == SHARED:
                group += (tuple(sorted(properties)),)
            groups[group].append(row)
        for rel in graph.rels:
            groups[("rel", rel.type, rel.start.label, rel.end.label, bool(rel.properties))].append(
                {"start": rel.start.key, "end": rel.end.key, "props": values(rel.properties), **common})
    return [(group, groups[group]) for group in sorted(groups, key=lambda group: (GROUP_ORDER[group[0]], group))]


def write_delivery(store: Store, delivery: dict[str, Any], now: datetime) -> None:
    """Record one loaded file as a Delivery, supplied by its agency (unchanged on a re-load)."""
    store.write(
        "MERGE (a:Agency {code: $delivery.agency}) ON CREATE SET a.name = $delivery.agency "
        "MERGE (d:Delivery {uid: $delivery.uid}) "
        "ON CREATE SET d.loaded_at = $now, d.file = $delivery.file, d.sha256 = $delivery.sha256, "
        "d.format = $delivery.format, d.agency = $delivery.agency "
        "SET d.rows_read = $delivery.rows_read, d.loaded = $delivery.loaded, d.rejected = $delivery.rejected "
        "MERGE (d)-[:SUPPLIED_BY]->(a)",
        {"delivery": delivery, "now": now}, touched=[touched("Delivery", delivery["uid"])])
