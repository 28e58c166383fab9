"""Each evidence likelihood ratio, checked against values computed by hand from parameters.yaml."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from identify.evidence.descriptions import item_agreement, match_items, tokenise
from identify.evidence.dna import compare_dna
from identify.evidence.name_similarity import compare_names, jaro_winkler, keys_of, name_level
from identify.evidence.parameters import load_parameters, parse_parameters, read_yaml
from identify.evidence.physical import (
    binned_mass,
    colours_in,
    compare_age,
    compare_date_of_birth,
    compare_hair,
    compare_nationality,
    compare_sex,
    compare_stature,
)
from identify.evidence.profiles import KinshipResult, Link, Population, Profile, day_span
from identify.evidence.time_place import compare_time_place

P = load_parameters()


def report(**values) -> Profile:
    return Profile(uid="ICRC:R-1", kind="report", **values)


def remains(**values) -> Profile:
    return Profile(uid="MORGUE:B-1", kind="remains", **values)


def sighting(**values) -> Profile:
    return Profile(uid="RC:S-1", kind="sighting", **values)


def lr(evidence) -> float:
    return 10 ** evidence.log10_lr


# --- parameters -----------------------------------------------------------------------------

def test_parameters_load_and_levels_sum_to_one():
    assert P.names.level("exact").m == 0.55
    assert P.time_place.comparisons[("remains", "with_voyage")].names[0] == "same_voyage"


def test_parameters_refuse_m_values_that_do_not_sum_to_one():
    raw = read_yaml("parameters.yaml")
    raw["names"]["levels"]["exact"]["m"] = 0.9
    with pytest.raises(ValueError, match="names: m values sum to"):
        parse_parameters(raw)


# --- sex ------------------------------------------------------------------------------------

def test_sex_agreement_is_one_minus_error_over_share():
    assert lr(compare_sex(report(sex="M"), remains(sex="M"), P)) == pytest.approx(0.97 / 0.85)
    assert lr(compare_sex(report(sex="F"), remains(sex="F"), P)) == pytest.approx(0.97 / 0.15)


def test_sex_disagreement_is_error_over_share_of_the_candidates_sex():
    assert lr(compare_sex(report(sex="M"), remains(sex="F"), P)) == pytest.approx(0.03 / 0.15)
    assert lr(compare_sex(report(sex="F"), sighting(sex="M"), P)) == pytest.approx(P.sex_error["sighting"] / 0.85)


def test_unknown_sex_is_no_evidence():
    assert compare_sex(report(sex="U"), remains(sex="M"), P) is None
    assert compare_sex(report(sex="M"), remains(), P) is None


# --- age ------------------------------------------------------------------------------------

def test_age_moves_on_with_time_and_u_comes_from_the_age_distribution():
    found = compare_age(report(age_min=25, age_max=25, date="2016-05-01"),
                        remains(age_min=20, age_max=30, date="2016-06-01"), P)
    assert found.level == "within"
    # a random person's one-year interval overlaps 20-30 when the age is within 19.5..31.5
    u = 0.16 * 0.5 / 5 + 0.22 + 0.18 + 0.13 * 1.5 / 5
    assert binned_mass(P.age_distribution, 19.5, 31.5) == pytest.approx(u)
    assert lr(found) == pytest.approx(0.90 / u)


def test_age_elapsed_years_make_a_young_report_match_an_older_body():
    young = report(age_min=17, age_max=17, date="2010-01-01")
    found = compare_age(young, remains(age_min=22, age_max=26, date="2015-06-01"), P)
    assert found.level == "within"  # 17 + 5.4 years
    assert compare_age(young, remains(age_min=22, age_max=26, date="2010-02-01"), P).level == "near"


def test_age_far_apart_is_evidence_against():
    found = compare_age(report(age_min=18, age_max=18), remains(age_min=40, age_max=50), P)
    assert found.level == "far"
    u = 1 - binned_mass(P.age_distribution, 40 - 0.5 - 5, 51 + 0.5 + 5)
    assert lr(found) == pytest.approx(0.02 / u)
    assert found.log10_lr < 0


def test_age_from_the_date_of_birth():
    found = compare_age(report(date_of_birth="1990-05-01"), remains(age_min=25, age_max=27, date="2016-05-25"), P)
    assert found.level == "within"
    assert "born 1990-05-01" in found.detail


# --- stature --------------------------------------------------------------------------------

def normal(mean: float, sd: float, low: float, high: float) -> float:
    def cdf(x: float) -> float:
        return 0.5 * (1 + math.erf((x - mean) / (sd * math.sqrt(2))))
    return cdf(high) - cdf(low)


def test_stature_near_uses_the_reported_sexs_distribution():
    found = compare_stature(report(sex="M", height_min_cm=175, height_max_cm=175),
                            remains(height_min_cm=165, height_max_cm=170), P)
    assert found.level == "near"  # 175 - 3 cm tolerance = 172, 2 cm above 170
    within = normal(170, 7.5, 165 - 3, 170 + 3)
    wider = normal(170, 7.5, 165 - 3 - 7, 170 + 3 + 7)
    assert lr(found) == pytest.approx(0.12 / (wider - within))


def test_stature_within():
    found = compare_stature(report(sex="F", height_min_cm=160, height_max_cm=165),
                            remains(height_min_cm=155, height_max_cm=162), P)
    assert found.level == "within"
    assert lr(found) == pytest.approx(0.85 / normal(158, 6.5, 155 - 5.5, 162 + 5.5))


# --- colours --------------------------------------------------------------------------------

def test_colour_words_become_canonical_colours():
    assert colours_in("black going grey", P.hair) == {"black", "grey"}
    assert colours_in("short curly", P.hair) == frozenset()
    assert colours_in("Dark brown", P.hair) == {"brown"}


def test_hair_same_similar_different():
    assert lr(compare_hair(report(hair_colour="short black"), remains(hair_colour="black, dark"), P)) \
        == pytest.approx(0.80 / 0.70)
    similar = compare_hair(report(hair_colour="dark brown"), remains(hair_colour="black"), P)
    assert similar.level == "similar" and lr(similar) == pytest.approx(0.14 / (0.18 + 0.07))
    different = compare_hair(report(hair_colour="blond"), remains(hair_colour="black"), P)
    assert different.level == "different" and lr(different) == pytest.approx(0.06 / (1 - 0.70 - 0.25))


# --- descriptions ---------------------------------------------------------------------------

@pytest.mark.parametrize("field,family,forensic", [
    ("personal_effects", "silver ring", "ring, silver"),
    ("personal_effects", "silver ring", "ring, white metal"),
    ("marks", "scar on left forearm", "healed scar, left forearm"),
    ("marks", "missing front tooth", "absent upper central incisor"),
    ("marks", "mole on the left side of the neck", "naevus, left neck"),
    ("clothing", "light blue jeans", "jeans, pale blue"),
    ("clothing", "grey sweatshirt with hood", "hooded sweatshirt, grey"),
])
def test_items_worded_differently_agree(field, family, forensic):
    assert item_agreement(tokenise(family, field), tokenise(forensic, field)) == "exact"


@pytest.mark.parametrize("field,family,forensic", [
    ("marks", "a scar on the left knee", "scar, right knee"),
    ("personal_effects", "gold ring", "ring, white metal"),
    ("clothing", "blue jeans", "jeans, black"),
    ("marks", "tattoo of a lion on right forearm", "scar, right forearm"),
])
def test_contradicting_details_or_other_objects_do_not_agree(field, family, forensic):
    assert item_agreement(tokenise(family, field), tokenise(forensic, field)) == "none"


def test_same_object_without_comparable_detail_is_partial():
    assert item_agreement(tokenise("Adidas tracksuit", "clothing"),
                          tokenise("tracksuit, black", "clothing")) == "partial"


def test_marks_levels_and_their_ratios():
    one = remains(marks=("tattoo, right forearm: lion",))
    ours = report(marks=("tattoo of a lion on right forearm", "broken nose"))
    from identify.evidence.descriptions import compare_field
    found = compare_field("marks", ours, one, P)
    assert found.level == "exact_distinctive" and lr(found) == pytest.approx(0.35 / 0.004)
    two = remains(marks=("healed nasal fracture", "tattoo on right forearm (lion)"))
    found = compare_field("marks", ours, two, P)
    assert found.level == "several" and lr(found) == pytest.approx(0.20 / 0.0002)
    none = compare_field("marks", ours, remains(marks=("birthmark on upper back",)), P)
    assert none.level == "no_match" and lr(none) == pytest.approx(0.20 / 0.8858)
    assert compare_field("marks", ours, remains(), P) is None


def test_common_items_count_less():
    found = match_items("clothing", ["blue jeans"], ["jeans, blue"])
    assert found.level == "exact_common"


def test_a_sighting_description_is_one_bag_of_words():
    found = match_items("marks", ["tattoo of a star on left hand"], [],
                        bag="young man, tattoo (star) on left hand, black jacket")
    assert found.level == "exact_distinctive"


# --- names ----------------------------------------------------------------------------------

def test_jaro_winkler_known_values():
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.9611, abs=1e-4)
    assert jaro_winkler("dixon", "dicksonx") == pytest.approx(0.8133, abs=1e-4)


@pytest.mark.parametrize("ours,theirs,level", [
    ("Mohammed Ali Hassan", "HASSAN Muhammad Ali", "exact"),      # order swapped, transliterated
    ("Mohamed Ahmed", "محمد أحمد", "exact"),                       # Arabic script
    ("Gebremariam Kidane", "Gebre Mariam Kidane", "exact"),        # compound in two words
    ("Yonas Tesfay Habtom", "Yonas Tesfai", "subset"),             # a part missing
    ("Ibrahim Musa", "Ibrahim Yahya", "one_word"),
    ("Filmon Tekle", "Semere Dawit", "different"),
])
def test_name_levels(ours, theirs, level):
    assert name_level(keys_of(ours), keys_of(theirs), P.names_fuzzy_min) == level


def test_names_take_the_best_alias():
    found = compare_names(report(names=("Yusuf Adam", "Abu Adam")), sighting(names=("Adam Yousef",)), P)
    assert found.level == "exact" and lr(found) == pytest.approx(0.55 / 0.001)


# --- date of birth, nationality -------------------------------------------------------------

def test_date_of_birth_levels():
    born = report(date_of_birth="1990-05-12")
    assert compare_date_of_birth(born, report(date_of_birth="1990-05"), P).level == "exact"
    assert compare_date_of_birth(born, report(date_of_birth="1990-07-01"), P).level == "same_year"
    found = compare_date_of_birth(report(date_of_birth="1990"), report(date_of_birth="1991-01-01"), P)
    assert found.level == "adjacent_year" and lr(found) == pytest.approx(0.05 / 0.09)


def test_nationality():
    same_nationality = compare_nationality(report(nationality="ERI"), sighting(nationality="ERI"), P)
    assert lr(same_nationality) == pytest.approx(0.92 / 0.15)


# --- time and place -------------------------------------------------------------------------

def test_same_voyage_u_is_measured_from_the_neighbourhood():
    link = Link("same_voyage", {"same_voyage": 10, "near_wreck": 40}, "voyage V-1", with_voyage=True)
    found = compare_time_place(report(date="2016-05-01"), remains(date="2016-05-20"), link,
                               Population(remains=1000), P)
    m = P.time_place.comparisons[("remains", "with_voyage")].level("same_voyage").m
    assert found.level == "same_voyage" and lr(found) == pytest.approx(m / (10 / 1000))


def test_unlinked_u_is_what_the_other_levels_leave():
    link = Link("unlinked", {"same_voyage": 10, "near_wreck": 40, "nearby_in_window": 50}, with_voyage=True)
    found = compare_time_place(report(), remains(), link, Population(remains=1000), P)
    m = P.time_place.comparisons[("remains", "with_voyage")].level("unlinked").m
    assert lr(found) == pytest.approx(m / (1 - 0.1 - 0.35))


def test_remains_recovered_before_the_last_sighting_count_against():
    link = Link("same_voyage", {"same_voyage": 10}, with_voyage=True)
    found = compare_time_place(report(date="2016-05-01"), remains(date="2016-04-01"), link,
                               Population(remains=1000), P)
    m = P.time_place.comparisons[("remains", "with_voyage")].level("before_last_seen").m
    assert found.level == "before_last_seen" and lr(found) == pytest.approx(m / 0.35) and lr(found) < 0.1


def test_a_sighting_that_answers_the_report_keeps_its_level_whatever_the_dates():
    link = Link("refers_to", {"refers_to": 1}, with_voyage=False)
    found = compare_time_place(report(date="2016-05-01"), sighting(date="2016-01-01"), link,
                               Population(sighting=500), P)
    m = P.time_place.comparisons[("sighting", "without_voyage")].level("refers_to").m
    assert found.level == "refers_to" and lr(found) == pytest.approx(m / (1 / 500))


def test_partial_dates_span_their_days():
    assert day_span("2016-02").last - day_span("2016-02").first == 28
    assert day_span("2016") .first == day_span("2016-01-01").first
    assert day_span("not a date") is None


# --- DNA ------------------------------------------------------------------------------------

def test_dna_is_used_as_the_screening_gave_it():
    found = compare_dna(KinshipResult(log10_lr=12.3, loci_compared=21, incompatible_loci=0,
                                      population="africa", references=("mother",)), P)
    assert found.log10_lr == 12.3 and not found.excludes
    assert "21 loci compared" in found.detail and "mother" in found.detail


def test_dna_exclusion_excludes_and_counts_at_most_the_named_floor():
    found = compare_dna(KinshipResult(log10_lr=-2.0, excluded=True, incompatible_loci=5), P)
    assert found.excludes and found.log10_lr == -6.0
    assert compare_dna(KinshipResult(log10_lr=-9.0, excluded=True), P).log10_lr == -9.0


def test_changing_one_named_number_changes_the_ratio():
    params = replace(P, sex_error={**P.sex_error, "remains": 0.10})
    assert lr(compare_sex(report(sex="M"), remains(sex="M"), params)) == pytest.approx(0.90 / 0.85)


def test_both_screened_without_a_recorded_result_counts_by_the_family_s_references():
    mother = report(dna_screened=True, dna_references=("mother", "spouse"))
    found = compare_dna(None, P, mother, remains(dna_screened=True, dna_loci=21))
    assert found.level == "not_reported" and lr(found) == pytest.approx(0.028 / 0.99)
    assert "parent, child or full sibling" in found.detail
    # a partial profile: a true pair falls below the bar more often
    few = compare_dna(None, P, mother, remains(dna_screened=True, dna_loci=7))
    assert lr(few) == pytest.approx(0.11 / 0.99)
    # a cousin alone: a true pair often scores below the bar, so its silence says little
    cousin = compare_dna(None, P, report(dna_screened=True, dna_references=("first_cousin",)),
                         remains(dna_screened=True, dna_loci=21))
    assert lr(cousin) == pytest.approx(0.45 / 0.99) and lr(few) < lr(cousin)
    # a spouse's reference alone: nothing could be reported, so no DNA evidence at all
    spouse = report(dna_screened=True, dna_references=("spouse",))
    assert compare_dna(None, P, spouse, remains(dna_screened=True, dna_loci=21)) is None
    assert compare_dna(None, P, mother, remains()) is None  # the remains were never typed
    assert compare_dna(None, P, report(), remains(dna_screened=True)) is None  # no screened family


def test_m_measured_for_a_kind_of_record_is_used_for_that_kind():
    sightings = P.for_kind("sighting")
    # registrars write one age: a sighting's age is often a year or two off the report's
    assert sightings.age.comparison.level("near").m > P.age.comparison.level("near").m
    assert P.for_kind("remains").age.comparison is not sightings.age.comparison
    raw = read_yaml("parameters.yaml")
    raw["age"]["m_by_kind"]["sighting"] = {"within": 0.5, "near": 0.1, "far": 0.1}
    with pytest.raises(ValueError, match="age: measured m values sum to"):
        parse_parameters(raw)
