"""Entity pages: any record or node by kind and key, with its provenance and its links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, jsonify, render_template, request, url_for

from cases.fields import readable
from graphmodel.model import load_model

from . import db
from .errors import BadInput
from .graphjson import key_of, label_of, node_json
from .security import audit, requires

bp = Blueprint("entities", __name__)
PAGE_SIZE = 20
MAX_PAGE = 10_000
# Reads of these are recorded in the audit trail: they describe people.
AUDITED = {"Report", "Person", "Remains", "Sighting", "DNAProfile"}


def browsable_labels() -> set[str]:
    return set(load_model().nodes) - {"Delivery"}


def entity_url(label: str, key: str) -> str:
    if label == "Report":
        return url_for("cases.case_page", uid=key)
    return url_for("entities.entity_page", label=label, uid=key)


def find_entity(label: str, uid: str) -> Any:
    if label not in browsable_labels():
        abort(404)
    records = db.read_records("ui_entity_node", label=label, key=uid, **g.user.access)
    if not records:
        abort(404)
    return records[0]["n"]


def neighbours(element_id: str, types: list[str], page: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    """A page of neighbours (with counts by type), as rows for a page or the canvas."""
    counts = db.read("ui_expand_counts", id=element_id, **g.user.access)
    records = db.read_records("ui_expand", id=element_id, types=types, skip=page * size, limit=size,
                              **g.user.access)
    rows = []
    for row in records[0]["page"] if records else []:
        other, rel = row["neighbour"], row["relationship"]
        if "DNAProfile" in other.labels and not g.user.dna_cleared:
            continue
        label = label_of(other)
        rows.append({"type": rel.type, "outgoing": rel.start_node.element_id == element_id,
                     "node": node_json(other, g.user.dna_cleared), "relationship": dict(rel.items()),
                     "url": entity_url(label, key_of(other)) if label in browsable_labels() else None})
    total = sum(c["neighbours"] for c in counts if not types or c["type"] in types)
    return {"counts": counts, "rows": rows, "page": page, "size": size, "total": total}


def page_number(raw: str | None) -> int:
    try:
        page = int(raw or 0)
    except ValueError:
        raise BadInput("page must be a whole number") from None
    if not 0 <= page <= MAX_PAGE:
        raise BadInput("page is out of range")
    return page


def relationship_types(raw: str | None) -> list[str]:
    if not raw:
        return []
    known = set(load_model().relationships)
    types = [t.strip() for t in raw.split(",") if t.strip()]
    if unknown := [t for t in types if t not in known]:
        raise BadInput(f"unknown relationship type {unknown[0]!r}")
    return types


@bp.route("/entity/<label>/<path:uid>")
@requires("browse")
def entity_page(label: str, uid: str) -> Any:
    node = find_entity(label, uid)
    if label in AUDITED:
        audit("view", target=f"{label}|{uid}")
    types = relationship_types(request.args.get("rel"))
    shown = node_json(node, g.user.dna_cleared)
    links = neighbours(node.element_id, types, page_number(request.args.get("page")))
    return render_template("entity.html", label=label, uid=uid, node=shown, links=links, rel=",".join(types),
                           fields=readable(label, shown["properties"]))


@bp.route("/api/entity/<label>/<path:uid>")
@requires("browse")
def entity_api(label: str, uid: str) -> Any:
    node = find_entity(label, uid)
    if label in AUDITED:
        audit("view", target=f"{label}|{uid}")
    types = relationship_types(request.args.get("rel"))
    return jsonify(node=node_json(node, g.user.dna_cleared),
                   links=neighbours(node.element_id, types, page_number(request.args.get("page"))))
