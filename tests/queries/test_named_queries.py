"""Every named query returns the rows it should on a loaded scenario.

Expectations are computed from the delivered CSV files, independently of the graph, or from
candidates and incidents the tests write themselves.
"""

from __future__ import annotations

from collections import Counter

import pytest

from queries import QueryCatalogError, load_catalog, named_query

AGENCY = "DEMO"


def full_name(row: dict[str, str]) -> str:
    return " ".join(part for part in (row["given_names"], row["family_name"]) if part)


def test_catalog_headers_are_complete():
    catalog = load_catalog()
    investigative = [q for q in catalog.values() if "cli" in q.shown and q.mode == "read"]
    assert len(investigative) >= 20
    for query in catalog.values():
        assert query.title and query.description and query.mode in {"read", "write"}
        for parameter in query.parameters:
            assert parameter.example is not None, f"{query.name}.{parameter.name} has no example"
            assert f"${parameter.name}" in query.text, f"{query.name} never uses ${parameter.name}"


def test_missing_parameter_and_bad_type_are_clear():
    with pytest.raises(QueryCatalogError, match="needs parameter voyage"):
        named_query("voyage_manifest").bind({})
    with pytest.raises(QueryCatalogError, match="must be integer"):
        named_query("voyages_most_missing").bind({"limit": "many"})
    with pytest.raises(QueryCatalogError, match="no named query"):
        named_query("drop_everything")


def test_voyage_manifest_lists_reported_and_sighted_persons(scenario):
    reports = scenario.rows("reports")
    sightings = scenario.rows("sightings")
    voyage = Counter(r["vessel_ref"] for r in reports if r["vessel_ref"]).most_common(1)[0][0]
    expected = sorted([full_name(r) for r in reports if r["vessel_ref"] == voyage]
                      + [full_name(s) for s in sightings if s["vessel_ref"] == voyage])
    rows = scenario.run("voyage_manifest", voyage=voyage, agency=AGENCY)
    assert sorted(row["person"] for row in rows) == expected
    by_report = {row["report"] for row in rows if row["how"] == "family report"}
    assert by_report == {r["record_id"] for r in reports if r["vessel_ref"] == voyage}


def test_family_reference_samples(scenario):
    relatives = scenario.rows("relatives")
    report = Counter(r["report_id"] for r in relatives).most_common(1)[0][0]
    expected = {(r["record_id"], r["relationship"], r["dna_sample_id"] or None)
                for r in relatives if r["report_id"] == report}
    rows = scenario.run("family_reference_samples", report=report)
    assert {(row["relative"], row["relationship"], row["sample"]) for row in rows} == expected
    profiles = scenario.rows("dna_profiles")
    for row in rows:
        if row["sample"]:
            assert row["loci_typed"] == len({p["locus"] for p in profiles if p["sample_id"] == row["sample"]})


def test_remains_without_dna(scenario):
    remains = scenario.rows("remains")
    sampled = {p["subject_ref"] for p in scenario.rows("dna_profiles") if p["sample_kind"] == "post_mortem"}
    expected = {r["record_id"] for r in remains
                if (r["identification_status"] or "unidentified") == "unidentified"
                and not r["dna_sample_id"] and r["record_id"] not in sampled}
    rows = scenario.run("remains_without_dna", limit=10_000)
    assert {row["remains"] for row in rows} == expected


def test_unidentified_remains_by_country_year_adds_up(scenario):
    remains = scenario.rows("remains")
    rows = scenario.run("unidentified_remains_by_country_year")
    not_identified = [r for r in remains if r["identification_status"] != "identified"]
    assert sum(row["unidentified"] for row in rows) == len(not_identified)
    by_year = Counter(r["recovery_date"][:4] or None for r in not_identified)
    got = Counter()
    for row in rows:
        got[row["year"]] += row["unidentified"]
    assert got == by_year


def test_reports_by_route_and_year(scenario):
    reports = scenario.rows("reports")
    expected = Counter((r["route"] or "unknown", r["reported_on"][:4]) for r in reports)
    rows = scenario.run("reports_by_route_and_year")
    assert {(row["route"], row["year"]): row["reports"] for row in rows} == dict(expected)
    assert all(row["identified"] == 0 for row in rows)


def test_deliveries_by_agency(scenario):
    rows = scenario.run("deliveries_by_agency")
    assert len(rows) == 1 and rows[0]["agency"] == AGENCY
    assert rows[0]["files"] == 6
    assert rows[0]["reports"] == len(scenario.rows("reports"))
    assert rows[0]["remains"] == len(scenario.rows("remains"))
    assert rows[0]["sightings"] == len(scenario.rows("sightings"))
    assert rows[0]["voyages"] == len(scenario.rows("vessels"))


def test_persons_by_name_finds_the_reported_person(scenario):
    report = next(r for r in scenario.rows("reports") if r["family_name"] and r["given_names"])
    rows = scenario.run("persons_by_name", name=f"{report['given_names']} {report['family_name']}")
    assert report["record_id"] in {row["record"] for row in rows[:10]}


def test_remains_by_case_number(scenario):
    remains = [r for r in scenario.rows("remains") if r["case_number"]]
    prefix = remains[0]["case_number"][:6]
    expected = {r["record_id"] for r in remains if r["case_number"].startswith(prefix)}
    rows = scenario.run("remains_by_case_number", case_number=prefix)
    assert {row["remains"] for row in rows} == expected


def test_report_timeline_is_ordered_and_complete(scenario):
    report = next(r for r in scenario.rows("reports") if r["departure_date"] and r["last_seen_date"])
    rows = scenario.run("report_timeline", report=report["record_id"])
    events = {(row["event"], row["date"]) for row in rows}
    assert ("reported", report["reported_on"]) in events
    assert ("departure", report["departure_date"]) in events
    assert ("last seen", report["last_seen_date"]) in events
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)


def test_duplicate_reports_include_the_true_duplicates(scenario):
    import json
    truth = json.loads((scenario.folder / "truth.json").read_text())
    true_pairs = {tuple(sorted((report, other))) for report, case in truth["missing"].items()
                  for other in case["duplicate_reports"]}
    rows = scenario.run("duplicate_reports", limit=10_000)
    found = {tuple(sorted((row["report"], row["other_report"]))) for row in rows}
    assert true_pairs, "the scenario should hold duplicate reports"
    assert len(true_pairs & found) / len(true_pairs) >= 0.5


def test_unresolved_references_are_the_undelivered_incidents(scenario):
    incident_refs = {v["incident_ref"] for v in scenario.rows("vessels") if v["incident_ref"]}
    rows = scenario.run("unresolved_references")
    assert {row["uid"] for row in rows if row["kind"] == "Incident"} == {f"IOM:{i}" for i in incident_refs}


def test_sightings_on_route_after(scenario):
    voyages = {v["record_id"]: v["route"] for v in scenario.rows("vessels")}
    sightings = [s for s in scenario.rows("sightings") if s["vessel_ref"] in voyages]
    route = Counter(voyages[s["vessel_ref"]] for s in sightings).most_common(1)[0][0]
    since = "2019"
    expected = {s["record_id"] for s in sightings if voyages[s["vessel_ref"]] == route and s["date"] >= since}
    rows = scenario.run("sightings_on_route_after", route=route, since=since)
    assert {row["sighting"] for row in rows} == expected
