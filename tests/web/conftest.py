"""Fixtures for the web tests: one app and its users per package, the crafted graph per test.

The app's own database is SQLite. Tests marked `both_stores` (those that exercise that database:
accounts, sessions, the audit trail, administration, layouts, saved queries, review records) run
a second time against PostgreSQL, on the session's throwaway server.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from graphmodel.store import Store
from isolation.servers import Views
from pgserver import migrated_postgres
from web import accounts, create_app, localstore
from web.localstore import LocalStore

# tests/web has no __init__.py (it would shadow the `web` package), so its helpers are put on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import crafted_graph as crafted  # noqa: E402

PASSWORD = "correct horse battery"
# username -> (role, agency, dna_cleared)
USERS = {
    "inv": ("investigator", "AAA", True),
    "ana": ("analyst", "AAA", True),
    "lia": ("liaison", "AAA", False),
    "adm": ("admin", "AAA", False),
    "inv-nodna": ("investigator", "AAA", False),
    "inv-bbb": ("investigator", "BBB", False),
}
ROLE_USERS = {"investigator": "inv", "analyst": "ana", "liaison": "lia", "admin": "adm"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_stores` run on SQLite and on PostgreSQL; the others on SQLite only."""
    if metafunc.definition.get_closest_marker("both_stores") and "web_store_kind" in metafunc.fixturenames:
        # None stands for SQLite: the key the unmarked tests' fixtures have, so all share one app.
        metafunc.parametrize("web_store_kind", [None, "postgresql"], ids=["sqlite", "postgresql"],
                             indirect=True, scope="session")


@pytest.fixture(scope="session")
def web_store_kind(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", None) or "sqlite"


def _add_users(target: str | Path) -> None:
    store = localstore.connect(target)
    for username, (role, agency, cleared) in USERS.items():
        if accounts.get_user(store, username) is None:
            accounts.add_user(store, username, PASSWORD, role, agency, dna_cleared=cleared)
    store.close()


@pytest.fixture(scope="session")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The instance folder: the session key, and the SQLite database with the test users (apps of
    their own, such as the inquiry tests', open it there)."""
    home = tmp_path_factory.mktemp("web-home")
    _add_users(home / "web.sqlite3")
    return home


@pytest.fixture(scope="session")
def web_database(web_store_kind: str, web_home: Path, request: pytest.FixtureRequest) -> str:
    """The app's own database with the test users: the SQLite file, or a PostgreSQL URL (the app's role)."""
    if web_store_kind != "postgresql":
        return str(web_home / "web.sqlite3")
    target = migrated_postgres(request.getfixturevalue("postgres"), "app").app_url
    _add_users(target)
    return target


@pytest.fixture
def fresh_web_database(web_store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty database of the same kind as the app's, for a test that needs one of its own."""
    if web_store_kind == "postgresql":
        return migrated_postgres(request.getfixturevalue("postgres"), "fresh").app_url
    return str(tmp_path / "web.sqlite3")


@pytest.fixture(scope="session")
def app(web_database: str, web_home: Path, _session_store: Store, analyst_views: Views) -> Flask:
    return create_app({"LOCAL_DATABASE": web_database, "SECRET_KEY_FILE": web_home / "key",
                       "STORE": _session_store, "VIEWS": analyst_views, "VIEWS_REFRESH_SECONDS": 0})


@pytest.fixture(scope="session")
def web_db(app: Flask) -> LocalStore:
    """The app's own database, as the app holds it."""
    return app.extensions["tracegraph.local"]


@pytest.fixture
def graph(store: Store) -> Store:
    """The crafted graph, fresh for each test."""
    crafted.load(store)
    return store


@pytest.fixture
def views_graph(graph: Store, sync_views: Callable[[], None]) -> Store:
    """The crafted graph, with the analysts' views brought up to date (for the workbench)."""
    sync_views()
    return graph


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> FlaskClient:
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    client.csrf = csrf_from(client.get("/login").get_data(as_text=True))  # type: ignore[attr-defined]
    return client


@pytest.fixture
def client_for(app: Flask) -> Iterator:
    """Build a logged-in test client for a user name."""
    def make(username: str | None) -> FlaskClient:
        client = app.test_client()
        if username:
            login(client, username)
        return client
    yield make
