"""Do a family's references agree with the pedigree they state, before any remains are compared?

A reference's relationship word can be wrong (a "full sibling" who is a half sibling, a
non-paternity, a sample taken from the wrong relative or mixed up in the laboratory). Compared
with remains, such a family looks as if it excluded every candidate: the references contradict
each other whoever the remains are. So the references are first checked against each other.

At each locus typed in two or more references, the references' genotypes are checked against the
stated pedigree *without the missing person*: is there any assignment of genotypes to the untyped
relatives that the laws of inheritance allow, without mutation? A locus where there is none is
*at fault*. One allele seen is read as drop-out (the partner unknown), never as a homozygote.
Each locus at fault is explained, where it can be, by

* a mutation: the genotypes fit once one-repeat (stepwise) mutations are allowed;
* a silent allele: they fit once an apparent homozygote (15/15) is read as carrying an allele
  the kit does not amplify (15/-), the classic cause of "opposite homozygotes";

and the relatives at fault are those whose genotype, left out, makes the locus fit.

A family is *inconsistent* (the `family_data_inconsistent` flag) when more than one locus is at
fault, or one locus that neither a mutation nor a silent allele explains: that is more than
inheritance and typing explain, and a person must check the family's data. The screen then uses
the largest consistent part of the family (see `resolve`), never the contradiction itself, so no
candidate is excluded on that account. A single locus at fault that a mutation or a silent
allele explains is left out of the family's comparisons (said, not flagged).

Pure maths on `kinship.pedigree_likelihood`; consistency does not depend on which alleles are
involved, only on their pattern, so results are cached by (pedigree shape, pattern).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kinship.family import Family, Reference
from kinship.likelihood.locus import LocusAlleles, locus_alleles_from_table
from kinship.likelihood.locus_settings import LocusSettings
from kinship.likelihood.mutation import mutation_matrix
from kinship.likelihood.pedigree import Pedigree
from kinship.likelihood.pedigree_likelihood import pedigree_likelihoods
from kinship.profile import Genotype, format_genotype

MUTATION = "mutation"
SILENT = "silent allele"
UNEXPLAINED = "unexplained"
# How a reading that fits is found: a drop-out or silent-allele weight and a mutation rate that
# only need to be above zero (whether a likelihood is zero does not depend on their size).
_SOME_DROPOUT = 0.5
_SOME_MUTATION = 0.01
# More references than this are not searched for the fewest to leave out (2**n subsets).
MAX_REFERENCES_SEARCHED = 8


@dataclass(frozen=True)
class LocusFault:
    """One locus where the family's references cannot all be right as stated."""

    locus: str
    at_fault: tuple[str, ...]  # sample ids whose genotype, left out, makes the locus fit
    explanation: str  # MUTATION, SILENT or UNEXPLAINED
    genotypes: tuple[tuple[str, str], ...] = ()  # (sample id, genotype as written) of the typed references

    def sentence(self, words: Mapping[str, str], samples: bool = True) -> str:
        """`D3S1358: S2 (full sibling) and M1 (mother) contradict each other; a mutation would explain it`
        (`the full sibling and the mother ...` without `samples`)."""
        named = [_who(sample, words, samples) for sample in self.at_fault]
        if len(named) == 1:
            who = f"{named[0]} does not fit the others"
        elif len(named) == 2:
            who = f"{named[0]} and {named[1]} contradict each other"
        else:
            who = f"{', '.join(named)} cannot all be right"
        why = {MUTATION: "a mutation would explain it", SILENT: "a silent allele would explain it",
               UNEXPLAINED: "neither a mutation nor a silent allele explains it"}[self.explanation]
        return f"{self.locus}: {who}; {why}"

    def as_dict(self) -> dict[str, object]:
        return {"locus": self.locus, "at_fault": list(self.at_fault), "explanation": self.explanation}


@dataclass(frozen=True)
class FamilyCheck:
    """What checking a family's references against its pedigree found, and what was done."""

    family_id: str
    faults: tuple[LocusFault, ...] = ()
    inconsistent: bool = False
    left_out: tuple[str, ...] = ()  # references left out of the screen because of the faults
    kept: tuple[str, ...] = ()  # references the screen uses
    ambiguous: tuple[str, ...] = ()  # equally good alternatives to what was left out
    relationships: Mapping[str, str] = field(default_factory=dict)
    ignored_loci: tuple[str, ...] = ()  # tolerated faults: loci left out of the comparisons

    @property
    def tolerable(self) -> bool:
        return not self.inconsistent

    def summary(self, samples: bool = True) -> str:
        """One paragraph for a person: what is wrong, what the screen does about it. Without
        `samples`, relatives are named by their relationship only (for readers not cleared for DNA)."""
        if not self.faults:
            return "The references agree with the stated pedigree."
        words = self.relationships
        parts = [fault.sentence(words, samples) for fault in self.faults]
        if not self.inconsistent:
            return (f"The references disagree at one locus ({parts[0]}); it is left out of this family's "
                    "comparisons.")
        text = "The family's references contradict the stated pedigree: " + "; ".join(parts) + "."
        if self.left_out:
            named = ", ".join(_who(s, words, samples) for s in self.left_out)
            text += f" Screened without {named}"
            if self.ambiguous:
                other = ", ".join(_who(s, words, samples) for s in self.ambiguous)
                text += (f"; leaving out {other} instead would fit as well and the DNA cannot tell which is "
                         "wrong, so the closer relationship was kept")
            text += "."
        else:
            text += " No part of the family fits; it is screened as it stands and its exclusions are not counted."
        return text + " Check the relationships and the samples with the family and the laboratory."

    def as_dict(self) -> dict[str, object]:
        return {"inconsistent": self.inconsistent, "faults": [f.as_dict() for f in self.faults],
                "left_out": list(self.left_out), "kept": list(self.kept), "ambiguous": list(self.ambiguous),
                "ignored_loci": list(self.ignored_loci), "relationships": dict(self.relationships),
                "summary": self.summary(), "summary_without_samples": self.summary(samples=False)}


def _who(sample: str, words: Mapping[str, str], samples: bool) -> str:
    word = words.get(sample, "reference").replace("_", " ")
    return f"{sample} ({word})" if samples else f"the {word}"


# A pedigree's shape: each person's parents and the missing person's place.
_Shape = tuple[tuple[tuple[int, int] | None, ...], int]


def _shape(pedigree: Pedigree) -> _Shape:
    return (tuple(person.parents for person in pedigree.persons), pedigree.missing)


# One pedigree object per shape, for the cached check (labels and sample ids do not matter),
# numbered so that the cache's keys stay small.
_PEDIGREES: list[Pedigree] = []
_SHAPE_NUMBERS: dict[_Shape, int] = {}


def shape_number(pedigree: Pedigree) -> int:
    """A small number standing for the pedigree's shape (its parents and the missing person's place)."""
    key = _shape(pedigree)
    number = _SHAPE_NUMBERS.get(key)
    if number is None:
        number = _SHAPE_NUMBERS[key] = len(_PEDIGREES)
        _PEDIGREES.append(pedigree)
    return number


def fits(pedigree: Pedigree, observations: Mapping[int, Genotype], *, mutation: bool = False,
         silent: bool = False, shape: int | None = None) -> bool:
    """Whether the typed relatives' genotypes can all be right in this pedigree (missing person untyped).

    `mutation` allows one-repeat mutations; `silent` reads an apparent homozygote as possibly
    carrying a silent allele. `shape` may be passed when the caller has it (`shape_number`).
    """
    if len(observations) < 2:
        return True
    if silent:
        observations = {p: (a, None) if b == a else (a, b) for p, (a, b) in observations.items()}
    if mutation:
        return _fits_with_mutation(pedigree, observations)
    numbering: dict[str, int] = {}
    pattern: list[int] = []
    for position in sorted(observations):
        first, second = observations[position]
        pattern += (position, numbering.setdefault(first, len(numbering)),
                    -1 if second is None else numbering.setdefault(second, len(numbering)))
    return _fits_pattern(shape_number(pedigree) if shape is None else shape, tuple(pattern))


@lru_cache(maxsize=65536)
def _fits_pattern(shape: int, pattern: tuple[int, ...]) -> bool:
    """Whether a pattern of alleles (position, first symbol, second symbol or -1, ...) fits."""
    pedigree = _PEDIGREES[shape]
    triples = [pattern[i:i + 3] for i in range(0, len(pattern), 3)]
    count = 1 + max(max(a, b) for _, a, b in triples)
    names = [str(number + 1) for number in range(count)]
    alleles = locus_alleles_from_table({name: 1.0 / (count + 1) for name in names})
    observations = {position: (names[a], None if b < 0 else names[b]) for position, a, b in triples}
    return _likelihood(pedigree, observations, alleles, mutation_matrix(alleles, "equal", 0.0)) > 0.0


def _fits_with_mutation(pedigree: Pedigree, observations: Mapping[int, Genotype]) -> bool:
    seen = sorted({a for genotype in observations.values() for a in genotype if a is not None})
    try:
        alleles = locus_alleles_from_table({allele: 1.0 / (len(seen) + 1) for allele in seen})
        matrix = mutation_matrix(alleles, "stepwise", _SOME_MUTATION)
    except (ValueError, ArithmeticError):  # allele names that are not repeat numbers cannot step
        return False
    return _likelihood(pedigree, observations, alleles, matrix) > 0.0


def _likelihood(
    pedigree: Pedigree, observations: Mapping[int, Genotype], alleles: LocusAlleles, matrix: NDArray[np.float64]
) -> float:
    probe = alleles.alleles[0]
    locus = LocusSettings(alleles, (matrix,), 0.0, _SOME_DROPOUT)
    return float(pedigree_likelihoods(pedigree, dict(observations), [(probe, probe)], locus, placed=False)[0])


def locus_faults(pedigree: Pedigree, references: Sequence[Reference], *, at_most: int | None = None,
                 explain: bool = True) -> list[LocusFault]:
    """The loci at which these references cannot all be right in this pedigree.

    `at_most`: stop after finding this many; `explain`: say who is at fault and what explains it
    (without, `at_fault` is empty and `explanation` UNEXPLAINED).
    """
    faults: list[LocusFault] = []
    shape = shape_number(pedigree)
    positions = {r.sample_id: pedigree.index_of(r.sample_id) for r in references}
    loci = sorted({locus for r in references for locus in r.profile})
    for locus in loci:
        typed = {positions[r.sample_id]: r.profile[locus] for r in references if locus in r.profile}
        if len(typed) < 2 or fits(pedigree, typed, shape=shape):
            continue
        if not explain:
            faults.append(LocusFault(locus, (), UNEXPLAINED))
        else:
            faults.append(_explained(pedigree, locus, typed, {positions[r.sample_id]: r.sample_id for r in references}))
        if at_most is not None and len(faults) >= at_most:
            break
    return faults


def _explained(pedigree: Pedigree, locus: str, typed: Mapping[int, Genotype], samples: Mapping[int, str]) -> LocusFault:
    at_fault = tuple(samples[p] for p in sorted(typed) if fits(pedigree, {q: g for q, g in typed.items() if q != p}))
    if fits(pedigree, typed, mutation=True):
        explanation = MUTATION
    elif fits(pedigree, typed, silent=True):
        explanation = SILENT
    else:
        explanation = UNEXPLAINED
    genotypes = tuple((samples[p], format_genotype(typed[p])) for p in sorted(typed))
    return LocusFault(locus, at_fault or tuple(samples[p] for p in sorted(typed)), explanation, genotypes)


def tolerable(faults: Sequence[LocusFault]) -> bool:
    """One locus at fault that a mutation or a silent allele explains is within what inheritance and
    typing do; more is a matter for a person."""
    return len(faults) == 0 or (len(faults) == 1 and faults[0].explanation != UNEXPLAINED)


def fits_tolerably(pedigree: Pedigree, references: Sequence[Reference]) -> bool:
    """`tolerable(locus_faults(...))`, explaining only what the answer needs."""
    faults = locus_faults(pedigree, references, at_most=2, explain=False)
    if len(faults) != 1:
        return not faults
    only = faults[0].locus
    return tolerable(locus_faults(pedigree, [_only(r, only) for r in references]))


def _only(reference: Reference, locus: str) -> Reference:
    profile = {locus: reference.profile[locus]} if locus in reference.profile else {}
    return Reference(reference.sample_id, reference.relationship, profile, reference.sex)


def check_variants(pedigrees: Sequence[Pedigree], references: Sequence[Reference]) -> list[list[LocusFault]]:
    """The faults of the references under each pedigree variant."""
    return [locus_faults(pedigree, references) for pedigree in pedigrees]


@dataclass(frozen=True)
class Resolution:
    """Which references to leave out so that the rest of the family is consistent."""

    left_out: tuple[Reference, ...]
    ambiguous: tuple[Reference, ...]


def resolve(references: Sequence[Reference], faults: Sequence[LocusFault], closeness: Sequence[str],
            consistent: Callable[[list[Reference]], bool]) -> Resolution | None:
    """The fewest references to leave out so that `consistent(rest)` holds, or None.

    Only references at fault somewhere are candidates. Among equally few, those at fault at the
    most loci go first, then the most distant relatives (`closeness` lists relationship words
    closest first: a mother's relationship is rarely misstated, a sibling's or a cousin's more
    often); an alternative that fits as well is reported as `ambiguous`.
    """
    suspects = [r for r in references if any(r.sample_id in f.at_fault for f in faults)]
    if not suspects or len(references) > MAX_REFERENCES_SEARCHED:
        return None

    def rank(group: tuple[Reference, ...]) -> tuple[int, int, tuple[str, ...]]:
        blamed = sum(1 for f in faults for r in group if r.sample_id in f.at_fault)
        distance = sum(closeness.index(r.relationship) if r.relationship in closeness else len(closeness)
                       for r in group)
        return (-blamed, -distance, tuple(r.sample_id for r in group))

    for size in range(1, len(references)):
        groups = sorted(itertools.combinations(suspects, size), key=rank)
        fitting = []
        for group in groups:
            ids = {r.sample_id for r in group}
            if consistent([r for r in references if r.sample_id not in ids]):
                fitting.append(group)
        if fitting:
            best = fitting[0]
            chosen = {r.sample_id for r in best}
            rivals = [g for g in fitting[1:] if rank(g)[0] == rank(best)[0]]
            ambiguous: dict[str, Reference] = {}
            for group in rivals:
                ambiguous.update({r.sample_id: r for r in group if r.sample_id not in chosen})
            return Resolution(best, tuple(ambiguous.values()))
    return None


def without_loci(references: Sequence[Reference], loci: Sequence[str]) -> tuple[Reference, ...]:
    """The references with these loci left out of their profiles."""
    drop = set(loci)
    return tuple(Reference(r.sample_id, r.relationship, {k: v for k, v in r.profile.items() if k not in drop}, r.sex)
                 for r in references)


def relationships_of(family: Family) -> dict[str, str]:
    return {r.sample_id: r.relationship for r in family.references}

