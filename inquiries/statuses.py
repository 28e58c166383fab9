"""Where an inquiry stands: the staff's statuses, the moves between them, and what a family reads.

A family never reads an identification over the web: a possible identification is always given
in person or by an authority. The family's page shows one of five plain statuses (and, when an
investigator wrote one, a message), never the staff's detail.
"""

from __future__ import annotations

from .form import N_

# The staff's statuses, in the order of the work.
NEW, CHECKING, MORE_INFORMATION, SAMPLE_REQUESTED = "new", "checking", "more_information", "sample_requested"
VERIFIED, MERGED, NOT_A_CASE, WITHDRAWN = "verified", "merged", "not_a_case", "withdrawn"
STATUSES = (NEW, CHECKING, MORE_INFORMATION, SAMPLE_REQUESTED, VERIFIED, MERGED, NOT_A_CASE, WITHDRAWN)
OPEN = (NEW, CHECKING, MORE_INFORMATION, SAMPLE_REQUESTED)
# Statuses that take the report out of matching: nothing is compared with it any more.
OUT_OF_MATCHING = (MERGED, NOT_A_CASE, WITHDRAWN)

# What a staff member may do from each status (withdrawal is the family's alone).
ACTIONS: dict[str, tuple[str, ...]] = {
    NEW: (CHECKING, VERIFIED, MERGED, MORE_INFORMATION, SAMPLE_REQUESTED, NOT_A_CASE),
    CHECKING: (VERIFIED, MERGED, MORE_INFORMATION, SAMPLE_REQUESTED, NOT_A_CASE),
    MORE_INFORMATION: (CHECKING, VERIFIED, MERGED, SAMPLE_REQUESTED, NOT_A_CASE),
    SAMPLE_REQUESTED: (CHECKING, VERIFIED, MERGED, MORE_INFORMATION, NOT_A_CASE),
    VERIFIED: (SAMPLE_REQUESTED, MORE_INFORMATION),
    MERGED: (),
    NOT_A_CASE: (CHECKING,),
    WITHDRAWN: (),
}
# Moves that need a message for the family (shown on their status page) rather than a reason.
NEEDS_MESSAGE = (MORE_INFORMATION, SAMPLE_REQUESTED)
STAFF_LABELS = {
    NEW: "new", CHECKING: "being checked", MORE_INFORMATION: "more information asked",
    SAMPLE_REQUESTED: "reference sample requested", VERIFIED: "verified", MERGED: "merged",
    NOT_A_CASE: "not a missing-person case", WITHDRAWN: "withdrawn by the family",
}
ACTION_LABELS = {
    CHECKING: "Start checking", VERIFIED: "Verify", MERGED: "Merge into the report proposed",
    MORE_INFORMATION: "Ask the family for more", SAMPLE_REQUESTED: "Request a reference sample",
    NOT_A_CASE: "Not a missing-person case",
}

# The family's view: five plain statuses, and the withdrawn one.
RECEIVED, BEING_CHECKED, SAMPLE, WORKED_ON, CONTACT_US, FAMILY_WITHDRAWN = (
    "received", "being_checked", "sample_requested", "worked_on", "contact_us", "withdrawn")
FAMILY_STATUS = {
    NEW: RECEIVED, CHECKING: BEING_CHECKED, SAMPLE_REQUESTED: SAMPLE, VERIFIED: WORKED_ON,
    MERGED: WORKED_ON, MORE_INFORMATION: CONTACT_US, NOT_A_CASE: CONTACT_US, WITHDRAWN: FAMILY_WITHDRAWN,
}
FAMILY_ORDER = (RECEIVED, BEING_CHECKED, SAMPLE, WORKED_ON, CONTACT_US)
FAMILY_WORDS = {
    RECEIVED: (N_("Received"), N_("We have received your inquiry. An investigator will read it soon.")),
    BEING_CHECKED: (N_("Being checked by an investigator"),
                    N_("An investigator is reading your inquiry and comparing it with the information we hold.")),
    SAMPLE: (N_("Reference sample requested"),
             N_("We would like to take a DNA sample from you or another close relative. Where and how is written below.")),
    WORKED_ON: (N_("The case is being worked on"),
                N_("Your inquiry is part of a case that investigators are working on. We will contact you when there is something to tell you.")),
    CONTACT_US: (N_("Please contact us"),
                 N_("We need to speak with you. Please read the message below and contact us.")),
    FAMILY_WITHDRAWN: (N_("Consent withdrawn"),
                       N_("You withdrew your consent. Your inquiry is no longer compared with other information or shared.")),
}


def family_status(staff_status: str) -> str:
    """What the family reads for a staff status."""
    return FAMILY_STATUS.get(staff_status, RECEIVED)


def can_move(current: str, target: str) -> bool:
    return target in ACTIONS.get(current, ())
