"""Review decisions on candidate identifications, from the case page and the API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, jsonify, redirect, request, url_for

from identify import review as rules

from . import db, viewkeeper
from .errors import BadInput
from .security import audit, requires

bp = Blueprint("review", __name__)


def decide(candidate_uid: str, to_status: str, reason: str, token: str, seen_status: str | None) -> dict[str, Any]:
    """Check and record one decision; what happened, with the conflicts it raises."""
    rows = db.read("ui_candidate", uid=candidate_uid, agency=g.user.agency)
    if not rows:
        abort(404)
    candidate = rows[0]
    current = candidate["review_status"] or "proposed"
    try:
        decision = rules.plan(candidate_uid, seen_status or current, to_status, g.user.username, reason, token)
        outcome = rules.record(db.get_store(), decision, g.user.agency)
    except rules.ReviewRefused as refused:
        raise BadInput(str(refused)[0].upper() + str(refused)[1:] + ".") from None
    if outcome.recorded:
        audit("review", target=f"Candidate|{candidate_uid}",
              detail=f"{decision.from_status} -> {decision.to_status}: {decision.reason}")
        viewkeeper.after_write()
    from .cases import load_candidates
    mine = next((c for c in load_candidates(candidate["report_uid"]) if c["uid"] == candidate_uid), None)
    return {"recorded": outcome.recorded, "duplicate": outcome.duplicate, "status": outcome.status,
            "message": outcome.message, "report_uid": candidate["report_uid"],
            "conflicts": mine["conflicts"] if mine else []}


@bp.route("/review", methods=["POST"])
@requires("review")
def review_form() -> Any:
    form = request.form
    result = decide(form.get("candidate_uid", ""), form.get("to_status", ""), form.get("reason", ""),
                    form.get("token", ""), form.get("from_status") or None)
    flash(result["message"], "ok" if result["recorded"] or result["duplicate"] else "error")
    for conflict in result["conflicts"]:
        flash(conflict["message"], "warning")
    return redirect(url_for("cases.case_page", uid=result["report_uid"]) + "#candidates")


@bp.route("/api/review", methods=["POST"])
@requires("review")
def review_api() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadInput("send the decision as a JSON object")
    fields = {k: body.get(k) for k in ("candidate_uid", "to_status", "reason", "token", "from_status")}
    if any(v is not None and not isinstance(v, str) for v in fields.values()):
        raise BadInput("every field of a decision is text")
    result = decide(fields["candidate_uid"] or "", fields["to_status"] or "", fields["reason"] or "",
                    fields["token"] or "", fields["from_status"])
    return jsonify(result), 201 if result["recorded"] else 200
