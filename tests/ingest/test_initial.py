"""`tracegraph ingest --initial`: an empty database filled through neo4j-admin's import.

The import stops and starts the server, so these tests run against a server of their own (a small
one, in a throwaway folder), not the session's. Each compares the graph the initial load leaves
with the one the transactional load of the same files leaves, by fingerprint.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator

import pytest

from graphmodel.config import load_settings
from graphmodel.errors import ServerError
from graphmodel.fingerprint import fingerprint
from graphmodel.server import start_server, stop_server
from graphmodel.server.bulk_import import import_full
from graphmodel.store import Store
from scenarios import generate_scenario
from throwaway_servers import free_port, local_env

from .conftest import write_csv

REAL_IOM = "iom-mmp-global-2018-11-07.csv"


@pytest.fixture(scope="module")
def own_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    env = local_env(tmp_path_factory.mktemp("initial-neo4j"), free_port())
    settings = load_settings(env)
    start_server(settings)
    try:
        yield env
    finally:
        stop_server(settings)


@pytest.fixture(scope="module")
def own_store(own_env: dict[str, str]) -> Iterator[Store]:
    with Store(load_settings(own_env)) as store:
        yield store


@pytest.fixture
def empty(own_store: Store) -> Store:
    own_store.delete_everything()
    return own_store


@pytest.fixture
def run_cli(own_env, cli_env, tracegraph_command):
    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([*tracegraph_command, "ingest", *arguments], env={**cli_env, **own_env},
                              capture_output=True, text=True, timeout=900)
    return run


def _data_count(store: Store) -> int:
    return store.read("MATCH (n) WHERE NOT n:ViewChange RETURN count(n) AS c")[0]["c"]


def test_initial_load_gives_the_transactional_graph_and_a_second_delivery_changes_nothing(
        empty, run_cli, tmp_path):
    folder = tmp_path / "scenario"
    generate_scenario(300, 5, folder)
    common = ["interchange", str(folder), "--agency", "DEMO", "--quiet", "--json"]
    initial = run_cli(*common, "--initial", "--rejects-dir", str(tmp_path / "initial"))
    assert initial.returncode == 0, initial.stderr
    # This store's last writes were to the database the import replaced.
    empty.database_replaced()
    bulk = fingerprint(empty)
    assert bulk.nodes > 2000 and bulk.relationships > 4000
    constraints = {row["name"] for row in empty.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert "person_uid_unique" in constraints

    again = run_cli(*common, "--rejects-dir", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    assert fingerprint(empty) == bulk
    files = json.loads(again.stdout)["files"]
    assert len(files) == 6
    assert all((f["new"], f["updated"], f["unchanged"]) == (0, 0, f["loaded"]) and f["loaded"] for f in files)

    empty.delete_everything()
    transactional = run_cli(*common, "--rejects-dir", str(tmp_path / "transactional"))
    assert transactional.returncode == 0, transactional.stderr
    assert fingerprint(empty) == bulk
    counted = [(f["file"], f["rows_read"], f["new"], f["rejected"]) for f in json.loads(initial.stdout)["files"]]
    assert counted == [(f["file"], f["rows_read"], f["new"], f["rejected"])
                       for f in json.loads(transactional.stdout)["files"]]
    assert set(json.loads(initial.stdout)["phases"]) >= {"read_and_check", "import", "schema"}


def test_real_published_file_initial_equals_transactional(empty, run_cli, shared_data, tmp_path):
    source = shared_data / "real" / REAL_IOM
    initial = run_cli("iom-mmp", str(source), "--initial", "--rejects-dir", str(tmp_path / "initial"))
    assert initial.returncode == 0, initial.stderr
    assert "Initial load: read and checked in" in initial.stdout
    empty.database_replaced()
    bulk = fingerprint(empty)
    assert bulk.nodes > 4000

    empty.delete_everything()
    transactional = run_cli("iom-mmp", str(source), "--rejects-dir", str(tmp_path / "transactional"))
    assert transactional.returncode == 0, transactional.stderr
    assert fingerprint(empty) == bulk
    # The same rows rejected and warned, with the same reasons.
    for report in sorted((tmp_path / "transactional").glob("*.csv")):
        assert (tmp_path / "initial" / report.name).read_text(encoding="utf-8") == report.read_text(encoding="utf-8")
    assert list((tmp_path / "transactional").glob("*.csv"))


def test_initial_into_a_database_that_holds_something_is_refused(empty, run_cli, tmp_path):
    folder = tmp_path / "scenario"
    generate_scenario(20, 3, folder)
    first = run_cli("interchange", str(folder / "vessels.csv"), "--agency", "DEMO", "--quiet",
                    "--rejects-dir", str(tmp_path / "first"))
    assert first.returncode == 0, first.stderr
    before = fingerprint(empty)
    refused = run_cli("interchange", str(folder), "--agency", "DEMO", "--initial", "--quiet",
                      "--rejects-dir", str(tmp_path / "refused"))
    assert refused.returncode != 0
    message = refused.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert "--initial loads only into an empty database" in message and "Voyage" in message
    assert fingerprint(empty) == before


def test_bad_file_gets_the_transactional_error_and_leaves_the_database_empty(empty, run_cli, tmp_path):
    folder = tmp_path / "bad"
    write_csv(folder / "vessels.csv", ["record_id", "vessel_name"], [["V1", "blue boat"]])
    write_csv(folder / "reports.csv", ["family_name", "given_names"], [["Haddad", "Omar"]])
    answers = [run_cli("interchange", str(folder), "--agency", "DEMO", *flag, "--rejects-dir", str(tmp_path / "r"))
               for flag in (["--initial"], [])]
    for answer in answers:
        assert answer.returncode != 0
        assert len(answer.stderr.strip().splitlines()) == 1 and "Traceback" not in answer.stderr
        assert "reports.csv" in answer.stderr and "record_id" in answer.stderr
    assert answers[0].stderr == answers[1].stderr
    assert _data_count(empty) == 0


def test_failed_import_leaves_the_database_empty_and_the_server_running(empty, own_env, tmp_path):
    settings = load_settings(own_env)
    folder = tmp_path / "import"
    # Two nodes with one id: neo4j-admin refuses the import.
    nodes = write_csv(folder / "nodes.csv", ["uid:ID(Person)", "name:string"], [["P1", "a"], ["P1", "b"]])
    with pytest.raises(ServerError, match="the database was left empty"):
        import_full(settings, folder, [f"--nodes=Person={nodes}"])
    empty.database_replaced()
    assert _data_count(empty) == 0
    assert empty.read("RETURN 1 AS ok") == [{"ok": 1}]

