"""The change journal: which nodes each write touched, so the analysts' views catch up incrementally.

A write that goes through `Store` with `touched=` also creates, in the same transaction, one
`ViewChange` node listing `Label|key` for every node it wrote or deleted (or `*`: anything may
have changed). The journal is committed with the write or not at all, so a view that replays it
misses nothing a committed write did. Deleted relationships are named by the node at either end:
a view re-reads every relationship of a touched node.

Writers name what they touch; the views' consistency test (`tests/isolation`) compares a view
kept up to date through the journal with one rebuilt from scratch after every kind of write, so
a write path that forgets to journal fails there.
"""

from __future__ import annotations

from collections.abc import Iterable

EVERYTHING = "*"
JOURNAL_LABEL = "ViewChange"
SEPARATOR = "|"
JOURNAL_STATEMENT = ("CREATE (:ViewChange {uid: randomUUID(), at: datetime.transaction(), "
                     "keys: $journal_keys})")


def touched(label: str, key: object) -> str:
    """The journal's name of one node: its label and key value."""
    return f"{label}{SEPARATOR}{key}"


def split(entry: str) -> tuple[str, str]:
    """`Label|key` -> (label, key); a key may itself hold the separator, a label never does."""
    label, _, key = entry.partition(SEPARATOR)
    return label, key


def journal_keys(keys: Iterable[str]) -> list[str]:
    """The keys of one journal entry, once each and in order (so an entry's text is reproducible)."""
    return sorted(set(keys))
