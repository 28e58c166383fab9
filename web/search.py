"""Search across people (every spelling), record ids, case numbers, vessels, places and dates."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, g, jsonify, redirect, render_template, request, url_for

from . import db, name_search
from .errors import BadInput
from .security import AUTHENTICATED, audit, requires

bp = Blueprint("search", __name__)
MAX_QUERY = 200
ISO_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
KIND_ORDER = ["Person", "Report", "Remains", "Sighting", "Voyage", "Incident", "Place"]
KIND_TITLES = {"Person": "People", "Report": "Reports", "Remains": "Remains", "Sighting": "Sightings",
               "Voyage": "Voyages", "Incident": "Incidents", "Place": "Places"}


def run_search(text: str) -> dict[str, Any]:
    """Results grouped by kind, each with the field that matched and a link."""
    text = text.strip()
    if len(text) > MAX_QUERY:
        raise BadInput(f"Search text is limited to {MAX_QUERY} characters.")
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_ORDER}
    if not text:
        return {"query": text, "groups": []}
    access = g.user.access
    lucene = name_search.lucene_query(text)
    if lucene:
        for row in db.read("ui_search_people", lucene=lucene, keys=name_search.name_keys(text), limit=25,
                           agency=access["agency"]):
            groups["Person"].append(_person_hit(row, text))
    date = text if ISO_DATE_PREFIX.match(text) else ""
    for row in db.read("ui_search_records", text=text, lower=text.lower(), date=date, limit=20, **access):
        groups[row["kind"]].append({
            "kind": row["kind"], "uid": row["uid"], "title": row["title"] or row["uid"],
            "date": row["date"], "agency": row["agency"],
            "why": f"{row['field']}: {row['value']}",
            "url": record_url(row["kind"], row["uid"]),
        })
    return {"query": text, "groups": [
        {"kind": kind, "title": KIND_TITLES[kind], "results": _dedupe(groups[kind])}
        for kind in KIND_ORDER if groups[kind]]}


def record_url(kind: str, uid: str) -> str:
    if kind == "Report":
        return url_for("cases.case_page", uid=uid)
    return url_for("entities.entity_page", label=kind, uid=uid)


def _dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["uid"] in seen:
            if row["why"] not in seen[row["uid"]]["why"]:
                seen[row["uid"]]["why"] += "; " + row["why"]
        else:
            seen[row["uid"]] = dict(row)
    return list(seen.values())


def _person_hit(row: dict[str, Any], text: str) -> dict[str, Any]:
    words = {t.lower() for t in name_search.tokens(text)}
    fields = [("name", row["full_name"]), ("father's name", row["father_name"]),
              ("mother's name", row["mother_name"])]
    fields += [("other name", other) for other in row["other_names"] or []]
    why = [f"{label}: {value}" for label, value in fields
           if value and words & {t.lower() for t in name_search.tokens(value)}]
    if not why and row["name_key"] and row["name_key"] in name_search.name_keys(text):
        why = [f"same transliteration key “{row['name_key']}” as “{text}”"]
    if not why:
        why = [f"a spelling or transliteration close to “{text}”"]
    role = {"missing": "missing person", "relative": f"relative ({row['relationship'] or 'family'})",
            "recorded": "named in a sighting"}.get(row["role"], row["role"] or "person")
    record_url_ = record_url(row["record_label"], row["record_uid"]) if row["record_uid"] else None
    return {"kind": "Person", "uid": row["uid"], "title": row["full_name"] or row["uid"],
            "date": f"born {row['date_of_birth']}" if row["date_of_birth"] else None,
            "agency": row["agency"], "role": role,
            "father_name": row["father_name"], "why": "; ".join(why),
            "url": url_for("entities.entity_page", label="Person", uid=row["uid"]),
            "record_uid": row["record_uid"], "record_url": record_url_}


@bp.route("/")
@requires(AUTHENTICATED)
def index() -> Any:
    if g.user.can("browse"):
        return redirect(url_for("search.search_page"))
    return redirect(url_for("admin.users_page"))


@bp.route("/search")
@requires("browse")
def search_page() -> Any:
    text = request.args.get("q", "")
    result = run_search(text)
    if text.strip():
        audit("search", detail=text.strip())
    return render_template("search.html", result=result, q=text)


@bp.route("/api/search")
@requires("browse")
def search_api() -> Any:
    text = request.args.get("q", "")
    result = run_search(text)
    if text.strip():
        audit("search", detail=text.strip())
    return jsonify(result)
