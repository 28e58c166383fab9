"""How rare names, descriptions, dates of birth and nationalities are, counted from records (pure)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from identify.evidence.descriptions import compare_descriptions
from identify.evidence.name_similarity import compare_names, keys_of
from identify.evidence.parameters import load_parameters
from identify.evidence.physical import compare_date_of_birth, compare_nationality
from identify.evidence.profiles import Profile
from identify.evidence.rarity import Rarity, RecordTerms

# the counts alone (no documented u mixed in), to check them by hand
P = replace(load_parameters(), rarity_pseudo_records=0.0)


def lr(evidence) -> float:
    return 10 ** evidence.log10_lr


def named(uid: str, kind: str, *names: str, **values) -> RecordTerms:
    return RecordTerms(uid, kind, name_keys=tuple(keys_of(name) for name in names), **values)


def test_a_common_name_agreeing_says_less_than_a_rare_one():
    records = [named(f"R{i}", "report", "Mohamed Ahmed") for i in range(40)]
    records += [named("S1", "sighting", "Mohamed Ahmed"), named("S2", "sighting", "Filmon Tekle Habtom")]
    records += [named(f"X{i}", "report", "Yonas Kidane") for i in range(58)]
    rarity = Rarity(records)
    assert rarity.named == 100
    ours = Profile("A:R", "report", names=("Muhammad Ahmad",))
    common = compare_names(ours, Profile("A:S1", "sighting", names=("Mohamed Ahmed",)), P, rarity)
    assert common.level == "exact" and common.u == pytest.approx(41 / 100)
    assert "41 of 100 named records" in common.detail
    rare = compare_names(Profile("A:R", "report", names=("Filmon Tekle Habtom",)),
                         Profile("A:S2", "sighting", names=("Filmon Tekle Habtom",)), P, rarity)
    assert rare.u == pytest.approx(1 / 100)
    assert lr(rare) == pytest.approx(P.names.level("exact").m * 100)
    assert lr(common) < 2 < lr(rare) / 10


def test_fuzzy_and_subset_count_the_words_in_the_candidates_spelling():
    rarity = Rarity([named("S1", "sighting", "Yonas Tesfai"), named("S2", "sighting", "Yonas Kidane"),
                     named("R1", "report", "Yonas Tesfay Habtom")])
    found = compare_names(Profile("A:R1", "report", names=("Yonas Tesfay Habtom",)),
                          Profile("A:S1", "sighting", names=("Yonas Tesfai",)), P, rarity)
    assert found.level in ("subset", "fuzzy")
    # S1 and the report itself carry both words (Tesfai and Tesfay share a key); S2 only one
    assert found.u == pytest.approx(2 / 3)


def description(uid: str, kind: str = "remains", sex: str | None = None, **fields) -> RecordTerms:
    return RecordTerms(uid, kind, sex=sex, **{k: tuple(v) for k, v in fields.items()})


def test_a_silver_ring_many_remains_carry_is_weak_evidence():
    records = [description(f"B{i}", personal_effects=["ring, white metal"]) for i in range(30)]
    records += [description(f"C{i}", personal_effects=["wallet, brown"]) for i in range(70)]
    rarity = Rarity(records)
    ours = Profile("A:R", "report", personal_effects=("silver ring",))
    found, = compare_descriptions(ours, Profile("A:B1", "remains", personal_effects=("ring, white metal",)), P,
                                  rarity)
    assert found.level == "exact_distinctive"
    assert found.u == pytest.approx(30 / 100)
    assert "30 of 100 remains records describing personal effects carry it" in found.detail


def test_rarity_of_a_description_is_counted_among_records_of_the_same_sex():
    records = [description(f"F{i}", sex="F", clothing=["headscarf, black"]) for i in range(10)]
    records += [description(f"M{i}", sex="M", clothing=["jeans, blue"]) for i in range(90)]
    rarity = Rarity(records)
    ours = Profile("A:R", "report", sex="F", clothing=("black headscarf",))
    found, = compare_descriptions(ours, Profile("A:F1", "remains", sex="F", clothing=("headscarf, black",)), P,
                                  rarity)
    assert found.u == pytest.approx(10 / 10)  # every woman's record carries it: the sex already told


def test_fields_that_always_go_together_do_not_multiply_their_rarity():
    # every record with a silver ring also wears blue jeans: the second field adds nothing measurable
    records = [description(f"B{i}", personal_effects=["ring, white metal"], clothing=["jeans, blue"])
               for i in range(10)]
    records += [description(f"C{i}", personal_effects=["wallet, brown"], clothing=["trousers, black"])
                for i in range(90)]
    rarity = Rarity(records)
    ours = Profile("A:R", "report", personal_effects=("silver ring",), clothing=("blue jeans",))
    found = compare_descriptions(ours, Profile("A:B1", "remains", personal_effects=("ring, white metal",),
                                               clothing=("jeans, blue",)), P, rarity)
    u = {item.kind: item.u for item in found}
    assert u["clothing"] * u["personal_effects"] == pytest.approx(10 / 100)
    assert "carry this and the fields before together" in found[-1].detail


def test_without_counts_the_documented_u_applies():
    ours = Profile("A:R", "report", personal_effects=("silver ring",))
    found, = compare_descriptions(ours, Profile("A:B1", "remains", personal_effects=("ring, white metal",)), P)
    assert found.u == P.descriptions["personal_effects"].level("exact_distinctive").u


def test_date_of_birth_and_nationality_rarity():
    records = [RecordTerms(f"R{i}", "report", date_of_birth="1990-05-12", nationality="ERI") for i in range(3)]
    records += [RecordTerms(f"Q{i}", "report", date_of_birth=f"19{60 + i % 40}-01-0{1 + i % 9}", nationality="SYR")
                for i in range(97)]
    rarity = Rarity(records)
    born = compare_date_of_birth(Profile("A:R", "report", date_of_birth="1990-05-12"),
                                 Profile("A:R0", "report", date_of_birth="1990-05-12"), P, rarity)
    assert born.level == "exact" and born.u == pytest.approx(3 / 100)
    same = compare_nationality(Profile("A:R", "report", nationality="SYR"),
                               Profile("A:R5", "report", nationality="SYR"), P, rarity)
    assert same.u == pytest.approx(97 / 100)
    different = compare_nationality(Profile("A:R", "report", nationality="ERI"),
                                    Profile("A:R5", "report", nationality="SYR"), P, rarity)
    assert different.u == pytest.approx(1 - 3 / 100)


def test_a_count_is_never_below_the_candidate_itself():
    rarity = Rarity([])
    found = compare_names(Profile("A:R", "report", names=("Filmon Tekle",)),
                          Profile("A:S", "sighting", names=("Filmon Tekle",)), P, rarity)
    assert found.u == 1.0


def test_a_small_graph_falls_back_on_the_documented_u():
    shipped = load_parameters()
    pseudo = shipped.rarity_pseudo_records
    documented = shipped.descriptions["personal_effects"].level("exact_distinctive").u
    ours = Profile("A:R", "report", personal_effects=("silver ring",))
    theirs = Profile("A:B1", "remains", personal_effects=("ring, white metal",))
    tiny = Rarity([description("B1", personal_effects=["ring, white metal"])])
    found, = compare_descriptions(ours, theirs, shipped, tiny)
    assert found.u == pytest.approx((1 + pseudo * documented) / (1 + pseudo))
    assert found.log10_lr > 0  # one record carrying it is no evidence that it is common
    large = Rarity([description("B1", personal_effects=["ring, white metal"])]
                   + [description(f"C{i}", personal_effects=["wallet, brown"]) for i in range(2000)])
    found, = compare_descriptions(ours, theirs, shipped, large)
    assert found.u == pytest.approx((1 + pseudo * documented) / (2001 + pseudo))
