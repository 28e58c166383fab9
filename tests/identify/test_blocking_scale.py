"""Blocking and the shortlist made cheap on busy routes, without changing what they reach or rank.

Places, routes' areas and routes are answered by binary searches over arrays sorted once when
the index is built; a neighbourhood's levels collapse in one sorted pass; the shortlist keeps its
best by a partition and reads years of birth as arrays. The `Plain*` classes below do it as
before: a loop over the cells with each cell's dates gathered, a pass over a route's every record,
each level made unique and the levels sorted together, a stable sort of every score and a set
per record for the years of birth. On a scenario whose routes are busy (a shortlist smaller than
most neighbourhoods, so that the ranking decides), every report must reach the same records at
the same levels, shortlist the same ones, and a match run must write the same graph.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from graphmodel.fingerprint import fingerprint
from identify.blocking import FORCED, Neighbourhood
from identify.evidence.parameters import load_parameters
from identify.evidence.profiles import day_span
from identify.index import MAX_SPAN_DAYS, KindIndex, _cell, birth_years, haversine_km
from identify.match import MatchRun, run_match
from identify.shortlist import select_for_scoring
from identify.world import load_world, read_profiles

AGENCY = "BUSY"
TIMES = ("matched_at", "created_at", "second_look_at", "settled_at")
CELL_DEGREES = 1.0


class PlainIndex(KindIndex):
    """Places, areas and routes answered as before: cell by cell, and a pass over the route."""

    def __init__(self, kind, records):
        super().__init__(kind, records)
        cells, routes = {}, {}
        for i, record in enumerate(self.records):
            for route in record.routes:
                routes.setdefault(route, []).append(i)
            if record.point is not None and record.span is not None:
                cells.setdefault(_cell(*record.point), []).append(i)
        self.route_lists = {route: np.array(ids, dtype=np.int64) for route, ids in routes.items()}
        self.cell_lists = {}
        for key, members in cells.items():
            indices = np.array(members, dtype=np.int64)
            self.cell_lists[key] = indices[np.argsort(self.first[indices], kind="stable")]

    def _in(self, keys, start, end):
        found = []
        for key in keys:
            members = self.cell_lists.get(key)
            if members is None:
                continue
            firsts = self.first[members]
            lo = np.searchsorted(firsts, start - MAX_SPAN_DAYS, side="left")
            hi = np.searchsorted(firsts, end, side="right")
            if hi > lo:
                found.append(members[lo:hi])
        if not found:
            return np.empty(0, dtype=np.int64)
        candidates = np.concatenate(found)
        return candidates[self.last[candidates] >= start]

    def near(self, point, radius_km, start, end):
        lat, lon = point
        lat_cells = math.ceil(radius_km / 111.0 / CELL_DEGREES)
        lon_cells = math.ceil(radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.05)) / CELL_DEGREES)
        here = _cell(lat, lon)
        keys = [(here[0] + dy, here[1] + dx) for dy in range(-lat_cells, lat_cells + 1)
                for dx in range(-lon_cells, lon_cells + 1)]
        candidates = self._in(keys, start, end)
        distances = haversine_km(lat, lon, self.lat[candidates], self.lon[candidates])
        return np.sort(candidates[distances <= radius_km])

    def in_cells(self, cells, start, end):
        return np.sort(self._in(cells, start, end))

    def on_route_in_window(self, route, start, end):
        ids = self.route_lists.get(route)
        if ids is None or not len(ids):
            return np.empty(0, dtype=np.int64)
        keep = (self.first[ids] <= end) & (self.last[ids] >= start)
        return np.unique(ids[keep])


class PlainNeighbourhood(Neighbourhood):
    """Each level made unique, then every level's positions sorted together by position and rank."""

    @property
    def reached(self):
        return {level: len(self.members(level)) for level in self.parts if level in self.levels}

    def positions(self):
        ids_parts, rank_parts, forced_parts, named_parts = [], [], [], []
        unlinked = len(self.levels)
        for level in self.parts:
            ids = self.members(level)
            rank = self.levels.index(level) if level in self.levels else unlinked
            ids_parts.append(ids)
            rank_parts.append(np.full(len(ids), rank))
            forced_parts.append(np.full(len(ids), level in FORCED))
            named_parts.append(np.full(len(ids), level == "names"))
        ids = np.concatenate(ids_parts) if ids_parts else np.empty(0, dtype=np.int64)
        if not len(ids):
            return ids, np.empty(0, dtype=np.int64), np.empty(0, dtype=bool), np.empty(0, dtype=bool)
        ranks, forced, named = np.concatenate(rank_parts), np.concatenate(forced_parts), np.concatenate(named_parts)
        order = np.lexsort((ranks, ids))
        ids, ranks, forced, named = ids[order], ranks[order], forced[order], named[order]
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        return (ids[starts], ranks[starts], np.logical_or.reduceat(forced, starts),
                np.logical_or.reduceat(named, starts))


def plain_best_of(scores, keep):
    return np.argsort(-scores, kind="stable")[:keep]


def plain_birth_year_log10(report, index, ids, params):
    out = np.zeros(len(ids))
    born = day_span(report.date_of_birth)
    if index.kind != "report" or born is None:
        return out
    ours = set(birth_years(born, report.age_min, report.age_max, day_span(report.date or report.departure_date)))
    comparison = params.for_kind("report").date_of_birth
    same, different = comparison.level("same_year"), comparison.level("different")
    agree, disagree = math.log10(same.m / same.u), math.log10(different.m / different.u)
    for i, position in enumerate(ids.tolist()):
        theirs = index.records[position].birth_years
        if theirs:
            out[i] = agree if ours.intersection(theirs) else disagree
    return out


def as_before(monkeypatch):
    monkeypatch.setattr("identify.world.KindIndex", PlainIndex)
    monkeypatch.setattr("identify.blocking.Neighbourhood", PlainNeighbourhood)
    monkeypatch.setattr("identify.shortlist.best_of", plain_best_of)
    monkeypatch.setattr("identify.shortlist.birth_year_log10", plain_birth_year_log10)


# Shortlists far smaller than the busy routes' neighbourhoods: the ranking picks every candidate.
PARAMS = replace(load_parameters(), shortlist_size=4, report_shortlist_size=6)


def plans(store, params):
    """Every report's neighbourhoods (positions, ranks, forced, named, sizes) and shortlist."""
    run = MatchRun(store, params)
    world = load_world(store)
    run.population = world.population
    reports = read_profiles(store, "report", list(world.reports))
    found = {}
    for uid in sorted(world.reports):
        journey = world.journey(uid)
        for kind, neighbourhood in run.neighbourhoods(world, journey).items():
            ids, ranks, forced, named = neighbourhood.positions()
            chosen, left_out = select_for_scoring(reports[uid], world.indexes[kind], neighbourhood, set(),
                                                  bool(journey.voyages), world.population, params)
            found[(uid, kind)] = (ids.tolist(), ranks.tolist(), forced.tolist(), named.tolist(),
                                  dict(neighbourhood.reached), left_out,
                                  sorted((u, b.level, b.detail) for u, b in chosen.items()))
    return found


@pytest.mark.neo4j
def test_busy_routes_reach_rank_and_write_as_before(load_scenario, _session_store, monkeypatch):
    store = _session_store
    load_scenario(300, 43, AGENCY)
    fast = plans(store, PARAMS)
    # the scenario is one of busy routes: route areas reached, and shortlists that cut hard
    by_route = [value for (uid, kind), value in fast.items() if value[4].get("route_window", 0) > 20]
    assert len(by_route) > 30
    assert sum(value[5] for value in fast.values()) > 2 * len(fast)
    assert any(len(set(value[1])) >= 3 for value in fast.values())  # several levels in one neighbourhood
    assert any(any(value[3]) for value in fast.values())  # name-index hits
    with monkeypatch.context() as before:
        as_before(before)
        plain = plans(store, PARAMS)
    assert plain.keys() == fast.keys()
    for key in fast:
        assert fast[key] == plain[key], key

    run_match(store, params=PARAMS)
    written = fingerprint(store, times=TIMES)
    assert store.read("MATCH (c:Candidate) RETURN count(c) AS n", {})[0]["n"] > 1000
    store.write("MATCH (c:Candidate) DETACH DELETE c", {})
    store.write("MATCH (r:Report) WHERE r.matched_at IS NOT NULL REMOVE r.matched_at", {})
    assert fingerprint(store, times=TIMES) != written
    with monkeypatch.context() as before:
        as_before(before)
        run_match(store, params=PARAMS)
    assert fingerprint(store, times=TIMES) == written


def test_the_cell_table_finds_what_the_loop_over_cells_finds():
    from identify.index import IndexedRecord

    rng = np.random.default_rng(5)
    records = []
    for i in range(3000):
        point = (float(rng.uniform(30, 38)), float(rng.uniform(-6, 30))) if i % 7 else None
        span = None if i % 11 == 0 else day_span(f"{2013 + i % 5}") if i % 13 == 0 else \
            day_span(f"{2014 + i % 3}-0{1 + i % 9}-1{i % 10}")
        records.append(IndexedRecord(f"X{i}", "remains", span=span, point=point, routes=(("A", "B")[i % 2],)))
    fast, plain = KindIndex("remains", records), PlainIndex("remains", records)
    for trial in range(200):
        point = (float(rng.uniform(30, 38)), float(rng.uniform(-6, 30)))
        start = int(rng.integers(735000, 737500))
        end = start + int(rng.integers(0, 900))
        radius = float(rng.choice([10.0, 60.0, 250.0, 600.0]))
        assert sorted(fast.near(point, radius, start, end).tolist()) == plain.near(point, radius, start, end).tolist()
        area = frozenset((int(rng.integers(29, 39)), int(rng.integers(-7, 31))) for _ in range(40))
        assert sorted(fast.in_cells(area, start, end).tolist()) == plain.in_cells(area, start, end).tolist()
        route = ("A", "B", "C")[trial % 3]
        assert sorted(fast.on_route_in_window(route, start, end).tolist()) == \
            plain.on_route_in_window(route, start, end).tolist()
    assert len(fast.near((34.0, 12.0), 600.0, 735500, 736500)) > 100  # the trials reach many records
