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
locus, which is what the vectorised screen needs. Each column is summed over
the symbols it uses (the family's own, as many candidate symbols as the
candidate has alleles the family does not show, and rest).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.configuration_tree import encode, possible_list
from kinship.likelihood.configuration_weights import first_variables, summed_weights
from kinship.likelihood.family_batch import FamilyBatch, FamilyLayout, family_alleles_at, missing_codes
from kinship.likelihood.locus import LocusAlleles
from kinship.likelihood.locus_settings import LocusSettings
from kinship.likelihood.lumping import PathMatrices, Symbols, alphabet, matrix_power
from kinship.likelihood.pedigree import Pedigree
from kinship.likelihood.pedigree_reduction import Member, reduce_pedigree
from kinship.profile import Genotype, dropout_weight

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
    mutation matrix of ``locus``. ``founders_mutate``: see the module docstring.
    """
    values, _ = _enumerated(pedigree, batch, missing, locus, placed, founders_mutate, None)
    return values


def paired_likelihoods(
    pedigree: Pedigree,
    batch: FamilyBatch,
    family_of: Codes,
    missing: Sequence[Genotype],
    locus: LocusSettings,
    placed: bool,
    founders_mutate: bool = False,
) -> Array:
    """Likelihoods of chosen (family, candidate) pairs: family ``family_of[k]`` of the batch
    against ``missing[k]``, as `likelihood_columns` gives each of them.

    Returns (mutation matrices x pairs). One enumeration serves every pair, where
    `likelihood_columns` would compute every family against every candidate.
    """
    values, _ = _enumerated(pedigree, batch, missing, locus, placed, founders_mutate, None, family_of)
    return values[:, 0, :]


def likelihoods_and_compatibility(
    pedigree: Pedigree,
    batch: FamilyBatch,
    missing: Sequence[Genotype],
    locus: LocusSettings,
    placed: bool,
) -> tuple[Array, NDArray[np.bool_]]:
    """Likelihoods under the locus's first matrix (families x candidates), and whether each
    family's likelihood without mutation (its last matrix) is above zero for each candidate.

    Only the sign of the second is asked, and without mutation it depends only on which symbols
    the family and the candidate show (which alleles are equal), which symbols stand for an
    allele at all and which have a frequency above zero, not on the frequencies' values: it is
    computed for one (family, candidate) column of each such pattern and stands for every column
    of the pattern.
    """
    without = locus.mutations[-1]
    if np.count_nonzero(without - np.diag(np.diag(without))):
        raise ValueError("the locus's last matrix must be the one without mutation")
    values, compatible = _enumerated(pedigree, batch, missing, locus.with_mutation(locus.mutation), placed, False,
                                     locus.with_mutation(without))
    assert compatible is not None
    return values[0], compatible


def _enumerated(
    pedigree: Pedigree,
    batch: FamilyBatch,
    missing: Sequence[Genotype],
    locus: LocusSettings,
    placed: bool,
    founders_mutate: bool,
    without_mutation: LocusSettings | None,
    family_of: Codes | None = None,
) -> tuple[Array, NDArray[np.bool_] | None]:
    """The enumeration behind the functions above, one configuration list for the likelihoods
    and the compatibility: every family with every candidate, or with ``family_of`` family
    ``family_of[k]`` with candidate k only (one row of results)."""
    families = batch.size if family_of is None else 1
    result = np.zeros((len(locus.mutations), families, len(missing)))
    compatible = None if without_mutation is None else np.zeros((batch.size, len(missing)), dtype=bool)
    for partial in (False, True):
        rows = np.array([i for i, g in enumerate(missing) if (g[1] is None) == partial], dtype=np.int64)
        if rows.size == 0:
            continue
        members = reduced_members(pedigree, batch.layout, placed, partial, founders_mutate)
        first, second = missing_codes([missing[i] for i in rows], locus.alleles)
        # Pruned for the first matrix, whose transitions are zero only where the matrix without
        # mutation's are too: the list holds every configuration of weight above zero for both.
        configs = _possible_configurations(members, batch, locus)
        per_call = max(1, MAX_ELEMENTS // max(1, configs.shape[1] * families * len(locus.mutations)))
        for start in range(0, rows.size, per_call):
            part = slice(start, start + per_call)
            columns = (_Columns.cartesian(batch, first[part], second[part]) if family_of is None
                       else _Columns.paired(batch, family_of[rows[part]], first[part], second[part]))
            values = _summed_columns(members, batch.layout, columns, configs, locus)
            result[:, :, rows[part]] = values.reshape(len(locus.mutations), families, -1)
        if compatible is not None and without_mutation is not None:
            columns = _Columns.cartesian(batch, first, second)
            chosen, pattern_of = _patterns(batch.layout, columns, without_mutation)
            positive = _summed_columns(members, batch.layout, columns.take(chosen), configs, without_mutation)[0] > 0.0
            compatible[:, rows] = positive[pattern_of].reshape(batch.size, rows.size)
    return result, compatible


@dataclass(frozen=True)
class _Columns:
    """(family, candidate) columns: each family's allele codes and typed symbols, each candidate's
    two allele codes (the second -1 where only one allele was seen)."""

    codes: Codes
    symbols: tuple[tuple[Codes, Codes], ...]
    first: Codes
    second: Codes

    @classmethod
    def cartesian(cls, batch: FamilyBatch, first: Codes, second: Codes) -> _Columns:
        """Every family with every candidate, family by family."""
        repeated = batch.repeat(first.size)
        return cls(repeated.codes, repeated.symbols, np.tile(first, batch.size), np.tile(second, batch.size))

    @classmethod
    def paired(cls, batch: FamilyBatch, family_of: Codes, first: Codes, second: Codes) -> _Columns:
        """Family ``family_of[k]`` with candidate k."""
        return cls(batch.codes[:, family_of], tuple((a[family_of], b[family_of]) for a, b in batch.symbols),
                   first, second)

    def take(self, chosen: Codes) -> _Columns:
        return _Columns(self.codes[:, chosen], tuple((a[chosen], b[chosen]) for a, b in self.symbols),
                        self.first[chosen], self.second[chosen])


def _patterns(layout: FamilyLayout, columns: _Columns, without_mutation: LocusSettings) -> tuple[Codes, Codes]:
    """One column of each pattern that decides the sign without mutation, and each column's pattern."""
    symbols = Symbols.build(columns.codes, columns.first, columns.second, without_mutation.alleles,
                            without_mutation.mutations)
    assert symbols.named is not None
    pattern = np.vstack([
        *(side for pair in columns.symbols for side in pair),
        symbols.missing_first, symbols.missing_second, symbols.named >= 0, symbols.frequency > 0.0,
    ])
    _, chosen, pattern_of = np.unique(pattern.T, axis=0, return_index=True, return_inverse=True)
    return chosen, pattern_of.reshape(-1)


def _summed_columns(
    members: Sequence[Member], layout: FamilyLayout, columns: _Columns, configs: Codes, locus: LocusSettings
) -> Array:
    """(mutations x columns) likelihoods over the given configurations.

    Each (family, candidate) column is summed over the smallest alphabet it needs: the family's
    own symbols (a family of the batch may show fewer alleles than the widest), one candidate
    symbol for each allele of the candidate the family does not show, and rest. A configuration
    that gives someone a symbol outside it weighs zero in that column and is left out there.
    """
    count = len(locus.mutations)
    codes, first, second = columns.codes, columns.first, columns.second
    shown = (codes >= 0).sum(axis=0)
    first_new = ~(codes == first).any(axis=0)
    second_new = (second >= 0) & (second != first) & ~(codes == second).any(axis=0)
    # A candidate bringing one allele the family lacks brings it first (a genotype is unordered).
    swap = second_new & ~first_new
    first, second = np.where(swap, second, first), np.where(swap, first, second)
    brought = first_new.astype(np.int64) + second_new
    values = np.zeros((count, first.size))
    width = codes.shape[0]
    for own, extra in sorted(set(zip(shown.tolist(), brought.tolist()))):
        chosen = np.flatnonzero((shown == own) & (brought == extra))
        within = _within_alphabet(members, configs, width, own, extra)
        per_call = max(1, MAX_ELEMENTS // max(1, within.shape[1] * count))
        for start in range(0, chosen.size, per_call):
            part = chosen[start : start + per_call]
            symbols = Symbols.build(
                np.tile(codes[:own, part], (1, count)),
                np.tile(first[part], count),
                np.tile(second[part], count),
                locus.alleles,
                locus.mutations,
                candidate_symbols=extra,
            )
            typed = {
                position: (np.tile(a[part], count), np.tile(b[part], count))
                for (position, _), (a, b) in zip(layout.typed, columns.symbols)
            }
            summed = summed_weights(members, symbols, typed, within, locus.theta, locus.dropout,
                                    PathMatrices(symbols))
            values[:, part] = summed.reshape(count, part.size)
    return values


def _within_alphabet(members: Sequence[Member], configs: Codes, width: int, own: int, extra: int) -> Codes:
    """The configurations (over ``width`` family symbols, X, Y and rest) that use only the first
    ``own`` family symbols, ``extra`` candidate symbols and rest, renumbered in that alphabet.

    Their order is kept, so equal prefixes stay side by side.
    """
    if own == width and extra == 2:
        return configs
    size = width + 3
    renumbered = np.full(size, -1, dtype=np.int64)
    renumbered[:own] = np.arange(own)
    renumbered[width : width + extra] = own + np.arange(extra)
    renumbered[size - 1] = own + extra
    first_of, second_of, _ = alphabet(size)
    _, _, pair_index = alphabet(own + extra + 1)
    result = np.empty_like(configs)
    keep = np.ones(configs.shape[1], dtype=bool)
    variable = 0
    for member in members:
        domain = _domain(member, size)
        if not domain:
            continue
        values = configs[variable]
        if member.kind == "untyped":
            a, b = renumbered[first_of[values]], renumbered[second_of[values]]
            keep &= (a >= 0) & (b >= 0)
            result[variable] = pair_index[np.maximum(a, 0), np.maximum(b, 0)]
        else:
            a = renumbered[values]
            keep &= a >= 0
            result[variable] = a
        variable += 1
    kept: Codes = result[:, keep]
    return kept


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
    checks: dict[int, list[int]] = {}
    for position, member in enumerate(members):
        if member.is_founder or member.kind == "missing":
            continue
        assert member.sources is not None, "a child's alleles come from its parents' slots"
        ancestors = [s.ancestor for slot in member.sources for s in slot if s.ancestor not in unknown]
        checks.setdefault(max([position, *ancestors]), []).append(position)
    starts = np.zeros(len(members) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(checks.get(position, ())) for position in range(len(members))])
    return possible_list(
        encode(members, first_variables(members), symbols, typed, paths),
        np.array([_domain(member, n_symbols) for member in members], dtype=np.int64),
        starts,
        np.array([child for position in range(len(members)) for child in checks.get(position, ())],
                 dtype=np.int64),
        np.array([position in unknown for position in range(len(members))], dtype=np.bool_),
        dropout_weight(True, dropout),
        dropout_weight(False, dropout),
    )


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
