"""The settings of a calculation made concrete for one locus: what every likelihood there depends on.

A pedigree likelihood at one locus is a function of the people (the pedigree, the families'
genotypes, the candidate genotypes of the missing person), of the hypothesis (the missing person
placed or unrelated), and of the locus: its numbered alleles, the mutation matrices, theta and the
drop-out probability. :class:`LocusSettings` carries the last four together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.locus import LocusAlleles
from kinship.likelihood.mutation import mutation_matrix
from kinship.settings import KinshipSettings

Array = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class LocusSettings:
    """The numbered alleles of one locus, the mutation matrices, theta and drop-out.

    A likelihood returns one block of results per matrix in ``mutations``. The first is the
    settings' own model and rate; a second one without mutation, when there is one, tells
    Mendelian incompatibility (likelihood zero without mutation) from the same enumeration.
    """

    alleles: LocusAlleles
    mutations: tuple[Array, ...]
    theta: float
    dropout: float

    @property
    def mutation(self) -> Array:
        """The matrix of the settings' mutation model and rate."""
        return self.mutations[0]

    def with_mutation(self, mutation: Array) -> LocusSettings:
        """The same locus under one matrix only, so that a likelihood returns one block."""
        return replace(self, mutations=(mutation,))


def locus_settings(alleles: LocusAlleles, settings: KinshipSettings, *,
                   incompatibility: bool = False) -> LocusSettings:
    """``settings`` at the locus of ``alleles``.

    With ``incompatibility`` and a mutation rate above zero, the matrix without mutation is
    added after the settings' own.
    """
    mutation = mutation_matrix(alleles, settings.mutation_model, settings.mutation_rate)
    mutations = [mutation]
    if incompatibility and settings.mutation_rate > 0.0:
        mutations.append(mutation_matrix(alleles, settings.mutation_model, 0.0))
    return LocusSettings(alleles, tuple(mutations), settings.theta, settings.dropout)
