"""Files that are not what their format says are refused whole, and nothing is written."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import counts, write_csv
from .test_interchange import REPORT_HEADER, VOYAGE_HEADER, write_delivery


def run_cli(tracegraph_command, env, *arguments):
    return subprocess.run([*tracegraph_command, "ingest", *map(str, arguments)], env=env, capture_output=True,
                          text=True, timeout=300)


def bad_files(folder):
    """(name, path, the sentence expected on stderr)."""
    folder.mkdir(parents=True, exist_ok=True)
    wrong_header = write_csv(folder / "wrong-header" / "reports.csv", ["id", "date", "name"], [["1", "2016", "x"]])
    semicolons = folder / "semicolons" / "reports.csv"
    semicolons.parent.mkdir()
    semicolons.write_text("id;reported_on;family_name\nR-1;2016;Haile\n", encoding="utf-8")
    header_only = folder / "header-only" / "reports.csv"
    header_only.parent.mkdir()
    header_only.write_text("record_id,reported_on,family_name\n", encoding="utf-8")
    latin1 = write_csv(folder / "latin1" / "reports.csv", REPORT_HEADER[:4],
                       [["R-1", "2016-06-02", "Hailé", "Mohammed"]], encoding="latin-1")
    binary = folder / "binary" / "reports.csv"
    binary.parent.mkdir()
    binary.write_bytes(b"record_id,reported_on\n\x00\x01\x02\x03")
    xlsx = folder / "xlsx" / "reports.csv"
    xlsx.parent.mkdir()
    xlsx.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    empty = folder / "empty" / "reports.csv"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    quotes = folder / "quotes" / "reports.csv"
    quotes.parent.mkdir()
    quotes.write_text("record_id,reported_on,family_name\nR-1,2016,\"Haile\nR-2,2016,Tesfay\n", encoding="utf-8")
    return [
        ("wrong header", wrong_header,
         "Error: reports.csv is not a reports file: it lacks the required columns record_id, reported_on; "
         "it has none of the name columns family_name, given_names, other_names."),
        ("semicolons", semicolons,
         "Error: reports.csv is not a reports file: it lacks the required columns record_id, reported_on; it has "
         "none of the name columns family_name, given_names, other_names (its columns look separated by "
         "semicolons or tabs, not commas)."),
        ("header only", header_only, "Error: reports.csv has a header but no rows: there is nothing to load."),
        ("latin-1", latin1,
         "Error: reports.csv is not utf-8 text (byte 0xe9 on line 2): save it as CSV UTF-8 and load it again, "
         "or name its encoding with --encoding (cp1252 for a file Excel saved on Windows)."),
        ("binary", binary, "Error: reports.csv is a binary file, not CSV text (a NUL byte on line 2)."),
        ("xlsx", xlsx, "Error: reports.csv is a zip archive (an .xlsx workbook?), not a CSV file: save it as CSV "
                       "(UTF-8) and load that."),
        ("empty", empty, "Error: reports.csv is empty."),
        ("quotes", quotes, "Error: reports.csv is not valid CSV at line 2 (unexpected end of data): "
                           "check the quotes on that line."),
    ]


def test_each_bad_file_is_refused_with_one_sentence_and_nothing_written(store, cli_env, tracegraph_command, tmp_path):
    for name, path, sentence in bad_files(tmp_path / "bad"):
        result = run_cli(tracegraph_command, cli_env, "interchange", path, "--agency", "ICRC",
                         "--rejects-dir", tmp_path / "rejects")
        assert result.returncode == 1, name
        assert result.stderr.strip() == sentence, name
        assert "Traceback" not in result.stderr
        assert counts(store) == {}, name


def test_a_refused_file_stops_the_whole_delivery_before_any_write(store, load, tmp_path):
    from ingest.errors import FileRefused
    folder = write_delivery(tmp_path / "d")
    (folder / "remains.csv").write_bytes(b"record_id,case_number\n\xff\xfe bad bytes\n")
    with pytest.raises(FileRefused, match="remains.csv is not utf-8 text"):
        load("interchange", folder, "ICRC")
    assert counts(store) == {}


def test_unwritable_rejects_folder_fails_before_writing(store, cli_env, tracegraph_command, tmp_path):
    folder = write_delivery(tmp_path / "d")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the rejects folder should go", encoding="utf-8")
    result = run_cli(tracegraph_command, cli_env, "interchange", folder, "--agency", "ICRC",
                     "--rejects-dir", blocker / "rejects")
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: cannot write the rejects report to {blocker / 'rejects'}")
    assert result.stderr.strip().endswith("choose a writable folder with --rejects-dir.")
    assert counts(store) == {}


def test_wrong_field_count_is_a_row_reject(load, store, tmp_path):
    path = tmp_path / "d" / "reports.csv"
    path.parent.mkdir()
    path.write_text("record_id,reported_on,family_name\nR-1,2016,Haile\nR-2,2016,Tesfay,extra\nR-3,2017,Osman,,\n",
                    encoding="utf-8")
    summary = load("interchange", path, "ICRC", rejects_dir=tmp_path / "out").summaries[0]
    assert (summary.rows_read, summary.loaded, summary.rejected) == (3, 2, 1)
    rejects = (tmp_path / "out" / "reports.rejects.csv").read_text(encoding="utf-8").splitlines()
    assert rejects[1] == "3,(row),(row): has 4 fields where the header has 3,R-2,2016,Tesfay,extra"


def test_a_delivery_loads_its_files_and_names_one_with_a_header_and_no_rows(store, cli_env, tracegraph_command,
                                                                          tmp_path):
    # an agency with no vessels to report this month still sends the file, with its header alone
    folder = write_delivery(tmp_path / "d")
    (folder / "vessels.csv").write_text(",".join(VOYAGE_HEADER) + "\n", encoding="utf-8")
    result = run_cli(tracegraph_command, cli_env, "interchange", folder, "--agency", "ICRC",
                     "--rejects-dir", tmp_path / "rejects")
    assert result.returncode == 0, result.stderr
    assert "nothing loaded from vessels.csv: it has a header but no rows" in result.stdout
    assert counts(store).get("Report", 0) > 0
    assert "vessels.csv" not in result.stdout.replace("nothing loaded from vessels.csv", "")


def test_a_delivery_whose_every_file_is_empty_is_refused(store, cli_env, tracegraph_command, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "reports.csv").write_text("record_id,reported_on,family_name\n", encoding="utf-8")
    (folder / "vessels.csv").write_text(",".join(VOYAGE_HEADER) + "\n", encoding="utf-8")
    result = run_cli(tracegraph_command, cli_env, "interchange", folder, "--agency", "ICRC",
                     "--rejects-dir", tmp_path / "rejects")
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: every file of d has a header but no rows: there is nothing to load."
    assert counts(store) == {}
