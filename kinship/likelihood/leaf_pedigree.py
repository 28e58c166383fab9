"""Fast exact pedigree LRs when the missing person has no children in the pedigree.

The enumeration of :mod:`kinship.likelihood.pedigree_likelihood` costs (configurations x
candidate genotypes). When the missing person is a leaf (their parents are in
the pedigree, their children are not) the candidate genotype enters the
likelihood only through the two alleles arriving from the parents' side, and
under "unrelated" only through the theta sampling formula. Both are then
*low-rank* functions of the candidate (x, y) whose few coefficients come from
one enumeration of the family alone, over its own alleles plus a rest allele:

Relationship hypothesis (ordered: x arrives by the first parent's side)::

    L1(x, y) = sum_c W_c A1_c(x) A2_c(y)

where W_c is the family's probability in configuration c and A_c(x) is the
probability that the alleles of the ancestors on that side, passed through
``steps`` mutating transmissions, arrive as x: a row of M**steps for an
observed ancestor allele a, and for the rest allele the frequency-weighted
row ``rho(x) = sum_{z in rest} p_z M**steps[z, x] / p_rest``. When both
sides bring a rest allele, the two are distinct founder alleles drawn
together, and the product is replaced by their joint theta sampling
probability (which couples x and y).

Unrelated hypothesis: the candidate is one more founder, so
``P(x, y | family) = E[(theta n_x + (1-theta) p_x)(theta (n_y + [x=y]) + (1-theta) p_y)] / (D_N D_N+1)``
over the family's founder alleles (n_x of them equal to x). For alleles inside
the rest, ``E[n_x]`` and ``E[n_x n_y]`` follow from the Dirichlet form of the
sampling formula. Summed over configurations this needs only the weighted
moments of the family's allele counts.

The results equal the enumeration's; candidate genotypes with one allele
seen are evaluated at every possible partner and combined with the drop-out
weights. Pedigrees where the missing person has children use the enumeration
for the relationship hypothesis; their unrelated hypothesis, where the
missing person is a founder apart, still has the form above
(:func:`unrelated_likelihoods`) for candidates whose alleles the database
lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.configuration_weights import member_states, weigh_members
from kinship.likelihood.family_batch import FamilyBatch, FamilyLayout, missing_codes
from kinship.likelihood.locus import LocusAlleles
from kinship.likelihood.locus_settings import LocusSettings
from kinship.likelihood.lumping import PathMatrices, Symbols, matrix_power
from kinship.likelihood.pedigree import Pedigree
from kinship.likelihood.pedigree_likelihood import possible_configurations, reduced_members
from kinship.likelihood.pedigree_reduction import Member
from kinship.profile import Genotype, dropout_weight

Array = NDArray[np.float64]
Codes = NDArray[np.int64]


def supports(pedigree: Pedigree, layout: FamilyLayout) -> bool:
    """True when this fast form applies and equals the enumeration.

    The missing person must be a leaf, and every allele that is passed on must
    come either from a fully typed person (whose alleles are known) or, without
    mutation, from an untyped founder. Then an allele in the rest class is
    always an unconstrained founder allele, distributed as the frequencies say,
    which is what the rest terms above assume.
    """
    members = reduced_members(pedigree, layout, True, False)
    missing = next(m for m in members if m.kind == "missing")
    if missing.is_founder or missing.references > 0:
        return False
    return _rest_is_free(members) and supports_unrelated(pedigree, layout)


def supports_unrelated(pedigree: Pedigree, layout: FamilyLayout) -> bool:
    """True when the fast form of the unrelated hypothesis applies and equals the enumeration.

    The missing person, an unrelated founder there, may have children in the
    pedigree; only the family's own alleles must satisfy :func:`supports`.
    """
    return _rest_is_free(reduced_members(pedigree, layout, False, False))


def _rest_is_free(members: Sequence[Member]) -> bool:
    """Every allele passed on comes from a fully typed person or from an untyped founder, and an
    untyped founder's allele reaches no one but the missing person through a mutation.

    An untyped founder's allele that only the missing person receives mutated (a grandparent's
    through the untyped parent in between, the aunt typed) is still a free draw from the
    frequencies within the rest: the family's typed members, who receive the founder's alleles
    unmutated, cannot show it, so its arrival at the candidate is the frequency-weighted row of
    the path's matrix power. Where a typed member could receive it mutated as well (a first
    cousin through an untyped aunt), the candidate's allele must be a symbol of its own, which
    only the enumeration gives.
    """
    for member in members:
        if member.references == 0 or member.kind == "missing":
            continue
        if member.kind == "typed":
            continue
        if member.kind in ("untyped", "allele") and member.is_founder:
            continue
        return False
    for member in members:
        if member.kind == "missing":
            continue
        for slot in member.sources or ():
            for source in slot:
                if source.steps > 0 and members[source.ancestor].kind != "typed":
                    return False
    return True


def leaf_ratios(
    pedigree: Pedigree,
    batch: FamilyBatch,
    missing: Sequence[Genotype],
    locus: LocusSettings,
) -> tuple[Array, Array]:
    """Related likelihoods (one block per mutation matrix of ``locus``) and unrelated ones
    (under its first matrix).

    Results are (families x candidates), the related ones stacked per
    mutation matrix.
    """
    first, second, combine = _candidates(missing, locus.alleles, locus.dropout)
    related_members = reduced_members(pedigree, batch.layout, True, False)
    unrelated_members = reduced_members(pedigree, batch.layout, False, False)
    related = np.stack(
        [combine(_related(related_members, batch, first, second, locus.with_mutation(mutation)))
         for mutation in locus.mutations]
    )
    unrelated = combine(_unrelated(unrelated_members, batch, first, second, locus))
    return related, unrelated


def unrelated_likelihoods(
    pedigree: Pedigree,
    batch: FamilyBatch,
    missing: Sequence[Genotype],
    locus: LocusSettings,
) -> Array:
    """Unrelated likelihoods alone (families x candidates), where :func:`supports_unrelated` holds,
    under the first mutation matrix of ``locus``.

    The candidates' alleles must be in the pool: untyped founders of the
    enumeration may carry an observed unlisted allele of the candidate, the
    founders here do not.
    """
    first, second, combine = _candidates(missing, locus.alleles, locus.dropout)
    members = reduced_members(pedigree, batch.layout, False, False)
    return combine(_unrelated(members, batch, first, second, locus))


# The full genotypes' first and second allele codes, and how to fold values for them back into
# one value per candidate.
_Candidates = tuple[Codes, Codes, Callable[[Array], Array]]
_CANDIDATES: dict[tuple[int, int, float], tuple[Sequence[Genotype], LocusAlleles, _Candidates]] = {}


def _candidates(missing: Sequence[Genotype], alleles: LocusAlleles, dropout: float) -> _Candidates:
    """Full genotypes to evaluate, and how to fold them back into the candidates.

    A candidate with one allele a seen becomes the genotypes (a, b) for every
    b an unseen allele can be, weighted by the drop-out model. The screen asks
    for the same candidate list once per family group, so the answer is kept
    (with the list itself, which keeps its id from being reused).
    """
    key = (id(missing), id(alleles), dropout)
    cached = _CANDIDATES.get(key)
    if cached is not None and cached[0] is missing and cached[1] is alleles:
        return cached[2]
    if len(_CANDIDATES) > 256:
        _CANDIDATES.clear()
    result = _expand_candidates(missing, alleles, dropout)
    _CANDIDATES[key] = (missing, alleles, result)
    return result


def _expand_candidates(missing: Sequence[Genotype], alleles: LocusAlleles, dropout: float) -> _Candidates:
    codes_first, codes_second = missing_codes(missing, alleles)
    partial = codes_second < 0
    sizes = np.where(partial, alleles.pool_size, 1)
    starts = np.cumsum(sizes) - sizes
    owner = np.repeat(np.arange(len(missing)), sizes)
    first = codes_first[owner]
    second = np.where(partial[owner], np.arange(owner.size) - starts[owner], codes_second[owner])
    homozygote, heterozygote = dropout_weight(True, dropout), dropout_weight(False, dropout)
    weight = np.where(partial[owner], np.where(second == first, homozygote, heterozygote), 1.0)

    def combine(values: Array) -> Array:
        folded: Array = np.add.reduceat(values * weight, starts, axis=1)
        return folded

    return first.astype(np.int64), second.astype(np.int64), combine


def _family_symbols(family_codes: Codes, alleles: LocusAlleles, mutation: Array) -> Symbols:
    """Family alleles plus one rest symbol (no symbols for the missing person)."""
    columns = family_codes.shape[1]
    symbols = Symbols(
        family_codes.shape[0] + 1,
        np.empty(0),
        np.empty(0),
        np.zeros(columns, dtype=np.int64),
        np.zeros(columns, dtype=np.int64),
        family_codes,
        alleles,
        [mutation],
    )
    symbols.frequency, symbols.transition = symbols.lumped(1)
    return symbols


def _family_configurations(
    members: Sequence[Member], symbols: Symbols, batch: FamilyBatch, theta: float, dropout: float
) -> tuple[Codes, Array, list[tuple[Codes, Codes]], list[Codes]]:
    """Configurations of the family (missing person left out), their weights and states.

    Configurations impossible for every family of the batch are left out.
    """
    typed = {position: symbols_ for (position, _), symbols_ in zip(batch.layout.typed, batch.symbols)}
    paths = PathMatrices(symbols)
    missing = frozenset(i for i, m in enumerate(members) if m.kind == "missing")
    configs = possible_configurations(members, symbols, typed, paths, dropout, missing)
    states, weight = member_states(members, symbols, typed, configs, dropout, include_missing=False)
    columns = np.arange(batch.size)[None, :]
    weight, founder_alleles = weigh_members(members, states, weight, symbols, columns, paths, theta,
                                            leave_out_missing=True)
    shape = (configs.shape[1], batch.size)
    return configs, np.broadcast_to(weight, shape), states, [np.broadcast_to(a, shape) for a in founder_alleles]


def _related(members: Sequence[Member], batch: FamilyBatch, first: Codes, second: Codes,
             locus: LocusSettings) -> Array:
    """L1 for every family (rows) and full candidate genotype (columns), under the first mutation matrix."""
    family_codes = batch.codes
    symbols = _family_symbols(family_codes, locus.alleles, locus.mutation)
    configs, weight, states, _ = _family_configurations(members, symbols, batch, locus.theta, locus.dropout)
    missing = next(m for m in members if m.kind == "missing")
    assert missing.sources is not None  # a leaf (see supports): its alleles arrive from its parents' side
    rest = symbols.count - 1
    steps = sorted({s.steps for slot in missing.sources for s in slot})
    # Coefficient of (ancestor symbol, steps) on each side, per configuration.
    shape = (configs.shape[1], batch.size)
    sides = []
    for slot in missing.sources:
        coefficient = np.zeros((*shape, symbols.count, len(steps)))
        for source in slot:
            first_state, second_state = states[source.ancestor]
            single = members[source.ancestor].kind == "allele"
            copies = [first_state] if single else [first_state, second_state]
            share = source.weight / len(copies)
            step = steps.index(source.steps)
            for copy in copies:
                coefficient[..., step] += share * (np.broadcast_to(copy, shape)[..., None] == np.arange(symbols.count))
        sides.append(coefficient)
    # sum_c W_c A1 A2, one matrix over (symbol, steps) pairs per family.
    joint = np.einsum("cj,cjap,cjbq->japbq", weight, sides[0], sides[1])
    basis_x = _basis(symbols, family_codes, locus, steps, first)
    basis_y = _basis(symbols, family_codes, locus, steps, second)
    ordered_xy = _ordered(joint, basis_x, basis_y, rest, symbols, family_codes, locus, steps, first, second)
    ordered_yx = _ordered(joint, basis_y, basis_x, rest, symbols, family_codes, locus, steps, second, first)
    return ordered_xy + np.where(first != second, ordered_yx, 0.0)


def _basis(symbols: Symbols, family_codes: Codes, locus: LocusSettings, steps: list[int], target: Codes) -> Array:
    """P(an ancestor allele of each symbol arrives as ``target``), (families, symbols, steps, candidates)."""
    mutation = locus.mutation
    pool = locus.alleles.pool_size
    p = locus.alleles.frequencies
    n_family, families = family_codes.shape
    valid = (family_codes >= 0).T
    safe = np.where(valid, family_codes.T, 0)
    weight_in_pool = np.where(valid & (safe < pool), p[safe], 0.0)
    values = np.zeros((families, symbols.count, len(steps), target.size))
    p_rest = symbols.frequency[-1]
    for number, step in enumerate(steps):
        power = matrix_power(mutation, step, pool)
        arrivals = np.where(valid[:, :, None], power[safe[:, :, None], target[None, None, :]], 0.0)
        values[:, :n_family, number, :] = arrivals
        pushed = p[:pool] @ power[:pool, :]
        own = (weight_in_pool[:, :, None] * arrivals).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            values[:, -1, number, :] = np.where(
                p_rest[:, None] > 0, np.maximum(pushed[target][None, :] - own, 0.0) / p_rest[:, None], 0.0
            )
    return values


def _ordered(joint: Array, basis_x: Array, basis_y: Array, rest: int, symbols: Symbols, family_codes: Codes,
             locus: LocusSettings, steps: list[int], x: Codes, y: Codes) -> Array:
    """sum over symbol pairs of coefficient x arrival(x) x arrival(y), rest-rest pairs coupled."""
    mutation, theta = locus.mutation, locus.theta
    plain = joint.copy()
    plain[:, rest, :, rest, :] = 0.0
    families, side = joint.shape[0], joint.shape[1] * joint.shape[2]
    across = np.matmul(plain.reshape(families, side, side).transpose(0, 2, 1), basis_x.reshape(families, side, -1))
    value: Array = np.einsum("jbk,jbk->jk", across, basis_y.reshape(families, side, -1))
    pool = locus.alleles.pool_size
    p = locus.alleles.frequencies
    p_rest = symbols.frequency[-1][:, None]
    for i, step_x in enumerate(steps):
        for j, step_y in enumerate(steps):
            coefficient = joint[:, rest, i, rest, j][:, None]
            if not np.any(coefficient):
                continue
            first_power = matrix_power(mutation, step_x, pool)
            second_power = matrix_power(mutation, step_y, pool)
            shared = np.einsum("z,zk,zk->k", p[:pool], first_power[:pool, x], second_power[:pool, y])
            valid = (family_codes >= 0).T
            safe = np.where(valid, family_codes.T, 0)
            own = (
                np.where(valid & (safe < pool), p[safe], 0.0)[:, :, None]
                * first_power[safe[:, :, None], x[None, None, :]]
                * second_power[safe[:, :, None], y[None, None, :]]
            ).sum(axis=1)
            within_rest = np.maximum(shared[None, :] - own, 0.0)
            product = basis_x[:, rest, i, :] * basis_y[:, rest, j, :]
            with np.errstate(divide="ignore", invalid="ignore"):
                coupled = np.where(
                    p_rest > 0,
                    ((1 - theta) * p_rest**2 * product + theta * within_rest)
                    / (p_rest * ((1 - theta) * p_rest + theta)),
                    0.0,
                )
            value = value + coefficient * coupled
    return value


def _unrelated(members: Sequence[Member], batch: FamilyBatch, first: Codes, second: Codes,
               locus: LocusSettings) -> Array:
    """L2: the family's likelihood times the candidate's sampling probability given its founders,
    under the first mutation matrix."""
    alleles, theta = locus.alleles, locus.theta
    family_codes = batch.codes
    symbols = _family_symbols(family_codes, alleles, locus.mutation)
    configs, weight, _, founder_alleles = _family_configurations(members, symbols, batch, theta, locus.dropout)
    n_family, families = family_codes.shape
    rest = symbols.count - 1
    n_configs = configs.shape[1]
    count = len(founder_alleles)
    counts = np.zeros((n_configs, families, symbols.count))
    for allele in founder_alleles:
        counts += allele[..., None] == np.arange(symbols.count)
    scaled = weight / ((1.0 + (count - 1) * theta) * (1.0 + count * theta))
    named = counts[..., :n_family]
    m = counts[..., rest]
    total = scaled.sum(axis=0)
    nu = np.einsum("cj,cja->ja", scaled, named)
    mu = np.einsum("cj,cj->j", scaled, m)
    gram = np.einsum("cj,cja,cjb->jab", scaled, named, named)
    cross = np.einsum("cj,cja,cj->ja", scaled, named, m)
    pairs = np.einsum("cj,cj->j", scaled, m * (m - 1.0))

    pool = alleles.pool_size
    p = alleles.frequencies
    p_rest = symbols.frequency[-1][:, None]
    x_kind, x_index = _category(family_codes, first, pool)
    y_kind, y_index = _category(family_codes, second, pool)
    px, py = p[first][None, :], p[second][None, :]
    same = (first == second)[None, :]
    rows = np.arange(families)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        share_x = np.where(p_rest > 0, px / p_rest, 0.0)
        share_y = np.where(p_rest > 0, py / p_rest, 0.0)
    expected_x = np.where(x_kind == 0, nu[rows, x_index], np.where(x_kind == 1, mu[:, None] * share_x, 0.0))
    expected_y = np.where(y_kind == 0, nu[rows, y_index], np.where(y_kind == 1, mu[:, None] * share_y, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        both_rest = np.where(
            p_rest > 0,
            pairs[:, None] * px * ((1 - theta) * py + theta * same) / (p_rest * ((1 - theta) * p_rest + theta)),
            0.0,
        ) + same * mu[:, None] * share_x
    product = np.select(
        [
            (x_kind == 0) & (y_kind == 0),
            (x_kind == 0) & (y_kind == 1),
            (x_kind == 1) & (y_kind == 0),
            (x_kind == 1) & (y_kind == 1),
        ],
        [
            gram[rows, x_index, y_index],
            cross[rows, x_index] * share_y,
            cross[rows, y_index] * share_x,
            both_rest,
        ],
        0.0,
    )
    ordered = (
        theta**2 * product
        + theta * (1 - theta) * (expected_x * py + px * expected_y)
        + (1 - theta) ** 2 * total[:, None] * px * py
        + theta * same * (theta * expected_x + (1 - theta) * total[:, None] * px)
    )
    unordered: Array = np.where(same, ordered, 2.0 * ordered)
    return unordered


def _category(family_codes: Codes, target: Codes, pool: int) -> tuple[Codes, Codes]:
    """0: a family allele (with its symbol), 1: in the rest, 2: an unlisted allele outside both."""
    match = family_codes.T[:, :, None] == target[None, None, :]
    in_family = match.any(axis=1)
    index = match.argmax(axis=1)
    kind = np.where(in_family, 0, np.where(target[None, :] < pool, 1, 2))
    return kind, index
