"""Case briefs: what a liaison officer hands to the authorities or to a family about one report,
in their language, as HTML, PDF and an interactive link chain.

Plain Python over the case read-model (`cases`): the web app and the command line call it alike.

    from briefs import render
    from cases import Viewer
    brief = render(store, "ICRC:R-17", Viewer(agency="ICRC", name="cli:ana"), audience="family",
                   lang="ar", fmt="pdf")
"""

from .content import AUDIENCES
from .i18n import LANGUAGES, direction, language
from .pdf import PrintError
from .render import (
    FILE_FORMATS,
    FORMATS,
    STATIC,
    TEMPLATES,
    BriefFile,
    BriefOptionError,
    CandidateNotInBrief,
    UnverifiedReport,
    audit_detail,
    build,
    check_options,
    render,
    render_file,
    template_context,
)

__all__ = [
    "AUDIENCES", "FILE_FORMATS", "FORMATS", "LANGUAGES", "STATIC", "TEMPLATES", "BriefFile",
    "BriefOptionError", "CandidateNotInBrief", "PrintError", "UnverifiedReport", "audit_detail", "build",
    "check_options", "direction",
    "language", "render", "render_file", "template_context",
]
