"""Blocking: which records are worth scoring against a report, and how the graph links them.

The engine never scores every report against every record. A record becomes a candidate of a
report when it sits in one of the report's graph neighbourhoods:

- the voyage the person boarded: remains recovered from it or from the incident it ended in,
  sightings aboard it, other reports of persons who boarded it (`same_voyage`);
- the drift reach of that voyage's wreck: remains recovered within drift distance and time of
  where and when it ended (`near_wreck`);
- the places of the journey (last seen, departure, the voyage's end) within the time window
  after the last sighting (`nearby_in_window`), or a wider circle within three years
  (`later_nearby`);
- the person's route: records linked to a voyage or incident on it, or located in its area (the
  cells around every located record of that route), within the route's window (`route_window`);
- a sighting that answers the report (`refers_to`), a DNA kinship match, or a name-index hit
  (two name words in common, through the word-pair index);
- for another report: one name word and a year of birth in common (`name_and_birth_year`). Two
  families spell a name differently (Qaderi and Ghaderi, Diop and Jobe, Seun and Oluwaseun), and
  often say nothing of where the person was last seen, but both know the person's age; with
  common names, one word alone would reach hundreds.

The index (`identify.index`) is built once per run from compact rows and answers each report in
memory; a neighbourhood stays a set of index positions per level until the shortlist has cut it.
Its levels are collapsed once, in one sort of (position, level) keys: each record's most specific
level, whether it must be scored, and how many records each level reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .evidence.parameters import TimePlace
from .evidence.profiles import DaySpan
from .index import IndexedRecord, KindIndex, haversine_km, name_birth_keys, name_pairs

__all__ = ["Blocked", "FORCED", "IndexedRecord", "Journey", "KindIndex", "NAME_AND_BIRTH", "Neighbourhood", "VoyageEnd",
           "block"]

# A name-word pair shared by more records than this says little and costs much; it is not used
# for blocking (its records still come through the other neighbourhoods).
MAX_NAME_PAIR_POSTING = 500
# The same for a name word with a year of birth (`mhmd` born 1995).
MAX_NAME_BIRTH_POSTING = 200
# The level of a record found through a name word and a year of birth in common; like a
# name-index hit it is not a time-and-place link (such a record is `unlinked` there).
NAME_AND_BIRTH = "name_and_birth_year"


@dataclass(frozen=True)
class VoyageEnd:
    """A voyage as far as the journey goes: where it left from and where and when it ended."""

    uid: str
    departure: DaySpan | None = None
    departure_point: tuple[float, float] | None = None
    end: DaySpan | None = None
    end_point: tuple[float, float] | None = None
    incidents: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    updated: str | None = None


@dataclass(frozen=True)
class Journey:
    """What a report says of the journey: when and where last seen, voyages boarded, route, names."""

    report_uid: str
    last_seen: DaySpan | None = None
    points: tuple[tuple[float, float], ...] = ()
    voyages: tuple[VoyageEnd, ...] = ()
    routes: tuple[str, ...] = ()
    name_keys: tuple[tuple[str, ...], ...] = ()
    refers: tuple[str, ...] = ()
    dna: tuple[str, ...] = ()
    birth_years: tuple[int, ...] = ()


@dataclass
class Blocked:
    """A candidate record of a report: the most specific level linking them and why it was found."""

    uid: str
    kind: str
    level: str = "unlinked"
    detail: str = ""


@dataclass
class Neighbourhood:
    """The candidates of one report and kind: for each level the index positions it reached.

    Kept as arrays until `resolve`, because a busy route's neighbourhood holds thousands of
    records of which only a few hundred go on to be scored.
    """

    kind: str
    levels: tuple[str, ...]
    parts: dict[str, list[np.ndarray]] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Blocked] = field(default_factory=dict)
    _collapsed: "_Collapsed | None" = field(default=None, repr=False)

    def add(self, members: Iterable[int] | np.ndarray, level: str, detail: str = "") -> None:
        """Record the positions a level reached (an index query gives each position once)."""
        ids = members if isinstance(members, np.ndarray) else np.unique(np.fromiter(members, dtype=np.int64))
        if len(ids):
            self.parts.setdefault(level, []).append(ids)
            self.details.setdefault(level, detail)
            self._collapsed = None

    def members(self, level: str) -> np.ndarray:
        """The positions a level reached, each once, sorted."""
        parts = self.parts.get(level)
        if not parts:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(parts))

    @property
    def reached(self) -> dict[str, int]:
        """How many records each time-and-place level reached (each once, from however many places)."""
        return self._collapse().reached

    def positions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(index positions, rank of each one's most specific level, must be scored, name hit).

        The rank is the level's position in `levels`; len(levels) means unlinked. Records found
        through FORCED reasons (a DNA match, a sighting answering the report) must be scored.
        """
        collapsed = self._collapse()
        return collapsed.ids, collapsed.ranks, collapsed.forced, collapsed.named

    def _collapse(self) -> "_Collapsed":
        """Every level's positions in one sorted pass: a key per (position, level code), the
        time-and-place levels coded by rank, most specific first, the other reasons after them."""
        if self._collapsed is not None:
            return self._collapsed
        unlinked = len(self.levels)
        codes = {level: i for i, level in enumerate(self.levels)}
        for level in self.parts:
            codes.setdefault(level, len(codes))
        width = len(codes)
        keys = np.concatenate([part * width + codes[level] for level, parts in self.parts.items() for part in parts]) \
            if self.parts else np.empty(0, dtype=np.int64)
        keys.sort()
        if len(keys):
            keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # each (position, level) once
        ids, code = np.divmod(keys, width)
        per_code = np.bincount(code, minlength=width)
        reached = {level: int(per_code[codes[level]]) for level in self.parts if level in self.levels}
        if not len(ids):
            empty = np.empty(0, dtype=bool)
            self._collapsed = _Collapsed(ids, ids.copy(), empty, empty, reached)
            return self._collapsed
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        # a position's first key carries its lowest code: its most specific level, if any
        ranks = np.minimum(code[starts], unlinked)
        forced_code = np.zeros(width, dtype=bool)
        named_code = np.zeros(width, dtype=bool)
        for level, i in codes.items():
            forced_code[i] = level in FORCED
            named_code[i] = level == "names"
        forced = np.logical_or.reduceat(forced_code[code], starts) if forced_code.any() else \
            np.zeros(len(starts), dtype=bool)
        named = np.logical_or.reduceat(named_code[code], starts) if named_code.any() else \
            np.zeros(len(starts), dtype=bool)
        self._collapsed = _Collapsed(ids[starts], ranks, forced, named, reached)
        return self._collapsed

    def resolve(self, index: KindIndex, ids: np.ndarray, ranks: np.ndarray) -> dict[str, Blocked]:
        """Blocked records for the chosen positions, plus any added by uid (`extra`)."""
        chosen: dict[str, Blocked] = {}
        names = (*self.levels, "unlinked")
        uids = index.uids
        for position, rank in zip(ids.tolist(), ranks.tolist()):
            level = names[rank]
            chosen[uids[position]] = Blocked(uids[position], index.kind, level, self.details.get(level, ""))
        for uid, blocked in self.extra.items():
            chosen.setdefault(uid, blocked)
        return chosen


@dataclass(frozen=True)
class _Collapsed:
    ids: np.ndarray
    ranks: np.ndarray
    forced: np.ndarray
    named: np.ndarray
    reached: dict[str, int]


# Candidates found through these are scored in full, whatever the shortlist says.
FORCED = frozenset({"dna", "refers_to"})


def block(journey: Journey, index: KindIndex, levels: tuple[str, ...], spec: TimePlace,
          exclude: str | None = None, areas: dict[str, frozenset] | None = None) -> Neighbourhood:
    """The neighbourhood of one report among the records of one kind.

    `levels` are the time_place levels of the kind and situation, most specific first (from
    parameters.yaml); a level not listed there is not searched. `areas` are the routes' areas.
    """
    found = Neighbourhood(index.kind, levels)
    if "refers_to" in levels:
        found.add([index.by_uid[uid] for uid in journey.refers if uid in index.by_uid],
                  "refers_to", "the sighting answers this report")
    for voyage in journey.voyages:
        members = list(index.by_voyage.get(voyage.uid, ()))
        for incident in voyage.incidents:
            members.extend(index.by_incident.get(incident, ()))
        if "same_voyage" in levels:
            found.add(members, "same_voyage", f"voyage {voyage.uid}")
        if "near_wreck" in levels and voyage.end is not None and voyage.end_point is not None:
            _near_wreck(found, index, voyage, spec)
    if journey.last_seen is not None:
        start = int(journey.last_seen.first - spec.before_tolerance_days)
        points = list(journey.points)
        for voyage in journey.voyages:
            points.extend(p for p in (voyage.departure_point, voyage.end_point) if p is not None)
        points = list(dict.fromkeys(points))
        circles = (("nearby_in_window", spec.nearby_km, spec.window_days),
                   ("later_nearby", spec.later_km, spec.later_days))
        for level, radius, days in circles:
            if level not in levels:
                continue
            end = int(journey.last_seen.last + days)
            for point in points:
                found.add(index.near(point, radius, start, end), level,
                          f"within {radius:g} km of a place of the journey, {days:g} days")
        if "route_window" in levels:
            end = int(journey.last_seen.last + spec.route_window_days.get(index.kind, spec.window_days))
            for route in journey.routes:
                found.add(index.on_route_in_window(route, start, end), "route_window", f"in the {route} route's area")
                if areas and route in areas:
                    found.add(index.in_cells(areas[route], start, end), "route_window", f"in the {route} route's area")
    if index.kind == "remains":
        found.add([index.by_uid[uid] for uid in journey.dna if uid in index.by_uid], "dna")
    _name_hits(found, journey, index)
    if exclude is not None and exclude in index.by_uid:
        position = index.by_uid[exclude]
        for level, parts in found.parts.items():
            found.parts[level] = [part[part != position] for part in parts]
        found._collapsed = None
    return found


def _near_wreck(found: Neighbourhood, index: KindIndex, voyage: VoyageEnd, spec: TimePlace) -> None:
    assert voyage.end is not None and voyage.end_point is not None
    reach = spec.drift_base_km + spec.drift_km_per_day * spec.drift_days
    start, end = int(voyage.end.first), int(voyage.end.last + spec.drift_days)
    members = index.near(voyage.end_point, reach, start, end)
    if len(members):
        days = np.maximum(index.first[members] - voyage.end.last, 0)
        distances = haversine_km(*voyage.end_point, index.lat[members], index.lon[members])
        members = members[distances <= spec.drift_base_km + spec.drift_km_per_day * days]
    found.add(members, "near_wreck", f"within drift reach of voyage {voyage.uid}'s wreck")


def _name_hits(found: Neighbourhood, journey: Journey, index: KindIndex) -> None:
    members: set[int] = set()
    for pair in name_pairs(journey.name_keys):
        posting = index.by_name_pair.get(pair)
        if posting and len(posting) <= MAX_NAME_PAIR_POSTING:
            members.update(posting)
    if members:
        found.add(sorted(members), "names")
    members = set()
    for key in name_birth_keys(journey.name_keys, journey.birth_years):
        posting = index.by_name_birth.get(key)
        if posting and len(posting) <= MAX_NAME_BIRTH_POSTING:
            members.update(posting)
    if members:
        found.add(sorted(members), NAME_AND_BIRTH)
