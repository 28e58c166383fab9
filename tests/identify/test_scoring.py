"""Combining evidence: product of ratios, posterior from the stated prior, bands, evidence order."""

from __future__ import annotations

import json
import math

import pytest

from identify.evidence.parameters import load_parameters
from identify.evidence.profiles import Evidence, KinshipResult, Link, Population, Profile
from identify.scoring import band_of, posterior_of, prior_for, score_candidate

P = load_parameters()
REPORT = Profile(uid="ICRC:R-1", kind="report", sex="M", age_min=24, age_max=24, date="2016-05-01",
                 height_min_cm=175, height_max_cm=175, hair_colour="black",
                 marks=("tattoo of a lion on right forearm",), personal_effects=("silver ring",))
BODY = Profile(uid="MORGUE:B-1", kind="remains", sex="M", age_min=20, age_max=30, date="2016-05-20",
               height_min_cm=170, height_max_cm=180, hair_colour="black",
               marks=("tattoo, right forearm (lion)",), personal_effects=("ring, white metal",))
VOYAGE = Link("same_voyage", {"same_voyage": 20}, "boarded voyage V-1; recovered from it", with_voyage=True)
POPULATION = Population(remains=10_000, sighting=5_000, report=20_000)


def test_combined_ratio_is_the_product_of_the_evidence():
    score = score_candidate(REPORT, BODY, link=VOYAGE, population=POPULATION)
    assert score.log10_lr == pytest.approx(sum(e.log10_lr for e in score.evidence))
    kinds = [e.kind for e in score.evidence]
    assert kinds == ["time_place", "sex", "age", "stature", "hair_colour", "marks", "personal_effects", "dependence"]
    by_kind = {e.kind: e for e in score.evidence}
    remains = P.for_kind("remains")
    m = remains.time_place.comparisons[("remains", "with_voyage")].level("same_voyage").m
    assert 10 ** by_kind["time_place"].log10_lr == pytest.approx(m / (20 / 10_000))
    # the m measured for remains, the documented u (no counts of the graph in this test)
    marks = remains.descriptions["marks"].level("exact_distinctive")
    assert 10 ** by_kind["marks"].log10_lr == pytest.approx(marks.m / marks.u)


def test_dna_comes_first_and_drives_the_posterior():
    dna = KinshipResult(log10_lr=10.0, loci_compared=20, incompatible_loci=0)
    score = score_candidate(REPORT, BODY, link=VOYAGE, kinship=dna, population=POPULATION)
    assert score.evidence[0].kind == "dna"
    assert score.band == "strong"
    prior = P.prior_share["remains"] / 10_000
    odds = prior / (1 - prior) * 10 ** score.log10_lr
    assert score.posterior == pytest.approx(odds / (1 + odds))
    assert score.prior.probability == pytest.approx(prior)
    assert f"1 in {10_000 / P.prior_share['remains']:,.0f}" in score.prior.statement


def test_dna_exclusion_puts_the_candidate_in_the_excluded_band_whatever_else_agrees():
    dna = KinshipResult(log10_lr=-1.0, excluded=True, incompatible_loci=6)
    score = score_candidate(REPORT, BODY, link=VOYAGE, kinship=dna, population=POPULATION)
    assert score.band == "excluded"
    assert score.evidence[0].excludes


def test_without_dna_a_good_physical_match_on_the_voyage_is_probable_not_strong():
    score = score_candidate(REPORT, BODY, link=VOYAGE, population=POPULATION)
    assert score.band == "probable", score.posterior


def test_strong_evidence_against_is_excluded():
    other = Profile(uid="MORGUE:B-2", kind="remains", sex="F", age_min=55, age_max=65, date="2016-04-01",
                    height_min_cm=150, height_max_cm=155, hair_colour="blond")
    score = score_candidate(REPORT, other, link=Link(with_voyage=True), population=POPULATION)
    assert score.log10_lr <= P.bands.excluded_max_log10_lr
    assert score.band == "excluded"


def test_posterior_in_log_space_and_bands():
    assert posterior_of(0.0, 0.5) == pytest.approx(0.5)
    assert posterior_of(400.0, 1e-6) == 1.0
    assert posterior_of(-400.0, 1e-6) == 0.0
    assert posterior_of(math.log10(99), 0.5) == pytest.approx(0.99)
    dna = (Evidence("dna", "supports", 9.0, "kinship", identifier="dna"),)
    assert band_of(dna, 3.0, 0.995, P) == "strong"
    # without an individual identifier no posterior makes a candidate strong
    assert band_of((), 3.0, 0.99999, P) == "probable"
    assert band_of((), 3.0, 0.6, P) == "probable"
    assert band_of((), 1.0, 0.01, P) == "possible"
    assert band_of((), -4.0, 0.0, P) == "excluded"


def test_prior_is_share_over_records_of_the_kind():
    assert prior_for("sighting", POPULATION, P).probability == pytest.approx(P.prior_share["sighting"] / 5_000)


def test_evidence_json_and_hash():
    score = score_candidate(REPORT, BODY, link=VOYAGE, population=POPULATION)
    items = json.loads(score.evidence_json())
    assert {"kind", "level", "log10_lr", "detail"} <= items[0].keys()
    # more records of the kind shift measured ratios a little: not new evidence
    bigger = score_candidate(REPORT, BODY, link=VOYAGE, population=Population(remains=12_000))
    assert bigger.evidence_hash == score.evidence_hash
    # a DNA result is
    with_dna = score_candidate(REPORT, BODY, link=VOYAGE, population=POPULATION,
                               kinship=KinshipResult(log10_lr=7.0))
    assert with_dna.evidence_hash != score.evidence_hash


def test_age_is_not_counted_twice_when_both_give_a_date_of_birth():
    ours = Profile(uid="A:R-1", kind="report", date_of_birth="1995-03-02", age_min=21, age_max=21)
    theirs = Profile(uid="B:R-9", kind="report", date_of_birth="1995-03-02", age_min=21, age_max=21)
    kinds = [e.kind for e in score_candidate(ours, theirs, population=POPULATION).evidence]
    assert "date_of_birth" in kinds and "age" not in kinds


def test_a_rare_name_and_the_same_birth_date_identify_a_report_of_the_same_person():
    from identify.evidence.name_similarity import keys_of
    from identify.evidence.rarity import Rarity, RecordTerms
    records = [RecordTerms("A:R-1", "report", name_keys=(keys_of("Filmon Tekle Habtom"),)),
               RecordTerms("B:R-9", "report", name_keys=(keys_of("Filmon Tekle Habtom"),))]
    records += [RecordTerms(f"X{i}", "report", name_keys=(keys_of("Yonas Kidane"),)) for i in range(50)]
    population = Population(report=52, rarity=Rarity(records))
    ours = Profile(uid="A:R-1", kind="report", names=("Filmon Tekle Habtom",), date_of_birth="1995-03-02")
    theirs = Profile(uid="B:R-9", kind="report", names=("Filmon Tekle Habtom",), date_of_birth="1995-03-02")
    score = score_candidate(ours, theirs, population=population)
    assert {e.kind: e.identifier for e in score.evidence}["date_of_birth"] == "name_and_birth_date"
    year_only = Profile(uid="B:R-9", kind="report", names=("Filmon Tekle Habtom",), date_of_birth="1995")
    score = score_candidate(ours, year_only, population=population)
    assert not any(e.identifier for e in score.evidence)


def test_too_few_loci_count_but_do_not_identify():
    score = score_candidate(REPORT, BODY, link=VOYAGE, population=POPULATION,
                            kinship=KinshipResult(log10_lr=6.0, loci_compared=4))
    dna = score.evidence[0]
    assert dna.identifier is None and "only 4 loci could be compared" in dna.detail
    assert score.band != "strong"


def test_grouped_evidence_is_weighed_and_shown_as_one_item():
    from dataclasses import replace
    weights = {kind: {"time_place": 1.0, "names": 1.0, "body": 0.5, "origin": 1.0, "descriptions": 0.5}
               for kind in ("remains", "sighting", "report")}
    weighed = replace(P, dependence_weights=weights, dependence_shift={"remains": 0.3}, by_kind={})
    assert weighed.for_kind("remains") is weighed
    unweighed = replace(P, dependence_weights={}, dependence_shift={}, by_kind={})
    plain = score_candidate(REPORT, BODY, link=VOYAGE, population=POPULATION, params=unweighed)
    assert "dependence" not in [e.kind for e in plain.evidence]
    score = score_candidate(REPORT, BODY, link=VOYAGE, population=POPULATION, params=weighed)
    item = score.evidence[-1]
    assert item.kind == "dependence" and "shift +0.30" in item.detail
    by_kind = {e.kind: e.log10_lr for e in plain.evidence}
    body = sum(by_kind[k] for k in ("sex", "age", "stature", "hair_colour"))
    descriptions = by_kind["marks"] + by_kind["personal_effects"]
    assert item.log10_lr == pytest.approx(-0.5 * body - 0.5 * descriptions + 0.3)
    assert score.log10_lr == pytest.approx(plain.log10_lr + item.log10_lr)
    assert score.evidence_hash == plain.evidence_hash  # a reweighing is no new evidence
