"""The pure normalisers on arbitrary text: only their documented ValueError, and well-formed values.

Agencies type anything into a cell. Whatever it is, a normaliser either returns a value the
graph can hold (a real ISO date with its precision, a range whose minimum is not above its
maximum, a latitude between the poles) or raises ValueError with a reason for the rejects report.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalise import cell_text, countries, dates, geo, name_keys, ranges

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Arbitrary Unicode, plus text built from the characters these parsers look for, so the fuzzing
# reaches past the first regular expression.
DATE_PIECES = st.sampled_from(["2016", "1899", "2101", "0000", "9999", "-", "/", ".", " ", "T", ",", "02", "13",
                               "29", "31", "00", "Nov", "November", "Sept", "feb", "٢٠١٦", "２０１６", "10:00"])
RANGE_PIECES = st.sampled_from(["20", "30", "2,5", "1.75", "0", "-", "–", "to", "+", "<", "around ", "~",
                                "months", " ", "/", "9" * 400, "120", "121", "250", "m", "ca."])
GEO_PIECES = st.sampled_from(["34.27", "-6.01", "91", "-181", "180", "N", "S", "E", "W", "°", ",", ";", " ",
                              "nan", "inf", "1e400", "9" * 400, "+", "36,18", "١٢"])


def pieces(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=60), st.lists(alphabet, max_size=10).map("".join))


def check_partial_date(value: dates.PartialDate) -> None:
    assert value.precision in dates.PRECISIONS
    assert value.iso.isascii()
    parts = [int(part) for part in value.iso.split("-")]
    assert len(parts) == dates.PRECISIONS.index(value.precision) + 1
    assert dates.EARLIEST_YEAR <= parts[0] <= 2100
    if value.precision == "day":
        assert date.fromisoformat(value.iso).isoformat() == value.iso
    elif value.precision == "month":
        assert date.fromisoformat(value.iso + "-01")
    else:
        assert len(value.iso) == 4


@FUZZ
@given(pieces(DATE_PIECES))
def test_date_parsers_return_real_dates_or_value_error(text):
    for parser in (dates.parse_any_date, dates.parse_partial_date, dates.parse_written_date,
                   dates.parse_day_first):
        try:
            check_partial_date(parser(text))
        except ValueError as error:
            assert str(error)


@FUZZ
@given(pieces(DATE_PIECES), pieces(DATE_PIECES), pieces(DATE_PIECES))
def test_split_date_columns_return_real_dates_none_or_value_error(day, month, year):
    try:
        value = dates.from_parts(day, month, year)
    except ValueError as error:
        assert str(error)
        return
    if value is not None:
        check_partial_date(value)


@FUZZ
@given(pieces(DATE_PIECES))
def test_month_number_is_one_to_twelve_or_value_error(text):
    try:
        assert 1 <= dates.month_number(text) <= 12
    except ValueError as error:
        assert str(error)


def check_range(value: ranges.NumberRange, low: float, high: float) -> None:
    for bound in (value.minimum, value.maximum):
        assert bound is None or (not math.isnan(bound) and low <= bound <= high)
    if value.minimum is not None and value.maximum is not None:
        assert value.minimum <= value.maximum


@FUZZ
@given(pieces(RANGE_PIECES), st.booleans())
def test_ranges_have_minimum_not_above_maximum(text, lenient):
    try:
        check_range(ranges.parse_range(text, lenient=lenient), -math.inf, math.inf)
    except ValueError as error:
        assert str(error)
    try:
        check_range(ranges.parse_age(text, lenient=lenient), 0, 120)
    except ValueError as error:
        assert str(error)
    try:
        check_range(ranges.parse_height_cm(text, lenient=lenient), 30, 250)
    except ValueError as error:
        assert str(error)


@FUZZ
@given(pieces(RANGE_PIECES))
def test_heights_found_in_free_text_are_statures(text):
    found = ranges.find_height_in_metres(text)
    if found is not None:
        check_range(found, 100, 299)


def check_point(point: tuple[float, float]) -> None:
    latitude, longitude = point
    assert -90 <= latitude <= 90 and -180 <= longitude <= 180


@FUZZ
@given(pieces(GEO_PIECES), pieces(GEO_PIECES))
def test_coordinates_are_on_the_globe_or_value_error(first, second):
    for parse in (lambda: geo.parse_coordinates(first), lambda: geo.parse_coordinates(f"{first}, {second}"),
                  lambda: geo.parse_lat_lon(first, second)):
        try:
            point = parse()
        except ValueError as error:
            assert str(error)
            continue
        if point is not None:
            check_point(point)
    try:
        found = geo.find_hemisphere_coordinates(f"{first} {second}")
    except ValueError as error:
        assert str(error)
        return
    if found is not None:
        check_point(found)


@FUZZ
@given(st.text(max_size=40), st.one_of(st.none(), st.tuples(
    st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False))))
def test_place_uid_is_folded_text(name, point):
    uid = geo.place_uid(name, point)
    assert uid == uid.strip() and "  " not in uid
    if point is not None:
        assert uid.count("@") >= 1 and uid.rsplit("@", 1)[1].count(",") == 1


KNOWN = countries.all_codes()


@FUZZ
@given(st.one_of(st.text(max_size=40), st.sampled_from(KNOWN), st.sampled_from(KNOWN).map(str.lower)))
def test_country_code_is_a_known_alpha3_or_value_error(text):
    try:
        code = countries.country_code(text)
    except ValueError as error:
        assert str(error)
        assert countries.find_country_code(text) is None
        return
    assert code in KNOWN and len(code) == 3 and code.isupper()
    assert countries.country_name(code)
    assert countries.country_code(code) == code


@FUZZ
@given(st.text(max_size=80))
def test_names_give_nfc_text_and_latin_keys(text):
    normalised = name_keys.normalise_text(text)
    assert unicodedata.is_normalized("NFC", normalised)
    assert normalised == normalised.strip() and "  " not in normalised
    assert name_keys.fold(text) == normalised.casefold()
    key = name_keys.name_key(text)
    assert all(word.isascii() and word.isalpha() and word.islower() for word in key.split())
    assert key.split() == sorted(key.split())
    assert all(word.isascii() for word in name_keys.word_keys(text))
    assert name_keys.transliterate(text) == name_keys.transliterate(text).lower()
    variants = name_keys.name_variants([text, normalised, ""])
    assert "  " not in variants


@FUZZ
@given(st.text(max_size=60))
def test_cells_clean_and_split(text):
    cleaned = cell_text.clean(text)
    assert cleaned == cleaned.strip()
    for value in cell_text.split_values(text):
        assert value and value == value.strip() and not cell_text.is_empty_marker(value)
