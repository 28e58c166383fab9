"""`tracegraph ingest` as a user runs it: the JSON summary, and a load killed half-way then re-run."""

from __future__ import annotations

import json
import signal
import subprocess
import time

from graphmodel.fingerprint import fingerprint
from scenarios import generate_scenario

from .test_interchange import write_delivery


def test_json_summary_on_stdout(store, cli_env, tracegraph_command, tmp_path):
    folder = write_delivery(tmp_path / "d")
    result = subprocess.run([*tracegraph_command, "ingest", "interchange", str(folder), "--agency", "ICRC",
                             "--json", "--quiet", "--rejects-dir", str(tmp_path / "out")],
                            env=cli_env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    files = {entry["file"]: entry for entry in document["files"]}
    assert {name: (e["rows_read"], e["loaded"], e["rejected"]) for name, e in files.items()} == {
        "vessels.csv": (2, 2, 0), "reports.csv": (5, 4, 1), "relatives.csv": (3, 3, 0),
        "sightings.csv": (2, 2, 0), "remains.csv": (1, 1, 0), "dna_profiles.csv": (7, 4, 3)}
    assert files["reports.csv"]["rejects_file"] == str(tmp_path / "out" / "reports.rejects.csv")
    assert files["reports.csv"]["warnings_file"] == str(tmp_path / "out" / "reports.warnings.csv")
    assert (files["reports.csv"]["warned"], files["reports.csv"]["dropped"]) == (
        2, {"reported_on": 1, "last_seen_lat": 1, "last_seen_lon": 1, "nationality": 1, "sex": 1})
    assert document["totals"]["rows_read"] == 20
    assert document["summary_file"] == str(tmp_path / "out" / "summary.json")
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["totals"] == document["totals"]


def test_human_report_and_dry_run(store, cli_env, tracegraph_command, tmp_path):
    folder = write_delivery(tmp_path / "d")
    result = subprocess.run([*tracegraph_command, "ingest", "interchange", str(folder), "--agency", "ICRC",
                             "--dry-run", "--rejects-dir", str(tmp_path / "out")],
                            env=cli_env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "reports.csv (interchange reports): 5 rows read = 4 valid (dry run: nothing written) + 1 rejected" \
        in result.stdout
    assert ("2 rows loaded with a warning (5 values dropped and kept as raw_*): "
            f"{tmp_path / 'out' / 'reports.warnings.csv'}") in result.stdout
    assert "read as empty (N/A, NA, unknown, -): date_of_birth 1" in result.stdout
    assert "extra columns kept as extra_* properties: notes" in result.stdout
    assert store.read("MATCH (n) WHERE NOT n:ViewChange RETURN count(n) AS c")[0]["c"] == 0


def test_killed_load_rerun_equals_one_clean_run(store, cli_env, tracegraph_command, tmp_path):
    folder = tmp_path / "scenario"
    generate_scenario(300, 5, folder)
    command = [*tracegraph_command, "ingest", "interchange", str(folder), "--agency", "DEMO", "--quiet",
               "--batch-size", "40", "--rejects-dir", str(tmp_path / "out")]

    def clean_run() -> subprocess.CompletedProcess:
        return subprocess.run(command, env=cli_env, capture_output=True, text=True, timeout=600)

    assert clean_run().returncode == 0
    clean = fingerprint(store)
    reports = store.read("MATCH (r:Report) WHERE r.placeholder IS NULL RETURN count(r) AS c")[0]["c"]
    store.delete_everything()

    process = subprocess.Popen(command, env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        loaded = store.read("MATCH (r:Report) WHERE r.placeholder IS NULL RETURN count(r) AS c")[0]["c"]
        if loaded >= 80:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    killed = store.read("MATCH (r:Report) WHERE r.placeholder IS NULL RETURN count(r) AS c")[0]["c"]
    assert 0 < killed < reports, "the load was not killed half-way"
    # Every committed batch is whole: each loaded report has its missing person and agency.
    assert store.read("MATCH (r:Report) WHERE r.placeholder IS NULL AND NOT EXISTS { (r)-[:REPORTED_MISSING]->() } "
                      "RETURN count(r) AS c")[0]["c"] == 0

    assert clean_run().returncode == 0
    assert fingerprint(store) == clean


def test_a_load_into_a_database_without_the_schema_creates_it_first(store, cli_env, tracegraph_command, tmp_path):
    from graphmodel.migrate import expected_schema_names
    store.write("DROP CONSTRAINT report_uid_unique IF EXISTS")
    store.write("DROP INDEX person_names IF EXISTS")
    names = {row["name"] for row in store.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert "report_uid_unique" not in names
    folder = write_delivery(tmp_path / "d")
    result = subprocess.run([*tracegraph_command, "ingest", "interchange", str(folder), "--agency", "ICRC",
                             "--quiet", "--rejects-dir", str(tmp_path / "out")],
                            env=cli_env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    present = {row["name"] for row in store.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    present |= {row["name"] for row in store.read("SHOW INDEXES YIELD name RETURN name")}
    assert expected_schema_names() <= present
