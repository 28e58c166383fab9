"""The inquiries' graph writes and reads, each a named query run by a `GraphStore`.

Every write is one `UNWIND $rows` statement, batched, MERGEd on keys: running it again changes
nothing it did not already do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from graphmodel.journal import touched
from graphmodel.store_protocol import GraphStore
from queries.access import AGENCY_ONLY
from queries.catalog import named_query

from .statuses import OUT_OF_MATCHING, VERIFIED, WITHDRAWN

BATCH = 200


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def write_inquiries(store: GraphStore, rows: Sequence[dict[str, Any]], now: str | None = None) -> None:
    """Write inquiries (rows of `record.graph_row`) as unverified reports."""
    if rows:
        store.write_batches(named_query("inquiry_file").text, rows, batch_size=BATCH,
                            parameters={"now": now or utc_now()}, touched=_filed)


def _filed(batch: Sequence[Any]) -> list[str]:
    """The change journal's keys of the reports, people and places an `inquiry_file` batch writes."""
    keys = []
    for row in batch:
        keys += [touched("Report", row["uid"]), touched("Person", row["uid"] + "#missing"),
                 touched("Person", row["uid"] + "#reporter")]
        keys += [touched("Person", traveller["uid"]) for traveller in row["travellers"]]
        # The places it names get their spellings when they lack them (inquiry_file.cypher).
        keys += [touched("Place", row[place]["uid"]) for place in ("departure", "last_seen") if row.get(place)]
    return keys


def status_row(uid: str, status: str, by: str) -> dict[str, Any]:
    """The `inquiry_set_status` row of one move."""
    return {"uid": uid, "status": status, "by": by, "verified": status == VERIFIED,
            "out_of_matching": status in OUT_OF_MATCHING, "withdraw": status == WITHDRAWN}


def set_statuses(store: GraphStore, rows: Sequence[dict[str, Any]], now: str | None = None) -> None:
    if rows:
        store.write_batches(named_query("inquiry_set_status").text, rows, batch_size=BATCH,
                            parameters={"now": now or utc_now(), "agency_only": AGENCY_ONLY})


def merge_into(store: GraphStore, uid: str, target: str, *, by: str, reason: str) -> bool:
    """Merge an inquiry into an existing report; False when either report is unknown or the target
    cannot take it (an unverified inquiry, a report out of matching), and then nothing is written.
    Whether the user may see the target is the caller's to check, through the access rule."""
    query = named_query("inquiry_merge")
    params = query.bind({"uid": uid, "target": target, "by": by, "reason": reason, "now": utc_now()})
    counters = store.write(query.text, params)
    return bool(getattr(counters, "properties_set", 0))


def read_inquiries(store: GraphStore, uids: Sequence[str]) -> list[dict[str, Any]]:
    query = named_query("inquiry_report")
    return store.read(query.text, query.bind({"uids": list(uids)}))


def list_inquiries(store: GraphStore, statuses: Sequence[str] | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    query = named_query("inquiries_list")
    return store.read(query.text, query.bind({"statuses": list(statuses) if statuses else None, "limit": limit}))
