"""Checking a family's references against the pedigree they state, on hand-worked cases.

Each case is worked out on paper in its comment: which relatives can pass which alleles, whether
one repeat step or a silent allele closes the gap, and which reference, left out, leaves a family
that fits.
"""

from __future__ import annotations

import pytest

from kinship import Family, KinshipSettings, Reference, compare, screen
from kinship.likelihood.family_check import MUTATION, SILENT, UNEXPLAINED, fits, locus_faults
from kinship.likelihood.locus_ratios import prepare_family
from kinship.likelihood.pedigree import build_pedigrees
from kinship.profile import parse_profile

TEXTBOOK = KinshipSettings(theta=0.0, mutation_rate=0.0)


def ref(sample: str, relationship: str, sex: str | None = None, **loci: str) -> Reference:
    profile, problems = parse_profile(sample, loci)
    assert not problems
    return Reference(sample, relationship, profile, sex)


def family(*references: Reference, family_id: str = "F1") -> Family:
    return Family(family_id, references, population="europe")


def mother_and_sibling(**sibling: str) -> Family:
    mother = ref("M1", "mother", "female", D3S1358="15,16", vWA="14,17", FGA="20,22", TH01="6,9.3", D8S1179="12,13")
    return family(mother, ref("S2", "full_sibling", **sibling))


def faults_of(fam: Family):
    references = list(fam.references)
    (pedigree,) = build_pedigrees(fam, references)
    return locus_faults(pedigree, references)


def test_a_consistent_family_has_no_fault():
    # the sibling shares one allele with the mother at every locus (the other from the untyped father)
    fam = mother_and_sibling(D3S1358="15,18", vWA="17,19", FGA="22,22", TH01="9.3,7", D8S1179="13,14")
    assert faults_of(fam) == []
    prepared = prepare_family(fam)
    assert not prepared.check.inconsistent and prepared.check.faults == ()
    assert {r.sample_id for r in prepared.references} == {"M1", "S2"}


def test_one_allele_seen_is_drop_out_not_a_homozygote():
    # mother 15/16, sibling shows 18 only: read as 18/18 the sibling could not be her child, but the
    # unseen partner can be 15 or 16
    fam = mother_and_sibling(D3S1358="18,", vWA="17,19", FGA="22,22", TH01="9.3,7", D8S1179="13,14")
    assert faults_of(fam) == []


def test_each_fault_is_explained_when_it_can_be():
    # D3S1358: mother 15/16, sibling 17/18: 17 is one step from 16 -> a mutation explains it.
    # vWA: mother 14/17, sibling 20/21: nearest is 17 -> 20, three steps; no homozygote -> unexplained.
    # FGA: mother 20/20, sibling 24/24 (opposite homozygotes, four steps): a silent allele in each
    #      (20/- and 24/-) lets the sibling carry the mother's silent allele -> silent allele.
    fam = mother_and_sibling(D3S1358="17,18", vWA="20,21", FGA="24,24", TH01="9.3,7", D8S1179="13,14")
    fam = family(ref("M1", "mother", "female", D3S1358="15,16", vWA="14,17", FGA="20,20", TH01="6,9.3",
                     D8S1179="12,13"), fam.references[1])
    faults = {f.locus: f for f in faults_of(fam)}
    assert set(faults) == {"D3S1358", "vWA", "FGA"}
    assert faults["D3S1358"].explanation == MUTATION
    assert faults["vWA"].explanation == UNEXPLAINED
    assert faults["FGA"].explanation == SILENT
    # either one of the two, left out, leaves a locus that fits: both are at fault
    assert all(f.at_fault == ("M1", "S2") for f in faults.values())


def test_a_sibling_who_cannot_be_the_mothers_child_at_two_loci_flags_the_family():
    # the case: vWA (14/17 against 20/21) and D8S1179 (12/13 against 16/17) are three steps
    # away; the other loci fit. Left out, the sibling leaves the mother alone (always consistent);
    # left out, the mother leaves the sibling alone (as consistent): the DNA cannot tell, so the
    # closer relative (the mother) is kept and the mother is named as the alternative.
    fam = mother_and_sibling(D3S1358="15,18", vWA="20,21", FGA="22,24", TH01="9.3,7", D8S1179="16,17")
    prepared = prepare_family(fam)
    check = prepared.check
    assert check.inconsistent
    assert [f.locus for f in check.faults] == ["D8S1179", "vWA"]
    assert check.left_out == ("S2",) and check.kept == ("M1",) and check.ambiguous == ("M1",)
    assert [r.sample_id for r in prepared.references] == ["M1"]
    assert any(s.kind == "reference" and s.subject == "S2" and "family data to check" in s.reason
               for s in prepared.skipped)
    summary = check.summary()
    assert summary.startswith("The family's references contradict the stated pedigree: D8S1179: M1 (mother) and "
                              "S2 (full sibling) contradict each other; neither a mutation nor a silent allele")
    assert "Screened without S2 (full sibling); leaving out M1 (mother) instead would fit as well" in summary


def test_the_screen_never_excludes_on_account_of_the_contradiction():
    # The true child of the mother: at vWA and D8S1179 the sibling's alleles fit nobody, so against
    # the whole family (mother + "full sibling") both loci would be Mendel-incompatible for every
    # candidate; with a third mismatch anywhere, every candidate would be excluded. Checked, the
    # family is screened with the mother alone: exactly her pairwise LR.
    fam = mother_and_sibling(D3S1358="15,18", vWA="20,21", FGA="22,24", TH01="9.3,7", D8S1179="16,17")
    child = {"D3S1358": "15,17", "vWA": "17,18", "FGA": "20,21", "TH01": "6,8", "D8S1179": "12,14"}
    mother_only = family(fam.references[0])
    for settings in (TEXTBOOK, KinshipSettings()):
        checked = compare("PM1", child, fam, settings)
        alone = compare("PM1", child, mother_only, settings)
        assert not checked.pair.excluded and checked.pair.incompatible_loci == ()
        assert checked.pair.log10_lr == pytest.approx(alone.pair.log10_lr, rel=1e-12)
        assert checked.check is not None and checked.check.inconsistent
        screened = screen({"PM1": child}, [fam], settings)
        assert screened.pairs[0].log10_lr == pytest.approx(checked.pair.log10_lr, rel=1e-9)
        assert not screened.pairs[0].excluded
        assert [c.family_id for c in screened.family_checks] == ["F1"]


def test_a_single_fault_that_a_mutation_explains_is_left_out_not_flagged():
    # D3S1358 only: mother 15/16, sibling 17/18 (one step). Without mutation the locus would make
    # the family's likelihood zero for every candidate (LR 0); it is left out instead.
    fam = mother_and_sibling(D3S1358="17,18", vWA="17,19", FGA="22,22", TH01="9.3,7", D8S1179="13,14")
    prepared = prepare_family(fam)
    assert not prepared.check.inconsistent and prepared.check.ignored_loci == ("D3S1358",)
    assert all("D3S1358" not in r.profile for r in prepared.references)
    child = {"D3S1358": "15,17", "vWA": "17,18", "FGA": "20,22", "TH01": "6,9.3", "D8S1179": "12,13"}
    result = compare("PM1", child, fam, TEXTBOOK)
    assert result.pair.log10_lr > 0 and result.pair.loci_compared == 4
    assert any(s.locus == "D3S1358" and "a mutation would explain it" in s.reason for s in result.skipped)


def test_a_trio_names_the_relatives_at_fault():
    # mother 10/11 and father 12/13 at TPOX-like loci; the full sibling 10/16 must get 16 from the
    # father (13 -> 16 is three steps). Left out, the father makes it fit (10 from the mother, 16
    # from an untyped father) and so does the sibling; the mother, left out, does not (the father
    # still cannot give 16). At two such loci the sibling, more distant than the father, is left out.
    mother = ref("M", "mother", "female", D3S1358="14,15", vWA="16,17", FGA="21,22")
    father = ref("F", "father", "male", D3S1358="16,17", vWA="18,19", FGA="23,24")
    sibling = ref("S", "full_sibling", D3S1358="14,19", vWA="16,13", FGA="21,23")
    fam = family(mother, father, sibling)
    faults = {f.locus: f for f in faults_of(fam)}
    assert set(faults) == {"D3S1358", "vWA"}
    assert faults["D3S1358"].at_fault == ("F", "S") and faults["vWA"].at_fault == ("F", "S")
    prepared = prepare_family(fam)
    assert prepared.check.left_out == ("S",) and prepared.check.ambiguous == ("F",)
    assert sorted(r.sample_id for r in prepared.references) == ["F", "M"]


def test_two_siblings_and_a_mother_keep_the_sibling_who_fits():
    # S2 fits neither the mother (D3S1358 19/20, vWA 11/12: no allele of hers, no one-step) while
    # S1 shares an allele with her everywhere. Left out: S2 (mother and S1 fit) or the mother
    # (two siblings with untyped parents always fit at four alleles or fewer); S1 never helps.
    mother = ref("M", "mother", "female", D3S1358="15,16", vWA="17,18")
    s1 = ref("S1", "full_sibling", D3S1358="15,17", vWA="18,19")
    s2 = ref("S2", "full_sibling", D3S1358="19,20", vWA="11,12")
    prepared = prepare_family(family(mother, s1, s2))
    assert prepared.check.inconsistent and prepared.check.left_out == ("S2",)
    assert sorted(r.sample_id for r in prepared.references) == ["M", "S1"]
    assert all(f.at_fault == ("M", "S2") for f in prepared.check.faults)


def test_fits_is_a_pattern_check():
    fam = family(ref("M1", "mother", "female", D3S1358="15,16"), ref("S2", "full_sibling", D3S1358="15,17"))
    (pedigree,) = build_pedigrees(fam, list(fam.references))
    m, s = pedigree.index_of("M1"), pedigree.index_of("S2")
    assert fits(pedigree, {m: ("15", "16"), s: ("15", "17")})
    assert fits(pedigree, {m: ("8", "9"), s: ("8", "30")})  # the same pattern
    assert not fits(pedigree, {m: ("15", "16"), s: ("18", "19")})
    assert fits(pedigree, {m: ("15", "16"), s: ("17", "18")}, mutation=True)
    assert not fits(pedigree, {m: ("15", "16"), s: ("19", "20")}, mutation=True)
    assert fits(pedigree, {m: ("15", "15"), s: ("19", "19")}, silent=True)
