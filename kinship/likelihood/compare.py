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
from kinship.profile import Genotype, Profile, parse_profile
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
    profile, skipped = clean_profile(post_mortem_id, post_mortem)
    prepared = prepared or prepare_family(family)
    skipped += list(prepared.skipped)
    if not prepared.usable:
        return Comparison(None, tuple(skipped), prepared.check)
    try:
        reporting, populations = populations_for(family, settings)
    except UnknownPopulation as error:
        return Comparison(None, (*skipped, Skipped("family", family.family_id, str(error))), prepared.check)
    loci = sorted(locus for locus in profile if locus in prepared.typed_loci())
    per_population: dict[str, tuple[float, int, list[LocusResult]]] = {}
    for population in populations:
        database = load_frequencies(population)
        present = [locus for locus in loci if database.has_locus(locus)]
        if population == reporting:
            skipped += [
                Skipped("locus", post_mortem_id, f"not in the norSTR {population} database; left out", locus)
                for locus in loci
                if locus not in present
            ]
        per_population[population] = _best_variant(prepared, profile, present, population, settings)
    population = min(per_population, key=lambda p: per_population[p][0])
    log10_lr, variant, locus_results = per_population[population]
    incompatible = tuple(r.locus for r in locus_results if r.incompatible)
    excluded = len(incompatible) > settings.max_incompatible_loci
    prior = prior_probability(family, settings)
    posterior = posterior_probability(log10_lr, prior)
    pair = PairResult(
        family_id=family.family_id,
        post_mortem_id=post_mortem_id,
        log10_lr=log10_lr,
        loci_compared=len(locus_results),
        incompatible_loci=incompatible,
        excluded=excluded,
        population=population,
        stated_population=family.population,
        log10_lr_by_population={p: v[0] for p, v in per_population.items()},
        theta=settings.theta,
        mutation_model=settings.mutation_model,
        mutation_rate=settings.mutation_rate,
        prior=prior,
        posterior=posterior,
        ready_for_report=ready_for_report(posterior, excluded, settings),
        pedigree=prepared.pedigrees[variant].description if prepared.pedigrees else "pairwise",
        loci=tuple(locus_results),
    )
    return Comparison(pair, tuple(skipped), prepared.check)


def _best_variant(
    prepared: PreparedFamily,
    profile: Profile,
    loci: list[str],
    population: str,
    settings: KinshipSettings,
) -> tuple[float, int, list[LocusResult]]:
    """Total log10 LR of the least favourable plausible pedigree variant, with its loci."""
    totals = np.zeros(prepared.variants)
    rows: list[tuple[str, np.ndarray, np.ndarray]] = []
    for locus in loci:
        ratios = locus_ratios(prepared, locus, population, [profile[locus]], settings)
        if ratios is None:
            continue
        with np.errstate(divide="ignore"):
            totals += np.log10(ratios.lr[:, 0])
        rows.append((locus, ratios.lr[:, 0], ratios.incompatible[:, 0]))
    totals[~plausible_variants(prepared, population, settings)] = np.inf
    variant = int(np.argmin(totals))
    results = [
        LocusResult(
            locus=locus,
            lr=float(lr[variant]),
            incompatible=bool(incompatible[variant]),
            missing_genotype=profile[locus],
            reference_genotypes=_reference_genotypes(prepared, locus),
        )
        for locus, lr, incompatible in rows
    ]
    return float(totals[variant]) if rows else 0.0, variant, results


def _reference_genotypes(prepared: PreparedFamily, locus: str) -> dict[str, Genotype]:
    return {r.sample_id: r.profile[locus] for r in prepared.references if locus in r.profile}
