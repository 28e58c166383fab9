"""The shortlist: time-and-place, sex, age and stature ratios for a whole neighbourhood at once (numpy).

Large neighbourhoods (a busy route over three years) hold thousands of records. Before the full,
explainable scoring, the shortlist computes the same sex, age and stature likelihood ratios as
`identify.evidence.physical` for every record of the neighbourhood in a few array operations, from
the traits kept in the blocking index, so only the most plausible `shortlist_size` go on. The
values are the same as the per-pair functions' (to 1e-6 for stature, whose normal CDF is tabulated
here; tests/identify/test_shortlist.py checks it).
"""

from __future__ import annotations

import math

import numpy as np

from .blocking import Blocked, KindIndex, Neighbourhood
from .evidence.parameters import Parameters
from .evidence.physical import U_FLOOR
from .evidence.profiles import Link, Population, Profile, day_span
from .evidence.time_place import compare_time_place
from .index import birth_years, flat_ranges

# The standard normal CDF tabulated every 0.001 sd over +-8 sd: linear interpolation in it is
# within 1e-7 of math.erf, and it is one array operation for a whole block.
_Z = np.linspace(-8.0, 8.0, 16001)
_PHI = np.array([0.5 * (1.0 + math.erf(z / math.sqrt(2.0))) for z in _Z])


def _cdf_points(bins: tuple[tuple[float, float, float], ...]) -> tuple[np.ndarray, np.ndarray]:
    edges, cumulative, total = [bins[0][0]], [0.0], 0.0
    for lo, hi, share in bins:
        if lo != edges[-1]:
            raise ValueError("the age distribution's bins must be contiguous")
        total += share
        edges.append(hi)
        cumulative.append(total)
    return np.array(edges), np.array(cumulative)


def sex_log10(report: Profile, index: KindIndex, ids: np.ndarray, params: Parameters) -> np.ndarray:
    """compare_sex for every record: 0 where either side does not say."""
    out = np.zeros(len(ids))
    ours = {"M": 1, "F": 2}.get(report.sex or "", 0)
    if ours == 0:
        return out
    theirs = index.traits.sex[ids]
    error = params.sex_error[index.kind]
    share = np.where(theirs == 1, params.sex_share["M"], params.sex_share["F"])
    same, different = theirs == ours, (theirs != ours) & (theirs != 0)
    out[same] = np.log10((1 - error) / share[same])
    out[different] = np.log10(error / share[different])
    return out


def _levels(r_low, r_high, c_low, c_high, near, mass, m: dict[str, float]) -> np.ndarray:
    gap = np.maximum(np.maximum(c_low - r_high, r_low - c_high), 0.0)
    half = (r_high - r_low) / 2
    low, high = c_low - half, c_high + half
    u = mass(low, high)
    level_m = np.full(len(gap), m["within"])
    apart = np.flatnonzero(~(gap == 0))  # as np.where(gap == 0, ...) read it, a NaN gap among them
    if len(apart):
        # the wider mass only where the ranges do not meet: the same sums, on fewer records
        wider = mass(low[apart] - near, high[apart] + near)
        close = gap[apart] <= near
        u[apart] = np.where(close, wider - u[apart], 1.0 - wider)
        level_m[apart] = np.where(close, m["near"], m["far"])
    return np.log10(level_m / np.maximum(u, U_FLOOR))


def age_log10(report: Profile, index: KindIndex, ids: np.ndarray, params: Parameters) -> np.ndarray:
    """compare_age for every record: the report's age moved on to each record's date."""
    out = np.zeros(len(ids))
    born = day_span(report.date_of_birth)
    aged = report.age_min is not None or report.age_max is not None
    if not aged and born is None:
        return out
    traits = index.traits
    first_days = index.first[ids]
    dated = first_days < np.iinfo(np.int64).max // 4
    # only records giving an age, and dated ones when the report's age comes from its date of birth alone
    known = ~np.isnan(traits.age_low[ids]) if aged else ~np.isnan(traits.age_low[ids]) & dated
    if not known.any():
        return out
    ids, dated = ids[known], dated[known]
    c_low, c_high = traits.age_low[ids], traits.age_high[ids]
    first, last = first_days[known].astype(float), index.last[ids].astype(float)
    r_low = np.full(len(ids), np.nan)
    r_high = np.full(len(ids), np.nan)
    if aged:
        low = report.age_min if report.age_min is not None else report.age_max
        high = (report.age_max if report.age_max is not None else report.age_min) + 1.0
        since = day_span(report.date or report.departure_date or report.reported_on)
        elapsed = np.zeros(len(ids))
        if since is not None:
            elapsed = np.where(dated, ((first + last) / 2 - since.middle) / 365.25, 0.0)
        elapsed = np.where(elapsed > 0, elapsed, 0.0)
        r_low, r_high = low + elapsed, high + elapsed
    if born is not None:
        r_low = np.where(dated, np.maximum((first - born.last) / 365.25, 0.0), r_low)
        r_high = np.where(dated, np.maximum((last - born.first) / 365.25, 0.0), r_high)
    if np.isnan(r_low).any():  # an age the report gives as NaN compares nothing, as before
        say = ~np.isnan(r_low)
        known[np.flatnonzero(known)[~say]] = False
        r_low, r_high, c_low, c_high = r_low[say], r_high[say], c_low[say], c_high[say]
    edges, cumulative = _cdf_points(params.age_distribution)

    def mass(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        return np.interp(hi, edges, cumulative) - np.interp(lo, edges, cumulative)

    m = {level.name: level.m for level in params.age.comparison.levels}
    out[known] = _levels(r_low, r_high, c_low, c_high, params.age.near, mass, m)
    return out


def stature_log10(report: Profile, index: KindIndex, ids: np.ndarray, params: Parameters) -> np.ndarray:
    """compare_stature for every record."""
    out = np.zeros(len(ids))
    if report.height_min_cm is None and report.height_max_cm is None:
        return out
    tolerance = params.stature_report_tolerance_cm
    r_low = (report.height_min_cm or report.height_max_cm) - tolerance
    r_high = (report.height_max_cm or report.height_min_cm) + tolerance
    c_low, c_high = index.traits.height_low[ids], index.traits.height_high[ids]
    known = ~np.isnan(c_low)
    if not known.any():
        return out
    mean, sd = params.stature_distribution.get(report.sex or "U", params.stature_distribution["U"])

    def mass(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        upper = np.interp((hi - mean) / sd, _Z, _PHI)
        lower = np.interp((lo - mean) / sd, _Z, _PHI)
        return np.maximum(upper - lower, 0.0)

    m = {level.name: level.m for level in params.stature.comparison.levels}
    out[known] = _levels(np.full(known.sum(), r_low), np.full(known.sum(), r_high), c_low[known], c_high[known],
                         params.stature.near, mass, m)
    return out


def physical_log10(report: Profile, index: KindIndex, ids: np.ndarray, params: Parameters) -> np.ndarray:
    """Sex, age and stature log10 LRs summed, for every record of the block."""
    ids = np.asarray(ids, dtype=np.int64)
    if index.kind == "report" and report.date_of_birth:
        # two reports both giving a date of birth compare it instead of the age
        age = np.zeros(len(ids))
    else:
        age = age_log10(report, index, ids, params)
    return sex_log10(report, index, ids, params) + age + stature_log10(report, index, ids, params)


def birth_year_log10(report: Profile, index: KindIndex, ids: np.ndarray, params: Parameters) -> np.ndarray:
    """Between a report giving a date of birth and other reports: the date of birth's `same_year`
    ratio where a year of birth the other allows (by its date of birth or its age) is the
    report's, its `different` ratio where none is, 0 where the other says nothing.

    The full comparison of two dates of birth skips the age (it would count one fact twice), so
    without this the shortlist would not weigh the age at all, and among many namesakes it would
    keep the wrong ones.
    """
    out = np.zeros(len(ids))
    born = day_span(report.date_of_birth)
    if index.kind != "report" or born is None:
        return out
    ours = set(birth_years(born, report.age_min, report.age_max,
                           day_span(report.date or report.departure_date)))
    comparison = params.for_kind("report").date_of_birth
    same, different = comparison.level("same_year"), comparison.level("different")
    agree, disagree = math.log10(same.m / same.u), math.log10(different.m / different.u)
    starts, ends = index.birth_year_starts[ids], index.birth_year_starts[ids + 1]
    saying = ends > starts
    if not saying.any():
        return out
    starts, ends = starts[saying], ends[saying]
    shared = np.isin(index.birth_year_values[flat_ranges(starts, ends)], np.array(sorted(ours), dtype=np.int64))
    # one run of `shared` per record saying a year: any year in common agrees
    firsts = np.cumsum(ends - starts) - (ends - starts)
    out[saying] = np.where(np.logical_or.reduceat(shared, firsts), agree, disagree)
    return out


def time_place_log10(report: Profile, index: KindIndex, neighbourhood: Neighbourhood, ranks: np.ndarray,
                     ids: np.ndarray, with_voyage: bool, population: Population, params: Parameters) -> np.ndarray:
    """compare_time_place for every record, from the rank of its most specific level."""
    kind = index.kind
    comparison = params.time_place.comparisons[(kind, "with_voyage" if with_voyage else "without_voyage")]
    bare = Profile(uid="", kind=kind)
    reached = neighbourhood.reached
    table = np.array([compare_time_place(report, bare, Link(level, reached, "", with_voyage), population,
                                         params).log10_lr
                      for level in (*neighbourhood.levels, "unlinked")])
    values = table[ranks]
    seen = day_span(report.date)
    if seen is not None and "before_last_seen" in comparison.names and len(ids):
        before = comparison.level("before_last_seen")
        earlier = index.last[ids] < seen.first - params.time_place.before_tolerance_days
        if "refers_to" in neighbourhood.levels:
            earlier &= ranks != neighbourhood.levels.index("refers_to")
        values = np.where(earlier, np.log10(before.m / before.u), values)
    return values


def best_of(scores: np.ndarray, keep: int) -> np.ndarray:
    """The positions of the `keep` highest scores, a tie going to the earlier position: the
    first `keep` of a stable sort by descending score (as a set, in no particular order),
    found by one partition instead of sorting thousands of scores."""
    if keep >= len(scores):
        return np.arange(len(scores))
    if keep <= 0:
        return np.empty(0, dtype=np.int64)
    if np.isnan(scores).any():
        return np.argsort(-scores, kind="stable")[:keep]
    threshold = np.partition(scores, len(scores) - keep)[len(scores) - keep]
    above = np.flatnonzero(scores > threshold)
    return np.concatenate([above, np.flatnonzero(scores == threshold)[:keep - len(above)]])


def select_for_scoring(report: Profile, index: KindIndex, neighbourhood: Neighbourhood, keep_uids: set[str],
                       with_voyage: bool, population: Population,
                       params: Parameters) -> tuple[dict[str, Blocked], int]:
    """The records of one neighbourhood to score in full, and how many the shortlist left out.

    DNA matches, sightings answering the report and `keep_uids` (reviewed candidates) always go
    on; of the others, when there are more than `shortlist_size` (`report_shortlist_size` for
    other reports), the best by time and place, sex, age and stature (a name-index hit credited
    the names `fuzzy` ratio; between two reports, the year of birth as `birth_year_log10` says).
    """
    ids, ranks, forced, named = neighbourhood.positions()
    if keep_uids and len(ids):
        reviewed = [index.by_uid[uid] for uid in keep_uids if uid in index.by_uid]
        forced = forced | np.isin(ids, reviewed)
    rest = np.flatnonzero(~forced)
    keep = params.report_shortlist_size if index.kind == "report" else params.shortlist_size
    if len(rest) <= keep:
        return neighbourhood.resolve(index, ids, ranks), 0
    fuzzy = params.names.level("fuzzy")
    scores = physical_log10(report, index, ids[rest], params)
    scores += time_place_log10(report, index, neighbourhood, ranks[rest], ids[rest], with_voyage, population, params)
    scores += np.where(named[rest], math.log10(fuzzy.m / fuzzy.u), 0.0)
    scores += birth_year_log10(report, index, ids[rest], params)
    best = rest[best_of(scores, keep)]
    selected = np.sort(np.concatenate([np.flatnonzero(forced), best]))
    return neighbourhood.resolve(index, ids[selected], ranks[selected]), len(rest) - keep
