"""Mutation: the matrix ``M[from, to]`` of one parent-to-child transmission at one locus.

``equal``: a transmitted allele stays the same with probability ``1 - mu`` and
otherwise becomes any one of the other ``pool_size - 1`` alleles with equal
probability. ``stepwise``: it gains or loses exactly one repeat, ``mu / 2``
each way (``9.3`` becomes ``8.3`` or ``10.3``); a step to an allele the
database does not list goes to the unlisted class. The unlisted class, whose
repeat numbers are unknown, does not mutate. An observed unlisted allele is
given the same transition probabilities as the class it belongs to, so rows can
exceed one by at most ``mu / 2`` when one appears; this keeps the numbers of a
calculation independent of which other profiles are in the same batch.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kinship.frequencies import normalise_allele
from kinship.likelihood.locus import LocusAlleles


@lru_cache(maxsize=4096)
def mutation_matrix(alleles: LocusAlleles, model: str, rate: float) -> NDArray[np.float64]:
    """Transition matrix ``M[from, to]`` for one transmission (see the module docstring)."""
    size = len(alleles.alleles)
    matrix = np.eye(size)
    if rate > 0.0:
        if model == "equal":
            _fill_equal(matrix, alleles, rate)
        elif model == "stepwise":
            _fill_stepwise(matrix, alleles, rate)
        else:
            raise ValueError(f"Unknown mutation model {model!r}; use 'equal' or 'stepwise'.")
    matrix.setflags(write=False)
    return matrix


def _fill_equal(matrix: NDArray[np.float64], alleles: LocusAlleles, rate: float) -> None:
    others = alleles.pool_size - 1
    step = rate / others
    matrix[:, :] = step
    np.fill_diagonal(matrix, 1.0 - rate)
    # An observed unlisted allele belongs to the unlisted class, so it does not
    # also mutate "into" that class.
    matrix[alleles.pool_size :, alleles.unlisted_class] = 0.0


def _fill_stepwise(matrix: NDArray[np.float64], alleles: LocusAlleles, rate: float) -> None:
    for source, allele in enumerate(alleles.alleles):
        if source == alleles.unlisted_class:
            continue
        neighbours = _one_step_neighbours(allele)
        matrix[source, source] = 1.0 - rate * len(neighbours) / 2.0
        for neighbour in neighbours:
            target = alleles.index.get(neighbour)
            if target is None or target >= alleles.unlisted_class:
                matrix[source, alleles.unlisted_class] += rate / 2.0
            if target is not None and target != alleles.unlisted_class:
                matrix[source, target] += rate / 2.0


def _one_step_neighbours(allele: str) -> tuple[str, ...]:
    value = Decimal(allele)
    up = normalise_allele(str(value + 1))
    if value < 1:
        return (up,)
    return (normalise_allele(str(value - 1)), up)
