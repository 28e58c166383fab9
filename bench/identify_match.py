"""Benchmark of `tracegraph match`: a full match run over the graph the environment points at.

Load a scenario first (see docs/identification.md, "Performance"), then:

    .venv/bin/python bench/identify_match.py --workers 2 --output /tmp/match.json
    .venv/bin/python bench/identify_match.py --changed          # the incremental run after it
    .venv/bin/python bench/identify_match.py --sample 5000      # a quick look at 5,000 random reports

Prints the run's summary (reports, pairs scored, candidates kept and written, seconds per stage),
wall-clock seconds, CPU seconds of this process, of its scoring workers and of the local Neo4j
server, peak resident memory, and the machine's load average before and after. On a shared
machine (load above the number of cores) the wall clock is inflated; the total CPU seconds over
the number of cores is then what the run would take on an idle machine, at best. The same goes
to a JSON file with --output.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.config import load_settings  # noqa: E402
from graphmodel.server import server_status  # noqa: E402
from graphmodel.store import Store  # noqa: E402
from identify.match import run_match  # noqa: E402
from identify.partition import Share  # noqa: E402


def server_cpu_seconds() -> float | None:
    """CPU seconds used so far by the local Neo4j server (None when it is not a local one)."""
    status = server_status(load_settings())
    if not status.pid:
        return None
    try:
        fields = Path(f"/proc/{status.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changed", action="store_true", help="only reports whose neighbourhood changed")
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--workers", type=int, default=1, help="scoring processes")
    parser.add_argument("--sample", type=int, default=None, help="only this many random reports (a quick look)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--part", default=None, metavar="K/N",
                        help="only the K-th of N hash shares of the reports, as `tracegraph match --part K/N`")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    load_before = os.getloadavg()
    server_before = server_cpu_seconds()
    started, cpu = time.perf_counter(), time.process_time()
    with Store() as store:
        counts = store.read("MATCH (r:Report) WITH count(r) AS reports "
                            "MATCH (x:Remains) WITH reports, count(x) AS remains "
                            "MATCH (s:Sighting) RETURN reports, remains, count(s) AS sightings")[0]
        sample = None
        if args.sample:
            uids = [row["uid"] for row in store.read("MATCH (r:Report) RETURN r.uid AS uid ORDER BY uid")]
            sample = random.Random(args.seed).sample(uids, min(args.sample, len(uids)))
        share = Share.parse(args.part) if args.part else None
        summary = run_match(store, sample, changed_only=args.changed, batch_size=args.batch_size, workers=args.workers,
                            share=share,
                            progress=lambda done, total: print(f"\r{done:,}/{total:,}", end="", file=sys.stderr))
    print(file=sys.stderr)
    server_after = server_cpu_seconds()
    server_cpu = None if server_before is None or server_after is None else round(server_after - server_before, 1)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    python_cpu = time.process_time() - cpu
    result = {
        "graph": counts, "sample": args.sample, "part": args.part, "changed_only": args.changed,
        "batch_size": args.batch_size, "workers": args.workers,
        "reports_scored": summary.reports, "reports_skipped": summary.skipped,
        "pairs_scored": summary.pairs_scored, "not_shortlisted": summary.not_shortlisted,
        "candidates_kept": summary.candidates_kept, "written": summary.written, "removed": summary.removed,
        "stage_seconds": {k: round(v, 1) for k, v in summary.seconds.items()},
        "stage_cpu_seconds_main_process": {k: round(v, 1) for k, v in summary.cpu_seconds.items()},
        "wall_seconds": round(time.perf_counter() - started, 1),
        "cpu_seconds_python": round(python_cpu, 1),
        "cpu_seconds_workers": round(children.ru_utime + children.ru_stime, 1),
        "cpu_seconds_neo4j": server_cpu,
        # what the run would take on an otherwise idle machine with this many cores, at best
        "idle_machine_estimate_seconds": None if server_cpu is None else round(
            (python_cpu + children.ru_utime + children.ru_stime + server_cpu) / (os.cpu_count() or 1), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average_before": [round(x, 1) for x in load_before],
        "load_average_after": [round(x, 1) for x in os.getloadavg()], "cores": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
