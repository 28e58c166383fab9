"""Benchmark of `tracegraph match`: a full match run over the graph the environment points at.

Load a scenario first (see docs/identification.md, "Performance"), then:

    .venv/bin/python bench/identify_match.py --workers 2 --output /tmp/match.json
    .venv/bin/python bench/identify_match.py --changed          # the incremental run after it

Prints the run's summary (reports, pairs scored, candidates kept and written, seconds per stage),
wall-clock and CPU seconds, peak resident memory, the machine's load average before and after
(the machine may be shared: a load above the number of cores means the wall clock is inflated),
and writes the same as JSON with --output.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402
from identify.match import run_match  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changed", action="store_true", help="only reports whose neighbourhood changed")
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--workers", type=int, default=1, help="scoring processes")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    load_before = os.getloadavg()
    started, cpu = time.perf_counter(), time.process_time()
    with Store() as store:
        counts = store.read("MATCH (r:Report) WITH count(r) AS reports "
                            "MATCH (x:Remains) WITH reports, count(x) AS remains "
                            "MATCH (s:Sighting) RETURN reports, remains, count(s) AS sightings")[0]
        summary = run_match(store, changed_only=args.changed, batch_size=args.batch_size, workers=args.workers,
                            progress=lambda done, total: print(f"\r{done:,}/{total:,}", end="", file=sys.stderr))
    print(file=sys.stderr)
    result = {
        "graph": counts, "changed_only": args.changed, "batch_size": args.batch_size, "workers": args.workers,
        "reports_scored": summary.reports, "reports_skipped": summary.skipped,
        "pairs_scored": summary.pairs_scored, "screened_out": summary.screened_out,
        "candidates_kept": summary.candidates_kept, "written": summary.written, "removed": summary.removed,
        "stage_seconds": {k: round(v, 1) for k, v in summary.seconds.items()},
        "stage_cpu_seconds_main_process": {k: round(v, 1) for k, v in summary.cpu_seconds.items()},
        "wall_seconds": round(time.perf_counter() - started, 1),
        "cpu_seconds_python": round(time.process_time() - cpu, 1),
        "cpu_seconds_scoring_workers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
                                             + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_before": [round(x, 1) for x in load_before],
        "load_average_after": [round(x, 1) for x in os.getloadavg()], "cores": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
