"""The tables of what the app keeps of each inquiry outside the graph (`ledger.py` queries them), as
SQLAlchemy Core objects. They live in the web app's own database (SQLite or PostgreSQL): the web
app's schema (`web/tables.py`) takes them in, and its migrations create them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()
# 64-bit ids on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is already 64-bit, and only it autoincrements.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Database(Protocol):
    """The web app's database as the ledger uses it (`web.localstore.LocalStore`)."""

    def read(self) -> AbstractContextManager[Connection]: ...

    def write(self) -> AbstractContextManager[Connection]: ...


# What must not be in the graph (the secret's hash, the
# family's contact details, the consent as given) and the drafts of inquiries being written.
inquiries = Table(
    "inquiries", metadata,
    Column("number", String(40), primary_key=True),
    Column("report_uid", Text, nullable=False),
    Column("agency", Text, nullable=False),
    Column("secret_salt", Text, nullable=False),
    Column("secret_hash", Text, nullable=False),
    Column("lang", String(10), nullable=False),
    Column("filed_at", Text, nullable=False),
    Column("consent", Text, nullable=False),
    Column("contact", Text, nullable=False),
    Column("answers", Text, nullable=False, default="{}"),
    Column("status", String(40), nullable=False),
    Column("message", Text, nullable=False, default=""),
    Column("message_at", Text),
    Column("graph_written", Boolean, nullable=False, default=False),
    Column("matched_at", Text),
    Column("withdrawn_at", Text),
    Column("draft_hash", String(64), unique=True),
    Index("inquiries_pending", "graph_written", "matched_at"),
)

inquiry_drafts = Table(
    "inquiry_drafts", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("started", Float, nullable=False),
    Column("lang", String(10), nullable=False),
    Column("answers", Text, nullable=False, default="{}"),
    Column("address", Text, nullable=False, default=""),
    Index("inquiry_drafts_by_age", "updated_at"),
)

inquiry_photos = Table(
    "inquiry_photos", metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("draft_hash", String(64)),
    Column("number", String(40)),
    Column("created_at", Text, nullable=False),
    Column("jpeg", LargeBinary, nullable=False),
    Index("inquiry_photos_by_draft", "draft_hash"),
    Index("inquiry_photos_by_number", "number"),
    sqlite_autoincrement=True,
)
