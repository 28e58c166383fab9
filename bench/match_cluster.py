"""Benchmark of `tracegraph match --cluster`: the same full match on a local Dask cluster of 1 and
then 2 worker processes, through the CLI, over the graph the environment points at.

Load a scenario first (`tracegraph generate` and `tracegraph ingest`, see docs/scaling.md), then:

    .venv/bin/python bench/match_cluster.py --workers 1 2 --shares 4 --output /tmp/match-cluster.json

Each run starts from no candidates (they are deleted, and the reports' matched_at marks removed,
so every run does the whole work), starts a `distributed.LocalCluster` of W worker processes with
one thread each, runs `tracegraph match --cluster ADDRESS --shares S` (the same S for every run)
and times it. Prints wall
seconds, the load average before and after, and the CLI's summary line; the share of the run
that scales with workers is what the two wall times differ by. On a shared machine (load above
the number of cores) wall times are inflated and the comparison says little: the load is printed
with each figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def forget_matching() -> None:
    """No candidates and no report marked as matched, a batch at a time."""
    with Store() as store:
        while store.write("MATCH (c:Candidate) WITH c LIMIT $size DETACH DELETE c", {"size": 5000}).nodes_deleted:
            pass
        while store.write("MATCH (r:Report) WHERE r.matched_at IS NOT NULL WITH r LIMIT $size "
                          "REMOVE r.matched_at", {"size": 5000}).properties_set:
            pass


def run(workers: int, shares: int) -> dict[str, object]:
    from distributed import LocalCluster

    forget_matching()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                      dashboard_address=":0") as cluster:
        command = [sys.executable, "-m", "tracegraph", "match", "--quiet", "--cluster", cluster.scheduler_address,
                   "--shares", str(shares)]
        before = load_average()
        started = time.perf_counter()
        done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
        seconds = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        sys.exit(f"match on {workers} worker(s) failed: {done.stderr.strip()[-2000:]}")
    summary = next((line for line in done.stdout.splitlines() if line.startswith("Matched ")), "")
    return {"workers": workers, "shares": shares, "seconds": seconds,
            "load_average": {"start": before, "end": load_average()}, "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shares", type=int, default=4, help="shares per run, the same for every run")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    results = []
    for workers in args.workers:
        result = run(workers, args.shares)
        print(f"{workers} worker(s), {result['shares']} shares: {result['seconds']} s, load {result['load_average']}; "
              f"{result['summary']}", flush=True)
        results.append(result)
    if args.output:
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
