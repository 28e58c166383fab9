"""Search as investigators use it: the record an identifier names first, the missing before their
relatives, a hit that opens the case, pages and filters, and never another agency's restricted
records, whatever the filters."""

from __future__ import annotations

from typing import Any

import pytest

from graphmodel.store import Store
from normalise.name_keys import name_key, name_variants


def search(client: Any, text: str, **args: Any) -> dict[str, Any]:
    response = client.get("/api/search", query_string={"q": text, **args})
    assert response.status_code == 200, (text, args, response.get_data(as_text=True)[:300])
    return response.get_json()


def uids(result: dict[str, Any], kind: str) -> list[str]:
    return [hit["uid"] for hit in group(result, kind)["results"]]


def group(result: dict[str, Any], kind: str) -> dict[str, Any]:
    return next((g for g in result["groups"] if g["kind"] == kind), {"results": [], "more": False})


@pytest.fixture
def crowded(graph: Store) -> Store:
    """30 missing people named Testname, each with a report: 2016 or 2017, on a route or not,
    believed missing or dead; two agencies that supplied records, one of which shares none."""
    rows = [{"n": n, "report": f"AAA:T{n:02d}", "person": f"AAA:T{n:02d}#missing", "name": f"Testname Person{n:02d}",
             "year": "2016" if n % 2 else "2017", "status": "believed_dead" if n % 3 == 0 else "believed_missing",
             "route": n % 5 == 0} for n in range(1, 31)]
    for row in rows:
        row["key"], row["variants"] = name_key(row["name"]), name_variants([row["name"]])
    graph.write("MERGE (route:Route {name: 'Central Mediterranean'}) MERGE (:Route {name: 'Western Balkans'}) "
                "WITH route UNWIND $rows AS row "
                "CREATE (r:Report {uid: row.report, record_id: 'T' + row.n, agency: 'AAA', sharing: 'partners', "
                "reported_on: row.year + '-03-01', status: row.status}) "
                "CREATE (r)-[:REPORTED_MISSING]->(:Person {uid: row.person, agency: 'AAA', sharing: 'partners', "
                "role: 'missing', full_name: row.name, name_key: row.key, name_variants: row.variants}) "
                "FOREACH (_ IN CASE WHEN row.route THEN [1] ELSE [] END | CREATE (r)-[:ON_ROUTE]->(route))",
                {"rows": rows})
    graph.write("MERGE (a:Agency {code: 'AAA'}) MERGE (b:Agency {code: 'BBB'}) MERGE (c:Agency {code: 'CCC'}) "
                "WITH a, b, c MATCH (r1:Report {uid: 'AAA:R1'}), (b1:Remains {uid: 'BBB:B1'}), "
                "(r9:Report {uid: 'BBB:R9'}) "
                "CREATE (r1)-[:SUPPLIED_BY]->(a), (b1)-[:SUPPLIED_BY]->(b), (r9)-[:SUPPLIED_BY]->(b) "
                "CREATE (:Report {uid: 'CCC:Q1', record_id: 'Q1', agency: 'CCC', sharing: 'agency'})"
                "-[:SUPPLIED_BY]->(c)")
    graph.read("CALL db.awaitIndexes(60)")
    return graph


def test_an_identifier_answers_with_its_record_first(graph, client_for):
    client = client_for("inv")
    result = search(client, "R1")
    assert [hit["uid"] for hit in result["exact"]] == ["AAA:R1"]
    assert result["exact"][0]["url"] == "/cases/AAA:R1"
    person = search(client, "AAA:R1#missing")
    assert [(hit["kind"], hit["uid"]) for hit in person["exact"]] == [("Person", "AAA:R1#missing")]
    remains = search(client, "CN-17-2016")
    assert [hit["uid"] for hit in remains["exact"]] == ["BBB:B1"]
    # A prefix is no identifier: the records it begins are found, none of them as "the" record.
    assert search(client, "CN-17")["exact"] == [] and "BBB:B1" in uids(search(client, "CN-17"), "Remains")


def test_the_missing_come_before_relatives_and_open_the_case(graph, client_for):
    hits = group(search(client_for("inv"), "Ali"), "Person")["results"]
    roles = [hit["role"] for hit in hits]
    assert roles[0] == "missing person" and roles[-1] == "relative (mother)", roles
    assert roles.index("named in a sighting") > max(i for i, r in enumerate(roles) if r == "missing person")
    by_uid = {hit["uid"]: hit for hit in hits}
    # The missing person and the mother both open the family's case; the sighting's person has none.
    assert by_uid["AAA:R1#missing"]["url"] == "/cases/AAA:R1"
    assert by_uid["AAA:REL1"]["url"] == "/cases/AAA:R1"
    assert by_uid["AAA:S1#recorded"]["url"] == by_uid["AAA:S1#recorded"]["person_url"]
    assert by_uid["AAA:S1#recorded"]["case_url"] is None


def test_results_are_paged_by_kind(crowded, client_for):
    client = client_for("inv")
    preview = group(search(client, "Testname"), "Person")
    assert len(preview["results"]) == 8 and preview["more"]
    first = search(client, "Testname", kind="Person")
    assert [g["kind"] for g in first["groups"]] == ["Person"]
    page1 = group(first, "Person")
    page2 = group(search(client, "Testname", kind="Person", page=2), "Person")
    assert len(page1["results"]) == 25 and page1["more"]
    assert len(page2["results"]) == 5 and not page2["more"]
    seen = [hit["uid"] for hit in page1["results"] + page2["results"]]
    assert sorted(seen) == sorted(f"AAA:T{n:02d}#missing" for n in range(1, 31))
    reports = search(client, "T", kind="Report")
    assert len(group(reports, "Report")["results"]) == 25 and group(reports, "Report")["more"]
    # The page shows the pager.
    html = client.get("/search", query_string={"q": "Testname", "kind": "Person"}).get_data(as_text=True)
    assert 'rel="next"' in html and 'rel="prev"' not in html


def test_filters_narrow_people_and_records(crowded, client_for):
    client = client_for("inv")

    def people(**args: str) -> set[str]:
        return {hit["uid"] for hit in group(search(client, "Testname", kind="Person", **args), "Person")["results"]}

    assert people(year="2016") == {f"AAA:T{n:02d}#missing" for n in range(1, 31, 2)}
    assert people(status="believed_dead") == {f"AAA:T{n:02d}#missing" for n in range(3, 31, 3)}
    assert people(route="Central Mediterranean") == {f"AAA:T{n:02d}#missing" for n in range(5, 31, 5)}
    assert people(route="Central Mediterranean", year="2017") == {"AAA:T10#missing", "AAA:T20#missing",
                                                                   "AAA:T30#missing"}
    assert people(route="Western Balkans") == set() and people(agency="BBB") == set()
    reports = {hit["uid"] for hit in group(search(client, "T", kind="Report", status="believed_dead",
                                                  year="2016"), "Report")["results"]}
    assert reports == {f"AAA:T{n:02d}" for n in (3, 9, 15, 21, 27)}
    assert uids(search(client, "2016-05", agency="BBB"), "Remains") == ["BBB:B1"]
    assert group(search(client, "2016-05", agency="AAA"), "Remains")["results"] == []
    for bad in ({"year": "16"}, {"kind": "Vessel"}, {"status": "lost"}, {"page": "two"}):
        response = client.get("/api/search", query_string={"q": "Ali", **bad})
        assert response.status_code == 400, bad


def test_filters_offer_what_the_agency_may_see(crowded, client_for, app):
    # The app reads the filters' choices once a minute; another test's graph may be in that minute.
    app.extensions.pop("tracegraph.search_choices", None)
    html = client_for("inv").get("/search").get_data(as_text=True)
    options = html.split('id="filter-agency"')[1].split("</select>")[0]
    assert '"AAA"' in options and '"BBB"' in options
    # CCC shares nothing with partners: its name is not offered to AAA.
    assert "CCC" not in options
    routes = html.split('id="filter-route"')[1].split("</select>")[0]
    assert "Central Mediterranean" in routes and "Western Balkans" in routes


@pytest.mark.parametrize("args", [{}, {"kind": "Person"}, {"kind": "Report"}, {"agency": "BBB"}, {"year": "2016"},
                                  {"status": "believed_missing"}, {"kind": "Remains", "agency": "BBB"}])
def test_no_filter_reveals_another_agencys_restricted_records(crowded, client_for, args):
    client = client_for("inv")
    for text in ("Zainab", "Zainab Hidden", "R9", "BBB:R9", "BBB:R9#missing", "SECRET-9", "B9", "2016-08", "2016-09",
                 "Q1", "CCC:Q1"):
        result = search(client, text, **args)
        shown = {hit["uid"] for hit in result["exact"]} | {hit["uid"] for g in result["groups"] for hit in g["results"]}
        assert not shown & {"BBB:R9", "BBB:R9#missing", "BBB:B9", "CCC:Q1"}, (text, args, shown)
    # BBB's own investigator finds them: the test would see a leak.
    own = search(client_for("inv-bbb"), "BBB:R9")
    assert [hit["uid"] for hit in own["exact"]] == ["BBB:R9"]
    assert "BBB:R9#missing" in uids(search(client_for("inv-bbb"), "Zainab"), "Person")
