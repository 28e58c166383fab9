"""Pairwise kinship likelihood ratios from IBD coefficients.

For a reference with genotype G1 and the missing person's profile G2 at one
locus, relationship R with IBD coefficients (k0, k1, k2)::

    LR = P(G1, G2 | R) / P(G1, G2 | unrelated)
    P(G1, G2 | R) = k0 * P0 + k1 * P1 + k2 * P2

where each term is the Balding-Nichols probability of the founder alleles
involved (see :mod:`kinship.likelihood.substructure`):

* P0: G1 = {z1, u1}, G2 = {z2, u2}, four founder alleles;
* P1: G1 = {z, u}, G2 = {z, v}, three founder alleles, z shared;
* P2: G1 = G2 = {z, u}, two founder alleles.

With theta = 0 these reduce to the textbook formulas (e.g. parent-child, both
A/A: LR = 1/p_A; full siblings, both A/A: LR = (1 + p_A)**2 / (4 p_A**2)).

Mutation follows the pedigree convention of :mod:`kinship.likelihood.pedigree_likelihood`
(untyped founders pass their alleles on unchanged, every other transmission
goes through the mutation matrix M). For a parent and child the shared allele
passes from the typed parent to the child through M:
``P1 = sum BN(z, u, v) M[z, w]`` over the parent's allele z and the child's
allele w, so a true parent with one mismatching locus gets a small LR rather
than zero. Full and half siblings are joined only through untyped founders, so
their formula has no mutation term. Grandparents, grandchildren, aunts/uncles,
nieces/nephews and first cousins are joined through an untyped intermediate
that does mutate; with a mutation rate above zero they use the closed forms of
:mod:`kinship.likelihood.pairwise_paths`. In every case the result is exactly the
two-person pedigree likelihood.

A profile with one allele seen (drop-out) is summed over every allele its
partner could be, weighted by :func:`kinship.profile.dropout_weight`: every
allele of the pool and the comparison's own unlisted alleles (an allele the
database does not list, shown by either person), as in the pedigree
enumeration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.locus import LocusAlleles, locus_alleles
from kinship.likelihood.mutation import mutation_matrix
from kinship.likelihood.pairwise_paths import PATH_RELATIONSHIPS, path_likelihoods, unlisted_seen
from kinship.likelihood.substructure import sequence_probability
from kinship.profile import Genotype, dropout_weight
from kinship.relationships import (
    REFERENCE_IS_CHILD,
    REFERENCE_IS_PARENT,
    ibd_coefficients,
)
from kinship.settings import KinshipSettings

Array = NDArray[np.float64]
Codes = NDArray[np.int64]


@dataclass(frozen=True)
class PairwiseLocus:
    """Likelihoods of one reference and one missing-person profile at one locus."""

    related: float
    unrelated: float
    incompatible: bool

    @property
    def lr(self) -> float:
        """Likelihood ratio related / unrelated."""
        return self.related / self.unrelated


def pairwise_locus(
    reference: Genotype,
    missing: Genotype,
    relationship: str,
    population: str,
    locus: str,
    settings: KinshipSettings,
) -> PairwiseLocus:
    """LR at one locus for a reference related to the missing person as ``relationship``."""
    observed = [a for a in (*reference, *missing) if a is not None]
    alleles = locus_alleles(population, locus, observed)
    table = pairwise_table(alleles, relationship, [reference], [missing], settings)
    return PairwiseLocus(
        related=float(table.related[0, 0]),
        unrelated=float(table.unrelated[0, 0]),
        incompatible=bool(table.incompatible[0, 0]),
    )


@dataclass(frozen=True)
class PairwiseTable:
    """Likelihoods for every (reference genotype, missing-person genotype) pair."""

    related: Array
    unrelated: Array
    incompatible: NDArray[np.bool_]

    @property
    def lr(self) -> Array:
        """Likelihood ratios, one row per reference genotype."""
        return self.related / self.unrelated


def pairwise_table(
    alleles: LocusAlleles,
    relationship: str,
    references: Sequence[Genotype],
    missing: Sequence[Genotype],
    settings: KinshipSettings,
) -> PairwiseTable:
    """Vectorised likelihoods for all reference x missing-person genotype pairs.

    Every allele in the genotypes must be numbered in ``alleles``. Genotypes
    with drop-out are summed over the unseen partner; the table is filled in
    four blocks (full or drop-out on each side) so that only drop-out entries
    pay for the extra summation axis.
    """
    ibd = ibd_coefficients(relationship)
    mutation = mutation_matrix(alleles, settings.mutation_model, settings.mutation_rate)
    by_paths = relationship in PATH_RELATIONSHIPS and settings.mutation_rate > 0.0
    parent = "reference" if relationship in REFERENCE_IS_PARENT else None
    if relationship in REFERENCE_IS_CHILD:
        parent = "missing"
    related = np.zeros((len(references), len(missing)))
    related_no_mutation = np.zeros_like(related)
    unrelated = np.zeros_like(related)
    ref_first, ref_second = _codes(alleles, references)
    pm_first, pm_second = _codes(alleles, missing)
    pool = np.arange(alleles.pool_size)
    for ref_rows, ref_dropout in _split(ref_second):
        for pm_cols, pm_dropout in _split(pm_second):
            if ref_rows.size == 0 or pm_cols.size == 0:
                continue
            a = ref_first[ref_rows][:, None, None, None]
            c = pm_first[pm_cols][None, :, None, None]
            b = None if ref_dropout else ref_second[ref_rows][:, None, None, None]
            d = None if pm_dropout else pm_second[pm_cols][None, :, None, None]
            unlisted = unlisted_seen([x for x in (a, c, b, d) if x is not None], alleles.pool_size)
            weight = np.ones(1)
            if ref_dropout:
                b, present = _partners(pool[None, None, :, None], unlisted, axis=2)
                weight = weight * present * _dropout_weights(a, b, settings.dropout)
            if pm_dropout:
                d, present = _partners(pool[None, None, None, :], unlisted, axis=3)
                weight = weight * present * _dropout_weights(c, d, settings.dropout)
            # A seen second allele, or every partner a drop-out allele can have.
            assert b is not None and d is not None
            block = np.ix_(ref_rows, pm_cols)
            if by_paths:
                h1, h2 = path_likelihoods(
                    relationship, alleles, settings.mutation_model, settings.mutation_rate,
                    a, b, c, d, settings.theta, unlisted,
                )
                related[block] = np.sum(weight * h1, axis=(2, 3))
                unrelated[block] = np.sum(weight * h2, axis=(2, 3))
                related_no_mutation[block] = 1.0  # k0 > 0: never incompatible
                continue
            terms = _likelihood_terms(alleles.frequencies, mutation, a, b, c, d, settings.theta, parent)
            p0, p1, p1_identity, p2 = (np.sum(weight * term, axis=(2, 3)) for term in terms)
            related[block] = ibd.k0 * p0 + ibd.k1 * p1 + ibd.k2 * p2
            related_no_mutation[block] = ibd.k0 * p0 + ibd.k1 * p1_identity + ibd.k2 * p2
            unrelated[block] = p0
    return PairwiseTable(related, unrelated, related_no_mutation <= 0.0)


def _codes(alleles: LocusAlleles, genotypes: Sequence[Genotype]) -> tuple[Codes, Codes]:
    first = np.array([alleles.code(g[0]) for g in genotypes], dtype=np.int64)
    second = np.array([-1 if g[1] is None else alleles.code(g[1]) for g in genotypes], dtype=np.int64)
    return first, second


def _split(second: Codes) -> list[tuple[Codes, bool]]:
    return [(np.flatnonzero(second >= 0), False), (np.flatnonzero(second < 0), True)]


def _partners(pool: Codes, slots: list[tuple[Codes, Array]], axis: int) -> tuple[Codes, Array]:
    """Every allele the unseen partner of a drop-out allele can be, with a 0/1 weight.

    That is the pool and the comparison's own unlisted alleles (``slots``, from
    :func:`unlisted_seen`: the seen one itself, or one the other person shows):
    the calculation's alleles are those of the pedigree enumeration, so a
    partner may be an allele the database does not list, as long as somebody in
    the comparison shows it.
    """
    shape = np.broadcast_shapes(pool.shape, *(code.shape for code, _ in slots))
    single = shape[:axis] + (1,) + shape[axis + 1 :]
    codes = [np.broadcast_to(pool, shape)] + [np.broadcast_to(code, single) for code, _ in slots]
    present = [np.ones(shape)] + [np.broadcast_to(weight, single) for _, weight in slots]
    return np.concatenate(codes, axis=axis), np.concatenate(present, axis=axis)


def _dropout_weights(seen: Codes, partner: Codes, dropout: float) -> Array:
    return np.where(seen == partner, dropout_weight(True, dropout), dropout_weight(False, dropout))


def _likelihood_terms(
    p: Array,
    mutation: Array,
    a: Codes,
    b: Codes,
    c: Codes,
    d: Codes,
    theta: float,
    parent: str | None,
) -> tuple[Array, Array, Array, Array]:
    """P0, P1 (with and without mutation) and P2 for genotypes {a, b} and {c, d}."""
    het_ref = np.where(a != b, 2.0, 1.0)
    het_pm = np.where(c != d, 2.0, 1.0)
    p0 = het_ref * het_pm * sequence_probability([a, b, c, d], [p[a], p[b], p[c], p[d]], theta)
    same_genotype = ((a == c) & (b == d)) | ((a == d) & (b == c))
    p2 = same_genotype * het_ref * sequence_probability([a, b], [p[a], p[b]], theta)
    p1 = np.zeros(1)
    p1_identity = np.zeros(1)
    # Each ordering names which allele of each person is the shared one; a
    # homozygote has only one ordering.
    for z, u, ref_weight in ((a, b, 1.0), (b, a, (a != b).astype(np.float64))):
        for w, v, pm_weight in ((c, d, 1.0), (d, c, (c != d).astype(np.float64))):
            weight = ref_weight * pm_weight
            if parent == "missing":
                draws = sequence_probability([w, v, u], [p[w], p[v], p[u]], theta)
                transmission = mutation[w, z]
            else:
                draws = sequence_probability([z, u, v], [p[z], p[u], p[v]], theta)
                transmission = mutation[z, w] if parent == "reference" else (z == w)
            p1 = p1 + weight * draws * transmission
            p1_identity = p1_identity + weight * draws * (z == w)
    return p0, p1, p1_identity, p2
