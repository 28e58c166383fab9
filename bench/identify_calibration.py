"""Calibration of the identification engine on generated scenarios, the path users run.

For each scenario of a set: wipe the graph, generate (seed, shape), `tracegraph ingest` (and the
second agency's delivery when the shape has one), `tracegraph kinship screen`, `tracegraph
match`, `tracegraph evaluate --json --forecasts`. Then the candidates of every scenario of the set
are pooled: reliability table, expected calibration error (all candidates and from posterior 0.1),
Brier score, false `strong`, candidates at posterior >= 0.9995 and how many are wrong, each over
all candidates, with DNA and without; and the recall figures of the goals (docs/identification.md,
"Calibration: tuning and evaluation").

The two sets are fixed here and in docs/identification.md. Tuning scenarios are the only ones
looked at while the model is changed; evaluation scenarios (other seeds, other shapes) are run
once per model version and reported as they come out:

    .venv/bin/python bench/identify_calibration.py --set tuning --output /tmp/tuning.json
    .venv/bin/python bench/identify_calibration.py --set evaluation --output /tmp/evaluation.json
    .venv/bin/python bench/identify_calibration.py --scenario 101:default --persons 300   # a quick look

A scenario can be loaded once (`--load-only`) and later screened, matched and evaluated on the
graph that holds it (`--from-screen`), so that loading does not wait for a model version.

The graph the environment points at is wiped before each scenario: use your own instance.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from identify.calibration import Forecast, format_table, split_by_dna  # noqa: E402

COMMAND = [sys.executable, "-m", "tracegraph"]
AGENCY = "SYN"
PERSONS = 1000
# (seed, shape). Tuning: the only scenarios looked at while the model changes.
TUNING = ((101, "default"), (102, "default"), (103, "tuning_mix"), (104, "tuning_mix"))
# Evaluation: seeds never used while tuning, shapes not used for tuning.
EVALUATION = ((9001, "big_wrecks"), (9002, "common_names"), (9003, "women"), (9004, "few_references"),
              (9005, "noisy_crowded"))
# A second evaluation round, on new seeds of the same shapes: the first round showed a failure
# (reports linked as probably one person took each other's identification) and the model was
# changed for it, so its seeds no longer measure a model that never saw them.
EVALUATION_2 = ((9101, "big_wrecks"), (9102, "common_names"), (9103, "women"), (9104, "few_references"),
                (9105, "noisy_crowded"))
# A third round, on new seeds again: the model changed after round 2 (the kinship likelihood of true
# relatives and the order in which a report's candidates are listed).
EVALUATION_3 = ((9201, "big_wrecks"), (9202, "common_names"), (9203, "women"), (9204, "few_references"),
                (9205, "noisy_crowded"))
# A fourth round, on new seeds again: the model changed after round 3 (mutations passed on by untyped
# parents in the screen, and how other reports of the same person are proposed).
EVALUATION_4 = ((9301, "big_wrecks"), (9302, "common_names"), (9303, "women"), (9304, "few_references"),
                (9305, "noisy_crowded"))
SETS = {"tuning": TUNING, "evaluation": EVALUATION, "evaluation-2": EVALUATION_2, "evaluation-3": EVALUATION_3,
        "evaluation-4": EVALUATION_4}
GOALS = {"ece": 0.03, "ece_posterior_from_0.1": 0.05, "dna_recall_at_1": 0.99,
         "no_dna_known_voyage_recall_at_10": 0.95, "living_sightings_in_top_10": 0.90,
         "duplicate_reports_in_top_10": 0.90}


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def step(seconds: dict[str, float], name: str, *args: str) -> str:
    started = time.perf_counter()
    done = subprocess.run([*COMMAND, *args], cwd=PROJECT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})
    seconds[name] = round(seconds.get(name, 0.0) + time.perf_counter() - started, 1)
    if done.returncode != 0:
        sys.exit(f"`tracegraph {' '.join(args)}` failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def run_scenario(seed: int, shape: str, persons: int, folder: Path, workers: int,
                 start: str = "load", stop: str = "evaluate") -> dict[str, Any]:
    """One scenario through the CLI, from `start` (load, screen or match) to `stop` (loaded or
    evaluate); its evaluation, with the forecasts file beside it."""
    seconds: dict[str, float] = {}
    started_load = load_average()
    if start == "load":
        step(seconds, "wipe", "db", "wipe", "--yes")
        step(seconds, "migrate", "db", "migrate")
        step(seconds, "generate", "generate", "--persons", str(persons), "--seed", str(seed), "--shape", shape,
             "--out", str(folder), "--agency", AGENCY)
        step(seconds, "ingest", "ingest", "interchange", str(folder), "--agency", AGENCY)
        truth_header = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        if second := truth_header.get("second_agency"):
            step(seconds, "ingest", "ingest", "interchange", str(folder / second["folder"]),
                 "--agency", second["agency"])
    if stop == "loaded":
        return {"seed": seed, "shape": shape, "persons": persons, "seconds": seconds, "folder": str(folder)}
    if start in ("load", "screen"):
        step(seconds, "kinship screen", "kinship", "screen", "--workers", str(workers))
    step(seconds, "match", "match", "--quiet", "--workers", str(workers))
    forecasts = folder / "forecasts.jsonl"
    evaluation = json.loads(step(seconds, "evaluate", "evaluate", "--truth", str(folder / "truth.json"), "--json",
                                 "--forecasts", str(forecasts)))
    return {"seed": seed, "shape": shape, "persons": persons, "seconds": seconds,
            "load_average": {"start": started_load, "end": load_average()}, "folder": str(folder), **evaluation}


def pooled(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The scenarios' candidates pooled: calibration, recall figures and the goals' verdicts."""
    forecasts = [Forecast.from_json(json.loads(line)) for result in results
                 for line in Path(result["folder"], "forecasts.jsonl").read_text(encoding="utf-8").splitlines()]
    calibration = split_by_dna(forecasts)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        groups = result["groups"]
        for key, group, field in (("dna_recall_at_1", "dna", "recall_at_1"),
                                  ("no_dna_known_voyage_recall_at_10", "no_dna_known_voyage", "recall_at_10")):
            data = groups.get(group)
            if data and data["reports"]:
                sums[key][0] += data["reports"]
                sums[key][1] += round(data[field] * data["reports"])
        for key in ("living_sightings_in_top_10", "duplicate_reports_in_top_10"):
            sums[key][0] += result[key]["reports"]
            sums[key][1] += result[key]["found"]
    recall = {key: {"reports": total, "found": found, "recall": round(found / total, 4) if total else None}
              for key, (total, found) in sums.items()}
    overall = calibration["all"]
    verdicts = {
        "false_strong": _verdict(overall.false_strong, 0, higher_is_better=False),
        "wrong_at_0.9995": _verdict(overall.wrong_at_report_threshold, 0, higher_is_better=False),
        "ece": _verdict(overall.ece, GOALS["ece"], higher_is_better=False),
        "ece_posterior_from_0.1": _verdict(overall.ece_looked_at, GOALS["ece_posterior_from_0.1"],
                                           higher_is_better=False),
        **{key: _verdict(recall[key]["recall"], GOALS[key]) for key in recall},
    }
    return {"calibration": {name: value.as_json() for name, value in calibration.items()},
            "recall": recall, "goals": verdicts}


def _verdict(value: float | None, goal: float, higher_is_better: bool = True) -> dict[str, Any]:
    if value is None:
        return {"value": None, "goal": goal, "met": None}
    met = value >= goal if higher_is_better else value <= goal
    return {"value": round(value, 5), "goal": goal, "met": met,
            **({} if met else {"missed_by": round(abs(value - goal), 5)})}


def print_report(label: str, results: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    print(f"== {label}")
    for result in results:
        groups = result["groups"]
        print(f"seed {result['seed']} shape {result['shape']}: reports {groups['all']['reports']} with a record; "
              f"dna recall@1 {groups.get('dna', {}).get('recall_at_1')}, no DNA voyage known recall@10 "
              f"{groups.get('no_dna_known_voyage', {}).get('recall_at_10')}, strong {groups['all']['strong']}, "
              f"false strong {groups['all']['false_strong']}; seconds {result['seconds']}; "
              f"load {result['load_average']}")
    forecasts = [Forecast.from_json(json.loads(line)) for result in results
                 for line in Path(result["folder"], "forecasts.jsonl").read_text(encoding="utf-8").splitlines()]
    for name, measures in split_by_dna(forecasts).items():
        print("\n".join(format_table(name.replace("_", " "), measures)))
    for key, value in summary["recall"].items():
        print(f"{key}: {value['found']} of {value['reports']} = {value['recall']}")
    for key, verdict in summary["goals"].items():
        state = "met" if verdict["met"] else ("no cases" if verdict["met"] is None else
                                              f"missed by {verdict['missed_by']}")
        print(f"goal {key}: {verdict['value']} against {verdict['goal']}: {state}")


def parse_scenario(text: str) -> tuple[int, str]:
    seed, _, shape = text.partition(":")
    return int(seed), shape or "default"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="tuning", dest="which")
    parser.add_argument("--scenario", action="append", type=parse_scenario, metavar="SEED:SHAPE",
                        help="run these scenarios instead of the set's (repeatable)")
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folder", type=Path, help="where the scenarios are written (default: a temporary one)")
    parser.add_argument("--match-only", action="store_true",
                        help="the graph already holds the one scenario given: only match and evaluate")
    parser.add_argument("--load-only", action="store_true",
                        help="generate and ingest the one scenario given, nothing more (for a later --from-screen)")
    parser.add_argument("--from-screen", action="store_true",
                        help="the graph already holds the one scenario given, loaded: screen, match and evaluate")
    parser.add_argument("--label", default="", help="model version, recorded in the output")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--pool", nargs="+", type=Path, metavar="OUTPUT",
                        help="run nothing: pool the scenarios of earlier --output files (their folders must remain)")
    args = parser.parse_args()
    if args.pool:
        results = [result for path in args.pool for result in json.loads(path.read_text())["scenarios"]]
        summary = pooled(results)
        print_report(f"pooled {', '.join(str(path) for path in args.pool)}", results, summary)
        if args.output:
            args.output.write_text(json.dumps({"pooled_from": [str(p) for p in args.pool], "scenarios": results,
                                               "pooled": summary}, indent=2) + "\n", encoding="utf-8")
        return
    scenarios = args.scenario or list(SETS[args.which])
    if args.scenario and args.which == "tuning":
        evaluation_seeds = {seed for seed, _ in EVALUATION + EVALUATION_2 + EVALUATION_3}
        evaluation_shapes = {shape for _, shape in EVALUATION + EVALUATION_2 + EVALUATION_3}
        if any(seed in evaluation_seeds or shape in evaluation_shapes for seed, shape in scenarios):
            sys.exit("an evaluation seed or shape was given as a tuning scenario; pass --set evaluation")
    if (args.match_only or args.from_screen or args.load_only) and len(scenarios) != 1:
        sys.exit("--match-only, --from-screen and --load-only work on one scenario, the one the graph holds")
    start = "match" if args.match_only else "screen" if args.from_screen else "load"
    stop = "loaded" if args.load_only else "evaluate"
    root = args.folder or Path(tempfile.mkdtemp(prefix="identify-calibration-"))
    started = time.perf_counter()
    results = [run_scenario(seed, shape, args.persons, root / f"{seed}-{shape}", args.workers, start, stop)
               for seed, shape in scenarios]
    if stop == "loaded":
        print(f"loaded {scenarios[0][0]}:{scenarios[0][1]} in {results[0]['seconds']} s into {results[0]['folder']}")
        return
    summary = pooled(results)
    label = f"{args.which} set{' (' + args.label + ')' if args.label else ''}"
    print_report(label, results, summary)
    output = {"set": args.which, "label": args.label, "scenarios": results, "pooled": summary,
              "seconds": round(time.perf_counter() - started, 1), "load_average_end": load_average()}
    if args.output:
        args.output.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
