"""The app served by gunicorn: one process per core, each with its own threads, on one port.

A process runs Python one thread at a time, so one process with many threads uses about one of the
machine's cores however busy the app is; gunicorn forks `processes` workers that share the
listening socket, restarts one that dies, and stops them all on SIGTERM or Ctrl-C. Each worker
builds its own app (and so its own Neo4j driver) after the fork.

What the workers share lives outside them: users, sessions, the audit trail and the answers kept
for export in the app's own database (SQLite in the instance folder, or PostgreSQL), the
session-signing key in its file. Before forking, the parent makes the key and brings the database
to the current schema, so that workers starting at once find both ready. The limits of the online
inquiry are counted in each process (`inquiries/limits.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from graphmodel.config import Settings

# Seconds a worker has to finish its requests after SIGTERM, and that an idle keep-alive
# connection is held open for the same client.
GRACEFUL_SECONDS = 20
KEEPALIVE_SECONDS = 5


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn's arbiter with its settings given in code, not read from a file or the command line."""

    def __init__(self, factory: Callable[[], Flask], options: dict[str, Any]) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        return self.factory()


def app_files(settings: Settings) -> dict[str, Any]:
    """The app's database and session key as `create_app(settings=settings)` finds them."""
    return {"LOCAL_DATABASE": settings.web_database, "SECRET_KEY_FILE": settings.web_secret_key_file}


def prepare(app_config: dict[str, Any]) -> None:
    """What the workers must find ready: the session key written, the app's database migrated."""
    from . import localstore
    from .config import secret_key
    if not app_config.get("SECRET_KEY"):
        secret_key(Path(app_config["SECRET_KEY_FILE"]))
    localstore.connect(app_config["LOCAL_DATABASE"]).close()


def serve(factory: Callable[[], Flask], app_config: dict[str, Any], *, host: str, port: int, processes: int,
          threads: int) -> None:
    """Serve the app `factory` builds (called once in each worker) until stopped.

    `app_config` is the configuration the factory's app will have (its key file and database),
    prepared here before the workers start. The client's address is the connection's: headers
    such as X-Forwarded-For and X-Forwarded-Proto count only through the app's own proxy setting
    (TRACEGRAPH_WEB_PROXIES), never through gunicorn's.
    """
    prepare(app_config)
    _Gunicorn(factory, {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": processes,
        "worker_class": "gthread",
        "threads": threads,
        "keepalive": KEEPALIVE_SECONDS,
        "graceful_timeout": GRACEFUL_SECONDS,
        "forwarded_allow_ips": "",
        "proc_name": "tracegraph",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }).run()
