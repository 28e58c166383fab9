"""Whole files as they arrive when things go wrong: random bytes, wrong encodings, giant cells,
a million columns, broken quoting, NUL bytes, impossible dates and coordinates.

Each one either loads (a bad value costs its field, dropped and named in the warnings report; a
row that cannot be a record is rejected with a reason), or is refused whole with one sentence (a
TraceGraphError); never another exception. A refused file writes nothing to the graph.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.errors import TraceGraphError
from ingest.run import IngestRequest, IngestResult, run_ingest

HEADER = ["record_id", "reported_on", "family_name", "given_names", "last_seen_lat", "last_seen_lon"]
GOOD_ROW = ["R-1", "2016-06-02", "Haile", "Mohammed", "32.79", "12.48"]


def csv_text(rows: list[list[str]]) -> str:
    return "".join(",".join(row) + "\n" for row in rows)


def ingest(path: Path, rejects: Path, store=None) -> IngestResult | TraceGraphError:
    """The result of loading `path` as interchange reports, or the error that refused it."""
    request = IngestRequest("interchange", path, "HOSTILE", dry_run=store is None, rejects_dir=rejects)
    try:
        return run_ingest(request, store_factory=(lambda: store) if store is not None else None)
    except TraceGraphError as error:
        return error


def assert_one_sentence(error: TraceGraphError) -> str:
    message = str(error)
    assert message and "\n" not in message and len(message) < 400, message
    assert message.endswith("."), message
    assert "Traceback" not in message
    return message


def rejects_rows(result: IngestResult) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for summary in result.summaries:
        with open(summary.rejects_file, encoding="utf-8", newline="") as stream:
            rows.extend(csv.DictReader(stream))
    return rows


def assert_accounted(result: IngestResult) -> list[dict[str, str]]:
    """Every row loaded or rejected, every reject with its line and reason."""
    rejected = rejects_rows(result)
    for summary in result.summaries:
        assert summary.rows_read == summary.loaded + summary.rejected
    assert len(rejected) == sum(summary.rejected for summary in result.summaries)
    for row in rejected:
        assert row["line"].isdigit() and row["reason"], row
    return rejected


def node_count(store) -> int:
    """The graph's nodes, the change journal (bookkeeping of writes) aside."""
    return store.read("MATCH (n) WHERE NOT n:ViewChange RETURN count(n) AS c")[0]["c"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=400),
    st.binary(max_size=200).map(lambda tail: csv_text([HEADER]).encode() + tail),
    st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=8), max_size=6).map(
        lambda rows: (csv_text([HEADER]) + csv_text(rows)).encode("utf-8", "surrogatepass")),
))
def test_random_bytes_load_or_are_refused_in_one_sentence(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("random")
    path = folder / "reports.csv"
    path.write_bytes(content)
    outcome = ingest(path, folder / "rejects")
    if isinstance(outcome, TraceGraphError):
        assert_one_sentence(outcome)
    else:
        assert_accounted(outcome)


def write(folder: Path, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "reports.csv"
    path.write_bytes(content)
    return path


GOOD = csv_text([HEADER, GOOD_ROW])
REFUSED = {
    "latin-1": (csv_text([HEADER, ["R-1", "2016-06-02", "Hailé", "Mohammed", "", ""]]).encode("latin-1"),
                "reports.csv is not utf-8 text (byte 0xe9 on line 2)"),
    "utf-16 with BOM": (GOOD.encode("utf-16"), "reports.csv is a binary file, not CSV text (a NUL byte on line 1)"),
    "utf-16 without BOM": (GOOD.encode("utf-16-le"),
                           "reports.csv is a binary file, not CSV text (a NUL byte on line 1)"),
    "unterminated quote": ((csv_text([HEADER]) + 'R-1,2016-06-02,"Haile,Mohammed,,\nR-2,2016,Tesfay,,,\n').encode(),
                           "reports.csv is not valid CSV at line 2 (unexpected end of data)"),
    "NUL in a cell": (csv_text([HEADER, ["R-1", "2016-06-02", "Hai\x00le", "M", "", ""]]).encode(),
                      "reports.csv is a binary file, not CSV text (a NUL byte on line 2)"),
    "xlsx renamed": (b"PK\x03\x04" + bytes(100), "reports.csv is a zip archive"),
    "empty": (b"", "reports.csv is empty."),
    "ends inside a character": (GOOD.encode() + "é".encode()[:1], "reports.csv is not utf-8 text"),
    "header only of other columns": (b"id;date;name\n1;2016;x\n", "(its columns look separated by semicolons"),
    "a header alone": (b"record_id,reported_on,family_name\r\n\r\n", "reports.csv has a header but no rows"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_file_that_is_not_utf8_csv_is_refused_in_one_sentence(tmp_path, case):
    content, expected = REFUSED[case]
    outcome = ingest(write(tmp_path / "in", content), tmp_path / "rejects")
    assert isinstance(outcome, TraceGraphError), f"{case} was not refused"
    assert expected in assert_one_sentence(outcome)


@pytest.mark.parametrize("case", ["latin-1", "utf-16 with BOM", "unterminated quote", "NUL in a cell"])
def test_refused_file_writes_nothing_to_the_graph(store, tmp_path, case):
    assert node_count(store) == 0
    content, expected = REFUSED[case]
    outcome = ingest(write(tmp_path / "in", content), tmp_path / "rejects", store)
    assert isinstance(outcome, TraceGraphError)
    assert expected in assert_one_sentence(outcome)
    assert node_count(store) == 0


def test_utf8_byte_order_mark_is_read_as_utf8(store, tmp_path):
    path = write(tmp_path / "in", b"\xef\xbb\xbf" + GOOD.encode())
    outcome = ingest(path, tmp_path / "rejects", store)
    assert isinstance(outcome, IngestResult), outcome
    assert assert_accounted(outcome) == []
    assert outcome.summaries[0].loaded == 1
    rows = store.read("MATCH (r:Report {uid: 'HOSTILE:R-1'}) RETURN r.record_id AS id, r.reported_on AS on")
    assert [(row["id"], str(row["on"])) for row in rows] == [("R-1", "2016-06-02")]


def test_impossible_dates_and_coordinates_cost_the_field_not_the_record(store, tmp_path):
    rows = [
        GOOD_ROW,
        ["R-2", "2016-13-01", "Tesfay", "Yonas", "", ""],
        ["R-3", "2016-02-30", "Tesfay", "Yonas", "", ""],
        ["R-4", "2016-06-02", "Tesfay", "Yonas", "95", "12"],
        ["R-5", "2016-06-02", "Tesfay", "Yonas", "32", "-181"],
        ["R-6", "2016-06-02", "Tesfay", "Yonas", "nan", "inf"],
        ["R-7", "2016-06-02", "Tesfay", "Yonas", "32.1", ""],
        ["R-8", "yesterday", "", "", "1e400", "x"],
    ]
    outcome = ingest(write(tmp_path / "in", csv_text([HEADER, *rows]).encode()), tmp_path / "rejects", store)
    assert isinstance(outcome, IngestResult), outcome
    assert assert_accounted(outcome) == []
    with open(outcome.summaries[0].warnings_file, encoding="utf-8", newline="") as stream:
        warned = {row["record_id"]: row for row in csv.DictReader(stream)}
    assert sorted(warned) == ["R-2", "R-3", "R-4", "R-5", "R-6", "R-7", "R-8"]
    assert "month 13" in warned["R-2"]["reason"]
    assert "day 30 of month 2" in warned["R-3"]["reason"]
    assert "latitude 95 is out of range" in warned["R-4"]["reason"]
    assert "longitude -181 is out of range" in warned["R-5"]["reason"]
    assert warned["R-6"]["column"] and warned["R-7"]["column"]
    assert "reported_on" in warned["R-8"]["column"]
    reports = {row["uid"]: row for row in store.read(
        "MATCH (r:Report)-[:REPORTED_MISSING]->(p:Person) OPTIONAL MATCH (p)-[:LAST_SEEN_AT]->(place) "
        "RETURN r.uid AS uid, r.reported_on AS reported_on, r.raw_reported_on AS raw, "
        "r.raw_last_seen_lat AS raw_lat, place IS NOT NULL AS placed")}
    assert len(reports) == 8
    assert reports["HOSTILE:R-2"]["reported_on"] is None and reports["HOSTILE:R-2"]["raw"] == "2016-13-01"
    assert (reports["HOSTILE:R-4"]["raw_lat"], reports["HOSTILE:R-4"]["placed"]) == ("95", False)
    assert reports["HOSTILE:R-1"]["placed"]


def test_five_megabyte_cell_is_loaded_whole(tmp_path):
    huge = "x, \"quoted\"\nnext line " * (5 * 1024 * 1024 // 24)
    quoted = '"' + huge.replace('"', '""') + '"'
    path = write(tmp_path / "in", (csv_text([[*HEADER, "notes"]]) + ",".join([*GOOD_ROW, quoted]) + "\n"
                                   + ",".join(["R-2", "2016-06-03", "Tesfay", "", "", "", "short"]) + "\n").encode())
    outcome = ingest(path, tmp_path / "rejects")
    assert isinstance(outcome, IngestResult), outcome
    assert assert_accounted(outcome) == []
    assert (outcome.summaries[0].rows_read, outcome.summaries[0].loaded) == (2, 2)


def test_cell_over_the_field_limit_is_refused_in_one_sentence(tmp_path):
    huge = "x" * (17 * 1024 * 1024)
    path = write(tmp_path / "in", (csv_text([HEADER]) + f'R-1,2016-06-02,"{huge}",M,,\n').encode())
    outcome = ingest(path, tmp_path / "rejects")
    assert isinstance(outcome, TraceGraphError), outcome
    assert "reports.csv is not valid CSV at line 2" in assert_one_sentence(outcome)


def test_header_of_a_million_columns(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "reports.csv"
    extra = ",".join(f"c{index}" for index in range(1_000_000 - len(HEADER)))
    with path.open("w", encoding="utf-8") as stream:
        stream.write(",".join(HEADER) + "," + extra + "\n")
        stream.write(",".join(GOOD_ROW) + "," * (1_000_000 - len(HEADER)) + "\n")
        stream.write("R-2,2016-06-02,Tesfay\n")
    outcome = ingest(path, tmp_path / "rejects")
    if isinstance(outcome, TraceGraphError):
        assert_one_sentence(outcome)
        return
    rejected = assert_accounted(outcome)
    assert [(row["line"], row["column"]) for row in rejected] == [("3", "(row)")]
    assert outcome.summaries[0].loaded == 1
