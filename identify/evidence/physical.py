"""Sex, age, stature, hair and eye colour, date of birth and nationality.

Each function compares a report's missing person with a candidate record and returns one
`Evidence`, or None when either side does not say (unknown is no evidence, not evidence against).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from .parameters import Colours, Interval, Parameters
from .profiles import Evidence, Profile, day_span, level_evidence, years_between
from .rarity import Rarity, smoothed

U_FLOOR = 1e-4


def compare_sex(report: Profile, candidate: Profile, params: Parameters) -> Evidence | None:
    """Agreement: (1 - error) / share of that sex; disagreement: error / share of the candidate's."""
    if report.sex not in params.sex_share or candidate.sex not in params.sex_share:
        return None
    error = params.sex_error[candidate.kind]
    share = params.sex_share[candidate.sex]
    if report.sex == candidate.sex:
        return level_evidence("sex", "same", 1 - error, share,
                              f"both {report.sex}; {share:.0%} of records are {candidate.sex}")
    return level_evidence("sex", "different", error, share,
                          f"report {report.sex}, {candidate.kind} {candidate.sex}; "
                          f"a {candidate.kind} record states the wrong sex {error:.1%} of the time")


def expected_age(report: Profile, at: str | None) -> tuple[float, float, str] | None:
    """The report's age interval [low, high) at date `at`, and how it was reached.

    From the date of birth when known, else the age at disappearance moved on by the years from
    the last seen date (or departure, or report date) to `at`; never moved backwards.
    """
    born, when = day_span(report.date_of_birth), day_span(at)
    if born is not None and when is not None:
        low = (when.first - born.last) / 365.25
        high = (when.last - born.first) / 365.25
        return max(0.0, low), max(0.0, high), f"born {report.date_of_birth}"
    if report.age_min is None and report.age_max is None:
        return None
    low = report.age_min if report.age_min is not None else report.age_max
    high = (report.age_max if report.age_max is not None else report.age_min) + 1.0
    since = report.date or report.departure_date or report.reported_on
    elapsed = years_between(since, at) if at else None
    if elapsed is None or elapsed <= 0:
        return float(low), float(high), f"aged {_years(low, high)} when last seen"
    return low + elapsed, high + elapsed, f"aged {_years(low, high)} when last seen, {elapsed:.1f} years before"


def _years(low: float, high: float) -> str:
    return f"{low:g}" if high - low <= 1.0 else f"{low:g}-{high - 1:g}"


def binned_mass(bins: Sequence[tuple[float, float, float]], low: float, high: float) -> float:
    """Share of a piecewise-uniform distribution of contiguous (lo, hi, share) bins between low and high."""
    edges, cumulative = _cdf(tuple(bins))
    return max(0.0, _at(edges, cumulative, high) - _at(edges, cumulative, low))


@lru_cache(maxsize=8)
def _cdf(bins: tuple[tuple[float, float, float], ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    edges, cumulative, total = [bins[0][0]], [0.0], 0.0
    for lo, hi, share in bins:
        if lo != edges[-1]:
            raise ValueError("distribution bins must be contiguous")
        total += share
        edges.append(hi)
        cumulative.append(total)
    return tuple(edges), tuple(cumulative)


def _at(edges: tuple[float, ...], cumulative: tuple[float, ...], x: float) -> float:
    if x <= edges[0]:
        return 0.0
    if x >= edges[-1]:
        return cumulative[-1]
    i = bisect_right(edges, x) - 1
    return cumulative[i] + (cumulative[i + 1] - cumulative[i]) * (x - edges[i]) / (edges[i + 1] - edges[i])


def normal_mass(mean: float, sd: float, low: float, high: float) -> float:
    """Share of a normal distribution between low and high."""
    def cdf(x: float) -> float:
        return 0.5 * (1.0 + math.erf((x - mean) / (sd * math.sqrt(2.0))))
    return max(0.0, cdf(high) - cdf(low))


def interval_levels(report: tuple[float, float], candidate: tuple[float, float], near: float,
                    mass) -> tuple[str, float, float]:
    """(level, gap, u) of two intervals; `mass(low, high)` is the population share between them.

    u is the chance that a random person's interval, as wide as the report's, would land in the
    same level against the candidate's interval.
    """
    (r_low, r_high), (c_low, c_high) = report, candidate
    gap = max(0.0, c_low - r_high, r_low - c_high)
    half = (r_high - r_low) / 2
    within = mass(c_low - half, c_high + half)
    wider = mass(c_low - half - near, c_high + half + near)
    if gap == 0:
        return "within", gap, max(within, U_FLOOR)
    if gap <= near:
        return "near", gap, max(wider - within, U_FLOOR)
    return "far", gap, max(1.0 - wider, U_FLOOR)


def _interval_evidence(kind: str, spec: Interval, level: str, u: float, detail: str) -> Evidence:
    return level_evidence(kind, level, spec.comparison.level(level).m, u, detail)


def compare_age(report: Profile, candidate: Profile, params: Parameters) -> Evidence | None:
    """The report's age at the candidate's date against the candidate's estimated range."""
    if candidate.age_min is None and candidate.age_max is None:
        return None
    expected = expected_age(report, candidate.date)
    if expected is None:
        return None
    r_low, r_high, how = expected
    c_low = candidate.age_min if candidate.age_min is not None else candidate.age_max
    c_high = (candidate.age_max if candidate.age_max is not None else candidate.age_min) + 1.0
    bins = params.age_distribution
    level, gap, u = interval_levels((r_low, r_high), (c_low, c_high), params.age.near,
                                    lambda lo, hi: binned_mass(bins, lo, hi))
    detail = (f"expected {r_low:.0f}-{r_high:.0f} ({how}), {candidate.kind} estimated "
              f"{_years(c_low, c_high)}" + (f", {gap:.1f} years apart" if gap else ""))
    return _interval_evidence("age", params.age, level, u, detail)


def compare_stature(report: Profile, candidate: Profile, params: Parameters) -> Evidence | None:
    """The family's height (widened by the reporting tolerance) against the estimated stature."""
    if report.height_min_cm is None and report.height_max_cm is None:
        return None
    if candidate.height_min_cm is None and candidate.height_max_cm is None:
        return None
    tolerance = params.stature_report_tolerance_cm
    r_low = (report.height_min_cm or report.height_max_cm) - tolerance
    r_high = (report.height_max_cm or report.height_min_cm) + tolerance
    c_low = candidate.height_min_cm or candidate.height_max_cm
    c_high = candidate.height_max_cm or candidate.height_min_cm
    mean, sd = params.stature_distribution.get(report.sex or "U", params.stature_distribution["U"])
    level, gap, u = interval_levels((r_low, r_high), (c_low, c_high), params.stature.near,
                                    lambda lo, hi: normal_mass(mean, sd, lo, hi))
    detail = (f"reported {_cm(report.height_min_cm, report.height_max_cm)} cm, {candidate.kind} "
              f"{_cm(candidate.height_min_cm, candidate.height_max_cm)} cm"
              + (f", {gap:.0f} cm apart" if gap else ""))
    return _interval_evidence("stature", params.stature, level, u, detail)


def _cm(low: float | None, high: float | None) -> str:
    low, high = low or high, high or low
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


def colours_in(text: str | None, spec: Colours) -> frozenset[str]:
    """The canonical colours a free-text colour names ("black going grey" -> black, grey)."""
    if not text:
        return frozenset()
    remaining = " " + re.sub(r"[^a-z]+", " ", text.casefold()) + " "
    found: set[str] = set()
    for word in sorted(spec.words, key=len, reverse=True):
        pattern = f" {word} "
        if pattern in remaining:
            found.add(spec.words[word])
            remaining = remaining.replace(pattern, "  ")
    return frozenset(found)


def compare_colour(kind: str, report_text: str | None, candidate_text: str | None,
                   spec: Colours) -> Evidence | None:
    """Same / similar / different colours; u from the population shares of the candidate's."""
    ours, theirs = colours_in(report_text, spec), colours_in(candidate_text, spec)
    if not ours or not theirs:
        return None
    neighbours = {c for pair in spec.neighbours for c in pair if pair & theirs} - theirs
    # summed in a fixed order: a set's order follows the process's hash seed, and a float sum its order
    u_same = min(1.0, sum(spec.population_share[c] for c in sorted(theirs)))
    u_similar = sum(spec.population_share[c] for c in sorted(neighbours))
    said = f"report {report_text!r}, candidate {candidate_text!r}"
    if ours & theirs:
        level, u = "same", u_same
    elif any(frozenset((a, b)) in spec.neighbours for a in ours for b in theirs):
        level, u = "similar", u_similar
    else:
        level, u = "different", 1.0 - u_same - u_similar
    return level_evidence(kind, level, spec.comparison.level(level).m, max(u, U_FLOOR), said)


def compare_hair(report: Profile, candidate: Profile, params: Parameters) -> Evidence | None:
    return compare_colour("hair_colour", report.hair_colour, candidate.hair_colour, params.hair)


def compare_eyes(report: Profile, candidate: Profile, params: Parameters) -> Evidence | None:
    return compare_colour("eye_colour", report.eye_colour, candidate.eye_colour, params.eyes)


def compare_date_of_birth(report: Profile, candidate: Profile, params: Parameters,
                          rarity: Rarity | None = None) -> Evidence | None:
    """Dates of birth compared at the coarser precision the two give.

    With `rarity`, the u of `exact` is the share of the candidate kind's records giving a date of
    birth that give this one (at that precision).
    """
    ours, theirs = report.date_of_birth, candidate.date_of_birth
    if not ours or not theirs or day_span(ours) is None or day_span(theirs) is None:
        return None
    common = min(len(ours[:10]), len(theirs[:10]))
    years = abs(int(ours[:4]) - int(theirs[:4]))
    if common >= 7 and ours[:common] == theirs[:common]:
        level = "exact"
    elif years == 0:
        level = "same_year"
    elif years == 1:
        level = "adjacent_year"
    else:
        level = "different"
    spec = params.date_of_birth.level(level)
    said = f"born {ours} and {theirs}"
    if rarity is not None and level == "exact":
        carrying, total = rarity.births(candidate.kind, ours[:common])
        u = smoothed(carrying, total, spec.u, params.rarity_pseudo_records)
        return level_evidence("date_of_birth", level, spec.m, u,
                              f"{said}; {carrying:,} of {total:,} {candidate.kind} records give {ours[:common]}")
    return level_evidence("date_of_birth", level, spec.m, spec.u, said)


def compare_nationality(report: Profile, candidate: Profile, params: Parameters,
                        rarity: Rarity | None = None) -> Evidence | None:
    """Same or different; with `rarity`, u is the share of the candidate kind's records of that
    nationality (a nationality common on the route says little)."""
    if not report.nationality or not candidate.nationality:
        return None
    level = "same" if report.nationality == candidate.nationality else "different"
    spec = params.nationality.level(level)
    said = f"{report.nationality} and {candidate.nationality}"
    if rarity is None:
        return level_evidence("nationality", level, spec.m, spec.u, said)
    carrying, total = rarity.nationality(candidate.kind, report.nationality)
    share = smoothed(carrying, total, params.nationality.level("same").u, params.rarity_pseudo_records)
    u = share if level == "same" else 1.0 - share
    return level_evidence("nationality", level, spec.m, max(u, U_FLOOR),
                          f"{said}; {carrying:,} of {total:,} {candidate.kind} records give {report.nationality}")
