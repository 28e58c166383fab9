"""Reading a case: a fixed bundle of named queries per case, never one per record or candidate.

    ui_case_report      the report, the missing person, reporter, route, voyages, places
    ui_case_family      the relatives
    ui_case_candidates  every candidate with its evidence, review trail and rival claims
    ui_case_timeline    the dated events
    ui_case_dna         the DNA profiles and per-locus matches (DNA-cleared viewers only)
    ui_case_chains      the link chains to every candidate at once (when asked for)
    ui_case_records     the provenance of every record the above mention (when asked for)

Every query takes the viewer's agency and clearance and applies the sharing rule itself; nothing
here widens what a query returned.
"""

from __future__ import annotations

import json
from typing import Any

from graphmodel.errors import TraceGraphError
from graphmodel.store_protocol import GraphStore
from graphmodel.values import plain
from identify import review as rules
from identify.candidates import SECTION_ORDER, rival_conflicts, section_of
from identify.review import Conflict
from queries.catalog import app_query, named_query

from .captions import caption
from .evidence import evidence_items, number
from .model import (
    PERSON_ORDER,
    Candidate,
    CandidateChains,
    Case,
    ChainLink,
    ChainNode,
    ChainPath,
    DnaProfile,
    FamilyCheck,
    LocusExplanation,
    Move,
    Properties,
    Relative,
    ReviewStep,
    Target,
    TimelineEvent,
    Viewer,
)

# The kinds of record that carry provenance (agency, source file and record) and can be cited.
RECORD_LABELS = ("Report", "Person", "Sighting", "Voyage", "Incident", "Remains", "DNAProfile")


class CaseNotFound(TraceGraphError):
    """No such report, or not one the viewer's agency may see (the two are not told apart)."""


class CaseReader:
    """Reads cases from a store for one viewer; `timeout` (seconds) cuts off each query."""

    def __init__(self, store: GraphStore, viewer: Viewer, *, timeout: float | None = None) -> None:
        self.store = store
        self.viewer = viewer
        self.timeout = timeout

    def rows(self, name: str, **parameters: Any) -> list[dict[str, Any]]:
        """Rows of a named read query, as plain values; each query gets the access keys it declares
        (agency, dna_cleared), with the viewer's values, and is held to the app's rules."""
        text, bound = self._bound(name, parameters)
        return [plain(row) for row in self.store.read(text, bound, timeout=self.timeout)]

    def _bound(self, name: str, parameters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        access = {"agency": self.viewer.agency, "dna_cleared": self.viewer.dna_cleared}
        wanted = {parameter.name for parameter in named_query(name).parameters}
        query, bound = app_query(name, {**parameters, **{k: v for k, v in access.items() if k in wanted}})
        return query.text, bound

    def case(self, uid: str, *, timeline: bool = True, dna: bool = True, chains: bool = False,
             records: bool = False) -> Case:
        """The case of report `uid`: report, family, candidates, and unless told otherwise its
        timeline and (for DNA-cleared viewers) DNA profiles; with `chains`, the link chains of every
        candidate; with `records`, the provenance of every record mentioned. At most seven queries,
        however many records and candidates the case has, all but the provenance read in one
        transaction (one snapshot of the graph). CaseNotFound when the viewer may not see the report."""
        parts = {"report": "ui_case_report", "family": "ui_case_family", "candidates": "ui_case_candidates"}
        if timeline:
            parts["timeline"] = "ui_case_timeline"
        if dna and self.viewer.dna_cleared:
            parts["dna"] = "ui_case_dna"
        if chains:
            parts["chains"] = "ui_case_chains"
        answers = self.store.read_in_one([self._bound(name, {"uid": uid}) for name in parts.values()],
                                         timeout=self.timeout)
        rows = {part: [plain(row) for row in answer] for part, answer in zip(parts, answers)}
        case = self._case_head(uid, rows["report"])
        case.family = _family(rows["family"])
        case.candidates = self._candidates(rows["candidates"])
        if timeline:
            case.timeline = _timeline(rows["timeline"])
        if "dna" in rows:
            case.dna = _dna(rows["dna"])
        if chains:
            case.chains = _chains(rows["chains"])
        if records:
            case.records = self.records(_mentioned(case))
        return case

    def exists(self, uid: str) -> bool:
        """Whether the report exists and the viewer may see it."""
        return bool(self.rows("ui_case_report", uid=uid))

    def family(self, uid: str) -> list[Relative]:
        return _family(self.rows("ui_case_family", uid=uid))

    def candidates(self, uid: str) -> list[Candidate]:
        """The report's candidates, with the conflicts the review rules see in their rivals."""
        return self._candidates(self.rows("ui_case_candidates", uid=uid))

    def visible_candidates(self, uid: str) -> list[Candidate] | None:
        """The report's candidates as `candidates` gives them, or None when the viewer may not see
        the report: both read in one transaction."""
        report, candidates = self.store.read_in_one(
            [self._bound("ui_case_report", {"uid": uid}), self._bound("ui_case_candidates", {"uid": uid})],
            timeout=self.timeout)
        if not report:
            return None
        return self._candidates([plain(row) for row in candidates])

    def _candidates(self, rows: list[dict[str, Any]]) -> list[Candidate]:
        siblings = [{"uid": r["candidate"]["uid"], "review_status": r["candidate"]["review_status"]} for r in rows]
        listed = [self._candidate(row, siblings) for row in rows]
        # remains and sightings first, then other reports of the same person; the query's order within each
        return sorted(listed, key=lambda candidate: SECTION_ORDER.index(candidate.section))

    def timeline(self, uid: str) -> list[TimelineEvent]:
        return _timeline(self.rows("ui_case_timeline", uid=uid))

    def dna(self, uid: str) -> list[DnaProfile]:
        """The case's DNA profiles with the per-locus rows of their kinship match (none without clearance)."""
        if not self.viewer.dna_cleared:
            return []
        return _dna(self.rows("ui_case_dna", uid=uid))

    def chains(self, uid: str) -> dict[str, CandidateChains]:
        """The link chains of every candidate whose record the viewer may see, by candidate uid."""
        return _chains(self.rows("ui_case_chains", uid=uid))

    def records(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Properties]:
        """The provenance of the given (label, uid) records that the viewer may see."""
        wanted = sorted({key for key in keys if key[0] in RECORD_LABELS and key[1]})
        if not wanted:
            return {}
        found: dict[tuple[str, str], Properties] = {}
        for row in self.rows("ui_case_records", keys=[{"label": label, "uid": uid} for label, uid in wanted]):
            found.setdefault((row["label"], row["uid"]), row["record"])
        return found

    def _case_head(self, uid: str, rows: list[dict[str, Any]]) -> Case:
        if not rows:
            raise CaseNotFound(f"No report {uid!r} that agency {self.viewer.agency} may see.")
        row = rows[0]
        report = dict(row["report"] or {})
        check = family_check(report, self.viewer.dna_cleared)
        if not self.viewer.dna_cleared:
            report.pop("family_data_check", None)  # it names the reference samples
        # the candidates say which identification is confirmed, where the viewer may see it
        report.pop("confirmed_candidate", None)
        return Case(uid=uid, viewer=self.viewer, report=report, person=ordered(row["person"]),
                    reporter=row["reporter"], route=row["route"], voyages=_voyages_in_order(row["voyages"]),
                    departure=row["departure"], last_seen=row["last_seen"], family_check=check)

    def _candidate(self, row: dict[str, Any], siblings: list[dict[str, Any]]) -> Candidate:
        candidate = row["candidate"]
        status = candidate.get("review_status") or "proposed"
        return Candidate(
            uid=candidate["uid"], candidate_kind=candidate.get("candidate_kind"), log10_lr=candidate.get("log10_lr"),
            posterior=candidate.get("posterior"), band=candidate.get("band"), review_status=status,
            evidence=evidence_items(candidate.get("evidence"), self.viewer.dna_cleared),
            reviewed_at=candidate.get("reviewed_at"), reviewed_by=candidate.get("reviewed_by"),
            target=Target(label=row["target_label"], uid=row["target_uid"], title=row["target_title"],
                          agency=row["target_agency"], date=row["target_date"]),
            trail=[ReviewStep(**{name: step.get(name) for name in REVIEW_STEP_FIELDS}) for step in row["trail"]],
            conflicts=case_conflicts(candidate, siblings, row),
            moves=[Move(to=to, label=label) for to, label in rules.next_statuses(status)],
            pairwise_posterior=candidate.get("pairwise_posterior"),
            association=candidate.get("association") or "identification",
            same_body_as=candidate.get("same_body_as"),
            section=section_of(candidate.get("candidate_kind")),
            **{name: candidate.get(name) for name in REVIEW_STATE_FIELDS},
        )


def _family(rows: list[dict[str, Any]]) -> list[Relative]:
    return [Relative(uid=row["uid"], full_name=row["full_name"], sex=row["sex"],
                     date_of_birth=row["date_of_birth"], relationship=row["relationship"],
                     is_reporter=bool(row["is_reporter"]), contact_country=row["contact_country"],
                     samples=list(row["samples"] or []))
            for row in rows]


def _timeline(rows: list[dict[str, Any]]) -> list[TimelineEvent]:
    return [TimelineEvent(date=row["date"], event=row["event"], title=row["title"], uid=row["uid"],
                          label=row["label"], what=row["what"], detail=row["detail"])
            for row in rows]


def _dna(rows: list[dict[str, Any]]) -> list[DnaProfile]:
    return [DnaProfile(uid=row["uid"], sample_id=row["sample_id"], sample_kind=row["sample_kind"],
                       lab=row["lab"], kit=row["kit"], genotypes=row["genotypes"], source=row["source"],
                       match_log10_lr=row["match_log10_lr"], match_excluded=row["match_excluded"],
                       loci=_loci(row["match_loci"]), remains_uid=row.get("remains_uid"))
            for row in rows]


def _chains(rows: list[dict[str, Any]]) -> dict[str, CandidateChains]:
    return {row["candidate_uid"]: CandidateChains(report=_node(row["report"]), target=_node(row["target"]),
                                                  chains=[_path(p) for p in row["chains"]],
                                                  missing=[_path(p) for p in row["missing"]])
            for row in rows}


def case_conflicts(candidate: dict[str, Any], siblings: list[dict[str, Any]], row: dict[str, Any]) -> list[Conflict]:
    """The review rules' warnings, then the rival claims found before review (`RIVAL_OF`); a report
    another warning already names is not named twice."""
    found = rules.conflicts(candidate, siblings, _in_order(row["conflicts"]), row["hidden_conflicts"])
    named = {conflict.report_uid for conflict in found if conflict.report_uid}
    for rival in rival_conflicts(row.get("rivals") or [], row.get("hidden_rivals") or 0):
        if rival["kind"] == "another_report" and rival["report_uid"] in named:
            continue
        found.append(Conflict(kind=rival["kind"], message=rival["message"], report_uid=rival["report_uid"],
                              candidate_uid=rival["candidate_uid"]))
    return found


REVIEW_STEP_FIELDS = ("uid", "decision", "from_status", "to_status", "reviewer", "reason", "at")
REVIEW_STATE_FIELDS = ("confirmation_proposed_by", "confirmation_proposed_agency", "confirmation_proposed_at",
                       "confirmed_by", "confirmed_at", "settled_by", "settled_from", "settled_at")
FAMILY_CHECK_FALLBACK = "The family's references contradict the stated pedigree; check the family's data."


def family_check(report: Properties, dna_cleared: bool) -> FamilyCheck | None:
    """The family data check of a report whose references contradict each other, as the viewer may
    read it: the relatives named by their samples only for DNA-cleared viewers."""
    if not report.get("family_data_inconsistent"):
        return None
    try:
        found = json.loads(report.get("family_data_check") or "{}")
    except (TypeError, ValueError):
        found = {}
    if not isinstance(found, dict):
        found = {}
    summary = found.get("summary") if dna_cleared else found.get("summary_without_samples")
    loci = [str(fault.get("locus")) for fault in found.get("faults") or [] if isinstance(fault, dict)]
    return FamilyCheck(summary=summary or FAMILY_CHECK_FALLBACK, loci=loci)


def read_case(store: GraphStore, uid: str, viewer: Viewer, *, timeout: float | None = None,
              timeline: bool = True, dna: bool = True, chains: bool = False, records: bool = False) -> Case:
    """The case of report `uid` as `viewer` may see it (see `CaseReader.case`)."""
    return CaseReader(store, viewer, timeout=timeout).case(uid, timeline=timeline, dna=dna, chains=chains,
                                                           records=records)


def ordered(props: Properties | None) -> Properties:
    """A person's properties in the reading order of PERSON_ORDER, then the others by name."""
    props = props or {}
    first = {k: props[k] for k in PERSON_ORDER if k in props}
    return {**first, **{k: v for k, v in sorted(props.items()) if k not in first}}


def _mentioned(case: Case) -> list[tuple[str, str]]:
    """Every record the case names by uid: relatives, timeline events, candidates' records."""
    keys = [("Person", relative.uid) for relative in case.family]
    keys += [(event.label, event.uid) for event in case.timeline if event.uid]
    keys += [(candidate.target.label, candidate.target.uid) for candidate in case.candidates]
    return keys


def _voyages_in_order(voyages: list[Properties] | None) -> list[Properties]:
    # collected in the database's order, which a reload of the same data may change
    return sorted(voyages or [], key=lambda v: (str(v.get("departure_date") or ""), str(v.get("uid") or "")))


def _in_order(rivals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The query collects rival claims in whatever order the database meets them; a brief's
    # reference hashes its text, so the same data must list them in the same order.
    return sorted(rivals, key=lambda r: (str(r.get("report_uid") or ""), str(r.get("candidate_uid") or "")))


def _loci(raw: Any) -> list[LocusExplanation]:
    """The per-locus explanation the screening stored with a kinship match (JSON text), if any."""
    try:
        loci = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return []
    if not isinstance(loci, list):
        return []
    return [LocusExplanation(locus=item.get("locus"), log10_lr=number(item.get("log10_lr")),
                             missing=item.get("missing_genotype"), references=item.get("reference_genotypes"),
                             incompatible=bool(item.get("incompatible")), why=item.get("why", ""))
            for item in loci if isinstance(item, dict)]


def _node(raw: dict[str, Any]) -> ChainNode:
    props = raw["properties"] or {}
    return ChainNode(key=str(raw["key"]), label=raw["label"] or "Node", caption=caption(raw["label"] or "Node", props),
                     properties=props)


def _path(raw: dict[str, Any]) -> ChainPath:
    return ChainPath(nodes=[_node(n) for n in raw["nodes"]],
                     links=[ChainLink(start=str(r["start"]), end=str(r["end"]), type=r["type"]) for r in raw["links"]])
