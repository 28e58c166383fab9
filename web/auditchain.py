"""The audit trail's hash chain: each entry carries the SHA-256 of its predecessor and its own,
computed over its content and that predecessor's hash, so an entry changed, removed or slipped in
after it was written breaks the chain at that point.

Plain Python, no database: `web/auditlog.py` appends with `entry_hash`, `tracegraph audit verify`
walks the entries with `first_break`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# The predecessor of the first entry.
GENESIS = "0" * 64
# What an entry's hash covers, in this order (its id does not: the chain itself orders the entries).
FIELDS = ("at", "username", "role", "agency", "action", "target", "detail", "ip")


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of an entry that follows the one whose hash is `prev_hash`."""
    content = json.dumps([prev_hash, *(str(entry[name]) for name in FIELDS)], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first entry at which the chain does not hold, and why, as one sentence."""

    entry_id: int
    sentence: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_id: int | None
    last_id: int | None
    last_hash: str
    broken: ChainBreak | None


def _described(entry: Mapping[str, Any]) -> str:
    return f"entry {entry['id']} ({entry['at']}, {entry['username']}, {entry['action']})"


def walk(entries: Iterable[Mapping[str, Any]]) -> ChainReport:
    """Check entries given in the order they were written (by id); stops at the first break."""
    previous_hash, previous_id, first_id, count = GENESIS, None, None, 0
    for entry in entries:
        count += 1
        first_id = entry["id"] if first_id is None else first_id
        if entry["prev_hash"] != previous_hash:
            after = f"entry {previous_id}" if previous_id is not None else "the start of the trail"
            sentence = (f"The audit trail is broken at {_described(entry)}: it does not follow {after}, so the "
                        "trail was cut or rewritten there (an entry removed, slipped in, or changed and hashed again).")
            return ChainReport(count, first_id, entry["id"], previous_hash, ChainBreak(entry["id"], sentence))
        if entry_hash(previous_hash, entry) != entry["entry_hash"]:
            sentence = (f"The audit trail is broken at {_described(entry)}: its content no longer matches "
                        "its hash, so it was changed after it was written.")
            return ChainReport(count, first_id, entry["id"], previous_hash, ChainBreak(entry["id"], sentence))
        previous_hash, previous_id = entry["entry_hash"], entry["id"]
    return ChainReport(count, first_id, previous_id, previous_hash, None)
