"""`tracegraph web-store` and `tracegraph audit`: the web app's own database and its audit trail."""

from __future__ import annotations

import re
from pathlib import Path

import click

from graphmodel.config import Settings
from graphmodel.errors import TraceGraphError


class AuditBroken(TraceGraphError):
    """The audit trail's hash chain does not hold; the message names the first broken entry."""


def _settings() -> Settings:
    from graphmodel.config import load_settings
    return load_settings()


@click.group("web-store")
def web_store() -> None:
    """The web app's own database: users, sessions, the audit trail, layouts, saved queries.

    \b
    Example:
      tracegraph web-store migrate
    """


@web_store.command("migrate")
def migrate_command() -> None:
    """Bring the web app's database to the current schema (Alembic; safe to run again).

    SQLite (the default, $TRACEGRAPH_HOME/web.sqlite3) is migrated by the app itself too. On
    PostgreSQL run it as the role that owns the tables (TRACEGRAPH_WEB_DATABASE_OWNER_URL); it then
    gives the app's role (the user of TRACEGRAPH_WEB_DATABASE_URL) exactly its grants: read and
    write every table, but only read and append to the audit trail.

    \b
    Example:
      TRACEGRAPH_WEB_DATABASE_OWNER_URL=postgresql://tracegraph_owner@db/tracegraph_web \\
      TRACEGRAPH_WEB_DATABASE_URL=postgresql://tracegraph_app@db/tracegraph_web tracegraph web-store migrate
    """
    from web import localstore, migrate
    settings = _settings()
    target = localstore.open_store(settings.web_database_owner_url or settings.web_database)
    try:
        app_role = None
        if target.is_postgresql:
            if not settings.web_database_owner_url:
                raise TraceGraphError("on PostgreSQL the schema is migrated by the role that owns the tables: set "
                                      "TRACEGRAPH_WEB_DATABASE_OWNER_URL to that role's URL, and "
                                      "TRACEGRAPH_WEB_DATABASE_URL to the app's own role.")
            app_role = localstore.role_of(settings.web_database)
        before, after = migrate.upgrade(target, app_role=app_role)
    finally:
        target.close()
    origin = f"revision {before}" if before else "no schema"
    change = f"is already at revision {after}" if before == after else f"was migrated from {origin} to revision {after}"
    click.echo(f"The web store at {target.address} {change}.")
    if app_role:
        click.echo(f"Role {app_role} may read and write its tables, and only read and append to the audit trail.")


@web_store.command("status")
def status_command() -> None:
    """Say which database the web app uses and whether its schema is current.

    \b
    Example:
      tracegraph web-store status
    """
    from web import localstore, migrate
    store = localstore.open_store(_settings().web_database)
    try:
        with store.read() as connection:
            revision = migrate.current(connection)
    finally:
        store.close()
    wanted = migrate.head()
    state = "current" if revision == wanted else f"needs `tracegraph web-store migrate` (this version needs {wanted})"
    click.echo(f"{store.address}: schema revision {revision or 'none'}, {state}.")


@web_store.command("copy")
@click.option("--from", "source", default=None, metavar="PATH|URL",
              help="The database to copy: a SQLite file or a database URL (default: this instance's web.sqlite3).")
@click.option("--to", "target", default=None, metavar="URL",
              help="The empty database to copy into, as the role that owns its tables "
                   "(default: $TRACEGRAPH_WEB_DATABASE_OWNER_URL).")
def copy_command(source: str | None, target: str | None) -> None:
    """Copy the web app's database into another, empty one: users, sessions, the audit trail,
    layouts, the workbench's history and saved queries, and the online inquiries.

    This is how an instance moves from its SQLite file to the PostgreSQL server several app servers
    share. Both databases must be at the current schema (`tracegraph web-store migrate`). The copy
    is one transaction: whole, or nothing written. The audit trail's chain is checked before and
    after, and the last entry printed to note. Stop the app while it runs, then point
    TRACEGRAPH_WEB_DATABASE_URL at the new database.

    \b
    Example:
      TRACEGRAPH_WEB_DATABASE_OWNER_URL=postgresql://tracegraph_owner@db/tracegraph_web \\
      TRACEGRAPH_WEB_DATABASE_URL=postgresql://tracegraph_app@db/tracegraph_web tracegraph web-store migrate
      tracegraph web-store copy --from ~/.tracegraph/web.sqlite3 --to postgresql://tracegraph_owner@db/tracegraph_web
    """
    from web import localstore, store_copy
    settings = _settings()
    default_sqlite = settings.web_database_file
    source_address = source or default_sqlite
    if source is None and not default_sqlite.exists():
        raise TraceGraphError(f"there is no web app database to copy at {default_sqlite}: name one with --from.")
    if source is not None and "://" not in source and not Path(source).exists():
        raise TraceGraphError(f"there is no database file {source} to copy.")
    target_address = target or settings.web_database_owner_url
    if not target_address:
        raise TraceGraphError("name the database to copy into with --to (as the role that owns its tables), or set "
                              "TRACEGRAPH_WEB_DATABASE_OWNER_URL.")
    origin = localstore.open_store(source_address)
    try:
        destination = localstore.open_store(target_address)
        try:
            report = store_copy.copy_store(origin, destination)
        finally:
            destination.close()
    finally:
        origin.close()
    copied = ", ".join(f"{name} {count:,}" for name, count in report.rows.items())
    click.echo(f"Copied {origin.address} into {destination.address}: {copied} rows.")
    if report.last_audit_id is None:
        click.echo("The audit trail was empty.")
    else:
        click.echo(f"The audit trail holds on the copy: {report.audit_entries:,} entries, last entry "
                   f"{report.last_audit_id}:{report.last_audit_hash} (`tracegraph audit verify --anchor` checks it).")


@click.group()
def audit() -> None:
    """The web app's audit trail.

    \b
    Example:
      tracegraph audit verify
    """


@audit.command("verify")
@click.option("--anchor", default=None, metavar="ID:HASH",
              help="An entry's id and hash noted earlier (printed by a previous verify): it must still be there, "
                   "unchanged, so the trail was not rewritten from the start up to it.")
def verify_command(anchor: str | None) -> None:
    """Check the audit trail's hash chain; name the first entry where it breaks.

    Each entry carries the hash of the one before it, so an entry changed, removed or slipped in
    after it was written breaks the chain there. Exit status 1 when it is broken.

    \b
    Example:
      tracegraph audit verify
      tracegraph audit verify --anchor 10512:5f0c...e9
    """
    from web import auditlog, localstore
    wanted = None
    if anchor is not None:
        match = re.fullmatch(r"(\d+):([0-9a-f]{64})", anchor.strip())
        if match is None:
            raise click.BadParameter("give the entry id and its 64-character hash as ID:HASH", param_hint="--anchor")
        wanted = (int(match.group(1)), match.group(2))
    store = localstore.connect(_settings().web_database)
    try:
        report = auditlog.verify(store)
        anchored = auditlog.entry_hash_of(store, wanted[0]) if wanted else None
    finally:
        store.close()
    if report.broken:
        raise AuditBroken(report.broken.sentence)
    if wanted and anchored != wanted[1]:
        what = "is no longer there" if anchored is None else "now has another hash"
        raise AuditBroken(f"The audit trail was rewritten: entry {wanted[0]}, noted with hash {wanted[1][:12]}..., "
                          f"{what}, although the chain holds from the start.")
    if report.entries == 0:
        click.echo("The audit trail is empty.")
        return
    click.echo(f"The audit trail is intact: {report.entries:,} entries, {report.first_id} to {report.last_id}.")
    click.echo(f"Last entry: {report.last_id}:{report.last_hash} (note it; `--anchor` checks it later).")


commands = [web_store, audit]
