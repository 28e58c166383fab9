"""The rules of a match run's writes, as pure functions: which candidates to keep and what to write.

- A candidate's uid is `<report uid>-><record uid>`: the same pair always gives the same node.
- A report keeps its best candidates (by posterior, then LR) up to `max_candidates_per_report`
  in each section of its list (remains and sightings; other reports, whose posteriors are not on
  the same scale: identify.candidates), those scoring at least `min_log10_lr`; DNA-screened pairs
  and reviewed candidates are kept whatever they score.
- A reviewed candidate (under review, confirmed, excluded, or with a review trail) is never
  rescored in place and never removed: when its evidence changed it is flagged for a second look
  with a sentence saying what changed. The write query checks the review state again, so a review
  recorded during the run still wins.
- A proposed candidate no longer kept is removed; an unchanged one is not written again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .evidence.parameters import Parameters
from .scoring import DERIVED, Score, identifying


def candidate_uid(report_uid: str, record_uid: str) -> str:
    """The candidate's key, derived from both uids (so a re-run never makes a second one)."""
    return f"{report_uid}->{record_uid}"


@dataclass(frozen=True)
class Scored:
    """One scored pair of a report and a record."""

    report_uid: str
    record_uid: str
    kind: str
    score: Score
    dna_screened: bool = False

    @property
    def uid(self) -> str:
        return candidate_uid(self.report_uid, self.record_uid)


def is_reviewed(existing: dict[str, Any] | None) -> bool:
    return existing is not None and (existing.get("review_status") != "proposed" or bool(existing.get("reviewed")))


def select(scored: list[Scored], existing: dict[str, dict[str, Any]], params: Parameters) -> list[Scored]:
    """The candidates one report keeps, best first."""
    ranked = sorted(scored, key=lambda s: (-s.score.posterior, -s.score.log10_lr, s.record_uid))
    kept: list[Scored] = []
    ordinary = {True: 0, False: 0}  # by section: another report or not
    for item in ranked:
        forced = item.dna_screened or is_reviewed(existing.get(item.uid))
        section = item.kind == "report"
        if forced:
            kept.append(item)
        elif ordinary[section] < params.max_candidates_per_report and item.score.log10_lr >= params.min_log10_lr:
            kept.append(item)
            ordinary[section] += 1
    return kept


def describe_change(old_evidence: str | None, new: Score) -> str:
    """What changed between the evidence a candidate was reviewed on and the new evidence."""
    try:
        old = {item["kind"]: item for item in json.loads(old_evidence or "[]")}
    except (TypeError, ValueError):
        old = {}
    now = {item.kind: item for item in new.evidence if item.kind not in DERIVED}
    old = {kind: item for kind, item in old.items() if kind not in DERIVED}
    parts = []
    for kind, item in now.items():
        before = old.get(kind)
        if before is None:
            parts.append(f"new {kind} evidence: {item.level} (log10 LR {item.log10_lr:+.1f})")
        elif before.get("level") != item.level or (kind == "dna" and
                                                   abs(before.get("log10_lr", 0) - item.log10_lr) >= 0.05):
            parts.append(f"{kind}: {before.get('level')} (log10 LR {before.get('log10_lr', 0):+.1f}) -> "
                         f"{item.level} (log10 LR {item.log10_lr:+.1f})")
    parts.extend(f"{kind} evidence no longer available" for kind in old.keys() - now.keys())
    return "; ".join(parts) or "evidence recomputed"


def row_for(item: Scored, existing: dict[str, Any] | None) -> dict[str, Any] | None:
    """The write row of a kept candidate, or None when writing it would change nothing."""
    score = item.score
    if existing is not None:
        if is_reviewed(existing):
            if score.evidence_hash in (existing.get("evidence_hash"), existing.get("second_look_hash")):
                return None
        elif (existing.get("evidence_hash") == score.evidence_hash and existing.get("band") == score.band
              and existing.get("log10_lr") is not None
              and abs(existing["log10_lr"] - score.log10_lr) < 1e-9
              and abs((existing.get("posterior") or 0.0) - score.posterior) < 1e-12):
            return None
    return {
        "uid": item.uid, "report_uid": item.report_uid, "target_uid": item.record_uid, "kind": item.kind,
        "log10_lr": score.log10_lr, "posterior": score.posterior, "identifying": identifying(score.evidence),
        "dna_log10_lr": next((item.log10_lr for item in score.evidence if item.kind == "dna"), None),
        "prior": score.prior.probability,
        "prior_statement": score.prior.statement, "band": score.band, "evidence": score.evidence_json(),
        "evidence_hash": score.evidence_hash,
        "change": describe_change(existing.get("evidence") if existing else None, score),
    }


def stale(kept: list[Scored], existing: dict[str, dict[str, Any]]) -> list[str]:
    """Existing proposed, unreviewed candidates of the report that were not kept."""
    kept_uids = {item.uid for item in kept}
    return sorted(uid for uid, row in existing.items() if uid not in kept_uids and not is_reviewed(row))
