"""The staff pages' language: chosen from the header's menu and remembered in the user's row
(`users.language`), else the browser's Accept-Language; every staff page and the words the Python
builds for it are then said in it (cases/i18n.py, gettext domain `staff`).

The families' inquiry pages choose their own language (web/inquiry/) and are left alone here.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, g, redirect, request

from cases import i18n
from cases.i18n import N_
from cases.summary import evidence_name
from identify.review import STATUS_WORDS

from . import accounts
from .db import get_local
from .security import FAMILY_BLUEPRINT, PUBLIC, audit, requires, safe_next

bp = Blueprint("language", __name__)
# remembers the choice made before logging in (the login page), and after logging out
COOKIE = "tracegraph_lang"
_TOKEN = "staff_language_token"
# how the pages name a record's kind, a candidate's band and a user's role
KIND_WORDS = {"Report": N_("Report"), "Person": N_("Person"), "Remains": N_("Remains"), "Sighting": N_("Sighting"),
              "Voyage": N_("Voyage"), "Incident": N_("Incident"), "DNAProfile": N_("DNA profile"),
              "Place": N_("Place"), "Vessel": N_("Vessel"), "Route": N_("Route"), "Agency": N_("Agency"),
              "Candidate": N_("Candidate")}
BAND_WORDS = {"strong": N_("strong"), "probable": N_("probable"), "possible": N_("possible"),
              "excluded": N_("excluded"), "unbanded": N_("unbanded"), "re-association": N_("re-association"),
              "confirmed": N_("confirmed")}
ROLE_WORDS = {"investigator": N_("investigator"), "analyst": N_("analyst"), "liaison": N_("liaison officer"),
              "admin": N_("administrator")}


PROVENANCE_WORDS = {"agency": N_("agency"), "sharing": N_("sharing"), "source_file": N_("source file"),
                    "source_record": N_("source record"), "ingested_at": N_("ingested at"),
                    "updated_at": N_("updated at")}


SAMPLE_WORDS = {"post_mortem": N_("post-mortem"), "reference": N_("reference"),
                "personal_effect": N_("personal effect")}


def sample_word(kind: str | None) -> str:
    return _word(SAMPLE_WORDS, kind)


def dna_source(text: str | None) -> str:
    """Where a DNA profile comes from, as ui_case_dna says it, in the page's language: the record,
    the relative and the names stay as recorded."""
    text = text or ""
    if text.startswith("post-mortem: "):
        return i18n.gettext("post-mortem: %(record)s", record=text[len("post-mortem: "):])
    if text == "personal effect of the missing person":
        return i18n.gettext("personal effect of the missing person")
    if text.startswith("reference: "):
        relation, _space, name = text[len("reference: "):].partition(" ")
        words = i18n.value_word("RELATIVE_OF", "relationship", relation) or relation.replace("_", " ")
        return i18n.gettext("reference: %(relation)s %(name)s", relation=words, name=name)
    return text


def prop_label(prop: str) -> str:
    """A property's label where a page does not know the record's kind: the model's first label of
    that name, else the property name in words."""
    from graphmodel.model import load_model

    for node in load_model().nodes.values():
        if node.labels.get(prop):
            return i18n.field_label(node.labels[prop])
    return prop.replace("_", " ")


def provenance_label(prop: str) -> str:
    return _word(PROVENANCE_WORDS, prop)


def _word(words: dict[str, str], key: str | None) -> str:
    return i18n.gettext(words[key]) if key in words else (key or "").replace("_", " ")


def kind_word(label: str | None) -> str:
    return _word(KIND_WORDS, label)


def band_word(band: str | None) -> str:
    return _word(BAND_WORDS, band)


def status_word(status: str | None) -> str:
    return _word(STATUS_WORDS, status)


def role_word(role: str | None) -> str:
    return _word(ROLE_WORDS, role)


def country_name(prop: str, code: object) -> str | None:
    """A nationality or a country of residence by its name in the page's language."""
    return i18n.country(str(code)) if prop in ("nationality", "contact_country") and code else None


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

    # globals, so that the macros templates import see them too
    app.jinja_env.globals.update(
        field_label=i18n.field_label, value_word=i18n.value_word, kind_word=kind_word, band_word=band_word,
        status_word=status_word, role_word=role_word, country_name=country_name, prop_label=prop_label,
        provenance_label=provenance_label, evidence_word=evidence_name, sample_word=sample_word,
        dna_source=dna_source)
    from .review import said
    from .scriptwords import script_words
    app.jinja_env.globals.update(script_words=script_words, rule_words=said)

    @app.context_processor
    def page_language() -> dict[str, object]:
        lang = g.get("lang", i18n.SOURCE_LANGUAGE)
        return {"lang": lang, "dir": i18n.direction(lang), "staff_languages": i18n.languages()}
