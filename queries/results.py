"""Query results as plain values: for JSON, CSV and tables, in the CLI and the web app alike."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

# A cell that a spreadsheet would read as a formula is prefixed with an apostrophe, so an exported
# file cannot run `=cmd|...` on the machine of whoever opens it.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """A driver value (node, relationship, path, point, temporal) as JSON-able data."""
    if isinstance(value, Node):
        return {"id": value.element_id, "labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, Relationship):
        return {"id": value.element_id, "type": value.type,
                "start": value.start_node.element_id if value.start_node else None,
                "end": value.end_node.element_id if value.end_node else None,
                "properties": plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, Point):
        names = ("longitude", "latitude", "height")
        return {"srid": value.srid, **{names[i]: c for i, c in enumerate(value)}}
    if isinstance(value, (Date, DateTime, Time)):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def cell_text(value: Any) -> str:
    """One value as the text of a table or CSV cell."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, dict) and "labels" in value:
        props = value["properties"]
        name = props.get("record_id") or props.get("uid") or props.get("name") or value["id"]
        return f"({':'.join(value['labels'])} {name})"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def neutralise(text: str) -> str:
    """Defuse a cell a spreadsheet would evaluate as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_csv(keys: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text with a header, every cell neutralised against formula injection."""
    buffer = io.StringIO()
    # CRLF rows (RFC 4180): the writer then quotes a cell holding a lone CR, which a reader
    # would otherwise take for the end of the row.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(k) for k in keys])
    for row in rows:
        writer.writerow([neutralise(cell_text(v)) for v in row])
    return buffer.getvalue()


def to_json(keys: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return json.dumps([dict(zip(keys, (plain(v) for v in row))) for row in rows],
                      ensure_ascii=False, indent=2)


def to_table(keys: Sequence[str], rows: Iterable[Sequence[Any]], max_width: int = 60) -> str:
    """A fixed-width text table for the terminal."""
    texts = [[cell_text(v).replace("\n", " ")[:max_width] for v in row] for row in rows]
    widths = [max([len(k)] + [len(r[i]) for r in texts]) for i, k in enumerate(keys)]
    line = "  ".join(k.ljust(w) for k, w in zip(keys, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in texts]
    return "\n".join([line, rule, *body])
