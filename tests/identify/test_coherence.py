"""Coherent posteriors, records of one body and conflicts (pure: no graph)."""

from __future__ import annotations

import pytest

from identify.coherence import Claim, SameBody, cohere

PRIOR = 0.001


def claim(report: str, remains: str, log10_lr: float, *, agency: str = "M", status: str = "proposed",
          strong: bool = False) -> Claim:
    return Claim(f"{report}->{remains}", report, remains, agency, log10_lr, PRIOR, status, strong)


def pairwise(log10_lr: float) -> float:
    odds = PRIOR / (1 - PRIOR) * 10 ** log10_lr
    return odds / (1 + odds)


def test_a_lone_claim_keeps_its_pairwise_posterior():
    found = cohere([claim("R1", "B1", 4.0)])
    assert found["R1->B1"].posterior == pytest.approx(pairwise(4.0))


def test_two_bodies_for_one_report_share_and_are_flagged_when_both_strong_alone():
    found = cohere([claim("R1", "B1", 6.0, strong=True), claim("R1", "B2", 6.0, strong=True)])
    assert found["R1->B1"].posterior == pytest.approx(0.5, abs=1e-3)
    assert found["R1->B1"].posterior + found["R1->B2"].posterior <= 1.0
    rival, = found["R1->B1"].rivals
    assert (rival.kind, rival.remains_uid) == ("another_body", "B2")


def test_one_body_for_two_reports_is_flagged_and_the_stronger_claim_wins():
    found = cohere([claim("R1", "B1", 9.0, strong=True), claim("R2", "B1", 6.0, strong=True)])
    assert found["R1->B1"].posterior > 0.99
    assert found["R2->B1"].posterior < 0.01
    assert found["R2->B1"].rivals[0].kind == "another_report"
    assert found["R2->B1"].rivals[0].report_uid == "R1"


def test_fragments_of_one_body_are_a_re_association_not_a_rival():
    claims = [claim("R1", "B1", 12.0, strong=True), claim("R1", "B7", 9.0, strong=True)]
    found = cohere(claims, [SameBody("B1", "B7", "fragment", "same DNA profile")])
    assert found["R1->B1"].association == "identification"
    assert found["R1->B7"].association == "same_body" and found["R1->B7"].same_body_as == "B1"
    assert found["R1->B7"].posterior == pytest.approx(found["R1->B1"].posterior)
    assert found["R1->B1"].posterior > 0.999
    assert not found["R1->B1"].rivals and not found["R1->B7"].rivals


def test_two_reports_of_one_person_claim_one_body_without_competing():
    claims = [claim("R1", "B1", 9.0, strong=True), claim("R2", "B1", 3.0)]
    apart = cohere(claims)
    together = cohere(claims, duplicates=[("R1", "R2")])
    assert apart["R2->B1"].posterior < 0.01
    assert together["R2->B1"].posterior == pytest.approx(together["R1->B1"].posterior)
    assert together["R2->B1"].posterior > 0.99


def test_a_probable_duplicate_does_not_hand_its_identification_to_a_namesake():
    # two reports of men with one common name, on one boat, linked as probably one person (0.6);
    # the body is the first man's, and the second man's own child excludes it
    claims = [claim("R1", "B1", 12.0, strong=True), claim("R2", "B1", -40.0)]
    found = cohere(claims, duplicates=[("R1", "R2", 0.6)])
    assert found["R1->B1"].posterior > 0.999
    assert found["R2->B1"].posterior < 1e-6


def test_a_probable_duplicate_shares_no_more_than_its_probability():
    # the second report says nothing for or against the body: the link alone carries it
    claims = [claim("R1", "B1", 12.0, strong=True), claim("R2", "B1", 0.0)]
    found = cohere(claims, duplicates=[("R1", "R2", 0.55)])
    assert found["R2->B1"].posterior == pytest.approx(0.55, abs=0.01)
    assert found["R1->B1"].posterior > 0.999
    assert not found["R2->B1"].rivals


def test_two_true_reports_of_one_person_get_their_share_back():
    # both reports' evidence supports the body; the joint computation makes them compete
    claims = [claim("R1", "B1", 9.0, strong=True), claim("R2", "B1", 9.0, strong=True)]
    found = cohere(claims, duplicates=[("R1", "R2", 0.9)])
    for uid in ("R1->B1", "R2->B1"):
        assert found[uid].posterior == pytest.approx(0.5 + 0.9 * 0.5, abs=0.01)
        assert not found[uid].rivals


def test_agencies_record_bodies_apart():
    # the coast guard's record and the morgue's may be the same body: they do not compete
    claims = [claim("R1", "B1", 6.0, agency="MORGUE"), claim("R1", "CG1", 5.0, agency="CG")]
    found = cohere(claims, [SameBody("B1", "CG1", "duplicate_record", "same day, same beach")])
    assert found["R1->B1"].posterior == pytest.approx(pairwise(6.0))
    assert found["R1->CG1"].posterior == pytest.approx(pairwise(5.0))
    assert found["R1->CG1"].association == "duplicate_record" and found["R1->CG1"].same_body_as == "B1"


def test_a_confirmed_identification_settles_its_rivals():
    claims = [claim("R1", "B1", 5.0, status="confirmed"), claim("R1", "B2", 8.0), claim("R2", "B1", 8.0),
              claim("R2", "B3", 4.0)]
    found = cohere(claims)
    assert found["R1->B1"].posterior == 1.0
    assert found["R1->B2"].posterior == 0.0 and found["R2->B1"].posterior == 0.0
    assert found["R2->B3"].posterior == pytest.approx(pairwise(4.0))


def test_excluded_claims_take_no_part():
    found = cohere([claim("R1", "B1", 6.0), claim("R2", "B1", 6.0, status="excluded")])
    assert found["R1->B1"].posterior == pytest.approx(pairwise(6.0))
    assert found["R2->B1"].posterior == 0.0


def test_a_wreck_with_many_missing_and_many_bodies_stays_coherent():
    claims = [claim(f"R{i}", f"B{j}", 2.5 + (3.0 if i == j else 0.0)) for i in range(15) for j in range(15)]
    found = cohere(claims)
    per_body: dict[str, float] = {}
    for item in claims:
        per_body[item.remains_uid] = per_body.get(item.remains_uid, 0.0) + found[item.candidate_uid].posterior
    assert max(per_body.values()) <= 1.0 + 1e-6
    assert all(found[f"R{i}->B{i}"].posterior > found[f"R{i}->B{(i + 1) % 15}"].posterior for i in range(15))


def test_a_part_settled_by_its_body_s_confirmation_stays_a_part_of_that_body():
    # the skull's claim was closed when the body was confirmed; it is still a part of that body
    claims = [claim("R1", "B1", 9.0, status="confirmed"), claim("R1", "B7", 12.0, status="settled"),
              claim("R1", "B3", 5.0, status="settled")]
    found = cohere(claims, [SameBody("B1", "B7", "fragment", "same DNA profile")])
    assert found["R1->B1"].association == "identification" and found["R1->B1"].posterior == 1.0
    assert found["R1->B7"].association == "same_body" and found["R1->B7"].same_body_as == "B1"
    assert found["R1->B3"].association == "identification" and found["R1->B3"].posterior == 0.0
