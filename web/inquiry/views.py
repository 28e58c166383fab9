"""The inquiry's pages: the guided form, the receipt, the status page and withdrawal."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for

from graphmodel.errors import DatabaseUnavailable, TraceGraphError
from inquiries import form, ledger, statuses
from inquiries.photos import MAX_PHOTOS, MAX_UPLOAD_BYTES, PhotoRefused, reencode

from .. import auditlog
from ..db import get_local
from ..security import FAMILY, requires
from . import filing, i18n, session
from .guard import guard_for

bp = Blueprint("inquiry", __name__, url_prefix="/inquiry", template_folder="templates")
bp.record_once(lambda state: i18n.languages())


@bp.before_request
def choose_language() -> Any:
    offered = i18n.languages()
    asked = request.args.get("lang", "")
    if asked in offered:
        g.inquiry_lang, g.inquiry_lang_chosen = asked, True
    elif request.cookies.get(session.LANG_COOKIE) in offered:
        g.inquiry_lang = request.cookies[session.LANG_COOKIE]
    else:
        g.inquiry_lang = i18n.best_match(list(request.accept_languages))
    g.language = offered[g.inquiry_lang]
    if request.method == "POST":
        refused = guard_for(current_app).any_post(_address())
        if refused:
            return refused
        if not session.csrf_ok(request.form.get("csrf")):
            return page("error.html", 400, message=_("This page had expired. Please open it again and repeat the last step; what you saved before is kept."))
    return None


@bp.after_request
def cookies(response: Response) -> Response:
    return session.save(response)


def _(message: str, **variables: object) -> str:
    return g.language.gettext(message, **variables)


def _address() -> str:
    return request.remote_addr or ""


def page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    language = g.language
    context.setdefault("settings", current_app.config["INQUIRY"])
    return render_template(
        f"inquiry/{template}", lang=language.code, dir=language.direction, languages=i18n.languages(),
        _=_, csrf=session.csrf_token(), here=_here(), form=form, statuses=statuses,
        months=i18n.month_names(language.code), **context), status


def _here() -> str:
    """Where the language switch leads: this page, or the start for pages that answer a form only."""
    if request.method == "GET" or request.endpoint == "inquiry.step":
        return request.path
    return url_for("inquiry.home")


@bp.errorhandler(404)
def not_found(_error: Exception) -> Any:
    return page("error.html", 404, message=_("There is no such page."))


@bp.errorhandler(413)
def too_large(_error: Exception) -> Any:
    return page("error.html", 413, message=_("What you sent is too large. A photo may be at most 8 MB."))


@bp.errorhandler(DatabaseUnavailable)
@bp.errorhandler(TraceGraphError)
def unavailable(_error: Exception) -> Any:
    return page("error.html", 503, message=_("The service is not available right now. Please try again in a few minutes."))


@bp.route("/")
@requires(FAMILY)
def home() -> Any:
    return page("home.html")


@bp.route("/privacy")
@requires(FAMILY)
def privacy() -> Any:
    return page("privacy.html")


@bp.route("/new")
@requires(FAMILY)
def start() -> Any:
    return redirect(url_for("inquiry.step", name="consent"))


def _draft() -> ledger.Draft | None:
    return ledger.get_draft(get_local(), session.token()) if session.had_token() else None


@bp.route("/new/<name>", methods=["GET", "POST"])
@requires(FAMILY)
def step(name: str) -> Any:
    if name not in form.STEP_NAMES:
        abort(404)
    if name == "photos":
        return photos_step()
    draft = _draft()
    if name != "consent" and (draft is None or draft.answers.get("consent") != "yes"):
        return redirect(url_for("inquiry.step", name="consent"))
    answers = dict(draft.answers) if draft else {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        checked = form.check_step(name, request.form.to_dict())
        if draft is None:
            draft = ledger.open_draft(get_local(), session.token(), g.inquiry_lang, _address())
        ledger.save_answers(get_local(), session.token(), checked.answers, g.inquiry_lang)
        answers.update(checked.answers)
        errors = checked.errors
        going = request.form.get("go", "next")
        if going == "back" and name != "consent":
            return redirect(url_for("inquiry.step", name=form.previous_step(name)))
        if not errors:
            return redirect(url_for("inquiry.step", name=form.next_step(name)))
    if name == "review":
        return page("review.html", answers=answers, missing=form.missing_steps(answers),
                    photos=ledger.draft_photos(get_local(), session.token()))
    return page("step.html", 422 if errors else 200, step=form.step(name), answers=answers, errors=errors)


def photos_step() -> Any:
    draft = _draft()
    if draft is None or draft.answers.get("consent") != "yes":
        return redirect(url_for("inquiry.step", name="consent"))
    error = None
    if request.method == "POST":
        request.max_content_length = MAX_PHOTOS * MAX_UPLOAD_BYTES + 64 * 1024
        going = request.form.get("go", "next")
        if remove := request.form.get("remove", ""):
            if remove.isdigit():
                ledger.remove_photo(get_local(), session.token(), int(remove))
            return redirect(url_for("inquiry.step", name="photos"))
        kept = ledger.draft_photos(get_local(), session.token())
        for upload in request.files.getlist("photo"):
            if not upload or not upload.filename:
                continue
            if len(kept) >= MAX_PHOTOS:
                error = _("You can send at most %(n)s photos.", n=MAX_PHOTOS)
                break
            try:
                kept.append(ledger.add_photo(get_local(), session.token(), reencode(upload.read(MAX_UPLOAD_BYTES + 1))))
            except PhotoRefused:
                error = _("This file is not a photo we can read. Please send a JPEG, PNG or WebP picture of at most 8 MB.")
        if error is None:
            if going == "back":
                return redirect(url_for("inquiry.step", name=form.previous_step("photos")))
            if going == "next":
                return redirect(url_for("inquiry.step", name=form.next_step("photos")))
            return redirect(url_for("inquiry.step", name="photos"))
    return page("photos.html", 422 if error else 200, step=form.step("photos"), error=error,
                photos=ledger.draft_photos(get_local(), session.token()), max_photos=MAX_PHOTOS)


@bp.route("/new/photo/<int:photo_id>")
@requires(FAMILY)
def draft_photo(photo_id: int) -> Any:
    data = ledger.draft_photo(get_local(), session.token(), photo_id) if session.had_token() else None
    if data is None:
        abort(404)
    return Response(data, mimetype="image/jpeg")


@bp.route("/new/send", methods=["POST"])
@requires(FAMILY)
def send() -> Any:
    token = session.token()
    already = ledger.filed_from_draft(get_local(), token)
    if already is not None:
        return page("receipt.html", number=already.number, secret=None)
    draft = _draft()
    if draft is None or draft.answers.get("consent") != "yes":
        return redirect(url_for("inquiry.step", name="consent"))
    missing = form.missing_steps(draft.answers)
    if missing:
        return redirect(url_for("inquiry.step", name=missing[0]))
    settings = current_app.config["INQUIRY"]
    photos = ledger.draft_photos(get_local(), token)
    if time.time() - draft.started < settings.min_seconds:
        return page("review.html", 429, answers=draft.answers, missing=[], photos=photos,
                    notice=_("Please read your answers once more, then send them."))
    refused = guard_for(current_app).submission(_address())
    if refused:
        return refused
    receipt = filing.file(draft, token, g.inquiry_lang, settings)
    auditlog.record(get_local(), username="family", role="family", agency=settings.agency, action="inquiry_filed",
                    target=f"Report|{receipt.report_uid}", detail=f"{receipt.number} {g.inquiry_lang}", ip=_address())
    session.renew()
    return page("receipt.html", number=receipt.number, secret=receipt.secret)


@bp.route("/status", methods=["GET", "POST"])
@requires(FAMILY)
def status() -> Any:
    if request.method == "GET":
        return page("status_form.html")
    number, secret = request.form.get("number", "")[:60], request.form.get("secret", "")[:80]
    inquiry, refused = guard_for(current_app).look_up(_address(), number, secret)
    if refused:
        return refused
    if inquiry is None:
        return page("status_form.html", 404, number=number, not_found=True)
    return page("status.html", inquiry=inquiry, family_status=statuses.family_status(inquiry.status),
                number=inquiry.number, secret=secret)


@bp.route("/withdraw", methods=["POST"])
@requires(FAMILY)
def withdraw() -> Any:
    number, secret = request.form.get("number", "")[:60], request.form.get("secret", "")[:80]
    inquiry, refused = guard_for(current_app).look_up(_address(), number, secret)
    if refused:
        return refused
    if inquiry is None:
        return page("status_form.html", 404, number=number, not_found=True)
    if request.form.get("confirm") != "yes":
        return page("status.html", 422, inquiry=inquiry, family_status=statuses.family_status(inquiry.status),
                    number=inquiry.number, secret=secret, withdraw_error=True)
    filing.withdraw(inquiry)
    auditlog.record(get_local(), username="family", role="family", agency=inquiry.agency, action="inquiry_withdrawn",
                    target=f"Report|{inquiry.report_uid}", detail=inquiry.number, ip=_address())
    inquiry = ledger.get(get_local(), inquiry.number)
    return page("status.html", inquiry=inquiry, family_status=statuses.FAMILY_WITHDRAWN, number=number, secret=secret)
