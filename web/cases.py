"""The case view of a report: the missing person, family, journey, candidates, timeline and map."""

from __future__ import annotations

import json
import uuid
from typing import Any

from flask import Blueprint, abort, g, jsonify, render_template

from identify import review as rules
from isolation.rule import is_dna_evidence

from . import db
from .graphjson import plain
from .security import audit, requires

bp = Blueprint("cases", __name__)


def evidence_items(raw: Any, dna_cleared: bool) -> list[dict[str, Any]]:
    """A candidate's evidence, DNA first then strongest first; DNA details only with clearance."""
    try:
        items = json.loads(raw) if isinstance(raw, str) else list(raw or [])
    except (ValueError, TypeError):
        return []
    shaped = []
    for item in items:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("kind", "evidence"))
        is_dna = is_dna_evidence(kind)
        detail = item.get("detail")
        if is_dna and not dna_cleared:
            detail = None
        shaped.append({"kind": kind, "dna": is_dna, "log10_lr": _number(item.get("log10_lr")),
                       "detail": detail, "detail_rows": _detail_rows(detail),
                       "restricted": is_dna and not dna_cleared})
    shaped.sort(key=lambda e: (not e["dna"], -(e["log10_lr"] or 0)))
    return shaped


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _detail_rows(detail: Any) -> list[tuple[str, str]]:
    """A per-locus (or per-property) explanation as rows, when it is structured."""
    if isinstance(detail, dict):
        return [(str(k), _text(v)) for k, v in detail.items()]
    if isinstance(detail, list) and all(isinstance(d, dict) for d in detail):
        rows = []
        for d in detail:
            name = d.get("locus") or d.get("name") or d.get("property") or ""
            rows.append((str(name), ", ".join(f"{k}: {_text(v)}" for k, v in d.items() if k not in ("locus", "name", "property"))))
        return rows
    return []


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def load_dna(uid: str) -> list[dict[str, Any]]:
    """The case's DNA profiles (DNA-cleared users only), with per-locus rows of their kinship match."""
    if not g.user.dna_cleared:
        return []
    rows = []
    for row in db.read("ui_case_dna", uid=uid, **g.user.access):
        loci = row.pop("match_loci", None)
        try:
            loci = json.loads(loci) if isinstance(loci, str) else loci
        except ValueError:
            loci = None
        row["loci"] = [
            {"locus": item.get("locus"), "log10_lr": _number(item.get("log10_lr")),
             "missing": item.get("missing_genotype"), "references": item.get("reference_genotypes"),
             "incompatible": bool(item.get("incompatible")), "why": item.get("why", "")}
            for item in loci if isinstance(item, dict)] if isinstance(loci, list) else []
        rows.append(row)
    return rows


def load_candidates(uid: str) -> list[dict[str, Any]]:
    rows = db.read("ui_case_candidates", uid=uid, **g.user.access)
    siblings = [{"uid": r["candidate"]["uid"], "review_status": r["candidate"]["review_status"]} for r in rows]
    candidates = []
    for row in rows:
        candidate = dict(row["candidate"])
        candidate["evidence"] = evidence_items(candidate.get("evidence"), g.user.dna_cleared)
        status = candidate.get("review_status") or "proposed"
        candidates.append({
            **candidate,
            "review_status": status,
            "target": {"label": row["target_label"], "uid": row["target_uid"], "title": row["target_title"],
                       "agency": row["target_agency"], "date": row["target_date"]},
            "trail": row["trail"],
            "conflicts": [c.__dict__ for c in rules.conflicts(candidate, siblings, row["conflicts"],
                                                              row["hidden_conflicts"])],
            "moves": [{"to": to, "label": label} for to, label in rules.next_statuses(status)],
        })
    return candidates


# The description of a missing person in the order a family or a pathologist reads it.
PERSON_ORDER = ("full_name", "other_names", "father_name", "mother_name", "sex", "date_of_birth", "age_min",
                "age_max", "nationality", "place_of_birth", "height_min_cm", "height_max_cm", "hair_colour",
                "eye_colour", "distinguishing_marks", "clothing", "personal_effects", "last_seen_date")


def ordered(props: dict[str, Any] | None) -> dict[str, Any]:
    props = props or {}
    first = {k: props[k] for k in PERSON_ORDER if k in props}
    return {**first, **{k: v for k, v in sorted(props.items()) if k not in first}}


def load_case(uid: str) -> dict[str, Any]:
    rows = db.read("ui_case_report", uid=uid, **g.user.access)
    if not rows:
        abort(404)
    case = {k: plain(v) for k, v in rows[0].items()}
    case["person"] = ordered(case.get("person"))
    case["family"] = db.read("ui_case_family", uid=uid, **g.user.access)
    case["candidates"] = load_candidates(uid)
    return case


@bp.route("/cases/<path:uid>")
@requires("browse")
def case_page(uid: str) -> Any:
    case = load_case(uid)
    audit("view", target=f"Report|{uid}")
    timeline = db.read("ui_case_timeline", uid=uid, **g.user.access)
    dna = load_dna(uid)
    return render_template("case.html", case=case, uid=uid, timeline=timeline, dna=dna,
                           review_token=uuid.uuid4().hex)


@bp.route("/api/cases/<path:uid>/candidates")
@requires("browse")
def candidates_api(uid: str) -> Any:
    if not db.read("ui_case_report", uid=uid, **g.user.access):
        abort(404)
    audit("view", target=f"Report|{uid}", detail="candidates")
    return jsonify(report_uid=uid, candidates=load_candidates(uid))


@bp.route("/api/cases/<path:uid>/timeline")
@requires("browse")
def timeline_api(uid: str) -> Any:
    if not db.read("ui_case_report", uid=uid, **g.user.access):
        abort(404)
    return jsonify(report_uid=uid, events=db.read("ui_case_timeline", uid=uid, **g.user.access))


@bp.route("/api/cases/<path:uid>/places")
@requires("browse")
def places_api(uid: str) -> Any:
    if not db.read("ui_case_report", uid=uid, **g.user.access):
        abort(404)
    return jsonify(report_uid=uid, places=db.read("ui_case_places", uid=uid, **g.user.access))


@bp.route("/api/cases/<path:uid>")
@requires("browse")
def case_api(uid: str) -> Any:
    case = load_case(uid)
    audit("view", target=f"Report|{uid}")
    if g.user.dna_cleared:
        case["dna"] = load_dna(uid)
    return jsonify(case)
