"""Login and logout."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Blueprint, g, jsonify, redirect, render_template, request, session, url_for

from cases.i18n import gettext as _

from . import accounts, auditlog
from .db import get_local
from .security import AUTHENTICATED, PUBLIC, audit, requires, safe_next

bp = Blueprint("auth", __name__)
MAX_CREDENTIAL = 200
# Guessing is slowed twice over: an account locks after accounts.MAX_FAILED_LOGINS wrong passwords,
# and an address that fails this many logins in the window (trying many accounts) must wait.
MAX_FAILED_PER_ADDRESS = 20
ADDRESS_WINDOW = timedelta(minutes=10)


@bp.route("/login", methods=["GET", "POST"])
@requires(PUBLIC)
def login() -> Any:
    error = None
    if request.method == "POST":
        username = request.form.get("username", "").strip().lower()[:MAX_CREDENTIAL]
        password = request.form.get("password", "")[:MAX_CREDENTIAL]
        address = request.remote_addr or ""
        since = (datetime.now(timezone.utc) - ADDRESS_WINDOW).isoformat(timespec="seconds")
        if auditlog.failed_logins_from(get_local(), address, since) >= MAX_FAILED_PER_ADDRESS:
            g.user = None
            auditlog.record(get_local(), username=username or "-", role="-", agency="-",
                            action="login_throttled", ip=address)
            error = _("Too many failed logins from this address; wait ten minutes and try again.")
            return render_template("login.html", error=error), 429
        user = accounts.authenticate(get_local(), username, password)
        if user is None:
            g.user = None
            auditlog.record(get_local(), username=username or "-", role="-", agency="-",
                            action="login_failed", ip=address)
            error = _("That user name and password do not match an active account.")
        else:
            previous = session.get("sid")
            if previous:
                accounts.close_session(get_local(), previous)
            # A new session (and a new CSRF token) at every login: a planted cookie is worthless.
            session.clear()
            session["sid"] = accounts.open_session(get_local(), user.username)
            g.user = user
            audit("login")
            return redirect(safe_next(request.args.get("next")))
    return render_template("login.html", error=error), 401 if error else 200


@bp.route("/logout", methods=["POST"])
@requires(AUTHENTICATED)
def logout() -> Any:
    audit("logout")
    token = session.get("sid")
    if token:
        accounts.close_session(get_local(), token)
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/api/me")
@requires(AUTHENTICATED)
def me() -> Any:
    """Who is logged in, what they may do, and the CSRF token the pages' scripts send back."""
    from flask_wtf.csrf import generate_csrf
    user = g.user
    return jsonify(username=user.username, role=user.role, agency=user.agency,
                   dna_cleared=user.dna_cleared, permissions=sorted(accounts.ROLE_PERMISSIONS[user.role]),
                   csrf_token=generate_csrf())
