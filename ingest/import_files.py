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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from graphmodel.model import load_model
from graphmodel.store import Store

from .bulk import BulkGraph
from .graph import GeoPoint
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


def _typed(properties: dict[str, Any], skip: str | None, fixups: dict[Any, dict[str, Any]],
           item: Any) -> dict[str, tuple[str, Any]]:
    """name → (header type, value) of what the files carry; the rest goes to `fixups[item]`."""
    typed: dict[str, tuple[str, Any]] = {}
    for name, value in properties.items():
        if name == skip:
            continue
        kind = csv_type(value)
        if kind is None:
            fixups.setdefault(item, {})[name] = value
        else:
            typed[name] = (kind, value)
    return typed


def _partition(items: Iterable[tuple[Any, dict[str, tuple[str, Any]]]]) -> dict[tuple, list]:
    """Items grouped so that within a group each property has one type: by the types they give
    the properties whose type varies."""
    items = list(items)
    types: dict[str, set[str]] = defaultdict(set)
    for _item, typed in items:
        for name, (kind, _value) in typed.items():
            types[name].add(kind)
    varying = sorted(name for name, kinds in types.items() if len(kinds) > 1)
    groups: dict[tuple, list] = defaultdict(list)
    for item, typed in items:
        groups[tuple((name, typed[name][0]) for name in varying if name in typed)].append((item, typed))
    return groups


def _write(path: Path, header: list[str], rows: Iterator[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(header) + "\n")
        stream.writelines(",".join(row) + "\n" for row in rows)


def _columns(typed_rows: list[tuple[Any, dict[str, tuple[str, Any]]]]) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for _item, typed in typed_rows:
        for name, (kind, _value) in typed.items():
            found.setdefault(name, kind)
    return sorted(found.items())


def write_import_files(graph: BulkGraph, folder: Path) -> ImportFiles:
    """Write the graph's nodes and relationships into `folder` as neo4j-admin import CSV files."""
    model = load_model()
    folder.mkdir(parents=True, exist_ok=True)
    fixups = Fixups()
    arguments: list[str] = [f"--array-delimiter={ARRAY_DELIMITER_OPTION}"]
    by_label: dict[str, list] = defaultdict(list)
    for ref, properties in graph.nodes.items():
        key = model.node(ref.label).key
        by_label[ref.label].append((ref, _typed(properties, key, fixups.nodes, ref)))
    for label, items in by_label.items():
        key = model.node(label).key
        for number, rows in enumerate(_partition(items).values()):
            columns = _columns(rows)
            path = folder / f"nodes-{label}-{number}.csv"
            _write(path, [f"{key}:ID({label})", *(f"{name}:{kind}" for name, kind in columns)],
                   ([csv_value(ref.key), *(csv_value(typed[name][1]) if name in typed else "" for name, _ in columns)]
                    for ref, typed in rows))
            arguments.append(f"--nodes={label}={path}")
    by_type: dict[tuple[str, str, str], list] = defaultdict(list)
    for rel_key, properties in graph.rels.items():
        by_type[(rel_key[0], rel_key[1].label, rel_key[2].label)].append(
            (rel_key, _typed(properties, None, fixups.rels, rel_key)))
    for (rel_type, start, end), items in by_type.items():
        for number, rows in enumerate(_partition(items).values()):
            columns = _columns(rows)
            path = folder / f"rels-{rel_type}-{start}-{end}-{number}.csv"
            _write(path, [f":START_ID({start})", f":END_ID({end})", *(f"{name}:{kind}" for name, kind in columns)],
                   ([csv_value(key[1].key), csv_value(key[2].key),
                     *(csv_value(typed[name][1]) if name in typed else "" for name, _ in columns)]
                    for key, typed in rows))
            arguments.append(f"--relationships={rel_type}={path}")
    return ImportFiles(arguments, fixups, len(graph.nodes), len(graph.rels))
