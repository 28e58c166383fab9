"""The web app's database in `tracegraph db backup` and `db restore`, when it is PostgreSQL.

The SQLite file lives in the instance folder and is copied with it (through SQLite's backup API).
A PostgreSQL store is dumped with `pg_dump` (a consistent snapshot while the app keeps serving) in
its custom format beside the graph's dumps, and restored with `pg_restore` in one transaction as the
owner role, after which the app role's grants are given again, so the audit trail stays
append-only for it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from graphmodel.config import Settings
from graphmodel.errors import TraceGraphError

from .localstore import database_url, open_store, role_of

DUMP = "web-store.pgdump"


class StoreBackupError(TraceGraphError):
    pass


def pg_tool(name: str) -> str:
    """Debian's newest `pg_dump`/`pg_restore` (a dump needs a client at least as new as the server)."""
    root = Path("/usr/lib/postgresql")
    found = sorted(root.glob(f"*/bin/{name}"), key=lambda p: int(re.sub(r"\D", "", p.parts[-3]) or 0)) \
        if root.is_dir() else []
    path = str(found[-1]) if found else shutil.which(name)
    if not path:
        raise StoreBackupError(f"{name} is not installed: install Debian's postgresql-client "
                               "(scripts/setup.sh installs postgresql) to back up a PostgreSQL web store.")
    return path


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL for the PostgreSQL tools, and its password in the environment rather than on the
    command line, where other users of the machine could read it."""
    parsed = make_url(database_url(url))
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        lines = (completed.stderr or completed.stdout).strip().splitlines()
        raise StoreBackupError(f"{what} failed: {lines[-1] if lines else completed.returncode}")


def is_postgresql(settings: Settings) -> bool:
    return make_url(database_url(settings.web_database)).get_backend_name() == "postgresql"


def dump(settings: Settings, target: Path) -> Path | None:
    """Dump a PostgreSQL web store into the backup folder; None when the store is SQLite."""
    if not is_postgresql(settings):
        return None
    url, env = _libpq(settings.web_database_owner_url or str(settings.web_database))
    path = target / DUMP
    _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={path}", f"--dbname={url}"], env,
         "pg_dump of the web store")
    return path


def check_restorable(settings: Settings, source: Path) -> None:
    """Refuse, before anything is restored, a backup whose web store cannot go where it is configured."""
    if (source / DUMP).exists() and not (is_postgresql(settings) and settings.web_database_owner_url):
        raise StoreBackupError(f"{source} holds a PostgreSQL web store: set TRACEGRAPH_WEB_DATABASE_URL and "
                               "TRACEGRAPH_WEB_DATABASE_OWNER_URL to the database to restore it into; nothing was "
                               "restored.")


def restore(settings: Settings, source: Path) -> bool:
    """Replace the PostgreSQL web store with the backup's dump; False when the backup has none."""
    if not (source / DUMP).exists():
        return False
    from . import migrate
    url, env = _libpq(settings.web_database_owner_url)
    _run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
          f"--dbname={url}", str(source / DUMP)], env, "pg_restore of the web store")
    owner = open_store(settings.web_database_owner_url)
    try:
        with owner.write() as connection:
            migrate.grant(connection, role_of(settings.web_database) or "")
    finally:
        owner.close()
    return True
