"""A match run: for each report, block, score, keep the best candidates and write them.

The run reads the graph once into blocking indexes (`identify.world`), then takes the reports in
batches (sorted by voyage, so a batch shares its candidates' profiles), and for each batch reads
the kinship results, the existing candidates and the profiles it needs, scores in memory, and
writes the changed candidates in batched, idempotent transactions (`identify.refresh` has the
rules). With `changed_only`, a report is rescored only when it, its voyages, its candidates'
records or its DNA results changed since it was last matched.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

import numpy as np

from queries.catalog import named_query

from .blocking import Blocked, Journey, block
from .evidence.parameters import Parameters, load_parameters
from .evidence.profiles import KinshipResult, Link, Population, Profile, day_span
from .evidence.time_place import compare_time_place
from .screen import physical_log10
from .refresh import Scored, candidate_uid, is_reviewed, row_for, select, stale
from .scoring import gather_evidence, combine
from .world import World, instant, load_world, read_existing, read_kinship, read_profiles

KINDS = ("remains", "sighting", "report")
PROFILE_CACHE_LIMIT = 60_000


class GraphStore(Protocol):
    def read(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...
    def write(self, query: str, parameters: dict[str, Any] | None = None) -> Any: ...
    def write_batches(self, query: str, rows: Iterable[dict[str, Any]], *, batch_size: int = ...,
                      parameters: dict[str, Any] | None = None) -> Any: ...


@dataclass
class MatchSummary:
    """What a run did."""

    reports: int = 0
    skipped: int = 0
    pairs_scored: int = 0
    screened_out: int = 0
    candidates_kept: int = 0
    written: int = 0
    flagged: int = 0
    removed: int = 0
    conflicts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    _cpu_mark: float = field(default_factory=time.process_time, repr=False)

    def clock(self, stage: str, started: float) -> None:
        """Add the wall-clock time since `started`, and this process's CPU time since the last clock."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
        now = time.process_time()
        self.cpu_seconds[stage] = self.cpu_seconds.get(stage, 0.0) + now - self._cpu_mark
        self._cpu_mark = now


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class MatchRun:
    """One run over a set of reports."""

    def __init__(self, store: GraphStore, params: Parameters | None = None, *,
                 progress: Callable[[int, int], None] | None = None, workers: int = 1) -> None:
        self.store = store
        self.workers = workers
        self.params = params or load_parameters()
        self.progress = progress
        self.summary = MatchSummary()
        self.now = utc_now()
        self._profiles: dict[str, dict[str, Profile]] = {kind: {} for kind in KINDS}
        self.population = Population()
        fuzzy = self.params.names.level("fuzzy")
        self._name_credit = math.log10(fuzzy.m / fuzzy.u)

    def levels(self, kind: str, with_voyage: bool) -> tuple[str, ...]:
        situation = "with_voyage" if with_voyage else "without_voyage"
        return self.params.time_place.comparisons[(kind, situation)].names

    def neighbourhoods(self, world: World, journey: Journey) -> dict[str, Any]:
        with_voyage = bool(journey.voyages)
        return {kind: block(journey, world.indexes[kind], self.levels(kind, with_voyage),
                            self.params.time_place, exclude=journey.report_uid if kind == "report" else None,
                            areas=world.areas)
                for kind in KINDS}

    def choose(self, report: Profile, world: World, journey: Journey, found: dict[str, Any],
               keep_uids: set[str]) -> dict[str, dict[str, Blocked]]:
        """The records to score in full, per kind: the forced ones and the screen's best."""
        keep = self.params.screen_keep
        chosen: dict[str, dict[str, Blocked]] = {}
        for kind in KINDS:
            neighbourhood, index = found[kind], world.indexes[kind]
            ids, ranks, forced, named = neighbourhood.positions()
            if keep_uids and len(ids):
                reviewed = [index.by_uid[uid] for uid in keep_uids if uid in index.by_uid]
                forced = forced | np.isin(ids, reviewed)
            rest = np.flatnonzero(~forced)
            if len(rest) > keep:
                scores = physical_log10(report, index, ids[rest], self.params)
                scores += self._time_place_log10(report, kind, ranks[rest], ids[rest], index,
                                                 neighbourhood, bool(journey.voyages))
                # a name-index hit shares two name words: at least the fuzzy level's ratio
                scores += np.where(named[rest], self._name_credit, 0.0)
                best = rest[np.argsort(-scores, kind="stable")[:keep]]
                self.summary.screened_out += len(rest) - keep
                selected = np.sort(np.concatenate([np.flatnonzero(forced), best]))
                ids, ranks = ids[selected], ranks[selected]
            chosen[kind] = neighbourhood.resolve(index, ids, ranks)
        return chosen

    def _time_place_log10(self, report: Profile, kind: str, ranks: np.ndarray, ids: np.ndarray,
                          index: Any, neighbourhood: Any, with_voyage: bool) -> np.ndarray:
        comparison = self.params.time_place.comparisons[(kind, "with_voyage" if with_voyage else "without_voyage")]
        bare = Profile(uid="", kind=kind)
        reached = neighbourhood.reached
        table = np.array([compare_time_place(report, bare, Link(level, reached, "", with_voyage),
                                             self.population, self.params).log10_lr
                          for level in (*neighbourhood.levels, "unlinked")])
        values = table[ranks]
        seen = day_span(report.date)
        if seen is not None and "before_last_seen" in comparison.names and len(ids):
            before = comparison.level("before_last_seen")
            earlier = index.last[ids] < seen.first - self.params.time_place.before_tolerance_days
            if "refers_to" in neighbourhood.levels:
                earlier &= ranks != neighbourhood.levels.index("refers_to")
            values = np.where(earlier, np.log10(before.m / before.u), values)
        return values

    def profiles(self, kind: str, uids: Iterable[str]) -> dict[str, Profile]:
        cache = self._profiles[kind]
        missing = [uid for uid in set(uids) if uid not in cache]
        if len(cache) + len(missing) > PROFILE_CACHE_LIMIT:
            cache.clear()
            missing = list(set(uids))
        cache.update(read_profiles(self.store, kind, missing))
        return cache

    def run(self, report_uids: list[str] | None = None, *, changed_only: bool = False,
            batch_size: int = 250) -> MatchSummary:
        started = time.perf_counter()
        world = load_world(self.store)
        self.population = world.population
        self.summary.clock("read index", started)
        chosen = [uid for uid in (report_uids if report_uids is not None else world.reports) if uid in world.reports]
        # reports of one voyage together: their candidates' profiles are read once
        chosen.sort(key=lambda uid: (world.reports[uid].record.voyages[:1], uid))
        done = 0
        for batch in _batches(chosen, batch_size):
            self._batch(world, batch, changed_only)
            done += len(batch)
            if self.progress:
                self.progress(done, len(chosen))
        started = time.perf_counter()
        self.summary.conflicts = mark_conflicts(self.store)
        self.summary.clock("conflicts", started)
        return self.summary

    def _batch(self, world: World, batch: list[str], changed_only: bool) -> None:
        started = time.perf_counter()
        kinship = {(row.report_uid, row.remains_uid): row for row in read_kinship(self.store, batch)}
        existing_rows = read_existing(self.store, batch)
        existing: dict[str, dict[str, dict[str, Any]]] = {uid: {} for uid in batch}
        for uid, row in existing_rows.items():
            existing[row["report_uid"]][uid] = row
        self.summary.clock("read batch", started)

        started = time.perf_counter()
        reports = self.profiles("report", batch)
        self.summary.clock("read profiles", started)

        started = time.perf_counter()
        plans: dict[str, tuple[Journey, dict[str, Any], dict[str, dict[str, Blocked]]]] = {}
        dna_blocks: dict[str, list[str]] = {}
        for (report_key, remains), row in kinship.items():
            if row.result.log10_lr >= self.params.dna_block_min_log10_lr and not row.result.excluded:
                dna_blocks.setdefault(report_key, []).append(remains)
        for report_uid in batch:
            report = reports.get(report_uid)
            if report is None:
                continue
            journey = world.journey(report_uid, dna_blocks.get(report_uid, ()))
            found = self.neighbourhoods(world, journey)
            # reviewed candidates are rescored whatever blocking finds now (to flag a change)
            reviewed = {row["target_uid"] for row in existing[report_uid].values() if is_reviewed(row)}
            for row in existing[report_uid].values():
                if row["target_uid"] in reviewed:
                    found[row["kind"]].extra[row["target_uid"]] = Blocked(row["target_uid"], row["kind"])
            if changed_only and not self._changed(world, report_uid, journey, found, kinship, existing[report_uid]):
                self.summary.skipped += 1
                continue
            plans[report_uid] = (journey, found, self.choose(report, world, journey, found, reviewed))
        self.summary.clock("block", started)
        if not plans:
            return

        started = time.perf_counter()
        wanted = {kind: {uid for _, _, chosen in plans.values() for uid in chosen[kind]} for kind in KINDS}
        records = {kind: self.profiles(kind, wanted[kind]) for kind in KINDS}
        self.summary.clock("read profiles", started)

        started = time.perf_counter()
        work = (reports, records, kinship, existing, plans)
        outcomes = self._score_all(list(plans), work)
        rows = [row for outcome in outcomes for row in outcome.rows]
        removals = [uid for outcome in outcomes for uid in outcome.removals]
        for outcome in outcomes:
            self.summary.reports += 1
            self.summary.pairs_scored += outcome.pairs
            self.summary.candidates_kept += outcome.kept
            self.summary.flagged += outcome.flagged
        self.summary.clock("score", started)

        started = time.perf_counter()
        if rows:
            write = named_query("match_write_candidates")
            self.store.write_batches(write.text, rows, batch_size=1000, parameters={"now": self.now})
            self.summary.written += len(rows)
        if removals:
            remove = named_query("match_remove_stale")
            counters = self.store.write(remove.text, {"uids": removals})
            self.summary.removed += counters.nodes_deleted
        mark = named_query("match_mark_reports")
        self.store.write(mark.text, {"uids": list(plans), "now": self.now})
        self.summary.clock("write", started)

    def _score_all(self, report_uids: list[str], work: tuple) -> list["Outcome"]:
        """Score the batch's reports, in worker processes when asked and worth it."""
        global _WORK
        if self.workers <= 1 or len(report_uids) < 2 * self.workers:
            return [self._score_report(uid, work) for uid in report_uids]
        # the workers inherit the batch (and the index) from this process by fork, copy-on-write,
        # and send back only the rows to write
        _WORK = (self, work)
        try:
            with multiprocessing.get_context("fork").Pool(self.workers) as pool:
                return pool.map(_score_in_worker, report_uids, chunksize=max(1, len(report_uids) // (4 * self.workers)))
        finally:
            _WORK = None

    def _score_report(self, report_uid: str, work: tuple) -> "Outcome":
        reports, records, kinship, existing, plans = work
        journey, found, chosen = plans[report_uid]
        scored = self._score(reports[report_uid], journey, found, chosen, records, kinship)
        kept = select(scored, existing[report_uid], self.params)
        outcome = Outcome(pairs=len(scored), kept=len(kept), removals=stale(kept, existing[report_uid]))
        for item in kept:
            row = row_for(item, existing[report_uid].get(item.uid))
            if row is not None:
                outcome.rows.append(row)
                if item.uid in existing[report_uid] and existing[report_uid][item.uid]["review_status"] != "proposed":
                    outcome.flagged += 1
        return outcome

    def _score(self, report: Profile, journey: Journey, found: dict[str, Any], chosen: dict[str, dict[str, Blocked]],
               records: dict[str, dict[str, Profile]], kinship: dict[tuple[str, str], Any]) -> list[Scored]:
        scored: list[Scored] = []
        with_voyage = bool(journey.voyages)
        for kind in KINDS:
            reached = found[kind].reached
            for uid, blocked in chosen[kind].items():
                candidate = records[kind].get(uid)
                if candidate is None:
                    continue
                link = Link(blocked.level, reached, blocked.detail, with_voyage)
                dna_row = kinship.get((report.uid, uid)) if kind == "remains" else None
                result: KinshipResult | None = dna_row.result if dna_row else None
                evidence = gather_evidence(report, candidate, link, result, self.population, self.params)
                score = combine(evidence, kind, self.population, self.params)
                scored.append(Scored(report.uid, uid, kind, score, dna_screened=result is not None))
        return scored

    def _changed(self, world: World, report_uid: str, journey: Journey, found: dict[str, Any],
                 kinship: dict[tuple[str, str], Any], existing: dict[str, dict[str, Any]]) -> bool:
        """Whether anything the report's candidates depend on changed since it was last matched."""
        row = world.reports[report_uid]
        matched = instant(row.matched_at)
        if matched is None:
            return True
        stamps = [row.record.updated, *(v.updated for v in journey.voyages)]
        for kind in KINDS:
            index = world.indexes[kind]
            ids = found[kind].positions()[0]
            stamps.extend(index.records[position].updated for position in ids.tolist())
        known_targets = {r["target_uid"] for r in existing.values()}
        for (report, remains), dna_row in kinship.items():
            if report == report_uid:
                stamps.append(dna_row.updated)
                if remains not in known_targets:
                    return True
        return any((moment := instant(stamp)) is not None and moment > matched for stamp in stamps)



@dataclass
class Outcome:
    """What scoring one report produced: the rows to write and the candidates to remove."""

    pairs: int = 0
    kept: int = 0
    flagged: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)


_WORK: tuple | None = None


def _score_in_worker(report_uid: str) -> Outcome:
    run, work = _WORK  # type: ignore[misc]
    return run._score_report(report_uid, work)


def mark_conflicts(store: GraphStore) -> int:
    """Flag candidates whose record is confirmed for another report; how many are flagged now."""
    store.write(named_query("match_mark_conflicts").text)
    return int(store.read(named_query("match_conflict_count").text)[0]["conflicts"])


def run_match(store: GraphStore, report_uids: list[str] | None = None, *, changed_only: bool = False,
              params: Parameters | None = None, batch_size: int = 250, workers: int = 1,
              progress: Callable[[int, int], None] | None = None) -> MatchSummary:
    """Compute or refresh the candidates of the given reports (all when None).

    `workers` > 1 scores each batch in that many forked processes (POSIX only).
    """
    return MatchRun(store, params, progress=progress, workers=workers).run(
        report_uids, changed_only=changed_only, batch_size=batch_size)


__all__ = ["MatchRun", "MatchSummary", "candidate_uid", "mark_conflicts", "run_match"]
