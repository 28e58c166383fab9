"""Pairwise LRs against closed forms computed here, independently of the package."""

from __future__ import annotations

import itertools

import pytest

from kinship.likelihood.pairwise import pairwise_locus
from kinship.relationships import IBD_BY_RELATIONSHIP, NotARelative, ibd_coefficients
from kinship.settings import KinshipSettings
from textbook import TEXTBOOK, assert_close, locus, pairwise_lr

P = {"10": 0.1, "11": 0.2, "12": 0.3, "13": 0.4}
ALLELES = locus(a10=0.1, a11=0.2, a12=0.3, a13=0.4)


def textbook_lr(k0: float, k1: float, k2: float, reference: tuple[str, str], missing: tuple[str, str]) -> float:
    """LR = k0 + k1 X + k2 Y with the classical X, Y for unordered genotypes (theta = 0)."""
    a, b = reference
    c, d = missing
    shared = [x for x in {a, b} if x in {c, d}]

    def prob(g: tuple[str, str]) -> float:
        return P[g[0]] ** 2 if g[0] == g[1] else 2 * P[g[0]] * P[g[1]]

    # P(missing | reference, one allele IBD): the IBD allele is one of the
    # reference's two (1/2 each) and the other allele of the missing person is
    # drawn from the population.
    def one_ibd() -> float:
        total = 0.0
        for z in (a, b):
            for other in P:
                if sorted((z, other)) == sorted((c, d)):
                    total += 0.5 * P[other]
        return total

    x_term = one_ibd() / prob(missing) if shared else 0.0
    y_term = (1.0 / prob(missing)) if sorted(reference) == sorted(missing) else 0.0
    return k0 + k1 * x_term + k2 * y_term


GENOTYPES = [("10", "10"), ("10", "11"), ("11", "12"), ("12", "12"), ("10", "13")]


@pytest.mark.parametrize("relationship", sorted(IBD_BY_RELATIONSHIP))
def test_every_relationship_matches_the_ibd_formula(relationship: str) -> None:
    ibd = ibd_coefficients(relationship)
    for reference, missing in itertools.product(GENOTYPES, repeat=2):
        expected = textbook_lr(ibd.k0, ibd.k1, ibd.k2, reference, missing)
        assert_close(pairwise_lr(ALLELES, relationship, reference, missing, TEXTBOOK), expected)


def test_half_siblings_and_cousins_closed_forms() -> None:
    p = 0.1
    assert_close(pairwise_lr(ALLELES, "half_sibling_paternal", ("10", "10"), ("10", "10"), TEXTBOOK), 0.5 + 0.5 / p)
    assert_close(pairwise_lr(ALLELES, "first_cousin", ("10", "10"), ("10", "10"), TEXTBOOK), 0.75 + 0.25 / p)
    # Heterozygotes sharing one allele: X = 1 / (4 p_shared).
    assert_close(pairwise_lr(ALLELES, "half_sibling_maternal", ("10", "11"), ("10", "12"), TEXTBOOK),
                 0.5 + 0.5 / (4 * 0.1))
    assert_close(pairwise_lr(ALLELES, "first_cousin", ("11", "12"), ("11", "12"), TEXTBOOK),
                 0.75 + 0.25 * (0.2 + 0.3) / (4 * 0.2 * 0.3))


def test_parent_child_with_theta() -> None:
    """Both A/A: LR = 1 / P(fourth A | three A drawn) = (1 + 2 theta) / (3 theta + (1 - theta) p)."""
    theta = 0.03
    settings = KinshipSettings(theta=theta, mutation_rate=0.0)
    assert_close(pairwise_lr(ALLELES, "mother", ("10", "10"), ("10", "10"), settings),
                 (1 + 2 * theta) / (3 * theta + (1 - theta) * 0.1))


def test_full_siblings_with_theta() -> None:
    """Both A/A, Balding-Nichols: k0 + k1 / P(A|AAA) + k2 / (P(A|AA) P(A|AAA))."""
    theta = 0.02
    p = 0.1
    third = (2 * theta + (1 - theta) * p) / (1 + theta)
    fourth = (3 * theta + (1 - theta) * p) / (1 + 2 * theta)
    expected = 0.25 + 0.5 / fourth + 0.25 / (third * fourth)
    settings = KinshipSettings(theta=theta, mutation_rate=0.0)
    assert_close(pairwise_lr(ALLELES, "full_sibling", ("10", "10"), ("10", "10"), settings), expected)


def test_mutation_gives_a_true_parent_a_small_lr_instead_of_zero() -> None:
    rate = 0.002
    stepwise = KinshipSettings(theta=0.0, mutation_rate=rate, mutation_model="stepwise")
    # Mother 10/10, missing person 11/11: the 10 must have mutated one step up.
    assert_close(pairwise_lr(ALLELES, "mother", ("10", "10"), ("11", "11"), stepwise), rate / 2 / 0.2)
    # Two steps away: no single-step mutation explains it.
    assert pairwise_lr(ALLELES, "mother", ("10", "10"), ("12", "12"), stepwise) == 0.0
    equal = KinshipSettings(theta=0.0, mutation_rate=rate, mutation_model="equal")
    # Equal model over the 4 alleles plus the unlisted class: rate / 4 to each other allele.
    assert_close(pairwise_lr(ALLELES, "father", ("10", "10"), ("12", "12"), equal), rate / 4 / 0.3)
    without = pairwise_locus(("10", "10"), ("11", "11"), "mother", "europe", "TH01", TEXTBOOK)
    assert without.lr == 0.0 and without.incompatible


def test_dropout_is_not_read_as_a_homozygote() -> None:
    d = 0.1
    settings = KinshipSettings(theta=0.0, mutation_rate=0.0, dropout=d)
    p11 = 0.2
    expected = d * (1 - d) / ((1 - d * d) * p11 + 2 * d * (1 - d) * (1 - p11))
    assert_close(pairwise_lr(ALLELES, "mother", ("10", "10"), ("11", None), settings), expected)
    # The homozygote reading would exclude the mother; drop-out keeps her possible.
    assert pairwise_lr(ALLELES, "mother", ("10", "10"), ("11", "11"), settings) == 0.0


def test_dropout_on_the_reference_side() -> None:
    """Reference 10/? against a 10/10 child: sum over the partner with the drop-out weights."""
    d = 0.2
    settings = KinshipSettings(theta=0.0, mutation_rate=0.0, dropout=d)
    hom, het = 1 - d * d, d * (1 - d)
    p = P
    related = hom * p["10"] ** 2 * p["10"] + sum(het * 2 * p["10"] * p[b] * 0.5 * p["10"] for b in p if b != "10")
    unrelated = (hom * p["10"] ** 2 + sum(het * 2 * p["10"] * p[b] for b in p if b != "10")) * p["10"] ** 2
    assert_close(pairwise_lr(ALLELES, "father", ("10", None), ("10", "10"), settings), related / unrelated)


def test_relationships_without_kinship_are_refused_with_a_reason() -> None:
    with pytest.raises(NotARelative, match="not a blood relative"):
        ibd_coefficients("spouse")
    with pytest.raises(NotARelative, match="record the exact relationship"):
        ibd_coefficients("other")
