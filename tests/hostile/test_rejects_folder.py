"""A rejects report that cannot be written: a folder under a file, a read-only folder, a full disk.

The user gets one sentence naming the folder and what to do, and the graph is as it was.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from graphmodel.errors import TraceGraphError
from graphmodel.fingerprint import fingerprint
from ingest.errors import RejectsFolderError
from ingest.run import IngestRequest, run_ingest

HEADER = "record_id,reported_on,family_name\n"


def delivery(folder: Path, rows: int, bad_every: int = 2) -> Path:
    """reports.csv with `rows` rows, every `bad_every`-th one with an impossible date."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "reports.csv"
    lines = [f"R-{n},{'2016-13-01' if n % bad_every == 0 else '2016-06-02'},Haile {n}\n" for n in range(rows)]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def load(store, path: Path, rejects: Path, agency: str = "HOSTILE", batch_size: int = 5):
    return run_ingest(IngestRequest("interchange", path, agency, rejects_dir=rejects, batch_size=batch_size),
                      store_factory=lambda: store)


@pytest.fixture
def loaded(store, tmp_path):
    """A graph that already holds one delivery, and its fingerprint."""
    load(store, delivery(tmp_path / "first", 20), tmp_path / "first-rejects", agency="FIRST")
    before = fingerprint(store)
    assert before.nodes > 0
    return before


def assert_refused(store, before, path: Path, rejects: Path) -> str:
    with pytest.raises(RejectsFolderError) as raised:
        load(store, path, rejects)
    message = str(raised.value)
    assert "\n" not in message and message.endswith(".")
    assert message.startswith(f"cannot write the rejects report to {rejects} (")
    assert fingerprint(store) == before
    return message


def test_rejects_folder_under_a_file(store, loaded, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    message = assert_refused(store, loaded, delivery(tmp_path / "in", 30), blocker / "rejects")
    assert "(Not a directory)" in message and "choose a writable folder with --rejects-dir" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0o500 folder regardless of its mode")
def test_read_only_rejects_folder(store, loaded, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        message = assert_refused(store, loaded, delivery(tmp_path / "in", 30), folder)
        assert "(Permission denied)" in message
    finally:
        folder.chmod(0o700)


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KiB tmpfs: too small for the free space a load asks of the rejects folder."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def test_full_disk_is_found_before_the_first_write(store, loaded, tmp_path, full_disk):
    message = assert_refused(store, loaded, delivery(tmp_path / "in", 30), full_disk / "rejects")
    assert "(No space left on device)" in message
    assert list((full_disk / "rejects").iterdir()) == []


def test_disk_full_while_the_report_is_written_is_one_sentence(tmp_path):
    # The folder passes the check, then every write to the report fails as on a full disk.
    rejects = tmp_path / "rejects"
    rejects.mkdir()
    (rejects / "reports.rejects.csv").symlink_to("/dev/full")
    with pytest.raises(TraceGraphError) as raised:
        run_ingest(IngestRequest("interchange", delivery(tmp_path / "in", 3000), "HOSTILE", dry_run=True,
                                 rejects_dir=rejects))
    message = str(raised.value)
    assert "\n" not in message and message.endswith(".")
    assert message.startswith(f"cannot write the rejects report {rejects / 'reports.rejects.csv'} "
                              "(No space left on device): free some space")


def test_disk_full_half_way_through_a_load_leaves_whole_records_a_rerun_completes(store, tmp_path):
    path = delivery(tmp_path / "in", 900, bad_every=3)
    load(store, path, tmp_path / "clean-rejects", batch_size=1000)
    clean = fingerprint(store)
    store.delete_everything()

    full = tmp_path / "full-rejects"
    full.mkdir()
    # The rows with an impossible date are loaded without it and listed in the warnings report.
    (full / "reports.warnings.csv").symlink_to("/dev/full")
    with pytest.raises(RejectsFolderError, match=r"warnings report .*\(No space left on device\): free some space"):
        load(store, path, full, batch_size=40)
    stored = store.read("MATCH (r:Report) RETURN count(r) AS reports, "
                        "sum(CASE WHEN EXISTS { (r)-[:REPORTED_MISSING]->() } THEN 1 ELSE 0 END) AS whole")[0]
    assert 0 < stored["reports"] < 600
    assert stored["reports"] == stored["whole"]

    load(store, path, tmp_path / "rejects", batch_size=40)
    assert fingerprint(store) == clean
