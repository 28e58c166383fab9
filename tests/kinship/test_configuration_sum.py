"""The enumeration summed member by member (configuration_weights.summed_weights).

Configurations that share their first variables share the factors those variables settle, so
each factor is taken once per distinct prefix. The shapes are those the screen still enumerates
(first cousins, aunts with siblings, a missing person with children beside siblings or a parent):
the sum must equal the weights taken one configuration at a time, and the brute-force sum over
every allele where lumping is exact (the equal model).
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from brute_force import brute_force_likelihood
from kinship import Family, KinshipSettings, Reference
from kinship.likelihood import configuration_tree, pedigree_likelihood
from kinship.likelihood.configuration_weights import member_states, weigh_members
from kinship.likelihood.family_batch import FamilyBatch, family_alleles_at
from kinship.likelihood.locus_settings import locus_settings
from kinship.likelihood.mutation import mutation_matrix
from kinship.likelihood.pedigree import build_pedigrees
from kinship.likelihood.pedigree_likelihood import likelihood_columns
from test_pedigree import SHORT, short_genotype

ENUMERATED = [
    ("first_cousin", "grandparent"),
    ("father", "first_cousin"),
    ("aunt_uncle", "full_sibling"),
    ("child", "full_sibling"),
    ("child", "mother"),
    ("full_sibling", "grandparent"),
]


def _one_configuration_at_a_time(members, symbols, typed, configs, theta, dropout, paths):  # type: ignore[no-untyped-def]
    states, weight = member_states(members, symbols, typed, configs, dropout, include_missing=True)
    columns = np.arange(symbols.missing_first.size)[None, :]
    weight, _ = weigh_members(members, states, weight, symbols, columns, paths, theta, leave_out_missing=False)
    return np.broadcast_to(weight, (configs.shape[1], columns.size)).sum(axis=0)


def _families(words: tuple[str, ...], rng: random.Random, genotype, count: int):  # type: ignore[no-untyped-def]
    references = tuple(Reference(f"R{i}", w, {"L": ("10", "11")}) for i, w in enumerate(words))
    for pedigree in build_pedigrees(Family("F", references), list(references)):
        yield pedigree, [
            family_alleles_at({pedigree.index_of(r.sample_id): genotype(rng) for r in references})
            for _ in range(count)
        ]


@pytest.mark.parametrize("words", ENUMERATED)
def test_the_sum_by_prefixes_equals_the_sum_by_configurations(words: tuple[str, ...], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Both hypotheses, stepwise mutation with and without (the incompatibility block), candidates
    with drop-out, the families' own drop-out: the same likelihoods to 1e-12."""
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, dropout=0.2)
    at_locus = locus_settings(SHORT, settings, incompatibility=True)
    rng = random.Random(sum(map(ord, "".join(words))))
    compared = 0
    for pedigree, families in _families(words, rng, short_genotype, 3):
        batch = FamilyBatch.stack(families, SHORT)
        candidates = [short_genotype(rng) for _ in range(6)]
        for placed in (True, False):
            by_prefixes = likelihood_columns(pedigree, batch, candidates, at_locus, placed)
            with monkeypatch.context() as patch:
                patch.setattr(pedigree_likelihood, "summed_weights", _one_configuration_at_a_time)
                by_configurations = likelihood_columns(pedigree, batch, candidates, at_locus, placed)
            np.testing.assert_allclose(by_prefixes, by_configurations, rtol=1e-12, atol=0.0)
            compared += int(np.count_nonzero(by_configurations))
    assert compared > 0


# Cousins and aunts beside a sibling leave five untyped people: too many for the brute force here.
@pytest.mark.parametrize("words", [("child", "full_sibling"), ("child", "mother")])
def test_enumerated_shapes_equal_the_brute_force_sum(words: tuple[str, ...]) -> None:
    """Lumping is exact under the equal model: the enumeration equals the sum over every allele."""
    settings = KinshipSettings(theta=0.04, mutation_rate=0.01, mutation_model="equal", dropout=0.2)
    mutation = mutation_matrix(SHORT, "equal", settings.mutation_rate)
    at_locus = locus_settings(SHORT, settings)
    rng = random.Random(sum(map(ord, "".join(words))) + 1)
    references = tuple(Reference(f"R{i}", w, {"L": ("10", "11")}) for i, w in enumerate(words))
    pedigree = build_pedigrees(Family("F", references), list(references))[0]
    observations = {pedigree.index_of(r.sample_id): short_genotype(rng) for r in references}
    batch = FamilyBatch.stack([family_alleles_at(observations)], SHORT)
    candidates = [short_genotype(rng) for _ in range(2)]
    for placed in (True, False):
        fast = likelihood_columns(pedigree, batch, candidates, at_locus, placed)[0, 0]
        for value, candidate in zip(fast, candidates):
            slow = brute_force_likelihood(pedigree, observations, candidate, SHORT, mutation, settings.theta,
                                          settings.dropout, placed)
            assert value == pytest.approx(slow, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("words", ENUMERATED)
def test_the_pruned_list_loses_no_configuration_of_weight_above_zero(words: tuple[str, ...], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Summed over every configuration, unpruned, the likelihoods are the same: the list the
    depth-first pruning keeps holds every configuration that weighs anything, for both hypotheses,
    with mutation and without it, drop-out in families and candidates. And the list and the sums
    are the same whether a check's answers and a child's factors are kept by their variables'
    values or worked out every time."""
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, dropout=0.2)
    at_locus = locus_settings(SHORT, settings, incompatibility=True)
    rng = random.Random(sum(map(ord, "".join(words))) + 2)
    pruned_away = 0
    for pedigree, families in _families(words, rng, short_genotype, 2):
        layout = families[0].layout
        batch = FamilyBatch.stack([f for f in families if f.layout == layout], SHORT)
        candidates = [short_genotype(rng) for _ in range(4)]
        for placed in (True, False):
            for partial in (False, True):
                members = pedigree_likelihood.reduced_members(pedigree, layout, placed, partial)
                kept = pedigree_likelihood._possible_configurations(members, batch, at_locus)
                with monkeypatch.context() as patch:
                    patch.setattr(configuration_tree, "TABLE_CELLS", 0)
                    worked_out = pedigree_likelihood._possible_configurations(members, batch, at_locus)
                np.testing.assert_array_equal(kept, worked_out)
                every = pedigree_likelihood.configurations(members, len(batch.codes) + 3)
                pruned_away += every.shape[1] - kept.shape[1]
            pruned = likelihood_columns(pedigree, batch, candidates, at_locus, placed)
            with monkeypatch.context() as patch:
                patch.setattr(configuration_tree, "TABLE_CELLS", 0)
                worked_out_sums = likelihood_columns(pedigree, batch, candidates, at_locus, placed)
            np.testing.assert_array_equal(pruned, worked_out_sums)
            with monkeypatch.context() as patch:
                patch.setattr(pedigree_likelihood, "_possible_configurations",
                              lambda members, batch, locus: pedigree_likelihood.configurations(
                                  members, len(batch.codes) + 3))
                unpruned = likelihood_columns(pedigree, batch, candidates, at_locus, placed)
            np.testing.assert_allclose(pruned, unpruned, rtol=1e-12, atol=0.0)
    assert pruned_away > 0
