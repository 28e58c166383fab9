"""`tracegraph views`: the analysts' views, one local Neo4j server per agency and clearance."""

from __future__ import annotations

from pathlib import Path

import click

from graphmodel.config import Settings, load_settings
from graphmodel.errors import TraceGraphError
from graphmodel.store import Store
from isolation.rule import ViewScope
from isolation.servers import Views, catch_up, prune_journal


def wanted_scopes(settings: Settings, main: Store) -> list[ViewScope]:
    """The views the enabled analysts of the user store need (identical ones once)."""
    from web import accounts, localstore

    target = settings.web_database  # a file (SQLite) or a PostgreSQL URL
    if isinstance(target, Path) and not target.exists():
        return []
    connection = localstore.connect(target)
    try:
        pairs = {(u.agency, u.dna_cleared) for u in accounts.list_users(connection)
                 if u.role == "analyst" and not u.disabled}
    finally:
        connection.close()
    views = Views(settings)
    return sorted({views.scope_for(agency, cleared, main) for agency, cleared in pairs},
                  key=lambda scope: scope.name)


def start_views(settings: Settings, *, rebuild: bool = False, echo=click.echo) -> None:
    """Create and start the views the analysts need, then bring them up to date (a new agency's view
    is made from the partners' view of its clearance, which is kept, stopped, for the next one)."""
    views = Views(settings)
    with Store(settings) as main:
        wanted = [views.create(scope) for scope in wanted_scopes(settings, main)]
        if not wanted:
            echo("No analyst needs a view yet (add one with `tracegraph users add NAME --role analyst`).")
            return
        for view, started in views.start(wanted):
            echo(f"View {view.name}: {'started' if started else 'already running'} on port {view.settings.port}.")
        for view in wanted:
            report = views.sync(view, main, rebuild=rebuild)
            if report is not None:
                echo(f"View {view.name}: {report.mode} in {report.seconds:.1f} s, {report.written} nodes written, "
                     f"{report.deleted} deleted.")
        prune_journal(main, views.known())


def after_write() -> None:
    """After a command wrote to the graph: bring the analysts' views up to date, said on stderr (the
    command's own output may be JSON). A view that cannot be reached catches up later."""
    settings = load_settings()
    try:
        with Store(settings) as main:
            text = catch_up(settings, main)
    except TraceGraphError as error:
        text = f"The analysts' views were not brought up to date ({error}); run `tracegraph views sync`."
    if text:
        click.echo(text, err=True)


@click.group()
def views() -> None:
    """The analysts' views: what each agency's analysts may read, each in a Neo4j server of its own.

    \b
    Example:
      tracegraph views start
    """


@views.command("start")
@click.option("--rebuild", is_flag=True, help="Copy every view whole from the graph instead of catching up.")
def start_command(rebuild: bool) -> None:
    """Start the views the analysts need (made and built from the graph the first time), and bring
    them up to date.

    \b
    Example:
      tracegraph views start
    """
    start_views(load_settings(), rebuild=rebuild)


@views.command("stop")
def stop_command() -> None:
    """Stop every view's server.

    \b
    Example:
      tracegraph views stop
    """
    stopped = Views(load_settings()).stop()
    click.echo(f"Stopped {len(stopped)} view server(s).")


@views.command("sync")
@click.option("--rebuild", is_flag=True, help="Copy every view whole from the graph instead of catching up.")
def sync_command(rebuild: bool) -> None:
    """Bring the running views up to date with the graph (done after every load, screening, match and
    review anyway).

    \b
    Example:
      tracegraph views sync
    """
    settings = load_settings()
    with Store(settings) as main:
        if not rebuild:
            click.echo(catch_up(settings, main) or "There are no views.")
            return
        views_ = Views(settings)
        for view in views_.known():
            if views_.status(view).version:
                report = views_.sync(view, main, rebuild=True)
                if report is not None:
                    click.echo(f"View {view.name}: rebuilt in {report.seconds:.1f} s.")


@views.command("status")
def status_command() -> None:
    """List the views: running or not, port, and the graph time each has caught up to.

    \b
    Example:
      tracegraph views status
    """
    views_ = Views(load_settings())
    known = views_.known()
    if not known:
        click.echo("No views yet: `tracegraph views start` makes those the analysts need.")
    for view in known:
        status = views_.status(view)
        state = view.state()
        caught = f"as of {state.watermark} ({state.mode} in {state.seconds:.1f} s)" if state else "never synced"
        click.echo(f"{view.name}\t{'running' if status.running else 'stopped'}\tport {view.settings.port}\t{caught}")


@views.command("prune")
def prune_command() -> None:
    """Stop and delete the views no enabled analyst needs any more.

    \b
    Example:
      tracegraph views prune
    """
    settings = load_settings()
    views_ = Views(settings)
    with Store(settings) as main:
        wanted = {scope.name for scope in wanted_scopes(settings, main)}
    removed = [view.name for view in views_.known() if view.name not in wanted]
    for view in views_.known():
        if view.name not in wanted:
            views_.remove(view)
    click.echo(f"Removed {len(removed)} view(s){': ' + ', '.join(removed) if removed else ''}.")


commands = [views]
