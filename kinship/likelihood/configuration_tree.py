"""The enumeration's configuration list and its sum, as loops compiled by numba.

The list (:func:`possible_list`) is built depth first, member by member in the order of
:func:`kinship.likelihood.pedigree_likelihood.configurations`: a prefix is extended only while
some column can still have every check the last member completes above zero (a drop-out weight,
the transmission of a child whose parents' slots are all placed), so a ruled-out prefix is never
extended nor stored. A check depends on a few variables only (the child's and its known
ancestors'), and its answers are kept by their values.

The sum (:func:`tree_sum`) walks that list in order. Configurations that agree on their first k
variables share every factor those variables settle (see
:func:`kinship.likelihood.configuration_weights.summed_weights`): a configuration recomputes only
the levels below the first variable where it differs from the one before, and the running
products of the levels above are kept, so each factor is computed once per distinct prefix. The
terms and the order they are multiplied and added in are those of :func:`weigh_members`: the
members' states as sorted pairs of symbols, each child's transmission through its parents'
slots, the drop-out weights, and the theta sampling formula of the founder alleles in member
order.

Both loops are compiled when first used and cached on disk beside this module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kinship.likelihood.lumping import PathMatrices, Symbols, alphabet
from kinship.likelihood.pedigree_reduction import Member, Source

Array = NDArray[np.float64]
Codes = NDArray[np.int64]

# Member kinds, as the arrays below number them.
UNTYPED, ALLELE, MISSING, TYPED, DROPOUT = 0, 1, 2, 3, 4
KIND_NUMBERS = {"untyped": UNTYPED, "allele": ALLELE, "missing": MISSING, "typed": TYPED, "dropout": DROPOUT}


@dataclass(frozen=True)
class Encoded:
    """Members as the compiled loops read them.

    Per member (in order): ``kinds``; ``variable`` (its row of a configuration list, -1 for
    none); ``fixed`` (2 x members x columns: the symbols seen, for typed, drop-out and missing
    members); ``sources`` (members x 3: where its two slots' sources start and where the second
    ends, in ``source_weight``, ``source_ancestor`` and ``source_matrix``, the last an index into
    ``matrices``, -1 for no mutation). ``matrices`` is paths x symbols x symbols x columns;
    ``first_of``/``second_of`` give an unordered genotype's symbols.
    """

    kinds: Codes
    variable: Codes
    fixed: Codes
    sources: Codes
    source_weight: Array
    source_ancestor: Codes
    source_matrix: Codes
    matrices: Array
    first_of: Codes
    second_of: Codes
    # per member, the variables its own state and its sources' states take, with their members' kinds
    depends: list[list[tuple[int, int]]]

    def arrays(self) -> tuple[Any, ...]:
        return (self.kinds, self.variable, self.fixed, self.sources, self.source_weight, self.source_ancestor,
                self.source_matrix, self.matrices, self.first_of, self.second_of)


@dataclass(frozen=True)
class _Structure:
    """What the arrays of :class:`Encoded` take from the members alone."""

    kinds: Codes
    variable: Codes
    sources: Codes
    source_weight: Array
    source_ancestor: Codes
    source_matrix: Codes
    steps: list[int]
    shown: list[tuple[int, str, int]]
    depends: list[list[tuple[int, int]]]


def structure_of(members: Sequence[Member], variable: Sequence[int]) -> _Structure:
    """The members' arrays, worked out once for each members' sequence (they come from a cache)."""
    cached = _STRUCTURES.get(id(members))
    if cached is not None and cached[0] is members:
        return cached[1]
    size = len(members)
    bounds = np.zeros((size, 3), dtype=np.int64)
    flat: list[Source] = []
    for position, member in enumerate(members):
        bounds[position, 0] = len(flat)
        if member.sources is not None:
            flat += member.sources[0]
            bounds[position, 1] = len(flat)
            flat += member.sources[1]
        else:
            bounds[position, 1] = len(flat)
        bounds[position, 2] = len(flat)
    steps = sorted({source.steps for source in flat if source.steps})
    matrix_of = {step: number for number, step in enumerate(steps)}
    depends = []
    for position, member in enumerate(members):
        around = {position, *(source.ancestor for slot in member.sources or () for source in slot)}
        depends.append(sorted((variable[m], KIND_NUMBERS[members[m].kind]) for m in around if variable[m] >= 0))
    structure = _Structure(
        np.array([KIND_NUMBERS[member.kind] for member in members], dtype=np.int64),
        np.array(variable, dtype=np.int64),
        bounds,
        np.array([source.weight for source in flat], dtype=np.float64),
        np.array([source.ancestor for source in flat], dtype=np.int64),
        np.array([matrix_of[source.steps] if source.steps else -1 for source in flat], dtype=np.int64),
        steps,
        [(position, member.kind, member.position) for position, member in enumerate(members)
         if member.kind in ("missing", "typed", "dropout")],
        depends,
    )
    if len(_STRUCTURES) >= STRUCTURES_KEPT:
        _STRUCTURES.clear()
    # The members themselves are kept beside their arrays, so their id is not reused while cached.
    _STRUCTURES[id(members)] = (members, structure)
    return structure


_STRUCTURES: dict[int, tuple[Sequence[Member], _Structure]] = {}
STRUCTURES_KEPT = 4096


def encode(members: Sequence[Member], variable: Sequence[int], symbols: Symbols,
           typed: Mapping[int, tuple[Codes, Codes]], paths: PathMatrices) -> Encoded:
    """The members, their states' fixed symbols and their sources' paths, as arrays."""
    structure = structure_of(members, variable)
    columns = symbols.missing_first.size
    fixed = np.zeros((2, len(members), columns), dtype=np.int64)
    for position, kind, original in structure.shown:
        if kind == "missing":
            fixed[0, position] = symbols.missing_first
            fixed[1, position] = symbols.missing_second
        else:
            fixed[0, position], fixed[1, position] = typed[original]
    if structure.steps:
        matrices = np.stack([paths.get(step) for step in structure.steps])
    else:
        matrices = np.zeros((1, symbols.count, symbols.count, columns))
    first_of, second_of, _ = alphabet(symbols.count)
    return Encoded(structure.kinds, structure.variable, fixed, structure.sources, structure.source_weight,
                   structure.source_ancestor, structure.source_matrix,
                   np.ascontiguousarray(matrices, dtype=np.float64), first_of, second_of, structure.depends)


def tree_sum(configs: Codes, encoded: Encoded, level: Codes, founder_start: Codes, founder_copies: Codes,
             frequency: Array, homozygote: float, heterozygote: float, theta: float) -> Array:
    """Per column, the sum over ``configs`` (variables x configurations) of the product of every
    member's factor.

    Per member: ``level`` (how many variables settle its factor), ``founder_start`` and
    ``founder_copies`` (its place in the sequence of founder alleles, -1 and 0 for a child).
    ``frequency`` is symbols x columns.
    """
    # A child's factor depends on its own variable and its ancestors' only: where those take few
    # values together, against the configurations, it is kept by their values.
    configs = np.ascontiguousarray(configs, dtype=np.int64)
    count = configs.shape[1]
    columns = frequency.shape[1]
    symbols = frequency.shape[0]
    involved: list[int] = []
    involved_domain: list[int] = []
    involved_start = [0]
    table_start = [0]
    for m, depends in enumerate(encoded.depends):
        sizes = [symbols * (symbols + 1) // 2 if kind == UNTYPED else symbols for _, kind in depends]
        cells = math.prod(sizes)
        if founder_copies[m] or cells > KEPT_PER_CONFIGURATION * count or cells * columns > TABLE_CELLS:
            cells, depends, sizes = 0, [], []
        involved += [variable for variable, _ in depends]
        involved_domain += sizes
        involved_start.append(len(involved))
        table_start.append(table_start[-1] + cells)
    result: Array = _compiled()[0](configs, *encoded.arrays(), level, founder_start, founder_copies,
                                   np.ascontiguousarray(frequency, dtype=np.float64), homozygote, heterozygote,
                                   theta, np.array(involved, dtype=np.int64),
                                   np.array(involved_domain, dtype=np.int64), np.array(involved_start, dtype=np.int64),
                                   np.array(table_start, dtype=np.int64))
    return result



def possible_list(encoded: Encoded, domain: Codes, checks: Codes, checked: Codes, unknown: NDArray[np.bool_],
                  homozygote: float, heterozygote: float) -> Codes:
    """The configurations (variables x configurations, in the order of
    :func:`kinship.likelihood.pedigree_likelihood.configurations`) in which some column passes
    every check: after each member, the drop-out weight of a drop-out member and the transmission
    of each child ``checked[checks[p]:checks[p + 1]]`` the member at ``p`` completes must be above
    zero. ``domain`` is each member's number of values (0: no variable); alleles arriving from an
    ``unknown`` member may be anything."""
    # A check depends on the child's variable and its known ancestors' only: its answers are kept
    # by the values of those, where they are fewer than TABLE_CELLS.
    involved: list[int] = []
    involved_domain: list[int] = []
    involved_start = [0]
    table_start = [0]
    sources, ancestors = encoded.sources, encoded.source_ancestor
    for child in checked.tolist():
        members = {child} | {int(a) for a in ancestors[sources[child, 0]:sources[child, 2]] if not unknown[a]}
        own = sorted(int(encoded.variable[m]) for m in members if encoded.variable[m] >= 0)
        sizes = [int(domain[np.flatnonzero(encoded.variable == v)[0]]) for v in own]
        cells = int(np.prod(sizes)) if sizes else 1
        if cells * encoded.fixed.shape[2] > TABLE_CELLS:
            cells, own, sizes = 0, [], []
        involved += own
        involved_domain += sizes
        involved_start.append(len(involved))
        table_start.append(table_start[-1] + cells)
    result: Codes = _compiled()[1](*encoded.arrays(), domain, checks, checked, unknown, homozygote, heterozygote,
                                   np.array(involved, dtype=np.int64), np.array(involved_domain, dtype=np.int64),
                                   np.array(involved_start, dtype=np.int64), np.array(table_start, dtype=np.int64))
    return result


# The most answers a check, or factors a child, keeps (values of its variables x columns).
TABLE_CELLS = 1 << 22
# A child's factors are kept where their variables' values are at most this many times the
# configurations (a table is allocated per sum): on the scenario's families 4 was the quickest of
# 1/8, 1/2, 1, 4 and 16.
KEPT_PER_CONFIGURATION = 4


_KERNEL: list[Any] = []
# The compiled helpers, which the compiled loops call by these names.
_arrival_compiled: Any = None
_transmitted_compiled: Any = None


def _compiled() -> list[Any]:
    """The compiled loops (numba is imported only when one is first asked for)."""
    global _arrival_compiled, _transmitted_compiled
    if not _KERNEL:
        import numba

        def compiled(function: Any) -> Any:
            try:
                return numba.njit(cache=True, nogil=True)(function)
            except RuntimeError:
                # No writable place for the cache (beside the module, nor the user's cache
                # directory): compiled for this process only.
                return numba.njit(nogil=True)(function)

        _arrival_compiled = compiled(_arrival)
        _transmitted_compiled = compiled(_transmitted)
        _KERNEL.extend(compiled(loop) for loop in (_tree_sum, _possible_list))
    return _KERNEL


def _arrival(symbol: int, column: int, start: int, end: int, first: Any, second: Any, kinds: Any,
             source_weight: Any, source_ancestor: Any, source_matrix: Any, matrices: Any) -> float:
    total = 0.0
    for source in range(start, end):
        ancestor = source_ancestor[source]
        single = kinds[ancestor] == ALLELE
        matrix = source_matrix[source]
        a, b = first[ancestor, column], second[ancestor, column]
        if matrix < 0:
            through_first = 1.0 if a == symbol else 0.0
            through_second = 1.0 if b == symbol else 0.0
        else:
            through_first = matrices[matrix, a, symbol, column]
            through_second = matrices[matrix, b, symbol, column]
        passed = through_first if single else 0.5 * (through_first + through_second)
        total = total + source_weight[source] * passed
    return total


def _tree_sum(configs: Any, kinds: Any, variable: Any, fixed: Any, sources: Any, source_weight: Any,
              source_ancestor: Any, source_matrix: Any, matrices: Any, first_of: Any, second_of: Any, level: Any,
              founder_start: Any, founder_copies: Any, frequency: Any, homozygote: float, heterozygote: float,
              theta: float, involved: Any, involved_domain: Any, involved_start: Any, table_start: Any) -> Any:
    variables, count = configs.shape
    members = kinds.shape[0]
    symbols, columns = frequency.shape
    total = np.zeros(columns)
    if count == 0:
        return total
    first = np.zeros((members, columns), dtype=np.int64)
    second = np.zeros((members, columns), dtype=np.int64)
    emission = np.ones((members, columns))
    # products[k]: the product of the factors of levels below k, per column
    products = np.ones((variables + 2, columns))
    # each child's factor, by the values of the variables it depends on (nan: not worked out yet)
    factors = np.full(table_start[-1] * columns, np.nan)
    for n in range(count):
        changed = 0
        if n:
            changed = variables
            for v in range(variables):
                if configs[v, n] != configs[v, n - 1]:
                    changed = v
                    break
        # The members' states whose variable changed (all of them at the first configuration).
        for m in range(members):
            own = variable[m]
            if n and (own < 0 or own < changed):
                continue
            kind = kinds[m]
            for j in range(columns):
                if kind == UNTYPED:
                    value = configs[own, n]
                    first[m, j], second[m, j] = first_of[value], second_of[value]
                    continue
                if kind == ALLELE:
                    value = configs[own, n]
                    first[m, j], second[m, j] = value, value
                    continue
                seen = fixed[0, m, j]
                partner = fixed[1, m, j] if own < 0 else configs[own, n]
                # a symbol of -1 reads as the last (rest), as an array index does in the array form
                seen = seen + symbols if seen < 0 else seen
                partner = partner + symbols if partner < 0 else partner
                if own >= 0:
                    emission[m, j] = homozygote if seen == partner else heterozygote
                first[m, j], second[m, j] = min(seen, partner), max(seen, partner)
        start = 0 if n == 0 else changed + 1
        for k in range(start, variables + 1):
            for j in range(columns):
                products[k + 1, j] = products[k, j]
            for m in range(members):
                if level[m] != k:
                    continue
                cell = -1
                if table_start[m + 1] > table_start[m]:
                    index = 0
                    for t in range(involved_start[m], involved_start[m + 1]):
                        index = index * involved_domain[t] + configs[involved[t], n]
                    cell = (table_start[m] + index) * columns
                for j in range(columns):
                    if cell >= 0 and not np.isnan(factors[cell + j]):
                        products[k + 1, j] = products[k + 1, j] * factors[cell + j]
                        continue
                    a, b = first[m, j], second[m, j]
                    factor = emission[m, j]
                    if founder_copies[m] == 0:
                        slot_a, slot_b, end = sources[m, 0], sources[m, 1], sources[m, 2]
                        fa = _arrival_compiled(a, j, slot_a, slot_b, first, second, kinds, source_weight,
                                               source_ancestor, source_matrix, matrices)
                        sb = _arrival_compiled(b, j, slot_b, end, first, second, kinds, source_weight,
                                               source_ancestor, source_matrix, matrices)
                        transmission = fa * sb
                        if a != b:
                            sa = _arrival_compiled(b, j, slot_a, slot_b, first, second, kinds, source_weight,
                                                   source_ancestor, source_matrix, matrices)
                            fb = _arrival_compiled(a, j, slot_b, end, first, second, kinds, source_weight,
                                                   source_ancestor, source_matrix, matrices)
                            transmission = transmission + sa * fb
                        factor = factor * transmission
                    else:
                        if kinds[m] != ALLELE:
                            factor = factor * (2.0 if a != b else 1.0)
                        sequence = founder_start[m]
                        for copy in range(founder_copies[m]):
                            allele = a if copy == 0 else b
                            numerator = (1.0 - theta) * frequency[allele, j]
                            if sequence and theta:
                                seen_before = 0
                                for f in range(m):
                                    if founder_copies[f] == 0:
                                        continue
                                    if first[f, j] == allele:
                                        seen_before += 1
                                    if founder_copies[f] == 2 and second[f, j] == allele:
                                        seen_before += 1
                                if copy == 1 and a == allele:
                                    seen_before += 1
                                numerator = seen_before * theta + numerator
                            factor = factor * (numerator / (1.0 + (sequence - 1) * theta))
                            sequence += 1
                    if cell >= 0:
                        factors[cell + j] = factor
                    products[k + 1, j] = products[k + 1, j] * factor
        for j in range(columns):
            total[j] += products[variables + 1, j]
    return total


def _transmitted(m: int, j: int, a: int, b: int, first: Any, second: Any, kinds: Any, sources: Any,
                 source_weight: Any, source_ancestor: Any, source_matrix: Any, matrices: Any, unknown: Any) -> bool:
    """Whether child ``m`` can have symbols ``a``, ``b`` in column ``j``: a slot reached from an
    unknown member arrives with probability one."""
    slot_a, slot_b, end = sources[m, 0], sources[m, 1], sources[m, 2]
    from_a = False
    from_b = False
    for source in range(slot_a, slot_b):
        from_a = from_a or unknown[source_ancestor[source]]
    for source in range(slot_b, end):
        from_b = from_b or unknown[source_ancestor[source]]
    fa = 1.0 if from_a else _arrival_compiled(a, j, slot_a, slot_b, first, second, kinds, source_weight,
                                               source_ancestor, source_matrix, matrices)
    sb = 1.0 if from_b else _arrival_compiled(b, j, slot_b, end, first, second, kinds, source_weight,
                                               source_ancestor, source_matrix, matrices)
    transmission = fa * sb
    if a != b:
        sa = 1.0 if from_a else _arrival_compiled(b, j, slot_a, slot_b, first, second, kinds, source_weight,
                                                   source_ancestor, source_matrix, matrices)
        fb = 1.0 if from_b else _arrival_compiled(a, j, slot_b, end, first, second, kinds, source_weight,
                                                   source_ancestor, source_matrix, matrices)
        transmission = transmission + sa * fb
    return transmission > 0.0


def _possible_list(kinds: Any, variable: Any, fixed: Any, sources: Any, source_weight: Any, source_ancestor: Any,
                   source_matrix: Any, matrices: Any, first_of: Any, second_of: Any, domain: Any, checks: Any,
                   checked: Any, unknown: Any, homozygote: float, heterozygote: float, involved: Any,
                   involved_domain: Any, involved_start: Any, table_start: Any) -> Any:
    members = kinds.shape[0]
    columns = fixed.shape[2]
    symbols = matrices.shape[1]
    variables = 0
    for m in range(members):
        if variable[m] >= 0:
            variables += 1
    first = np.zeros((members, columns), dtype=np.int64)
    second = np.zeros((members, columns), dtype=np.int64)
    emission = np.ones((members, columns))
    for m in range(members):
        if variable[m] < 0 and (kinds[m] == TYPED or kinds[m] == MISSING):
            for j in range(columns):
                seen, partner = fixed[0, m, j], fixed[1, m, j]
                seen = seen + symbols if seen < 0 else seen
                partner = partner + symbols if partner < 0 else partner
                first[m, j], second[m, j] = min(seen, partner), max(seen, partner)
    # each check's answers, by the values of the variables it depends on (-1: not worked out yet)
    answers = np.full(table_start[-1] * columns, -1, dtype=np.int8)
    values = np.zeros(max(variables, 1), dtype=np.int64)
    capacity = 1024
    found = np.zeros((max(variables, 1), capacity), dtype=np.int64)
    count = 0
    position = 0
    fresh = True
    while position >= 0:
        if position == members:
            if count == capacity:
                capacity *= 2
                grown = np.zeros((found.shape[0], capacity), dtype=np.int64)
                grown[:, :count] = found[:, :count]
                found = grown
            for v in range(variables):
                found[v, count] = values[v]
            count += 1
            position -= 1
            fresh = False
            continue
        own = variable[position]
        if own < 0 and not fresh:
            position -= 1
            continue
        passed = False
        if own >= 0:
            if fresh:
                values[own] = 0
            else:
                values[own] += 1
        while True:
            if own >= 0:
                if values[own] >= domain[position]:
                    break
                value = values[own]
                kind = kinds[position]
                for j in range(columns):
                    if kind == UNTYPED:
                        first[position, j], second[position, j] = first_of[value], second_of[value]
                    elif kind == ALLELE:
                        first[position, j], second[position, j] = value, value
                    else:
                        seen = fixed[0, position, j]
                        seen = seen + symbols if seen < 0 else seen
                        emission[position, j] = homozygote if seen == value else heterozygote
                        first[position, j], second[position, j] = min(seen, value), max(seen, value)
            passed = False
            for j in range(columns):
                ok = not (kinds[position] == DROPOUT and emission[position, j] <= 0.0)
                for c in range(checks[position], checks[position + 1]):
                    if not ok:
                        break
                    child = checked[c]
                    cell = -1
                    if table_start[c + 1] > table_start[c]:
                        index = 0
                        for t in range(involved_start[c], involved_start[c + 1]):
                            index = index * involved_domain[t] + values[involved[t]]
                        cell = (table_start[c] + index) * columns + j
                        if answers[cell] >= 0:
                            ok = answers[cell] == 1
                            continue
                    ok = _transmitted_compiled(child, j, first[child, j], second[child, j], first, second, kinds,
                                               sources, source_weight, source_ancestor, source_matrix, matrices,
                                               unknown)
                    if cell >= 0:
                        answers[cell] = 1 if ok else 0
                if ok:
                    passed = True
                    break
            if passed or own < 0:
                break
            values[own] += 1
        if passed:
            position += 1
            fresh = True
        else:
            position -= 1
            fresh = False
    if variables == 0:
        return np.zeros((0, count), dtype=np.int64)
    return found[:, :count].copy()
