"""`tracegraph inquiries`: the families' online inquiries, from the command line."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

import click

from graphmodel.config import load_settings
from graphmodel.errors import TraceGraphError
from graphmodel.store import Store
from inquiries import graph, ledger
from inquiries.statuses import STAFF_LABELS, STATUSES
from web import auditlog, localstore


def _ledger() -> localstore.LocalStore:
    target = load_settings().web_database
    if isinstance(target, Path) and not target.exists():
        raise TraceGraphError(f"there is no web database at {target}: no inquiry has been filed in this instance.")
    return localstore.connect(target)


def _record(connection: Any, action: str, target: str, detail: str = "") -> None:
    auditlog.record(connection, username=f"cli:{getpass.getuser()}", role="operator", agency="-", action=action,
                    target=target, detail=detail, ip="local")


def _whole(store: Store, connection: Any, inquiries: list[ledger.Inquiry]) -> list[dict[str, Any]]:
    """Each inquiry as the graph and the ledger hold it together."""
    in_graph = {row["report"]["uid"]: row for row in graph.read_inquiries(store, [i.report_uid for i in inquiries])}
    out = []
    for inquiry in inquiries:
        held = in_graph.get(inquiry.report_uid) or {}
        out.append({
            "number": inquiry.number, "report_uid": inquiry.report_uid, "agency": inquiry.agency,
            "status": inquiry.status, "language": inquiry.lang, "filed_at": inquiry.filed_at,
            "in_graph": bool(held), "matched_at": inquiry.matched_at, "withdrawn_at": inquiry.withdrawn_at,
            "consent": inquiry.consent, "contact": inquiry.contact,
            "message_to_family": inquiry.message, "message_at": inquiry.message_at,
            "photos": len(ledger.photo_ids(connection, inquiry.number)),
            "report": held.get("report"), "missing_person": held.get("person"),
            "person_filing": held.get("reporter"), "relationship": held.get("relationship"),
            "route": held.get("route"), "departure_place": held.get("departure_place"),
            "last_seen_place": held.get("last_seen_place"), "fellow_travellers": held.get("travellers", []),
            "duplicates_proposed": held.get("duplicates", []),
        })
    return out


@click.group()
def inquiries() -> None:
    """Online inquiries filed by families at /inquiry.

    \b
    Examples:
      tracegraph inquiries list --status new
      tracegraph inquiries show TG-7K3M-9P2X
      tracegraph inquiries export --json --out inquiries.json
    """


@inquiries.command("list")
@click.option("--status", "wanted", multiple=True, type=click.Choice(STATUSES),
              help="Only this status; repeat for several.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def list_command(wanted: tuple[str, ...], as_json: bool) -> None:
    """List inquiries, newest first, with the duplicate the engine proposes.

    \b
    Example:
      tracegraph inquiries list --status new --status checking
    """
    with Store() as store:
        rows = graph.list_inquiries(store, wanted or None)
    connection = _ledger()
    try:
        unwritten = [i for i in ledger.pending(connection)[0] if not wanted or i.status in wanted]
    finally:
        connection.close()
    for inquiry in unwritten:
        rows.append({"number": inquiry.number, "uid": inquiry.report_uid, "status": inquiry.status,
                     "verification": None, "sharing": None, "agency": inquiry.agency, "filed_at": inquiry.filed_at,
                     "language": inquiry.lang, "name": None, "duplicate": None, "in_graph": False})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for row in rows:
        duplicate = row.get("duplicate")
        same = (f"  probably the same person as report {duplicate['record_id']} of agency {duplicate['agency']} "
                f"({duplicate['band']})" if duplicate else "")
        waiting = "  (waiting for the graph)" if row.get("in_graph") is False else ""
        status = STAFF_LABELS.get(row["status"], row["status"])
        click.echo(f"{row['number']}  {status:<28} {row.get('filed_at') or '':<26}"
                   f" {row.get('name') or '-'}{same}{waiting}")
    click.echo(f"{len(rows)} inquiries", err=True)


@inquiries.command()
@click.argument("number")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
def show(number: str, as_json: bool) -> None:
    """Show one inquiry: the report, the person filing, consent, duplicates proposed.

    \b
    Example:
      tracegraph inquiries show TG-7K3M-9P2X --json
    """
    connection = _ledger()
    try:
        inquiry = ledger.get(connection, number)
        if inquiry is None:
            raise TraceGraphError(f"there is no inquiry {number!r}: `tracegraph inquiries list` shows them.")
        with Store() as store:
            whole = _whole(store, connection, [inquiry])[0]
        _record(connection, "view", f"Report|{inquiry.report_uid}", "inquiry (command line)")
    finally:
        connection.close()
    if as_json:
        click.echo(json.dumps(whole, ensure_ascii=False, indent=2, default=str))
        return
    for key, value in whole.items():
        if value not in (None, "", [], {}):
            shown = json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list)) else value
            click.echo(f"{key}: {shown}")


@inquiries.command()
@click.option("--json", "as_json", is_flag=True, default=True,
              help="JSON (the only format; the flag is accepted for clarity).")
@click.option("--status", "wanted", multiple=True, type=click.Choice(STATUSES),
              help="Only this status; repeat for several.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of the screen.")
def export(as_json: bool, wanted: tuple[str, ...], out: Path | None) -> None:
    """Export every inquiry (graph and ledger together, contact details included) as JSON.

    \b
    Example:
      tracegraph inquiries export --json --out inquiries.json
    """
    connection = _ledger()
    try:
        chosen = [i for i in ledger.all_inquiries(connection) if not wanted or i.status in wanted]
        with Store() as store:
            whole = _whole(store, connection, chosen)
        _record(connection, "export_query", "inquiries", f"{len(whole)} inquiries{' to ' + str(out) if out else ''}")
    finally:
        connection.close()
    text = json.dumps(whole, ensure_ascii=False, indent=2, default=str)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"{len(whole)} inquiries written to {out}", err=True)
    else:
        click.echo(text)


commands = [inquiries]
