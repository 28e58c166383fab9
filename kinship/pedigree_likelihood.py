"""Exact likelihood of a small pedigree at one locus, for many missing-person genotypes.

The likelihood of the typed members is the sum, over every genotype the
untyped members could have, of

* the Balding-Nichols probability of all founder alleles together (theta
  correction, :mod:`kinship.substructure`), times
* for each child, the probability of their genotype given their parents'
  (each parent passes one of their two alleles with probability 1/2, through
  the mutation matrix), times
* for a person with one allele seen, the drop-out weight of their true genotype.

Transmissions from an *untyped founder* are not mutated: what an unobserved
founder passes on is itself a draw from the population frequencies, so a
mutation there cannot be told apart from a different founder allele (this is
what a stationary mutation model would give). Every other transmission, from
a typed person or from an untyped person inside the pedigree, is mutated.

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

from kinship.family_batch import FamilyBatch, FamilyLayout, family_alleles_at, missing_codes
from kinship.locus import LocusAlleles
from kinship.lumping import PathMatrices, Symbols, alphabet
from kinship.pedigree import Pedigree
from kinship.pedigree_reduction import Member, Source, reduce_pedigree
from kinship.profile import Genotype, dropout_weight
from kinship.substructure import sequence_probability

Array = NDArray[np.float64]
Codes = NDArray[np.int64]


def pedigree_likelihoods(
    pedigree: Pedigree,
    observations: Mapping[int, Genotype],
    missing: Sequence[Genotype],
    alleles: LocusAlleles,
    mutation: Array,
    theta: float,
    dropout: float,
    placed: bool,
) -> Array:
    """Likelihood of one family for each candidate observation of the missing person.

    ``observations`` gives the genotypes of the typed family members (by
    position in the pedigree, missing person excluded). With ``placed`` the
    missing person sits at ``pedigree.missing`` (relationship hypothesis);
    otherwise that position is untyped and the missing person is an unrelated
    founder (the alternative hypothesis).
    """
    batch = FamilyBatch.stack([family_alleles_at(observations)], alleles)
    return likelihood_columns(pedigree, batch, missing, alleles, [mutation], theta, dropout, placed)[0, 0]


# Bound on configurations x columns per evaluation: keeps one call's arrays
# to a few tens of megabytes whatever the pedigree.
MAX_ELEMENTS = 1 << 21


def likelihood_columns(
    pedigree: Pedigree,
    batch: FamilyBatch,
    missing: Sequence[Genotype],
    alleles: LocusAlleles,
    mutations: Sequence[Array],
    theta: float,
    dropout: float,
    placed: bool,
) -> Array:
    """Likelihoods of many families sharing a layout, for every candidate genotype.

    Returns (mutation matrices x families x candidates): one block per
    mutation matrix, so a likelihood with and without mutation costs one
    enumeration.
    """
    result = np.zeros((len(mutations), batch.size, len(missing)))
    for partial in (False, True):
        rows = np.array([i for i, g in enumerate(missing) if (g[1] is None) == partial], dtype=np.int64)
        if rows.size == 0:
            continue
        members = reduced_members(pedigree, batch.layout, placed, partial)
        first, second = missing_codes([missing[i] for i in rows], alleles)
        configs = _possible_configurations(members, batch, first, second, alleles, mutations, dropout)
        per_call = max(1, MAX_ELEMENTS // max(1, configs.shape[1] * batch.size * len(mutations)))
        for start in range(0, rows.size, per_call):
            part = slice(start, start + per_call)
            values = _columns(members, batch, configs, first[part], second[part], alleles, mutations, theta, dropout)
            result[:, :, rows[part]] = values
    return result


def _columns(members, batch, configs, first, second, alleles, mutations, theta, dropout):  # type: ignore[no-untyped-def]
    """(mutations x families x candidates) likelihoods over the given configurations."""
    count = len(mutations)
    columns = batch.repeat(first.size)
    symbols = Symbols.build(
        np.tile(columns.codes, (1, count)),
        np.tile(first, batch.size * count),
        np.tile(second, batch.size * count),
        alleles,
        mutations,
    )
    typed = {
        position: (np.tile(a, count), np.tile(b, count))
        for (position, _), (a, b) in zip(batch.layout.typed, columns.symbols)
    }
    paths = PathMatrices(symbols)
    values = _evaluate(members, symbols, typed, configs, theta, dropout, paths).sum(axis=0)
    return values.reshape(count, batch.size, first.size)


def _possible_configurations(members, batch, first, second, alleles, mutations, dropout):  # type: ignore[no-untyped-def]
    """Configurations not ruled out by the family alone (Mendelian conflicts).

    Checked per family with, for every transition, the largest value any
    candidate could give it, so nothing possible for some candidate is dropped.
    """
    configs = configurations(members, len(batch.codes) + 3)
    if configs.shape[1] <= 1 or any(m.kind == "missing" and m.references > 0 for m in members):
        return configs
    largest = None
    for start in range(0, first.size, 64):
        part = slice(start, start + 64)
        columns = batch.repeat(first[part].size)
        size = batch.size
        symbols = Symbols.build(
            columns.codes, np.tile(first[part], size), np.tile(second[part], size), alleles, mutations[:1]
        )
        shape = (symbols.count, symbols.count, batch.size, first[part].size)
        block = symbols.transition.reshape(shape).max(axis=3)
        largest = block if largest is None else np.maximum(largest, block)
    family = Symbols(
        largest.shape[0],
        np.ones((largest.shape[0], batch.size)),
        largest,
        np.zeros(batch.size, dtype=np.int64),
        np.zeros(batch.size, dtype=np.int64),
    )
    typed = {position: symbols_ for (position, _), symbols_ in zip(batch.layout.typed, batch.symbols)}
    states, weight = member_states(members, family, typed, configs, dropout, include_missing=False)
    paths = PathMatrices(family)
    for steps in {s.steps for m in members if m.sources for slot in m.sources for s in slot if s.steps > 1}:
        paths.powers[steps] = _largest_power(members, batch, first, second, alleles, mutations[0], steps)
    columns = np.arange(batch.size)[None, :]
    missing = {i for i, m in enumerate(members) if m.kind == "missing"}
    for member, (a, b) in zip(members, states):
        if member.is_founder or member.kind == "missing":
            continue
        if any(source.ancestor in missing for slot in member.sources for source in slot):
            continue
        weight = weight * child_probability(member, a, b, members, states, paths, columns)
    possible = np.broadcast_to(weight, (configs.shape[1], batch.size)).max(axis=1) > 0.0
    return configs[:, possible]


def _largest_power(members, batch, first, second, alleles, mutation, steps):  # type: ignore[no-untyped-def]
    columns = batch.repeat(first.size)
    symbols = Symbols.build(
        columns.codes, np.tile(first, batch.size), np.tile(second, batch.size), alleles, [mutation]
    )
    power = PathMatrices(symbols).get(steps)
    return power.reshape(power.shape[0], power.shape[1], batch.size, first.size).max(axis=3)


@lru_cache(maxsize=4096)
def _reduced_members_cached(
    parents: tuple[tuple[int, int] | None, ...],
    missing: int,
    layout: FamilyLayout,
    placed: bool,
    partial: bool,
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
    return tuple(reduce_pedigree(members))


def reduced_members(pedigree: Pedigree, layout: FamilyLayout, placed: bool, partial: bool) -> tuple[Member, ...]:
    """The pedigree reduced for this layout (see :mod:`kinship.pedigree_reduction`)."""
    parents = tuple(person.parents for person in pedigree.persons)
    return _reduced_members_cached(parents, pedigree.missing, layout, placed, partial)


def configurations(members: Sequence[Member], n_symbols: int) -> Codes:
    genotypes = n_symbols * (n_symbols + 1) // 2
    domains = []
    for member in members:
        if member.kind == "untyped":
            domains.append(genotypes)
        elif member.kind in ("allele", "dropout") or (member.kind == "missing" and member.partial):
            domains.append(n_symbols)
    if not domains:
        return np.zeros((0, 1), dtype=np.int64)
    return np.indices(domains).reshape(len(domains), -1)


def member_states(
    members: Sequence[Member],
    symbols: Symbols,
    typed: Mapping[int, tuple[Codes, Codes]],
    configs: Codes,
    dropout: float,
    include_missing: bool,
) -> tuple[list[tuple[Codes, Codes]], Array]:
    """Each member's two allele symbols per configuration and column, and drop-out weights."""
    first_of, second_of, pair_index = alphabet(symbols.count)
    homozygote, heterozygote = dropout_weight(True, dropout), dropout_weight(False, dropout)
    states: list[tuple[Codes, Codes]] = []
    weight: Array = np.ones((configs.shape[1], 1))
    variable = 0
    for member in members:
        if member.kind == "untyped":
            index = configs[variable][:, None]
            variable += 1
            states.append((first_of[index], second_of[index]))
            continue
        if member.kind == "allele":
            allele = configs[variable][:, None]
            variable += 1
            states.append((allele, allele))
            continue
        if member.kind == "missing":
            seen: Codes = symbols.missing_first[None, :]
            partner: Codes | None = None if member.partial else symbols.missing_second[None, :]
        else:
            first, second = typed[member.position]
            seen = first[None, :]
            partner = None if member.kind == "dropout" else second[None, :]
        if partner is None:
            partner = configs[variable][:, None]
            variable += 1
            if member.kind != "missing" or include_missing:
                weight = weight * np.where(seen == partner, homozygote, heterozygote)
        index = pair_index[seen, partner]
        states.append((first_of[index], second_of[index]))
    return states, weight


def _evaluate(
    members: Sequence[Member],
    symbols: Symbols,
    typed: Mapping[int, tuple[Codes, Codes]],
    configs: Codes,
    theta: float,
    dropout: float,
    paths: PathMatrices,
) -> Array:
    states, weight = member_states(members, symbols, typed, configs, dropout, include_missing=True)
    columns = np.arange(symbols.missing_first.size)[None, :]
    founder_alleles: list[Codes] = []
    founder_frequencies: list[Array] = []
    for member, (first, second) in zip(members, states):
        if member.is_founder:
            copies = [first] if member.kind == "allele" else [first, second]
            founder_alleles += copies
            founder_frequencies += [symbols.frequency[c, columns] for c in copies]
            if member.kind != "allele":
                weight = weight * np.where(first != second, 2.0, 1.0)
            continue
        weight = weight * child_probability(member, first, second, members, states, paths, columns)
    if founder_alleles:
        weight = weight * sequence_probability(founder_alleles, founder_frequencies, theta)
    return np.broadcast_to(weight, (configs.shape[1], columns.size))


def child_probability(member, first, second, members, states, paths, columns):  # type: ignore[no-untyped-def]
    """P(child has alleles {first, second} | the sources of both its slots)."""
    slot_a, slot_b = member.sources
    a_first = _arrival(slot_a, first, members, states, paths, columns)
    b_second = _arrival(slot_b, second, members, states, paths, columns)
    a_second = _arrival(slot_a, second, members, states, paths, columns)
    b_first = _arrival(slot_b, first, members, states, paths, columns)
    return a_first * b_second + np.where(first != second, a_second * b_first, 0.0)


def _arrival(
    sources: Sequence[Source],
    symbol: Codes,
    members: Sequence[Member],
    states: Sequence[tuple[Codes, Codes]],
    paths: PathMatrices,
    columns: Codes,
) -> Array:
    """P(an allele arriving by these paths is ``symbol``)."""
    total: Array | float = 0.0
    for source in sources:
        first, second = states[source.ancestor]
        single = members[source.ancestor].kind == "allele"
        if source.steps == 0:
            through_first = (first == symbol).astype(np.float64)
            through_second = through_first if single else (second == symbol).astype(np.float64)
        else:
            matrix = paths.get(source.steps)
            through_first = matrix[first, symbol, columns]
            through_second = through_first if single else matrix[second, symbol, columns]
        passed = through_first if single else 0.5 * (through_first + through_second)
        total = total + source.weight * passed
    return np.asarray(total)
