"""The workbench's own tables in the app's database (web/localstore.py): each analyst's query history and the
queries they saved, personal or shared with their agency.

Like users and the audit trail, these live outside the graph, so nothing run in the workbench can
read or rewrite them. A saved query is kept as the text of a `.cypher` file, header included, and
read back with the library's own parser, so it has exactly the named queries' fields.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from queries.catalog import NamedQuery, QueryCatalogError, parse_query

from .localstore import LocalStore, now
from .tables import console_history, saved_queries

HISTORY_SHOWN = 100
NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _text(value: str) -> str:
    # PostgreSQL text cannot hold NUL, and a query typed with one is kept the same on both databases.
    return value.replace("\x00", "\ufffd")


def record_run(db: LocalStore, username: str, query: str, parameters: dict[str, Any],
               named: str, row_count: int | None, duration_ms: float | None, error: str = "") -> None:
    with db.write() as connection:
        connection.execute(insert(console_history).values(
            username=username, at=now(), query=_text(query), named=_text(named), row_count=row_count,
            parameters=json.dumps(parameters, ensure_ascii=False, default=str), duration_ms=duration_ms,
            error=_text(error)))


def history(db: LocalStore, username: str) -> list[dict[str, Any]]:
    """The user's most recent runs, newest first."""
    columns = [console_history.c[name] for name in
               ("id", "at", "query", "parameters", "named", "row_count", "duration_ms", "error")]
    query = (select(*columns).where(console_history.c.username == username)
             .order_by(console_history.c.id.desc()).limit(HISTORY_SHOWN))
    with db.read() as connection:
        rows = connection.execute(query).mappings().all()
    return [{**row, "parameters": json.loads(row["parameters"])} for row in rows]


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


def save(db: LocalStore, owner: str, agency: str, source: str, shared: bool) -> int:
    """Save (or replace) the owner's query of that name; its id."""
    source = _text(source)
    name = parse_query("saved query", source).name
    values = {"agency": agency, "shared": shared, "saved_at": now(), "source": source}
    # Both databases speak INSERT ... ON CONFLICT; each dialect builds its own.
    dialect_insert = postgresql_insert if db.is_postgresql else sqlite_insert
    statement = dialect_insert(saved_queries).values(owner=owner, name=name, **values)
    statement = statement.on_conflict_do_update(index_elements=["owner", "name"], set_=values)
    with db.write() as connection:
        return int(connection.execute(statement.returning(saved_queries.c.id)).scalar_one())


def visible(db: LocalStore, username: str, agency: str) -> list[SavedQuery]:
    """The user's own saved queries and those shared within their agency."""
    query = (select(saved_queries.c.id, saved_queries.c.owner, saved_queries.c.shared, saved_queries.c.saved_at,
                    saved_queries.c.source)
             .where(or_(saved_queries.c.owner == username,
                        (saved_queries.c.shared.is_(True)) & (saved_queries.c.agency == agency)))
             .order_by(saved_queries.c.name, saved_queries.c.owner))
    with db.read() as connection:
        rows = connection.execute(query).mappings().all()
    return [SavedQuery(id=row["id"], owner=row["owner"], shared=bool(row["shared"]), saved_at=row["saved_at"],
                       query=parse_query(f"saved query {row['id']}", row["source"])) for row in rows]


def get_visible(db: LocalStore, query_id: int, username: str, agency: str) -> SavedQuery | None:
    return next((saved for saved in visible(db, username, agency) if saved.id == query_id), None)
