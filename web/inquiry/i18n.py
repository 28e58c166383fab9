"""The inquiry's languages: one gettext catalog per language, found on disk.

A language is offered when `translations/<code>/LC_MESSAGES/inquiry.po` exists: a translator adds
one by copying `translations/inquiry.pot` there and translating it (docs/inquiry.md), without
touching code. Its name in its own language is the translation of the message "English" in the
context "language name"; its writing direction comes from the Unicode CLDR data Babel carries
(Arabic, Persian, Urdu, Hebrew... are right to left). The `.mo` files are compiled from the
`.po` files at start-up when they are missing or older (and committed, for read-only installs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

from briefs.i18n import compile_catalogues
from graphmodel import catalogues

FOLDER = Path(__file__).resolve().parent / "translations"
DOMAIN = "inquiry"
DEFAULT = "en"
# Accept-Language tags served by a catalog of another code: the Bosnian text is written to serve
# Croatian, Serbian (Latin) and Montenegrin readers alike.
ALIASES = {"hr": "bs", "sr": "bs", "cnr": "bs", "sh": "bs"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    direction: str
    translations: NullTranslations

    def gettext(self, message: str, **variables: object) -> str:
        text = self.translations.gettext(message)
        return text % variables if variables else text

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)


def compile_catalogs(folder: Path = FOLDER) -> list[Path]:
    """Compile each `inquiry.po` whose `.mo` is missing or older; the files written."""
    return compile_catalogues(folder, DOMAIN)


def _direction(code: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).text_direction
    except (UnknownLocaleError, ValueError):
        return "ltr"


@lru_cache(maxsize=1)
def languages() -> dict[str, Language]:
    """Every language with a catalog, English first, then by code."""
    compile_catalogs()
    found: dict[str, Language] = {}
    for po in sorted(FOLDER.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        code = po.parent.parent.name
        translations = Translations.load(str(FOLDER), [code], DOMAIN)
        name = translations.pgettext("language name", "English")
        found[code] = Language(code, name, _direction(code), translations)
    if DEFAULT not in found:
        found[DEFAULT] = Language(DEFAULT, "English", "ltr", NullTranslations())
    return {code: found[code] for code in sorted(found, key=lambda c: (c != DEFAULT, c))}


def best_match(accept_language: list[tuple[str, float]]) -> str:
    """The offered language a browser's Accept-Language prefers, else English."""
    return catalogues.best_match(accept_language, languages(), ALIASES, DEFAULT)


@lru_cache(maxsize=32)
def month_names(code: str) -> tuple[tuple[int, str], ...]:
    """The months in the language, from the CLDR data Babel carries (no catalog needed)."""
    try:
        months = Locale.parse(code.replace("-", "_")).months["stand-alone"]["wide"]
    except (UnknownLocaleError, ValueError, KeyError):
        months = Locale.parse(DEFAULT).months["stand-alone"]["wide"]
    return tuple((number, str(months[number])) for number in range(1, 13))
