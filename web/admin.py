"""Administration: user accounts and the audit trail (admins only)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for

from . import accounts, auditlog
from .db import get_local
from .entities import page_number
from .security import audit, requires

bp = Blueprint("admin", __name__)
AUDIT_PAGE = 100
EXPORT_CAP = 100_000


@bp.route("/admin/users")
@requires("admin")
def users_page() -> Any:
    return render_template("admin_users.html", users=accounts.list_users(get_local()), roles=accounts.ROLES)


@bp.route("/admin/users", methods=["POST"])
@requires("admin")
def users_change() -> Any:
    form, db = request.form, get_local()
    action, username = form.get("action", ""), form.get("username", "").strip().lower()
    try:
        if action == "add":
            accounts.add_user(db, username, form.get("password", ""), form.get("role", ""),
                              form.get("agency", "").strip(), dna_cleared=form.get("dna_cleared") == "yes",
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
        flash(f"Not changed: {error}.", "error")
        return redirect(url_for("admin.users_page"))
    audit("user_admin", target=f"User|{username}", detail=action + (f" {form.get('role')}" if form.get("role") else ""))
    flash(f"Done: {action.replace('_', ' ')} {username}.", "ok")
    return redirect(url_for("admin.users_page"))


def _filters() -> dict[str, str]:
    args = request.args
    return {"username": args.get("user", "")[:40], "action": args.get("action", "")[:40],
            "target": args.get("target", "")[:200]}


@bp.route("/admin/audit")
@requires("admin")
def audit_page() -> Any:
    page = page_number(request.args.get("page"))
    rows = auditlog.entries(get_local(), **_filters(), limit=AUDIT_PAGE, offset=page * AUDIT_PAGE)
    return render_template("admin_audit.html", rows=rows, filters=_filters(), page=page,
                           actions=auditlog.ACTIONS, more=len(rows) == AUDIT_PAGE)


@bp.route("/admin/audit.csv")
@requires("admin")
def audit_export() -> Any:
    rows = auditlog.entries(get_local(), **_filters(), limit=EXPORT_CAP)
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
    rows = auditlog.entries(get_local(), **_filters(), limit=AUDIT_PAGE, offset=page * AUDIT_PAGE)
    return jsonify(entries=[r.__dict__ for r in rows], page=page)
