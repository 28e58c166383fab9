"""Running an analyst's query: read-only, time-limited, capped, isolated, audited and remembered.

Isolated: the query runs in the analyst's view (`isolation`), a store that holds exactly what their
agency and clearance may read, so nothing it does can reach, count or condition on anything else;
its answer is shown as it is. On Neo4j Enterprise or Aura the same holds through the role of the
agency and clearance, which the session impersonates (`tracegraph db roles`).

Writes are refused by Neo4j itself: the query runs in a read-access transaction
(`Store.run_read_only`), so CREATE, MERGE, SET, DELETE, REMOVE, write procedures and admin
commands fail on the server, and the analyst reads the server's own message. The pattern check
below is a second line for what a read transaction still allows but the workbench must not: LOAD
CSV (reads files and URLs), USE, SHOW, dbms.* and the APOC procedures that reach outside the graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from flask import current_app, g, url_for
from neo4j import Record
from neo4j.graph import Node, Path, Relationship

from cases.i18n import N_
from cases.i18n import gettext as _
from graphmodel.store import QueryRefused
from isolation.sync import parse_time
from queries.catalog import NamedQuery, QueryCatalogError, load_catalog
from queries.limits import capped
from queries.results import cell_text, plain

from . import db, workbench_export, workbench_store
from .errors import BadInput
from .graphjson import Elements, properties
from .security import audit

MAX_QUERY = 5000
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_ROW_CAP = 1000
PARAMETER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Neo4j integers are 64-bit: the driver cannot send a larger whole number and fails the whole request.
NEO4J_INTEGERS = range(-2**63, 2**63)
# Procedures and clauses that reach outside the graph, other databases or the server's settings.
REFUSED = re.compile(r"\b(load\s+csv|dbms\.|apoc\.(load|import|export|cypher|periodic|systemdb|trigger|"
                     r"config|log|do|util\.sleep)|use\s+\w|show\s+\w|in\s+transactions)", re.IGNORECASE)


def timeout_seconds() -> float:
    return float(current_app.config.get("CONSOLE_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))


def row_cap() -> int:
    return int(current_app.config.get("CONSOLE_ROW_CAP", DEFAULT_ROW_CAP))


@dataclass
class Prepared:
    """A query ready to run: its text, its bound parameters, and the named query it came from."""

    text: str
    parameters: dict[str, Any]
    named: str = ""
    declared: NamedQuery | None = None


@dataclass
class Outcome:
    """A run's answer, from the analyst's view, and where the view stands."""

    keys: list[str]
    records: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    truncated: bool = False
    duration_ms: float = 0.0
    view: dict[str, Any] = field(default_factory=dict)


def library() -> dict[str, NamedQuery]:
    """The library: the read queries filed under a category (the pages' own queries have none)."""
    return {name: q for name, q in load_catalog().items() if q.mode == "read" and q.category}


def library_by_category() -> list[tuple[str, list[NamedQuery]]]:
    """The library grouped under its categories, each in title order."""
    groups: dict[str, list[NamedQuery]] = {}
    for query in sorted(library().values(), key=lambda q: q.title.lower()):
        groups.setdefault(query.category, []).append(query)
    return sorted(groups.items())


def timeout_message() -> str:
    """What an analyst reads when the server stopped a query at the workbench's time limit."""
    return _("The query ran longer than the workbench's limit of %(seconds)s s, and the server stopped "
             "it; nothing was read. The limit is the same for every query. To answer within it, start from "
             "something indexed (a record id, a name, a case number), narrow the pattern, add a LIMIT, or use a "
             "query from the library.", seconds=f"{timeout_seconds():g}")


CANCELLED = N_("You cancelled the query before it finished; nothing was read.")
RUN_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Set on an analyst's transaction, so that their cancel finds it, and only theirs.
RUN_KEY, USER_KEY = "tracegraph_run", "tracegraph_user"


def _declared(named: Any, saved: Any) -> tuple[NamedQuery | None, str]:
    if named:
        query = library().get(str(named))
        if query is None:
            raise BadInput(f"there is no library query {named!r} the workbench can run")
        return query, str(named)
    if saved not in (None, ""):
        try:
            found = workbench_store.get_visible(db.get_local(), int(saved), g.user.username, g.user.agency)
        except (TypeError, ValueError):
            found = None
        if found is None:
            raise BadInput(f"there is no saved query {saved!r} you can run")
        return found.query, f"saved:{found.id}:{found.query.name}"
    return None, ""


def prepare(body: Mapping[str, Any]) -> Prepared:
    """Read a run request: `query`, `params` (an object, or JSON text), and optionally `named` (a library
    query) or `saved` (a saved query's id), whose declarations convert and complete the parameters."""
    text = body.get("query")
    text = text.strip() if isinstance(text, str) else ""
    raw = body.get("params") or {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except ValueError as error:
            raise BadInput(f"the parameters are not valid JSON: {error}") from None
    if not isinstance(raw, dict) or not all(isinstance(k, str) and PARAMETER_NAME.match(k) for k in raw):
        raise BadInput('parameters are a JSON object of names to values, e.g. {"voyage": "V1"}')
    declared, named = _declared(body.get("named"), body.get("saved"))
    if declared is None:
        prepared = Prepared(text=text, parameters=dict(raw))
    else:
        try:
            parameters = declared.bind({k: v for k, v in raw.items() if v is not None and v != ""})
        except QueryCatalogError as error:
            raise BadInput(str(error)) from None
        prepared = Prepared(text=text or declared.text, parameters=parameters, named=named, declared=declared)
    if too_large := [name for name, value in prepared.parameters.items() if not _fits_neo4j(value)]:
        raise BadInput(f"parameter {too_large[0]} holds a whole number beyond Neo4j's 64-bit integers")
    return prepared


def _fits_neo4j(value: Any) -> bool:
    """Whether every whole number in a parameter value, however nested, is one Neo4j can hold."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value in NEO4J_INTEGERS
    if isinstance(value, dict):
        return all(_fits_neo4j(item) for item in value.values())
    if isinstance(value, list):
        return all(_fits_neo4j(item) for item in value)
    return True


def _record(prepared: Prepared, rows: int | None, duration_ms: float | None, error: str = "",
            action: str = "query") -> None:
    # Counts first: an oversized detail is cut at its end.
    detail: dict[str, Any] = {"rows": rows, "duration_ms": duration_ms, "named": prepared.named}
    if error:
        detail["error"] = error
    detail.update(query=prepared.text, parameters=prepared.parameters)
    audit(action, target=prepared.named, detail=json.dumps(detail, ensure_ascii=False, default=str))
    workbench_store.record_run(db.get_local(), g.user.username, prepared.text, prepared.parameters,
                               prepared.named, rows, duration_ms, error)


def run_id_of(body: Mapping[str, Any]) -> str:
    """The id the page gave a run (to cancel or export it), or "" for none."""
    value = body.get("run")
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not RUN_ID.match(value):
        raise BadInput("a run id is 8 to 64 letters, digits, - or _")
    return value


def run(prepared: Prepared, action: str = "query", run_id: str = "") -> Outcome:
    """Run in the analyst's view, and record in the audit trail and the user's history; with a
    `run_id`, the answer is kept for export and the run can be cancelled."""
    if not prepared.text:
        raise BadInput("write a query")
    library_text = prepared.declared is not None and prepared.text == prepared.declared.text
    # The limit is on what an analyst writes; a library query's text, its access rules expanded,
    # may be longer (ui_case_timeline is).
    if len(prepared.text) > MAX_QUERY and not (library_text and not prepared.named.startswith("saved:")):
        raise BadInput(f"a workbench query is limited to {MAX_QUERY} characters")
    if REFUSED.search(prepared.text):
        message = _("the workbench runs queries over the graph only: LOAD CSV, USE, SHOW, dbms.* and "
                    "APOC procedures that reach files, URLs, settings or other databases are refused")
        _record(prepared, None, None, message, action)
        raise BadInput(message)
    analyst = db.analyst_store(g.user)
    parameters, cap = prepared.parameters, row_cap()
    if library_text:
        # A library query's own `limit` counts like the row cap: a cut result says so.
        parameters, cap = capped(prepared.declared, parameters, row_cap(), explicit=True)
    metadata = {RUN_KEY: run_id, USER_KEY: g.user.username} if run_id else None
    try:
        result = analyst.store.run_read_only(prepared.text, parameters, timeout=timeout_seconds(), row_cap=cap,
                                             metadata=metadata)
    except QueryRefused as refused:
        if refused.timed_out:
            message = timeout_message()
        elif refused.terminated:
            message = _(CANCELLED)
        else:
            message = _("Neo4j refused the query: %(error)s", error=refused)
        _record(prepared, None, None, message if refused.timed_out or refused.terminated else str(refused), action)
        raise BadInput(message) from None
    outcome = Outcome(keys=result.keys, records=result.records, truncated=result.truncated,
                      duration_ms=round(result.duration_ms, 1), view=view_status(analyst))
    if result.truncated:
        outcome.notes.append(_("Only the first %(count)s rows were read.", count=cap))
    _record(prepared, len(outcome.records), outcome.duration_ms, action=action)
    if run_id:
        workbench_export.keep(db.get_local(), g.user.username, run_id, outcome.keys, outcome.records,
                              g.user.dna_cleared, prepared.named)
    return outcome


def cancel(run_id: str) -> list[str]:
    """Stop the user's own running query `run_id` on their view's server; the transactions stopped."""
    analyst = db.analyst_store(g.user)
    stopped = analyst.store.terminate_transactions({RUN_KEY: run_id, USER_KEY: g.user.username})
    audit("cancel_query", target=run_id, detail=json.dumps({"transactions": stopped}))
    return stopped


def view_status(analyst: db.AnalystStore) -> dict[str, Any]:
    """Which view answers and how far behind the graph it may be: the graph's time it last caught
    up to (it catches up after every load, screening, match and review)."""
    status: dict[str, Any] = {"name": analyst.name, "as_of": analyst.as_of, "age_seconds": None}
    if analyst.as_of:
        as_of = parse_time(analyst.as_of)
        status["age_seconds"] = max(0, round((datetime.now(timezone.utc) - as_of).total_seconds()))
        status["text"] = _("Answered from your agency's view (%(view)s), which holds the graph as of %(when)s UTC "
                           "(%(age)s ago).", view=analyst.name, when=as_of.strftime("%Y-%m-%d %H:%M:%S"),
                           age=_age(status["age_seconds"]))
    else:
        status["text"] = _("Answered from the graph as role %(view)s.", view=analyst.name)
    return status


def _age(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def exportable(value: Any, dna_cleared: bool) -> Any:
    """A value for export and display: nodes with the properties the user may read."""
    if isinstance(value, Node):
        return {"id": value.element_id, "labels": sorted(value.labels),
                "properties": plain(properties(value, dna_cleared))}
    if isinstance(value, Path):
        return {"nodes": [exportable(n, dna_cleared) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [exportable(v, dna_cleared) for v in value]
    return value


def cell(value: Any, dna_cleared: bool) -> str:
    """A value as the short text of a table cell."""
    if isinstance(value, Relationship):
        return f"[:{value.type}]"
    if isinstance(value, Path):
        steps = [cell(value.start_node, dna_cleared)]
        for rel, node in zip(value.relationships, value.nodes[1:]):
            steps += [f"-[:{rel.type}]-", cell(node, dna_cleared)]
        return "".join(steps)
    if isinstance(value, (list, tuple)) and any(isinstance(v, (Node, Relationship, Path)) for v in value):
        return "[" + ", ".join(cell(v, dna_cleared) for v in value) + "]"
    return cell_text(exportable(value, dna_cleared))


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


# A record's uid as the graph writes it (`<agency>:<record id>`, a person's with a `#role` suffix).
UID_TEXT = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}:[^\s:]{1,120}$")
RECORD_LABELS = {"Report", "Person", "Remains", "Sighting", "Voyage", "Incident", "DNAProfile", "Vessel", "Place"}


def link(value: Any) -> str | None:
    """The page a cell leads to: a record's own page (a report's case), or for a uid read as text,
    the search, which answers with the record it names first."""
    if isinstance(value, Node):
        label = next((lab for lab in sorted(value.labels) if lab in RECORD_LABELS), None)
        uid = value.get("uid")
        if not label or not isinstance(uid, str):
            return None
        if label == "Report":
            return url_for("cases.case_page", uid=uid)
        return url_for("entities.entity_page", label=label, uid=uid)
    if isinstance(value, str) and UID_TEXT.match(value):
        return url_for("search.search_page", q=value)
    return None


def as_json(outcome: Outcome) -> dict[str, Any]:
    """The run for the page: the rows (references and cell texts), the graph, notes, timing and the
    view that answered."""
    cleared = g.user.dna_cleared
    elements = Elements(cleared)
    for record in outcome.records:
        elements.add(list(record.values()))
    return {"columns": outcome.keys,
            "rows": [[_shown(v) for v in record.values()] for record in outcome.records],
            "cells": [[cell(v, cleared) for v in record.values()] for record in outcome.records],
            "links": [[link(v) for v in record.values()] for record in outcome.records],
            "elements": elements.as_json(), "notes": outcome.notes,
            "truncated": outcome.truncated, "duration_ms": outcome.duration_ms,
            "row_cap": row_cap(), "timeout_seconds": timeout_seconds(), "view": outcome.view}
