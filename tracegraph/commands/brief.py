"""`tracegraph brief`: write a case brief (HTML or PDF) from the command line, audited like the web's."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from briefs.i18n import LANGUAGES
from graphmodel.config import load_settings
from graphmodel.errors import TraceGraphError


class _BriefError(TraceGraphError):
    pass


@click.command()
@click.argument("report_id")
@click.option("--lang", default="en", show_default=True, type=click.Choice(list(LANGUAGES)),
              help="Language of the brief's text (English and every language the briefs' catalogues translate).")
@click.option("--format", "fmt", default="pdf", show_default=True, type=click.Choice(["html", "pdf"]),
              help="A standalone HTML file, or a PDF printed by the local Chromium.")
@click.option("--audience", default="family", show_default=True, type=click.Choice(["family", "authority"]),
              help="family: what is established and what is not, no genotypes; authority: everything, "
                   "with the per-locus DNA table.")
@click.option("--agency", default="", help="Read as this agency (its sharing=agency records are visible); "
                                           "defaults to the report's own agency.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write.")
def brief(report_id: str, lang: str, fmt: str, audience: str, agency: str, out: Path) -> None:
    """Write the brief of a report: description, journey, timeline, candidates, link chains, sources.

    REPORT_ID is the report's uid (AGENCY:RECORD) or, with --agency, its record id. The brief is
    written to the web app's audit trail with the user "cli:<your login>". The PDF is printed by
    the Chromium that TRACEGRAPH_CHROMIUM names (/usr/bin/chromium by default).

    \b
    Example:
      tracegraph brief ICRC:R-17 --audience family --lang ar --format pdf --out brief.pdf
    """
    import briefs
    from cases import CaseNotFound, Viewer
    from graphmodel.store import Store
    from web import auditlog, localstore

    uid = report_id if ":" in report_id else f"{agency}:{report_id}" if agency else report_id
    agency = agency or uid.split(":", 1)[0]
    viewer = Viewer(agency=agency, dna_cleared=audience == "authority", name=f"cli:{getpass.getuser()}")
    settings = load_settings()
    with Store(settings) as store:
        try:
            document = briefs.render(store, uid, viewer, audience=audience, lang=lang, fmt=fmt,
                                     chromium=settings.chromium)
        except CaseNotFound:
            raise _BriefError(f"No report {uid!r} that agency {agency} may see: give its uid (e.g. ICRC:R-17), "
                              "or its record id with --agency.") from None
    connection = localstore.connect(settings.web_database)
    try:
        auditlog.record(connection, username=viewer.name, role="liaison", agency=agency, action="export_brief",
                        target=f"Report|{uid}", detail=briefs.audit_detail(document, fmt, audience, lang), ip="local")
    finally:
        connection.close()
    try:
        out.write_bytes(document.body)
    except OSError as error:
        raise _BriefError(f"Cannot write {out}: {error.strerror}.") from None
    click.echo(f"Wrote {out} ({audience}, {lang}, {fmt}), reference {document.reference}.")


commands = [brief]
