"""Compiling gettext catalogues (`.po` to `.mo`, with Babel) for any package that ships some."""

from __future__ import annotations

import logging
from collections.abc import Container, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from gettext import NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)


def compile_catalogues(folder: Path, domain: str) -> list[Path]:
    """Compile every `<domain>.po` under `folder` whose `.mo` is missing or older; returns the files
    written. A `.mo` that cannot be written (a read-only install) is left as committed."""
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
        except OSError as error:
            log.warning("could not compile %s: %s", po, error)
            continue
        written.append(mo)
    return written


def best_match(accept_language: list[tuple[str, float]], offered: Container[str], aliases: Mapping[str, str],
               default: str) -> str:
    """The offered language a browser's Accept-Language (tag, quality) prefers, else `default`; a
    tag's language alone counts too (`ar-EG` → `ar`), and `aliases` send a code to the catalogue
    that serves it."""
    for tag, _quality in sorted(accept_language, key=lambda item: -item[1]):
        tag = tag.lower().replace("_", "-")
        for code in (tag, tag.split("-")[0]):
            code = aliases.get(code, code)
            if code in offered:
                return code
    return default


@contextmanager
def switched(active: ContextVar[NullTranslations | None], code: ContextVar[str], translations: NullTranslations,
             lang: str) -> Iterator[None]:
    """A package's active catalogue and language code set to `translations` and `lang` inside the
    block, and given back after it (each package keeps its own two context variables)."""
    token, previous = active.set(translations), code.set(lang)
    try:
        yield
    finally:
        active.reset(token)
        code.reset(previous)
