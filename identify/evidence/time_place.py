"""Time and place: where the candidate record sits against the missing person's journey.

The graph decides the level (`Link`, found by the blocking queries): recovered from the voyage
the person boarded, within drift reach of its wreck, near the journey's places in the weeks after
the last sighting, or unlinked. Dates can overrule it: remains recovered before the person was
last seen alive are not them unless a date is wrong.

u of a linked level is measured: the share of all records of the candidate's kind the same link
reaches for this report (`Link.neighbourhood`), so a voyage with three recovered bodies says more
than one with three hundred. u of `unlinked` is what the other levels leave.
"""

from __future__ import annotations

from .parameters import Parameters
from .profiles import Evidence, Link, Population, Profile, day_span, level_evidence

U_FLOOR = 1e-6


def date_level(report: Profile, candidate: Profile, params: Parameters) -> str | None:
    """`before_last_seen` when the candidate's date ends before the person was last seen."""
    if candidate.kind == "report":
        return None
    seen, dated = day_span(report.date), day_span(candidate.date)
    if seen is None or dated is None:
        return None
    if dated.last < seen.first - params.time_place.before_tolerance_days:
        return "before_last_seen"
    return None


def compare_time_place(report: Profile, candidate: Profile, link: Link, population: Population,
                       params: Parameters) -> Evidence:
    """The time_place evidence of one candidate (every candidate has one: unlinked is a level)."""
    situation = "with_voyage" if link.with_voyage else "without_voyage"
    comparison = params.time_place.comparisons[(candidate.kind, situation)]
    size = population.size(candidate.kind)
    level = link.level if link.level in comparison.names else "unlinked"
    if date_level(report, candidate, params) and "before_last_seen" in comparison.names \
            and level != "refers_to":
        level = "before_last_seen"
    spec = comparison.level(level)
    if spec.u is not None:
        u = spec.u
        said = f"{candidate.kind} dated {candidate.date}, last seen {report.date}"
    elif level == "unlinked":
        taken = sum(max(0, link.neighbourhood.get(name, 0)) for name in comparison.names
                    if name != "unlinked") / size
        fixed = sum(level.u for level in comparison.levels if level.u is not None)
        u = max(1.0 - taken - fixed, 0.05)
        said = "no voyage, incident or nearby place links them"
    else:
        reached = max(1, link.neighbourhood.get(level, 1))
        u = reached / size
        said = f"{link.detail or level}; that link reaches {reached} of {size} {candidate.kind} records"
    return level_evidence("time_place", level, spec.m, max(u, U_FLOOR), said)
