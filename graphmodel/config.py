"""Settings read from the environment, in one place, with their documented defaults.

| variable | default | meaning |
|---|---|---|
| TRACEGRAPH_HOME | `.tracegraph` under the current directory | everything local: fetched Neo4j, data, logs, pid, password, user store |
| TRACEGRAPH_CACHE | `$TRACEGRAPH_HOME/cache` | where the Neo4j distribution fetched from Maven Central is kept |
| TRACEGRAPH_NEO4J_PORT | 7687 | Bolt port of the local server |
| TRACEGRAPH_NEO4J_PASSWORD | generated on first start | initial password of the local server's `neo4j` user |
| TRACEGRAPH_NEO4J_HEAP | 4g | heap of the local server |
| TRACEGRAPH_NEO4J_PAGECACHE | 4g | page cache of the local server |
| NEO4J_URI | `neo4j://127.0.0.1:<port>` | the server to talk to (local, docker-compose, cluster or Aura) |
| NEO4J_USER | neo4j | |
| NEO4J_PASSWORD | the local server's password | |
| NEO4J_DATABASE | neo4j | the database every session names explicitly |
| TRACEGRAPH_ANALYST_ISOLATION | views | where analysts' queries run: `views` (a local server per view, Community) or `roles` (the main database as the agency's role, Enterprise or Aura; `tracegraph db roles`) |
| TRACEGRAPH_VIEW_PORTS | `<port+1>-<port+20>` | Bolt ports the analysts' view servers may take |
| TRACEGRAPH_VIEW_HEAP | 384m | heap of each view server |
| TRACEGRAPH_VIEW_PAGECACHE | 256m | page cache of each view server |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

NEO4J_VERSION = "5.26.30"
APOC_VERSION = "5.26.19"
PASSWORD_FILE = "neo4j-password"
ISOLATION_MODES = ("views", "roles")


@dataclass(frozen=True)
class Settings:
    """Where local files live and how to reach Neo4j."""

    home: Path
    cache: Path
    port: int
    heap: str
    pagecache: str
    initial_password: str | None
    uri: str
    user: str
    explicit_password: str | None
    database: str
    analyst_isolation: str = "views"
    view_ports: tuple[int, int] = (7688, 7707)
    view_heap: str = "384m"
    view_pagecache: str = "256m"

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

    def with_port(self, port: int) -> "Settings":
        """The same settings for a local server on another Bolt port."""
        uri = self.uri if "NEO4J_URI" in os.environ else local_uri(port)
        return Settings(**{**self.__dict__, "port": port, "uri": uri})


def local_uri(port: int) -> str:
    return f"neo4j://127.0.0.1:{port}"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read the settings from the environment (or the mapping given, for tests)."""
    env = os.environ if environ is None else environ
    home = Path(env.get("TRACEGRAPH_HOME") or Path.cwd() / ".tracegraph").absolute()
    port_text = env.get("TRACEGRAPH_NEO4J_PORT", "7687")
    try:
        port = int(port_text)
    except ValueError:
        raise ValueError(f"TRACEGRAPH_NEO4J_PORT must be a port number, not {port_text!r}.") from None
    isolation = env.get("TRACEGRAPH_ANALYST_ISOLATION", "views").strip().lower()
    if isolation not in ISOLATION_MODES:
        raise ValueError(f"TRACEGRAPH_ANALYST_ISOLATION must be views or roles, not {isolation!r}.")
    return Settings(
        home=home,
        cache=Path(env.get("TRACEGRAPH_CACHE") or home / "cache").absolute(),
        port=port,
        heap=env.get("TRACEGRAPH_NEO4J_HEAP", "4g"),
        pagecache=env.get("TRACEGRAPH_NEO4J_PAGECACHE", "4g"),
        initial_password=env.get("TRACEGRAPH_NEO4J_PASSWORD") or None,
        uri=env.get("NEO4J_URI") or local_uri(port),
        user=env.get("NEO4J_USER", "neo4j"),
        explicit_password=env.get("NEO4J_PASSWORD") or None,
        database=env.get("NEO4J_DATABASE", "neo4j"),
        analyst_isolation=isolation,
        view_ports=_port_range(env.get("TRACEGRAPH_VIEW_PORTS") or f"{port + 1}-{port + 20}"),
        view_heap=env.get("TRACEGRAPH_VIEW_HEAP", "384m"),
        view_pagecache=env.get("TRACEGRAPH_VIEW_PAGECACHE", "256m"),
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
