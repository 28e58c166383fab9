"""A brief rendered: standalone HTML, PDF, or a candidate's interactive chain; and the template
context a host page (the web app's brief page) needs to show the same document.

Reading and rendering take the store, the viewer and the options; nothing here knows about web
requests or the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from cases import CaseReader, Viewer
from graphmodel.errors import TraceGraphError
from graphmodel.store_protocol import GraphStore

from . import chain, content, i18n, pdf, words

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
STYLESHEET = STATIC / "brief.css"
FORMATS = ("page", "html", "pdf", "chain")
# The formats rendered here as files; "page" is the host application's own page around the document.
FILE_FORMATS = ("html", "pdf", "chain")


class BriefOptionError(TraceGraphError):
    """An audience, language or format that a brief does not offer."""


class UnverifiedReport(TraceGraphError):
    """An online inquiry that no investigator has verified: it has no brief until one does."""


class CandidateNotInBrief(TraceGraphError):
    """A chain was asked for a candidate that the brief does not hold."""


@dataclass(frozen=True)
class BriefFile:
    """A rendered brief: its bytes, type, file name and reference id."""

    body: bytes
    mimetype: str
    filename: str
    reference: str


def check_options(audience: str, lang: str, fmt: str) -> None:
    """BriefOptionError, saying what is offered, unless all three are."""
    if audience not in content.AUDIENCES:
        raise BriefOptionError(f"audience must be one of {', '.join(content.AUDIENCES)}")
    if lang not in i18n.LANGUAGES:
        raise BriefOptionError(f"lang must be one of {', '.join(i18n.LANGUAGES)}")
    if fmt not in FORMATS:
        raise BriefOptionError(f"format must be one of {', '.join(FORMATS)}")


def build(store: GraphStore, uid: str, viewer: Viewer, audience: str, lang: str, *,
          timeout: float | None = None) -> dict[str, Any]:
    """Read the case for `viewer` (one bundle of queries) and build the brief's content in `lang`.

    `cases.CaseNotFound` when the viewer may not see the report."""
    case = CaseReader(store, viewer, timeout=timeout).case(uid, dna=audience == "authority", chains=True,
                                                           records=True)
    if content.unverified(case.report):
        raise UnverifiedReport(f"report {uid} is an online inquiry that no investigator has verified yet: it has "
                               "no brief until one does (the inquiries queue, /inquiries).")
    with i18n.language(lang):
        return content.build(case, audience, lang)


def render(store: GraphStore, uid: str, viewer: Viewer, *, audience: str, lang: str, fmt: str,
           candidate: str = "", chromium: Path, timeout: float | None = None,
           now: datetime | None = None) -> BriefFile:
    """Read, build and render a brief as a file (`html`, `pdf`, or `chain` for `candidate`)."""
    check_options(audience, lang, fmt)
    if fmt not in FILE_FORMATS:
        raise BriefOptionError(f"format must be one of {', '.join(FILE_FORMATS)} for a file")
    brief = build(store, uid, viewer, audience, lang, timeout=timeout)
    return render_file(brief, viewer, fmt, candidate=candidate, chromium=chromium, now=now)


def render_file(brief: dict[str, Any], viewer: Viewer, fmt: str, *, candidate: str = "",
                chromium: Path, now: datetime | None = None) -> BriefFile:
    """A built brief as a standalone file: `html`, `pdf`, or `chain` (the candidate's interactive chain)."""
    uid, audience, lang = brief["report_uid"], brief["audience"], brief["lang"]
    stem = f"brief-{_safe(uid)}-{audience}-{lang}"
    if fmt == "chain":
        chosen = next((c for c in brief["candidates"] if c["uid"] == candidate), None)
        if chosen is None:
            raise CandidateNotInBrief(f"The brief of {uid} has no candidate {candidate!r}.")
        page = chain.interactive_html(chosen["chain"], f"{brief['reference']} · {chosen['title']}")
        return BriefFile(page.encode("utf-8"), "text/html", f"chain-{_safe(uid)}-{_safe(candidate)}.html",
                         brief["reference"])
    with i18n.language(lang):
        context = template_context(brief, viewer, now=now)
        document = _environment().get_template("brief_print.html").render(
            stylesheet=Markup(STYLESHEET.read_text("utf-8")), **context)
    if fmt == "html":
        return BriefFile(document.encode("utf-8"), "text/html", f"{stem}.html", brief["reference"])
    if fmt != "pdf":
        raise BriefOptionError(f"format must be one of {', '.join(FILE_FORMATS)} for a file")
    phrases = context["t"]
    footer = pdf.footer_template(brief["reference"], phrases["page"], phrases["of"], i18n.direction(lang) == "rtl")
    return BriefFile(pdf.print_pdf(document, footer=footer, chromium=chromium), "application/pdf", f"{stem}.pdf",
                     brief["reference"])


def template_context(brief: dict[str, Any], viewer: Viewer, *, now: datetime | None = None) -> dict[str, Any]:
    """What `brief_doc.html` needs; call it (and render) inside `i18n.language(brief["lang"])`."""
    lang = brief["lang"]
    phrases = words.fixed_phrases()
    when = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    return {
        "uid": brief["report_uid"], "b": brief, "t": phrases, "lang": lang, "dir": i18n.direction(lang),
        "_": i18n.gettext, "audiences": content.AUDIENCES, "languages": i18n.LANGUAGES,
        "chain_svgs": {c["uid"]: Markup(chain.svg(c["chain"], rtl=i18n.direction(lang) == "rtl"))
                       for c in brief["candidates"]},
        "generated_line": phrases["generated"] % {"user": viewer.name, "agency": viewer.agency, "when": when},
    }


def audit_detail(brief: BriefFile, fmt: str, audience: str, lang: str, candidate: str = "") -> str:
    """The audit trail's detail of a brief: format, audience, language, reference (and chain)."""
    return " ".join(filter(None, [fmt, audience, lang, brief.reference, candidate and f"chain {candidate}"]))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)[:80]
