"""Fixtures for the web tests: one app and its users per package, the crafted graph per test."""

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
from web import accounts, create_app, localstore

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


@pytest.fixture(scope="session")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("web-home")
    connection = localstore.connect(home / "web.sqlite3")
    for username, (role, agency, cleared) in USERS.items():
        accounts.add_user(connection, username, PASSWORD, role, agency, dna_cleared=cleared)
    connection.close()
    return home


@pytest.fixture(scope="session")
def app(web_home: Path, _session_store: Store, analyst_views: Views) -> Flask:
    return create_app({"LOCAL_DATABASE": web_home / "web.sqlite3", "SECRET_KEY_FILE": web_home / "key",
                       "STORE": _session_store, "VIEWS": analyst_views, "VIEWS_REFRESH_SECONDS": 0})


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
