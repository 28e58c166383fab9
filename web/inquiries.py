"""The investigators' queue of online inquiries: new, to verify, duplicates; one inquiry's page;
the moves an investigator makes (verify, merge into an existing report, ask the family for more,
request a reference sample, not a missing-person case).

Every read is a named query with the user's agency (an inquiry shared with the receiving agency
only is not listed to another agency); contact details are shown to the receiving agency's staff
only. Every view and move is in the audit trail.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from cases.i18n import N_
from cases.i18n import gettext as _
from inquiries import graph as inquiry_graph
from inquiries import ledger, statuses

from . import db
from .db import get_local
from .errors import BadInput
from .security import audit, requires

# the inquiries' states and moves as staff read them (the family's words are the inquiry catalogue's)
STAFF_WORDS = {
    statuses.NEW: N_("new"), statuses.CHECKING: N_("being checked"),
    statuses.MORE_INFORMATION: N_("more information asked"),
    statuses.SAMPLE_REQUESTED: N_("reference sample requested"), statuses.VERIFIED: N_("verified"),
    statuses.MERGED: N_("merged"), statuses.NOT_A_CASE: N_("not a missing-person case"),
    statuses.WITHDRAWN: N_("withdrawn by the family"),
}
ACTION_WORDS = {
    statuses.CHECKING: N_("Start checking"), statuses.VERIFIED: N_("Verify"),
    statuses.MERGED: N_("Merge into the report proposed"), statuses.MORE_INFORMATION: N_("Ask the family for more"),
    statuses.SAMPLE_REQUESTED: N_("Request a reference sample"), statuses.NOT_A_CASE: N_("Not a missing-person case"),
}


def staff_labels() -> dict[str, str]:
    return {status: _(STAFF_WORDS.get(status, words)) for status, words in statuses.STAFF_LABELS.items()}


bp = Blueprint("inquiries", __name__)
TABS = {
    "new": ((statuses.NEW,), False),
    "verify": ((statuses.CHECKING, statuses.MORE_INFORMATION, statuses.SAMPLE_REQUESTED), False),
    "duplicates": (statuses.OPEN, True),
    "closed": ((statuses.VERIFIED, statuses.MERGED, statuses.NOT_A_CASE, statuses.WITHDRAWN), False),
}
MAX_TEXT = 2000


@bp.route("/inquiries")
@requires("browse")
def queue() -> Any:
    tab = request.args.get("tab", "new")
    if tab not in TABS:
        raise BadInput(f"tab must be one of {', '.join(TABS)}")
    wanted, duplicates_only = TABS[tab]
    rows = db.read("ui_inquiry_queue", statuses=list(wanted), duplicates_only=duplicates_only, agency=g.user.agency)
    counts = {name: len(db.read("ui_inquiry_queue", statuses=list(states), duplicates_only=only, limit=1000,
                                agency=g.user.agency)) for name, (states, only) in TABS.items() if name != tab}
    counts[tab] = len(rows)
    audit("view", target="inquiries", detail=tab)
    return render_template("inquiries.html", rows=rows, tab=tab, tabs=TABS, counts=counts,
                           labels=staff_labels())


def _visible(number: str) -> tuple[ledger.Inquiry, dict[str, Any]]:
    """The inquiry and its case as this user may see it; 404 like an unknown one otherwise."""
    inquiry = ledger.get(get_local(), number)
    if inquiry is None:
        abort(404)
    rows = db.read("ui_case_report", uid=inquiry.report_uid, agency=g.user.agency)
    if not rows:
        abort(404)
    return inquiry, rows[0]


@bp.route("/inquiries/<number>")
@requires("browse")
def inquiry_page(number: str) -> Any:
    inquiry, case = _visible(number)
    uid = inquiry.report_uid
    duplicates = db.read("ui_inquiry_duplicates", uid=uid, agency=g.user.agency)
    for row in duplicates:
        try:
            row["evidence"] = json.loads(row["evidence"] or "[]")
        except ValueError:
            row["evidence"] = []
    family = db.read("ui_case_family", uid=uid, **g.user.access)
    travellers = db.read("ui_inquiry_people", uid=uid, agency=g.user.agency)
    receiving = g.user.agency == inquiry.agency
    audit("view", target=f"Report|{uid}", detail="inquiry")
    status = case["report"].get("inquiry_status") or inquiry.status
    return render_template(
        "inquiry_staff.html", inquiry=inquiry, case=case, report=case["report"], person=case.get("person") or {},
        duplicates=duplicates, family=family, travellers=travellers, status=status,
        moves=[(move, _(ACTION_WORDS.get(move, statuses.ACTION_LABELS[move])))
               for move in statuses.ACTIONS.get(status, ())],
        needs_message=statuses.NEEDS_MESSAGE, labels=staff_labels(), receiving=receiving,
        contact=inquiry.contact if receiving else None, photos=ledger.photo_ids(get_local(), inquiry.number),
        family_status=statuses.family_status(status), family_words=statuses.FAMILY_WORDS)


@bp.route("/inquiries/<number>/move", methods=["POST"])
@requires("review")
def move(number: str) -> Any:
    inquiry, case = _visible(number)
    current = case["report"].get("inquiry_status") or inquiry.status
    target = request.form.get("to", "")
    text = request.form.get("text", "").strip()[:MAX_TEXT]
    if target not in statuses.STATUSES or not statuses.can_move(current, target):
        label = staff_labels().get(current, current)
        raise BadInput(_("An inquiry that is %(state)s cannot be moved to %(target)s.", state=label,
                         target=repr(target)))
    if not text:
        raise BadInput(_("Write a reason (or, to ask the family, the message they will read)."))
    if target == statuses.MERGED:
        into = request.form.get("into", "")
        # The target goes through the access rule first: a report the user's agency may not see is
        # refused exactly like an unknown one.
        if not (db.read("ui_case_report", uid=into, agency=g.user.agency)
                and inquiry_graph.merge_into(db.get_store(), inquiry.report_uid, into, by=g.user.username,
                                             reason=text)):
            raise BadInput("the report to merge into is unknown, not shared with your agency, "
                           "or itself an unverified inquiry")
        ledger.set_status(get_local(), inquiry.number, target)
        detail = f"{current} -> merged into {into}: {text}"
    else:
        row = inquiry_graph.status_row(inquiry.report_uid, target, g.user.username)
        inquiry_graph.set_statuses(db.get_store(), [row])
        ledger.set_status(get_local(), inquiry.number, target, text if target in statuses.NEEDS_MESSAGE else None)
        detail = f"{current} -> {target}: {text}"
    if target == statuses.VERIFIED:
        from .inquiry.filing import worker
        ledger.mark_unmatched(get_local(), inquiry.number)
        worker().notify()  # matched again: now verified, its candidates may be strong
    audit("inquiry", target=f"Report|{inquiry.report_uid}", detail=detail)
    flash(_("Inquiry %(number)s: %(state)s.", number=inquiry.number, state=staff_labels()[target]), "ok")
    return redirect(url_for("inquiries.inquiry_page", number=inquiry.number))


@bp.route("/inquiries/<number>/photos/<int:photo_id>")
@requires("browse")
def photo(number: str, photo_id: int) -> Any:
    inquiry, _case = _visible(number)
    data = ledger.photo(get_local(), inquiry.number, photo_id)
    if data is None:
        abort(404)
    audit("view", target=f"Report|{inquiry.report_uid}", detail=f"photo {photo_id}")
    return Response(data, mimetype="image/jpeg")
