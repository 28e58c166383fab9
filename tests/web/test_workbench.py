"""The analysts' workbench: writes refused by Neo4j, timeouts, named and saved queries, the analyst's
view, exports, history and the audit trail."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from waitress import create_server

from conftest import PASSWORD
from isolation.rule import ViewScope
from web import accounts

SLOW_QUERY = "UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n"


def run(client, query="", **body):
    return client.post("/api/console", json={"query": query, **body}, headers={"X-CSRFToken": client.csrf})


def export(client, query, kind="csv", **fields):
    return client.post("/console/export", data={"query": query, "format": kind, "csrf_token": client.csrf, **fields})


@pytest.fixture(scope="module")
def second_analyst(web_db) -> str:
    """An analyst of the same agency without DNA clearance."""
    if accounts.get_user(web_db, "ana-nodna") is None:
        accounts.add_user(web_db, "ana-nodna", PASSWORD, "analyst", "AAA", dna_cleared=False)
    return "ana-nodna"


@pytest.mark.parametrize("query", [
    "CREATE (:Report {uid: 'X'})",
    "MERGE (r:Report {uid: 'X'}) RETURN r",
    "MATCH (r:Report {uid: 'AAA:R1'}) SET r.status = 'found' RETURN r",
    "MATCH (r:Report {uid: 'AAA:R1'}) REMOVE r.status RETURN r",
    "MATCH (r:Report {uid: 'AAA:R1'}) DETACH DELETE r",
    "MATCH (r:Report) WITH r LIMIT 1 CALL (r) { SET r.flag = true } RETURN r",
    "CALL db.createLabel('Planted')",
    "CREATE INDEX planted IF NOT EXISTS FOR (n:Report) ON (n.planted)",
])
def test_writes_are_refused_by_the_database(views_graph, client_for, query):
    response = run(client_for("ana"), query)
    assert response.status_code == 400
    message = response.get_json()["message"]
    # The database's own sentence, one line, no driver wrapping or traceback.
    assert message.startswith("Neo4j refused the query: ") and "\n" not in message
    assert re.search(r"read access mode|read only|not allowed|write", message, re.IGNORECASE), message
    assert "Traceback" not in message and "{code:" not in message
    counts = views_graph.read("MATCH (r:Report) RETURN count(r) AS n, count(r.status) AS statuses, "
                        "count(r.flag) AS flags, count(r.planted) AS planted")[0]
    assert counts == {"n": 4, "statuses": 3, "flags": 0, "planted": 0}


def test_a_runaway_query_is_cancelled_at_the_timeout(views_graph, client_for, app, monkeypatch):
    monkeypatch.setitem(app.config, "CONSOLE_TIMEOUT_SECONDS", 1.5)
    started = time.monotonic()
    response = run(client_for("ana"), SLOW_QUERY)
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    message = response.get_json()["message"]
    # Said as it is: the limit, the same for every query, and what the analyst can change (not the limit).
    assert message.startswith("The query ran longer than the workbench's limit of 1.5 s"), message
    assert "longer timeout" not in message and "retry" not in message.lower() and "LIMIT" in message, message
    assert elapsed < 10, elapsed


def _http_login(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "ana", "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(base + "/login", data=form, timeout=10)
    opener.csrf = re.search(r'name="csrf-token" content="([^"]+)"',  # type: ignore[attr-defined]
                            opener.open(base + "/console", timeout=10).read().decode()).group(1)
    return opener


def test_others_are_served_while_a_slow_query_runs(views_graph, app, monkeypatch):
    monkeypatch.setitem(app.config, "CONSOLE_TIMEOUT_SECONDS", 6.0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        opener = _http_login(base)
        slow: dict[str, object] = {}

        def slow_run() -> None:
            request = urllib.request.Request(base + "/api/console", data=json.dumps({"query": SLOW_QUERY}).encode(),
                                             headers={"Content-Type": "application/json",
                                                      "X-CSRFToken": opener.csrf})  # type: ignore[attr-defined]
            started = time.monotonic()
            try:
                opener.open(request, timeout=60)
            except urllib.error.HTTPError as error:
                slow["status"], slow["body"] = error.code, json.loads(error.read())
            slow["seconds"] = time.monotonic() - started

        worker = threading.Thread(target=slow_run)
        worker.start()
        time.sleep(1.0)
        served = []
        for _ in range(3):
            started = time.monotonic()
            with opener.open(base + "/api/console/history", timeout=10) as answer:
                assert answer.status == 200
            served.append(time.monotonic() - started)
            other = urllib.request.urlopen(base + "/login", timeout=10)
            assert other.status == 200
        assert worker.is_alive(), "the slow query should still be running"
        assert max(served) < 2.0, served
        worker.join(60)
        assert slow["status"] == 400 and "limit of 6 s" in slow["body"]["message"], slow  # type: ignore[index]
        assert 5.0 < slow["seconds"] < 30, slow  # type: ignore[operator]
    finally:
        server.close()


def test_named_query_with_parameters_gives_rows_and_graph(views_graph, client_for):
    client = client_for("ana")
    library = client.get("/api/console/queries").get_json()["library"]
    names = {q["name"] for q in library}
    assert {"voyage_manifest", "link_chains", "graph_overview"} <= names
    assert not names & {"kinship_write_matches", "match_write_candidates"}  # write queries are not offered
    # The pages' own queries are not the analysts' library, and every query in it has its category.
    assert not [name for name in names if name.startswith("ui_")] and all(q["category"] for q in library)
    assert run(client, named="ui_graph_case", params={"report_uid": "AAA:R1"}).status_code == 400
    manifest = next(q for q in library if q["name"] == "voyage_manifest")
    assert manifest["category"] == "Voyages and incidents"
    assert {p["name"]: p["value"] for p in manifest["parameters"]} == {"voyage": "V-0001", "agency": ""}
    result = run(client, named="voyage_manifest", params={"voyage": "V1", "agency": "AAA"}).get_json()
    assert result["columns"][:2] == ["voyage", "person"], result
    assert sorted(row[1] for row in result["cells"]) == ["Mohamad Ali", "Mohammed Ali", "محمد علي"], result
    missing = run(client, named="voyage_manifest", params={}).get_json()
    assert missing["message"] == "query voyage_manifest needs parameter voyage"
    typed = run(client, named="link_chains", params={"report_uid": "AAA:R1", "target_uid": "BBB:B1",
                                                     "max_hops": "many"})
    assert typed.status_code == 400 and "must be integer" in typed.get_json()["message"]
    assert run(client, named="kinship_write_matches").status_code == 400


def test_ad_hoc_parameters_are_passed_as_json(views_graph, client_for):
    client = client_for("ana")
    result = run(client, "MATCH (r:Report {uid: $uid}) RETURN r", params={"uid": "AAA:R2"}).get_json()
    assert result["cells"] == [["(Report R2)"]]
    as_text = run(client, "MATCH (r:Report {uid: $uid}) RETURN r", params='{"uid": "AAA:R3"}').get_json()
    assert as_text["cells"] == [["(Report R3)"]]
    bad = run(client, "RETURN $x", params="{not json")
    assert bad.status_code == 400 and "not valid JSON" in bad.get_json()["message"]


def test_queries_run_in_the_analysts_view(views_graph, client_for, second_analyst, sync_views, analyst_views):
    """The guarantee of docs/web.md, "Analysts and restricted data": what the view does not hold
    cannot be returned, counted or shown, so answers need no screening."""
    # The engine marks a conflict with the report of a confirmed candidate, here a BBB-only one.
    views_graph.write("MATCH (c:Candidate {uid: 'AAA:R1->BBB:B1'}) SET c.conflict = true, c.conflict_with = ['BBB:R9']",
                      touched=["Candidate|AAA:R1->BBB:B1"])
    sync_views()
    client = client_for("ana")
    reports = run(client, "MATCH (r:Report) RETURN r").get_json()
    assert sorted(c[0] for c in reports["cells"]) == ["(Report R1)", "(Report R2)", "(Report R3)"]
    assert reports["notes"] == [] and "withheld" not in reports
    assert reports["view"]["name"] == "agency+AAA+dna" and "as of" in reports["view"]["text"]
    counted = run(client, "MATCH (r:Report) RETURN count(r) AS n, collect(r.uid) AS uids").get_json()
    assert counted["rows"] == [[3, ["AAA:R1", "AAA:R2", "AAA:R3"]]]
    paths = run(client, "MATCH p = (:Report)-[*1..2]-(x) RETURN p").get_json()
    assert paths["cells"] and all("R9" not in json.dumps(row) for row in paths["cells"])
    assert "Zainab" not in json.dumps(paths) and "SECRET-9" not in json.dumps(paths)
    # Plain values come from the view too: every name it holds, none it does not.
    names = run(client, "MATCH (p:Person) RETURN p.full_name AS name ORDER BY name").get_json()
    assert "Mohammed Ali" in str(names["rows"]) and "Zainab" not in str(names["rows"])
    for kind in ("csv", "json"):
        body = export(client, "MATCH (n) RETURN n", kind).get_data(as_text=True)
        assert "Zainab" not in body and "SECRET-9" not in body and "R9" not in body
        assert "Mohammed Ali" in body or kind == "csv"  # a CSV cell names a node by its caption
    candidates = run(client, "MATCH (c:Candidate) RETURN c").get_json()
    assert sorted(c[0] for c in candidates["cells"]) == ["(Candidate AAA:R1->AAA:S1)", "(Candidate AAA:R1->BBB:B1)",
                                                         "(Candidate AAA:R2->BBB:B1)"]
    # The conflict with the hidden report is worked out again in the view: no flag, no name.
    assert "R9" not in json.dumps(candidates) and "B9" not in json.dumps(candidates)
    flags = run(client, "MATCH (c:Candidate) RETURN c.uid AS uid, c.conflict AS conflict, c.conflict_with AS w "
                        "ORDER BY uid").get_json()
    assert [row[1:] for row in flags["rows"]] == [[False, None]] * 3
    assert "R9" not in export(client, "MATCH (c:Candidate) RETURN c", "json").get_data(as_text=True)
    listed = export(client, "MATCH (p:Person) WHERE p.uid STARTS WITH 'BBB' "
                    "RETURN p.full_name AS name").get_data(as_text=True)
    assert list(csv.reader(io.StringIO(listed))) == [["name"]]
    # Without DNA clearance: no profiles, no genotypes, no per-locus detail, whatever the query asks for.
    nodna = client_for(second_analyst)
    profiles = run(nodna, "MATCH (d:DNAProfile) RETURN d").get_json()
    assert profiles["cells"] == [] and profiles["view"]["name"] == "agency+AAA"
    everything = export(nodna, "MATCH p = (a)-[*0..2]-(b) RETURN p", "json").get_data(as_text=True)
    assert "D3S1358" not in everything and "genotypes" not in everything and "shared allele" not in everything
    raw = run(nodna, "MATCH (c:Candidate {uid: 'AAA:R1->BBB:B1'}) RETURN c.evidence AS e").get_json()
    assert "D3S1358" not in raw["rows"][0][0] and '"kind": "dna"' in raw["rows"][0][0]
    cleared = export(client, "MATCH (d:DNAProfile) RETURN d", "json").get_data(as_text=True)
    assert "D3S1358" in cleared  # the cleared analyst does see them
    with analyst_views.store(analyst_views.get(ViewScope("AAA", False))) as view:
        assert view.read("MATCH (d:DNAProfile) RETURN count(d) AS n")[0]["n"] == 0


def test_csv_export_neutralises_formulas(store, client_for, sync_views):
    store.write("CREATE (:Report {uid: 'AAA:F1', record_id: '=HYPERLINK(\"http://x\")', agency: 'AAA', "
                "sharing: 'partners', note: '+cmd|calc'})", touched=["Report|AAA:F1"])
    sync_views()
    client = client_for("ana")
    response = export(client, "MATCH (r:Report) RETURN r.record_id AS `=id`, r.note AS note, r")
    assert response.headers["Content-Disposition"] == 'attachment; filename="tracegraph-query.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["'=id", "note", "r"]
    assert rows[1][:2] == ["'=HYPERLINK(\"http://x\")", "'+cmd|calc"]
    as_json = json.loads(export(client, "MATCH (r:Report) RETURN r.record_id AS id", "json").get_data(as_text=True))
    assert as_json == [{"id": '=HYPERLINK("http://x")'}]


@pytest.mark.both_stores
def test_history_and_audit_record_every_run(views_graph, client_for, second_analyst):
    client = client_for("ana")
    run(client, "MATCH (r:Report {uid: $uid}) RETURN r", params={"uid": "AAA:R1"})
    run(client, "CREATE (:Report)")
    entries = client.get("/api/console/history").get_json()["entries"]
    assert entries[0]["query"] == "CREATE (:Report)" and entries[0]["error"] and entries[0]["row_count"] is None
    assert entries[1]["parameters"] == {"uid": "AAA:R1"} and entries[1]["row_count"] == 1
    assert entries[1]["duration_ms"] >= 0
    assert all(e["query"] != "CREATE (:Report)" for e in
               client_for(second_analyst).get("/api/console/history").get_json()["entries"][:1])
    audit = client_for("adm").get("/api/admin/audit?action=query&user=ana").get_json()["entries"]
    details = [json.loads(e["detail"]) for e in audit[:2]]
    assert details[0]["query"] == "CREATE (:Report)" and details[0]["rows"] is None and details[0]["error"]
    assert details[1] == {"query": "MATCH (r:Report {uid: $uid}) RETURN r", "parameters": {"uid": "AAA:R1"},
                          "named": "", "rows": 1, "duration_ms": details[1]["duration_ms"]}
    assert isinstance(details[1]["duration_ms"], float)


@pytest.mark.both_stores
def test_saved_queries_personal_and_shared(views_graph, client_for, second_analyst):
    owner = client_for("ana")
    def save(**body):
        return owner.post("/api/console/queries", json=body, headers={"X-CSRFToken": owner.csrf})
    personal = save(name="my_report", title="One report", description="A report by uid.",
                    parameters=["uid: string ; example: AAA:R1 ; the report"],
                    query="MATCH (r:Report {uid: $uid}) RETURN r")
    assert personal.status_code == 201
    saved = personal.get_json()
    assert saved["parameters"][0] == {"name": "uid", "type": "string", "default": None, "example": "AAA:R1",
                                    "description": "the report", "value": "AAA:R1"}
    shared = save(name="all_voyages", title="Voyages", description="Every voyage.", query="MATCH (v:Voyage) RETURN v",
                  shared=True).get_json()
    ran = run(owner, saved=saved["id"], params={"uid": "AAA:R2"}).get_json()
    assert ran["cells"] == [["(Report R2)"]]
    colleague = client_for(second_analyst)
    visible = {q["name"] for q in colleague.get("/api/console/queries").get_json()["saved"]}
    assert visible == {"all_voyages"}
    assert run(colleague, saved=shared["id"]).get_json()["cells"] == [["(Voyage V1)"]]
    refused = run(colleague, saved=saved["id"], params={"uid": "AAA:R2"})
    assert refused.status_code == 400 and "no saved query" in refused.get_json()["message"]
    assert save(name="Bad Name", title="t", description="d", query="RETURN 1").status_code == 400
    smuggled = save(name="sneaky", title="t", description="d", query="// name: other\nMATCH (n) RETURN n")
    assert smuggled.status_code == 400 and "comment" in smuggled.get_json()["message"]
    typo = save(name="typo", title="t", description="d", parameters=["n: number"], query="RETURN $n")
    assert typo.status_code == 400 and "unknown type" in typo.get_json()["message"]


def test_the_page_works_without_scripts(views_graph, client_for):
    client = client_for("ana")
    page = client.post("/console", data={"query": "MATCH (r:Report {uid: $uid}) RETURN r",
                                         "params": '{"uid": "AAA:R1"}', "csrf_token": client.csrf})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "(Report R1)" in text and "1 row(s)" in text
    refused = client.post("/console", data={"query": "CREATE (:Report)", "csrf_token": client.csrf})
    assert refused.status_code == 400 and "Neo4j refused the query" in refused.get_data(as_text=True)


@pytest.mark.parametrize("username", ["inv", "lia", "adm"])
def test_only_analysts_reach_the_workbench(client_for, username):
    client = client_for(username)
    assert client.get("/console").status_code == 403
    assert client.get("/api/console/queries").status_code == 403
    assert run(client, "RETURN 1").status_code == 403
    assert export(client, "RETURN 1").status_code == 403
