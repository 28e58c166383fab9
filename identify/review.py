"""The review of candidate identifications: which moves are allowed, who may take them, recording them.

A candidate is proposed by the identification engine; only people move it on, always with a
reason, and every move is appended to its trail as a Review node. Confirming takes two people
(four eyes): one proposes the confirmation, a second one confirms it.

    proposed ──▶ under_review ──▶ confirmation_proposed ──▶ confirmed
        ▲            │  ▲   ▲            │ (declined or withdrawn)   │
        └────────────┘  │   └────────────┘                           │
                        │  └──▶ excluded                             │
                        └──── reopen (from confirmed or excluded) ◀──┘

A confirmed identification *settles* the candidates it rules out (see `settles`): they leave
review, name the confirmation in `settled_by` and keep the status they had in `settled_from`.
Reopening the confirmation restores them, the report's status and the remains'
`identification_status` exactly. The engine refreshes scores and bands but never touches
`review_status`. This module holds the rules as data and pure functions; the writes are the named
queries `ui_review_apply`, `review_settle` and `review_restore`, run together in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from graphmodel.journal import touched
from graphmodel.store_protocol import GraphStore

STATUSES = ("proposed", "under_review", "confirmation_proposed", "confirmed", "excluded", "settled")
# Statuses a confirmation elsewhere closes (settles); confirmed and excluded stay as they are.
OPEN_STATUSES = ("proposed", "under_review", "confirmation_proposed")


def N_(words: str) -> str:  # noqa: N802 - gettext's mark: the staff pages translate these words (cases/i18n.py)
    return words


class Sentence(str):
    """A sentence in English that keeps its template and values, so that a page can say it in the
    reader's language (the template is in the staff catalogue)."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Sentence:
        said = super().__new__(cls, template % values if values else template)
        said.template, said.values = template, values
        return said


# (from, to) -> what the move is called on a button.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("proposed", "under_review"): N_("Start review"),
    ("under_review", "proposed"): N_("Return to proposed"),
    ("under_review", "confirmation_proposed"): N_("Propose confirmation (a second reviewer confirms)"),
    ("under_review", "excluded"): N_("Exclude"),
    ("confirmation_proposed", "confirmed"): N_("Confirm identification (second reviewer)"),
    ("confirmation_proposed", "under_review"): N_("Decline or withdraw the proposal"),
    ("confirmed", "under_review"): N_("Reopen"),
    ("excluded", "under_review"): N_("Reopen"),
}
# What a status is called where people read it.
STATUS_WORDS = {
    "proposed": N_("proposed"), "under_review": N_("under review"),
    "confirmation_proposed": N_("awaiting a second reviewer's confirmation"), "confirmed": N_("confirmed"),
    "excluded": N_("excluded"), "settled": N_("closed by a confirmed identification"),
}
# What a confirmed identification makes of the report: remains mean the person is identified,
# a sighting that they were found alive. A duplicate report changes no status (see docs).
REPORT_OUTCOME = {"remains": "identified", "sighting": "found_alive"}
MIN_REASON = 3
MAX_REASON = 2000
TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# A rival claim on the same record counts as a conflict from this band up, or once confirmed.
CONFLICT_BANDS = frozenset({"strong"})


class ReviewRefused(ValueError):
    """A decision that the rules do not allow, with the reason in one sentence (`reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Reviewer:
    """The person taking a decision, as their account says."""

    username: str
    role: str
    agency: str


@dataclass(frozen=True)
class ConfirmationPolicy:
    """Who may confirm an identification someone else proposed.

    `roles`: the roles that may confirm; `same_agency`: the confirmer must belong to the proposer's
    agency. Read from the environment with every other setting by `graphmodel.config`
    (TRACEGRAPH_CONFIRM_ROLES, TRACEGRAPH_CONFIRM_AGENCY), checked against the roles that review
    by `web.config.confirmation_policy`.
    """

    roles: frozenset[str] = frozenset({"investigator", "analyst"})
    same_agency: bool = True

    def roles_in_words(self) -> str:
        """`an analyst or an investigator`."""
        words = [("an " if name[:1] in "aeiou" else "a ") + name for name in sorted(self.roles)]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@dataclass(frozen=True)
class Proposal:
    """Who proposed the confirmation now awaiting a second reviewer."""

    username: str
    agency: str


@dataclass(frozen=True)
class Decision:
    """One review decision, ready to be recorded."""

    candidate_uid: str
    from_status: str
    to_status: str
    reviewer: str
    reason: str
    token: str
    reviewer_role: str = ""
    reviewer_agency: str = ""
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="microseconds"))

    @property
    def review_uid(self) -> str:
        """The Review's key: the same token on the same candidate is the same decision."""
        return f"{self.candidate_uid}#review:{self.token}"


def next_statuses(status: str) -> list[tuple[str, str]]:
    """The moves open from a status, as (to_status, label)."""
    return [(to, label) for (origin, to), label in TRANSITIONS.items() if origin == status]


def self_confirmation(reviewer: Reviewer, proposal: Proposal | None) -> bool:
    return proposal is not None and proposal.username == reviewer.username


SELF_CONFIRMATION = N_("You proposed this confirmation yourself: a second person must confirm it.")


def confirmation_refusal(reviewer: Reviewer, proposal: Proposal | None, policy: ConfirmationPolicy) -> str | None:
    """Why `reviewer` may not confirm this proposal (one sentence), or None when they may."""
    if proposal is None:
        return N_("Nobody has proposed this confirmation; propose it first, then a second person confirms it.")
    if self_confirmation(reviewer, proposal):
        return SELF_CONFIRMATION
    if reviewer.role not in policy.roles:
        return Sentence(N_("Only %(roles)s may confirm an identification; your role is %(role)s."),
                        roles=policy.roles_in_words(), role=reviewer.role)
    if policy.same_agency and reviewer.agency != proposal.agency:
        return Sentence(N_("This confirmation was proposed at %(agency)s; a reviewer of %(agency)s must confirm it."),
                        agency=proposal.agency)
    return None


def moves_for(status: str, reviewer: Reviewer, proposal: Proposal | None,
              policy: ConfirmationPolicy) -> tuple[list[tuple[str, str]], list[str]]:
    """The moves this reviewer is offered, and sentences saying why one is not offered."""
    moves, notes = [], []
    for to, label in next_statuses(status):
        if to == "confirmed":
            refusal = confirmation_refusal(reviewer, proposal, policy)
            if refusal:
                notes.append(refusal)
                continue
        moves.append((to, label))
    return moves, notes


def plan(candidate_uid: str, current: str, to_status: str, reviewer: Reviewer | str, reason: str,
         token: str, proposal: Proposal | None = None, policy: ConfirmationPolicy | None = None,
         confirmed_elsewhere: str | None = None) -> Decision:
    """Check a decision against the rules; the Decision to record, or ReviewRefused saying why.

    `proposal` is the pending proposal (for a confirmation); `confirmed_elsewhere` the uid of an
    identification already confirmed for the same report or record, if any.
    """
    if isinstance(reviewer, str):
        reviewer = Reviewer(reviewer, "", "")
    policy = policy or ConfirmationPolicy()
    if to_status not in STATUSES:
        raise ReviewRefused(Sentence(N_("review status must be one of %(statuses)s, not %(status)s"),
                                     statuses=", ".join(STATUSES), status=repr(to_status)))
    if current == "settled":
        raise ReviewRefused(N_("this candidate was closed when another identification was confirmed; "
                               "reopen that identification to reopen this one"))
    if (current, to_status) not in TRANSITIONS:
        open_moves = ", ".join(to for to, _ in next_statuses(current)) or "none"
        raise ReviewRefused(Sentence(N_("a candidate that is %(current)s cannot become %(status)s "
                                        "(possible: %(moves)s)"), current=current, status=to_status, moves=open_moves))
    if not reviewer.username.strip():
        raise ReviewRefused(N_("a decision needs the name of the person taking it"))
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise ReviewRefused(N_("give the reason for this decision"))
    if len(reason) > MAX_REASON:
        raise ReviewRefused(Sentence(N_("the reason is limited to %(count)s characters"), count=MAX_REASON))
    if not TOKEN.match(token):
        raise ReviewRefused(N_("the decision's token is missing or malformed; reload the page"))
    if to_status == "confirmed":
        refusal = confirmation_refusal(reviewer, proposal, policy)
        if refusal:
            raise ReviewRefused(refusal)
        if confirmed_elsewhere:
            raise ReviewRefused(Sentence(N_("the identification %(other)s is already confirmed for this report or "
                                            "this record; reopen it before confirming another"),
                                         other=confirmed_elsewhere))
    return Decision(candidate_uid, current, to_status, reviewer.username, reason, token,
                    reviewer.role, reviewer.agency)


@dataclass(frozen=True)
class Conflict:
    """Why a candidate needs a second look before (or after) it is confirmed."""

    kind: str  # "same_record" or "report_confirmed"
    message: str
    report_uid: str | None = None
    candidate_uid: str | None = None


def conflicts(candidate: dict[str, Any], siblings: list[dict[str, Any]], rivals: list[dict[str, Any]],
              hidden_rivals: int = 0) -> list[Conflict]:
    """The warnings for one candidate.

    `siblings`: the other candidates of the same report; `rivals`: candidates of other reports
    proposing the same record with a strong band or confirmed; `hidden_rivals`: how many more of
    those are in records the user may not see. A settled candidate raises none: it is closed.
    """
    found: list[Conflict] = []
    if candidate.get("review_status") == "settled":
        return found
    for rival in rivals:
        if rival.get("review_status") in ("excluded", "settled"):
            continue
        said = (N_("The same record is confirmed for report %(report)s.") if rival.get("review_status") == "confirmed"
                else N_("The same record also strongly matches report %(report)s."))
        found.append(Conflict("same_record", Sentence(said, report=rival["report_uid"]),
                              rival.get("report_uid"), rival.get("candidate_uid")))
    if hidden_rivals:
        found.append(Conflict("same_record", Sentence(N_(
            "The same record strongly matches %(count)s more report(s) not shared with your agency; ask the "
            "owning agency before confirming."), count=hidden_rivals)))
    if candidate.get("review_status") != "confirmed":
        for sibling in siblings:
            if sibling.get("review_status") == "confirmed" and sibling.get("uid") != candidate.get("uid"):
                found.append(Conflict("report_confirmed", Sentence(N_(
                    "This report already has a confirmed identification (%(candidate)s)."), candidate=sibling["uid"]),
                    None, sibling.get("uid")))
    return found


@dataclass(frozen=True)
class Outcome:
    recorded: bool
    duplicate: bool
    status: str
    message: str


def record(store: GraphStore, decision: Decision, agency: str, policy: ConfirmationPolicy | None = None) -> Outcome:
    """Write the decision through `store` (a graphmodel Store) with the named queries, in one transaction.

    Recorded once: a second submission with the same token is reported as a duplicate, and a
    decision taken on a status that changed meanwhile is refused. A confirmation settles the
    candidates it rules out and sets the report's and the remains' status; reopening a
    confirmation restores them. The query checks the four-eyes rule again, so two reviewers racing
    cannot get round it.
    """
    from queries.catalog import named_query
    policy = policy or ConfirmationPolicy()
    apply = named_query("ui_review_apply")
    statements: list[tuple[str, dict[str, Any]]] = [(apply.text, apply.bind({
        "candidate_uid": decision.candidate_uid, "review_uid": decision.review_uid,
        "expected_status": decision.from_status, "to_status": decision.to_status,
        "reviewer": decision.reviewer, "reviewer_role": decision.reviewer_role,
        "reviewer_agency": decision.reviewer_agency or agency, "confirm_roles": sorted(policy.roles),
        "same_agency": policy.same_agency, "reason": decision.reason, "at": decision.at, "agency": agency}))]
    if decision.to_status == "confirmed":
        settle = named_query("review_settle")
        statements.append((settle.text, settle.bind({"candidates": [decision.candidate_uid], "at": decision.at})))
    if decision.from_status == "confirmed":
        restore = named_query("review_restore")
        statements.append((restore.text, restore.bind({"candidate_uid": decision.candidate_uid})))
        # a candidate given back may lie next to another confirmed identification: it closes again
        settle = named_query("review_settle")
        statements.append((settle.text, settle.bind({"candidates": None, "at": decision.at})))
    if "confirmed" in (decision.from_status, decision.to_status):
        statements.append((named_query("match_mark_conflicts").text, {}))
    # the rules after the decision return what they changed; the journal takes it with these two
    counters = store.write_together(statements, touched=[touched("Candidate", decision.candidate_uid),
                                                         touched("Review", decision.review_uid)])
    if counters.nodes_created:
        return Outcome(True, False, decision.to_status,
                       f"Recorded: {decision.from_status} → {decision.to_status}.")
    check = named_query("ui_review_status")
    rows = store.read(check.text, check.bind({"candidate_uid": decision.candidate_uid,
                                              "review_uid": decision.review_uid, "agency": agency}))
    if rows and rows[0]["already_recorded"]:
        return Outcome(False, True, rows[0]["status"], "This decision was already recorded.")
    status = rows[0]["status"] if rows else "unknown"
    raise ReviewRefused(Sentence(N_("the candidate changed while you were looking at it (it is now %(status)s); "
                                    "reload the page and decide again"), status=status))


class UnknownCandidate(ReviewRefused):
    """No such candidate, or one whose report or record the reviewer's agency may not see."""


def proposal_of(candidate: dict[str, Any]) -> Proposal | None:
    """The pending proposal to confirm a candidate, from a `ui_candidate` or case row."""
    if not candidate.get("confirmation_proposed_by"):
        return None
    return Proposal(candidate["confirmation_proposed_by"], candidate.get("confirmation_proposed_agency") or "")


def decide(store: GraphStore, candidate_uid: str, to_status: str, reviewer: Reviewer, reason: str, token: str,
           policy: ConfirmationPolicy, seen_status: str | None = None) -> tuple[Outcome, dict[str, Any]]:
    """Read the candidate as the reviewer may see it, check the decision, record it.

    The one path every way of reviewing takes (web page, JSON API, command line). Returns what
    happened and the candidate's row; raises UnknownCandidate or ReviewRefused with the reason.
    """
    from queries.catalog import named_query
    read = named_query("ui_candidate")
    rows = store.read(read.text, read.bind({"uid": candidate_uid, "agency": reviewer.agency}))
    if not rows:
        raise UnknownCandidate(f"there is no candidate {candidate_uid!r} shared with agency {reviewer.agency}")
    candidate = rows[0]
    current = candidate["review_status"] or "proposed"
    decision = plan(candidate_uid, seen_status or current, to_status, reviewer, reason, token,
                    proposal_of(candidate), policy, candidate["confirmed_elsewhere"])
    return record(store, decision, reviewer.agency, policy), candidate
