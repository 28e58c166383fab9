"""The app's handles: the one graph Store per process, and the one store of its own database per process.

Every graph query the app runs is a named query from `queries/`; this module binds its parameters
and runs it, so no Cypher text lives in the views.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from neo4j import Record

from graphmodel.config import Settings
from graphmodel.store import Store, WriteCounters
from queries.catalog import app_query

from . import localstore

STORE_KEY = "tracegraph.store"
LOCAL_KEY = "tracegraph.local"
# Pages must answer quickly; a query that takes longer than this is cut off by the server.
QUERY_TIMEOUT_SECONDS = 20.0


def init_app(app: Flask) -> None:
    """Open the app's own database once per process: SQLite is migrated to the current schema,
    PostgreSQL must already be (and its role unable to rewrite the audit trail)."""
    app.extensions[LOCAL_KEY] = localstore.connect(app.config["LOCAL_DATABASE"])


def get_store() -> Store:
    """The process's Store: the driver is thread-safe, each query opens its own session."""
    store = current_app.extensions.get(STORE_KEY)
    if store is None:
        settings: Settings = current_app.config["NEO4J_SETTINGS"]
        store = Store(settings, retry_seconds=current_app.config["DB_RETRY_SECONDS"])
        current_app.extensions[STORE_KEY] = store
    return store


def get_local() -> localstore.LocalStore:
    """The app's own database (users, sessions, audit trail...): a pool shared by the process's threads."""
    return current_app.extensions[LOCAL_KEY]


def read(name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a named read query; records as dicts."""
    query, bound = app_query(name, params)
    return get_store().read(query.text, bound, timeout=QUERY_TIMEOUT_SECONDS)


def read_records(name: str, **params: Any) -> list[Record]:
    """Run a named read query; the driver's records, with nodes, relationships and paths intact."""
    query, bound = app_query(name, params)
    return get_store().read_records(query.text, bound, timeout=QUERY_TIMEOUT_SECONDS)


def write(name: str, **params: Any) -> WriteCounters:
    query, bound = app_query(name, params)
    return get_store().write(query.text, bound)
