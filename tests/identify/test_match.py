"""The match run on a real Neo4j: ranking, blocking, idempotence and the review rules."""

from __future__ import annotations

import itertools
import json
import math

import pytest

from crafted_scenarios import STAMP, Scenario, central_mediterranean
from identify import review
from identify.evidence.parameters import load_parameters
from identify.match import run_match

pytestmark = pytest.mark.neo4j


def candidates(store, report_uid: str) -> dict[str, dict]:
    rows = store.read(
        "MATCH (:Report {uid: $uid})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t) "
        "RETURN t.uid AS target, c {.*} AS c", {"uid": report_uid})
    return {row["target"]: row["c"] for row in rows}


TOKENS = itertools.count(1)


def decide(store, candidate_uid: str, to_status: str, reason: str = "checked the file", who: str = "amina") -> None:
    review.decide(store, candidate_uid, to_status, review.Reviewer(who, "investigator", "AAA"), reason,
                  f"token-{next(TOKENS):06d}", review.ConfirmationPolicy())


def confirm(store, candidate_uid: str, reason: str) -> None:
    """Four eyes: amina proposes the confirmation, bilal confirms it."""
    decide(store, candidate_uid, "under_review")
    decide(store, candidate_uid, "confirmation_proposed", reason)
    decide(store, candidate_uid, "confirmed", reason, who="bilal")


@pytest.fixture
def matched(store):
    central_mediterranean().write(store)
    summary = run_match(store)
    return store, summary


def test_the_true_remains_ranks_first_with_dna_first_in_its_evidence(matched):
    store, summary = matched
    found = candidates(store, "AAA:R1")
    ranked = sorted(found.values(), key=lambda c: -c["posterior"])
    assert ranked[0]["uid"] == "AAA:R1->MORGUE:B1"
    best = found["MORGUE:B1"]
    assert best["band"] == "strong" and best["review_status"] == "proposed"
    evidence = json.loads(best["evidence"])
    assert evidence[0]["kind"] == "dna" and evidence[0]["log10_lr"] == pytest.approx(9.1)
    kinds = [item["kind"] for item in evidence]
    assert {"time_place", "sex", "age", "stature", "hair_colour", "marks", "personal_effects"} <= set(kinds)
    assert best["log10_lr"] == pytest.approx(sum(item["log10_lr"] for item in evidence), abs=1e-3)
    share = load_parameters().prior_share["remains"]
    assert best["prior"] == pytest.approx(share / 5)  # five remains records in the graph


def test_each_neighbourhood_brings_its_candidates_and_nothing_else(matched):
    store, _ = matched
    found = candidates(store, "AAA:R1")
    levels = {target: next(i["level"] for i in json.loads(c["evidence"]) if i["kind"] == "time_place")
              for target, c in found.items()}
    assert levels == {
        "MORGUE:B1": "same_voyage",       # recovered from the voyage
        "MORGUE:B2": "same_voyage",       # recovered from the incident the voyage ended in
        "MORGUE:B3": "near_wreck",        # 37 km from the wreck, eight days later
        "MORGUE:B5": "near_wreck",        # ashore at Zuwara, 56 km and 16 days from the wreck
        "RC:S1": "same_voyage",           # registered at disembarkation from the voyage
        "AAA:R2": "same_voyage",          # another report of someone who boarded it
    }
    assert "MORGUE:B4" not in found  # a year later in the Aegean
    assert found["MORGUE:B2"]["band"] == "excluded"  # the DNA excludes him
    assert found["AAA:R2"]["candidate_kind"] == "report"
    names = next(i for i in json.loads(found["RC:S1"]["evidence"]) if i["kind"] == "names")
    assert names["level"] == "subset"


def test_measured_frequency_of_the_voyage_link(matched):
    store, _ = matched
    evidence = json.loads(candidates(store, "AAA:R1")["MORGUE:B1"]["evidence"])
    link = next(i for i in evidence if i["kind"] == "time_place")
    # two of the five remains records are linked to the voyage or its incident: u is 2/5, and m is
    # the level's share measured on the tuning scenarios' truth (parameters.yaml)
    m = load_parameters().time_place.comparisons[("remains", "with_voyage")].level("same_voyage").m
    assert 0.3 < m < 0.9
    assert link["log10_lr"] == pytest.approx(math.log10(m / (2 / 5)), abs=1e-4)
    assert "reaches 2 of 5 remains records" in link["detail"]


def test_a_report_without_voyage_finds_remains_near_where_it_was_last_seen(matched):
    store, _ = matched
    found = candidates(store, "AAA:R3")
    level = next(i["level"] for i in json.loads(found["MORGUE:B5"]["evidence"]) if i["kind"] == "time_place")
    assert level == "nearby_in_window"
    assert "MORGUE:B4" not in found


def test_rerun_writes_nothing_and_duplicates_nothing(matched):
    store, first = matched
    before = store.read("MATCH (c:Candidate) RETURN count(c) AS n")[0]["n"]
    second = run_match(store)
    assert second.written == 0 and second.removed == 0
    assert store.read("MATCH (c:Candidate) RETURN count(c) AS n")[0]["n"] == before == first.candidates_kept
    assert store.read("MATCH (r:Report)-[h:HAS_CANDIDATE]->(c:Candidate) WITH c, count(h) AS n "
                      "WHERE n > 1 RETURN count(c) AS n")[0]["n"] == 0


def test_excluded_stays_excluded_and_new_evidence_asks_for_a_second_look(matched):
    store, _ = matched
    uid = "AAA:R1->MORGUE:B5"
    decide(store, uid, "under_review")
    decide(store, uid, "excluded", "wrong build, no tattoo")
    before = candidates(store, "AAA:R1")["MORGUE:B5"]
    run_match(store)
    after = candidates(store, "AAA:R1")["MORGUE:B5"]
    assert after["review_status"] == "excluded" and not after["needs_second_look"]
    assert after["evidence"] == before["evidence"]

    more = Scenario()
    more.kinship("MORGUE:B5", "AAA:R1", 4.0)
    more.write(store)
    run_match(store)
    flagged = candidates(store, "AAA:R1")["MORGUE:B5"]
    assert flagged["review_status"] == "excluded"
    assert flagged["needs_second_look"] is True
    assert "new dna evidence" in flagged["second_look_reason"]
    assert flagged["evidence"] == before["evidence"] and flagged["log10_lr"] == before["log10_lr"]
    run_match(store)
    again = candidates(store, "AAA:R1")["MORGUE:B5"]
    assert again["second_look_at"] == flagged["second_look_at"]  # flagged once per change
    assert store.read("MATCH (c:Candidate {uid: $uid}) RETURN count(c) AS n", {"uid": uid})[0]["n"] == 1


def test_a_confirmed_candidate_is_never_changed_and_conflicts_are_flagged(matched):
    store, _ = matched
    uid = "AAA:R1->MORGUE:B1"
    confirm(store, uid, "DNA and tattoo")
    confirmed = candidates(store, "AAA:R1")["MORGUE:B1"]
    store.write("MATCH (x:Remains {uid: 'MORGUE:B1'}) SET x.age_min = 50, x.age_max = 60, "
                "x.updated_at = datetime()")
    summary = run_match(store)
    after = candidates(store, "AAA:R1")["MORGUE:B1"]
    assert after["review_status"] == "confirmed"
    assert after["log10_lr"] == confirmed["log10_lr"] and after["evidence"] == confirmed["evidence"]
    assert after["needs_second_look"] is True and "age: within" in after["second_look_reason"]
    # R2 is the same man reported again: B1 is also its candidate, closed by the confirmation
    rival = candidates(store, "AAA:R2")["MORGUE:B1"]
    assert rival["review_status"] == "settled" and rival["settled_by"] == uid
    assert rival["conflict"] is False and summary.conflicts == 0
    assert after["conflict"] is False


def test_a_rerun_never_reopens_nor_rescores_settled_candidates(matched):
    store, _ = matched
    uid = "AAA:R1->MORGUE:B1"
    before = {report: candidates(store, report) for report in ("AAA:R1", "AAA:R2", "AAA:R3")}
    confirm(store, uid, "DNA and tattoo")
    settled = {(report, target): c for report in before for target, c in candidates(store, report).items()
               if c["review_status"] == "settled"}
    # R1's other remains and sightings, and every other report's claim on B1
    assert {key for key in settled} == {("AAA:R1", t) for t, c in before["AAA:R1"].items()
                                         if c["candidate_kind"] in ("remains", "sighting") and t != "MORGUE:B1"} | {
        (r, "MORGUE:B1") for r in ("AAA:R2", "AAA:R3") if "MORGUE:B1" in before[r]}
    assert all(c["settled_from"] == "proposed" and c["settled_by"] == uid for c in settled.values())
    store.write("MATCH (x:Remains) SET x.updated_at = datetime()")
    summary = run_match(store)
    for (report, target), was in settled.items():
        now = candidates(store, report)[target]
        assert now["review_status"] == "settled" and now["log10_lr"] == was["log10_lr"]
        assert now["evidence"] == was["evidence"]
    # a record newly found for an identified report is closed at once
    more = Scenario()
    zuwara = more.place("Zuwara", 32.9312, 12.0820)
    more.remains("MORGUE:B9", at=zuwara, sex="M", age_min=20, age_max=30, recovery_date="2016-06-01")
    more.write(store)
    run_match(store)
    fresh = candidates(store, "AAA:R1").get("MORGUE:B9")
    assert fresh is not None and fresh["review_status"] == "settled" and fresh["settled_by"] == uid
    assert summary.reports == 3
    # the report delivered again with its agency's status is identified again after a run
    store.write("MATCH (r:Report {uid: 'AAA:R1'}) SET r.status = 'believed_missing'")
    run_match(store, changed_only=True)
    assert store.read("MATCH (r:Report {uid: 'AAA:R1'}) RETURN r.status AS s")[0]["s"] == "identified"


def test_reopening_a_confirmation_restores_everything_it_closed(matched):
    store, _ = matched
    uid = "AAA:R1->MORGUE:B1"
    decide(store, "AAA:R2->MORGUE:B1", "under_review", who="bilal")
    status = store.read("MATCH (r:Report {uid: 'AAA:R1'}), (b:Remains {uid: 'MORGUE:B1'}) "
                        "RETURN r.status AS report, b.identification_status AS remains")[0]
    before = {report: candidates(store, report) for report in ("AAA:R1", "AAA:R2", "AAA:R3")}
    confirm(store, uid, "DNA and tattoo")
    after = store.read("MATCH (r:Report {uid: 'AAA:R1'}), (b:Remains {uid: 'MORGUE:B1'}) "
                       "RETURN r.status AS report, b.identification_status AS remains")[0]
    assert after == {"report": "identified", "remains": "identified"}
    assert candidates(store, "AAA:R2")["MORGUE:B1"]["settled_from"] == "under_review"
    decide(store, uid, "under_review", "the family disputes the identification")
    restored = store.read("MATCH (r:Report {uid: 'AAA:R1'}), (b:Remains {uid: 'MORGUE:B1'}) "
                          "RETURN r.status AS report, b.identification_status AS remains")[0]
    assert restored == status
    for report, was in before.items():
        now = candidates(store, report)
        assert {t: c["review_status"] for t, c in now.items() if c["uid"] != uid} == {
            t: c["review_status"] for t, c in was.items() if c["uid"] != uid}
        assert not any(c.get("settled_by") or c.get("settled_from") for c in now.values())
    assert candidates(store, "AAA:R2")["MORGUE:B1"]["review_status"] == "under_review"
    left = store.read("MATCH (n) WHERE n.confirmed_candidate IS NOT NULL OR n.status_before_confirmation IS NOT NULL "
                      "OR n.identification_status_before_confirmation IS NOT NULL RETURN count(n) AS n")[0]["n"]
    assert left == 0


def test_a_confirmation_closes_other_reports_claims_on_a_further_part_of_the_body(matched):
    store, _ = matched
    uid = "AAA:R1->MORGUE:B1"
    assert candidates(store, "AAA:R3")["MORGUE:B5"]["review_status"] == "proposed"
    # B5, ashore at Zuwara, turns out by its DNA to be a further part of the body B1
    store.write("MATCH (a:Remains {uid: 'MORGUE:B1'}), (b:Remains {uid: 'MORGUE:B5'}) "
                "MERGE (a)-[l:SAME_BODY_AS]->(b) SET l.kind = 'fragment', l.reason = 'one person'")
    confirm(store, uid, "DNA and tattoo")
    part = candidates(store, "AAA:R3")["MORGUE:B5"]
    assert part["review_status"] == "settled" and part["settled_by"] == uid and part["settled_from"] == "proposed"
    run_match(store)
    assert candidates(store, "AAA:R3")["MORGUE:B5"]["review_status"] == "settled"
    decide(store, uid, "under_review", "the family disputes the identification")
    again = candidates(store, "AAA:R3")["MORGUE:B5"]
    assert again["review_status"] == "proposed" and again.get("settled_by") is None


def test_a_record_only_possibly_the_same_body_is_not_closed_by_a_confirmation(matched):
    store, _ = matched
    store.write("MATCH (a:Remains {uid: 'MORGUE:B1'}), (b:Remains {uid: 'MORGUE:B5'}) "
                "MERGE (a)-[l:SAME_BODY_AS]->(b) SET l.kind = 'duplicate_record', l.reason = 'same day, same place'")
    confirm(store, "AAA:R1->MORGUE:B1", "DNA and tattoo")
    assert candidates(store, "AAA:R3")["MORGUE:B5"]["review_status"] == "proposed"


def test_proposed_candidates_no_longer_found_are_removed_reviewed_ones_kept(matched):
    store, _ = matched
    decide(store, "AAA:R1->MORGUE:B3", "under_review")
    store.write("MATCH (x:Remains)-[r:RECOVERED_AT]->() WHERE x.uid IN ['MORGUE:B3', 'MORGUE:B5'] DELETE r")
    summary = run_match(store)
    found = candidates(store, "AAA:R1")
    assert "MORGUE:B5" not in found and summary.removed >= 1
    assert found["MORGUE:B3"]["review_status"] == "under_review"


def test_changed_only_rescores_just_the_reports_whose_neighbourhood_changed(matched):
    store, _ = matched
    quiet = run_match(store, changed_only=True)
    assert quiet.reports == 0 and quiet.skipped == 3
    # B4 (the Aegean) is nobody's candidate: changing it rescores nothing
    store.write("MATCH (x:Remains {uid: 'MORGUE:B4'}) SET x.age_max = 35, x.updated_at = datetime()")
    assert run_match(store, changed_only=True).reports == 0
    store.write("MATCH (p:Person {uid: 'AAA:R3#missing'}) SET p.height_min_cm = 170, p.height_max_cm = 170, "
                "p.updated_at = datetime()")
    busy = run_match(store, changed_only=True)
    # R3 itself, and R1, whose neighbourhood reaches R3 (last seen in Zuwara four days apart);
    # with 170 cm, B2 (160-165 cm) falls below the floor and leaves R3's candidates
    assert busy.reports == 2 and busy.skipped == 1 and busy.removed == 1
    assert "MORGUE:B2" not in candidates(store, "AAA:R3")
    # B5 is a candidate of all three reports
    store.write("MATCH (x:Remains {uid: 'MORGUE:B5'}) SET x.updated_at = datetime()")
    assert run_match(store, changed_only=True).reports == 3


def test_one_report_only(store):
    central_mediterranean().write(store)
    summary = run_match(store, ["AAA:R3"])
    assert summary.reports == 1
    assert store.read("MATCH (r:Report)-[:HAS_CANDIDATE]->() RETURN collect(DISTINCT r.uid) AS r")[0]["r"] == ["AAA:R3"]
    assert STAMP
