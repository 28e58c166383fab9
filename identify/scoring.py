"""Combining the evidence of one candidate: product of likelihood ratios, posterior, band.

Independence assumption: given whether the candidate is the missing person, the evidence kinds
are taken as independent, so the combined likelihood ratio is the product of theirs (the sum of
their log10). Where two kinds would count one fact twice the comparisons avoid it: age is not
compared when both records give a date of birth; stature is compared against the distribution of
the report's sex; a sighting's one description stands in for all description fields only once per
field. See docs/identification.md for what remains approximate.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

from .evidence.descriptions import FIELDS, compare_descriptions, tokenise
from .evidence.dna import compare_dna
from .evidence.name_similarity import compare_names, keys_of
from .evidence.parameters import Parameters, load_parameters
from .evidence.physical import (compare_age, compare_date_of_birth, compare_eyes, compare_hair,
                                compare_nationality, compare_sex, compare_stature)
from .evidence.profiles import Evidence, KinshipResult, Link, Population, Profile
from .evidence.time_place import compare_time_place

BANDS = ("strong", "probable", "possible", "excluded")
# Which comparisons apply to which candidate kind. Names of remains come from an identification
# made elsewhere (identified_as); reports and sightings carry their own.
Comparator = Callable[[Profile, Profile, Parameters], "Evidence | None"]
PHYSICAL: tuple[tuple[str, Comparator], ...] = (
    ("names", compare_names),
    ("sex", compare_sex),
    ("date_of_birth", compare_date_of_birth),
    ("age", compare_age),
    ("stature", compare_stature),
    ("hair_colour", compare_hair),
    ("eye_colour", compare_eyes),
    ("nationality", compare_nationality),
)


@dataclass(frozen=True)
class Prior:
    """The prior probability that one record of a kind is the missing person, and why."""

    probability: float
    statement: str


@dataclass(frozen=True)
class Score:
    """A scored candidate: its evidence (DNA first), combined log10 LR, prior, posterior, band."""

    evidence: tuple[Evidence, ...]
    log10_lr: float
    prior: Prior
    posterior: float
    band: str

    def evidence_json(self) -> str:
        return json.dumps([item.as_json() for item in self.evidence], ensure_ascii=False)

    @property
    def evidence_hash(self) -> str:
        """What a reviewer would call "the evidence": kinds, levels and the DNA ratio to 0.1.

        Measured frequencies move a little as records arrive; that alone is no new evidence, so
        the hash leaves the other ratios out.
        """
        summary = [(item.kind, item.level, round(item.log10_lr, 1) if item.kind == "dna" else None)
                   for item in self.evidence]
        return hashlib.sha256(json.dumps(summary).encode()).hexdigest()[:16]


def prior_for(kind: str, population: Population, params: Parameters) -> Prior:
    """share / number of records of the kind: each record equally likely before the evidence."""
    share = params.prior_share[kind]
    size = population.size(kind)
    probability = share / size
    return Prior(probability, f"1 in {1 / probability:,.0f}: {share:.0%} of missing persons are "
                              f"expected among {size:,} {kind} records")


def posterior_of(log10_lr: float, prior: float) -> float:
    """Posterior probability from the prior and the combined log10 LR (in log space, no overflow)."""
    log10_odds = math.log10(prior) - math.log10(1.0 - prior) + log10_lr
    if log10_odds > 300:
        return 1.0
    if log10_odds < -300:
        return 0.0
    return 1.0 / (1.0 + 10.0 ** (-log10_odds))


def band_of(evidence: tuple[Evidence, ...], log10_lr: float, posterior: float, params: Parameters) -> str:
    bands = params.bands
    if any(item.excludes for item in evidence) or log10_lr <= bands.excluded_max_log10_lr:
        return "excluded"
    if posterior >= bands.strong_min_posterior:
        return "strong"
    if posterior >= bands.probable_min_posterior:
        return "probable"
    return "possible"


def gather_evidence(report: Profile, candidate: Profile, link: Link, kinship: KinshipResult | None,
                    population: Population, params: Parameters) -> tuple[Evidence, ...]:
    """Every evidence kind both records allow, DNA first, then time and place, names, body."""
    found: list[Evidence] = []
    if candidate.kind == "remains" and (dna := compare_dna(kinship, params, report, candidate)):
        found.append(dna)
    found.append(compare_time_place(report, candidate, link, population, params))
    skip = {"age"} if report.date_of_birth and candidate.date_of_birth else set()
    for kind, comparator in PHYSICAL:
        if kind not in skip and (item := comparator(report, candidate, params)):
            found.append(item)
    found.extend(compare_descriptions(report, candidate, params))
    return tuple(found)


def combine(evidence: tuple[Evidence, ...], kind: str, population: Population,
            params: Parameters) -> Score:
    """The Score of a list of evidence for a candidate of `kind`."""
    log10_lr = sum(item.log10_lr for item in evidence)
    prior = prior_for(kind, population, params)
    posterior = posterior_of(log10_lr, prior.probability)
    return Score(evidence, log10_lr, prior, posterior, band_of(evidence, log10_lr, posterior, params))


def warm_caches(profile: Profile) -> None:
    """Tokenise a profile's descriptions and key its names once, into the comparators' caches.

    A match run does this as it reads profiles, so worker processes forked for scoring inherit
    the work instead of repeating it batch after batch.
    """
    for field in FIELDS:
        for text in getattr(profile, field):
            tokenise(text, field)
        if profile.description:
            tokenise(profile.description, field)
    for name in profile.names:
        keys_of(name)


def score_candidate(report: Profile, candidate: Profile, *, link: Link | None = None,
                    kinship: KinshipResult | None = None, population: Population | None = None,
                    params: Parameters | None = None) -> Score:
    """Score one candidate record against a report's missing person."""
    params = params or load_parameters()
    population = population or Population()
    evidence = gather_evidence(report, candidate, link or Link(), kinship, population, params)
    return combine(evidence, candidate.kind, population, params)
