"""What every source format provides: a header check and a row-to-graph transform."""

from __future__ import annotations

import difflib
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
    # Rows with an id met before are distinct records (`<id>#<n>`), not duplicates to reject.
    repeats_are_distinct: bool = False
    # Where the file counts deaths: the label of its records and the property holding their
    # number of dead and missing (None: each record is one death).
    death_label: str | None = None
    death_property: str | None = None

    @property
    def layout(self) -> str | None:
        """The published layout the header was recognised as, when the format has several."""
        return None

    @property
    def layout_note(self) -> str | None:
        """One line saying which layout was found, for the summary."""
        return None

    def occurrence_id(self, record_id: str, occurrence: int) -> str:
        """The id of the n-th row with one id, where repeats are distinct records."""
        return record_id if occurrence == 1 else f"{record_id}#{occurrence}"

    def repeat_note(self, identity: str, first_line: int, occurrence: int) -> str:
        """The warning for a row whose id came before, where repeats are distinct records."""
        return (f"{identity!r} also on line {first_line}: a distinct record, "
                f"loaded as {self.occurrence_id(identity, occurrence)!r}")

    def deaths(self, cells: Cells) -> int | None:
        """The dead and missing the row states (None: not a number, or the format counts none)."""
        return 1 if self.death_label and not self.death_property else None

    def death_text(self, cells: Cells) -> str | None:
        """The text of the row's count of dead and missing, to name it when it is not a number."""
        return None

    def loaded_deaths(self, graph: RecordGraph) -> int | None:
        """The dead and missing the record as built carries."""
        if not self.death_property:
            return 1
        value = graph.primary_properties().get(self.death_property)
        return value if isinstance(value, int) else None

    def locate_header(self, leading_rows: list[list[str]]) -> int:
        """0-based index of the header row among the file's first rows."""
        return 0

    def header_problems(self, header: list[str]) -> list[str]:
        """Why this header is not one of this kind of file (empty when it is)."""
        missing = [column for column in self.required_columns if column not in header]
        if not missing:
            return []
        problem = f"it lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        return [problem + similar_columns(missing, header, self.columns)]

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


def similar_columns(missing: Iterable[str], header: list[str], known: Iterable[str] = ()) -> str:
    """" (it has 'Location of death', perhaps for 'Location of Incident')" for each missing column
    that a column of the file resembles, or ""."""
    # A cell holding separators is a whole header read with the wrong delimiter, not a column.
    spare = [column for column in header if column and column not in set(known) and not re.search(r"[;\t|]", column)]
    hints = []
    for column in missing:
        folded = {candidate.casefold(): candidate for candidate in spare}
        close = difflib.get_close_matches(column.casefold(), list(folded), n=1, cutoff=0.6)
        if not close:
            words = _words(column)
            shared = [c for c in spare if len(words & _words(c)) * 2 >= len(words) and words & _words(c) != {"id"}]
            close = [shared[0].casefold()] if len(shared) == 1 else []
        if close:
            found = folded[close[0]]
            hints.append(f"it has {found!r}, perhaps for {column!r}")
            spare.remove(found)
    return f" ({'; '.join(hints)})" if hints else ""


def _words(column: str) -> set[str]:
    return set(re.findall(r"[a-z]+", column.casefold())) - {"of", "the", "number", "and"}
