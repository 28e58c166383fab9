"""Declarative mappings: the two shipped examples, and mistakes in a mapping."""

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
    assert (summary.rows_read, summary.loaded, summary.rejected) == (4, 2, 2)
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
        ("MORGUE-AG:AG-2023-002", "lampedusa@35.497,12.605")}
    assert relationships(store, "SAMPLED_FROM") == {("MORGUE-AG:DNA-AG-001", "MORGUE-AG:AG-2023-001")}
    assert [(r["line"], r["column"], r["reason"]) for r in read_csv(tmp_path / "out" / "morgue-register.rejects.csv")] == [
        ("5", "Date found", "Date found: '31/06/2023' does not match the date format %d/%m/%Y"),
        ("6", "GPS", "GPS: latitude 95.1 is out of range (-90 to 90)"),
    ]


def test_disembarkation_register_mapping(load, store, tmp_path):
    result = load("mapped", MAPPINGS / "examples" / "disembarkation-register.csv",
                  mapping=MAPPINGS / "disembarkation-register.yaml", rejects_dir=tmp_path / "out")
    summary = result.summaries[0]
    assert (summary.agency, summary.rows_read, summary.loaded, summary.rejected) == ("HCG", 5, 3, 2)
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
        ("Gender (sex)", "Gender (sex): 'X' is not M, F or U"),
        ("Year + Reg No", "Year + Reg No: duplicate id '2016/0452' within the file (first on line 3)"),
    ]


@pytest.mark.parametrize("text, message", [
    ("record: remains\nid: Tag\nfields: {weight: W}\n", "'weight' is not a field of remains records"),
    ("record: bodies\nid: Tag\nfields: {sex: S}\n", "record must be one of"),
    ("record: remains\nfields: {sex: S}\n", "lacks 'id'"),
    ("record: remains\nid: Tag\nfields: {sex: {colum: S}}\n", "unknown key(s) colum"),
    ("record: remains\nid: Tag\nfields: {sex: {column: S, value: M}}\n", "exactly one of column, template, value"),
    ("record: remains\nid: Tag\nfields: {record_id: Tag}\n", "record_id comes from id"),
    ("record: [remains\n", "not valid YAML at line 2"),
])
def test_mapping_mistakes_are_explained(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as error:
        load_mapping(path)
    assert message in str(error.value)
