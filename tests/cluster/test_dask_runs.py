"""Heavy runs on a Dask cluster: a LocalCluster of two worker processes writes exactly what a run in
local processes writes, also when a worker is killed in the middle of the run."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from graphmodel.fingerprint import GraphFingerprint, fingerprint
from identify.match import MatchSummary, run_match
from kinship import KinshipSettings
from kinship.screening import screen_graph
from tracegraph.cluster import DaskRunner, match_on_cluster

distributed = pytest.importorskip("distributed")

AGENCY = "DASK"
# A run's own clock: when each report was matched and each candidate or result written.
TIMES = ("matched_at", "created_at", "second_look_at", "settled_at")


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two workers, each its own process with one thread, as `dask worker` would start them."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  memory_limit="3GiB") as local:
        yield local


@pytest.fixture(scope="module")
def scenario(load_scenario, _session_store) -> dict[str, GraphFingerprint]:
    """A generated scenario screened and matched in this process: the fingerprints to reproduce."""
    load_scenario(200, 23, AGENCY)
    screen_graph(_session_store, KinshipSettings(), workers=1)
    kinship = fingerprint(_session_store, times=TIMES)
    run_match(_session_store)
    return {"kinship": kinship, "match": fingerprint(_session_store, times=TIMES)}


def forget_matching(store) -> None:
    """Back to the graph before `match`: no candidates, no report marked as matched."""
    store.write("MATCH (c:Candidate) DETACH DELETE c", {})
    store.write("MATCH (r:Report) WHERE r.matched_at IS NOT NULL REMOVE r.matched_at", {})


@pytest.mark.neo4j
def test_the_kinship_screen_on_the_cluster_writes_what_a_local_screen_writes(scenario, _session_store, cluster):
    store = _session_store
    forget_matching(store)
    store.write("MATCH ()-[k:KINSHIP_MATCH]->() DELETE k", {})
    assert fingerprint(store, times=TIMES) != scenario["kinship"]
    runner = DaskRunner(cluster.scheduler_address, progress=False)
    try:
        assert runner.workers == 2
        report = screen_graph(store, KinshipSettings(), full=True, runner=runner)
    finally:
        runner.close()
    assert report.matches_written > 0 and report.pairs_compared > 0
    assert fingerprint(store, times=TIMES) == scenario["kinship"]


@pytest.mark.neo4j
def test_match_on_the_cluster_through_the_cli_writes_what_a_local_run_writes(scenario, _session_store, cluster,
                                                                                  cli_env, tracegraph_command):
    store = _session_store
    forget_matching(store)
    done = subprocess.run([*tracegraph_command, "match", "--cluster", cluster.scheduler_address, "--shares", "4"],
                          env=cli_env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"Dask scheduler {cluster.scheduler_address}: 2 worker thread(s); dashboard http" in done.stderr
    assert "4/4 shares" in done.stderr  # the progress bar reached its end
    assert "Matched " in done.stdout and "Remains candidates made coherent" in done.stdout
    assert fingerprint(store, times=TIMES) == scenario["match"]


@pytest.mark.neo4j
def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_written_twice(scenario, _session_store, cluster,
                                                                           neo4j_settings):
    store = _session_store
    forget_matching(store)
    runner = DaskRunner(cluster.scheduler_address, progress=False)
    outcome: dict[str, MatchSummary | BaseException] = {}

    def run() -> None:
        try:
            outcome["summary"] = match_on_cluster(runner, neo4j_settings, routes=None, changed_only=False,
                                                  batch_size=50, shares=4)
        except BaseException as error:  # handed to the test's own thread
            outcome["error"] = error

    pids = runner.client.run(os.getpid)
    thread = threading.Thread(target=run)
    thread.start()
    try:
        busy: list[str] = []
        deadline = time.monotonic() + 120
        while not busy and time.monotonic() < deadline:
            busy = [worker for worker, tasks in runner.client.processing().items() if tasks]
            time.sleep(0.05)
        assert busy, "no share started on the cluster"
        os.kill(pids[busy[0]], signal.SIGKILL)
        thread.join(timeout=600)
    finally:
        thread.join(timeout=600)
        runner.close()
    assert "error" not in outcome, outcome.get("error")
    summary = outcome["summary"]
    assert isinstance(summary, MatchSummary) and summary.reports > 150
    assert fingerprint(store, times=TIMES) == scenario["match"]
    pairs = store.read("MATCH (r:Report)-[:HAS_CANDIDATE]->(:Candidate)-[:PROPOSES]->(t) "
                       "RETURN r.uid AS report, t.uid AS target", {})
    assert len(pairs) == len({(row["report"], row["target"]) for row in pairs})


@pytest.mark.neo4j
def test_an_unreachable_scheduler_is_one_clear_error(store, cli_env, tracegraph_command):
    for command in (["match"], ["kinship", "screen"]):
        done = subprocess.run([*tracegraph_command, *command, "--cluster", "tcp://127.0.0.1:9"], env=cli_env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1
        assert done.stderr.startswith("Error: Cannot reach the Dask scheduler at tcp://127.0.0.1:9")
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    done = subprocess.run([*tracegraph_command, "match", "--cluster", "scheduler:8786"], env=cli_env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "like tcp://scheduler:8786" in done.stderr
