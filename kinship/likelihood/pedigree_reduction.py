"""Shrinking a pedigree to the people whose genotypes must be enumerated.

Three exact reductions keep the enumeration small:

1. An untyped person with no typed descendant sums out to one and is dropped.
2. An untyped non-founder whose alleles reach exactly one place (one child) is
   replaced by the *paths* through them: that child receives, with probability
   1/2 each, what this person received from either parent, mutated once more.
   So a grandparent's allele reaches a grandchild through ``M @ M`` without
   enumerating the parent in between.
3. An untyped founder whose alleles reach exactly one place contributes a
   single founder allele (the one passed on); by exchangeability of the
   theta sampling formula the other allele sums out.

What remains is a list of members, each with the paths by which their two
alleles arrive (:class:`Source`), and a kind telling how the member is
enumerated.

With ``founders_mutate``, an untyped founder who passes alleles to two or more
places mutates those transmissions too (see
:mod:`kinship.likelihood.pedigree_likelihood`); a founder with one child still
contributes its single, unmutated allele.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """One way an allele reaches a member: from ``ancestor`` through ``steps`` mutations.

    ``steps`` counts the mutating transmissions on the path, including the
    ancestor's own transmission when the ancestor mutates (see
    :mod:`kinship.likelihood.pedigree_likelihood`); ``weight`` is the probability of the path.
    """

    weight: float
    ancestor: int
    steps: int


@dataclass
class Member:
    """A pedigree member after reduction.

    ``kind``: ``typed`` (genotype known), ``dropout`` (one allele seen),
    ``missing`` (the missing person), ``untyped`` (genotype enumerated) or
    ``allele`` (an untyped founder represented by the single allele it passes
    on). ``position`` is the member's place in the original pedigree (-1 for
    the missing person added as an unrelated founder); ``partial`` marks a
    missing person of whom one allele was seen.
    """

    kind: str
    parents: tuple[int, int] | None
    position: int = -1
    partial: bool = False
    sources: tuple[list[Source], list[Source]] | None = None
    references: int = field(default=0)

    @property
    def is_founder(self) -> bool:
        """True when the member's alleles come from the population, not from parents."""
        return self.parents is None

    @property
    def mutates(self) -> bool:
        """Whether what this member passes on goes through the mutation matrix.

        An untyped founder's transmitted allele is itself a population draw, so
        it is not mutated; every other transmission is.
        """
        return not (self.kind in ("untyped", "allele") and self.parents is None)


def reduce_pedigree(members: list[Member], founders_mutate: bool = False) -> list[Member]:
    """Apply the three reductions; returns members renumbered, founders intact.

    With ``founders_mutate``, transmissions from untyped founders with two or
    more children left after the first reduction go through the mutation
    matrix like every other.
    """
    members = _drop_uninformative(members)
    children = [0] * len(members)
    for member in members:
        for parent in member.parents or ():
            children[parent] += 1

    def mutates(parent: int) -> bool:
        return members[parent].mutates or (founders_mutate and children[parent] >= 2)

    for member in members:
        if member.parents is not None:
            father, mother = member.parents
            member.sources = (
                [Source(1.0, father, 1 if mutates(father) else 0)],
                [Source(1.0, mother, 1 if mutates(mother) else 0)],
            )
    _count_references(members)
    changed = True
    while changed:
        changed = False
        for position, member in enumerate(members):
            if member.kind == "untyped" and member.parents is not None and member.references == 1:
                _route_around(members, position)
                changed = True
                break
    members = _drop_unreferenced(members)
    for member in members:
        if member.kind == "untyped" and member.parents is None and member.references == 1:
            member.kind = "allele"
            # The allele-founder does not mutate what it passes on, and every
            # path that starts from it had counted no step for it.
    return members


def _drop_uninformative(members: list[Member]) -> list[Member]:
    informative = [m.kind != "untyped" for m in members]
    changed = True
    while changed:
        changed = False
        for position, member in enumerate(members):
            if member.parents and informative[position]:
                for parent in member.parents:
                    if not informative[parent]:
                        informative[parent] = True
                        changed = True
    return _renumber(members, informative)


def _renumber(members: list[Member], keep: list[bool]) -> list[Member]:
    new_index = {old: new for new, old in enumerate(i for i, k in enumerate(keep) if k)}
    kept = []
    for old, member in enumerate(members):
        if not keep[old]:
            continue
        # Parents only mark a member as a non-founder once paths are set up;
        # a parent routed around maps to -1.
        parents = None
        if member.parents is not None:
            parents = (new_index.get(member.parents[0], -1), new_index.get(member.parents[1], -1))
        sources = None
        if member.sources is not None:
            first, second = (
                [Source(s.weight, new_index[s.ancestor], s.steps) for s in slot] for slot in member.sources
            )
            sources = (first, second)
        kept.append(Member(member.kind, parents, member.position, member.partial, sources, member.references))
    return kept


def _count_references(members: list[Member]) -> None:
    for member in members:
        member.references = 0
    for member in members:
        if member.sources is None:
            continue
        for slot in member.sources:
            for source in slot:
                members[source.ancestor].references += 1


def _route_around(members: list[Member], position: int) -> None:
    """Replace the single path through untyped non-founder ``position`` by its parents' paths."""
    through = members[position]
    assert through.sources is not None
    for member in members:
        if member.sources is None:
            continue
        for slot in member.sources:
            for source in [s for s in slot if s.ancestor == position]:
                slot.remove(source)
                for parent_slot in through.sources:
                    for inner in parent_slot:
                        # The untyped member mutates what it passes on (it is
                        # not a founder), one step more on every path.
                        steps = inner.steps + source.steps
                        slot.append(Source(source.weight * 0.5 * inner.weight, inner.ancestor, steps))
    through.references = 0
    through.kind = "removed"
    through.sources = None
    _count_references(members)


def _drop_unreferenced(members: list[Member]) -> list[Member]:
    keep = [m.kind != "removed" for m in members]
    return _renumber(members, keep)
