"""What a case brief says, gathered through the user's named queries and shaped for one audience.

An *authority* brief carries everything the user may see, with the per-locus DNA table for
DNA-cleared users. A *family* brief says what is established and what is not, in plain words: no
genotypes, no DNA tables, no conflicts with other families' reports, and link chains only through
this family's own people. Every fact points to its source (agency, record, date).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from cases import PERSON_ORDER, Case, Evidence, Properties, ReviewStep

from . import family as family_brief
from . import words
from .chain import chain_of
from .i18n import gettext as _

AUDIENCES = ("authority", "family")
# Description fields a family brief leaves out: they serve matching, not the family.
NOT_FOR_FAMILY = {"name_key", "name_variants", "role"}


@dataclass
class Sources:
    """The records a brief's facts come from, numbered in the order they are first cited."""

    agency: str
    records: dict[tuple[str, str], Properties] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, label: str, props: Properties | None) -> int | None:
        """The number of the source of a node's facts (None for nodes without provenance)."""
        props = props or {}
        uid = props.get("uid")
        if not uid or not (props.get("agency") or props.get("source_record")):
            return None
        if props.get("sharing") == "agency" and props.get("agency") != self.agency:
            return None  # never cite what the reader's agency may not see
        if uid in self.numbers:
            return self.numbers[uid]
        number = len(self.entries) + 1
        self.numbers[uid] = number
        self.entries.append({
            "n": number, "label": label, "uid": uid, "agency": props.get("agency") or "",
            "record": props.get("source_record") or props.get("record_id") or uid,
            "file": props.get("source_file") or "",
            "date": str(props.get("updated_at") or props.get("ingested_at") or "")[:10],
        })
        return number

    def cite_uid(self, label: str, uid: str | None) -> int | None:
        """Cite a node known only by its label and uid (looked up with the user's access)."""
        if not uid:
            return None
        if uid in self.numbers:
            return self.numbers[uid]
        record = self.records.get((label, uid))
        return self.cite(label, record) if record is not None else None


def unverified(record: Properties | None) -> bool:
    """An online inquiry no investigator has verified: never in a brief, not even as a candidate."""
    return (record or {}).get("verification") == "unverified"


def build(case: Case, audience: str, lang: str) -> dict[str, Any]:
    """The brief's content for the case's viewer, in the language set with `i18n.language`.

    The case must have been read with its chains and records (`read_case(..., chains=True,
    records=True)`); a family brief needs no DNA profiles."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")
    family = audience == "family"
    if family:
        told = family_brief.build(case, lang, unverified)
        told["reference"] = reference_id(told)
        return told
    viewer = case.viewer
    sources = Sources(agency=viewer.agency, records=case.records)
    report, person = case.report, case.person or {}
    report_source = sources.cite("Report", report)
    person_source = sources.cite("Person", person) or report_source
    content: dict[str, Any] = {
        "report_uid": case.uid, "audience": audience, "lang": lang,
        "report": _report(report, case, report_source),
        "person": {"name": person.get("full_name") or "", "source": person_source,
                   "fields": _description(person, family)},
        "journey": _journey(case, sources, report_source),
        "family": _family(case, sources),
        "timeline": _timeline(case, sources, family),
    }
    content["candidates"] = _candidates(case, sources, family)
    content["dna"] = [] if family or not viewer.dna_cleared else _dna_tables(case)
    content["dna_restricted"] = not family and not viewer.dna_cleared
    content["sources"] = sources.entries
    content["signatures"] = _signatures(case, content["candidates"])
    content["reference"] = reference_id(content)
    return content


def reference_id(content: dict[str, Any]) -> str:
    """A stable id: the same report, audience, language and data give the same reference."""
    canonical = json.dumps({k: v for k, v in content.items() if k != "reference"}, sort_keys=True,
                           default=str, ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12].upper()
    return f"TG-{digest[:4]}-{digest[4:8]}-{digest[8:]}"


def _signatures(case: Case, candidates: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Who signs the brief: whoever prepared it, and the two reviewers of a confirmed identification."""
    lines = [{"role": _("Prepared by"), "name": case.viewer.name, "agency": case.viewer.agency}]
    for candidate in candidates:
        if candidate["status"] == "confirmed":
            if candidate["proposed_by"]:
                lines.append({"role": _("Identification proposed by"), "name": candidate["proposed_by"],
                              "agency": candidate["proposed_agency"]})
            lines.append({"role": _("Identification confirmed by"),
                          "name": candidate["confirmed_by"] or candidate["reviewed_by"], "agency": ""})
    return lines


def _report(report: Properties, case: Case, source: int | None) -> dict[str, Any]:
    reporter = case.reporter or {}
    return {"record_id": report.get("record_id") or report.get("uid"), "agency": report.get("agency") or "",
            "reported_on": report.get("reported_on") or "",
            "status": words.vocabulary("Report", "status", report.get("status")) or report.get("status") or "",
            "circumstances": report.get("circumstances") or "", "last_contact": report.get("last_contact") or "",
            "filed_by": reporter.get("full_name") or "", "source": source}


def _description(person: Properties, family: bool) -> list[tuple[str, str]]:
    shown = []
    for key in PERSON_ORDER:
        value = person.get(key)
        if key == "full_name" or value in (None, "", []):
            continue
        if family and key in NOT_FOR_FAMILY:
            continue
        shown.append((words.field(key), words.vocabulary("Person", key, value) or words.value_text(value)))
    return shown


def _journey(case: Case, sources: Sources, report_source: int | None) -> dict[str, Any]:
    voyages = []
    for voyage in case.voyages:
        voyages.append({"name": voyage.get("vessel_name") or voyage.get("record_id") or "",
                        "departure_date": voyage.get("departure_date") or "",
                        "departure_place": voyage.get("departure_place") or "",
                        "outcome": words.vocabulary("Voyage", "outcome", voyage.get("outcome"))
                        or (voyage.get("outcome") or "").replace("_", " "),
                        "outcome_date": voyage.get("outcome_date") or "",
                        "source": sources.cite("Voyage", voyage)})
    report = case.report
    return {"departure": (case.departure or {}).get("name") or "",
            "departure_date": report.get("departure_date") or "",
            "last_seen": (case.last_seen or {}).get("name") or "",
            "last_seen_date": (case.person or {}).get("last_seen_date") or report.get("last_seen_date") or "",
            "route": case.route or "", "voyages": voyages, "source": report_source}


def _family(case: Case, sources: Sources) -> list[dict[str, Any]]:
    return [{"name": r.full_name or "", "relationship": words.relationship_word(r.relationship, r.sex),
             "is_reporter": r.is_reporter, "source": sources.cite_uid("Person", r.uid)}
            for r in case.family]


def _timeline(case: Case, sources: Sources, family: bool) -> list[dict[str, Any]]:
    events = []
    for event in case.timeline:
        if family and event.label == "DNAProfile":
            continue
        events.append({"date": str(event.date)[:16].replace("T", " "), "title": words.event_title(event.title),
                       "source": sources.cite_uid(event.label, event.uid)})
    return events


def _candidates(case: Case, sources: Sources, family: bool) -> list[dict[str, Any]]:
    """The candidates as the brief lists them: a further part of a body already listed goes under
    that body's candidate, never as an identification of its own; once an identification is
    confirmed, a family reads that one alone (with its body's parts)."""
    own_people = {p for p in [(case.person or {}).get("uid")] if p}
    own_people |= {r.uid for r in case.family if r.uid}
    shaped = []
    for candidate in case.candidates:
        part = candidate.association == "same_body"
        if family and candidate.review_status == "settled" and not part:
            continue  # closed by a confirmed identification: nothing for the family to weigh
        target = candidate.target
        if unverified(case.records.get((target.label, target.uid))):
            continue
        chain = chain_of(case.chains.get(candidate.uid), report_uid=case.uid,
                         own_people=own_people if family else None, agency=case.viewer.agency,
                         band=candidate.band or "")
        target_source = sources.cite_uid(target.label, target.uid)
        for node in chain["nodes"]:
            node["source"] = sources.cite(node["label"], node.pop("provenance"))
        status = candidate.review_status
        shaped.append({
            "uid": candidate.uid, "title": target.title, "kind": words.record_kind(target.label),
            "agency": target.agency or "", "date": target.date or "", "source": target_source,
            "band": words.band(candidate.band), "posterior": _percent(candidate.posterior),
            "log10_lr": _round(candidate.log10_lr), "status": status,
            "status_words": words.review_status(status),
            "established": status in ("confirmed", "excluded", "settled"),
            "evidence": [_evidence(item, family) for item in candidate.evidence],
            "reviewed_by": candidate.reviewed_by or "",
            "proposed_by": candidate.confirmation_proposed_by or "",
            "proposed_agency": candidate.confirmation_proposed_agency or "",
            "confirmed_by": candidate.confirmed_by or "",
            "reviewed_at": (candidate.reviewed_at or "")[:16].replace("T", " "),
            "trail": [] if family else [_trail(step) for step in candidate.trail],
            "conflicts": [] if family else [c.message for c in candidate.conflicts],
            "chain": chain,
            "association": candidate.association, "same_body_as": candidate.same_body_as,
            "target_uid": target.uid, "parts": [],
        })
    shaped = _parts_under_their_body(shaped, family)
    if family and any(c["status"] == "confirmed" for c in shaped):
        shaped = [c for c in shaped if c["status"] == "confirmed"]
    return shaped


def _parts_under_their_body(shaped: list[dict[str, Any]], family: bool) -> list[dict[str, Any]]:
    """Each further part of a body (`same_body`) moved under the candidate of the body's record it
    belongs to, without a band or a probability of its own: it is a re-association, not a second
    identification. A part whose body's record is not listed stays in the list, said as such,
    unless a family would read it while its body's claim is closed (identified as someone else)."""
    by_record = {c["target_uid"]: c for c in shaped if c["association"] != "same_body"}
    kept = []
    for candidate in shaped:
        if candidate["association"] == "same_body":
            part = {"title": candidate["title"], "kind": candidate["kind"], "agency": candidate["agency"],
                    "date": candidate["date"], "source": candidate["source"]}
            body = by_record.get(candidate["same_body_as"] or "")
            if body is not None:
                body["parts"].append(part)
                continue
            if family and candidate["status"] == "settled":
                continue
            candidate.update(band="", posterior="", log10_lr=None, status="part", established=False,
                             status_words=words.same_body_part())
        elif candidate["association"] == "duplicate_record":
            candidate["status_words"] = f'{candidate["status_words"]}; {words.duplicate_record()}'
        kept.append(candidate)
    return kept


def _evidence(item: Evidence, family: bool) -> dict[str, Any]:
    shaped: dict[str, Any] = {"sentence": words.evidence_sentence(item.kind, item.log10_lr),
                              "log10_lr": _round(item.log10_lr), "detail": "", "rows": []}
    if not family and not item.restricted:
        shaped["detail"] = item.detail if isinstance(item.detail, str) else ""
        shaped["rows"] = [list(row) for row in item.detail_rows]
    return shaped


def _trail(step: ReviewStep) -> dict[str, Any]:
    return {"at": (step.at or "")[:16].replace("T", " "), "reviewer": step.reviewer or "",
            "decision": words.review_status(step.decision) if step.decision else "", "reason": step.reason or ""}


def _dna_tables(case: Case) -> list[dict[str, Any]]:
    tables = []
    for profile in case.dna:
        if not profile.loci:
            continue
        rows = [{"locus": r.locus, "log10_lr": _round(r.log10_lr), "missing": words.value_text(r.missing or ""),
                 "references": "; ".join(f"{k}: {v}" for k, v in (r.references or {}).items())
                 if isinstance(r.references, dict) else words.value_text(r.references or ""),
                 "why": r.why} for r in profile.loci]
        tables.append({"sample_id": profile.sample_id, "source": profile.source,
                       "log10_lr": _round(profile.match_log10_lr), "rows": rows})
    return tables


def _percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:.1f} %"
    except (TypeError, ValueError):
        return "—"


def _round(value: Any) -> float | None:
    try:
        return round(float(value), 2)
    except (TypeError, ValueError):
        return None
