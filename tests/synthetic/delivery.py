"""Reading a generated delivery back from its files, for the synthetic scenario tests."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONTRACT = PROJECT_ROOT.parent / "shared" / "formats" / "README.md"
KINDS = ("reports", "relatives", "vessels", "sightings", "remains", "dna_profiles")


@dataclass
class Scenario:
    """A generated delivery as written on disk."""

    folder: Path
    rows: dict[str, list[dict[str, str]]]
    headers: dict[str, list[str]]
    truth: dict

    def by_id(self, kind: str, key: str = "record_id") -> dict[str, dict[str, str]]:
        return {row[key]: row for row in self.rows[kind]}

    def profiles(self) -> dict[str, list[dict[str, str]]]:
        """dna_profiles rows grouped by sample_id."""
        samples: dict[str, list[dict[str, str]]] = {}
        for row in self.rows["dna_profiles"]:
            samples.setdefault(row["sample_id"], []).append(row)
        return samples


def read_scenario(folder: Path) -> Scenario:
    rows, headers = {}, {}
    for kind in KINDS:
        with open(folder / f"{kind}.csv", encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            headers[kind] = next(reader)
            rows[kind] = [dict(zip(headers[kind], line)) for line in reader]
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return Scenario(folder, rows, headers, truth)
