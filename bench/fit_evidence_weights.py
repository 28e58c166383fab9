"""Fit the dependence weights of parameters.yaml on the tuning scenarios' truth.

Evidence kinds are not independent given the identity question, so their log10 LRs are weighed
in groups (parameters.yaml, `dependence`). The weights are fitted here, per kind of candidate
record, by logistic regression of "the record is the person's" on the groups' log10 LRs:

    log odds(right) = ln 10 x [ log10 prior odds + DNA log10 LR + sum_g w_g x (group g's log10 LR) ]

with the prior log odds and DNA as a fixed offset (DNA is never reweighed) and no free intercept,
by Newton's method (maximum likelihood). A second fit with a free intercept is printed as a check
of the priors: an intercept far from 0 says the prior share of that kind is off.

Step 1, for each tuning scenario loaded and matched with every weight at 1 (the graph the
environment points at holds it):

    .venv/bin/python bench/fit_evidence_weights.py dump --truth SCENARIO/truth.json --out 101.jsonl

Step 2, pooled over the tuning scenarios (never an evaluation one):

    .venv/bin/python bench/fit_evidence_weights.py fit 101.jsonl 102.jsonl 103.jsonl 104.jsonl

prints the weights as the `weights:` block of parameters.yaml, and the fit's diagnostics.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402
from identify.evidence.parameters import load_parameters  # noqa: E402
from identify.world import run  # noqa: E402
from scenarios.truth import load_truth  # noqa: E402

LN10 = math.log(10)
# How hard the shift of the log odds is held at 0 (a Gaussian prior of sd 1/sqrt(penalty) log10 units).
SHIFT_PENALTY = 20.0


def dump(truth_path: Path, out: Path) -> None:
    """One line per candidate of the scenario's reports: kind, right, offset and group sums."""
    params = load_parameters()
    groups = sorted(set(params.dependence_groups.values()))
    truth = load_truth(truth_path)
    with Store() as store:
        rows = run(store, "evaluate_candidates", agency=truth.agency)
        context = run(store, "evaluate_report_context", agency=truth.agency)
        voyage_named = {row["record_id"]: bool(row["names_voyage"]) for row in context if row["kind"] == "report"}
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            entry = truth.missing.get(row["report_id"])
            if entry is None or row["band"] == "excluded" or row["prior"] is None:
                continue
            own = (set(entry.get("remains", ())) | set(entry.get("sightings", ()))
                   | set(entry.get("duplicate_reports", ())))
            sums = {group: 0.0 for group in groups}
            dna = 0.0
            for item in json.loads(row["evidence"] or "[]"):
                if item["kind"] == "dna":
                    dna += item["log10_lr"]
                elif item["kind"] in params.dependence_groups:
                    sums[params.dependence_groups[item["kind"]]] += item["log10_lr"]
            prior = float(row["prior"])
            offset = math.log10(prior) - math.log10(1 - prior) + dna
            levels = [[item["kind"], item["level"]] for item in json.loads(row["evidence"] or "[]")
                      if item["kind"] not in ("dna", "dependence")]
            handle.write(json.dumps({"kind": row["kind"], "right": row["candidate_id"] in own, "offset": offset,
                                     "dna": dna, "groups": sums, "levels": levels,
                                     "with_voyage": voyage_named.get(row["report_id"], False)}) + "\n")
            written += 1
    print(f"{written} candidates written to {out}")


def newton(features: np.ndarray, offset: np.ndarray, labels: np.ndarray, ridge: float = 1e-3,
           iterations: int = 100, centre: np.ndarray | None = None, penalty: np.ndarray | None = None) -> np.ndarray:
    """Maximum-likelihood logistic regression with a fixed offset (log odds in natural units),
    each coefficient pulled towards `centre` (default 1) by `penalty` (default `ridge`)."""
    centre = np.ones(features.shape[1]) if centre is None else centre
    penalty = np.full(features.shape[1], ridge) if penalty is None else penalty
    weights = centre.copy()
    for _ in range(iterations):
        eta = offset + features @ weights
        p = 1.0 / (1.0 + np.exp(-np.clip(eta, -700, 700)))
        gradient = features.T @ (labels - p) - penalty * (weights - centre)
        hessian = features.T @ (features * (p * (1 - p))[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        weights = weights + step
        if np.max(np.abs(step)) < 1e-9:
            break
    return weights


def log_likelihood(eta: np.ndarray, labels: np.ndarray) -> float:
    return float(np.sum(labels * -np.logaddexp(0, -eta) + (1 - labels) * -np.logaddexp(0, eta)))


def fit(paths: list[Path]) -> None:
    params = load_parameters()
    groups = sorted(set(params.dependence_groups.values()))
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            by_kind[row["kind"]].append(row)
    print("  weights:")
    report = []
    shifts: dict[str, float] = {}
    for kind in ("remains", "sighting", "report"):
        rows = by_kind.get(kind, [])
        if not rows:
            continue
        used = [g for g in groups if any(row["groups"][g] for row in rows)]
        features = np.array([[row["groups"][g] * LN10 for g in used] for row in rows])
        offset = np.array([row["offset"] * LN10 for row in rows])
        labels = np.array([1.0 if row["right"] else 0.0 for row in rows])
        # the weights and a shift of the log odds, the shift held near 0 (SHIFT_PENALTY)
        design = np.hstack([features, np.full((len(rows), 1), LN10)])
        centre = np.append(np.ones(len(used)), 0.0)
        penalty = np.append(np.full(len(used), 1e-3), SHIFT_PENALTY)
        coefficients = newton(design, offset, labels, centre=centre, penalty=penalty)
        fitted = dict(zip(used, coefficients[:-1]))
        shifts[kind] = coefficients[-1]
        print(f"    {kind}: {{" + ", ".join(f"{g}: {fitted.get(g, 1.0):.3f}" for g in groups) + "}")
        plain = log_likelihood(offset + features.sum(axis=1), labels)
        weighed = log_likelihood(offset + design @ coefficients, labels)
        report.append(f"# {kind}: {len(rows)} candidates, {int(labels.sum())} right; log-likelihood "
                      f"{plain:.1f} with every weight 1, {weighed:.1f} fitted")
    print("  shift:")
    for kind, shift in shifts.items():
        print(f"    {kind}: {shift:+.3f}")
    print("\n".join(report))


# A measured m is shrunk towards the documented one by this many pseudo-observations.
M_PSEUDO_COUNT = 10.0


def levels(paths: list[Path]) -> None:
    """m of every level (how often the person's own records land in it), by kind of candidate
    record (and, for time and place, by whether the report names the voyage), smoothed towards the
    documented m, printed as the `m_by_kind` blocks and time-and-place levels of parameters.yaml."""
    params = load_parameters()
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row["right"]:
                continue
            for kind, level in row["levels"]:
                if kind == "time_place":
                    kind = f"time_place.{'with_voyage' if row['with_voyage'] else 'without_voyage'}"
                counts[(row["kind"], kind)][level] += 1
    documented = {"names": params.names, "date_of_birth": params.date_of_birth, "nationality": params.nationality,
                  "age": params.age.comparison, "stature": params.stature.comparison,
                  "colour.hair": params.hair.comparison, "colour.eyes": params.eyes.comparison,
                  **{f"descriptions.{field}": comparison for field, comparison in params.descriptions.items()}}
    rename = {"hair_colour": "colour.hair", "eye_colour": "colour.eyes", "marks": "descriptions.marks",
              "clothing": "descriptions.clothing", "personal_effects": "descriptions.personal_effects"}
    for (record_kind, kind), by_level in sorted(counts.items()):
        name = rename.get(kind, kind)
        if name.startswith("time_place."):
            comparison = params.time_place.comparisons[(record_kind, name.split(".")[1])]
        else:
            comparison = documented.get(name)
        if comparison is None:
            continue
        total = sum(by_level.values())
        measured = {level: (by_level.get(level, 0) + M_PSEUDO_COUNT * comparison.level(level).m)
                    / (total + M_PSEUDO_COUNT) for level in comparison.names}
        shown = ", ".join(f"{level}: {value:.3f}" for level, value in measured.items())
        print(f"{name} {record_kind} (n={total}): {{{shown}}}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("dump", help="the candidates of the loaded scenario, as fitting data")
    one.add_argument("--truth", type=Path, required=True)
    one.add_argument("--out", type=Path, required=True)
    many = commands.add_parser("fit", help="fit the weights on dumped tuning scenarios")
    many.add_argument("paths", nargs="+", type=Path)
    levels_of = commands.add_parser("levels", help="the share of the person's own records in each level (m)")
    levels_of.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args()
    if args.command == "levels":
        levels(args.paths)
    elif args.command == "dump":
        dump(args.truth, args.out)
    else:
        fit(args.paths)


if __name__ == "__main__":
    main()
