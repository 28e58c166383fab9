"""`tracegraph db`: the local Neo4j server and the graph's schema."""

from __future__ import annotations

from pathlib import Path

import click

from graphmodel.config import load_settings
from graphmodel.docs import render_model_doc
from graphmodel.migrate import schema_statements
from graphmodel.server import fetch_distribution, server_status, start_server, stop_server
from graphmodel.server.backup import backup as backup_instance
from graphmodel.server.backup import read_manifest
from graphmodel.server.backup import restore as restore_instance
from graphmodel.store import Store
from ingest import name_variants

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
    """Start the local Neo4j server in the background and wait until Bolt answers.

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


@db.command()
@port_option
def stop(port: int | None) -> None:
    """Stop the local Neo4j server started from this TRACEGRAPH_HOME, and only that one.

    \b
    Example:
      tracegraph db stop
    """
    if stop_server(_settings(port)):
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
    transliteration keys of their names those indexes search.

    \b
    Example:
      tracegraph db migrate
    """
    statements = schema_statements()
    with Store() as store:
        store.run_schema(statements)
        filled = name_variants.fill_missing(store)
    click.echo(f"Schema up to date: {len(statements)} constraints and indexes."
               + (f" Name variants written on {filled:,} places and voyages." if filled else ""))


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


commands = [db]
