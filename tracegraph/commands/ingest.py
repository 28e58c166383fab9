"""`tracegraph ingest`: load an agency's files into the graph and account for every row."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from ingest.formats import FORMATS
from ingest.pipeline import DEFAULT_BATCH_SIZE, PreparedFile, Progress
from ingest.report import FileSummary
from ingest.run import IngestRequest, run_ingest
from scenarios.cli import generate_command

from .views import after_write


class _ProgressBar:
    """A progress bar on stderr with the rows per second read so far."""

    def __init__(self, prepared: PreparedFile) -> None:
        self.started = time.perf_counter()
        self.done = 0
        self.bar = click.progressbar(length=max(prepared.data_rows, 1), label=prepared.plan.path.name,
                                     file=sys.stderr, show_pos=True, item_show_func=self._rate)
        self.bar.__enter__()

    def _rate(self, _item: object) -> str:
        elapsed = time.perf_counter() - self.started
        return f"{self.done / elapsed:,.0f} rows/s" if elapsed > 0 else ""

    def __call__(self, rows: int) -> None:
        self.done += rows
        self.bar.update(rows, self.done)

    def close(self) -> None:
        self.bar.__exit__(None, None, None)


def _describe(summary: FileSummary) -> list[str]:
    head = f"{summary.file} ({summary.format} {summary.kind}): {summary.rows_read:,} rows read = "
    if summary.new is None:
        head += f"{summary.loaded:,} valid (dry run: nothing written)"
    else:
        head += (f"{summary.loaded:,} loaded ({summary.new:,} new, {summary.updated:,} updated, "
                 f"{summary.unchanged:,} unchanged)")
    lines = [head + f" + {summary.rejected:,} rejected"]
    for notice in summary.notices:
        lines.append(f"  {notice}")
    if summary.rejected:
        lines.append(f"  rejected rows and reasons: {summary.rejects_file}")
    if summary.warned:
        dropped = sum(summary.dropped.values())
        lines.append(f"  {summary.warned:,} rows loaded with a warning ({dropped:,} values dropped and kept as "
                     f"raw_*): {summary.warnings_file}")
    deaths = summary.dead_and_missing
    if deaths is not None:
        graph = "" if deaths.graph is None else f", graph {deaths.graph:,}"
        state = "reconciled" if deaths.reconciled else f"{len(deaths.unaccounted):,} rows make a difference"
        lines.append(f"  dead and missing: file {deaths.file:,}, loaded {deaths.loaded:,}{graph} ({state})")
        for row in deaths.unaccounted[:10]:
            lines.append(f"    line {row['line']}: {row['reason']}")
    if summary.new is not None:
        lines.append(f"  {summary.elements_written:,} nodes and relationships created in {summary.seconds:.1f} s")
    if summary.empty_markers:
        counts = ", ".join(f"{column} {count}" for column, count in summary.empty_markers.items())
        lines.append(f"  read as empty (N/A, NA, unknown, -): {counts}")
    if summary.extra_columns:
        lines.append(f"  extra columns kept as extra_* properties: {', '.join(summary.extra_columns)}")
    for kind, count in summary.repairs.items():
        lines.append(f"  repaired ({count:,}x): {kind}")
    for column, count in list(summary.warnings.items())[:10]:
        lines.append(f"  warnings on {column}: {count:,} rows")
    if len(summary.warnings) > 10:
        lines.append(f"  ... warnings on {len(summary.warnings) - 10} more columns in the summary JSON")
    return lines


@click.command()
@click.argument("format_name", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--agency", help="Code of the submitting agency (default for iom-mmp: IOM; deaths-at-borders: DATB).")
@click.option("--mapping", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="YAML mapping of the file's columns (format mapped).")
@click.option("--dry-run", is_flag=True,
              help="Check every row and write the rejects report, but write nothing to the graph.")
@click.option("--rejects-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the rejects CSVs and summary.json (default: <PATH>.rejects beside the input).")
@click.option("--sharing", type=click.Choice(["partners", "agency"]), default="partners", show_default=True,
              help="Sharing of rows that do not say (partners: every partner agency; agency: yours only).")
@click.option("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Records per transaction.")
@click.option("--encoding", help="Text encoding of the files when not UTF-8 (e.g. cp1252 for a file Excel saved on "
                                 "Windows); overrides a mapping's.")
@click.option("--initial", is_flag=True,
              help="Initial bulk load of an empty database through neo4j-admin's import (the local server is "
                   "stopped and started again); refused if the database holds anything.")
@click.option("--quiet", is_flag=True, help="No progress bar and no per-file report.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
def ingest(format_name: str, path: Path, agency: str | None, mapping: Path | None, dry_run: bool,
           rejects_dir: Path | None, sharing: str, batch_size: int, encoding: str | None, initial: bool,
           quiet: bool, as_json: bool) -> None:
    """Load an agency's files into the graph: FORMAT is interchange (a delivery folder or one of
    its CSVs), iom-mmp, deaths-at-borders or mapped (with --mapping).

    Every row is loaded or rejected; a row is rejected only when it cannot be a record (no id,
    wrong number of fields), and goes to a rejects CSV with the column and the reason. A bad value
    costs its field, not the record: it is dropped, kept as raw_<field>, and listed in a warnings
    CSV beside the rejects. The summary (also saved as summary.json) reconciles rows read = loaded
    + rejected, and the dead and missing of the file with those of the graph. Loading the same
    file again changes nothing; a corrected file updates what changed.

    With --initial, an empty database is filled by `neo4j-admin database import` instead of
    transactions: the same checks, rejects and graph, several times faster to write; the local
    server is stopped for the import and started again. Later deliveries load the usual way.

    \b
    Examples:
      tracegraph ingest interchange deliveries/icrc-2024-05 --agency ICRC
      tracegraph ingest iom-mmp ../shared/data/real/iom-mmp-global-2018-11-07.csv --rejects-dir /tmp/r
      tracegraph ingest mapped bodies.csv --mapping ingest/mappings/morgue-register.yaml --dry-run
      tracegraph ingest iom-mmp ../shared/data/real/iom-mmp-2022-variant-sample.csv --encoding cp1252
      tracegraph ingest interchange deliveries/icrc-2024-05 --agency ICRC --initial
    """
    bars: list[_ProgressBar] = []

    def progress_for(prepared: PreparedFile) -> Progress | None:
        if quiet:
            return None
        bar = _ProgressBar(prepared)
        bars.append(bar)
        return bar

    def file_done(summary: FileSummary) -> None:
        for bar in bars:
            bar.close()
        bars.clear()
        if not quiet and not as_json:
            for line in _describe(summary):
                click.echo(line)

    request = IngestRequest(format=format_name, path=path, agency=agency, mapping=mapping, dry_run=dry_run,
                            rejects_dir=rejects_dir, sharing=sharing, batch_size=batch_size, encoding=encoding,
                            initial=initial)
    try:
        result = run_ingest(request, progress_factory=progress_for, on_file_done=file_done)
    finally:
        for bar in bars:
            bar.close()
    if not dry_run:
        after_write()
    if as_json:
        document = {"dry_run": dry_run, "initial": initial, "totals": result.totals(),
                    "summary_file": str(result.summary_path), "phases": result.phases,
                    "ignored_files": result.ignored_files, "empty_files": result.empty_files,
                    "files": [summary.as_dict() for summary in result.summaries]}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif not quiet:
        for name in result.ignored_files:
            click.echo(f"ignored {name}: not an interchange file name")
        for name in result.empty_files:
            click.echo(f"nothing loaded from {name}: it has a header but no rows")
        if result.phases:
            phases = result.phases
            click.echo(f"Initial load: read and checked in {phases['read_and_check']:.1f} s, import files written in "
                       f"{phases['import_files']:.1f} s, imported in {phases['import']:.1f} s "
                       f"({phases['import_with_restart']:.1f} s with the server's restart), schema in "
                       f"{phases['schema']:.1f} s.")
        click.echo(f"Summary saved to {result.summary_path}")


commands = [ingest, generate_command]
