"""Interchange deliveries: every file, cross-file references, rejects, re-loads and corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphmodel.fingerprint import fingerprint

from .conftest import counts, node, read_csv, relationships, write_csv

REPORT_HEADER = ["record_id", "reported_on", "family_name", "given_names", "other_names", "father_name",
                 "sex", "date_of_birth", "age_at_disappearance", "nationality", "height_cm",
                 "distinguishing_marks", "clothing", "last_seen_date", "last_seen_place", "last_seen_lat",
                 "last_seen_lon", "route", "vessel_ref", "departure_place", "status", "sharing", "notes"]
REPORTS = [
    ["R-1", "2016-06-02", "Haile", "Mohammed", "Muhammad Haile | محمد", "Ali", "M", "1994", "22", "Eritrea",
     "170-175", "scar on left forearm", "blue jeans | red jacket", "2016-05", "Sabratha", "32.79", "12.48",
     "Central Mediterranean", "V-1", "Sabratha", "believed_missing", "", "family in Sweden"],
    ["R-2", "2016-07", "Tesfay", "Kidane", "", "", "M", "N/A", "30-35", "ERI", "", "", "", "2016-05-25", "",
     "", "", "Central Mediterranean", "V-1", "", "", "agency", ""],
    ["R-3", "2016-13-01", "Bad", "Date", "", "", "M", "", "", "", "", "", "", "", "", "95", "10", "", "",
     "", "", "", ""],
    ["R-4", "2016-08-01", "", "", "", "", "X", "", "", "Wakanda", "", "", "", "", "", "", "", "", "", "", "",
     "", ""],
    ["R-1", "2016-06-03", "Haile", "Mohammed", "", "", "M", "", "", "", "", "", "", "", "", "", "", "", "",
     "", "", "", ""],
]
VOYAGE_HEADER = ["record_id", "vessel_name", "vessel_type", "registration", "flag", "route", "departure_place",
                 "departure_lat", "departure_lon", "departure_date", "persons_aboard", "outcome", "outcome_date",
                 "outcome_place", "outcome_lat", "outcome_lon", "survivors", "dead", "missing", "incident_ref"]
VOYAGES = [
    ["V-1", "blue wooden boat", "wooden_boat", "LY-123", "LBY", "Central Mediterranean", "Sabratha", "32.79",
     "12.48", "2016-05-25", "400-500", "capsized", "2016-05-26", "off Libya", "33.5", "12.6", "100", "45", "250",
     "2016.MMP00100"],
    ["V-2", "rubber boat", "zodiac", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
]
RELATIVE_HEADER = ["record_id", "report_id", "family_name", "given_names", "relationship", "sex", "is_reporter",
                   "contact_country", "dna_sample_id"]
RELATIVES = [
    ["REL-1", "R-1", "Haile", "Amina", "mother", "F", "yes", "Sweden", "S-REF-1"],
    ["REL-2", "R-1", "Haile", "Yonas", "brother", "M", "", "", ""],
    ["REL-3", "R-9", "Tesfay", "Senait", "full_sibling", "F", "no", "", ""],
]
SIGHTING_HEADER = ["record_id", "sighting_type", "date", "place", "lat", "lon", "family_name", "given_names",
                   "sex", "age", "nationality", "vessel_ref", "report_ref", "condition", "reliability", "source"]
SIGHTINGS = [
    ["S-1", "disembarkation", "2016-05-27", "Pozzallo", "36.73", "14.84", "Haile", "Muhammad", "M", "23",
     "ERI", "V-1", "", "alive", "5", "coast guard"],
    ["S-2", "witness_statement", "2016-06", "", "", "", "", "", "", "", "", "", "R-1", "unknown", "9", ""],
]
REMAINS_HEADER = ["record_id", "case_number", "recovery_date", "recovery_place", "recovery_lat", "recovery_lon",
                  "vessel_ref", "incident_ref", "sex", "age_min", "age_max", "personal_effects", "dna_sample_id",
                  "burial_place"]
REMAINS = [
    ["B-1", "PM-77/16", "2016-06-01", "Zuwara beach", "32.93", "12.08", "V-1", "2016.MMP00100", "M", "20",
     "30", "ring", "S-PM-1", "Zuwara cemetery"],
]
DNA_HEADER = ["sample_id", "sample_kind", "subject_ref", "lab", "kit", "locus", "allele1", "allele2", "population"]
DNA = [
    ["S-REF-1", "reference", "REL-1", "LabX", "GlobalFiler", "D3S1358", "15", "16", "africa"],
    ["S-PM-1", "post_mortem", "B-1", "LabX", "GlobalFiler", "TH01", "9.3", "6", ""],
    ["S-REF-1", "reference", "REL-1", "LabX", "GlobalFiler", "vWA", "17", "", "africa"],
    ["S-REF-1", "reference", "REL-1", "LabX", "GlobalFiler", "PENTA_E", "12", "12", "africa"],
    ["S-REF-1", "reference", "REL-1", "LabX", "GlobalFiler", "D3S1358", "15", "16", "africa"],
    ["S-PM-1", "post_mortem", "B-1", "LabX", "GlobalFiler", "FGA", "x", "22", ""],
    ["S-PM-1", "reference", "B-1", "LabX", "GlobalFiler", "D8S1179", "13", "14", ""],
]


def write_delivery(folder: Path, **overrides: list[list[str]]) -> Path:
    files = {
        "reports": (REPORT_HEADER, REPORTS), "vessels": (VOYAGE_HEADER, VOYAGES),
        "relatives": (RELATIVE_HEADER, RELATIVES), "sightings": (SIGHTING_HEADER, SIGHTINGS),
        "remains": (REMAINS_HEADER, REMAINS), "dna_profiles": (DNA_HEADER, DNA),
    }
    for kind, (header, rows) in files.items():
        if kind in overrides or not overrides:
            write_csv(folder / f"{kind}.csv", header, overrides.get(kind, rows))
    return folder


def test_delivery_becomes_records_relationships_and_placeholders(load, store, tmp_path):
    result = load("interchange", write_delivery(tmp_path / "icrc-2016-06"), "ICRC")

    assert [s.file for s in result.summaries] == ["vessels.csv", "reports.csv", "relatives.csv",
                                                  "sightings.csv", "remains.csv", "dna_profiles.csv"]
    graph = counts(store)
    assert {label: graph[label] for label in ("Report", "Person", "Voyage", "Sighting", "Remains", "DNAProfile",
                                              "Incident", "Vessel", "Route", "Agency", "Delivery")} == {
        "Report": 4, "Person": 10, "Voyage": 2, "Sighting": 2, "Remains": 1, "DNAProfile": 2, "Incident": 1,
        "Vessel": 1, "Route": 1, "Agency": 1, "Delivery": 6}
    assert {row["uid"] for row in store.read("MATCH (p:Person) RETURN p.uid AS uid")} == {
        "ICRC:R-1#missing", "ICRC:R-2#missing", "ICRC:R-3#missing", "ICRC:R-4#missing", "ICRC:REL-1", "ICRC:REL-2",
        "ICRC:REL-3", "ICRC:R-9#missing", "ICRC:S-1#person", "ICRC:S-2#person"}
    assert relationships(store, "REPORTED_MISSING") == {("ICRC:R-1", "ICRC:R-1#missing"),
                                                       ("ICRC:R-2", "ICRC:R-2#missing"),
                                                       ("ICRC:R-3", "ICRC:R-3#missing"),
                                                       ("ICRC:R-4", "ICRC:R-4#missing")}
    assert relationships(store, "BOARDED") == {("ICRC:R-1#missing", "ICRC:V-1"), ("ICRC:R-2#missing", "ICRC:V-1")}
    assert relationships(store, "RELATIVE_OF") == {("ICRC:REL-1", "ICRC:R-1#missing"),
                                                  ("ICRC:REL-2", "ICRC:R-1#missing"),
                                                  ("ICRC:REL-3", "ICRC:R-9#missing")}
    assert relationships(store, "FILED") == {("ICRC:REL-1", "ICRC:R-1")}
    assert relationships(store, "SAMPLED_FROM") == {("ICRC:S-REF-1", "ICRC:REL-1"), ("ICRC:S-PM-1", "ICRC:B-1")}
    assert relationships(store, "ABOARD") == {("ICRC:S-1", "ICRC:V-1")}
    # S-2 is loaded without its reliability of 9, out of range.
    assert relationships(store, "REFERS_TO") == {("ICRC:S-2", "ICRC:R-1")}
    assert relationships(store, "RECORDS") == {("ICRC:S-1", "ICRC:S-1#person"), ("ICRC:S-2", "ICRC:S-2#person")}
    assert relationships(store, "RECOVERED_FROM") == {("ICRC:B-1", "ICRC:V-1"), ("ICRC:B-1", "IOM:2016.MMP00100")}
    assert relationships(store, "ENDED_IN") == {("ICRC:V-1", "IOM:2016.MMP00100")}
    assert relationships(store, "OF_VESSEL") == {("ICRC:V-1", "ly-123|lby")}
    assert relationships(store, "ON_ROUTE") == {("ICRC:V-1", "Central Mediterranean"),
                                               ("ICRC:R-1", "Central Mediterranean"),
                                               ("ICRC:R-2", "Central Mediterranean")}
    assert relationships(store, "LAST_SEEN_AT") == {("ICRC:R-1#missing", "sabratha@32.790,12.480")}
    assert relationships(store, "DEPARTED_FROM") == {("ICRC:R-1", "sabratha"), ("ICRC:V-1", "sabratha@32.790,12.480")}
    assert relationships(store, "SEEN_AT") == {("ICRC:S-1", "pozzallo@36.730,14.840")}
    assert relationships(store, "BURIED_AT") == {("ICRC:B-1", "zuwara cemetery")}
    supplied = relationships(store, "SUPPLIED_BY")
    assert {start for start, _ in supplied if _ == "ICRC"} >= {"ICRC:R-1", "ICRC:V-1", "ICRC:S-1", "ICRC:B-1",
                                                               "ICRC:S-REF-1", "ICRC:S-PM-1"}

    missing = node(store, "Person", "ICRC:R-1#missing")
    assert missing["full_name"] == "Mohammed Haile"
    assert missing["name_key"] == "hl mhmd"
    assert missing["other_names"] == ["Muhammad Haile", "محمد"]
    assert "mhmd" in missing["name_variants"].split()
    assert (missing["nationality"], missing["nationality_raw"]) == ("ERI", "Eritrea")
    assert (missing["age_min"], missing["age_max"]) == (22, 22)
    assert (missing["height_min_cm"], missing["height_max_cm"]) == (170, 175)
    assert (missing["last_seen_date"], missing["last_seen_date_precision"]) == ("2016-05", "month")
    assert missing["clothing"] == ["blue jeans", "red jacket"]
    assert missing["role"] == "missing" and "placeholder" not in missing
    report = node(store, "Report", "ICRC:R-2")
    assert (report["reported_on"], report["reported_on_precision"], report["sharing"]) == ("2016-07", "month", "agency")
    assert node(store, "Report", "ICRC:R-1")["extra_notes"] == "family in Sweden"
    for key, value in {"agency": "ICRC", "source_file": "reports.csv", "source_record": "R-1",
                       "sharing": "partners"}.items():
        assert node(store, "Report", "ICRC:R-1")[key] == value
    assert node(store, "Report", "ICRC:R-1")["ingested_at"] is not None

    placeholder = node(store, "Person", "ICRC:R-9#missing")
    assert (placeholder["placeholder"], placeholder["source_record"]) == (True, "REL-3")
    incident = node(store, "Incident", "IOM:2016.MMP00100")
    assert (incident["placeholder"], incident["agency"]) == (True, "ICRC")
    voyage = node(store, "Voyage", "ICRC:V-1")
    assert (voyage["persons_aboard_min"], voyage["persons_aboard_max"], voyage["dead"]) == (400, 500, 45)

    profile = node(store, "DNAProfile", "ICRC:S-REF-1")
    assert profile["genotypes"] == ["D3S1358=15,16", "Penta E=12,12", "vWA=17,"]
    assert (profile["loci_typed"], profile["restricted"], profile["population"]) == (3, True, "africa")
    assert "placeholder" not in profile
    assert node(store, "DNAProfile", "ICRC:S-PM-1")["genotypes"] == ["TH01=6,9.3"]
    # Nothing genotype-like anywhere but on DNAProfile nodes.
    assert store.read("MATCH (n) WHERE NOT n:DNAProfile AND n.genotypes IS NOT NULL RETURN count(n) AS c")[0]["c"] == 0

    rel = store.read("MATCH (:Person {uid: 'ICRC:REL-1'})-[r:RELATIVE_OF]->() RETURN properties(r) AS p")[0]["p"]
    assert {k: rel[k] for k in ("relationship", "agency", "source_file", "source_record", "sharing")} == {
        "relationship": "mother", "agency": "ICRC", "source_file": "relatives.csv", "source_record": "REL-1",
        "sharing": "partners"}
    assert rel["ingested_at"] is not None
    unstamped = store.read("MATCH ()-[r]->() WHERE r.agency IS NULL AND NOT startNode(r):Delivery "
                           "RETURN count(r) AS c")[0]["c"]
    assert unstamped == 0


def test_a_bad_cell_costs_its_field_not_the_record(load, store, tmp_path):
    result = load("interchange", write_delivery(tmp_path / "d"), "ICRC", rejects_dir=tmp_path / "out")
    by_file = {s.file: s for s in result.summaries}
    # Only rows that cannot be records are rejected: a duplicate id, DNA rows that type no locus.
    assert {name: (s.rows_read, s.loaded, s.rejected) for name, s in by_file.items()} == {
        "vessels.csv": (2, 2, 0), "reports.csv": (5, 4, 1), "relatives.csv": (3, 3, 0),
        "sightings.csv": (2, 2, 0), "remains.csv": (1, 1, 0), "dna_profiles.csv": (7, 4, 3)}

    rejected = {(row["line"], row["column"], row["reason"])
                for row in read_csv(tmp_path / "out" / "reports.rejects.csv")}
    assert rejected == {("6", "record_id", "record_id: duplicate id 'R-1' within the file (first on line 2)")}
    warned = {(row["line"], row["column"], row["reason"])
              for row in read_csv(tmp_path / "out" / "reports.warnings.csv")}
    assert warned == {
        ("4", "reported_on; last_seen_lat; last_seen_lon",
         "reported_on: '2016-13-01' is not a date (month 13); dropped, kept as raw_reported_on; "
         "last_seen_lat: latitude 95 is out of range (-90 to 90); dropped, kept as raw_last_seen_lat; "
         "last_seen_lon: dropped with last_seen_lat: latitude 95 is out of range (-90 to 90); dropped, kept as "
         "raw_last_seen_lon"),
        ("5", "nationality; sex; family_name",
         "nationality: 'Wakanda' is not a country name or ISO 3166 alpha-3 code; dropped, kept as raw_nationality; "
         "sex: 'X' is not M, F or U; dropped, kept as raw_sex; "
         "family_name: no name: family_name, given_names and other_names are empty; loaded without one"),
    }
    row = read_csv(tmp_path / "out" / "reports.warnings.csv")[0]
    assert (row["record_id"], row["reported_on"], row["notes"]) == ("R-3", "2016-13-01", "")
    bad_date = node(store, "Report", "ICRC:R-3")
    assert (bad_date.get("reported_on"), bad_date["raw_reported_on"], bad_date["raw_last_seen_lat"],
            bad_date["raw_last_seen_lon"]) == (None, "2016-13-01", "95", "10")
    assert node(store, "Person", "ICRC:R-3#missing")["family_name"] == "Bad"
    assert (node(store, "Report", "ICRC:R-4")["raw_sex"], node(store, "Person", "ICRC:R-4#missing").get("sex")) == (
        "X", None)
    assert [r["reason"] for r in read_csv(tmp_path / "out" / "relatives.warnings.csv")] == [
        "relationship: 'brother' is not one of mother, father, full_sibling, half_sibling_maternal, "
        "half_sibling_paternal, child, spouse, grandparent, grandchild, aunt_uncle, niece_nephew, first_cousin, "
        "other; dropped, kept as raw_relationship"]
    brother = store.read("MATCH (p:Person {uid: 'ICRC:REL-2'})-[r:RELATIVE_OF]->(m:Person) "
                         "RETURN p.raw_relationship AS raw, r.relationship AS relationship, m.uid AS missing")
    assert brother == [{"raw": "brother", "relationship": None, "missing": "ICRC:R-1#missing"}]
    assert [r["reason"] for r in read_csv(tmp_path / "out" / "vessels.warnings.csv")] == [
        "vessel_type: 'zodiac' is not one of rubber_dinghy, wooden_boat, fishing_boat, sailboat, cargo, other; "
        "dropped, kept as raw_vessel_type"]
    assert [r["reason"] for r in read_csv(tmp_path / "out" / "sightings.warnings.csv")] == [
        "reliability: 9 is out of range (1 to 5); dropped, kept as raw_reliability"]
    assert [(r["line"], r["reason"]) for r in read_csv(tmp_path / "out" / "dna_profiles.rejects.csv")] == [
        ("6", "locus: duplicate id 'S-REF-1/D3S1358' within the file (first on line 2)"),
        ("7", "allele1: 'x' is not a repeat number such as 14 or 9.3"),
        ("8", "sample_kind: 'reference' differs from 'post_mortem' given for sample S-PM-1 on line 3"),
    ]
    assert by_file["reports.csv"].dropped == {"reported_on": 1, "last_seen_lat": 1, "last_seen_lon": 1,
                                              "nationality": 1, "sex": 1}
    assert by_file["remains.csv"].dead_and_missing.reconciled
    reports = by_file["reports.csv"]
    assert reports.empty_markers == {"date_of_birth": 1}
    assert reports.extra_columns == ["notes"]
    assert (reports.new, reports.updated, reports.unchanged) == (4, 0, 0)

    saved = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert saved["totals"]["rows_read"] == 20 == saved["totals"]["loaded"] + saved["totals"]["rejected"]
    for entry in saved["files"]:
        assert entry["rows_read"] == entry["loaded"] + entry["rejected"]
        assert entry["rejects_file"].endswith(entry["file"].replace(".csv", ".rejects.csv"))
        assert entry["warnings_file"].endswith(entry["file"].replace(".csv", ".warnings.csv"))
    deliveries = store.read("MATCH (d:Delivery)-[:SUPPLIED_BY]->(:Agency {code: 'ICRC'}) "
                            "RETURN d.file AS file, d.rows_read AS read, d.loaded AS loaded, d.rejected AS rejected")
    assert {(d["file"], d["read"], d["loaded"], d["rejected"]) for d in deliveries} == {
        (name, s.rows_read, s.loaded, s.rejected) for name, s in by_file.items()}


def test_loading_the_same_delivery_twice_changes_nothing(load, store, tmp_path):
    folder = write_delivery(tmp_path / "d")
    load("interchange", folder, "ICRC")
    before = fingerprint(store)
    stamps = store.read("MATCH (n) WHERE NOT n:ViewChange RETURN n.uid AS uid, n.updated_at AS at ORDER BY uid")
    again = load("interchange", folder, "ICRC")
    assert fingerprint(store) == before
    assert store.read("MATCH (n) WHERE NOT n:ViewChange RETURN n.uid AS uid, n.updated_at AS at ORDER BY uid") == stamps
    for summary in again.summaries:
        assert (summary.new, summary.updated, summary.nodes_created, summary.relationships_created) == (0, 0, 0, 0)
        assert summary.unchanged == summary.loaded


def test_corrected_redelivery_updates_what_changed_and_drops_what_it_no_longer_says(load, store, tmp_path):
    load("interchange", write_delivery(tmp_path / "first"), "ICRC")
    first = node(store, "Report", "ICRC:R-1")
    corrected = [row[:] for row in REPORTS]
    corrected[0][REPORT_HEADER.index("vessel_ref")] = "V-7"
    corrected[0][REPORT_HEADER.index("status")] = "believed_dead"
    folder = write_delivery(tmp_path / "second", reports=corrected)
    result = load("interchange", folder, "ICRC")

    summary = result.summaries[0]
    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 3)
    second = node(store, "Report", "ICRC:R-1")
    assert second["status"] == "believed_dead"
    assert second["ingested_at"] == first["ingested_at"]
    assert second["updated_at"] > first["updated_at"]
    assert relationships(store, "BOARDED") == {("ICRC:R-1#missing", "ICRC:V-7"), ("ICRC:R-2#missing", "ICRC:V-1")}
    assert node(store, "Voyage", "ICRC:V-7")["placeholder"] is True
    assert counts(store)["REPORTED_MISSING"] == 4


def test_reference_to_a_record_of_a_later_delivery_is_resolved_when_it_arrives(load, store, tmp_path):
    load("interchange", write_delivery(tmp_path / "one", relatives=RELATIVES), "ICRC")
    assert node(store, "Person", "ICRC:R-1#missing")["placeholder"] is True
    assert node(store, "Report", "ICRC:R-1")["placeholder"] is True
    nodes_before = counts(store)["Person"]

    load("interchange", write_delivery(tmp_path / "two", reports=REPORTS), "ICRC")
    missing = node(store, "Person", "ICRC:R-1#missing")
    assert "placeholder" not in missing and missing["full_name"] == "Mohammed Haile"
    assert "placeholder" not in node(store, "Report", "ICRC:R-1")
    # The missing persons of R-2, R-3 and R-4; R-1's was merged.
    assert counts(store)["Person"] == nodes_before + 3
    assert relationships(store, "RELATIVE_OF") >= {("ICRC:REL-1", "ICRC:R-1#missing")}
    assert relationships(store, "FILED") == {("ICRC:REL-1", "ICRC:R-1")}


@pytest.mark.parametrize("agency", ["", "IC RC", "a:b"])
def test_agency_code_is_checked(load, tmp_path, agency):
    from graphmodel.errors import TraceGraphError
    with pytest.raises(TraceGraphError):
        load("interchange", write_delivery(tmp_path / "d"), agency or None)


def test_a_report_delivered_again_keeps_its_confirmed_identification(load, store, tmp_path):
    folder = tmp_path / "first"
    write_csv(folder / "reports.csv", REPORT_HEADER, [REPORTS[0]])
    load("interchange", folder, agency="ICRC")
    store.write("MATCH (r:Report {uid: 'ICRC:R-1'}) CREATE (r)-[:HAS_CANDIDATE]->(:Candidate {uid: 'ICRC:R-1->M:B-1', "
                "candidate_kind: 'remains', review_status: 'confirmed'})-[:PROPOSES]->(:Remains {uid: 'M:B-1', "
                "identification_status: 'unidentified'})")
    load("interchange", folder, agency="ICRC")
    assert node(store, "Report", "ICRC:R-1")["status"] == "identified"
    # the agency corrects the report, its status cell still saying believed_missing
    again = tmp_path / "again"
    write_csv(again / "reports.csv", REPORT_HEADER, [[*REPORTS[0][:-1], "family now in Norway"]])
    load("interchange", again, agency="ICRC")
    report = node(store, "Report", "ICRC:R-1")
    assert report["status"] == "identified" and report["status_before_confirmation"] == "believed_missing"
    assert node(store, "Remains", "M:B-1")["identification_status"] == "identified"
