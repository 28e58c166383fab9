"""The audit trail: who viewed, searched, ran, exported or decided what, and when.

Append-only (triggers refuse UPDATE and DELETE; on PostgreSQL the app's role has no grant for them
either) and tamper-evident: each entry carries the hash of the one before it (web/auditchain.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, text

from queries.results import neutralise

from . import auditchain
from .localstore import LocalStore, now
from .tables import audit

# The actions recorded, so the admin page can offer them as a filter.
ACTIONS = ("login", "login_failed", "logout", "view", "search", "query", "export_brief",
           "review", "review_refused", "expand", "paths", "save_layout", "user_admin", "export_audit", "export_query",
           "save_query", "cancel_query", "inquiry", "inquiry_filed", "inquiry_withdrawn")
# Room for a whole workbench query (5,000 characters) with its parameters, row count and duration.
MAX_DETAIL = 12000
MAX_TARGET = 500
# PostgreSQL: appends from every app server take this lock in turn, so each reads the hash of the
# entry written just before it. SQLite's write transaction does the same for one file.
CHAIN_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('tracegraph.web.audit'))")
VERIFY_BATCH = 5000


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    username: str
    role: str
    agency: str
    action: str
    target: str
    detail: str
    ip: str
    entry_hash: str


def _text(value: str, limit: int | None = None) -> str:
    # PostgreSQL text cannot hold NUL; both stores keep the same (hashed) text.
    return str(value)[:limit].replace("\x00", "\ufffd")


def record(db: LocalStore, *, username: str, role: str, agency: str, action: str,
           target: str = "", detail: str = "", ip: str = "") -> None:
    """Append one entry, chained to the last one."""
    entry = {"username": _text(username), "role": _text(role), "agency": _text(agency), "action": _text(action),
             "target": _text(target, MAX_TARGET), "detail": _text(detail, MAX_DETAIL), "ip": _text(ip)}
    with db.write() as connection:
        if db.is_postgresql:
            connection.execute(CHAIN_LOCK)
        previous = connection.execute(select(audit.c.entry_hash).order_by(audit.c.id.desc()).limit(1)).scalar()
        previous = previous or auditchain.GENESIS
        entry["at"] = now()
        connection.execute(insert(audit).values(**entry, prev_hash=previous,
                                                entry_hash=auditchain.entry_hash(previous, entry)))


def failed_logins_from(db: LocalStore, ip: str, since: str) -> int:
    """How many logins from this address failed since the given time (ISO 8601, UTC)."""
    query = select(func.count()).select_from(audit).where(
        audit.c.action == "login_failed", audit.c.at >= since, audit.c.ip == ip)
    with db.read() as connection:
        return int(connection.execute(query).scalar_one())


def entries(db: LocalStore, *, username: str = "", action: str = "", target: str = "", since: str = "",
            before: str = "", limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """The newest entries first, optionally filtered by user, action, target prefix and time (ISO 8601
    texts, compared as written: `since` included, `before` not)."""
    query = select(*(audit.c[name] for name in AuditEntry.__dataclass_fields__))
    if username:
        query = query.where(audit.c.username == username)
    if action:
        query = query.where(audit.c.action == action)
    if target:
        query = query.where(audit.c.target.startswith(target, autoescape=True))
    if since:
        query = query.where(audit.c.at >= since)
    if before:
        query = query.where(audit.c.at < before)
    query = query.order_by(audit.c.id.desc()).limit(limit).offset(offset)
    with db.read() as connection:
        return [AuditEntry(**row) for row in connection.execute(query).mappings()]


def chain(db: LocalStore) -> Iterator[dict[str, Any]]:
    """Every entry with its hashes, in the order written, read in batches."""
    last_id = -1
    while True:
        query = select(audit).where(audit.c.id > last_id).order_by(audit.c.id).limit(VERIFY_BATCH)
        with db.read() as connection:
            batch = [dict(row) for row in connection.execute(query).mappings()]
        if not batch:
            return
        yield from batch
        last_id = batch[-1]["id"]


def verify(db: LocalStore) -> auditchain.ChainReport:
    """Walk the whole trail and report the first entry at which the hash chain does not hold."""
    return auditchain.walk(chain(db))


def entry_hash_of(db: LocalStore, entry_id: int) -> str | None:
    with db.read() as connection:
        return connection.execute(select(audit.c.entry_hash).where(audit.c.id == entry_id)).scalar()


def as_csv(rows: Iterable[AuditEntry]) -> str:
    """The entries as CSV, with cells that a spreadsheet would run as formulas defused."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "username", "role", "agency", "action", "target", "detail", "ip", "entry_hash"])
    for row in rows:
        # A failed login records the username as typed, so every text cell is defused.
        writer.writerow([row.id, *(neutralise(str(text)) for text in (
            row.at, row.username, row.role, row.agency, row.action, row.target, row.detail, row.ip)),
            row.entry_hash])
    return out.getvalue()
