"""The analysts' workbench: write or pick a query, run it read-only, see rows and graph, export.

Running, screening and recording live in `web/workbench.py`; history and saved queries in
`web/workbench_store.py`. This module holds the routes.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, g, jsonify, render_template, request

from isolation.servers import ViewUnavailable
from queries.catalog import NamedQuery, Parameter, QueryCatalogError
from queries.results import to_csv, to_json

from . import db, workbench, workbench_export, workbench_store
from .errors import BadInput
from .security import audit, requires

bp = Blueprint("console", __name__)
EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _prefill(parameter: Parameter) -> str:
    """The value a parameter's field starts with: its default, the user's agency, or its example."""
    if parameter.default is not None:
        return "" if parameter.default == "null" else parameter.default
    if parameter.name == "agency":
        return g.user.agency
    return parameter.example or ""


def describe(query: NamedQuery, **extra: Any) -> dict[str, Any]:
    """A named query for the page: its header fields, its text and its parameters' starting values."""
    return {"name": query.name, "title": query.title, "description": query.description, "graph": query.graph,
            "text": query.text, **extra,
            "parameters": [{"name": p.name, "type": p.type, "default": p.default, "example": p.example,
                            "description": p.description, "value": _prefill(p)} for p in query.parameters]}


def saved_queries() -> list[dict[str, Any]]:
    return [describe(s.query, id=s.id, owner=s.owner, shared=s.shared, saved_at=s.saved_at)
            for s in workbench_store.visible(db.get_local(), g.user.username, g.user.agency)]


@bp.route("/console", methods=["GET", "POST"])
@requires("console")
def console_page() -> Any:
    """The workbench; a POST runs the form's query, so it works without scripts too."""
    text = request.form.get("query", "") if request.method == "POST" else ""
    params = request.form.get("params", "") if request.method == "POST" else ""
    outcome, error = None, None
    if request.method == "POST":
        try:
            outcome = workbench.as_json(workbench.run(workbench.prepare(request.form)))
        except BadInput as refused:
            error = str(refused)
    library = [(category, [describe(q) for q in queries]) for category, queries in workbench.library_by_category()]
    try:
        view = workbench.view_status(db.analyst_store(g.user))["text"]
    except ViewUnavailable as unavailable:
        view = str(unavailable)
    page = render_template("console.html", text=text, params=params, outcome=outcome, error=error,
                           library=library, view=view, timeout=workbench.timeout_seconds(),
                           row_cap=workbench.row_cap())
    return page, 400 if error else 200


@bp.route("/api/console", methods=["POST"])
@requires("console")
def console_api() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("query", ""), str):
        raise BadInput("send {\"query\": \"MATCH ...\", \"params\": {...}}")
    run_id = workbench.run_id_of(body)
    return jsonify(workbench.as_json(workbench.run(workbench.prepare(body), run_id=run_id)) | {"run": run_id})


@bp.route("/api/console/cancel", methods=["POST"])
@requires("console")
def cancel_api() -> Any:
    """Stop the user's own query that is still running: its transaction is terminated on the server."""
    body = request.get_json(silent=True)
    run_id = workbench.run_id_of(body) if isinstance(body, dict) else ""
    if not run_id:
        raise BadInput("send {\"run\": \"<the id the page gave the run>\"}")
    return jsonify(run=run_id, stopped=workbench.cancel(run_id))


@bp.route("/console/export", methods=["POST"])
@requires("console")
def export_results() -> Any:
    """The answer as CSV (its rows, nodes or relationships table) or JSON: the answer the page already
    has (`run`), as read then; without one, the form's query is run for it (a client without scripts)."""
    kind = request.form.get("format", "csv")
    if kind not in EXPORT_FORMATS:
        raise BadInput("export as csv or json")
    table = request.form.get("table") or "rows"
    if table not in workbench_export.TABLES:
        raise BadInput(f"export one of the tables {', '.join(workbench_export.TABLES)}")
    run_id = workbench.run_id_of(request.form)
    if run_id:
        kept = workbench_export.kept_answer(db.get_local(), g.user.username, run_id)
        if kept is None:
            raise BadInput("That answer is no longer held for export (answers are kept an hour, three at a time): "
                           "run the query again, then export.")
        audit("export_query", target=kept.named, detail=json.dumps({"run": run_id, "format": kind, "table": table,
                                                                    "rows": len(kept.rows)}))
        body = workbench_export.as_csv(kept, table) if kind == "csv" else workbench_export.as_json(kept)
        name = f"tracegraph-query{'' if table == 'rows' or kind == 'json' else '-' + table}.{kind}"
        return Response(body, content_type=EXPORT_FORMATS[kind],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    outcome = workbench.run(workbench.prepare(request.form), action="export_query")
    cleared = g.user.dna_cleared
    rows = [[workbench.exportable(v, cleared) for v in record.values()] for record in outcome.records]
    body = to_csv(outcome.keys, rows) if kind == "csv" else to_json(outcome.keys, rows)
    return Response(body, content_type=EXPORT_FORMATS[kind],
                    headers={"Content-Disposition": f'attachment; filename="tracegraph-query.{kind}"'})


@bp.route("/api/console/history")
@requires("console")
def history_api() -> Any:
    return jsonify(entries=workbench_store.history(db.get_local(), g.user.username))


@bp.route("/api/console/queries")
@requires("console")
def queries_api() -> Any:
    return jsonify(library=[describe(q, category=q.category) for q in workbench.library().values()],
                   saved=saved_queries())


@bp.route("/api/console/queries", methods=["POST"])
@requires("console")
def save_query() -> Any:
    """Save the query as a named query, personal or shared with the user's agency."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadInput("send {\"name\", \"title\", \"description\", \"parameters\": [...], \"query\", \"shared\"}")
    parameters = body.get("parameters") or []
    if isinstance(parameters, str):
        parameters = parameters.splitlines()
    if not isinstance(parameters, list):
        raise BadInput("parameters are a list of lines such as \"voyage: string ; example: V1 ; the voyage\"")
    try:
        source = workbench_store.compose(body.get("name", ""), body.get("title", ""), body.get("description", ""),
                                         [str(p) for p in parameters], body.get("query", ""))
    except QueryCatalogError as error:
        raise BadInput(str(error)) from None
    shared = bool(body.get("shared"))
    query_id = workbench_store.save(db.get_local(), g.user.username, g.user.agency, source, shared)
    audit("save_query", target=f"saved:{query_id}", detail=json.dumps({"shared": shared, "source": source}))
    saved = next(s for s in saved_queries() if s["id"] == query_id)
    return jsonify(saved), 201
