"""Case briefs: for the authorities or for the family, on screen, as HTML, as PDF, with the link
chains as an interactive attachment. Every brief generated is written to the audit trail.

    /briefs/<uid>?audience=family|authority&lang=en|ar|es&format=page|html|pdf|chain[&candidate=<uid>]

`?download=1` (the older link) is `format=html`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, g, make_response, render_template, request
from flask_babel import force_locale
from markupsafe import Markup

from . import brief_chain, brief_content, brief_i18n, brief_pdf, brief_words
from .errors import BadInput, error_response
from .security import audit, requires

bp = Blueprint("briefs", __name__)
bp.record_once(lambda state: brief_i18n.init_app(state.app))
STYLESHEET = Path(__file__).resolve().parent / "static" / "brief.css"
FORMATS = ("page", "html", "pdf", "chain")
# The standalone files carry their style (and, for the chain, their script) inline, and need nothing else.
ATTACHMENT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
                     "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class BriefFile:
    """A rendered brief: its bytes, type, file name and reference id."""

    body: bytes
    mimetype: str
    filename: str
    reference: str


def check_options(audience: str, lang: str, fmt: str) -> None:
    if audience not in brief_content.AUDIENCES:
        raise BadInput(f"audience must be one of {', '.join(brief_content.AUDIENCES)}")
    if lang not in brief_i18n.LANGUAGES:
        raise BadInput(f"lang must be one of {', '.join(brief_i18n.LANGUAGES)}")
    if fmt not in FORMATS:
        raise BadInput(f"format must be one of {', '.join(FORMATS)}")


def render(uid: str, audience: str, lang: str, fmt: str, candidate: str = "") -> BriefFile:
    """Render a brief for the current user (`g.user`) in a request context."""
    check_options(audience, lang, fmt)
    with force_locale(lang):
        content = brief_content.build(uid, audience, lang)
        stem = f"brief-{_safe(uid)}-{audience}-{lang}"
        if fmt == "chain":
            chosen = next((c for c in content["candidates"] if c["uid"] == candidate), None)
            if chosen is None:
                abort(404)
            page = brief_chain.interactive_html(chosen["chain"], f"{content['reference']} · {chosen['title']}")
            return BriefFile(page.encode("utf-8"), "text/html", f"chain-{_safe(uid)}-{_safe(candidate)}.html",
                             content["reference"])
        context = _context(uid, content, lang)
        if fmt == "page":
            html = render_template("brief.html", **context)
            return BriefFile(html.encode("utf-8"), "text/html", "", content["reference"])
        document = render_template("brief_print.html", stylesheet=Markup(STYLESHEET.read_text("utf-8")), **context)
        if fmt == "html":
            return BriefFile(document.encode("utf-8"), "text/html", f"{stem}.html", content["reference"])
        phrases = context["t"]
        footer = brief_pdf.footer_template(content["reference"], phrases["page"], phrases["of"],
                                           brief_i18n.direction(lang) == "rtl")
        pdf = brief_pdf.print_pdf(document, footer=footer, chromium=current_app.config["CHROMIUM"])
        return BriefFile(pdf, "application/pdf", f"{stem}.pdf", content["reference"])


def _context(uid: str, content: dict[str, Any], lang: str) -> dict[str, Any]:
    phrases = brief_words.fixed_phrases()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return {
        "uid": uid, "b": content, "t": phrases, "lang": lang, "dir": brief_i18n.direction(lang),
        "_": brief_i18n.gettext, "audiences": brief_content.AUDIENCES, "languages": brief_i18n.LANGUAGES,
        "chain_svgs": {c["uid"]: Markup(brief_chain.svg(c["chain"])) for c in content["candidates"]},
        "generated_line": phrases["generated"] % {"user": g.user.username, "agency": g.user.agency, "when": when},
    }


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:80]


def audit_detail(brief: BriefFile, fmt: str, audience: str, lang: str, candidate: str = "") -> str:
    return " ".join(filter(None, [fmt, audience, lang, brief.reference, candidate and f"chain {candidate}"]))


@bp.route("/briefs/<path:uid>")
@requires("brief")
def brief_page(uid: str) -> Any:
    audience = request.args.get("audience", "family")
    lang = request.args.get("lang", "en")
    fmt = request.args.get("format") or ("html" if request.args.get("download") == "1" else "page")
    candidate = request.args.get("candidate", "")
    try:
        brief = render(uid, audience, lang, fmt, candidate)
    except brief_pdf.PrintError as error:
        return error_response(503, f"{error} The HTML brief works without it.")
    audit("export_brief", target=f"Report|{uid}", detail=audit_detail(brief, fmt, audience, lang, candidate))
    response = make_response(brief.body)
    response.mimetype = brief.mimetype
    if brief.mimetype == "text/html":
        response.charset = "utf-8"
    if brief.filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{brief.filename}"'
        response.headers["Content-Security-Policy"] = ATTACHMENT_POLICY
    response.headers["X-Brief-Reference"] = brief.reference
    return response
