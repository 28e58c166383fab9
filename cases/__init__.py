"""The case read-model: one report and what a given viewer may see of it, read with a fixed bundle
of named queries (see `read.py`), as typed plain data that pages, briefs and the API shape alike.

    from cases import Viewer, read_case
    case = read_case(store, "ICRC:R-17", Viewer(agency="ICRC", dna_cleared=True), chains=True, records=True)
"""

from .captions import caption
from .evidence import evidence_items, is_dna_evidence
from .model import (
    PERSON_ORDER,
    Candidate,
    CandidateChains,
    Case,
    ChainLink,
    ChainNode,
    ChainPath,
    DnaProfile,
    Evidence,
    FamilyCheck,
    LocusExplanation,
    Move,
    Properties,
    Relative,
    ReviewStep,
    Target,
    TimelineEvent,
    Viewer,
    as_dict,
)
from .read import RECORD_LABELS, CaseNotFound, CaseReader, ordered, read_case

__all__ = [
    "PERSON_ORDER", "RECORD_LABELS", "Candidate", "CandidateChains", "Case", "CaseNotFound", "CaseReader",
    "ChainLink", "ChainNode", "ChainPath", "DnaProfile", "Evidence", "FamilyCheck", "LocusExplanation", "Move",
    "Properties", "Relative", "ReviewStep", "Target", "TimelineEvent", "Viewer", "as_dict", "caption", "evidence_items",
    "is_dna_evidence", "ordered", "read_case",
]
