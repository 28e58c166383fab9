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
from dataclasses import dataclass, replace

from .evidence.descriptions import FIELDS, compare_descriptions, tokenise
from .evidence.dna import compare_dna
from .evidence.name_similarity import compare_names, keys_of
from .evidence.parameters import Parameters, load_parameters
from .evidence.physical import (
    compare_age,
    compare_date_of_birth,
    compare_eyes,
    compare_hair,
    compare_nationality,
    compare_sex,
    compare_stature,
)
from .evidence.profiles import Evidence, KinshipResult, Link, Population, Profile
from .evidence.time_place import compare_time_place

BANDS = ("strong", "probable", "possible", "excluded")
# Evidence items derived from the others (no new observation): left out of what counts as a change.
DERIVED = frozenset({"dependence"})
# A report a family filed online is a lead until an investigator has verified it: neither it nor a
# record proposed for it is ever shown as a strong candidate (nor, so, in a brief) before then.
UNVERIFIED_CEILING = "probable"
# gather_evidence compares the names itself unless it is given their evidence (which may be None)
NOT_COMPARED = object()
# Which comparisons apply to which candidate kind. Names of remains come from an identification
# made elsewhere (identified_as); reports and sightings carry their own.
Comparator = Callable[[Profile, Profile, Parameters], "Evidence | None"]
PHYSICAL: tuple[tuple[str, Comparator], ...] = (
    ("sex", compare_sex),
    ("age", compare_age),
    ("stature", compare_stature),
    ("hair_colour", compare_hair),
    ("eye_colour", compare_eyes),
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
                   for item in self.evidence if item.kind not in DERIVED]
        return hashlib.sha256(json.dumps(summary).encode()).hexdigest()[:16]


def prior_for(kind: str, population: Population, params: Parameters) -> Prior:
    """share / number of records of the kind: each record equally likely before the evidence."""
    share = params.prior_share[kind]
    size = population.size(kind)
    probability = share / size
    if kind == "remains":
        why = f"{share:.0%} of missing persons are expected among {size:,} remains records"
    else:
        why = f"a missing person has {share:.2g} {kind} records on average, among {size:,}"
    return Prior(min(probability, 0.5), f"1 in {1 / min(probability, 0.5):,.0f}: {why}")


def posterior_of(log10_lr: float, prior: float) -> float:
    """Posterior probability from the prior and the combined log10 LR (in log space, no overflow)."""
    log10_odds = math.log10(prior) - math.log10(1.0 - prior) + log10_lr
    if log10_odds > 300:
        return 1.0
    if log10_odds < -300:
        return 0.0
    return 1.0 / (1.0 + 10.0 ** (-log10_odds))


def identifying(evidence: tuple[Evidence, ...]) -> bool:
    """Whether the evidence holds an individual identifier (parameters.yaml, `identifying`)."""
    return any(item.identifier and not item.excludes for item in evidence)


def band_of(evidence: tuple[Evidence, ...], log10_lr: float, posterior: float, params: Parameters) -> str:
    return band_for(posterior, log10_lr, any(item.excludes for item in evidence), identifying(evidence), params)


def band_for(posterior: float, log10_lr: float, excludes: bool, identified: bool, params: Parameters) -> str:
    """excluded (an exclusion, or evidence that much against), strong (from the strong posterior, and
    only with an individual identifier), probable, possible."""
    bands = params.bands
    if excludes or log10_lr <= bands.excluded_max_log10_lr:
        return "excluded"
    if posterior >= bands.strong_min_posterior and identified:
        return "strong"
    if posterior >= bands.probable_min_posterior:
        return "probable"
    return "possible"


def _to_the_day(iso: str | None) -> bool:
    return bool(iso) and len(iso.strip()) >= 10


def gather_evidence(report: Profile, candidate: Profile, link: Link, kinship: KinshipResult | None,
                    population: Population, params: Parameters, *,
                    name_evidence: Evidence | None | object = NOT_COMPARED) -> tuple[Evidence, ...]:
    """Every evidence kind both records allow, DNA first, then time and place, names, body.

    `name_evidence`, when given, is what `compare_names` gives for the pair (a match run compares
    the names of a report's candidates together, `find_names_many`, and gives the evidence of what
    they found before it quotes the two names: the names' words say nothing to the score).
    """
    params = params.for_kind(candidate.kind)
    found: list[Evidence] = []
    if candidate.kind == "remains" and (dna := compare_dna(kinship, params, report, candidate)):
        found.append(dna)
    found.append(compare_time_place(report, candidate, link, population, params))
    rarity = population.rarity
    names = compare_names(report, candidate, params, rarity) if name_evidence is NOT_COMPARED else name_evidence
    assert names is None or isinstance(names, Evidence)
    born = compare_date_of_birth(report, candidate, params, rarity)
    if names is not None and names.identifier == "rare_name":
        # a rare name identifies a report or a sighting only together with the date of birth to the day
        names = replace(names, identifier=None)
        if born is not None and born.level == "exact" and _to_the_day(report.date_of_birth) \
                and _to_the_day(candidate.date_of_birth):
            born = replace(born, identifier="name_and_birth_date")
    found.extend(item for item in (names, born) if item is not None)
    skip = {"age"} if report.date_of_birth and candidate.date_of_birth else set()
    for kind, comparator in PHYSICAL:
        if kind not in skip and (item := comparator(report, candidate, params)):
            found.append(item)
    if nationality := compare_nationality(report, candidate, params, rarity):
        found.append(nationality)
    found.extend(compare_descriptions(report, candidate, params, rarity))
    return tuple(found)


def dependence(evidence: tuple[Evidence, ...], kind: str, params: Parameters) -> Evidence | None:
    """The correction for evidence kinds that go together (parameters.yaml, `dependence`): each
    group's log10 LR times its weight, less the plain sum; None when it changes nothing."""
    weights = params.dependence_weights.get(kind, {})
    sums: dict[str, float] = {}
    for item in evidence:
        group = params.dependence_groups.get(item.kind)
        if group is not None:
            sums[group] = sums.get(group, 0.0) + item.log10_lr
    parts = [(group, total, weights.get(group, 1.0)) for group, total in sums.items()
             if weights.get(group, 1.0) != 1.0 and total != 0.0]
    shift = params.dependence_shift.get(kind, 0.0)
    if not parts and not shift:
        return None
    change = sum((weight - 1.0) * total for _, total, weight in parts) + shift
    said = "; ".join(f"{group} {total:+.2f} x {weight:.2f}" for group, total, weight in parts)
    shifted = f"; shift {shift:+.2f}" if shift else ""
    return Evidence("dependence", "weighted", change,
                    f"evidence that goes together counted once: {said}{shifted} (fitted on the tuning scenarios)")


def combine(evidence: tuple[Evidence, ...], kind: str, population: Population,
            params: Parameters, *, unverified: bool = False) -> Score:
    """The Score of a list of evidence for a candidate of `kind`; with `unverified` (either side
    is an online inquiry not verified yet) the band is at most UNVERIFIED_CEILING."""
    if (adjustment := dependence(evidence, kind, params)) is not None:
        evidence = (*evidence, adjustment)
    log10_lr = sum(item.log10_lr for item in evidence)
    prior = prior_for(kind, population, params)
    posterior = posterior_of(log10_lr, prior.probability)
    band = band_of(evidence, log10_lr, posterior, params)
    if unverified and BANDS.index(band) < BANDS.index(UNVERIFIED_CEILING):
        band = UNVERIFIED_CEILING
    return Score(evidence, log10_lr, prior, posterior, band)


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
    return combine(evidence, candidate.kind, population, params,
                   unverified=report.unverified or candidate.unverified)
