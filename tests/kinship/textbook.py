"""Made-up loci with round frequencies, textbook settings and one-line LR calculations."""

from __future__ import annotations

import pytest

from kinship import Family, Genotype, KinshipSettings, Reference
from kinship.likelihood.family_batch import family_alleles_at
from kinship.likelihood.locus import LocusAlleles, locus_alleles_from_table
from kinship.likelihood.locus_ratios import batched_pedigree_ratios
from kinship.likelihood.pairwise import pairwise_table
from kinship.likelihood.pedigree import build_pedigrees

# Published values are quoted without subpopulation correction or mutation.
TEXTBOOK = KinshipSettings(theta=0.0, mutation_rate=0.0)


def assert_close(actual: float, expected: float, rel: float = 1e-9) -> None:
    """Relative comparison, failing with both numbers shown."""
    assert actual == pytest.approx(expected, rel=rel, abs=0.0), f"{actual!r} != {expected!r}"


def locus(**frequencies: float) -> LocusAlleles:
    """A locus with the given alleles (written a10=0.1 for allele 10)."""
    return locus_alleles_from_table({name.lstrip("a").replace("_", "."): f for name, f in frequencies.items()})


def pairwise_lr(
    alleles: LocusAlleles, relationship: str, reference: Genotype, missing: Genotype, settings: KinshipSettings
) -> float:
    """LR of one reference against one missing-person genotype at a made-up locus."""
    return float(pairwise_table(alleles, relationship, [reference], [missing], settings).lr[0, 0])


def family_lr(
    alleles: LocusAlleles,
    references: list[tuple[str, Genotype]],
    missing: Genotype,
    settings: KinshipSettings,
    sexes: dict[int, str] | None = None,
) -> float:
    """Pedigree LR of several references (relationship, genotype) at a made-up locus."""
    family = Family(
        "family",
        tuple(
            Reference(f"R{i}", word, {alleles.locus: genotype}, (sexes or {}).get(i))
            for i, (word, genotype) in enumerate(references)
        ),
    )
    pedigree = build_pedigrees(family, list(family.references))[0]
    observations = {pedigree.index_of(r.sample_id): r.profile[alleles.locus] for r in family.references}
    ratios = batched_pedigree_ratios(pedigree, [family_alleles_at(observations)], alleles, [missing], settings)
    return float(ratios.lr[0, 0])
