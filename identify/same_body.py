"""Which remains records are one body: parts found apart, or one body recorded by two agencies. Pure.

Only records that one report claims together are compared (two remains candidates of the same
report): that is where a second part or a second record would otherwise look like a second
identification.

- **Fragment**: both records have a post-mortem profile and the profiles are one person's
  (`kinship.identity`: no inconsistent locus, at least 8 loci, log10 LR >= 10). Certain enough to
  treat the records as one body in the joint computation; shown as a re-association to review.
- **Duplicate record**: two agencies' records recovered within DUPLICATE_DAYS of each other,
  within DUPLICATE_KM (or at a place of the same name when a position is missing), whose sexes
  and age ranges do not contradict. Bodies of one wreck are often landed together, so this is
  only a flag for a person to check, never assumed: the two records keep their own posteriors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kinship import POPULATIONS, Genotype, identity, parse_genotype

from .coherence import SameBody
from .evidence.profiles import day_span

DUPLICATE_DAYS = 2
DUPLICATE_KM = 10.0


@dataclass(frozen=True)
class RemainsRecord:
    """What comparing two remains records needs."""

    uid: str
    agency: str | None = None
    date: str | None = None
    place: str | None = None
    point: tuple[float, float] | None = None
    sex: str | None = None
    age_min: float | None = None
    age_max: float | None = None
    profiles: tuple[dict[str, Genotype], ...] = ()


def genotypes_of(stored: Iterable[str] | None) -> dict[str, Genotype]:
    """`["D3S1358=15,16", "TH01=9.3,"]` as genotypes; unreadable loci and sex markers left out."""
    profile: dict[str, Genotype] = {}
    for entry in stored or ():
        locus, _, alleles = str(entry).partition("=")
        if locus.strip().lower() in ("amelogenin", "amel"):
            continue
        try:
            genotype = parse_genotype(alleles)
        except ValueError:
            continue
        if genotype is not None:
            profile[locus.strip()] = genotype
    return profile


def fragment(first: RemainsRecord, second: RemainsRecord) -> SameBody | None:
    """The pair as parts of one body, when a profile of each is one person's under every
    population database (the least favourable one is reported: ancestry is not known)."""
    best = None
    for one in first.profiles:
        for other in second.profiles:
            found = min((identity(one, other, population) for population in POPULATIONS),
                        key=lambda result: (result.same_person, result.log10_lr))
            if found.same_person and (best is None or found.log10_lr > best.log10_lr):
                best = found
    if best is None:
        return None
    return SameBody(first.uid, second.uid, "fragment", best.describe())


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def duplicate_record(first: RemainsRecord, second: RemainsRecord) -> SameBody | None:
    """The pair as one body recorded by two agencies, when nothing tells them apart."""
    if not first.agency or not second.agency or first.agency == second.agency:
        return None
    one, other = day_span(first.date), day_span(second.date)
    if one is None or other is None or max(one.first, other.first) - min(one.last, other.last) > DUPLICATE_DAYS:
        return None
    if first.point is not None and second.point is not None:
        distance = _km(first.point, second.point)
        if distance > DUPLICATE_KM:
            return None
        where = f"{distance:.0f} km apart"
    elif first.place and second.place and first.place.casefold() == second.place.casefold():
        where = f"both at {first.place}"
    else:
        return None
    if {first.sex, second.sex} == {"M", "F"}:
        return None
    if None not in (first.age_min, first.age_max, second.age_min, second.age_max):
        if first.age_max < second.age_min or second.age_max < first.age_min:  # type: ignore[operator]
            return None
    reason = (f"recorded by {first.agency} and {second.agency}, recovered {first.date} and {second.date}, "
              f"{where}; nothing tells them apart")
    return SameBody(first.uid, second.uid, "duplicate_record", reason)


def same_bodies(pairs: Iterable[tuple[str, str]], records: dict[str, RemainsRecord]) -> list[SameBody]:
    """The pairs that are parts of one body, or one body recorded twice."""
    found = []
    for first, second in sorted({tuple(sorted(pair)) for pair in pairs}):
        one, other = records.get(first), records.get(second)
        if one is None or other is None:
            continue
        pair = fragment(one, other) or duplicate_record(one, other)
        if pair is not None:
            found.append(pair)
    return found
