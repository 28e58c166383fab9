"""Exact likelihood of a small pedigree at one locus, for many missing-person genotypes.

The likelihood of the typed members is the sum, over every genotype the
untyped members could have, of

* the Balding-Nichols probability of all founder alleles together (theta
  correction, :mod:`kinship.likelihood.substructure`), times
* for each child, the probability of their genotype given their parents'
  (each parent passes one of their two alleles with probability 1/2, through
  the mutation matrix), times
* for a person with one allele seen, the drop-out weight of their true genotype.

Transmissions from an *untyped founder* are not mutated: what an unobserved
founder passes on is itself a draw from the population frequencies, so a
mutation there cannot be told apart from a different founder allele (this is
what a stationary mutation model would give). Every other transmission, from
a typed person or from an untyped person inside the pedigree, is mutated.
That convention cannot explain two children of untyped parents who differ by
a mutation (two full siblings and the missing person showing five alleles
between them): there the likelihood is 0. With ``founders_mutate`` an
untyped founder's transmissions to two or more children are mutated as well;
:func:`kinship.likelihood.locus_ratios.batched_pedigree_ratios` uses it where
the convention gives 0.

Allele lumping
--------------
Untyped members range over the alleles observed at the locus plus one "rest"
allele standing for every other allele (frequency: one minus the observed
ones). The theta sampling formula is unchanged by lumping, and a path of
several mutating transmissions uses the matrix power taken over all alleles
before lumping. Without mutation and with the ``equal`` model (whose rest
alleles all behave alike) the result is therefore exact. With ``stepwise``
mutation one approximation remains: when a single unobserved allele must
reach two typed people through mutations, or two coupled unobserved alleles
each through one, the rest allele's frequency-weighted average transition is
used. Such configurations need two mutations (order mu**2, 4e-6 at the
default rate) and change the LR by far less than its other uncertainties; the
tests measure the effect against a brute-force sum over every allele.

Many families and genotypes at once
-----------------------------------
Each family's alleles at the locus are renamed 0, 1, ... in order of
appearance. Families with the same pedigree and the same typed members (their
*layout*) share one enumeration: the symbols each member shows, the real
allele behind each symbol, and the missing person's two alleles (symbols X and
Y, or the family's symbol when they coincide with a family allele) vary along
a trailing axis of columns, one per (family, candidate genotype). One call
thus evaluates many families against every post-mortem genotype seen at the
locus, which is what the vectorised screen needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.configuration_weights import child_probability, member_states, summed_weights
from kinship.likelihood.family_batch import FamilyBatch, FamilyLayout, family_alleles_at, missing_codes
from kinship.likelihood.locus import LocusAlleles
from kinship.likelihood.locus_settings import LocusSettings
from kinship.likelihood.lumping import PathMatrices, Symbols, matrix_power
from kinship.likelihood.pedigree import Pedigree
from kinship.likelihood.pedigree_reduction import Member, reduce_pedigree
from kinship.profile import Genotype

Array = NDArray[np.float64]
Codes = NDArray[np.int64]


def pedigree_likelihoods(
    pedigree: Pedigree,
    observations: Mapping[int, Genotype],
    missing: Sequence[Genotype],
    locus: LocusSettings,
    placed: bool,
    founders_mutate: bool = False,
) -> Array:
    """Likelihood of one family for each candidate observation of the missing person.

    ``observations`` gives the genotypes of the typed family members (by
    position in the pedigree, missing person excluded). With ``placed`` the
    missing person sits at ``pedigree.missing`` (relationship hypothesis);
    otherwise that position is untyped and the missing person is an unrelated
    founder (the alternative hypothesis). The likelihood is under the locus's
    first mutation matrix; ``founders_mutate`` as in the module docstring.
    """
    batch = FamilyBatch.stack([family_alleles_at(observations)], locus.alleles)
    likelihoods: Array = likelihood_columns(pedigree, batch, missing, locus.with_mutation(locus.mutation), placed,
                                            founders_mutate)[0, 0]
    return likelihoods


# Bound on configurations x columns per evaluation: keeps one call's arrays
# to a few tens of megabytes whatever the pedigree.
MAX_ELEMENTS = 1 << 21


def likelihood_columns(
    pedigree: Pedigree,
    batch: FamilyBatch,
    missing: Sequence[Genotype],
    locus: LocusSettings,
    placed: bool,
    founders_mutate: bool = False,
) -> Array:
    """Likelihoods of many families sharing a layout, for every candidate genotype.

    Returns (mutation matrices x families x candidates): one block per
    mutation matrix of ``locus``, so a likelihood with and without mutation
    costs one enumeration. ``founders_mutate``: see the module docstring.
    """
    result = np.zeros((len(locus.mutations), batch.size, len(missing)))
    for partial in (False, True):
        rows = np.array([i for i, g in enumerate(missing) if (g[1] is None) == partial], dtype=np.int64)
        if rows.size == 0:
            continue
        members = reduced_members(pedigree, batch.layout, placed, partial, founders_mutate)
        first, second = missing_codes([missing[i] for i in rows], locus.alleles)
        configs = _possible_configurations(members, batch, locus)
        per_call = max(1, MAX_ELEMENTS // max(1, configs.shape[1] * batch.size * len(locus.mutations)))
        for start in range(0, rows.size, per_call):
            part = slice(start, start + per_call)
            values = _columns(members, batch, configs, first[part], second[part], locus)
            result[:, :, rows[part]] = values
    return result


def _columns(
    members: Sequence[Member], batch: FamilyBatch, configs: Codes, first: Codes, second: Codes, locus: LocusSettings
) -> Array:
    """(mutations x families x candidates) likelihoods over the given configurations."""
    count = len(locus.mutations)
    columns = batch.repeat(first.size)
    symbols = Symbols.build(
        np.tile(columns.codes, (1, count)),
        np.tile(first, batch.size * count),
        np.tile(second, batch.size * count),
        locus.alleles,
        locus.mutations,
    )
    typed = {
        position: (np.tile(a, count), np.tile(b, count))
        for (position, _), (a, b) in zip(batch.layout.typed, columns.symbols)
    }
    paths = PathMatrices(symbols)
    values = summed_weights(members, symbols, typed, configs, locus.theta, locus.dropout, paths)
    by_mutation: Array = values.reshape(count, batch.size, first.size)
    return by_mutation


def _possible_configurations(members: Sequence[Member], batch: FamilyBatch, locus: LocusSettings) -> Codes:
    """Configurations not ruled out by the family alone (Mendelian conflicts).

    Checked per family with transitions that are zero only where they are
    zero for every candidate, so nothing possible for some candidate is
    dropped; an allele arriving from the missing person may be anything.
    """
    n_symbols = len(batch.codes) + 3
    if not any(_domain(member, n_symbols) for member in members):
        return configurations(members, n_symbols)
    steps = {s.steps for m in members if m.sources for slot in m.sources for s in slot if s.steps > 1}
    bounds = {step: _largest_transition(batch, locus.alleles, locus.mutation, step) for step in steps | {1}}
    family = Symbols(
        n_symbols,
        np.ones((n_symbols, batch.size)),
        bounds[1],
        np.zeros(batch.size, dtype=np.int64),
        np.zeros(batch.size, dtype=np.int64),
    )
    typed = {position: symbols_ for (position, _), symbols_ in zip(batch.layout.typed, batch.symbols)}
    paths = PathMatrices(family)
    paths.powers.update(bounds)
    missing = frozenset(i for i, m in enumerate(members) if m.kind == "missing")
    return possible_configurations(members, family, typed, paths, locus.dropout, missing)


def _largest_transition(batch: FamilyBatch, alleles: LocusAlleles, mutation: Array, steps: int) -> Array:
    """Each lumped transition, or a positive stand-in where it depends on the candidate.

    Only zero and non-zero matter: the result is zero only where the
    transition is zero for every candidate. Between the family's own symbols
    the transition does not depend on the candidate and is exact; the
    candidate's symbols and the rest may reach anything (1) under mutation,
    and only themselves without it.
    """
    n_family = batch.codes.shape[0]
    power = matrix_power(mutation, steps, alleles.pool_size)
    if np.count_nonzero(power - np.diag(np.diag(power))):
        largest = np.ones((n_family + 3, n_family + 3, batch.size))
    else:
        largest = np.repeat(np.eye(n_family + 3)[:, :, None], batch.size, axis=2)
    valid = batch.codes >= 0
    safe = np.where(valid, batch.codes, 0)
    largest[:n_family, :n_family, :] = power[safe[:, None, :], safe[None, :, :]]
    largest[:n_family] *= valid[:, None, :]
    largest[:, :n_family] *= valid[None, :, :]
    return largest


def possible_configurations(
    members: Sequence[Member],
    symbols: Symbols,
    typed: Mapping[int, tuple[Codes, Codes]],
    paths: PathMatrices,
    dropout: float,
    unknown: frozenset[int] = frozenset(),
) -> Codes:
    """The configurations in which some family (column of ``symbols``) has a non-zero weight.

    Members are added one at a time, and each child is checked as soon as it
    and the members it descends from are placed, so impossible partial
    configurations are never extended. Alleles arriving from ``unknown``
    members may be anything. The order is that of :func:`configurations`.
    """
    n_symbols = symbols.count
    columns = np.arange(symbols.transition.shape[2])[None, :]
    checks: dict[int, list[int]] = {}
    for position, member in enumerate(members):
        if member.is_founder or member.kind == "missing":
            continue
        assert member.sources is not None, "a child's alleles come from its parents' slots"
        ancestors = [s.ancestor for slot in member.sources for s in slot if s.ancestor not in unknown]
        checks.setdefault(max([position, *ancestors]), []).append(position)
    configs = np.zeros((0, 1), dtype=np.int64)
    for position, member in enumerate(members):
        domain = _domain(member, n_symbols)
        if domain:
            configs = np.vstack(
                [np.repeat(configs, domain, axis=1), np.tile(np.arange(domain), configs.shape[1])[None, :]]
            )
        if position not in checks and not domain:
            continue
        placed = members[: position + 1]
        states, weight = member_states(placed, symbols, typed, configs, dropout, include_missing=False)
        for child in checks.get(position, ()):
            a, b = states[child]
            weight = weight * child_probability(members[child], a, b, members, states, paths, columns, unknown)
        possible = np.broadcast_to(weight, (configs.shape[1], columns.size)).max(axis=1) > 0.0
        configs = configs[:, possible]
    return configs


@lru_cache(maxsize=4096)
def _reduced_members_cached(
    parents: tuple[tuple[int, int] | None, ...],
    missing: int,
    layout: FamilyLayout,
    placed: bool,
    partial: bool,
    founders_mutate: bool,
) -> tuple[Member, ...]:
    typed = dict(layout.typed)
    members = []
    for position, person_parents in enumerate(parents):
        if position == missing:
            kind = "missing" if placed else "untyped"
        elif position in typed:
            kind = "dropout" if typed[position] else "typed"
        else:
            kind = "untyped"
        members.append(Member(kind, person_parents, position, partial and kind == "missing"))
    if not placed:
        members.append(Member("missing", None, -1, partial))
    return tuple(reduce_pedigree(members, founders_mutate))


def reduced_members(pedigree: Pedigree, layout: FamilyLayout, placed: bool, partial: bool,
                    founders_mutate: bool = False) -> tuple[Member, ...]:
    """The pedigree reduced for this layout (see :mod:`kinship.likelihood.pedigree_reduction`)."""
    parents = tuple(person.parents for person in pedigree.persons)
    return _reduced_members_cached(parents, pedigree.missing, layout, placed, partial, founders_mutate)


def _domain(member: Member, n_symbols: int) -> int:
    """Values the member's enumerated variable takes (0: the member has none)."""
    if member.kind == "untyped":
        return n_symbols * (n_symbols + 1) // 2
    if member.kind in ("allele", "dropout") or (member.kind == "missing" and member.partial):
        return n_symbols
    return 0


def configurations(members: Sequence[Member], n_symbols: int) -> Codes:
    domains = [d for d in (_domain(member, n_symbols) for member in members) if d]
    if not domains:
        return np.zeros((0, 1), dtype=np.int64)
    return np.indices(domains).reshape(len(domains), -1)
