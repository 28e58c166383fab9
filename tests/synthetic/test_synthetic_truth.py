"""truth.json says who is who, and what it says agrees with the files."""

from __future__ import annotations

import re
from datetime import date

from scenarios.geography import distance_km

ARABIC = re.compile("[\u0600-\u06ff]")


def test_every_report_has_a_truth_entry_and_every_entry_a_report(scenario):
    reports = scenario.by_id("reports")
    missing = scenario.truth["missing"]
    assert set(missing) == set(reports)
    assert scenario.truth["seed"] == 11 and scenario.truth["persons"] == 600
    assert scenario.truth["agency"] == "DEMO"
    persons = {entry["person"] for entry in missing.values()}
    assert len(persons) == 600
    assert {p: sorted(r) for p, r in scenario.truth["reports_of"].items()} == {
        p: sorted(r for r, e in missing.items() if e["person"] == p) for p in persons
    }


def test_truth_references_resolve_to_records_of_the_right_kind(scenario):
    remains = scenario.by_id("remains")
    sightings = scenario.by_id("sightings")
    vessels = scenario.by_id("vessels")
    relatives = scenario.by_id("relatives")
    samples = scenario.profiles()
    for report_id, entry in scenario.truth["missing"].items():
        assert entry["status"] in ("dead", "alive", "unknown")
        assert entry["voyage"] is None or entry["voyage"] in vessels
        for remains_id in entry["remains"]:
            assert remains_id in remains
            assert scenario.truth["remains_of"][remains_id] in [report_id] + entry["duplicate_reports"]
        for sighting_id in entry["sightings"]:
            assert sighting_id in sightings
            assert scenario.truth["sightings_of"][sighting_id] in [report_id] + entry["duplicate_reports"]
        for sample_id in entry["post_mortem_samples"]:
            assert samples[sample_id][0]["sample_kind"] == "post_mortem"
            assert samples[sample_id][0]["subject_ref"] in entry["remains"]
        family_reports = {report_id, *entry["duplicate_reports"]}
        for sample_id in entry["reference_samples"]:
            assert samples[sample_id][0]["sample_kind"] == "reference"
            assert relatives[samples[sample_id][0]["subject_ref"]]["report_id"] in family_reports
        for sample_id in entry["personal_effect_samples"]:
            assert samples[sample_id][0]["subject_ref"] in family_reports
        if entry["remains"]:
            assert entry["status"] == "dead"
    assert set(scenario.truth["remains_of"]) == set(remains)
    assert set(scenario.truth["sightings_of"]) == set(sightings)


def test_most_missing_persons_are_never_found_and_strangers_add_noise(scenario):
    entries = list(scenario.truth["missing"].values())
    found = sum(1 for e in entries if e["remains"])
    assert 0.05 < found / len(entries) < 0.45
    statuses = {e["status"] for e in entries}
    assert statuses == {"dead", "alive", "unknown"}
    assert None in scenario.truth["remains_of"].values()
    assert None in scenario.truth["sightings_of"].values()
    seen_alive = [e for e in entries if e["status"] == "alive" and e["sightings"]]
    assert len(seen_alive) > 30


def test_families_mostly_give_a_parent_or_sibling_reference(scenario):
    relatives = scenario.by_id("relatives")
    donor = {sample_id: rows[0]["subject_ref"] for sample_id, rows in scenario.profiles().items()}
    close = distant_only = none = 0
    for entry in scenario.truth["missing"].values():
        kinds = {relatives[donor[sample_id]]["relationship"] for sample_id in entry["reference_samples"]}
        if kinds & {"mother", "father", "full_sibling", "child"}:
            close += 1
        elif kinds:
            distant_only += 1
        else:
            none += 1
    assert close > distant_only > 0 and close > none > 0


def test_duplicate_reports_come_from_other_relatives_with_other_spellings(scenario):
    reports = scenario.by_id("reports")
    relatives = scenario.rows["relatives"]
    pairs = [(r, e["duplicate_reports"][0]) for r, e in scenario.truth["missing"].items()
             if e["duplicate_reports"] and r < e["duplicate_reports"][0]]
    assert len(pairs) >= 5
    different_names = 0
    for first, second in pairs:
        assert scenario.truth["missing"][first]["person"] == scenario.truth["missing"][second]["person"]
        reporter = {row["report_id"]: row for row in relatives if row["is_reporter"] == "yes"}
        assert reporter[first]["record_id"] != reporter[second]["record_id"]
        names = [(reports[r]["family_name"], reports[r]["given_names"]) for r in (first, second)]
        different_names += names[0] != names[1]
    assert different_names >= len(pairs) / 2


def test_some_reports_contradict_the_truth(scenario):
    reports = scenario.by_id("reports")
    contradicted = {r: e["contradictions"] for r, e in scenario.truth["missing"].items() if e["contradictions"]}
    assert len(contradicted) >= 3
    for report_id, fields in contradicted.items():
        for field in fields:
            assert reports[report_id][field], (report_id, field)


def test_names_come_in_several_scripts_and_spellings(scenario):
    names = [row["family_name"] + " " + row["given_names"] for row in scenario.rows["sightings"]]
    assert any(ARABIC.search(name) for name in names)
    assert any(ARABIC.search(row["other_names"]) for row in scenario.rows["reports"])
    relative_names = {row["family_name"] for row in scenario.rows["relatives"]}
    assert len(relative_names) > 100


def test_bodies_are_found_days_later_and_kilometres_away_from_the_wreck(scenario):
    vessels = scenario.by_id("vessels")
    checked = 0
    for remains_id, report_id in scenario.truth["remains_of"].items():
        row = scenario.by_id("remains")[remains_id]
        vessel = vessels.get(row["vessel_ref"])
        if report_id is None or not vessel or row["recovery_context"] != "at_sea" or not vessel["outcome_lat"]:
            continue
        if len(row["recovery_date"]) == 10 and len(vessel["outcome_date"]) == 10:
            assert date.fromisoformat(row["recovery_date"]) >= date.fromisoformat(vessel["outcome_date"])
        if row["recovery_lat"]:
            km = distance_km(float(row["recovery_lat"]), float(row["recovery_lon"]),
                             float(vessel["outcome_lat"]), float(vessel["outcome_lon"]))
            assert 0.1 < km < 150, km
            checked += 1
    assert checked >= 3


def test_sightings_of_survivors_follow_their_voyage(scenario):
    vessels = scenario.by_id("vessels")
    sightings = scenario.by_id("sightings")
    for entry in scenario.truth["missing"].values():
        if entry["status"] != "alive" or entry["voyage"] is None:
            continue
        departure = vessels[entry["voyage"]]["departure_date"]
        for sighting_id in entry["sightings"]:
            seen = sightings[sighting_id]["date"]
            assert seen[:4] >= departure[:4], (sighting_id, seen, departure)
            assert sightings[sighting_id]["condition"] in ("alive", "injured")
