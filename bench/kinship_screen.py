"""Benchmark: screen simulated post-mortem profiles against simulated families.

Profiles are simulated from the norSTR frequency tables with Mendelian
inheritance and a fixed seed: each family gets 1-3 references (parents,
siblings, spouse and children, or a single more distant relative), a fifth
of the families have unknown ancestry (minimum over all seven databases),
and a share of the post-mortem profiles are partial or show drop-out. A third
of the post-mortem profiles belong to a family's missing person.

Each size runs in a fresh process, so the peak resident memory reported
(``resource.getrusage``) belongs to that size alone.

Usage (from the project root)::

    .venv/bin/python bench/kinship_screen.py --sizes 1000 2500 5000 10000 --workers 2
    .venv/bin/python bench/kinship_screen.py --sizes 100000 --profiles 40000   # ICMP scale
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kinship import (  # noqa: E402
    POPULATIONS,
    Family,
    Genotype,
    KinshipSettings,
    Profile,
    Reference,
    allele_sort_key,
    load_frequencies,
    screen,
)

# The 20 expanded CODIS loci plus SE33, Penta D and Penta E: typed in all
# seven norSTR databases.
LOCI = (
    "CSF1PO", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317", "D16S539", "D18S51",
    "D21S11", "FGA", "TH01", "TPOX", "vWA", "D1S1656", "D2S441", "D2S1338", "D10S1248",
    "D12S391", "D19S433", "D22S1045", "SE33", "Penta D", "Penta E",
)  # fmt: skip

Person = dict[str, tuple[str, str]]


class Simulator:
    """Draws founders and children from the frequency tables with one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.tables = {}
        for population in POPULATIONS:
            database = load_frequencies(population)
            for locus in LOCI:
                table = database.table(locus)
                alleles = list(table)
                weights = np.array([table[a] for a in alleles])
                self.tables[(population, locus)] = (alleles, weights / weights.sum())

    def founder(self, population: str) -> Person:
        person = {}
        for locus in LOCI:
            alleles, weights = self.tables[(population, locus)]
            first, second = self.rng.choice(len(alleles), size=2, p=weights)
            person[locus] = (alleles[first], alleles[second])
        return person

    def child(self, mother: Person, father: Person) -> Person:
        picks = self.rng.integers(0, 2, size=(len(LOCI), 2))
        return {
            locus: (mother[locus][picks[i, 0]], father[locus][picks[i, 1]]) for i, locus in enumerate(LOCI)
        }

    def profile(self, person: Person, untyped: float = 0.0, dropout: float = 0.0) -> Profile:
        profile: Profile = {}
        for locus in LOCI:
            if self.rng.random() < untyped:
                continue
            first, second = sorted(person[locus], key=allele_sort_key)
            genotype: Genotype = (first, second)
            if first != second and self.rng.random() < dropout:
                genotype = (first if self.rng.random() < 0.5 else second, None)
            profile[locus] = genotype
        return profile


SINGLE = ("mother", "father", "child", "full_sibling", "half_sibling_maternal", "grandparent",
          "aunt_uncle", "niece_nephew", "first_cousin", "grandchild")  # fmt: skip
SEVERAL = (("mother", "father"), ("mother", "full_sibling"), ("father", "full_sibling"),
           ("spouse", "child"), ("full_sibling", "full_sibling"), ("child", "child"),
           ("mother", "father", "full_sibling"), ("mother", "full_sibling", "full_sibling"),
           ("spouse", "child", "child"), ("full_sibling", "full_sibling", "full_sibling"))  # fmt: skip


def simulate(size: int, seed: int = 20240601, profiles: int | None = None) -> tuple[dict[str, Profile], list[Family]]:
    """``size`` families and ``profiles`` post-mortem profiles (default ``size``).

    Profile i < ``size`` belongs to family i's missing person for a third of the families;
    the others are of unrelated people.
    """
    profiles = size if profiles is None else profiles
    sim = Simulator(seed)
    families = []
    post_mortem: dict[str, Profile] = {}
    for number in range(size):
        population = POPULATIONS[int(sim.rng.integers(len(POPULATIONS)))]
        mother, father, spouse = (sim.founder(population) for _ in range(3))
        missing = sim.child(mother, father)
        roll = sim.rng.random()
        if roll < 0.4:
            words: tuple[str, ...] = (SINGLE[int(sim.rng.integers(len(SINGLE)))],)
        else:
            words = SEVERAL[int(sim.rng.integers(len(SEVERAL)))]
        references = []
        for position, word in enumerate(words):
            person = _relative(sim, word, missing, mother, father, spouse, population)
            profile = sim.profile(person, untyped=0.05 if sim.rng.random() < 0.2 else 0.0)
            references.append(Reference(f"F{number}-R{position}", word, profile))
        stated = None if sim.rng.random() < 0.2 else population
        families.append(
            Family(f"F{number}", tuple(references), population=stated,
                   linked_missing_count=int(sim.rng.integers(1, 40)))
        )
        if number < profiles:
            body = missing if number % 3 == 0 else sim.founder(population)
            post_mortem[f"PM{number}"] = _post_mortem(sim, body)
    for number in range(size, profiles):
        population = POPULATIONS[int(sim.rng.integers(len(POPULATIONS)))]
        post_mortem[f"PM{number}"] = _post_mortem(sim, sim.founder(population))
    return post_mortem, families


def _post_mortem(sim: Simulator, body: Person) -> Profile:
    """A post-mortem profile; 15% degraded (30% of loci missing, 20% drop-out)."""
    degraded = sim.rng.random() < 0.15
    return sim.profile(body, untyped=0.3 if degraded else 0.0, dropout=0.2 if degraded else 0.0)


def _relative(sim: Simulator, word: str, missing: Person, mother: Person, father: Person, spouse: Person, population: str) -> Person:  # noqa: E501
    if word == "mother":
        return mother
    if word == "father":
        return father
    if word == "spouse":
        return spouse
    if word == "full_sibling":
        return sim.child(mother, father)
    if word == "half_sibling_maternal":
        return sim.child(mother, sim.founder(population))
    if word == "child":
        return sim.child(missing, spouse)
    if word == "grandchild":
        return sim.child(sim.child(missing, spouse), sim.founder(population))
    if word == "niece_nephew":
        return sim.child(sim.child(mother, father), sim.founder(population))
    grandmother, grandfather = sim.founder(population), sim.founder(population)
    parent = sim.child(grandmother, grandfather)
    if word == "grandparent":
        missing.update(sim.child(parent, father))
        return grandmother
    aunt = sim.child(grandmother, grandfather)
    missing.update(sim.child(parent, father))
    if word == "aunt_uncle":
        return aunt
    return sim.child(aunt, sim.founder(population))  # first_cousin


def run_one(size: int, workers: int, profiles: int | None = None) -> dict[str, float]:
    """Simulate and screen one size in this process; return the measurements."""
    post_mortem, families = simulate(size, profiles=profiles)
    settings = KinshipSettings()
    start = time.perf_counter()
    result = screen(post_mortem, families, settings, workers=workers)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    pairs = size * len(post_mortem)
    return {
        "size": size,
        "profiles": len(post_mortem),
        "workers": workers,
        "seconds": seconds,
        "pairs_per_second": pairs / seconds,
        "peak_rss_mib": max(peak_kib, peak_children) / 1024,
        "pairs_kept": len(result.pairs),
        "pairs_excluded": result.pairs_excluded,
        "ready_for_report": sum(p.ready_for_report for p in result.pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 5000, 10000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profiles", type=int, help="post-mortem profiles (default: as many as families)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(run_one(arguments.one, arguments.workers, arguments.profiles)))
        return
    print(f"{'families x profiles':>20} {'seconds':>9} {'pairs/s':>12} {'peak RSS MiB':>13} {'kept':>7} {'ready':>6}")
    for size in arguments.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--workers", str(arguments.workers)]
        if arguments.profiles:
            command += ["--profiles", str(arguments.profiles)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        row = json.loads(output.strip().splitlines()[-1])
        print(
            f"{size:>9} x {row['profiles']:<9} {row['seconds']:>9.1f} {row['pairs_per_second']:>12,.0f} "
            f"{row['peak_rss_mib']:>13,.0f} {row['pairs_kept']:>7} {row['ready_for_report']:>6}"
        )


if __name__ == "__main__":
    main()
