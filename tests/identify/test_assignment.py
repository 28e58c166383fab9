"""Joint assignment of persons to bodies: exact sums and belief propagation against brute force (pure)."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from identify.assignment import Edge, components, exact_marginals, marginals, propagated_marginals


def brute_force(edges: list[Edge]) -> dict[tuple, float]:
    """Every partial matching enumerated: the definition of the joint posterior."""
    weight = {(e.person, e.body): 10 ** e.log10_weight for e in edges}
    persons = sorted({e.person for e in edges})
    options = {p: [None] + [b for (q, b) in weight if q == p] for p in persons}
    totals: dict[tuple, float] = {key: 0.0 for key in weight}
    z = 0.0
    for choice in itertools.product(*(options[p] for p in persons)):
        used = [b for b in choice if b is not None]
        if len(used) != len(set(used)):
            continue
        product = math.prod(weight[(p, b)] for p, b in zip(persons, choice) if b is not None)
        z += product
        for p, b in zip(persons, choice):
            if b is not None:
                totals[(p, b)] += product
    return {key: value / z for key, value in totals.items()}


def random_edges(rng: random.Random, persons: int, bodies: int, density: float) -> list[Edge]:
    edges = [Edge(f"p{i}", f"b{j}", rng.uniform(-3, 3)) for i in range(persons) for j in range(bodies)
             if rng.random() < density]
    return edges or [Edge("p0", "b0", 0.0)]


def test_one_person_one_body_is_the_two_hypothesis_posterior():
    found = marginals([Edge("p", "b", 2.0)])
    assert found[("p", "b")] == pytest.approx(100 / 101)


def test_one_person_shares_between_two_bodies():
    found = marginals([Edge("p", "b1", 2.0), Edge("p", "b2", 2.0)])
    assert found[("p", "b1")] == pytest.approx(100 / 201)


def test_a_strong_claim_takes_the_body_from_a_weaker_one():
    edges = [Edge("strong", "b", 8.0), Edge("weak", "b", 3.0)]
    found = marginals(edges)
    assert found[("strong", "b")] > 0.9999
    assert found[("weak", "b")] < 1e-4  # alone it would be 0.999
    assert found == pytest.approx(brute_force(edges))


@pytest.mark.parametrize("seed", range(12))
def test_exact_sums_equal_brute_force(seed):
    rng = random.Random(seed)
    edges = random_edges(rng, rng.randint(1, 5), rng.randint(1, 5), 0.6)
    persons = sorted({e.person for e in edges})
    bodies = sorted({e.body for e in edges})
    expected = brute_force(edges)
    found = exact_marginals(edges, persons, bodies)
    assert found == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_belief_propagation_is_exact_on_trees_and_close_on_loops(seed):
    rng = random.Random(100 + seed)
    star = [Edge("p", f"b{j}", rng.uniform(-2, 3)) for j in range(5)]
    assert propagated_marginals(star, ["p"], [e.body for e in star]) == pytest.approx(brute_force(star), abs=1e-9)
    edges = random_edges(rng, 4, 5, 0.7)
    persons = sorted({e.person for e in edges})
    bodies = sorted({e.body for e in edges})
    found = propagated_marginals(edges, persons, bodies)
    expected = brute_force(edges)
    assert max(abs(found[key] - expected[key]) for key in expected) < 0.05


def test_huge_weights_do_not_overflow_or_cancel():
    edges = [Edge("p", "b1", 25.0), Edge("p", "b2", 20.0), Edge("q", "b2", 1.0)]
    exact = marginals(edges)
    bp = propagated_marginals(edges, ["p", "q"], ["b1", "b2"])
    # Z = 1 + 1e25 + 1e20 + 10 + 1e26: p is b1 in 1e25 + 1e26 of it
    assert 1 - exact[("p", "b1")] == pytest.approx(1e20 / 1.1e26, rel=1e-6)
    assert 1 - bp[("p", "b1")] == pytest.approx(1 - exact[("p", "b1")], rel=1e-6)
    assert exact[("q", "b2")] == pytest.approx(10 / 11, abs=1e-6)


def test_components_separate_unconnected_incidents():
    edges = [Edge("p1", "b1", 1), Edge("p2", "b1", 1), Edge("p3", "b9", 1)]
    assert sorted(len(group) for group in components(edges)) == [1, 2]


def test_large_components_use_propagation_and_stay_coherent():
    rng = random.Random(7)
    edges = random_edges(rng, 20, 25, 0.3)
    found = marginals(edges)
    per_person: dict[str, float] = {}
    per_body: dict[str, float] = {}
    for (person, body), value in found.items():
        per_person[person] = per_person.get(person, 0) + value
        per_body[body] = per_body.get(body, 0) + value
    assert max(per_person.values()) <= 1 + 1e-9
    assert max(per_body.values()) <= 1 + 1e-6
