"""Pairwise likelihoods for relatives joined through untyped intermediates, with mutation.

A grandparent, grandchild, aunt/uncle, niece/nephew or first cousin shares an
allele with the missing person through people nobody typed. With mutation on,
the shared founder allele may have changed on that path, and an allele passed
on by an untyped intermediate may have changed even when nothing is shared.
The IBD formula has no place for either, so these relationships use the
closed forms below, which are exactly the two-person pedigree likelihoods of
:mod:`kinship.likelihood.pedigree_likelihood` (same conventions: untyped founders pass
their alleles on unchanged, every other transmission goes through M). With
M = I they reduce to the IBD formula.

Building blocks, for founder alleles L already drawn (N of them, theta
sampling formula, D_N = 1 + (N - 1) theta) and a further founder allele u
that reaches the observed allele t through s mutating transmissions::

    F(L, t, s)  = sum_u P(u | L) M^s[u, t]
                = (theta * sum_l M^s[l, t] + (1 - theta) (p M^s)[t]) / D_N
    H(L, t1, t2) = sum_u P(u | L) M[u, t1] M[u, t2]          (one allele, two paths)
    FF(L, t1, t2) = F(L, t1, 1) F(L, t2, 1) D_N / D_{N+1} + theta H / D_{N+1}
                                                            (two alleles, one path each)

With r = (r1, r2) the reference's alleles and q = (q1, q2) the missing
person's, ordered so that r1 / q1 are the ones received through the untyped
intermediate, and BN(...) the sampling probability of the founder alleles
observed directly, summing over orderings::

    grandparent   H1 = BN(r1,r2,q2) [ (M2[r1,q1] + M2[r2,q1]) / 4 + F(r1 r2 q2, q1, 1) / 2 ]
    aunt/uncle    H1 = BN(r1,r2,q2) [ (M[r1,q1]  + M[r2,q1])  / 4 + F(r1 r2 q2, q1, 1) / 2 ]
    grandchild    H1 = BN(q1,q2,r2) [ (M2[q1,r1] + M2[q2,r1]) / 4 + F(q1 q2 r2, r1, 1) / 2 ]
    niece/nephew  H1 = BN(q1,q2,r2) [ (M[q1,r1]  + M[q2,r1])  / 4 + F(q1 q2 r2, r1, 1) / 2 ]
    first cousin  H1 = BN(r2,q2) [ H(r2 q2, r1, q1) / 4 + 3 FF(r2 q2, r1, q1) / 4 ]

and under "unrelated" the reference's allele r1 still arrives through an
untyped intermediate when the reference descends from one (grandchild,
niece/nephew, first cousin): H2 = BN(q1,q2,r2) F(q1 q2 r2, r1, 1); for a
grandparent or aunt/uncle H2 is the plain BN(a, b, x, y).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.locus import LocusAlleles
from kinship.likelihood.lumping import matrix_power
from kinship.likelihood.mutation import mutation_matrix
from kinship.likelihood.substructure import sequence_probability

Array = NDArray[np.float64]
Codes = NDArray[np.int64]

PATH_RELATIONSHIPS = frozenset({"grandparent", "grandchild", "aunt_uncle", "niece_nephew", "first_cousin"})


class _Paths:
    """Per-locus matrices: M and M^2 (:func:`kinship.likelihood.lumping.matrix_power`, as the
    enumeration uses), and over the pool p M and M^T diag(p) M.

    An unseen founder allele ranges over the pool (listed alleles and the
    unlisted class) and over the comparison's own unlisted alleles
    (:func:`unlisted_seen`), never over another comparison's: those terms are
    added per comparison by :class:`_Universe`.
    """

    def __init__(self, alleles: LocusAlleles, mutation: Array) -> None:
        pool = alleles.pool_size
        p = alleles.frequencies[:pool]
        self.p = alleles.frequencies
        self.m1 = mutation
        self.m2 = matrix_power(mutation, 2, pool)
        self.pm1 = p @ mutation[:pool]
        self.shared = mutation[:pool].T @ (p[:, None] * mutation[:pool])


@lru_cache(maxsize=512)
def _paths(alleles: LocusAlleles, model: str, rate: float) -> _Paths:
    return _Paths(alleles, mutation_matrix(alleles, model, rate))


class _Universe:
    """The pool matrices of :class:`_Paths` completed with one comparison's unlisted alleles."""

    def __init__(self, paths: _Paths, extras: list[tuple[Codes, Array]]) -> None:
        self.paths = paths
        self.p = paths.p
        self.m1 = paths.m1
        self.extras = extras

    def step(self, steps: int, source: Codes, target: Codes) -> Array:
        """M^steps[source, target] (one or two steps)."""
        return (self.m1 if steps == 1 else self.paths.m2)[source, target]

    def pushed(self, target: Codes) -> Array:
        """sum_u p_u M[u, target] over the universe: a free founder allele arriving as target."""
        total = self.paths.pm1[target]
        for code, present in self.extras:
            total = total + present * self.p[code] * self.m1[code, target]
        return total

    def shared(self, t1: Codes, t2: Codes) -> Array:
        """sum_u p_u M[u, t1] M[u, t2] over the universe: one free allele down two paths."""
        m = self.m1
        total = self.paths.shared[t1, t2]
        for code, present in self.extras:
            total = total + present * self.p[code] * m[code, t1] * m[code, t2]
        return total


def path_likelihoods(
    relationship: str,
    alleles: LocusAlleles,
    model: str,
    rate: float,
    a: Codes,
    b: Codes,
    c: Codes,
    d: Codes,
    theta: float,
    unlisted: list[tuple[Codes, Array]],
) -> tuple[Array, Array]:
    """Related and unrelated likelihoods of reference {a, b} and missing person {c, d}.

    ``unlisted`` are the unlisted alleles the two people show
    (:func:`unlisted_seen`); they join the pool for the unseen founder alleles.
    """
    universe = _Universe(_paths(alleles, model, rate), unlisted)
    related: Array | float = 0.0
    unrelated: Array | float = 0.0
    for r1, r2, ref_weight in ((a, b, 1.0), (b, a, (a != b).astype(np.float64))):
        for q1, q2, pm_weight in ((c, d, 1.0), (d, c, (c != d).astype(np.float64))):
            weight = ref_weight * pm_weight
            h1, h2 = _ordered(relationship, universe, r1, r2, q1, q2, theta)
            related = related + weight * h1
            unrelated = unrelated + weight * h2
    return np.asarray(related), np.asarray(unrelated)


def _ordered(
    relationship: str, paths: _Universe, r1: Codes, r2: Codes, q1: Codes, q2: Codes, theta: float
) -> tuple[Array, Array]:
    """H1 and H2 for one ordering of each person's alleles."""
    p = paths.p
    if relationship in ("grandparent", "aunt_uncle"):
        steps = 2 if relationship == "grandparent" else 1
        pinned = [r1, r2, q2]
        base = sequence_probability(pinned, [p[x] for x in pinned], theta)
        shared = (paths.step(steps, r1, q1) + paths.step(steps, r2, q1)) / 4.0
        related = base * (shared + _free(paths, pinned, q1, theta) / 2.0)
        unrelated = sequence_probability([r1, r2, q1, q2], [p[r1], p[r2], p[q1], p[q2]], theta)
        return related, unrelated
    if relationship in ("grandchild", "niece_nephew"):
        steps = 2 if relationship == "grandchild" else 1
        pinned = [q1, q2, r2]
        base = sequence_probability(pinned, [p[x] for x in pinned], theta)
        free = _free(paths, pinned, r1, theta)
        shared = (paths.step(steps, q1, r1) + paths.step(steps, q2, r1)) / 4.0
        return base * (shared + free / 2.0), base * free
    if relationship == "first_cousin":
        pinned = [r2, q2]
        base = sequence_probability(pinned, [p[x] for x in pinned], theta)
        one = _one_allele_two_paths(paths, pinned, r1, q1, theta)
        two = _two_alleles(paths, pinned, r1, q1, theta)
        related = base * (one / 4.0 + 3.0 * two / 4.0)
        pm_pinned = [q1, q2, r2]
        unrelated = sequence_probability(pm_pinned, [p[x] for x in pm_pinned], theta) * _free(
            paths, pm_pinned, r1, theta
        )
        return related, unrelated
    raise ValueError(f"No path formula for relationship {relationship!r}.")


def unlisted_seen(seen: Sequence[Codes], pool_size: int) -> list[tuple[Codes, Array]]:
    """The comparison's own unlisted alleles, each once: (code, 1.0 where it is one).

    Every allele in ``seen`` broadcasts against the others; a code that is not
    an unlisted allele, or repeats an earlier one, gets weight 0.
    """
    slots = []
    for position, code in enumerate(seen):
        present = code >= pool_size
        for earlier in seen[:position]:
            present = present & (code != earlier)
        slots.append((np.where(present, code, 0), present.astype(np.float64)))
    return slots


def _denominator(count: int, theta: float) -> float:
    return 1.0 + (count - 1) * theta


def _free(paths: _Universe, pinned: list[Codes], target: Codes, theta: float) -> Array:
    m = paths.m1
    seen = sum((m[x, target] for x in pinned), start=np.zeros(1))
    return (theta * seen + (1.0 - theta) * paths.pushed(target)) / _denominator(len(pinned), theta)


def _one_allele_two_paths(paths: _Universe, pinned: list[Codes], t1: Codes, t2: Codes, theta: float) -> Array:
    m = paths.m1
    seen = sum((m[x, t1] * m[x, t2] for x in pinned), start=np.zeros(1))
    return (theta * seen + (1.0 - theta) * paths.shared(t1, t2)) / _denominator(len(pinned), theta)


def _two_alleles(paths: _Universe, pinned: list[Codes], t1: Codes, t2: Codes, theta: float) -> Array:
    count = len(pinned)
    first = _free(paths, pinned, t1, theta)
    second = _free(paths, pinned, t2, theta)
    coupled = _one_allele_two_paths(paths, pinned, t1, t2, theta)
    following = _denominator(count + 1, theta)
    return first * second * _denominator(count, theta) / following + theta * coupled / following
