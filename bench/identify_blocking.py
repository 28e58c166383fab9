"""Benchmark of a match run's blocking and shortlist alone: what each report's plan costs.

Reads the blocking index of the graph the environment points at, then for each report of the
share (sorted and batched as `tracegraph match` does) blocks it and shortlists its neighbourhoods
exactly as the match does (`MatchRun._plan`), writes nothing, and measures the CPU seconds of
that step per report and per record screened (every record a neighbourhood reached, the ones
the shortlist left off and the ones it kept):

    .venv/bin/python bench/identify_blocking.py --part 2/200 --output /tmp/blocking.json
    .venv/bin/python bench/identify_blocking.py --part 2/200 --reads /tmp/reads.pickle --plans /tmp/plans.json
    .venv/bin/python bench/identify_blocking.py --part 2/200 --reads /tmp/reads.pickle --profile /tmp/blocking.prof

`--reads FILE` keeps the graph's answers (the index rows, profiles, kinship, existing candidates)
in a pickle the first time and reads them from it afterwards, so that two versions of the code
are measured on exactly the same input without reading the index again. `--plans FILE` writes
every report's plan (each kind's level counts and the chosen records with their level and
detail), to compare two versions' plans line by line. A report's CPU cost is also fitted
against the records it screened over the share's reports (a fixed cost and a cost a record).
The machine's load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402
from identify.match import KINDS, MatchRun  # noqa: E402
from identify.partition import Share  # noqa: E402
from identify.world import load_world, read_existing, read_kinship  # noqa: E402


class KeptReads:
    """A store's read answers, asked of the graph once and kept in a pickle for later runs."""

    def __init__(self, path: Path, store: Any | None) -> None:
        self.path, self.store = path, store
        self.answers: dict[str, list[dict[str, Any]]] = {}
        if path.exists():
            self.answers = pickle.loads(path.read_bytes())
        self.asked = False

    def read(self, query: str, parameters: dict[str, Any] | None = None, **_: Any) -> list[dict[str, Any]]:
        key = repr((query, sorted((parameters or {}).items())))
        if key not in self.answers:
            if self.store is None:
                raise SystemExit(f"{self.path} holds no answer to a query this code asks; run without it")
            self.answers[key] = self.store.read(query, parameters)
            self.asked = True
        return self.answers[key]

    def save(self) -> None:
        if self.asked:
            self.path.write_bytes(pickle.dumps(self.answers, protocol=pickle.HIGHEST_PROTOCOL))


def plans(store: Any, part: str | None, batch_size: int, profiler: cProfile.Profile | None) -> dict[str, Any]:
    """Every report's plan of the share, with the CPU seconds planning took (reads not counted)."""
    run = MatchRun(store)
    world = load_world(store)
    run.population = world.population
    chosen = list(world.reports)
    share = Share.parse(part) if part else None
    if share is not None and not share.everything:
        chosen = [uid for uid in chosen if share.holds(uid, world.journey(uid).routes)]
    chosen.sort(key=lambda uid: (world.reports[uid].record.voyages[:1], uid))
    cpu, screened, written, each = 0.0, 0, {}, []
    for start in range(0, len(chosen), batch_size):
        batch = chosen[start:start + batch_size]
        kinship = {(row.report_uid, row.remains_uid): row for row in read_kinship(store, batch)}
        existing: dict[str, dict[str, Any]] = {uid: {} for uid in batch}
        for uid, row in read_existing(store, batch).items():
            existing[row["report_uid"]][uid] = row
        reports = run.profiles("report", batch)
        dna: dict[str, list[str]] = {}
        for (report_uid, remains), row in kinship.items():
            if row.result.log10_lr >= run.params.dna_block_min_log10_lr and not row.result.excluded:
                dna.setdefault(report_uid, []).append(remains)
        context = (world, kinship, existing, reports, dna, False)
        for uid in batch:
            if profiler:
                profiler.enable()
            mark = time.process_time()
            plan = run._plan(uid, context)
            took = time.process_time() - mark
            cpu += took
            if profiler:
                profiler.disable()
            if plan is None:
                continue
            kept = sum(len(plan.chosen[kind]) for kind in KINDS)
            screened += kept + plan.not_shortlisted
            each.append((kept + plan.not_shortlisted, took))
            written[uid] = {"reached": plan.reached, "not_shortlisted": plan.not_shortlisted,
                            "chosen": {kind: sorted((u, b.level, b.detail) for u, b in plan.chosen[kind].items())
                                       for kind in KINDS}}
    return {"reports": len(written), "screened": screened, "cpu": cpu, "plans": written, "each": each}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default=None, metavar="K/N", help="the K-th of N hash shares of the reports")
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--reads", type=Path, help="keep the graph's answers in this pickle, or read them from it")
    parser.add_argument("--plans", type=Path, help="write every report's plan to this JSON file")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the planning alone to this file")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    load_before = os.getloadavg()
    profiler = cProfile.Profile() if args.profile else None
    if args.reads and args.reads.exists():
        found = plans(KeptReads(args.reads, None), args.part, args.batch_size, profiler)
    else:
        with Store() as graph:
            store = KeptReads(args.reads, graph) if args.reads else graph
            found = plans(store, args.part, args.batch_size, profiler)
            if isinstance(store, KeptReads):
                store.save()
    if profiler:
        profiler.dump_stats(str(args.profile))
    reports, screened, cpu = found["reports"], found["screened"], found["cpu"]
    # a report's cost against the records it screened, fitted over the share's reports
    sizes, seconds = np.array(found["each"], dtype=float).T if found["each"] else (np.zeros(2), np.zeros(2))
    slope, intercept = np.polyfit(sizes, seconds, 1) if len(sizes) > 1 else (0.0, 0.0)
    result = {
        "part": args.part, "reports": reports, "records_screened": screened,
        "records_screened_per_report": round(screened / max(reports, 1), 1),
        "cpu_seconds": round(cpu, 3), "cpu_ms_per_report": round(1000 * cpu / max(reports, 1), 3),
        "cpu_us_per_record_screened": round(1e6 * cpu / max(screened, 1), 3),
        "fit_ms_per_report_plus_us_per_record": [round(1e3 * intercept, 3), round(1e6 * slope, 3)],
        "records_screened_per_report_max": int(sizes.max()) if len(sizes) else 0,
        "load_average_before": [round(x, 1) for x in load_before],
        "load_average_after": [round(x, 1) for x in os.getloadavg()], "cores": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.plans:
        args.plans.write_text(json.dumps(found["plans"], indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
