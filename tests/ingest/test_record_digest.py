"""A record's digest is compared with the ones stored by earlier loads: its text must not change."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timezone

from ingest.graph import GeoPoint, canonical_json

PARTS = [
    "plain",
    ["sharing", "agency"],
    ["Person", "P1", "record", {"name": "Ḥasan ʿAlī", "z": 1, "a": [3, 2.5, None, True]}, None],
    ["Remains", "R1", "record", {"found": date(2019, 5, 1), "stamp": datetime(2020, 1, 2, tzinfo=timezone.utc)},
     {"location": [12.5, -3.25]}],
    [["LAST_SEEN_AT", "P1", "Place|x"], {"location": GeoPoint(35.1, 12.6)}],
    {"b": {"y": 1e-300, "x": 10**30}, "a": [math.inf, -math.inf], "c": "\u2028\"\\\t"},
    [0.1 + 0.2, -0.0, 1e16, 123456789012345678901234567890],
    {"nan": math.nan},
    [],
    {},
]


def test_the_digest_text_is_what_json_dumps_writes() -> None:
    for part in PARTS:
        assert canonical_json(part) == json.dumps(part, sort_keys=True, ensure_ascii=False, default=str)


def test_unknown_values_are_written_as_their_text() -> None:
    assert canonical_json([GeoPoint(1.0, 2.0)]) == json.dumps([str(GeoPoint(1.0, 2.0))], ensure_ascii=False)
