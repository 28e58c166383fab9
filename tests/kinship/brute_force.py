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
) -> float:
    """Likelihood by summing over all genotypes of all unobserved people."""
    parents = [person.parents for person in pedigree.persons]
    observed = dict(observations)
    if placed:
        observed[pedigree.missing] = missing
    else:
        parents = parents + [None]
        observed[len(parents) - 1] = missing
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
            t_mother = _passed(mother, parents, parents[person][0], observed, mutation)
            t_father = _passed(father, parents, parents[person][1], observed, mutation)
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


def _passed(genotype, parents, parent, observed, mutation):  # type: ignore[no-untyped-def]
    a, b = genotype
    untyped_founder = parents[parent] is None and observed.get(parent) is None
    if untyped_founder:
        vector = np.zeros(mutation.shape[0])
        vector[a] += 0.5
        vector[b] += 0.5
        return vector
    return 0.5 * (mutation[a] + mutation[b])
