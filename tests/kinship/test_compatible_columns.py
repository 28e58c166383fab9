"""The enumeration's columns each over their own alphabet, and incompatibility from one column per
pattern (pedigree_likelihood.likelihoods_and_compatibility).

A (family, candidate) column is summed over the family's own symbols, one symbol per allele of the
candidate the family does not show, and rest: the values must equal those over the batch's whole
alphabet (the widest family's symbols, X, Y and rest). Without mutation, whether a family's
likelihood is zero for a candidate depends only on which alleles are equal and which have a
frequency above zero: the sign computed for one column of each pattern must be the one the full
enumeration gives every column, on the shapes the screen enumerates, with candidates of one allele
seen, alleles the database does not list, and a made-up locus whose alleles leave nothing to the rest.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from kinship import POPULATIONS, KinshipSettings
from kinship.likelihood.configuration_weights import summed_weights
from kinship.likelihood.family_batch import FamilyBatch, family_alleles_at, missing_codes
from kinship.likelihood.locus import locus_alleles
from kinship.likelihood.locus_settings import locus_settings
from kinship.likelihood.lumping import PathMatrices, Symbols
from kinship.likelihood.pedigree_likelihood import (
    configurations,
    likelihood_columns,
    likelihoods_and_compatibility,
    paired_likelihoods,
    reduced_members,
)
from test_configuration_sum import ENUMERATED, _families
from test_pedigree import SHORT

# TPOX in the African table, with two alleles the table does not list (5 and 14).
TPOX = locus_alleles(POPULATIONS[0], "TPOX", ["5", "8", "14"])
LOCI = [(SHORT, ["10", "11", "12", "13"]), (TPOX, ["5", "8", "9", "10", "11", "14"])]
SETTINGS = KinshipSettings(theta=0.03, mutation_rate=0.01, dropout=0.2)


def _genotype_on(names: list[str]):  # type: ignore[no-untyped-def]
    def genotype(rng: random.Random) -> tuple[str, str | None]:
        a, b = sorted(rng.choices(names, k=2), key=float)
        return (a, None) if a != b and rng.random() < 0.25 else (a, b)
    return genotype


def _whole_alphabet(pedigree, batch: FamilyBatch, candidates, at_locus, placed: bool):  # type: ignore[no-untyped-def]
    """Every family with every candidate over the batch's whole alphabet and every configuration."""
    result = np.zeros((len(at_locus.mutations), batch.size, len(candidates)))
    count = len(at_locus.mutations)
    for number, candidate in enumerate(candidates):
        members = reduced_members(pedigree, batch.layout, placed, candidate[1] is None)
        first, second = missing_codes([candidate], at_locus.alleles)
        symbols = Symbols.build(np.tile(batch.codes, (1, count)), np.repeat(first, batch.size * count),
                                np.repeat(second, batch.size * count), at_locus.alleles, at_locus.mutations)
        typed = {position: (np.tile(a, count), np.tile(b, count))
                 for (position, _), (a, b) in zip(batch.layout.typed, batch.symbols)}
        configs = configurations(members, symbols.count)
        values = summed_weights(members, symbols, typed, configs, at_locus.theta, at_locus.dropout,
                                PathMatrices(symbols))
        result[:, :, number] = values.reshape(count, batch.size)
    return result


def _cases(words: tuple[str, ...], names: list[str], families: int, candidates: int, seed: int):  # type: ignore[no-untyped-def]
    """Each pedigree variant of the shape, with random families and distinct random candidates."""
    genotype = _genotype_on(names)
    rng = random.Random(seed)
    for pedigree, drawn in _families(words, rng, genotype, families):
        yield pedigree, drawn, list({genotype(rng) for _ in range(candidates)})


@pytest.mark.parametrize("words", ENUMERATED)
@pytest.mark.parametrize("alleles, names", LOCI, ids=["short", "tpox"])
def test_each_column_over_its_own_alphabet_equals_the_whole_alphabet(words, alleles, names) -> None:  # type: ignore[no-untyped-def]
    at_locus = locus_settings(alleles, SETTINGS, incompatibility=True)
    widths = set()
    for pedigree, families, candidates in _cases(words, names, 3, 8, sum(map(ord, "".join(words)))):
        # and one family showing a single allele, narrower than the others
        alike = family_alleles_at({position: (names[1], names[1]) for position, _ in families[0].layout.typed})
        batch = FamilyBatch.stack([*families, alike], alleles)
        widths |= {len(family.alleles) for family in [*families, alike]}
        for placed in (True, False):
            whole = _whole_alphabet(pedigree, batch, candidates, at_locus, placed)
            np.testing.assert_allclose(likelihood_columns(pedigree, batch, candidates, at_locus, placed), whole,
                                       rtol=1e-12, atol=0.0)
    # Families of one batch showing different numbers of alleles are among those compared.
    assert len(widths) > 1


@pytest.mark.parametrize("words", ENUMERATED)
@pytest.mark.parametrize("alleles, names", LOCI, ids=["short", "tpox"])
def test_the_sign_of_each_pattern_stands_for_every_column(words, alleles, names) -> None:  # type: ignore[no-untyped-def]
    at_locus = locus_settings(alleles, SETTINGS, incompatibility=True)
    zeros = positives = 0
    for pedigree, families, candidates in _cases(words, names, 8, 40, sum(map(ord, "".join(words))) + len(names)):
        batch = FamilyBatch.stack(families, alleles)
        enumerated = likelihood_columns(pedigree, batch, candidates, at_locus, placed=True)
        values, compatible = likelihoods_and_compatibility(pedigree, batch, candidates, at_locus, placed=True)
        np.testing.assert_allclose(values, enumerated[0], rtol=1e-12, atol=0.0)
        np.testing.assert_array_equal(compatible, enumerated[1] > 0.0)
        zeros += int(np.count_nonzero(~compatible))
        positives += int(np.count_nonzero(compatible))
    assert positives > 0
    # On the short ladder every shape meets candidates it rules out, so both outcomes are compared
    # (on TPOX a grandparent or an aunt beside a cousin or a sibling rules out none without mutation).
    if alleles is SHORT:
        assert zeros > 0


def test_a_locus_whose_last_matrix_mutates_is_refused() -> None:
    at_locus = locus_settings(SHORT, KinshipSettings(mutation_rate=0.01))
    pedigree, families = next(_families(("child", "mother"), random.Random(1), _genotype_on(["10", "11"]), 1))
    with pytest.raises(ValueError, match="without mutation"):
        likelihoods_and_compatibility(pedigree, FamilyBatch.stack(families, SHORT), [("10", "11")], at_locus,
                                      placed=True)


@pytest.mark.parametrize("words", ENUMERATED)
@pytest.mark.parametrize("founders_mutate", [False, True], ids=["usual", "founders_mutate"])
def test_chosen_pairs_equal_their_cells_of_every_family_with_every_candidate(words, founders_mutate) -> None:  # type: ignore[no-untyped-def]
    """`paired_likelihoods` (the rescue of zeros with mutating founders computes a batch's chosen
    (family, candidate) pairs in one enumeration) gives each pair the value of its cell in
    `likelihood_columns`, families of one batch showing different numbers of alleles."""
    # With mutating founders the largest shape's enumeration is long on the wider TPOX alphabet.
    alleles, names = LOCI[0] if founders_mutate else LOCI[1]
    at_locus = locus_settings(alleles, SETTINGS)
    rng = random.Random(sum(map(ord, "".join(words))))
    for pedigree, families, candidates in _cases(words, names, 3, 10, rng.randrange(1000)):
        batch = FamilyBatch.stack(families, alleles)
        cells = rng.sample([(f, c) for f in range(batch.size) for c in range(len(candidates))], 12)
        family_of = np.array([f for f, _ in cells], dtype=np.int64)
        for placed in (True, False):
            every = likelihood_columns(pedigree, batch, candidates, at_locus, placed, founders_mutate)
            chosen = paired_likelihoods(pedigree, batch, family_of, [candidates[c] for _, c in cells], at_locus,
                                        placed, founders_mutate)
            expected = every[:, family_of, [c for _, c in cells]]
            assert np.count_nonzero(expected) > 0
            np.testing.assert_allclose(chosen, expected, rtol=1e-12, atol=0.0)
