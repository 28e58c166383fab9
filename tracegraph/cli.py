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
    "tracegraph.commands.kinship",
    "tracegraph.commands.ingest",
    "tracegraph.commands.web",
    "tracegraph.commands.webstore",
    "tracegraph.commands.brief",
    "tracegraph.commands.identify",
    "tracegraph.commands.inquiries",
    "tracegraph.commands.review",
    "tracegraph.commands.views",
    "tracegraph.commands.places",
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
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence before a traceback
            log = _log_unexpected(error)
            click.echo(f"Error: an unexpected internal error stopped the command ({type(error).__name__}: "
                       f"{error}); the details are in {log}.", err=True)
            sys.exit(2)


def _log_unexpected(error: Exception) -> str:
    """Append the traceback to the instance folder's error log; a user never sees it on screen."""
    import traceback
    from datetime import datetime, timezone

    from graphmodel.config import load_settings

    try:
        folder = load_settings().home / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "cli-errors.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now(timezone.utc).isoformat()} {' '.join(sys.argv)}\n")
            handle.write("".join(traceback.format_exception(error)))
        return str(path)
    except (OSError, ValueError):
        return "(no writable log folder)"


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
