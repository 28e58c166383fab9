"""The web app's own database as a deployment runs it: a tampered audit entry found by
`tracegraph audit verify` on either store, the online inquiry's ledger on either store, and two
app servers sharing one PostgreSQL store."""

from __future__ import annotations

import http.client
import os
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
            "agency": "__new__", "new_agency": "ICRC", "csrf_token": admin.csrf(page)})
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


# The instance's database as the app made it before migrations: no version recorded, no hash chain.
BEFORE_MIGRATIONS = """
CREATE TABLE users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
    agency TEXT NOT NULL, dna_cleared INTEGER NOT NULL DEFAULT 0, disabled INTEGER NOT NULL DEFAULT 0,
    full_name TEXT NOT NULL DEFAULT '', failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_login_at TEXT);
CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, username TEXT NOT NULL,
    role TEXT NOT NULL, agency TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '', ip TEXT NOT NULL DEFAULT '');
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TABLE inquiries (number TEXT PRIMARY KEY, report_uid TEXT NOT NULL, agency TEXT NOT NULL,
    secret_salt TEXT NOT NULL, secret_hash TEXT NOT NULL, lang TEXT NOT NULL, filed_at TEXT NOT NULL,
    consent TEXT NOT NULL, contact TEXT NOT NULL, answers TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '', message_at TEXT, graph_written INTEGER NOT NULL DEFAULT 0,
    matched_at TEXT, withdrawn_at TEXT, draft_hash TEXT UNIQUE);
INSERT INTO users VALUES ('amina', 'scrypt$x', 'investigator', 'ICRC', 1, 0, '', 0, NULL, '2026-11-01T00:00:00+00:00',
    '2026-11-01T00:00:00+00:00', NULL);
INSERT INTO audit (at, username, role, agency, action, target) VALUES
    ('2026-11-01T08:00:00+00:00', 'amina', 'investigator', 'ICRC', 'login', ''),
    ('2026-11-01T08:01:00+00:00', 'amina', 'investigator', 'ICRC', 'view', 'Report|ICRC:R-1');
INSERT INTO inquiries (number, report_uid, agency, secret_salt, secret_hash, lang, filed_at, consent, contact,
    status, graph_written) VALUES ('TG-K7QP-3XW9', 'INQUIRY:TG-K7QP-3XW9', 'INQUIRY', 's', 'h', 'ar',
    '2026-11-02T09:00:00+00:00', '{"version": "1"}', '{"phone": "+963"}', 'new', 1);
"""


def test_an_instance_made_before_migrations_keeps_its_users_trail_and_inquiries(tmp_path):
    import sqlite3
    path = tmp_path / "web.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(BEFORE_MIGRATIONS)
    store = localstore.connect(path)
    try:
        assert [user.username for user in accounts.list_users(store)] == ["amina"]
        assert [entry.action for entry in auditlog.entries(store)] == ["view", "login"]
        assert auditlog.verify(store).broken is None
        auditlog.record(store, username="amina", role="investigator", agency="ICRC", action="logout")
        report = auditlog.verify(store)
        assert report.broken is None and report.entries == 3
        inquiry = ledger.get(store, "TG-K7QP-3XW9")
        assert inquiry is not None and inquiry.graph_written and inquiry.contact == {"phone": "+963"}
        assert ledger.pending(store) == ([], [inquiry])
    finally:
        store.close()
    with sqlite3.connect(path) as db, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit")


def test_web_store_migrate_and_status_on_postgresql(postgres: PostgresServer, tracegraph_command, tmp_path):
    database = postgres.create_database("cli")
    # No graph is needed: these commands use the web app's database only.
    env = {**os.environ, "TRACEGRAPH_HOME": str(tmp_path), "TRACEGRAPH_WEB_DATABASE_URL": database.app_url}

    def tg(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*tracegraph_command, *args], env={**env, **extra}, capture_output=True, text=True,
                              timeout=120)

    assert "schema revision none, needs `tracegraph web-store migrate`" in tg("web-store", "status").stdout
    refused = tg("users", "list")
    assert refused.returncode == 1 and "has no TraceGraph tables yet" in refused.stderr
    assert "TRACEGRAPH_WEB_DATABASE_OWNER_URL" in tg("web-store", "migrate").stderr
    from web import migrate
    migrated = tg("web-store", "migrate", TRACEGRAPH_WEB_DATABASE_OWNER_URL=database.owner_url)
    assert migrated.returncode == 0, migrated.stderr
    assert f"was migrated from no schema to revision {migrate.head()}" in migrated.stdout
    assert "Role tracegraph_app may read and write its tables, and only read and append to the audit trail" \
        in migrated.stdout
    again = tg("web-store", "migrate", TRACEGRAPH_WEB_DATABASE_OWNER_URL=database.owner_url)
    assert f"is already at revision {migrate.head()}" in again.stdout
    assert f"schema revision {migrate.head()}, current" in tg("web-store", "status").stdout
    assert tg("users", "list").returncode == 0
    # The app connected as the owner could rewrite the trail: it refuses to.
    as_owner = tg("users", "list", TRACEGRAPH_WEB_DATABASE_URL=database.owner_url)
    assert as_owner.returncode == 1 and "could rewrite the audit trail" in as_owner.stderr
    assert postgres.passwords["tracegraph_owner"] not in as_owner.stderr


def test_an_instance_moves_from_sqlite_to_postgresql_whole(postgres: PostgresServer, cli_env, tracegraph_command,
                                                          tmp_path):
    home = tmp_path / "home"
    env = {**cli_env, "TRACEGRAPH_HOME": str(home)}
    sqlite = localstore.connect(home / "web.sqlite3")
    try:
        accounts.add_user(sqlite, "amina", PASSWORD, "investigator", "ICRC")
        accounts.add_user(sqlite, "farid", PASSWORD, "analyst", "IOM", dna_cleared=True)
        for n in range(3):
            auditlog.record(sqlite, username="amina", role="investigator", agency="ICRC", action="view",
                            target=f"Report|ICRC:R-{n}", ip="10.0.0.1")
        draft = ledger.open_draft(sqlite, "browser-token", "sq", "203.0.113.7")
        ledger.save_answers(sqlite, "browser-token", {"family_name": "Hoxha"}, "sq")
        photo = ledger.add_photo(sqlite, "browser-token", bytes(range(256)))
        ids = [entry.id for entry in reversed(auditlog.entries(sqlite, limit=10))]
    finally:
        sqlite.close()

    def copy(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*tracegraph_command, "web-store", "copy", *args], env=env, capture_output=True,
                              text=True, timeout=120)

    database = migrated_postgres(postgres, "move")
    moved = copy("--to", database.owner_url)
    assert moved.returncode == 0, moved.stderr
    assert re.search(r"\busers 2\b", moved.stdout) and re.search(r"\baudit 3\b", moved.stdout)
    assert f"3 entries, last entry {ids[-1]}:" in moved.stdout

    shared = localstore.connect(database.app_url)
    try:
        assert accounts.authenticate(shared, "amina", PASSWORD) is not None
        assert accounts.get_user(shared, "farid").dna_cleared  # type: ignore[union-attr]
        assert ledger.get_draft(shared, "browser-token").answers == {"family_name": "Hoxha"}  # type: ignore[union-attr]
        assert ledger.open_draft(shared, "browser-token", "sq", "203.0.113.7").token_hash == draft.token_hash
        assert ledger.draft_photos(shared, "browser-token") == [photo]
        # The trail goes on where it stopped: the next entry follows the last copied one.
        auditlog.record(shared, username="amina", role="investigator", agency="ICRC", action="view",
                        target="Report|ICRC:R-9", ip="10.0.0.1")
        report = auditlog.verify(shared)
        assert report.broken is None and report.entries == 4 and report.last_id == ids[-1] + 1
    finally:
        shared.close()

    again = copy("--to", database.owner_url)
    assert again.returncode != 0 and "is not empty" in again.stderr and "Traceback" not in again.stderr

    # A source whose chain is broken is not copied, and nothing is written.
    _sqlite_tamper(home / "web.sqlite3", ids[1])
    fresh = migrated_postgres(postgres, "broken")
    refused = copy("--to", fresh.owner_url)
    assert refused.returncode != 0 and "audit trail is broken" in refused.stderr
    assert f"entry {ids[1]} (" in refused.stderr and "Traceback" not in refused.stderr
    empty = localstore.connect(fresh.app_url)
    try:
        assert accounts.list_users(empty) == [] and auditlog.verify(empty).entries == 0
    finally:
        empty.close()
