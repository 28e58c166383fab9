"""Joint assignment of missing persons to bodies: marginal posteriors over every coherent answer.

One body is at most one missing person and one missing person at most one body. Given, for each
(person p, body b) pair, the weight w_pb = prior x likelihood ratio relative to "p is none of these
bodies" (weight 1), every coherent answer is a partial matching M of persons to bodies, and

    P(M | evidence) = prod_{(p, b) in M} w_pb / Z,    Z = sum over all partial matchings M of that product,

the joint posterior of disaster victim identification (Vigeland & Egeland, "Joint DNA-based
disaster victim identification", Scientific Reports 2021, R package dvir; there the weights are
kinship LRs and the prior is flat over assignments). The marginal P(p is b) sums over every
matching holding (p, b): a strong claim of one person on a body takes that body's mass away from
the other persons, and a person with two plausible bodies shares between them.

Z is a permanent, so it is computed exactly only for components whose smaller side has at most
EXACT_MAX members (a sum over subsets of that side, in log space). Larger components use belief
propagation for data association (Williams & Lau, "Approximate evaluation of marginal association
probabilities with belief propagation", IEEE Trans. Aerospace and Electronic Systems 2014), which
is exact on trees (one person with many bodies, one body with many persons) and converges on any
graph. Pure: numpy only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np

EXACT_MAX = 12
LOG10_CAP = 30.0  # weights beyond 10^30 change no posterior visibly; the cap keeps sums finite
BP_TOLERANCE = 1e-12
BP_MAX_ITERATIONS = 1000


@dataclass(frozen=True)
class Edge:
    """A person-body pair and its log10 weight (prior x LR, against "none of these bodies")."""

    person: Hashable
    body: Hashable
    log10_weight: float


def components(edges: list[Edge]) -> list[list[Edge]]:
    """The edges grouped by connected component (persons and bodies linked by an edge)."""
    parent: dict[tuple[str, Hashable], tuple[str, Hashable]] = {}

    def find(node: tuple[str, Hashable]) -> tuple[str, Hashable]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for edge in edges:
        a, b = find(("p", edge.person)), find(("b", edge.body))
        if a != b:
            parent[a] = b
    groups: dict[tuple[str, Hashable], list[Edge]] = defaultdict(list)
    for edge in edges:
        groups[find(("p", edge.person))].append(edge)
    return list(groups.values())


def marginals(edges: Iterable[Edge]) -> dict[tuple[Hashable, Hashable], float]:
    """P(person is body) for every edge, over all coherent matchings (see the module docstring)."""
    merged: dict[tuple[Hashable, Hashable], float] = {}
    for edge in edges:
        key = (edge.person, edge.body)
        merged[key] = max(merged.get(key, -math.inf), edge.log10_weight)
    unique = [Edge(p, b, w) for (p, b), w in merged.items()]
    result: dict[tuple[Hashable, Hashable], float] = {}
    for group in components(unique):
        persons = sorted({e.person for e in group}, key=repr)
        bodies = sorted({e.body for e in group}, key=repr)
        if min(len(persons), len(bodies)) <= EXACT_MAX:
            result.update(exact_marginals(group, persons, bodies))
        else:
            result.update(propagated_marginals(group, persons, bodies))
    return result


def _log_weights(group: list[Edge], persons: list, bodies: list) -> np.ndarray:
    """Natural-log weights, persons x bodies, -inf where there is no edge."""
    index_p = {p: i for i, p in enumerate(persons)}
    index_b = {b: j for j, b in enumerate(bodies)}
    table = np.full((len(persons), len(bodies)), -np.inf)
    for edge in group:
        table[index_p[edge.person], index_b[edge.body]] = min(edge.log10_weight, LOG10_CAP) * math.log(10)
    return table


def exact_marginals(group: list[Edge], persons: list, bodies: list) -> dict[tuple[Hashable, Hashable], float]:
    """Exact marginals by summing over the subsets of the smaller side (log space).

    With the smaller side as columns, forward[i][mask] is the log sum over matchings of rows
    before i using exactly the columns in mask, backward[i][mask] that of rows from i on using
    none of mask; the marginal of (i, j) sums forward[i][mask] + w_ij + backward[i+1][mask | j].
    """
    table = _log_weights(group, persons, bodies)
    transposed = len(bodies) > len(persons)
    if transposed:
        table = table.T
    rows, cols = table.shape
    size = 1 << cols
    forward = np.full((rows + 1, size), -np.inf)
    forward[0, 0] = 0.0
    for i in range(rows):
        forward[i + 1] = forward[i]
        for j in range(cols):
            if table[i, j] == -np.inf:
                continue
            bit = 1 << j
            masks = np.arange(size)
            free = masks[(masks & bit) == 0]
            forward[i + 1, free | bit] = np.logaddexp(forward[i + 1, free | bit], forward[i, free] + table[i, j])
    # backward[i][mask]: rows i.. matched into columns outside mask
    backward = np.full((rows + 1, size), -np.inf)
    backward[rows, :] = 0.0
    masks = np.arange(size)
    for i in range(rows - 1, -1, -1):
        backward[i] = backward[i + 1]
        for j in range(cols):
            if table[i, j] == -np.inf:
                continue
            bit = 1 << j
            free = masks[(masks & bit) == 0]
            backward[i, free] = np.logaddexp(backward[i, free], table[i, j] + backward[i + 1, free | bit])
    log_z = backward[0, 0]
    result: dict[tuple[Hashable, Hashable], float] = {}
    for i in range(rows):
        for j in range(cols):
            if table[i, j] == -np.inf:
                continue
            bit = 1 << j
            free = masks[(masks & bit) == 0]
            total = np.logaddexp.reduce(forward[i, free] + table[i, j] + backward[i + 1, free | bit])
            person, body = (persons[j], bodies[i]) if transposed else (persons[i], bodies[j])
            result[(person, body)] = float(min(1.0, math.exp(total - log_z)))
    return result


def _others(values: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    """For each value, the sum of the other values of its group, without cancellation.

    The group's largest value is summed apart: for it, "the others" is the direct sum of the
    rest; for the others, the rest plus the largest minus itself (which the largest dominates).
    """
    top = np.full(count, -np.inf)
    np.maximum.at(top, groups, values)
    is_top = values == top[groups]
    first_top = np.zeros(len(values), dtype=bool)
    seen = np.zeros(count, dtype=bool)
    for index in np.flatnonzero(is_top):
        if not seen[groups[index]]:
            seen[groups[index]] = True
            first_top[index] = True
    rest = np.bincount(groups, weights=np.where(first_top, 0.0, values), minlength=count)
    return np.where(first_top, rest[groups], rest[groups] - values + top[groups])


def propagated_marginals(group: list[Edge], persons: list, bodies: list) -> dict[tuple[Hashable, Hashable], float]:
    """Belief propagation for data association (Williams & Lau 2014) on one component.

    mu_pb = psi_pb / (1 + sum_{b' != b} psi_pb' nu_b'p),  nu_bp = 1 / (1 + sum_{p' != p} mu_p'b),
    P(p is b) = psi_pb nu_bp / (1 + sum_b' psi_pb' nu_b'p).
    """
    index_p = {p: i for i, p in enumerate(persons)}
    index_b = {b: j for j, b in enumerate(bodies)}
    p_of = np.array([index_p[e.person] for e in group])
    b_of = np.array([index_b[e.body] for e in group])
    psi = np.array([10.0 ** min(e.log10_weight, LOG10_CAP) for e in group])
    nu = np.ones(len(group))
    for _ in range(BP_MAX_ITERATIONS):
        mu = psi / (1.0 + _others(psi * nu, p_of, len(persons)))
        new_nu = 1.0 / (1.0 + _others(mu, b_of, len(bodies)))
        change = float(np.max(np.abs(new_nu - nu))) if len(nu) else 0.0
        nu = new_nu
        if change < BP_TOLERANCE:
            break
    terms = psi * nu
    denominator = 1.0 + np.bincount(p_of, weights=terms, minlength=len(persons))
    posterior = terms / denominator[p_of]
    return {(e.person, e.body): float(min(1.0, value)) for e, value in zip(group, posterior)}
