"""The one module that owns the app's own SQLite database: users, sessions, audit trail, layouts,
and what the online inquiry keeps outside the graph.

These live outside the investigative graph on purpose: whatever an analyst runs in the Cypher
console, it can never read a password hash, a session or the audit trail, and a graph wiped and
re-ingested keeps its users and its history of who looked at what.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    agency TEXT NOT NULL,
    dna_cleared INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    full_name TEXT NOT NULL DEFAULT '',
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_login_at TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions(username);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    agency TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_by_user ON audit(username, at);
CREATE INDEX IF NOT EXISTS audit_by_action ON audit(action, at);
-- The trail is append-only: nothing, not even an admin's mistake, rewrites who did what.
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TABLE IF NOT EXISTS layouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_uid TEXT NOT NULL,
    name TEXT NOT NULL,
    username TEXT NOT NULL,
    agency TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS layouts_by_report ON layouts(report_uid, agency);
-- Online inquiries (inquiries/ledger.py): what must not be in the graph (the secret's hash, the
-- family's contact details, the consent as given) and the drafts of inquiries being written.
CREATE TABLE IF NOT EXISTS inquiries (
    number TEXT PRIMARY KEY,
    report_uid TEXT NOT NULL,
    agency TEXT NOT NULL,
    secret_salt TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    lang TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    consent TEXT NOT NULL,
    contact TEXT NOT NULL,
    answers TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    message_at TEXT,
    graph_written INTEGER NOT NULL DEFAULT 0,
    matched_at TEXT,
    withdrawn_at TEXT,
    draft_hash TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS inquiries_pending ON inquiries(graph_written, matched_at);
CREATE TABLE IF NOT EXISTS inquiry_drafts (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    started REAL NOT NULL,
    lang TEXT NOT NULL,
    answers TEXT NOT NULL DEFAULT '{}',
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS inquiry_drafts_by_age ON inquiry_drafts(updated_at);
CREATE TABLE IF NOT EXISTS inquiry_photos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_hash TEXT,
    number TEXT,
    created_at TEXT NOT NULL,
    jpeg BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS inquiry_photos_by_draft ON inquiry_photos(draft_hash);
CREATE INDEX IF NOT EXISTS inquiry_photos_by_number ON inquiry_photos(number);
"""


def now() -> str:
    """The current UTC time as ISO 8601 with seconds, the form every table stores."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the app's database; with `create`, make the file and its schema when missing."""
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA busy_timeout=10000")
    if create:
        # WAL lets the server's worker threads read while one writes.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.executescript(SCHEMA)
        path.chmod(0o600)
    return connection


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: committed when the block ends, rolled back on an error."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
