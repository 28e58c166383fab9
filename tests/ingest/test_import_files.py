"""The import files of `--initial` say every value exactly, or leave it to be set through the driver.

A graph of awkward values is written as import files and read back by the header's types; with the
values set afterwards (`Fixups`) it must give the graph back, value for value and type for type.
"""

from __future__ import annotations

import copy
import csv
import math
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ingest.bulk import BulkGraph
from ingest.graph import GeoPoint, NodeRef
from ingest.import_files import ARRAY_DELIMITER, write_import_files

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
AWKWARD = ["", "a\nb", "x\ry", 'say "hi"', "plain", 3, 2.5, math.inf, True, False, [], ["a", ""],
           ["a", "b\x1fc"], ['q"t', "r"], [1, 2], [1.5, 2.5], [True], [1, "a"], GeoPoint(1.5, -2.25), NOW,
           datetime(2020, 1, 1), date(2019, 5, 6), 10**20, -0.0, ["é", "ß"], "ünï", "a,b"]


def _graph() -> BulkGraph:
    graph = BulkGraph()
    for i in range(60):
        properties: dict[str, Any] = {"ingested_at": NOW, "name": f"n{i}", "v": AWKWARD[i % len(AWKWARD)],
                                      f"w{i % 3}": AWKWARD[(i * 7) % len(AWKWARD)]}
        if i % 5 == 0:
            properties["extra"] = i
        graph.nodes[NodeRef("Person", f"P{i}")] = properties
        graph.nodes[NodeRef("Place", f"L{i}")] = {"name": AWKWARD[(i * 3) % len(AWKWARD)], "location": GeoPoint(i, i)}
    for i in range(60):
        graph.rels[("LAST_SEEN_AT", NodeRef("Person", f"P{i}"), NodeRef("Place", f"L{(i * 7) % 60}"))] = {
            "ingested_at": NOW, "p": AWKWARD[(i * 5) % len(AWKWARD)], "q": AWKWARD[(i * 11) % len(AWKWARD)]}
    return graph


def _scalar(kind: str, text: str) -> Any:
    if kind == "string":
        return text
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text]
    if kind in ("datetime", "localdatetime"):
        return datetime.fromisoformat(text)
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "point{crs:WGS-84}":
        latitude, longitude = (float(part.split(":")[1]) for part in text.strip("{}").split(","))
        return GeoPoint(latitude, longitude)
    raise AssertionError(f"unexpected header type {kind}")


def _read(path: Path) -> tuple[list[str], list[list[Any]]]:
    with path.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    values = []
    for row in rows:
        decoded = []
        for column, text in zip(header, row):
            kind = column.split(":", 1)[1] if ":" in column else "string"
            if text == "" or "ID" in kind:
                decoded.append(None if text == "" else text)
            elif kind.endswith("[]"):
                decoded.append([_scalar(kind[:-2], item) for item in text.split(ARRAY_DELIMITER)])
            else:
                decoded.append(_scalar(kind, text))
        values.append(decoded)
    return header, values


def test_every_value_comes_back_from_the_files_or_the_fixups(tmp_path: Path) -> None:
    graph = _graph()
    expected = copy.deepcopy((graph.nodes, graph.rels))
    files = write_import_files(graph, tmp_path)
    assert not graph.nodes and not graph.rels  # emptied as written
    nodes: dict[NodeRef, dict[str, Any]] = {}
    rels: dict[Any, dict[str, Any]] = {}
    for argument in files.arguments[1:]:
        option, value = argument.split("=", 1)
        name, path = value.split("=", 1)
        header, rows = _read(Path(path))
        names = [column.split(":", 1)[0] for column in header]
        for row in rows:
            if option == "--nodes":
                properties = {n: v for n, v in zip(names[1:], row[1:]) if v is not None}
                nodes[NodeRef(name, row[0])] = properties
            else:
                start, end = header[0][len(":START_ID("):-1], header[1][len(":END_ID("):-1]
                properties = {n: v for n, v in zip(names[2:], row[2:]) if v is not None}
                rels[(name, NodeRef(start, row[0]), NodeRef(end, row[1]))] = properties
    for ref, properties in files.fixups.nodes.items():
        nodes[ref].update(properties)
    for key, properties in files.fixups.rels.items():
        rels[key].update(properties)
    expected_nodes, expected_rels = expected
    for ref, properties in expected_nodes.items():
        assert properties == nodes[ref]
        assert [type(v) for v in properties.values()] == [type(nodes[ref][n]) for n in properties]
    assert rels == expected_rels
    assert (files.nodes, files.relationships) == (120, 60)
    # The values the import format cannot say are the ones left to the driver.
    left = [value for properties in files.fixups.nodes.values() for value in properties.values()]
    assert "" in left and "a\nb" in left and [] in left and ["a", "b\x1fc"] in left and [1, "a"] in left
    assert all(not isinstance(value, str) or value in ("", "a\nb", "x\ry") for value in left)
