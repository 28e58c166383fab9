"""`tracegraph review`: the four-eyes rule on the command line, with the web accounts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from crafted_scenarios import central_mediterranean
from identify.match import run_match

pytestmark = pytest.mark.neo4j
PASSWORD = "correct horse battery"
CANDIDATE = "AAA:R1->MORGUE:B1"


@pytest.fixture
def reviewers(cli_env):
    from web import accounts, auditlog, localstore
    connection = localstore.connect(Path(cli_env["TRACEGRAPH_HOME"]) / "web.sqlite3")
    for name, role in (("amina", "investigator"), ("bilal", "analyst"), ("lina", "liaison")):
        if accounts.get_user(connection, name) is None:
            accounts.add_user(connection, name, PASSWORD, role, "AAA")
    yield lambda: [(e.username, e.action, e.detail) for e in auditlog.entries(connection)]
    connection.close()


def review(command, env, user, to_status, reason="checked the file", password=PASSWORD):
    return subprocess.run([*command, "review", "decide", CANDIDATE, "--to", to_status, "--user", user,
                           "--reason", reason], env={**env, "TRACEGRAPH_REVIEW_PASSWORD": password},
                          capture_output=True, text=True, timeout=300)


def test_the_command_line_keeps_four_eyes(store, cli_env, tracegraph_command, reviewers):
    central_mediterranean().write(store)
    run_match(store)
    assert review(tracegraph_command, cli_env, "amina", "under_review").returncode == 0
    proposed = review(tracegraph_command, cli_env, "amina", "confirmation_proposed", "DNA and the tattoo")
    assert proposed.returncode == 0 and proposed.stdout.strip() == (
        "Recorded: under_review → confirmation_proposed.")
    alone = review(tracegraph_command, cli_env, "amina", "confirmed", "sure")
    assert alone.returncode == 1 and "Traceback" not in alone.stderr
    assert alone.stderr.strip() == "Error: You proposed this confirmation yourself: a second person must confirm it."
    wrong = review(tracegraph_command, cli_env, "bilal", "confirmed", password="not the password")
    assert wrong.returncode == 1 and "could not be logged in" in wrong.stderr
    liaison = review(tracegraph_command, cli_env, "lina", "confirmed")
    assert liaison.returncode == 1 and "reviewing candidates needs an investigator or analyst" in liaison.stderr
    assert store.read("MATCH (c:Candidate {uid: $c}) RETURN c.review_status AS s", {"c": CANDIDATE})[0]["s"] == (
        "confirmation_proposed")
    done = review(tracegraph_command, cli_env, "bilal", "confirmed", "agree: DNA report signed")
    assert done.returncode == 0, done.stderr
    report = store.read("MATCH (r:Report {uid: 'AAA:R1'}) RETURN r.status AS s")[0]["s"]
    assert report == "identified"
    listed = subprocess.run([*tracegraph_command, "candidates", "R1", "--limit", "20"], env=cli_env,
                            capture_output=True, text=True, timeout=300)
    assert "Candidates of report AAA:R1, identified" in listed.stdout
    assert "confirmed [proposed by amina] [confirmed by bilal]" in listed.stdout
    assert f"settled [closed by {CANDIDATE}]" in listed.stdout
    logged = reviewers()
    assert ("bilal", "review", "confirmation_proposed -> confirmed: agree: DNA report signed") in logged
    assert any(who == "amina" and action == "review_refused" and "second person" in detail
               for who, action, detail in logged)
    shown = subprocess.run([*tracegraph_command, "review", "decide", "--help"], env=cli_env, capture_output=True,
                           text=True, timeout=60)
    assert shown.returncode == 0 and "Example" in shown.stdout
