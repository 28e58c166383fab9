"""The values the issue quotes from the literature, reproduced to 1e-9."""

from __future__ import annotations

from kinship import Family, Reference, compare, load_frequencies
from kinship.likelihood.locus_settings import LocusSettings
from kinship.likelihood.pedigree import build_pedigrees
from kinship.likelihood.pedigree_likelihood import pedigree_likelihoods
from kinship.likelihood.substructure import genotype_probability
from textbook import TEXTBOOK, assert_close, family_lr, locus, pairwise_lr


def test_parent_child_homozygotes() -> None:
    assert_close(pairwise_lr(locus(a10=0.05, a11=0.95), "mother", ("10", "10"), ("10", "10"), TEXTBOOK), 20.0)
    assert_close(pairwise_lr(locus(a10=0.1, a11=0.9), "father", ("10", "10"), ("10", "10"), TEXTBOOK), 10.0)
    # The same pair with the missing person as the parent.
    assert_close(pairwise_lr(locus(a10=0.05, a11=0.95), "child", ("10", "10"), ("10", "10"), TEXTBOOK), 20.0)


def test_two_loci_multiply() -> None:
    """Two A/A loci through the whole comparison: LR 1/p1 x 1/p2 (20 x 10 = 200 in the issue)."""
    europe = load_frequencies("europe")
    profile = {"TPOX": ("8", "8"), "TH01": ("6", "6")}
    family = Family("F", (Reference("R", "mother", profile),), population="europe")
    pair = compare("PM", profile, family, TEXTBOOK).pair
    assert pair is not None
    expected = 1.0 / (europe.frequency("TPOX", "8") * europe.frequency("TH01", "6"))
    assert_close(10**pair.log10_lr, expected)


def test_trio_paternity_index() -> None:
    """Alleged father A/B is the missing person; the child A/A and its mother A/C are references."""
    alleles = locus(a1=0.2, a2=0.3, a3=0.5)
    lr = family_lr(alleles, [("spouse", ("1", "3")), ("child", ("1", "1"))], ("1", "2"), TEXTBOOK)
    assert_close(lr, 2.5)


def test_both_parents() -> None:
    alleles = locus(a1=0.1, a2=0.9)
    lr = family_lr(alleles, [("mother", ("1", "2")), ("father", ("1", "2"))], ("1", "1"), TEXTBOOK)
    assert_close(lr, 25.0)


def test_full_siblings_homozygotes() -> None:
    for p in (0.05, 0.2, 0.37):
        alleles = locus(a10=p, a11=1 - p)
        assert_close(pairwise_lr(alleles, "full_sibling", ("10", "10"), ("10", "10"), TEXTBOOK),
                     (1 + p) ** 2 / (4 * p * p))


def test_theta_corrected_homozygote() -> None:
    assert_close(genotype_probability(0.3, 0.3, True, 0.01), 0.0921)


def test_theta_applies_to_founder_alleles_even_for_a_non_founder() -> None:
    """A person whose parents are untyped: the two founder alleles carry the correction (0.0921)."""
    alleles = locus(a1=0.3, a2=0.7)
    reference = Reference("R", "full_sibling", {alleles.locus: ("2", "2")})
    pedigree = build_pedigrees(Family("F", (reference,)), [reference])[0]
    at_locus = LocusSettings(alleles, (__import__("numpy").eye(3),), 0.01, 0.0)
    likelihood = pedigree_likelihoods(pedigree, {}, [("1", "1")], at_locus, True)
    assert_close(float(likelihood[0]), 0.0921)
