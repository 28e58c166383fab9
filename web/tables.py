"""The tables of the web app's own database, as SQLAlchemy Core objects the queries are built from.

The same tables on SQLite (the embedded default) and PostgreSQL. Their history lives in
`web/migrations/versions/`: a change here goes with a new revision there. Times are ISO 8601 text
in UTC with seconds (`localstore.now()`), the form the audit trail's hashes are computed over, so
an entry hashes the same on either database and after a copy from one to the other.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from inquiries import tables as inquiry_tables

metadata = MetaData()
# 64-bit ids on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is already 64-bit, and only it autoincrements.
Id = BigInteger().with_variant(Integer(), "sqlite")

users = Table(
    "users", metadata,
    Column("username", String(40), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("agency", String(40), nullable=False),
    Column("dna_cleared", Boolean, nullable=False, default=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("full_name", Text, nullable=False, default=""),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("last_login_at", Text),
    # the staff pages' language the user chose (cases/i18n.py); none: the browser's
    Column("language", String(16)),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(40), ForeignKey("users.username"), nullable=False),
    Column("created_at", Text, nullable=False),
    Column("last_seen_at", Text, nullable=False),
    Index("sessions_by_user", "username"),
)

audit = Table(
    "audit", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("agency", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("target", Text, nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("ip", Text, nullable=False, default=""),
    # The hash chain (web/auditchain.py): each entry carries its predecessor's hash and its own.
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
    Index("audit_by_user", "username", "at"),
    Index("audit_by_action", "action", "at"),
    sqlite_autoincrement=True,
)

layouts = Table(
    "layouts", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("report_uid", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("agency", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
    Column("content", Text, nullable=False),
    Index("layouts_by_report", "report_uid", "agency"),
    sqlite_autoincrement=True,
)

console_history = Table(
    "console_history", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("username", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("parameters", Text, nullable=False),
    Column("named", Text, nullable=False, default=""),
    Column("row_count", Integer),
    Column("duration_ms", Float),
    Column("error", Text, nullable=False, default=""),
    Index("console_history_by_user", "username", "id"),
    sqlite_autoincrement=True,
)

saved_queries = Table(
    "saved_queries", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("owner", Text, nullable=False),
    Column("agency", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("shared", Boolean, nullable=False, default=False),
    Column("saved_at", Text, nullable=False),
    Column("source", Text, nullable=False),
    UniqueConstraint("owner", "name"),
    sqlite_autoincrement=True,
)

# Workbench answers kept for export (web/workbench_export.py): in the database, not in a process's
# memory, so that the export reaches whichever of the app's processes serves it. Kept an hour at most.
workbench_answers = Table(
    "workbench_answers", metadata,
    Column("username", Text, primary_key=True),
    Column("run_id", String(64), primary_key=True),
    Column("kept_at", Float, nullable=False),
    Column("answer", Text, nullable=False),
    Index("workbench_answers_by_age", "kept_at"),
)

# Online inquiries: their tables are the inquiries package's (inquiries/tables.py), which the ledger
# queries; they are part of this database, its migrations and its grants.
inquiries = inquiry_tables.inquiries.to_metadata(metadata)
inquiry_drafts = inquiry_tables.inquiry_drafts.to_metadata(metadata)
inquiry_photos = inquiry_tables.inquiry_photos.to_metadata(metadata)

# Tables the app's database role may only read and append to (PostgreSQL grants, web/migrate.py).
APPEND_ONLY = frozenset({"audit"})
