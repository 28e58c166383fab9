"""Benchmark: true close relatives the kinship screen leaves unreported or at LR 0.

On a generated scenario (tuning seeds only), each report's family is built as
`tracegraph kinship screen` builds it from the graph (its references with their relationship,
sex and the first stated population), every post-mortem profile is screened against every family
with the default settings, and the generator's truth says which pairs are true: a report's
own post-mortem samples against its own family. A pair is *close* when the family holds a
parent, child or full sibling of the missing person and the post-mortem profile types at least
15 loci. The figure is how many close true pairs the screen does not return in detail (outside
the family's best `keep_top_per_family` and under `keep_min_log10_lr`) or returns at LR 0,
with each such pair's family, sample and the loci at LR 0.

The maths is the library the CLI calls (kinship.screen); the graph is not involved, so a before
and after can be run on the same files quickly (`PYTHONPATH` pointing at another checkout).

Usage (from the project root)::

    .venv/bin/python bench/kinship_true_pairs.py --folder SCEN/101            # generated if absent
    .venv/bin/python bench/kinship_true_pairs.py --folder SCEN/103 --seed 103 --shape tuning_mix
    .venv/bin/python bench/kinship_true_pairs.py --folder SCEN/101 --pairs-only   # LR 0 only, quick
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path and "PYTHONPATH" not in os.environ:
    sys.path.insert(0, str(ROOT))

from kinship import Family, KinshipSettings, Reference, compare, parse_profile, screen  # noqa: E402

CLOSE = {"mother", "father", "child", "full_sibling"}
SEX_WORDS = {"M": "male", "F": "female"}
EVALUATION_SEEDS = 9000


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def load(folder: Path) -> tuple[dict[str, dict[str, list[str]]], dict[str, str], list[Family], dict[str, Any]]:
    """Profiles by sample, each sample's kind, the families as the screen builds them, and the truth."""
    profiles: dict[str, dict[str, list[str]]] = defaultdict(dict)
    kinds: dict[str, str] = {}
    populations: dict[str, str] = {}
    for row in _rows(folder / "dna_profiles.csv"):
        profiles[row["sample_id"]][row["locus"]] = [a for a in (row["allele1"], row["allele2"]) if a]
        kinds[row["sample_id"]] = row["sample_kind"]
        if row["population"]:
            populations.setdefault(row["sample_id"], row["population"])
    by_report: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows(folder / "relatives.csv"):
        if row["dna_sample_id"] and row["dna_sample_id"] in profiles:
            by_report[row["report_id"]].append(row)
    families = []
    for report, relatives in sorted(by_report.items()):
        references = tuple(
            Reference(r["dna_sample_id"], r["relationship"] or "other",
                      parse_profile(r["dna_sample_id"], profiles[r["dna_sample_id"]])[0], SEX_WORDS.get(r["sex"]))
            for r in relatives
        )
        stated = [populations[r["dna_sample_id"]] for r in relatives if r["dna_sample_id"] in populations]
        families.append(Family(report, references, population=stated[0] if stated else None))
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return profiles, kinds, families, truth


def measure(folder: Path, workers: int, pairs_only: bool) -> dict[str, object]:
    """The close true pairs and those unreported or at LR 0; with `pairs_only`, no screen: only
    the true pairs are compared, and a miss is an LR of 0."""
    profiles, kinds, families, truth = load(folder)
    settings = KinshipSettings()
    post_mortem = {s: p for s, p in profiles.items() if kinds[s] == "post_mortem"}
    started = time.perf_counter()
    reported = None
    if not pairs_only:
        result = screen(post_mortem, families, settings, workers=workers)
        reported = {(p.family_id, p.post_mortem_id): p for p in result.pairs}
    seconds = time.perf_counter() - started
    by_id = {f.family_id: f for f in families}
    close = missed = 0
    misses = []
    for report, facts in truth["missing"].items():
        family = by_id.get(report)
        if family is None or not CLOSE & {r.relationship for r in family.references}:
            continue
        for sample in facts["post_mortem_samples"]:
            if sample not in post_mortem or len(post_mortem[sample]) < 15:
                continue
            close += 1
            pair = None if reported is None else reported.get((report, sample))
            if pair is not None and pair.log10_lr > float("-inf"):
                continue
            direct = compare(sample, post_mortem[sample], family, settings).pair
            if reported is None and direct is not None and direct.log10_lr > float("-inf"):
                continue
            missed += 1
            zero = [locus.locus for locus in direct.loci if locus.lr == 0.0] if direct else []
            misses.append({"report": report, "sample": sample,
                           "relationships": sorted(r.relationship for r in family.references),
                           "reported": pair is not None,
                           "log10_lr": None if direct is None else direct.log10_lr, "loci_at_zero": zero})
    return {"folder": str(folder), "close_true_pairs": close, "unreported_or_zero": missed,
            "screen_seconds": round(seconds, 1), "load_average": [round(x, 1) for x in os.getloadavg()],
            "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, required=True, help="scenario folder (generated if absent)")
    parser.add_argument("--persons", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--shape", default="default")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pairs-only", action="store_true", help="compare the true pairs only (no screen)")
    args = parser.parse_args()
    if args.seed >= EVALUATION_SEEDS:
        parser.error(f"seeds from {EVALUATION_SEEDS} up are evaluation seeds; measure on tuning seeds.")
    if not (args.folder / "truth.json").exists():
        subprocess.run([sys.executable, "-m", "tracegraph", "generate", "--persons", str(args.persons),
                        "--seed", str(args.seed), "--shape", args.shape, "--out", str(args.folder)],
                       cwd=ROOT, check=True, capture_output=True)
    print(json.dumps(measure(args.folder, args.workers, args.pairs_only), indent=2))


if __name__ == "__main__":
    main()
