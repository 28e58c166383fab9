"""What every source format provides: a header check and a row-to-graph transform."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..cells import Cells
from ..graph import RecordGraph

SHARING = ("partners", "agency")


@dataclass(frozen=True)
class LoadContext:
    """The facts of one load that every row shares."""

    agency: str
    source_file: str
    sharing: str = "partners"


class Adapter:
    """One kind of file. Subclasses set the class attributes and write `transform`."""

    kind: str = ""
    primary_label: str = ""
    columns: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()
    id_column: str = "record_id"
    encoding: str = "utf-8"
    delimiter: str = ","
    extra_markers: frozenset[str] = frozenset()
    # How many leading rows `locate_header` may look at.
    header_search_rows: int = 1

    def locate_header(self, leading_rows: list[list[str]]) -> int:
        """0-based index of the header row among the file's first rows."""
        return 0

    def header_problems(self, header: list[str]) -> list[str]:
        """Why this header is not one of this kind of file (empty when it is)."""
        missing = [column for column in self.required_columns if column not in header]
        if not missing:
            return []
        return [f"it lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"]

    def identity(self, cells: Cells) -> str | None:
        """The value that must be unique within the file (the record id)."""
        return cells.get(self.id_column) or None

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        """The row's graph; None when the row was only collected (see `finish`) or has problems."""
        raise NotImplementedError

    def quick_rows(self, header: list[str]) -> Callable[[int, list[str]], bool] | None:
        """A shortcut for files of millions of rows, or None.

        The callable takes a row's (line, raw cells) and returns True when it has taken the row
        exactly as `transform` would have, with no problem, warning or empty marker to report;
        False leaves the row untouched for the usual way.
        """
        return None

    def finish(self, context: LoadContext) -> Iterable[RecordGraph]:
        """Records assembled from several rows, once the file has been read."""
        return ()


@dataclass(frozen=True)
class FilePlan:
    """A file to load and the adapter that reads it."""

    path: Path
    adapter: Adapter
    format: str


def uid(agency: str, record_id: str) -> str:
    """`<AGENCY>:<record_id>`, the key of an agency record."""
    return f"{agency}:{record_id}"


def property_name(column: str) -> str:
    """A column name as a property name: lower case, words joined by `_`."""
    name = re.sub(r"[^0-9a-z]+", "_", column.casefold()).strip("_")
    return name or "column"


def sharing(cells: Cells, context: LoadContext) -> str:
    """The row's `sharing` column, or the load's default."""
    return cells.choice("sharing", SHARING, default=context.sharing) or context.sharing
