"""Administration: user accounts and the audit trail (admins only)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, g, jsonify, redirect, render_template, request, url_for

from cases.i18n import N_
from cases.i18n import gettext as _

from . import accounts, auditlog, auditview
from .db import get_local, read
from .entities import page_number
from .security import audit, requires

bp = Blueprint("admin", __name__)
AUDIT_PAGE = 100
EXPORT_CAP = 100_000
# The agency list's last choice: a code typed in, for an agency that has no user nor record yet.
NEW_AGENCY = "__new__"


@bp.route("/admin/users")
@requires("admin")
def users_page() -> Any:
    return render_template("admin_users.html", users=accounts.list_users(get_local()), roles=accounts.ROLES,
                           agencies=known_agencies())


# what the flash message after a change calls it
ACTION_WORDS = {"add": N_("add"), "disable": N_("disable"), "enable": N_("enable"), "set_role": N_("set role"),
                "set_clearance": N_("set clearance")}


@bp.route("/admin/users", methods=["POST"])
@requires("admin")
def users_change() -> Any:
    form, db = request.form, get_local()
    action, username = form.get("action", ""), form.get("username", "").strip().lower()
    try:
        if action == "add":
            accounts.add_user(db, username, form.get("password", ""), form.get("role", ""),
                              _agency(form), dna_cleared=form.get("dna_cleared") == "yes",
                              full_name=form.get("full_name", "").strip()[:120])
        elif action == "disable":
            accounts.set_disabled(db, username, True)
        elif action == "enable":
            accounts.set_disabled(db, username, False)
        elif action == "set_role":
            accounts.set_role(db, username, form.get("role", ""))
        elif action == "set_clearance":
            accounts.set_dna_clearance(db, username, form.get("dna_cleared") == "yes")
        else:
            raise accounts.AccountError("unknown action")
    except accounts.AccountError as error:
        flash(_("Not changed: %(error)s.", error=error), "error")
        return redirect(url_for("admin.users_page"))
    audit("user_admin", target=f"User|{username}", detail=action + (f" {form.get('role')}" if form.get("role") else ""))
    done = _(ACTION_WORDS[action]) if action in ACTION_WORDS else action.replace("_", " ")
    flash(_("Done: %(action)s %(user)s.", action=done, user=username), "ok")
    return redirect(url_for("admin.users_page"))


def _agency(form: Any) -> str:
    """The agency chosen from the list, or a new one named on purpose (its first user)."""
    chosen = form.get("agency", "").strip()
    if chosen == NEW_AGENCY:
        return form.get("new_agency", "").strip().upper()
    if chosen not in known_agencies():
        raise accounts.AccountError(f"choose the agency from the list (there is no agency {chosen!r} yet)")
    return chosen


def _filters() -> dict[str, str]:
    args = request.args
    return {"username": args.get("user", "")[:40], "action": args.get("action", "")[:40],
            "target": args.get("target", "")[:200], "since": args.get("since", "")[:10],
            "until": args.get("until", "")[:10]}


def _query(filters: dict[str, str]) -> dict[str, str]:
    """The filters as `auditlog.entries` takes them: the date range as ISO bounds."""
    since, before = auditview.day_range(filters["since"], filters["until"])
    return {"username": filters["username"], "action": filters["action"], "target": filters["target"],
            "since": since, "before": before}


def known_agencies() -> list[str]:
    """The agencies a user may belong to: those that delivered records, and those users already have."""
    graph = {row["code"] for row in read("ui_agencies", agency=g.user.agency) if row["code"]}
    return sorted(graph | {user.agency for user in accounts.list_users(get_local())})


@bp.route("/admin/audit")
@requires("admin")
def audit_page() -> Any:
    page = page_number(request.args.get("page"))
    filters = _filters()
    rows = auditlog.entries(get_local(), **_query(filters), limit=AUDIT_PAGE, offset=page * AUDIT_PAGE)
    return render_template("admin_audit.html", rows=[(row, auditview.readable(row.detail)) for row in rows],
                           filters=filters, page=page, actions=auditlog.ACTIONS, more=len(rows) == AUDIT_PAGE)


@bp.route("/admin/audit.csv")
@requires("admin")
def audit_export() -> Any:
    rows = auditlog.entries(get_local(), **_query(_filters()), limit=EXPORT_CAP)
    audit("export_audit", detail=str(_filters()))
    return Response(auditlog.as_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="tracegraph-audit.csv"'})


@bp.route("/api/admin/users")
@requires("admin")
def users_api() -> Any:
    return jsonify(users=[u.__dict__ for u in accounts.list_users(get_local())])


@bp.route("/api/admin/audit")
@requires("admin")
def audit_api() -> Any:
    page = page_number(request.args.get("page"))
    rows = auditlog.entries(get_local(), **_query(_filters()), limit=AUDIT_PAGE, offset=page * AUDIT_PAGE)
    return jsonify(entries=[r.__dict__ for r in rows], page=page)
