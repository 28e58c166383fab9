"""Saved canvas layouts of a case: positions, pins and hidden nodes, shared within an agency."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select

from .errors import BadInput
from .localstore import LocalStore, now
from .tables import layouts

MAX_NODES = 2000
MAX_NAME = 80
# Ids are 64-bit in both databases: a larger id in the address names no layout, and the database would refuse it.
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


def save(db: LocalStore, report_uid: str, name: str, username: str, agency: str,
         content: dict[str, Any]) -> int:
    name = (name or "").strip()[:MAX_NAME].replace("\x00", "") or "layout"
    with db.write() as connection:
        inserted = connection.execute(insert(layouts).values(
            report_uid=report_uid, name=name, username=username, agency=agency, saved_at=now(),
            content=json.dumps(content)).returning(layouts.c.id))
        return int(inserted.scalar_one())


def listing(db: LocalStore, report_uid: str, agency: str) -> list[dict[str, Any]]:
    query = (select(layouts.c.id, layouts.c.name, layouts.c.username, layouts.c.saved_at)
             .where(layouts.c.report_uid == report_uid, layouts.c.agency == agency)
             .order_by(layouts.c.id.desc()).limit(50))
    with db.read() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def load(db: LocalStore, layout_id: int, agency: str) -> dict[str, Any] | None:
    if layout_id > MAX_ID:
        return None
    with db.read() as connection:
        row = connection.execute(select(layouts).where(layouts.c.id == layout_id, layouts.c.agency == agency)
                                 ).mappings().first()
    if row is None:
        return None
    return {"id": row["id"], "report_uid": row["report_uid"], "name": row["name"], "username": row["username"],
            "saved_at": row["saved_at"], **json.loads(row["content"])}
