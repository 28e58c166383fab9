"""What the app keeps of each inquiry outside the graph, in the web app's own database (SQLite or
PostgreSQL; the tables are `tables.py`'s, migrated with the web app's):

- the receipt: the number, and only a salted hash of the secret;
- the consent as the family gave it (notice version, scope, language, time) and the contact
  details of the person filing, which never go into the graph (an analyst's query cannot reach
  them);
- the status the family reads and the investigator's message to them;
- the answers as typed, until they are written to the graph (so an inquiry filed while the
  graph was unreachable is written later and never lost);
- drafts of inquiries being written, and their photos, re-encoded.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import RowMapping

from .receipt import DECOY_DIGEST, DECOY_SALT, canonical_number, secret_matches
from .tables import Database, inquiries, inquiry_drafts, inquiry_photos

DRAFT_HOURS = 24
# Statuses that take an inquiry out of the matching queue.
NOT_MATCHED = ("withdrawn", "merged", "not_a_case")
# Photo ids are 64-bit in both databases: a larger id in an address names no photo.
MAX_ID = 2**63 - 1


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Draft:
    token_hash: str
    started: float
    lang: str
    answers: dict[str, str]


@dataclass(frozen=True)
class Inquiry:
    number: str
    report_uid: str
    agency: str
    lang: str
    filed_at: str
    consent: dict[str, Any]
    contact: dict[str, str]
    status: str
    message: str
    message_at: str | None
    graph_written: bool
    matched_at: str | None
    withdrawn_at: str | None
    answers: dict[str, str]


def _inquiry(row: RowMapping) -> Inquiry:
    return Inquiry(number=row["number"], report_uid=row["report_uid"], agency=row["agency"], lang=row["lang"],
                   filed_at=row["filed_at"], consent=json.loads(row["consent"]), contact=json.loads(row["contact"]),
                   status=row["status"], message=row["message"], message_at=row["message_at"],
                   graph_written=bool(row["graph_written"]), matched_at=row["matched_at"],
                   withdrawn_at=row["withdrawn_at"], answers=json.loads(row["answers"] or "{}"))


def _one(db: Database, statement: Any) -> RowMapping | None:
    with db.read() as connection:
        return connection.execute(statement).mappings().first()


def _inquiries(db: Database, statement: Any) -> list[Inquiry]:
    with db.read() as connection:
        return [_inquiry(row) for row in connection.execute(statement).mappings()]


def _write(db: Database, statement: Any) -> None:
    with db.write() as connection:
        connection.execute(statement)


# Drafts ---------------------------------------------------------------------------------------

def open_draft(db: Database, token: str, lang: str, address: str) -> Draft:
    """The draft of this browser's token, created when it has none (old drafts are cleared)."""
    key = token_hash(token)
    found = get_draft(db, token)
    if found:
        return found
    stamp = now()
    horizon = (datetime.now(timezone.utc) - timedelta(hours=DRAFT_HOURS)).isoformat(timespec="seconds")
    with db.write() as connection:
        old = [row[0] for row in connection.execute(
            select(inquiry_drafts.c.token_hash).where(inquiry_drafts.c.updated_at < horizon))]
        if old:
            connection.execute(delete(inquiry_photos).where(inquiry_photos.c.draft_hash.in_(old),
                                                            inquiry_photos.c.number.is_(None)))
            connection.execute(delete(inquiry_drafts).where(inquiry_drafts.c.token_hash.in_(old)))
        # Two requests of one browser at once: the second finds the first's draft and keeps it.
        exists = connection.execute(select(inquiry_drafts.c.token_hash)
                                    .where(inquiry_drafts.c.token_hash == key)).first()
        if exists is None:
            connection.execute(insert(inquiry_drafts).values(token_hash=key, created_at=stamp, updated_at=stamp,
                                                             started=time.time(), lang=lang, address=address))
    return get_draft(db, token)  # type: ignore[return-value]


def get_draft(db: Database, token: str) -> Draft | None:
    row = _one(db, select(inquiry_drafts).where(inquiry_drafts.c.token_hash == token_hash(token)))
    if row is None:
        return None
    return Draft(row["token_hash"], row["started"], row["lang"], json.loads(row["answers"]))


def save_answers(db: Database, token: str, answers: dict[str, str], lang: str) -> None:
    """Merge a step's answers into the draft (kept even when the step has errors: nothing is lost)."""
    draft = get_draft(db, token)
    if draft is None:
        return
    merged = {**draft.answers, **answers}
    _write(db, update(inquiry_drafts).where(inquiry_drafts.c.token_hash == draft.token_hash)
           .values(answers=json.dumps(merged, ensure_ascii=False), lang=lang, updated_at=now()))


def add_photo(db: Database, token: str, jpeg: bytes) -> int:
    with db.write() as connection:
        inserted = connection.execute(insert(inquiry_photos).values(
            draft_hash=token_hash(token), created_at=now(), jpeg=jpeg).returning(inquiry_photos.c.id))
        return int(inserted.scalar_one())


def draft_photos(db: Database, token: str) -> list[int]:
    query = (select(inquiry_photos.c.id)
             .where(inquiry_photos.c.draft_hash == token_hash(token), inquiry_photos.c.number.is_(None))
             .order_by(inquiry_photos.c.id))
    with db.read() as connection:
        return [int(row[0]) for row in connection.execute(query)]


def remove_photo(db: Database, token: str, photo_id: int) -> None:
    if not 0 < photo_id <= MAX_ID:
        return
    _write(db, delete(inquiry_photos).where(inquiry_photos.c.id == photo_id,
                                            inquiry_photos.c.draft_hash == token_hash(token),
                                            inquiry_photos.c.number.is_(None)))


def draft_photo(db: Database, token: str, photo_id: int) -> bytes | None:
    if not 0 < photo_id <= MAX_ID:
        return None
    row = _one(db, select(inquiry_photos.c.jpeg).where(inquiry_photos.c.id == photo_id,
                                                       inquiry_photos.c.draft_hash == token_hash(token),
                                                       inquiry_photos.c.number.is_(None)))
    return bytes(row["jpeg"]) if row else None


# Inquiries -------------------------------------------------------------------------------------

def file_inquiry(db: Database, *, token: str, number: str, report_uid: str, agency: str,
                 secret_salt: str, secret_hash: str, lang: str, filed_at: str, consent: dict[str, Any],
                 contact: dict[str, str], answers: dict[str, str], status: str) -> Inquiry:
    """Record a filed inquiry, move the draft's photos to it and drop the draft, in one transaction.
    A draft files one inquiry only: filing it again returns the first (a double click, a reload)."""
    key = token_hash(token)
    with db.write() as connection:
        existing = connection.execute(select(inquiries).where(inquiries.c.draft_hash == key)).mappings().first()
        if existing is None:
            connection.execute(insert(inquiries).values(
                number=number, report_uid=report_uid, agency=agency, secret_salt=secret_salt,
                secret_hash=secret_hash, lang=lang, filed_at=filed_at,
                consent=json.dumps(consent, ensure_ascii=False), contact=json.dumps(contact, ensure_ascii=False),
                answers=json.dumps(answers, ensure_ascii=False), status=status, draft_hash=key))
            connection.execute(update(inquiry_photos).where(inquiry_photos.c.draft_hash == key)
                               .values(number=number, draft_hash=None))
            connection.execute(delete(inquiry_drafts).where(inquiry_drafts.c.token_hash == key))
    row = existing or _one(db, select(inquiries).where(inquiries.c.number == number))
    assert row is not None
    return _inquiry(row)


def filed_from_draft(db: Database, token: str) -> Inquiry | None:
    row = _one(db, select(inquiries).where(inquiries.c.draft_hash == token_hash(token)))
    return _inquiry(row) if row else None


def get(db: Database, number: str) -> Inquiry | None:
    row = _one(db, select(inquiries).where(inquiries.c.number == canonical_number(number)))
    return _inquiry(row) if row else None


def by_report(db: Database, report_uid: str) -> Inquiry | None:
    row = _one(db, select(inquiries).where(inquiries.c.report_uid == report_uid))
    return _inquiry(row) if row else None


def all_inquiries(db: Database) -> list[Inquiry]:
    return _inquiries(db, select(inquiries).order_by(inquiries.c.filed_at.desc()))


def with_secret(db: Database, number: str, secret: str) -> Inquiry | None:
    """The inquiry when the number and the secret both match, else None. The same work is done
    whether or not the number exists, so a wrong number and a wrong secret look alike."""
    row = _one(db, select(inquiries).where(inquiries.c.number == canonical_number(number)))
    salt, digest = (row["secret_salt"], row["secret_hash"]) if row else (DECOY_SALT, DECOY_DIGEST)
    matches = secret_matches(secret, salt, digest)
    return _inquiry(row) if row is not None and matches else None


def set_status(db: Database, number: str, status: str, message: str | None = None) -> None:
    values: dict[str, Any] = {"status": status}
    if message is not None:
        values.update(message=message, message_at=now())
    _write(db, update(inquiries).where(inquiries.c.number == number).values(**values))


def withdraw(db: Database, number: str) -> None:
    _write(db, update(inquiries).where(inquiries.c.number == number).values(status="withdrawn", withdrawn_at=now()))


def mark_written(db: Database, number: str) -> None:
    """The graph holds the inquiry: the answers as typed are no longer kept here."""
    _write(db, update(inquiries).where(inquiries.c.number == number).values(graph_written=True, answers="{}"))


def mark_matched(db: Database, numbers: list[str]) -> None:
    _write(db, update(inquiries).where(inquiries.c.number.in_(numbers)).values(matched_at=now()))


def mark_unmatched(db: Database, number: str) -> None:
    """Match the inquiry again at the worker's next round (after it was verified, say)."""
    _write(db, update(inquiries).where(inquiries.c.number == number).values(matched_at=None))


def pending(db: Database) -> tuple[list[Inquiry], list[Inquiry]]:
    """(inquiries not yet written to the graph, written ones not yet matched)."""
    unwritten = _inquiries(db, select(inquiries).where(inquiries.c.graph_written.is_(False))
                           .order_by(inquiries.c.filed_at))
    unmatched = _inquiries(db, select(inquiries).where(inquiries.c.graph_written.is_(True),
                                                       inquiries.c.matched_at.is_(None),
                                                       inquiries.c.status.not_in(NOT_MATCHED))
                           .order_by(inquiries.c.filed_at))
    return unwritten, unmatched


def photo_ids(db: Database, number: str) -> list[int]:
    query = select(inquiry_photos.c.id).where(inquiry_photos.c.number == number).order_by(inquiry_photos.c.id)
    with db.read() as connection:
        return [int(row[0]) for row in connection.execute(query)]


def photo(db: Database, number: str, photo_id: int) -> bytes | None:
    if not 0 < photo_id <= MAX_ID:
        return None
    row = _one(db, select(inquiry_photos.c.jpeg).where(inquiry_photos.c.id == photo_id,
                                                       inquiry_photos.c.number == number))
    return bytes(row["jpeg"]) if row else None
