"""Reading a report's ranked candidates, by the record ids agencies delivered."""

from __future__ import annotations

import json
from typing import Any

from graphmodel.errors import TraceGraphError
from graphmodel.store_protocol import GraphStore

from .world import run


class UnknownRecord(TraceGraphError):
    """A record id that is not in the graph, or is ambiguous without an agency."""


def resolve_report(store: GraphStore, record_id: str, agency: str | None = None) -> str:
    """The uid of the report delivered as `record_id` (by `agency` when given)."""
    rows = run(store, "report_by_record_id", record_id=record_id, agency=agency or "*")
    if not rows:
        where = f" from agency {agency}" if agency else ""
        raise UnknownRecord(f"there is no report {record_id!r}{where}: check the id, or load the report first")
    if len(rows) > 1:
        agencies = ", ".join(row["agency"] for row in rows)
        raise UnknownRecord(f"report id {record_id!r} was delivered by several agencies ({agencies}): "
                            "say which with --agency")
    return rows[0]["uid"]


def resolve_record(store: GraphStore, record_id: str, agency: str | None = None) -> dict[str, Any]:
    """The report, remains, sighting, voyage, incident or DNA profile delivered as `record_id`."""
    if ":" in record_id and agency is None:
        agency, record_id = record_id.split(":", 1)
    rows = run(store, "record_by_record_id", record_id=record_id, agency=agency or "*")
    if not rows:
        where = f" from agency {agency}" if agency else ""
        raise UnknownRecord(f"there is no record {record_id!r}{where}: check the id")
    if len(rows) > 1:
        found = ", ".join(f"{row['label']} of {row['agency']}" for row in rows)
        raise UnknownRecord(f"record id {record_id!r} names several records ({found}): "
                            "give it as AGENCY:ID")
    return rows[0]


def ranked_candidates(store: GraphStore, report_uid: str, limit: int = 20) -> list[dict[str, Any]]:
    """The report's candidates best first, as the JSON output shows them (evidence parsed)."""
    rows = run(store, "candidates_of_report", uid=report_uid, limit=limit)
    listed = []
    for rank, row in enumerate(rows, start=1):
        listed.append({
            "rank": rank,
            "candidate_id": row["candidate_id"],
            "candidate_agency": row["candidate_agency"],
            "candidate_kind": row["candidate_kind"],
            "log10_lr": row["log10_lr"],
            "posterior": row["posterior"],
            "prior": row["prior"],
            "prior_statement": row["prior_statement"],
            "band": row["band"],
            "evidence": [{key: item[key] for key in ("kind", "log10_lr", "detail", "level") if key in item}
                         for item in json.loads(row["evidence"] or "[]")],
            "review_status": row["review_status"],
            "needs_second_look": row["needs_second_look"],
            "second_look_reason": row["second_look_reason"],
            "conflict": row["conflict"],
            "conflict_with": row["conflict_with"] or [],
            "candidate_uid": row["candidate_uid"],
            "target_uid": row["target_uid"],
            "computed_at": row["computed_at"],
        })
    return listed
