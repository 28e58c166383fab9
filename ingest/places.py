"""Points for places named without coordinates, from the offline gazetteer, recorded for review.

After every load (and by `tracegraph db migrate` for a graph loaded before), each Place that has
a name but no `location` is looked up once in the gazetteer (`normalise/gazetteer.py`). The
record's own data stays as it was: the town found is written beside it, never over it:

- `gazetteer`: `located`, `not_found`, or `rejected` (a reviewer's verdict, never undone by a
  later load: `tracegraph places reject`);
- `gazetteer_location`, `gazetteer_name`, `gazetteer_country`, `gazetteer_id` (the GeoNames id):
  the town;
- `gazetteer_match` (`name`, `near`, `contained`), `gazetteer_term` (the words that matched) and
  `gazetteer_others` (towns of that name in other countries when the place has no country): how;
- `gazetteer_version`: the gazetteer read, so a new release looks again at what it did not find.

Maps show such a point as approximate: it is the town's centre, not where the record was.
Idempotent: a place looked up with the current version is not read again.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from graphmodel.config import load_settings
from graphmodel.journal import touched
from graphmodel.store import Store
from normalise.gazetteer import Gazetteer, version

BATCH = 5_000

PENDING = (
    "MATCH (p:Place) WHERE p.uid > $after AND p.name IS NOT NULL AND p.location IS NULL "
    "AND coalesce(p.gazetteer, '') <> 'rejected' "
    "AND (p.gazetteer IS NULL OR p.gazetteer_version IS NULL OR p.gazetteer_version <> $version) "
    "RETURN p.uid AS uid, p.name AS name, p.country AS country ORDER BY p.uid LIMIT $batch"
)
# The name and the missing point are checked again on write: a place that gained coordinates or
# another name in between is left for the next pass.
WRITE = (
    "UNWIND $rows AS row MATCH (p:Place {uid: row.uid}) "
    "WHERE p.name = row.name AND p.location IS NULL AND coalesce(p.gazetteer, '') <> 'rejected' "
    "SET p.gazetteer = row.status, p.gazetteer_version = $version, "
    "p.gazetteer_location = CASE WHEN row.lat IS NULL THEN null "
    "ELSE point({latitude: row.lat, longitude: row.lon}) END, "
    "p.gazetteer_name = row.town, p.gazetteer_country = row.town_country, p.gazetteer_id = row.geonameid, "
    "p.gazetteer_match = row.match, p.gazetteer_term = row.term, p.gazetteer_others = row.others"
)
REJECT = (
    "MATCH (p:Place {uid: $uid}) "
    "SET p.gazetteer = 'rejected', p.gazetteer_version = $version, p.gazetteer_location = null, "
    "p.gazetteer_name = null, p.gazetteer_country = null, p.gazetteer_id = null, p.gazetteer_match = null, "
    "p.gazetteer_term = null, p.gazetteer_others = null"
)
LISTED = (
    "MATCH (p:Place) WHERE p.gazetteer IN $statuses AND p.uid > $after "
    "RETURN p.uid AS uid, p.name AS name, p.country AS country, p.gazetteer AS status, "
    "p.gazetteer_name AS town, p.gazetteer_country AS town_country, p.gazetteer_match AS match, "
    "p.gazetteer_term AS term, p.gazetteer_others AS others "
    "ORDER BY p.uid LIMIT $limit"
)


@lru_cache(maxsize=4)
def gazetteer(folder: Path | None = None) -> Gazetteer:
    """The gazetteer, its index kept in the Neo4j cache folder (built there on first use)."""
    return Gazetteer(folder or load_settings().cache)


def _row(uid: str, name: str, country: str | None, found: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"uid": uid, "name": name, "status": "not_found", "lat": None, "lon": None,
                           "town": None, "town_country": None, "geonameid": None, "match": None,
                           "term": None, "others": None}
    if found is not None:
        row.update(status="located", lat=found.town.latitude, lon=found.town.longitude, town=found.town.name,
                   town_country=found.town.country, geonameid=found.town.geonameid, match=found.match,
                   term=found.term, others=found.others)
    return row


def locate_places(store: Store, *, source: Gazetteer | None = None, batch: int = BATCH) -> tuple[int, int]:
    """Look up every place without a point that the current gazetteer has not seen; (located, not found)."""
    finder = source or gazetteer()
    current = version()
    located = missing = 0
    after = ""
    while True:
        rows = store.read(PENDING, {"after": after, "version": current, "batch": batch})
        if not rows:
            break
        after = rows[-1]["uid"]
        updates = [_row(row["uid"], row["name"], row["country"], finder.locate(row["name"], row["country"]))
                   for row in rows]
        store.write(WRITE, {"rows": updates, "version": current},
                    touched=[touched("Place", row["uid"]) for row in updates])
        found = sum(1 for row in updates if row["status"] == "located")
        located += found
        missing += len(updates) - found
    return located, missing


def reject(store: Store, uid: str) -> dict[str, Any] | None:
    """A reviewer's verdict that the town found for a place is wrong: the point is removed and no
    later load proposes one again. None when there is no such place."""
    found = store.read("MATCH (p:Place {uid: $uid}) RETURN p.uid AS uid, p.name AS name", {"uid": uid})
    if not found:
        return None
    store.write(REJECT, {"uid": uid, "version": version()}, touched=[touched("Place", uid)])
    return found[0]


def listed(store: Store, statuses: list[str], *, limit: int = 10_000) -> list[dict[str, Any]]:
    """Places by the gazetteer's verdict, in key order."""
    rows: list[dict[str, Any]] = []
    after = ""
    while len(rows) < limit:
        page = store.read(LISTED, {"statuses": statuses, "after": after, "limit": min(5_000, limit - len(rows))})
        if not page:
            break
        rows.extend(page)
        after = page[-1]["uid"]
    return rows
