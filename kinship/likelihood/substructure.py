"""Population substructure: the theta correction for founder alleles.

Founder alleles of a pedigree are drawn from a subpopulation whose frequencies
differ from the database by drift measured by theta (F_ST). Balding & Nichols
(1994) give the probability that the next allele drawn is ``a`` when ``n``
alleles have been drawn already, ``m`` of them ``a``::

    P(a | n drawn, m of them a) = (m * theta + (1 - theta) * p_a) / (1 + (n - 1) * theta)

Applied to the two alleles of one person this is NRC II recommendation 4.10::

    P(a/a) = p_a**2 + p_a * (1 - p_a) * theta
    P(a/b) = 2 * p_a * p_b * (1 - theta)

Applied to all founder alleles of a pedigree in turn it gives the joint
probability used by the pairwise and pedigree likelihoods. The sampling formula
is exchangeable and consistent: summing out an allele gives the formula for the
others, which is why unconstrained founders can be left out and why alleles can
be lumped into one "rest" allele without changing any probability.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray


def genotype_probability(p_first: float, p_second: float, same_allele: bool, theta: float) -> float:
    """NRC II 4.10 probability of an unordered genotype in the subpopulation."""
    if same_allele:
        return p_first * p_first + p_first * (1.0 - p_first) * theta
    return 2.0 * p_first * p_second * (1.0 - theta)


def sequence_probability(
    alleles: Sequence[NDArray[np.int64]],
    allele_frequencies: Sequence[NDArray[np.float64]],
    theta: float,
) -> NDArray[np.float64]:
    """Balding-Nichols probability of drawing ``alleles`` in this order, element-wise.

    ``alleles[i]`` holds allele identities (any integer coding in which equal
    means identical by state) and ``allele_frequencies[i]`` their database
    frequencies; all arrays broadcast to one shape, so one call evaluates many
    configurations at once.
    """
    probability: NDArray[np.float64] = np.ones(1)
    for position, (allele, frequency) in enumerate(zip(alleles, allele_frequencies, strict=True)):
        numerator = (1.0 - theta) * frequency
        if position and theta:
            # counted in small integers: the same values as a float sum, at a fraction of the cost
            seen_before = (alleles[0] == allele).astype(np.int16)
            for earlier in alleles[1:position]:
                seen_before = seen_before + (earlier == allele)
            numerator = seen_before * theta + numerator
        probability = probability * numerator / (1.0 + (position - 1) * theta)
    return np.asarray(probability, dtype=np.float64)
