"""Pedigree likelihoods: agreement with pairwise formulas, brute force and each other."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from brute_force import brute_force_likelihood, enumerated_ratios
from kinship import MIN_FREQUENCY, Family, KinshipSettings, Reference, compare, load_frequencies, screen
from kinship.likelihood.family_batch import family_alleles_at
from kinship.likelihood.leaf_pedigree import supports
from kinship.likelihood.locus import locus_alleles
from kinship.likelihood.locus_ratios import PreparedFamily, batched_pedigree_ratios, plausible_variants, prepare_family
from kinship.likelihood.locus_settings import LocusSettings
from kinship.likelihood.mutation import mutation_matrix
from kinship.likelihood.pedigree import InconsistentPedigree, build_pedigrees
from kinship.likelihood.pedigree_likelihood import pedigree_likelihoods
from kinship.relationships import IBD_BY_RELATIONSHIP
from textbook import TEXTBOOK, assert_close, family_lr, locus, pairwise_lr

ALLELES = locus(a10=0.1, a11=0.2, a12=0.3, a13=0.15, a14=0.15, a15=0.1)
NAMES = ["10", "11", "12", "13", "14", "15"]
# Brute force sums over every genotype of every person: a short ladder keeps it quick.
SHORT = locus(a10=0.2, a11=0.3, a12=0.4, a13=0.1)


def random_genotype(rng: random.Random, dropout: float = 0.0) -> tuple[str, str | None]:
    a, b = sorted(rng.choices(NAMES, k=2), key=float)
    if a != b and rng.random() < dropout:
        return (a, None)
    return (a, b)


def short_genotype(rng: random.Random) -> tuple[str, str | None]:
    a, b = sorted(rng.choices(["10", "11", "12", "13"], k=2), key=float)
    return (a, None) if a != b and rng.random() < 0.3 else (a, b)


def random_family(words: tuple[str, ...], rng: random.Random):  # type: ignore[no-untyped-def]
    """A family of references related as `words` say, typed at random on SHORT, its pedigree, the
    references' genotypes by pedigree index, and two random candidate genotypes."""
    references = tuple(
        Reference(f"R{i}", word, {SHORT.locus: short_genotype(rng)}) for i, word in enumerate(words)
    )
    pedigree = build_pedigrees(Family("F", references), list(references))[0]
    observations = {pedigree.index_of(r.sample_id): r.profile[SHORT.locus] for r in references}
    return pedigree, observations, [short_genotype(rng) for _ in range(2)]


def single_pedigree_lr(relationship: str, reference, missing, settings: KinshipSettings) -> float:  # type: ignore[no-untyped-def]
    member = Reference("R", relationship, {ALLELES.locus: reference})
    pedigree = build_pedigrees(Family("F", (member,)), [member])[0]
    observations = {pedigree.index_of("R"): reference}
    mutation = mutation_matrix(ALLELES, settings.mutation_model, settings.mutation_rate)
    at_locus = LocusSettings(ALLELES, (mutation,), settings.theta, settings.dropout)
    arguments = (pedigree, observations, [missing], at_locus)
    return float(pedigree_likelihoods(*arguments, placed=True)[0] / pedigree_likelihoods(*arguments, placed=False)[0])


EXACT_WITH_STEPWISE = sorted(set(IBD_BY_RELATIONSHIP) - {"first_cousin"})


@pytest.mark.parametrize(
    ("settings", "relationships"),
    [
        (KinshipSettings(theta=0.03, mutation_rate=0.0, dropout=0.1), sorted(IBD_BY_RELATIONSHIP)),
        (KinshipSettings(theta=0.03, mutation_rate=0.01, mutation_model="equal", dropout=0.1),
         sorted(IBD_BY_RELATIONSHIP)),
        (KinshipSettings(theta=0.03, mutation_rate=0.01, mutation_model="stepwise", dropout=0.1), EXACT_WITH_STEPWISE),
    ],
)
def test_single_reference_pedigree_equals_pairwise(settings: KinshipSettings, relationships: list[str]) -> None:
    rng = random.Random(7)
    for relationship in relationships:
        for _ in range(12):
            reference, missing = random_genotype(rng, 0.3), random_genotype(rng, 0.3)
            assert_close(
                single_pedigree_lr(relationship, reference, missing, settings),
                pairwise_lr(ALLELES, relationship, reference, missing, settings),
            )


def test_first_cousins_with_stepwise_mutation_differ_only_at_second_order() -> None:
    """The one documented lumping approximation: one unseen allele, two mutating paths."""
    settings = KinshipSettings(theta=0.03, mutation_rate=0.002, mutation_model="stepwise")
    rng = random.Random(3)
    for _ in range(20):
        reference, missing = random_genotype(rng), random_genotype(rng)
        exact = pairwise_lr(ALLELES, "first_cousin", reference, missing, settings)
        assert single_pedigree_lr("first_cousin", reference, missing, settings) == pytest.approx(exact, rel=1e-5)


STRUCTURES = [
    ("mother", "father"),
    ("mother", "father", "full_sibling"),
    ("mother", "full_sibling"),
    ("full_sibling", "full_sibling"),
    ("half_sibling_maternal", "mother"),
    ("grandparent", "mother"),
    ("spouse", "child"),
    ("child", "child"),
]


@pytest.mark.parametrize("words", STRUCTURES)
@pytest.mark.parametrize("model", ["equal", "stepwise"])
def test_pedigree_against_brute_force(words: tuple[str, ...], model: str) -> None:
    """Exact with the equal model; stepwise differs only where two mutations meet an unseen allele.

    Those stepwise terms are of order mu**2, so they are measured where the
    data are Mendel-consistent (where the terms are second order relative to
    the likelihood, as in real casework).
    """
    settings = KinshipSettings(theta=0.05, mutation_rate=0.01, mutation_model=model, dropout=0.2)
    mutation = mutation_matrix(SHORT, model, settings.mutation_rate)
    identity = mutation_matrix(SHORT, model, 0.0)
    rng = random.Random(sum(map(ord, "".join(words))))
    tolerance = 1e-9 if model == "equal" else 1e-4
    for _ in range(2):
        pedigree, observations, candidates = random_family(words, rng)
        for placed in (True, False):
            at_locus = LocusSettings(SHORT, (mutation,), settings.theta, settings.dropout)
            fast = pedigree_likelihoods(pedigree, observations, candidates, at_locus, placed)
            for value, candidate in zip(fast, candidates):
                slow = brute_force_likelihood(pedigree, observations, candidate, SHORT, mutation, settings.theta,
                                              settings.dropout, placed)
                if model == "stepwise":
                    consistent = brute_force_likelihood(
                        pedigree, observations, candidate, SHORT, identity, settings.theta, settings.dropout, placed
                    )
                    if consistent == 0.0:
                        continue
                assert value == pytest.approx(slow, rel=tolerance, abs=1e-300)


@pytest.mark.parametrize("words", [w for w in STRUCTURES if "child" not in w])
def test_low_rank_form_equals_the_enumeration(words: tuple[str, ...]) -> None:
    """Where the missing person is a leaf, the fast form gives the enumeration's numbers."""
    settings = KinshipSettings(theta=0.04, mutation_rate=0.01, dropout=0.2)
    rng = random.Random(11)
    references = tuple(Reference(f"R{i}", w, {ALLELES.locus: random_genotype(rng)}) for i, w in enumerate(words))
    pedigree = build_pedigrees(Family("F", references), list(references))[0]
    families = []
    for _ in range(5):
        observations = {pedigree.index_of(r.sample_id): random_genotype(rng) for r in references}
        families.append(family_alleles_at(observations))
    layout = families[0].layout
    assert supports(pedigree, layout)
    candidates = [random_genotype(rng, 0.3) for _ in range(8)]
    fast = batched_pedigree_ratios(pedigree, families, ALLELES, candidates, settings).lr
    # Random genotypes can make the family itself impossible.
    expected, possible = enumerated_ratios(pedigree, families, ALLELES, candidates, settings)
    np.testing.assert_allclose(fast[possible], expected[possible], rtol=1e-9)


def test_pedigree_with_mutation_keeps_a_true_parent_possible() -> None:
    """Both parents typed, the missing person carries a one-step mutation at this locus."""
    settings = KinshipSettings(theta=0.0, mutation_rate=0.002)
    parents = [("mother", ("10", "12")), ("father", ("13", "14"))]
    lr = family_lr(ALLELES, parents, ("11", "13"), settings)
    # 11 can only come from the mother's 10 or 12 by one step (mu/2 each way); the 13 from the
    # father's 13 unchanged or his 14 one step down. 13 from the mother would need 11 from the
    # father, which no single step gives.
    from_mother = 0.5 * (0.001 + 0.001)
    from_father = 0.5 * ((1 - 0.002) + 0.001)
    assert_close(lr, from_mother * from_father / (2 * 0.2 * 0.15))
    assert family_lr(ALLELES, parents, ("11", "13"), TEXTBOOK) == 0.0


def test_mother_recorded_as_male_is_inconsistent() -> None:
    family = Family("F9", (Reference("S1", "mother", {"TH01": ("6", "7")}, sex="male"),
                           Reference("S2", "full_sibling", {"TH01": ("6", "7")})))
    prepared = prepare_family(family)
    assert not prepared.usable
    assert any("'F9'" in s.reason and "'S1'" in s.reason and "male" in s.reason for s in prepared.skipped)
    with pytest.raises(InconsistentPedigree, match="mother is recorded as male"):
        build_pedigrees(family, list(family.references))


def test_two_fathers_and_a_same_sex_spouse_are_inconsistent() -> None:
    fathers = Family("F", (Reference("A", "father", {}), Reference("B", "father", {})))
    with pytest.raises(InconsistentPedigree, match="more than one father"):
        build_pedigrees(fathers, list(fathers.references))
    spouse = Family("F", (Reference("A", "spouse", {}, "female"), Reference("B", "child", {})),
                    missing_person_sex="female")
    with pytest.raises(InconsistentPedigree, match="cannot be the other parent"):
        build_pedigrees(spouse, list(spouse.references))


def test_unknown_side_gives_two_variants_and_the_smaller_lr_counts() -> None:
    references = (Reference("G", "grandparent", {"L": ("10", "11")}), Reference("M", "mother", {"L": ("10", "12")}))
    variants = build_pedigrees(Family("F", references), list(references))
    assert len(variants) == 2
    assert {v.description for v in variants} == {"grandparent G on the mother's side",
                                                 "grandparent G on the father's side"}


def test_unusable_references_are_skipped_with_reasons() -> None:
    family = Family(
        "F",
        (
            Reference("O", "other", {"TH01": ("6", "7")}),
            Reference("S", "spouse", {"TH01": ("6", "7")}),
            Reference("E", "full_sibling", {}),
            Reference("K", "mother", {"TH01": ("6", "7")}),
        ),
    )
    prepared = prepare_family(family)
    reasons = {s.subject: s.reason for s in prepared.skipped}
    assert "shared ancestry" in reasons["O"]
    assert "not a blood relative" in reasons["S"]
    assert "no typed loci" in reasons["E"]
    assert [r.sample_id for r in prepared.references] == ["K"]


def test_every_pairing_of_relationships_gives_finite_lrs() -> None:
    """All two-reference combinations either compute or leave out the farthest, with a reason."""
    words = sorted(set(IBD_BY_RELATIONSHIP) | {"spouse"})
    settings = KinshipSettings(mutation_rate=0.002)
    for first, second in itertools.combinations(words, 2):
        references = (Reference("A", first, {SHORT.locus: ("10", "11")}),
                      Reference("B", second, {SHORT.locus: ("11", "12")}))
        prepared = prepare_family(Family("F", references))
        assert len(prepared.references) + len(prepared.skipped) == 2
        assert all("too large" in s.reason or "spouse" in s.reason for s in prepared.skipped)
        for pedigree in prepared.pedigrees:
            observations = {pedigree.index_of(r.sample_id): r.profile[SHORT.locus] for r in prepared.references}
            ratios = batched_pedigree_ratios(pedigree, [family_alleles_at(observations)], SHORT,
                                             [("11", "12"), ("10", None)], settings)
            assert np.all(np.isfinite(ratios.lr)) and np.all(ratios.lr >= 0.0)


def test_a_pedigree_too_large_to_enumerate_keeps_the_closer_reference() -> None:
    references = (Reference("C", "first_cousin", {"TH01": ("6", "7")}),
                  Reference("N", "niece_nephew", {"TH01": ("6", "8")}))
    prepared = prepare_family(Family("F", references))
    assert [r.sample_id for r in prepared.references] == ["N"]
    assert any(s.subject == "C" and "too large" in s.reason for s in prepared.skipped)


def test_the_side_the_references_rule_out_takes_no_part_in_the_minimum() -> None:
    # The grandparent shares no allele with the typed mother at four loci: it can only be the
    # father's parent. The missing person has one allele from each of them at every locus.
    mother = {"TH01": ("6", "7"), "vWA": ("14", "15"), "D3S1358": ("15", "16"), "FGA": ("20", "21"),
              "D8S1179": ("12", "13")}
    grandparent = {"TH01": ("9", "9.3"), "vWA": ("17", "18"), "D3S1358": ("17", "18"), "FGA": ("23", "24"),
                   "D8S1179": ("12", "14")}
    missing = {"TH01": ("6", "9"), "vWA": ("15", "18"), "D3S1358": ("16", "17"), "FGA": ("21", "24"),
               "D8S1179": ("13", "14")}
    family = Family("F", (Reference("M", "mother", mother), Reference("G", "grandparent", grandparent)),
                    population="europe")
    # On the mother's side the references contradict each other at four loci (the family check,
    # kinship.likelihood.family_check): that reading is dropped before any comparison.
    prepared = prepare_family(family)
    assert prepared.variants == 1 and "father" in prepared.pedigrees[0].description
    assert not prepared.check.inconsistent and prepared.check.faults == ()
    # Given both readings, the references' own likelihood rules the mother's side out too.
    both = PreparedFamily(family, prepared.references, tuple(build_pedigrees(family, list(family.references))), ())
    sides = plausible_variants(both, "europe", KinshipSettings())
    assert sides.tolist().count(True) == 1
    assert "father" in both.pedigrees[int(np.argmax(sides))].description

    pair = compare("PM", missing, family, KinshipSettings()).pair
    assert pair is not None and not pair.excluded and pair.incompatible_loci == ()
    assert "father" in pair.pedigree and pair.log10_lr > 1
    screened = screen({"PM": missing}, [family], KinshipSettings())
    assert screened.pairs[0].log10_lr == pytest.approx(pair.log10_lr, rel=1e-9)


def test_a_full_brother_with_an_allele_the_database_does_not_list_keeps_a_hand_computed_lr() -> None:
    """Two full siblings 6/8 and 6/8, the missing person 5/8 at TPOX, africa lists 6 and 8 but not 5.

    A parent 5/6 with a partner carrying 8 explains all three without mutation, so the LR is
    small but not 0 (the screen's leaf form once gave 0 here, and the minimum over populations
    then excluded a true brother). By hand, with theta = 0 and no mutation, p5 the unlisted
    frequency, and m = 1 + p5 the founder mass (the observed unlisted allele counts on top of the
    unlisted class, kinship.frequencies): the parent who passes the 5 is 5/6 (passing 6 to both
    siblings) with the other passing 8 three times, or 5/8 (passing 8 to both) with the other 6/8:

        L1 = 2 [2 p5 p6 / 8 (p8^2 + p8 (m - p8) / 4) + p5 p6 p8^2 / 16]
        L2 = p6 p8 / 2 [(m + p6)(m + p8) + p6 p8] x 2 p5 p8
    """
    table = load_frequencies("africa").table("TPOX")
    assert "5" not in table
    p5, p6, p8, m = MIN_FREQUENCY, table["6"], table["8"], 1 + MIN_FREQUENCY
    related = 2 * (2 * p5 * p6 / 8 * (p8**2 + p8 * (m - p8) / 4) + p5 * p6 * p8**2 / 16)
    unrelated = p6 * p8 / 2 * ((m + p6) * (m + p8) + p6 * p8) * 2 * p5 * p8
    siblings = tuple(Reference(f"S{i}", "full_sibling", {"TPOX": ("6", "8")}) for i in (1, 2))
    family = Family("F", siblings, population="africa")
    textbook = KinshipSettings(theta=0.0, mutation_rate=0.0)
    pair = compare("PM", {"TPOX": ("5", "8")}, family, textbook).pair
    assert pair is not None and pair.loci[0].lr == pytest.approx(related / unrelated, rel=1e-9)
    assert pair.loci[0].lr == pytest.approx(0.6129, abs=1e-4)
    screened = screen({"PM": {"TPOX": ("5", "8")}}, [family], textbook).pairs
    assert [p.log10_lr for p in screened] == pytest.approx([np.log10(related / unrelated)], rel=1e-9)
    # With the default model and unknown ancestry (smallest LR over the seven databases, most of
    # which list neither 5 nor 6) the brother is still compatible and ranked.
    unknown = compare("PM", {"TPOX": ("5", "8")}, Family("F", siblings), KinshipSettings()).pair
    assert unknown is not None and not unknown.incompatible_loci
    assert min(unknown.log10_lr_by_population.values()) == unknown.log10_lr > -1.0


# The brute-force sum grows as 15 ** (untyped people): shapes with few of them.
FOUNDER_SHAPES = [("full_sibling", "full_sibling"), ("mother", "full_sibling", "full_sibling"),
                  ("half_sibling_paternal", "mother"), ("child", "child")]


@pytest.mark.parametrize("words", FOUNDER_SHAPES)
def test_mutating_founders_against_brute_force(words: tuple[str, ...]) -> None:
    """With the untyped founders' transmissions to two or more children mutated, the enumeration
    equals the sum over every allele (equal model, theta > 0, drop-out), under both hypotheses,
    and differs from the usual convention (where the latter is 0, see the hand-computed case below)."""
    settings = KinshipSettings(theta=0.05, mutation_rate=0.01, mutation_model="equal", dropout=0.2)
    mutation = mutation_matrix(SHORT, "equal", settings.mutation_rate)
    at_locus = LocusSettings(SHORT, (mutation,), settings.theta, settings.dropout)
    rng = random.Random(sum(map(ord, "".join(words))) + 1)
    differ = 0
    for _ in range(3):
        pedigree, observations, candidates = random_family(words, rng)
        for placed in (True, False):
            fast = pedigree_likelihoods(pedigree, observations, candidates, at_locus, placed, founders_mutate=True)
            usual = pedigree_likelihoods(pedigree, observations, candidates, at_locus, placed)
            differ += int((np.abs(fast - usual) > 1e-6 * usual).sum())
            for value, candidate in zip(fast, candidates):
                slow = brute_force_likelihood(pedigree, observations, candidate, SHORT, mutation, settings.theta,
                                              settings.dropout, placed, founders_mutate=True)
                assert value == pytest.approx(slow, rel=1e-9, abs=1e-300)
    assert differ > 0


def test_a_brother_one_mutation_from_his_siblings_keeps_a_hand_computed_lr() -> None:
    """Full siblings 10/11 and 12/13, the missing person 13/14 (equal model, rate mu, K alleles in
    the pool, s = mu / (K - 1), theta 0). Five alleles among three children of untyped parents:
    without mutating the parents' transmissions the LR is 0. With them, over the father's alleles
    f1, f2 and the mother's m1, m2 drawn from the frequencies, F(y) = (M[f1, y] + M[f2, y]) / 2,
    G(y) likewise for the mother, a child x/y has probability F(x) G(y) + F(y) G(x), and

        L1 = E[child(10/11) child(12/13) child(13/14)]
        L0 = E[child(10/11) child(12/13)] x 2 p13 p14

    The leading terms are those where one of the five alleles reached one child by a single
    mutation (a 13 or 12 reaching the brother as 14, or a parent's 14 reaching a sister as 10, 11,
    12 or 13): LR 0.0471, where a brother needing no mutation (12/13) has 2.78.
    """
    mu, alleles = 0.01, ALLELES
    pool, p = alleles.pool_size, alleles.frequencies[: alleles.pool_size]
    s = mu / (pool - 1)
    matrix = np.full((pool, pool), s) + np.eye(pool) * (1 - mu - s)
    code = {name: alleles.code(name) for name in NAMES}
    passed = (matrix[:, None, :] + matrix[None, :, :]) / 2  # (first allele, second allele, y)
    father = passed[:, :, None, None, :]
    mother = passed[None, None, :, :, :]
    weight = p[:, None, None, None] * p[None, :, None, None] * p[None, None, :, None] * p[None, None, None, :]

    def child(x: str, y: str) -> np.ndarray:
        a, b = code[x], code[y]
        return father[..., a] * mother[..., b] + father[..., b] * mother[..., a]

    siblings = child("10", "11") * child("12", "13")
    related = (weight * siblings * child("13", "14")).sum()
    unrelated = (weight * siblings).sum() * 2 * p[code["13"]] * p[code["14"]]
    settings = KinshipSettings(theta=0.0, mutation_rate=mu, mutation_model="equal")
    references = [("full_sibling", ("10", "11")), ("full_sibling", ("12", "13"))]
    lr = family_lr(ALLELES, references, ("13", "14"), settings)
    assert_close(lr, related / unrelated)
    assert lr == pytest.approx(0.0471, rel=1e-3)
    assert family_lr(ALLELES, references, ("12", "13"), settings) > 1
    assert family_lr(ALLELES, references, ("13", "14"), KinshipSettings(theta=0.0, mutation_rate=0.0)) == 0.0


def test_a_true_brother_one_step_from_both_siblings_is_ranked_not_zero() -> None:
    """Tuning scenario 101, D8S1179: full siblings 12/13 and 10/15, the missing person 14/15 (13
    reached him as 14). Five alleles among three children of untyped parents: LR 0 unless the
    parents' transmissions mutate. The direct comparison and the screen give the same LR."""
    siblings = (Reference("S1", "full_sibling", {"D8S1179": ("12", "13")}),
                Reference("S2", "full_sibling", {"D8S1179": ("10", "15")}))
    family = Family("F", siblings, population="europe")
    settings = KinshipSettings()
    pedigree = build_pedigrees(family, list(siblings))[0]
    observations = {pedigree.index_of(r.sample_id): r.profile["D8S1179"] for r in siblings}
    alleles = locus_alleles("europe", "D8S1179", ["10", "12", "13", "14", "15"])
    at_locus = LocusSettings(alleles, (mutation_matrix(alleles, "stepwise", settings.mutation_rate),),
                             settings.theta, settings.dropout)
    brother = [("14", "15")]
    assert pedigree_likelihoods(pedigree, observations, brother, at_locus, True)[0] == 0.0
    mutated = [pedigree_likelihoods(pedigree, observations, brother, at_locus, placed, founders_mutate=True)[0]
               for placed in (True, False)]
    assert mutated[0] > 0
    pair = compare("PM", {"D8S1179": ("14", "15")}, family, settings).pair
    assert pair is not None and not pair.excluded and pair.incompatible_loci == ("D8S1179",)
    assert pair.loci[0].lr == pytest.approx(mutated[0] / mutated[1], rel=1e-9)
    screened = screen({"PM": {"D8S1179": ("14", "15")}}, [family], settings).pairs
    assert [p.log10_lr for p in screened] == pytest.approx([np.log10(mutated[0] / mutated[1])], rel=1e-9)


def test_a_rescued_locus_is_explained_with_the_lr_the_pair_was_summed_from() -> None:
    """The same brother with four loci shared with both siblings: the pair is kept with an LR
    above one, and its D8S1179 entry carries the LR computed with mutating founders, as the
    direct calculation gives it, not the 0 of the usual convention."""
    shared = {"D3S1358": ("15", "16"), "TH01": ("6", "9.3"), "FGA": ("20", "24"), "vWA": ("14", "18")}
    siblings = (Reference("S1", "full_sibling", {**shared, "D8S1179": ("12", "13")}),
                Reference("S2", "full_sibling", {**shared, "D8S1179": ("10", "15")}))
    family = Family("F", siblings, population="europe")
    brother = {**shared, "D8S1179": ("14", "15")}
    settings = KinshipSettings()
    [pair] = screen({"PM": brother}, [family], settings).pairs
    direct = compare("PM", brother, family, settings).pair
    assert direct is not None and pair.worth_explaining and pair.incompatible_loci == ("D8S1179",)
    [rescued] = [locus for locus in pair.loci if locus.locus == "D8S1179"]
    assert rescued.incompatible and 0 < rescued.lr < 1
    assert [(locus.locus, locus.incompatible) for locus in pair.loci] == \
        [(locus.locus, locus.incompatible) for locus in direct.loci]
    assert [locus.lr for locus in pair.loci] == pytest.approx([locus.lr for locus in direct.loci], rel=1e-9)


def test_a_pair_kept_excluded_carries_the_lr_of_the_direct_calculation() -> None:
    """Remains kept with a family although DNA excludes them (``keep_excluded``, as the graph's
    screen asks for remains from the missing person's own voyage): at four loci the profile shows
    two alleles that the siblings' parents, whose four alleles the siblings show, could pass on
    only mutated, an LR of 0 under the usual convention. The pair is kept, excluded, with the LR
    the direct calculation gives (those loci computed with mutating founders); without
    ``keep_excluded`` it is not kept."""
    siblings = (Reference("S1", "full_sibling", {"D3S1358": ("14", "15"), "TH01": ("6", "7"),
                                                 "FGA": ("20", "21"), "vWA": ("14", "15")}),
                Reference("S2", "full_sibling", {"D3S1358": ("16", "17"), "TH01": ("8", "9"),
                                                 "FGA": ("22", "23"), "vWA": ("16", "17")}))
    family = Family("F", siblings, population="europe")
    stranger = {"D3S1358": ("13", "18"), "TH01": ("5", "10"), "FGA": ("19", "24"), "vWA": ("13", "18")}
    settings = KinshipSettings()
    assert screen({"PM": stranger}, [family], settings).pairs == []
    [pair] = screen({"PM": stranger}, [family], settings, keep_excluded={"F": {"PM"}}).pairs
    direct = compare("PM", stranger, family, settings).pair
    assert direct is not None and direct.excluded and -300 < direct.log10_lr < -8
    assert pair.excluded and pair.incompatible_loci == direct.incompatible_loci == tuple(sorted(stranger))
    assert pair.log10_lr == pytest.approx(direct.log10_lr, rel=1e-9)
    assert pair.log10_lr_by_population == pytest.approx(direct.log10_lr_by_population, rel=1e-9)
    assert (pair.posterior, pair.loci_compared, pair.loci) == (direct.posterior, direct.loci_compared, ())


def test_mutating_grandparents_reach_an_untyped_parent_for_every_candidate() -> None:
    """A full sibling and an aunt: the grandparents pass alleles to the untyped parent and to the
    aunt, so with founders mutating a transition joins two enumerated members; it must hold for
    several candidates at once (it once failed to broadcast) and equal the sum over every allele,
    up to the lumping of pedigree_likelihood: an allele reaching the untyped parent by a mutation
    into the rest class and leaving it by another (order mu**2, here 4e-5 of the likelihood)."""
    settings = KinshipSettings(theta=0.05, mutation_rate=0.01, mutation_model="equal", dropout=0.0)
    mutation = mutation_matrix(SHORT, "equal", settings.mutation_rate)
    at_locus = LocusSettings(SHORT, (mutation,), settings.theta, settings.dropout)
    references = (Reference("S", "full_sibling", {SHORT.locus: ("10", "11")}),
                  Reference("A", "aunt_uncle", {SHORT.locus: ("12", "13")}))
    pedigree = build_pedigrees(Family("F", references), list(references))[0]
    observations = {pedigree.index_of(r.sample_id): r.profile[SHORT.locus] for r in references}
    candidates = [("10", "12"), ("11", "13")]
    fast = pedigree_likelihoods(pedigree, observations, candidates, at_locus, True, founders_mutate=True)
    for value, candidate in zip(fast, candidates):
        slow = brute_force_likelihood(pedigree, observations, candidate, SHORT, mutation, settings.theta,
                                      settings.dropout, True, founders_mutate=True)
        assert value == pytest.approx(slow, rel=1e-4)
