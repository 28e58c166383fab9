"""The investigators' web app: `create_app()` builds it, one blueprint per area."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from graphmodel.config import Settings, load_settings

from .config import confirmation_policy, secret_key

# 1 MiB: the largest thing a page sends is a saved graph layout.
MAX_CONTENT_LENGTH = 1024 * 1024


def create_app(test_config: dict[str, Any] | None = None, settings: Settings | None = None) -> Flask:
    """Build the app from `settings` (by default, read from the environment); `test_config`
    overrides single values (tests pass NEO4J_SETTINGS, LOCAL_DATABASE...). LOCAL_DATABASE is the
    app's own database: a SQLite file path or a database URL."""
    app = Flask(__name__)
    settings = settings or load_settings()
    app.config.from_mapping(
        SECRET_KEY=None,
        LOCAL_DATABASE=settings.web_database,
        SECRET_KEY_FILE=settings.web_secret_key_file,
        COOKIE_SECURE_MODE=settings.cookie_secure,
        SESSION_HOURS=settings.session_hours,
        IDLE_MINUTES=settings.idle_minutes,
        DB_RETRY_SECONDS=settings.db_retry_seconds,
        VIEWS_REFRESH_SECONDS=settings.views_refresh_seconds,
        NEO4J_SETTINGS=settings,
        CHROMIUM=settings.chromium,
        INQUIRY=settings.inquiry,
        CONFIRMATION_POLICY=confirmation_policy(settings),
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        MAX_FORM_MEMORY_SIZE=MAX_CONTENT_LENGTH,
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secret_key(Path(app.config["SECRET_KEY_FILE"]))
    if settings.proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies,  # type: ignore[method-assign]
                                x_host=settings.proxies)
    if store := app.config.get("STORE"):
        app.extensions["tracegraph.store"] = store
    logging.getLogger("neo4j").setLevel(logging.ERROR)

    from . import db, errors, language, security, viewkeeper, views
    db.init_app(app)
    security.init_app(app)
    language.init_app(app)
    errors.init_app(app)
    views.init_app(app)
    viewkeeper.init_app(app)
    return app


def demo_users(agency: str, password: str, *, second_agency: str | None = None) -> list[dict[str, str]]:
    """Create one login per role (idempotently) for a demo; returns them for printing."""
    from . import accounts, localstore
    connection = localstore.connect(load_settings().web_database)
    created: list[dict[str, str]] = []
    try:
        plans = [("investigator", "investigator", agency, True), ("analyst", "analyst", agency, True),
                 ("liaison", "liaison", agency, False), ("admin", "admin", agency, False)]
        if second_agency:
            plans.append((f"investigator-{second_agency.lower()}", "investigator", second_agency, False))
            plans.append((f"analyst-{second_agency.lower()}", "analyst", second_agency, False))
        for username, role, home, cleared in plans:
            if accounts.get_user(connection, username) is None:
                accounts.add_user(connection, username, password, role, home, dna_cleared=cleared)
            created.append({"username": username, "role": role, "agency": home,
                            "dna_cleared": "yes" if cleared else "no"})
    finally:
        connection.close()
    return created
