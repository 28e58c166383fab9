"""The staff pages' translation catalogue (gettext domain `staff`, read with Babel) and its languages.

The catalogues are `cases/translations/<lang>/LC_MESSAGES/staff.po`; they hold the words of the
staff pages' templates (web/templates), of the Python that builds page text (cases, the review
rules' words, the web views) and the labels the model's YAML gives properties
(graphmodel/schema). The model's vocabularies of values are not repeated: they are the briefs'
(`briefs` domain), which the staff catalogue falls back on (`briefs` shares its catalogue when
imported, `share_vocabularies`), so a value is said the same way on a page and in a brief. A
language is offered when its `staff.po` exists: a translator adds one with that file alone; its
`.mo` is compiled on first use. English is the source language.

The language of the page being built is set with `language(lang)` (a context variable), so code
that builds words (the case summary, the timeline) stays free of Flask.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.support import Translations

from graphmodel import catalogues
from graphmodel.catalogues import compile_catalogues

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DOMAIN = "staff"
SOURCE_LANGUAGE = "en"
# context of the model's property labels in the catalogue
FIELD_CONTEXT = "field"
# Accept-Language tags served by a catalogue of another code (as the families' inquiry does)
ALIASES = {"hr": "bs", "sr": "bs", "cnr": "bs", "sh": "bs"}
_active: ContextVar[NullTranslations | None] = ContextVar("staff_translations", default=None)
_code: ContextVar[str] = ContextVar("staff_language", default=SOURCE_LANGUAGE)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for a word marked, said later
    """Mark `message` for the catalogue without translating it here."""
    return message


def gettext(message: str, **variables: object) -> str:
    """`message` in the page's language (set with `language`), formatted with `variables`."""
    text = (_active.get() or NullTranslations()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, count: int, **variables: object) -> str:
    """The form of `singular`/`plural` for `count` in the page's language; `%(count)s` is `count`."""
    text = (_active.get() or NullTranslations()).ngettext(singular, plural, count)
    return text % {"count": count, **variables}


def plural_form(singular: str, plural: str, count: int) -> str:
    """The form of `singular`/`plural` for `count`, unformatted (for Jinja's own formatting)."""
    return (_active.get() or NullTranslations()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context` (a word of the model's vocabularies: `Person.sex`)."""
    return (_active.get() or NullTranslations()).pgettext(context, message)


def field_label(label: str) -> str:
    """A property's label from the model's YAML, in the page's language."""
    return pgettext(FIELD_CONTEXT, label)


def value_word(label: str, prop: str, raw: Any) -> str | None:
    """A stored value through the model's vocabulary of the property, in the page's language;
    None when the property has no vocabulary that holds it."""
    from graphmodel.model import load_model

    model = load_model()
    owner = model.nodes.get(label) or model.relationships.get(label)
    words = (getattr(owner, "values", None) or {}).get(prop, {}) if owner is not None else {}
    english = words.get(str(raw)) if raw not in (None, "") else None
    return pgettext(f"{label}.{prop}", english) if english is not None else None


def country(code: str | None) -> str | None:
    """A country's name in the page's language from its ISO 3166 alpha-3 (or alpha-2) code; None
    when CLDR does not know it."""
    from babel.core import get_global

    if not code or not isinstance(code, str):
        return None
    alpha2 = code.upper() if len(code) == 2 else (get_global("territory_aliases").get(code.upper()) or [""])[0]
    name = Locale.parse(active_language()).territories.get(alpha2)
    return str(name) if name else None


def active_language() -> str:
    return _code.get()


def language(lang: str) -> AbstractContextManager[None]:
    """Build page words in `lang` inside the block (English for a language with no catalogue)."""
    lang = lang if lang in languages() else SOURCE_LANGUAGE
    return catalogues.switched(_active, _code, catalogue(lang), lang)


def direction(lang: str) -> str:
    try:
        return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"
    except (UnknownLocaleError, ValueError):
        return "ltr"


@lru_cache(maxsize=1)
def languages() -> dict[str, str]:
    """code -> its name in its own language: English, then every language with a catalogue."""
    found = sorted(po.parent.parent.name for po in TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    names = {SOURCE_LANGUAGE: "English"}
    for code in found:
        if code != SOURCE_LANGUAGE:
            named = catalogue(code).pgettext("language name", "English")
            names[code] = named if named != "English" else (Locale.parse(code).display_name or code)
    return names


def best_match(accept_language: list[tuple[str, float]]) -> str:
    """The offered language a browser's Accept-Language prefers, else English."""
    return catalogues.best_match(accept_language, languages(), ALIASES, SOURCE_LANGUAGE)


_vocabularies: list[Callable[[str], NullTranslations]] = []


def share_vocabularies(source: Callable[[str], NullTranslations]) -> None:
    """Let the staff catalogues fall back on `source`'s catalogue of a language: the briefs' holds
    the model's vocabularies of values (`briefs.i18n` shares it when imported)."""
    if source not in _vocabularies:
        _vocabularies.append(source)
        catalogue.cache_clear()


@lru_cache(maxsize=None)
def catalogue(lang: str) -> NullTranslations:
    """The staff catalogue of a language, falling back on the shared vocabularies."""
    _compile_once()
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    staff = Translations.load(str(TRANSLATIONS), [lang], domain=DOMAIN)
    for source in _vocabularies:
        staff.add_fallback(source(lang))
    return staff


@lru_cache(maxsize=1)
def _compile_once() -> list[Path]:
    return compile_catalogues(TRANSLATIONS, DOMAIN)


def extract_model_labels(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Any:
    """Babel extractor (`cases/translations/babel.cfg`): the labels the model's YAML gives the
    properties a page shows, and its ranges' labels, so the catalogues translate them."""
    import yaml

    spec = yaml.safe_load(fileobj.read()) or {}
    for entry in spec.values():
        for label in (entry.get("labels") or {}).values():
            yield 1, "pgettext", (FIELD_CONTEXT, str(label)), []
        for span in entry.get("ranges") or ():
            yield 1, "pgettext", (FIELD_CONTEXT, str(span["label"])), []
