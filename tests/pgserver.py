"""A throwaway PostgreSQL server for the tests, from Debian's packages (`postgresql`).

`initdb` makes a cluster in a temporary folder, `pg_ctl` starts it on a free port on 127.0.0.1
only (no Unix socket outside that folder) and stops it at the end of the session. PostgreSQL
refuses to run as root, so under root (as in CI) the server runs as the unprivileged system user
`postgres` that the Debian package creates (or `nobody`), which is given the folder.

Two roles stand for a deployment's: `tracegraph_owner` owns each test database and runs the
migrations, `tracegraph_app` is the role the web app connects as.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

OWNER, APP = "tracegraph_owner", "tracegraph_app"
SUPERUSER = "tracegraph_admin"


def bin_dir() -> Path | None:
    """The newest of Debian's PostgreSQL versions installed (`/usr/lib/postgresql/<version>/bin`)."""
    root = Path("/usr/lib/postgresql")
    versions = sorted((p for p in root.glob("*/bin") if (p / "initdb").exists()),
                      key=lambda p: int(re.sub(r"\D", "", p.parent.name) or 0)) if root.is_dir() else []
    return versions[-1] if versions else None


def _service_user() -> str | None:
    """Who runs the server: None for the current user, else an unprivileged system user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")


@dataclass(frozen=True)
class Database:
    """One database of the test server: the app's URL and the owner's."""

    name: str
    app_url: str
    owner_url: str


class PostgresServer:
    def __init__(self, port: int) -> None:
        found = bin_dir()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed: scripts/setup.sh installs Debian's postgresql")
        self.bin = found
        self.port = port
        self.user = _service_user()
        # Beside pytest's folders, under the run's own root (scripts/test.sh stops a server a killed
        # run left there), but not in tmp_path: that is private to root and the server may be another user.
        root = os.environ.get("PYTEST_DEBUG_TEMPROOT")
        if root and self.user:
            Path(root).chmod(Path(root).stat().st_mode | 0o011)  # others may pass through, not list
        self.folder = Path(tempfile.mkdtemp(prefix="tracegraph-pg-", dir=root or None))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.passwords = {SUPERUSER: secrets.token_hex(16), OWNER: secrets.token_hex(16), APP: secrets.token_hex(16)}
        self._counter = 0

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        completed = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)
        if completed.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{Path(command[0]).name} failed: {completed.stderr.strip()} {log}")

    def start(self) -> PostgresServer:
        password_file = self.folder / "superuser-password"
        password_file.write_text(self.passwords[SUPERUSER] + "\n")
        if self.user:
            for path in (self.folder, password_file):
                shutil.chown(path, self.user)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, f"--pwfile={password_file}",
                  "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync")
        settings = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB "
                    "-c max_connections=100")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "90",
                  "-o", settings, "start")
        with self.connect() as admin:
            for role in (OWNER, APP):
                admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{self.passwords[role]}'")
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, role: str, database: str) -> str:
        return f"postgresql://{role}:{self.passwords[role]}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, password=self.passwords[SUPERUSER],
                               dbname=database, autocommit=True)

    def create_database(self, prefix: str = "web") -> Database:
        """A new, empty database owned by the owner role; the app role may connect to it."""
        self._counter += 1
        name = f"tg_{re.sub(r'[^a-z0-9_]', '_', prefix.lower())}_{self._counter}"
        with self.connect() as admin:
            admin.execute(f"CREATE DATABASE {name} OWNER {OWNER}")
        return Database(name, self.url(APP, name), self.url(OWNER, name))

    def drop_database(self, name: str) -> None:
        with self.connect() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def migrated_postgres(server: PostgresServer, prefix: str = "web") -> Database:
    """A new database of the server with the web app's schema, migrated by the owner role and the
    app role given its grants, as `tracegraph web-store migrate` does."""
    from web import localstore, migrate
    database = server.create_database(prefix)
    owner = localstore.open_store(database.owner_url)
    try:
        migrate.upgrade(owner, app_role=APP)
    finally:
        owner.close()
    return database
