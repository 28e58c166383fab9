"""The web app's own database as a deployment runs it: a tampered audit entry found by
`tracegraph audit verify` on either store, the online inquiry's ledger on either store, and two
app servers sharing one PostgreSQL store."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
from sqlalchemy import text

from inquiries import ledger, receipt
from pgserver import Database, PostgresServer, migrated_postgres
from web import accounts, auditlog, localstore
from web.config import secret_key

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sqlite_tamper(path: Path, entry_id: int) -> None:
    """What someone with the file in hand can do: lift the triggers, rewrite, put them back."""
    import sqlite3
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("UPDATE audit SET detail = 'nothing to see' WHERE id = ?", (entry_id,))
        db.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
                   "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")


def _postgres_tamper(database: Database, entry_id: int) -> None:
    """What the owner role can do, and only deliberately: its plain UPDATE is refused by the trigger."""
    owner = localstore.open_store(database.owner_url)
    try:
        with pytest.raises(Exception, match="append-only"):
            with owner.write() as connection:
                connection.execute(text("UPDATE audit SET detail = 'nothing to see' WHERE id = :id"), {"id": entry_id})
        with owner.write() as connection:
            connection.execute(text("ALTER TABLE audit DISABLE TRIGGER audit_no_update_or_delete"))
            connection.execute(text("UPDATE audit SET detail = 'nothing to see' WHERE id = :id"), {"id": entry_id})
            connection.execute(text("ALTER TABLE audit ENABLE TRIGGER audit_no_update_or_delete"))
    finally:
        owner.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_verify_names_the_entry_changed_behind_the_apps_back(kind, cli_env, tracegraph_command, tmp_path, request):
    env = {**cli_env, "TRACEGRAPH_HOME": str(tmp_path)}
    database = None
    if kind == "postgresql":
        database = migrated_postgres(request.getfixturevalue("postgres"), "tamper")
        env["TRACEGRAPH_WEB_DATABASE_URL"] = database.app_url
    store = localstore.connect(database.app_url if database else tmp_path / "web.sqlite3")
    try:
        for n in range(4):
            auditlog.record(store, username="amina", role="investigator", agency="ICRC", action="view",
                            target=f"Report|ICRC:R-{n}", ip="10.0.0.1")
        ids = [entry.id for entry in reversed(auditlog.entries(store, limit=10))]
    finally:
        store.close()

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run([*tracegraph_command, "audit", "verify"], env=env, capture_output=True, text=True,
                              timeout=120)

    intact = verify()
    assert intact.returncode == 0, intact.stderr
    assert f"intact: 4 entries, {ids[0]} to {ids[-1]}" in intact.stdout
    if database:
        _postgres_tamper(database, ids[2])
    else:
        _sqlite_tamper(tmp_path / "web.sqlite3", ids[2])
    broken = verify()
    assert broken.returncode == 1
    assert f"broken at entry {ids[2]} (" in broken.stderr and "changed after it was written" in broken.stderr
    assert "Traceback" not in broken.stderr


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_inquiry_ledger_keeps_drafts_photos_and_receipts(kind, tmp_path, request):
    target = (migrated_postgres(request.getfixturevalue("postgres"), "ledger").app_url if kind == "postgresql"
              else tmp_path / "web.sqlite3")
    store = localstore.connect(target)
    try:
        draft = ledger.open_draft(store, "browser-token", "ar", "203.0.113.7")
        assert ledger.open_draft(store, "browser-token", "en", "203.0.113.7") == draft
        ledger.save_answers(store, "browser-token", {"family_name": "علي"}, "ar")
        ledger.save_answers(store, "browser-token", {"given_names": "Mohammed"}, "ar")
        jpeg = bytes(range(256)) * 4
        kept, dropped = ledger.add_photo(store, "browser-token", jpeg), ledger.add_photo(store, "browser-token", b"x")
        ledger.remove_photo(store, "browser-token", dropped)
        ledger.remove_photo(store, "browser-token", 2**70)
        assert ledger.draft_photos(store, "browser-token") == [kept]
        assert ledger.draft_photo(store, "browser-token", kept) == jpeg
        assert ledger.draft_photo(store, "another-token", kept) is None

        number, secret = receipt.new_number(), receipt.new_secret()
        salt, digest = receipt.hash_secret(secret)
        answers = ledger.get_draft(store, "browser-token").answers  # type: ignore[union-attr]
        filed = dict(token="browser-token", number=number, report_uid=f"INQUIRY:{number}", agency="INQUIRY",
                     secret_salt=salt, secret_hash=digest, lang="ar", filed_at=ledger.now(),
                     consent={"version": "1", "scope": "partners"}, contact={"phone": "+963 944 123 456"},
                     answers=answers, status="new")
        inquiry = ledger.file_inquiry(store, **filed)  # type: ignore[arg-type]
        assert ledger.file_inquiry(store, **{**filed, "number": "another"}) == inquiry  # type: ignore[arg-type]
        assert inquiry.answers == {"family_name": "علي", "given_names": "Mohammed"}
        assert ledger.get_draft(store, "browser-token") is None and ledger.draft_photos(store, "browser-token") == []
        assert ledger.photo_ids(store, number) == [kept] and ledger.photo(store, number, kept) == jpeg
        assert ledger.with_secret(store, number, secret) == inquiry
        assert ledger.with_secret(store, number, receipt.new_secret()) is None

        assert ledger.pending(store) == ([inquiry], [])
        ledger.mark_written(store, number)
        unwritten, unmatched = ledger.pending(store)
        assert unwritten == [] and [i.number for i in unmatched] == [number] and unmatched[0].answers == {}
        ledger.mark_matched(store, [number])
        assert ledger.pending(store) == ([], [])
        ledger.set_status(store, number, "needs_information", "Please call us.")
        ledger.mark_unmatched(store, number)
        ledger.withdraw(store, number)
        final = ledger.get(store, number)
        assert final is not None and (final.status, final.message, final.graph_written) == (
            "withdrawn", "Please call us.", True)
        assert final.withdrawn_at and final.message_at and ledger.pending(store) == ([], [])
        assert ledger.by_report(store, f"INQUIRY:{number}") == final and ledger.all_inquiries(store) == [final]
    finally:
        store.close()


class Browser:
    """A person's browser against several servers on this machine: one cookie jar for 127.0.0.1,
    whatever the port (cookies are not kept apart by port)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        page = response.read().decode()
        connection.close()
        return response.status, page

    @staticmethod
    def csrf(page: str) -> str:
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            r'name="csrf-token" content="([^"]+)"', page)
        assert found, "page has no CSRF token"
        return found.group(1)


def _serve(tracegraph_command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[str]:
    server = subprocess.Popen([*tracegraph_command, "serve", "--port", str(port), "--threads", "2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 90
    while True:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/login")
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise AssertionError(f"serve did not start: {server.communicate()[0][-2000:]}") from None
            time.sleep(0.5)


def test_two_app_servers_share_users_sessions_and_one_audit_trail(
        postgres: PostgresServer, cli_env, tracegraph_command, tmp_path):
    database = migrated_postgres(postgres, "twoapps")
    store = localstore.connect(database.app_url)
    accounts.add_user(store, "adm", PASSWORD, "admin", "ICRC")
    store.close()
    # Servers behind one proxy share the session-signing key (here, one instance folder).
    secret_key(tmp_path / "web-secret-key")
    env = {**cli_env, "TRACEGRAPH_HOME": str(tmp_path), "TRACEGRAPH_WEB_DATABASE_URL": database.app_url}
    first_port, second_port = free_port(), free_port()
    servers = [_serve(tracegraph_command, env, first_port), _serve(tracegraph_command, env, second_port)]
    try:
        admin = Browser()
        status, page = admin.request(first_port, "GET", "/login")
        status, _ = admin.request(first_port, "POST", "/login",
                                  {"username": "adm", "password": PASSWORD, "csrf_token": admin.csrf(page)})
        assert status == 302
        # Logged in on the first server, the admin adds a user on the second.
        status, page = admin.request(second_port, "GET", "/admin/users")
        assert status == 200 and "adm" in page
        status, _ = admin.request(second_port, "POST", "/admin/users", {
            "action": "add", "username": "amina", "password": "a long password", "role": "investigator",
            "agency": "ICRC", "csrf_token": admin.csrf(page)})
        assert status == 302
        # The new user logs in on the first server; the admin logs out on the first, and the
        # second no longer knows the session either.
        amina = Browser()
        status, page = amina.request(first_port, "GET", "/login")
        status, _ = amina.request(first_port, "POST", "/login", {
            "username": "amina", "password": "a long password", "csrf_token": amina.csrf(page)})
        assert status == 302
        status, page = admin.request(first_port, "GET", "/admin/users")
        assert "amina" in page
        status, _ = admin.request(first_port, "POST", "/logout", {"csrf_token": admin.csrf(page)})
        assert status == 302
        status, _ = admin.request(second_port, "GET", "/admin/users")
        assert status in (302, 401)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)

    store = localstore.connect(database.app_url)
    try:
        trail = [(entry.username, entry.action, entry.target) for entry in reversed(auditlog.entries(store))]
        assert trail == [("adm", "login", ""), ("adm", "user_admin", "User|amina"), ("amina", "login", ""),
                         ("adm", "logout", "")]
        report = auditlog.verify(store)
        assert report.broken is None and report.entries == 4
    finally:
        store.close()
