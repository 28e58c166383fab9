"""Values as the driver returns them (temporal, spatial) turned into plain Python, so that code
above the store layer (pages, briefs, JSON, reference hashes) never meets a driver type."""

from __future__ import annotations

from typing import Any

from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time


def plain(value: Any) -> Any:
    """A property value as JSON can carry it: temporal values as ISO text, points as {lon, lat}."""
    if isinstance(value, Point):
        coords = list(value)
        return {"lon": coords[0], "lat": coords[1]} if len(coords) >= 2 else coords
    if isinstance(value, (DateTime, Date, Time)):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
