"""The pure normalisation the ingestion, the matcher and the search share."""

from __future__ import annotations

import pytest

from normalise.cell_text import split_values
from normalise.countries import country_code, country_name, country_of_place, find_country_code
from normalise.dates import (
    PartialDate,
    from_parts,
    is_zero_date,
    parse_any_date,
    parse_partial_date,
    parse_with_formats,
)
from normalise.geo import parse_coordinates, parse_lat_lon, place_uid, read_point, swapped_point
from normalise.name_keys import fold, name_key, name_variants, transliterate
from normalise.ranges import Count, NumberRange, find_height_in_metres, parse_age, parse_count, parse_range


@pytest.mark.parametrize("spelling", ["Mohammed", "Muhammad", "Mohamed", "Mohamad", "MOHAMMED", "محمد", "مُحَمَّد"])
def test_spellings_of_mohammed_share_one_key(spelling):
    assert name_key(spelling) == "mhmd"


@pytest.mark.parametrize("names, key", [
    (["Youssef", "Yusuf", "Yousef", "يوسف"], "ysf"),
    (["Fatima", "Fatimah", "فاطمة"], "ftm"),
    (["Abdullah", "Abd Allah", "عبد الله", "عبدالله", "Abdoulaye", "Abdoulai", "Abdullahi"], "bdl"),
    (["Abdulrahman", "Abd al-Rahman", "Abdel Rahman", "عبد الرحمن"], "bdrhmn"),
    (["Chérif", "Sharif", "شريف"], "shrf"),
    (["Aisha", "Aicha", "عائشة"], "sh"),
])
def test_transliteration_variants_meet(names, key):
    assert {name_key(name) for name in names} == {key}


def test_abdoulaye_does_not_swallow_the_family_name():
    # the `-aye` of Abdoulaye is not a name joined to `Abdoul`, and the family name stays a word
    assert name_key("Abdoulaye Diop") == "bdl dp"


def test_name_key_ignores_word_order_and_keeps_names_apart():
    assert name_key("Mohammed Ali") == name_key("ALI, Muhammad") == name_key("علي محمد") == "l mhmd"
    assert name_key("Mehmet") != name_key("Mohammed")
    assert name_key("Kidane Tesfay") == "kdn tsf"


def test_fold_and_transliterate_keep_unicode_nfc():
    assert fold("  E\u0301ric  MARTIN ") == "éric martin"
    assert transliterate("Ζωή") == "zoe"
    variants = name_variants(["Mohammed Haile", "محمد"]).split()
    assert {"mhmd", "Mohammed", "hl", "محمد"} <= set(variants)


@pytest.mark.parametrize("text, iso, precision", [
    ("2016", "2016", "year"), ("2016-05", "2016-05", "month"), ("2016-5", "2016-05", "month"),
    ("2016-05-25", "2016-05-25", "day"), ("2016-05-25T10:30:00", "2016-05-25", "day"),
])
def test_partial_iso_dates_keep_their_precision(text, iso, precision):
    assert parse_partial_date(text) == PartialDate(iso, precision)


@pytest.mark.parametrize("text", ["2016-13-01", "2016-02-30", "25/05/2016", "May 2016", "16", "1800"])
def test_bad_iso_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_written_and_day_first_dates():
    assert parse_any_date("November 04, 2018") == PartialDate("2018-11-04", "day")
    assert parse_any_date("Nov 4 2018") == PartialDate("2018-11-04", "day")
    assert parse_any_date("22/02/1990") == PartialDate("1990-02-22", "day")
    with pytest.raises(ValueError, match="day 29 of month 2"):
        parse_any_date("29/2/2010")


@pytest.mark.parametrize("day, month, year, expected", [
    ("3 ", "10", "2013 ", PartialDate("2013-10-03", "day")),
    ("10-20", "2", "1990", PartialDate("1990-02", "month")),
    ("around 15", "7", "2004", PartialDate("2004-07", "month")),
    ("", "10-11", "2013", PartialDate("2013", "year")),
    ("", "", "1997", PartialDate("1997", "year")),
    ("5", "3", "2012/2013", None),
    ("", "", "", None),
])
def test_split_date_columns_stop_at_the_first_uncertain_part(day, month, year, expected):
    assert from_parts(day, month, year) == expected


def test_ranges_strict_and_lenient():
    assert parse_range("25") == NumberRange(25, 25)
    assert parse_range("20-30") == NumberRange(20, 30)
    assert parse_range("20 – 30") == NumberRange(20, 30)
    with pytest.raises(ValueError):
        parse_range("35+")
    assert parse_age("35+", lenient=True) == NumberRange(35, None)
    assert parse_age("<18", lenient=True) == NumberRange(None, 18)
    assert parse_age("Around 30", lenient=True) == NumberRange(30, 30)
    assert parse_age("2,5-3,5", lenient=True) == NumberRange(2.5, 3.5)
    assert parse_age("6-8 months", lenient=True) == NumberRange(0.5, 0.67)
    assert parse_age("20-30 / 25-27", lenient=True) == NumberRange(20, 30)
    with pytest.raises(ValueError, match="minimum is larger"):
        parse_age("30-20")
    with pytest.raises(ValueError, match="out of range"):
        parse_age("130")
    assert find_height_in_metres("1.75m, 70kg") == NumberRange(175, 175)
    assert find_height_in_metres("1.70-1.72m, polio in right leg") == NumberRange(170, 172)
    assert find_height_in_metres("circumcised") is None


def test_countries_both_ways():
    assert country_code("Iran (Islamic Republic of)") == "IRN"
    assert country_code("ivory coast") == "CIV"
    assert country_code("Côte d'Ivoire") == "CIV"
    assert country_code("eri") == "ERI"
    assert country_code("United States of America") == country_code("USA") == "USA"
    assert country_code("Russian Federation") == "RUS"
    assert country_name("SYR") == "Syria"
    assert find_country_code("Wakanda") is None
    with pytest.raises(ValueError, match="not a country"):
        country_code("Atlantis")


def test_every_country_named_in_the_real_files_is_known(shared_data):
    import csv
    names = set()
    with open(shared_data / "real" / "deaths-at-the-borders-southern-eu-2016.csv", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows), next(rows)
        header = next(rows)
        for row in rows:
            record = dict(zip(header, row))
            names.update(record[c].strip() for c in ("Country", "Stated_nationality", "Guessed_nationality"))
    with open(shared_data / "real" / "iom-mmp-current-schema-sample.csv", encoding="utf-8") as f:
        for record in csv.DictReader(f):
            names.update((record["Country of Origin"], record["Country of Incident"]))
    names -= {"", "Unknown", "Yugoslavia", "Morocco / Tunisia", "Bangladesh / Pakistan", "Congo / Ivory Coast"}
    assert {name for name in names if find_country_code(name) is None} == set()


def test_coordinates():
    assert parse_coordinates("36.189252018320, -6.018160853906") == (36.18925201832, -6.018160853906)
    assert parse_coordinates("59.1551, 28") == (59.1551, 28.0)
    assert parse_coordinates("34.27 N 12.39 E") == (34.27, 12.39)
    assert parse_coordinates("N32.66140 W115.55400") == (32.6614, -115.554)
    assert parse_coordinates("") is None
    with pytest.raises(ValueError, match="latitude 95.1 is out of range"):
        parse_coordinates("95.1, 35.5")
    with pytest.raises(ValueError, match="not a"):
        parse_coordinates("near Lampedusa")
    assert parse_lat_lon("", "") is None
    with pytest.raises(ValueError, match="together"):
        parse_lat_lon("35.2", "")
    with pytest.raises(ValueError, match="longitude 190 is out of range"):
        parse_lat_lon("35.2", "190")
    assert place_uid("  Sabratha ", (32.79, 12.4801)) == "sabratha@32.790,12.480"


def test_multi_valued_cells():
    assert split_values("phone | ring |  | N/A") == ["phone", "ring"]
    assert split_values("phone|ring") == ["phone", "ring"]
    assert split_values("clothes, belt, shoes", ",") == ["clothes", "belt", "shoes"]


def test_normalisation_imports_neither_the_driver_nor_the_web_app():
    import subprocess
    import sys
    code = ("import sys, normalise.name_keys, normalise.dates, normalise.ranges, "
            "normalise.countries, normalise.geo, normalise.cell_text; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'neo4j', 'flask'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("text, point, form", [
    ("36.18, -6.01", (36.18, -6.01), None),
    ("POINT (-79.8528 25.7529)", (25.7529, -79.8528), "WKT POINT (longitude latitude)"),
    ("36,1892; -6,0181", (36.1892, -6.0181), "decimal commas"),
    ("36,18 -6,01", (36.18, -6.01), "decimal commas"),
    ("36°11'21\"N 6°01'05\"W", (36.18917, -6.01806), "degrees, minutes and seconds"),
    ("33°17′N 116°0′W", (33.28333, -116.0), "degrees, minutes and seconds"),
    ("36 11 21 N, 6 1 5 O", (36.18917, -6.01806), "degrees, minutes and seconds"),
    ("34.27 N 12.39 E", (34.27, 12.39), None),
    ("-98.29, 26.1", (-98.29, 26.1), None),
])
def test_coordinates_in_the_forms_real_files_write_them(text, point, form):
    found = read_point(text)
    assert (round(found.latitude, 5), round(found.longitude, 5), found.form) == (*point, form)


def test_a_pair_written_longitude_first_is_swapped_only_where_the_country_agrees():
    found = read_point("-116.00458, 33.28872")
    assert swapped_point(found, ["USA"]) == (33.28872, -116.00458)
    assert swapped_point(found, ["ESP"]) is None
    assert swapped_point(found, []) is None
    # Both numbers within the latitude range: nothing says they are swapped.
    assert swapped_point(read_point("12.5, 33.1"), ["LBY"]) is None


@pytest.mark.parametrize("description, code", [
    ("Rio Bravo, near El Indio, Maverick County, Texas, USA", "USA"),
    ("Open desert, Calexico, Imperial County, California", "USA"),
    ("Río Bravo, near Patricio Perez, Havana, Hidalgo County, Texas, US", "USA"),
    ("Off the coast of Tangier, Morocco (Gibraltar Strait)", "MAR"),
    ("off Libya", "LBY"),
    ("near the border of South Sudan", "SSD"),
    ("Unspecified location in the Sahara", None),
])
def test_the_country_a_place_description_names(description, code):
    assert country_of_place(description) == code


@pytest.mark.parametrize("text, count", [
    ("12", Count(12)), ("1,264", Count(1264)), ("12.0", Count(12)), ("12+", Count(12, "at least")),
    ("at least 12", Count(12, "at least")), (">5", Count(5, "more than")), ("~30", Count(30, "about")),
    ("about 30", Count(30, "about")), ("30?", Count(30, "about")), ("up to 5", Count(5, "at most")),
])
def test_counts_keep_their_number_and_qualifier(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["many", "3,5", "", "-2", "1.5"])
def test_what_is_no_count_is_refused(text):
    with pytest.raises(ValueError):
        parse_count(text)


@pytest.mark.parametrize("text, forms, iso, precision", [
    ("05/05/18", ["%d/%m/%y", "%b %y", "%Y"], "2018-05-05", "day"),
    ("Jan 18", ["%d/%m/%y", "%b %y", "%Y"], "2018-01", "month"),
    ("1994", ["%d/%m/%y", "%b %y", "%Y"], "1994", "year"),
    ("22/02/1990", ["day-first"], "1990-02-22", "day"),
    ("November 04, 2018", ["%d.%m.%Y", "day-first"], "2018-11-04", "day"),
])
def test_several_date_formats_tried_in_order_keep_their_precision(text, forms, iso, precision):
    assert parse_with_formats(text, forms) == PartialDate(iso, precision)


def test_dates_that_are_no_dates_and_the_websites_month_first_form():
    assert all(is_zero_date(text) for text in ("0", "00/00/0000", "0000-00-00", "00.00.0000"))
    assert not any(is_zero_date(text) for text in ("2016", "10", "1/1/2016"))
    assert parse_any_date("Tue, 12/31/2019 - 12:00") == PartialDate("2019-12-31", "day")
    with pytest.raises(ValueError, match="does not match the date formats %d/%m/%y, %Y"):
        parse_with_formats("31/02/19", ["%d/%m/%y", "%Y"])
