"""The case read-model: one report and everything about it that one viewer may see.

Plain data only (no driver types): records keep their properties as the graph holds them (the
model's YAML says which there are), and what the pages, the briefs and the API shape from them is
typed here. A new kind of fact about a case is a field here and, usually, a column or a query in
`read.py`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from identify.review import Conflict

# A record's properties, as plain values (temporal values as ISO text, points as {lon, lat}).
Properties = dict[str, Any]

# The description of a missing person in the order a family or a pathologist reads it.
PERSON_ORDER = ("full_name", "other_names", "father_name", "mother_name", "sex", "date_of_birth", "age_min",
                "age_max", "nationality", "place_of_birth", "height_min_cm", "height_max_cm", "hair_colour",
                "eye_colour", "distinguishing_marks", "clothing", "personal_effects", "last_seen_date")


@dataclass(frozen=True)
class Viewer:
    """Who reads a case: their agency decides which `sharing=agency` records they see, their DNA
    clearance whether DNA profiles and per-locus detail are shown. `name` is for the record only."""

    agency: str
    dna_cleared: bool = False
    name: str = ""


@dataclass(frozen=True)
class Relative:
    """A relative of the missing person (`samples`: reference sample ids, DNA-cleared viewers only)."""

    uid: str
    full_name: str | None
    sex: str | None
    date_of_birth: str | None
    relationship: str | None
    is_reporter: bool
    contact_country: str | None
    samples: list[str]


@dataclass(frozen=True)
class Evidence:
    """One piece of a candidate's evidence; `restricted`: DNA detail withheld from this viewer."""

    kind: str
    dna: bool
    log10_lr: float | None
    detail: Any
    detail_rows: list[tuple[str, str]]
    restricted: bool


@dataclass(frozen=True)
class ReviewStep:
    """One decision in a candidate's review trail."""

    uid: str | None
    decision: str | None
    from_status: str | None
    to_status: str | None
    reviewer: str | None
    reason: str | None
    at: str | None


@dataclass(frozen=True)
class Target:
    """The record a candidate proposes (remains, a sighting, another report)."""

    label: str
    uid: str
    title: str
    agency: str | None
    date: str | None


@dataclass(frozen=True)
class Move:
    """A review move open from the candidate's status: the status it leads to and its button label."""

    to: str
    label: str


@dataclass(frozen=True)
class Candidate:
    """A candidate identification of the report, with its evidence, trail and conflicts."""

    uid: str
    candidate_kind: str | None
    log10_lr: float | None
    posterior: float | None
    band: str | None
    review_status: str
    evidence: list[Evidence]
    reviewed_at: str | None
    reviewed_by: str | None
    target: Target
    trail: list[ReviewStep]
    conflicts: list[Conflict]
    moves: list[Move]
    # The posterior on the candidate's own evidence, as if no other record existed (`posterior` is
    # computed together with the claims it excludes), and whether the record is the identification
    # or another record of a body already claimed: `same_body` (a part of it) or `duplicate_record`
    # (another agency's record of it), with `same_body_as` naming that body's record.
    pairwise_posterior: float | None = None
    association: str = "identification"
    same_body_as: str | None = None
    # The part of the list it is shown in (identify.candidates.SECTIONS): remains and sightings
    # that may be the person, or other reports that may be the same person.
    section: str = "identification"
    # Four eyes: who proposed the confirmation and who confirmed it; a candidate closed by a
    # confirmation elsewhere names it (or says it lies in records the viewer may not see).
    confirmation_proposed_by: str | None = None
    confirmation_proposed_agency: str | None = None
    confirmation_proposed_at: str | None = None
    confirmed_by: str | None = None
    confirmed_at: str | None = None
    settled_by: str | None = None
    settled_from: str | None = None
    settled_at: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event of the case; `label` and `uid` name the record it comes from."""

    date: str
    event: str
    title: str
    uid: str | None
    label: str
    what: str | None = None       # the precise kind (ui_case_timeline's `what`), for the words
    detail: str | None = None     # the value the words name: a sighting type, a boat, a decision


@dataclass(frozen=True)
class LocusExplanation:
    """One locus of a kinship match: its LR, the genotypes compared and why."""

    locus: str | None
    log10_lr: float | None
    missing: Any
    references: Any
    incompatible: bool
    why: str


@dataclass(frozen=True)
class DnaProfile:
    """A DNA profile of the case (family reference, personal effect or post-mortem sample)."""

    uid: str
    sample_id: str | None
    sample_kind: str | None
    lab: str | None
    kit: str | None
    genotypes: list[str] | None
    source: str
    match_log10_lr: float | None
    match_excluded: bool | None
    loci: list[LocusExplanation]
    # the candidate remains a post-mortem sample was taken from
    remains_uid: str | None = None


@dataclass(frozen=True)
class ChainNode:
    """A record on a link chain; `key` is its uid (stable across reloads), else its element id."""

    key: str
    label: str
    caption: str
    properties: Properties


@dataclass(frozen=True)
class ChainLink:
    """A relationship on a link chain, in the direction it is stored."""

    start: str
    end: str
    type: str


@dataclass(frozen=True)
class ChainPath:
    nodes: list[ChainNode]
    links: list[ChainLink]


@dataclass(frozen=True)
class CandidateChains:
    """How the report reaches one candidate's record: the shortest chains the viewer may see, and
    the path to the missing person (shown even when no chain reaches the record)."""

    report: ChainNode
    target: ChainNode
    chains: list[ChainPath]
    missing: list[ChainPath]


@dataclass(frozen=True)
class FamilyCheck:
    """The family's references contradict the pedigree they state: the loci at fault, and a summary
    that names the reference samples only to DNA-cleared viewers."""

    summary: str
    loci: list[str]


@dataclass
class Case:
    """A report as one viewer may see it. `chains` (by candidate uid) and `records` (the provenance
    of every record the case mentions, by (label, uid)) are read only when asked for."""

    uid: str
    viewer: Viewer
    report: Properties
    person: Properties
    reporter: Properties | None
    route: str | None
    voyages: list[Properties]
    departure: Properties | None
    last_seen: Properties | None
    family_check: FamilyCheck | None = None
    family: list[Relative] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    dna: list[DnaProfile] = field(default_factory=list)
    chains: dict[str, CandidateChains] = field(default_factory=dict)
    records: dict[tuple[str, str], Properties] = field(default_factory=dict)


# Field names of each dataclass `as_dict` has met, looked up once.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
# Leaves `as_dict` returns as they are: immutable, so its result shares nothing that can change.
_ATOMIC = frozenset({str, int, float, bool, type(None)})


def as_dict(value: Any) -> Any:
    """The read-model's dataclasses (and the lists, tuples and dicts they hold) as plain dicts and
    lists, equal to `dataclasses.asdict`'s result. A page shapes every candidate and its evidence
    this way on each request: unlike `asdict` this does not deep-copy each immutable leaf."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.setdefault(kind, tuple(item.name for item in fields(value)))
    if names is not None:
        return {name: as_dict(getattr(value, name)) for name in names}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return kind(*[as_dict(item) for item in value])
    if isinstance(value, (list, tuple)):
        return kind(as_dict(item) for item in value)
    if isinstance(value, dict):
        return kind((as_dict(key), as_dict(item)) for key, item in value.items())
    return copy.deepcopy(value)
