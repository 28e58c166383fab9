"""The identification commands, run as a user runs them."""

from __future__ import annotations

import json
import subprocess

import pytest

from crafted_scenarios import Scenario, central_mediterranean

pytestmark = pytest.mark.neo4j


def tracegraph(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=300)


def test_match_then_candidates_as_json(store, cli_env, tracegraph_command):
    central_mediterranean().write(store)
    done = tracegraph(tracegraph_command, cli_env, "match", "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Matched 3 reports (0 unchanged, skipped)")

    listed = tracegraph(tracegraph_command, cli_env, "candidates", "R1", "--json", "--limit", "3")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    # at most 3 of each section: remains and sightings, then the other report of the same person
    assert [(row["section"], row["rank"]) for row in rows] == [
        ("identification", 1), ("identification", 2), ("identification", 3), ("same_person", 1)]
    assert {row["candidate_kind"] for row in rows[:3]} <= {"remains", "sighting"}
    assert (rows[3]["candidate_id"], rows[3]["candidate_kind"]) == ("R2", "report")
    first = rows[0]
    assert (first["candidate_id"], first["candidate_agency"], first["candidate_kind"]) == ("B1", "MORGUE", "remains")
    assert first["band"] == "strong" and first["review_status"] == "proposed"
    assert first["posterior"] > 0.99 and first["log10_lr"] > 9
    assert first["evidence"][0]["kind"] == "dna"
    assert {"kind", "log10_lr", "detail"} <= first["evidence"][0].keys()
    assert rows[0]["posterior"] >= rows[1]["posterior"] >= rows[2]["posterior"]

    text = tracegraph(tracegraph_command, cli_env, "candidates", "R1", "--limit", "2")
    assert "  1. remains  MORGUE:B1  strong" in text.stdout and "dna" in text.stdout
    remains_and_sightings = text.stdout.index("Remains and sightings that may be the person:")
    other_reports = text.stdout.index("Other reports that may be the same person:")
    assert remains_and_sightings < text.stdout.index("MORGUE:B1") < other_reports < text.stdout.index("AAA:R2")


def test_same_record_id_from_two_agencies_needs_agency(store, cli_env, tracegraph_command):
    scenario = central_mediterranean()
    scenario.report("BBB:R1", "Someone Else", sex="F")
    scenario.write(store)
    ambiguous = tracegraph(tracegraph_command, cli_env, "candidates", "R1")
    assert ambiguous.returncode == 1
    assert ambiguous.stderr.strip() == ("Error: report id 'R1' was delivered by several agencies (AAA, BBB): "
                                        "say which with --agency")
    chosen = tracegraph(tracegraph_command, cli_env, "match", "--report", "R1", "--agency", "BBB", "--quiet")
    assert chosen.returncode == 0 and chosen.stdout.startswith("Matched 1 reports")
    missing = tracegraph(tracegraph_command, cli_env, "candidates", "R404")
    assert missing.returncode == 1 and "there is no report 'R404'" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_links_chain_and_around(store, cli_env, tracegraph_command):
    central_mediterranean().write(store)
    chain = tracegraph(tracegraph_command, cli_env, "links", "chain", "R1", "B1", "--paths", "2", "--json")
    assert chain.returncode == 0, chain.stderr
    chains = json.loads(chain.stdout)
    assert [c["hops"] for c in chains] == [2, 3]
    assert chains[1]["chain"][2]["relationship"] == "RECOVERED_FROM"
    around = tracegraph(tracegraph_command, cli_env, "links", "around", "V1")
    assert "remains recovered from it" in around.stdout and "MORGUE:B2" in around.stdout
    network = tracegraph(tracegraph_command, cli_env, "links", "network", "R1", "R2", "MORGUE:B4")
    assert "AAA:R1 .. AAA:R2: 4 hops: Report -REPORTED_MISSING-> Person -BOARDED-> Voyage <-BOARDED-" in network.stdout
    assert "AAA:R1 .. MORGUE:B4: no chain" in network.stdout
    wrong = tracegraph(tracegraph_command, cli_env, "links", "around", "R1")
    assert wrong.returncode == 1 and "not a voyage or an incident" in wrong.stderr


def test_every_command_documents_an_example(tracegraph_command, cli_env):
    for args in (["match"], ["candidates"], ["links"], ["links", "chain"], ["links", "network"],
                 ["links", "around"], ["evaluate"]):
        shown = tracegraph(tracegraph_command, cli_env, *args, "--help")
        assert shown.returncode == 0 and "Example" in shown.stdout, args
    assert Scenario
