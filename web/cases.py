"""The case view of a report: the missing person, family, journey, candidates, timeline and map.

What a case holds for the logged-in user is the case read-model (`cases`); this module shapes it
for the page and the JSON API.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, abort, g, jsonify, render_template, request

from cases import Candidate, Case, CaseNotFound, CaseReader, Viewer, as_dict
from cases.fields import described, label_of
from cases.i18n import gettext as _
from cases.summary import BEST, evidence_name, summarise
from cases.timeline import grouped
from identify import review as rules
from identify.candidates import SECTION_ORDER

from . import db
from .security import audit, requires

bp = Blueprint("cases", __name__)


def reader() -> CaseReader:
    """The case read-model for the logged-in user, cut off like every page's queries."""
    return CaseReader(db.get_store(), Viewer(agency=g.user.agency, dna_cleared=g.user.dna_cleared,
                                             name=g.user.username), timeout=db.QUERY_TIMEOUT_SECONDS)


def load_case(uid: str) -> Case:
    """The case with its timeline and (for the DNA-cleared) DNA profiles; 404 if the user may not see it."""
    try:
        return reader().case(uid)
    except CaseNotFound:
        abort(404)


def load_candidates(uid: str) -> list[dict[str, Any]]:
    """The report's candidates as the API gives them."""
    return [candidate_json(c) for c in reader().candidates(uid)]


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """A candidate with the review moves this user is offered, and why one is not (four eyes)."""
    return {**as_dict(candidate), **_review_offer(candidate)}


def _review_offer(candidate: Candidate) -> dict[str, Any]:
    from .review import policy, reviewer, said
    status = candidate.review_status
    proposal = rules.proposal_of({"confirmation_proposed_by": candidate.confirmation_proposed_by,
                                  "confirmation_proposed_agency": candidate.confirmation_proposed_agency})
    moves, notes = rules.moves_for(status, reviewer(), proposal, policy())
    if not g.user.can("review"):
        moves, notes = [], []
    if status == "settled":
        notes = [_("Closed when the identification %(other)s was confirmed (it was %(status)s); reopening that "
                   "identification gives this one back.", other=candidate.settled_by,
                   status=_(rules.STATUS_WORDS.get(candidate.settled_from or "", "proposed")))]
    notes = [said(note) for note in notes]  # the review rules' sentences (identify/review.py)
    return {"moves": [{"to": to, "label": _(label)} for to, label in moves], "review_notes": notes,
            "status_words": _(rules.STATUS_WORDS[status]) if status in rules.STATUS_WORDS else status}


def section_titles() -> dict[str, str]:
    """The headings of the candidate list's sections (identify.candidates.SECTIONS)."""
    return {"identification": _("Remains and sightings that may be the person"),
            "same_person": _("Other reports that may be the same person")}


def case_json(case: Case) -> dict[str, Any]:
    """The case as the page and `/api/cases/<uid>` give it (timeline and DNA apart)."""
    return {"report": case.report, "person": case.person, "reporter": case.reporter, "route": case.route,
            "voyages": case.voyages, "departure": case.departure, "last_seen": case.last_seen,
            "family": [as_dict(r) for r in case.family],
            "family_check": as_dict(case.family_check) if case.family_check else None,
            "candidates": [candidate_json(c) for c in case.candidates]}


def _require_report(uid: str) -> CaseReader:
    case_reader = reader()
    if not case_reader.exists(uid):
        abort(404)
    return case_reader


@bp.route("/cases/<path:uid>")
@requires("browse")
def case_page(uid: str) -> Any:
    case = load_case(uid)
    audit("view", target=f"Report|{uid}")
    shaped = case_json(case)
    # One review form on the page, for the candidate whose "Review" link was followed (a plain
    # link, so it works without script); none when the candidate offers this user no move.
    reviewing = next((c for c in shaped["candidates"] if c["uid"] == request.args.get("review") and c["moves"]), None)
    sections = [(name, [c for c in shaped["candidates"] if c["section"] == name]) for name in SECTION_ORDER]
    return render_template("case.html", case=shaped, uid=uid, summary=summarise(case), best=BEST,
                           sections=[(name, listed) for name, listed in sections if listed],
                           section_titles=section_titles(),
                           person_fields=described("Person", case.person), report_label=report_label,
                           evidence_name=evidence_name,
                           reviewing=reviewing["uid"] if reviewing else None,
                           timeline=grouped(case.timeline), dna=[as_dict(d) for d in case.dna],
                           review_token=uuid.uuid4().hex)


def report_label(prop: str) -> str:
    """The model's name for a report's property, for the journey's rows."""
    return label_of("Report", prop)


@bp.route("/api/cases/<path:uid>/candidates")
@requires("browse")
def candidates_api(uid: str) -> Any:
    candidates = reader().visible_candidates(uid)
    if candidates is None:
        abort(404)
    audit("view", target=f"Report|{uid}", detail="candidates")
    return jsonify(report_uid=uid, candidates=[candidate_json(c) for c in candidates])


@bp.route("/api/cases/<path:uid>/timeline")
@requires("browse")
def timeline_api(uid: str) -> Any:
    case_reader = _require_report(uid)
    return jsonify(report_uid=uid, events=[as_dict(e) for e in case_reader.timeline(uid)])


@bp.route("/api/cases/<path:uid>/places")
@requires("browse")
def places_api(uid: str) -> Any:
    _require_report(uid)
    return jsonify(report_uid=uid, places=db.read("ui_case_places", uid=uid, agency=g.user.agency))


@bp.route("/api/cases/<path:uid>")
@requires("browse")
def case_api(uid: str) -> Any:
    try:
        case = reader().case(uid, timeline=False)
    except CaseNotFound:
        abort(404)
    audit("view", target=f"Report|{uid}")
    shaped = case_json(case)
    if g.user.dna_cleared:
        shaped["dna"] = [as_dict(d) for d in case.dna]
    return jsonify(shaped)

