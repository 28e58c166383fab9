"""Pedigrees whose members are all typed: the likelihood as one product.

When every member of the reduced pedigree (:mod:`kinship.likelihood.pedigree_reduction`)
is typed at the locus with both alleles seen, and the candidate genotype of the
missing person is complete, nobody's genotype is unknown. The enumeration of
:mod:`kinship.likelihood.pedigree_likelihood` then has a single configuration, and its
likelihood is

* the theta sampling probability of all founder alleles (the missing person's
  two among them when they are a founder), times 2 for each heterozygous
  founder, times
* for each child, ``T_a(c1) T_b(c2) + [c1 != c2] T_a(c2) T_b(c1)``, where
  ``T(c)`` sums over the paths of a slot the probability that half of the
  ancestor's genotype, passed through ``M**steps``, arrives as ``c``.

Untyped founders whose alleles go straight to typed children (the other
parent of the missing person's children when nobody typed them, or, under the
unrelated hypothesis, the missing person's own place) are summed out in closed
form: each child received one allele from each parent, so for each way of
choosing which, an untyped founder must carry the alleles chosen from them;
when that is a single allele r, the founder is r/r or r/u for any other u, and
u sums out by the consistency of the sampling formula (see :func:`_founder_sum`).

This module evaluates the result for many families and candidates at once
from the real allele codes, without building the lumped transitions the
enumeration needs. It is the usual case of a missing person who is a parent:
children typed, with or without their other parent. With ``stepwise``
mutation it is exact where the enumeration lumps unseen alleles (the brute-force
tests show the difference).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.family_batch import FamilyBatch, FamilyLayout, missing_codes
from kinship.likelihood.locus import LocusAlleles
from kinship.likelihood.locus_settings import LocusSettings
from kinship.likelihood.lumping import matrix_power
from kinship.likelihood.pedigree import Pedigree
from kinship.likelihood.pedigree_likelihood import reduced_members
from kinship.likelihood.pedigree_reduction import Source
from kinship.likelihood.substructure import sequence_probability
from kinship.profile import Genotype, dropout_weight

Array = NDArray[np.float64]
Codes = NDArray[np.int64]


def supports_typed(pedigree: Pedigree, layout: FamilyLayout, placed: bool = True) -> bool:
    """True when this form applies to the hypothesis (missing person placed or unrelated).

    Every reduced member must be typed with both alleles, the missing person,
    or an untyped founder whose alleles go straight, unmutated, by single
    paths, to typed children.
    """
    members = reduced_members(pedigree, layout, placed, False)
    untyped = {n for n, m in enumerate(members) if m.kind not in ("typed", "missing")}
    for number in untyped:
        if members[number].kind not in ("untyped", "allele") or not members[number].is_founder:
            return False
    for member in members:
        for slot in member.sources or ():
            if any(s.ancestor in untyped for s in slot):
                if member.kind != "typed" or len(slot) != 1 or slot[0].steps or slot[0].weight != 1.0:
                    return False
    return True


def typed_likelihoods(
    pedigree: Pedigree,
    batch: FamilyBatch,
    missing: Sequence[Genotype],
    locus: LocusSettings,
    placed: bool = True,
) -> Array:
    """Likelihoods (mutation matrices x families x candidates) where :func:`supports_typed` holds.

    A candidate with one allele seen is summed over every allele its partner
    can be (the pool, the family's unlisted alleles and its own), weighted by
    :func:`kinship.profile.dropout_weight`, as the enumeration does.
    """
    alleles, count, dropout = locus.alleles, len(locus.mutations), locus.dropout
    first, second = missing_codes(missing, alleles)
    result = np.empty((count, batch.size, first.size))
    complete = second >= 0
    if complete.any():
        result[:, :, complete] = _complete(pedigree, batch, first[complete], second[complete], locus, placed)
    if not complete.all():
        seen = first[~complete]
        pool = alleles.pool_size
        family_unlisted = np.unique(batch.codes[batch.codes >= pool])
        partners = np.concatenate([np.arange(pool), family_unlisted])
        # One more slot per candidate: its own allele, when it is unlisted and no family shows it.
        own = (seen >= pool) & ~np.isin(seen, family_unlisted)
        partner = np.concatenate([np.broadcast_to(partners, (seen.size, partners.size)), seen[:, None]], axis=1)
        values = _complete(pedigree, batch, np.repeat(seen, partner.shape[1]), partner.ravel(), locus, placed)
        values = values.reshape(count, batch.size, seen.size, partner.shape[1])
        shown = (batch.codes[:, :, None, None] == partner[None, None, :, :]).any(axis=0)
        present = np.concatenate(
            [
                np.ones((batch.size, seen.size, pool), dtype=bool),
                shown[:, :, pool:-1] | (partner[None, :, pool:-1] == seen[None, :, None]),
                np.broadcast_to(own[None, :, None], (batch.size, seen.size, 1)),
            ],
            axis=2,
        )
        weight = np.where(partner == seen[:, None], dropout_weight(True, dropout), dropout_weight(False, dropout))
        result[:, :, ~complete] = (values * (present * weight[None, :, :])[None]).sum(axis=3)
    return result


def _complete(
    pedigree: Pedigree,
    batch: FamilyBatch,
    first: Codes,
    second: Codes,
    locus: LocusSettings,
    placed: bool,
) -> Array:
    """:func:`typed_likelihoods` for candidates with both alleles (codes)."""
    alleles, theta = locus.alleles, locus.theta
    members = reduced_members(pedigree, batch.layout, placed, False)
    typed = {position: symbols for (position, _), symbols in zip(batch.layout.typed, batch.symbols)}
    family = np.arange(batch.size)
    states: dict[int, tuple[Codes, Codes]] = {}
    untyped: dict[int, str] = {}
    for number, member in enumerate(members):
        if member.kind == "missing":
            states[number] = (first[None, :], second[None, :])
        elif member.kind == "typed":
            a, b = typed[member.position]
            states[number] = (batch.codes[a, family][:, None], batch.codes[b, family][:, None])
        else:
            untyped[number] = member.kind
    p = alleles.frequencies
    founders = [states[n] for n, member in enumerate(members) if member.is_founder and n not in untyped]
    founder_alleles = [allele for pair in founders for allele in pair]
    heterozygous: Array | float = 1.0
    for a, b in founders:
        heterozygous = heterozygous * np.where(a != b, 2.0, 1.0)
    unlisted = _unlisted_mass(batch, first, second, alleles) if untyped else None
    result = np.empty((len(locus.mutations), batch.size, first.size))

    def arrival(mutation: Array, slot: Sequence[Source], allele: Codes) -> Array:
        total: Array | float = 0.0
        for source in slot:
            power = matrix_power(mutation, source.steps, alleles.pool_size)
            x, y = states[source.ancestor]
            total = total + source.weight * 0.5 * (power[x, allele] + power[y, allele])
        return np.asarray(total)

    for number, mutation in enumerate(locus.mutations):
        weight: Array | float = heterozygous
        # Per child with an untyped parent: the ways its alleles divide between its parents, each
        # as (what each untyped parent must carry, the probability of the typed side).
        options: list[list[tuple[list[tuple[int, Codes]], Array]]] = []
        for member_number, member in enumerate(members):
            if member.is_founder:
                continue
            a, b = states[member_number]
            slots = member.sources
            assert slots is not None, "a child's alleles come from its parents' slots"
            free: list[int | None] = [slot[0].ancestor if slot[0].ancestor in untyped else None for slot in slots]
            if free == [None, None]:
                weight = weight * (
                    arrival(mutation, slots[0], a) * arrival(mutation, slots[1], b)
                    + np.where(a != b, arrival(mutation, slots[0], b) * arrival(mutation, slots[1], a), 0.0)
                )
                continue
            ways: list[tuple[list[tuple[int, Codes]], Array]] = []
            for given, other, possible in ((a, b, 1.0), (b, a, np.where(a != b, 1.0, 0.0))):
                needs: list[tuple[int, Codes]] = []
                factor: Array | float = possible
                for side, allele in zip(range(2), (given, other)):
                    parent = free[side]
                    if parent is None:
                        factor = factor * arrival(mutation, slots[side], allele)
                    else:
                        needs.append((parent, allele))
                ways.append((needs, np.asarray(factor)))
            options.append(ways)
        total: Array | float
        if not untyped:
            total = _sampling(founder_alleles, [], p, theta)
        else:
            assert unlisted is not None
            total = 0.0
            for choice in itertools.product(*options):
                needed: dict[int, list[Codes]] = {n: [] for n in untyped}
                value: Array | float = 1.0
                for needs, factor in choice:
                    value = value * factor
                    for founder, allele in needs:
                        needed[founder].append(allele)
                total = total + value * _founder_sum(founder_alleles, needed, untyped, p, theta, unlisted)
        result[number] = np.broadcast_to(weight * total, (batch.size, first.size))
    return result


def _sampling(founder_alleles: list[Codes], more: list[Codes], p: Array, theta: float) -> Array:
    drawn = founder_alleles + more
    return sequence_probability(drawn, [p[allele] for allele in drawn], theta)


def _unlisted_mass(batch: FamilyBatch, first: Codes, second: Codes, alleles: LocusAlleles) -> Array:
    """Frequency of the unlisted alleles the family and the candidate show, each once.

    The enumeration lets an unseen allele be any of these besides the pool
    (whose frequencies sum to one), so a sum over an unseen allele carries
    this much more (:mod:`kinship.likelihood.locus`).
    """
    p = alleles.frequencies
    pool = alleles.pool_size
    codes = batch.codes
    safe = np.where(codes >= 0, codes, 0)
    family = np.where(codes >= pool, p[safe], 0.0).sum(axis=0)[:, None]
    total = np.broadcast_to(family, (batch.size, first.size)).copy()
    for allele, earlier in ((first, None), (second, first)):
        outside = (allele >= pool)[None, :] & ~(codes[:, :, None] == allele[None, None, :]).any(axis=0)
        if earlier is not None:
            outside &= (allele != earlier)[None, :]
        total += np.where(outside, p[allele][None, :], 0.0)
    return total


def _founder_sum(
    founder_alleles: list[Codes],
    needed: dict[int, list[Codes]],
    kinds: dict[int, str],
    p: Array,
    theta: float,
    unlisted: Array,
) -> Array:
    """Sum over the untyped founders' genotypes of the sampling probability of all founder alleles
    times each untyped founder's chance of passing on what ``needed`` asks of them.

    An untyped founder asked for two distinct alleles r, s is r/s (2 (1/2)^k); asked for r only,
    r/r (1) or r/u for any u other than r (2 (1/2)^k); asked for three, impossible. A founder of
    kind ``allele`` passes its single allele, which must be r. A sum over a free u is the sampling
    probability without u, times the extra mass of the unlisted alleles the enumeration counts
    (``unlisted``), less the term u = r.
    """
    impossible: NDArray[np.bool_] = np.zeros(1, dtype=bool)
    # Per untyped founder, the genotypes it may have: (alleles drawn, an allele the free one must
    # not be, the transmission factor, where the mode applies).
    modes: list[list[tuple[list[Codes], Codes | None, float, NDArray[np.bool_] | bool]]] = []
    for founder, alleles_needed in needed.items():
        count = len(alleles_needed)
        half = 0.5**count
        r = alleles_needed[0]
        s = np.full(np.broadcast_shapes(*(a.shape for a in alleles_needed)), -1, dtype=np.int64)
        for allele in alleles_needed[1:]:
            s = np.where((s < 0) & (allele != r), allele, s)
        for allele in alleles_needed[1:]:
            impossible = impossible | ((allele != r) & (allele != s))
        two = s >= 0
        if kinds[founder] == "allele":
            impossible = impossible | two
            modes.append([([r], None, 1.0, True)])
            continue
        modes.append([
            ([r, np.where(two, s, r)], None, 2.0 * half, two),
            ([r, r], None, 1.0, ~two),
            ([r], r, 2.0 * half, ~two),
        ])
    total: Array | float = 0.0
    for combination in itertools.product(*modes):
        fixed = list(founder_alleles)
        excluded: list[Codes] = []
        weight: Array | float = 1.0
        for drawn, free_but_not, factor, valid in combination:
            fixed += drawn
            weight = weight * np.where(valid, factor, 0.0)
            if free_but_not is not None:
                excluded.append(free_but_not)
        total = total + weight * _free_sum(fixed, excluded, p, theta, unlisted)
    possible: Array = np.where(impossible, 0.0, total)
    return possible


def _free_sum(fixed: list[Codes], excluded: list[Codes], p: Array, theta: float, unlisted: Array) -> Array:
    """Sum over one free allele per entry of ``excluded`` (each not equal to it) of the sampling
    probability of ``fixed`` and the free alleles, by inclusion and exclusion."""
    total: Array | float = 0.0
    for chosen in itertools.product((False, True), repeat=len(excluded)):
        drawn = fixed + [allele for allele, pinned in zip(excluded, chosen) if pinned]
        value = _sampling(drawn, [], p, theta)
        for extra in range(len(excluded) - sum(chosen)):
            value = value * (1.0 + (1.0 - theta) * unlisted / (1.0 + (len(drawn) + extra - 1) * theta))
        total = total + (-1.0) ** sum(chosen) * value
    clipped: Array = np.maximum(np.asarray(total), 0.0)
    return clipped
