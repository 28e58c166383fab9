"""The low-rank leaf form where an untyped grandparent's allele reaches the missing person mutated.

An aunt or uncle hangs the grandparents into the pedigree: their alleles reach the aunt unmutated
(untyped founders) and the missing person through the untyped parent in between, mutated. These
families used the enumeration (once per candidate genotype); the leaf form now takes them, and must
give the enumeration's numbers where that is exact (the equal model) and the brute-force sum over
every allele under the default stepwise model.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from brute_force import brute_force_likelihood, enumerated_ratios
from kinship import Family, KinshipSettings, Reference
from kinship.likelihood.family_batch import family_alleles_at
from kinship.likelihood.leaf_pedigree import supports
from kinship.likelihood.locus_ratios import batched_pedigree_ratios
from kinship.likelihood.mutation import mutation_matrix
from kinship.likelihood.pedigree import build_pedigrees
from test_pedigree import ALLELES, SHORT, random_genotype, short_genotype

WITH_AN_AUNT = [
    ("aunt_uncle", "aunt_uncle"),
    ("aunt_uncle", "mother"),
    ("aunt_uncle", "grandparent"),
    ("aunt_uncle", "father", "mother"),
    ("aunt_uncle", "full_sibling", "father", "mother", "grandparent"),
]


def _variants(words: tuple[str, ...], rng: random.Random, genotype):  # type: ignore[no-untyped-def]
    references = tuple(Reference(f"R{i}", w, {"L": ("10", "11")}) for i, w in enumerate(words))
    for pedigree in build_pedigrees(Family("F", references), list(references)):
        yield pedigree, [
            {pedigree.index_of(r.sample_id): genotype(rng) for r in references} for _ in range(2)
        ]


def test_aunts_take_the_leaf_form_and_cousins_do_not() -> None:
    rng = random.Random(1)
    for words in WITH_AN_AUNT:
        for pedigree, observations in _variants(words, rng, lambda r: random_genotype(r)):
            assert supports(pedigree, family_alleles_at(observations[0]).layout), words
    # A cousin receives a grandparent's allele through the untyped aunt, mutated: an allele of
    # the rest could reach both the cousin and the candidate, which needs the enumeration.
    for words in [("first_cousin", "mother"), ("first_cousin", "grandparent")]:
        for pedigree, observations in _variants(words, rng, lambda r: random_genotype(r)):
            assert not supports(pedigree, family_alleles_at(observations[0]).layout), words


@pytest.mark.parametrize("words", WITH_AN_AUNT[1:])
def test_aunt_families_equal_the_enumeration(words: tuple[str, ...]) -> None:
    """Under the equal model the enumeration is exact: the two agree to 1e-9 for every pedigree
    variant, with founders' mutations where the convention gives 0 and candidates with drop-out."""
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, mutation_model="equal", dropout=0.2)
    rng = random.Random(sum(map(ord, "".join(words))))
    compared = 0
    for pedigree, observations in _variants(words, rng, lambda r: random_genotype(r)):
        families = [family_alleles_at(o) for o in observations]
        candidates = [random_genotype(rng, 0.3) for _ in range(6)]
        fast = batched_pedigree_ratios(pedigree, families, ALLELES, candidates, settings).lr
        expected, possible = enumerated_ratios(pedigree, families, ALLELES, candidates, settings)
        np.testing.assert_allclose(fast[possible], expected[possible], rtol=1e-9, atol=1e-300)
        compared += int((expected[possible] > 0).sum())
    assert compared > 0


@pytest.mark.parametrize("words", [("aunt_uncle", "mother"), ("aunt_uncle", "father")])
def test_aunt_families_equal_the_brute_force_under_stepwise_mutation(words: tuple[str, ...]) -> None:
    """The default model: the leaf form equals the sum over every allele of every untyped person
    to 1e-9 (theta, one-step mutations, references and candidates with one allele seen)."""
    settings = KinshipSettings(theta=0.04, mutation_rate=0.01, dropout=0.2)
    mutation = mutation_matrix(SHORT, settings.mutation_model, settings.mutation_rate)
    rng = random.Random(sum(map(ord, "".join(words))) + 5)
    compared = 0
    for pedigree, observations in _variants(words, rng, short_genotype):
        for observed in observations[:1]:
            family = family_alleles_at(observed)
            if not supports(pedigree, family.layout):
                continue  # a parent with one allele seen passes on an unknown allele: enumerated
            candidates = [short_genotype(rng) for _ in range(2)]
            fast = batched_pedigree_ratios(pedigree, [family], SHORT, candidates, settings, rescue=False).lr[0]
            for value, candidate in zip(fast, candidates):
                related, unrelated = (
                    brute_force_likelihood(pedigree, observed, candidate, SHORT, mutation, settings.theta,
                                           settings.dropout, placed)
                    for placed in (True, False)
                )
                assert value == pytest.approx(related / unrelated, rel=1e-9, abs=1e-300)
                compared += 1
    assert compared >= 2
