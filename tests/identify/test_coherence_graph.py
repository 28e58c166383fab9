"""Coherent posteriors in the graph: parts of one body, a second agency's record, rival claims,
and what the candidates JSON and the CLI say of them (real Neo4j, crafted scenario)."""

from __future__ import annotations

import json
import subprocess

import pytest

from crafted_scenarios import rival_claims
from identify.candidates import ranked_candidates
from identify.coherence_run import make_coherent
from identify.match import run_match

pytestmark = pytest.mark.neo4j


@pytest.fixture
def matched(store):
    rival_claims().write(store)
    summary = run_match(store)
    return store, summary


def listed(store, report_uid: str) -> dict[str, dict]:
    return {item["target_uid"]: item for item in ranked_candidates(store, report_uid, limit=50)}


def test_a_skull_found_later_is_a_re_association_not_a_second_identification(matched):
    store, summary = matched
    found = listed(store, "AAA:F1")
    body, skull = found["MORGUE:B11"], found["MORGUE:B12"]
    assert body["association"] == "identification" and body["band"] == "strong"
    assert skull["association"] == "same_body" and skull["same_body_as"] == "MORGUE:B11"
    assert skull["posterior"] == pytest.approx(body["posterior"])
    assert not body["conflicts"] and not skull["conflicts"]
    link = store.read("MATCH (:Remains {uid: 'MORGUE:B11'})-[s:SAME_BODY_AS]-(:Remains {uid: 'MORGUE:B12'}) "
                      "RETURN s.kind AS kind, s.reason AS reason")
    assert link[0]["kind"] == "fragment" and "the same person" in link[0]["reason"]
    assert summary.coherence.same_body["fragment"] == 1


def test_a_second_agency_record_of_the_same_body_is_shown_as_such(matched):
    store, _ = matched
    found = listed(store, "AAA:F1")
    logged = found["CG:B11"]
    assert logged["association"] == "duplicate_record" and logged["same_body_as"] == "MORGUE:B11"
    assert logged["band"] != "strong"
    link = store.read("MATCH (a:Remains)-[s:SAME_BODY_AS {kind: 'duplicate_record'}]-(b:Remains) "
                      "RETURN a.uid AS a, s.reason AS reason")
    assert {row["a"] for row in link} & {"MORGUE:B11", "CG:B11"}
    assert "recorded by CG and MORGUE" in link[0]["reason"] or "recorded by MORGUE and CG" in link[0]["reason"]


def test_two_bodies_strong_for_one_report_are_a_conflict_and_share_the_posterior(matched):
    store, _ = matched
    found = listed(store, "AAA:F2")
    first, second = found["MORGUE:B13"], found["MORGUE:B14"]
    assert first["pairwise_posterior"] > 0.999 and second["pairwise_posterior"] > 0.999
    assert first["posterior"] + second["posterior"] <= 1.0 + 1e-9
    assert second["posterior"] < 0.5 and second["band"] != "strong"
    conflict, = first["conflicts"]
    assert conflict["kind"] == "another_body" and conflict["record_uid"] == "MORGUE:B14"
    assert "both cannot be the missing person" in conflict["message"]
    assert [c["record_uid"] for c in second["conflicts"]] == ["MORGUE:B13"]


def test_one_body_strong_for_two_reports_is_a_conflict_in_both(matched):
    store, _ = matched
    three, four = listed(store, "AAA:F3")["MORGUE:B15"], listed(store, "AAA:F4")["MORGUE:B15"]
    assert three["posterior"] + four["posterior"] <= 1.0 + 1e-9
    assert three["posterior"] > four["posterior"]
    assert [c["report_uid"] for c in three["conflicts"]] == ["AAA:F4"]
    assert [c["kind"] for c in four["conflicts"]] == ["another_report"]
    assert "one body cannot be two persons" in four["conflicts"][0]["message"]
    rivals = store.read("MATCH (:Candidate)-[r:RIVAL_OF]->(:Candidate) RETURN count(r) AS n")[0]["n"]
    assert rivals == 4  # F2's two claims on each other, F3's and F4's on each other


def test_a_second_pass_changes_nothing_and_duplicates_nothing(matched):
    store, _ = matched
    before = store.read("MATCH ()-[r:RIVAL_OF|SAME_BODY_AS]->() RETURN count(r) AS n")[0]["n"]
    again = make_coherent(store)
    assert again.written == 4  # only the claims with rivals are written again (their links replaced)
    assert store.read("MATCH ()-[r:RIVAL_OF|SAME_BODY_AS]->() RETURN count(r) AS n")[0]["n"] == before


def test_a_match_of_one_report_makes_its_neighbourhood_coherent(store):
    rival_claims().write(store)
    summary = run_match(store, ["AAA:F3"])
    three = listed(store, "AAA:F3")["MORGUE:B15"]
    assert three["conflicts"] == [] and summary.coherence.claims >= 1  # F4 not matched yet: no rival
    run_match(store, ["AAA:F4"])
    assert [c["report_uid"] for c in listed(store, "AAA:F3")["MORGUE:B15"]["conflicts"]] == ["AAA:F4"]


def test_the_cli_lists_conflicts_and_re_associations(store, cli_env, tracegraph_command):
    rival_claims().write(store)
    def tracegraph(*args: str) -> str:
        done = subprocess.run([*tracegraph_command, *args], env=cli_env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout
    # the coast guard's log could be any of the bodies landed on that beach those days: each pair is shown
    assert "duplicate record, 1 fragment." in tracegraph("match", "--quiet")
    text = tracegraph("candidates", "F1", "--agency", "AAA")
    assert "a second part of the same body as MORGUE:B11" in text and "[same body]" in text
    data = json.loads(tracegraph("candidates", "F2", "--agency", "AAA", "--json"))
    assert sorted(c["kind"] for item in data for c in item["conflicts"]) == ["another_body", "another_body"]
    assert "conflict: This report is also strongly matched to another body" in tracegraph("candidates", "F2")
