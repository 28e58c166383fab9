"""Alembic's entry point for the web app's database: runs the revisions in `versions/` on the
connection `web/migrate.py` hands over (inside its transaction), or, from the `alembic` command
line, on the database the settings name (the owner role's URL when one is set)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    from graphmodel.config import load_settings
    from web.localstore import open_store

    settings = load_settings()
    store = open_store(settings.web_database_owner_url or settings.web_database)
    with store.write() as connection:
        context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    store.close()
else:
    # SQLite alters tables by copying them (batch mode), since its ALTER TABLE does little.
    context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
