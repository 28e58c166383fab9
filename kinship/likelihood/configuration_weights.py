"""The weight of a pedigree configuration: members' states, transmissions, founders' alleles.

A configuration gives every enumerated member (see
:mod:`kinship.likelihood.pedigree_likelihood`) its symbols; its weight is the product of
the drop-out weights of those with one allele seen, each child's transmission
probability given its parents' states (through the lumped path matrices) and the
theta sampling probability of all founder alleles together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.configuration_tree import STRUCTURES_KEPT, encode, tree_sum
from kinship.likelihood.lumping import PathMatrices, Symbols, alphabet
from kinship.likelihood.pedigree_reduction import Member, Source
from kinship.likelihood.substructure import sequence_probability
from kinship.profile import dropout_weight

Array = NDArray[np.float64]
Codes = NDArray[np.int64]


class MemberStates(Protocol):
    """Each member's two allele symbols, by position."""

    def __getitem__(self, position: int, /) -> tuple[Codes, Codes]: ...

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
    states: MemberStates,
    paths: PathMatrices,
    columns: Codes,
) -> Array:
    """P(child has alleles {first, second} | the sources of both its slots)."""
    assert member.sources is not None, "a child's alleles come from its parents' slots"
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
    states: MemberStates,
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



def summed_weights(
    members: Sequence[Member],
    symbols: Symbols,
    typed: Mapping[int, tuple[Codes, Codes]],
    configs: Codes,
    theta: float,
    dropout: float,
    paths: PathMatrices,
) -> Array:
    """The sum of the configurations' weights, per column: the pedigree likelihood.

    The same terms as :func:`weigh_members` over :func:`member_states`, taken member by
    member: configurations that agree on their first k variables share the
    factors those variables settle (a founder's alleles in the theta sampling
    formula, which depends only on the founder alleles before it; a child's
    transmission once the child and its ancestors are placed; a drop-out
    weight), so each factor is computed once per distinct prefix instead of
    once per configuration. ``configs`` must list equal prefixes next to each
    other, as :func:`kinship.likelihood.pedigree_likelihood.configurations` and
    ``possible_configurations`` do.
    """
    variables, count = configs.shape
    if count == 0:
        return np.zeros(symbols.missing_first.size)
    first_variable, level, founder_start, founder_copies = _sum_order(members)
    return tree_sum(configs, encode(members, first_variable, symbols, typed, paths), level, founder_start,
                    founder_copies, symbols.frequency, dropout_weight(True, dropout), dropout_weight(False, dropout),
                    theta)


def _sum_order(members: Sequence[Member]) -> tuple[list[int], Codes, Codes, Codes]:
    """Each member's variable, the level that settles its factor, and its place and copies in the
    sequence of founder alleles (-1 and 0 for a child); worked out once for each members' sequence."""
    cached = _SUM_ORDERS.get(id(members))
    if cached is not None and cached[0] is members:
        return cached[1]
    first_variable = first_variables(members)
    founder_alleles = _founder_allele_positions(members)
    positions = range(len(members))
    order = (
        first_variable,
        np.array(_ready_levels(members, first_variable), dtype=np.int64),
        np.array([founder_alleles[m][0] if m in founder_alleles else -1 for m in positions], dtype=np.int64),
        np.array([len(founder_alleles.get(m, ())) for m in positions], dtype=np.int64),
    )
    if len(_SUM_ORDERS) >= STRUCTURES_KEPT:
        _SUM_ORDERS.clear()
    _SUM_ORDERS[id(members)] = (members, order)
    return order


_SUM_ORDERS: dict[int, tuple[Sequence[Member], tuple[list[int], Codes, Codes, Codes]]] = {}


def first_variables(members: Sequence[Member]) -> list[int]:
    """Each member's enumerated variable (-1 for none), numbered as :func:`member_states` consumes them."""
    numbers = []
    variable = 0
    for member in members:
        own = member.kind in ("untyped", "allele", "dropout") or (member.kind == "missing" and member.partial)
        numbers.append(variable if own else -1)
        variable += own
    return numbers


def _ready_levels(members: Sequence[Member], first_variable: list[int]) -> list[int]:
    """How many variables must be placed before a member's factors are known."""
    ready = []
    placed = 0
    for position, member in enumerate(members):
        placed = max(placed, first_variable[position] + 1)
        # A founder's sampling terms depend on every founder allele before it.
        level = placed if member.is_founder else first_variable[position] + 1
        for slot in member.sources or ():
            for source in slot:
                level = max(level, first_variable[source.ancestor] + 1)
        ready.append(level)
    return ready


def _founder_allele_positions(members: Sequence[Member]) -> dict[int, list[int]]:
    """Each founder's places in the sequence of founder alleles (member order, as weigh_members)."""
    positions: dict[int, list[int]] = {}
    sequence = 0
    for position, member in enumerate(members):
        if member.is_founder:
            copies = 1 if member.kind == "allele" else 2
            positions[position] = list(range(sequence, sequence + copies))
            sequence += copies
    return positions
