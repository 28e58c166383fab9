"""`tracegraph demo`: local Neo4j, demo data and the web app in one command."""

from __future__ import annotations

import os
import secrets

import click

from graphmodel.config import Settings, load_settings, usable_cores
from graphmodel.migrate import schema_statements
from graphmodel.server import start_server
from graphmodel.store import Store

DEMO_AGENCY = "DEMO"
PARTNER_AGENCY = "PARTNER"


def _demo_password(settings: Settings) -> str:
    """One password for every demo login, generated once and kept (0600) in the instance folder."""
    path = settings.home / "demo-password"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(12)
    settings.home.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def load_demo_data(settings: Settings, store: Store, persons: int, seed: int) -> str:
    """Generate a fictional scenario and load it, unless the demo agency's data is already there."""
    from ingest.run import IngestRequest, run_ingest
    from scenarios.scenario import generate_scenario

    loaded = store.read("MATCH (r:Report {agency: $agency}) RETURN count(r) AS reports", {"agency": DEMO_AGENCY})
    if loaded[0]["reports"]:
        return f"demo data already loaded ({loaded[0]['reports']} reports)"
    folder = settings.home / "demo-data"
    folder.mkdir(parents=True, exist_ok=True)
    generate_scenario(persons, seed, folder, DEMO_AGENCY)
    result = run_ingest(IngestRequest(format="interchange", path=folder, agency=DEMO_AGENCY,
                                      rejects_dir=settings.home / "demo-data.rejects"),
                        store_factory=lambda: store)
    totals = result.totals()
    return (f"loaded {totals['loaded']} rows of {persons} fictional missing persons "
            f"({totals['elements_written']} nodes and relationships)")


def screen_demo_dna(store: Store) -> str:
    """DNA kinship screening of the post-mortem profiles and families that are new or changed."""
    from kinship import KinshipSettings
    from kinship.screening import screen_graph

    report = screen_graph(store, KinshipSettings())
    return (f"DNA kinship: {report.pairs_compared} pairs compared, {report.matches_written} results recorded, "
            f"{report.ready_for_report} ready for a DNA match report")


def identify_demo_cases(store: Store) -> str:
    """Candidate identifications for the reports that are new or changed."""
    from identify.match import run_match

    matching = run_match(store, changed_only=True)
    return f"matching: {matching.candidates_kept} candidates for {matching.reports} reports"


@click.command()
@click.option("--persons", type=click.IntRange(10, 5000), default=300, show_default=True,
              help="Size of the fictional scenario.")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the scenario.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Prepare everything but do not start the web app.")
def demo(persons: int, seed: int, host: str, port: int, no_serve: bool) -> None:
    """Start the local Neo4j, load fictional demo data, start the analysts' views and serve the web app.

    \b
    Example:
      tracegraph demo --persons 300 --port 8000
    """
    settings = load_settings()
    started, status = start_server(settings)
    click.echo(f"Neo4j {status.version} {'started' if started else 'running'} on {status.uri}")
    with Store(settings) as store:
        store.run_schema(schema_statements())
        click.echo(load_demo_data(settings, store, persons, seed))
        click.echo(screen_demo_dna(store))
        click.echo(identify_demo_cases(store))

    from web import demo_users
    password = _demo_password(settings)
    logins = demo_users(DEMO_AGENCY, password, second_agency=PARTNER_AGENCY)
    if settings.analyst_isolation == "views":
        from .views import start_views
        start_views(settings)
    url = f"http://{host}:{port}/"
    click.echo("")
    click.echo(f"TraceGraph: {url}")
    click.echo(f"Logins (password for all: {password}):")
    for login in logins:
        click.echo(f"  {login['username']:<24} {login['role']:<13} agency {login['agency']:<8} "
                   f"DNA clearance: {login['dna_cleared']}")
    if no_serve:
        return
    from web import create_app, server
    server.serve(lambda: create_app(settings=settings), server.app_files(settings), host=host, port=port,
                 processes=usable_cores(), threads=8)


commands = [demo]
