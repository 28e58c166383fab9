"""The analysts' Cypher console: read-only, time-limited, and screened for what the user may see.

The graph has no per-user access control of its own (Neo4j Community), so the console screens
results: every node, relationship and path in a row is checked against the user's agency and
clearance, and a row holding anything else is withheld. Bare values (names, counts) cannot be
traced to the nodes they came from, so they are shown only while the graph holds nothing the user
may not see; otherwise the query has to return nodes, relationships or paths.
"""

from __future__ import annotations

import re
import time
from typing import Any

from flask import Blueprint, current_app, g, jsonify, render_template, request

from graphmodel.store import QueryRefused
from queries.catalog import load_catalog

from . import db
from .errors import BadInput
from .graphjson import Elements, plain
from .security import audit, requires

from neo4j.graph import Node, Path, Relationship

bp = Blueprint("console", __name__)
MAX_QUERY = 5000
ROW_CAP = 500
TIMEOUT_SECONDS = 15.0
HIDDEN_CACHE_SECONDS = 60.0
# Procedures and clauses that reach outside the graph, other databases or the server's settings.
REFUSED = re.compile(r"\b(load\s+csv|dbms\.|apoc\.(load|import|export|cypher|periodic|systemdb|trigger|"
                     r"config|log|do|util\.sleep)|use\s+\w|show\s+\w|in\s+transactions)", re.IGNORECASE)


def _hidden_exists() -> bool:
    cache = current_app.extensions.setdefault("tracegraph.console_hidden", {})
    key = (g.user.agency, g.user.dna_cleared)
    hit = cache.get(key)
    if hit and time.monotonic() - hit[0] < HIDDEN_CACHE_SECONDS:
        return hit[1]
    hidden = bool(db.read("ui_console_hidden_exists", **g.user.access)[0]["hidden"])
    # Only the restrictive answer is remembered: new restricted records must count at once.
    if hidden:
        cache[key] = (time.monotonic(), hidden)
    return hidden


def _node_ids(value: Any, into: set[str]) -> bool:
    """Collect the node ids a value refers to; False when it holds a bare value."""
    if value is None:
        return True
    if isinstance(value, Node):
        into.add(value.element_id)
        return True
    if isinstance(value, Relationship):
        into.update({value.start_node.element_id, value.end_node.element_id})
        return True
    if isinstance(value, Path):
        into.update(n.element_id for n in value.nodes)
        return True
    if isinstance(value, (list, tuple)):
        return all([_node_ids(v, into) for v in value])
    return False


def _shown(value: Any) -> Any:
    if isinstance(value, Node):
        return {"node": value.element_id, "labels": sorted(value.labels)}
    if isinstance(value, Relationship):
        return {"relationship": value.type, "from": value.start_node.element_id, "to": value.end_node.element_id}
    if isinstance(value, Path):
        return {"path": [n.element_id for n in value.nodes]}
    if isinstance(value, (list, tuple)):
        return [_shown(v) for v in value]
    return plain(value)


def run_console(text: str) -> dict[str, Any]:
    text = text.strip()
    if not text:
        raise BadInput("write a query")
    if len(text) > MAX_QUERY:
        raise BadInput(f"a console query is limited to {MAX_QUERY} characters")
    if REFUSED.search(text):
        raise BadInput("the console runs queries over the graph only: LOAD CSV, USE, SHOW, dbms.* and "
                       "APOC procedures that reach files, URLs, settings or other databases are refused")
    audit("query", detail=text)
    try:
        result = db.get_store().run_read_only(text, {}, timeout=TIMEOUT_SECONDS, row_cap=ROW_CAP)
    except QueryRefused as refused:
        raise BadInput(f"Neo4j refused the query: {refused}") from None
    hidden = _hidden_exists()
    referenced: list[set[str]] = []
    bare: list[bool] = []
    for record in result.records:
        ids: set[str] = set()
        bare.append(not all([_node_ids(v, ids) for v in record.values()]))
        referenced.append(ids)
    every_id = sorted(set().union(*referenced)) if referenced else []
    visible: set[str] = set()
    for start in range(0, len(every_id), 1000):
        visible.update(db.read("ui_visible_ids", ids=every_id[start:start + 1000], **g.user.access)[0]["visible"])
    rows, withheld, bare_withheld = [], 0, 0
    elements = Elements(g.user.dna_cleared)
    for record, ids, has_bare in zip(result.records, referenced, bare):
        if not ids <= visible:
            withheld += 1
            continue
        if has_bare and hidden:
            bare_withheld += 1
            continue
        rows.append([_shown(v) for v in record.values()])
        elements.add(list(record.values()))
    notes = []
    if withheld:
        notes.append(f"{withheld} row(s) withheld: they hold records not shared with your agency or clearance.")
    if bare_withheld:
        notes.append(f"{bare_withheld} row(s) withheld: they hold plain values, which cannot be checked while "
                     "the graph holds records you may not see; return nodes, relationships or paths instead.")
    return {"columns": result.keys, "rows": rows, "elements": elements.as_json(), "notes": notes,
            "truncated": result.truncated, "duration_ms": round(result.duration_ms, 1)}


def presets() -> list[dict[str, str]]:
    return [{"name": q.name, "title": q.title, "text": q.text} for q in load_catalog().values()
            if "ui" in q.shown and not q.parameters and q.mode == "read"]


@bp.route("/console", methods=["GET", "POST"])
@requires("console")
def console_page() -> Any:
    text = request.form.get("query", "") if request.method == "POST" else ""
    outcome, error = None, None
    if request.method == "POST":
        try:
            outcome = run_console(text)
        except BadInput as refused:
            error = str(refused)
    page = render_template("console.html", text=text, outcome=outcome, error=error, presets=presets())
    return page, 400 if error else 200


@bp.route("/api/console", methods=["POST"])
@requires("console")
def console_api() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        raise BadInput("send {\"query\": \"MATCH ...\"}")
    return jsonify(run_console(body["query"]))
