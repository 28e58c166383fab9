"""`tracegraph db`: the local Neo4j server and the graph's schema."""

from __future__ import annotations

from pathlib import Path

import click

from graphmodel.config import load_settings
from graphmodel.docs import render_model_doc
from graphmodel.errors import TraceGraphError
from graphmodel.migrate import schema_statements
from graphmodel.server import fetch_distribution, server_status, start_server, stop_server
from graphmodel.server.backup import backup as backup_instance
from graphmodel.server.backup import read_manifest
from graphmodel.server.backup import restore as restore_instance
from graphmodel.store import Store
from ingest import name_variants, places
from isolation.roles import role_statements
from isolation.servers import Views

from .views import after_write, start_views

port_option = click.option("--port", type=int, default=None,
                           help="Bolt port of the local server (default: TRACEGRAPH_NEO4J_PORT or 7687).")


def _settings(port: int | None):
    settings = load_settings()
    return settings.with_port(port) if port else settings


@click.group()
def db() -> None:
    """Run the local Neo4j server and manage the graph's schema.

    \b
    Example:
      tracegraph db start --port 7687
    """


@db.command()
def fetch() -> None:
    """Fetch Neo4j Community and APOC from Maven Central into the cache (done by `start` when needed).

    \b
    Example:
      tracegraph db fetch
    """
    settings = load_settings()
    folder = fetch_distribution(settings)
    click.echo(f"Neo4j is in {folder}")


@db.command()
@port_option
def start(port: int | None) -> None:
    """Start the local Neo4j server in the background and wait until Bolt answers, then the
    analysts' views (`tracegraph views start`).

    \b
    Example:
      tracegraph db start --port 7688
    """
    settings = _settings(port)
    started, status = start_server(settings)
    if started:
        click.echo(f"Neo4j {status.version} {status.edition} started on {status.uri} (pid {status.pid}).")
    else:
        click.echo(f"Neo4j is already running on {status.uri} (pid {status.pid}).")
    click.echo(f"Password of user neo4j: {settings.password_file}")
    if settings.analyst_isolation == "views":
        start_views(settings)


@db.command()
@port_option
def stop(port: int | None) -> None:
    """Stop the local Neo4j server started from this TRACEGRAPH_HOME, and only that one, with its
    analysts' views.

    \b
    Example:
      tracegraph db stop
    """
    settings = _settings(port)
    stopped = Views(settings).stop()
    if stopped:
        click.echo(f"Stopped {len(stopped)} analysts' view server(s).")
    if stop_server(settings):
        click.echo("Neo4j stopped.")
    else:
        click.echo("Neo4j was not running.")


@db.command()
@port_option
def status(port: int | None) -> None:
    """Say whether the local Neo4j server runs, and its version.

    \b
    Example:
      tracegraph db status
    """
    current = server_status(_settings(port))
    if current.running and current.version:
        click.echo(f"running: Neo4j {current.version} {current.edition} on {current.uri} (pid {current.pid})")
    elif current.running:
        click.echo(f"running (pid {current.pid}), but {current.detail}; logs: {current.log_file}")
    else:
        click.echo(f"stopped; logs: {current.log_file}")


@db.command()
def migrate() -> None:
    """Create every constraint and index of the model (idempotent: safe to run again).

    Places and voyages loaded before their full-text indexes existed get the spellings and
    transliteration keys of their names those indexes search, and places named without
    coordinates are looked up in the offline gazetteer (see `tracegraph places`).

    \b
    Example:
      tracegraph db migrate
    """
    statements = schema_statements()
    with Store() as store:
        store.run_schema(statements)
        filled = name_variants.fill_missing(store)
        located, not_found = places.locate_places(store)
    click.echo(f"Schema up to date: {len(statements)} constraints and indexes."
               + (f" Name variants written on {filled:,} places and voyages." if filled else "")
               + (f" Gazetteer: {located:,} places located, {not_found:,} not found." if located or not_found else ""))
    if filled or located or not_found:
        after_write()


@db.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def wipe(yes: bool) -> None:
    """Delete every node and relationship of the graph (the schema stays).

    \b
    Example:
      tracegraph db wipe --yes
    """
    settings = load_settings()
    if not yes:
        click.confirm(f"Delete everything in database {settings.database!r} at {settings.uri}?", abort=True)
    with Store(settings) as store:
        counters = store.delete_everything()
    click.echo(f"Deleted {counters.nodes_deleted} nodes and {counters.relationships_deleted} relationships.")
    after_write()


@db.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("docs/model.md"),
              show_default=True, help="Where to write the Markdown.")
def docs(out: Path) -> None:
    """Write the model documentation (diagram and a sentence per label and relationship).

    \b
    Example:
      tracegraph db docs --out docs/model.md
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_model_doc(), encoding="utf-8")
    click.echo(f"Wrote {out}")


@db.command()
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Back up the local server (offline dump; it is stopped and restarted) and the user and audit store.

    The web app's store is the SQLite file of the instance folder, copied, or its PostgreSQL
    database (TRACEGRAPH_WEB_DATABASE_URL), dumped with pg_dump while the app keeps serving.

    \b
    Example:
      tracegraph db backup backups/2026-11-29
    """
    from web import store_backup
    settings = load_settings()
    manifest = backup_instance(settings, path, also=lambda target: store_backup.dump(settings, target))
    click.echo(f"Backup written to {path}: {len(manifest.files)} files, checksums in manifest.json.")


@db.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path: Path, yes: bool) -> None:
    """Replace the local graph, users and audit log with a backup made by `db backup`.

    A PostgreSQL web store in the backup is restored into the database TRACEGRAPH_WEB_DATABASE_URL
    names, as the owner role (TRACEGRAPH_WEB_DATABASE_OWNER_URL).

    \b
    Example:
      tracegraph db restore backups/2026-11-29 --yes
    """
    from web import store_backup
    settings = load_settings()
    if not yes:
        click.confirm(f"Replace the graph and the instance files in {settings.home} with {path}?", abort=True)
    read_manifest(path)
    store_backup.check_restorable(settings, path)
    if store_backup.restore(settings, path):
        click.echo("Restored the web app's PostgreSQL store (users, sessions, audit trail).")
    elif store_backup.is_postgresql(settings):
        click.echo("The backup holds no PostgreSQL web store: the one configured was left as it is.")
    manifest = restore_instance(settings, path)
    click.echo(f"Restored the backup of {manifest.created_at} from {path}.")
    # The restored graph's journal does not follow on from what the views hold: they are rebuilt.
    for view in Views(settings).known():
        (view.folder / "state.json").unlink(missing_ok=True)
    if Views(settings).known():
        click.echo("The analysts' views are rebuilt from the restored graph at their next sync "
                   "(`tracegraph views start`).")


@db.command()
@click.option("--agency", "agencies", multiple=True, metavar="CODE",
              help="An agency to make roles for (repeatable; default: the agencies of the analysts and of the graph).")
@click.option("--database", default=None, help="The database the roles may read (default: NEO4J_DATABASE).")
@click.option("--app-role", default="tracegraph_app", show_default=True,
              help="The role of the web app's own user, which impersonates the analysts' roles.")
@click.option("--apply", "apply_now", is_flag=True, help="Run the commands on the server (Neo4j Enterprise or Aura).")
def roles(agencies: tuple[str, ...], database: str | None, app_role: str, apply_now: bool) -> None:
    """Write the analysts' roles for Neo4j Enterprise or Aura: one per agency and DNA clearance, with
    property-based access control equivalent to the analysts' views. Prints the commands (to run
    against the `system` database), or runs them with --apply. Then give the web app's user the
    app role and set TRACEGRAPH_ANALYST_ISOLATION=roles.

    \b
    Example:
      tracegraph db roles --agency ICRC --agency MOAS > roles.cypher
    """
    settings = load_settings()
    found = set(agencies)
    if not found:
        found = _analyst_agencies()
        try:
            with Store(settings) as store:
                found |= {row["code"] for row in store.read("MATCH (a:Agency) RETURN a.code AS code")}
        except TraceGraphError:
            pass
    if not found:
        raise TraceGraphError("No agency to make roles for: name them with --agency CODE.")
    commands = role_statements(sorted(found), database=database or settings.database, app_role=app_role)
    if not apply_now:
        click.echo(";\n".join(commands) + ";")
        return
    with Store(settings) as store:
        store.run_administration(commands)
    click.echo(f"Ran {len(commands)} commands: roles for {', '.join(sorted(found))}.")


def _analyst_agencies() -> set[str]:
    from web import accounts, localstore

    path = load_settings().web_database
    if not path.exists():
        return set()
    connection = localstore.connect(path)
    try:
        return {u.agency for u in accounts.list_users(connection) if u.role == "analyst"}
    finally:
        connection.close()


commands = [db]
