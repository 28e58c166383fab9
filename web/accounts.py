"""Users, their roles and their login sessions, kept in the app's own SQLite database.

A role grants a fixed set of permissions; an agency decides which `sharing=agency` records a user
sees; DNA clearance decides whether DNA profiles exist for them at all.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from .localstore import now, transaction

# browse: read case data; review: move candidates; console: free Cypher; brief: export case briefs;
# admin: users and the audit trail. Admins manage accounts but do not read case files.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "investigator": frozenset({"browse", "review"}),
    "analyst": frozenset({"browse", "review", "console"}),
    "liaison": frozenset({"browse", "brief"}),
    "admin": frozenset({"admin"}),
}
ROLES = tuple(ROLE_PERMISSIONS)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
AGENCY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verifying against this when the user does not exist makes a wrong name take as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-password-of-anyone")


class AccountError(ValueError):
    """A user name, role, agency or password that cannot be accepted, with the reason."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    agency: str
    dna_cleared: bool
    disabled: bool
    full_name: str = ""
    last_login_at: str | None = None

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    @property
    def access(self) -> dict[str, object]:
        """The Cypher parameters every data query filters on."""
        return {"agency": self.agency, "dna_cleared": self.dna_cleared}


def _user(row: sqlite3.Row) -> User:
    return User(username=row["username"], role=row["role"], agency=row["agency"],
                dna_cleared=bool(row["dna_cleared"]), disabled=bool(row["disabled"]),
                full_name=row["full_name"], last_login_at=row["last_login_at"])


def check_role(role: str) -> str:
    if role not in ROLE_PERMISSIONS:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def add_user(db: sqlite3.Connection, username: str, password: str, role: str, agency: str, *,
             dna_cleared: bool = False, full_name: str = "") -> User:
    """Create a user; the password is stored as an argon2id hash only."""
    if not USERNAME.match(username):
        raise AccountError("a user name is 2-40 lower-case letters, digits, dots, dashes or underscores")
    if not AGENCY.match(agency):
        raise AccountError("an agency code is 1-40 letters, digits, dashes or underscores")
    check_role(role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    stamp = now()
    try:
        with transaction(db):
            db.execute(
                "INSERT INTO users (username, password_hash, role, agency, dna_cleared, full_name,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (username, _hasher.hash(password), role, agency, int(dna_cleared), full_name, stamp, stamp))
    except sqlite3.IntegrityError:
        raise AccountError(f"user {username!r} already exists") from None
    return get_user(db, username)  # type: ignore[return-value]


def get_user(db: sqlite3.Connection, username: str) -> User | None:
    row = db.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    return _user(row) if row else None


def list_users(db: sqlite3.Connection) -> list[User]:
    return [_user(row) for row in db.execute("SELECT * FROM users ORDER BY username")]


def _require(db: sqlite3.Connection, username: str) -> None:
    if get_user(db, username) is None:
        raise AccountError(f"there is no user {username!r}")


def set_disabled(db: sqlite3.Connection, username: str, disabled: bool = True) -> None:
    """Disable (or re-enable) a user; a disabled user's sessions end at once."""
    _require(db, username)
    with transaction(db):
        db.execute("UPDATE users SET disabled = ?, updated_at = ? WHERE username = ?",
                   (int(disabled), now(), username))
        if disabled:
            db.execute("DELETE FROM sessions WHERE username = ?", (username,))


def set_role(db: sqlite3.Connection, username: str, role: str) -> None:
    """Change a user's role; their sessions end so the new role applies from the next login."""
    _require(db, username)
    check_role(role)
    with transaction(db):
        db.execute("UPDATE users SET role = ?, updated_at = ? WHERE username = ?", (role, now(), username))
        db.execute("DELETE FROM sessions WHERE username = ?", (username,))


def set_dna_clearance(db: sqlite3.Connection, username: str, cleared: bool) -> None:
    _require(db, username)
    with transaction(db):
        db.execute("UPDATE users SET dna_cleared = ?, updated_at = ? WHERE username = ?",
                   (int(cleared), now(), username))
        db.execute("DELETE FROM sessions WHERE username = ?", (username,))


def authenticate(db: sqlite3.Connection, username: str, password: str) -> User | None:
    """The user when the password is right and the account usable, else None.

    Five wrong passwords lock the account for fifteen minutes, to slow down guessing.
    """
    row = db.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
    if row is None:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        return None
    locked_until = row["locked_until"]
    if locked_until and datetime.fromisoformat(locked_until) > datetime.now(timezone.utc):
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failures = row["failed_logins"] + 1
        lock = (datetime.now(timezone.utc) + LOCKOUT).isoformat(timespec="seconds") \
            if failures >= MAX_FAILED_LOGINS else None
        with transaction(db):
            db.execute("UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?",
                       (0 if lock else failures, lock, username))
        return None
    if row["disabled"]:
        return None
    with transaction(db):
        db.execute("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE username = ?",
                   (now(), username))
        if _hasher.check_needs_rehash(row["password_hash"]):
            db.execute("UPDATE users SET password_hash = ? WHERE username = ?", (_hasher.hash(password), username))
    return get_user(db, username)


def _token_hash(token: str) -> str:
    # Only a hash of the session token is stored, so a copy of the database opens no session.
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: sqlite3.Connection, username: str) -> str:
    """A fresh random session token for the user (a new one at every login: no fixation)."""
    token = secrets.token_urlsafe(32)
    stamp = now()
    with transaction(db):
        db.execute("INSERT INTO sessions (token_hash, username, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                   (_token_hash(token), username, stamp, stamp))
    return token


def session_user(db: sqlite3.Connection, token: str, *, max_age: timedelta, idle: timedelta) -> User | None:
    """The user of a live session, touching it; None when it expired, ended or the user is disabled."""
    key = _token_hash(token)
    row = db.execute(
        "SELECT s.created_at, s.last_seen_at, u.* FROM sessions s JOIN users u USING (username)"
        " WHERE s.token_hash = ?", (key,)).fetchone()
    if row is None:
        return None
    moment = datetime.now(timezone.utc)
    if (row["disabled"] or moment - datetime.fromisoformat(row["created_at"]) > max_age
            or moment - datetime.fromisoformat(row["last_seen_at"]) > idle):
        close_session(db, token)
        return None
    # Touch at most once a minute, so reads do not all become writes.
    if moment - datetime.fromisoformat(row["last_seen_at"]) > timedelta(minutes=1):
        with transaction(db):
            db.execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", (now(), key))
    return _user(row)


def close_session(db: sqlite3.Connection, token: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),))
