"""The briefs' own translation catalogue (gettext domain `briefs`, read with Babel) and its languages.

The catalogues are `briefs/translations/<lang>/LC_MESSAGES/briefs.po`, and the languages a brief
is offered in are English (the source) and every language with a catalogue there: a translator
adds a language with a `.po` file alone. Its name and writing direction come from Babel's locale
data (CLDR), as do the names of countries and the way dates are written. The compiled `.mo` files
are (re)built from them the first time a process translates a brief, so an edited `.po` never goes
unnoticed. The language of the brief being built is set with `language(lang)`, per thread or task
(a context variable), so the web app and the command line translate alike, without Flask.
"""

from __future__ import annotations

import datetime
from contextlib import AbstractContextManager
from contextvars import ContextVar
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_skeleton
from babel.support import Translations

from cases import i18n as staff_i18n
from graphmodel import catalogues

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DOMAIN_NAME = "briefs"
SOURCE_LANGUAGE = "en"
_active: ContextVar[NullTranslations | None] = ContextVar("brief_translations", default=None)
_code: ContextVar[str] = ContextVar("brief_language", default=SOURCE_LANGUAGE)


def _languages() -> dict[str, tuple[str, str]]:
    """code -> (its name in its own language, writing direction): English, then each catalogue's."""
    found_codes = (po.parent.parent.name for po in TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN_NAME}.po"))
    codes = [SOURCE_LANGUAGE] + sorted(code for code in found_codes if code != SOURCE_LANGUAGE)
    found = {}
    for code in codes:
        locale = Locale.parse(code)
        # the catalogue names its language (Bosnian, Croatian and Serbian share one), else CLDR does
        named = catalogue(code).pgettext("language name", "English")
        name = named if code == SOURCE_LANGUAGE or named != "English" else locale.display_name or code
        found[code] = (name[:1].upper() + name[1:], "rtl" if locale.character_order == "right-to-left" else "ltr")
    return found


def active_language() -> str:
    """The code of the language set with `language` (English outside it)."""
    return _code.get()


def country(code: str | None) -> str:
    """A country's name in the brief's language, from its ISO 3166 alpha-3 (or alpha-2) code; the
    code itself when CLDR does not know it."""
    if not code:
        return ""
    alpha2 = code.upper() if len(code) == 2 else (get_global("territory_aliases").get(code.upper()) or [""])[0]
    return str(Locale.parse(active_language()).territories.get(alpha2, code))


def date(value: object) -> str:
    """A (possibly partial) ISO date as the brief's language writes it: `16 September 2024`,
    `September 2024`, `2024`; anything else as it is."""
    text = str(value or "")[:10]
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        locale = active_language()
        if len(numbers) == 3:
            return format_date(datetime.date(*numbers), "long", locale=locale)
        if len(numbers) == 2:
            return format_skeleton("yMMMM", datetime.date(numbers[0], numbers[1], 1), locale=locale)
        if len(numbers) == 1 and len(parts[0]) == 4:
            return parts[0]
    except ValueError:
        pass
    return text


def gettext(message: str, **variables: object) -> str:
    """`message` in the brief's language (set with `language`)."""
    text = (_active.get() or catalogue(SOURCE_LANGUAGE)).gettext(message)
    return text % variables if variables else text


def pgettext(context: str, message: str) -> str:
    """`message` in the brief's language, as meant in `context` (a word of the model's vocabularies)."""
    return (_active.get() or catalogue(SOURCE_LANGUAGE)).pgettext(context, message)


def direction(lang: str) -> str:
    return LANGUAGES.get(lang, ("", "ltr"))[1]


def compile_catalogues(folder: Path = TRANSLATIONS, domain: str = DOMAIN_NAME) -> list[Path]:
    """Compile every `<domain>.po` under `folder` whose `.mo` is missing or older; returns the files
    written. The briefs' catalogues by default; the families' inquiry pages compile theirs with it."""
    return catalogues.compile_catalogues(folder, domain)


def language(lang: str) -> AbstractContextManager[None]:
    """Translate into `lang` inside the block."""
    return catalogues.switched(_active, _code, catalogue(lang), lang)


@lru_cache(maxsize=None)
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue of a language (none for English, the source language)."""
    _compile_once()
    return Translations.load(str(TRANSLATIONS), [lang], domain=DOMAIN_NAME)


@lru_cache(maxsize=1)
def _compile_once() -> list[Path]:
    return compile_catalogues()


# code -> (name in its own language, writing direction)
LANGUAGES: dict[str, tuple[str, str]] = _languages()

# The staff pages say the model's values in the same words as the briefs: their catalogue falls
# back on this one, which holds the model's vocabularies.
staff_i18n.share_vocabularies(catalogue)
