"""Unlumped reference likelihoods: every person's genotype over every allele.

Slow but obviously right: used by the tests to check the fast, lumped
calculations on small made-up loci.
"""

from __future__ import annotations

import itertools

import numpy as np

from kinship.likelihood.locus import LocusAlleles
from kinship.likelihood.pedigree import Pedigree
from kinship.profile import Genotype, dropout_weight


def brute_force_likelihood(
    pedigree: Pedigree,
    observations: dict[int, Genotype],
    missing: Genotype | None,
    alleles: LocusAlleles,
    mutation: np.ndarray,
    theta: float,
    dropout: float,
    placed: bool,
    founders_mutate: bool = False,
) -> float:
    """Likelihood by summing over all genotypes of all unobserved people.

    With ``founders_mutate``, an untyped founder with two or more children who are typed or
    have typed descendants mutates what it passes on.
    """
    parents = [person.parents for person in pedigree.persons]
    observed = dict(observations)
    if placed:
        observed[pedigree.missing] = missing
    else:
        parents = parents + [None]
        observed[len(parents) - 1] = missing
    mutating = _mutating_founders(parents, observed) if founders_mutate else set()
    pool = list(range(alleles.pool_size))
    codes = {a: alleles.code(a) for g in observed.values() if g for a in g if a is not None}
    universe = sorted(set(pool) | set(codes.values()))
    genotypes = [(a, b) for i, a in enumerate(universe) for b in universe[i:]]
    choices = []
    for person in range(len(parents)):
        genotype = observed.get(person)
        if genotype is None:
            choices.append([(g, 1.0) for g in genotypes])
        elif genotype[1] is None:
            seen = codes[genotype[0]]
            options = []
            for g in genotypes:
                if seen in g:
                    options.append((g, dropout_weight(g[0] == g[1], dropout)))
            choices.append(options)
        else:
            a, b = sorted((codes[genotype[0]], codes[genotype[1]]))
            choices.append([((a, b), 1.0)])
    p = alleles.frequencies
    total = 0.0
    for combination in itertools.product(*choices):
        weight = 1.0
        founder_alleles: list[int] = []
        for person, ((a, b), emission) in enumerate(combination):
            weight *= emission
            if parents[person] is None:
                founder_alleles += [a, b]
                weight *= 2.0 if a != b else 1.0
                continue
            mother, father = (combination[q][0] for q in parents[person])
            t_mother = _passed(mother, parents, parents[person][0], observed, mutation, mutating)
            t_father = _passed(father, parents, parents[person][1], observed, mutation, mutating)
            weight *= t_mother[a] * t_father[b] + (t_mother[b] * t_father[a] if a != b else 0.0)
            if weight == 0.0:
                break
        if weight == 0.0:
            continue
        for position, allele in enumerate(founder_alleles):
            earlier = founder_alleles[:position].count(allele)
            weight *= (earlier * theta + (1 - theta) * p[allele]) / (1 + (position - 1) * theta)
        total += weight
    return total


def _mutating_founders(parents, observed):  # type: ignore[no-untyped-def]
    informative = {person for person, genotype in observed.items() if genotype is not None}
    changed = True
    while changed:
        changed = False
        for person, pair in enumerate(parents):
            if person in informative and pair:
                for parent in pair:
                    if parent not in informative:
                        informative.add(parent)
                        changed = True
    children = [0] * len(parents)
    for person, pair in enumerate(parents):
        if person in informative and pair:
            for parent in pair:
                children[parent] += 1
    return {person for person, count in enumerate(children) if count >= 2}


def _passed(genotype, parents, parent, observed, mutation, mutating):  # type: ignore[no-untyped-def]
    a, b = genotype
    untyped_founder = parents[parent] is None and observed.get(parent) is None
    if untyped_founder and parent not in mutating:
        vector = np.zeros(mutation.shape[0])
        vector[a] += 0.5
        vector[b] += 0.5
        return vector
    return 0.5 * (mutation[a] + mutation[b])


def enumerated_ratios(pedigree: Pedigree, families, alleles: LocusAlleles, candidates, settings):  # type: ignore[no-untyped-def]
    """The LRs the screen must give, from the enumeration alone: (LRs, where defined).

    Where the relationship likelihood is 0 and mutation is on, the likelihoods with untyped
    founders' transmissions mutated count instead (kinship.likelihood.founder_mutation).
    """
    from kinship.likelihood.family_batch import FamilyBatch
    from kinship.likelihood.locus_settings import LocusSettings
    from kinship.likelihood.mutation import mutation_matrix
    from kinship.likelihood.pedigree_likelihood import likelihood_columns

    mutation = mutation_matrix(alleles, settings.mutation_model, settings.mutation_rate)
    arguments = (pedigree, FamilyBatch.stack(families, alleles), candidates,
                 LocusSettings(alleles, (mutation,), settings.theta, settings.dropout))
    related, unrelated = (likelihood_columns(*arguments, placed=placed)[0] for placed in (True, False))
    if settings.mutation_rate > 0:
        mutated = [likelihood_columns(*arguments, placed=placed, founders_mutate=True)[0] for placed in (True, False)]
        zero = related == 0
        related = np.where(zero, mutated[0], related)
        unrelated = np.where(zero, mutated[1], unrelated)
    possible = unrelated > 0
    return np.where(possible, related / np.where(possible, unrelated, 1.0), 0.0), possible
