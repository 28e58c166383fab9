"""`tracegraph match`, `candidates`, `links` and `evaluate`: the identification engine."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graphmodel.config import load_settings
from graphmodel.errors import TraceGraphError
from graphmodel.store import Store
from identify.candidates import ASSOCIATION_WORDS, SECTION_TITLES, ranked_candidates, resolve_record, resolve_report
from identify.links import connecting_network, link_chains, voyage_neighbourhood
from identify.match import MatchSummary, run_joint, run_match
from identify.partition import PartitionError, Share
from tracegraph.cluster import cluster_address, dask_runner, match_on_cluster

from .views import after_write

agency_option = click.option("--agency", default=None, metavar="CODE",
                             help="The submitting agency, when two agencies used the same record id.")


@click.command()
@click.option("--report", "report_id", default=None, metavar="ID",
              help="Only this report (its record_id as delivered).")
@agency_option
@click.option("--changed", is_flag=True,
              help="Only reports whose records, voyages, candidates or DNA results changed since last matched.")
@click.option("--batch-size", type=click.IntRange(1, 5000), default=250, show_default=True,
              help="Reports scored per batch.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes scoring each batch (use the machine's cores for a full run).")
@click.option("--part", default=None, metavar="K/N",
              help="Only the K-th of N shares of the reports (by a hash of their ids): N runs, one per share, "
                   "match every report once.")
@click.option("--route", "routes", multiple=True, metavar="NAME",
              help="Only reports on this migration route (repeatable; `none` for reports on no known route).")
@click.option("--defer-joint", is_flag=True,
              help="Leave the joint posteriors of remains candidates to a later `tracegraph match --joint-only` "
                   "(for shares run at the same time).")
@click.option("--joint-only", is_flag=True,
              help="Match no report: recompute every remains candidate's joint posterior, records of one body and "
                   "conflicts (once every share run at the same time has finished).")
@click.option("--cluster", default=None, metavar="ADDRESS",
              help="Run the shares as tasks on this Dask scheduler (tcp://host:8786) [default: "
                   "TRACEGRAPH_DASK_SCHEDULER, else local processes].")
@click.option("--shares", type=click.IntRange(1, 1024), default=None,
              help="With a cluster: how many shares to cut the reports into [default: 4 per worker thread].")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
def match(report_id: str | None, agency: str | None, changed: bool, batch_size: int, workers: int,
          part: str | None, routes: tuple[str, ...], defer_joint: bool, joint_only: bool, cluster: str | None,
          shares: int | None, quiet: bool) -> None:
    """Compute or refresh the candidate identifications of reports.

    Safe to re-run: a candidate is never duplicated, a reviewed one never rescored in place (it is
    flagged for a second look when its evidence changes), an excluded one never resurrected.

    \b
    Examples:
      tracegraph match
      tracegraph match --changed
      tracegraph match --workers 2
      tracegraph match --report R-17 --agency ICRC
      tracegraph match --part 2/4
      tracegraph match --route "Central Mediterranean" --route none
      tracegraph match --part 1/2 --defer-joint & tracegraph match --part 2/2 --defer-joint; wait
      tracegraph match --joint-only
      tracegraph match --cluster tcp://scheduler:8786
    """
    try:
        share = Share.parse(part, routes)
    except PartitionError as error:
        raise TraceGraphError(f"{error}.") from None
    if joint_only and (report_id or changed or part or routes or defer_joint):
        raise TraceGraphError("--joint-only matches no report: give it alone (no --report, --changed, --part, "
                              "--route or --defer-joint).")
    if joint_only:
        with Store() as store:
            summary = run_joint(store)
        after_write()
        _say_coherence(summary)
        click.echo(f"{summary.conflicts:,} candidates in conflict with a confirmed identification.")
        return

    if cluster and (report_id or part or defer_joint):
        raise TraceGraphError("--cluster cuts the reports into its own shares and computes the joint posteriors "
                              "at the end: give it without --report, --part or --defer-joint.")
    # TRACEGRAPH_DASK_SCHEDULER is the default for whole runs; one report or one share runs here
    address = cluster_address(cluster, load_settings()) if not (report_id or part or defer_joint) else None
    if address is not None:
        with dask_runner(address, progress=not quiet, say=lambda text: click.echo(text, err=True)) as runner:
            try:
                summary = match_on_cluster(runner, load_settings(), routes=share.routes, changed_only=changed,
                                           batch_size=batch_size, shares=shares)
            except PartitionError as error:
                raise TraceGraphError(f"{error}.") from None
        share = Share(share.routes)
    elif shares is not None:
        raise TraceGraphError("--shares is for a run on a cluster (--cluster or TRACEGRAPH_DASK_SCHEDULER).")
    else:
        summary = _match_here(report_id, agency, changed, batch_size, workers, share, defer_joint, quiet)
    after_write()
    _say_match(summary, share, defer_joint)


def _match_here(report_id: str | None, agency: str | None, changed: bool, batch_size: int, workers: int,
                share: Share, defer_joint: bool, quiet: bool) -> MatchSummary:
    def progress(done: int, total: int) -> None:
        if not quiet:
            click.echo(f"\r{done:,}/{total:,} reports", nl=done == total, err=True)

    with Store() as store:
        reports = [resolve_report(store, report_id, agency)] if report_id else None
        try:
            summary = run_match(store, reports, changed_only=changed, batch_size=batch_size, workers=workers,
                                progress=progress, share=share, joint=not defer_joint)
        except PartitionError as error:
            raise TraceGraphError(f"{error}.") from None
    return summary


def _say_match(summary: MatchSummary, share: Share, defer_joint: bool) -> None:
    total = sum(summary.seconds.values())
    within = "" if share.everything else f" ({share.describe()})"
    click.echo(f"Matched {summary.reports:,} reports{within} ({summary.skipped:,} unchanged, skipped): "
               f"{summary.pairs_scored:,} pairs scored, {summary.candidates_kept:,} candidates kept, "
               f"{summary.written:,} written, {summary.flagged:,} reviewed ones flagged for a second look, "
               f"{summary.removed:,} removed; {summary.conflicts:,} in conflict. {total:.1f} s.")
    for kind, uids in summary.undescribed.items():
        if uids:
            shown = ", ".join(uids[:10]) + (f" and {len(uids) - 10:,} more" if len(uids) > 10 else "")
            click.echo(f"{len(uids):,} {kind} record(s) give nothing to compare (no date, place, voyage, name, sex, "
                       f"age, stature or description): only DNA can propose them for a report: {shown}.")
    if defer_joint:
        click.echo("Joint posteriors left to `tracegraph match --joint-only`, to run once every share has finished.")
        return
    _say_coherence(summary)


def _say_coherence(summary: MatchSummary) -> None:
    coherent = summary.coherence
    same = ", ".join(f"{count:,} {kind.replace('_', ' ')}" for kind, count in sorted(coherent.same_body.items()))
    click.echo(f"Remains candidates made coherent: {coherent.claims:,} read, {coherent.written:,} written, "
               f"{coherent.with_rivals:,} with a rival claim strong on its own evidence"
               + (f"; records of one body: {same}" if same else "") + ".")


@click.command()
@click.argument("report_id")
@agency_option
@click.option("--json", "as_json", is_flag=True,
              help="JSON: one object per candidate, by section, best first (`section`, `rank` in it).")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="At most K candidates of each section.")
def candidates(report_id: str, agency: str | None, as_json: bool, limit: int) -> None:
    """List a report's candidate identifications, best first, with their evidence: first the
    remains and sightings that may be the person, then the other reports that may be the same
    person, each section best first.

    REPORT_ID is the report's record_id as delivered.

    \b
    Examples:
      tracegraph candidates R-17
      tracegraph candidates R-17 --agency ICRC --json --limit 5
    """
    with Store() as store:
        report_uid = resolve_report(store, report_id, agency)
        listed = ranked_candidates(store, report_uid, limit)
    if as_json:
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    if not listed:
        click.echo(f"Report {report_uid} has no candidates; run `tracegraph match --report {report_id}`.")
        return
    status = (listed[0]["report_status"] or "believed_missing").replace("_", " ")
    click.echo(f"Candidates of report {report_uid}, {status} (prior of each: {listed[0]['prior_statement']})")
    if listed[0]["family_data_inconsistent"]:
        check = listed[0]["family_data_check"] or {}
        click.echo(f"FAMILY DATA INCONSISTENT: {check.get('summary', 'check the family references')}")
    section = None
    for item in listed:
        if item["section"] != section:
            section = item["section"]
            click.echo(f"{SECTION_TITLES[section]}:")
        flags = "".join([" [second look]" if item["needs_second_look"] else "",
                         " [conflict]" if item["conflicts"] else "",
                         " [same body]" if item["association"] != "identification" else "",
                         f" [proposed by {item['confirmation_proposed_by']}]"
                         if item["confirmation_proposed_by"] else "",
                         f" [confirmed by {item['confirmed_by']}]" if item["confirmed_by"] else "",
                         f" [closed by {item['settled_by']}]" if item["settled_by"] else ""])
        click.echo(f"{item['rank']:>3}. {item['candidate_kind']:<8} {item['candidate_agency']}:{item['candidate_id']}"
                   f"  {item['band']:<8} log10 LR {item['log10_lr']:+7.2f}  posterior {item['posterior']:.3g}"
                   f"  {item['review_status']}{flags}")
        if item["association"] in ASSOCIATION_WORDS and item["same_body_as"]:
            click.echo("       " + ASSOCIATION_WORDS[item["association"]].format(record=item["same_body_as"]))
        for conflict in item["conflicts"]:
            click.echo(f"       conflict: {conflict['message']}")
        for evidence in item["evidence"]:
            click.echo(f"       {evidence['kind']:<16} {evidence['log10_lr']:+6.2f}  {evidence['detail']}")


@click.group()
def links() -> None:
    """The chains of evidence in the graph: between a report and a record, among several records,
    around a voyage or incident.

    \b
    Example:
      tracegraph links chain R-17 B-3
    """


@links.command()
@click.argument("report_id")
@click.argument("record_id")
@agency_option
@click.option("--max-hops", type=click.IntRange(1, 8), default=6, show_default=True)
@click.option("--paths", type=click.IntRange(1, 10), default=5, show_default=True, help="At most K chains.")
@click.option("--json", "as_json", is_flag=True)
def chain(report_id: str, record_id: str, agency: str | None, max_hops: int, paths: int, as_json: bool) -> None:
    """The shortest chains connecting a report to a record, each hop with its provenance.

    RECORD_ID is the candidate's record_id as delivered, or AGENCY:ID when ambiguous.

    \b
    Examples:
      tracegraph links chain R-17 B-3
      tracegraph links chain R-17 MORGUE:B-3 --agency ICRC --paths 3 --json
    """
    with Store() as store:
        report_uid = resolve_report(store, report_id, agency)
        target = resolve_record(store, record_id)
        found = link_chains(store, report_uid, target["uid"], max_hops=max_hops, paths=paths)
    if as_json:
        click.echo(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"No chain of at most {max_hops} hops connects {report_uid} and {target['uid']}.")
    for number, item in enumerate(found, start=1):
        click.echo(f"{number}. {item.length} hops: {item.summary}")
        for hop in item.hops:
            click.echo(f"     {hop}")


@links.command()
@click.argument("record_ids", nargs=-1, required=True)
@click.option("--max-hops", type=click.IntRange(1, 8), default=6, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def network(record_ids: tuple[str, ...], max_hops: int, as_json: bool) -> None:
    """How several records connect: the shortest chain between each pair.

    Each RECORD_ID is a record_id as delivered, or AGENCY:ID.

    \b
    Example:
      tracegraph links network R-17 R-18 MORGUE:B-3 V-2
    """
    if len(record_ids) < 2:
        raise TraceGraphError("give at least two records to connect")
    with Store() as store:
        uids = [resolve_record(store, record_id)["uid"] for record_id in record_ids]
        found = connecting_network(store, uids, max_hops=max_hops)
    if as_json:
        click.echo(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
        return
    for (first, second), item in found.pairs.items():
        click.echo(f"{first} .. {second}: {item.length} hops: {item.summary}")
        for hop in item.hops:
            click.echo(f"     {hop}")
    for first, second in found.unconnected:
        click.echo(f"{first} .. {second}: no chain of at most {max_hops} hops")


@links.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True)
def around(record_id: str, as_json: bool) -> None:
    """Everything connected to a voyage or incident: people aboard, reports, sightings, remains, DNA.

    \b
    Example:
      tracegraph links around V-2
    """
    with Store() as store:
        target = resolve_record(store, record_id)
        if target["label"] not in {"Voyage", "Incident"}:
            raise TraceGraphError(f"{target['uid']} is a {target['label']}, not a voyage or an incident")
        rows = voyage_neighbourhood(store, target["uid"])
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for row in rows:
        via = f" (via {row['via']})" if row["via"] else ""
        click.echo(f"{row['connection']:<52} {row['label']:<9} {row['uid']}  {row['date_or_name'] or ''}{via}")


@click.command()
@click.option("--truth", "truth_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="truth.json written by `tracegraph generate`.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--forecasts", "forecasts_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write every candidate judged against the truth (posterior, right or wrong) as JSON "
                   "lines, to pool several scenarios (bench/identify_calibration.py).")
def evaluate(truth_path: Path, as_json: bool, forecasts_path: Path | None) -> None:
    """Measure the candidates against a generated scenario's truth: recall@1, recall@10, false
    strong, and whether the posteriors mean what they say (reliability table, expected calibration
    error, Brier score, split by with and without DNA).

    \b
    Examples:
      tracegraph evaluate --truth scenario/truth.json
      tracegraph evaluate --truth scenario/truth.json --json --forecasts scenario/forecasts.jsonl
    """
    from scenarios.evaluation import evaluate_candidates, format_report
    from scenarios.truth import load_truth

    truth = load_truth(truth_path)
    with Store() as store:
        result = evaluate_candidates(store, truth)
    if forecasts_path is not None:
        try:
            with forecasts_path.open("w", encoding="utf-8") as handle:
                for item in result.forecasts:
                    handle.write(json.dumps(item.as_json()) + "\n")
        except OSError as error:
            raise TraceGraphError(f"cannot write {forecasts_path} ({error.strerror})") from None
    click.echo(json.dumps(result.as_json(), indent=2) if as_json else format_report(result))


commands = [match, candidates, links, evaluate]
