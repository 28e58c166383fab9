"""The analysts' views follow the graph through the change journal: after every kind of write the
pipeline makes (a load, a kinship screening, a match, a review, a record made restricted and shared
again, a wipe) each view holds exactly what the rule says, read independently from the graph."""

from __future__ import annotations

import csv
import dataclasses
import socket
from pathlib import Path

import pytest

from graphmodel.fingerprint import fingerprint
from graphmodel.journal import JOURNAL_STATEMENT
from graphmodel.store import QueryRefused, Store
from identify import review
from identify.match import run_match
from ingest.run import IngestRequest, run_ingest
from isolation.rule import ViewScope
from isolation.servers import Views, prune_journal
from isolation.sync import SyncReport, ViewSync
from kinship import KinshipSettings
from kinship.screening import screen_graph
from scenarios import generate_scenario
from view_content import app_rule_differences, differences


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("deliveries")
    generate_scenario(40, 71, folder / "aaa", "AAA")
    generate_scenario(40, 72, folder / "bbb", "BBB")
    return folder


def ingest(store: Store, path: Path, agency: str, rejects: Path, sharing: str = "partners") -> None:
    run_ingest(IngestRequest(format="interchange", path=path, agency=agency, rejects_dir=rejects, sharing=sharing),
               store_factory=lambda: store)


def caught_up(store: Store, views: Views, mode: str = "refresh") -> list[SyncReport]:
    """Sync every view, then check it holds exactly what it may."""
    reports = []
    for view in views.known():
        report = views.sync(view, store)
        assert report is not None and report.mode == mode, report
        reports.append(report)
        with views.store(view) as held:
            assert differences(store, held, view.scope) == [], view.name
            assert app_rule_differences(store, held, view.scope) == [], view.name
    return reports


def one_report(source: Path, target: Path, uid_suffix: str, sharing: str) -> Path:
    """A re-delivery of one report of `source` with another sharing."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["record_id"] == uid_suffix)
    target.mkdir(parents=True, exist_ok=True)
    path = target / "reports.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow({**row, "sharing": sharing})
    return path


def test_views_follow_every_write_of_the_pipeline(store, analyst_views, deliveries, tmp_path):
    caught_up(store, analyst_views, mode="rebuild")  # the wipe before the test says "everything"
    ingest(store, deliveries / "aaa", "AAA", tmp_path / "r1")
    ingest(store, deliveries / "bbb", "BBB", tmp_path / "r2")
    loaded = caught_up(store, analyst_views)
    assert all(report.written > 100 for report in loaded)
    screen_graph(store, KinshipSettings())
    caught_up(store, analyst_views)
    run_match(store)
    caught_up(store, analyst_views)
    # a remains candidate of a shared report with another open one beside it, which its confirmation settles
    candidate = store.read("MATCH (r:Report {agency: 'AAA'})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t) "
                           "WHERE coalesce(r.sharing, '') <> 'agency' AND coalesce(t.sharing, '') <> 'agency' "
                           "AND c.candidate_kind = 'remains' AND EXISTS { (r)-[:HAS_CANDIDATE]->(o:Candidate)"
                           "-[:PROPOSES]->(u) WHERE o <> c AND o.candidate_kind IN ['remains', 'sighting'] "
                           "AND o.review_status = 'proposed' AND coalesce(u.sharing, '') <> 'agency' } "
                           "RETURN c.uid AS uid ORDER BY c.posterior DESC, uid LIMIT 1")[0]["uid"]
    # Four eyes: one proposes, a second confirms; what the confirmation settles elsewhere (the other
    # candidates of the report and of the record, the report's and the remains' status, the conflict
    # flags) is journalled by the rules themselves, and a reopening gives it all back.
    moves = [("under_review", "ana"), ("confirmation_proposed", "ana"), ("confirmed", "bea")]
    for token, (to_status, who) in enumerate(moves):
        outcome, _ = review.decide(store, candidate, to_status, review.Reviewer(who, "analyst", "AAA"),
                                   "the DNA and the voyage agree", f"review-token-{token}", review.ConfirmationPolicy())
        assert outcome.recorded
    assert store.read("MATCH (c:Candidate {settled_by: $uid}) RETURN count(c) AS n", {"uid": candidate})[0]["n"] > 0
    caught_up(store, analyst_views)
    with analyst_views.store(analyst_views.get(ViewScope("AAA", True))) as view:
        assert view.read("MATCH (:Review)-[:REVIEW_OF]->(c:Candidate {uid: $uid}) RETURN c.review_status AS s",
                         {"uid": candidate})[0]["s"] == "confirmed"
        assert view.read("MATCH (c:Candidate {review_status: 'settled'}) RETURN count(c) AS n")[0]["n"] > 0
    outcome, _ = review.decide(store, candidate, "under_review", review.Reviewer("bea", "analyst", "AAA"),
                               "the family asked for a second look", "review-token-9", review.ConfirmationPolicy())
    assert outcome.recorded
    caught_up(store, analyst_views)
    with analyst_views.store(analyst_views.get(ViewScope("AAA", True))) as view:
        assert view.read("MATCH (c:Candidate {review_status: 'settled'}) RETURN count(c) AS n")[0]["n"] == 0

    # A shared report of BBB made restricted leaves AAA's views, with its candidates; shared again, it is back.
    shared = store.read("MATCH (r:Report {agency: 'BBB'})-[:HAS_CANDIDATE]->() "
                        "WHERE coalesce(r.sharing, '') <> 'agency' "
                        "RETURN r.record_id AS id ORDER BY id LIMIT 1")[0]["id"]
    source = deliveries / "bbb" / "reports.csv"
    ingest(store, one_report(source, tmp_path / "restricted", shared, "agency"), "BBB", tmp_path / "r3")
    caught_up(store, analyst_views)
    for scope in (ViewScope("AAA", True), ViewScope("AAA", False)):
        with analyst_views.store(analyst_views.get(scope)) as view:
            assert view.read("MATCH (r:Report {uid: $uid}) RETURN count(r) AS n", {"uid": f"BBB:{shared}"})[0]["n"] == 0
            assert view.read("MATCH (c:Candidate) WHERE c.uid STARTS WITH $uid RETURN count(c) AS n",
                             {"uid": f"BBB:{shared}->"})[0]["n"] == 0
    ingest(store, one_report(source, tmp_path / "shared", shared, "partners"), "BBB", tmp_path / "r4")
    caught_up(store, analyst_views)
    with analyst_views.store(analyst_views.get(ViewScope("AAA", False))) as view:
        assert view.read("MATCH (r:Report {uid: $uid})-[:HAS_CANDIDATE]->(c) RETURN count(c) AS n",
                         {"uid": f"BBB:{shared}"})[0]["n"] > 0

    # A wipe empties the views.
    store.delete_everything()
    caught_up(store, analyst_views, mode="rebuild")
    with analyst_views.store(analyst_views.get(ViewScope("AAA", True))) as view:
        assert view.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0


def all_restricted(source: Path, target: Path) -> Path:
    """A copy of a delivery whose every row is restricted to its agency."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        with (target / path.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows({**row, "sharing": "agency"} if "sharing" in row else row for row in rows)
    return target


def test_changes_hidden_from_a_view_write_nothing_to_it(store, analyst_views, deliveries, tmp_path):
    ingest(store, deliveries / "aaa", "AAA", tmp_path / "r1")
    caught_up(store, analyst_views, mode="rebuild")
    ingest(store, all_restricted(deliveries / "bbb", tmp_path / "bbb"), "BBB", tmp_path / "r2", sharing="agency")
    restricted = store.read("MATCH (r:Report {agency: 'BBB', sharing: 'agency'}) RETURN count(r) AS n")[0]["n"]
    assert restricted > 20
    for report in caught_up(store, analyst_views):
        assert report.touched > 0 and report.written == 0 and report.deleted == 0, report


def test_a_journal_entry_is_written_with_its_write_or_not_at_all(store):
    before = store.read("MATCH (j:ViewChange) RETURN count(j) AS n")[0]["n"]
    with pytest.raises(QueryRefused):
        store.write_together([("CREATE (:Report {uid: 'AAA:x'})", {}), ("RETURN 1 / 0", {})], touched=["Report|AAA:x"])
    assert store.read("MATCH (j:ViewChange) RETURN count(j) AS n")[0]["n"] == before
    store.write("CREATE (:Report {uid: 'AAA:y'})", touched=["Report|AAA:y"])
    entry = store.read("MATCH (j:ViewChange) RETURN j.keys AS keys ORDER BY j.at DESC LIMIT 1")[0]
    assert entry["keys"] == ["Report|AAA:y"] and "CREATE (:ViewChange" in JOURNAL_STATEMENT


def test_the_journal_is_pruned_once_every_view_has_read_it(store, analyst_views):
    caught_up(store, analyst_views, mode="rebuild")
    store.write("CREATE (:Report {uid: 'AAA:z', agency: 'AAA'})", touched=["Report|AAA:z"])
    caught_up(store, analyst_views)
    assert prune_journal(store, analyst_views.known()) == 0  # read, but within the overlap
    store.write("MATCH (j:ViewChange) SET j.at = j.at - duration('PT1H')")
    assert prune_journal(store, analyst_views.known()) > 0
    assert store.read("MATCH (j:ViewChange) RETURN count(j) AS n")[0]["n"] == 0


def test_a_view_server_runs_only_read_only_apoc(analyst_views):
    with analyst_views.store(analyst_views.get(ViewScope("AAA", False))) as view:
        assert view.read("RETURN apoc.coll.toSet([1, 1, 2]) AS s")[0]["s"] == [1, 2]
        for call in ("CALL apoc.load.json('file:///etc/hostname')",
                     "CALL apoc.periodic.iterate('RETURN 1', 'RETURN 1', {})",
                     "RETURN apoc.cypher.runFirstColumnSingle('RETURN 1', {})"):
            with pytest.raises(QueryRefused, match="(?i)unknown|not found|no procedure|no function"):
                view.read(call)


def test_a_new_agency_view_is_made_from_the_partners_view(store, analyst_views, deliveries, tmp_path):
    """A new agency's view starts as a copy of the partners' view (which holds nothing any agency
    restricted), then takes the agency's own records: it ends as a view built whole would."""
    ingest(store, deliveries / "aaa", "AAA", tmp_path / "r1")
    ingest(store, deliveries / "bbb", "BBB", tmp_path / "r2", sharing="agency")
    settings = dataclasses.replace(analyst_views.settings, home=tmp_path / "home")
    views = Views(settings)
    made = [views.create(ViewScope(None, False), port=free_port()),
            views.create(ViewScope("BBB", False), port=free_port())]
    try:
        report = views.sync(made[1], store)
        assert report is not None and report.mode == "seed" and report.written > 100
        assert not views.status(made[0]).running  # the partners' view was not running: it is left stopped
        for view in made:
            assert view.state() is not None
        with views.store(made[1]) as held:
            assert differences(store, held, ViewScope("BBB", False)) == []
            assert held.read("MATCH (r:Report {agency: 'BBB', sharing: 'agency'}) RETURN count(r) AS n")[0]["n"] > 20
        views.start([made[0]])
        with views.store(made[0]) as held:
            assert differences(store, held, ViewScope(None, False)) == []
    finally:
        views.stop(made)


def test_a_view_built_whole_holds_what_the_careful_rebuild_and_the_refreshes_hold(store, analyst_views, deliveries,
                                                                                   tmp_path):
    """A view built whole into an empty store (`isolation.whole`) equals one built by the careful
    path (read the view, write the difference) and one kept up to date by refreshes through a
    match and a confirmation: same nodes, properties (the conflict flags too) and relationships."""
    caught_up(store, analyst_views, mode="rebuild")
    ingest(store, deliveries / "aaa", "AAA", tmp_path / "r1")
    ingest(store, deliveries / "bbb", "BBB", tmp_path / "r2")
    ingest(store, one_report(deliveries / "bbb" / "reports.csv", tmp_path / "restricted",
                             store.read("MATCH (r:Report {agency: 'BBB'}) RETURN r.record_id AS id "
                                        "ORDER BY id LIMIT 1")[0]["id"], "agency"), "BBB", tmp_path / "r3")
    run_match(store)
    caught_up(store, analyst_views)
    confirmed = store.read("MATCH (r:Report {agency: 'AAA'})-[:HAS_CANDIDATE]->(a:Candidate)-[:PROPOSES]->(t)"
                           "<-[:PROPOSES]-(b:Candidate) WHERE a.candidate_kind = 'remains' AND a <> b "
                           "AND coalesce(r.sharing, '') <> 'agency' AND coalesce(t.sharing, '') <> 'agency' "
                           "RETURN a.uid AS uid ORDER BY a.posterior DESC, uid LIMIT 1")[0]["uid"]
    for token, (to_status, who) in enumerate([("under_review", "ana"), ("confirmation_proposed", "ana"),
                                              ("confirmed", "bea")]):
        outcome, _ = review.decide(store, confirmed, to_status, review.Reviewer(who, "analyst", "AAA"),
                                   "the voyage agrees", f"whole-token-{token}", review.ConfirmationPolicy())
        assert outcome.recorded
    caught_up(store, analyst_views)
    scope = ViewScope("AAA", True)
    with analyst_views.store(analyst_views.get(scope)) as refreshed:
        kept = fingerprint(refreshed)
        assert refreshed.read("MATCH (c:Candidate {review_status: 'settled'}) RETURN count(c) AS n")[0]["n"] > 0
    views = Views(dataclasses.replace(analyst_views.settings, home=tmp_path / "home"))
    view = views.create(scope, port=free_port())
    views.start([view])
    try:
        with views.store(view) as built:
            whole = ViewSync(store, built, scope, view.folder).rebuild()
            assert whole.mode == "rebuild" and whole.written > 100
            assert differences(store, built, scope) == []
            assert fingerprint(built) == kept
            built.delete_everything()
            ViewSync(store, built, scope, view.folder).rebuild(whole=False)
            assert fingerprint(built) == kept
    finally:
        views.stop([view])


def test_the_clearance_rule_covers_every_restricted_label():
    """A view takes DNA clearance from the app's rule (`@cleared`), which names the labels it hides:
    every label the model restricts must be one of them."""
    from graphmodel.model import load_model
    from queries.access import cleared

    restricted = {n.label for n in load_model().nodes.values() if n.restricted}
    assert restricted and all(f"n:{label}" in cleared("n") for label in restricted)
