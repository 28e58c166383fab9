"""Workbench answers kept for export in the database, so that any of the app's processes can export
what another one ran (web/workbench_export.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workbench_answers",
        sa.Column("username", sa.Text, primary_key=True),
        sa.Column("run_id", sa.String(64), primary_key=True),
        sa.Column("kept_at", sa.Float, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
    )
    op.create_index("workbench_answers_by_age", "workbench_answers", ["kept_at"])


def downgrade() -> None:
    op.drop_table("workbench_answers")
