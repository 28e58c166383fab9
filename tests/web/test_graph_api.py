"""The canvas API: link chains, expansion by type and page, shortest paths, saved layouts."""

from __future__ import annotations

import re

import pytest


def ids(store, *uids):
    rows = store.read("MATCH (n) WHERE n.uid IN $uids RETURN n.uid AS uid, elementId(n) AS id", {"uids": list(uids)})
    return {row["uid"]: row["id"] for row in rows}


def test_case_chains_join_report_and_candidate(graph, client_for):
    data = client_for("inv").get("/api/graph/case?report=AAA:R1&candidate=AAA:R1->BBB:B1").get_json()
    kinds = {n["data"]["kind"] for n in data["elements"]["nodes"]}
    assert {"Report", "Person", "Voyage", "Remains", "Candidate", "DNAProfile"} <= kinds
    assert data["chains"] >= 2  # via the voyage, and via the DNA kinship match
    edges = data["elements"]["edges"]
    node_ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert all(e["data"]["source"] in node_ids and e["data"]["target"] in node_ids for e in edges)
    strengths = {e["data"]["type"]: e["data"].get("strength") for e in edges}
    assert strengths["PROPOSES"] == "strong" and strengths["KINSHIP_MATCH"] == "strong"
    remains = next(n for n in data["elements"]["nodes"] if n["data"]["key"] == "BBB:B1")
    assert remains["provenance"]["agency"] == "BBB"


def test_case_chains_without_dna_clearance_avoid_dna(graph, client_for):
    data = client_for("inv-nodna").get("/api/graph/case?report=AAA:R1&candidate=AAA:R1->BBB:B1").get_json()
    assert "DNAProfile" not in {n["data"]["kind"] for n in data["elements"]["nodes"]}
    assert "KINSHIP_MATCH" not in {e["data"]["type"] for e in data["elements"]["edges"]}


def test_expand_is_filtered_and_paged(graph, client_for):
    client = client_for("inv")
    voyage = ids(graph, "AAA:V1")["AAA:V1"]
    detail = client.get(f"/api/graph/node/{voyage}").get_json()
    counts = {(c["type"], c["outgoing"]): c["neighbours"] for c in detail["counts"]}
    assert counts[("BOARDED", False)] == 2 and counts[("RECOVERED_FROM", False)] == 1  # B9 is BBB-only
    first = client.get(f"/api/graph/expand?id={voyage}&size=1&types=BOARDED").get_json()
    second = client.get(f"/api/graph/expand?id={voyage}&size=1&page=1&types=BOARDED").get_json()
    def people(page):
        return {n["data"]["key"] for n in page["elements"]["nodes"] if n["data"]["kind"] == "Person"}
    assert len(people(first)) == 1 and len(people(second)) == 1 and people(first) != people(second)
    assert first["more"] and not second["more"] and first["total"] == 2
    assert {e["data"]["type"] for e in first["elements"]["edges"]} == {"BOARDED"}


def test_shortest_paths_between_two_nodes(graph, client_for):
    found = ids(graph, "AAA:R2", "AAA:S1")
    data = client_for("inv").get(f"/api/graph/paths?from={found['AAA:R2']}&to={found['AAA:S1']}").get_json()
    assert data["paths"] and all(p[0] == found["AAA:R2"] and p[-1] == found["AAA:S1"] for p in data["paths"])
    shortest = min(len(p) for p in data["paths"])
    assert shortest == 4  # report - person - voyage - sighting: through the boat


@pytest.mark.both_stores
def test_layouts_are_saved_and_reopened_within_the_agency(graph, client_for):
    client = client_for("inv")
    found = ids(graph, "AAA:R1", "AAA:V1")
    nodes = [{"id": found["AAA:R1"], "key": "AAA:R1", "x": 10, "y": 20, "pinned": True},
             {"id": found["AAA:V1"], "key": "AAA:V1", "x": -5, "y": 3.5, "hidden": True}]
    saved = client.post("/api/layouts", json={"report_uid": "AAA:R1", "name": "voyage view",
                                              "candidate": "AAA:R1->BBB:B1", "nodes": nodes},
                        headers={"X-CSRFToken": client.csrf})
    assert saved.status_code == 201
    layout_id = saved.get_json()["id"]
    colleague = client_for("ana")
    listing = colleague.get("/api/layouts?report=AAA:R1").get_json()["layouts"]
    assert any(layout["name"] == "voyage view" for layout in listing)
    layout = colleague.get(f"/api/layouts/{layout_id}").get_json()
    assert layout["nodes"][0]["pinned"] and layout["nodes"][1]["hidden"] and layout["nodes"][1]["y"] == 3.5
    redrawn = colleague.post("/api/graph/nodes", json={"ids": [n["id"] for n in layout["nodes"]]},
                             headers={"X-CSRFToken": colleague.csrf}).get_json()
    assert {n["data"]["key"] for n in redrawn["elements"]["nodes"]} == {"AAA:R1", "AAA:V1"}
    assert client_for("inv-bbb").get(f"/api/layouts/{layout_id}").status_code == 404
    bad = client.post("/api/layouts", json={"report_uid": "AAA:R1", "nodes": [{"id": "x", "x": "left"}]},
                      headers={"X-CSRFToken": client.csrf})
    assert bad.status_code == 400


def test_a_node_s_details_read_as_words_not_as_stored_values(graph, client_for):
    client = client_for("inv")
    found = ids(graph, "AAA:R1#missing", "BBB:B1", "AAA:V1")
    person = client.get(f"/api/graph/node/{found['AAA:R1#missing']}").get_json()["fields"]
    shown = {f["label"]: f["value"] for f in person}
    assert shown["Sex"] == "male" and shown["Distinguishing marks"] == "scar on left hand"
    assert "name_key" not in str(person) and not any("_" in f["label"] for f in person)
    remains = {f["label"]: f["value"] for f in client.get(f"/api/graph/node/{found['BBB:B1']}").get_json()["fields"]}
    assert "27 May 2016" in remains.values() and "20–35 years" in remains.values()
    voyage = client.get(f"/api/graph/node/{found['AAA:V1']}").get_json()["fields"]
    for field in person + voyage:
        assert not re.match(r"^\d{4}-\d{2}-\d{2}", field["value"]) and not field["value"].startswith(("[", "{"))
