"""A match run: for each report, block, score, keep the best candidates and write them.

The run reads the graph once into blocking indexes (`identify.world`), then takes the reports in
batches (sorted by voyage, so a batch shares its candidates' profiles), and for each batch reads
the kinship results, the existing candidates and the profiles it needs, scores in memory, and
writes the changed candidates in batched, idempotent transactions (`identify.refresh` has the
rules). With `changed_only`, a report is rescored only when it, its voyages, its candidates'
records or its DNA results changed since it was last matched.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from graphmodel.journal import touched
from graphmodel.store_protocol import GraphStore
from queries.catalog import named_query

from .blocking import Blocked, Journey, block
from .coherence_run import CoherenceSummary, make_coherent
from .evidence.name_similarity import NamesFound, find_names_many
from .evidence.parameters import Parameters, load_parameters
from .evidence.profiles import KinshipResult, Link, Population, Profile, said_of
from .partition import Share
from .refresh import Scored, candidate_uid, is_reviewed, row_for, select, stale
from .scoring import combine, gather_evidence, warm_caches
from .shortlist import select_for_scoring
from .world import World, instant, load_world, read_existing, read_kinship, read_profiles

KINDS = ("remains", "sighting", "report")
# a report's candidates by (kind, uid): the profile, and what the names of the pair found
NamesOf = dict[tuple[str, str], tuple[Profile, NamesFound | None]]
PROFILE_CACHE_LIMIT = 60_000


@dataclass
class MatchSummary:
    """What a run did."""

    reports: int = 0
    skipped: int = 0
    pairs_scored: int = 0
    not_shortlisted: int = 0
    candidates_kept: int = 0
    written: int = 0
    flagged: int = 0
    removed: int = 0
    conflicts: int = 0
    coherence: CoherenceSummary = field(default_factory=CoherenceSummary)
    undescribed: dict[str, list[str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    _cpu_mark: float = field(default_factory=time.process_time, repr=False)

    def add(self, share: "MatchSummary") -> None:
        """Count in what another share of the same run did (its joint pass, if any, is not added:
        shares leave it to one `run_joint` after all of them)."""
        for name in ("reports", "skipped", "pairs_scored", "not_shortlisted", "candidates_kept", "written",
                     "flagged", "removed"):
            setattr(self, name, getattr(self, name) + getattr(share, name))
        for kind, uids in share.undescribed.items():
            self.undescribed[kind] = sorted({*self.undescribed.get(kind, ()), *uids})
        for clocks, theirs in ((self.seconds, share.seconds), (self.cpu_seconds, share.cpu_seconds)):
            for stage, value in theirs.items():
                clocks[stage] = clocks.get(stage, 0.0) + value

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
        self._settled_whole = False  # whether this run has applied every confirmation's rule yet

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
        """The records to score in full, per kind: the forced ones and the shortlist's best."""
        chosen: dict[str, dict[str, Blocked]] = {}
        for kind in KINDS:
            chosen[kind], left_out = select_for_scoring(
                report, world.indexes[kind], found[kind], keep_uids, bool(journey.voyages), self.population,
                self.params)
            self.summary.not_shortlisted += left_out
        return chosen

    def profiles(self, kind: str, uids: Iterable[str]) -> dict[str, Profile]:
        """The profiles asked for, read once and kept across batches (up to a limit)."""
        wanted = set(uids)
        cache = self._profiles[kind]
        missing = [uid for uid in wanted if uid not in cache]
        if len(cache) + len(missing) > PROFILE_CACHE_LIMIT:
            cache.clear()
            missing = list(wanted)
        fresh = read_profiles(self.store, kind, missing)
        if self.workers > 1:
            for profile in fresh.values():
                warm_caches(profile)
        cache.update(fresh)
        return {uid: cache[uid] for uid in wanted if uid in cache}

    def run(self, report_uids: list[str] | None = None, *, changed_only: bool = False,
            batch_size: int = 250, share: Share | None = None, joint: bool = True) -> MatchSummary:
        started = time.perf_counter()
        world = load_world(self.store)
        self.population = world.population
        self.summary.undescribed = world.undescribed
        # the index's objects live for the whole run: keep the cyclic collector from walking them
        # on every full collection (and from touching their pages in forked workers)
        gc.freeze()
        self.summary.clock("read index", started)
        chosen = [uid for uid in (report_uids if report_uids is not None else world.reports) if uid in world.reports]
        if share is not None and not share.everything:
            routes = {uid: world.journey(uid).routes for uid in world.reports}
            share.check_routes({route for on in routes.values() for route in on})
            chosen = [uid for uid in chosen if share.holds(uid, routes[uid])]
        # reports of one voyage together: their candidates' profiles are read once
        chosen.sort(key=lambda uid: (world.reports[uid].record.voyages[:1], uid))
        done = 0
        try:
            for batch in _batches(chosen, batch_size):
                self._batch(world, batch, changed_only)
                done += len(batch)
                if self.progress:
                    self.progress(done, len(chosen))
        finally:
            gc.unfreeze()
        whole = report_uids is None and (share is None or share.everything)
        return self.finish(None if whole else chosen, joint=joint)

    def finish(self, report_uids: list[str] | None = None, *, joint: bool = True) -> MatchSummary:
        """What ends every run: confirmed identifications settled, the joint posteriors of the
        remains candidates around `report_uids` (all when None) unless `joint` is False, conflicts."""
        started = time.perf_counter()
        # what confirmed identifications imply holds after every run (a report delivered again
        # since carries its agency's status); the joint posteriors then leave settled claims out
        settle = named_query("review_settle")
        self.store.write(settle.text, settle.bind({"candidates": None, "at": self.now}))
        if joint:
            self.summary.coherence = make_coherent(self.store, self.params, report_uids, self.now)
        self.summary.clock("coherence", started)
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
        dna_blocks: dict[str, list[str]] = {}
        for (report_key, remains), row in kinship.items():
            if row.result.log10_lr >= self.params.dna_block_min_log10_lr and not row.result.excluded:
                dna_blocks.setdefault(report_key, []).append(remains)
        context = (world, kinship, existing, reports, dna_blocks, changed_only)
        plans: dict[str, Plan] = {}
        for report_uid, plan in zip(batch, self._parallel(_plan_in_worker, self._plan, batch, context)):
            if plan is None:
                continue
            if plan.skipped:
                self.summary.skipped += 1
            else:
                plans[report_uid] = plan
                self.summary.not_shortlisted += plan.not_shortlisted
        self.summary.clock("block", started)
        if not plans:
            return

        started = time.perf_counter()
        wanted = {kind: {uid for plan in plans.values() for uid in plan.chosen[kind]} for kind in KINDS}
        records = {kind: self.profiles(kind, wanted[kind]) for kind in KINDS}
        self.summary.clock("read profiles", started)

        started = time.perf_counter()
        work = (reports, records, kinship, existing, plans)
        outcomes = self._parallel(_score_in_worker, self._score_report, list(plans), work)
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
            self.store.write_batches(write.text, rows, batch_size=1000, parameters={"now": self.now},
                                     touched=lambda batch: [touched("Candidate", row["uid"]) for row in batch])
            self.summary.written += len(rows)
            created = [row["uid"] for row in rows if row["uid"] not in existing_rows]
            if created:
                # a new candidate next to a confirmed identification is closed at once (review rules)
                self._settle(created)
        if removals:
            remove = named_query("match_remove_stale")
            counters = self.store.write(remove.text, {"uids": removals},
                                        touched=[touched("Candidate", uid) for uid in removals])
            self.summary.removed += counters.nodes_deleted
        mark = named_query("match_mark_reports")
        self.store.write(mark.text, {"uids": list(plans), "now": self.now},
                         touched=[touched("Report", uid) for uid in plans])
        self.summary.clock("write", started)

    def _settle(self, created: list[str]) -> None:
        """Apply what confirmed identifications imply to the candidates just created.

        The first time in a run, every confirmed candidate's rule runs, over the whole graph (as it
        stood, it may hold what an earlier ingestion or run left unsettled); from then on the graph
        is settled but for this run's new candidates, so only the confirmations near them
        (`review_confirmed_near`) run again: the same closures, at a cost that follows the batch
        and not the number of confirmations in the graph.
        """
        settle = named_query("review_settle")
        if not self._settled_whole:
            self.store.write(settle.text, settle.bind({"candidates": None, "at": self.now}))
            self._settled_whole = True
            return
        near = named_query("review_confirmed_near")
        confirmed = [row["uid"] for row in self.store.read(near.text, near.bind({"uids": created}))]
        if confirmed:
            self.store.write(settle.text, settle.bind({"candidates": confirmed, "at": self.now}))

    def _parallel(self, in_worker: Callable, here: Callable, report_uids: list[str], context: tuple) -> list:
        """here(uid, context) for each report, in forked worker processes when asked and worth it.

        The workers inherit the index and the batch's data from this process by fork
        (copy-on-write) and send back only their small results.
        """
        global _WORK
        if self.workers <= 1 or len(report_uids) < 2 * self.workers:
            return [here(uid, context) for uid in report_uids]
        _WORK = (self, context)
        try:
            with multiprocessing.get_context("fork").Pool(self.workers) as pool:
                return pool.map(in_worker, report_uids, chunksize=max(1, len(report_uids) // (4 * self.workers)))
        finally:
            _WORK = None

    def _plan(self, report_uid: str, context: tuple) -> "Plan | None":
        """Block and shortlist one report: what to score in full, and the neighbourhoods' sizes."""
        world, kinship, existing, reports, dna_blocks, changed_only = context
        report = reports.get(report_uid)
        if report is None:
            return None
        journey = world.journey(report_uid, dna_blocks.get(report_uid, ()))
        found = self.neighbourhoods(world, journey)
        # reviewed candidates are rescored whatever blocking finds now (to flag a change)
        reviewed = {row["target_uid"] for row in existing[report_uid].values() if is_reviewed(row)}
        for row in existing[report_uid].values():
            if row["target_uid"] in reviewed:
                found[row["kind"]].extra[row["target_uid"]] = Blocked(row["target_uid"], row["kind"])
        if changed_only and not self._changed(world, report_uid, journey, found, kinship, existing[report_uid]):
            return Plan(journey, {}, {}, skipped=True)
        before = self.summary.not_shortlisted
        chosen = self.choose(report, world, journey, found, reviewed)
        left_out, self.summary.not_shortlisted = self.summary.not_shortlisted - before, before
        return Plan(journey, {kind: found[kind].reached for kind in KINDS}, chosen, not_shortlisted=left_out)

    def _score_report(self, report_uid: str, work: tuple) -> "Outcome":
        reports, records, kinship, existing, plans = work
        plan = plans[report_uid]
        report = reports[report_uid]
        scored, names = self._score(report, plan, records, kinship)
        # the names evidence of a pair quotes its names only once the pair is kept (`NamesFound`)
        kept = [with_names_said(item, report, *names[item.kind, item.record_uid])
                for item in select(scored, existing[report_uid], self.params)]
        outcome = Outcome(pairs=len(scored), kept=len(kept), removals=stale(kept, existing[report_uid]))
        for item in kept:
            row = row_for(item, existing[report_uid].get(item.uid))
            if row is not None:
                outcome.rows.append(row)
                if item.uid in existing[report_uid] and existing[report_uid][item.uid]["review_status"] != "proposed":
                    outcome.flagged += 1
        return outcome

    def _score(self, report: Profile, plan: "Plan", records: dict[str, dict[str, Profile]],
               kinship: dict[tuple[str, str], Any]) -> tuple[list[Scored], NamesOf]:
        """Every chosen pair of the report scored, and what the names of each pair found."""
        scored: list[Scored] = []
        names_of: NamesOf = {}
        with_voyage = bool(plan.journey.voyages)
        for kind in KINDS:
            chosen = [(uid, blocked, candidate) for uid, blocked in plan.chosen[kind].items()
                      if (candidate := records[kind].get(uid)) is not None]
            names = find_names_many(report, [candidate for _, _, candidate in chosen],
                                    self.params.for_kind(kind), self.population.rarity)
            for (uid, blocked, candidate), found in zip(chosen, names):
                link = Link(blocked.level, plan.reached[kind], blocked.detail, with_voyage)
                dna_row = kinship.get((report.uid, uid)) if kind == "remains" else None
                result: KinshipResult | None = dna_row.result if dna_row else None
                evidence = gather_evidence(report, candidate, link, result, self.population, self.params,
                                           name_evidence=None if found is None else found.evidence)
                score = combine(evidence, kind, self.population, self.params,
                                unverified=report.unverified or candidate.unverified)
                scored.append(Scored(report.uid, uid, kind, score, dna_screened=result is not None))
                names_of[kind, uid] = (candidate, found)
        return scored, names_of

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
class Plan:
    """One report's blocking result: its journey, each kind's neighbourhood sizes, what to score."""

    journey: Journey
    reached: dict[str, dict[str, int]]
    chosen: dict[str, dict[str, Blocked]]
    skipped: bool = False
    not_shortlisted: int = 0


@dataclass
class Outcome:
    """What scoring one report produced: the rows to write and the candidates to remove."""

    pairs: int = 0
    kept: int = 0
    flagged: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)


def with_names_said(item: Scored, report: Profile, candidate: Profile, found: NamesFound | None) -> Scored:
    """A kept candidate with its names evidence quoting the names (`NamesFound.said`): the level,
    likelihood ratio and identifier it was scored on stay as they are."""
    if found is None:
        return item
    said = found.said(report, candidate)
    evidence = tuple(said_of(entry, said) if entry.kind == "names" else entry for entry in item.score.evidence)
    return replace(item, score=replace(item.score, evidence=evidence))


_WORK: tuple | None = None


def _score_in_worker(report_uid: str) -> Outcome:
    run, work = _WORK  # type: ignore[misc]
    return run._score_report(report_uid, work)


def _plan_in_worker(report_uid: str) -> Plan | None:
    run, context = _WORK  # type: ignore[misc]
    return run._plan(report_uid, context)


def mark_conflicts(store: GraphStore) -> int:
    """Flag candidates whose record is confirmed for another report; how many are flagged now."""
    store.write(named_query("match_mark_conflicts").text)
    return int(store.read(named_query("match_conflict_count").text)[0]["conflicts"])


def run_match(store: GraphStore, report_uids: list[str] | None = None, *, changed_only: bool = False,
              params: Parameters | None = None, batch_size: int = 250, workers: int = 1,
              progress: Callable[[int, int], None] | None = None, share: Share | None = None,
              joint: bool = True) -> MatchSummary:
    """Compute or refresh the candidates of the given reports (all when None), within `share`.

    `workers` > 1 scores each batch in that many forked processes (POSIX only). A `share` (by
    route, by hash part, or both) lets several runs split the reports between them. Shares run
    at the same time pass `joint=False` and leave the joint posteriors to `run_joint` once all of
    them have written: a share's joint pass reads the claims as they stand when it starts, so one
    running beside another may compute, and write last, a joint posterior missing the other's claims.
    """
    return MatchRun(store, params, progress=progress, workers=workers).run(
        report_uids, changed_only=changed_only, batch_size=batch_size, share=share, joint=joint)


def run_joint(store: GraphStore, params: Parameters | None = None) -> MatchSummary:
    """The joint posteriors of every remains candidate, records of one body, rival claims and
    conflicts, recomputed from the candidates as they stand: after shares run at the same time."""
    return MatchRun(store, params).finish()


__all__ = ["MatchRun", "MatchSummary", "candidate_uid", "mark_conflicts", "run_joint", "run_match"]
