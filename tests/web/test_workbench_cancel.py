"""The workbench's cancel, honest timeouts, a new run that clears the last answer, ids that lead to
their pages, and exports made from the answer on screen (not run again, not a second history entry),
with paths as node and relationship tables."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.parse
from typing import Any

import pytest
from sqlalchemy import select

from isolation.rule import ViewScope
from test_browser import CHROMIUM, browser, live_url, page_as, shot, wait_until  # noqa: F401 - fixtures
from web import localstore, workbench_export
from web.tables import workbench_answers

SLOW_QUERY = "UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"
RUN_KEY = "tracegraph_run"


def run(client: Any, query: str = "", **body: Any) -> Any:
    return client.post("/api/console", json={"query": query, **body}, headers={"X-CSRFToken": client.csrf})


def cancel(client: Any, run_id: str) -> Any:
    return client.post("/api/console/cancel", json={"run": run_id}, headers={"X-CSRFToken": client.csrf})


def export(client: Any, run_id: str, kind: str = "csv", table: str = "rows") -> Any:
    return client.post("/console/export", data={"run": run_id, "format": kind, "table": table,
                                               "csrf_token": client.csrf})


@pytest.fixture
def view_store(analyst_views):
    """The view server the DNA-cleared analysts of AAA query (where their transactions run)."""
    view = analyst_views.get(ViewScope("AAA", True))
    store = analyst_views.store(view)
    yield store
    store.close()


def running(view_store, run_id: str) -> list[str]:
    return view_store.running_transactions({RUN_KEY: run_id})


def history_count(client: Any) -> int:
    return len(client.get("/api/console/history").get_json()["entries"])


def test_a_cancelled_query_stops_on_the_server(views_graph, client_for, view_store, app, monkeypatch):
    monkeypatch.setitem(app.config, "CONSOLE_TIMEOUT_SECONDS", 60.0)
    analyst, other = client_for("ana"), client_for("ana")
    answer: dict[str, Any] = {}

    def slow() -> None:
        started = time.monotonic()
        response = run(analyst, SLOW_QUERY, run="slow-run-0001")
        answer.update(status=response.status_code, body=response.get_json(), seconds=time.monotonic() - started)

    worker = threading.Thread(target=slow)
    worker.start()
    deadline = time.monotonic() + 20
    while not running(view_store, "slow-run-0001") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running(view_store, "slow-run-0001"), "the slow query never showed in SHOW TRANSACTIONS"
    # Another user (here the same analyst in another session would do as well) cannot stop it by its id:
    # the cancel looks for the run id together with the user who asks.
    intruder = client_for("inv-bbb")
    assert cancel(intruder, "slow-run-0001").status_code == 403
    wrong = client_for("ana-other")
    assert cancel(wrong, "slow-run-0001").get_json()["stopped"] == []
    assert running(view_store, "slow-run-0001") and worker.is_alive()
    stopped = cancel(other, "slow-run-0001").get_json()["stopped"]
    assert len(stopped) == 1
    worker.join(30)
    assert not worker.is_alive()
    assert answer["status"] == 400 and answer["body"]["message"].startswith("You cancelled the query"), answer
    assert answer["seconds"] < 30
    deadline = time.monotonic() + 10
    while running(view_store, "slow-run-0001") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running(view_store, "slow-run-0001") == []
    entries = analyst.get("/api/console/history").get_json()["entries"]
    assert entries[0]["query"] == SLOW_QUERY and "cancelled" in entries[0]["error"]
    assert cancel(analyst, "not an id!").status_code == 400


def test_export_uses_the_answer_on_screen(views_graph, client_for, web_db):
    client = client_for("ana")
    answer = run(client, "MATCH p = (r:Report {uid: 'AAA:R1'})-[:REPORTED_MISSING]->(m:Person) "
                         "RETURN r.uid AS report, p, m.full_name AS name", run="export-run-01").get_json()
    assert answer["run"] == "export-run-01" and len(answer["cells"]) == 1
    before = history_count(client)
    # The graph changes after the run: the export is the answer as read, not a new one.
    views_graph.write("MATCH (p:Person {uid: 'AAA:R1#missing'}) SET p.full_name = 'Renamed Later'")
    rows = list(csv.reader(io.StringIO(export(client, "export-run-01").get_data(as_text=True))))
    assert rows[0] == ["report", "p", "name"] and rows[1][0] == "AAA:R1" and rows[1][2] == "Mohammed Ali"
    # The path is a list of steps naming the ids the node and relationship tables list.
    assert rows[1][1].startswith("(Report R1 #") and "[:REPORTED_MISSING #" in rows[1][1]
    nodes = list(csv.DictReader(io.StringIO(export(client, "export-run-01", table="nodes").get_data(as_text=True))))
    rels = list(csv.DictReader(io.StringIO(export(client, "export-run-01", table="relationships")
                                           .get_data(as_text=True))))
    assert sorted(n["labels"] for n in nodes) == ["Person", "Report"]
    by_id = {n["id"]: n for n in nodes}
    assert len(rels) == 1 and rels[0]["type"] == "REPORTED_MISSING"
    assert by_id[rels[0]["start"]]["uid"] == "AAA:R1" and by_id[rels[0]["end"]]["full_name"] == "Mohammed Ali"
    assert f"#{rels[0]['id']}" in rows[1][1]
    document = json.loads(export(client, "export-run-01", kind="json").get_data(as_text=True))
    assert document["rows"][0]["report"] == "AAA:R1"
    assert document["rows"][0]["p"]["path"]["relationships"] == [rels[0]["id"]]
    assert {n["id"] for n in document["nodes"]} == set(by_id)
    # No export ran the query again or added a run to the history.
    assert history_count(client) == before
    # Another analyst cannot export it by its id, and an answer not kept is said so.
    assert export(client_for("ana-other"), "export-run-01").status_code == 400
    gone = export(client, "never-ran-01")
    assert gone.status_code == 400 and "run the query again" in gone.get_data(as_text=True)


def test_answers_are_kept_in_the_database_for_any_process(views_graph, client_for, web_database):
    """An answer run through one process is exported by another (they share only the database),
    three an analyst at most, for an hour, and to its analyst only."""
    client = client_for("ana")
    for n in range(1, 5):
        assert run(client, f"RETURN {n} AS n", run=f"kept-run-0{n}").status_code == 200
    other_process = localstore.connect(web_database)
    try:
        assert workbench_export.kept_answer(other_process, "ana", "kept-run-01") is None
        kept = workbench_export.kept_answer(other_process, "ana", "kept-run-04")
        assert kept is not None and kept.keys == ["n"] and kept.rows == [[4]]
        assert workbench_export.as_csv(kept, "rows").splitlines() == ["n", "4"]
        assert [workbench_export.kept_answer(other_process, "ana", f"kept-run-0{n}") is not None
                for n in (2, 3)] == [True, True]
        assert workbench_export.kept_answer(other_process, "ana-other", "kept-run-04") is None
        later = time.time() + workbench_export.KEPT_SECONDS + 1
        assert workbench_export.kept_answer(other_process, "ana", "kept-run-04", clock=later) is None
        # Keeping another answer later deletes everyone's answers past the hour.
        workbench_export.keep(other_process, "ana-other", "kept-run-99", ["n"], [], False, clock=later)
        with other_process.read() as connection:
            left = connection.execute(select(workbench_answers.c.username, workbench_answers.c.run_id)).all()
        assert [tuple(row) for row in left] == [("ana-other", "kept-run-99")]
    finally:
        other_process.close()
    assert export(client, "kept-run-04").status_code == 400


def test_cells_link_to_the_records_pages(views_graph, client_for):
    answer = run(client_for("ana"), "MATCH (r:Report {uid: 'AAA:R1'})-[:REPORTED_MISSING]->(m) "
                                    "RETURN r, m, r.uid AS uid, r.status AS status").get_json()
    case, person, uid, status = answer["links"][0]
    assert case == "/cases/AAA:R1" and person == "/entity/Person/AAA:R1%23missing" and status is None
    # A uid read as text leads to the search, which answers with the record it names first.
    assert urllib.parse.urlsplit(uid).path == "/search"
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(uid).query) == {"q": ["AAA:R1"]}


@pytest.fixture(scope="module")
def other_analyst(web_db) -> str:
    from conftest import PASSWORD
    from web import accounts
    if accounts.get_user(web_db, "ana-other") is None:
        accounts.add_user(web_db, "ana-other", PASSWORD, "analyst", "AAA", dna_cleared=True)
    return "ana-other"


@pytest.fixture(autouse=True)
def _other(other_analyst):
    return other_analyst


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_in_the_browser_cancel_clear_link_and_library(views_graph, page_as, live_url, view_store):  # noqa: F811
    page = page_as("ana")
    page.goto(live_url + "/console")
    wait_until(page, "document.getElementById('console-app').dataset.ready === '1'")
    groups = page.eval_on_selector_all("#library-select optgroup", "gs => gs.map(g => g.label)")
    assert "Identification" in groups and "Voyages and incidents" in groups
    assert page.locator("#library-select option[value^='ui_']").count() == 0
    page.click(".CodeMirror")
    page.keyboard.type("MATCH (r:Report {uid: 'AAA:R1'}) RETURN r, r.uid AS uid")
    page.click("#btn-run")
    wait_until(page, "document.getElementById('console-app').dataset.state === 'done'")
    assert page.get_attribute("#console-result tbody td >> nth=0 >> a", "href") == "/cases/AAA:R1"
    assert page.is_enabled("#btn-export-csv")
    # A refused query clears the last answer: nothing on screen reads as its rows.
    page.click("#btn-clear")
    page.click(".CodeMirror")
    page.keyboard.type("CREATE (:Report {uid: 'planted'}) RETURN 1")
    page.click("#btn-run")
    wait_until(page, "document.getElementById('console-app').dataset.state === 'error'")
    assert page.locator("#console-result tbody tr").count() == 0 and not page.is_visible("#console-output")
    assert not page.is_enabled("#btn-export-csv")
    # A slow query, cancelled from the page, is gone from the server's transactions.
    page.click("#btn-clear")
    page.click(".CodeMirror")
    page.keyboard.type(SLOW_QUERY)
    page.click("#btn-run")
    wait_until(page, "!document.getElementById('btn-cancel').hidden")
    deadline = time.monotonic() + 20
    found: list[str] = []
    while not found and time.monotonic() < deadline:
        found = view_store.running_transactions({"tracegraph_user": "ana"})
        time.sleep(0.1)
    assert found, "the page's query never reached the server"
    shot(page, "workbench-running")
    page.click("#btn-cancel")
    wait_until(page, "document.getElementById('console-app').dataset.state === 'error'", timeout=30)
    assert page.inner_text("#console-error").startswith("You cancelled the query")
    assert page.is_hidden("#btn-cancel")
    assert view_store.running_transactions({"tracegraph_user": "ana"}) == []
    shot(page, "workbench-cancelled")
