"""Saved canvas layouts of a case: positions, pins and hidden nodes, shared within an agency."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .errors import BadInput
from .localstore import now, transaction

MAX_NODES = 2000
MAX_NAME = 80
# SQLite integers are 64-bit: a larger id in the address names no layout, and SQLite would refuse it.
MAX_ID = 2**63 - 1


def clean(content: Any) -> dict[str, Any]:
    """The layout as sent by the canvas, checked: only ids, keys, numbers and flags are kept."""
    if not isinstance(content, dict) or not isinstance(content.get("nodes"), list):
        raise BadInput("a layout is an object with a list of nodes")
    if len(content["nodes"]) > MAX_NODES:
        raise BadInput(f"a layout holds at most {MAX_NODES} nodes")
    nodes = []
    for item in content["nodes"]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise BadInput("each node of a layout needs an id")
        try:
            x, y = float(item.get("x", 0)), float(item.get("y", 0))
        except (TypeError, ValueError):
            raise BadInput("node positions must be numbers") from None
        nodes.append({"id": item["id"][:120], "key": str(item.get("key", ""))[:200], "x": x, "y": y,
                      "pinned": bool(item.get("pinned")), "hidden": bool(item.get("hidden"))})
    return {"nodes": nodes, "candidate": str(content.get("candidate") or "")[:300]}


def save(db: sqlite3.Connection, report_uid: str, name: str, username: str, agency: str,
         content: dict[str, Any]) -> int:
    name = (name or "").strip()[:MAX_NAME] or "layout"
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO layouts (report_uid, name, username, agency, saved_at, content) VALUES (?, ?, ?, ?, ?, ?)",
            (report_uid, name, username, agency, now(), json.dumps(content)))
    return int(cursor.lastrowid or 0)


def listing(db: sqlite3.Connection, report_uid: str, agency: str) -> list[dict[str, Any]]:
    rows = db.execute("SELECT id, name, username, saved_at FROM layouts WHERE report_uid = ? AND agency = ?"
                      " ORDER BY id DESC LIMIT 50", (report_uid, agency))
    return [dict(row) for row in rows]


def load(db: sqlite3.Connection, layout_id: int, agency: str) -> dict[str, Any] | None:
    if layout_id > MAX_ID:
        return None
    row = db.execute("SELECT * FROM layouts WHERE id = ? AND agency = ?", (layout_id, agency)).fetchone()
    if row is None:
        return None
    return {"id": row["id"], "report_uid": row["report_uid"], "name": row["name"], "username": row["username"],
            "saved_at": row["saved_at"], **json.loads(row["content"])}
