"""Review decisions on candidate identifications, from the case page and the API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, request, url_for

from cases.i18n import gettext as _
from cases.i18n import ngettext
from identify import review as rules

from . import db, viewkeeper
from .errors import BadInput
from .security import audit, requires

bp = Blueprint("review", __name__)


def reviewer() -> rules.Reviewer:
    """The logged-in user as the review rules see them."""
    return rules.Reviewer(g.user.username, g.user.role, g.user.agency)


def policy() -> rules.ConfirmationPolicy:
    """Who may confirm (TRACEGRAPH_CONFIRM_ROLES, TRACEGRAPH_CONFIRM_AGENCY)."""
    return current_app.config["CONFIRMATION_POLICY"]


def decide(candidate_uid: str, to_status: str, reason: str, token: str, seen_status: str | None) -> dict[str, Any]:
    """Check and record one decision; what happened, with the conflicts it raises."""
    try:
        outcome, candidate = rules.decide(db.get_store(), candidate_uid, to_status, reviewer(), reason, token,
                                          policy(), seen_status)
    except rules.UnknownCandidate:
        abort(404)
    except rules.ReviewRefused as refused:
        audit("review_refused", target=f"Candidate|{candidate_uid}", detail=f"-> {to_status}: {refused}")
        raise BadInput(sentence(said(refused.reason))) from None
    if outcome.recorded:
        audit("review", target=f"Candidate|{candidate_uid}",
              detail=f"{candidate['review_status'] or 'proposed'} -> {to_status}: {reason.strip()}")
        viewkeeper.after_write()
    from .cases import load_candidates
    mine = next((c for c in load_candidates(candidate["report_uid"]) if c["uid"] == candidate_uid), None)
    return {"recorded": outcome.recorded, "duplicate": outcome.duplicate, "status": outcome.status,
            "message": outcome.message, "report_uid": candidate["report_uid"],
            "conflicts": mine["conflicts"] if mine else [],
            "notice": notice(outcome.recorded, outcome.status, mine)}


def notice(recorded: bool, status: str, candidate: dict[str, Any] | None) -> str:
    """What the case page says after a decision, once: the record in words, its new state, and how
    many conflicts it carries (listed on the candidate itself, not repeated as banners)."""
    if not recorded:
        return _("This decision was already recorded.")
    words = _(rules.STATUS_WORDS[status]) if status in rules.STATUS_WORDS else status
    if candidate is None:
        return _("Recorded: the candidate is now %(status)s.", status=words)
    target = candidate["target"]
    named = {"Remains": _("remains %(title)s", title=target["title"]),
             "Sighting": _("sighting %(title)s", title=target["title"]),
             "Report": _("report %(title)s", title=target["title"])}.get(
        target["label"], f"{target['label'].lower()} {target['title']}")
    text = _("Recorded: %(record)s is now %(status)s.", record=named, status=words)
    count = len(candidate["conflicts"])
    if count:
        text += " " + ngettext("%(count)s conflict to look at, listed on the candidate.",
                               "%(count)s conflicts to look at, listed on the candidate.", count)
    return text


def said(text: str) -> str:
    """A sentence of the review rules in the page's language (identify.review.Sentence keeps its values)."""
    if isinstance(text, rules.Sentence):
        return _(text.template, **text.values)
    return _(text)


def sentence(text: str) -> str:
    """A refusal as one sentence: capital first, full stop last."""
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


@bp.route("/review", methods=["POST"])
@requires("review")
def review_form() -> Any:
    form = request.form
    candidate_uid = form.get("candidate_uid", "")
    try:
        result = decide(candidate_uid, form.get("to_status", ""), form.get("reason", ""),
                        form.get("token", ""), form.get("from_status") or None)
    except BadInput as refused:
        # said on the case page, where the decision was taken
        rows = db.read("ui_candidate", uid=candidate_uid, agency=g.user.agency)
        if not rows:
            raise
        flash(str(refused), "error")
        return redirect(url_for("cases.case_page", uid=rows[0]["report_uid"]) + "#candidates")
    flash(result["notice"], "ok" if result["recorded"] or result["duplicate"] else "error")
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
