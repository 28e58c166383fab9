"""Reading a report's ranked candidates, by the record ids agencies delivered."""

from __future__ import annotations

import json
from typing import Any

from graphmodel.errors import TraceGraphError
from graphmodel.store_protocol import GraphStore

from .review import N_, Sentence
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


# A report's candidates answer two different questions, listed apart: which body or sighting is the
# person (remains exclude one another, and a sighting is the person alive), and which other report
# is the same person. A person may have both a body and a second report, and a report's posterior
# (prior: 0.068 of a report per person) is not on the scale of a body's, so one list ranked by
# posterior lets weak remains candidates push a likely duplicate report out of sight.
SECTIONS = {"remains": "identification", "sighting": "identification", "report": "same_person"}
SECTION_ORDER = ("identification", "same_person")
SECTION_TITLES = {"identification": "Remains and sightings that may be the person",
                  "same_person": "Other reports that may be the same person"}
MAX_FETCHED = 100_000  # every candidate of the report: each section is cut after ordering


def section_of(kind: str | None) -> str:
    """The section of the list a candidate of this kind is shown in."""
    return SECTIONS.get(kind or "", "identification")


def listing_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """Best first within a section: excluded ones (by the evidence or a reviewer) last, the others
    by posterior, then combined likelihood ratio, then record id."""
    return (row["band"] == "excluded" or row["review_status"] == "excluded",
            -(row["posterior"] or 0.0), -(row["log10_lr"] or 0.0), row["candidate_id"] or "")


def as_listed(rows: list[dict[str, Any]], limit: int, kind_field: str = "candidate_kind") -> list[dict[str, Any]]:
    """The candidates as `tracegraph candidates` lists them: each section in SECTION_ORDER, best
    first, at most `limit` of each. What `tracegraph evaluate` counts as "the first 10"."""
    listed: list[dict[str, Any]] = []
    for section in SECTION_ORDER:
        rows_of = [row for row in rows if section_of(row[kind_field]) == section]
        listed.extend(sorted(rows_of, key=listing_key)[:limit])
    return listed


def ranked_candidates(store: GraphStore, report_uid: str, limit: int = 20) -> list[dict[str, Any]]:
    """The report's candidates as the JSON output shows them (evidence parsed): at most `limit`
    of each section, best first, ranked within their section."""
    rows = as_listed(run(store, "candidates_of_report", uid=report_uid, limit=MAX_FETCHED), limit)
    listed = []
    ranks: dict[str, int] = {}
    for row in rows:
        section = section_of(row["candidate_kind"])
        ranks[section] = ranks.get(section, 0) + 1
        listed.append({
            "section": section,
            "rank": ranks[section],
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
            "conflicts": conflicts_of(row),
            "pairwise_posterior": row["pairwise_posterior"],
            "association": row["association"],
            "same_body_as": row["same_body_as"],
            "candidate_uid": row["candidate_uid"],
            "target_uid": row["target_uid"],
            "computed_at": row["computed_at"],
            "confirmation_proposed_by": row["confirmation_proposed_by"],
            "confirmed_by": row["confirmed_by"],
            "settled_by": row["settled_by"],
            "report_status": row["report_status"],
            "family_data_inconsistent": row["family_data_inconsistent"],
            "family_data_check": json.loads(row["family_data_check"]) if row["family_data_check"] else None,
        })
    return listed


ASSOCIATION_WORDS = {
    "same_body": "a second part of the same body as {record}: a re-association, not a second identification",
    "duplicate_record": "perhaps the same body as {record}, recorded by another agency: check before counting it twice",
}


def rival_conflicts(rivals: list[dict[str, Any]], hidden: int = 0) -> list[dict[str, Any]]:
    """Rival claims (RIVAL_OF), found before anyone reviews, each with a sentence.

    `another_body`: the report is also strongly matched, on that evidence alone, to a different
    body; `another_report`: the same body also strongly matches another person's report. `hidden`
    rivals are in records the reader may not see: counted, not named.
    """
    found = []
    for rival in rivals:
        if rival["kind"] == "another_body":
            message = Sentence(N_("This report is also strongly matched to another body, %(record)s: both cannot "
                                  "be the missing person."), record=rival["record_uid"])
        else:
            message = Sentence(N_("The same remains also strongly match report %(report)s: one body cannot be "
                                  "two persons."), report=rival["report_uid"])
        found.append({**rival, "message": message})
    if hidden:
        found.append({"kind": "hidden", "report_uid": None, "candidate_uid": None, "record_uid": None,
                      "message": Sentence(N_("%(count)s more rival claim(s) strong on their own evidence are in "
                                             "records not shared with your agency; ask the owning agency before "
                                             "confirming."), count=hidden)})
    return found


def conflicts_of(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Every conflict of a candidate, before and after review, each with a sentence: its rival
    claims (`rival_conflicts`) and, once a record is confirmed as another report's identification,
    `confirmed_elsewhere`."""
    found = rival_conflicts(row.get("rivals") or [])
    for report_uid in row.get("conflict_with") or []:
        found.append({"kind": "confirmed_elsewhere", "report_uid": report_uid, "candidate_uid": None,
                      "record_uid": None,
                      "message": Sentence(N_("The same record is confirmed for report %(report)s."),
                                          report=report_uid)})
    return found
