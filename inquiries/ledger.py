"""What the app keeps of each inquiry outside the graph, in its own SQLite database (the tables
are created with the others by `web/localstore.py`):

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
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from .receipt import DECOY_DIGEST, DECOY_SALT, canonical_number, secret_matches

DRAFT_HOURS = 24


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


def _inquiry(row: sqlite3.Row) -> Inquiry:
    return Inquiry(number=row["number"], report_uid=row["report_uid"], agency=row["agency"], lang=row["lang"],
                   filed_at=row["filed_at"], consent=json.loads(row["consent"]), contact=json.loads(row["contact"]),
                   status=row["status"], message=row["message"], message_at=row["message_at"],
                   graph_written=bool(row["graph_written"]), matched_at=row["matched_at"],
                   withdrawn_at=row["withdrawn_at"], answers=json.loads(row["answers"] or "{}"))


def _write(db: sqlite3.Connection, statement: str, values: tuple) -> sqlite3.Cursor:
    db.execute("BEGIN IMMEDIATE")
    try:
        cursor = db.execute(statement, values)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return cursor


# Drafts ---------------------------------------------------------------------------------------

def open_draft(db: sqlite3.Connection, token: str, lang: str, address: str) -> Draft:
    """The draft of this browser's token, created when it has none (old drafts are cleared)."""
    key = token_hash(token)
    found = get_draft(db, token)
    if found:
        return found
    stamp = now()
    horizon = (datetime.now(timezone.utc) - timedelta(hours=DRAFT_HOURS)).isoformat(timespec="seconds")
    db.execute("BEGIN IMMEDIATE")
    try:
        old = [row[0] for row in db.execute("SELECT token_hash FROM inquiry_drafts WHERE updated_at < ?", (horizon,))]
        if old:
            db.executemany("DELETE FROM inquiry_photos WHERE draft_hash = ? AND number IS NULL", [(h,) for h in old])
            db.executemany("DELETE FROM inquiry_drafts WHERE token_hash = ?", [(h,) for h in old])
        db.execute("INSERT OR IGNORE INTO inquiry_drafts (token_hash, created_at, updated_at, started, lang, address)"
                   " VALUES (?, ?, ?, ?, ?, ?)", (key, stamp, stamp, time.time(), lang, address))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return get_draft(db, token)  # type: ignore[return-value]


def get_draft(db: sqlite3.Connection, token: str) -> Draft | None:
    row = db.execute("SELECT * FROM inquiry_drafts WHERE token_hash = ?", (token_hash(token),)).fetchone()
    if row is None:
        return None
    return Draft(row["token_hash"], row["started"], row["lang"], json.loads(row["answers"]))


def save_answers(db: sqlite3.Connection, token: str, answers: dict[str, str], lang: str) -> None:
    """Merge a step's answers into the draft (kept even when the step has errors: nothing is lost)."""
    draft = get_draft(db, token)
    if draft is None:
        return
    merged = {**draft.answers, **answers}
    _write(db, "UPDATE inquiry_drafts SET answers = ?, lang = ?, updated_at = ? WHERE token_hash = ?",
           (json.dumps(merged, ensure_ascii=False), lang, now(), draft.token_hash))


def add_photo(db: sqlite3.Connection, token: str, jpeg: bytes) -> int:
    return int(_write(db, "INSERT INTO inquiry_photos (draft_hash, created_at, jpeg) VALUES (?, ?, ?)",
                      (token_hash(token), now(), jpeg)).lastrowid or 0)


def draft_photos(db: sqlite3.Connection, token: str) -> list[int]:
    return [row[0] for row in db.execute(
        "SELECT id FROM inquiry_photos WHERE draft_hash = ? AND number IS NULL ORDER BY id", (token_hash(token),))]


def remove_photo(db: sqlite3.Connection, token: str, photo_id: int) -> None:
    _write(db, "DELETE FROM inquiry_photos WHERE id = ? AND draft_hash = ? AND number IS NULL",
           (photo_id, token_hash(token)))


def draft_photo(db: sqlite3.Connection, token: str, photo_id: int) -> bytes | None:
    row = db.execute("SELECT jpeg FROM inquiry_photos WHERE id = ? AND draft_hash = ? AND number IS NULL",
                     (photo_id, token_hash(token))).fetchone()
    return row[0] if row else None


# Inquiries -------------------------------------------------------------------------------------

def file_inquiry(db: sqlite3.Connection, *, token: str, number: str, report_uid: str, agency: str,
                 secret_salt: str, secret_hash: str, lang: str, filed_at: str, consent: dict[str, Any],
                 contact: dict[str, str], answers: dict[str, str], status: str) -> Inquiry:
    """Record a filed inquiry, move the draft's photos to it and drop the draft, in one transaction.
    A draft files one inquiry only: filing it again returns the first (a double click, a reload)."""
    key = token_hash(token)
    db.execute("BEGIN IMMEDIATE")
    try:
        existing = db.execute("SELECT * FROM inquiries WHERE draft_hash = ?", (key,)).fetchone()
        if existing is None:
            db.execute(
                "INSERT INTO inquiries (number, report_uid, agency, secret_salt, secret_hash, lang, filed_at,"
                " consent, contact, answers, status, draft_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (number, report_uid, agency, secret_salt, secret_hash, lang, filed_at,
                 json.dumps(consent, ensure_ascii=False), json.dumps(contact, ensure_ascii=False),
                 json.dumps(answers, ensure_ascii=False), status, key))
            db.execute("UPDATE inquiry_photos SET number = ?, draft_hash = NULL WHERE draft_hash = ?", (number, key))
            db.execute("DELETE FROM inquiry_drafts WHERE token_hash = ?", (key,))
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    row = existing or db.execute("SELECT * FROM inquiries WHERE number = ?", (number,)).fetchone()
    return _inquiry(row)


def filed_from_draft(db: sqlite3.Connection, token: str) -> Inquiry | None:
    row = db.execute("SELECT * FROM inquiries WHERE draft_hash = ?", (token_hash(token),)).fetchone()
    return _inquiry(row) if row else None


def get(db: sqlite3.Connection, number: str) -> Inquiry | None:
    row = db.execute("SELECT * FROM inquiries WHERE number = ?", (canonical_number(number),)).fetchone()
    return _inquiry(row) if row else None


def by_report(db: sqlite3.Connection, report_uid: str) -> Inquiry | None:
    row = db.execute("SELECT * FROM inquiries WHERE report_uid = ?", (report_uid,)).fetchone()
    return _inquiry(row) if row else None


def all_inquiries(db: sqlite3.Connection) -> list[Inquiry]:
    return [_inquiry(row) for row in db.execute("SELECT * FROM inquiries ORDER BY filed_at DESC")]


def with_secret(db: sqlite3.Connection, number: str, secret: str) -> Inquiry | None:
    """The inquiry when the number and the secret both match, else None. The same work is done
    whether or not the number exists, so a wrong number and a wrong secret look alike."""
    row = db.execute("SELECT * FROM inquiries WHERE number = ?", (canonical_number(number),)).fetchone()
    salt, digest = (row["secret_salt"], row["secret_hash"]) if row else (DECOY_SALT, DECOY_DIGEST)
    matches = secret_matches(secret, salt, digest)
    return _inquiry(row) if row is not None and matches else None


def set_status(db: sqlite3.Connection, number: str, status: str, message: str | None = None) -> None:
    if message is None:
        _write(db, "UPDATE inquiries SET status = ? WHERE number = ?", (status, number))
    else:
        _write(db, "UPDATE inquiries SET status = ?, message = ?, message_at = ? WHERE number = ?",
               (status, message, now(), number))


def withdraw(db: sqlite3.Connection, number: str) -> None:
    _write(db, "UPDATE inquiries SET status = 'withdrawn', withdrawn_at = ? WHERE number = ?", (now(), number))


def mark_written(db: sqlite3.Connection, number: str) -> None:
    """The graph holds the inquiry: the answers as typed are no longer kept here."""
    _write(db, "UPDATE inquiries SET graph_written = 1, answers = '{}' WHERE number = ?", (number,))


def mark_matched(db: sqlite3.Connection, numbers: list[str]) -> None:
    stamp = now()
    db.execute("BEGIN IMMEDIATE")
    db.executemany("UPDATE inquiries SET matched_at = ? WHERE number = ?", [(stamp, n) for n in numbers])
    db.execute("COMMIT")


def mark_unmatched(db: sqlite3.Connection, number: str) -> None:
    """Match the inquiry again at the worker's next round (after it was verified, say)."""
    _write(db, "UPDATE inquiries SET matched_at = NULL WHERE number = ?", (number,))


def pending(db: sqlite3.Connection) -> tuple[list[Inquiry], list[Inquiry]]:
    """(inquiries not yet written to the graph, written ones not yet matched)."""
    unwritten = [_inquiry(r) for r in db.execute("SELECT * FROM inquiries WHERE graph_written = 0 ORDER BY filed_at")]
    unmatched = [_inquiry(r) for r in db.execute(
        "SELECT * FROM inquiries WHERE graph_written = 1 AND matched_at IS NULL AND status NOT IN"
        " ('withdrawn', 'merged', 'not_a_case') ORDER BY filed_at")]
    return unwritten, unmatched


def photo_ids(db: sqlite3.Connection, number: str) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM inquiry_photos WHERE number = ? ORDER BY id", (number,))]


def photo(db: sqlite3.Connection, number: str, photo_id: int) -> bytes | None:
    row = db.execute("SELECT jpeg FROM inquiry_photos WHERE id = ? AND number = ?", (photo_id, number)).fetchone()
    return row[0] if row else None
