"""Moving the web app's database to another one: an instance's SQLite file to the PostgreSQL server
that several app servers will share (or any store to an empty one of either kind).

Every row of every table is copied with its id, in one transaction on the target, so the copy is
whole or not made at all. The audit trail's hashes do not depend on the database, so its chain
holds on the target exactly as on the source: the source's chain is checked before anything is
written and the target's after, in the same transaction, before it commits. On PostgreSQL the
copy runs as the role that owns the tables (the app's role may not set the id sequences), and
the sequences are moved past the copied ids so that the next entry follows the last copied one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, select, text

from . import auditchain, migrate
from .localstore import LocalStore, LocalStoreError
from .tables import audit, metadata

BATCH = 1_000


@dataclass(frozen=True)
class CopyReport:
    """What was copied: rows per table, in the order written, and the audit trail's last entry."""

    rows: dict[str, int]
    audit_entries: int
    last_audit_id: int | None
    last_audit_hash: str


def _revision_of(store: LocalStore, which: str) -> None:
    with store.read() as connection:
        revision = migrate.current(connection)
    wanted = migrate.head()
    if revision != wanted:
        state = f"is at schema revision {revision}" if revision else "has no TraceGraph tables"
        raise LocalStoreError(f"the {which} database {store.address} {state}, this version needs {wanted}: run "
                              "`tracegraph web-store migrate` on it first.")


def _rows(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _chain_of(connection: Connection) -> auditchain.ChainReport:
    rows = (dict(row) for row in connection.execute(select(audit).order_by(audit.c.id)).mappings())
    return auditchain.walk(rows)


def _primary_order(table: Table) -> list[Any]:
    return list(table.primary_key.columns)


def copy_store(source: LocalStore, target: LocalStore) -> CopyReport:
    """Copy every table of `source` into the empty `target` (both at the current schema); refuse, in
    one sentence and writing nothing, a target that holds rows or a source whose audit chain is broken."""
    if source.address == target.address:
        raise LocalStoreError(f"the source and the target are the same database ({source.address}).")
    _revision_of(source, "source")
    _revision_of(target, "target")
    tables = [table for table in metadata.sorted_tables]
    with source.read() as reading:
        chain = _chain_of(reading)
        if chain.broken is not None:
            raise LocalStoreError(f"the source's audit trail is broken, so it is not copied: {chain.broken.sentence}")
        counts: dict[str, int] = {}
        with target.write() as writing:
            held = {table.name: _rows(writing, table) for table in tables}
            if any(held.values()):
                filled = ", ".join(f"{name} {count:,}" for name, count in held.items() if count)
                raise LocalStoreError(f"the target database {target.address} is not empty ({filled} rows): a copy "
                                      "goes only into a database that holds nothing yet.")
            for table in tables:
                counts[table.name] = _copy_table(reading, writing, table)
            if target.is_postgresql:
                _move_sequences(writing, tables)
            copied = _chain_of(writing)
            if copied.broken is not None or (copied.entries, copied.last_hash) != (chain.entries, chain.last_hash):
                raise LocalStoreError("the audit trail does not hold on the target after the copy, so nothing was "
                                      "written: " + (copied.broken.sentence if copied.broken else
                                                     f"{copied.entries} entries against {chain.entries}."))
            for table in tables:
                if _rows(writing, table) != counts[table.name]:
                    raise LocalStoreError(f"the target's {table.name} table does not hold the rows copied into it, "
                                          "so nothing was written.")
    return CopyReport(rows=counts, audit_entries=chain.entries, last_audit_id=chain.last_id,
                      last_audit_hash=chain.last_hash)


def _copy_table(reading: Connection, writing: Connection, table: Table) -> int:
    """The table's rows in primary-key order, in batches, each with its own id."""
    order = _primary_order(table)
    result = reading.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    written = 0
    for partition in result.mappings().partitions(BATCH):
        rows = [dict(row) for row in partition]
        writing.execute(table.insert(), rows)
        written += len(rows)
    return written


def _move_sequences(writing: Connection, tables: list[Table]) -> None:
    """Each id sequence continues after the largest copied id (or starts at 1 for an empty table)."""
    for table in tables:
        for column in table.primary_key.columns:
            if not column.autoincrement or column.type.python_type is not int:
                continue
            sequence = writing.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                       {"table": table.name, "column": column.name}).scalar()
            if sequence is None:
                continue
            largest = writing.execute(select(func.max(column))).scalar()
            writing.execute(text("SELECT setval(CAST(:sequence AS regclass), :value, :called)"),
                            {"sequence": sequence, "value": largest or 1, "called": largest is not None})
