"""Many post-mortem profiles against many families, vectorised with numpy.

For each locus the distinct post-mortem genotypes are numbered once (code 0 =
untyped). For each family the LR at that locus depends only on the
missing person's genotype, so it is computed once per family and locus as a
row over the codes (:func:`kinship.comparison.locus_ratios`, the same
function the direct calculation uses) and gathered for all profiles with one
numpy indexing operation. Families are processed in blocks so memory stays
bounded; no Python code runs per pair.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kinship.compare import clean_profile
from kinship.comparison import (
    LocusRatios,
    batched_pedigree_ratios,
    PreparedFamily,
    Skipped,
    family_alleles,
    populations_for,
    prepare_family,
    single_reference_ratios,
)
from kinship.pedigree_likelihood import family_pattern
from kinship.frequencies import UnknownPopulation, load_frequencies
from kinship.locus import LocusAlleles, locus_alleles
from kinship.posterior import posterior_probability, prior_probability, ready_for_report
from kinship.profile import Genotype, Profile
from kinship.results import PairResult, ScreenResult
from kinship.settings import KinshipSettings

FAMILIES_PER_BLOCK = 256


@dataclass(frozen=True)
class _Catalogue:
    """Distinct post-mortem genotypes at one locus and each profile's code."""

    genotypes: list[Genotype]
    codes: NDArray[np.int32]


@dataclass
class _Job:
    """One family in a block: its rows in the accumulators, per population."""

    prepared: PreparedFamily
    reporting: str
    populations: tuple[str, ...]
    first_row: int


def screen(
    post_mortem: Mapping[str, Mapping[str, object]],
    families: Sequence[object],
    settings: KinshipSettings,
) -> ScreenResult:
    """Compare every post-mortem profile with every family.

    ``post_mortem`` maps sample id to profile; ``families`` holds
    :class:`kinship.family.Family` records. Items that cannot be used (bad
    loci, unknown relationships, inconsistent pedigrees, unknown populations)
    are reported in ``ScreenResult.skipped`` and the rest goes on.
    """
    result = ScreenResult()
    profiles: dict[str, Profile] = {}
    for sample_id, raw in post_mortem.items():
        profile, problems = clean_profile(sample_id, raw)
        profiles[sample_id] = profile
        result.skipped += problems
    pm_ids = list(profiles)
    result.post_mortem_screened = len(pm_ids)
    jobs = _prepare(families, settings, result)  # type: ignore[arg-type]
    result.families_screened = len(jobs)
    if not pm_ids or not jobs:
        return result
    loci = sorted({locus for job in jobs for locus in job.prepared.typed_loci()} & {l for p in profiles.values() for l in p})
    catalogues = {locus: _catalogue(locus, pm_ids, profiles) for locus in loci}
    numbering = _Numbering(catalogues, jobs)
    _report_missing_loci(loci, pm_ids, profiles, jobs, result)
    for start in range(0, len(jobs), FAMILIES_PER_BLOCK):
        _screen_block(jobs[start : start + FAMILIES_PER_BLOCK], loci, catalogues, numbering, pm_ids, settings, result)
    return result


def _prepare(families: Sequence, settings: KinshipSettings, result: ScreenResult) -> list[_Job]:  # type: ignore[type-arg]
    jobs = []
    for family in families:
        prepared = prepare_family(family)
        result.skipped += prepared.skipped
        if not prepared.usable:
            continue
        try:
            reporting, populations = populations_for(family, settings)
        except UnknownPopulation as error:
            result.skipped.append(Skipped("family", family.family_id, str(error)))
            continue
        jobs.append(_Job(prepared, reporting, populations, 0))
    return jobs


def _catalogue(locus: str, pm_ids: list[str], profiles: Mapping[str, Profile]) -> _Catalogue:
    index: dict[Genotype, int] = {}
    codes = np.zeros(len(pm_ids), dtype=np.int32)
    for position, sample_id in enumerate(pm_ids):
        genotype = profiles[sample_id].get(locus)
        if genotype is not None:
            codes[position] = index.setdefault(genotype, len(index) + 1)
    return _Catalogue(list(index), codes)


class _Numbering:
    """LocusAlleles per (population, locus), numbering every allele in the screen once."""

    def __init__(self, catalogues: Mapping[str, _Catalogue], jobs: list[_Job]) -> None:
        self.observed: dict[str, set[str]] = defaultdict(set)
        for locus, catalogue in catalogues.items():
            self.observed[locus] |= {a for g in catalogue.genotypes for a in g if a is not None}
        for job in jobs:
            for locus in catalogues:
                self.observed[locus] |= set(family_alleles(job.prepared, locus))
        self.cache: dict[tuple[str, str], LocusAlleles] = {}

    def get(self, population: str, locus: str) -> LocusAlleles:
        key = (population, locus)
        if key not in self.cache:
            self.cache[key] = locus_alleles(population, locus, self.observed[locus])
        return self.cache[key]


def _report_missing_loci(
    loci: list[str], pm_ids: list[str], profiles: Mapping[str, Profile], jobs: list[_Job], result: ScreenResult
) -> None:
    for population in sorted({job.reporting for job in jobs}):
        database = load_frequencies(population)
        for locus in loci:
            if database.has_locus(locus):
                continue
            for sample_id in pm_ids:
                if locus in profiles[sample_id]:
                    result.skipped.append(
                        Skipped("locus", sample_id, f"not in the norSTR {population} database; left out", locus)
                    )


def _screen_block(
    jobs: list[_Job],
    loci: list[str],
    catalogues: Mapping[str, _Catalogue],
    numbering: _Numbering,
    pm_ids: list[str],
    settings: KinshipSettings,
    result: ScreenResult,
) -> None:
    rows = 0
    for job in jobs:
        job.first_row = rows
        rows += len(job.populations) * job.prepared.variants
    n_pm = len(pm_ids)
    log10_lr = np.zeros((rows, n_pm))
    incompatible_count = np.zeros((rows, n_pm), dtype=np.int16)
    incompatible_bits = np.zeros((math.ceil(len(loci) / 63) or 1, rows, n_pm), dtype=np.int64)
    compared = np.zeros((rows, n_pm), dtype=np.int16)
    for locus_number, locus in enumerate(loci):
        codes = catalogues[locus].codes
        typed = codes > 0
        for row_ids, ratios in _locus_rows(jobs, locus, catalogues[locus], numbering, settings):
            with np.errstate(divide="ignore"):
                table = np.log10(ratios.lr)
            table = np.hstack([np.zeros((table.shape[0], 1)), table])
            log10_lr[row_ids] += table[:, codes]
            flags = np.hstack([np.zeros((table.shape[0], 1), dtype=bool), ratios.incompatible])[:, codes]
            incompatible_count[row_ids] += flags
            word, bit = divmod(locus_number, 63)
            incompatible_bits[word, row_ids] |= flags.astype(np.int64) << bit
            compared[row_ids] += typed
    for job in jobs:
        _collect(job, loci, log10_lr, incompatible_count, incompatible_bits, compared, pm_ids, settings, result)


def _locus_rows(
    jobs: list[_Job],
    locus: str,
    catalogue: _Catalogue,
    numbering: _Numbering,
    settings: KinshipSettings,
):  # type: ignore[no-untyped-def]
    """Yield (accumulator rows, LocusRatios) for every family typed at ``locus``."""
    singles: dict[tuple[str, str], dict[Genotype, list[int]]] = defaultdict(lambda: defaultdict(list))
    pedigrees: dict[tuple, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)  # type: ignore[type-arg]
    for job in jobs:
        if not any(locus in r.profile for r in job.prepared.references):
            continue
        for offset, population in enumerate(job.populations):
            if not load_frequencies(population).has_locus(locus):
                continue
            first = job.first_row + offset * job.prepared.variants
            if not job.prepared.pedigrees:
                reference = job.prepared.references[0]
                singles[(population, reference.relationship)][reference.profile[locus]].append(first)
                continue
            for variant, pedigree in enumerate(job.prepared.pedigrees):
                observations = {
                    pedigree.index_of(r.sample_id): r.profile[locus]
                    for r in job.prepared.references
                    if locus in r.profile
                }
                _add_to_batch(pedigrees, population, pedigree, observations, first + variant)
    for (population, relationship), by_genotype in singles.items():
        genotypes = list(by_genotype)
        alleles = numbering.get(population, locus)
        ratios = single_reference_ratios(relationship, genotypes, alleles, catalogue.genotypes, settings)
        row_ids = np.concatenate([by_genotype[g] for g in genotypes])
        which = np.repeat(np.arange(len(genotypes)), [len(by_genotype[g]) for g in genotypes])
        yield row_ids, LocusRatios(ratios.lr[which], ratios.incompatible[which])
    for key, members in pedigrees.items():
        population, pedigree, genotypes = key
        alleles = numbering.get(population, locus)
        ratios = batched_pedigree_ratios(pedigree, genotypes, [m[1] for m in members], alleles, catalogue.genotypes, settings)
        yield np.array([m[0] for m in members]), ratios


def _add_to_batch(batches, population, pedigree, observations, row):  # type: ignore[no-untyped-def]
    """Families sharing pedigree and allele pattern are computed in one enumeration."""
    pattern = family_pattern(observations)
    batches[(population, pedigree, pattern.genotypes)].append((row, pattern.alleles))


def _collect(
    job: _Job,
    loci: list[str],
    log10_lr: NDArray[np.float64],
    incompatible_count: NDArray[np.int16],
    incompatible_bits: NDArray[np.int64],
    compared: NDArray[np.int16],
    pm_ids: list[str],
    settings: KinshipSettings,
    result: ScreenResult,
) -> None:
    """Reduce a family's rows to one value per profile and keep the pairs worth reporting."""
    variants = job.prepared.variants
    per_population = []
    chosen_rows = []
    for offset in range(len(job.populations)):
        first = job.first_row + offset * variants
        block = log10_lr[first : first + variants]
        best = np.argmin(block, axis=0)
        per_population.append(block[best, np.arange(block.shape[1])])
        chosen_rows.append(first + best)
    totals = np.vstack(per_population)
    which = np.argmin(totals, axis=0)
    columns = np.arange(totals.shape[1])
    final = totals[which, columns]
    rows = np.vstack(chosen_rows)[which, columns]
    counts = incompatible_count[rows, columns]
    loci_compared = compared[rows, columns]
    excluded = counts > settings.max_incompatible_loci
    any_compared = loci_compared > 0
    result.pairs_compared += int(any_compared.sum())
    result.pairs_excluded += int((excluded & any_compared).sum())
    candidates = np.flatnonzero(any_compared & ~excluded)
    keep = set(candidates[np.argsort(-final[candidates], kind="stable")[: settings.keep_top_per_family]].tolist())
    keep |= set(np.flatnonzero(any_compared & (final >= settings.keep_min_log10_lr)).tolist())
    family = job.prepared.family
    prior = prior_probability(family, settings)
    for column in sorted(keep):
        bits = incompatible_bits[:, rows[column], column]
        incompatible = tuple(
            locus for number, locus in enumerate(loci) if (int(bits[number // 63]) >> (number % 63)) & 1
        )
        posterior = posterior_probability(float(final[column]), prior)
        variant = int(rows[column] - job.first_row) % variants
        result.pairs.append(
            PairResult(
                family_id=family.family_id,
                post_mortem_id=pm_ids[column],
                log10_lr=float(final[column]),
                loci_compared=int(loci_compared[column]),
                incompatible_loci=incompatible,
                excluded=bool(excluded[column]),
                population=job.populations[int(which[column])],
                stated_population=family.population,
                log10_lr_by_population={p: float(totals[i, column]) for i, p in enumerate(job.populations)},
                theta=settings.theta,
                mutation_model=settings.mutation_model,
                mutation_rate=settings.mutation_rate,
                prior=prior,
                posterior=posterior,
                ready_for_report=ready_for_report(posterior, bool(excluded[column]), settings),
                pedigree=job.prepared.pedigrees[variant].description if job.prepared.pedigrees else "pairwise",
            )
        )
