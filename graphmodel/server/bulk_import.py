"""`neo4j-admin database import full` into the local server's database, offline.

Neo4j Community imports only into a database that is not mounted, so the local server is stopped,
the database is replaced by the import and the server started again. The import is used only on an
empty database (`tracegraph ingest --initial` checks first), so when it fails or is interrupted the
database is made empty again (an import of nothing) and nothing is lost.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import ServerError
from .local import ADMIN_TOOL, _classpath, _java, _server_env, _write_config, server_status, start_server, stop_server


@dataclass(frozen=True)
class ImportRun:
    """How long the import itself took (server stopped, files read, store written), and its log."""

    seconds: float
    log_file: Path


def _admin_import(settings: Settings, folder: Path, arguments: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
    conf_dir = _write_config(settings)
    command = [_java(settings), f"-Xmx{settings.heap}", "-cp", _classpath(settings), ADMIN_TOOL,
               "database", "import", "full", settings.database, "--overwrite-destination=true",
               # Off-heap memory for the importer's caches: the page cache the server is given, not
               # 90 % of a machine that others share.
               f"--max-off-heap-memory={settings.pagecache}",
               f"--report-file={folder / 'import.report'}", *arguments]
    with (folder / "import.log").open("w", encoding="utf-8") as log:
        return subprocess.run(command, env=_server_env(settings, conf_dir), stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, cwd=folder)


def _reason(log_file: Path) -> str:
    try:
        lines = [line.strip() for line in log_file.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return "no output"
    found = [line for line in lines if line and not line.startswith(("at ", "..."))]
    return found[-1][:300] if found else "no output"


def import_full(settings: Settings, folder: Path, arguments: Sequence[str]) -> ImportRun:
    """Stop the local server, import the CSV files `arguments` names into its database (replacing
    it), start the server again. On any failure the database is left empty and ServerError says why."""
    status = server_status(settings)
    if settings.explicit_uri or not status.running:
        raise ServerError("An initial load imports offline into the local server that `tracegraph db start` "
                          "runs for this TRACEGRAPH_HOME: start it, or load without --initial.")
    stop_server(settings)
    log_file = folder / "import.log"
    started = time.perf_counter()
    failure: str | None = None
    try:
        completed = _admin_import(settings, folder, arguments)
        if completed.returncode != 0:
            failure = f"neo4j-admin database import failed: {_reason(log_file)} (full log: {log_file})"
    except BaseException:
        _empty(settings, folder)
        start_server(settings)
        raise
    seconds = time.perf_counter() - started
    if failure is not None:
        _empty(settings, folder)
    start_server(settings)
    if failure is not None:
        raise ServerError(failure + "; the database was left empty.")
    return ImportRun(round(seconds, 2), log_file)


def _empty(settings: Settings, folder: Path) -> None:
    """Replace whatever a failed import left with an empty database."""
    header = folder / "empty-nodes.csv"
    header.write_text("uid:ID(Nothing)\n", encoding="utf-8")
    empty_folder = folder / "empty"
    empty_folder.mkdir(exist_ok=True)
    completed = _admin_import(settings, empty_folder, [f"--nodes=Nothing={header}"])
    if completed.returncode != 0:
        reason = _reason(empty_folder / "import.log")
        raise ServerError(f"the database could not be emptied after a failed import: {reason}")
