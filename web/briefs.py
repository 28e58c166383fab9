"""Case briefs in the web app: the route, the page around the brief, the audit. What a brief says
and how it is rendered lives in the `briefs` package, which the command line uses too.

    /briefs/<uid>?audience=family|authority&lang=en|ar|es&format=page|html|pdf|chain[&candidate=<uid>]

`?download=1` (the older link) is `format=html`. Every brief generated is written to the audit trail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, g, make_response, render_template, request, send_file

import briefs
from cases import CaseNotFound, Viewer

from . import db
from .errors import BadInput, error_response
from .security import audit, requires

bp = Blueprint("briefs", __name__, template_folder=str(briefs.TEMPLATES))
# The standalone files carry their style (and, for the chain, their script) inline, and need nothing else.
ATTACHMENT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
                     "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def viewer() -> Viewer:
    """The logged-in user as the reader of a case."""
    return Viewer(agency=g.user.agency, dna_cleared=g.user.dna_cleared, name=g.user.username)


def chromium() -> Path:
    """The Chromium the settings name (TRACEGRAPH_CHROMIUM)."""
    return Path(current_app.config["CHROMIUM"])


def render(uid: str, audience: str, lang: str, fmt: str, candidate: str = "") -> briefs.BriefFile:
    """Render a brief for the current user: the page inside the app, or a file."""
    try:
        briefs.check_options(audience, lang, fmt)
    except briefs.BriefOptionError as error:
        raise BadInput(str(error)) from None
    reader = viewer()
    try:
        brief = briefs.build(db.get_store(), uid, reader, audience, lang, timeout=db.QUERY_TIMEOUT_SECONDS)
        if fmt != "page":
            return briefs.render_file(brief, reader, fmt, candidate=candidate, chromium=chromium())
    except (CaseNotFound, briefs.CandidateNotInBrief):
        abort(404)
    except briefs.UnverifiedReport as error:
        raise BadInput(str(error)) from None
    with briefs.language(lang):
        page = render_template("brief.html", **briefs.template_context(brief, reader))
    return briefs.BriefFile(page.encode("utf-8"), "text/html", "", brief["reference"])


@bp.route("/briefs/<path:uid>")
@requires("brief")
def brief_page(uid: str) -> Any:
    audience = request.args.get("audience", "family")
    lang = request.args.get("lang", "en")
    fmt = request.args.get("format") or ("html" if request.args.get("download") == "1" else "page")
    candidate = request.args.get("candidate", "")
    try:
        brief = render(uid, audience, lang, fmt, candidate)
    except briefs.PrintError as error:
        return error_response(503, f"{error} The HTML brief works without it.")
    audit("export_brief", target=f"Report|{uid}",
          detail=briefs.audit_detail(brief, fmt, audience, lang, candidate))
    response = make_response(brief.body)
    response.mimetype = brief.mimetype
    if brief.mimetype == "text/html":
        response.charset = "utf-8"
    if brief.filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{brief.filename}"'
        response.headers["Content-Security-Policy"] = ATTACHMENT_POLICY
    response.headers["X-Brief-Reference"] = brief.reference
    return response


@bp.route("/briefs.css")
@requires("brief")
def stylesheet() -> Any:
    """The brief's stylesheet (the package's own, which the HTML and PDF files carry inline)."""
    return send_file(briefs.STATIC / "brief.css", mimetype="text/css")
