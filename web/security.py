"""Who is asking, and may they: sessions, role checks, CSRF, security headers.

Every view declares the permission it needs with `@requires(...)`; a view without one is refused,
so a route added without thinking about access fails closed (and the route matrix test notices).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, g, jsonify, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

from . import accounts, auditlog
from .db import get_local

View = TypeVar("View", bound=Callable[..., Any])
PUBLIC = "public"
AUTHENTICATED = "authenticated"
# The families' online inquiry (web/inquiry/): no staff session is read, set or honoured there,
# and its forms carry their own CSRF token (web/inquiry/session.py).
FAMILY = "family"
FAMILY_BLUEPRINT = "inquiry"
csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def requires(permission: str) -> Callable[[View], View]:
    """Mark a view with the permission it needs: a role permission, AUTHENTICATED or PUBLIC."""
    def mark(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if permission not in (PUBLIC, AUTHENTICATED, FAMILY) and not g.user.can(permission):
                abort(403)
            return view(*args, **kwargs)
        guarded.permission = permission  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]
    return mark


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure according to TRACEGRAPH_WEB_COOKIE_SECURE."""

    def get_cookie_secure(self, app: Flask) -> bool:
        mode = app.config["COOKIE_SECURE_MODE"]
        if mode == "auto":
            return request.is_secure
        return mode == "always"


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_NAME="tracegraph_session", WTF_CSRF_TIME_LIMIT=None,
                      WTF_CSRF_SSL_STRICT=True,
                      # Checked in _check_access, after authentication, so an anonymous API call gets 401.
                      WTF_CSRF_CHECK_DEFAULT=False)
    csrf.init_app(app)
    app.before_request(_load_user)
    app.before_request(_check_access)
    app.after_request(_security_headers)


def _load_user() -> None:
    g.user = None
    if request.blueprint == FAMILY_BLUEPRINT:
        return  # a staff cookie sent along is never looked at on the families' pages
    token = session.get("sid")
    if not token:
        return
    from flask import current_app
    config = current_app.config
    user = accounts.session_user(get_local(), token, max_age=timedelta(hours=config["SESSION_HOURS"]),
                                 idle=timedelta(minutes=config["IDLE_MINUTES"]))
    if user is None:
        session.clear()
    g.user = user


def _check_access() -> Any:
    if request.endpoint is None:
        return None  # 404 and 405 are answered by the error handlers
    from flask import current_app
    view = current_app.view_functions.get(request.endpoint)
    permission = getattr(view, "permission", None)
    if request.endpoint == "static":
        return None
    if permission == FAMILY:
        return None if request.blueprint == FAMILY_BLUEPRINT else abort(403)
    if permission == PUBLIC:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            csrf.protect()
        return None
    if permission is None:
        abort(403)
    if g.user is None:
        if wants_json():
            response = jsonify(error="unauthenticated", message="Log in first: POST /login.")
            response.status_code = 401
            return response
        if request.method in ("GET", "HEAD"):
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()
    if g.user is None:
        return redirect(url_for("auth.login"))
    return None


def wants_json() -> bool:
    """API paths answer in JSON, pages in HTML."""
    return request.path.startswith("/api/")


def _security_headers(response: Any) -> Any:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint != "static":
        # Case data must not linger in shared browsers' caches in field offices.
        headers["Cache-Control"] = "no-store"
    return response


def safe_next(target: str | None) -> str:
    """A redirect target after login, only ever a path on this site."""
    if not target:
        return url_for("search.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("search.index")
    return target


def audit(action: str, target: str = "", detail: str = "") -> None:
    """Record what the current user did."""
    user = g.get("user")
    auditlog.record(get_local(), username=user.username if user else "-", role=user.role if user else "-",
                    agency=user.agency if user else "-", action=action, target=target, detail=detail,
                    ip=request.remote_addr or "")
