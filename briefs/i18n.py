"""The briefs' own translation catalogue (Flask-Babel domain `briefs`) and its languages.

The catalogues are `web/translations/<lang>/LC_MESSAGES/briefs.po`; the compiled `.mo` files are
(re)built from them when the app starts, so an edited `.po` never goes unnoticed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import Babel, Domain

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DOMAIN_NAME = "briefs"
# code -> (name in its own language, writing direction)
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "ltr"),
    "ar": ("العربية", "rtl"),
    "es": ("Español", "ltr"),
}
domain = Domain(translation_directories=[str(TRANSLATIONS)], domain=DOMAIN_NAME)
log = logging.getLogger(__name__)


def gettext(message: str, **variables: object) -> str:
    """`message` in the brief's language (set with `flask_babel.force_locale`)."""
    return domain.gettext(message, **variables)


def direction(lang: str) -> str:
    return LANGUAGES.get(lang, ("", "ltr"))[1]


def compile_catalogues(folder: Path = TRANSLATIONS) -> list[Path]:
    """Compile every `briefs.po` whose `.mo` is missing or older; returns the files written."""
    written = []
    for po in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN_NAME}.po")):
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


def init_app(app: Flask) -> None:
    """Compile the catalogues and make sure Flask-Babel is set up (another area may have done it)."""
    compile_catalogues()
    if "babel" not in app.extensions:
        Babel(app)
