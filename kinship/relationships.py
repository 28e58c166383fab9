"""Relationships of a reference person to the missing person, as named data.

The words are those of the interchange format. Each blood relationship carries
its IBD coefficients (k0, k1, k2): the probabilities that the two people share
0, 1 or 2 alleles identical by descent at an autosomal locus (Thompson 1975;
Weir, Anderson & Hepler 2006, Table 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

RelationshipWord: TypeAlias = Literal[
    "mother",
    "father",
    "full_sibling",
    "half_sibling_maternal",
    "half_sibling_paternal",
    "child",
    "spouse",
    "grandparent",
    "grandchild",
    "aunt_uncle",
    "niece_nephew",
    "first_cousin",
    "other",
]


@dataclass(frozen=True)
class IBDCoefficients:
    """Probabilities of sharing 0, 1 and 2 alleles identical by descent."""

    k0: float
    k1: float
    k2: float

    def __post_init__(self) -> None:
        if abs(self.k0 + self.k1 + self.k2 - 1.0) > 1e-12:
            raise ValueError("IBD coefficients must sum to one.")


PARENT_CHILD = IBDCoefficients(0.0, 1.0, 0.0)
FULL_SIBLINGS = IBDCoefficients(0.25, 0.5, 0.25)
SECOND_DEGREE = IBDCoefficients(0.5, 0.5, 0.0)
FIRST_COUSINS = IBDCoefficients(0.75, 0.25, 0.0)

IBD_BY_RELATIONSHIP: dict[str, IBDCoefficients] = {
    "mother": PARENT_CHILD,
    "father": PARENT_CHILD,
    "child": PARENT_CHILD,
    "full_sibling": FULL_SIBLINGS,
    "half_sibling_maternal": SECOND_DEGREE,
    "half_sibling_paternal": SECOND_DEGREE,
    "grandparent": SECOND_DEGREE,
    "grandchild": SECOND_DEGREE,
    "aunt_uncle": SECOND_DEGREE,
    "niece_nephew": SECOND_DEGREE,
    "first_cousin": FIRST_COUSINS,
}

# A spouse shares no ancestry with the missing person but is the other parent
# of their children, so it matters inside a pedigree and nowhere else.
NOT_BLOOD_RELATIVES = frozenset({"spouse"})
UNUSABLE = frozenset({"other"})
ALL_RELATIONSHIPS = frozenset(IBD_BY_RELATIONSHIP) | NOT_BLOOD_RELATIVES | UNUSABLE

# Relationships where the reference is the missing person's parent, and where it
# is their child: the only pairwise cases where one mutation would otherwise
# exclude a true relative (k0 = 0), hence the only ones that model mutation.
REFERENCE_IS_PARENT = frozenset({"mother", "father"})
REFERENCE_IS_CHILD = frozenset({"child"})

# Which side of the family a second-degree or more distant relative sits on is
# not recorded in the interchange format; pedigrees try both sides.
SIDE_UNKNOWN = frozenset({"grandparent", "aunt_uncle", "first_cousin"})


class NotARelative(ValueError):
    """The relationship cannot support a pairwise kinship calculation."""


def ibd_coefficients(relationship: str) -> IBDCoefficients:
    """IBD coefficients of a blood relationship; raises NotARelative otherwise."""
    try:
        return IBD_BY_RELATIONSHIP[relationship]
    except KeyError:
        if relationship in NOT_BLOOD_RELATIVES:
            raise NotARelative(
                f"A {relationship} is not a blood relative of the missing person; "
                "it counts only together with their children."
            ) from None
        if relationship in UNUSABLE:
            raise NotARelative(
                "Relationship 'other' says nothing about shared ancestry; "
                "record the exact relationship to use this reference."
            ) from None
        raise NotARelative(
            f"Unknown relationship {relationship!r}; expected one of "
            f"{', '.join(sorted(ALL_RELATIONSHIPS))}."
        ) from None
