"""Checks shared by the translation tests of the briefs and of the online inquiry: gettext
catalogues read with Babel, compared message by message with their template."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"%\(\w+\)s")
Key = tuple[str, str | None]


def key(message) -> Key:  # type: ignore[no-untyped-def]
    """A message's id (its singular form) and context."""
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


def template(path: Path) -> set[Key]:
    """The messages of a template catalogue (.pot)."""
    with path.open("rb") as source:
        return {key(m) for m in read_po(source) if m.id}


def extracted(config: Path, root: Path) -> set[Key]:
    """The messages Babel extracts from the tree at `root` with the mapping of `config`."""
    with config.open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    return {((message if isinstance(message, str) else message[0]), context)
            for _file, _line, message, _comments, context in extract_from_dir(str(root), method_map, options_map)}


def assert_translated(po: Path, expected: set[Key], code: str) -> None:
    """Every message of `expected` is in the catalogue, translated, not fuzzy, with the source's
    placeholders, and the compiled .mo beside it holds the same messages."""
    with po.open("rb") as source:
        messages = {key(m): m for m in read_po(source) if m.id}
    assert set(messages) == expected, (code, sorted(expected - set(messages))[:10])
    for message_key, message in messages.items():
        text = message.string if isinstance(message.string, str) else message.string[0]
        assert text and not message.fuzzy, (code, message_key)
        placeholders = sorted(PLACEHOLDER.findall(message_key[0]))
        assert sorted(PLACEHOLDER.findall(text)) == placeholders, (code, message_key, text)
    with po.with_suffix(".mo").open("rb") as compiled:
        assert {key(m) for m in read_mo(compiled) if m.id} == expected, f"{code}: the .mo is not the .po compiled"
