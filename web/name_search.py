"""Turning what an investigator types into full-text and transliteration-key searches."""

from __future__ import annotations

import re

from unidecode import unidecode

try:  # The ingestion package computes the keys stored on every Person; search must compute the same.
    from normalise.name_keys import name_key as _name_key
    from normalise.name_keys import transliterate as _transliterate
    from normalise.name_keys import word_keys as _word_keys
except ImportError:  # pragma: no cover - only before ingestion is installed
    _name_key = _transliterate = _word_keys = None

TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)
LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
MAX_TOKENS = 8


def tokens(text: str) -> list[str]:
    return [t.strip("'’-") for t in TOKEN.findall(text) if t.strip("'’-")][:MAX_TOKENS]


def name_keys(text: str) -> list[str]:
    """Transliteration keys of the whole text, computed as ingestion computes Person.name_key."""
    if _name_key is None or not text.strip():
        return []
    key = _name_key(text)
    return [key] if key else []


def _escape(token: str) -> str:
    return LUCENE_SPECIAL.sub(r"\\\1", token)


def lucene_query(text: str) -> str | None:
    """Every word must match: as typed, as a prefix, as its Latin transliteration, or one edit away.

    Returns None when nothing searchable is left (only punctuation, say).
    """
    clauses = []
    for token in tokens(text):
        variants = {_escape(token.lower())}
        latin = (_transliterate(token) if _transliterate else unidecode(token)).lower().strip()
        if latin and latin.isascii():
            variants.add(_escape(latin.replace(" ", "")))
        if _word_keys is not None:
            # The consonant skeleton of the word, as name_variants indexes it for every spelling.
            variants.update(_escape(key) for key in _word_keys(token) if len(key) >= 2)
        parts = []
        for variant in sorted(variants):
            parts.append(variant)
            parts.append(variant + "*")
            if len(variant) >= 5:
                parts.append(variant + "~1")
        clauses.append("(" + " OR ".join(parts) + ")")
    return " AND ".join(clauses) if clauses else None
