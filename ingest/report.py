"""The account of a load: one summary per file, the rejects CSV, and the JSON saved beside it.

Every row read is either loaded or rejected, and the summary says so in numbers that add up:
`rows_read == loaded + rejected`, and `loaded == new + updated + unchanged` when the graph was
written. A rejected row goes to the rejects CSV as delivered, after three columns that say where
it was and why: `line`, `column`, `reason`. A loaded row with a value dropped or put right goes to
the warnings CSV beside it, in the same layout. Where the file counts deaths, the summary sets the
dead and missing of the file beside those of the graph, and names the rows that make a difference.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from queries.results import neutralise

from .errors import RejectsFolderError

REJECT_COLUMNS = ["line", "column", "reason"]
# Free space the rejects folder must have before a load starts, so a full disk is found before
# the first write to the graph rather than half-way through the load.
REQUIRED_FREE_BYTES = 1 << 20
# The summary lists this many rows that make the dead and missing differ; the reports hold them all.
UNACCOUNTED_LISTED = 1000


@dataclass
class DeathCount:
    """The dead and missing a file states, those its loaded rows carry and those the graph holds
    for them, and each row that makes the file's figure differ, with why."""

    file: int = 0
    loaded: int = 0
    graph: int | None = None
    unaccounted: list[dict[str, Any]] = field(default_factory=list)
    # Rows beyond the first UNACCOUNTED_LISTED that make a difference: counted, not listed.
    more_unaccounted: int = 0

    @property
    def reconciled(self) -> bool:
        return (self.file == self.loaded and self.graph in (None, self.loaded) and not self.unaccounted)

    def account(self, line: int, count: int | None, reason: str) -> None:
        """A row that makes the file's figure differ from the graph's, and why."""
        if len(self.unaccounted) < UNACCOUNTED_LISTED:
            self.unaccounted.append({"line": line, "dead_and_missing": count, "reason": reason})
        else:
            self.more_unaccounted += 1


@dataclass
class FileSummary:
    """What happened to one file."""

    file: str
    path: str
    format: str
    kind: str
    agency: str
    sha256: str = ""
    rows_read: int = 0
    loaded: int = 0
    rejected: int = 0
    rejects_file: str | None = None
    new: int | None = None
    updated: int | None = None
    unchanged: int | None = None
    records: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    empty_markers: dict[str, int] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    # Rows with a warning per column; values dropped per column (kept as raw_*); repairs per kind.
    warnings: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    repairs: dict[str, int] = field(default_factory=dict)
    warned: int = 0
    warnings_file: str | None = None
    # What the file was recognised as (an IOM export layout), and file-level notes.
    layout: str | None = None
    notices: list[str] = field(default_factory=list)
    dead_and_missing: DeathCount | None = None
    seconds: float = 0.0
    dry_run: bool = False

    @property
    def elements_written(self) -> int:
        return self.nodes_created + self.relationships_created

    def check(self) -> None:
        """The reconciliation; a mismatch is a bug, never a user's error."""
        if self.rows_read != self.loaded + self.rejected:
            raise AssertionError(f"{self.file}: {self.rows_read} read != {self.loaded} + {self.rejected}")
        if self.new is not None and self.loaded != self.new + self.updated + self.unchanged:
            raise AssertionError(f"{self.file}: loaded {self.loaded} != new + updated + unchanged")

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.dead_and_missing is not None:
            data["dead_and_missing"]["reconciled"] = self.dead_and_missing.reconciled
        data["elements_written"] = self.elements_written
        data["rows_per_second"] = round(self.rows_read / self.seconds, 1) if self.seconds else None
        return data


class RejectsFolder:
    """Where the rejects CSVs and the summary JSON go; checked writable before any load."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def check_writable(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / ".write-check"
            try:
                with probe.open("wb") as stream:
                    stream.write(bytes(REQUIRED_FREE_BYTES))
                    stream.flush()
                    os.fsync(stream.fileno())
            finally:
                probe.unlink(missing_ok=True)
        except OSError as error:
            raise RejectsFolderError(
                f"cannot write the rejects report to {self.folder} ({error.strerror or error}): "
                "choose a writable folder with --rejects-dir.") from None

    def rejects_path(self, source_name: str) -> Path:
        return self.folder / f"{Path(source_name).stem}.rejects.csv"

    def warnings_path(self, source_name: str) -> Path:
        return self.folder / f"{Path(source_name).stem}.warnings.csv"

    def write_summary(self, summaries: list[FileSummary], extra: dict[str, Any]) -> Path:
        path = self.folder / "summary.json"
        document = {**extra, "files": [summary.as_dict() for summary in summaries]}
        try:
            path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as error:
            raise _cannot_write(path, error) from None
        return path


def _cannot_write(path: Path, error: OSError) -> RejectsFolderError:
    what = "warnings report" if path.name.endswith(".warnings.csv") else "rejects report"
    return RejectsFolderError(
        f"cannot write the {what} {path} ({error.strerror or error}): "
        "free some space or choose another folder with --rejects-dir, then load the file again.")


class RejectsWriter:
    """Streams rejected rows to `<file>.rejects.csv` (or, as the warnings report, rows loaded with
    a warning to `<file>.warnings.csv`), source columns after the reason.

    Cells are written as delivered except that one a spreadsheet would run as a formula
    (`=cmd|...`, `@SUM(...)`) gets a leading apostrophe: whoever opens the report is safe.
    """

    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self.count = 0
        try:
            self._stream: TextIO = path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._stream)
            self._writer.writerow([neutralise(cell) for cell in REJECT_COLUMNS + header])
        except OSError as error:
            raise _cannot_write(path, error) from None

    def reject(self, line: int, problems: list[tuple[str, str]], cells: list[str]) -> None:
        columns = "; ".join(dict.fromkeys(column for column, _ in problems))
        reason = "; ".join(f"{column}: {message}" for column, message in problems)
        try:
            self._writer.writerow([line, *(neutralise(text) for text in (columns, reason, *cells))])
        except OSError as error:
            raise _cannot_write(self.path, error) from None
        self.count += 1

    def close(self) -> None:
        try:
            self._stream.close()
        except OSError as error:
            raise _cannot_write(self.path, error) from None


def count_by_column(counter: Counter[str], entries: list[tuple[str, str]]) -> None:
    """One count per column a row's entries name (a row with two warnings on a column counts once)."""
    for column in dict.fromkeys(column for column, _ in entries):
        counter[column] += 1
