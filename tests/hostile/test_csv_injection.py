"""Every CSV TraceGraph writes defuses cells a spreadsheet would run as a formula.

An agency file, a query result or a typed user name can hold `=cmd|' /C calc'!A0`; whoever opens
the rejects report, a query export or the audit export in a spreadsheet must see text, not run it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ingest.run import IngestRequest, run_ingest
from queries.results import FORMULA_PREFIXES, neutralise, to_csv
from web import auditlog, localstore

PAYLOADS = ["=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-1+2", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\")"]


def assert_defused(cell: str) -> None:
    assert not cell.startswith(FORMULA_PREFIXES), repr(cell)


def test_neutralise_prefixes_exactly_the_formula_cells():
    for payload in PAYLOADS:
        assert neutralise(payload) == "'" + payload
    for harmless in ["", "Haile", "2016-06-02", "'=already", " =1"]:
        assert neutralise(harmless) == harmless


def test_ingest_rejects_and_warnings_reports_defuse_formula_cells(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "reports.csv"
    header = ["record_id", "reported_on", "family_name", "given_names", "=HEADER()"]
    rows = [[payload, "not a date", payload, payload, payload] for payload in PAYLOADS]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    result = run_ingest(IngestRequest("interchange", path, "HOSTILE", dry_run=True, rejects_dir=tmp_path / "out"))
    summary = result.summaries[0]
    # A bad date costs the date (warnings report); a repeated id costs the row (rejects report).
    assert summary.rows_read == len(PAYLOADS) == summary.rejected + summary.warned
    assert summary.rejected >= 1 and summary.warned >= 1
    written = []
    for report in (summary.rejects_file, summary.warnings_file):
        with open(report, encoding="utf-8", newline="") as stream:
            header_row, *body = list(csv.reader(stream))
        assert header_row == ["line", "column", "reason", "record_id", "reported_on", "family_name", "given_names",
                              "'=HEADER()"]
        written += body
    assert len(written) == len(PAYLOADS)
    for row in sorted(written, key=lambda row: int(row[0])):
        for cell in row:
            assert_defused(cell)
    for row, payload in zip(sorted(written, key=lambda row: int(row[0])), PAYLOADS):
        assert row[3] == row[5] == row[6] == row[7] == "'" + payload
        # Tab and CR are stripped from an id, so the last two rows repeat the id `=1+1`.
        assert ("reported_on: 'not a date' is not an ISO date" in row[2]
                or row[2].startswith("record_id: duplicate id '=1+1'"))


def test_query_results_csv_defuses_formula_cells():
    text = to_csv(["=key", "plain"], [[payload, payload] for payload in PAYLOADS] + [[{"a": 1}, ["-x"]]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["'=key", "plain"]
    for row in rows[1:]:
        for cell in row:
            assert_defused(cell)
    assert [row[0] for row in rows[1:-1]] == ["'" + payload for payload in PAYLOADS]
    assert rows[-1] == ['{"a": 1}', '["-x"]']


def test_query_results_csv_keeps_a_cell_with_a_lone_carriage_return_in_its_row():
    text = to_csv(["note", "uid"], [["first\rsecond", "A:R1"], ["x\r\ny", "A:R2"]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["note", "uid"], ["first\rsecond", "A:R1"], ["x\r\ny", "A:R2"]]


@pytest.fixture
def audit_db(tmp_path: Path):
    db = localstore.connect(tmp_path / "local.sqlite")
    yield db
    db.close()


def test_audit_export_defuses_every_text_cell(audit_db):
    for payload in PAYLOADS:
        # A failed login stores the user name exactly as it was typed into the form.
        auditlog.record(audit_db, username=payload, role="-", agency=payload, action="login_failed",
                        target=payload, detail=payload, ip=payload)
    text = auditlog.as_csv(auditlog.entries(audit_db, limit=100))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["id", "at", "username"]
    assert len(rows) == len(PAYLOADS) + 1
    for row in rows[1:]:
        for cell in row:
            assert_defused(cell)
    usernames = sorted(row[2] for row in rows[1:])
    assert usernames == sorted("'" + payload for payload in PAYLOADS)
    assert {row[5] for row in rows[1:]} == {"login_failed"}
