"""Two post-mortem profiles of one person (fragments of a body), by hand (pure)."""

from __future__ import annotations

import math

import pytest

from kinship.frequencies import load_frequencies
from kinship.identity import identity, locus_identity, match_probability

EUROPE = load_frequencies("europe")


def full_profile() -> dict:
    loci = [locus for locus in EUROPE.loci if locus not in ("Amelogenin",)][:16]
    profile = {}
    for locus in loci:
        alleles = sorted(EUROPE.table(locus), key=lambda a: -EUROPE.table(locus)[a])[:2]
        profile[locus] = (alleles[0], alleles[1])
    return profile


def test_match_probability_by_hand_without_theta():
    table = {"12": 0.2, "14": 0.1}
    assert match_probability("12", "12", table, 0.0) == pytest.approx(0.04)
    assert match_probability("12", "14", table, 0.0) == pytest.approx(2 * 0.2 * 0.1)
    # theta raises the match probability (relatives in the population share alleles)
    assert match_probability("12", "14", table, 0.01) > 0.04


def test_drop_out_is_consistent_and_never_counts_more_than_the_full_match():
    table = {"12": 0.2, "14": 0.1}
    full = locus_identity(("12", "14"), ("12", "14"), table, 0.0)
    dropped = locus_identity(("12", "14"), ("14", None), table, 0.0)
    assert full == pytest.approx(-math.log10(0.04))
    assert dropped == pytest.approx(-math.log10(0.2))
    assert locus_identity(("12", "14"), ("15", None), table, 0.0) is None
    assert locus_identity(("12", "14"), ("12", "15"), table, 0.0) is None


def test_a_fragment_with_a_partial_profile_is_the_same_person():
    body = full_profile()  # the most common genotype at each of 16 loci: the hardest case
    typed = list(body.items())
    skull = {locus: (genotype[0], None) if index < 3 else genotype for index, (locus, genotype) in enumerate(typed)}
    found = identity(body, skull)
    assert found.loci_compared == 16 and not found.inconsistent
    assert found.log10_lr > 10 and found.same_person
    # a profile of single alleles at common alleles says too little to call it the same person
    weak = {locus: (genotype[0], None) for locus, genotype in typed}
    assert not identity(body, weak).same_person


def test_a_relative_sharing_half_the_alleles_is_not_the_same_person():
    body = full_profile()
    sibling = {}
    for index, (locus, (a, b)) in enumerate(body.items()):
        other = sorted(EUROPE.table(locus))[0]
        sibling[locus] = (a, b) if index % 4 == 0 else (a, other) if other != a else (b, b)
    found = identity(body, sibling)
    assert len(found.inconsistent) >= 8 and not found.same_person
    assert "not shown to be the same person" in found.describe()


def test_too_few_loci_are_not_enough():
    body = full_profile()
    few = dict(list(body.items())[:5])
    assert not identity(body, few).same_person


def test_one_typing_error_among_many_loci_is_tolerated():
    body = full_profile()
    other = dict(body)
    locus = next(iter(other))
    other[locus] = ("99", "100")
    found = identity(body, other)
    assert found.inconsistent == (locus,) and found.same_person
