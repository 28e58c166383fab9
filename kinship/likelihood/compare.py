"""One post-mortem profile against one family, computed directly, locus by locus.

This is the reference calculation behind ``explain``; the vectorised screen
must and does give the same numbers (tests compare them pair by pair).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from kinship.family import Family
from kinship.frequencies import UnknownPopulation, load_frequencies
from kinship.likelihood.family_check import FamilyCheck
from kinship.likelihood.locus_ratios import (
    PreparedFamily,
    locus_ratios,
    plausible_variants,
    populations_for,
    prepare_family,
)
from kinship.posterior import posterior_probability, prior_probability, ready_for_report
from kinship.profile import Profile, parse_profile
from kinship.results import LocusResult, PairResult, Skipped
from kinship.settings import KinshipSettings


@dataclass(frozen=True)
class Comparison:
    """The pairing (None when nothing could be compared), what was skipped, and what checking the
    family's references against each other found (None for a single reference)."""

    pair: PairResult | None
    skipped: tuple[Skipped, ...]
    check: FamilyCheck | None = None


def clean_profile(sample_id: str, raw: Mapping[str, object]) -> tuple[Profile, list[Skipped]]:
    """Normalise a profile; unreadable loci become skipped items naming sample and locus."""
    profile, problems = parse_profile(sample_id, raw)
    return profile, [Skipped("locus", p.sample_id, p.problem, p.locus) for p in problems]


def compare(
    post_mortem_id: str,
    post_mortem: Mapping[str, object],
    family: Family,
    settings: KinshipSettings,
    prepared: PreparedFamily | None = None,
) -> Comparison:
    """LR, exclusion and posterior for one post-mortem profile and one family."""
    return compare_profiles({post_mortem_id: post_mortem}, family, settings, prepared)[post_mortem_id]


def compare_profiles(
    post_mortem: Mapping[str, Mapping[str, object]],
    family: Family,
    settings: KinshipSettings,
    prepared: PreparedFamily | None = None,
) -> dict[str, Comparison]:
    """:func:`compare` for several post-mortem profiles (by sample id) against one family.

    Each result is the one :func:`compare` gives; the family is prepared, its plausible pedigree
    variants found and each locus computed once for all the profiles' genotypes there.
    """
    cleaned = {sample_id: clean_profile(sample_id, raw) for sample_id, raw in post_mortem.items()}
    prepared = prepared or prepare_family(family)
    if not prepared.usable:
        return {sample_id: Comparison(None, (*problems, *prepared.skipped), prepared.check)
                for sample_id, (_, problems) in cleaned.items()}
    try:
        reporting, populations = populations_for(family, settings)
    except UnknownPopulation as error:
        return {sample_id: Comparison(None, (*problems, *prepared.skipped, Skipped("family", family.family_id,
                                                                                   str(error))), prepared.check)
                for sample_id, (_, problems) in cleaned.items()}
    profiles = {sample_id: profile for sample_id, (profile, _) in cleaned.items()}
    typed_loci = prepared.typed_loci()
    per_population = {population: _best_variants(prepared, profiles, population, settings)
                      for population in populations}
    prior = prior_probability(family, settings)
    comparisons = {}
    for sample_id, (profile, problems) in cleaned.items():
        skipped = [*problems, *prepared.skipped]
        loci = sorted(locus for locus in profile if locus in typed_loci)
        database = load_frequencies(reporting)
        skipped += [
            Skipped("locus", sample_id, f"not in the norSTR {reporting} database; left out", locus)
            for locus in loci
            if not database.has_locus(locus)
        ]
        population = min(populations, key=lambda p: per_population[p][sample_id][0])
        log10_lr, variant, locus_results = per_population[population][sample_id]
        incompatible = tuple(r.locus for r in locus_results if r.incompatible)
        excluded = len(incompatible) > settings.max_incompatible_loci
        posterior = posterior_probability(log10_lr, prior)
        pair = PairResult(
            family_id=family.family_id,
            post_mortem_id=sample_id,
            log10_lr=log10_lr,
            loci_compared=len(locus_results),
            incompatible_loci=incompatible,
            excluded=excluded,
            population=population,
            stated_population=family.population,
            log10_lr_by_population={p: per_population[p][sample_id][0] for p in populations},
            theta=settings.theta,
            mutation_model=settings.mutation_model,
            mutation_rate=settings.mutation_rate,
            prior=prior,
            posterior=posterior,
            ready_for_report=ready_for_report(posterior, excluded, settings),
            pedigree=prepared.pedigrees[variant].description if prepared.pedigrees else "pairwise",
            loci=tuple(locus_results),
        )
        comparisons[sample_id] = Comparison(pair, tuple(skipped), prepared.check)
    return comparisons


def _best_variants(
    prepared: PreparedFamily,
    profiles: Mapping[str, Profile],
    population: str,
    settings: KinshipSettings,
) -> dict[str, tuple[float, int, list[LocusResult]]]:
    """Per profile: total log10 LR of the least favourable plausible pedigree variant, with its
    loci. Loci are added in sorted order, as for one profile alone."""
    database = load_frequencies(population)
    typed_loci = prepared.typed_loci()
    loci = sorted({locus for profile in profiles.values() for locus in profile
                   if locus in typed_loci and database.has_locus(locus)})
    totals = {sample_id: np.zeros(prepared.variants) for sample_id in profiles}
    rows: dict[str, list[tuple[str, np.ndarray, np.ndarray]]] = {sample_id: [] for sample_id in profiles}
    for locus in loci:
        genotypes = list(dict.fromkeys(p[locus] for p in profiles.values() if locus in p))
        ratios = locus_ratios(prepared, locus, population, genotypes, settings)
        if ratios is None:
            continue
        column = {genotype: number for number, genotype in enumerate(genotypes)}
        for sample_id, profile in profiles.items():
            if locus not in profile:
                continue
            at = column[profile[locus]]
            with np.errstate(divide="ignore"):
                totals[sample_id] += np.log10(ratios.lr[:, at])
            rows[sample_id].append((locus, ratios.lr[:, at], ratios.incompatible[:, at]))
    implausible = ~plausible_variants(prepared, population, settings)
    best: dict[str, tuple[float, int, list[LocusResult]]] = {}
    for sample_id, profile in profiles.items():
        totals[sample_id][implausible] = np.inf
        variant = int(np.argmin(totals[sample_id]))
        results = [
            LocusResult(
                locus=locus,
                lr=float(lr[variant]),
                incompatible=bool(incompatible[variant]),
                missing_genotype=profile[locus],
                reference_genotypes=prepared.genotypes_at(locus),
            )
            for locus, lr, incompatible in rows[sample_id]
        ]
        best[sample_id] = (float(totals[sample_id][variant]) if rows[sample_id] else 0.0, variant, results)
    return best
