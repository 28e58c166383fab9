"""The link-chain canvas: a case's chains to a candidate, expansion, shortest paths, saved layouts."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, g, jsonify, render_template, request

from cases.fields import readable

from . import db, layouts
from .entities import AUDITED, browsable_labels, entity_url, page_number, relationship_types
from .errors import BadInput
from .graphjson import Elements, key_of, label_of, node_json
from .security import audit, requires

bp = Blueprint("graph", __name__)
ELEMENT_ID = re.compile(r"^[A-Za-z0-9:_-]{1,120}$")
MAX_EXPAND_PAGE = 50
MAX_IDS = 600


def element_id(raw: Any, name: str = "id") -> str:
    if not isinstance(raw, str) or not ELEMENT_ID.match(raw):
        raise BadInput(f"{name} must be a node id as the canvas gives it")
    return raw


@bp.route("/cases/<path:uid>/graph")
@requires("browse")
def canvas_page(uid: str) -> Any:
    if not db.read("ui_case_report", uid=uid, agency=g.user.agency):
        abort(404)
    candidate = request.args.get("candidate", "")
    return render_template("graph.html", uid=uid, candidate=candidate,
                           layouts=layouts.listing(db.get_local(), uid, g.user.agency))


@bp.route("/api/graph/case")
@requires("browse")
def case_chains() -> Any:
    report, candidate = request.args.get("report", ""), request.args.get("candidate", "")
    if not report or not candidate:
        raise BadInput("give report and candidate")
    records = db.read_records("ui_graph_case", report_uid=report, candidate_uid=candidate, **g.user.access)
    if not records:
        abort(404)
    elements = Elements(g.user.dna_cleared)
    for record in records:
        elements.add(list(record.values()))
    audit("view", target=f"Report|{report}", detail=f"chains to {candidate}")
    record = records[0]
    return jsonify(elements=elements.as_json(), report=record["report"].element_id,
                   target=record["target"].element_id, chains=len(record["chains"]))


@bp.route("/api/graph/node/<path:node_id>")
@requires("browse")
def node_detail(node_id: str) -> Any:
    node_id = element_id(node_id)
    records = db.read_records("ui_node_by_id", ids=[node_id], **g.user.access)
    if not records:
        abort(404)
    node = records[0]["node"]
    label = label_of(node)
    if label in AUDITED:
        audit("view", target=f"{label}|{key_of(node)}", detail="canvas")
    counts = db.read("ui_expand_counts", id=node_id, **g.user.access)
    url = entity_url(label, key_of(node)) if label in browsable_labels() else None
    shown = node_json(node, g.user.dna_cleared)
    fields = [{"label": f.label, "value": f.value} for f in readable(label, shown["properties"])]
    return jsonify(node=shown, fields=fields, counts=counts, url=url)


@bp.route("/api/graph/expand")
@requires("browse")
def expand() -> Any:
    node_id = element_id(request.args.get("id"))
    types = relationship_types(request.args.get("types"))
    page = page_number(request.args.get("page"))
    try:
        size = int(request.args.get("size", 25))
    except ValueError:
        raise BadInput("size must be a whole number") from None
    if not 1 <= size <= MAX_EXPAND_PAGE:
        raise BadInput(f"size must be between 1 and {MAX_EXPAND_PAGE}")
    records = db.read_records("ui_expand", id=node_id, types=types, skip=page * size, limit=size, **g.user.access)
    if not records:
        abort(404)
    elements = Elements(g.user.dna_cleared)
    origin = records[0]["origin"]
    for row in records[0]["page"]:
        elements.add([origin, row["neighbour"], row["relationship"]])
    counts = db.read("ui_expand_counts", id=node_id, **g.user.access)
    total = sum(c["neighbours"] for c in counts if not types or c["type"] in types)
    return jsonify(elements=elements.as_json(), counts=counts, page=page, size=size, total=total,
                   more=(page + 1) * size < total)


@bp.route("/api/graph/paths")
@requires("browse")
def paths() -> Any:
    source = element_id(request.args.get("from"), "from")
    target = element_id(request.args.get("to"), "to")
    if source == target:
        raise BadInput("choose two different nodes")
    records = db.read_records("ui_paths", from_id=source, to_id=target, paths=5, **g.user.access)
    elements = Elements(g.user.dna_cleared)
    chains = []
    for record in records:
        path = record["p"]
        elements.add(path)
        chains.append([n.element_id for n in path.nodes])
    audit("paths", detail=f"{source} -> {target}: {len(chains)} path(s)")
    return jsonify(elements=elements.as_json(), paths=chains)


@bp.route("/api/graph/nodes", methods=["POST"])
@requires("browse")
def nodes() -> Any:
    body = request.get_json(silent=True)
    ids = body.get("ids") if isinstance(body, dict) else None
    if not isinstance(ids, list) or len(ids) > MAX_IDS:
        raise BadInput(f"send {{\"ids\": [...]}} with at most {MAX_IDS} node ids")
    ids = [element_id(i) for i in ids]
    elements = Elements(g.user.dna_cleared)
    for record in db.read_records("ui_node_by_id", ids=ids, **g.user.access):
        elements.add(record["node"])
        elements.add(record["relationships"])
    return jsonify(elements=elements.as_json())


@bp.route("/api/layouts")
@requires("browse")
def layout_list() -> Any:
    report = request.args.get("report", "")
    if not db.read("ui_case_report", uid=report, agency=g.user.agency):
        abort(404)
    return jsonify(layouts=layouts.listing(db.get_local(), report, g.user.agency))


@bp.route("/api/layouts", methods=["POST"])
@requires("browse")
def layout_save() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadInput("send the layout as a JSON object")
    report = str(body.get("report_uid", ""))
    if not db.read("ui_case_report", uid=report, agency=g.user.agency):
        abort(404)
    content = layouts.clean(body)
    layout_id = layouts.save(db.get_local(), report, str(body.get("name", "")), g.user.username,
                             g.user.agency, content)
    audit("save_layout", target=f"Report|{report}", detail=f"layout {layout_id}")
    return jsonify(id=layout_id), 201


@bp.route("/api/layouts/<int:layout_id>")
@requires("browse")
def layout_get(layout_id: int) -> Any:
    layout = layouts.load(db.get_local(), layout_id, g.user.agency)
    if layout is None or not db.read("ui_case_report", uid=layout["report_uid"], agency=g.user.agency):
        abort(404)
    return jsonify(layout)
