"""Quality of the identification engine on a generated scenario, end to end.

Generates a scenario, loads it into the graph the environment points at (wiping it first with
--wipe), screens DNA when asked (`tracegraph kinship screen`), runs the match and evaluates the
candidates against the scenario's truth.json: recall@1 and recall@10 of the person's remains or
sightings, the false-positive rate of the strong band, separately for reports with usable DNA and
without (see scenarios/evaluation.py).

    .venv/bin/python bench/identify_quality.py --persons 2000 --seed 11 --wipe --output /tmp/quality.json
    .venv/bin/python bench/identify_quality.py --persons 300 --seed 31 --wipe --dna

Every step runs the documented command in a subprocess, as a user would; the evaluation's JSON is
printed and saved with --output, with the seconds each step took.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "tracegraph"]


def step(seconds: dict[str, float], name: str, *args: str) -> str:
    started = time.perf_counter()
    done = subprocess.run([*COMMAND, *args], cwd=PROJECT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})
    seconds[name] = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        sys.exit(f"`tracegraph {' '.join(args)}` failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--agency", default="SYN")
    parser.add_argument("--out", type=Path, help="scenario folder (default: a temporary one)")
    parser.add_argument("--wipe", action="store_true", help="delete everything in the graph first")
    parser.add_argument("--dna", action="store_true", help="run `tracegraph kinship screen` before matching")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    seconds: dict[str, float] = {}
    folder = args.out or Path(tempfile.mkdtemp(prefix="identify-quality-"))
    if args.wipe:
        step(seconds, "wipe", "db", "wipe", "--yes")
    step(seconds, "migrate", "db", "migrate")
    step(seconds, "generate", "generate", "--persons", str(args.persons), "--seed", str(args.seed),
         "--out", str(folder), "--agency", args.agency)
    step(seconds, "ingest", "ingest", "interchange", str(folder), "--agency", args.agency)
    if args.dna:
        step(seconds, "kinship screen", "kinship", "screen", "--workers", str(args.workers))
    step(seconds, "match", "match", "--quiet", "--workers", str(args.workers))
    evaluation = json.loads(step(seconds, "evaluate", "evaluate", "--truth", str(folder / "truth.json"), "--json"))
    result = {"persons": args.persons, "seed": args.seed, "dna_screened": args.dna, "seconds": seconds,
              **evaluation}
    print(json.dumps(result, indent=2))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
