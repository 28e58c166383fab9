"""Offline backup and restore of the local server: Neo4j's dump and load, plus the instance files.

Neo4j Community dumps only a database that is not mounted, so a backup stops the local server,
dumps `neo4j` (the graph) and `system` (users and passwords of the server), copies the instance
files (the web app's user and audit store when it is the SQLite file, its secret key, the server
password), writes a manifest with checksums, and starts the server again if it was running.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..config import NEO4J_VERSION, Settings
from ..errors import ServerError
from .local import ADMIN_TOOL, _classpath, _java, _server_env, _write_config, server_status, start_server, stop_server

DATABASES = ("neo4j", "system")
MANIFEST = "manifest.json"
INSTANCE_FOLDER = "instance"
# Folders of TRACEGRAPH_HOME that are not instance state: the server itself and the fetched jars.
NOT_INSTANCE = {"neo4j", "cache"}


@dataclass(frozen=True)
class BackupManifest:
    created_at: str
    neo4j_version: str
    files: dict[str, str]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _admin(settings: Settings, *arguments: str) -> None:
    conf_dir = _write_config(settings)
    completed = subprocess.run([_java(settings), "-cp", _classpath(settings), ADMIN_TOOL, *arguments],
                               env=_server_env(settings, conf_dir), capture_output=True, text=True)
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        last = detail[-1] if detail else completed.returncode
        raise ServerError(f"neo4j-admin {' '.join(arguments[:2])} failed: {last}")


def _copy_instance_file(source: Path, target: Path) -> None:
    """SQLite files through SQLite's own backup, so a copy taken while the app writes is consistent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.suffix in {".sqlite3", ".sqlite", ".db"}:
        with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
            origin.backup(copy)
        return
    shutil.copy2(source, target)


def _instance_files(home: Path) -> list[Path]:
    if not home.is_dir():
        return []
    return [path for path in sorted(home.rglob("*"))
            if path.is_file() and path.relative_to(home).parts[0] not in NOT_INSTANCE
            and not path.name.endswith(("-wal", "-shm", "-journal"))]


def backup(settings: Settings, target: Path, also: Callable[[Path], object] | None = None) -> BackupManifest:
    """Write a backup of the local server and the instance files into the empty folder `target`.

    `also` writes more files into `target` before the manifest is made (the web app's PostgreSQL
    store), so their checksums are in it too.
    """
    if target.exists() and any(target.iterdir()):
        raise ServerError(f"Backup folder {target} is not empty: choose a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    was_running = server_status(settings).running
    if was_running:
        stop_server(settings)
    try:
        for database in DATABASES:
            _admin(settings, "database", "dump", database, f"--to-path={target}")
    finally:
        if was_running:
            start_server(settings)
    for source in _instance_files(settings.home):
        _copy_instance_file(source, target / INSTANCE_FOLDER / source.relative_to(settings.home))
    if also is not None:
        also(target)
    files = {str(path.relative_to(target)): _sha256(path)
             for path in sorted(target.rglob("*")) if path.is_file()}
    manifest = BackupManifest(created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              neo4j_version=NEO4J_VERSION, files=files)
    (target / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=2) + "\n", encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> BackupManifest:
    """The manifest of a backup folder, after checking every file against its checksum."""
    try:
        data = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ServerError(f"{source} is not a TraceGraph backup (no readable {MANIFEST}).") from None
    manifest = BackupManifest(**data)
    for name, checksum in manifest.files.items():
        path = source / name
        if not path.is_file() or _sha256(path) != checksum:
            raise ServerError(f"Backup file {path} is missing or damaged (checksum differs); nothing was restored.")
    return manifest


def restore(settings: Settings, source: Path) -> BackupManifest:
    """Replace the local server's databases and the instance files with those of a backup."""
    manifest = read_manifest(source)
    was_running = server_status(settings).running
    if was_running:
        stop_server(settings)
    for database in DATABASES:
        _admin(settings, "database", "load", database, f"--from-path={source}", "--overwrite-destination=true")
    instance = source / INSTANCE_FOLDER
    for path in sorted(instance.rglob("*")) if instance.is_dir() else []:
        if path.is_file():
            target = settings.home / path.relative_to(instance)
            target.parent.mkdir(parents=True, exist_ok=True)
            for stale in (target.with_name(target.name + suffix) for suffix in ("-wal", "-shm")):
                stale.unlink(missing_ok=True)
            shutil.copy2(path, target)
    if (settings.home / "neo4j-password").exists():
        (settings.home / "neo4j-password").chmod(0o600)
    if was_running:
        start_server(settings)
    return manifest
