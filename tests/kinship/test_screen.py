"""The vectorised screen gives the direct calculation's numbers, and reports what it skipped."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from kinship import POPULATIONS, Family, KinshipSettings, PairResult, Reference, compare, load_frequencies, screen
from textbook import TEXTBOOK

LOCI = ("D3S1358", "TH01", "FGA", "vWA", "D8S1179", "TPOX", "D21S11", "SE33")


class Simulation:
    """Mendelian inheritance from the norSTR tables, seeded."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def founder(self, population: str) -> dict[str, tuple[str, str]]:
        database = load_frequencies(population)
        person = {}
        for name in LOCI:
            table = database.table(name)
            person[name] = tuple(self.rng.choices(list(table), weights=list(table.values()), k=2))
        return person  # type: ignore[return-value]

    def child(self, mother: dict, father: dict) -> dict:  # type: ignore[type-arg]
        return {n: (self.rng.choice(mother[n]), self.rng.choice(father[n])) for n in LOCI}

    def profile(self, person: dict, dropout: float = 0.0, untyped: float = 0.0) -> dict:  # type: ignore[type-arg]
        result = {}
        for name in LOCI:
            if self.rng.random() < untyped:
                continue
            a, b = sorted(person[name], key=float)
            result[name] = (a, None) if a != b and self.rng.random() < dropout else (a, b)
        return result


def simulated_case(seed: int = 5, size: int = 24) -> tuple[dict, list[Family]]:  # type: ignore[type-arg]
    sim = Simulation(seed)
    words = [("mother",), ("full_sibling",), ("grandparent",), ("first_cousin",), ("mother", "father"),
             ("mother", "full_sibling"), ("spouse", "child"), ("child", "child"), ("full_sibling", "full_sibling"),
             ("mother", "father", "full_sibling"), ("grandparent", "mother"), ("aunt_uncle",)]  # fmt: skip
    post_mortem, families = {}, []
    for number in range(size):
        population = POPULATIONS[number % len(POPULATIONS)]
        mother, father, spouse = (sim.founder(population) for _ in range(3))
        missing = sim.child(mother, father)
        relatives = {
            "mother": mother, "father": father, "spouse": spouse,
            "full_sibling": sim.child(mother, father), "child": sim.child(missing, spouse),
            "grandparent": sim.founder(population), "first_cousin": sim.founder(population),
            "aunt_uncle": sim.founder(population),
        }  # fmt: skip
        chosen = words[number % len(words)]
        references = tuple(
            Reference(f"F{number}R{i}", w, sim.profile(relatives[w], dropout=0.15, untyped=0.1))
            for i, w in enumerate(chosen)
        )
        families.append(
            Family(f"F{number}", references, population=None if number % 5 == 0 else population,
                   linked_missing_count=1 + number % 3)
        )
        body = missing if number % 2 == 0 else sim.founder(population)
        post_mortem[f"PM{number}"] = sim.profile(body, dropout=0.2, untyped=0.15)
    return post_mortem, families


KEEP_ALL = KinshipSettings(keep_top_per_family=10_000, keep_min_log10_lr=-math.inf)


def test_screen_equals_the_direct_calculation_for_a_random_sample_of_pairs() -> None:
    post_mortem, families = simulated_case()
    result = screen(post_mortem, families, KEEP_ALL)
    by_pair = {(p.family_id, p.post_mortem_id): p for p in result.pairs}
    rng = random.Random(1)
    sample = rng.sample([(f, pm) for f in families for pm in post_mortem], 60)
    for family, pm in sample:
        direct = compare(pm, post_mortem[pm], family, KEEP_ALL).pair
        screened = by_pair.get((family.family_id, pm))
        if direct is None or direct.loci_compared == 0:
            assert screened is None
            continue
        assert screened is not None
        if math.isinf(direct.log10_lr):
            assert screened.log10_lr == direct.log10_lr
        else:
            assert screened.log10_lr == pytest.approx(direct.log10_lr, abs=1e-9)
            assert 10**screened.log10_lr == pytest.approx(10**direct.log10_lr, rel=1e-8)
        assert screened.incompatible_loci == direct.incompatible_loci
        assert screened.excluded == direct.excluded
        assert screened.population == direct.population
        assert screened.loci_compared == direct.loci_compared
        assert screened.posterior == pytest.approx(direct.posterior, rel=1e-9, abs=1e-300)


def assert_same_loci(screened: PairResult, direct: PairResult) -> None:
    """The screen's loci of a pair are the direct calculation's: the same loci in the same order,
    the same genotypes and flags, the same LRs (to rounding: the screen keeps log10 LRs)."""
    def described(pair: PairResult) -> list[tuple[object, ...]]:
        return [(locus.locus, locus.incompatible, locus.missing_genotype, locus.reference_genotypes)
                for locus in pair.loci]
    assert described(screened) == described(direct)
    assert [locus.lr for locus in screened.loci] == pytest.approx([locus.lr for locus in direct.loci], rel=1e-9)
    assert sum(math.log10(locus.lr) for locus in screened.loci) == pytest.approx(screened.log10_lr, abs=1e-9)


def test_the_pairs_worth_explaining_come_with_the_direct_calculations_loci() -> None:
    """Every pair the screen keeps that is not excluded and has an LR above one carries its loci,
    at the population and pedigree variant that counted; no other pair carries any."""
    post_mortem, families = simulated_case(seed=11, size=36)
    by_id = {family.family_id: family for family in families}
    result = screen(post_mortem, families, KEEP_ALL, workers=2)
    worth = [pair for pair in result.pairs if pair.worth_explaining]
    assert len(worth) >= 10
    assert {pair.population for pair in worth if by_id[pair.family_id].population is None} - {None}
    for pair in worth:
        direct = compare(pair.post_mortem_id, post_mortem[pair.post_mortem_id], by_id[pair.family_id], KEEP_ALL).pair
        assert direct is not None and (direct.population, direct.pedigree) == (pair.population, pair.pedigree)
        assert_same_loci(pair, direct)
    assert all(pair.loci == () for pair in result.pairs if not pair.worth_explaining)
    assert all(pair.loci == () for pair in screen(post_mortem, families, KEEP_ALL, explain=False).pairs)


def test_two_workers_give_the_same_result() -> None:
    post_mortem, families = simulated_case(seed=9, size=14)
    one = screen(post_mortem, families, KEEP_ALL)
    two = screen(post_mortem, families, KEEP_ALL, workers=2)
    key = lambda p: (p.family_id, p.post_mortem_id)  # noqa: E731
    assert [key(p) for p in one.pairs] == [key(p) for p in two.pairs]
    np.testing.assert_array_equal([p.log10_lr for p in one.pairs], [p.log10_lr for p in two.pairs])
    assert (one.pairs_compared, one.pairs_excluded) == (two.pairs_compared, two.pairs_excluded)


def test_unknown_ancestry_reports_the_minimum_over_all_databases() -> None:
    post_mortem, families = simulated_case(seed=2, size=10)
    family = next(f for f in families if f.population is None)
    result = screen(post_mortem, [family], KEEP_ALL)
    for pair in result.pairs:
        assert set(pair.log10_lr_by_population) == set(POPULATIONS)
        assert pair.log10_lr == min(pair.log10_lr_by_population.values())
        assert pair.log10_lr_by_population[pair.population] == pair.log10_lr


def test_exclusion_needs_more_than_two_incompatible_loci_and_names_them() -> None:
    mother = {"D3S1358": ("15", "16"), "TH01": ("6", "7"), "FGA": ("20", "21"), "vWA": ("14", "15")}
    child = {"D3S1358": ("17", "18"), "TH01": ("9", "9.3"), "FGA": ("20", "24"), "vWA": ("17", "18")}
    settings = KinshipSettings(mutation_rate=0.002, keep_min_log10_lr=-math.inf)
    family = Family("F", (Reference("M", "mother", mother),), population="europe")
    pair = screen({"PM": child}, [family], settings).pairs[0]
    assert pair.incompatible_loci == ("D3S1358", "TH01", "vWA")
    assert pair.excluded and not pair.ready_for_report
    two_only = {**child, "vWA": ("14", "18")}
    pair = screen({"PM": two_only}, [family], settings).pairs[0]
    assert pair.incompatible_loci == ("D3S1358", "TH01") and not pair.excluded


def test_bad_input_is_reported_and_the_rest_goes_on() -> None:
    post_mortem = {
        "PM1": {"TH01": ("6", "7"), "D3S1358": "15/X", "NOTALOCUS": ("1", "2")},
        "PM2": {"TH01": ("6", "6"), "D3S1358": ("15", "16")},
    }
    families = [
        Family("GOOD",
               (Reference("G1", "mother", {"TH01": ("6", "9"), "D3S1358": ("15", "17"), "NOTALOCUS": ("1", "3")}),),
               population="europe"),
        Family("OTHER", (Reference("O1", "other", {"TH01": ("6", "7")}),)),
        Family("MALE_MOTHER", (Reference("X1", "mother", {"TH01": ("6", "7")}, sex="male"),
                               Reference("X2", "full_sibling", {"TH01": ("6", "7")}))),
        Family("ATLANTIS", (Reference("A1", "mother", {"TH01": ("6", "7")}),), population="atlantis"),
    ]
    result = screen(post_mortem, families, TEXTBOOK)
    messages = [str(s) for s in result.skipped]
    assert any("'PM1'" in m and "'D3S1358'" in m and "'X'" in m for m in messages)
    assert any("'PM1'" in m and "'NOTALOCUS'" in m and "norSTR europe" in m for m in messages)
    assert any("'O1'" in m and "shared ancestry" in m for m in messages)
    assert any("'MALE_MOTHER'" in m and "'X1'" in m and "male" in m for m in messages)
    assert any("'ATLANTIS'" in m and "atlantis" in m for m in messages)
    assert result.families_screened == 1
    assert {p.post_mortem_id for p in result.pairs} == {"PM1", "PM2"}
    assert result.summary()["skipped"] == len(result.skipped)
