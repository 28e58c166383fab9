"""The audit trail: who viewed, searched, ran, exported or decided what, and when. Append-only."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from queries.results import neutralise

from .localstore import now, transaction

# The actions recorded, so the admin page can offer them as a filter.
ACTIONS = ("login", "login_failed", "logout", "view", "search", "query", "export_brief",
           "review", "review_refused", "expand", "paths", "save_layout", "user_admin", "export_audit", "export_query",
           "save_query", "inquiry", "inquiry_filed", "inquiry_withdrawn")
# Room for a whole workbench query (5,000 characters) with its parameters, row count and duration.
MAX_DETAIL = 12000


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


def record(db: sqlite3.Connection, *, username: str, role: str, agency: str, action: str,
           target: str = "", detail: str = "", ip: str = "") -> None:
    """Append one entry."""
    with transaction(db):
        db.execute(
            "INSERT INTO audit (at, username, role, agency, action, target, detail, ip)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (now(), username, role, agency, action, target[:500], detail[:MAX_DETAIL], ip))


def failed_logins_from(db: sqlite3.Connection, ip: str, since: str) -> int:
    """How many logins from this address failed since the given time (ISO 8601, UTC)."""
    row = db.execute("SELECT count(*) FROM audit WHERE action = 'login_failed' AND at >= ? AND ip = ?",
                     (since, ip)).fetchone()
    return int(row[0])


def entries(db: sqlite3.Connection, *, username: str = "", action: str = "", target: str = "",
            limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """The newest entries first, optionally filtered by user, action and target prefix."""
    rows = db.execute(
        "SELECT * FROM audit WHERE (? = '' OR username = ?) AND (? = '' OR action = ?)"
        " AND (? = '' OR target LIKE ? ESCAPE '\\') ORDER BY id DESC LIMIT ? OFFSET ?",
        (username, username, action, action, target, _like_prefix(target), limit, offset))
    return [AuditEntry(**dict(row)) for row in rows]


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def as_csv(rows: Iterable[AuditEntry]) -> str:
    """The entries as CSV, with cells that a spreadsheet would run as formulas defused."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "username", "role", "agency", "action", "target", "detail", "ip"])
    for row in rows:
        # A failed login records the username as typed, so every text cell is defused.
        writer.writerow([row.id, *(neutralise(str(text)) for text in (
            row.at, row.username, row.role, row.agency, row.action, row.target, row.detail, row.ip))])
    return out.getvalue()
