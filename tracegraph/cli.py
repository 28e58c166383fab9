"""Entry point of the `tracegraph` command; each area's commands live in `tracegraph/commands/`."""

from __future__ import annotations

import importlib
import sys

import click

from graphmodel.errors import TraceGraphError

from . import __version__

# Each module exposes `commands`, a list of Click commands or groups to register.
COMMAND_MODULES = [
    "tracegraph.commands.db",
    "tracegraph.commands.demo",
    "tracegraph.commands.query",
]


class TraceGraphGroup(click.Group):
    """Turns errors a user can cause into one sentence on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TraceGraphError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)


@click.group(cls=TraceGraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """TraceGraph: connect the facts that identify missing migrants.

    \b
    Example:
      tracegraph db start && tracegraph db migrate && tracegraph demo
    """


@cli.command()
def version() -> None:
    """Print the TraceGraph version.

    \b
    Example:
      tracegraph version
    """
    click.echo(f"tracegraph {__version__}")


def _register() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for command in module.commands:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="tracegraph")
