"""The simulated genotypes obey Mendel: a parent and a child share an allele at every locus, but
for the rare one-step mutation; the post-mortem profiles are partial and show drop-out."""

from __future__ import annotations

import random

import numpy as np

from scenarios.genotypes import GenotypeSimulator, allele_tenths, load_kits
from scenarios.name_bank import load_name_groups
from scenarios.pedigree import Pedigree

PARENT_CHILD = {"mother", "father", "child"}


def genotypes(rows: list[dict[str, str]]) -> dict[str, tuple[int, ...]]:
    """locus -> alleles in tenths; one allele when allele2 is empty (possible drop-out)."""
    return {row["locus"]: tuple(allele_tenths(a) for a in (row["allele1"], row["allele2"]) if a) for row in rows}


def compatible(parent: tuple[int, ...], child: tuple[int, ...], steps: int) -> bool:
    """The child can have received one of the parent's alleles, allowing ``steps`` repeats of mutation."""
    return any(abs(p - c) <= 10 * steps for p in parent for c in child)


def parent_child_pairs(scenario):
    """(reference profile, post-mortem profile) of every parent or child of a missing person
    whose remains were sampled, by truth.json."""
    profiles = {sample_id: genotypes(rows) for sample_id, rows in scenario.profiles().items()}
    donor = {sample_id: rows[0]["subject_ref"] for sample_id, rows in scenario.profiles().items()}
    relatives = scenario.by_id("relatives")
    for entry in scenario.truth["missing"].values():
        for reference in entry["reference_samples"]:
            if relatives[donor[reference]]["relationship"] in PARENT_CHILD:
                for post_mortem in entry["post_mortem_samples"]:
                    yield profiles[reference], profiles[post_mortem]


def test_parents_and_children_share_an_allele_at_every_typed_locus(scenario):
    pairs = list(parent_child_pairs(scenario))
    assert len(pairs) >= 10
    loci = mismatched = 0
    for reference, post_mortem in pairs:
        for locus in reference.keys() & post_mortem.keys():
            if len(post_mortem[locus]) < 2:
                continue  # one allele seen: the shared one may be the one that dropped out
            loci += 1
            if not compatible(reference[locus], post_mortem[locus], steps=0):
                mismatched += 1
                assert compatible(reference[locus], post_mortem[locus], steps=1)
    assert loci > 150
    assert mismatched <= max(2, loci * 0.01)


def test_unrelated_references_are_excluded_at_many_loci(scenario):
    pairs = list(parent_child_pairs(scenario))
    shifted = zip((p[0] for p in pairs), (p[1] for p in pairs[1:] + pairs[:1]))
    exclusions = [
        sum(1 for locus in a.keys() & b.keys() if len(b[locus]) == 2 and not compatible(a[locus], b[locus], 0))
        for a, b in shifted
    ]
    assert sum(1 for count in exclusions if count >= 2) > len(exclusions) / 2


def test_personal_effects_carry_the_missing_persons_own_profile(scenario):
    """A toothbrush's profile equals the remains' profile where both are typed, and a parent or
    child of the missing person shares an allele with it at every locus."""
    samples = scenario.profiles()
    donor = {sample_id: rows[0]["subject_ref"] for sample_id, rows in samples.items()}
    relatives = scenario.by_id("relatives")
    identical = related = 0
    for entry in scenario.truth["missing"].values():
        for own in entry["personal_effect_samples"]:
            mine = genotypes(samples[own])
            for post_mortem in entry["post_mortem_samples"]:
                theirs = genotypes(samples[post_mortem])
                for locus in mine.keys() & theirs.keys():
                    if len(mine[locus]) == 2 and len(theirs[locus]) == 2:
                        assert mine[locus] == theirs[locus]
                        identical += 1
            for reference in entry["reference_samples"]:
                if relatives[donor[reference]]["relationship"] not in PARENT_CHILD:
                    continue
                kin = genotypes(samples[reference])
                for locus in mine.keys() & kin.keys():
                    if len(mine[locus]) == 2:
                        assert compatible(kin[locus], mine[locus], steps=1)
                        related += 1
    assert identical + related >= 20


def test_post_mortem_profiles_are_complete_partial_or_dropped_out(scenario):
    kits = load_kits()
    counts = {"complete": 0, "partial": 0, "drop_out": 0}
    for rows in scenario.profiles().values():
        if rows[0]["sample_kind"] != "post_mortem":
            continue
        kit = kits.kits[rows[0]["kit"]]
        if any(row["allele2"] == "" for row in rows):
            counts["drop_out"] += 1
        elif len(rows) < len(kit.loci):
            counts["partial"] += 1
        else:
            counts["complete"] += 1
            assert len(rows) >= 20
    assert all(count > 3 for count in counts.values()), counts


def test_simulated_pedigree_is_mendelian_for_every_relationship():
    """Straight from the simulator: every child in the pedigree (the missing person, siblings,
    half siblings, cousins, grandchildren, nieces) has one allele from each parent at every locus,
    or one a single repeat away from it (a mutation, about 0.2% of transmissions)."""
    groups = load_name_groups()
    simulator = GenotypeSimulator(load_kits().panel)
    genes = np.random.default_rng(3)
    mutated = transmissions = 0
    for seed in range(100):
        pedigree = Pedigree(groups["west_african"], "africa", "M", 1970, 2016, random.Random(seed))
        people = [pedigree.missing] + [
            pedigree.relative(relationship)
            for relationship in ("full_sibling", "half_sibling_paternal", "half_sibling_maternal",
                                 "first_cousin", "grandchild", "niece_nephew", "aunt_uncle", "grandparent")
        ]
        for person in people:
            pedigree.genotype(person, simulator, genes)
        for person in people:
            if person.father is None:
                continue
            for parent, column in ((person.father.genotype, 0), (person.mother.genotype, 1)):
                for locus in range(len(simulator.loci)):
                    transmissions += 1
                    allele = int(person.genotype[locus, column])
                    if allele not in parent[locus]:
                        mutated += 1
                        assert any(abs(allele - int(a)) == 10 for a in parent[locus])
    assert transmissions > 10000
    assert mutated <= transmissions * 0.006
