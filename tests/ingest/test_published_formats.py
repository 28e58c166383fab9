"""The published files as they are: IOM Missing Migrants (both schemas) and Deaths at the Borders."""

from __future__ import annotations

import pytest

from graphmodel.fingerprint import fingerprint
from ingest.errors import FileRefused

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
    place = store.read("MATCH (:Incident {uid: 'IOM:2014.MMP00017'})-[r:OCCURRED_AT]->(p:Place) "
                       "RETURN r.location.latitude AS lat, r.location.longitude AS lon, p.country AS country")[0]
    assert (place["lat"], place["lon"], place["country"]) == (7.0167471, 100.4674982, "THA")
    assert summary.layout == "current"
    iran = node(store, "Incident", "IOM:2014.MMP00015")
    assert iran["countries_of_origin"] == ["IRN"]
    assert ("IOM:2014.MMP00007", "Eastern Mediterranean") in relationships(store, "ON_ROUTE")


def test_iom_2018_export_loads_every_incident_and_every_death_and_reloads_unchanged(load, store, real, tmp_path):
    path = real / "iom-mmp-global-2018-11-07.csv"
    summary = load("iom-mmp", path, rejects_dir=tmp_path / "out").summaries[0]
    assert (summary.rows_read, summary.loaded, summary.rejected) == (4286, 4286, 0)
    assert summary.layout == "2017-2020"
    assert counts(store)["Incident"] == 4286
    assert store.read("MATCH (i:Incident) RETURN sum(i.dead_and_missing) AS total")[0]["total"] == 28944
    deaths = summary.dead_and_missing
    assert (deaths.file, deaths.loaded, deaths.graph, deaths.unaccounted) == (28944, 28944, 28944, [])
    # 18 US-Mexico border rows of the 2018 export have latitude and longitude swapped: put right,
    # because the swapped point lies in the country the place description names.
    assert summary.repairs == {"swapped coordinates": 18}
    warned = read_csv(tmp_path / "out" / "iom-mmp-global-2018-11-07.warnings.csv")
    assert len(warned) == 18 and {r["column"] for r in warned} == {"Location Coordinates"}
    assert (warned[0]["line"], warned[0]["Web ID"], warned[0]["reason"]) == (
        "793", "44298", "Location Coordinates: '-116.004580000000, 33.288720000000' is longitude, latitude: read as "
        "latitude 33.2887, longitude -116.005, in USA as the place says")
    salton = store.read("MATCH (:Incident {uid: 'IOM:44298'})-[r:OCCURRED_AT]->(p:Place) "
                        "RETURN r.location.latitude AS lat, r.location.longitude AS lon, "
                        "p.location.latitude AS place_lat, p.location.longitude AS place_lon")[0]
    assert salton == {"lat": 33.28872, "lon": -116.00458, "place_lat": 33.289, "place_lon": -116.005}
    barbate = node(store, "Incident", "IOM:46050")
    assert {key: barbate.get(key) for key in ("date", "date_precision", "date_raw", "dead", "dead_and_missing",
                                              "males", "cause", "country", "source_quality", "region", "schema")} == {
        "date": "2018-11-04", "date_precision": "day", "date_raw": "November 04, 2018", "dead": 1,
        "dead_and_missing": 1, "males": 19, "cause": "Drowning", "country": "ESP", "source_quality": 1,
        "region": "Mediterranean", "schema": "2017-2020"}
    place = store.read("MATCH (:Incident {uid: 'IOM:46050'})-[r:OCCURRED_AT]->(p:Place) "
                       "RETURN p.name AS name, r.location.latitude AS lat, r.location.longitude AS lon, "
                       "p.location.latitude AS place_lat")[0]
    assert place == {"name": "Body found on Los Caños beach, Barbate, Cadiz, Spain",
                     "lat": 36.18925201832, "lon": -6.018160853906, "place_lat": 36.189}
    routes = {route for _, route in relationships(store, "ON_ROUTE")}
    assert {"Western Mediterranean", "Central Mediterranean", "Central America to US"} <= routes
    # "Unknown" causes are read as empty and counted.
    assert summary.empty_markers["Cause of Death"] == 472
    assert store.read("MATCH (i:Incident) WHERE toLower(i.cause) = 'unknown' RETURN count(i) AS c")[0]["c"] == 0
    skeletal = store.read("MATCH (i:Incident) WHERE i.cause = 'Unknown (skeletal remains)' RETURN count(i) AS c")
    assert skeletal[0]["c"] > 0

    before = fingerprint(store)
    again = load("iom-mmp", path).summaries[0]
    assert (again.unchanged, again.nodes_created, again.relationships_created) == (4286, 0, 0)
    assert fingerprint(store) == before
    assert again.dead_and_missing.graph == 28944


def test_deaths_at_the_borders_loads_every_death_and_reloads_unchanged(load, store, real, tmp_path):
    result = load("deaths-at-borders", real / DATB, rejects_dir=tmp_path / "rejects")
    summary = result.summaries[0]
    assert (summary.agency, summary.rows_read, summary.loaded, summary.rejected) == ("DATB", 3188, 3188, 0)
    assert counts(store)["Remains"] == 3188
    deaths = summary.dead_and_missing
    assert (deaths.file, deaths.loaded, deaths.graph, deaths.unaccounted) == (3188, 3188, 3188, [])
    warned = read_csv(tmp_path / "rejects" / "deaths-at-the-borders-southern-eu-2016.warnings.csv")
    repeated = [(r["line"], r["reason"]) for r in warned if r["column"] == "Case_number"]
    assert repeated == [
        ("1351", "Case_number: 'GR104/008' also on line 1335: a distinct record, loaded as 'GR104/008#2'"),
        ("1352", "Case_number: 'GR104/009' also on line 1336: a distinct record, loaded as 'GR104/009#2'"),
        ("1749", "Case_number: 'ES075/001' also on line 388: a distinct record, loaded as 'ES075/001#2'"),
    ]
    second = node(store, "Remains", "DATB:GR104/008#2")
    assert (second["case_number"], second["record_id"]) == ("GR104/008", "GR104/008#2")
    assert node(store, "Remains", "DATB:GR104/008")["case_number"] == "GR104/008"
    # An impossible date of death costs that date, not the body.
    leap = node(store, "Remains", "DATB:ES051/119")
    assert (leap.get("death_date"), leap["raw_death_date"]) == (None, "29/2/2010")
    assert summary.dropped == {"Day_died": 1}

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
    assert summary.warnings["Estimated_age"] == 6
    with_coordinates = store.read(
        "MATCH (:Remains)-[:RECOVERED_AT]->(p:Place) WHERE p.name STARTS WITH '34.27 N 12.39 E' "
        "RETURN DISTINCT p.location.latitude AS lat, p.location.longitude AS lon")
    assert with_coordinates == [{"lat": 34.27, "lon": 12.39}]

    before = fingerprint(store)
    again = load("deaths-at-borders", real / DATB, rejects_dir=tmp_path / "again").summaries[0]
    assert (again.unchanged, again.nodes_created, again.relationships_created) == (3188, 0, 0)
    assert again.dead_and_missing.graph == 3188
    assert fingerprint(store) == before


def test_iom_2022_export_as_published_loads_with_its_encoding_named(load, store, real, tmp_path):
    path = real / "iom-mmp-2022-variant-sample.csv"
    with pytest.raises(FileRefused, match="--encoding"):
        load("iom-mmp", path)
    summary = load("iom-mmp", path, encoding="cp1252", rejects_dir=tmp_path / "out").summaries[0]
    assert (summary.rows_read, summary.loaded, summary.rejected, summary.layout) == (25, 25, 0, "2022")
    assert summary.repairs == {"WKT POINT (longitude latitude)": 25}
    assert summary.dead_and_missing.graph == summary.dead_and_missing.file > 0
    miami = store.read("MATCH (i:Incident {uid: 'IOM:2014.MMP00220'})-[r:OCCURRED_AT]->(p:Place) "
                       "RETURN r.location.latitude AS lat, r.location.longitude AS lon, i.schema AS schema, "
                       "i.article_title AS title, i.dead_and_missing AS toll")[0]
    assert miami == {"lat": 25.7529, "lon": -79.8528, "schema": "2022",
                     "title": "COAST GUARD SEARCHING FOR POSSIBLE MIGRANTS OFF COAST OF MIAMI BEACH", "toll": 2}
