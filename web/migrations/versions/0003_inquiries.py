"""The online inquiry's tables: filed inquiries (receipt, consent, contact, status), drafts being
written and their photos (inquiries/ledger.py).

A SQLite file whose inquiry tables were made before migrations keeps them and their rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inquiries",
        sa.Column("number", sa.String(40), primary_key=True),
        sa.Column("report_uid", sa.Text, nullable=False),
        sa.Column("agency", sa.Text, nullable=False),
        sa.Column("secret_salt", sa.Text, nullable=False),
        sa.Column("secret_hash", sa.Text, nullable=False),
        sa.Column("lang", sa.String(10), nullable=False),
        sa.Column("filed_at", sa.Text, nullable=False),
        sa.Column("consent", sa.Text, nullable=False),
        sa.Column("contact", sa.Text, nullable=False),
        sa.Column("answers", sa.Text, nullable=False, server_default="{}"),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
        sa.Column("message_at", sa.Text),
        sa.Column("graph_written", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("matched_at", sa.Text),
        sa.Column("withdrawn_at", sa.Text),
        sa.Column("draft_hash", sa.String(64), unique=True),
        if_not_exists=True,
    )
    op.create_index("inquiries_pending", "inquiries", ["graph_written", "matched_at"], if_not_exists=True)
    op.create_table(
        "inquiry_drafts",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("started", sa.Float, nullable=False),
        sa.Column("lang", sa.String(10), nullable=False),
        sa.Column("answers", sa.Text, nullable=False, server_default="{}"),
        sa.Column("address", sa.Text, nullable=False, server_default=""),
        if_not_exists=True,
    )
    op.create_index("inquiry_drafts_by_age", "inquiry_drafts", ["updated_at"], if_not_exists=True)
    op.create_table(
        "inquiry_photos",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("draft_hash", sa.String(64)),
        sa.Column("number", sa.String(40)),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("jpeg", sa.LargeBinary, nullable=False),
        sqlite_autoincrement=True,
        if_not_exists=True,
    )
    op.create_index("inquiry_photos_by_draft", "inquiry_photos", ["draft_hash"], if_not_exists=True)
    op.create_index("inquiry_photos_by_number", "inquiry_photos", ["number"], if_not_exists=True)


def downgrade() -> None:
    for table in ("inquiry_photos", "inquiry_drafts", "inquiries"):
        op.drop_table(table)
