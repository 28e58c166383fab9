"""Any agency's CSV through a declarative YAML mapping: no Python for a new spreadsheet.

A mapping says which interchange record type the rows are (`record: remains`), which columns
make the record id, and for each field of that record type where its value comes from: a
column, a template over several columns, or a constant, optionally through a value map, a date
format, a multi-value separator or one part of a "lat, lon" cell. The mapped row is then read by
the interchange adapter of that record type, so it gets exactly the same validation,
normalisation, relationships and provenance. See docs/ingestion.md and ingest/mappings/.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from normalise.cell_text import split_values
from normalise.geo import parse_coordinates

from ..cells import Cells
from ..errors import MappingError
from ..graph import RecordGraph
from .base import Adapter, LoadContext
from .interchange import ADAPTERS

TOP_KEYS = {"name", "description", "record", "agency", "encoding", "delimiter", "header_row",
            "empty_values", "id", "id_separator", "fields"}
# DNA results come from laboratories in the interchange layout; a mapping reads the record types
# that agencies keep in spreadsheets of their own.
MAPPABLE = tuple(kind for kind in ADAPTERS if kind != "dna_profiles")
FIELD_KEYS = {"column", "template", "value", "values", "default", "date_format", "split", "part",
              "lowercase"}


@dataclass(frozen=True)
class FieldRule:
    """How one field of the record type gets its value."""

    target: str
    column: str | None = None
    template: str | None = None
    value: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    date_format: str | None = None
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

    def apply(self, cells: Cells) -> str:
        """The field's text for the interchange adapter ("" when empty)."""
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
        if self.date_format:
            try:
                text = datetime.strptime(text, self.date_format).date().isoformat()
            except ValueError:
                cells.problem(self.describe(), f"{text!r} does not match the date format {self.date_format}")
                return ""
        if self.part:
            try:
                point = parse_coordinates(text)
            except ValueError as error:
                cells.problem(self.describe(), str(error))
                return ""
            text = "" if point is None else repr(point[0] if self.part == "latitude" else point[1])
        return text


class MappedAdapter(Adapter):
    """Reads a spreadsheet through a mapping onto one interchange record type."""

    def __init__(self, source: Path, spec: dict[str, Any]) -> None:
        self.source = source
        self.name: str = spec.get("name") or source.stem
        self.record_type: str = spec["record"]
        self.inner: Adapter = ADAPTERS[self.record_type]()
        self.kind = f"{self.record_type} via {self.name}"
        self.primary_label = self.inner.primary_label
        self.agency: str | None = spec.get("agency")
        self.encoding = spec.get("encoding", "utf-8")
        self.delimiter = spec.get("delimiter", ",")
        self.header_row: int = int(spec.get("header_row", 1))
        self.header_search_rows = self.header_row
        self.extra_markers = frozenset(str(v).casefold() for v in spec.get("empty_values", []))
        self.id_columns: list[str] = spec["id"]
        self.id_separator: str = spec.get("id_separator", "-")
        self.rules = [_rule(self.source, target, rule, self.inner) for target, rule in spec["fields"].items()]
        used = [*self.id_columns, *(column for rule in self.rules for column in rule.source_columns)]
        self.columns = tuple(dict.fromkeys(used))
        self.required_columns = self.columns
        self.id_column = " + ".join(self.id_columns)

    def locate_header(self, leading_rows: list[list[str]]) -> int:
        return self.header_row - 1

    def header_problems(self, header: list[str]) -> list[str]:
        missing = [column for column in self.columns if column not in header]
        if not missing:
            return []
        return [f"it lacks the column{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)} "
                f"that the mapping {self.source.name} reads"]

    def identity(self, cells: Cells) -> str | None:
        parts = [cells.get(column) for column in self.id_columns]
        return self.id_separator.join(parts) if all(parts) else None

    def _mapped(self, cells: Cells) -> dict[str, str]:
        values = {rule.target: rule.apply(cells) for rule in self.rules}
        identity = self.identity(cells)
        if identity is None:
            missing = next(column for column in self.id_columns if not cells.get(column))
            cells.problem(missing, "missing required value (part of the record id)")
        values["record_id"] = identity or ""
        return values

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        values = self._mapped(cells)
        if cells.problems:
            return None
        inner = Cells(values, cells.line)
        graph = self.inner.transform(inner, context)
        sources = {rule.target: rule.describe() for rule in self.rules}
        for column, message in inner.problems:
            where = sources.get(column)
            cells.problem(f"{where} ({column})" if where and where != column else column, message)
        cells.warnings.extend(inner.warnings)
        return None if cells.problems else graph

    def finish(self, context: LoadContext) -> Iterable[RecordGraph]:
        return self.inner.finish(context)


def _rule(source: Path, target: str, spec: Any, inner: Adapter) -> FieldRule:
    if target not in inner.columns:
        raise MappingError(
            f"{source.name}: {target!r} is not a field of {inner.kind} records; the fields are "
            f"{', '.join(inner.columns)}.")
    if isinstance(spec, str):
        return FieldRule(target=target, column=spec)
    if not isinstance(spec, dict):
        raise MappingError(f"{source.name}: field {target!r} must be a column name or a mapping.")
    if unknown := set(spec) - FIELD_KEYS:
        raise MappingError(f"{source.name}: field {target!r} has unknown key(s) {', '.join(sorted(unknown))}; "
                           f"use {', '.join(sorted(FIELD_KEYS))}.")
    given = [key for key in ("column", "template", "value") if key in spec]
    if len(given) != 1:
        raise MappingError(f"{source.name}: field {target!r} needs exactly one of column, template, value.")
    if spec.get("part") not in (None, "latitude", "longitude"):
        raise MappingError(f"{source.name}: field {target!r}: part must be latitude or longitude.")
    values = spec.get("values") or {}
    if not isinstance(values, dict):
        raise MappingError(f"{source.name}: field {target!r}: values must map source values to field values.")
    return FieldRule(
        target=target, column=spec.get("column"), template=spec.get("template"),
        value=None if spec.get("value") is None else str(spec["value"]),
        values=_value_map(values),
        default=None if spec.get("default") is None else str(spec["default"]),
        date_format=spec.get("date_format"), split=spec.get("split"), part=spec.get("part"))


def _value_map(values: dict[Any, Any]) -> dict[str, str]:
    """Source value -> field value, as text. YAML reads an unquoted `yes`/`no` key as a boolean,
    so a boolean key stands for the words a spreadsheet writes for it."""
    mapped: dict[str, str] = {}
    for key, value in values.items():
        words = {True: ("yes", "y", "true", "on"), False: ("no", "n", "false", "off")}.get(key, (str(key),)) \
            if isinstance(key, bool) else (str(key),)
        for word in words:
            mapped[word] = str(value)
    return mapped


def load_mapping(path: Path) -> MappedAdapter:
    """Read and check a mapping file; MappingError says what to fix."""
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"cannot read the mapping {path}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise MappingError(f"{path.name} is not valid YAML{where}.") from None
    if not isinstance(spec, dict):
        raise MappingError(f"{path.name} must be a YAML mapping with record, id and fields.")
    if unknown := set(spec) - TOP_KEYS:
        raise MappingError(f"{path.name}: unknown key(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(TOP_KEYS))}.")
    for key in ("record", "id", "fields"):
        if key not in spec:
            raise MappingError(f"{path.name} lacks {key!r}.")
    if spec["record"] not in MAPPABLE:
        raise MappingError(f"{path.name}: record must be one of {', '.join(MAPPABLE)}, not {spec['record']!r}.")
    if isinstance(spec["id"], str):
        spec["id"] = [spec["id"]]
    if not spec["id"] or not all(isinstance(column, str) for column in spec["id"]):
        raise MappingError(f"{path.name}: id must name the column (or list of columns) that identify a row.")
    if not isinstance(spec["fields"], dict) or not spec["fields"]:
        raise MappingError(f"{path.name}: fields must map record fields to columns.")
    if "record_id" in spec["fields"]:
        raise MappingError(f"{path.name}: record_id comes from id; remove it from fields.")
    try:
        header_row = int(spec.get("header_row", 1))
    except (TypeError, ValueError):
        header_row = 0
    if header_row < 1:
        raise MappingError(f"{path.name}: header_row must be a line number (1 for the first line).")
    return MappedAdapter(path, spec)


