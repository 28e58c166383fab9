"""The weight of a pedigree configuration: members' states, transmissions, founders' alleles.

A configuration gives every enumerated member (see
:mod:`kinship.likelihood.pedigree_likelihood`) its symbols; its weight is the product of
the drop-out weights of those with one allele seen, each child's transmission
probability given its parents' states (through the lumped path matrices) and the
theta sampling probability of all founder alleles together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.lumping import PathMatrices, Symbols, alphabet
from kinship.likelihood.pedigree_reduction import Member, Source
from kinship.likelihood.substructure import sequence_probability
from kinship.profile import dropout_weight

Array = NDArray[np.float64]
Codes = NDArray[np.int64]

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



def weigh_members(
    members: Sequence[Member],
    states: list[tuple[Codes, Codes]],
    weight: Array,
    symbols: Symbols,
    columns: Codes,
    paths: PathMatrices,
    theta: float,
    *,
    leave_out_missing: bool,
) -> tuple[Array, list[Codes]]:
    """`weight` times the probability of the members' states: each child's given its parents, the
    founders' alleles jointly (with the substructure correction `theta`). With `leave_out_missing`,
    members of kind "missing" are not weighed. Also gives the founders' alleles, in order."""
    founder_alleles: list[Codes] = []
    founder_frequencies: list[Array] = []
    for member, (first, second) in zip(members, states):
        if leave_out_missing and member.kind == "missing":
            continue
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
    return weight, founder_alleles


def child_probability(
    member: Member,
    first: Codes,
    second: Codes,
    members: Sequence[Member],
    states: Sequence[tuple[Codes, Codes]],
    paths: PathMatrices,
    columns: Codes,
    unknown: frozenset[int] = frozenset(),
) -> Array:
    """P(child has alleles {first, second} | the sources of both its slots).

    A slot reached from a member in ``unknown`` counts as arriving with
    probability one, which bounds the probability from above.
    """
    def arrival(slot: Sequence[Source], symbol: Codes) -> Array | float:
        if any(source.ancestor in unknown for source in slot):
            return 1.0
        return _arrival(slot, symbol, members, states, paths, columns)

    assert member.sources is not None, "a child's alleles come from its parents' slots"
    slot_a, slot_b = member.sources
    a_first = arrival(slot_a, first)
    b_second = arrival(slot_b, second)
    a_second = arrival(slot_a, second)
    b_first = arrival(slot_b, first)
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
            through_first = _transition(matrix, first, symbol, columns)
            through_second = through_first if single else _transition(matrix, second, symbol, columns)
        passed = through_first if single else 0.5 * (through_first + through_second)
        total = total + source.weight * passed
    return np.asarray(total)


def _transition(matrix: Array, start: Codes, end: Codes, columns: Codes) -> Array:
    """``matrix[start, end, columns]``, by whole rows where ``end`` is the same in every configuration."""
    if end.shape[0] != 1:
        if not matrix.flags.c_contiguous:
            return matrix[start, end, columns]
        # One flat gather: numpy's indexing by three broadcast arrays costs several times more.
        count, width = matrix.shape[1], matrix.shape[2]
        flat = start * count
        flat = flat + end
        flat *= width
        # A transition between two enumerated members (a mutating founder's allele to an untyped
        # child) depends on the configuration only: the columns widen it.
        flat = flat + columns if flat.shape[-1] < columns.shape[-1] else np.add(flat, columns, out=flat)
        gathered: Array = np.take(matrix.reshape(-1), flat)
        return gathered
    into = matrix[:, end[0], columns[0]]
    if start.shape[1] == 1:
        return into[start[:, 0]]
    return into[start, columns]
