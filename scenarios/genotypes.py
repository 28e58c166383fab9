"""STR genotypes: founders drawn from the norSTR allele frequencies, children by Mendelian
inheritance with single-step mutations, and the typed profiles laboratories report — complete
reference profiles, and post-mortem profiles with loci missing and alleles dropped out.

Alleles are held as integers in tenths of a repeat (9.3 -> 93, 14 -> 140) so that a one-step
mutation is exactly +-10 and microvariants survive it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from kinship import POPULATIONS, load_frequencies, normalise_allele
from scenarios.chance import Weighted
from scenarios.data import load_data

MUTATION_RATE = 0.002  # per transmitted allele, single-step, as in forensic STR practice
TENTHS = 10

Genotype = np.ndarray  # shape (loci, 2), int32 tenths of repeats: [paternal, maternal]


@dataclass(frozen=True)
class Kit:
    """A typing kit: the loci it types."""

    name: str
    loci: tuple[str, ...]


@dataclass(frozen=True)
class KitCatalogue:
    """Kits, laboratories and the approximate amplicon sizes of kits.yaml."""

    kits: dict[str, Kit]
    lab_kits: dict[str, str]
    reference_labs: dict[str, Weighted[str]]
    amplicon_bp: dict[str, int]

    def kit_of(self, lab: str) -> Kit:
        return self.kits[self.lab_kits[lab]]

    @property
    def panel(self) -> tuple[str, ...]:
        """Every locus any kit types, in the order of amplicon_bp (shortest first)."""
        wanted = {locus for kit in self.kits.values() for locus in kit.loci}
        return tuple(locus for locus in self.amplicon_bp if locus in wanted)


@lru_cache(maxsize=None)
def load_kits() -> KitCatalogue:
    """kits.yaml, checked against the loci that all seven norSTR databases type."""
    raw = load_data("kits.yaml")
    common = set.intersection(*(set(load_frequencies(p).loci) for p in POPULATIONS))
    kits = {name: Kit(name, tuple(loci)) for name, loci in raw["kits"].items()}
    for kit in kits.values():
        missing = [locus for locus in kit.loci if locus not in common or locus not in raw["amplicon_bp"]]
        if missing:
            raise ValueError(f"Kit {kit.name} types {missing}, not in every norSTR database.")
    return KitCatalogue(
        kits=kits,
        lab_kits=dict(raw["labs"]),
        reference_labs={pop: Weighted.of(labs) for pop, labs in raw["reference_labs"].items()},
        amplicon_bp={locus: int(bp) for locus, bp in raw["amplicon_bp"].items()},
    )


def allele_tenths(allele: str) -> int:
    """'9.3' -> 93, '14' -> 140."""
    whole, _, tenth = normalise_allele(allele).partition(".")
    return int(whole) * TENTHS + (int(tenth) if tenth else 0)


@lru_cache(maxsize=4096)
def allele_text(tenths: int) -> str:
    """93 -> '9.3', 140 -> '14'."""
    whole, tenth = divmod(tenths, TENTHS)
    return str(whole) if tenth == 0 else f"{whole}.{tenth}"


class GenotypeSimulator:
    """Draws founders and transmits alleles to children on a fixed panel of loci."""

    def __init__(self, loci: tuple[str, ...], mutation_rate: float = MUTATION_RATE) -> None:
        self.loci = loci
        self.mutation_rate = mutation_rate
        self._rows = np.arange(len(loci))
        self._cumulative: dict[str, np.ndarray] = {}
        self._values: dict[str, np.ndarray] = {}
        for population in POPULATIONS:
            self._cumulative[population], self._values[population] = self._tables(population)

    def _tables(self, population: str) -> tuple[np.ndarray, np.ndarray]:
        frequencies = load_frequencies(population)
        tables = [frequencies.table(locus) for locus in self.loci]
        width = max(len(t) for t in tables)
        # Padding sits beyond 1.0 so that a uniform draw never lands on it.
        cumulative = np.full((len(tables), width), 2.0)
        values = np.zeros((len(tables), width), dtype=np.int32)
        for row, table in enumerate(tables):
            alleles = sorted(table, key=allele_tenths)
            weights = np.array([table[a] for a in alleles])
            running = np.cumsum(weights / weights.sum())
            running[-1] = 1.0
            cumulative[row, : len(alleles)] = running
            values[row, : len(alleles)] = [allele_tenths(a) for a in alleles]
        return cumulative, values

    def founder(self, rng: np.random.Generator, population: str) -> Genotype:
        """An unrelated person of ``population``: two alleles per locus, independently drawn."""
        draws = rng.random((len(self.loci), 2))
        index = (self._cumulative[population][:, None, :] < draws[:, :, None]).sum(axis=2)
        return self._values[population][self._rows[:, None], index]

    def child(self, rng: np.random.Generator, father: Genotype, mother: Genotype) -> Genotype:
        """One allele from each parent at every locus, each mutating by one repeat with
        probability ``mutation_rate``."""
        draws = rng.random((len(self.loci), 6))
        paternal = father[self._rows, (draws[:, 0] < 0.5).astype(np.intp)]
        maternal = mother[self._rows, (draws[:, 1] < 0.5).astype(np.intp)]
        genotype = np.stack([paternal, maternal], axis=1)
        mutated = draws[:, 2:4] < self.mutation_rate
        if mutated.any():
            steps = np.where(draws[:, 4:6] < 0.5, -TENTHS, TENTHS)
            genotype = np.where(mutated, np.maximum(genotype + steps, TENTHS), genotype)
        return genotype


# Post-mortem profile qualities and how often each occurs among samples from remains.
POST_MORTEM_QUALITY = Weighted.of({"complete": 45, "partial": 35, "drop_out": 20})


def typed_profile(
    genotype: Genotype,
    panel_index: dict[str, int],
    kit: Kit,
    quality: str,
    amplicon_bp: dict[str, int],
    rng: random.Random,
) -> list[tuple[str, str, str]]:
    """The (locus, allele1, allele2) rows a laboratory reports for ``genotype`` typed with ``kit``.

    ``reference``: a good sample; very rarely one locus fails. ``complete``: every locus of the
    kit. ``partial``: degraded DNA; long amplicons fail first, so loci are lost above a
    sample-specific size threshold (at least six loci are kept). ``drop_out``: partial, and on
    top of it one allele of a locus may fall below the detection threshold: the locus is then
    reported with allele2 empty, and a true homozygote can look the same.
    """
    loci = list(kit.loci)
    if quality == "reference":
        if rng.random() < 0.03:
            loci.pop(rng.randrange(len(loci)))
    elif quality in ("partial", "drop_out"):
        threshold = rng.uniform(150, 380)
        kept = [locus for locus in loci if amplicon_bp[locus] + rng.gauss(0, 25) < threshold]
        if len(kept) < 6:
            kept = sorted(loci, key=amplicon_bp.__getitem__)[: 6 + rng.randrange(4)]
        loci = [locus for locus in loci if locus in kept]
    rows = []
    alleles = genotype.tolist()
    for locus in loci:
        first, second = sorted(alleles[panel_index[locus]])
        if quality == "drop_out" and rng.random() < 0.1 + 0.4 * amplicon_bp[locus] / 435:
            seen = first if rng.random() < 0.5 else second
            rows.append((locus, allele_text(seen), ""))
        else:
            rows.append((locus, allele_text(first), allele_text(second)))
    return rows
