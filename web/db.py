"""The app's handles: the one graph Store per process, the analysts' stores, and the one store of
its own database per process.

Every graph query the app runs is a named query from `queries/`; this module binds its parameters
and runs it, so no Cypher text lives in the views. Analysts' workbench queries do not run on the
graph's Store but on `analyst_store(user)`: their agency's view (`isolation`).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from neo4j import Record

from graphmodel.config import Settings
from graphmodel.store import Store, WriteCounters
from isolation.roles import role_user
from isolation.rule import ViewScope
from isolation.servers import Views, ViewUnavailable
from queries.catalog import app_query

from . import localstore

STORE_KEY = "tracegraph.store"
VIEWS_KEY = "tracegraph.views"
ANALYST_STORES_KEY = "tracegraph.analyst_stores"
# Which view serves an agency changes only when it first has something of its own in the graph.
SCOPE_SECONDS = 60.0
_analyst_lock = threading.Lock()
LOCAL_KEY = "tracegraph.local"
# Pages must answer quickly; a query that takes longer than this is cut off by the server.
QUERY_TIMEOUT_SECONDS = 20.0
# Threads that run a request's further reads while its own thread runs the first (`read_together`).
_readers = ThreadPoolExecutor(max_workers=8, thread_name_prefix="tracegraph-read")


def init_app(app: Flask) -> None:
    """Open the app's own database once per process: SQLite is migrated to the current schema,
    PostgreSQL must already be (and its role unable to rewrite the audit trail)."""
    app.extensions[LOCAL_KEY] = localstore.connect(app.config["LOCAL_DATABASE"])


def get_store() -> Store:
    """The process's Store: the driver is thread-safe, each query opens its own session."""
    store = current_app.extensions.get(STORE_KEY)
    if store is None:
        settings: Settings = graph_settings()
        store = Store(settings, retry_seconds=current_app.config["DB_RETRY_SECONDS"])
        current_app.extensions[STORE_KEY] = store
    return store


def graph_settings() -> Settings:
    """The one Settings the app was built with (graphmodel/config.py)."""
    return current_app.config["NEO4J_SETTINGS"]


def get_views() -> Views:
    """The analysts' views of the instance folder (tests pass their own as VIEWS)."""
    views = current_app.extensions.get(VIEWS_KEY) or current_app.config.get("VIEWS")
    if views is None:
        views = Views(graph_settings())
    current_app.extensions[VIEWS_KEY] = views
    return views


@dataclass(frozen=True)
class AnalystStore:
    """Where an analyst's queries run: the store, the view (or role) it is, and the main graph's
    time it has caught up to (None: the live graph, as on Enterprise)."""

    store: Store
    name: str
    as_of: str | None


def analyst_store(user: Any) -> AnalystStore:
    """The store holding exactly what `user`'s agency and clearance may read."""
    settings = graph_settings()
    stores: dict[str, Store] = current_app.extensions.setdefault(ANALYST_STORES_KEY, {})
    retry = current_app.config["DB_RETRY_SECONDS"]
    if settings.analyst_isolation == "roles":
        name = role_user(user.agency, user.dna_cleared)
        with _analyst_lock:
            if name not in stores:
                stores[name] = Store(settings, retry_seconds=retry, impersonate=name)
        return AnalystStore(stores[name], name, None)
    views = get_views()
    view = views.get(_scope(views, user.agency, user.dna_cleared))
    state = view.state() if view is not None else None
    if view is None or state is None:
        raise ViewUnavailable("The analysts' view of your agency is not ready: an administrator starts it with "
                              "`tracegraph views start` (it is built from the graph the first time).")
    with _analyst_lock:
        if view.name not in stores:
            stores[view.name] = views.store(view, retry_seconds=retry)
    return AnalystStore(stores[view.name], view.name, state.watermark)


def _scope(views: Views, agency: str, dna_cleared: bool) -> ViewScope:
    cache: dict[tuple[str, bool], tuple[float, ViewScope]] = current_app.extensions.setdefault(
        "tracegraph.view_scopes", {})
    hit = cache.get((agency, dna_cleared))
    if hit and time.monotonic() - hit[0] < SCOPE_SECONDS:
        return hit[1]
    scope = views.scope_for(agency, dna_cleared, get_store())
    cache[(agency, dna_cleared)] = (time.monotonic(), scope)
    return scope


def get_local() -> localstore.LocalStore:
    """The app's own database (users, sessions, audit trail...): a pool shared by the process's threads."""
    return current_app.extensions[LOCAL_KEY]


def read(name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a named read query; records as dicts."""
    query, bound = app_query(name, params)
    return get_store().read(query.text, bound, timeout=QUERY_TIMEOUT_SECONDS)


def read_together(*reads: tuple[str, dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Run independent named read queries at the same time, each in its own managed transaction;
    their records as dicts, in the order given. A page that needs several answers waits for the
    slowest one instead of their sum."""
    store = get_store()
    bound = [app_query(name, params) for name, params in reads]
    if len(bound) < 2:
        return [store.read(query.text, values, timeout=QUERY_TIMEOUT_SECONDS) for query, values in bound]
    futures = [_readers.submit(store.read, query.text, values, timeout=QUERY_TIMEOUT_SECONDS)
               for query, values in bound[1:]]
    first = store.read(bound[0][0].text, bound[0][1], timeout=QUERY_TIMEOUT_SECONDS)
    return [first, *(future.result() for future in futures)]


def read_records(name: str, **params: Any) -> list[Record]:
    """Run a named read query; the driver's records, with nodes, relationships and paths intact."""
    query, bound = app_query(name, params)
    return get_store().read_records(query.text, bound, timeout=QUERY_TIMEOUT_SECONDS)


def write(name: str, **params: Any) -> WriteCounters:
    query, bound = app_query(name, params)
    return get_store().write(query.text, bound)
