"""The app's handles: the one graph Store per process, and the one store of its own database per process.

Every graph query the app runs is a named query from `queries/`; this module binds its parameters
and runs it, so no Cypher text lives in the views.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from neo4j import Record

from graphmodel.config import Settings, load_settings
from graphmodel.store import Store, WriteCounters
from queries.catalog import NamedQuery, named_query

from . import localstore

STORE_KEY = "tracegraph.store"
LOCAL_KEY = "tracegraph.local"
# Pages must answer quickly; a query that takes longer than this is cut off by the server.
QUERY_TIMEOUT_SECONDS = 20.0
# The user's access (see accounts.User.access) goes to every data query; a query that has no use
# for one of these keys does not declare it, and does not receive it.
ACCESS_KEYS = frozenset({"agency", "dna_cleared"})


def init_app(app: Flask) -> None:
    """Open the app's own database once per process: SQLite is migrated to the current schema,
    PostgreSQL must already be (and its role unable to rewrite the audit trail)."""
    app.extensions[LOCAL_KEY] = localstore.connect(app.config["LOCAL_DATABASE"])


def get_store() -> Store:
    """The process's Store: the driver is thread-safe, each query opens its own session."""
    store = current_app.extensions.get(STORE_KEY)
    if store is None:
        settings: Settings = current_app.config.get("NEO4J_SETTINGS") or load_settings()
        store = Store(settings, retry_seconds=current_app.config["DB_RETRY_SECONDS"])
        current_app.extensions[STORE_KEY] = store
    return store


def get_local() -> localstore.LocalStore:
    """The app's own database (users, sessions, audit trail...): a pool shared by the process's threads."""
    return current_app.extensions[LOCAL_KEY]


def _bind(query: NamedQuery, params: dict[str, Any]) -> dict[str, Any]:
    declared = {parameter.name for parameter in query.parameters}
    return query.bind({key: value for key, value in params.items()
                       if key in declared or key not in ACCESS_KEYS})


def read(name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a named read query; records as dicts."""
    query = named_query(name)
    return get_store().read(query.text, _bind(query, params), timeout=QUERY_TIMEOUT_SECONDS)


def read_records(name: str, **params: Any) -> list[Record]:
    """Run a named read query; the driver's records, with nodes, relationships and paths intact."""
    query = named_query(name)
    return get_store().read_records(query.text, _bind(query, params), timeout=QUERY_TIMEOUT_SECONDS)


def write(name: str, **params: Any) -> WriteCounters:
    query = named_query(name)
    return get_store().write(query.text, _bind(query, params))
