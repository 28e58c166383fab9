"""The blocking index: every remains, sighting and report as blocking sees it, held in arrays.

Built once per match run from compact rows (date span, position, links, name keys, sex, age,
stature, the years of birth a report allows). Records are found by voyage, incident, route,
name-word pair and name word with a year of birth through dictionaries, and by place and time
through one-degree cells. What a report asks of a place, a route's area or a route within a time
window is answered by binary searches over arrays sorted once when the index is built (every
located record by cell and first day; each route's records by first day), so its cost follows
the records in the window, not those of the cell or the route over all years.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import numpy as np

from .evidence.profiles import DaySpan

CELL_DEGREES = 1.0
EARTH_KM = 6371.0088
MAX_SPAN_DAYS = 366  # a date known to the year spans at most this many days
MIN_BIRTH_KEY_LETTERS = 2  # a one-letter word key (`h` of Hawa, `n` of N'Diaye) says too little


@dataclass(frozen=True)
class IndexedRecord:
    """One remains, sighting or report as blocking sees it."""

    uid: str
    kind: str
    span: DaySpan | None = None
    point: tuple[float, float] | None = None
    voyages: tuple[str, ...] = ()
    incidents: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    name_keys: tuple[tuple[str, ...], ...] = ()
    updated: str | None = None
    sex: str | None = None
    age_min: float | None = None
    age_max: float | None = None
    height_min_cm: float | None = None
    height_max_cm: float | None = None
    birth_years: tuple[int, ...] = ()


def birth_years(date_of_birth: DaySpan | None, age_min: float | None, age_max: float | None,
                on: DaySpan | None) -> tuple[int, ...]:
    """The years the person may have been born in: that of the date of birth, and those the age
    at `on` (the day last seen) allows. Both are kept when they disagree (a family may give a wrong
    one), so another report giving either meets this one.
    """
    years: set[int] = set()
    if date_of_birth is not None:
        years.update(range(_year(date_of_birth.first), _year(date_of_birth.last) + 1))
    if on is not None and (age_min is not None or age_max is not None):
        low = int(age_min if age_min is not None else age_max)  # type: ignore[arg-type]
        high = int(age_max if age_max is not None else age_min)  # type: ignore[arg-type]
        # aged `low` on the earliest day, `high` on the latest: born up to a year before each
        years.update(range(_year(on.first) - high - 1, _year(on.last) - low + 1))
    return tuple(sorted(years))


def _year(ordinal: int) -> int:
    return date.fromordinal(ordinal).year


def name_birth_keys(names: Iterable[tuple[str, ...]], years: Iterable[int]) -> set[tuple[str, int]]:
    """(name word key, year of birth) pairs: one word in common and a year of birth in common meet here.

    Two reports of one person by two families often share only one word of the name as the keys
    write it (Qaderi and Ghaderi, Diop and Jobe, Seun and Oluwaseun), but the person's age.
    """
    words = {key for keys in names for key in keys if len(key) >= MIN_BIRTH_KEY_LETTERS}
    return {(word, year) for word in words for year in years}


def haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances from one point to arrays of points."""
    lat_radians = np.radians(lats)
    return _haversine_from((lat, lon), lat_radians, np.cos(lat_radians), lons)


def _haversine_from(point: tuple[float, float], lat_radians: np.ndarray, lat_cosine: np.ndarray,
                    lons: np.ndarray) -> np.ndarray:
    """`haversine_km` from the index's own radians and cosines of latitude (the same arithmetic,
    so the same distances to the last bit)."""
    lat, lon = point
    p1 = math.radians(lat)
    dphi, dlmb = lat_radians - p1, np.radians(lons - lon)
    a = np.sin(dphi / 2) ** 2 + math.cos(p1) * lat_cosine * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


class KindIndex:
    """The records of one kind: by voyage, incident, route, name-word pair, name word with a year
    of birth, and by place and time."""

    def __init__(self, kind: str, records: Iterable[IndexedRecord]) -> None:
        self.kind = kind
        self.records: list[IndexedRecord] = list(records)
        self.by_uid = {record.uid: i for i, record in enumerate(self.records)}
        self.by_voyage: dict[str, list[int]] = defaultdict(list)
        self.by_incident: dict[str, list[int]] = defaultdict(list)
        routes: dict[str, list[int]] = defaultdict(list)
        self.by_name_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_name_birth: dict[tuple[str, int], list[int]] = defaultdict(list)
        cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        n = len(self.records)
        self.first = np.full(n, np.iinfo(np.int64).max // 2, dtype=np.int64)
        self.last = np.full(n, np.iinfo(np.int64).min // 2, dtype=np.int64)
        self.lat = np.full(n, np.nan)
        self.lon = np.full(n, np.nan)
        self.traits = Traits.of(self.records)
        for i, record in enumerate(self.records):
            for voyage in record.voyages:
                self.by_voyage[voyage].append(i)
            for incident in record.incidents:
                self.by_incident[incident].append(i)
            for route in record.routes:
                routes[route].append(i)
            for pair in name_pairs(record.name_keys):
                self.by_name_pair[pair].append(i)
            for key in name_birth_keys(record.name_keys, record.birth_years):
                self.by_name_birth[key].append(i)
            if record.span is not None:
                self.first[i], self.last[i] = record.span.first, record.span.last
            if record.point is not None:
                self.lat[i], self.lon[i] = record.point
                if record.span is not None:
                    cells[_cell(*record.point)].append(i)
        self.uids = [record.uid for record in self.records]
        # every record's years of birth, one run of the array each (a report allows several)
        lengths = np.array([len(record.birth_years) for record in self.records], dtype=np.int64)
        self.birth_year_starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.birth_year_values = np.fromiter((year for record in self.records for year in record.birth_years),
                                             dtype=np.int64, count=int(lengths.sum()))
        # radians and cosine of every latitude, for the great-circle distances of `near`
        self.lat_radians = np.radians(self.lat)
        self.lat_cosine = np.cos(self.lat_radians)
        # each route's records sorted by first day, with the longest span among them: a window is
        # then a binary search and a look at the records it leaves, not a pass over the route
        self.by_route = {route: _by_first(np.unique(np.array(ids, dtype=np.int64)), self.first, self.last)
                         for route, ids in routes.items()}
        self.cells = _CellTable(cells, self.first)
        self._area_codes: dict[frozenset, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.records)

    def near(self, point: tuple[float, float], radius_km: float, start: int, end: int) -> np.ndarray:
        """Indices of records within radius_km of point whose date span meets [start, end] (each
        once, in no particular order)."""
        candidates = self.cells.window(_square_codes(point, radius_km), start, end)
        candidates = candidates[self.last[candidates] >= start]
        distances = _haversine_from(point, self.lat_radians[candidates], self.lat_cosine[candidates],
                                    self.lon[candidates])
        return candidates[distances <= radius_km]

    def in_cells(self, cells: Iterable[tuple[int, int]], start: int, end: int) -> np.ndarray:
        """Indices of records located in any of the cells whose date span meets [start, end]."""
        area = cells if isinstance(cells, frozenset) else frozenset(cells)
        codes = self._area_codes.get(area)
        if codes is None:  # a route's area is the same for every report of a run: its codes are made once
            codes = self._area_codes[area] = np.array(sorted(_code(*key) for key in area), dtype=np.int64)
        candidates = self.cells.window(codes, start, end)
        return candidates[self.last[candidates] >= start]

    def on_route_in_window(self, route: str, start: int, end: int) -> np.ndarray:
        """Indices of records of the route whose date span meets [start, end]."""
        on_route = self.by_route.get(route)
        if on_route is None:
            return np.empty(0, dtype=np.int64)
        ids, firsts, longest = on_route
        # a record ending on or after `start` began at most `longest` days before it
        lo = np.searchsorted(firsts, start - longest, side="left")
        hi = np.searchsorted(firsts, end, side="right")
        window = ids[lo:hi]
        return window[self.last[window] >= start]


def _by_first(ids: np.ndarray, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    ordered = ids[np.argsort(first[ids], kind="stable")]
    dated = last[ordered] >= first[ordered]
    longest = int((last[ordered] - first[ordered])[dated].max()) if dated.any() else 0
    return ordered, first[ordered], longest


# A cell's code and a day's offset make one sortable key: (code << DAY_BITS) + (day - base).
DAY_BITS = 24
CELL_BITS = 17  # a longitude's cell and a square's reach stay within +-2**16: codes do not collide


def _code(lat_cell: int, lon_cell: int) -> int:
    return (lat_cell << CELL_BITS) + lon_cell


def _square_codes(point: tuple[float, float], radius_km: float) -> np.ndarray:
    """The codes of the cells of `cells_within`'s square around the point."""
    lat, lon = point
    lat_cells = math.ceil(radius_km / 111.0 / CELL_DEGREES)
    lon_cells = math.ceil(radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.05)) / CELL_DEGREES)
    here = _cell(lat, lon)
    rows = (np.arange(here[0] - lat_cells, here[0] + lat_cells + 1, dtype=np.int64) << CELL_BITS)
    return (rows[:, None] + np.arange(here[1] - lon_cells, here[1] + lon_cells + 1, dtype=np.int64)).ravel()


class _CellTable:
    """Every located and dated record in one array sorted by cell, then by first day (then by
    index), with one sorted key per record, so that the records of many cells within a time
    window are two binary searches over all the cells at once."""

    def __init__(self, cells: dict[tuple[int, int], list[int]], first: np.ndarray) -> None:
        members = [np.array(ids, dtype=np.int64) for ids in cells.values()]
        ids = np.concatenate(members) if members else np.empty(0, dtype=np.int64)
        codes = np.concatenate([np.full(len(part), _code(*key), dtype=np.int64)
                                for key, part in zip(cells, members)]) if members else np.empty(0, dtype=np.int64)
        days = first[ids]
        self.base = int(days.min()) if len(days) else 0
        if len(days) and int(days.max()) - self.base >= 1 << DAY_BITS:
            raise ValueError("the records' dates span more days than the blocking index can key")
        if any(abs(part) >= 1 << (CELL_BITS - 1) for key in cells for part in key):
            # ingestion keeps latitudes within +-90 and longitudes within +-180
            raise ValueError("a record's coordinates are outside any cell the blocking index can key")
        keys = (codes << DAY_BITS) + (days - self.base)
        order = np.lexsort((ids, keys))
        self.ids, self.keys = ids[order], keys[order]

    def __len__(self) -> int:
        return len(self.ids)

    def window(self, codes: np.ndarray, start: int, end: int) -> np.ndarray:
        """Records of the cells whose first day is within [start - MAX_SPAN_DAYS, end]."""
        top = 1 << DAY_BITS
        low = (codes << DAY_BITS) + min(max(start - MAX_SPAN_DAYS - self.base, 0), top)
        high = (codes << DAY_BITS) + min(max(end - self.base, -1), top - 1)
        lo = np.searchsorted(self.keys, low, side="left")
        hi = np.searchsorted(self.keys, high, side="right")
        return self.ids[flat_ranges(lo, hi)]


def flat_ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The positions lo[i] <= p < hi[i] of every range, as one array."""
    lengths = np.maximum(hi - lo, 0)
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    taken = lengths > 0
    lo, lengths = lo[taken], lengths[taken]
    # each position is its range's start plus its place within the range
    steps = np.ones(total, dtype=np.int64)
    heads = np.cumsum(lengths)[:-1]
    steps[0] = lo[0]
    steps[heads] = lo[1:] - (lo[:-1] + lengths[:-1]) + 1
    return np.cumsum(steps)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(math.floor(lat / CELL_DEGREES)), int(math.floor(lon / CELL_DEGREES))


def name_pairs(names: Iterable[tuple[str, ...]]) -> set[tuple[str, str]]:
    """Every sorted pair of distinct word keys within each name: two words in common meet here.

    A name of one long key (a compound the normaliser joined, `Abdelaziz`) is its own pair, and so
    is a name of two words with one key (`Hassan Hosseini`, both `hsn`).
    """
    pairs: set[tuple[str, str]] = set()
    for keys in names:
        words = sorted(set(keys))
        if len(words) == 1 and len(keys) >= 2:
            pairs.add((words[0], words[0]))
        elif len(words) == 1 and len(words[0]) >= 4:
            pairs.add((words[0], ""))
        pairs.update(combinations(words, 2))
    return pairs


def cells_within(point: tuple[float, float], radius_km: float) -> set[tuple[int, int]]:
    """The one-degree cells a circle around the point touches (a generous square of them)."""
    lat, lon = point
    lat_cells = math.ceil(radius_km / 111.0 / CELL_DEGREES)
    lon_cells = math.ceil(radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.05)) / CELL_DEGREES)
    here = _cell(lat, lon)
    return {(here[0] + dy, here[1] + dx) for dy in range(-lat_cells, lat_cells + 1)
            for dx in range(-lon_cells, lon_cells + 1)}


def route_areas(located: Iterable[tuple[str, tuple[float, float]]], radius_km: float) -> dict[str, frozenset]:
    """Each route's area: the cells within radius_km of any located record of that route."""
    areas: dict[str, set[tuple[int, int]]] = defaultdict(set)
    seen: set[tuple[str, tuple[int, int]]] = set()
    for route, point in located:
        key = (route, _cell(*point))
        if key not in seen:  # one circle per cell is enough at this resolution
            seen.add(key)
            areas[route] |= cells_within(point, radius_km)
    return {route: frozenset(cells) for route, cells in areas.items()}


@dataclass(frozen=True)
class Traits:
    """Sex, age and stature of every record of an index, as arrays for the shortlist."""

    sex: np.ndarray  # 0 unknown, 1 M, 2 F
    age_low: np.ndarray  # NaN unknown; [low, high) in years
    age_high: np.ndarray
    height_low: np.ndarray  # NaN unknown; [low, high] in cm
    height_high: np.ndarray

    @classmethod
    def of(cls, records: list[IndexedRecord]) -> "Traits":
        def pick(values: list[float | None]) -> np.ndarray:
            return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
        ages_low = [r.age_min if r.age_min is not None else r.age_max for r in records]
        ages_high = [None if (hi := (r.age_max if r.age_max is not None else r.age_min)) is None else hi + 1.0
                     for r in records]
        return cls(
            sex=np.array([{"M": 1, "F": 2}.get(r.sex or "", 0) for r in records], dtype=np.int8),
            age_low=pick(ages_low), age_high=pick(ages_high),
            height_low=pick([r.height_min_cm or r.height_max_cm for r in records]),
            height_high=pick([r.height_max_cm or r.height_min_cm for r in records]),
        )


