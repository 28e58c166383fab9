"""Making the remains candidates in the graph coherent: the graph side of `identify.coherence`.

Reads the remains candidates (all of them, or those near some reports), the reports that are
probably one person, and the remains one report claims together; works out which records are one
body (`identify.same_body`) and the joint posteriors and rival claims (`identify.coherence`);
writes them with named queries (`coherence_*`). A match run ends with it; run it again after a
review decision changes what is confirmed, excluded or settled (`make_coherent(store)`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import combinations
from typing import Any

from graphmodel.journal import touched
from graphmodel.store_protocol import GraphStore
from queries.catalog import named_query

from .coherence import DUPLICATE_MIN_POSTERIOR, Claim, Coherent, cohere
from .evidence.parameters import Parameters, load_parameters
from .same_body import RemainsRecord, genotypes_of, same_bodies
from .scoring import band_for
from .world import run

# Remains one report claims together are compared when both are this likely on their own evidence
# (duplicate records), or both have DNA support from this log10 LR (parts of one body).
COMPARE_MIN_POSTERIOR = 0.01
FRAGMENT_MIN_DNA_LOG10_LR = 2.0


@dataclass
class CoherenceSummary:
    """What one pass did."""

    claims: int = 0
    written: int = 0
    with_rivals: int = 0
    same_body: dict[str, int] = field(default_factory=dict)


def _pairs_to_compare(rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Remains one report claims together that may be one body (see the constants above). A claim
    settled by a confirmation still counts: it may be a part of the confirmed body."""
    by_report: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["review_status"] != "excluded":
            by_report.setdefault(row["report_uid"], []).append(row)
    pairs: set[tuple[str, str]] = set()
    for claimed in by_report.values():
        for one, other in combinations(claimed, 2):
            dna_one, dna_other = one["dna_log10_lr"], other["dna_log10_lr"]
            both_dna = (dna_one is not None and dna_other is not None
                        and min(dna_one, dna_other) >= FRAGMENT_MIN_DNA_LOG10_LR)
            both_likely = (one["agency"] != other["agency"]
                           and min(one["pairwise_posterior"] or 0, other["pairwise_posterior"] or 0)
                           >= COMPARE_MIN_POSTERIOR)
            if both_dna or both_likely:
                pairs.add(tuple(sorted((one["remains_uid"], other["remains_uid"]))))  # type: ignore[arg-type]
    return pairs


def remains_record(row: dict[str, Any]) -> RemainsRecord:
    located = row.get("lat") is not None and row.get("lon") is not None
    point = (float(row["lat"]), float(row["lon"])) if located else None
    return RemainsRecord(
        uid=row["uid"], agency=row.get("agency"), date=row.get("date"), place=row.get("place"), point=point,
        sex=row.get("sex"), age_min=row.get("age_min"), age_max=row.get("age_max"),
        profiles=tuple(genotypes_of(stored) for stored in row.get("profiles") or () if stored))


def make_coherent(store: GraphStore, params: Parameters | None = None, report_uids: list[str] | None = None,
                  now: str | None = None) -> CoherenceSummary:
    """Coherent posteriors, records of one body and rival claims, for every remains candidate
    (or those near `report_uids`), written to the graph."""
    params = params or load_parameters()
    now = now or datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    links = run(store, "coherence_duplicate_reports", min_posterior=DUPLICATE_MIN_POSTERIOR)
    duplicates = _strongest_links(links)
    rows = run(store, "coherence_claims") if report_uids is None else \
        _claims_around(store, report_uids, [(first, second) for first, second, _ in duplicates])
    # one order whatever was read, so that a share of a run sums as the whole run does
    rows.sort(key=lambda row: row["candidate_uid"])
    summary = CoherenceSummary(claims=len(rows))
    if not rows:
        return summary
    strong = params.bands.strong_min_posterior
    claims = [Claim(row["candidate_uid"], row["report_uid"], row["remains_uid"], row["agency"] or "",
                    float(row["log10_lr"] or 0.0), float(row["prior"] or 1e-9), row["review_status"] or "proposed",
                    strong_alone=bool(row["identifying"]) and row["band"] != "excluded"
                    and (row["pairwise_posterior"] or 0.0) >= strong)
              for row in rows]
    pairs = _pairs_to_compare(rows)
    records = {}
    if pairs:
        uids = sorted({uid for pair in pairs for uid in pair})
        records = {row["uid"]: remains_record(row) for row in run(store, "coherence_remains", uids=uids)}
    found_same = same_bodies(pairs, records)
    for pair in found_same:
        summary.same_body[pair.kind] = summary.same_body.get(pair.kind, 0) + 1
    outcome = cohere(claims, found_same, duplicates)
    writes = [_row(row, outcome[row["candidate_uid"]], params) for row in rows]
    changed = [item for item, row in writes if _changed(item, row)]
    summary.with_rivals = sum(bool(item["rivals"]) for item, _ in writes)
    if changed:
        # a rival link is re-read with the candidate it leaves from (graphmodel.journal)
        store.write_batches(named_query("coherence_write").text, changed, batch_size=1000, parameters={"now": now},
                            touched=lambda batch: [touched("Candidate", row["uid"]) for row in batch])
    if found_same:
        store.write_batches(named_query("coherence_same_body").text,
                            [{"first": p.first, "second": p.second, "kind": p.kind, "reason": p.reason}
                             for p in found_same], batch_size=1000, parameters={"now": now},
                            touched=lambda batch: [touched("Remains", row[end]) for row in batch
                                                   for end in ("first", "second")])
    summary.written = len(changed)
    return summary


def _strongest_links(links: list[dict[str, Any]]) -> list[tuple[str, str, float]]:
    """One link per pair of reports, whichever way it was found, with its stronger probability
    (the report-to-report candidate is scored from each side)."""
    strongest: dict[tuple[str, str], float] = {}
    for link in links:
        pair = (min(link["first"], link["second"]), max(link["first"], link["second"]))
        strongest[pair] = max(strongest.get(pair, 0.0), float(link["probability"] or 0.0))
    return [(first, second, probability) for (first, second), probability in sorted(strongest.items())]


def _claims_around(store: GraphStore, report_uids: list[str],
                   duplicates: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The remains claims of every report joined to `report_uids` by claims on one body or by
    being one person (duplicate reports), to the end: the whole of each joint computation they
    take part in, so that matching some reports leaves every posterior as a run over all would."""
    partners: dict[str, set[str]] = {}
    for first, second in duplicates:
        partners.setdefault(first, set()).add(second)
        partners.setdefault(second, set()).add(first)
    reports = set(report_uids)
    while True:
        reports |= {partner for uid in list(reports) for partner in partners.get(uid, ())}
        rows = run(store, "coherence_claims_near", reports=sorted(reports))
        reached = reports | {row["report_uid"] for row in rows}
        if reached == reports:
            return rows
        reports = reached


def _row(row: dict[str, Any], result: Coherent, params: Parameters) -> tuple[dict[str, Any], dict[str, Any]]:
    excludes = row["band"] == "excluded"
    band = band_for(result.posterior, float(row["log10_lr"] or 0.0), excludes, bool(row["identifying"]), params)
    item = {"uid": row["candidate_uid"], "posterior": result.posterior, "band": band,
            "association": result.association, "same_body_as": result.same_body_as,
            "rivals": [{"uid": rival.candidate_uid, "kind": rival.kind} for rival in result.rivals]}
    return item, row


def _changed(item: dict[str, Any], row: dict[str, Any]) -> bool:
    if item["rivals"] or row.get("rival"):
        return True
    if row["review_status"] == "proposed" and (
            row["band"] != item["band"] or row["posterior"] is None
            or abs(float(row["posterior"]) - item["posterior"]) > 1e-12):
        return True
    return row.get("association") != item["association"] or row.get("same_body_as") != item["same_body_as"]
