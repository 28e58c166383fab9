"""The one module that owns the web app's own database: users, sessions, audit trail, layouts,
the workbench's history and saved queries, and what the online inquiry keeps outside the graph.

These live outside the investigative graph on purpose: whatever an analyst runs in the Cypher
console, it can never read a password hash, a session or the audit trail, and a graph wiped and
re-ingested keeps its users and its history of who looked at what.

The database is SQLite in the instance folder by default, or PostgreSQL when
TRACEGRAPH_WEB_DATABASE_URL names one, so that several app servers share one set of users,
sessions and one audit trail. Both are reached through SQLAlchemy Core; the schema is Alembic's
(`web/migrate.py`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from graphmodel.errors import TraceGraphError

SQLITE_TIMEOUT_SECONDS = 10.0


class LocalStoreError(TraceGraphError):
    """The web app's database cannot be used as configured; the message says what to do."""


def now() -> str:
    """The current UTC time as ISO 8601 with seconds, the form every table stores."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for a SQLite file path or a database URL (`postgresql://` uses psycopg 3)."""
    if isinstance(target, Path):
        return f"sqlite:///{target.absolute()}"
    text = str(target).strip()
    for scheme in ("postgresql://", "postgres://"):
        if text.startswith(scheme):
            return "postgresql+psycopg://" + text[len(scheme):]
    if "://" not in text:
        return f"sqlite:///{Path(text).absolute()}"
    return text


def role_of(target: str | Path) -> str | None:
    """The database role a URL connects as (PostgreSQL); None for SQLite."""
    return make_url(database_url(target)).username


def shown_url(target: str | Path) -> str:
    """The database's address for messages and logs: never its password."""
    try:
        return make_url(database_url(target)).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an address that is not a database URL)"


class LocalStore:
    """The web app's database: one engine (a pool of connections) per process, thread-safe.

    `write()` is one transaction that other writers wait for; `read()` a connection for reads.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite: a write transaction takes the write lock at BEGIN, so two writers queue on the
        # busy timeout instead of one failing when it upgrades a read lock (see _begin).
        self._writer = engine.execution_options(tracegraph_write=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    @property
    def sqlite_file(self) -> Path | None:
        database = self.engine.url.database
        return Path(database) if self.dialect == "sqlite" and database else None

    @property
    def address(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back on an error."""
        with self._writer.begin() as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off; _begin emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_TIMEOUT_SECONDS * 1000)}")
    # WAL lets the server's worker threads read while one writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin(connection: Connection) -> None:
    write = connection.get_execution_options().get("tracegraph_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def open_store(target: str | Path) -> LocalStore:
    """The store at a SQLite path or database URL, without touching its schema."""
    url = database_url(target)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise LocalStoreError(f"TRACEGRAPH_WEB_DATABASE_URL is not a database URL: {shown_url(target)}; "
                              "give postgresql://user:password@host:5432/database, or leave it unset for "
                              "SQLite in the instance folder.") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise LocalStoreError("the web app's SQLite database must be a file.")
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # Readable by the instance's owner only: it holds password hashes and the audit trail.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        engine = create_engine(url, connect_args={"timeout": SQLITE_TIMEOUT_SECONDS, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
    elif parsed.get_backend_name() == "postgresql":
        # pre_ping: a connection the server closed (restart, failover) is replaced, not handed out.
        engine = create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=8,
                               connect_args={"connect_timeout": 10, "application_name": "tracegraph-web"})
    else:
        raise LocalStoreError(f"the web app's database must be SQLite or PostgreSQL, not {parsed.get_backend_name()} "
                              f"({shown_url(target)}).")
    return LocalStore(engine)


def connect(target: str | Path, *, create: bool = True) -> LocalStore:
    """Open the app's database, ready for use.

    SQLite: with `create`, the file is made and migrated to the current schema. PostgreSQL: the
    schema must already be current (`tracegraph web-store migrate`, run as the owner role), and
    the app's role must not be able to rewrite the audit trail; otherwise one sentence says so.
    """
    from . import migrate
    store = open_store(target)
    try:
        if store.is_postgresql:
            migrate.check_ready(store)
        elif create:
            migrate.upgrade(store)
    except BaseException:
        store.close()
        raise
    return store
