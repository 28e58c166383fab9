"""The web app's schema, by Alembic (revisions in `web/migrations/versions/`), and on PostgreSQL
who may do what with it.

SQLite: the app migrates its file itself when it opens it. PostgreSQL: the tables belong to an
owner role that runs `tracegraph web-store migrate`; the app connects as another role, which may
read and write users, sessions, layouts and the workbench's tables but only read and append to the
audit trail. The app refuses to start on a schema that is not current, or as a role that could
rewrite the trail.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from .localstore import LocalStore, LocalStoreError
from .tables import APPEND_ONLY, metadata

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATE_HINT = ("run `tracegraph web-store migrate` with TRACEGRAPH_WEB_DATABASE_OWNER_URL naming the role that "
                "owns the tables (see docs/web.md)")


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this code knows."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    """The revision the database is at; None for a database Alembic has not touched."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(store: LocalStore, *, app_role: str | None = None) -> tuple[str | None, str]:
    """Bring the schema to the newest revision in one transaction; (revision before, after).

    Two processes starting at once do this one after the other: the write transaction is taken
    before the version is read. On PostgreSQL, `app_role` is then given exactly its grants.
    """
    with store.write() as connection:
        if store.is_postgresql:
            # Serialises concurrent migrations; released at commit.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('tracegraph.web.migrate'))"))
        before = current(connection)
        command.upgrade(_config(connection), "head")
        if app_role is not None:
            grant(connection, app_role)
    return before, head()


def grant(connection: Connection, app_role: str) -> None:
    """The app's role may read and write every table but the append-only ones, which it may only
    read and append to; it owns nothing. Given again after every upgrade, so new tables are covered."""
    owner = connection.execute(text("SELECT current_user")).scalar_one()
    if app_role == owner:
        raise LocalStoreError(f"the app's role {app_role!r} is the role that owns the tables, so it could rewrite the "
                              "audit trail: connect the app (TRACEGRAPH_WEB_DATABASE_URL) as another role.")
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": app_role}).first()
    if exists is None:
        raise LocalStoreError(f"there is no database role {app_role!r} for the app: create it first "
                              f"(CREATE ROLE {app_role} LOGIN PASSWORD '...').")
    quote = connection.dialect.identifier_preparer.quote
    role = quote(app_role)
    tables = [table.name for table in metadata.sorted_tables]
    everything = ", ".join(quote(name) for name in [*tables, "alembic_version"])
    connection.execute(text(f"REVOKE ALL ON {everything} FROM {role}"))
    writable = ", ".join(quote(name) for name in tables if name not in APPEND_ONLY)
    connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {writable} TO {role}"))
    append_only = ", ".join(quote(name) for name in sorted(APPEND_ONLY))
    connection.execute(text(f"GRANT SELECT, INSERT ON {append_only} TO {role}"))
    connection.execute(text(f"GRANT SELECT ON alembic_version TO {role}"))
    schema = quote(connection.execute(text("SELECT current_schema()")).scalar_one())
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}"))


def check_ready(store: LocalStore) -> None:
    """Refuse, in one sentence, a PostgreSQL store whose schema is not current or whose role could
    change or delete audit entries."""
    with store.read() as connection:
        revision = current(connection)
        wanted = head()
        if revision is None:
            raise LocalStoreError(f"the web app's database {store.address} has no TraceGraph tables yet: "
                                  f"{MIGRATE_HINT}.")
        if revision != wanted:
            raise LocalStoreError(f"the web app's database {store.address} is at schema revision {revision}, this "
                                  f"version needs {wanted}: {MIGRATE_HINT}.")
        for table in sorted(APPEND_ONLY):
            rights = [right for right in ("UPDATE", "DELETE", "TRUNCATE") if connection.execute(
                text("SELECT has_table_privilege(:table, :right)"), {"table": table, "right": right}).scalar_one()]
            if rights:
                role = connection.execute(text("SELECT current_user")).scalar_one()
                raise LocalStoreError(f"the app's database role {role!r} may {', '.join(rights)} the {table} table, "
                                      "so it could rewrite the audit trail: connect the app as a role that may only "
                                      "read and append to it, given its grants by `tracegraph web-store migrate`.")
