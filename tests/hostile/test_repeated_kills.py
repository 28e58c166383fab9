"""A load killed with SIGKILL several times, at batches chosen at random, then run to the end.

Each kill may land in any file of the delivery and at any batch; each batch is one transaction,
so what a kill leaves is whole records. Re-running the same command after every kill, and once
more to completion, must end with exactly the graph a single clean run gives.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

from graphmodel.fingerprint import fingerprint
from scenarios import generate_scenario

KILLS = 3
SEED = 20261129
RECORDS = "MATCH (n) WHERE n.row_hash IS NOT NULL AND n.placeholder IS NULL RETURN count(n) AS c"
BROKEN_REPORTS = ("MATCH (r:Report) WHERE r.placeholder IS NULL AND NOT EXISTS { (r)-[:REPORTED_MISSING]->() } "
                  "RETURN count(r) AS c")


def count(store, query: str) -> int:
    return store.read(query)[0]["c"]


def kill_when_loaded(store, command: list[str], env: dict[str, str], target: int) -> int:
    """Start the load, SIGKILL it once `target` records are committed; the records then stored."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while count(store, RECORDS) < target:
            assert process.poll() is None, f"the load ended before it could be killed: {process.stderr.read()}"
            assert time.monotonic() < deadline, "the load made no progress"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return count(store, RECORDS)


def test_several_kills_at_random_batches_then_rerun_equals_one_clean_run(store, cli_env, tracegraph_command,
                                                                          tmp_path: Path):
    folder = tmp_path / "scenario"
    generate_scenario(120, 11, folder)
    command = [*tracegraph_command, "ingest", "interchange", str(folder), "--agency", "DEMO", "--quiet",
               "--rejects-dir", str(tmp_path / "out")]
    in_batches = [*command, "--batch-size", "25"]

    def run_to_the_end(arguments: list[str]) -> None:
        finished = subprocess.run(arguments, env=cli_env, capture_output=True, text=True, timeout=300)
        assert finished.returncode == 0, finished.stderr

    # The reference is one clean run at the default batch size (one batch per file here): the
    # batch size must not change the graph either.
    run_to_the_end(command)
    clean = fingerprint(store)
    total = count(store, RECORDS)
    assert total > 250
    store.delete_everything()

    targets = sorted(random.Random(SEED).sample(range(total // 10, total * 3 // 4), KILLS))
    stored = 0
    for target in targets:
        after_kill = kill_when_loaded(store, in_batches, cli_env, max(target, stored + 1))
        assert stored < after_kill < total, (stored, after_kill, total)
        # A batch commits whole: no report without its missing person.
        assert count(store, BROKEN_REPORTS) == 0
        stored = after_kill

    run_to_the_end(in_batches)
    assert fingerprint(store) == clean
