"""The workbench in a real browser (Debian's Chromium through Playwright): a named query with
parameters, table and graph, CSV exports of the answer on screen, a refused write, a timeout, and a
non-analyst kept out."""

from __future__ import annotations

import csv
import io

import pytest

from test_browser import CHROMIUM, browser, live_url, page_as, shot, wait_until  # noqa: F401

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


def run_with_keyboard(page) -> None:
    page.click(".CodeMirror")
    page.keyboard.press("Control+Enter")


def test_analyst_runs_named_query_sees_table_and_graph_and_exports(views_graph, page_as, live_url):
    page = page_as("ana")
    page.goto(live_url + "/console")
    wait_until(page, "document.getElementById('console-app').dataset.ready === '1'")
    assert page.locator(".CodeMirror").count() == 1
    page.select_option("#library-select", "voyage_manifest")
    assert page.input_value("#param-form input[name=voyage]") == "V-0001"  # the declared example
    page.fill("#param-form input[name=voyage]", "V1")
    assert page.locator(".CodeMirror .cm-keyword").count() > 0  # Cypher highlighted
    run_with_keyboard(page)
    wait_until(page, "document.getElementById('console-app').dataset.state === 'done'")
    assert page.locator("#console-result tbody tr").count() == 3
    shot(page, "workbench-named-query")
    with page.expect_download() as download:
        page.click("#btn-export-csv")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[0][:2] == ["voyage", "person"] and len(rows) == 4
    assert sorted(row[1] for row in rows[1:]) == ["Mohamad Ali", "Mohammed Ali", "محمد علي"]
    assert download.value.suggested_filename == "tracegraph-query.csv"
    # Saved as a personal named query, it is offered with its parameters.
    page.click("#save-panel summary")
    page.fill("#save-form input[name=name]", "case_chains")
    page.fill("#save-form input[name=title]", "Chains of a case")
    page.fill("#save-form input[name=description]", "The case graph of a report and a candidate.")
    page.fill("#save-form textarea[name=parameters]", "\n".join([
        "voyage: string ; example: V1", "agency: string = null ; example: AAA"]))
    page.click("#save-form button[type=submit]")
    wait_until(page, "document.getElementById('save-status').textContent.includes('Saved as case_chains')")
    wait_until(page, "[...document.querySelectorAll('#saved-select option')].some(o => o.text.includes('case_chains'))")
    page.select_option("#saved-select", label="Chains of a case (case_chains)")
    assert page.input_value("#param-form input[name=voyage]") == "V1"
    assert "agency+AAA+dna" in page.inner_text("#console-view")  # the view that answered, and as of when
    # The history lists the run; sorting and paging work on a longer result of plain values.
    wait_until(page, "document.querySelectorAll('#console-history li').length > 0")
    page.click("#btn-clear")
    page.click(".CodeMirror")
    page.keyboard.type("UNWIND range(1, 60) AS i MATCH (r:Report {uid: 'AAA:R1'}) RETURN r, i")
    page.click("#btn-run")
    wait_until(page, "document.getElementById('console-app').dataset.rows === '60'")
    assert page.locator("#console-result tbody tr").count() == 25
    page.click("#console-result th >> nth=1 >> button")
    page.click("#console-result th >> nth=1 >> button")
    assert page.inner_text("#console-result tbody tr >> nth=0 >> td >> nth=1") == "60"
    page.click("#page-next")
    assert page.inner_text("#console-result tbody tr >> nth=0 >> td >> nth=1") == "35"


def test_a_write_and_a_timeout_are_refused_cleanly(views_graph, page_as, live_url, app, monkeypatch):
    page = page_as("ana")
    page.goto(live_url + "/console")
    wait_until(page, "document.getElementById('console-app').dataset.ready === '1'")
    page.click(".CodeMirror")
    page.keyboard.type("CREATE (:Report {uid: 'planted'}) RETURN 1")
    run_with_keyboard(page)
    wait_until(page, "document.getElementById('console-app').dataset.state === 'error'")
    message = page.inner_text("#console-error")
    assert message.startswith("Neo4j refused the query:") and "read access mode" in message.lower(), message
    assert views_graph.read("MATCH (r:Report {uid: 'planted'}) RETURN count(r) AS n")[0]["n"] == 0
    shot(page, "workbench-write-refused")
    monkeypatch.setitem(app.config, "CONSOLE_TIMEOUT_SECONDS", 1.5)
    page.click("#btn-clear")
    page.click(".CodeMirror")
    page.keyboard.type("UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n")
    run_with_keyboard(page)
    wait_until(page, "document.getElementById('console-app').dataset.state === 'error'", timeout=30)
    message = page.inner_text("#console-error")
    assert message.startswith("The query ran longer than the workbench's limit of 1.5 s"), message
    assert "longer timeout" not in message, message
    shot(page, "workbench-timeout")


def test_a_non_analyst_cannot_reach_the_workbench(graph, page_as, live_url):
    page = page_as("inv")
    assert "Console" not in page.inner_text("nav.mainnav")
    response = page.goto(live_url + "/console")
    assert response.status == 403 and "Not allowed" in page.inner_text("main")
