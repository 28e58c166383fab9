"""Benchmark: `tracegraph kinship screen` through the CLI and the graph, on a generated scenario.

The path users run: the generator's own families (their references as `tracegraph generate`
makes them), ingested into a real Neo4j, then the screen as a fresh `tracegraph` process with
its default settings (`--full`, so everything is compared). Pairs are post-mortem profiles x
families with a reference. The instance is the one the environment names (TRACEGRAPH_HOME,
TRACEGRAPH_NEO4J_PORT; its server must be running).

Usage (from the project root)::

    .venv/bin/python bench/kinship_screen_graph.py --persons 6000 --seed 1 --folder /tmp/s6000 --ingest
    .venv/bin/python bench/kinship_screen_graph.py --persons 6000 --seed 1 --folder /tmp/s6000 --profile top.txt

With `--profile` the screen runs under cProfile and the functions taking the most time are written
to the file given (the timing then includes the profiler's own cost).
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRACEGRAPH = [sys.executable, "-m", "tracegraph"]


def _run(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(arguments, cwd=ROOT, check=True, text=True, capture_output=True)


def prepare(persons: int, seed: int, folder: Path, ingest: bool) -> dict[str, float]:
    """Generate the scenario if its folder is absent, and ingest it when asked."""
    seconds = {}
    if not (folder / "reports.csv").exists():
        started = time.perf_counter()
        _run([*TRACEGRAPH, "generate", "--persons", str(persons), "--seed", str(seed), "--out", str(folder)])
        seconds["generate"] = round(time.perf_counter() - started, 1)
    if ingest:
        started = time.perf_counter()
        _run([*TRACEGRAPH, "ingest", "interchange", str(folder), "--agency", "DEMO",
              "--rejects-dir", str(folder.parent / f"{folder.name}.rejects")])
        seconds["ingest"] = round(time.perf_counter() - started, 1)
    return seconds


def screen(workers: int | None, profile: Path | None) -> dict[str, object]:
    """One `tracegraph kinship screen --full --json` run: wall and processor time, pairs per second."""
    command = [*TRACEGRAPH, "kinship", "screen", "--full", "--json"]
    if workers is not None:
        command += ["--workers", str(workers)]
    statistics = None
    if profile is not None:
        statistics = Path(tempfile.mkstemp(suffix=".prof")[1])
        command = [sys.executable, "-m", "cProfile", "-o", str(statistics), "-m", "tracegraph", *command[3:]]
    load_before = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    outcome = _run(command)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads(outcome.stdout)
    pairs = report["post_mortem_profiles"] * report["families"]
    result: dict[str, object] = {
        "command": " ".join(["tracegraph", *command[command.index("kinship"):]]),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "post_mortem_profiles": report["post_mortem_profiles"],
        "families": report["families"],
        "pairs": pairs,
        "pairs_compared": report["pairs_compared"],
        "pairs_per_second": round(pairs / seconds),
        "matches_written": report["matches_written"],
        "screen_seconds_reported": report["seconds"],
        "step_seconds": report.get("step_seconds"),
        "load_average_before": [round(x, 1) for x in load_before],
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
        "cores": len(os.sched_getaffinity(0)),
    }
    if statistics is not None and profile is not None:
        with profile.open("w", encoding="utf-8") as stream:
            pstats.Stats(str(statistics), stream=stream).sort_stats("cumulative").print_stats(40)
            pstats.Stats(str(statistics), stream=stream).sort_stats("tottime").print_stats(25)
        statistics.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path, required=True, help="scenario folder (generated if absent)")
    parser.add_argument("--ingest", action="store_true", help="ingest the scenario before screening")
    parser.add_argument("--workers", type=int, default=None, help="default: the CLI's default")
    parser.add_argument("--profile", type=Path, default=None, help="run under cProfile, write the top functions here")
    parser.add_argument("--output", type=Path, default=None, help="also write the result as JSON here")
    args = parser.parse_args()
    result = {"persons": args.persons, "seed": args.seed, **prepare(args.persons, args.seed, args.folder, args.ingest)}
    result.update(screen(args.workers, args.profile))
    text = json.dumps(result, indent=2)
    print(text)
    if args.output is not None:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
