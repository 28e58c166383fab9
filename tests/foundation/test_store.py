"""The store layer against the real server: version, read-only sessions, batching, errors."""

from __future__ import annotations

import os
import subprocess

import pytest

from graphmodel.config import load_settings
from graphmodel.errors import DatabaseUnavailable
from graphmodel.store import QueryRefused, Store, quiet_parameters
from throwaway_servers import free_port


def test_server_is_neo4j_5_26_community(store):
    info = store.server_info()
    assert info.name == "Neo4j Kernel"
    assert info.version.startswith("5.26.")
    assert info.edition == "community"


def test_apoc_core_is_installed(store):
    version = store.read("RETURN apoc.version() AS version")[0]["version"]
    assert version.startswith("5.26.")


@pytest.mark.parametrize("statement", [
    "CREATE (:Report {uid: 'X:1'})",
    "MERGE (n:Report {uid: 'X:1'}) RETURN n",
    "MATCH (n) SET n.touched = true",
    "MATCH (n) DETACH DELETE n",
    "CREATE INDEX sneaky IF NOT EXISTS FOR (n:Report) ON (n.status)",
])
def test_read_only_session_refuses_writes(store, statement):
    store.write("CREATE (:Report {uid: 'keep:1'})")
    with pytest.raises(QueryRefused) as refused:
        store.run_read_only(statement)
    assert "read" in str(refused.value).lower() or "not allowed" in str(refused.value).lower()
    # The change journal's entries (ViewChange) are the store's own bookkeeping of writes.
    rows = store.read("MATCH (n) WHERE NOT n:ViewChange RETURN count(n) AS nodes, collect(n.touched) AS touched")
    assert rows == [{"nodes": 1, "touched": []}]


def test_read_only_session_caps_rows(store):
    result = store.run_read_only("UNWIND range(1, 50) AS i RETURN i", row_cap=10)
    assert [record["i"] for record in result.records] == list(range(1, 11))
    assert result.truncated is True
    assert result.keys == ["i"]


def test_read_only_session_times_out(store):
    with pytest.raises(QueryRefused) as refused:
        store.run_read_only(
            # Ten billion rows: minutes of work on any machine, so only the timeout can end it.
            "UNWIND range(1, 100000) AS i UNWIND range(1, 100000) AS j WITH i, j WHERE (i + j) % 7 = 99 "
            "RETURN count(*)", timeout=1.0)
    assert "timeout" in str(refused.value).lower() or "terminated" in str(refused.value).lower()


def test_batched_writes_are_idempotent(store):
    rows = [{"uid": f"T:{i}", "name": f"person {i}"} for i in range(4500)]
    query = "UNWIND $rows AS row MERGE (p:Person {uid: row.uid}) SET p.full_name = row.name"
    first = store.write_batches(query, rows, batch_size=1000)
    second = store.write_batches(query, rows, batch_size=1000)
    assert (first.batches, first.rows, first.nodes_created) == (5, 4500, 4500)
    assert (second.batches, second.nodes_created) == (5, 0)
    assert store.read("MATCH (p:Person) RETURN count(p) AS n") == [{"n": 4500}]


def test_list_parameters_are_sent_whole_with_a_short_repr(store):
    rows = [{"uid": f"T:{i}", "names": [f"n{i}", f"m{i}"]} for i in range(2000)]
    sent = quiet_parameters({"rows": rows, "agency": "X"})
    assert sent == {"rows": rows, "agency": "X"}
    assert repr(sent["rows"]) == "<2000 values>"
    store.write_together([("UNWIND $rows AS row CREATE (p:Person {uid: row.uid, other_names: row.names})",
                           {"rows": rows})])
    assert store.read("MATCH (p:Person) RETURN count(p) AS n") == [{"n": 2000}]
    assert store.read("MATCH (p:Person {uid: 'T:1999'}) RETURN p.other_names AS names") == [
        {"names": ["n1999", "m1999"]}]


def test_unreachable_server_is_one_clear_sentence(neo4j_settings):
    port = free_port()
    settings = load_settings({"TRACEGRAPH_NEO4J_PORT": str(port), "NEO4J_PASSWORD": "x" * 10})
    with Store(settings, retry_seconds=0.5) as store, pytest.raises(DatabaseUnavailable) as failure:
        store.read("RETURN 1")
    message = str(failure.value)
    assert message.startswith(f"Neo4j is not reachable at neo4j://127.0.0.1:{port}")
    assert "tracegraph db start" in message


def test_a_database_that_is_not_ready_is_unavailable_not_refused(neo4j_settings):
    # What a server says while its database starts, stops or changes cluster leader: the web app
    # answers 503 and the CLI asks to try again, instead of reporting a refused query.
    from neo4j.exceptions import Neo4jError
    busy = Neo4jError._hydrate_neo4j(code="Neo.TransientError.General.DatabaseUnavailable",
                                     message="Database 'neo4j' is unavailable.")
    with Store(neo4j_settings) as store, pytest.raises(DatabaseUnavailable) as failure:
        with store._translated_errors():
            raise busy
    assert str(failure.value) == (f"Neo4j at {neo4j_settings.uri} cannot serve database "
                                  f"{neo4j_settings.database!r} right now (Database 'neo4j' is unavailable.): "
                                  "try again in a moment.")
    other = Neo4jError._hydrate_neo4j(code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
                                      message="The allocation of an extra 2 MiB would use more than the limit.")
    with Store(neo4j_settings) as store, pytest.raises(QueryRefused):
        with store._translated_errors():
            raise other


def test_wrong_password_is_one_clear_sentence(neo4j_settings):
    env = {"NEO4J_URI": neo4j_settings.uri, "NEO4J_PASSWORD": "definitely-wrong"}
    with Store(load_settings(env), retry_seconds=0.5) as store, pytest.raises(DatabaseUnavailable) as failure:
        store.read("RETURN 1")
    assert "refused the credentials of user 'neo4j'" in str(failure.value)


def test_cli_reports_unreachable_server_without_traceback(tmp_path, tracegraph_command):
    env = {**os.environ, "TRACEGRAPH_HOME": str(tmp_path), "TRACEGRAPH_NEO4J_PORT": str(free_port()),
           "NEO4J_PASSWORD": "whatever-it-is"}
    env.pop("NEO4J_URI", None)
    result = subprocess.run([*tracegraph_command, "db", "migrate"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: Neo4j is not reachable at")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_suite_talks_to_neo4j_through_a_routing_uri(store):
    # Every test reaches the server as an application reaches a cluster or Aura: a neo4j:// URI,
    # routing table, managed transactions and an explicit database name.
    if not os.environ.get("TRACEGRAPH_TEST_NEO4J_URI"):
        assert store.settings.uri.startswith("neo4j://")
    table = store.read("CALL dbms.routing.getRoutingTable({}, $database) YIELD servers RETURN servers",
                                {"database": store.database})[0]["servers"]
    assert {"WRITE", "READ", "ROUTE"} <= {server["role"] for server in table}
    store.write("MERGE (:Agency {code: $code})", {"code": "ROUTED"})
    assert store.read("MATCH (a:Agency {code: $code}) RETURN count(a) AS n", {"code": "ROUTED"})[0]["n"] == 1


def test_deleting_everything_takes_a_dense_node_apart_in_bounded_batches(store):
    store.write("CREATE (a:Agency {code: 'DENSE'}) WITH a UNWIND range(1, 2500) AS i "
                "CREATE (:Report {uid: 'R' + i})-[:SUPPLIED_BY]->(a)")
    totals = store.delete_everything(batch_size=1000)
    # 2,501 nodes and the journal entry of the wipe before the test.
    assert (totals.nodes_deleted, totals.relationships_deleted) == (2502, 2500)
    # Three batches of relationships and three of nodes, each kind ended by an empty look.
    assert totals.batches == 8
    # What is left is the journal's one entry saying that everything changed, for the views.
    assert store.read("MATCH (n) RETURN collect(labels(n)) AS n")[0]["n"] == [["ViewChange"]]
