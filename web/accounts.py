"""Users, their roles and their login sessions, kept in the app's own database (web/localstore.py).

A role grants a fixed set of permissions; an agency decides which `sharing=agency` records a user
sees; DNA clearance decides whether DNA profiles exist for them at all.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, RowMapping, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .localstore import LocalStore, now
from .tables import sessions, users

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
    language: str | None = None

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    @property
    def access(self) -> dict[str, object]:
        """The Cypher parameters every data query filters on."""
        return {"agency": self.agency, "dna_cleared": self.dna_cleared}


def _user(row: RowMapping) -> User:
    return User(username=row["username"], role=row["role"], agency=row["agency"],
                dna_cleared=bool(row["dna_cleared"]), disabled=bool(row["disabled"]),
                full_name=row["full_name"], last_login_at=row["last_login_at"],
                language=row.get("language"))


def check_role(role: str) -> str:
    if role not in ROLE_PERMISSIONS:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def add_user(db: LocalStore, username: str, password: str, role: str, agency: str, *,
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
        with db.write() as connection:
            connection.execute(insert(users).values(
                username=username, password_hash=_hasher.hash(password), role=role, agency=agency,
                dna_cleared=dna_cleared, disabled=False, full_name=full_name, failed_logins=0,
                created_at=stamp, updated_at=stamp))
    except IntegrityError:
        raise AccountError(f"user {username!r} already exists") from None
    return get_user(db, username)  # type: ignore[return-value]


def _row(connection: Connection, username: str, *, lock: bool = False) -> RowMapping | None:
    query = select(users).where(users.c.username == username)
    # PostgreSQL: the row stays locked until the transaction ends, so two servers counting failed
    # logins for one account do not lose a count. SQLite's write transaction already serialises.
    return connection.execute(query.with_for_update() if lock else query).mappings().first()


def get_user(db: LocalStore, username: str) -> User | None:
    with db.read() as connection:
        row = _row(connection, username)
    return _user(row) if row else None


def list_users(db: LocalStore) -> list[User]:
    with db.read() as connection:
        return [_user(row) for row in connection.execute(select(users).order_by(users.c.username)).mappings()]


def _change(db: LocalStore, username: str, end_sessions: bool, **values: object) -> None:
    """Change a user's row (and end their sessions) in one transaction, or say there is no such user."""
    with db.write() as connection:
        changed = connection.execute(update(users).where(users.c.username == username)
                                     .values(**values, updated_at=now())).rowcount
        if not changed:
            raise AccountError(f"there is no user {username!r}")
        if end_sessions:
            connection.execute(delete(sessions).where(sessions.c.username == username))


def set_language(db: LocalStore, username: str, language: str | None) -> None:
    """Remember the language a user reads the staff pages in (None: the browser's choice)."""
    _change(db, username, False, language=language)


def set_disabled(db: LocalStore, username: str, disabled: bool = True) -> None:
    """Disable (or re-enable) a user; a disabled user's sessions end at once."""
    _change(db, username, disabled, disabled=disabled)


def set_role(db: LocalStore, username: str, role: str) -> None:
    """Change a user's role; their sessions end so the new role applies from the next login."""
    check_role(role)
    _change(db, username, True, role=role)


def set_dna_clearance(db: LocalStore, username: str, cleared: bool) -> None:
    _change(db, username, True, dna_cleared=cleared)


def authenticate(db: LocalStore, username: str, password: str) -> User | None:
    """The user when the password is right and the account usable, else None.

    Five wrong passwords lock the account for fifteen minutes, to slow down guessing.
    """
    with db.read() as connection:
        row = _row(connection, username)
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
        with db.write() as connection:
            # Counted on the row as it is now: another server may have counted a failure meanwhile.
            current = _row(connection, username, lock=True)
            failures = (current["failed_logins"] if current else 0) + 1
            lock = (datetime.now(timezone.utc) + LOCKOUT).isoformat(timespec="seconds") \
                if failures >= MAX_FAILED_LOGINS else None
            connection.execute(update(users).where(users.c.username == username)
                               .values(failed_logins=0 if lock else failures, locked_until=lock))
        return None
    if row["disabled"]:
        return None
    with db.write() as connection:
        values: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": now()}
        if _hasher.check_needs_rehash(row["password_hash"]):
            values["password_hash"] = _hasher.hash(password)
        connection.execute(update(users).where(users.c.username == username).values(**values))
    return get_user(db, username)


def _token_hash(token: str) -> str:
    # Only a hash of the session token is stored, so a copy of the database opens no session.
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: LocalStore, username: str) -> str:
    """A fresh random session token for the user (a new one at every login: no fixation)."""
    token = secrets.token_urlsafe(32)
    stamp = now()
    with db.write() as connection:
        connection.execute(insert(sessions).values(token_hash=_token_hash(token), username=username,
                                                   created_at=stamp, last_seen_at=stamp))
    return token


def session_user(db: LocalStore, token: str, *, max_age: timedelta, idle: timedelta) -> User | None:
    """The user of a live session, touching it; None when it expired, ended or the user is disabled."""
    key = _token_hash(token)
    query = (select(sessions.c.created_at.label("session_started"), sessions.c.last_seen_at, users)
             .join(users, users.c.username == sessions.c.username).where(sessions.c.token_hash == key))
    with db.read() as connection:
        row = connection.execute(query).mappings().first()
    if row is None:
        return None
    moment = datetime.now(timezone.utc)
    if (row["disabled"] or moment - datetime.fromisoformat(row["session_started"]) > max_age
            or moment - datetime.fromisoformat(row["last_seen_at"]) > idle):
        close_session(db, token)
        return None
    # Touch at most once a minute, so reads do not all become writes.
    if moment - datetime.fromisoformat(row["last_seen_at"]) > timedelta(minutes=1):
        with db.write() as connection:
            connection.execute(update(sessions).where(sessions.c.token_hash == key).values(last_seen_at=now()))
    return _user(row)


def close_session(db: LocalStore, token: str) -> None:
    with db.write() as connection:
        connection.execute(delete(sessions).where(sessions.c.token_hash == _token_hash(token)))
