"""Shared fixtures: one real Neo4j server for the whole test session, a clean graph per test.

The server runs from the project's fetched distribution (`.tracegraph/cache`, filled by
`tracegraph db fetch`) in a throwaway instance folder on a free port, and is stopped at the end of
the session even when tests fail. Set TRACEGRAPH_TEST_NEO4J_URI (with NEO4J_USER/NEO4J_PASSWORD)
to run the suite against a server you already have instead, e.g. a `neo4j://` cluster.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graphmodel.config import Settings, load_settings
from graphmodel.migrate import schema_statements
from graphmodel.server import start_server, stop_server
from graphmodel.store import Store
from isolation.rule import ViewScope
from isolation.servers import Views
from pgserver import PostgresServer
from throwaway_servers import PROJECT_ROOT, free_port, local_env

SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def neo4j_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment variables that point a process at the session's Neo4j."""
    external = os.environ.get("TRACEGRAPH_TEST_NEO4J_URI")
    if external:
        yield {
            "TRACEGRAPH_HOME": str(tmp_path_factory.mktemp("home")),
            "NEO4J_URI": external,
            "NEO4J_USER": os.environ.get("NEO4J_USER", "neo4j"),
            "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", ""),
            "NEO4J_DATABASE": os.environ.get("NEO4J_DATABASE", "neo4j"),
        }
        return
    env = local_env(tmp_path_factory.mktemp("neo4j-home"), free_port())
    settings = load_settings(env)
    start_server(settings)
    try:
        yield env
    finally:
        stop_server(settings)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server from Debian's packages for the session, started when a test first needs
    one, on a free port in a throwaway folder, and stopped at the end."""
    server = PostgresServer(free_port()).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_settings(neo4j_env: dict[str, str]) -> Settings:
    return load_settings(neo4j_env)


@pytest.fixture(scope="session")
def _session_store(neo4j_settings: Settings) -> Iterator[Store]:
    store = Store(neo4j_settings)
    store.run_schema(schema_statements())
    yield store
    store.close()


# The analysts' views the tests use: agency AAA's, with and without DNA clearance.
TEST_VIEWS = (ViewScope("AAA", True), ViewScope("AAA", False))


@pytest.fixture(scope="session")
def analyst_views(neo4j_settings: Settings, _session_store: Store,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[Views]:
    """The views' servers of TEST_VIEWS, small, started side by side once for the session and
    stopped at its end, built once; each test that reads them brings them up to date (`sync_views`)."""
    settings = dataclasses.replace(
        neo4j_settings, home=tmp_path_factory.mktemp("views-home"),
        view_heap=os.environ.get("TRACEGRAPH_TEST_VIEW_HEAP", "256m"),
        view_pagecache=os.environ.get("TRACEGRAPH_TEST_VIEW_PAGECACHE", "64m"))
    views = Views(settings)
    made = [views.create(scope, port=free_port()) for scope in TEST_VIEWS]
    views.start(made)
    try:
        for view in made:
            views.sync(view, _session_store, rebuild=True)
        yield views
    finally:
        views.stop(made)


@pytest.fixture
def sync_views(analyst_views: Views, _session_store: Store) -> Callable[[], None]:
    """Bring every test view up to date with the session's graph, as the app does after a write."""
    def sync() -> None:
        for view in analyst_views.known():
            analyst_views.sync(view, _session_store)
    return sync


@pytest.fixture(scope="session")
def load_scenario(_session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Callable[[int, int, str], Path]:
    """Load a generated scenario into an empty graph: `load_scenario(persons, seed, agency)` gives its folder."""
    from ingest.run import IngestRequest, run_ingest
    from scenarios import generate_scenario

    def load(persons: int, seed: int, agency: str) -> Path:
        folder = tmp_path_factory.mktemp("scenario")
        generate_scenario(persons, seed, folder, agency)
        _session_store.delete_everything()
        run_ingest(IngestRequest(format="interchange", path=folder, agency=agency,
                                 rejects_dir=tmp_path_factory.mktemp("rejects")),
                   store_factory=lambda: _session_store)
        return folder
    return load


@pytest.fixture
def store(_session_store: Store) -> Store:
    """The session's store, on an empty graph with the schema in place."""
    _session_store.delete_everything()
    return _session_store


@pytest.fixture
def cli_env(neo4j_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A full environment for running `tracegraph` as a subprocess against the session's Neo4j."""
    env = {**os.environ, **neo4j_env}
    env.setdefault("PYTHONPATH", str(PROJECT_ROOT))
    return env


@pytest.fixture(scope="session")
def tracegraph_command() -> list[str]:
    """How to run the CLI in a subprocess with the test interpreter."""
    return [sys.executable, "-m", "tracegraph"]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only `shared/data` folder beside the project."""
    return SHARED / "data"
