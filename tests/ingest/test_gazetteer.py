"""Places named without coordinates get the town the offline gazetteer finds, recorded beside the
record's own data and reviewable; the case map shows them as approximate."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmodel.store import Store
from ingest import places
from normalise.gazetteer import Gazetteer, key
from queries.catalog import app_query

from .conftest import node, write_csv

HEADER = ["record_id", "reported_on", "family_name", "given_names", "sex", "last_seen_date", "last_seen_place",
          "last_seen_lat", "last_seen_lon", "departure_place", "departure_date", "nationality"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return places.gazetteer()


@pytest.mark.parametrize(("name", "country", "town", "town_country", "match"), [
    ("Zuwara", "LBY", "Zuwarah", "LBY", "name"),
    ("زوارة", None, "Zuwarah", "LBY", "name"),                          # the Arabic name
    ("ZUWARAH", None, "Zuwarah", "LBY", "name"),
    ("Zuwara beach", "LBY", "Zuwarah", "LBY", "contained"),
    ("38 km north of Zuwara", None, "Zuwarah", "LBY", "near"),
    ("Sabratha teaching hospital", "LBY", "Şabrātah", "LBY", "contained"),
    ("Tripoli Bir al-Osta Milad cemetery", "LBY", "Tripoli", "LBY", "contained"),
    ("Lampedusa cemetery", "ITA", "Lampedusa", "ITA", "contained"),
    ("Nouadhibou port", "MRT", "Nouadhibou", "MRT", "contained"),
    ("Tapachula", "MEX", "Tapachula", "MEX", "name"),
])
def test_names_as_agencies_write_them_find_their_town(gazetteer, name, country, town, town_country, match):
    found = gazetteer.locate(name, country)
    assert found is not None, name
    assert (found.town.name, found.town.country, found.match) == (town, town_country, match)


def test_a_country_keeps_the_town_in_it_and_without_one_the_choice_is_counted(gazetteer):
    lebanon = gazetteer.locate("Tripoli", "LBN")
    assert lebanon is not None and lebanon.town.country == "LBN" and lebanon.others == 0
    anywhere = gazetteer.locate("Tripoli")
    assert anywhere is not None and anywhere.town.country == "LBY" and anywhere.others >= 2
    # The name of a town of another country is no match at all.
    assert gazetteer.locate("Zuwara", "ITA") is None


@pytest.mark.parametrize("name", ["beach", "Port", "the coast", "12 km north of", "Unknown", "at sea", "xq"])
def test_generic_words_and_unknown_names_find_nothing(gazetteer, name):
    assert gazetteer.locate(name) is None


def test_keys_fold_case_accents_and_punctuation():
    assert key("Şabrātah") == key("sabratah") == "sabratah"
    assert key("Bir al-Osta  Milad") == "bir al osta milad"


def _delivery(folder: Path, rows: list[list[str]]) -> Path:
    write_csv(folder / "reports.csv", HEADER, rows)
    return folder


ROWS = [
    ["R-1", "2016-06-01", "Haile", "Tesfay", "M", "2016-05-20", "Zuwara beach", "", "", "Agadez", "2016-04-02", "ERI"],
    ["R-2", "2016-06-02", "Idris", "Amal", "F", "2016-05-21", "Sabratha", "32.793", "12.488", "Khartoum", "2016-03",
     "SDN"],
    ["R-3", "2016-06-03", "Musa", "Ali", "M", "", "somewhere in the desert", "", "", "", "", "NGA"],
]


def test_ingest_locates_places_once_and_a_rejected_match_stays_rejected(load, store: Store, tmp_path):
    folder = _delivery(tmp_path / "d1", ROWS)
    load("interchange", folder, agency="ICRC")
    beach = node(store, "Place", "zuwara beach")
    assert beach["gazetteer"] == "located" and beach["gazetteer_name"] == "Zuwarah"
    assert beach["gazetteer_match"] == "contained" and beach["gazetteer_term"] == "zuwara"
    assert "location" not in beach                      # the record's own data is left as it was
    assert abs(beach["gazetteer_location"].y - 32.93) < 0.05 and abs(beach["gazetteer_location"].x - 12.12) < 0.05
    agadez = node(store, "Place", "agadez")
    assert agadez["gazetteer_name"] == "Agadez" and agadez["gazetteer_country"] == "NER"
    desert = node(store, "Place", "somewhere in the desert")
    assert desert["gazetteer"] == "not_found" and "gazetteer_location" not in desert
    # A place with coordinates of its own is never looked up.
    with_point = store.read("MATCH (p:Place) WHERE p.name = 'Sabratha' RETURN properties(p) AS p")[0]["p"]
    assert "gazetteer" not in with_point
    # Nothing left to do: a second pass and a second load read nothing again.
    assert places.locate_places(store) == (0, 0)
    load("interchange", folder, agency="ICRC")
    assert node(store, "Place", "zuwara beach") == beach

    # A reviewer rejects a match: the point goes and a later load does not bring it back.
    assert places.reject(store, "agadez") is not None
    assert places.reject(store, "no such place") is None
    load("interchange", _delivery(tmp_path / "d2", ROWS), agency="ICRC")
    agadez = node(store, "Place", "agadez")
    assert agadez["gazetteer"] == "rejected" and "gazetteer_location" not in agadez
    listed = {row["uid"]: row for row in places.listed(store, ["located", "rejected", "not_found"])}
    assert listed["agadez"]["status"] == "rejected" and listed["zuwara beach"]["town"] == "Zuwarah"
    assert listed["somewhere in the desert"]["status"] == "not_found"


def _places(store: Store, uid: str) -> list[dict]:
    query, parameters = app_query("ui_case_places", {"uid": uid, "agency": "ICRC"})
    return store.read(query.text, parameters)


def test_the_case_map_places_the_familys_account_approximately(load, store: Store, tmp_path):
    load("interchange", _delivery(tmp_path / "d", ROWS), agency="ICRC")
    rows = _places(store, "ICRC:R-1")
    by_role = {row["role"]: row for row in rows}
    assert set(by_role) == {"departure", "last_seen"}
    assert by_role["departure"]["name"] == "Agadez" and by_role["departure"]["approximate"] is True
    assert by_role["departure"]["date"] == "2016-04-02" and by_role["departure"]["town"] == "Agadez"
    assert by_role["last_seen"]["date"] == "2016-05-20" and by_role["last_seen"]["approximate"] is True
    exact = _places(store, "ICRC:R-2")
    last_seen = next(row for row in exact if row["role"] == "last_seen")
    assert last_seen["approximate"] is False and abs(last_seen["lat"] - 32.793) < 1e-6
