"""Backup and restore round trip on a server of its own (the backup stops and restarts it), with the
web app's store both as the instance's SQLite file and as a PostgreSQL database (pg_dump)."""

from __future__ import annotations

import os
import sqlite3
import subprocess

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from graphmodel.config import load_settings
from graphmodel.fingerprint import fingerprint
from graphmodel.server import stop_server
from graphmodel.store import Store
from pgserver import migrated_postgres
from throwaway_servers import free_port, local_env
from web import accounts, auditlog, localstore


def _web_store_state(url: str) -> tuple[list[str], list[tuple[int, str, str]], bool]:
    """The users, the audit trail (id, action, hash) and whether its chain holds."""
    store = localstore.connect(url)
    try:
        users = [user.username for user in accounts.list_users(store)]
        trail = [(entry.id, entry.action, entry.entry_hash) for entry in auditlog.entries(store, limit=1000)]
        return users, trail, auditlog.verify(store).broken is None
    finally:
        store.close()


def test_backup_restore_round_trip(tmp_path, tracegraph_command, postgres):
    web = migrated_postgres(postgres, "backup")
    env = {**os.environ, **local_env(tmp_path / "home", free_port()),
           "TRACEGRAPH_WEB_DATABASE_URL": web.app_url, "TRACEGRAPH_WEB_DATABASE_OWNER_URL": web.owner_url}
    settings = load_settings(env)
    store = localstore.connect(web.app_url)
    accounts.add_user(store, "amina", "a long password", "investigator", "ICRC")
    for n in range(3):
        auditlog.record(store, username="amina", role="investigator", agency="ICRC", action="view",
                        target=f"Report|B:{n}")
    store.close()
    backed_up = _web_store_state(web.app_url)

    def tracegraph(*arguments: str) -> str:
        result = subprocess.run([*tracegraph_command, *arguments], env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stdout

    try:
        tracegraph("db", "start")
        with Store(settings) as store:
            store.write_batches(
                "UNWIND $rows AS row MERGE (r:Report {uid: row.uid}) SET r.status = row.status "
                "MERGE (p:Person {uid: row.uid + '#missing'}) SET p.full_name = row.name "
                "MERGE (r)-[:REPORTED_MISSING]->(p)",
                [{"uid": f"B:{i}", "status": "believed_missing", "name": f"Amanuel {i}"} for i in range(300)])
            before = fingerprint(store)
        (tmp_path / "home" / "web.sqlite3").write_bytes(b"")
        with sqlite3.connect(tmp_path / "home" / "web.sqlite3") as db:
            db.execute("CREATE TABLE audit (who TEXT, what TEXT)")
            db.execute("INSERT INTO audit VALUES ('amina', 'viewed report B:1')")

        assert "Backup written to" in tracegraph("db", "backup", str(tmp_path / "backup"))
        assert (tmp_path / "backup" / "web-store.pgdump").stat().st_size > 0
        store = localstore.connect(web.app_url)
        accounts.add_user(store, "after", "a long password", "admin", "ICRC")
        auditlog.record(store, username="after", role="admin", agency="ICRC", action="user_admin")
        store.close()
        assert _web_store_state(web.app_url) != backed_up
        with Store(settings) as store:
            store.write("MATCH (r:Report {uid: 'B:7'}) DETACH DELETE r")
            store.write("CREATE (:Report {uid: 'after-backup'})")
            assert fingerprint(store) != before
        with sqlite3.connect(tmp_path / "home" / "web.sqlite3") as db:
            db.execute("DELETE FROM audit")

        assert "Restored the backup" in tracegraph("db", "restore", str(tmp_path / "backup"), "--yes")
        with Store(settings) as store:
            after = fingerprint(store)
        assert after == before
        assert (before.nodes, before.relationships) == (600, 300)
        with sqlite3.connect(tmp_path / "home" / "web.sqlite3") as db:
            assert db.execute("SELECT who, what FROM audit").fetchall() == [("amina", "viewed report B:1")]
        # The PostgreSQL store is as it was backed up, its chain whole, and the app's role is again
        # unable to rewrite the trail, while it may append to it.
        assert _web_store_state(web.app_url) == backed_up and backed_up[2]
        store = localstore.connect(web.app_url)
        with pytest.raises(DatabaseError, match="permission denied"):
            with store.write() as connection:
                connection.execute(text("DELETE FROM audit"))
        auditlog.record(store, username="amina", role="investigator", agency="ICRC", action="view")
        assert auditlog.verify(store).broken is None
        store.close()
    finally:
        stop_server(settings)


def test_restore_refuses_a_damaged_backup(tmp_path, tracegraph_command):
    env = {**os.environ, **local_env(tmp_path / "home", free_port())}
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "manifest.json").write_text(
        '{"created_at": "x", "neo4j_version": "5.26.30", "files": {"neo4j.dump": "00"}}')
    result = subprocess.run([*tracegraph_command, "db", "restore", str(tmp_path / "backup"), "--yes"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "missing or damaged" in result.stderr and "nothing was restored" in result.stderr
