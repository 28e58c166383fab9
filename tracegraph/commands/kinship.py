"""`tracegraph kinship`: DNA kinship screening over the graph, and the explanation of one pairing."""

from __future__ import annotations

import json
import math
from contextlib import ExitStack

import click

from graphmodel.config import load_settings
from graphmodel.errors import TraceGraphError
from graphmodel.store import Store
from kinship import POPULATIONS, KinshipSettings

from .views import after_write

DEFAULTS = KinshipSettings()


def _given(population: str | None, theta: float | None, mutation_model: str | None, mutation_rate: float | None,
           dropout: float | None) -> dict[str, object]:
    """The settings given explicitly on the command line (the others were left to the default)."""
    options = {"theta": theta, "mutation_model": mutation_model, "mutation_rate": mutation_rate,
               "dropout": dropout, "default_population": population}
    return {key: value for key, value in options.items() if value is not None}


def _settings(**options: object) -> KinshipSettings:
    try:
        return KinshipSettings(**_given(**options))  # type: ignore[arg-type]
    except ValueError as error:
        raise TraceGraphError(str(error)) from None


def _options(command):
    command = click.option("--dropout", type=float, default=None,
                           help="Probability that one allele of a heterozygote is not seen "
                                f"[default: {DEFAULTS.dropout}].")(command)
    command = click.option("--mutation-rate", type=float, default=None,
                           help=f"Per parent-child transmission [default: {DEFAULTS.mutation_rate}].")(command)
    command = click.option("--mutation-model", type=click.Choice(["stepwise", "equal"]), default=None,
                           help=f"[default: {DEFAULTS.mutation_model}]")(command)
    command = click.option("--theta", type=float, default=None,
                           help="Coancestry correction of founders (NRC II 4.10); 0 for textbook LRs "
                                f"[default: {DEFAULTS.theta}].")(command)
    command = click.option("--population", type=click.Choice(POPULATIONS), default=None,
                           help="Database for families that state no population (default europe); "
                                "the minimum LR over all seven is reported either way.")(command)
    return command


@click.group()
def kinship() -> None:
    """DNA kinship: likelihood ratios between post-mortem profiles and families' references.

    \b
    Example:
      tracegraph kinship screen --theta 0.01
    """


@kinship.command("screen")
@_options
@click.option("--full", is_flag=True, help="Screen everything again, not only what is new.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes sharing the screening [default: the number of cores this process may use].")
@click.option("--cluster", default=None, metavar="ADDRESS",
              help="Compute on this Dask scheduler's workers (tcp://host:8786) [default: TRACEGRAPH_DASK_SCHEDULER, "
                   "else local processes].")
@click.option("--quiet", is_flag=True, help="No progress on stderr (with a cluster).")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON.")
def screen_command(population, theta, mutation_model, mutation_rate, dropout, full, workers, cluster, quiet,
                   as_json) -> None:
    """Compare post-mortem profiles with every family and record the results as KINSHIP_MATCH evidence.

    Incremental: only new profiles, and families whose references changed, are compared.

    \b
    Example:
      tracegraph kinship screen --theta 0 --mutation-rate 0
      tracegraph kinship screen --cluster tcp://scheduler:8786
    """
    from kinship.screening import screen_graph
    from tracegraph.cluster import cluster_address, dask_runner

    settings = _settings(population=population, theta=theta, mutation_model=mutation_model,
                         mutation_rate=mutation_rate, dropout=dropout)
    address = cluster_address(cluster, load_settings())
    if address is not None and workers is not None:
        raise TraceGraphError("--workers is for local processes: a cluster's workers are its own.")
    with ExitStack() as stack:
        runner = None if address is None else stack.enter_context(
            dask_runner(address, progress=not quiet, say=lambda text: click.echo(text, err=True)))
        store = stack.enter_context(Store())
        report = screen_graph(store, settings, full=full, workers=workers, runner=runner)
    after_write()
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    click.echo(f"Screened {report.new_profiles} new of {report.post_mortem_profiles} post-mortem profiles and "
               f"{report.changed_families} changed of {report.families} families in {report.seconds:.1f} s: "
               f"{report.pairs_compared} pairs compared, {report.pairs_excluded} excluded, "
               f"{report.matches_written} results recorded, {report.ready_for_report} ready for a DNA match report.")
    if report.family_data_inconsistent:
        click.echo(f"Family data to check: {len(report.family_data_inconsistent)} families whose references "
                   "contradict their stated pedigree (family_data_inconsistent):")
        for item in report.family_data_inconsistent[:50]:
            click.echo(f"  {item['report']}: {item['summary']}")
    if report.skipped:
        click.echo(f"Skipped {len(report.skipped)} items:")
        for item in report.skipped[:50]:
            where = f", locus {item['locus']}" if item["locus"] else ""
            click.echo(f"  {item['kind']} {item['item']}{where}: {item['reason']}")


@kinship.command("explain")
@click.option("--sample", required=True, help="The post-mortem sample id as delivered.")
@click.option("--report", required=True, help="The report's record id as delivered.")
@click.option("--agency", default=None, help="The delivering agency, when two used the same ids.")
@_options
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain_command(sample, report, agency, population, theta, mutation_model, mutation_rate, dropout,
                    as_json) -> None:
    """Explain one post-mortem sample against one family, locus by locus.

    Uses the settings the stored result was computed with (theta, mutation, drop-out, population,
    frequencies) and its prior, so it shows the stored LR; options given here override them, and
    the explanation then says what differs from the stored run.

    \b
    Example:
      tracegraph kinship explain --sample DNA0000123 --report TR0000045 --json
    """
    from kinship.screening import explain_pair

    options = _given(population, theta, mutation_model, mutation_rate, dropout)
    with Store() as store:
        explanation = explain_pair(store, sample, report, options, agency)
    if as_json:
        click.echo(json.dumps(_finite(explanation), indent=2, default=str, allow_nan=False))
        return
    verdict = "EXCLUDED" if explanation["excluded"] else f"LR {explanation['lr']:.4g}"
    click.echo(f"Sample {sample} against the family of report {report}: {verdict} "
               f"(log10 LR {explanation['log10_lr']:.2f}, posterior {explanation['posterior']:.6f}, "
               f"prior {explanation['prior']:.4g}, population {explanation['population']}, θ {explanation['theta']})")
    used = explanation["settings"]["used"]
    click.echo(f"Settings of {explanation['settings']['source']}: θ {used['theta']}, mutation {used['mutation_model']} "
               f"at {used['mutation_rate']}, drop-out {used['dropout']}, {used['frequencies']} frequencies")
    if stored := explanation.get("stored"):
        click.echo(f"Stored result ({stored['computed_at']}): log10 LR {stored['log10_lr']:.2f}, "
                   f"posterior {stored['posterior']:.6f}")
    for note in explanation["notes"]:
        click.echo(f"Note: {note}.")
    if check := explanation.get("family_check"):
        flag = "FAMILY DATA INCONSISTENT: " if check["inconsistent"] else ""
        click.echo(f"{flag}{check['summary']}")
    click.echo(f"{'locus':<14}{'missing':<10}{'references':<36}{'LR':>12}  why")
    for locus in explanation["loci"]:
        refs = ", ".join(f"{k}: {v}" for k, v in locus["reference_genotypes"].items())
        click.echo(f"{locus['locus']:<14}{locus['missing_genotype']:<10}{refs[:35]:<36}"
                   f"{locus['lr']:>12.4g}  {locus['why']}")
    for item in explanation["skipped"]:
        click.echo(f"skipped: {item['kind']} {item['item']} {item['locus']}: {item['reason']}")


def _finite(value):
    """JSON has no infinity: an LR of 0 has log10 LR null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


commands = [kinship]
