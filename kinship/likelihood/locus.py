"""The alleles one locus can take in a calculation, with frequencies and mutation.

Allele coding
-------------
For a locus of a population database the alleles are numbered: first every
allele listed in the database, then one *unlisted* class standing for all
alleles the database does not list (frequency ``MIN_FREQUENCY``, see
:mod:`kinship.frequencies`), then each unlisted allele actually observed in the
calculation, each again with frequency ``MIN_FREQUENCY``. An allele nobody has
seen can be any listed allele or the unlisted class: these ``pool_size`` entries
sum to one and are what every sum over an unseen allele runs over.

Mutation
--------
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

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

import numpy as np
from numpy.typing import NDArray

from kinship.frequencies import MIN_FREQUENCY, load_frequencies, normalise_allele
from kinship.profile import allele_sort_key

UNLISTED = "unlisted"


@dataclass(frozen=True, eq=False)
class LocusAlleles:
    """Numbered alleles of one locus in one database (see module docstring)."""

    population: str
    locus: str
    alleles: tuple[str, ...]
    frequencies: NDArray[np.float64]
    pool_size: int
    index: Mapping[str, int]

    @property
    def unlisted_class(self) -> int:
        """Index of the class of all alleles the database does not list."""
        return self.pool_size - 1

    def code(self, allele: str) -> int:
        """Index of an observed allele (listed, or an observed unlisted one)."""
        return self.index[allele]


def locus_alleles(population: str, locus: str, observed: Iterable[str] = ()) -> LocusAlleles:
    """Number the alleles of ``locus`` for a calculation that observes ``observed``.

    Raises :class:`kinship.frequencies.UnknownLocus` when the database lacks the locus.
    """
    table = load_frequencies(population).table(locus)
    unlisted = tuple(sorted({a for a in observed if a not in table}, key=allele_sort_key))
    return _locus_alleles(population, locus, unlisted)


@lru_cache(maxsize=4096)
def _locus_alleles(population: str, locus: str, unlisted: tuple[str, ...]) -> LocusAlleles:
    table = load_frequencies(population).table(locus)
    listed = sorted(table, key=allele_sort_key)
    alleles = (*listed, UNLISTED, *unlisted)
    frequencies = np.array(
        [table[a] for a in listed] + [MIN_FREQUENCY] * (1 + len(unlisted)), dtype=np.float64
    )
    frequencies.setflags(write=False)
    return LocusAlleles(
        population=population,
        locus=locus,
        alleles=alleles,
        frequencies=frequencies,
        pool_size=len(listed) + 1,
        index=MappingProxyType({allele: i for i, allele in enumerate(alleles)}),
    )


def locus_alleles_from_table(
    table: Mapping[str, float], locus: str = "custom", population: str = "custom"
) -> LocusAlleles:
    """Number alleles with frequencies given verbatim, e.g. for a published example.

    The unlisted class receives whatever the table leaves of one (possibly zero).
    """
    listed = sorted((normalise_allele(a) for a in table), key=allele_sort_key)
    values = {normalise_allele(a): float(f) for a, f in table.items()}
    rest = max(0.0, 1.0 - sum(values.values()))
    frequencies = np.array([values[a] for a in listed] + [rest], dtype=np.float64)
    frequencies.setflags(write=False)
    alleles = (*listed, UNLISTED)
    return LocusAlleles(
        population=population,
        locus=locus,
        alleles=alleles,
        frequencies=frequencies,
        pool_size=len(alleles),
        index=MappingProxyType({allele: i for i, allele in enumerate(alleles)}),
    )


@lru_cache(maxsize=4096)
def mutation_matrix(alleles: LocusAlleles, model: str, rate: float) -> NDArray[np.float64]:
    """Transition matrix ``M[from, to]`` for one transmission (see module docstring)."""
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
