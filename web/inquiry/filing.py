"""Filing an inquiry and withdrawing consent: the ledger first, then the graph, then matching."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app

from graphmodel.config import InquirySettings
from graphmodel.errors import TraceGraphError
from inquiries import graph, ledger, receipt, statuses
from inquiries.record import graph_row, report_uid

from ..db import get_local, get_store
from .worker import InquiryWorker

log = logging.getLogger(__name__)
WORKER_KEY = "tracegraph.inquiry.worker"
NOTICE = Path(__file__).resolve().parent / "templates" / "inquiry" / "privacy_text.html"
# Contact details stay in the app's own database, never in the graph.
CONTACT_FIELDS = ("reporter_family_name", "reporter_given_names", "relationship", "phone", "email", "address",
                  "contact_country")


def consent_version() -> str:
    """The privacy notice's version: the first 12 hex digits of its text's SHA-256, so a change to
    the notice is a new version and each inquiry says which one its family accepted."""
    return hashlib.sha256(NOTICE.read_bytes()).hexdigest()[:12]


@dataclass(frozen=True)
class Receipt:
    number: str
    secret: str
    report_uid: str


def worker() -> InquiryWorker:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(WORKER_KEY)
    if found is None:
        store = get_store()
        found = app.extensions[WORKER_KEY] = InquiryWorker(
            get_local(), lambda: store, match=app.config["INQUIRY"].match)
    return found


def file(draft: ledger.Draft, token: str, lang: str, settings: InquirySettings) -> Receipt:
    """Record the inquiry, write it to the graph (later, when the graph is down), match it soon."""
    number, secret = receipt.new_number(), receipt.new_secret()
    while ledger.get(get_local(), number) is not None:
        number = receipt.new_number()
    salt, digest = receipt.hash_secret(secret)
    filed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    version = consent_version()
    consent = {"version": version, "scope": draft.answers.get("consent_scope"), "language": lang,
               "accepted": True, "accepted_at": filed_at, "retention_years": settings.retention_years}
    contact = {key: draft.answers.get(key, "") for key in CONTACT_FIELDS}
    uid = report_uid(settings.agency, number)
    inquiry = ledger.file_inquiry(
        get_local(), token=token, number=number, report_uid=uid, agency=settings.agency, secret_salt=salt,
        secret_hash=digest, lang=lang, filed_at=filed_at, consent=consent, contact=contact,
        answers=draft.answers, status=statuses.NEW)
    if inquiry.number != number:  # filed already (two clicks): the first receipt stands
        return Receipt(inquiry.number, "", inquiry.report_uid)
    try:
        row = graph_row(number, draft.answers, agency=settings.agency, filed_at=filed_at, lang=lang,
                        consent_version=version)
        graph.write_inquiries(get_store(), [row])
        ledger.mark_written(get_local(), number)
    except TraceGraphError as error:
        log.warning("inquiry %s kept for the graph later: %s", number, error)
    worker().notify()
    return Receipt(number, secret, uid)


def withdraw(inquiry: ledger.Inquiry) -> None:
    """The family withdraws consent: out of matching and sharing at once (the graph later if down)."""
    ledger.withdraw(get_local(), inquiry.number)
    try:
        graph.set_statuses(get_store(), [graph.status_row(inquiry.report_uid, statuses.WITHDRAWN, "family")])
    except TraceGraphError as error:
        log.warning("withdrawal of %s not yet in the graph: %s", inquiry.number, error)
