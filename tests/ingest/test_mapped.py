"""Declarative mappings: the shipped examples, and mistakes in a mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import MappingError
from ingest.formats.mapped import load_mapping

from .conftest import node, read_csv, relationships

MAPPINGS = Path(__file__).resolve().parents[2] / "ingest" / "mappings"


def test_morgue_register_mapping(load, store, tmp_path):
    result = load("mapped", MAPPINGS / "examples" / "morgue-register.csv", "MORGUE-AG",
                  mapping=MAPPINGS / "morgue-register.yaml", rejects_dir=tmp_path / "out")
    summary = result.summaries[0]
    assert (summary.rows_read, summary.loaded, summary.rejected) == (4, 4, 0)
    assert summary.extra_columns == ["Notes"]
    assert summary.empty_markers == {"Prosecutor file": 1, "Sex": 1, "State": 1}
    body = node(store, "Remains", "MORGUE-AG:AG-2023-001")
    assert {key: body.get(key) for key in (
        "case_number", "recovery_date", "recovery_context", "sex", "age_min", "age_max", "height_min_cm",
        "condition", "clothing", "personal_effects", "identification_status", "institution", "agency")} == {
        "case_number": "PF 112/23", "recovery_date": "2023-06-14", "recovery_context": "shore", "sex": "M",
        "age_min": 20, "age_max": 30, "height_min_cm": 170, "condition": "decomposed",
        "clothing": ["black jeans", "white T-shirt"], "personal_effects": ["rosary", "phone"],
        "identification_status": "unidentified", "institution": "Coastal morgue", "agency": "MORGUE-AG"}
    assert node(store, "Remains", "MORGUE-AG:AG-2023-002")["extra_notes"] == "found by fishing boat"
    assert relationships(store, "RECOVERED_AT") == {
        ("MORGUE-AG:AG-2023-001", "scala dei turchi beach, realmonte@37.291,13.470"),
        ("MORGUE-AG:AG-2023-002", "lampedusa@35.497,12.605"),
        ("MORGUE-AG:AG-2023-003", "port, porto empedocle"),
        # Its point (latitude 95.1) is dropped; the place is kept by name.
        ("MORGUE-AG:AG-2023-004", "open sea")}
    assert relationships(store, "SAMPLED_FROM") == {("MORGUE-AG:DNA-AG-001", "MORGUE-AG:AG-2023-001")}
    assert read_csv(tmp_path / "out" / "morgue-register.rejects.csv") == []
    warnings = read_csv(tmp_path / "out" / "morgue-register.warnings.csv")
    assert [(r["line"], r["column"], r["reason"]) for r in warnings] == [
        ("5", "Date found (recovery_date)", "Date found (recovery_date): '31/06/2023' does not match the date format "
                                            "%d/%m/%Y; dropped, kept as raw_recovery_date"),
        ("6", "GPS (recovery_lat); GPS (recovery_lon); Age from (age_min); Age to (age_max)",
         "GPS (recovery_lat): latitude 95.1 is out of range (-90 to 90); dropped, kept as raw_recovery_lat; "
         "GPS (recovery_lon): dropped with recovery_lat: latitude 95.1 is out of range (-90 to 90); dropped, kept "
         "as raw_recovery_lon; Age from (age_min): 30 is larger than age_max 25; dropped, kept as raw_age_min; "
         "Age to (age_max): dropped with age_min: 30 is larger than 25; dropped, kept as raw_age_max"),
    ]
    june = node(store, "Remains", "MORGUE-AG:AG-2023-003")
    assert (june.get("recovery_date"), june["raw_recovery_date"]) == (None, "31/06/2023")


def test_disembarkation_register_mapping(load, store, tmp_path):
    result = load("mapped", MAPPINGS / "examples" / "disembarkation-register.csv",
                  mapping=MAPPINGS / "disembarkation-register.yaml", rejects_dir=tmp_path / "out")
    summary = result.summaries[0]
    assert (summary.agency, summary.rows_read, summary.loaded, summary.rejected) == ("HCG", 5, 4, 1)
    sighting = node(store, "Sighting", "HCG:2016/0451")
    assert {k: sighting[k] for k in ("sighting_type", "date", "reliability", "condition", "source")} == {
        "sighting_type": "disembarkation", "date": "2016-05-26", "reliability": 5, "condition": "alive",
        "source": "Coast guard disembarkation register"}
    person = node(store, "Person", "HCG:2016/0451#person")
    assert (person["full_name"], person["other_names"], person["name_key"], person["nationality"]) == (
        "Mohamed Haile", ["Muhammad", "Mohammed"], "hl mhmd", "ERI")
    assert relationships(store, "ABOARD") == {("HCG:2016/0451", "HCG:V-01"), ("HCG:2016/0452", "HCG:V-01"),
                                             ("HCG:2016/0453", "HCG:V-01")}
    assert [(r["column"], r["reason"]) for r in read_csv(tmp_path / "out" / "disembarkation-register.rejects.csv")] == [
        ("Year + Reg No", "Year + Reg No: duplicate id '2016/0452' within the file (first on line 3)"),
    ]
    warnings = read_csv(tmp_path / "out" / "disembarkation-register.warnings.csv")
    assert [(r["column"], r["reason"]) for r in warnings] == [
        ("Gender (sex)", "Gender (sex): 'X' is not M, F or U; dropped, kept as raw_sex"),
    ]
    assert node(store, "Sighting", "HCG:2016/0454")["raw_sex"] == "X"


@pytest.mark.parametrize("text, message", [
    ("record: remains\nid: Tag\nfields: {weight: W}\n", "'weight' is not a field of remains records"),
    ("record: bodies\nid: Tag\nfields: {sex: S}\n", "record must be one of"),
    ("record: remains\nfields: {sex: S}\n", "lacks 'id'"),
    ("record: remains\nid: Tag\nfields: {sex: {colum: S}}\n", "unknown key(s) colum"),
    ("record: remains\nid: Tag\nfields: {sex: {column: S, value: M}}\n", "exactly one of column, template, value"),
    ("record: remains\nid: Tag\nfields: {record_id: Tag}\n", "record_id comes from id"),
    ("record: [remains\n", "not valid YAML at line 2"),
    # A list of date formats used to crash the command; a wrong one is refused in a sentence.
    ("record: remains\nid: Tag\nfields: {recovery_date: {column: D, date_format: [1, 2]}}\n",
     "date_format must be a format such as"),
    ("record: remains\nid: Tag\nfields: {recovery_date: {column: D, date_format: dd/mm/yyyy}}\n",
     "date format 'dd/mm/yyyy' has no % directive"),
    ("record: remains\nid: Tag\nfields: {sex: {column: [S, T]}}\n", "column must be text, not ['S', 'T']"),
    ("record: remains\nid: Tag\nfields: {sex: }\n", "must be a column name or a mapping"),
    ("record: remains\nid: Tag\nfields: {sex: {column: S, values: [M, F]}}\n", "values must map source values"),
    ("record: remains\nid: {content: yes}\nfields: {sex: S}\n", "an id from the row's content is written"),
    ("record: remains\nid: [Tag, 3]\nfields: {sex: S}\n", "id must name the column"),
    ("record: remains\nid: Tag\nheader_row: two\nfields: {sex: S}\n", "header_row must be a line number"),
    ("record: remains\nid: Tag\nencoding: klingon\nfields: {sex: S}\n", "encoding 'klingon' is not one Python knows"),
    ("record: remains\nid: Tag\ndelimiter: ';;'\nfields: {sex: S}\n", "delimiter must be one character"),
    ("record: incidents\nid: Tag\nfields: {weight: W}\n", "'weight' is not a field of incidents records"),
])
def test_mapping_mistakes_are_explained(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as error:
        load_mapping(path)
    assert message in str(error.value)


def test_every_shipped_mapping_is_valid_and_has_a_sample():
    for path in sorted(MAPPINGS.glob("*.yaml")):
        adapter = load_mapping(path)
        assert (MAPPINGS / "examples" / f"{path.stem}.csv").is_file(), path.name
        assert adapter.rules


def test_coastguard_rescue_log_mapping(load, store, tmp_path):
    result = load("mapped", MAPPINGS / "examples" / "coastguard-rescue-log.csv",
                  mapping=MAPPINGS / "coastguard-rescue-log.yaml", rejects_dir=tmp_path / "out")
    summary = result.summaries[0]
    assert (summary.agency, summary.rows_read, summary.loaded, summary.rejected) == ("MRCC-RM", 4, 4, 0)
    assert summary.repairs == {"degrees, minutes and seconds": 2, "count with a qualifier": 2,
                               "count with a thousands separator": 1}
    wreck = node(store, "Voyage", "MRCC-RM:2016/0118")
    assert {key: wreck.get(key) for key in ("outcome", "outcome_date", "survivors", "dead", "missing",
                                            "missing_qualifier", "vessel_type")} == {
        "outcome": "capsized", "outcome_date": "2016-05-26", "survivors": 1052, "dead": 45, "missing": 250,
        "missing_qualifier": "about", "vessel_type": "wooden_boat"}
    position = store.read("MATCH (:Voyage {uid: 'MRCC-RM:2016/0119'})-[r:ENDED_AT]->() "
                          "RETURN r.location.latitude AS lat, r.location.longitude AS lon")[0]
    assert (round(position["lat"], 4), round(position["lon"], 4)) == (33.3417, 12.0833)
    assert node(store, "Voyage", "MRCC-RM:2016/0119")["outcome_date"] == "2016-05-27"
    assert node(store, "Voyage", "MRCC-RM:2016/0120")["outcome_date"] == "2016-05-28"


def test_shelter_registration_mapping_in_windows_1252_with_semicolons(load, store, tmp_path):
    result = load("mapped", MAPPINGS / "examples" / "shelter-registration.csv",
                  mapping=MAPPINGS / "shelter-registration.yaml", rejects_dir=tmp_path / "out")
    summary = result.summaries[0]
    assert (summary.agency, summary.rows_read, summary.loaded, summary.rejected) == ("SHELTER-PZ", 4, 4, 0)
    first = node(store, "Sighting", "SHELTER-PZ:PZ-2016-0912")
    assert (first["sighting_type"], first["date"], first["description"]) == (
        "reception_centre", "2016-05-27", "arrived with the Bourbon Argos; asks about\nhis brother, lost at sea")
    assert node(store, "Person", "SHELTER-PZ:PZ-2016-0914#person")["given_names"] == "Aïsha"
    may = node(store, "Sighting", "SHELTER-PZ:PZ-2016-0914")
    assert (may["date"], may["date_precision"]) == ("2016-05", "month")
    assert node(store, "Sighting", "SHELTER-PZ:PZ-2016-0913")["raw_nationality"] == "Érythrée"


def test_documented_deaths_list_without_ids_keeps_identical_rows_apart(load, store, tmp_path):
    source = MAPPINGS / "examples" / "documented-deaths.csv"
    mapping = MAPPINGS / "documented-deaths.yaml"
    summary = load("mapped", source, mapping=mapping, rejects_dir=tmp_path / "out").summaries[0]
    assert (summary.agency, summary.rows_read, summary.loaded, summary.rejected) == ("NGO-LIST", 6, 6, 0)
    incidents = store.read("MATCH (i:Incident) RETURN i.record_id AS id, i.date AS date, "
                           "i.date_precision AS precision, i.dead AS dead, i.dead_qualifier AS qualifier, "
                           "i.names AS names ORDER BY id")
    assert len(incidents) == 6
    lesvos = [row for row in incidents if row["date"] == "2018-05-05"]
    assert len(lesvos) == 2 and lesvos[1]["id"] == lesvos[0]["id"] + "#2"
    by_date = {(row["date"], row["precision"]): row for row in incidents}
    assert by_date[("2018-01", "month")]["qualifier"] == "at least"
    assert by_date[("1994", "year")]["names"] == ["N.N. (man)", "N.N. (woman)", "N.N. (child)"]
    assert by_date[("2017-07-14", "day")]["dead"] == 30
    deaths = summary.dead_and_missing
    assert (deaths.file, deaths.loaded, deaths.graph) == (48, 48, 48)

    again = load("mapped", source, mapping=mapping, rejects_dir=tmp_path / "again").summaries[0]
    assert (again.unchanged, again.nodes_created, again.relationships_created) == (6, 0, 0)
