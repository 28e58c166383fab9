"""Requests generated from the OpenAPI description never get a 5xx, and the answers match the description.

Schemathesis reads web/openapi.yaml (the document /api/openapi.json serves) and sends every operation
requests built from its schemas, valid and invalid ones, on the crafted graph: as an analyst with DNA
clearance (the role that sees the most), and anonymously, when every call is 401.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import crafted_graph as crafted
import web
from conftest import PASSWORD, USERS, login
from graphmodel.store import Store
from web import accounts, create_app, localstore

SESSION_COOKIE = "tracegraph_session"
# Enough examples to reach each operation's malformed inputs while the file runs in about a minute;
# derandomized so that CI sends the same requests every time.
FUZZED = settings(max_examples=15, derandomize=True, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ANONYMOUS = settings(FUZZED, max_examples=3)
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_path(Path(web.__file__).with_name("openapi.yaml"))
# Values of the crafted graph by parameter name, filled once it is loaded: random text alone only ever
# reaches the "unknown record" answers, so half the time a parameter names a real record instead.
KNOWN: dict[str, list[Any]] = {}


def _known_or_generated(values: Any) -> st.SearchStrategy[Any]:
    def choices(name: str, value: Any) -> st.SearchStrategy[Any]:
        pool = KNOWN.get(name)
        if not pool or type(pool[0]) is not type(value):
            return st.just(value)
        return st.one_of(st.sampled_from(pool), st.just(value))
    if not isinstance(values, dict):
        return st.just(values)
    return st.fixed_dictionaries({name: choices(name, value) for name, value in values.items()})


@schema.hook
def flatmap_path_parameters(context: schemathesis.HookContext, path_parameters: Any) -> st.SearchStrategy[Any]:
    return _known_or_generated(path_parameters)


@schema.hook
def flatmap_query(context: schemathesis.HookContext, query: Any) -> st.SearchStrategy[Any]:
    return _known_or_generated(query)


@schema.hook
def flatmap_body(context: schemathesis.HookContext, body: Any) -> st.SearchStrategy[Any]:
    return _known_or_generated(body)


def known_values(store: Store) -> dict[str, list[Any]]:
    """Real uids, labels, element ids and relationship types of the loaded graph, by parameter name."""
    nodes = store.read("MATCH (n) RETURN elementId(n) AS id, labels(n)[0] AS label, n.uid AS uid")
    types = [row["type"] for row in store.read("MATCH ()-[r]->() RETURN DISTINCT type(r) AS type")]
    uids = sorted(row["uid"] for row in nodes if row["uid"])
    element_ids = sorted(row["id"] for row in nodes)
    reports = sorted(row["uid"] for row in nodes if row["label"] == "Report")
    candidates = sorted(row["uid"] for row in nodes if row["label"] == "Candidate")
    return {"uid": uids, "label": sorted({row["label"] for row in nodes}), "report": reports, "report_uid": reports,
            "candidate": candidates, "candidate_uid": candidates, "id": element_ids, "from": element_ids,
            "to": element_ids, "ids": [element_ids[:n] for n in (1, 3, len(element_ids))],
            "types": types + [",".join(types[:3])], "rel": types, "q": ["Mohammed", "Ali", "AAA:R1", "2016-05"]}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, _session_store: Store, analyst_views) -> Flask:
    """An app of its own, so the layouts, saved queries and audit entries fuzzing writes stay here."""
    home = tmp_path_factory.mktemp("fuzz-home")
    connection = localstore.connect(home / "web.sqlite3")
    role, agency, cleared = USERS["ana"]
    accounts.add_user(connection, "ana", PASSWORD, role, agency, dna_cleared=cleared)
    connection.close()
    return create_app({"LOCAL_DATABASE": home / "web.sqlite3", "SECRET_KEY_FILE": home / "key",
                       "STORE": _session_store, "VIEWS": analyst_views, "VIEWS_REFRESH_SECONDS": 0})


@pytest.fixture(scope="module")
def analyst(app: Flask, _session_store: Store, analyst_views) -> dict[str, Any]:
    """The analyst's session cookie and CSRF header, on the crafted graph loaded once for the module
    (and the analysts' views brought up to date with it: the workbench reads them)."""
    _session_store.delete_everything()
    crafted.load(_session_store)
    for view in analyst_views.known():
        analyst_views.sync(view, _session_store)
    KNOWN.update(known_values(_session_store))
    client = login(app.test_client(), "ana")
    return {"cookies": {SESSION_COOKIE: client.get_cookie(SESSION_COOKIE).value},
            "headers": {"X-CSRFToken": client.csrf}}


@schema.parametrize()
@FUZZED
def test_analyst_never_gets_a_server_error(case, app, analyst):
    # The real cookie and header replace the random values generated from the security schemes.
    response = case.call(app=app, **analyst)
    case.validate_response(response, checks=CONFORMANCE)


@schema.parametrize()
@ANONYMOUS
def test_anonymous_calls_are_401(case, app):
    response = case.call(app=app)
    case.validate_response(response, checks=[not_a_server_error])
    if case.method.upper() == case.operation.method.upper() and case.meta.generation.mode.is_positive:
        assert response.status_code == 401, (case.method, case.formatted_path, response.text)


def test_numbers_beyond_64_bits_are_refused(app, analyst):
    """SQLite and Neo4j hold 64-bit integers; a larger one in a layout address or a console parameter was a 500."""
    client = app.test_client()
    client.set_cookie(SESSION_COOKIE, analyst["cookies"][SESSION_COOKIE])
    assert client.get(f"/api/layouts/{2**64}").status_code == 404
    too_large = client.post("/api/console", json={"query": "RETURN $n", "params": {"n": [1, {"m": 2**63}]}},
                            headers=analyst["headers"])
    assert too_large.status_code == 400
    assert too_large.get_json()["message"] == "parameter n holds a whole number beyond Neo4j's 64-bit integers"
    largest = client.post("/api/console", json={"query": "MATCH (r:Report {uid: $n}) RETURN r",
                                                "params": {"n": [2**63 - 1, -2**63]}}, headers=analyst["headers"])
    assert largest.status_code == 200 and largest.get_json()["columns"] == ["r"]
