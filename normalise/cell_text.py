"""Cell-level rules of every agency file: what counts as empty, and multi-valued cells."""

from __future__ import annotations

import unicodedata

# Words agencies type for "not known". The interchange contract says to leave the cell empty;
# files that do not follow it still load, and the report counts how often each marker was met.
EMPTY_MARKERS: frozenset[str] = frozenset({"n/a", "na", "unknown", "-"})

LONGEST_EMPTY_MARKER = max(len(marker) for marker in EMPTY_MARKERS)

MULTI_VALUE_SEPARATOR = " | "


def clean(raw: str | None) -> str:
    """The cell as text: Unicode NFC, surrounding whitespace and non-breaking spaces removed."""
    if raw is None:
        return ""
    if raw.isascii():
        # Most cells are plain ASCII, already NFC: the fast path matters on files of millions of rows.
        return raw.strip()
    return unicodedata.normalize("NFC", raw).replace("\u00a0", " ").strip()


def is_empty_marker(text: str, extra_markers: frozenset[str] = frozenset()) -> bool:
    """True for `N/A`, `NA`, `unknown`, `-` (any case) and the mapping's own markers."""
    if len(text) > LONGEST_EMPTY_MARKER and not extra_markers:
        return False
    folded = text.casefold()
    return folded in EMPTY_MARKERS or folded in extra_markers


def split_values(text: str, separator: str = MULTI_VALUE_SEPARATOR) -> list[str]:
    """The values of a multi-valued cell, cleaned, empty ones and empty markers dropped.

    The contract separates values with ` | `; a bare `|` is accepted too because spreadsheets
    often lose the spaces.
    """
    if not text:
        return []
    parts = text.split(separator.strip()) if separator.strip() == "|" else text.split(separator)
    values = [clean(part) for part in parts]
    return [value for value in values if value and not is_empty_marker(value)]
