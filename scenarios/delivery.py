"""The delivery on disk: the six interchange CSV files (exactly the contract's columns, streamed
row by row), plus the record ids that tie them together. truth.json is `scenarios.truth`."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ingest.formats.interchange import ADAPTERS

# The order the files are opened, written and counted in (truth.json's "counts", the command's
# summary); each file's columns are the loader's own (ingest/formats/interchange/), in the
# contract's order, so the generator cannot write a column the loader does not read.
KINDS = ("reports", "relatives", "vessels", "sightings", "remains", "dna_profiles")
COLUMNS: dict[str, tuple[str, ...]] = {kind: ADAPTERS[kind].columns for kind in KINDS}

# Record id prefixes: readable at a glance, unique within the agency.
ID_PREFIXES = {
    "person": "P", "report": "TR", "relative": "RL", "voyage": "VY", "sighting": "SG",
    "remains": "BT", "sample": "DNA", "second_remains": "CG",
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

