"""Case briefs for liaison officers: what can be told to a family, printable and downloadable."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, g, make_response, render_template, request

from . import db
from .cases import load_case
from .security import audit, requires

bp = Blueprint("briefs", __name__)


@bp.route("/briefs/<path:uid>")
@requires("brief")
def brief_page(uid: str) -> Any:
    case = load_case(uid)
    confirmed = [c for c in case["candidates"] if c["review_status"] == "confirmed"]
    open_reviews = [c for c in case["candidates"] if c["review_status"] in ("proposed", "under_review")]
    timeline = db.read("ui_case_timeline", uid=uid, **g.user.access)
    download = request.args.get("download") == "1"
    audit("export_brief", target=f"Report|{uid}", detail="download" if download else "view")
    html = render_template("brief.html", case=case, uid=uid, confirmed=confirmed, open_reviews=open_reviews,
                           timeline=timeline, download=download,
                           generated=datetime.now(timezone.utc).isoformat(timespec="minutes"))
    response = make_response(html)
    if download:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in uid)[:80]
        response.headers["Content-Disposition"] = f'attachment; filename="brief-{safe}.html"'
    return response
