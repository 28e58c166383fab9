"""Any agency's CSV through a declarative YAML mapping: no Python for a new spreadsheet.

A mapping says which record type the rows are (`record: remains`, or `incidents`), which columns
make the record id (or, for a list without ids, the row's content and its occurrence), and for
each field of that record type where its value comes from: a column, a template over several
columns, or a constant, optionally through a value map, date formats tried in order, a
multi-value separator or one part of a coordinates cell. The mapped row is then read by the
adapter of that record type, so it gets exactly the same validation, normalisation,
relationships and provenance. The file is checked by `mapping_spec.py`; see docs/ingestion.md
and ingest/mappings/.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from normalise.cell_text import split_values
from normalise.dates import parse_with_formats
from normalise.geo import read_point
from normalise.ranges import parse_count

from ..cells import Cells
from ..graph import RecordGraph
from .base import Adapter, LoadContext, similar_columns
from .incidents import IncidentsAdapter
from .interchange import ADAPTERS

# DNA results come from laboratories in the interchange layout; a mapping reads the record types
# that agencies keep in spreadsheets of their own.
RECORD_ADAPTERS: dict[str, type[Adapter]] = {
    **{kind: adapter for kind, adapter in ADAPTERS.items() if kind != "dna_profiles"},
    "incidents": IncidentsAdapter,
}
MAPPABLE = tuple(RECORD_ADAPTERS)
CONTENT_ID = "content"


@dataclass(frozen=True)
class FieldRule:
    """How one field of the record type gets its value."""

    target: str
    column: str | None = None
    template: str | None = None
    value: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    date_formats: tuple[str, ...] = ()
    split: str | None = None
    part: str | None = None

    @property
    def source_columns(self) -> list[str]:
        if self.column:
            return [self.column]
        if self.template:
            return [name for _, name, _, _ in string.Formatter().parse(self.template) if name]
        return []

    def describe(self) -> str:
        return self.column or self.template or self.target

    @property
    def where(self) -> str:
        """`Source column (field)`, as the reports name a mapped value."""
        source = self.describe()
        return f"{source} ({self.target})" if source != self.target else source

    def text(self, cells: Cells) -> str:
        """The source text, before dates and coordinates are read ("" when empty)."""
        if self.value is not None:
            return self.value
        if self.template is not None:
            parts = {name: cells.get(name) for name in self.source_columns}
            text = self.template.format(**parts) if any(parts.values()) else ""
            text = re.sub(r"(\s*,\s*)+$|^(\s*,\s*)+", "", text).strip()
        else:
            text = cells.get(self.column or "")
        if not text:
            return self.default or ""
        if self.values:
            folded = {key.casefold(): mapped for key, mapped in self.values.items()}
            text = folded.get(text.casefold(), text)
        if self.split:
            text = " | ".join(split_values(text, self.split))
        return text

    def apply(self, cells: Cells) -> str:
        """The field's text for the record type's adapter ("" when empty or dropped)."""
        text = self.text(cells)
        if not text:
            return ""
        if self.date_formats:
            try:
                text = parse_with_formats(text, list(self.date_formats)).iso
            except ValueError as error:
                cells.problem(self.where, str(error), field=self.target, raw=text)
                return ""
        if self.part:
            try:
                point = read_point(text)
            except ValueError as error:
                cells.problem(self.where, str(error), field=self.target, raw=text)
                return ""
            if point is not None and point.form and self.part == "latitude":
                cells.repair(self.where, point.form, f"{text!r} read as {point.form}: "
                                                     f"latitude {point.latitude:g}, longitude {point.longitude:g}")
            # The record type checks the range (and puts a swapped pair right).
            text = "" if point is None else repr(point.latitude if self.part == "latitude" else point.longitude)
        return text


class MappedAdapter(Adapter):
    """Reads a spreadsheet through a mapping onto one record type."""

    def __init__(self, source: Path, spec: dict[str, Any], rules: list[FieldRule]) -> None:
        self.source = source
        self.name: str = spec.get("name") or source.stem
        self.record_type: str = spec["record"]
        self.inner: Adapter = RECORD_ADAPTERS[self.record_type]()
        self.kind = f"{self.record_type} via {self.name}"
        self.primary_label = self.inner.primary_label
        self.death_label = self.inner.death_label
        self.death_property = self.inner.death_property
        self.agency: str | None = spec.get("agency")
        self.encoding = spec.get("encoding", "utf-8")
        self.delimiter = spec.get("delimiter", ",")
        self.header_row: int = int(spec.get("header_row", 1))
        self.header_search_rows = self.header_row
        self.extra_markers = frozenset(str(v).casefold() for v in spec.get("empty_values", []))
        self.id_separator: str = spec.get("id_separator", "-")
        identity = spec["id"]
        self.content_columns: list[str] | None = None
        if isinstance(identity, dict):
            # A list without ids: the row's content is its id; identical rows are told apart by
            # their occurrence, so a re-delivery of the same list changes nothing.
            content = identity[CONTENT_ID]
            self.content_columns = [] if content == "all" else list(content)
            self.id_columns: list[str] = list(self.content_columns)
            self.repeats_are_distinct = True
        else:
            self.id_columns = list(identity)
        self.rules = rules
        self._by_target = {rule.target: rule for rule in rules}
        used = [*self.id_columns, *(column for rule in self.rules for column in rule.source_columns)]
        self.columns = tuple(dict.fromkeys(used))
        self.required_columns = self.columns
        self.id_column = "(row content)" if self.content_columns is not None else " + ".join(self.id_columns)
        self._header: list[str] = []

    def locate_header(self, leading_rows: list[list[str]]) -> int:
        return self.header_row - 1

    def header_problems(self, header: list[str]) -> list[str]:
        self._header = header
        missing = [column for column in self.columns if column not in header]
        if not missing:
            return []
        return [f"it lacks the column{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)} "
                f"that the mapping {self.source.name} reads{similar_columns(missing, header, self.columns)}"]

    def identity(self, cells: Cells) -> str | None:
        if self.content_columns is not None:
            columns = self.content_columns or self._header
            content = "\x1f".join(cells.get(column) for column in columns)
            if not content.strip("\x1f"):
                return None
            return "row-" + hashlib.blake2b(content.encode("utf-8"), digest_size=8).hexdigest()
        parts = [cells.get(column) for column in self.id_columns]
        return self.id_separator.join(parts) if all(parts) else None

    def _mapped(self, cells: Cells) -> dict[str, str]:
        values = {rule.target: rule.apply(cells) for rule in self.rules}
        identity = self.identity(cells)
        if identity is None:
            if self.content_columns is not None:
                cells.reject("(row)", "the row is empty in the columns that make its id")
            else:
                missing = next(column for column in self.id_columns if not cells.get(column))
                cells.reject(missing, "missing required value (part of the record id)")
        values["record_id"] = self.occurrence_id(identity, cells.occurrence) if identity else ""
        return values

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        values = self._mapped(cells)
        if cells.problems:
            return None
        inner = Cells(values, cells.line)
        graph = self.inner.transform(inner, context)
        for column, message in inner.problems:
            cells.reject(self._where(column), message)
        for item in inner.dropped:
            # Kept as the agency wrote it: the source cell, where the field came from one.
            rule = self._by_target.get(item.field)
            raw = cells.raw(rule.column) if rule is not None and rule.column else item.raw
            cells.problem(self._where(item.column), item.reason, field=item.field, raw=raw)
        cells.warnings.extend((self._where(column), message) for column, message in inner.warnings)
        cells.repairs.extend(inner.repairs)
        return None if cells.problems else graph

    def _where(self, target: str) -> str:
        """`Source column (field)`: the column a field was read from, for the reports."""
        rule = self._by_target.get(target)
        return rule.where if rule else target

    def repeat_note(self, identity: str, first_line: int, occurrence: int) -> str:
        if self.content_columns is None:
            return super().repeat_note(identity, first_line, occurrence)
        return (f"the same as line {first_line}: a distinct record in a list without ids, "
                f"loaded as {self.occurrence_id(identity, occurrence)!r}")

    def deaths(self, cells: Cells) -> int | None:
        if not self.death_label:
            return None
        if not self.death_property:
            return 1
        texts = {name: rule.text(cells) for name in ("dead_and_missing", "dead", "missing")
                 if (rule := self._by_target.get(name))}
        try:
            if texts.get("dead_and_missing"):
                return parse_count(texts["dead_and_missing"]).value
            return sum(parse_count(text).value for name, text in texts.items() if text and name != "dead_and_missing")
        except ValueError:
            return None

    def death_text(self, cells: Cells) -> str | None:
        rule = self._by_target.get("dead_and_missing")
        return rule.text(cells) or None if rule else None

    def finish(self, context: LoadContext) -> Iterable[RecordGraph]:
        return self.inner.finish(context)


def load_mapping(path: Path) -> MappedAdapter:
    """Read and check a mapping file; MappingError says what to fix."""
    from .mapping_spec import read_mapping

    spec, rules = read_mapping(path)
    return MappedAdapter(path, spec, rules)
