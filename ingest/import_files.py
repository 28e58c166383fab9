"""The CSV files `neo4j-admin database import full` reads, written from a `BulkGraph`.

One file per label (nodes) or per type and end labels (relationships), with typed headers
(`name:long`, `location:point{crs:WGS-84}`, `ingested_at:datetime`, `name_variants:string[]`), the
key as the `:ID` of its label's id space, each property stored with the type the driver would
give it. A property whose values do not all have one type within a label is split: nodes are
grouped by the types they give such properties, a file per group. Values the import format cannot
say exactly (an empty list, an empty string, a line break, an array element holding the array
delimiter) are left out of the files and set afterwards through the driver (`Fixups`), so the
imported graph is the transactional load's to the last value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from graphmodel.model import load_model
from graphmodel.store import Store

from .bulk import BulkGraph, RelKey
from .graph import GeoPoint, NodeRef
from .writer import driver_values

# Between array elements: a control character no text field of an agency holds (one that does
# is set through the driver instead).
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"

_SCALARS = {bool: "boolean", int: "long", float: "double", str: "string"}


def csv_type(value: Any) -> str | None:
    """The import header type of a value, or None when the import cannot carry it exactly."""
    kind = _SCALARS.get(type(value))
    if kind == "string":
        return None if value == "" or "\n" in value or "\r" in value else kind
    if kind == "double":
        return kind if math.isfinite(value) else None
    if kind is not None:
        return kind
    if isinstance(value, GeoPoint):
        return "point{crs:WGS-84}"
    if isinstance(value, datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, list) and value:
        kinds = {csv_type(item) for item in value}
        if len(kinds) == 1 and (only := kinds.pop()) in ("boolean", "long", "double", "string") and not (
                only == "string" and any(ARRAY_DELIMITER in item for item in value)):
            return f"{only}[]"
    return None


def csv_value(value: Any) -> str:
    """The CSV field of a value whose `csv_type` is known."""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, GeoPoint):
        return f'"{{latitude: {value.latitude!r}, longitude: {value.longitude!r}}}"'
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    items = (csv_value(item) for item in value)
    text = ARRAY_DELIMITER.join(item[1:-1] if item.startswith('"') else item for item in items)
    return f'"{text}"'


@dataclass
class Fixups:
    """Values set through the driver after the import: (label, key) → properties, and
    (type, start, end) → properties."""

    nodes: dict[Any, dict[str, Any]] = field(default_factory=dict)
    rels: dict[Any, dict[str, Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.rels)

    def apply(self, store: Store, batch_size: int = 1000) -> None:
        """Set the values, a batch per transaction (after the key constraints exist)."""
        model = load_model()
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ref, properties in self.nodes.items():
            by_label[ref.label].append({"key": ref.key, "props": driver_values(properties)})
        for label, rows in by_label.items():
            key = model.node(label).key
            store.write_batches(f"UNWIND $rows AS row MATCH (n:{label} {{{key}: row.key}}) SET n += row.props",
                                rows, batch_size=batch_size)
        by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for (rel_type, start, end), properties in self.rels.items():
            by_type[(rel_type, start.label, end.label)].append(
                {"start": start.key, "end": end.key, "props": driver_values(properties)})
        for (rel_type, start_label, end_label), rows in by_type.items():
            start_key, end_key = model.node(start_label).key, model.node(end_label).key
            store.write_batches(f"UNWIND $rows AS row MATCH (a:{start_label} {{{start_key}: row.start}})"
                                f"-[r:{rel_type}]->(b:{end_label} {{{end_key}: row.end}}) SET r += row.props",
                                rows, batch_size=batch_size)


@dataclass
class ImportFiles:
    """The files written and neo4j-admin's arguments that read them (`--nodes`, `--relationships`)."""

    arguments: list[str]
    fixups: Fixups
    nodes: int
    relationships: int


def _string_cell(value: str) -> tuple[str, str] | None:
    if value == "" or "\n" in value or "\r" in value:
        return None
    if '"' in value:
        value = value.replace('"', '""')
    return "string", f'"{value}"'


def _float_cell(value: float) -> tuple[str, str] | None:
    return ("double", repr(value)) if math.isfinite(value) else None


def _cell(value: Any) -> tuple[str, str] | None:
    """(header type, CSV field) of a value, or None when the import cannot carry it exactly."""
    kind = csv_type(value)
    return None if kind is None else (kind, csv_value(value))


# The cell of a value of each plain type: `csv_type` and `csv_value` at once.
_CELLS: dict[type, Callable[[Any], tuple[str, str] | None]] = {
    str: _string_cell,
    bool: lambda value: ("boolean", "true" if value else "false"),
    int: lambda value: ("long", repr(value)),
    float: _float_cell,
    GeoPoint: lambda value: ("point{crs:WGS-84}", csv_value(value)),
    list: _cell,
}


class _Cells:
    """Each value's (header type, CSV field), the same value's worked out once when it is a date
    or a time (every element carries its load's `ingested_at` and `updated_at`)."""

    def __init__(self) -> None:
        self._times: dict[date, tuple[str, str] | None] = {}

    def of(self, properties: dict[str, Any], skip: str | None, fixups: dict[Any, dict[str, Any]],
           item: Any) -> dict[str, tuple[str, str]]:
        """name → cell of what the files carry; the rest goes to `fixups[item]`."""
        cells: dict[str, tuple[str, str]] = {}
        for name, value in properties.items():
            if name == skip:
                continue
            kind = type(value)
            make = _CELLS.get(kind)
            if make is not None:
                cell = make(value)
            elif kind is datetime or kind is date:
                try:
                    cell = self._times[value]
                except KeyError:
                    cell = self._times[value] = _cell(value)
            else:
                cell = _cell(value)
            if cell is None:
                fixups.setdefault(item, {})[name] = value
            else:
                cells[name] = cell
        return cells


def _write_groups(folder: Path, stem: str, lead: list[str], items: list[tuple[list[str], dict[str, tuple[str, str]]]],
                  ) -> list[Path]:
    """The items in files `<stem>-<n>.csv`, grouped so that within a file each property has one
    type (by the types they give the properties whose type varies); `lead` heads the columns
    each item's own first fields fill."""
    # Items that give the same properties the same types share a signature; the few distinct
    # signatures tell which properties vary.
    signature_of: list[tuple[tuple[str, str], ...]] = []
    signatures: dict[tuple[tuple[str, str], ...], None] = {}
    for _fields, cells in items:
        signature = tuple(zip(cells, map(itemgetter(0), cells.values())))
        signature_of.append(signature)
        signatures[signature] = None
    kinds: dict[str, set[str]] = defaultdict(set)
    for signature in signatures:
        for name, kind in signature:
            kinds[name].add(kind)
    varying = sorted(name for name, found in kinds.items() if len(found) > 1)
    group_of = {signature: tuple((name, kind) for name in varying for found, kind in signature if found == name)
                for signature in signatures}
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    group_signatures: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
    for index, signature in enumerate(signature_of):
        group = group_of[signature]
        groups.setdefault(group, []).append(index)
        group_signatures.setdefault(group, {}).update(signature)
    paths = []
    for number, (group, indices) in enumerate(groups.items()):
        columns = sorted(group_signatures[group].items())
        names = [name for name, _kind in columns]
        path = folder / f"{stem}-{number}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            stream.write(",".join([*lead, *(f"{name}:{kind}" for name, kind in columns)]) + "\n")
            stream.writelines(
                ",".join([*fields, *(cell[1] if (cell := cells.get(name)) else "" for name in names)]) + "\n"
                for fields, cells in (items[index] for index in indices))
        paths.append(path)
    return paths


def write_import_files(graph: BulkGraph, folder: Path) -> ImportFiles:
    """Write the graph's nodes and relationships into `folder` as neo4j-admin import CSV files.

    A label's nodes, then a relationship type's, are worked out and written one label or type at
    a time; the graph's nodes and relationships are taken out of it as they are worked out."""
    model = load_model()
    folder.mkdir(parents=True, exist_ok=True)
    fixups = Fixups()
    cells = _Cells()
    arguments: list[str] = [f"--array-delimiter={ARRAY_DELIMITER_OPTION}"]
    counts = len(graph.nodes), len(graph.rels)
    refs: dict[str, list[NodeRef]] = defaultdict(list)
    for ref in graph.nodes:
        refs[ref.label].append(ref)
    for label, of_label in refs.items():
        key = model.node(label).key
        items = [([csv_value(ref.key)], cells.of(graph.nodes.pop(ref), key, fixups.nodes, ref)) for ref in of_label]
        for path in _write_groups(folder, f"nodes-{label}", [f"{key}:ID({label})"], items):
            arguments.append(f"--nodes={label}={path}")
    keys: dict[tuple[str, str, str], list[RelKey]] = defaultdict(list)
    for rel_key in graph.rels:
        keys[(rel_key[0], rel_key[1].label, rel_key[2].label)].append(rel_key)
    for (rel_type, start, end), of_type in keys.items():
        items = [([csv_value(rel_key[1].key), csv_value(rel_key[2].key)],
                  cells.of(graph.rels.pop(rel_key), None, fixups.rels, rel_key)) for rel_key in of_type]
        for path in _write_groups(folder, f"rels-{rel_type}-{start}-{end}", [f":START_ID({start})", f":END_ID({end})"],
                                  items):
            arguments.append(f"--relationships={rel_type}={path}")
    return ImportFiles(arguments, fixups, *counts)
