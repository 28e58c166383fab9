"""Per-locus likelihood ratios of one family against candidate missing-person genotypes.

This is the single place that decides *how* a family is compared, so that the
direct calculation behind ``explain`` and the vectorised screen give the same
number for the same pair:

* one usable reference: the pairwise IBD formula (:mod:`kinship.likelihood.pairwise`);
  with mutation switched on, a relative reached only through an untyped
  intermediate (grandparent, grandchild, aunt/uncle, niece/nephew, first
  cousin) is computed on its two-person pedigree instead, because the IBD
  formula cannot place a mutation on an unobserved path (both agree exactly
  when the mutation rate is zero);
* several references: the exact pedigree likelihood
  (:mod:`kinship.likelihood.pedigree_likelihood`), for every pedigree variant when a
  relative's side of the family is unknown.

A locus is *incompatible* when the relationship hypothesis has probability
zero there without mutation (Mendelian inconsistency).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from kinship.family import Family, Reference
from kinship.frequencies import POPULATIONS, load_frequencies
from kinship.likelihood import family_check as check
from kinship.likelihood.family_batch import FamilyAlleles, FamilyBatch, FamilyLayout, family_alleles_at
from kinship.likelihood.family_check import FamilyCheck
from kinship.likelihood.founder_mutation import rescue_zeros
from kinship.likelihood.leaf_pedigree import leaf_ratios, supports, supports_unrelated, unrelated_likelihoods
from kinship.likelihood.locus import LocusAlleles, locus_alleles
from kinship.likelihood.locus_settings import locus_settings
from kinship.likelihood.pairwise import pairwise_table
from kinship.likelihood.pedigree import InconsistentPedigree, Pedigree, build_pedigrees, usable_references
from kinship.likelihood.pedigree_likelihood import (
    likelihood_columns,
    likelihoods_and_compatibility,
    pedigree_likelihoods,
    reduced_members,
)
from kinship.likelihood.typed_pedigree import supports_typed, typed_likelihoods
from kinship.profile import Genotype
from kinship.results import Skipped
from kinship.settings import KinshipSettings


@dataclass(frozen=True)
class PreparedFamily:
    """A family checked and placed in pedigrees, ready to compare at any locus.

    `check` is what checking the references against each other found (`kinship.likelihood.family_check`),
    None for a single reference.
    """

    family: Family
    references: tuple[Reference, ...]
    pedigrees: tuple[Pedigree, ...]
    skipped: tuple[Skipped, ...]
    check: FamilyCheck | None = None

    def _with(self, skipped: list[Skipped], check: FamilyCheck | None = None) -> PreparedFamily:
        """The same family with earlier skipped items in front of its own (and the check given)."""
        return PreparedFamily(self.family, self.references, self.pedigrees, (*skipped, *self.skipped),
                              check or self.check)

    @property
    def usable(self) -> bool:
        """True when at least one reference can be compared."""
        return bool(self.references)

    @property
    def variants(self) -> int:
        """Number of pedigree variants (1 for a single reference)."""
        return max(1, len(self.pedigrees))

    def typed_loci(self) -> set[str]:
        """Loci typed in at least one usable reference."""
        return {locus for reference in self.references for locus in reference.profile}

    def genotypes_at(self, locus: str) -> dict[str, Genotype]:
        """The usable references' genotypes at ``locus``, by sample id."""
        return {r.sample_id: r.profile[locus] for r in self.references if locus in r.profile}


# Largest enumeration a pedigree may need (configurations of its untyped
# members at a fully typed locus, before Mendelian pruning). Beyond it the most
# distant reference is left out, with a reason, until the rest fits: measured,
# a million configurations cost a few seconds per locus, thirty million over a
# minute (first cousin with niece, both through untyped relatives).
MAX_CONFIGURATIONS = 1_000_000

# Closest first: which references to keep when a pedigree is too large.
CLOSENESS = (
    "mother", "father", "child", "spouse", "full_sibling", "half_sibling_maternal",
    "half_sibling_paternal", "grandparent", "grandchild", "aunt_uncle", "niece_nephew", "first_cousin",
)  # fmt: skip


def prepare_family(family: Family) -> PreparedFamily:
    """Check the family and build its pedigrees; problems become skipped items."""
    references, unplaced = usable_references(family)
    skipped = [Skipped("reference", u.sample_id, u.reason) for u in unplaced]
    if not references:
        skipped.append(Skipped("family", family.family_id, "no reference can be compared with the missing person"))
        return PreparedFamily(family, (), (), tuple(skipped))
    if len(references) == 1 and references[0].relationship != "spouse":
        return PreparedFamily(family, tuple(references), (), tuple(skipped))
    try:
        pedigrees = build_pedigrees(family, references)
    except InconsistentPedigree as error:
        skipped.append(Skipped("family", family.family_id, str(error)))
        return PreparedFamily(family, (), (), tuple(skipped))
    while len(references) > 1 and max(enumeration_size(p, len(references)) for p in pedigrees) > MAX_CONFIGURATIONS:
        farthest = max(references, key=lambda r: CLOSENESS.index(r.relationship))
        references = [r for r in references if r is not farthest]
        skipped.append(
            Skipped(
                "reference",
                farthest.sample_id,
                "left out: together with the closer references the pedigree is too large to compute exactly",
            )
        )
        if len(references) == 1:
            return prepare_family(Family(family.family_id, tuple(references), family.population,
                                         family.missing_person_id, family.missing_person_sex,
                                         family.linked_missing_count, family.prior))._with(skipped)
        pedigrees = build_pedigrees(family, references)
    return _checked(family, references, pedigrees, skipped)


def _checked(family: Family, references: list[Reference], pedigrees: list[Pedigree],
             skipped: list[Skipped]) -> PreparedFamily:
    """The family after checking its references against each other (see `kinship.likelihood.family_check`).

    Consistent, or one locus at fault that a mutation or silent allele explains (that locus is
    left out): the pedigree variants that fit best are kept. Inconsistent: the fewest references
    are left out so that the rest fits, the closer relatives kept; when nothing fits, every locus
    at fault is left out. Either way the contradiction never counts against a candidate.
    """
    words = check.relationships_of(family)
    by_variant = check.check_variants(pedigrees, references)
    fewest = min(len(faults) for faults in by_variant)
    best = [number for number, faults in enumerate(by_variant) if len(faults) == fewest]
    faults = by_variant[best[0]]
    if not faults:
        return PreparedFamily(family, tuple(references), tuple(pedigrees[n] for n in best), tuple(skipped),
                              check.FamilyCheck(family.family_id, kept=tuple(r.sample_id for r in references),
                                                relationships=words))
    if check.tolerable(faults):
        loci = sorted({fault.locus for n in best for fault in by_variant[n]})
        notes = [Skipped("locus", family.family_id, "the family's references disagree here ("
                         + faults[0].sentence(words).split("; ", 1)[1] + "); left out of this family's comparisons",
                         locus) for locus in loci]
        result = check.FamilyCheck(family.family_id, tuple(faults), False, kept=tuple(r.sample_id for r in references),
                                   relationships=words, ignored_loci=tuple(loci))
        return PreparedFamily(family, check.without_loci(references, loci), tuple(pedigrees[n] for n in best),
                              (*skipped, *notes), result)
    resolution = check.resolve(references, faults, CLOSENESS, lambda rest: _fits(family, rest))
    if resolution is None:
        loci = sorted({fault.locus for fault in faults})
        result = check.FamilyCheck(family.family_id, tuple(faults), True, kept=tuple(r.sample_id for r in references),
                                   relationships=words, ignored_loci=tuple(loci))
        notes = [Skipped("locus", family.family_id, "the family's references contradict each other here; "
                         "left out of this family's comparisons (family data to check)", locus) for locus in loci]
        return PreparedFamily(family, check.without_loci(references, loci), tuple(pedigrees[n] for n in best),
                              (*skipped, *notes), result)
    left_out = {r.sample_id for r in resolution.left_out}
    kept = [r for r in family.references if r.sample_id not in left_out]
    result = check.FamilyCheck(family.family_id, tuple(faults), True, tuple(sorted(left_out)),
                               tuple(r.sample_id for r in references if r.sample_id not in left_out),
                               tuple(r.sample_id for r in resolution.ambiguous), words)
    notes = [Skipped("reference", r.sample_id, "left out: the family's references contradict the stated pedigree "
                     "(family data to check)") for r in resolution.left_out]
    rest = Family(family.family_id, tuple(kept), family.population, family.missing_person_id,
                  family.missing_person_sex, family.linked_missing_count, family.prior)
    prepared = prepare_family(rest)
    if prepared.check is not None and prepared.check.ignored_loci:
        result = replace(result, ignored_loci=prepared.check.ignored_loci)
    return PreparedFamily(family, prepared.references, prepared.pedigrees, (*skipped, *notes, *prepared.skipped),
                          result)


def check_family(family: Family) -> FamilyCheck | None:
    """What checking the family's references against their stated pedigree finds (None for a
    single reference); see `kinship.likelihood.family_check`."""
    return prepare_family(family).check


def _fits(family: Family, references: list[Reference]) -> bool:
    """Whether these references alone form a pedigree they fit (within what inheritance allows)."""
    usable = [r for r in references if r.relationship != "spouse"] if not any(
        r.relationship in ("child", "grandchild") for r in references) else references
    if not usable:
        return False
    if len(usable) == 1:
        return True
    try:
        pedigrees = build_pedigrees(family, usable)
    except InconsistentPedigree:
        return False
    return any(check.fits_tolerably(pedigree, usable) for pedigree in pedigrees)


def enumeration_size(pedigree: Pedigree, references: int) -> int:
    """Configurations to enumerate for this pedigree when every reference is fully typed."""
    layout = FamilyLayout(tuple((pedigree.index_of(p.sample_id), False) for p in pedigree.persons if p.sample_id))
    symbols = 2 * references + 3
    size = 1
    for placed in (True, False):
        members = reduced_members(pedigree, layout, placed, False)
        count = 1
        for member in members:
            if member.kind == "untyped":
                count *= symbols * (symbols + 1) // 2
            elif member.kind == "allele":
                count *= symbols
        size = max(size, count)
    return size


@dataclass(frozen=True)
class LocusRatios:
    """LRs at one locus: one row per pedigree variant, one column per candidate."""

    lr: NDArray[np.float64]
    incompatible: NDArray[np.bool_]


def family_alleles(prepared: PreparedFamily, locus: str) -> list[str]:
    """Alleles the family's references show at ``locus``."""
    return [a for r in prepared.references for a in r.profile.get(locus, ()) if a is not None]


def locus_ratios(
    prepared: PreparedFamily,
    locus: str,
    population: str,
    missing: Sequence[Genotype],
    settings: KinshipSettings,
    alleles: LocusAlleles | None = None,
) -> LocusRatios | None:
    """LRs of the family for each candidate genotype of the missing person at ``locus``.

    Returns None when no usable reference is typed at the locus (LR 1, not
    compared). ``alleles`` may be passed when the caller has numbered every
    allele already (the screen does, once per locus).
    """
    typed = [r for r in prepared.references if locus in r.profile]
    if not typed:
        return None
    if alleles is None:
        observed = family_alleles(prepared, locus) + [a for g in missing for a in g if a is not None]
        alleles = locus_alleles(population, locus, observed)
    if not prepared.pedigrees:
        reference = prepared.references[0]
        return single_reference_ratios(reference.relationship, [reference.profile[locus]], alleles, missing, settings)
    rows = []
    for pedigree in prepared.pedigrees:
        observations = {
            pedigree.index_of(r.sample_id): r.profile[locus] for r in prepared.references if locus in r.profile
        }
        rows.append(batched_pedigree_ratios(pedigree, [family_alleles_at(observations)], alleles, missing, settings))
    return LocusRatios(np.vstack([r.lr for r in rows]), np.vstack([r.incompatible for r in rows]))


def single_reference_ratios(
    relationship: str,
    genotypes: Sequence[Genotype],
    alleles: LocusAlleles,
    missing: Sequence[Genotype],
    settings: KinshipSettings,
) -> LocusRatios:
    """LRs of single references (one row per genotype) against every candidate."""
    table = pairwise_table(alleles, relationship, genotypes, missing, settings)
    return LocusRatios(table.lr, table.incompatible)


# Columns per enumeration call: bounds the memory of one call (the transition
# array alone holds symbols**2 floats per column).
MAX_COLUMNS = 16384


def batched_pedigree_ratios(
    pedigree: Pedigree,
    families: Sequence[FamilyAlleles],
    alleles: LocusAlleles,
    missing: Sequence[Genotype],
    settings: KinshipSettings,
    rescue: bool = True,
) -> LocusRatios:
    """LRs of many families sharing a pedigree and a layout, one row per family.

    Mendelian incompatibility is the likelihood without mutation being zero;
    it comes out of the same enumeration as the likelihood with mutation.
    With ``rescue``, an LR of 0 where untyped parents could have passed on a
    mutated allele is computed again with their transmissions mutated
    (:mod:`kinship.likelihood.founder_mutation`); the screen does that only for
    the pairs it does not exclude.
    """
    lr = np.zeros((len(families), len(missing)))
    incompatible = np.zeros(lr.shape, dtype=bool)
    # The relationship hypothesis also without mutation, for incompatibility; the unrelated one
    # under the settings' mutation only.
    related_locus = locus_settings(alleles, settings, incompatibility=True)
    unrelated_locus = related_locus.with_mutation(related_locus.mutation)
    blocks = len(related_locus.mutations)
    layout = families[0].layout
    pooled = np.array([_in_pool(g, alleles) for g in missing], dtype=bool)
    # The low-rank forms give untyped founders alleles of the pool only. A candidate's own
    # unlisted allele (TPOX 5 where the database lists no 5) may come from an untyped parent in
    # the enumeration, and must: left out, two full siblings 6/8 and a true brother 5/8 whose
    # parent was 5/6 get a likelihood of 0. Such candidates are enumerated instead.
    leaf = pooled & supports(pedigree, layout)
    others = ~leaf
    # With everyone typed but untyped founders passing alleles straight to children, either
    # hypothesis has a closed form (kinship.likelihood.typed_pedigree).
    direct = bool(others.any()) and supports_typed(pedigree, layout)
    direct_unrelated = bool(others.any()) and supports_typed(pedigree, layout, placed=False)
    # Otherwise the unrelated hypothesis may still use the low-rank form for the
    # candidates whose alleles are all in the pool.
    low_rank_unrelated = others & pooled & (not direct_unrelated and supports_unrelated(pedigree, layout))
    enumerated_unrelated = others & ~low_rank_unrelated & (not direct_unrelated)
    leaf_missing = [g for g, chosen in zip(missing, leaf) if chosen]
    other_missing = [g for g, chosen in zip(missing, others) if chosen]
    low_rank_missing = [g for g, chosen in zip(missing, low_rank_unrelated) if chosen]
    enumerated_missing = [g for g, chosen in zip(missing, enumerated_unrelated) if chosen]
    width = len(missing) + (alleles.pool_size if leaf.any() or low_rank_unrelated.any() else 0)
    per_call = max(1, MAX_COLUMNS // max(1, width))
    for start in range(0, len(families), per_call):
        batch = FamilyBatch.stack(families[start : start + per_call], alleles)
        rows = slice(start, start + batch.size)
        related = np.zeros((blocks, batch.size, len(missing)))
        unrelated = np.zeros((batch.size, len(missing)))
        if leaf_missing:
            related[:, :, leaf], unrelated[:, leaf] = leaf_ratios(pedigree, batch, leaf_missing, related_locus)
        if other_missing:
            if direct:
                related[:, :, others] = typed_likelihoods(pedigree, batch, other_missing, related_locus)
            elif blocks > 1:
                # Of the likelihood without mutation only its sign is used (incompatibility).
                values, compatible = likelihoods_and_compatibility(pedigree, batch, other_missing, related_locus,
                                                                   placed=True)
                related[0][:, others] = values
                related[-1][:, others] = np.where(compatible, 1.0, 0.0)
            else:
                related[:, :, others] = likelihood_columns(pedigree, batch, other_missing, related_locus,
                                                           placed=True)
            if direct_unrelated:
                unrelated[:, others] = typed_likelihoods(pedigree, batch, other_missing, unrelated_locus,
                                                         placed=False)[0]
            if low_rank_missing:
                unrelated[:, low_rank_unrelated] = unrelated_likelihoods(pedigree, batch, low_rank_missing,
                                                                         unrelated_locus)
            if enumerated_missing:
                unrelated[:, enumerated_unrelated] = likelihood_columns(
                    pedigree, batch, enumerated_missing, unrelated_locus, placed=False
                )[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            lr[rows] = np.where(unrelated > 0, related[0] / unrelated, 0.0)
        incompatible[rows] = related[-1] <= 0.0
    if rescue:
        rescue_zeros(pedigree, families, alleles, missing, settings, lr)
    return LocusRatios(lr, incompatible)


def _in_pool(genotype: Genotype, alleles: LocusAlleles) -> bool:
    """True when every allele seen is listed in the database or is its unlisted class."""
    return all(a is None or alleles.code(a) < alleles.pool_size for a in genotype)


def populations_for(family: Family, settings: KinshipSettings) -> tuple[str, tuple[str, ...]]:
    """The population a family is computed under, and those its minimum runs over.

    A stated population is used alone. With unknown ancestry the default
    population is reported and, when ``minimum_over_populations`` is on, the
    smallest LR over all seven databases is the one that counts.
    """
    if family.population is not None:
        load_frequencies(family.population)  # raises UnknownPopulation early
        return family.population, (family.population,)
    if settings.minimum_over_populations:
        return settings.default_population, POPULATIONS
    return settings.default_population, (settings.default_population,)


# A pedigree variant is a reading of the family when the references' own genotypes are at most
# this many orders of magnitude less likely under it than under the best variant.
PLAUSIBLE_VARIANT_LOG10 = 3.0


def plausible_variants(prepared: PreparedFamily, population: str, settings: KinshipSettings) -> NDArray[np.bool_]:
    """Which pedigree variants the references' own genotypes support.

    When a relative's side of the family is unknown (a grandparent, aunt or
    uncle), each side is a variant and the least favourable LR counts. The
    references alone often settle the side: a grandparent who shares no allele
    with the typed mother at several loci is the father's parent. A variant
    under which the references' genotypes, without the missing person, are
    more than ``10**PLAUSIBLE_VARIANT_LOG10`` times less likely than under the
    best one is not a reading of this family and takes no part in the minimum.
    The family likelihood is taken with the missing person as an unrelated
    founder of one fixed genotype, the same for every variant.
    """
    if prepared.variants == 1:
        return np.ones(1, dtype=bool)
    database = load_frequencies(population)
    totals = np.zeros(prepared.variants)
    for locus in sorted(prepared.typed_loci()):
        if not database.has_locus(locus):
            continue
        observed = family_alleles(prepared, locus)
        at_locus = locus_settings(locus_alleles(population, locus, observed), settings)
        probe: Genotype = (observed[0], observed[0])
        for number, pedigree in enumerate(prepared.pedigrees):
            observations = {
                pedigree.index_of(r.sample_id): r.profile[locus] for r in prepared.references if locus in r.profile
            }
            value = pedigree_likelihoods(pedigree, observations, [probe], at_locus, placed=False)[0]
            with np.errstate(divide="ignore"):
                totals[number] += np.log10(value)
    plausible: NDArray[np.bool_] = totals >= totals.max() - PLAUSIBLE_VARIANT_LOG10
    return plausible
