"""Every cell of a 600-person scenario respects the contract's formats and vocabularies."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kinship.frequencies import POPULATIONS, load_frequencies, normalise_allele
from scenarios.genotypes import load_kits
from scenarios.geography import load_countries, load_routes

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
NUMBER_OR_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")
COORDINATE = re.compile(r"^-?\d{1,3}\.\d{4}$")
EMPTY_WORDS = {"N/A", "NA", "unknown", "-", "0"}

RELATIONSHIPS = {"mother", "father", "full_sibling", "half_sibling_maternal", "half_sibling_paternal",
                 "child", "spouse", "grandparent", "grandchild", "aunt_uncle", "niece_nephew",
                 "first_cousin", "other"}
VOCABULARY = {
    ("reports", "sex"): {"", "M", "F", "U"},
    ("reports", "status"): {"", "believed_missing", "believed_alive", "believed_dead"},
    ("relatives", "relationship"): RELATIONSHIPS,
    ("relatives", "sex"): {"", "M", "F", "U"},
    ("relatives", "is_reporter"): {"", "yes", "no"},
    ("vessels", "vessel_type"): {"", "rubber_dinghy", "wooden_boat", "fishing_boat", "sailboat", "cargo", "other"},
    ("vessels", "outcome"): {"", "arrived", "intercepted", "rescued", "capsized", "sank", "missing", "unknown"},
    ("sightings", "sighting_type"): {"disembarkation", "aboard_vessel", "reception_centre", "detention",
                                     "hospital", "witness_statement", "phone_contact", "other"},
    ("sightings", "sex"): {"", "M", "F", "U"},
    ("sightings", "condition"): {"", "alive", "injured", "dead", "unknown"},
    ("sightings", "reliability"): {"", "1", "2", "3", "4", "5"},
    ("remains", "recovery_context"): {"", "at_sea", "shore", "in_vessel", "land", "other"},
    ("remains", "completeness"): {"", "complete", "partial", "commingled"},
    ("remains", "condition"): {"", "fresh", "decomposed", "skeletonised", "burned"},
    ("remains", "sex"): {"", "M", "F", "U"},
    ("remains", "identification_status"): {"", "unidentified", "provisional", "identified"},
    ("dna_profiles", "sample_kind"): {"post_mortem", "reference", "personal_effect"},
    ("dna_profiles", "population"): {""} | set(POPULATIONS),
}
DATES = {
    "reports": ("reported_on", "last_seen_date", "departure_date"),
    "relatives": (),
    "vessels": ("departure_date", "outcome_date"),
    "sightings": ("date",),
    "remains": ("recovery_date", "burial_date"),
}
BIRTH_DATES = {"reports": ("date_of_birth",), "relatives": ("date_of_birth",)}
COORDINATES = {
    "reports": ("last_seen_lat", "last_seen_lon"),
    "vessels": ("departure_lat", "departure_lon", "outcome_lat", "outcome_lon"),
    "sightings": ("lat", "lon"),
    "remains": ("recovery_lat", "recovery_lon"),
}
RANGES = {
    "reports": ("age_at_disappearance", "height_cm"),
    "vessels": ("persons_aboard",),
    "sightings": ("age",),
}
COUNTS = {
    "vessels": ("survivors", "dead", "missing"),
    "remains": ("age_min", "age_max", "height_min_cm", "height_max_cm"),
}
MULTI_VALUED = {
    "reports": ("other_names", "distinguishing_marks", "clothing", "personal_effects"),
    "remains": ("distinguishing_marks", "clothing", "personal_effects"),
}
SHARING = ("reports", "relatives", "sightings", "remains")


def valid_partial_date(text: str, earliest: int, latest: int) -> bool:
    match = PARTIAL_DATE.match(text)
    if not match:
        return False
    year, month, day = (int(part) if part else None for part in match.groups())
    if not earliest <= year <= latest:
        return False
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def test_vocabulary_columns_hold_only_the_contracts_words(scenario):
    for (kind, column), allowed in VOCABULARY.items():
        seen = {row[column] for row in scenario.rows[kind]}
        assert seen <= allowed, (kind, column, seen - allowed)
    for kind in SHARING:
        assert {row["sharing"] for row in scenario.rows[kind]} <= {"", "partners", "agency"}
    sharing = [row["sharing"] for row in scenario.rows["reports"]]
    assert sharing.count("") > len(sharing) / 2 and "agency" in sharing


@pytest.mark.parametrize("kind", list(DATES))
def test_dates_are_partial_iso_dates_inside_the_scenario_window(scenario, kind):
    for row in scenario.rows[kind]:
        for column in DATES[kind]:
            if row[column]:
                assert valid_partial_date(row[column], 2014, 2024), (kind, column, row[column])
        for column in BIRTH_DATES.get(kind, ()):
            if row[column]:
                assert valid_partial_date(row[column], 1900, 2024), (kind, column, row[column])


def test_precision_of_dates_varies(scenario):
    lengths = {len(row["last_seen_date"]) for row in scenario.rows["reports"]}
    assert {0, 4, 7, 10} <= lengths


def test_coordinates_ranges_counts_and_lists_are_well_formed(scenario):
    for kind, columns in COORDINATES.items():
        for row in scenario.rows[kind]:
            for column in columns:
                if row[column]:
                    assert COORDINATE.match(row[column]), (kind, column, row[column])
                    limit = 90 if column.endswith("lat") else 180
                    assert -limit <= float(row[column]) <= limit
            lat, lon = (row[c] for c in columns[:2])
            assert bool(lat) == bool(lon), (kind, row)
    for kind, columns in RANGES.items():
        for row in scenario.rows[kind]:
            for column in columns:
                if row[column]:
                    match = NUMBER_OR_RANGE.match(row[column])
                    assert match, (kind, column, row[column])
                    if match.group(2):
                        assert int(match.group(1)) < int(match.group(2))
    for kind, columns in COUNTS.items():
        for row in scenario.rows[kind]:
            for column in columns:
                assert row[column] == "" or row[column].isdigit(), (kind, column, row[column])
    for row in scenario.rows["remains"]:
        for low, high in (("age_min", "age_max"), ("height_min_cm", "height_max_cm")):
            if row[low]:
                assert int(row[low]) <= int(row[high])
    for kind, columns in MULTI_VALUED.items():
        for row in scenario.rows[kind]:
            for column in columns:
                if row[column]:
                    parts = row[column].split(" | ")
                    assert all(part and part == part.strip() for part in parts), (kind, column, row[column])


def test_no_placeholder_stands_for_unknown(scenario):
    # Counts may be 0, and "unknown" is a word of the outcome and condition vocabularies.
    exempt = {"allele1", "allele2", "survivors", "dead", "missing", "outcome", "condition"}
    for kind, rows in scenario.rows.items():
        for row in rows:
            for column, value in row.items():
                if column in exempt:
                    continue
                assert value not in EMPTY_WORDS, (kind, column, value)
                assert value == value.strip(), (kind, column, value)


def test_required_cells_are_filled_and_ids_unique(scenario):
    for kind in ("reports", "relatives", "vessels", "sightings", "remains"):
        ids = [row["record_id"] for row in scenario.rows[kind]]
        assert all(ids) and len(ids) == len(set(ids)), kind
    for row in scenario.rows["reports"]:
        assert row["reported_on"]
        assert row["family_name"] or row["given_names"] or row["other_names"]
    for row in scenario.rows["relatives"]:
        assert row["report_id"] and row["relationship"] and (row["family_name"] or row["given_names"])
    for row in scenario.rows["sightings"]:
        assert row["family_name"] or row["given_names"]
    pairs = [(row["sample_id"], row["locus"]) for row in scenario.rows["dna_profiles"]]
    assert len(pairs) == len(set(pairs))


def test_routes_and_nationalities_are_names_the_loader_knows(scenario):
    routes = {route.name for route in load_routes()}
    countries = load_countries()
    nationalities = {code for code in countries} | {name for c in countries.values() for name in c.names}
    for kind in ("reports", "vessels"):
        assert {row["route"] for row in scenario.rows[kind]} <= routes | {""}
    for kind, column in (("reports", "nationality"), ("sightings", "nationality")):
        assert {row[column] for row in scenario.rows[kind]} <= nationalities | {""}


def test_dna_rows_use_norstr_locus_names_and_repeat_numbers(scenario):
    kits = load_kits()
    common = set.intersection(*(set(load_frequencies(p).loci) for p in POPULATIONS))
    for rows in scenario.profiles().values():
        kit = kits.kits[rows[0]["kit"]]
        assert kits.lab_kits[rows[0]["lab"]] == kit.name
        assert {row["locus"] for row in rows} <= set(kit.loci) <= common
        for row in rows:
            assert normalise_allele(row["allele1"]) == row["allele1"]
            assert row["allele2"] == "" or normalise_allele(row["allele2"]) == row["allele2"]
            if row["allele2"]:
                assert float(row["allele1"]) <= float(row["allele2"])
    assert 20 <= max(len(kit.loci) for kit in kits.kits.values()) <= 24


def test_references_between_files_resolve(scenario):
    reports = scenario.by_id("reports")
    relatives = scenario.by_id("relatives")
    vessels = scenario.by_id("vessels")
    remains = scenario.by_id("remains")
    samples = scenario.profiles()
    for row in scenario.rows["relatives"]:
        assert row["report_id"] in reports
        assert row["dna_sample_id"] == "" or row["dna_sample_id"] in samples
    for kind in ("reports", "sightings", "remains"):
        for row in scenario.rows[kind]:
            assert row["vessel_ref"] == "" or row["vessel_ref"] in vessels, (kind, row["vessel_ref"])
    for row in scenario.rows["sightings"]:
        assert row["report_ref"] == "" or row["report_ref"] in reports
    for row in scenario.rows["remains"]:
        assert row["dna_sample_id"] == "" or row["dna_sample_id"] in samples
    subjects = {"post_mortem": remains, "reference": relatives, "personal_effect": reports}
    for rows in samples.values():
        assert rows[0]["subject_ref"] in subjects[rows[0]["sample_kind"]]
