"""A family as the graph layer hands it to the kinship maths: plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass

from kinship.profile import Profile

Sex = str  # "female", "male", or None when not recorded


@dataclass(frozen=True)
class Reference:
    """A typed relative who gave a reference sample for a missing person.

    ``relationship`` is the reference's relationship *to the missing person*
    in the interchange format's words (``mother``, ``full_sibling``, ...).
    """

    sample_id: str
    relationship: str
    profile: Profile
    sex: Sex | None = None


@dataclass(frozen=True)
class Family:
    """One missing person and the references who may identify them.

    ``population`` names the norSTR database of the family's stated ancestry,
    or None when it is unknown. ``linked_missing_count`` is the number of
    missing persons linked to the same incident (or, without an incident, to
    the same route and year); the default prior is its reciprocal. ``prior``
    overrides that default when an investigator has set one explicitly.
    """

    family_id: str
    references: tuple[Reference, ...]
    population: str | None = None
    missing_person_id: str | None = None
    missing_person_sex: Sex | None = None
    linked_missing_count: int = 1
    prior: float | None = None
