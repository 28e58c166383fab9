"""Hostile but real: what published and agency files actually hold, each loaded without losing a record.

Every file here is a real variant seen in published data (IOM exports of several years, Deaths at
the Borders, European spreadsheets): longitude written first, WKT points, several source grades,
a date of `0`, counts with a qualifier, repeated case numbers, Windows-1252, semicolons with a
quoted line break. Each loads every row, says what it put right or left out, and the dead and
missing of the file are those of the graph.
"""

from __future__ import annotations

import pytest

from ingest.errors import FileRefused

from .conftest import counts, node, read_csv, write_csv

CURRENT = ["Main ID", "Incident ID", "Incident Type", "Region of Incident", "Incident Date", "Incident Year",
           "Month", "Number of Dead", "Minimum Estimated Number of Missing", "Total Number of Dead and Missing",
           "Number of Survivors", "Number of Females", "Number of Males", "Number of Children", "Country of Origin",
           "Region of Origin", "Cause of Death", "Country of Incident", "Migration Route", "Location of Incident",
           "Coordinates", "UNSD Geographical Grouping", "Information Source", "URL", "Source Quality"]


def incident(key: str, **cells: str) -> list[str]:
    row = {"Main ID": key, "Incident ID": key, "Incident Type": "Incident", "Region of Incident": "Mediterranean",
           "Incident Date": "2016-05-26", "Incident Year": "2016", "Month": "May", "Number of Dead": "1",
           "Total Number of Dead and Missing": "1", "Cause of Death": "Drowning", "Country of Incident": "Italy",
           "Migration Route": "Central Mediterranean", "Location of Incident": "off Lampedusa, Italy",
           "Coordinates": "35.5, 12.6", "Source Quality": "4"}
    row.update(cells)
    return [row.get(column, "") for column in CURRENT]


def test_iom_rows_as_published_each_load_with_their_repairs(load, store, tmp_path):
    rows = [
        # Longitude first, the latitude out of range, in the country the row names: swapped back.
        incident("2017.MMP00001", **{"Coordinates": "-98.29, 26.1", "Country of Incident": "United States of America",
                                     "Location of Incident": "Rio Bravo, Hidalgo County, Texas, USA",
                                     "Region of Incident": "North America"}),
        # Longitude first, but swapped it would lie outside Italy: the point is dropped, the row kept.
        incident("2017.MMP00002", **{"Coordinates": "-98.29, 26.1"}),
        incident("2017.MMP00003", **{"Coordinates": "POINT (12.6 35.5)"}),
        incident("2017.MMP00004", **{"Coordinates": "35°30'N 12°36'E"}),
        incident("2017.MMP00005", **{"Coordinates": "35,5; 12,6"}),
        # Several sources of different quality: 1,264 dead and missing in a recent export were in such rows.
        incident("2017.MMP00006", **{"Source Quality": "3,5", "Number of Dead": "71",
                                     "Total Number of Dead and Missing": "71"}),
        # No day known: the date is 0 and the year and month columns say when.
        incident("2017.MMP00007", **{"Incident Date": "0", "Incident Year": "2017", "Month": "March"}),
        incident("2017.MMP00008", **{"Incident Date": "00/00/0000", "Incident Year": "2017", "Month": "Apr"}),
        incident("2017.MMP00009", **{"Minimum Estimated Number of Missing": "12+", "Number of Dead": "~30",
                                     "Total Number of Dead and Missing": "42+"}),
        # A count that is no number: the field is dropped, the incident and its other counts kept.
        incident("2017.MMP00010", **{"Number of Survivors": "many", "Total Number of Dead and Missing": "3"}),
        incident("2017.MMP00011", **{"Incident Date": "26/05/2016"}),
    ]
    path = write_csv(tmp_path / "iom.csv", CURRENT, rows)
    summary = load("iom-mmp", path, rejects_dir=tmp_path / "out").summaries[0]
    assert (summary.rows_read, summary.loaded, summary.rejected) == (11, 11, 0)
    assert counts(store)["Incident"] == 11
    assert summary.repairs == {
        "swapped coordinates": 1, "WKT POINT (longitude latitude)": 1, "degrees, minutes and seconds": 1,
        "decimal commas": 1, "several source grades": 1, "date of 0 read from year and month": 2,
        "count with a qualifier": 3, "date read day first": 1}
    assert summary.dropped == {"Coordinates": 1, "Number of Survivors": 1}
    deaths = summary.dead_and_missing
    assert (deaths.file, deaths.loaded, deaths.graph, deaths.unaccounted) == (124, 124, 124, [])

    def point(key: str) -> tuple[float, float] | None:
        rows = store.read("MATCH (:Incident {uid: $uid})-[r:OCCURRED_AT]->() "
                          "RETURN r.location.latitude AS lat, r.location.longitude AS lon", {"uid": f"IOM:{key}"})
        return (rows[0]["lat"], rows[0]["lon"]) if rows and rows[0]["lat"] is not None else None

    assert point("2017.MMP00001") == (26.1, -98.29)
    assert point("2017.MMP00002") is None
    assert node(store, "Incident", "IOM:2017.MMP00002")["raw_coordinates"] == "-98.29, 26.1"
    assert point("2017.MMP00003") == point("2017.MMP00004") == point("2017.MMP00005") == (35.5, 12.6)
    graded = node(store, "Incident", "IOM:2017.MMP00006")
    assert (graded["source_quality"], graded["source_quality_grades"]) == (5, [3, 5])
    march = node(store, "Incident", "IOM:2017.MMP00007")
    assert (march["date"], march["date_precision"], march["date_raw"]) == ("2017-03", "month", "0")
    assert node(store, "Incident", "IOM:2017.MMP00008")["date"] == "2017-04"
    estimate = node(store, "Incident", "IOM:2017.MMP00009")
    assert {key: estimate.get(key) for key in ("dead", "dead_qualifier", "missing", "missing_qualifier",
                                               "dead_and_missing", "dead_and_missing_qualifier")} == {
        "dead": 30, "dead_qualifier": "about", "missing": 12, "missing_qualifier": "at least",
        "dead_and_missing": 42, "dead_and_missing_qualifier": "at least"}
    many = node(store, "Incident", "IOM:2017.MMP00010")
    assert (many.get("survivors"), many["raw_number_of_survivors"], many["dead_and_missing"]) == (None, "many", 3)
    assert node(store, "Incident", "IOM:2017.MMP00011")["date"] == "2016-05-26"
    warned = {row["Incident ID"]: row["reason"] for row in read_csv(tmp_path / "out" / "iom.warnings.csv")}
    assert warned["2017.MMP00002"] == ("Coordinates: latitude -98.29 is out of range (-90 to 90); dropped, kept as "
                                       "raw_coordinates")
    assert warned["2017.MMP00006"] == ("Source Quality: '3,5' grades several sources: kept as [3, 5], the "
                                       "incident's quality is 5")


def test_semicolons_after_a_quoted_line_break_and_windows_1252(load, store, tmp_path):
    """A European Excel export: semicolons for commas, decimal commas, a note with a line break
    and semicolons inside its quotes, saved in Windows-1252."""
    header = ";".join(f'"{column}"' for column in CURRENT)
    first = incident("2018.MMP00001", **{"Location of Incident": "Off Çanakkale, Turkey",
                                         "Country of Incident": "Turkey", "Coordinates": "38,34 26,25",
                                         "Cause of Death": "Drowning;\nboat capsized; 3 survivors"})
    second = incident("2018.MMP00002", **{"Location of Incident": "Río Bravo, Coahuila, México",
                                          "Country of Incident": "Mexico", "Coordinates": "28,71 -100,51"})
    lines = [header, *(";".join(f'"{cell}"' for cell in row) for row in (first, second))]
    path = tmp_path / "iom-excel.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    with pytest.raises(FileRefused, match="is not utf-8 text .* --encoding"):
        load("iom-mmp", path)
    assert counts(store).get("Incident") is None

    summary = load("iom-mmp", path, encoding="cp1252", rejects_dir=tmp_path / "out").summaries[0]
    assert (summary.rows_read, summary.loaded, summary.rejected) == (2, 2, 0)
    assert "its columns are separated by semicolons, not commas: read as such" in summary.notices
    assert summary.repairs == {"decimal commas": 2}
    cesme = node(store, "Incident", "IOM:2018.MMP00001")
    assert (cesme["location_description"], cesme["cause"], cesme["country"]) == (
        "Off Çanakkale, Turkey", "Drowning;\nboat capsized; 3 survivors", "TUR")


def test_repeated_case_numbers_are_distinct_deaths(load, store, tmp_path):
    from pathlib import Path

    from .test_published_formats import DATB
    source = Path(__file__).resolve().parents[3] / "shared" / "data" / "real" / DATB
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[:3]
    body = [line for line in lines[3:] if line.startswith(("GR104/008,", "GR104/009,"))]
    assert len(body) == 4
    path = tmp_path / "datb.csv"
    path.write_text("".join(header + body + body[:1]), encoding="utf-8")
    summary = load("deaths-at-borders", path, rejects_dir=tmp_path / "out").summaries[0]
    assert (summary.rows_read, summary.loaded, summary.rejected) == (5, 5, 0)
    assert summary.repairs == {"repeated id kept as a distinct record": 3}
    assert {row["uid"] for row in store.read("MATCH (r:Remains) RETURN r.uid AS uid")} == {
        "DATB:GR104/008", "DATB:GR104/008#2", "DATB:GR104/008#3", "DATB:GR104/009", "DATB:GR104/009#2"}
    assert summary.dead_and_missing.graph == 5
    again = load("deaths-at-borders", path, rejects_dir=tmp_path / "again").summaries[0]
    assert (again.unchanged, again.nodes_created) == (5, 0)


@pytest.mark.parametrize("fmt, header", [
    ("iom-mmp", CURRENT),
    ("interchange", ["record_id", "reported_on", "family_name"]),
])
def test_a_header_alone_is_refused_like_an_empty_file_and_writes_nothing(load, store, tmp_path, fmt, header):
    folder = tmp_path / "delivery"
    path = write_csv(folder / ("reports.csv" if fmt == "interchange" else "iom.csv"), header, [])
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\n,,\n")
    with pytest.raises(FileRefused, match="has a header but no rows: there is nothing to load"):
        load(fmt, path, agency="ICRC" if fmt == "interchange" else None)
    assert store.read("MATCH (n) WHERE NOT n:ViewChange RETURN count(n) AS c")[0]["c"] == 0


def test_each_published_iom_layout_is_recognised_by_its_header():
    from ingest.formats.iom_layouts import LAYOUTS
    from ingest.formats.iom_mmp import IomMmpAdapter

    for layout in LAYOUTS:
        adapter = IomMmpAdapter()
        assert adapter.header_problems(list(layout.all_columns)) == []
        assert (adapter.layout, adapter.id_column) == (layout.name, layout.column("key"))


def test_a_renamed_column_is_named_with_the_column_the_file_has_instead():
    from ingest.formats.iom_mmp import IomMmpAdapter

    header = [column if column != "Location of Incident" else "Location of death" for column in CURRENT]
    assert IomMmpAdapter().header_problems(header) == [
        "it is missing the current-layout column Location of Incident "
        "(it has 'Location of death', perhaps for 'Location of Incident')"]
    assert "perhaps for 'Incident ID'" in IomMmpAdapter().header_problems(["Incident Id", "Coordinates"])[0]


def test_the_summary_names_each_row_that_makes_the_file_and_the_graph_differ(load, store, tmp_path):
    rows = [incident("2019.MMP00001", **{"Total Number of Dead and Missing": "4"}),
            # No id: it cannot be a record, and its seven dead are named, not lost silently.
            incident("", **{"Total Number of Dead and Missing": "7"}),
            incident("2019.MMP00003", **{"Total Number of Dead and Missing": "several"})]
    path = write_csv(tmp_path / "iom.csv", CURRENT, rows)
    deaths = load("iom-mmp", path, rejects_dir=tmp_path / "out").summaries[0].dead_and_missing
    assert (deaths.file, deaths.loaded, deaths.graph, deaths.reconciled) == (11, 4, 4, False)
    assert deaths.unaccounted == [
        {"line": 3, "dead_and_missing": 7, "reason": "row rejected: Incident ID: missing required value"},
        {"line": 4, "dead_and_missing": None,
         "reason": "'several' is not a number: not counted in the file's figure"}]
