"""`tracegraph query`: run a named query from the library."""

from __future__ import annotations

import click

from graphmodel.store import Store
from queries import QueryCatalogError, load_catalog, named_query
from queries.results import to_csv, to_json, to_table
from graphmodel.errors import TraceGraphError


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    given: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise TraceGraphError(f"parameter {pair!r} is not key=value")
        given[key.strip()] = value
    return given


@click.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query; repeat for several.")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--limit", type=int, default=10_000, show_default=True, help="At most this many rows.")
def query(name: str | None, params: tuple[str, ...], output: str, list_queries: bool, limit: int) -> None:
    """Run a named read query from the library (always in a read-only transaction).

    \b
    Examples:
      tracegraph query --list
      tracegraph query graph_overview --format csv
    """
    if list_queries or not name:
        for item in load_catalog().values():
            if "cli" not in item.shown:
                continue
            click.echo(f"{item.name}: {item.title}")
            for parameter in item.parameters:
                default = f" = {parameter.default}" if parameter.default is not None else ""
                click.echo(f"    -p {parameter.name}=<{parameter.type}>{default}  {parameter.description}")
        return
    try:
        selected = named_query(name)
        bound = selected.bind(_parse_params(params))
    except QueryCatalogError as error:
        raise TraceGraphError(str(error)) from None
    if selected.mode != "read":
        raise TraceGraphError(f"query {name} writes to the graph; `tracegraph query` runs read queries only")
    with Store() as store:
        result = store.run_read_only(selected.text, bound, row_cap=limit)
    rows = [list(record.values()) for record in result.records]
    if output == "json":
        click.echo(to_json(result.keys, rows))
    elif output == "csv":
        click.echo(to_csv(result.keys, rows), nl=False)
    else:
        click.echo(to_table(result.keys, rows))
        suffix = f" (first {limit}; more exist)" if result.truncated else ""
        click.echo(f"{len(rows)} rows in {result.duration_ms:.0f} ms{suffix}", err=True)


commands = [query]
