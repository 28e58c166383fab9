"""The pure rules of a run's writes, and the evaluation's arithmetic."""

from __future__ import annotations

from dataclasses import replace

from identify.evidence.parameters import load_parameters
from identify.evidence.profiles import Evidence, KinshipResult, Link, Population, Profile
from identify.refresh import Scored, candidate_uid, describe_change, row_for, select, stale
from identify.scoring import combine, score_candidate
from scenarios.evaluation import evaluate_rows, rank
from scenarios.truth import Truth

P = load_parameters()
REPORT = Profile(uid="A:R1", kind="report", sex="M", age_min=25, age_max=25)


def scored(uid: str, log10_lr: float, dna: bool = False) -> Scored:
    evidence = (Evidence("time_place", "unlinked", log10_lr, "x"),)
    return Scored("A:R1", uid, "remains", combine(evidence, "remains", Population(remains=100), P), dna)


def test_candidate_uid_is_derived_from_both_uids():
    assert candidate_uid("A:R1", "M:B3") == "A:R1->M:B3"


def test_select_keeps_the_best_and_always_dna_and_reviewed():
    params = replace(P, max_candidates_per_report=2)
    items = [scored("M:1", 3.0), scored("M:2", 2.0), scored("M:3", 1.0), scored("M:4", -3.0, dna=True),
             scored("M:5", -5.0)]
    existing = {"A:R1->M:5": {"review_status": "excluded", "reviewed": True}}
    kept = [item.record_uid for item in select(items, existing, params)]
    assert kept == ["M:1", "M:2", "M:4", "M:5"]
    assert stale(select(items, {}, params), {"A:R1->M:3": {"review_status": "proposed", "reviewed": False},
                                              "A:R1->M:9": {"review_status": "confirmed", "reviewed": True}}) \
        == ["A:R1->M:3"]


def test_rows_skip_unchanged_and_flag_reviewed_changes_once():
    item = scored("M:1", 3.0)
    fresh = row_for(item, None)
    assert fresh["uid"] == "A:R1->M:1" and fresh["band"] == item.score.band
    same = {"review_status": "proposed", "evidence_hash": item.score.evidence_hash, "band": item.score.band,
            "log10_lr": item.score.log10_lr, "posterior": item.score.posterior}
    assert row_for(item, same) is None
    reviewed = {"review_status": "confirmed", "evidence_hash": "old", "second_look_hash": None,
                "evidence": '[{"kind": "time_place", "level": "near_wreck", "log10_lr": 1.0}]'}
    row = row_for(item, reviewed)
    assert row["change"] == "time_place: near_wreck (log10 LR +1.0) -> unlinked (log10 LR +3.0)"
    assert row_for(item, {**reviewed, "second_look_hash": item.score.evidence_hash}) is None


def test_describe_change_names_new_dna():
    body = Profile(uid="M:B1", kind="remains", sex="M", age_min=20, age_max=30)
    before = score_candidate(REPORT, body, link=Link(), population=Population(remains=10))
    after = score_candidate(REPORT, body, link=Link(), population=Population(remains=10),
                            kinship=KinshipResult(log10_lr=7.5))
    assert describe_change(before.evidence_json(), after) == "new dna evidence: supports (log10 LR +7.5)"


def test_evaluation_ranks_remains_and_sightings_and_counts_false_strong():
    truth = Truth("SYN", {
        "R1": {"remains": ["B1"], "sightings": [], "duplicate_reports": ["R2"]},
        "R2": {"remains": ["B1"], "sightings": [], "duplicate_reports": ["R1"]},
        "R3": {"remains": [], "sightings": ["S1"], "duplicate_reports": []},
        "R4": {"remains": [], "sightings": [], "duplicate_reports": []},
    })
    row = lambda report, target, kind, band, posterior: {  # noqa: E731
        "report_id": report, "candidate_id": target, "kind": kind, "band": band, "posterior": posterior,
        "log10_lr": 0.0, "review_status": "proposed"}
    candidates = [row("R1", "B1", "remains", "strong", 0.999), row("R1", "R2", "report", "strong", 0.9999),
                  row("R2", "B9", "remains", "strong", 0.995), row("R2", "B1", "remains", "probable", 0.9),
                  row("R3", "S1", "sighting", "possible", 0.1), row("R3", "B8", "remains", "excluded", 0.5)]
    context = [{"kind": "report", "record_id": r, "names_voyage": r == "R1",
                "references": ["mother"] if r == "R1" else [], "direct_reference": False, "loci": None}
               for r in ("R1", "R2", "R3", "R4")] + [{"kind": "remains", "record_id": "B1", "loci": 21,
                                                        "names_voyage": None, "references": [],
                                                        "direct_reference": None}]
    assert [r["candidate_id"] for r in rank([c for c in candidates if c["report_id"] == "R3"])] == ["S1", "B8"]
    result = evaluate_rows(truth, candidates, context).as_json()["groups"]
    assert result["dna"] == {"reports": 1, "recall_at_1": 1.0, "recall_at_1_among_remains_and_sightings": 1.0,
                             "recall_at_10": 1.0, "strong": 2, "false_strong": 0,
                             "strong_false_positive_rate": 0.0, "reports_with_false_strong": 0}
    assert result["no_dna"]["reports"] == 2 and result["no_dna"]["recall_at_1"] == 0.5
    assert result["no_dna"]["false_strong"] == 1 and result["all"]["strong"] == 3


def test_with_usable_dna_the_first_remains_candidate_counts_and_a_sighting_above_it_is_noted():
    truth = Truth("SYN", {"R1": {"remains": ["B1"], "sightings": ["S1"], "duplicate_reports": [],
                                 "status": "dead"}})
    row = lambda target, kind, posterior: {  # noqa: E731
        "report_id": "R1", "candidate_id": target, "kind": kind, "band": "probable", "posterior": posterior,
        "log10_lr": 0.0, "review_status": "proposed", "evidence": "[]"}
    candidates = [row("S1", "sighting", 0.99), row("B1", "remains", 0.98), row("B2", "remains", 0.1)]
    context = [{"kind": "report", "record_id": "R1", "names_voyage": True, "references": ["mother"],
                "direct_reference": False, "loci": None},
               {"kind": "remains", "record_id": "B1", "loci": 21, "names_voyage": None, "references": [],
                "direct_reference": None}]
    dna = evaluate_rows(truth, candidates, context).as_json()["groups"]["dna"]
    assert dna["recall_at_1"] == 1.0 and dna["recall_at_1_among_remains_and_sightings"] == 0.0
