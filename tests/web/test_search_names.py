"""Place and vessel names found through their full-text indexes: word prefixes, other scripts and
spellings, Lucene's special characters taken as text, exact identifiers first, and no label scan
in the plan of the search."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase

from graphmodel.store import Store
from ingest.name_variants import fill_missing
from ingest.run import IngestRequest, run_ingest
from queries import load_catalog
from web import name_search

VESSELS = [
    # record_id, vessel_name, departure_place
    ("V7", "نور البحر", "زوارة"),
    ("V8", "Sea Falcon", "Sabratha"),
    ("V9", "Dar es Salam", "Garabulli"),
]
NO_FILTERS = {"in_agency": None, "year": None, "status": None, "route": None}
LUCENE_SPECIAL = ['+', '-', '&&', '||', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '\\', '/']


@pytest.fixture
def delivered(graph: Store, tmp_path: Path) -> Store:
    """The crafted graph and three voyages delivered by AAA through ingestion, one written in Arabic."""
    path = tmp_path / "vessels.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["record_id", "vessel_name", "departure_place", "departure_date"])
        writer.writerows([(record_id, name, place, "2016-05-20") for record_id, name, place in VESSELS])
    run_ingest(IngestRequest(format="interchange", path=path, agency="AAA", rejects_dir=tmp_path / "out"),
               store_factory=lambda: graph)
    return graph


def found(client: Any, text: str) -> dict[str, list[str]]:
    response = client.get("/api/search", query_string={"q": text})
    assert response.status_code == 200, (text, response.get_data(as_text=True)[:300])
    return {group["kind"]: [hit["uid"] for hit in group["results"]] for group in response.get_json()["groups"]}


def test_ingestion_writes_the_spellings_the_indexes_search(delivered):
    rows = delivered.read("MATCH (v:Voyage {uid: 'AAA:V7'})-[:DEPARTED_FROM]->(p:Place) "
                          "RETURN v.name_variants AS vessel, p.name_variants AS place")
    assert rows and set(rows[0]["vessel"].split()) >= {"نور", "البحر", "nr", "bhr"}
    assert set(rows[0]["place"].split()) >= {"زوارة", "zr"}


def test_places_and_vessels_found_by_word_prefix(delivered, client_for):
    client = client_for("inv")
    assert found(client, "Falc")["Voyage"] == ["AAA:V8"]
    assert found(client, "falcon")["Voyage"] == ["AAA:V8"]  # a word inside the name, any case
    assert found(client, "Salam")["Voyage"] == ["AAA:V9"]
    assert "lampedusa" in found(client, "Lampe")["Place"]
    assert found(client, "Garab")["Place"] == ["garabulli"]
    assert "Voyage" not in found(client, "Falcons Nest")  # every word must match


def test_places_and_vessels_found_by_another_script_or_spelling(delivered, client_for):
    client = client_for("inv")
    # Written in Arabic, found by Latin spellings, through the transliteration keys.
    assert "AAA:V7" in found(client, "Nour al-Bahr")["Voyage"]
    assert "AAA:V7" in found(client, "Nur al-Bahar")["Voyage"]
    assert "زوارة" in found(client, "Zuwarah")["Place"]
    assert "زوارة" in found(client, "Zouara")["Place"]
    # Written in Latin letters, found by the Arabic spelling.
    assert "sabratha" in found(client, "صبراتة")["Place"]


def test_lucene_special_characters_are_text(delivered, client_for):
    client = client_for("inv")
    everything = " ".join(LUCENE_SPECIAL)
    for text in [everything, *LUCENE_SPECIAL, "*:*", "* OR Zuwara", "a* || b*", "?????", "~1", "\\*"]:
        kinds = found(client, text)
        assert "Place" not in kinds and "Voyage" not in kinds, (text, kinds)
    for special in LUCENE_SPECIAL:
        # Around a word, a special character is punctuation: the word alone is searched.
        assert found(client, f"{special}Falcon{special}").get("Voyage") == ["AAA:V8"], special
        assert found(client, f"Garab{special}").get("Place") == ["garabulli"], special
    # Lucene's operators are words like any other when typed.
    assert "Voyage" not in found(client, "Falcon NOT")
    assert found(client, "Sea AND Falcon").get("Voyage") is None
    # Every escaped query the search builds is one Lucene accepts.
    records = load_catalog()["ui_search_records"].text
    for text in [everything, "Sea-Falcon", "a-b:c", 'say "hi"', "x\\y/z", "(Zuwara)", "[1 TO 9]", "{a}", "^~*?"]:
        lucene = name_search.lucene_query(text) or ""
        delivered.read(records, {"text": text, "lucene": lucene, "date": "", "limit": 20, "agency": "AAA",
                                 "dna_cleared": False, **NO_FILTERS})


def test_an_identifier_comes_before_names_that_resemble_it(delivered, client_for):
    delivered.write("CREATE (:Place {uid: 'aaa v8 beach', name: 'AAA V8 beach', name_variants: 'aaa v8 beach'}), "
                    "(:Person {uid: 'AAA:R8#missing', full_name: 'Aaa V8', agency: 'AAA', role: 'missing'})")
    result = client_for("inv").get("/api/search", query_string={"q": "AAA:V8"}).get_json()
    groups = {group["kind"]: [hit["uid"] for hit in group["results"]] for group in result["groups"]}
    assert groups["Place"] == ["aaa v8 beach"] and groups["Person"] == ["AAA:R8#missing"]
    # The voyage the identifier names is the answer, above the groups of what resembles it.
    assert [hit["uid"] for hit in result["exact"]] == ["AAA:V8"] and groups["Voyage"][0] == "AAA:V8"


def test_names_loaded_before_the_indexes_are_filled_in(graph, client_for):
    graph.write("CREATE (:Place {uid: 'tobruk', name: 'طبرق'}), "
                "(:Voyage {uid: 'AAA:V5', record_id: 'V5', agency: 'AAA', vessel_name: 'Nour'})")
    client = client_for("inv")
    assert "Place" not in found(client, "Tobruk")
    # The crafted graph's three places and one voyage, and these two.
    assert fill_missing(graph) == 6 and fill_missing(graph) == 0
    assert found(client, "Tobruk")["Place"] == ["tobruk"]
    assert "AAA:V5" in found(client, "نور")["Voyage"]


def operators(plan: Any) -> list[tuple[str, str]]:
    """Every operator of a plan with its details, depth first."""
    found_here = [(plan["operatorType"], str(plan["args"].get("Details", "")))]
    for child in plan.get("children", []):
        found_here += operators(child)
    return found_here


def test_search_plans_no_label_scan(delivered):
    # A graph large enough that a scan would be a real cost to the planner.
    delivered.write("UNWIND range(1, 2000) AS i CREATE (:Place {uid: 'p' + i, name: 'Place ' + i, "
                    "name_variants: 'Place ' + i}) CREATE (:Voyage {uid: 'AAA:X' + i, record_id: 'X' + i, "
                    "vessel_name: 'Boat ' + i, agency: 'AAA'})")
    delivered.read("CALL db.awaitIndexes(60)")
    query = load_catalog()["ui_search_records"]
    settings = delivered.settings
    driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password or ""))
    try:
        for text in ("Zuwara", "V8", "2016-05"):
            params = {"text": text, "lucene": name_search.lucene_query(text) or "",
                      "date": text if text[:1].isdigit() else "", "limit": 20, "agency": "AAA", "dna_cleared": False,
                      **NO_FILTERS}
            with driver.session(database=delivered.database) as session:
                summary = session.run("PROFILE " + query.text, params).consume()
            plan = operators(summary.profile)
            scans = [(op, details) for op, details in plan if op.startswith(("AllNodesScan", "NodeByLabelScan"))]
            assert not scans, (text, scans)
            # The place and vessel names are read from their full-text indexes (the index names are
            # literals, which the plan shows as parameters).
            calls = [details for op, details in plan if op.startswith("ProcedureCall")]
            assert len(calls) == 2 and all("db.index.fulltext.queryNodes" in call for call in calls), (text, calls)
    finally:
        driver.close()
