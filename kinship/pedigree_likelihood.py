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
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kinship.locus import LocusAlleles
from kinship.pedigree import Pedigree
from kinship.pedigree_reduction import Member, Source, reduce_pedigree
from kinship.profile import Genotype, dropout_weight
from kinship.substructure import sequence_probability

Array = NDArray[np.float64]
Codes = NDArray[np.int64]


@dataclass(frozen=True)
class FamilyLayout:
    """Which pedigree positions are typed at a locus, and which show one allele only."""

    typed: tuple[tuple[int, bool], ...]


@dataclass(frozen=True)
class FamilyAlleles:
    """The alleles of one family at a locus, renamed to symbols in order of appearance."""

    layout: FamilyLayout
    alleles: tuple[str, ...]
    symbols: tuple[tuple[int, int], ...]  # per typed position: (first, second or -1)


def family_alleles_at(observations: Mapping[int, Genotype]) -> FamilyAlleles:
    """Rename a family's alleles 0, 1, ... in order of appearance (positions in order)."""
    numbering: dict[str, int] = {}
    typed = []
    symbols = []
    for position in sorted(observations):
        first, second = observations[position]
        a = numbering.setdefault(first, len(numbering))
        b = -1 if second is None else numbering.setdefault(second, len(numbering))
        typed.append((position, second is None))
        symbols.append((a, b))
    return FamilyAlleles(FamilyLayout(tuple(typed)), tuple(numbering), tuple(symbols))


@dataclass(frozen=True)
class FamilyBatch:
    """Families sharing a layout, as arrays with one column per family.

    ``codes[s, j]`` is the allele code of symbol s in family j (-1 where the
    family has fewer symbols); ``symbols[i]`` holds, for the i-th typed
    position of the layout, each family's (first, second) symbols.
    """

    layout: FamilyLayout
    codes: Codes
    symbols: tuple[tuple[Codes, Codes], ...]

    @classmethod
    def stack(cls, families: Sequence[FamilyAlleles], alleles: LocusAlleles) -> FamilyBatch:
        width = max(1, max(len(f.alleles) for f in families))
        codes = np.full((width, len(families)), -1, dtype=np.int64)
        for column, family in enumerate(families):
            codes[: len(family.alleles), column] = [alleles.code(a) for a in family.alleles]
        symbols = tuple(
            (
                np.array([f.symbols[i][0] for f in families], dtype=np.int64),
                np.array([f.symbols[i][1] for f in families], dtype=np.int64),
            )
            for i in range(len(families[0].layout.typed))
        )
        return cls(families[0].layout, codes, symbols)

    @property
    def size(self) -> int:
        return self.codes.shape[1]

    def repeat(self, times: int) -> FamilyBatch:
        """Each family column repeated ``times`` times (one per candidate genotype)."""
        return FamilyBatch(
            self.layout,
            np.repeat(self.codes, times, axis=1),
            tuple((np.repeat(a, times), np.repeat(b, times)) for a, b in self.symbols),
        )


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


def missing_codes(missing: Sequence[Genotype], alleles: LocusAlleles) -> tuple[Codes, Codes]:
    """Allele codes of candidate genotypes; the second is -1 where only one allele was seen."""
    first = np.array([alleles.code(g[0]) for g in missing], dtype=np.int64)
    second = np.array([-1 if g[1] is None else alleles.code(g[1]) for g in missing], dtype=np.int64)
    return first, second


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
        first, second = missing_codes([missing[i] for i in rows], alleles)
        members = _reduced_members(pedigree, batch.layout, placed, partial)
        columns = batch.repeat(rows.size)
        count = len(mutations)
        symbols = _Symbols.build(
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
        values = _sum_over_untyped(members, symbols, typed, theta, dropout)
        result[:, :, rows] = values.reshape(count, batch.size, rows.size)
    return result


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


def _reduced_members(pedigree: Pedigree, layout: FamilyLayout, placed: bool, partial: bool) -> tuple[Member, ...]:
    parents = tuple(person.parents for person in pedigree.persons)
    return _reduced_members_cached(parents, pedigree.missing, layout, placed, partial)


@dataclass
class _Symbols:
    """Per-call alphabet: family symbols, X, Y and rest, varying along the columns."""

    count: int
    frequency: Array  # (S, J)
    transition: Array  # (S, S, J)
    missing_first: Codes  # (J,) symbol of the missing person's first allele
    missing_second: Codes  # (J,) symbol of the second allele, -1 when unseen
    named: Codes | None = None
    alleles: LocusAlleles | None = None
    mutations: Sequence[Array] = ()

    @classmethod
    def build(
        cls,
        family_codes: Codes,
        first: Codes,
        second: Codes,
        alleles: LocusAlleles,
        mutations: Sequence[Array],
    ) -> _Symbols:
        n_family = family_codes.shape[0]
        x_symbol, y_symbol = n_family, n_family + 1
        first_match = family_codes == first[None, :]
        first_symbol = np.where(first_match.any(axis=0), first_match.argmax(axis=0), x_symbol)
        second_match = family_codes == second[None, :]
        second_symbol = np.where(
            second < 0,
            -1,
            np.where(
                second_match.any(axis=0),
                second_match.argmax(axis=0),
                np.where(second == first, first_symbol, y_symbol),
            ),
        )
        named = np.vstack(
            [
                family_codes,
                np.where(first_symbol == x_symbol, first, -1)[None, :],
                np.where(second_symbol == y_symbol, second, -1)[None, :],
            ]
        )
        symbols = cls(n_family + 3, np.empty(0), np.empty(0), first_symbol, second_symbol, named, alleles, mutations)
        symbols.frequency, symbols.transition = symbols.lumped(1)
        return symbols

    def lumped(self, steps: int) -> tuple[Array, Array]:
        """Frequencies and the lumped transition over ``steps`` mutating transmissions.

        The power is taken over all alleles before lumping, so a path through
        an untyped intermediate is exact even when it passes through alleles
        in the rest symbol.
        """
        assert self.named is not None and self.alleles is not None
        columns = self.named.shape[1]
        per_matrix = columns // len(self.mutations)
        frequency = np.empty((self.count, columns))
        transition = np.empty((self.count, self.count, columns))
        for number, mutation in enumerate(self.mutations):
            part = slice(number * per_matrix, (number + 1) * per_matrix)
            power = matrix_power(mutation, steps, self.alleles.pool_size)
            frequency[:, part], transition[:, :, part] = _lumped(self.named[:, part], self.alleles, power)
        return frequency, transition


def matrix_power(matrix: Array, steps: int, pool: int) -> Array:
    """``steps`` transmissions in a row; the unseen alleles in between range over the pool."""
    if steps == 0:
        return np.eye(matrix.shape[0])
    if steps == 1:
        return matrix
    key = (id(matrix), steps)
    cached = _MATRIX_POWERS.get(key)
    if cached is None or cached[0] is not matrix:
        power = matrix
        for _ in range(steps - 1):
            power = power[:, :pool] @ matrix[:pool, :]
        # Keeping the matrix itself in the entry keeps its id from being reused.
        cached = _MATRIX_POWERS[key] = (matrix, power)
    return cached[1]


_MATRIX_POWERS: dict[tuple[int, int], tuple[Array, Array]] = {}


def _lumped(named: Codes, alleles: LocusAlleles, mutation: Array) -> tuple[Array, Array]:
    """Frequencies and transitions of the named symbols plus the rest symbol."""
    pool = alleles.pool_size
    p = alleles.frequencies
    valid = named >= 0
    safe = np.where(valid, named, 0)
    in_pool = valid & (named < pool)
    n_named, k = named.shape
    p_named = np.where(valid, p[safe], 0.0)
    p_pool_named = np.where(in_pool, p_named, 0.0)
    p_rest = np.clip(p[:pool].sum() - p_pool_named.sum(axis=0), 0.0, None)
    frequency = np.vstack([p_named, p_rest[None, :]])

    row_pool = mutation[:, :pool].sum(axis=1)
    col_weighted = p[:pool] @ mutation[:pool, :]
    total = float(p[:pool] @ row_pool[:pool])
    between = mutation[safe[:, None, :], safe[None, :, :]] * (valid[:, None, :] & valid[None, :, :])
    into_pool_named = (between * in_pool[None, :, :]).sum(axis=1)
    from_pool_named = (between * p_pool_named[:, None, :]).sum(axis=0)
    to_rest = np.where(valid, row_pool[safe] - into_pool_named, 0.0)
    from_rest_mass = np.where(valid, col_weighted[safe] - from_pool_named, 0.0)
    rest_mass = (
        total
        - (p_pool_named * np.where(in_pool, row_pool[safe], 0.0)).sum(axis=0)
        - (from_rest_mass * in_pool).sum(axis=0)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(p_rest > 0, 1.0 / p_rest, 0.0)
    transition = np.zeros((n_named + 1, n_named + 1, k))
    transition[:n_named, :n_named, :] = between
    transition[:n_named, n_named, :] = to_rest
    transition[n_named, :n_named, :] = from_rest_mass * scale
    transition[n_named, n_named, :] = rest_mass * scale
    return frequency, transition


@lru_cache(maxsize=64)
def _alphabet(size: int) -> tuple[Codes, Codes, Codes]:
    """Unordered genotypes over ``size`` symbols: first and second symbol, and pair index."""
    first, second = np.triu_indices(size)
    index = np.zeros((size, size), dtype=np.int64)
    index[first, second] = np.arange(first.size)
    index[second, first] = np.arange(first.size)
    return first, second, index


def _sum_over_untyped(
    members: Sequence[Member],
    symbols: _Symbols,
    typed: Mapping[int, tuple[Codes, Codes]],
    theta: float,
    dropout: float,
) -> Array:
    """Sum the joint probability over every configuration of the enumerated members."""
    configs = _configurations(members, symbols.count)
    paths = _PathMatrices(symbols)
    return _evaluate(members, symbols, typed, configs, theta, dropout, paths).sum(axis=0)


def _configurations(members: Sequence[Member], n_symbols: int) -> Codes:
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
    symbols: _Symbols,
    typed: Mapping[int, tuple[Codes, Codes]],
    configs: Codes,
    dropout: float,
    include_missing: bool,
) -> tuple[list[tuple[Codes, Codes]], Array]:
    """Each member's two allele symbols per configuration and column, and drop-out weights."""
    first_of, second_of, pair_index = _alphabet(symbols.count)
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
    symbols: _Symbols,
    typed: Mapping[int, tuple[Codes, Codes]],
    configs: Codes,
    theta: float,
    dropout: float,
    paths: _PathMatrices,
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


class _PathMatrices:
    """Lumped transitions over one or more mutating transmissions, computed on demand."""

    def __init__(self, symbols: _Symbols) -> None:
        self.symbols = symbols
        self.powers = {1: symbols.transition}

    def get(self, steps: int) -> Array:
        if steps not in self.powers:
            self.powers[steps] = self.symbols.lumped(steps)[1]
        return self.powers[steps]


def _arrival(
    sources: Sequence[Source],
    symbol: Codes,
    members: Sequence[Member],
    states: Sequence[tuple[Codes, Codes]],
    paths: _PathMatrices,
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
