"""`tracegraph generate`: write a synthetic delivery (fictional people) and its truth.json."""

from __future__ import annotations

import time
from pathlib import Path

import click

from scenarios.scenario import generate_scenario, second_agency_code
from scenarios.shapes import SECOND_AGENCY_FOLDER, shapes


@click.command("generate")
@click.option("--persons", type=click.IntRange(min=1), default=1000, show_default=True,
              help="How many missing persons the scenario holds.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Seed of the scenario: the same seed writes the same files, byte for byte.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the six interchange CSV files and truth.json into (created if absent).")
@click.option("--agency", default="DEMO", show_default=True,
              help="Agency code the delivery is meant to be loaded under (recorded in truth.json).")
@click.option("--shape", default="default", show_default=True, metavar="NAME",
              help="Scenario shape (docs/generator.md): " + ", ".join(shapes()) + ".")
def generate_command(persons: int, seed: int, out_dir: Path, agency: str, shape: str) -> None:
    """Generate a realistic synthetic delivery in the interchange formats.

    Families' reports with relatives and reference DNA, voyages on IOM routes, bodies found days
    later and kilometres away with degraded DNA profiles, sightings of survivors, duplicate and
    contradictory reports, strangers' records as noise, and truth.json saying which record
    belongs to which missing person. Everyone in it is fictional.

    \b
    Examples:
      tracegraph generate --persons 1000 --seed 7 --out demo-data
      tracegraph generate --persons 1000 --seed 7 --shape common_names --out common
    """
    if shape not in shapes():
        raise click.UsageError(f"Unknown --shape {shape!r}: choose one of {', '.join(shapes())}.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.UsageError(f"Cannot create {out_dir} ({error.strerror}); choose another --out folder.") from error
    started = time.perf_counter()
    summary = generate_scenario(persons, seed, out_dir, agency, shape)
    elapsed = time.perf_counter() - started
    shaped = "" if shape == "default" else f", shape {shape}"
    click.echo(f"Wrote {persons} missing persons (seed {seed}{shaped}) to {out_dir} in {elapsed:.1f} s:")
    for kind, count in summary.rows.items():
        click.echo(f"  {kind}.csv  {count} rows")
    click.echo("  truth.json")
    if (out_dir / SECOND_AGENCY_FOLDER).is_dir():
        click.echo(f"  {SECOND_AGENCY_FOLDER}/remains.csv  (load it with --agency {second_agency_code(agency)})")


def main(argv: list[str] | None = None) -> int:
    """Run the command as a program (``python -m scenarios``); returns the exit status."""
    try:
        generate_command.main(args=argv, prog_name="tracegraph generate", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        return 130
    return 0


# What tracegraph/cli.py registers when this module is listed in its COMMAND_MODULES.
commands: list[click.Command] = [generate_command]
