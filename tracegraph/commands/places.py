"""`tracegraph places`: the points the offline gazetteer gave to places named without coordinates."""

from __future__ import annotations

import click

from graphmodel.store import Store
from ingest import places

from .views import after_write

STATUSES = ("located", "not_found", "rejected")


@click.group(name="places")
def places_group() -> None:
    """Review the towns the gazetteer found for places named without coordinates."""


@places_group.command(name="list")
@click.option("--status", type=click.Choice(STATUSES), multiple=True,
              help="Which verdicts to list (repeatable); located by default.")
@click.option("--limit", type=click.IntRange(1), default=1_000, show_default=True)
def list_places(status: tuple[str, ...], limit: int) -> None:
    """List places with the town found for each, how it was found, and other countries' towns of
    that name (a choice a reviewer may want to check).

    \b
    Example:
      tracegraph places list
      tracegraph places list --status not_found
    """
    with Store() as store:
        rows = places.listed(store, list(status or ("located",)), limit=limit)
    if not rows:
        click.echo("No place with that verdict.")
        return
    for row in rows:
        where = f" ({row['country']})" if row["country"] else ""
        if row["status"] == "located":
            others = f"; {row['others']} other countr{'y' if row['others'] == 1 else 'ies'} have a town of that name" \
                if row["others"] else ""
            click.echo(f"{row['uid']}\t{row['name']}{where} -> {row['town']} ({row['town_country']}), "
                       f"{row['match']} match on {row['term']!r}{others}")
        else:
            click.echo(f"{row['uid']}\t{row['name']}{where}: {row['status'].replace('_', ' ')}")


@places_group.command()
@click.argument("uid")
def reject(uid: str) -> None:
    """Remove the town the gazetteer found for a place (a wrong match); later loads leave it so.

    \b
    Example:
      tracegraph places reject "garabulli beach"
    """
    with Store() as store:
        found = places.reject(store, uid)
    if found is None:
        raise click.ClickException(f"No place has the key {uid!r} (see `tracegraph places list`).")
    click.echo(f"{found['name']}: the gazetteer's town is removed and will not be proposed again.")
    after_write()


commands = [places_group]
