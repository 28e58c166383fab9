"""Named queries over candidates, reviews and incidents, on crafted data written through the store."""

from __future__ import annotations

import pytest

AGENCY = "DEMO"

CANDIDATE = """
MATCH (r:Report {uid: $report}), (t {uid: $target})
MERGE (c:Candidate {uid: $report + '|' + $target})
SET c.candidate_kind = $kind, c.band = $band, c.review_status = $status, c.log10_lr = $log10_lr,
    c.posterior = $posterior, c.prior = 0.01, c.evidence = $evidence, c.computed_at = datetime($at),
    c.created_at = datetime($at)
MERGE (r)-[:HAS_CANDIDATE]->(c)
MERGE (c)-[:PROPOSES]->(t)
"""


def add_candidate(store, report, target, kind="remains", band="strong", status="proposed", log10_lr=6.0,
                  at="2025-01-01T00:00:00Z"):
    store.write(CANDIDATE, {"report": f"{AGENCY}:{report}", "target": f"{AGENCY}:{target}", "kind": kind,
                            "band": band, "status": status, "log10_lr": log10_lr, "posterior": 0.99,
                            "evidence": '[{"kind": "dna", "log10_lr": 6.0, "detail": "full sibling"}]',
                            "at": at})


@pytest.fixture(scope="module")
def crafted(scenario):
    reports = [r["record_id"] for r in scenario.rows("reports")]
    remains = [r["record_id"] for r in scenario.rows("remains")]
    sightings = [s for s in scenario.rows("sightings") if s["date"]]
    store = scenario.store
    add_candidate(store, reports[0], remains[0], status="confirmed", at="2025-01-01T00:00:00Z")
    add_candidate(store, reports[1], remains[0], band="strong", at="2025-02-01T00:00:00Z")
    add_candidate(store, reports[2], remains[1], band="probable", status="under_review", at="2024-06-01T00:00:00Z")
    add_candidate(store, reports[3], remains[2], band="possible", at="2024-01-01T00:00:00Z")
    add_candidate(store, reports[4], remains[3], band="probable", status="confirmation_proposed",
                  at="2025-04-01T00:00:00Z")
    store.write("MATCH (c:Candidate {uid: $uid}) SET c.confirmation_proposed_by = 'amina'",
                {"uid": f"{AGENCY}:{reports[4]}|{AGENCY}:{remains[3]}"})
    store.write("MATCH (c:Candidate {uid: $uid}) CREATE (:Review {uid: $uid + '#1', decision: 'confirmed', "
                "reviewer: 'amina', reason: 'DNA and ring', at: datetime('2025-03-01T10:00:00Z')})-[:REVIEW_OF]->(c)",
                {"uid": f"{AGENCY}:{reports[0]}|{AGENCY}:{remains[0]}"})
    alive = next(s for s in sightings if s["condition"] in ("alive", "injured"))
    report = next(r for r in scenario.rows("reports") if r["last_seen_date"] and r["last_seen_date"] < alive["date"]
                  and r["record_id"] not in reports[:5])
    add_candidate(store, report["record_id"], alive["record_id"], kind="sighting", band="probable",
                  at="2025-06-01T00:00:00Z")
    return {"reports": reports, "remains": remains, "alive": alive, "alive_report": report["record_id"]}


def test_identification_evidence(scenario, crafted):
    rows = scenario.run("identification_evidence", report=crafted["reports"][0], candidate=crafted["remains"][0])
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["band"], row["review_status"], row["log10_lr"]) == ("remains", "strong", "confirmed", 6.0)
    assert row["reviews"] == [{"at": "2025-03-01T10:00:00Z", "reviewer": "amina", "decision": "confirmed",
                               "reason": "DNA and ring"}]


def test_candidates_awaiting_review_second_person_first_then_oldest(scenario, crafted):
    rows = scenario.run("candidates_awaiting_review")
    listed = [(row["report"], row["candidate"]) for row in rows]
    # a confirmation one person proposed waits only for a second one: it comes first, with its proposer
    assert listed[0] == (crafted["reports"][4], crafted["remains"][3])
    assert (rows[0]["review_status"], rows[0]["confirmation_proposed_by"]) == ("confirmation_proposed", "amina")
    assert rows[1]["confirmation_proposed_by"] is None
    assert listed[1:3] == [(crafted["reports"][2], crafted["remains"][1]),
                           (crafted["reports"][1], crafted["remains"][0])]
    assert (crafted["reports"][3], crafted["remains"][2]) not in listed  # only possible
    assert (crafted["reports"][0], crafted["remains"][0]) not in listed  # already confirmed


def test_identification_conflicts(scenario, crafted):
    rows = scenario.run("identification_conflicts")
    assert [(row["kind"], row["record"]) for row in rows] == [("Remains", crafted["remains"][0])]
    assert {claim["report"] for claim in rows[0]["claims"]} == {crafted["reports"][0], crafted["reports"][1]}


def test_seen_alive_after_last_contact(scenario, crafted):
    rows = scenario.run("seen_alive_after_last_contact")
    assert (crafted["alive_report"], crafted["alive"]["record_id"]) in {(r["report"], r["sighting"]) for r in rows}
    assert all(row["seen_on"] > row["last_seen"] for row in rows)


def test_reports_with_dna_without_candidates_excludes_those_with_candidates(scenario, crafted):
    rows = scenario.run("reports_with_dna_without_candidates", limit=10_000)
    listed = {row["report"] for row in rows}
    assert not listed & set(crafted["reports"][:5])
    with_references = {r["report_id"] for r in scenario.rows("relatives") if r["dna_sample_id"]}
    assert listed == with_references - set(crafted["reports"][:5]) - {crafted["alive_report"]}


def test_voyages_most_missing_leaves_out_confirmed(scenario, crafted):
    reports = scenario.rows("reports")
    confirmed = crafted["reports"][0]
    expected = {}
    for r in reports:
        if r["vessel_ref"] and r["record_id"] != confirmed:
            expected[r["vessel_ref"]] = expected.get(r["vessel_ref"], 0) + 1
    rows = scenario.run("voyages_most_missing", limit=1000)
    assert {row["voyage"]: row["still_missing"] for row in rows} == expected
    assert [row["still_missing"] for row in rows] == sorted((row["still_missing"] for row in rows), reverse=True)


def test_incident_queries_on_crafted_incident(scenario, crafted):
    store = scenario.store
    remains = scenario.rows("remains")
    located = [r for r in remains if r["recovery_lat"] and r["recovery_date"] and len(r["recovery_date"]) == 10][:3]
    first = located[0]
    store.write(
        "MERGE (i:Incident {uid: 'IOM:T-1'}) SET i.record_id = 'T-1', i.agency = 'IOM', i.date = $date, i.dead = 1 "
        "MERGE (p:Place {uid: 'test-incident-place'}) SET p.name = 'test', "
        "    p.location = point({latitude: $lat, longitude: $lon}) "
        "MERGE (i)-[:OCCURRED_AT]->(p) "
        "MERGE (route:Route {name: 'Test route'}) MERGE (i)-[:ON_ROUTE]->(route) "
        "WITH i UNWIND $remains AS rid MATCH (rm:Remains {uid: 'DEMO:' + rid}) MERGE (rm)-[:RECOVERED_FROM]->(i)",
        {"date": first["recovery_date"], "lat": float(first["recovery_lat"]), "lon": float(first["recovery_lon"]),
         "remains": [r["record_id"] for r in located]})
    near = scenario.run("remains_near_incident", incident="T-1", km=0.5, days=0)
    assert first["record_id"] in {row["remains"] for row in near}
    assert all(row["km"] <= 0.5 and row["days_after"] == 0 for row in near)
    more = scenario.run("incidents_more_bodies_than_dead")
    assert {"incident": "T-1", "agency": "IOM", "date": first["recovery_date"], "reported_dead": 1,
            "bodies_recovered": len(located)} in more
    people = scenario.run("incident_people", incident="T-1")
    assert {row["record"] for row in people if row["fate"] == "dead"} >= {r["record_id"] for r in located}
    on_route = scenario.run("incidents_on_route", route="Test route", **{"from": "2000", "to": "2099"})
    assert [row["incident"] for row in on_route] == ["T-1"]
    assert scenario.run("routes_most_missing")[0]["route"] is not None
