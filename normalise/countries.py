"""Country names and ISO 3166-1 alpha-3 codes, both ways.

The table (`countries.tsv`) lists every ISO 3166-1 country with the short name TraceGraph shows
and the other names and spellings met in agency files ("Iran (Islamic Republic of)", "Ivory
Coast", "USA", "Lybia"). `XKX` is the code the EU and the UN agencies use for Kosovo, which has
no ISO code of its own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources


def _fold(name: str) -> str:
    """Case, accents and punctuation removed, so spellings of one name meet."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "", letters.replace("&", "and"))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    text = resources.files("normalise").joinpath("countries.tsv").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name, *aliases = line.split("\t")
        names[code] = name
        for spelling in (code, name, *aliases):
            codes[_fold(spelling)] = code
    return names, codes


def country_code(text: str) -> str:
    """The ISO 3166-1 alpha-3 code of a country name or code; ValueError when it is not one.

    >>> country_code("Iran (Islamic Republic of)"), country_code("ita"), country_code("Ivory Coast")
    ('IRN', 'ITA', 'CIV')
    """
    _, codes = _tables()
    code = codes.get(_fold(text))
    if code is None:
        raise ValueError(f"{text!r} is not a country name or ISO 3166 alpha-3 code")
    return code


def find_country_code(text: str) -> str | None:
    """`country_code`, or None for text that names no country."""
    try:
        return country_code(text)
    except ValueError:
        return None


def country_name(code: str) -> str:
    """The short name of an alpha-3 code ("SYR" -> "Syria"); KeyError for an unknown code."""
    names, _ = _tables()
    return names[code.upper()]


def all_codes() -> list[str]:
    """Every alpha-3 code of the table."""
    names, _ = _tables()
    return sorted(names)


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, str]:
    text = resources.files("normalise").joinpath("subdivisions.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, code = line.split("\t")
            table[_fold(name.split(" (")[0])] = code
    return table


def country_of_place(description: str | None) -> str | None:
    """The country a place description names, read from its end ("..., Cadiz, Spain"; "...,
    Imperial County, California" is in the United States), or None.

    >>> country_of_place("Rio Bravo, near El Indio, Maverick County, Texas, USA")
    'USA'
    """
    if not description:
        return None
    text = re.sub(r"\([^)]*\)", "", description)
    parts = [part.strip().rstrip(".").strip() for part in text.split(",") if part.strip()]
    if not parts:
        return None
    for part in reversed(parts[-2:]):
        if code := find_country_code(part):
            return code
    # "off the coast of Libya", "near the border with Chad": the last words of the last part.
    words = parts[-1].split()
    for count in (3, 2, 1):
        if len(words) > count and (code := find_country_code(" ".join(words[-count:]))):
            return code
    for part in reversed(parts[-2:]):
        if code := _subdivisions().get(_fold(part)):
            return code
    return None
