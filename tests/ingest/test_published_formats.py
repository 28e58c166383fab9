"""The published files as they are: IOM Missing Migrants (both schemas) and Deaths at the Borders."""

from __future__ import annotations

import pytest

from graphmodel.fingerprint import fingerprint

from .conftest import counts, node, read_csv, relationships

DATB = "deaths-at-the-borders-southern-eu-2016.csv"


@pytest.fixture
def real(shared_data):
    return shared_data / "real"


def test_iom_current_schema_sample(load, store, real):
    result = load("iom-mmp", real / "iom-mmp-current-schema-sample.csv")
    summary = result.summaries[0]
    assert (summary.agency, summary.rows_read, summary.loaded, summary.rejected) == ("IOM", 16, 16, 0)
    assert counts(store)["Incident"] == 16

    cumulative = node(store, "Incident", "IOM:2014.MMP00017")
    assert {key: cumulative.get(key) for key in (
        "record_id", "main_id", "incident_type", "date", "date_precision", "dead", "survivors", "males",
        "country", "country_raw", "countries_of_origin", "cause", "source_quality", "schema")} == {
        "record_id": "2014.MMP00017", "main_id": "2014.MMP00017", "incident_type": "Cumulative Incident",
        "date": "2014-02-02", "date_precision": "day", "dead": 5, "survivors": 500, "males": 5,
        "country": "THA", "country_raw": "Thailand", "countries_of_origin": ["MMR"],
        "cause": "Sickness / lack of access to adequate healthcare", "source_quality": 1, "schema": "current"}
    place = store.read("MATCH (:Incident {uid: 'IOM:2014.MMP00017'})-[:OCCURRED_AT]->(p:Place) "
                       "RETURN p.location.latitude AS lat, p.location.longitude AS lon, p.country AS country")[0]
    assert (place["lat"], place["lon"], place["country"]) == (7.0167471, 100.4674982, "THA")
    iran = node(store, "Incident", "IOM:2014.MMP00015")
    assert iran["countries_of_origin"] == ["IRN"]
    assert ("IOM:2014.MMP00007", "Eastern Mediterranean") in relationships(store, "ON_ROUTE")


def test_iom_2018_export_loads_and_reloads_unchanged(load, store, real, tmp_path):
    path = real / "iom-mmp-global-2018-11-07.csv"
    summary = load("iom-mmp", path, rejects_dir=tmp_path / "out").summaries[0]
    # 18 US-Mexico border rows of the 2018 export have latitude and longitude swapped.
    assert (summary.rows_read, summary.loaded, summary.rejected) == (4286, 4268, 18)
    assert counts(store)["Incident"] == 4268
    rejects = read_csv(tmp_path / "out" / "iom-mmp-global-2018-11-07.rejects.csv")
    assert {r["column"] for r in rejects} == {"Location Coordinates"}
    assert (rejects[0]["line"], rejects[0]["Web ID"], rejects[0]["reason"]) == (
        "793", rejects[0]["Web ID"], "Location Coordinates: latitude -116.005 is out of range (-90 to 90)")
    barbate = node(store, "Incident", "IOM:46050")
    assert {key: barbate.get(key) for key in ("date", "date_precision", "date_raw", "dead", "dead_and_missing",
                                              "males", "cause", "country", "source_quality", "region", "schema")} == {
        "date": "2018-11-04", "date_precision": "day", "date_raw": "November 04, 2018", "dead": 1,
        "dead_and_missing": 1, "males": 19, "cause": "Drowning", "country": "ESP", "source_quality": 1,
        "region": "Mediterranean", "schema": "2018"}
    place = store.read("MATCH (:Incident {uid: 'IOM:46050'})-[:OCCURRED_AT]->(p:Place) "
                       "RETURN p.name AS name, p.location.latitude AS lat, p.location.longitude AS lon")[0]
    assert place == {"name": "Body found on Los Caños beach, Barbate, Cadiz, Spain",
                     "lat": 36.18925201832, "lon": -6.018160853906}
    routes = {route for _, route in relationships(store, "ON_ROUTE")}
    assert {"Western Mediterranean", "Central Mediterranean", "Central America to US"} <= routes
    # "Unknown" causes are read as empty and counted.
    assert summary.empty_markers["Cause of Death"] == 472
    assert store.read("MATCH (i:Incident) WHERE toLower(i.cause) = 'unknown' RETURN count(i) AS c")[0]["c"] == 0
    assert store.read("MATCH (i:Incident) WHERE i.cause = 'Unknown (skeletal remains)' RETURN count(i) AS c")[0]["c"] > 0

    before = fingerprint(store)
    again = load("iom-mmp", path).summaries[0]
    assert (again.unchanged, again.nodes_created, again.relationships_created) == (4268, 0, 0)
    assert fingerprint(store) == before


def test_deaths_at_the_borders(load, store, real, tmp_path):
    result = load("deaths-at-borders", real / DATB, rejects_dir=tmp_path / "rejects")
    summary = result.summaries[0]
    assert (summary.agency, summary.rows_read, summary.loaded, summary.rejected) == ("DATB", 3188, 3184, 4)
    assert counts(store)["Remains"] == 3184
    rejects = read_csv(tmp_path / "rejects" / "deaths-at-the-borders-southern-eu-2016.rejects.csv")
    assert [(r["line"], r["column"], r["reason"]) for r in rejects] == [
        ("1351", "Case_number", "Case_number: duplicate id 'GR104/008' within the file (first on line 1335)"),
        ("1352", "Case_number", "Case_number: duplicate id 'GR104/009' within the file (first on line 1336)"),
        ("1749", "Case_number", "Case_number: duplicate id 'ES075/001' within the file (first on line 388)"),
        ("2448", "Day_died", "Day_died: '29/2/2010' is not a date (day 29 of month 2)"),
    ]
    assert rejects[3]["Case_number"] == "ES051/119"

    body = node(store, "Remains", "DATB:ES022/001")
    assert {key: body.get(key) for key in (
        "sex", "recovery_date", "recovery_date_precision", "death_date", "death_date_precision",
        "personal_effects", "identification_status", "cause_of_death", "secondary_cause", "time_since_death",
        "age_min", "recovery_place_raw")} == {
        "sex": "F", "recovery_date": "1990-03-20", "recovery_date_precision": "day", "death_date": "1990-02",
        "death_date_precision": "month", "personal_effects": ["clothes"], "identification_status": "unidentified",
        "cause_of_death": "drowning", "secondary_cause": "injury to the chest", "time_since_death": "4-6 weeks",
        "age_min": None, "recovery_place_raw": "sea, 40m from coast"}
    estimated = node(store, "Remains", "DATB:ES027/001")
    assert (estimated["age_min"], estimated["age_max"], estimated["age_estimated"]) == (20, 30, True)
    recorded = node(store, "Remains", "DATB:ES003/016")
    assert (recorded["age_min"], recorded["age_max"], recorded["age_estimated"], recorded["nationality"]) == (
        21, 21, False, "MAR")
    recovered_at = store.read("MATCH (:Remains {uid: 'DATB:ES022/001'})-[:RECOVERED_AT]->(p:Place) "
                              "RETURN p.name AS name, p.country AS country")[0]
    assert recovered_at == {"name": "sea, 40m from coast", "country": "ESP"}
    buried = store.read("MATCH (:Remains {uid: 'DATB:ES027/001'})-[:BURIED_AT]->(p:Place) "
                        "RETURN p.name AS name, p.country AS country")[0]
    assert buried == {"name": "Ayamonte, Spain", "country": "ESP"}
    statures = store.read("MATCH (r:Remains) WHERE r.height_min_cm IS NOT NULL RETURN count(r) AS c")[0]["c"]
    assert statures > 400
    lampedusa = store.read("MATCH (r:Remains)-[:RECOVERED_FROM]->(i:Incident {uid: 'DATB:Agrigento 27'}) "
                           "RETURN count(r) AS bodies, i.country AS country")[0]
    assert lampedusa == {"bodies": 364, "country": "ITA"}
    assert summary.warnings["Estimated_age: not a number or range; kept as written"] == 6
    with_coordinates = store.read(
        "MATCH (:Remains)-[:RECOVERED_AT]->(p:Place) WHERE p.name STARTS WITH '34.27 N 12.39 E' "
        "RETURN DISTINCT p.location.latitude AS lat, p.location.longitude AS lon")
    assert with_coordinates == [{"lat": 34.27, "lon": 12.39}]
