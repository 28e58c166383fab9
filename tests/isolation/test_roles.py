"""The analysts' roles for Neo4j Enterprise and Aura (`tracegraph db roles`), which cannot run here:
every generated command parses (Neo4j Community parses administration commands, checks their
property rules, then says it does not support them), and the privileges, applied to a real graph
by their documented semantics, give each role exactly what the view of its agency and clearance
holds, but for what property rules cannot express (places and agencies named only by hidden
records, docs/web.md)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from graphmodel.model import load_model
from graphmodel.store import QueryRefused, Store
from identify import review
from identify.match import run_match
from ingest.run import IngestRequest, run_ingest
from isolation.roles import STAMP, privileges, refresh_stamps, role_sees, role_statements
from isolation.rule import ViewScope
from kinship import KinshipSettings
from kinship.screening import screen_graph
from scenarios import generate_scenario
from view_content import expected


def test_every_generated_command_parses(store):
    commands = role_statements(["AAA", "BB-2"], database="neo4j", password="not-a-real-one")
    assert len(commands) > 40 and all("'BB-2'" in c or "BB-2" not in c or "`" in c for c in commands)
    for command in commands:
        if command.startswith("CREATE USER"):
            continue  # Community runs it; the rest it parses and declines
        with pytest.raises(QueryRefused) as refused:
            store.run_administration([command])
        assert str(refused.value).startswith("Unsupported administration command"), (command, refused.value)


def test_a_rule_on_two_properties_would_not_parse(store):
    with pytest.raises(QueryRefused, match="(?i)not supported|single"):
        store.run_administration(["GRANT TRAVERSE ON GRAPH neo4j FOR (n:Report) "
                                  "WHERE n.sharing <> 'agency' AND n.agency = 'AAA' TO `r`"])


def test_every_grant_names_a_label_or_property_of_the_model():
    model = load_model()
    for privilege in privileges("AAA", True) + privileges("AAA", False):
        assert set(privilege.labels) <= set(model.nodes)
        if privilege.property:
            assert any(privilege.property in model.node(label).properties or privilege.property == STAMP
                       for label in privilege.labels)


def test_db_roles_prints_the_commands(cli_env, tracegraph_command):
    result = subprocess.run([*tracegraph_command, "db", "roles", "--agency", "ICRC"], env=cli_env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "CREATE ROLE `tracegraph_app` IF NOT EXISTS;"
    assert ("GRANT TRAVERSE ON GRAPH `neo4j` FOR (n:Delivery) WHERE n.agency = 'ICRC' "
            "TO `tracegraph_analyst_ICRC`;") in lines
    assert "GRANT IMPERSONATE (`tracegraph_analyst_ICRC_dna`) ON DBMS TO `tracegraph_app`;" in lines
    assert all(line.endswith(";") for line in lines)


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("role-deliveries")
    generate_scenario(30, 81, folder / "aaa", "AAA")
    generate_scenario(30, 82, folder / "bbb", "BBB")
    return folder


@pytest.fixture(scope="module")
def graph(_session_store: Store, deliveries: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One pipeline graph for the module's role tests (they come last, and the last one changes it)."""
    _session_store.delete_everything()
    _build(_session_store, deliveries, tmp_path_factory.mktemp("role-rejects"))
    return _session_store


def _build(store: Store, deliveries: Path, rejects: Path) -> None:
    for agency, sharing in (("AAA", "partners"), ("BBB", "agency")):
        run_ingest(IngestRequest(format="interchange", path=deliveries / agency.lower(), agency=agency,
                                 rejects_dir=rejects / agency, sharing=sharing), store_factory=lambda: store)
    screen_graph(store, KinshipSettings())
    run_match(store)
    uid = store.read("MATCH (:Report {agency: 'BBB', sharing: 'agency'})-[:HAS_CANDIDATE]->(c) "
                     "RETURN c.uid AS uid ORDER BY uid LIMIT 1")[0]["uid"]
    decision = review.plan(uid, "proposed", "under_review", "bea", "looking at it", "review-token-roles")
    assert review.record(store, decision, "BBB").recorded


@pytest.mark.parametrize("agency,cleared", [("AAA", True), ("AAA", False), ("BBB", False)])
def test_each_role_sees_what_its_view_holds(graph, tmp_path, agency, cleared):
    store = graph
    refresh_stamps(store, tmp_path / "roles-state.json")
    scope = ViewScope(agency, cleared)
    view_nodes, _rels = expected(store, scope)
    model = load_model()
    by_role = set()
    for row in store.read("MATCH (n) RETURN head(labels(n)) AS label, properties(n) AS props"):
        node = model.node(row["label"])
        found, denied = role_sees(agency, cleared, row["label"], row["props"])
        if found:
            by_role.add((row["label"], row["props"][node.key]))
            if node.visibility == "linked" and node.provenance:
                assert "agency" in denied and "source_record" in denied
            if row["label"] == "Candidate":
                assert {"conflict", "conflict_with"} <= denied and (("evidence" in denied) != cleared)
    linked = {n.label for n in model.nodes.values() if n.visibility == "linked"}
    assert {k for k in by_role if k[0] not in linked} == {k for k in view_nodes if k[0] not in linked}
    assert {k for k in view_nodes if k[0] in linked} <= {k for k in by_role if k[0] in linked}
    assert any(k[0] == "Candidate" for k in by_role) and any(k[0] == "Review" for k in by_role) == (agency == "BBB")


def test_stamps_follow_a_record_made_restricted(graph, tmp_path):
    store = graph
    state = tmp_path / "roles-state.json"
    first = refresh_stamps(store, state)
    assert first["stamped"] > 0
    assert store.read(f"MATCH (c:Candidate) WHERE c.{STAMP} IS NULL RETURN count(c) AS n")[0]["n"] == 0
    report = store.read("MATCH (r:Report {agency: 'AAA'})-[:HAS_CANDIDATE]->(c)-[:PROPOSES]->(t) "
                        f"WHERE c.{STAMP} = 'partners' RETURN r.uid AS uid LIMIT 1")[0]["uid"]
    store.write("MATCH (r:Report {uid: $uid}) SET r.sharing = 'agency'", {"uid": report},
                touched=[f"Report|{report}"])
    again = refresh_stamps(store, state)
    assert 0 < again["stamped"] < first["stamped"]
    stamps = {row["s"] for row in store.read(f"MATCH (:Report {{uid: $uid}})-[:HAS_CANDIDATE]->(c) "
                                             f"RETURN c.{STAMP} AS s", {"uid": report})}
    assert stamps <= {"AAA", "-"} and "AAA" in stamps
    visible = role_sees("BBB", True, "Candidate", {STAMP: "AAA"})[0]
    assert not visible and role_sees("AAA", False, "Candidate", {STAMP: "AAA"})[0]
