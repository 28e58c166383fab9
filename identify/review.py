"""The review of candidate identifications: which moves are allowed, and recording them.

A candidate is proposed by the identification engine; only a person moves it on, always with a
reason, and every move is appended to its trail as a Review node:

    proposed ──▶ under_review ──▶ confirmed
        ▲            │   ▲  │
        └────────────┘   │  └──▶ excluded
                         └── reopen (from confirmed or excluded, with a reason)

The engine refreshes scores and bands but never touches `review_status`. This module holds the
rules as data and pure functions; the one write it needs is the named query `ui_review_apply`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from graphmodel.journal import touched
from graphmodel.store_protocol import GraphStore

STATUSES = ("proposed", "under_review", "confirmed", "excluded")
# (from, to) -> what the move is called on a button.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("proposed", "under_review"): "Start review",
    ("under_review", "proposed"): "Return to proposed",
    ("under_review", "confirmed"): "Confirm identification",
    ("under_review", "excluded"): "Exclude",
    ("confirmed", "under_review"): "Reopen",
    ("excluded", "under_review"): "Reopen",
}
MIN_REASON = 3
MAX_REASON = 2000
TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# A rival claim on the same record counts as a conflict from this band up, or once confirmed.
CONFLICT_BANDS = frozenset({"strong"})


class ReviewRefused(ValueError):
    """A decision that the rules do not allow, with the reason in words."""


@dataclass(frozen=True)
class Decision:
    """One review decision, ready to be recorded."""

    candidate_uid: str
    from_status: str
    to_status: str
    reviewer: str
    reason: str
    token: str
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="microseconds"))

    @property
    def review_uid(self) -> str:
        """The Review's key: the same token on the same candidate is the same decision."""
        return f"{self.candidate_uid}#review:{self.token}"


def next_statuses(status: str) -> list[tuple[str, str]]:
    """The moves open from a status, as (to_status, label)."""
    return [(to, label) for (origin, to), label in TRANSITIONS.items() if origin == status]


def plan(candidate_uid: str, current: str, to_status: str, reviewer: str, reason: str,
         token: str) -> Decision:
    """Check a decision against the rules; the Decision to record, or ReviewRefused saying why."""
    if to_status not in STATUSES:
        raise ReviewRefused(f"review status must be one of {', '.join(STATUSES)}, not {to_status!r}")
    if (current, to_status) not in TRANSITIONS:
        open_moves = ", ".join(to for to, _ in next_statuses(current)) or "none"
        raise ReviewRefused(f"a candidate that is {current} cannot become {to_status} (possible: {open_moves})")
    if not reviewer.strip():
        raise ReviewRefused("a decision needs the name of the person taking it")
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise ReviewRefused("give the reason for this decision")
    if len(reason) > MAX_REASON:
        raise ReviewRefused(f"the reason is limited to {MAX_REASON} characters")
    if not TOKEN.match(token):
        raise ReviewRefused("the decision's token is missing or malformed; reload the page")
    return Decision(candidate_uid, current, to_status, reviewer, reason, token)


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
    those are in records the user may not see.
    """
    found: list[Conflict] = []
    for rival in rivals:
        if rival.get("review_status") == "excluded":
            continue
        state = "is confirmed for" if rival.get("review_status") == "confirmed" else "also strongly matches"
        found.append(Conflict("same_record", f"The same record {state} report {rival['report_uid']}.",
                              rival.get("report_uid"), rival.get("candidate_uid")))
    if hidden_rivals:
        found.append(Conflict("same_record", f"The same record strongly matches {hidden_rivals} more "
                              "report(s) not shared with your agency; ask the owning agency before confirming."))
    if candidate.get("review_status") != "confirmed":
        for sibling in siblings:
            if sibling.get("review_status") == "confirmed" and sibling.get("uid") != candidate.get("uid"):
                found.append(Conflict("report_confirmed", "This report already has a confirmed identification "
                                      f"({sibling['uid']}).", None, sibling.get("uid")))
    return found


@dataclass(frozen=True)
class Outcome:
    recorded: bool
    duplicate: bool
    status: str
    message: str


def record(store: GraphStore, decision: Decision, agency: str) -> Outcome:
    """Write the decision through `store` (a graphmodel Store) with the named query.

    Recorded once: a second submission with the same token is reported as a duplicate, and a
    decision taken on a status that changed meanwhile is refused.
    """
    from queries.catalog import named_query
    apply = named_query("ui_review_apply")
    counters = store.write(apply.text, apply.bind({
        "candidate_uid": decision.candidate_uid, "review_uid": decision.review_uid,
        "expected_status": decision.from_status, "to_status": decision.to_status,
        "reviewer": decision.reviewer, "reason": decision.reason, "at": decision.at, "agency": agency}),
        touched=[touched("Candidate", decision.candidate_uid), touched("Review", decision.review_uid)])
    if counters.nodes_created:
        return Outcome(True, False, decision.to_status,
                       f"Recorded: {decision.from_status} → {decision.to_status}.")
    check = named_query("ui_review_status")
    rows = store.read(check.text, check.bind({"candidate_uid": decision.candidate_uid,
                                              "review_uid": decision.review_uid, "agency": agency}))
    if rows and rows[0]["already_recorded"]:
        return Outcome(False, True, rows[0]["status"], "This decision was already recorded.")
    status = rows[0]["status"] if rows else "unknown"
    raise ReviewRefused(f"the candidate changed while you were looking at it (it is now {status}); "
                        "reload the page and decide again")
