"""The analysts' console, the audit trail, and the `tracegraph users` / `serve` commands."""

from __future__ import annotations

import csv
import io
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest


def run_console(client, query):
    return client.post("/api/console", json={"query": query}, headers={"X-CSRFToken": client.csrf})


def test_console_is_read_only_and_isolated(views_graph, client_for):
    client = client_for("ana")
    nodes = run_console(client, "MATCH (r:Report) RETURN r ORDER BY r.uid").get_json()
    shown = {row[0]["node"] for row in nodes["rows"]}
    keys = {n["data"]["key"] for n in nodes["elements"]["nodes"]}
    assert keys == {"AAA:R1", "AAA:R2", "AAA:R3"} and len(shown) == 3  # BBB:R9 is BBB-only
    assert nodes["notes"] == []
    names = run_console(client, "MATCH (p:Person) RETURN p.full_name AS name ORDER BY name").get_json()
    assert ["Mohammed Ali"] in names["rows"] and all("Zainab" not in row[0] for row in names["rows"])
    assert run_console(client, "CREATE (:Report {uid: 'X'})").status_code == 400
    assert run_console(client, "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line").status_code == 400
    assert run_console(client, "CALL dbms.listConfig()").status_code == 400
    assert run_console(client, "MATCH (n").status_code == 400
    assert views_graph.read("MATCH (r:Report {uid: 'X'}) RETURN count(r) AS n")[0]["n"] == 0
    dna = run_console(client_for("ana"), "MATCH (d:DNAProfile) RETURN d").get_json()
    assert any("GENOTYPES" not in str(r) for r in dna["rows"])


def test_console_shows_what_the_view_holds_after_a_write(store, client_for, sync_views):
    store.write("CREATE (:Report {uid: 'AAA:only', record_id: 'only', agency: 'AAA', sharing: 'partners'})",
                touched=["Report|AAA:only"])
    sync_views()
    client = client_for("ana")
    result = run_console(client, "MATCH (r:Report) RETURN r.record_id AS id").get_json()
    assert result["rows"] == [["only"]] and result["notes"] == []
    page = client.post("/console",
                       data={"query": "MATCH (r:Report) RETURN r.record_id AS id", "csrf_token": client.csrf})
    assert page.status_code == 200 and "only" in page.get_data(as_text=True)


@pytest.mark.both_stores
def test_audit_trail_records_and_exports(views_graph, client_for, web_db):
    inv = client_for("inv")
    inv.get("/search?q=Hassan")
    inv.get("/cases/AAA:R1")
    inv.get("/entity/Remains/BBB:B1")
    inv.post("/api/review", json={"candidate_uid": "AAA:R1->AAA:S1", "to_status": "under_review", "reason": "audit me",
                                  "token": "audit-token-1"}, headers={"X-CSRFToken": inv.csrf})
    ana = client_for("ana")
    run_console(ana, "MATCH (n:Voyage) RETURN n")
    lia = client_for("lia")
    assert lia.get("/briefs/AAA:R1?download=1").headers["Content-Disposition"].startswith("attachment")
    admin = client_for("adm")
    entries = admin.get("/api/admin/audit?user=inv").get_json()["entries"]
    seen = {(e["action"], e["target"], e["detail"]) for e in entries}
    assert ("search", "", "Hassan") in seen
    assert ("view", "Report|AAA:R1", "") in seen
    assert ("view", "Remains|BBB:B1", "") in seen
    assert any(a == "review" and t == "Candidate|AAA:R1->AAA:S1" and "audit me" in d for a, t, d in seen)
    assert all(e["at"] for e in entries)
    queries = admin.get("/api/admin/audit?action=query").get_json()["entries"]
    assert queries[0]["username"] == "ana" and "Voyage" in queries[0]["detail"]
    briefs = admin.get("/api/admin/audit?action=export_brief").get_json()["entries"]
    assert briefs[0]["username"] == "lia" and briefs[0]["target"] == "Report|AAA:R1"
    exported = admin.get("/admin/audit.csv?action=review")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert rows and rows[0]["action"] == "review"
    page = admin.get("/admin/audit?user=inv").get_data(as_text=True)
    assert "Hassan" in page
    from web import auditchain, auditlog
    assert auditlog.verify(web_db).broken is None
    newest = auditlog.entries(web_db, limit=2)
    assert rows[0]["entry_hash"] and len(rows[0]["entry_hash"]) == 64
    assert newest[0].entry_hash == auditchain.entry_hash(newest[1].entry_hash, newest[0].__dict__)


@pytest.mark.both_stores
def test_audit_trail_is_append_only(app, web_db, web_store_kind):
    """The app's own connection cannot change or delete an entry: SQLite's triggers refuse, and on
    PostgreSQL the app's role has no grant to (the owner's triggers are tested in test_web_store.py)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    from web import auditlog
    auditlog.record(web_db, username="inv", role="investigator", agency="AAA", action="view", target="Report|X")
    refusal = "permission denied for table audit" if web_store_kind == "postgresql" else "append-only"
    statements = ["DELETE FROM audit", "UPDATE audit SET username = 'nobody'"]
    if web_store_kind == "postgresql":
        statements.append("TRUNCATE audit")
    for statement in statements:
        with pytest.raises(DatabaseError, match=refusal):
            with web_db.write() as connection:
                connection.execute(text(statement))
    assert auditlog.entries(web_db, limit=1)[0].target == "Report|X"


def test_users_cannot_be_read_through_cypher(views_graph, client_for):
    result = run_console(client_for("ana"),
                         "MATCH (n) WHERE n.password_hash IS NOT NULL OR n.username IS NOT NULL RETURN n")
    assert result.get_json()["rows"] == []


@pytest.mark.both_stores
def test_users_commands(cli_env, tracegraph_command, tmp_path, fresh_web_database, web_store_kind):
    env = {**cli_env, "TRACEGRAPH_HOME": str(tmp_path)}
    if web_store_kind == "postgresql":
        env["TRACEGRAPH_WEB_DATABASE_URL"] = fresh_web_database
    def tg(*args, stdin=None):
        return subprocess.run([*tracegraph_command, *args], env=env, capture_output=True, text=True, input=stdin,
                              timeout=120)
    added = tg("users", "add", "amina", "--role", "investigator", "--agency", "ICRC", "--dna-cleared",
               stdin="a long password\na long password\n")
    assert added.returncode == 0, added.stderr
    assert "Added amina (investigator, ICRC, DNA-cleared)" in added.stdout
    again = tg("users", "add", "amina", "--role", "admin", "--agency", "ICRC",
               stdin="another password\nanother password\n")
    assert again.returncode == 1
    assert tg("users", "set-role", "amina", "analyst").returncode == 0
    assert tg("users", "disable", "amina").returncode == 0
    listing = tg("users", "list").stdout
    assert "amina\tanalyst\tICRC\tdna\tdisabled" in listing
    short = tg("users", "add", "bob", "--role", "liaison", "--agency", "ICRC", stdin="short\nshort\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    if web_store_kind == "sqlite":
        assert (tmp_path / "web.sqlite3").stat().st_mode & 0o077 == 0
    else:
        assert not (tmp_path / "web.sqlite3").exists()


def _get(opener: urllib.request.OpenerDirector, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _children(pid: int) -> list[int]:
    return [int(child) for child in open(f"/proc/{pid}/task/{pid}/children").read().split()]


def test_serve_runs_one_process_per_worker_sharing_logins(cli_env, tracegraph_command, tmp_path, graph):
    """`tracegraph serve --processes 2`: two worker processes on one port, a login made through one
    valid in the other (every request opens a new connection, which either may accept), the
    session key readable by its owner only, and SIGTERM stops them all."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**cli_env, "TRACEGRAPH_HOME": str(tmp_path), "TRACEGRAPH_NEW_USER_PASSWORD": "serve password 1"}
    added = subprocess.run([*tracegraph_command, "users", "add", "ines", "--role", "investigator", "--agency", "AAA"],
                           env=env, capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    server = subprocess.Popen([*tracegraph_command, "serve", "--port", str(port), "--processes", "2",
                               "--threads", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, page = _get(urllib.request.build_opener(), f"{base}/login")
                assert status == 200 and "Log in" in page
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
                time.sleep(0.5)
        while len(_children(server.pid)) < 2:
            assert time.monotonic() < deadline, "the second worker did not start"
            time.sleep(0.2)
        key = tmp_path / "web-secret-key"
        assert key.is_file() and key.stat().st_mode & 0o077 == 0
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        token = re.search(r'name="csrf-token" content="([^"]+)"', _get(opener, f"{base}/login")[1]).group(1)
        status, _ = _get(opener, f"{base}/login", {"username": "ines", "password": "serve password 1",
                                                   "csrf_token": token})
        assert status == 200
        for _ in range(20):
            status, answer = _get(opener, f"{base}/api/search?q=Mohammed")
            assert status == 200 and "AAA:R1" in answer
        assert _get(urllib.request.build_opener(), f"{base}/api/search?q=Mohammed")[0] == 401
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert server.returncode == 0, output
    assert "Traceback" not in output
