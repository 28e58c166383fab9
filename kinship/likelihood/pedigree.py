"""Pedigrees built from a family's relationship words.

Every reference is placed relative to the missing person, adding the untyped
relatives that connect them. Where the interchange format leaves a choice
open, the convention is fixed and documented here:

* full siblings share both of the missing person's parents; each half sibling
  has their own untyped other parent;
* children are the missing person's children with the recorded spouse, or
  with one shared untyped partner when no spouse is recorded;
* each grandchild descends through their own untyped child of the missing
  person, each niece or nephew through their own untyped full sibling;
* a grandparent, aunt/uncle or first cousin may be on the mother's or the
  father's side, which the format does not record. Every assignment of sides
  is built as a separate *variant*; the family's likelihood ratio is the
  smallest over the variants, so the report never rests on a favourable guess.

Sex, where recorded, is checked: a male mother, a female father, two mothers,
or a spouse of the missing person's own sex as the other parent of their
children make the pedigree inconsistent.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from kinship.family import Family, Reference
from kinship.relationships import ALL_RELATIONSHIPS, SIDE_UNKNOWN, UNUSABLE

MISSING = "missing person"


@dataclass(frozen=True)
class Person:
    """One member of a pedigree; ``sample_id`` is set for a reference."""

    label: str
    parents: tuple[int, int] | None
    sample_id: str | None = None


@dataclass(frozen=True)
class Pedigree:
    """A small pedigree around the missing person (index ``missing``)."""

    persons: tuple[Person, ...]
    missing: int
    description: str

    def index_of(self, sample_id: str) -> int:
        """Position of the reference with this sample id."""
        for position, person in enumerate(self.persons):
            if person.sample_id == sample_id:
                return position
        raise KeyError(sample_id)


class InconsistentPedigree(ValueError):
    """The family's references cannot all be placed in one biological pedigree."""

    def __init__(self, family_id: str, sample_id: str | None, reason: str) -> None:
        subject = f"reference {sample_id!r}" if sample_id else "the family"
        super().__init__(f"Family {family_id!r}, {subject}: {reason}")
        self.family_id = family_id
        self.sample_id = sample_id
        self.reason = reason


@dataclass(frozen=True)
class UnplacedReference:
    """A reference left out of the pedigree, with the reason."""

    sample_id: str
    reason: str


def usable_references(family: Family) -> tuple[list[Reference], list[UnplacedReference]]:
    """Split references into those a pedigree can use and those it cannot."""
    usable: list[Reference] = []
    unplaced: list[UnplacedReference] = []
    has_children = any(r.relationship in ("child", "grandchild") for r in family.references)
    for reference in family.references:
        word = reference.relationship
        if word not in ALL_RELATIONSHIPS:
            unplaced.append(UnplacedReference(reference.sample_id, f"unknown relationship {word!r}"))
        elif word in UNUSABLE:
            unplaced.append(
                UnplacedReference(reference.sample_id, "relationship 'other' says nothing about shared ancestry")
            )
        elif word == "spouse" and not has_children:
            unplaced.append(
                UnplacedReference(
                    reference.sample_id, "a spouse is not a blood relative and no children are recorded"
                )
            )
        elif not reference.profile:
            unplaced.append(UnplacedReference(reference.sample_id, "no typed loci"))
        else:
            usable.append(reference)
    return usable, unplaced


def build_pedigrees(family: Family, references: list[Reference]) -> list[Pedigree]:
    """All pedigree variants for the family (one unless some sides are unknown).

    Raises InconsistentPedigree when no variant is biologically possible.
    """
    _check_sexes(family, references)
    undecided = [r for r in references if r.relationship in SIDE_UNKNOWN]
    variants: list[Pedigree] = []
    last_error: InconsistentPedigree | None = None
    for sides in itertools.product(("mother's", "father's"), repeat=len(undecided)):
        side_of = {r.sample_id: side for r, side in zip(undecided, sides)}
        try:
            variants.append(_Builder(family, side_of).build(references))
        except InconsistentPedigree as error:
            last_error = error
    if not variants:
        assert last_error is not None
        raise last_error
    return variants


def _check_sexes(family: Family, references: list[Reference]) -> None:
    counts = {"mother": 0, "father": 0, "spouse": 0}
    for reference in references:
        word = reference.relationship
        if word in counts:
            counts[word] += 1
            if counts[word] > 1:
                raise InconsistentPedigree(
                    family.family_id, reference.sample_id, f"more than one {word} is recorded"
                )
        if word == "mother" and reference.sex == "male":
            raise InconsistentPedigree(family.family_id, reference.sample_id, "the mother is recorded as male")
        if word == "father" and reference.sex == "female":
            raise InconsistentPedigree(family.family_id, reference.sample_id, "the father is recorded as female")
        if (
            word == "spouse"
            and reference.sex is not None
            and reference.sex == family.missing_person_sex
        ):
            raise InconsistentPedigree(
                family.family_id,
                reference.sample_id,
                "the spouse has the missing person's sex, so cannot be the other parent of their children",
            )


class _Builder:
    """Places references one by one; mutable only while a variant is built."""

    def __init__(self, family: Family, side_of: dict[str, str]) -> None:
        self.family = family
        self.side_of = side_of
        self.labels: list[str] = [MISSING]
        self.parents: list[list[int] | None] = [None]
        self.samples: list[str | None] = [None]
        self.partner: int | None = None
        self.notes: list[str] = []

    def build(self, references: list[Reference]) -> Pedigree:
        # Parents, grandparents and the spouse first, so that siblings and
        # children attach to the typed people rather than to placeholders.
        order = {"mother": 0, "father": 0, "spouse": 0, "grandparent": 1}
        for reference in sorted(references, key=lambda r: order.get(r.relationship, 2)):
            self._place(reference)
        persons = tuple(
            Person(label, None if parents is None else (parents[0], parents[1]), sample)
            for label, parents, sample in zip(self.labels, self.parents, self.samples)
        )
        return Pedigree(persons, missing=0, description="; ".join(self.notes) or "as recorded")

    def _add(self, label: str, parents: tuple[int, int] | None = None, sample: str | None = None) -> int:
        self.labels.append(label)
        self.parents.append(None if parents is None else list(parents))
        self.samples.append(sample)
        return len(self.labels) - 1

    def _parents_of(self, person: int) -> list[int]:
        parents = self.parents[person]
        if parents is None:
            label = self.labels[person]
            parents = [self._add(f"mother of {label}"), self._add(f"father of {label}")]
            self.parents[person] = parents
        return parents

    def _parent_of_missing(self, side: str) -> int:
        return self._parents_of(0)[0 if side == "mother's" else 1]

    def _children_partner(self) -> int:
        if self.partner is None:
            self.partner = self._add("other parent of the missing person's children")
        return self.partner

    def _place(self, reference: Reference) -> None:
        word = reference.relationship
        sample = reference.sample_id
        label = f"{word} {sample}"
        if word in ("mother", "father"):
            slot = 0 if word == "mother" else 1
            parents = self._parents_of(0)
            self.labels[parents[slot]] = label
            self.samples[parents[slot]] = sample
        elif word == "spouse":
            self.partner = self._add(label, sample=sample)
        elif word == "full_sibling":
            mother, father = self._parents_of(0)
            self._add(label, (mother, father), sample)
        elif word in ("half_sibling_maternal", "half_sibling_paternal"):
            shared = self._parent_of_missing("mother's" if word.endswith("maternal") else "father's")
            other = self._add(f"other parent of {sample}")
            pair = (shared, other) if word.endswith("maternal") else (other, shared)
            self._add(label, pair, sample)
        elif word == "child":
            self._add(label, (0, self._children_partner()), sample)
        elif word == "grandchild":
            child = self._add(f"child of the missing person, parent of {sample}", (0, self._children_partner()))
            self._add(label, (child, self._add(f"other parent of {sample}")), sample)
        elif word == "niece_nephew":
            mother, father = self._parents_of(0)
            sibling = self._add(f"sibling of the missing person, parent of {sample}", (mother, father))
            self._add(label, (sibling, self._add(f"other parent of {sample}")), sample)
        else:
            self._place_by_side(reference, label)

    def _place_by_side(self, reference: Reference, label: str) -> None:
        word = reference.relationship
        sample = reference.sample_id
        side = self.side_of[sample]
        self.notes.append(f"{word} {sample} on the {side} side")
        parent = self._parent_of_missing(side)
        grandparents = self._parents_of(parent)
        if word == "grandparent":
            slots = {"female": [0], "male": [1]}.get(reference.sex or "", [0, 1])
            free = [grandparents[s] for s in slots if self.samples[grandparents[s]] is None]
            if not free:
                raise InconsistentPedigree(
                    self.family.family_id,
                    sample,
                    f"the {side} side has no place left for this grandparent",
                )
            self.labels[free[0]] = label
            self.samples[free[0]] = sample
        elif word == "aunt_uncle":
            self._add(label, (grandparents[0], grandparents[1]), sample)
        else:  # first_cousin
            aunt = self._add(f"aunt or uncle, parent of {sample}", (grandparents[0], grandparents[1]))
            self._add(label, (aunt, self._add(f"other parent of {sample}")), sample)
