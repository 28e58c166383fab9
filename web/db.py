"""The app's handles: the one graph Store per process, and the local SQLite database per request.

Every graph query the app runs is a named query from `queries/`; this module binds its parameters
and runs it, so no Cypher text lives in the views.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Flask, current_app, g
from neo4j import Record

from graphmodel.config import Settings
from graphmodel.store import Store, WriteCounters
from queries.catalog import app_query

from . import localstore

STORE_KEY = "tracegraph.store"
# Pages must answer quickly; a query that takes longer than this is cut off by the server.
QUERY_TIMEOUT_SECONDS = 20.0


def init_app(app: Flask) -> None:
    """Create the local database once, and close the per-request handle on teardown."""
    localstore.connect(app.config["LOCAL_DATABASE"]).close()
    app.teardown_appcontext(_close_local)


def get_store() -> Store:
    """The process's Store: the driver is thread-safe, each query opens its own session."""
    store = current_app.extensions.get(STORE_KEY)
    if store is None:
        settings: Settings = current_app.config["NEO4J_SETTINGS"]
        store = Store(settings, retry_seconds=current_app.config["DB_RETRY_SECONDS"])
        current_app.extensions[STORE_KEY] = store
    return store


def get_local() -> sqlite3.Connection:
    if "local" not in g:
        g.local = localstore.connect(current_app.config["LOCAL_DATABASE"], create=False)
    return g.local


def _close_local(_error: BaseException | None = None) -> None:
    connection = g.pop("local", None)
    if connection is not None:
        connection.close()


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
