"""truth.json: which report, remains, sighting and sample belongs to whom (docs/generator.md).

The generator writes it as the scenario unfolds (`TruthWriter`); an evaluation reads it back
(`load_truth`) and asks a `Truth` which records belong to a report's person. Both sides of the
file's layout live here so that they cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphmodel.errors import TraceGraphError


class TruthWriter:
    """truth.json, written as the scenario runs: the header, then one line per report under
    "missing" as each is finished, then the remains and sightings maps kept until the end."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        self._handle = open(path, "w", encoding="utf-8", newline="\n")
        self._first = True
        self.remains_of: dict[str, str | None] = {}
        self.sightings_of: dict[str, str | None] = {}
        self.reports_of: dict[str, list[str]] = {}
        lines = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n" for key, value in header.items()]
        self._handle.write("{\n" + "".join(lines) + ' "missing": {\n')

    def missing(self, report_id: str, entry: dict[str, Any]) -> None:
        """The truth about one report (see docs/generator.md for the fields)."""
        separator = "" if self._first else ",\n"
        self._first = False
        self._handle.write(f"{separator}  {json.dumps(report_id)}: {json.dumps(entry, ensure_ascii=False)}")

    def close(self, footer: dict[str, Any]) -> None:
        """Write the maps and the footer and close the file."""
        self._handle.write("\n },\n")
        tail = {
            "remains_of": self.remains_of,
            "sightings_of": self.sightings_of,
            "reports_of": self.reports_of,
            **footer,
        }
        for index, (key, value) in enumerate(tail.items()):
            comma = "," if index < len(tail) - 1 else ""
            self._handle.write(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, indent=None)}{comma}\n")
        self._handle.write("}\n")
        self._handle.close()


@dataclass(frozen=True)
class Truth:
    """truth.json read back: the agency the delivery was loaded under and, per report, the truth
    about its missing person (`missing`, one entry per report id)."""

    agency: str
    missing: dict[str, dict[str, Any]]

    def remains(self, report_id: str) -> list[str]:
        """The remains records of the report's person (most persons leave none)."""
        return list(self.missing[report_id].get("remains", ()))

    def own_records(self, report_id: str) -> set[str]:
        """The remains and sighting records that really belong to the report's person."""
        entry = self.missing[report_id]
        return set(entry.get("remains", ())) | set(entry.get("sightings", ()))

    def true_records(self, report_id: str) -> set[str]:
        """Every record a candidate of this report may rightly point at: the person's own remains
        and sightings, and the other reports of the same person (a person reported twice)."""
        return self.own_records(report_id) | set(self.missing[report_id].get("duplicate_reports", ()))


def load_truth(path: Path) -> Truth:
    """truth.json as the generator writes it; a clear error when it is not one."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Truth(agency=str(raw["agency"]), missing=dict(raw["missing"]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise TraceGraphError(f"{path} is not a truth.json written by `tracegraph generate` ({error})") from None
