"""Matching split into shares: by hash part and by route, the shares together equal one full run."""

from __future__ import annotations

import subprocess

import pytest

from identify.match import run_joint, run_match
from identify.partition import NO_ROUTE, PartitionError, Share

AGENCY = "PART"


def test_parse_and_refuse():
    assert Share.parse(None).everything
    assert Share.parse("2/4") == Share(None, 2, 4)
    assert Share.parse(None, ["Central Mediterranean", " "]).routes == frozenset({"Central Mediterranean"})
    for bad in ("0/4", "5/4", "2", "a/b", "1/0", "1/2/3", "-1/2", "1/2000"):
        with pytest.raises(PartitionError, match="--part"):
            Share.parse(bad)


def test_every_uid_falls_in_exactly_one_hash_part():
    uids = [f"A:R-{n}" for n in range(2000)]
    parts = [Share.parse(f"{k}/5") for k in range(1, 6)]
    holders = [[p.number for p in parts if p.holds(uid, ())] for uid in uids]
    assert all(len(h) == 1 for h in holders)
    sizes = [sum(1 for h in holders if h == [k]) for k in range(1, 6)]
    assert min(sizes) > 300  # a fair split, not everything in one part


def test_route_share_takes_reports_on_the_route_or_on_none():
    share = Share.parse(None, ["Atlantic", NO_ROUTE])
    assert share.holds("A:1", ["Atlantic", "Western Mediterranean"])
    assert share.holds("A:2", [])
    assert not share.holds("A:3", ["Central Mediterranean"])
    with pytest.raises(PartitionError, match="no route named Atlantik"):
        Share.parse(None, ["Atlantik"]).check_routes(["Atlantic"])


def snapshot(store) -> dict[tuple[str, str], tuple]:
    rows = store.read(
        "MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t) "
        "RETURN r.uid AS report, t.uid AS target, c.log10_lr AS lr, c.band AS band, c.posterior AS posterior", {})
    return {(row["report"], row["target"]): (round(row["lr"], 9), row["band"], round(row["posterior"], 12))
            for row in rows}


def forget_candidates(store) -> None:
    store.write("MATCH (c:Candidate) DETACH DELETE c", {})
    assert snapshot(store) == {}


@pytest.mark.neo4j
def test_shares_together_give_the_full_run(load_scenario, _session_store):
    store = _session_store
    load_scenario(120, 17, AGENCY)
    full = run_match(store)
    expected = snapshot(store)
    assert full.reports > 100 and len({report for report, _ in expected}) > 50

    forget_candidates(store)
    counted = [run_match(store, share=Share.parse(f"{k}/3")).reports for k in (1, 2, 3)]
    assert sum(counted) == full.reports and min(counted) > 0
    assert snapshot(store) == expected

    routes = store.read("MATCH (r:Route) RETURN r.name AS name", {})
    names = sorted(row["name"] for row in routes)
    assert len(names) >= 2
    forget_candidates(store)
    by_route = run_match(store, share=Share.parse(None, [names[0]]))
    rest = run_match(store, share=Share.parse(None, [*names[1:], NO_ROUTE]))
    # a report on two routes is in both route shares; it is matched twice and written once
    assert by_route.reports + rest.reports >= full.reports and min(by_route.reports, rest.reports) > 0
    assert snapshot(store) == expected

    # shares run at the same time leave the joint pass to one run after all of them have written
    forget_candidates(store)
    for k in (1, 2, 3):
        run_match(store, share=Share.parse(f"{k}/3"), joint=False)
    deferred = snapshot(store)
    assert deferred.keys() == expected.keys()
    assert deferred != expected  # pairwise posteriors only: bodies claimed by several reports not yet shared out
    run_joint(store)
    assert snapshot(store) == expected


@pytest.mark.neo4j
def test_cli_refuses_a_bad_part_or_an_unknown_route(store, cli_env, tracegraph_command):
    for args, words in ((["--part", "3/2"], "--part 3/2: K must be between 1 and N"),
                        (["--route", "Nowhere Sea"], "no route named Nowhere Sea in the graph"),
                        (["--joint-only", "--part", "1/2"], "--joint-only matches no report: give it alone")):
        done = subprocess.run([*tracegraph_command, "match", "--quiet", *args], env=cli_env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 1
        assert done.stderr.startswith(f"Error: {words}") and "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1
