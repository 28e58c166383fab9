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
ones). The theta sampling formula is unchanged by lumping, so without
mutation and with the ``equal`` model the result is exact. With ``stepwise``
mutation the rest allele's transitions are the frequency-weighted averages of
its members'; this is exact whenever the rest allele takes part in at most one
mutation, and only configurations needing two or more mutations through
unobserved alleles (order mu**2, about 4e-6) are averaged.

Many families and genotypes at once
-----------------------------------
Family alleles are renamed 0, 1, ... in order of appearance, so families whose
typed members show the same *pattern* at a locus share one enumeration. The
actual alleles behind each symbol, and the missing person's two alleles
(symbols X and Y, or the family's symbol when they coincide with a family
allele), vary along a trailing axis of columns. One call thus evaluates many
families against every post-mortem genotype seen at the locus, which is what
the vectorised screen needs.
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
SymbolGenotype = tuple[int, int | None]


@dataclass(frozen=True)
class FamilyPattern:
    """Typed family members at one locus, alleles renamed to symbols 0, 1, ...

    ``genotypes`` pairs a pedigree position with its symbols (second None for
    drop-out); ``alleles`` gives the real allele behind each symbol.
    """

    genotypes: tuple[tuple[int, SymbolGenotype], ...]
    alleles: tuple[str, ...]


def family_pattern(observations: Mapping[int, Genotype]) -> FamilyPattern:
    """Rename a family's alleles in order of appearance (positions in order)."""
    symbols: dict[str, int] = {}
    genotypes = []
    for position in sorted(observations):
        first, second = observations[position]
        a = symbols.setdefault(first, len(symbols))
        b = None if second is None else symbols.setdefault(second, len(symbols))
        genotypes.append((position, (a, b)))
    return FamilyPattern(tuple(genotypes), tuple(symbols))


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
    pattern = family_pattern(observations)
    codes = np.array([alleles.code(a) for a in pattern.alleles], dtype=np.int64).reshape(-1, 1)
    result = np.zeros(len(missing))
    for dropped in (False, True):
        rows = [i for i, g in enumerate(missing) if (g[1] is None) == dropped]
        if not rows:
            continue
        first, second = missing_codes([missing[i] for i in rows], alleles)
        family_codes = np.repeat(codes, len(rows), axis=1)
        result[rows] = likelihood_columns(
            pedigree, pattern, family_codes, first, second, alleles, [mutation], theta, dropout, placed
        )[0]
    return result


def missing_codes(missing: Sequence[Genotype], alleles: LocusAlleles) -> tuple[Codes, Codes]:
    """Allele codes of candidate genotypes; the second is -1 where only one allele was seen."""
    first = np.array([alleles.code(g[0]) for g in missing], dtype=np.int64)
    second = np.array([-1 if g[1] is None else alleles.code(g[1]) for g in missing], dtype=np.int64)
    return first, second


def likelihood_columns(
    pedigree: Pedigree,
    pattern: FamilyPattern,
    family_codes: Codes,
    missing_first: Codes,
    missing_second: Codes,
    alleles: LocusAlleles,
    mutations: Sequence[Array],
    theta: float,
    dropout: float,
    placed: bool,
) -> Array:
    """Likelihoods for many columns sharing one pedigree and one family pattern.

    Column j has the family alleles ``family_codes[:, j]`` and the missing
    person's alleles ``missing_first[j]``, ``missing_second[j]`` (all -1 or
    none -1: drop-out and full candidates are evaluated in separate calls).
    Each mutation matrix gives one row of the result, so a likelihood with and
    without mutation costs one enumeration.
    """
    dropped = bool(missing_second[0] < 0)
    members = _reduced_members(pedigree, pattern.genotypes, placed, dropped)
    count = len(mutations)
    symbols = _Symbols.build(
        np.tile(family_codes, (1, count)),
        np.tile(missing_first, count),
        np.tile(missing_second, count),
        alleles,
        mutations,
    )
    return _sum_over_untyped(members, symbols, theta, dropout).reshape(count, -1)


@lru_cache(maxsize=4096)
def _reduced_members_cached(
    parents: tuple[tuple[int, int] | None, ...],
    missing: int,
    genotypes: tuple[tuple[int, SymbolGenotype], ...],
    placed: bool,
    dropped: bool,
) -> tuple[Member, ...]:
    observed = dict(genotypes)
    members = []
    for position, person_parents in enumerate(parents):
        genotype = observed.get(position)
        if position == missing:
            kind = "missing" if placed else "untyped"
            genotype = (-1, None if dropped else -1) if placed else None
        elif genotype is None:
            kind = "untyped"
        else:
            kind = "dropout" if genotype[1] is None else "typed"
        members.append(Member(kind, person_parents, genotype))  # type: ignore[arg-type]
    if not placed:
        members.append(Member("missing", None, (-1, None if dropped else -1)))  # type: ignore[arg-type]
    return tuple(reduce_pedigree(members))


def _reduced_members(
    pedigree: Pedigree, genotypes: tuple[tuple[int, SymbolGenotype], ...], placed: bool, dropped: bool
) -> tuple[Member, ...]:
    parents = tuple(person.parents for person in pedigree.persons)
    return _reduced_members_cached(parents, pedigree.missing, genotypes, placed, dropped)


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


def _sum_over_untyped(members: tuple[Member, ...], symbols: _Symbols, theta: float, dropout: float) -> Array:
    """Enumerate the free members, pruning configurations the family rules out."""
    configs = _configurations(members, symbols.count)
    paths = _PathMatrices(symbols)
    missing_is_ancestor = any(m.kind == "missing" and m.references > 0 for m in members)
    if configs.shape[1] > 1 and not missing_is_ancestor:
        # A first pass with the largest transition over all columns finds the
        # configurations impossible for every column (Mendelian conflicts
        # within the family); they are dropped before the full pass.
        collapsed = _Symbols(
            symbols.count,
            symbols.frequency.max(axis=1, keepdims=True),
            symbols.transition.max(axis=2, keepdims=True),
            symbols.missing_first[:1],
            symbols.missing_second[:1],
        )
        largest = _PathMatrices(collapsed)
        for steps in _steps_used(members):
            largest.powers[steps] = paths.get(steps).max(axis=2, keepdims=True)
        possible = _evaluate(members, collapsed, configs, theta, dropout, True, largest)
        configs = configs[:, possible[:, 0] > 0.0]
    return _evaluate(members, symbols, configs, theta, dropout, False, paths).sum(axis=0)


def _steps_used(members: Sequence[Member]) -> set[int]:
    return {s.steps for m in members if m.sources for slot in m.sources for s in slot if s.steps > 0}


def _configurations(members: Sequence[Member], n_symbols: int) -> Codes:
    genotypes = n_symbols * (n_symbols + 1) // 2
    domains = []
    for member in members:
        if member.kind == "untyped":
            domains.append(genotypes)
        elif member.kind == "allele" or (member.genotype is not None and member.genotype[1] is None):
            domains.append(n_symbols)
    if not domains:
        return np.zeros((0, 1), dtype=np.int64)
    return np.indices(domains).reshape(len(domains), -1)


def _evaluate(
    members: Sequence[Member],
    symbols: _Symbols,
    configs: Codes,
    theta: float,
    dropout: float,
    family_only: bool,
    paths: _PathMatrices,
) -> Array:
    first_of, second_of, pair_index = _alphabet(symbols.count)
    columns = np.arange(symbols.missing_first.size)[None, :]
    n_configs = configs.shape[1]
    states: list[tuple[Codes, Codes]] = []
    weight: Array = np.ones((n_configs, 1))
    variable = 0
    homozygote_weight, heterozygote_weight = dropout_weight(True, dropout), dropout_weight(False, dropout)
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
        assert member.genotype is not None
        if member.kind == "missing":
            seen: Codes = symbols.missing_first[None, :]
            partner: Codes | None = None if member.genotype[1] is None else symbols.missing_second[None, :]
        else:
            seen = np.array([[member.genotype[0]]])
            partner = None if member.genotype[1] is None else np.array([[member.genotype[1]]])
        if partner is None:
            partner = configs[variable][:, None]
            variable += 1
            if not (family_only and member.kind == "missing"):
                weight = weight * np.where(seen == partner, homozygote_weight, heterozygote_weight)
        index = pair_index[seen, partner]
        states.append((first_of[index], second_of[index]))

    founder_alleles: list[Codes] = []
    founder_frequencies: list[Array] = []
    for member, (first, second) in zip(members, states):
        if family_only and member.kind == "missing":
            continue
        if member.is_founder:
            if member.kind == "allele":
                founder_alleles.append(first)
                founder_frequencies.append(symbols.frequency[first, columns])
            else:
                founder_alleles += [first, second]
                founder_frequencies += [symbols.frequency[first, columns], symbols.frequency[second, columns]]
                weight = weight * np.where(first != second, 2.0, 1.0)
            continue
        assert member.sources is not None
        slot_a, slot_b = member.sources
        a_first = _arrival(slot_a, first, members, states, paths, columns)
        b_second = _arrival(slot_b, second, members, states, paths, columns)
        heterozygous = first != second
        if np.any(heterozygous):
            a_second = _arrival(slot_a, second, members, states, paths, columns)
            b_first = _arrival(slot_b, first, members, states, paths, columns)
            weight = weight * (a_first * b_second + np.where(heterozygous, a_second * b_first, 0.0))
        else:
            weight = weight * a_first * b_second
    if family_only:
        for frequency in founder_frequencies:
            weight = weight * (frequency > 0)
        return np.broadcast_to(weight, (n_configs, 1))
    if founder_alleles:
        weight = weight * sequence_probability(founder_alleles, founder_frequencies, theta)
    return np.broadcast_to(weight, (n_configs, columns.size))


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
