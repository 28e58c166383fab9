"""The briefs' own translation catalogue (gettext domain `briefs`, read with Babel) and its languages.

The catalogues are `briefs/translations/<lang>/LC_MESSAGES/briefs.po`; the compiled `.mo` files
are (re)built from them the first time a process translates a brief, so an edited `.po` never goes
unnoticed. The language of the brief being built is set with `language(lang)`, per thread or task
(a context variable), so the web app and the command line translate alike, without Flask.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DOMAIN_NAME = "briefs"
# code -> (name in its own language, writing direction)
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "ltr"),
    "ar": ("العربية", "rtl"),
    "es": ("Español", "ltr"),
}
SOURCE_LANGUAGE = "en"
_active: ContextVar[NullTranslations | None] = ContextVar("brief_translations", default=None)
log = logging.getLogger(__name__)


def gettext(message: str, **variables: object) -> str:
    """`message` in the brief's language (set with `language`)."""
    text = (_active.get() or catalogue(SOURCE_LANGUAGE)).gettext(message)
    return text % variables if variables else text


def direction(lang: str) -> str:
    return LANGUAGES.get(lang, ("", "ltr"))[1]


def compile_catalogues(folder: Path = TRANSLATIONS, domain: str = DOMAIN_NAME) -> list[Path]:
    """Compile every `<domain>.po` under `folder` whose `.mo` is missing or older; returns the files
    written. The briefs' catalogues by default; the families' inquiry pages compile theirs with it."""
    written = []
    for po in sorted(folder.glob(f"*/LC_MESSAGES/{domain}.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        try:
            with mo.open("wb") as target:
                write_mo(target, catalog)
        except OSError as error:  # a read-only install keeps the committed .mo files
            log.warning("could not compile %s: %s", po, error)
            continue
        written.append(mo)
    return written


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Translate into `lang` inside the block."""
    token = _active.set(catalogue(lang))
    try:
        yield
    finally:
        _active.reset(token)


@lru_cache(maxsize=None)
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue of a language (none for English, the source language)."""
    _compile_once()
    return Translations.load(str(TRANSLATIONS), [lang], domain=DOMAIN_NAME)


@lru_cache(maxsize=1)
def _compile_once() -> list[Path]:
    return compile_catalogues()
