"""The web app's settings, read from the environment in one place, with their documented defaults.

| variable | default | meaning |
|---|---|---|
| TRACEGRAPH_HOME | `.tracegraph` | instance folder: holds `web.sqlite3` (users, sessions, audit, layouts) and `web-secret-key` |
| TRACEGRAPH_WEB_COOKIE_SECURE | auto | `auto`: the session cookie is marked Secure when the request came over https (directly or, with TRACEGRAPH_WEB_PROXIES, through a proxy); `always`; `never` |
| TRACEGRAPH_WEB_PROXIES | 0 | number of trusted reverse proxies in front of the app (their X-Forwarded-* headers are believed) |
| TRACEGRAPH_WEB_SESSION_HOURS | 10 | a session ends this long after login, whatever happens |
| TRACEGRAPH_WEB_IDLE_MINUTES | 60 | a session ends after this long without a request |
| TRACEGRAPH_WEB_DB_RETRY_SECONDS | 2 | how long a query is retried before the page says the database is unavailable |
| TRACEGRAPH_WEB_VIEWS_REFRESH_SECONDS | 10 | how often the app brings the analysts' views up to date from the change journal (and at once after a review); 0: only after its own reviews, in the request |
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from graphmodel.config import load_settings

COOKIE_SECURE_MODES = {"auto", "always", "never"}


@dataclass(frozen=True)
class WebSettings:
    home: Path
    cookie_secure: str
    proxies: int
    session_hours: float
    idle_minutes: float
    db_retry_seconds: float
    views_refresh_seconds: float

    @property
    def database_file(self) -> Path:
        return self.home / "web.sqlite3"

    @property
    def secret_key_file(self) -> Path:
        return self.home / "web-secret-key"


def _number(env: dict[str, str] | os._Environ[str], name: str, default: str) -> float:
    text = env.get(name, default)
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {text!r}.") from None


def load_web_settings(environ: dict[str, str] | None = None) -> WebSettings:
    """Read the web settings from the environment (or the mapping given, for tests)."""
    env = os.environ if environ is None else environ
    mode = env.get("TRACEGRAPH_WEB_COOKIE_SECURE", "auto").strip().lower()
    if mode not in COOKIE_SECURE_MODES:
        raise ValueError(f"TRACEGRAPH_WEB_COOKIE_SECURE must be auto, always or never, not {mode!r}.")
    return WebSettings(
        home=load_settings(dict(env)).home,
        cookie_secure=mode,
        proxies=int(_number(env, "TRACEGRAPH_WEB_PROXIES", "0")),
        session_hours=_number(env, "TRACEGRAPH_WEB_SESSION_HOURS", "10"),
        idle_minutes=_number(env, "TRACEGRAPH_WEB_IDLE_MINUTES", "60"),
        db_retry_seconds=_number(env, "TRACEGRAPH_WEB_DB_RETRY_SECONDS", "2"),
        views_refresh_seconds=_number(env, "TRACEGRAPH_WEB_VIEWS_REFRESH_SECONDS", "10"),
    )


def secret_key(path: Path) -> str:
    """The instance's session-signing key, generated on first start and readable by its owner only."""
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: when two workers start at once, one writes and the other reads what it wrote.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
