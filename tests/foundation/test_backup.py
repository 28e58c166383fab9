"""Backup and restore round trip on a server of its own (the backup stops and restarts it)."""

from __future__ import annotations

import os
import sqlite3
import subprocess

from conftest import free_port, local_env
from graphmodel.config import load_settings
from graphmodel.fingerprint import fingerprint
from graphmodel.server import stop_server
from graphmodel.store import Store


def test_backup_restore_round_trip(tmp_path, tracegraph_command):
    env = {**os.environ, **local_env(tmp_path / "home", free_port())}
    settings = load_settings(env)

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
