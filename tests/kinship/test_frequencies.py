"""The norSTR tables ship inside the package and are read as documented."""

from __future__ import annotations

from importlib import resources

import pytest

from kinship.frequencies import (
    MIN_FREQUENCY,
    POPULATIONS,
    UnknownLocus,
    UnknownPopulation,
    load_frequencies,
    normalise_allele,
    parse_frequency_file,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("14.0", "14"), ("9.3", "9.3"), (" 15 ", "15"), (14.0, "14"), (8, "8"), ("10.30", "10.3")],
)
def test_allele_designations_are_normalised(raw: object, expected: str) -> None:
    assert normalise_allele(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["X", "", "OL", "nan", "-1"])
def test_non_numeric_alleles_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="repeat number"):
        normalise_allele(raw)


@pytest.mark.parametrize("population", POPULATIONS)
def test_every_database_loads_and_sums_to_one_less_the_reserve(population: str) -> None:
    database = load_frequencies(population)
    assert database.population == population
    assert len(database.loci) >= 32
    for name in database.loci:
        assert sum(database.table(name).values()) == pytest.approx(1.0 - MIN_FREQUENCY, abs=1e-12)


def test_marker_names_with_spaces_and_renormalised_values() -> None:
    europe = load_frequencies("europe")
    assert "Penta E" in europe.loci and "D3S1358" in europe.loci
    raw = parse_frequency_file(
        resources.files("kinship.data").joinpath("norstr-europe-2023.txt").read_text(encoding="utf-8")
    )["TPOX"]
    scale = (1.0 - MIN_FREQUENCY) / sum(raw.values())
    assert europe.frequency("TPOX", "8") == pytest.approx(raw["8"] * scale, rel=1e-12)
    assert europe.frequency("TPOX", "8.0") == europe.frequency("TPOX", 8)


def test_absent_allele_gets_the_minimum_frequency() -> None:
    assert load_frequencies("norway").frequency("TH01", "42.1") == MIN_FREQUENCY


def test_unknown_locus_names_the_locus_and_database() -> None:
    with pytest.raises(UnknownLocus, match="'D99S999' is not in the norSTR africa database"):
        load_frequencies("africa").frequency("D99S999", "12")


def test_unknown_population_is_refused_with_the_choices() -> None:
    with pytest.raises(UnknownPopulation, match="east_asia"):
        load_frequencies("atlantis")


def test_tables_are_cached_and_the_licence_ships_with_them() -> None:
    assert load_frequencies("europe") is load_frequencies("europe")
    licence = resources.files("kinship.data").joinpath("LICENSE-norSTR.md").read_text(encoding="utf-8")
    assert "MIT License" in licence and "norSTR" in licence
