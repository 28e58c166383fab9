"""The sum over a configuration list, walked as a tree in compiled code.

Configurations that agree on their first k variables share every factor those
variables settle (see :func:`kinship.likelihood.configuration_weights.summed_weights`).
Walking the list in order, a configuration recomputes only the levels below the
first variable where it differs from the one before, and the running products of
the levels above are kept: each factor is computed once per distinct prefix, as
the array form did, without building an array per level. The terms and the order
they are multiplied and added in are those of :func:`weigh_members` and of the
array form: the members' states as sorted pairs of symbols, each child's
transmission through its parents' slots, the drop-out weights, and the theta
sampling formula of the founder alleles in member order.

The loop is compiled by numba when first used (and cached on disk), so nothing
runs per configuration in Python.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Codes = NDArray[np.int64]

# Member kinds, as the arrays below number them.
UNTYPED, ALLELE, MISSING, TYPED, DROPOUT = 0, 1, 2, 3, 4
KIND_NUMBERS = {"untyped": UNTYPED, "allele": ALLELE, "missing": MISSING, "typed": TYPED, "dropout": DROPOUT}


def tree_sum(
    configs: Codes,
    kinds: Codes,
    variable: Codes,
    level: Codes,
    founder_start: Codes,
    founder_copies: Codes,
    fixed: Codes,
    sources: Codes,
    source_weight: Array,
    source_ancestor: Codes,
    source_matrix: Codes,
    matrices: Array,
    frequency: Array,
    first_of: Codes,
    second_of: Codes,
    homozygote: float,
    heterozygote: float,
    theta: float,
) -> Array:
    """Per column, the sum over ``configs`` (variables x configurations) of the product of every
    member's factor.

    Per member (in order): ``kinds``; ``variable`` (its row of ``configs``, -1 for none);
    ``level`` (how many variables settle its factor); ``founder_start`` and ``founder_copies``
    (its place in the sequence of founder alleles, -1 and 0 for a child); ``fixed`` (2 x members
    x columns: the symbols seen, for typed, drop-out and missing members); ``sources``
    (members x 3: where its two slots' sources start and where the second ends, in
    ``source_weight``, ``source_ancestor`` and ``source_matrix``, the last an index into
    ``matrices``, -1 for no mutation). ``frequency`` is symbols x columns, ``matrices`` paths x
    symbols x symbols x columns; ``first_of``/``second_of`` give an unordered genotype's symbols.
    """
    result: Array = _compiled()(configs, kinds, variable, level, founder_start, founder_copies, fixed, sources,
                                source_weight, source_ancestor, source_matrix, matrices, frequency, first_of,
                                second_of, homozygote, heterozygote, theta)
    return result


_KERNEL: list[Any] = []
# The compiled `_arrival`, which the compiled loop calls by this name.
_arrival_compiled: Any = None


def _compiled() -> Any:
    """The compiled loop (numba is imported only when a sum is first asked for)."""
    global _arrival_compiled
    if not _KERNEL:
        import numba

        _arrival_compiled = numba.njit(cache=True, nogil=True)(_arrival)
        _KERNEL.append(numba.njit(cache=True, nogil=True)(_tree_sum))
    return _KERNEL[0]


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


def _tree_sum(configs: Any, kinds: Any, variable: Any, level: Any, founder_start: Any, founder_copies: Any,
              fixed: Any, sources: Any, source_weight: Any, source_ancestor: Any, source_matrix: Any, matrices: Any,
              frequency: Any, first_of: Any, second_of: Any, homozygote: float, heterozygote: float,
              theta: float) -> Any:  # pragma: no cover - compiled; the tests run it compiled
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
                for j in range(columns):
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
                    products[k + 1, j] = products[k + 1, j] * factor
        for j in range(columns):
            total[j] += products[variables + 1, j]
    return total
