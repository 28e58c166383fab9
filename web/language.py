"""The staff pages' language: chosen from the header's menu and remembered in the user's row
(`users.language`), else the browser's Accept-Language; every staff page and the words the Python
builds for it are then said in it (cases/i18n.py, gettext domain `staff`).

The families' inquiry pages choose their own language (web/inquiry/) and are left alone here.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, g, redirect, request, url_for

from cases import i18n

from . import accounts
from .db import get_local
from .security import FAMILY_BLUEPRINT, PUBLIC, audit, requires, safe_next

bp = Blueprint("language", __name__)
# remembers the choice made before logging in (the login page), and after logging out
COOKIE = "tracegraph_lang"
_TOKEN = "staff_language_token"


def chosen() -> str:
    """The language of this request's staff page."""
    offered = i18n.languages()
    user = g.get("user")
    if user is not None and user.language in offered:
        return str(user.language)
    if request.cookies.get(COOKIE) in offered:
        return str(request.cookies[COOKIE])
    return i18n.best_match(list(request.accept_languages))


def _begin() -> None:
    if request.blueprint == FAMILY_BLUEPRINT:
        return
    g.lang = chosen()
    context = i18n.language(g.lang)
    context.__enter__()
    g.setdefault(_TOKEN, context)


def _end(_error: BaseException | None = None) -> None:
    context = g.pop(_TOKEN, None)
    if context is not None:
        context.__exit__(None, None, None)


@bp.route("/language", methods=["POST"])
@requires(PUBLIC)
def choose() -> Any:
    """Switch the staff pages' language; back to the page the menu was on."""
    lang = request.form.get("lang", "")
    back = redirect(safe_next(request.form.get("next")))
    if lang not in i18n.languages():
        return back
    user = g.get("user")
    if user is not None and user.language != lang:
        accounts.set_language(get_local(), user.username, lang)
        audit("language", target=user.username, detail=lang)
    back.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                    secure=request.is_secure)
    return back


def init_app(app: Flask) -> None:
    """Set each staff request's language after the user is known, and give the templates gettext."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: i18n.gettext(message),
        ngettext=lambda singular, plural, n: i18n.plural_form(singular, plural, n),
        pgettext=lambda context, message: i18n.pgettext(context, message),
        newstyle=True)
    app.before_request(_begin)
    app.teardown_request(_end)
    app.register_blueprint(bp)

    @app.context_processor
    def page_language() -> dict[str, object]:
        lang = g.get("lang", i18n.SOURCE_LANGUAGE)
        return {"lang": lang, "dir": i18n.direction(lang), "staff_languages": i18n.languages(),
                "field_label": i18n.field_label, "value_word": i18n.value_word}
