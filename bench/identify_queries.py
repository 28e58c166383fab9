"""Benchmark of the interactive queries: one report's candidates, and link chains for one pair.

On the graph the environment points at, after a match run:

    .venv/bin/python bench/identify_queries.py --reports 200 --seed 1 --output /tmp/queries.json

For N random reports with candidates it times, through the same functions the CLI uses (minus
process start-up): resolving the report's record id and listing its ranked candidates
(`tracegraph candidates ID --json`), then the link chains between the report and its best
candidate (`tracegraph links chain`, 5 chains, at most 6 hops). Every query runs once before
timing, so the database and its query plans are warm. Prints p50 / p95 / max in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402
from identify.candidates import ranked_candidates, resolve_report  # noqa: E402
from identify.links import link_chains  # noqa: E402


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    with Store() as store:
        reports = store.read("MATCH (r:Report) WHERE EXISTS { (r)-[:HAS_CANDIDATE]->() } "
                             "RETURN r.record_id AS record_id, r.agency AS agency, r.uid AS uid")
        chosen = random.Random(args.seed).sample(reports, min(args.reports, len(reports)))
        # warm-up: every query once, so plans are cached and pages in memory
        first = chosen[0]
        link_chains(store, first["uid"], ranked_candidates(store, first["uid"], 1)[0]["target_uid"])
        candidate_ms, chain_ms, chain_lengths = [], [], []
        for report in chosen:
            started = time.perf_counter()
            uid = resolve_report(store, report["record_id"], report["agency"])
            listed = ranked_candidates(store, uid, 10)
            candidate_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            chains = link_chains(store, uid, listed[0]["target_uid"], max_hops=6, paths=5)
            chain_ms.append((time.perf_counter() - started) * 1000)
            chain_lengths.append(len(chains))
    result = {"reports_with_candidates": len(reports), "candidates": percentiles(candidate_ms),
              "link_chains": percentiles(chain_ms), "pairs_with_a_chain": sum(1 for n in chain_lengths if n),
              "load_average": [round(x, 1) for x in os.getloadavg()], "cores": os.cpu_count()}
    print(json.dumps(result, indent=2))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
