"""The workbench's own tables in the app's SQLite database: each analyst's query history and the
queries they saved, personal or shared with their agency.

Like users and the audit trail, these live outside the graph, so nothing run in the workbench can
read or rewrite them. A saved query is kept as the text of a `.cypher` file, header included, and
read back with the library's own parser, so it has exactly the named queries' fields.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from queries.catalog import NamedQuery, QueryCatalogError, parse_query

from .localstore import now

SCHEMA = """
CREATE TABLE IF NOT EXISTS console_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    at TEXT NOT NULL,
    query TEXT NOT NULL,
    parameters TEXT NOT NULL,
    named TEXT NOT NULL DEFAULT '',
    row_count INTEGER,
    duration_ms REAL,
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS console_history_by_user ON console_history(username, id);
CREATE TABLE IF NOT EXISTS saved_queries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,
    agency TEXT NOT NULL,
    name TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    saved_at TEXT NOT NULL,
    source TEXT NOT NULL,
    UNIQUE (owner, name)
);
"""
HISTORY_SHOWN = 100
NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def create_tables(connection: sqlite3.Connection) -> None:
    connection.executescript(SCHEMA)


def record_run(connection: sqlite3.Connection, username: str, query: str, parameters: dict[str, Any],
               named: str, row_count: int | None, duration_ms: float | None, error: str = "") -> None:
    connection.execute(
        "INSERT INTO console_history (username, at, query, parameters, named, row_count, duration_ms, error) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (username, now(), query, json.dumps(parameters, ensure_ascii=False, default=str), named, row_count,
         duration_ms, error))


def history(connection: sqlite3.Connection, username: str) -> list[dict[str, Any]]:
    """The user's most recent runs, newest first."""
    rows = connection.execute(
        "SELECT id, at, query, parameters, named, row_count, duration_ms, error FROM console_history "
        "WHERE username = ? ORDER BY id DESC LIMIT ?", (username, HISTORY_SHOWN)).fetchall()
    return [{**dict(row), "parameters": json.loads(row["parameters"])} for row in rows]


@dataclass(frozen=True)
class SavedQuery:
    id: int
    owner: str
    shared: bool
    saved_at: str
    query: NamedQuery


def _one_line(value: Any, field: str, required: bool = True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise QueryCatalogError(f"a saved query needs a {field}")
    return text


def compose(name: str, title: str, description: str, parameters: list[str], text: str) -> str:
    """The `.cypher` file text of a saved query: the library's header, then the query."""
    name = str(name or "").strip()
    if not NAME.match(name):
        raise QueryCatalogError("a saved query's name is lower case letters, digits and _, starting with a letter")
    lines = [f"// name: {name}", f"// title: {_one_line(title, 'title')}",
             f"// description: {_one_line(description, 'description')}", "// mode: read", "// shown: ui"]
    lines += [f"// param: {_one_line(p, 'parameter')}" for p in parameters if str(p).strip()]
    body = str(text or "").strip()
    source = "\n".join(lines) + "\n" + body + "\n"
    parsed = parse_query(name, source)
    # A query that opens with a `// key: value` comment would be read as part of the header.
    if parsed.name != name or parsed.text != body:
        raise QueryCatalogError("a saved query's text may not begin with a // comment line")
    return source


def save(connection: sqlite3.Connection, owner: str, agency: str, source: str, shared: bool) -> int:
    """Save (or replace) the owner's query of that name; its id."""
    name = parse_query("saved query", source).name
    connection.execute(
        "INSERT INTO saved_queries (owner, agency, name, shared, saved_at, source) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (owner, name) DO UPDATE SET agency = excluded.agency, shared = excluded.shared, "
        "saved_at = excluded.saved_at, source = excluded.source",
        (owner, agency, name, int(shared), now(), source))
    row = connection.execute("SELECT id FROM saved_queries WHERE owner = ? AND name = ?", (owner, name)).fetchone()
    return int(row["id"])


def visible(connection: sqlite3.Connection, username: str, agency: str) -> list[SavedQuery]:
    """The user's own saved queries and those shared within their agency."""
    rows = connection.execute(
        "SELECT id, owner, shared, saved_at, source FROM saved_queries "
        "WHERE owner = ? OR (shared = 1 AND agency = ?) ORDER BY name, owner", (username, agency)).fetchall()
    return [SavedQuery(id=row["id"], owner=row["owner"], shared=bool(row["shared"]), saved_at=row["saved_at"],
                       query=parse_query(f"saved query {row['id']}", row["source"])) for row in rows]


def get_visible(connection: sqlite3.Connection, query_id: int, username: str, agency: str) -> SavedQuery | None:
    return next((saved for saved in visible(connection, username, agency) if saved.id == query_id), None)
