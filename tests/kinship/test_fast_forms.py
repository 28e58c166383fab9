"""The screen's fast forms give the enumeration's numbers in the cases they were extended to."""

from __future__ import annotations

import random

import numpy as np
import pytest

from kinship.comparison import batched_pedigree_ratios
from kinship.family import Family, Reference
from kinship.family_batch import FamilyBatch, family_alleles_at
from kinship.locus import locus_alleles, mutation_matrix
from kinship.pedigree import build_pedigrees
from kinship.pedigree_likelihood import likelihood_columns
from kinship.predictive import supports, supports_unrelated, unrelated_likelihoods
from kinship.settings import KinshipSettings

NAMES = ["12", "13", "14", "15", "16", "17"]
# "8" is not in the europe D1S1656 table: an observed unlisted allele.
UNLISTED = "8"


def genotype(rng: random.Random) -> tuple[str, str]:
    a, b = sorted(rng.choices(NAMES, k=2), key=float)
    return (a, b)


def families_and_alleles(words: tuple[str, ...], seed: int):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    references = tuple(Reference(f"R{i}", w, {"D1S1656": genotype(rng)}) for i, w in enumerate(words))
    pedigree = build_pedigrees(Family("F", references), list(references))[0]
    families = [
        family_alleles_at({pedigree.index_of(r.sample_id): genotype(rng) for r in references}) for _ in range(4)
    ]
    alleles = locus_alleles("europe", "D1S1656", [*NAMES, UNLISTED])
    return pedigree, families, alleles


CANDIDATES = [("12", "14"), ("13", None), (UNLISTED, None), (UNLISTED, "15"), ("16", "16"), ("17", None)]
IN_POOL = [c for c in CANDIDATES if UNLISTED not in c]
WITH_CHILDREN = [("spouse", "child"), ("child", "child"), ("spouse", "child", "child")]


@pytest.mark.parametrize("words", WITH_CHILDREN)
def test_unrelated_form_equals_the_enumeration_when_the_missing_person_has_children(words: tuple[str, ...]) -> None:
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, dropout=0.2)
    pedigree, families, alleles = families_and_alleles(words, 5)
    layout = families[0].layout
    assert supports_unrelated(pedigree, layout) and not supports(pedigree, layout)
    mutation = mutation_matrix(alleles, settings.mutation_model, settings.mutation_rate)
    batch = FamilyBatch.stack(families, alleles)
    fast = unrelated_likelihoods(pedigree, batch, IN_POOL, alleles, mutation, settings.theta, settings.dropout)
    slow = likelihood_columns(
        pedigree, batch, IN_POOL, alleles, [mutation], settings.theta, settings.dropout, placed=False
    )[0]
    np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("words", WITH_CHILDREN)
def test_pedigree_ratios_equal_the_enumeration_with_an_unlisted_candidate_allele(words: tuple[str, ...]) -> None:
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, dropout=0.2)
    pedigree, families, alleles = families_and_alleles(words, 7)
    ratios = batched_pedigree_ratios(pedigree, families, alleles, CANDIDATES, settings)
    mutation = mutation_matrix(alleles, settings.mutation_model, settings.mutation_rate)
    batch = FamilyBatch.stack(families, alleles)
    arguments = (pedigree, batch, CANDIDATES, alleles, [mutation], settings.theta, settings.dropout)
    related = likelihood_columns(*arguments, placed=True)[0]
    unrelated = likelihood_columns(*arguments, placed=False)[0]
    possible = unrelated > 0
    assert possible.any()
    np.testing.assert_allclose(ratios.lr[possible], related[possible] / unrelated[possible], rtol=1e-9)
