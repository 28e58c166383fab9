"""The graph of an initial bulk load, built in memory by the transactional load's own rules.

An initial load (`tracegraph ingest ... --initial`) reads, checks and transforms every row exactly
as the transactional load does (`pipeline.load_file`), and its batches go through the same
`GraphWriter.write`: the same new/updated/unchanged decisions on each record's `row_hash`, the same
statement groups in the same order (`writer.statement_groups`). Only the last step differs: instead
of running each group's Cypher statement, `BulkWriter` applies what that statement does to the
graph held here. Each `_apply_*` method below is the in-memory reading of one statement of
`writer.py`, comparisons included (`cypher_less`: Neo4j's order of values), so the graph written
by `neo4j-admin database import` is the one the transactional load leaves; a test compares the two
graphs' fingerprints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graphmodel.model import load_model
from graphmodel.store import Store

from .graph import RECORD, REFERENCE, SHARED, GeoPoint, NodeRef, RecordGraph
from .writer import GraphWriter, statement_groups

# A relationship by type and ends: MERGE (a)-[r:TYPE]->(b) makes at most one per such triple.
RelKey = tuple[str, NodeRef, NodeRef]


def cypher_less(value: Any, other: Any) -> bool:
    """`value < other` as Cypher answers it: numbers with numbers, strings in Java's (UTF-16)
    order, booleans with booleans, lists element by element; any other pair is null (false)."""
    if isinstance(value, bool) or isinstance(other, bool):
        return isinstance(value, bool) and isinstance(other, bool) and value < other
    if isinstance(value, (int, float)) and isinstance(other, (int, float)):
        return value < other
    if isinstance(value, str) and isinstance(other, str):
        if value.isascii() and other.isascii():
            return value < other
        return value.encode("utf-16-be") < other.encode("utf-16-be")
    if isinstance(value, list) and isinstance(other, list):
        for left, right in zip(value, other):
            if left != right:
                return cypher_less(left, right)
        return len(value) < len(other)
    return False


def _same(properties: dict[str, Any]) -> dict[str, Any]:
    return properties


@dataclass
class BulkGraph:
    """Nodes (label and key → stored properties) and relationships ((type, start, end) → stored
    properties) as the transactional load would leave them, in the order they were created."""

    nodes: dict[NodeRef, dict[str, Any]] = field(default_factory=dict)
    rels: dict[RelKey, dict[str, Any]] = field(default_factory=dict)
    # What each file writes in the database itself once the graph is imported (its Delivery).
    after_import: list[Callable[..., None]] = field(default_factory=list)

    def writer(self, *, agency: str, source_file: str, now: datetime) -> BulkWriter:
        return BulkWriter(self, agency=agency, source_file=source_file, now=now)

    def finish_files(self, store: Store) -> None:
        """Write what each file leaves besides its records, in load order."""
        for step in self.after_import:
            step(store)


class BulkWriter(GraphWriter):
    """A `GraphWriter` whose batches change the in-memory graph instead of the database."""

    # One batch after the other, in file order: the graph does not depend on thread timing.
    concurrent = False

    def __init__(self, graph: BulkGraph, *, agency: str, source_file: str, now: datetime) -> None:
        self.graph = graph
        self.parameters = {"agency": agency, "source_file": source_file, "now": now}
        self._statements = {}
        model = load_model()
        self._provenance = {label: spec.provenance for label, spec in model.nodes.items()}
        self._points = {label: spec.points for label, spec in model.nodes.items()}

    def stored_hashes(self, graphs: Sequence[RecordGraph]) -> dict[NodeRef, str | None]:
        nodes = self.graph.nodes
        return {graph.primary: nodes[graph.primary].get("row_hash") for graph in graphs if graph.primary in nodes}

    def apply(self, batch: list[tuple[RecordGraph, str, bool]]) -> tuple[int, int]:
        created = [0, 0]
        for group, rows in statement_groups(batch, _same):
            kind = group[0]
            if kind == "cleanup":
                self._apply_cleanup(group[1], rows)
            elif kind == RECORD:
                created[0] += self._apply_record(group[1], rows)
            elif kind == REFERENCE:
                created[0] += self._apply_reference(group[1], rows)
            elif kind == SHARED:
                created[0] += self._apply_shared(group[1], group[2], rows)
            else:
                created[1] += self._apply_relationship(group[1], group[2], group[3], rows)
        return created[0], created[1]

    def _provenance_of(self, row: dict[str, Any]) -> dict[str, Any]:
        return {"agency": self.parameters["agency"], "source_file": self.parameters["source_file"],
                "source_record": row["record"], "sharing": row["sharing"]}

    def _apply_cleanup(self, label: str, rows: list[dict[str, Any]]) -> None:
        """`_cleanup_statement`: a corrected record's relationships that it no longer states go."""
        agency = self.parameters["agency"]
        wanted = {NodeRef(label, row["key"]): row for row in rows}
        for key in [key for key in self.graph.rels if key[1] in wanted or key[2] in wanted]:
            properties = self.graph.rels[key]
            for end in (key[1], key[2]):
                row = wanted.get(end)
                stated_by = (properties.get("agency"), properties.get("source_record"))
                if row is None or stated_by != (agency, row["record"]):
                    continue
                if f"{key[0]}|{key[1].key}|{key[2].key}" not in row["keep"]:
                    del self.graph.rels[key]
                    break

    def _apply_record(self, label: str, rows: list[dict[str, Any]]) -> int:
        """`_record_statement`: MERGE, SET n += props, placeholder removed, provenance."""
        now, created = self.parameters["now"], 0
        for row in rows:
            node = self.graph.nodes.get(ref := NodeRef(label, row["key"]))
            if node is None:
                node = self.graph.nodes[ref] = {"ingested_at": now}
                created += 1
            _set_all(node, row["props"])
            node["updated_at"] = now
            node.pop("placeholder", None)
            if self._provenance[label]:
                node.update(self._provenance_of(row))
        return created

    def _apply_reference(self, label: str, rows: list[dict[str, Any]]) -> int:
        """`_reference_statement`: created as a placeholder; while one, the provenance of the
        smallest referring record id."""
        now, created, provenance = self.parameters["now"], 0, self._provenance[label]
        for row in rows:
            node = self.graph.nodes.get(ref := NodeRef(label, row["key"]))
            if node is None:
                node = {name: value for name, value in row["props"].items() if value is not None}
                node.update(placeholder=True, ingested_at=now, updated_at=now)
                if provenance:
                    node.update(self._provenance_of(row))
                self.graph.nodes[ref] = node
                created += 1
            elif provenance and node.get("placeholder") is True and _earlier(row, node):
                node.update(source_file=self.parameters["source_file"], sharing=row["sharing"],
                            source_record=row["record"])
        return created

    def _apply_shared(self, label: str, names: tuple[str, ...], rows: list[dict[str, Any]]) -> int:
        """`_shared_statement`: created with the row's properties and points; afterwards each
        property keeps the smallest value stated, the provenance the smallest record id."""
        now, created, provenance = self.parameters["now"], 0, self._provenance[label]
        for row in rows:
            node = self.graph.nodes.get(ref := NodeRef(label, row["key"]))
            if node is None:
                node = {name: value for name, value in row["props"].items() if value is not None}
                for name in self._points[label]:
                    point = row["points"].get(name)
                    if point is not None:
                        node[name] = GeoPoint(point[0], point[1])
                if provenance:
                    node.update(ingested_at=now, updated_at=now, **self._provenance_of(row))
                self.graph.nodes[ref] = node
                created += 1
                continue
            for name in names:
                value = row["props"].get(name)
                if value is not None and (node.get(name) is None or cypher_less(value, node[name])):
                    node[name] = value
            if provenance and _earlier(row, node):
                node.update(source_file=self.parameters["source_file"], sharing=row["sharing"],
                            source_record=row["record"])
        return created

    def _apply_relationship(self, rel_type: str, start: str, end: str, rows: list[dict[str, Any]]) -> int:
        """`_relationship_statement`: MERGE between the two nodes, SET r += props, provenance."""
        now, created = self.parameters["now"], 0
        for row in rows:
            key = (rel_type, NodeRef(start, row["start"]), NodeRef(end, row["end"]))
            if key[1] not in self.graph.nodes or key[2] not in self.graph.nodes:
                continue
            properties = self.graph.rels.get(key)
            if properties is None:
                properties = self.graph.rels[key] = {"ingested_at": now}
                created += 1
            _set_all(properties, row["props"])
            properties["updated_at"] = now
            properties.update(self._provenance_of(row))
        return created


def _earlier(row: dict[str, Any], node: dict[str, Any]) -> bool:
    """`row.record < n.source_record`, null when the node has none."""
    stored = node.get("source_record")
    return stored is not None and cypher_less(row["record"], stored)


def _set_all(target: dict[str, Any], properties: dict[str, Any]) -> None:
    """`SET x += map`: a null value removes the property."""
    for name, value in properties.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
