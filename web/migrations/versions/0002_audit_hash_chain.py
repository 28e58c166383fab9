"""The audit trail becomes a hash chain: each entry carries the hash of the one before it and its
own, computed over its content (web/auditchain.py), so `tracegraph audit verify` finds an entry
changed or removed after it was written.

Entries written before this revision are chained here, in the order they were written: from now
on they are covered too (what happened to them before cannot be proven after the fact).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from web import auditchain

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FIELDS = ("at", "username", "role", "agency", "action", "target", "detail", "ip")


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("audit", sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
    op.add_column("audit", sa.Column("entry_hash", sa.String(64), nullable=False, server_default=""))
    audit = sa.table("audit", sa.column("id"), sa.column("prev_hash"), sa.column("entry_hash"),
                     *(sa.column(name) for name in FIELDS))
    rows = bind.execute(sa.select(audit).order_by(audit.c.id)).mappings().all()
    if not rows:
        return
    previous = auditchain.GENESIS
    chained = []
    for row in rows:
        entry = auditchain.entry_hash(previous, {name: row[name] for name in FIELDS})
        chained.append({"row_id": row["id"], "prev": previous, "entry": entry})
        previous = entry
    # The append-only triggers are lifted for this one rewrite, inside the migration's transaction.
    _triggers(bind.dialect.name, enable=False)
    bind.execute(sa.update(audit).where(audit.c.id == sa.bindparam("row_id"))
                 .values(prev_hash=sa.bindparam("prev"), entry_hash=sa.bindparam("entry")), chained)
    _triggers(bind.dialect.name, enable=True)


def _triggers(dialect: str, *, enable: bool) -> None:
    if dialect == "postgresql":
        op.execute(f"ALTER TABLE audit {'ENABLE' if enable else 'DISABLE'} TRIGGER audit_no_update_or_delete")
        return
    for verb in ("UPDATE", "DELETE"):
        if enable:
            op.execute(f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit "
                       "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
        else:
            op.execute(f"DROP TRIGGER audit_no_{verb.lower()}")


def downgrade() -> None:
    op.drop_column("audit", "entry_hash")
    op.drop_column("audit", "prev_hash")
