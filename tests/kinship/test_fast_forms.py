"""The screen's fast forms give the enumeration's numbers in the cases they were extended to."""

from __future__ import annotations

import random

import numpy as np
import pytest

from brute_force import brute_force_likelihood, enumerated_ratios
from kinship import Family, KinshipSettings, Reference, compare, screen
from kinship.likelihood.family_batch import FamilyBatch, family_alleles_at
from kinship.likelihood.leaf_pedigree import supports, supports_unrelated, unrelated_likelihoods
from kinship.likelihood.locus import locus_alleles
from kinship.likelihood.locus_ratios import batched_pedigree_ratios
from kinship.likelihood.locus_settings import LocusSettings
from kinship.likelihood.mutation import mutation_matrix
from kinship.likelihood.pairwise import pairwise_table
from kinship.likelihood.pedigree import build_pedigrees
from kinship.likelihood.pedigree_likelihood import likelihood_columns
from kinship.likelihood.typed_pedigree import supports_typed, typed_likelihoods

NAMES = ["12", "13", "14", "15", "16", "17"]
# "8" is not in the europe D1S1656 table: an observed unlisted allele.
UNLISTED = "8"


def genotype(rng: random.Random) -> tuple[str, str]:
    a, b = sorted(rng.choices(NAMES, k=2), key=float)
    return (a, b)


def families_and_alleles(words: tuple[str, ...], seed: int):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    references = tuple(Reference(f"R{i}", w, {"D1S1656": genotype(rng)}) for i, w in enumerate(words))
    pedigree = build_pedigrees(Family("F", references), list(references))[0]
    families = [
        family_alleles_at({pedigree.index_of(r.sample_id): genotype(rng) for r in references}) for _ in range(4)
    ]
    alleles = locus_alleles("europe", "D1S1656", [*NAMES, UNLISTED])
    return pedigree, families, alleles


CANDIDATES = [("12", "14"), ("13", None), (UNLISTED, None), (UNLISTED, "15"), ("16", "16"), ("17", None)]
IN_POOL = [c for c in CANDIDATES if UNLISTED not in c]
WITH_CHILDREN = [("spouse", "child"), ("child", "child"), ("spouse", "child", "child")]


@pytest.mark.parametrize("words", WITH_CHILDREN)
def test_unrelated_form_equals_the_enumeration_when_the_missing_person_has_children(words: tuple[str, ...]) -> None:
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, dropout=0.2)
    pedigree, families, alleles = families_and_alleles(words, 5)
    layout = families[0].layout
    assert supports_unrelated(pedigree, layout) and not supports(pedigree, layout)
    mutation = mutation_matrix(alleles, settings.mutation_model, settings.mutation_rate)
    batch = FamilyBatch.stack(families, alleles)
    at_locus = LocusSettings(alleles, (mutation,), settings.theta, settings.dropout)
    fast = unrelated_likelihoods(pedigree, batch, IN_POOL, at_locus)
    slow = likelihood_columns(pedigree, batch, IN_POOL, at_locus, placed=False)[0]
    np.testing.assert_allclose(fast, slow, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("words", WITH_CHILDREN)
def test_pedigree_ratios_equal_the_enumeration_with_an_unlisted_candidate_allele(words: tuple[str, ...]) -> None:
    # The equal model, under which the enumeration is exact (no lumping approximation).
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, dropout=0.2, mutation_model="equal")
    pedigree, families, alleles = families_and_alleles(words, 7)
    ratios = batched_pedigree_ratios(pedigree, families, alleles, CANDIDATES, settings)
    expected, possible = enumerated_ratios(pedigree, families, alleles, CANDIDATES, settings)
    assert possible.any()
    np.testing.assert_allclose(ratios.lr[possible], expected[possible], rtol=1e-9)


PAIRWISE_WORDS = ["mother", "child", "full_sibling", "half_sibling_maternal", "grandparent", "grandchild",
                  "aunt_uncle", "niece_nephew", "first_cousin"]
# "8" and "9.1" are not in the europe D1S1656 table.
SEEN_UNLISTED = [("8", "9.1"), ("8", "12"), ("9.1", "9.1"), ("8", None), ("12", None), ("12", "13")]


@pytest.mark.parametrize("word", PAIRWISE_WORDS)
@pytest.mark.parametrize("model", ["stepwise", "equal"])
def test_pairwise_forms_agree_with_the_enumeration_when_alleles_are_unlisted(word: str, model: str) -> None:
    """An allele the database does not list can be a drop-out partner or pass through an untyped
    relative, as in the enumeration. The two differ only in the enumeration counting an unlisted
    allele it sees on top of the unlisted class (0.001 more founder mass each): well under 1%."""
    for theta, rate in ((0.0, 0.0), (0.03, 0.01)):
        settings = KinshipSettings(theta=theta, mutation_rate=rate, dropout=0.2, mutation_model=model)
        for reference_genotype in SEEN_UNLISTED:
            for candidate in SEEN_UNLISTED:
                seen = [a for a in (*reference_genotype, *candidate) if a is not None]
                alleles = locus_alleles("europe", "D1S1656", seen)
                reference = Reference("R0", word, {"D1S1656": reference_genotype})
                pedigree = build_pedigrees(Family("F", (reference,)), [reference])[0]
                batch = FamilyBatch.stack([family_alleles_at({pedigree.index_of("R0"): reference_genotype})], alleles)
                mutation = mutation_matrix(alleles, model, rate)
                arguments = (pedigree, batch, [candidate], LocusSettings(alleles, (mutation,), theta, settings.dropout))
                related = likelihood_columns(*arguments, placed=True)[0, 0, 0]
                unrelated = likelihood_columns(*arguments, placed=False)[0, 0, 0]
                table = pairwise_table(alleles, word, [reference_genotype], [candidate], settings)
                assert table.unrelated[0, 0] > 0, (reference_genotype, candidate)
                assert table.lr[0, 0] == pytest.approx(related / unrelated, rel=0.01), (
                    theta, rate, reference_genotype, candidate)


def test_a_mother_with_an_unlisted_allele_is_not_excluded_by_a_drop_out() -> None:
    """The missing person shows 13 only; the mother is 9.1/9.1, which the database does not list.
    The unseen allele can be her 9.1: compatible, and an LR above zero."""
    alleles = locus_alleles("europe", "D1S1656", ["9.1", "13"])
    table = pairwise_table(alleles, "mother", [("9.1", "9.1")], [("13", None)], KinshipSettings())
    assert not table.incompatible[0, 0]
    assert table.lr[0, 0] > 0.1


def test_a_niece_with_two_unlisted_alleles_has_a_finite_ratio() -> None:
    alleles = locus_alleles("europe", "D1S1656", ["8.3", "12.1", "8", "10"])
    table = pairwise_table(alleles, "niece_nephew", [("8.3", "12.1")], [("8", "10"), ("12.1", "14")], KinshipSettings())
    assert (table.unrelated > 0).all()
    assert np.isfinite(table.lr).all() and table.lr[0, 1] > 1


def test_no_ratio_is_negative_from_rounding() -> None:
    """Transitions into the rest of the alleles are found by subtraction; where they are zero,
    rounding once made them about -1e-19, and the log of the LR undefined."""
    references = (
        Reference("S", "spouse", {"D19S433": ("11", "13")}),
        Reference("C1", "child", {"D19S433": ("11", "12")}),
        Reference("C2", "child", {"D19S433": ("11", "17.2")}),
    )
    pedigree = build_pedigrees(Family("F", references), list(references))[0]
    family = family_alleles_at({pedigree.index_of(r.sample_id): r.profile["D19S433"] for r in references})
    candidates = [(str(a), None) for a in range(9, 19)] + [("15", "16"), ("13", "12")]
    alleles = locus_alleles("west_asia", "D19S433", ["11", "12", "13", "17.2", *(a for a, _ in candidates)])
    ratios = batched_pedigree_ratios(pedigree, [family], alleles, candidates, KinshipSettings())
    assert (ratios.lr >= 0).all()


TYPED = [("spouse", "child"), ("spouse", "child", "child"), ("mother", "father", "spouse", "child"),
         ("mother", "father", "spouse", "child", "child"), ("child", "child"), ("child", "child", "child"),
         ("mother", "father", "child", "child")]


@pytest.mark.parametrize("words", TYPED)
@pytest.mark.parametrize("model", ["stepwise", "equal"])
def test_the_all_typed_form_equals_the_sum_over_every_allele(words: tuple[str, ...], model: str) -> None:
    """With the missing person placed: exact against the brute-force sum; the enumeration agrees
    exactly with the equal model (with stepwise mutation it lumps the unseen partner's
    transitions, see pedigree_likelihood)."""
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, mutation_model=model, dropout=0.2)
    rng = random.Random(len(words))
    references = tuple(Reference(f"R{i}", w, {"D1S1656": genotype(rng)}) for i, w in enumerate(words))
    pedigree = build_pedigrees(Family("F", references), list(references))[0]
    names = [*NAMES, UNLISTED]
    observations = [
        {pedigree.index_of(r.sample_id): tuple(sorted(rng.choices(names, k=2), key=float)) for r in references}
        for _ in range(6)
    ]
    families = [family_alleles_at(o) for o in observations]
    assert supports_typed(pedigree, families[0].layout)
    keep = [n for n, f in enumerate(families) if f.layout == families[0].layout]
    candidates = [*CANDIDATES, (UNLISTED, UNLISTED), ("12", UNLISTED), ("9.1", None), ("9.1", "13")]
    alleles = locus_alleles("europe", "D1S1656", [*names, "9.1"])
    mutations = [mutation_matrix(alleles, model, settings.mutation_rate), mutation_matrix(alleles, model, 0.0)]
    batch = FamilyBatch.stack([families[n] for n in keep], alleles)
    at_locus = LocusSettings(alleles, tuple(mutations), settings.theta, settings.dropout)
    direct = typed_likelihoods(pedigree, batch, candidates, at_locus)
    assert (direct > 0).any() and (direct[1] == 0).any()
    for number, mutation in enumerate(mutations):
        exact = np.array([
            [brute_force_likelihood(pedigree, observations[n], c, alleles, mutation, settings.theta,
                                    settings.dropout, True)
             for c in candidates]
            for n in keep
        ])
        np.testing.assert_allclose(direct[number], exact, rtol=1e-9, atol=1e-300)
    if supports_typed(pedigree, families[0].layout, placed=False):
        # The unrelated hypothesis: the same as the enumeration, which sums the founders' free
        # alleles to exactly one where the brute force also counts unlisted alleles.
        arguments = (pedigree, batch, candidates, at_locus.with_mutation(mutations[0]))
        np.testing.assert_allclose(
            typed_likelihoods(*arguments, placed=False), likelihood_columns(*arguments, placed=False),
            rtol=1e-9, atol=1e-300,
        )
    if model == "equal":
        enumerated = likelihood_columns(pedigree, batch, candidates, at_locus, placed=True)
        np.testing.assert_allclose(direct, enumerated, rtol=1e-9, atol=1e-300)


LEAF_SHAPES = [("full_sibling", "full_sibling"), ("mother", "full_sibling"), ("father", "half_sibling_paternal")]


@pytest.mark.parametrize("words", LEAF_SHAPES)
def test_leaf_pedigree_ratios_equal_the_enumeration_with_an_unlisted_candidate_allele(words: tuple[str, ...]) -> None:
    """The candidate's own unlisted allele can come from an untyped parent, as in the enumeration."""
    settings = KinshipSettings(theta=0.03, mutation_rate=0.01, dropout=0.2, mutation_model="equal")
    pedigree, families, alleles = families_and_alleles(words, 11)
    assert supports(pedigree, families[0].layout)
    ratios = batched_pedigree_ratios(pedigree, families, alleles, CANDIDATES, settings)
    expected, possible = enumerated_ratios(pedigree, families, alleles, CANDIDATES, settings)
    assert (expected[:, [CANDIDATES.index((UNLISTED, "15"))]] > 0).any()
    np.testing.assert_allclose(ratios.lr[possible], expected[possible], rtol=1e-9)


def test_the_screen_gives_the_direct_lr_where_untyped_parents_must_pass_on_a_mutation() -> None:
    """Two full siblings and candidates at three loci: where the usual convention gives a locus
    LR 0, the direct comparison computes it with the parents' transmissions mutated, and the
    screen gives the same number for every pair it does not exclude."""
    rng = random.Random(17)
    loci = ["D1S1656", "D8S1179", "D3S1358"]
    families = [
        Family(f"F{n}", tuple(Reference(f"F{n}S{i}", "full_sibling", {locus: genotype(rng) for locus in loci})
                              for i in (1, 2)), population="europe")
        for n in range(6)
    ]
    profiles = {f"PM{n}": {locus: genotype(rng) for locus in loci} for n in range(30)}
    settings = KinshipSettings(keep_top_per_family=1000, keep_min_log10_lr=-1000.0)
    screened = screen(profiles, families, settings).pairs
    rescued = 0
    by_id = {family.family_id: family for family in families}
    for pair in screened:
        direct = compare(pair.post_mortem_id, profiles[pair.post_mortem_id], by_id[pair.family_id], settings).pair
        assert direct is not None and direct.excluded == pair.excluded
        assert pair.log10_lr == pytest.approx(direct.log10_lr, rel=1e-9)
        rescued += int(np.isfinite(pair.log10_lr) and any(
            locus.lr > 0 and locus.locus in pair.incompatible_loci for locus in direct.loci))
    assert rescued > 0
