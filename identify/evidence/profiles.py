"""What the engine compares: a person as one record describes them, and one piece of evidence.

A `Profile` is the same shape for every side of a comparison (a report's missing person, the
remains, the person a sighting recorded, another report's missing person), so every comparison is
a function of two profiles. Built from the graph by `identify.match`, by hand in tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rarity import Rarity

KINDS = ("remains", "sighting", "report")


@dataclass(frozen=True)
class Profile:
    """One record's description of a person. Unknown is None (or empty), never a guess.

    `date` is the record's own date: when last seen (a report), recovered (remains) or recorded
    (a sighting). Ages are years, statures centimetres; `age_min`/`age_max` of a report are the
    age at disappearance, of remains or a sighting the age estimated at `date`.
    """

    uid: str
    kind: str
    sex: str | None = None
    age_min: float | None = None
    age_max: float | None = None
    date_of_birth: str | None = None
    date: str | None = None
    height_min_cm: float | None = None
    height_max_cm: float | None = None
    hair_colour: str | None = None
    eye_colour: str | None = None
    marks: tuple[str, ...] = ()
    clothing: tuple[str, ...] = ()
    personal_effects: tuple[str, ...] = ()
    description: str | None = None
    names: tuple[str, ...] = ()
    nationality: str | None = None
    departure_date: str | None = None
    reported_on: str | None = None
    record_id: str | None = None
    agency: str | None = None
    dna_screened: bool = False  # remains: a post-mortem profile was screened; report: the family was
    # report: the relationships of the family's reference samples (what its screening weighed);
    # remains: the most loci typed in a screened post-mortem profile
    dna_references: tuple[str, ...] = ()
    dna_loci: int | None = None
    unverified: bool = False  # a report from an online inquiry that no investigator has verified yet

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"profile kind must be one of {KINDS}, not {self.kind!r}")


@dataclass(frozen=True)
class Evidence:
    """One comparison's result: its level, its log10 likelihood ratio and why, in words.

    `excludes` marks evidence that rules the candidate out whatever else agrees (a DNA exclusion).
    `identifier` names the individual identifier it is, when it is one (`dna`, `document`,
    `name_and_birth_date`, `unique_item`): only such evidence lets a candidate be `strong`.
    A level's m and u, when given, are spelled out after the words in `detail`.
    """

    kind: str
    level: str
    log10_lr: float
    said: str
    excludes: bool = False
    m: float | None = None
    u: float | None = None
    identifier: str | None = None

    @property
    def detail(self) -> str:
        if self.m is None or self.u is None:
            return self.said
        return f"{self.said} (LR {self.m:.3g}/{self.u:.3g} = {self.m / self.u:.3g})"

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "level": self.level, "log10_lr": round(self.log10_lr, 4),
                "detail": self.detail, **({"excludes": True} if self.excludes else {}),
                **({"identifier": self.identifier} if self.identifier else {})}


def said_of(evidence: Evidence, said: str) -> Evidence:
    """`evidence` with other words said: `replace(evidence, said=said)` at a sixth of its cost.

    A frozen dataclass's `__init__` sets each of its eight fields through `object.__setattr__`;
    a copy of the fields' dictionary gives the same object. A match run builds one for each
    candidate it keeps (`name_similarity.NamesFound`).
    """
    fields = evidence.__dict__.copy()
    fields["said"] = said
    found = object.__new__(type(evidence))
    object.__setattr__(found, "__dict__", fields)
    return found


def level_evidence(kind: str, level: str, m: float, u: float, detail: str) -> Evidence:
    """Evidence of a level with LR m / u (the ratio is spelled out after the detail)."""
    return Evidence(kind, level, math.log10(m / u), detail, m=m, u=u)


@dataclass(frozen=True, order=True)
class DaySpan:
    """The days a partial ISO date may stand for, as proleptic Gregorian ordinals."""

    first: int
    last: int

    @property
    def middle(self) -> float:
        return (self.first + self.last) / 2


@lru_cache(maxsize=100_000)
def day_span(iso: str | None) -> DaySpan | None:
    """`2016` -> all of 2016, `2016-05` -> May 2016, `2016-05-25` -> that day; None if unknown.

    A malformed date is treated as unknown rather than failing a whole match run.
    """
    if not iso:
        return None
    parts = iso.strip()[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return DaySpan(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal())
        month = int(parts[1])
        if len(parts) == 2:
            end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
            return DaySpan(date(year, month, 1).toordinal(), end)
        day = date(year, month, int(parts[2])).toordinal()
        return DaySpan(day, day)
    except (ValueError, IndexError):
        return None


def years_between(earlier: str | None, later: str | None) -> float | None:
    """Years from the middle of one partial date to the middle of another, or None."""
    start, end = day_span(earlier), day_span(later)
    if start is None or end is None:
        return None
    return (end.middle - start.middle) / 365.25


@dataclass(frozen=True)
class Population:
    """How many records of each kind the graph holds (the denominators of priors and of u), and
    how many carry given words (`rarity`, counted by a match run from every record)."""

    remains: int = 1
    sighting: int = 1
    report: int = 1
    rarity: "Rarity | None" = field(default=None, compare=False, repr=False)

    def size(self, kind: str) -> int:
        return max(1, int(getattr(self, kind)))


@dataclass(frozen=True)
class Link:
    """Where a candidate sits against the report's journey, as the graph shows it.

    `level` is the most specific time_place level linking them; `neighbourhood` how many records
    of the candidate's kind each level reaches for this report (from which u is measured);
    `with_voyage` whether the report names a voyage the person boarded; `detail` names the
    voyage, incident or place.
    """

    level: str = "unlinked"
    neighbourhood: dict[str, int] = field(default_factory=dict)
    detail: str = ""
    with_voyage: bool = False


@dataclass(frozen=True)
class KinshipResult:
    """A KINSHIP_MATCH between the candidate remains' post-mortem profile and the report."""

    log10_lr: float
    excluded: bool = False
    loci_compared: int | None = None
    incompatible_loci: int | None = None  # how many loci are inconsistent with the pedigree
    population: str | None = None
    theta: float | None = None
    references: tuple[str, ...] = field(default_factory=tuple)
