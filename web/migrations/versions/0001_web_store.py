"""The web app's tables as they stood before migrations: users, sessions, audit trail, layouts,
the workbench's history and saved queries.

On a SQLite file made before migrations existed (the tables are there, no version is recorded),
this creates only what is missing, so the instance keeps its users and its trail.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = "the audit trail is append-only"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("username", sa.String(40), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("agency", sa.String(40), nullable=False),
        sa.Column("dna_cleared", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("full_name", sa.Text, nullable=False, server_default=""),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("last_login_at", sa.Text),
        if_not_exists=True,
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(40), sa.ForeignKey("users.username"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("last_seen_at", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_index("sessions_by_user", "sessions", ["username"], if_not_exists=True)
    op.create_table(
        "audit",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("ip", sa.Text, nullable=False, server_default=""),
        sqlite_autoincrement=True,
        if_not_exists=True,
    )
    op.create_index("audit_by_user", "audit", ["username", "at"], if_not_exists=True)
    op.create_index("audit_by_action", "audit", ["action", "at"], if_not_exists=True)
    append_only_triggers()
    op.create_table(
        "layouts",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("report_uid", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("saved_at", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sqlite_autoincrement=True,
        if_not_exists=True,
    )
    op.create_index("layouts_by_report", "layouts", ["report_uid", "agency"], if_not_exists=True)
    op.create_table(
        "console_history",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("parameters", sa.Text, nullable=False),
        sa.Column("named", sa.Text, nullable=False, server_default=""),
        sa.Column("row_count", sa.Integer),
        sa.Column("duration_ms", sa.Float),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
        sqlite_autoincrement=True,
        if_not_exists=True,
    )
    op.create_index("console_history_by_user", "console_history", ["username", "id"], if_not_exists=True)
    op.create_table(
        "saved_queries",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("saved_at", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.UniqueConstraint("owner", "name"),
        sqlite_autoincrement=True,
        if_not_exists=True,
    )


def append_only_triggers() -> None:
    """Nothing, not even an owner's mistake, rewrites who did what: UPDATE and DELETE are refused.

    On PostgreSQL the app's role is also given no UPDATE or DELETE grant on the table (web/migrate.py);
    the triggers stop the owner role too, which can only get past them deliberately (ALTER TABLE).
    """
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER IF NOT EXISTS audit_no_{verb.lower()} BEFORE {verb} ON audit "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")
        return
    op.execute("CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
               f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$")
    op.execute("CREATE TRIGGER audit_no_update_or_delete BEFORE UPDATE OR DELETE ON audit "
               "FOR EACH ROW EXECUTE FUNCTION audit_append_only()")
    op.execute("CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")


def downgrade() -> None:
    for table in ("saved_queries", "console_history", "layouts", "audit", "sessions", "users"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
