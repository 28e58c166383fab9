"""Same delivery, same graph: whatever the order of the rows, the batches, kills and re-runs.

A shared node (a Place, a Vessel, an incident several bodies point to) keeps properties that are a
function of the records that state them, not of which record came first: the fingerprint over
every node and relationship property (load timestamps aside) is the same for a delivery loaded in
two row orders, and for one killed twice with SIGKILL and run again to the end.
"""

from __future__ import annotations

import csv
import random
import subprocess
from pathlib import Path

from graphmodel.fingerprint import fingerprint
from ingest.run import IngestRequest, run_ingest
from scenarios import generate_scenario

from .test_repeated_kills import RECORDS, count, kill_when_loaded

# A Delivery node describes the file as delivered (its hash): a reordered file is another file.
FILES_ASIDE = ("Delivery",)


def reordered(source: Path, target: Path, seed: int) -> Path:
    """The same delivery with every file's data rows in another order."""
    target.mkdir(parents=True)
    for path in sorted(source.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            header, *rows = list(csv.reader(stream))
        random.Random(seed).shuffle(rows)
        with (target / path.name).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerows(rows)
    return target


def test_row_order_batches_kills_and_reruns_give_one_graph(store, cli_env, tracegraph_command, tmp_path):
    folder = tmp_path / "scenario"
    generate_scenario(150, 23, folder)
    shuffled = reordered(folder, tmp_path / "shuffled", seed=5)

    def run(delivery: Path, *extra: str) -> list[str]:
        return [*tracegraph_command, "ingest", "interchange", str(delivery), "--agency", "DEMO", "--quiet",
                "--rejects-dir", str(tmp_path / "out"), *extra]

    def to_the_end(arguments: list[str]) -> None:
        finished = subprocess.run(arguments, env=cli_env, capture_output=True, text=True, timeout=300)
        assert finished.returncode == 0, finished.stderr

    to_the_end(run(folder))
    reference = fingerprint(store, without=FILES_ASIDE)
    total = count(store, RECORDS)
    assert reference.nodes > 500
    store.delete_everything()

    to_the_end(run(shuffled, "--batch-size", "17"))
    assert fingerprint(store, without=FILES_ASIDE) == reference
    store.delete_everything()

    # Killed twice in the reordered delivery, at batches of 13 records, then run to the end.
    stored = 0
    for target in (total // 4, total // 2):
        stored = kill_when_loaded(store, run(shuffled, "--batch-size", "13"), cli_env, max(target, stored + 1))
        assert stored < total
    to_the_end(run(shuffled, "--batch-size", "13"))
    assert fingerprint(store, without=FILES_ASIDE) == reference


def load(store, fmt: str, path: Path, rejects: Path, **options) -> None:
    run_ingest(IngestRequest(fmt, path, rejects_dir=rejects, **options), store_factory=lambda: store)


def test_a_published_file_in_another_order_gives_the_same_graph(store, shared_data, tmp_path):
    source = shared_data / "real" / "iom-mmp-global-2018-11-07.csv"
    load(store, "iom-mmp", source, tmp_path / "a")
    reference = fingerprint(store, without=FILES_ASIDE)
    store.delete_everything()
    reversed_file = tmp_path / "reversed" / source.name
    reversed_file.parent.mkdir()
    with source.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    with reversed_file.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *reversed(rows)])
    load(store, "iom-mmp", reversed_file, tmp_path / "b", batch_size=97)
    assert fingerprint(store, without=FILES_ASIDE) == reference
