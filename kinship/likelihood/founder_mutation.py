"""LRs where untyped parents must pass on a mutated allele to one of two children.

The pedigree convention (:mod:`kinship.likelihood.pedigree_likelihood`) does not
mutate what an untyped founder passes on: for a founder with one child the
allele passed is itself a population draw, and a mutation cannot be told from
a different founder allele. When untyped parents pass one allele to two
children it can: two full siblings 12/13 and 10/15 and a brother 14/15 at
D8S1179 show five alleles, which two parents can only explain if the 13 one
sibling received reached the brother as 14. Under the convention that locus
has likelihood 0 and the true brother LR 0, which takes him out of his family's
best candidates although he is not excluded (one incompatible locus).

Where the convention gives a relationship likelihood of 0 and mutation is on,
the locus is therefore computed again by the enumeration with the untyped
founders' transmissions to two or more children mutated as well, under both
hypotheses (``founders_mutate``). Elsewhere that term changes the likelihood
by a relative amount of the order of the mutation rate and is left out, so
the fast forms (:mod:`kinship.likelihood.leaf_pedigree`,
:mod:`kinship.likelihood.typed_pedigree`) keep their exact agreement with the
enumeration; where the convention gives 0 it is the leading term. The
enumeration's lumping (its module docstring) then also approximates, even
under the ``equal`` model, an allele that reaches an untyped parent by a
mutation into the rest class and leaves it by another (order mu**2).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.family_batch import FamilyAlleles, FamilyBatch, FamilyLayout
from kinship.likelihood.locus import LocusAlleles
from kinship.likelihood.locus_settings import locus_settings
from kinship.likelihood.pedigree import Pedigree
from kinship.likelihood.pedigree_likelihood import paired_likelihoods, reduced_members
from kinship.profile import Genotype
from kinship.settings import KinshipSettings

Array = NDArray[np.float64]


def founders_pass_twice(pedigree: Pedigree, layout: FamilyLayout) -> bool:
    """True when mutating the untyped founders' transmissions changes this pedigree's likelihood:
    some untyped founder passes alleles to two or more children, under either hypothesis."""
    return any(
        reduced_members(pedigree, layout, placed, False, True) != reduced_members(pedigree, layout, placed, False)
        for placed in (True, False)
    )


def founder_mutation_ratios(
    pedigree: Pedigree,
    families: Sequence[FamilyAlleles],
    alleles: LocusAlleles,
    pairs: Sequence[tuple[int, Genotype]],
    settings: KinshipSettings,
) -> Array:
    """The LR of each (family, candidate) pair, ``families[k]`` against the genotype, with the
    untyped founders' transmissions mutated.

    By the enumeration, under the settings' mutation model and rate (0 where
    the family itself is impossible); the families share the pedigree and its
    layout, and one enumeration serves every pair.
    """
    if not pairs:
        return np.zeros(0)
    locus = locus_settings(alleles, settings)
    batch = FamilyBatch.stack(families, alleles)
    family_of = np.array([family for family, _ in pairs], dtype=np.int64)
    missing = [genotype for _, genotype in pairs]
    related = paired_likelihoods(pedigree, batch, family_of, missing, locus, placed=True, founders_mutate=True)[0]
    unrelated = paired_likelihoods(pedigree, batch, family_of, missing, locus, placed=False, founders_mutate=True)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios: Array = np.where(unrelated > 0, related / unrelated, 0.0)
    return ratios


def rescue_zeros(
    pedigree: Pedigree,
    families: Sequence[FamilyAlleles],
    alleles: LocusAlleles,
    missing: Sequence[Genotype],
    settings: KinshipSettings,
    lr: Array,
) -> None:
    """Replace, in place, the LRs of 0 in ``lr`` (families x candidates) by the founder-mutation LRs."""
    if settings.mutation_rate <= 0.0 or not families or not founders_pass_twice(pedigree, families[0].layout):
        return
    rows, columns = np.nonzero(lr == 0.0)
    lr[rows, columns] = founder_mutation_ratios(pedigree, families, alleles,
                                                [(row, missing[column]) for row, column in zip(rows.tolist(),
                                                                                               columns.tolist())],
                                                settings)
