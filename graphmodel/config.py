"""Every setting TraceGraph takes from the environment, read here and nowhere else.

`load_settings()` reads them (from the environment, or from the mapping given, for tests) into one
`Settings` that the CLI, the local server, the store and the web app are handed. `VARIABLES`
documents each variable with its default; the README's Settings table is `settings_table()`, and a
test fails when the two differ.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

NEO4J_VERSION = "5.26.30"
APOC_VERSION = "5.26.19"
PASSWORD_FILE = "neo4j-password"
COOKIE_SECURE_MODES = ("auto", "always", "never")
ISOLATION_MODES = ("views", "roles")


def usable_cores() -> int:
    """The cores this process may run on (its affinity, which a container or `taskset` narrows):
    the default number of worker processes of the kinship screen and of the web app."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Variable:
    """One environment variable: its default (the text used when it is unset, or how the default
    is worked out) and what it sets."""

    name: str
    meaning: str
    default: str | None = None
    derived: str = ""

    @property
    def shown_default(self) -> str:
        return self.derived or f"`{self.default}`"


VARIABLES: tuple[Variable, ...] = (
    Variable("TRACEGRAPH_HOME", "everything local: the fetched Neo4j, its data and logs, pid, password, and the "
             "web app's users, sessions and audit trail (`web.sqlite3`) and session key",
             derived="`.tracegraph` in the current folder"),
    Variable("TRACEGRAPH_CACHE", "the Neo4j distribution fetched from Maven Central",
             derived="`$TRACEGRAPH_HOME/cache`"),
    Variable("TRACEGRAPH_NEO4J_PORT", "Bolt port of the local server", "7687"),
    Variable("TRACEGRAPH_NEO4J_PASSWORD", "initial password of the local server's `neo4j` user",
             derived="generated on first start"),
    Variable("TRACEGRAPH_NEO4J_HEAP", "heap of the local server", "4g"),
    Variable("TRACEGRAPH_NEO4J_PAGECACHE", "page cache of the local server", "4g"),
    Variable("NEO4J_URI", "any server: local, docker-compose, a cluster, Aura (`neo4j+s://`)",
             derived="`neo4j://127.0.0.1:<port>`"),
    Variable("NEO4J_USER", "the user sessions log in as", "neo4j"),
    Variable("NEO4J_PASSWORD", "its password", derived="the local server's password"),
    Variable("NEO4J_DATABASE", "the database every session names explicitly", "neo4j"),
    Variable("JAVA_HOME", "the JDK 17+ that runs the local server", derived="`java` on the PATH"),
    Variable("TRACEGRAPH_CHROMIUM", "the Chromium that prints briefs to PDF", "/usr/bin/chromium"),
    Variable("TRACEGRAPH_WEB_COOKIE_SECURE", "`auto`: the session cookie is marked Secure when the request came "
             "over https (directly or, with TRACEGRAPH_WEB_PROXIES, through a proxy); `always`; `never`", "auto"),
    Variable("TRACEGRAPH_WEB_PROXIES", "number of trusted reverse proxies in front of the web app (their "
             "X-Forwarded-* headers are believed)", "0"),
    Variable("TRACEGRAPH_WEB_SESSION_HOURS", "a web session ends this long after login, whatever happens", "10"),
    Variable("TRACEGRAPH_WEB_IDLE_MINUTES", "a web session ends after this long without a request", "60"),
    Variable("TRACEGRAPH_WEB_DB_RETRY_SECONDS", "how long a page retries a query before it says the database is "
             "unavailable", "2"),
    Variable("TRACEGRAPH_ANALYST_ISOLATION", "where analysts' queries run: `views` (a local server per agency and "
             "clearance, Community) or `roles` (the main database as the agency's role, Enterprise or Aura; "
             "`tracegraph db roles`)", "views"),
    Variable("TRACEGRAPH_VIEW_PORTS", "Bolt ports the analysts' view servers may take", derived="`<port+1>-<port+20>`"),
    Variable("TRACEGRAPH_VIEW_HEAP", "heap of each analysts' view server", "384m"),
    Variable("TRACEGRAPH_VIEW_PAGECACHE", "page cache of each analysts' view server", "256m"),
    Variable("TRACEGRAPH_WEB_VIEWS_REFRESH_SECONDS", "how often the web app brings the analysts' views up to date "
             "from the change journal (and at once after a review); `0`: only after its own reviews", "10"),
    Variable("TRACEGRAPH_WEB_DATABASE_URL", "the web app's own database (users, sessions, audit trail, layouts, "
             "saved queries, inquiries): `postgresql://app_role:password@host:5432/tracegraph_web` to share it "
             "between several app servers (docs/web.md)", derived="the SQLite file `$TRACEGRAPH_HOME/web.sqlite3`"),
    Variable("TRACEGRAPH_WEB_DATABASE_OWNER_URL", "PostgreSQL only: the same database as the role that owns its "
             "tables, for `tracegraph web-store migrate` and `tracegraph db backup`/`restore`", derived="none"),
    Variable("TRACEGRAPH_INQUIRY_AGENCY", "the agency that receives online inquiries (their reports' `agency`)",
             "INQUIRY"),
    Variable("TRACEGRAPH_INQUIRY_MIN_SECONDS", "the least time between starting an online inquiry and sending it "
             "(a person takes minutes; a script is held back)", "20"),
    Variable("TRACEGRAPH_INQUIRY_PER_ADDRESS", "online inquiries one address may send: count/seconds windows",
             "5/3600,20/86400"),
    Variable("TRACEGRAPH_INQUIRY_GLOBAL", "online inquiries everyone together may send: count/seconds windows",
             "2000/3600"),
    Variable("TRACEGRAPH_INQUIRY_RETENTION_YEARS", "how long an online inquiry is kept after its case is closed, "
             "as the privacy notice says", "10"),
    Variable("TRACEGRAPH_INQUIRY_MATCH", "`on`: each new online inquiry is matched against the graph at once (in "
             "the background); `off` leaves it to `tracegraph match`", "on"),
    Variable("TRACEGRAPH_DASK_SCHEDULER", "a Dask scheduler (`tcp://host:8786`) on whose workers `tracegraph match` "
             "and `tracegraph kinship screen` run their shares, as `--cluster` does (docs/scaling.md)",
             derived="none: local processes"),
    Variable("TRACEGRAPH_CONFIRM_ROLES", "roles that may confirm an identification another person proposed (four "
             "eyes; roles that review)", "investigator,analyst"),
    Variable("TRACEGRAPH_CONFIRM_AGENCY", "`same`: the confirmer belongs to the proposer's agency; `any`: any agency",
             "same"),
)
DEFAULTS = {variable.name: variable.default for variable in VARIABLES}


@dataclass(frozen=True)
class InquirySettings:
    """The online inquiry's settings (the TRACEGRAPH_INQUIRY_* variables)."""

    agency: str = "INQUIRY"
    min_seconds: float = 20.0
    per_address: tuple[tuple[int, float], ...] = ((5, 3600.0), (20, 86400.0))
    overall: tuple[tuple[int, float], ...] = ((2000, 3600.0),)
    retention_years: int = 10
    match: bool = True


@dataclass(frozen=True)
class Settings:
    """Where local files live, how to reach Neo4j, and how the web app behaves."""

    home: Path
    cache: Path
    port: int
    heap: str
    pagecache: str
    initial_password: str | None = field(repr=False)
    explicit_uri: str | None
    user: str
    explicit_password: str | None = field(repr=False)
    database: str
    java_home: Path | None
    chromium: Path
    cookie_secure: str
    proxies: int
    session_hours: float
    idle_minutes: float
    db_retry_seconds: float
    analyst_isolation: str = "views"
    view_ports: tuple[int, int] = (7688, 7707)
    view_heap: str = "384m"
    view_pagecache: str = "256m"
    views_refresh_seconds: float = 10.0
    inquiry: InquirySettings = field(default_factory=InquirySettings)
    confirm_roles: frozenset[str] = frozenset({"investigator", "analyst"})
    confirm_same_agency: bool = True
    web_database_url: str | None = field(default=None, repr=False)
    web_database_owner_url: str | None = field(default=None, repr=False)
    dask_scheduler: str | None = None

    @property
    def uri(self) -> str:
        """NEO4J_URI, else the local server on this port."""
        return self.explicit_uri or local_uri(self.port)

    @property
    def server_dir(self) -> Path:
        """The local server's instance folder: conf, data, logs, run."""
        return self.home / "neo4j"

    @property
    def distribution_dir(self) -> Path:
        """The fetched server and plugin jars."""
        return self.cache / f"neo4j-{NEO4J_VERSION}"

    @property
    def password_file(self) -> Path:
        return self.home / PASSWORD_FILE

    @property
    def password(self) -> str | None:
        """NEO4J_PASSWORD, else the local server's stored or configured password."""
        if self.explicit_password is not None:
            return self.explicit_password
        if self.password_file.is_file():
            return self.password_file.read_text(encoding="utf-8").strip()
        return self.initial_password

    @property
    def web_database_file(self) -> Path:
        """The web app's SQLite file in the instance folder (used when no database URL is given)."""
        return self.home / "web.sqlite3"

    @property
    def web_database(self) -> str | Path:
        """The web app's database (users, sessions, audit trail, layouts, saved queries, inquiries):
        TRACEGRAPH_WEB_DATABASE_URL, else the SQLite file in the instance folder."""
        return self.web_database_url or self.web_database_file

    @property
    def web_secret_key_file(self) -> Path:
        return self.home / "web-secret-key"

    def with_port(self, port: int) -> Settings:
        """The same settings for a local server on another Bolt port (NEO4J_URI, when set, still wins)."""
        return replace(self, port=port)


def local_uri(port: int) -> str:
    return f"neo4j://127.0.0.1:{port}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from the environment (or the mapping given, for tests)."""
    env = os.environ if environ is None else environ

    def given(name: str) -> str | None:
        """The variable's value; None when unset or empty. Only documented variables are read."""
        if name not in DEFAULTS:
            raise KeyError(f"{name} is not one of the documented VARIABLES")
        return env.get(name) or None

    def text(name: str) -> str:
        """The variable's value, or its default when unset or empty."""
        return given(name) or DEFAULTS[name] or ""

    def number(name: str, *, whole: bool = False, what: str = "a number") -> float:
        value = text(name)
        try:
            return int(value) if whole else float(value)
        except ValueError:
            raise ValueError(f"{name} must be {what}, not {value!r}.") from None

    home = Path(given("TRACEGRAPH_HOME") or Path.cwd() / ".tracegraph").absolute()
    mode = text("TRACEGRAPH_WEB_COOKIE_SECURE").strip().lower()
    if mode not in COOKIE_SECURE_MODES:
        raise ValueError(f"TRACEGRAPH_WEB_COOKIE_SECURE must be auto, always or never, not {mode!r}.")
    java_home = given("JAVA_HOME")
    isolation = text("TRACEGRAPH_ANALYST_ISOLATION").strip().lower()
    if isolation not in ISOLATION_MODES:
        raise ValueError(f"TRACEGRAPH_ANALYST_ISOLATION must be views or roles, not {isolation!r}.")
    port = int(number("TRACEGRAPH_NEO4J_PORT", whole=True, what="a port number"))
    confirm_roles = frozenset(part.strip().lower() for part in text("TRACEGRAPH_CONFIRM_ROLES").split(",")
                              if part.strip())
    if not confirm_roles:
        raise ValueError("TRACEGRAPH_CONFIRM_ROLES must name at least one role that reviews.")
    confirm_agency = text("TRACEGRAPH_CONFIRM_AGENCY").strip().lower()
    if confirm_agency not in ("same", "any"):
        raise ValueError(f"TRACEGRAPH_CONFIRM_AGENCY must be same or any, not {confirm_agency!r}.")
    return Settings(
        home=home,
        cache=Path(given("TRACEGRAPH_CACHE") or home / "cache").absolute(),
        port=port,
        heap=text("TRACEGRAPH_NEO4J_HEAP"),
        pagecache=text("TRACEGRAPH_NEO4J_PAGECACHE"),
        initial_password=given("TRACEGRAPH_NEO4J_PASSWORD"),
        explicit_uri=given("NEO4J_URI"),
        user=text("NEO4J_USER"),
        explicit_password=given("NEO4J_PASSWORD"),
        database=text("NEO4J_DATABASE"),
        java_home=Path(java_home) if java_home else None,
        chromium=Path(text("TRACEGRAPH_CHROMIUM")),
        cookie_secure=mode,
        proxies=int(number("TRACEGRAPH_WEB_PROXIES", whole=True, what="a whole number")),
        session_hours=number("TRACEGRAPH_WEB_SESSION_HOURS"),
        idle_minutes=number("TRACEGRAPH_WEB_IDLE_MINUTES"),
        db_retry_seconds=number("TRACEGRAPH_WEB_DB_RETRY_SECONDS"),
        analyst_isolation=isolation,
        view_ports=_port_range(given("TRACEGRAPH_VIEW_PORTS") or f"{port + 1}-{port + 20}"),
        view_heap=text("TRACEGRAPH_VIEW_HEAP"),
        view_pagecache=text("TRACEGRAPH_VIEW_PAGECACHE"),
        views_refresh_seconds=number("TRACEGRAPH_WEB_VIEWS_REFRESH_SECONDS"),
        inquiry=InquirySettings(
            agency=text("TRACEGRAPH_INQUIRY_AGENCY").strip(),
            min_seconds=number("TRACEGRAPH_INQUIRY_MIN_SECONDS"),
            per_address=windows("TRACEGRAPH_INQUIRY_PER_ADDRESS", text("TRACEGRAPH_INQUIRY_PER_ADDRESS")),
            overall=windows("TRACEGRAPH_INQUIRY_GLOBAL", text("TRACEGRAPH_INQUIRY_GLOBAL")),
            retention_years=int(number("TRACEGRAPH_INQUIRY_RETENTION_YEARS", whole=True, what="a whole number")),
            match=switch("TRACEGRAPH_INQUIRY_MATCH", text("TRACEGRAPH_INQUIRY_MATCH")),
        ),
        confirm_roles=confirm_roles,
        confirm_same_agency=confirm_agency == "same",
        web_database_url=(given("TRACEGRAPH_WEB_DATABASE_URL") or "").strip() or None,
        web_database_owner_url=(given("TRACEGRAPH_WEB_DATABASE_OWNER_URL") or "").strip() or None,
        dask_scheduler=(given("TRACEGRAPH_DASK_SCHEDULER") or "").strip() or None,
    )


def _port_range(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        raise ValueError(f"TRACEGRAPH_VIEW_PORTS must be a port range such as 7688-7707, not {text!r}.") from None
    if not 0 < low <= high < 65536:
        raise ValueError(f"TRACEGRAPH_VIEW_PORTS must be a port range such as 7688-7707, not {text!r}.")
    return low, high


def windows(name: str, value: str) -> tuple[tuple[int, float], ...]:
    """Rate-limit windows written as count/seconds pairs separated by commas (5/3600,20/86400)."""
    try:
        parsed = tuple((int(count), float(seconds)) for count, seconds in
                       (part.strip().split("/") for part in value.split(",") if part.strip()))
    except ValueError:
        raise ValueError(f"{name} must be count/seconds windows separated by commas (5/3600,20/86400), "
                         f"not {value!r}.") from None
    if not parsed or any(count < 1 or seconds <= 0 for count, seconds in parsed):
        raise ValueError(f"{name} needs at least one window of a positive count and seconds, not {value!r}.")
    return parsed


def switch(name: str, value: str) -> bool:
    """`on` or `off`."""
    word = value.strip().lower()
    if word not in ("on", "off"):
        raise ValueError(f"{name} must be on or off, not {value!r}.")
    return word == "on"


def settings_table() -> str:
    """The README's Settings table: every variable, its default and what it sets."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    rows += [f"| `{v.name}` | {v.shown_default} | {v.meaning} |" for v in VARIABLES]
    return "\n".join(rows) + "\n"
