"""Coherent posteriors of remains candidates, records of one body, and conflicts, pure.

A match run scores each (report, remains) pair on its own evidence: its *pairwise* posterior
answers "is this record the person, or not?" as if no other record existed. But one body is at
most one missing person and one missing person at most one body, so the candidates of a report
(each remains, or none of them) and the reports claiming one remains are mutually exclusive
hypotheses. Here the posterior of each claim is computed jointly over every coherent answer
(`identify.assignment`), with the pairwise posterior odds as weights:

    weight(report p, body b) = prior / (1 - prior) x LR(p, b)

so a lone claim keeps its pairwise posterior exactly, and claims that compete share.

What counts as one person, one body:
- **Reports of one person.** Two reports whose report-to-report candidate is confirmed are one
  person: they claim the same body without competing. Two whose candidate is only probable
  (posterior q >= DUPLICATE_MIN_POSTERIOR) may be one person: the joint computation treats them as
  two, and each report's claim on a body then adds the chance that the other report's claim is
  right and the two are one person, as far as the report's own evidence allows:

      P(A is b) = P_joint(A is b) + q x P_joint(B is b) x min(1, LR_A(b))

  (capped at 1). A link is not a certainty: a report whose own references exclude the body is
  not given its namesake's identification, and two true reports of one person, competing in the
  joint computation, get their share back.
- **Records of one body.** Two remains records whose post-mortem profiles are the same person
  (`kinship.identity`) are parts of one body (`fragment`): a skull found months after the body is
  not a second identification but a re-association. Two records of different agencies recovered
  on the same day at the same place whose descriptions do not contradict may be one body recorded
  twice (`duplicate_record`); that is shown, not assumed.
- **Exclusivity within an agency.** An agency records a body once (its parts aside), but two
  agencies may each record it: claims compete only among records of the same agency.

A confirmed claim fixes its report and body: the report's other claims and the body's other
claims are settled (posterior 0, unless they are records of the same body). Excluded and
settled claims take no part.

A **conflict** is flagged before anyone reviews when, on their own evidence, two claims that
cannot both be true are each strong: two bodies for one report, or one body for two persons.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .assignment import Edge, marginals

DUPLICATE_MIN_POSTERIOR = 0.5
CLOSED = frozenset({"excluded", "settled"})


@dataclass(frozen=True)
class Claim:
    """One remains candidate of one report, as the joint computation sees it."""

    candidate_uid: str
    report_uid: str
    remains_uid: str
    agency: str
    log10_lr: float
    prior: float
    review_status: str = "proposed"
    strong_alone: bool = False  # strong on its own evidence (pairwise posterior and band rules)

    @property
    def log10_odds(self) -> float:
        prior = min(max(self.prior, 1e-300), 1 - 1e-12)
        return math.log10(prior) - math.log10(1 - prior) + self.log10_lr


@dataclass(frozen=True)
class SameBody:
    """Two remains records that are (fragment) or may be (duplicate_record) one body."""

    first: str
    second: str
    kind: str  # "fragment" or "duplicate_record"
    reason: str


@dataclass(frozen=True)
class Rival:
    """A claim that cannot be true together with this one, though both are strong alone."""

    kind: str  # "another_body": the report is also strongly matched to another body;
    #            "another_report": the body also strongly matches another person's report
    candidate_uid: str
    report_uid: str
    remains_uid: str


@dataclass
class Coherent:
    """The outcome for one claim."""

    posterior: float
    association: str = "identification"  # or "same_body", "duplicate_record"
    same_body_as: str | None = None
    rivals: list[Rival] = field(default_factory=list)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cohere(claims: Iterable[Claim], same_bodies: Iterable[SameBody] = (),
           duplicates: Iterable[tuple[str, str] | tuple[str, str, float]] = ()) -> dict[str, Coherent]:
    """The coherent outcome of every claim, by candidate uid.

    `duplicates` are pairs of reports that may be one person, with the probability that they are
    (1.0, the default, for a confirmed link)."""
    claims = list(claims)
    bodies, persons, linked = _Union(), _Union(), _Union()
    same_body_kind: dict[frozenset[str], SameBody] = {}
    for pair in same_bodies:
        same_body_kind[frozenset((pair.first, pair.second))] = pair
        if pair.kind == "fragment":
            bodies.join(pair.first, pair.second)
    partners: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for first, second, *rest in duplicates:
        probability = min(max(float(rest[0]) if rest else 1.0, 0.0), 1.0)
        linked.join(first, second)
        if probability >= 1.0:
            persons.join(first, second)
        else:
            partners[first].append((second, probability))
            partners[second].append((first, probability))

    def body(claim: Claim) -> str:
        return bodies.find(claim.remains_uid)

    def person(claim: Claim) -> str:
        return persons.find(claim.report_uid)

    outcome = {claim.candidate_uid: Coherent(posterior=0.0) for claim in claims}
    confirmed = [c for c in claims if c.review_status == "confirmed"]
    fixed_persons = {person(c): body(c) for c in confirmed}
    fixed_bodies = {body(c): person(c) for c in confirmed}
    edges: dict[str, list[Edge]] = defaultdict(list)  # by agency
    for claim in claims:
        if claim.review_status in CLOSED:
            continue
        p, b = person(claim), body(claim)
        if p in fixed_persons or b in fixed_bodies:
            settled = fixed_persons.get(p) == b
            outcome[claim.candidate_uid].posterior = 1.0 if settled else 0.0
            continue
        edges[claim.agency].append(Edge(p, b, claim.log10_odds))
    joint: dict[tuple[str, str], float] = {}
    for agency_edges in edges.values():
        joint.update(marginals(agency_edges))
    for claim in claims:
        key = (person(claim), body(claim))
        if key in joint:
            outcome[claim.candidate_uid].posterior = joint[key]
    _add_probable_duplicates(claims, outcome, joint, partners, persons.find, body)
    _associate(claims, outcome, body, same_body_kind)
    _rivals(claims, outcome, body, lambda claim: linked.find(claim.report_uid), same_body_kind)
    return outcome


def _add_probable_duplicates(claims: list[Claim], outcome: dict[str, Coherent],
                             joint: dict[tuple[str, str], float],
                             partners: dict[str, list[tuple[str, float]]], person_of_report, body) -> None:
    """P(A is b) += q x P_joint(B is b) x min(1, LR_A(b)) for each report B that is A's person
    with probability q (module docstring): computed from the joint posteriors before any is
    changed, so that the order of the reports does not matter."""
    if not partners:
        return
    for claim in claims:
        if claim.review_status in CLOSED or claim.report_uid not in partners:
            continue
        key = (person_of_report(claim.report_uid), body(claim))
        if key not in joint:
            continue
        own = 10 ** min(claim.log10_lr, 0.0)
        added = sum(q * joint.get((person_of_report(partner), key[1]), 0.0)
                    for partner, q in partners[claim.report_uid])
        outcome[claim.candidate_uid].posterior = min(1.0, joint[key] + added * own)


def _associate(claims: list[Claim], outcome: dict[str, Coherent], body, same_body_kind) -> None:
    """Among a report's claims on records of one body, the confirmed one (or else the strongest) is
    the identification and the others are a re-association (`same_body`); a record that may be the
    same body recorded by another agency is a `duplicate_record` of the report's stronger claim.

    A part settled by the confirmation of its body's other record is still that body's part: the
    family is told of it as such, not as a closed identification."""
    by_report: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.review_status != "excluded":
            by_report[claim.report_uid].append(claim)
    for report_claims in by_report.values():
        ranked = sorted(report_claims, key=lambda c: (c.review_status != "confirmed", c.review_status == "settled",
                                                      -c.log10_lr, c.remains_uid))
        primary_of_body: dict[str, Claim] = {}
        for claim in ranked:
            primary = primary_of_body.setdefault(body(claim), claim)
            if primary is not claim:
                outcome[claim.candidate_uid].association = "same_body"
                outcome[claim.candidate_uid].same_body_as = primary.remains_uid
        for index, claim in enumerate(ranked):
            if outcome[claim.candidate_uid].association != "identification" or claim.review_status in CLOSED:
                continue
            for stronger in ranked[:index]:
                pair = same_body_kind.get(frozenset((claim.remains_uid, stronger.remains_uid)))
                if pair is not None and pair.kind == "duplicate_record" \
                        and outcome[stronger.candidate_uid].association == "identification":
                    outcome[claim.candidate_uid].association = "duplicate_record"
                    outcome[claim.candidate_uid].same_body_as = stronger.remains_uid
                    break


def _rivals(claims: list[Claim], outcome: dict[str, Coherent], body, person, same_body_kind) -> None:
    """Conflicts: claims strong on their own evidence that exclude each other."""
    strong = [c for c in claims if c.strong_alone and c.review_status not in CLOSED]
    by_person: dict[str, list[Claim]] = defaultdict(list)
    by_body: dict[str, list[Claim]] = defaultdict(list)
    for claim in strong:
        by_person[person(claim)].append(claim)
        by_body[body(claim)].append(claim)
    for group in by_person.values():
        for claim in group:
            for other in group:
                if body(other) == body(claim) or frozenset((claim.remains_uid, other.remains_uid)) in same_body_kind:
                    continue
                outcome[claim.candidate_uid].rivals.append(
                    Rival("another_body", other.candidate_uid, other.report_uid, other.remains_uid))
    for group in by_body.values():
        for claim in group:
            for other in group:
                if person(other) == person(claim):
                    continue
                outcome[claim.candidate_uid].rivals.append(
                    Rival("another_report", other.candidate_uid, other.report_uid, other.remains_uid))
