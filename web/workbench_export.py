"""A workbench answer kept for export: the file is made from the rows already read, so an export
neither runs the query again nor adds a run to the history.

Answers are kept in the app's own database (the `workbench_answers` table), a few per analyst, for
an hour at most, so that the export reaches them whichever of the app's processes serves it; a
path, a node or a relationship in the rows is exported as a reference to the node and relationship
tables that go with them.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from neo4j import Record
from neo4j.graph import Node, Path, Relationship
from sqlalchemy import delete, insert, select

from queries.results import plain, to_csv

from .graphjson import properties
from .localstore import LocalStore
from .tables import workbench_answers

KEPT_PER_USER = 3
KEPT_SECONDS = 3600.0
TABLES = ("rows", "nodes", "relationships")


@dataclass
class Kept:
    """One answer as it will be exported: the rows with references, and the graph's tables."""

    keys: list[str]
    rows: list[list[Any]]
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    relationships: dict[str, dict[str, Any]] = field(default_factory=dict)
    named: str = ""


def keep(db: LocalStore, username: str, run_id: str, keys: list[str], records: list[Record], dna_cleared: bool,
         named: str = "", *, clock: float | None = None) -> None:
    """Keep a run's answer for `username`: the oldest of theirs beyond KEPT_PER_USER, and everyone's
    older than KEPT_SECONDS, are deleted in the same transaction."""
    kept = Kept(keys=list(keys), rows=[], named=named)
    for record in records:
        kept.rows.append([_reference(value, kept, dna_cleared) for value in record.values()])
    at = time.time() if clock is None else clock
    answer = json.dumps(asdict(kept), ensure_ascii=False)
    mine = workbench_answers.c.username == username
    with db.write() as connection:
        connection.execute(delete(workbench_answers).where(workbench_answers.c.kept_at < at - KEPT_SECONDS))
        connection.execute(delete(workbench_answers).where(mine, workbench_answers.c.run_id == run_id))
        connection.execute(insert(workbench_answers).values(username=username, run_id=run_id, kept_at=at,
                                                            answer=answer))
        newest = select(workbench_answers.c.run_id).where(mine).order_by(
            workbench_answers.c.kept_at.desc(), workbench_answers.c.run_id).limit(KEPT_PER_USER)
        connection.execute(delete(workbench_answers).where(mine, workbench_answers.c.run_id.not_in(newest)))


def kept_answer(db: LocalStore, username: str, run_id: str, *, clock: float | None = None) -> Kept | None:
    """The answer `username` got for `run_id`, if it is still kept (only theirs)."""
    now = time.time() if clock is None else clock
    with db.read() as connection:
        found = connection.execute(select(workbench_answers.c.kept_at, workbench_answers.c.answer).where(
            workbench_answers.c.username == username, workbench_answers.c.run_id == run_id)).first()
    if found is None or now - found.kept_at > KEPT_SECONDS:
        return None
    return Kept(**json.loads(found.answer))


def _node(node: Node, kept: Kept, dna_cleared: bool) -> dict[str, Any]:
    if node.element_id not in kept.nodes:
        kept.nodes[node.element_id] = {"id": node.element_id, "labels": sorted(node.labels),
                                       "properties": plain(properties(node, dna_cleared))}
    return {"node": node.element_id}


def _relationship(rel: Relationship, kept: Kept, dna_cleared: bool) -> dict[str, Any]:
    if rel.element_id not in kept.relationships:
        for end in (rel.start_node, rel.end_node):
            if end is not None:
                _node(end, kept, dna_cleared)
        kept.relationships[rel.element_id] = {
            "id": rel.element_id, "type": rel.type,
            "start": rel.start_node.element_id if rel.start_node else None,
            "end": rel.end_node.element_id if rel.end_node else None, "properties": plain(dict(rel))}
    return {"relationship": rel.element_id}


def _reference(value: Any, kept: Kept, dna_cleared: bool) -> Any:
    """A row's value with each node, relationship and path replaced by a reference to the tables."""
    if isinstance(value, Node):
        return _node(value, kept, dna_cleared)
    if isinstance(value, Relationship):
        return _relationship(value, kept, dna_cleared)
    if isinstance(value, Path):
        for node in value.nodes:
            _node(node, kept, dna_cleared)
        return {"path": {"nodes": [n.element_id for n in value.nodes],
                         "relationships": [_relationship(r, kept, dna_cleared)["relationship"]
                                           for r in value.relationships]}}
    if isinstance(value, (list, tuple)):
        return [_reference(item, kept, dna_cleared) for item in value]
    return plain(value)


def _cell(value: Any, kept: Kept) -> Any:
    """A reference as a CSV cell: a node by its labels and key, a path as its steps, with the ids
    that the node and relationship tables list."""
    if isinstance(value, dict) and set(value) == {"node"}:
        node = kept.nodes[value["node"]]
        props = node["properties"]
        name = props.get("record_id") or props.get("uid") or props.get("name") or ""
        return f"({':'.join(node['labels'])} {name} #{node['id']})".replace("  ", " ")
    if isinstance(value, dict) and set(value) == {"relationship"}:
        rel = kept.relationships[value["relationship"]]
        return f"[:{rel['type']} #{rel['id']}]"
    if isinstance(value, dict) and set(value) == {"path"}:
        nodes, rels = value["path"]["nodes"], value["path"]["relationships"]
        steps = [_cell({"node": nodes[0]}, kept)] if nodes else []
        for rel_id, node_id in zip(rels, nodes[1:]):
            steps += [_cell({"relationship": rel_id}, kept), _cell({"node": node_id}, kept)]
        return "-".join(steps)
    if isinstance(value, list):
        return json.dumps([_cell(item, kept) for item in value], ensure_ascii=False)
    return value


def _property_columns(items: list[dict[str, Any]]) -> list[str]:
    return sorted({key for item in items for key in item["properties"]})


def as_csv(kept: Kept, table: str) -> str:
    """One of the answer's tables as CSV: its rows, or the nodes or relationships they hold."""
    if table == "nodes":
        nodes = list(kept.nodes.values())
        columns = _property_columns(nodes)
        return to_csv(["id", "labels", *columns], ([n["id"], ";".join(n["labels"]),
                                                     *[n["properties"].get(c) for c in columns]] for n in nodes))
    if table == "relationships":
        rels = list(kept.relationships.values())
        columns = _property_columns(rels)
        return to_csv(["id", "type", "start", "end", *columns],
                      ([r["id"], r["type"], r["start"], r["end"], *[r["properties"].get(c) for c in columns]]
                       for r in rels))
    return to_csv(kept.keys, ([_cell(value, kept) for value in row] for row in kept.rows))


def as_json(kept: Kept) -> str:
    """The whole answer as one JSON document: its rows (with references) and the graph's tables."""
    return json.dumps({"columns": kept.keys, "rows": [dict(zip(kept.keys, row)) for row in kept.rows],
                       "nodes": list(kept.nodes.values()), "relationships": list(kept.relationships.values())},
                      ensure_ascii=False, indent=2)
