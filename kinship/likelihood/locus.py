"""The alleles one locus can take in a calculation, with their frequencies.

Allele coding
-------------
For a locus of a population database the alleles are numbered: first every
allele listed in the database, then one *unlisted* class standing for all
alleles the database does not list (frequency ``MIN_FREQUENCY``, see
:mod:`kinship.frequencies`), then each unlisted allele actually observed in the
calculation, each again with frequency ``MIN_FREQUENCY``. An allele nobody has
seen can be any listed allele or the unlisted class: these ``pool_size`` entries
sum to one and are what every sum over an unseen allele runs over.

The mutation matrix over these alleles is :mod:`kinship.likelihood.mutation`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
