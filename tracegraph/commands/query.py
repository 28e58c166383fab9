"""`tracegraph query`: run a named query from the library."""

from __future__ import annotations

import json

import click

from graphmodel.errors import TraceGraphError
from graphmodel.store import Store
from queries import QueryCatalogError, load_catalog, named_query
from queries.limits import LIMIT_PARAMETER, capped
from queries.results import plain, to_csv, to_table


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
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="At most this many rows, in every query (a query's own `limit` is set to it); a cut result "
                   "says so (`truncated` in JSON, a line after the table).")
def query(name: str | None, params: tuple[str, ...], output: str, list_queries: bool, limit: int) -> None:
    """Run a named read query from the library (always in a read-only transaction).

    \b
    Examples:
      tracegraph query --list
      tracegraph query graph_overview --format csv
      tracegraph query incidents_on_route -p "route=Central Mediterranean" --limit 5000 --format json
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
        given = _parse_params(params)
        bound = selected.bind(given)
    except QueryCatalogError as error:
        raise TraceGraphError(str(error)) from None
    if selected.mode != "read":
        raise TraceGraphError(f"query {name} writes to the graph; `tracegraph query` runs read queries only")
    bound, shown = capped(selected, bound, limit, explicit=LIMIT_PARAMETER in given)
    with Store() as store:
        result = store.run_read_only(selected.text, bound, row_cap=shown)
    rows = [list(record.values()) for record in result.records]
    cut = f"cut at {shown:,} rows: more exist; raise --limit to see them"
    if output == "json":
        click.echo(json.dumps({"query": name, "columns": result.keys,
                               "rows": [dict(zip(result.keys, (plain(v) for v in row))) for row in rows],
                               "truncated": result.truncated, "limit": shown}, ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(to_csv(result.keys, rows), nl=False)
        if result.truncated:
            click.echo(f"{name}: {cut}", err=True)
    else:
        click.echo(to_table(result.keys, rows))
        if result.truncated:
            click.echo(f"({cut})")
        click.echo(f"{len(rows)} rows in {result.duration_ms:.0f} ms", err=True)


commands = [query]
