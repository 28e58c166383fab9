"""The family's browser as the inquiry knows it: one random token in a cookie of its own.

The cookie (`tracegraph_inquiry`, HttpOnly, SameSite=Lax, path `/inquiry`) is not the staff's
session cookie and is never read outside `/inquiry`; it names the draft being written. Each form
carries a CSRF token derived from it with the app's secret key, so a form posted from another
site (which cannot read the cookie) is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app, g, request

COOKIE = "tracegraph_inquiry"
LANG_COOKIE = "tracegraph_inquiry_lang"
PATH = "/inquiry"
MAX_AGE = 24 * 3600


def token() -> str:
    """This browser's token, a new one when it has none (set on the response by `save`)."""
    if "inquiry_token" not in g:
        given = request.cookies.get(COOKIE, "")
        if len(given) != 43 or not all(ch.isalnum() or ch in "-_" for ch in given):
            given = ""
        g.inquiry_token = given or secrets.token_urlsafe(32)
        g.inquiry_token_new = not given
    return g.inquiry_token


def had_token() -> bool:
    token()
    return not g.inquiry_token_new


def csrf_token() -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"inquiry-csrf:{token()}".encode(), hashlib.sha256).hexdigest()[:40]


def csrf_ok(sent: str | None) -> bool:
    return had_token() and bool(sent) and hmac.compare_digest(csrf_token(), sent or "")


def renew() -> None:
    """A new token after an inquiry is filed: the next one starts from a clean draft."""
    g.inquiry_token = secrets.token_urlsafe(32)
    g.inquiry_token_new = True


def _secure() -> bool:
    mode = current_app.config["COOKIE_SECURE_MODE"]
    return request.is_secure if mode == "auto" else mode == "always"


def save(response):  # type: ignore[no-untyped-def]
    """Set the cookies this request created or changed."""
    if g.get("inquiry_token_new"):
        response.set_cookie(COOKIE, g.inquiry_token, max_age=MAX_AGE, path=PATH, httponly=True,
                            samesite="Lax", secure=_secure())
    if g.get("inquiry_lang_chosen"):
        response.set_cookie(LANG_COOKIE, g.inquiry_lang, max_age=365 * 24 * 3600, path=PATH, httponly=True,
                            samesite="Lax", secure=_secure())
    return response
