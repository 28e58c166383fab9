"""The delivery on disk: the six interchange CSV files (exactly the contract's columns, streamed
row by row) and truth.json, plus the record ids that tie them together."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from types import TracebackType
from typing import IO, Any

# The contract's columns, in the contract's order (shared/formats/README.md).
COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": (
        "record_id", "reported_on", "family_name", "given_names", "other_names", "father_name",
        "mother_name", "sex", "date_of_birth", "age_at_disappearance", "nationality",
        "place_of_birth", "height_cm", "hair_colour", "eye_colour", "distinguishing_marks",
        "clothing", "personal_effects", "last_seen_date", "last_seen_place", "last_seen_lat",
        "last_seen_lon", "last_contact", "circumstances", "route", "vessel_ref",
        "departure_place", "departure_date", "status", "sharing",
    ),
    "relatives": (
        "record_id", "report_id", "family_name", "given_names", "relationship", "sex",
        "date_of_birth", "is_reporter", "contact_country", "dna_sample_id", "sharing",
    ),
    "vessels": (
        "record_id", "vessel_name", "vessel_type", "registration", "flag", "route",
        "departure_place", "departure_lat", "departure_lon", "departure_date", "destination",
        "persons_aboard", "outcome", "outcome_date", "outcome_place", "outcome_lat", "outcome_lon",
        "survivors", "dead", "missing", "incident_ref", "source",
    ),
    "sightings": (
        "record_id", "sighting_type", "date", "place", "lat", "lon", "family_name", "given_names",
        "other_names", "sex", "age", "nationality", "description", "vessel_ref", "report_ref",
        "condition", "reliability", "source", "sharing",
    ),
    "remains": (
        "record_id", "case_number", "recovery_date", "recovery_place", "recovery_lat",
        "recovery_lon", "recovery_context", "vessel_ref", "incident_ref", "completeness",
        "body_part", "condition", "sex", "age_min", "age_max", "height_min_cm", "height_max_cm",
        "hair_colour", "distinguishing_marks", "clothing", "personal_effects", "dna_sample_id",
        "identification_status", "identified_as", "burial_place", "burial_date", "grave_ref",
        "institution", "sharing",
    ),
    "dna_profiles": (
        "sample_id", "sample_kind", "subject_ref", "lab", "kit", "locus", "allele1", "allele2",
        "population",
    ),
}

# Record id prefixes: readable at a glance, unique within the agency.
ID_PREFIXES = {
    "person": "P", "report": "TR", "relative": "RL", "voyage": "VY", "sighting": "SG",
    "remains": "BT", "sample": "DNA",
}


class RecordIds:
    """Sequential record ids per kind ("TR0000001"), and case numbers per institution and year."""

    def __init__(self) -> None:
        self._next: dict[str, int] = defaultdict(int)

    def new(self, kind: str) -> str:
        self._next[kind] += 1
        return f"{ID_PREFIXES[kind]}{self._next[kind]:07d}"

    def case_number(self, prefix: str, year: int) -> str:
        key = f"case:{prefix}:{year}"
        self._next[key] += 1
        return f"{prefix}-{year}-{self._next[key]:04d}"

    def incident_ref(self, year: int) -> str:
        """An IOM-style incident id. Real IOM ids count up from 00001 each year; synthetic ones
        start at 90001 so that they never name a real incident."""
        key = f"incident:{year}"
        self._next[key] += 1
        return f"{year}.MMP{90000 + self._next[key]:05d}"

    def count(self, kind: str) -> int:
        return self._next[kind]


class Delivery:
    """The six CSV files of one delivery, open for writing; use as a context manager."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        self.rows: dict[str, int] = {kind: 0 for kind in COLUMNS}
        for kind, columns in COLUMNS.items():
            # newline="" lets the csv module write RFC 4180 line ends itself.
            handle = open(folder / f"{kind}.csv", "w", encoding="utf-8", newline="")
            self._files[kind] = handle
            self._writers[kind] = csv.writer(handle)
            self._writers[kind].writerow(columns)

    def write(self, kind: str, record: dict[str, Any]) -> None:
        """One row; columns absent from ``record`` are left empty (unknown)."""
        self._writers[kind].writerow([record.get(column, "") for column in COLUMNS[kind]])
        self.rows[kind] += 1

    def write_profile(self, rows: list[tuple[str, ...]]) -> None:
        """dna_profiles.csv rows already in column order (one per locus)."""
        self._writers["dna_profiles"].writerows(rows)
        self.rows["dna_profiles"] += len(rows)

    def __enter__(self) -> "Delivery":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for handle in self._files.values():
            handle.close()


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
