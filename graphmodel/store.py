"""The one module that owns the Neo4j driver.

Every statement runs in a managed transaction (`execute_read` / `execute_write`) against the
database named in the settings, with parameters only, so the same code works against the local
server, the docker-compose one, a cluster (`neo4j://` routing) or Aura (`neo4j+s://`). On a
cluster, reads go to the followers and read replicas and writes to the leader; the sessions of one
Store share a bookmark manager, so a read always sees what this process wrote before it (a
reviewer's decision appears on the next page, even when a replica serves it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, Record, SummaryCounters, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.exceptions import DatabaseUnavailable as Neo4jDatabaseUnavailable
from neo4j.spatial import WGS84Point

from .config import Settings, load_settings
from .errors import DatabaseUnavailable, TraceGraphError
from .journal import EVERYTHING, JOURNAL_STATEMENT, journal_keys

DEFAULT_BATCH_SIZE = 2000
# What a batched write touched: the journal keys (`graphmodel.journal.touched`) of a batch's rows.
Touched = Callable[[Sequence[Mapping[str, Any]]], Iterable[str]]


def wgs84_point(longitude: float, latitude: float) -> WGS84Point:
    """A point parameter as the driver sends it, so that no package but this one imports the driver."""
    return WGS84Point((longitude, latitude))


BOOKMARK_TIMEOUT = "Neo.TransientError.Transaction.BookmarkTimeout"


class QueryRefused(TraceGraphError):
    """The database refused a query (a syntax error, a write in a read-only session, a timeout)."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        # The server's status code (Neo.ClientError.Transaction.Terminated...): why, for a caller that words it.
        self.code = code

    @property
    def timed_out(self) -> bool:
        return "TransactionTimedOut" in self.code

    @property
    def terminated(self) -> bool:
        return self.code.endswith("Transaction.Terminated")


@dataclass
class WriteCounters:
    """What a write changed, summed over its batches."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    batches: int = 0
    rows: int = 0

    def add(self, counters: neo4j.SummaryCounters, rows: int = 0, batches: int = 1) -> None:
        self.nodes_created += counters.nodes_created
        self.nodes_deleted += counters.nodes_deleted
        self.relationships_created += counters.relationships_created
        self.relationships_deleted += counters.relationships_deleted
        self.properties_set += counters.properties_set
        self.batches += batches
        self.rows += rows

    @property
    def elements_written(self) -> int:
        """Nodes and relationships created."""
        return self.nodes_created + self.relationships_created


@dataclass
class ReadOnlyResult:
    """The outcome of an analyst's query: raw records, so nodes and paths can be drawn."""

    keys: list[str]
    records: list[Record] = field(default_factory=list)
    truncated: bool = False
    duration_ms: float = 0.0


@dataclass(frozen=True)
class ServerInfo:
    name: str
    version: str
    edition: str


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class Store:
    """Access to the graph: reads, batched idempotent writes and read-only analyst sessions."""

    def __init__(self, settings: Settings | None = None, *, retry_seconds: float = 15.0,
                 impersonate: str | None = None, journal: bool = True) -> None:
        self.settings = settings or load_settings()
        # A copy of the graph (an analysts' view) is written from the journal and keeps none itself.
        self.journal = journal
        # On Neo4j Enterprise or Aura, every session runs as this user, with its roles' privileges
        # (the analysts' roles of `tracegraph db roles`); the connecting user needs IMPERSONATE.
        self.impersonate = impersonate
        try:
            self._driver = GraphDatabase.driver(
                self.settings.uri,
                auth=(self.settings.user, self.settings.password or ""),
                connection_timeout=5.0,
                connection_acquisition_timeout=10.0,
                max_transaction_retry_time=retry_seconds,
                user_agent="tracegraph",
                # Hints such as "this property key does not exist yet" are normal on a young graph.
                notifications_min_severity="OFF",
            )
        except (ConfigurationError, ValueError) as error:
            raise DatabaseUnavailable(f"NEO4J_URI {self.settings.uri!r} is not a Neo4j URI: {error}") from None
        self.database = self.settings.database
        self._bookmarks = GraphDatabase.bookmark_manager()

    def close(self) -> None:
        self._driver.close()

    def database_replaced(self) -> None:
        """Forget the causal chain after the database was replaced offline (an import): the new
        one counts its transactions from the start, and a bookmark of the old one would make every
        query wait for a transaction that never comes."""
        self._bookmarks = GraphDatabase.bookmark_manager()
        self._driver.verify_connectivity()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _session(self, access_mode: str = neo4j.WRITE_ACCESS) -> Iterator[neo4j.Session]:
        with self._translated_errors():
            with self._driver.session(database=self.database, default_access_mode=access_mode,
                                      bookmark_manager=self._bookmarks,
                                      impersonated_user=self.impersonate) as session:
                yield session

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        uri = self.settings.uri
        try:
            yield
        except AuthError:
            raise DatabaseUnavailable(
                f"Neo4j at {uri} refused the credentials of user {self.settings.user!r}: "
                "set NEO4J_USER and NEO4J_PASSWORD (the local server's password is in "
                f"{self.settings.password_file})."
            ) from None
        except (ServiceUnavailable, SessionExpired) as error:
            raise DatabaseUnavailable(
                f"Neo4j is not reachable at {uri} ({_first_line(error)}): start the local server with "
                "`tracegraph db start`, or set NEO4J_URI to a running one."
            ) from None
        except ClientError as error:
            raise QueryRefused(_clean_message(error), error.code or "") from None
        except Neo4jDatabaseUnavailable as error:
            # the server answers but its database is starting, stopping or between cluster leaders
            raise DatabaseUnavailable(
                f"Neo4j at {uri} cannot serve database {self.database!r} right now ({_clean_message(error)}): "
                "try again in a moment."
            ) from None
        except TransientError as error:
            if error.code == BOOKMARK_TIMEOUT:
                # The database was replaced offline (an initial import) since this store's last
                # write: its transaction ids start again, and the next query must not wait for ours.
                self._bookmarks = GraphDatabase.bookmark_manager()
                raise DatabaseUnavailable(
                    f"Neo4j at {uri} serves a database {self.database!r} replaced since this connection's "
                    "last write: try again.") from None
            raise QueryRefused(_clean_message(error), error.code or "") from None
        except Neo4jError as error:
            raise TraceGraphError(f"Neo4j reported an error: {_clean_message(error)}") from None
        except DriverError as error:
            raise DatabaseUnavailable(f"Neo4j at {uri} could not be used: {_first_line(error)}") from None

    def server_info(self) -> ServerInfo:
        """Name, version and edition as the server reports them (`dbms.components()`)."""
        rows = self.read("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition")
        row = rows[0]
        return ServerInfo(name=row["name"], version=row["versions"][0], edition=row["edition"])

    def read(self, query: str, parameters: Mapping[str, Any] | None = None, *,
             timeout: float | None = None) -> list[dict[str, Any]]:
        """Run a read query; each record as a dict (nodes become property maps)."""
        params = quiet_parameters(parameters or {})

        @unit_of_work(timeout=timeout)
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params)]

        with self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def read_in_one(self, statements: Sequence[tuple[str, Mapping[str, Any]]], *,
                    timeout: float | None = None) -> list[list[dict[str, Any]]]:
        """Run several read queries, in order, in ONE managed transaction: each one's rows as dicts.

        They read one snapshot of the graph, and pay for one transaction's beginning and end
        instead of one each (a page's bundle of small queries); `timeout` cuts off the whole.
        """
        bound = [(query, dict(parameters)) for query, parameters in statements]

        @unit_of_work(timeout=timeout)
        def work(tx: ManagedTransaction) -> list[list[dict[str, Any]]]:
            return [[record.data() for record in tx.run(query, parameters)] for query, parameters in bound]

        with self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def read_records(self, query: str, parameters: Mapping[str, Any] | None = None, *,
                     timeout: float | None = None) -> list[Record]:
        """Run a read query and keep the driver's records (nodes, relationships and paths intact)."""
        params = dict(parameters or {})

        @unit_of_work(timeout=timeout)
        def work(tx: ManagedTransaction) -> list[Record]:
            return list(tx.run(query, params))

        with self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def write(self, query: str, parameters: Mapping[str, Any] | None = None, *,
              touched: Iterable[str] = ()) -> WriteCounters:
        """Run one write in one managed transaction; `touched` names the nodes it writes or deletes
        for the change journal (`graphmodel.journal`), recorded in the same transaction."""
        return self.write_together([(query, parameters or {})], touched=touched)

    def write_together(self, statements: Sequence[tuple[str, Mapping[str, Any]]], *,
                       touched: Iterable[str] = ()) -> WriteCounters:
        """Run several writes, in order, in ONE managed transaction: all of them or none.

        Each statement sees what the ones before it wrote. Small separate statements plan faster
        than one statement of many `CALL` subqueries, and need no eager step between them. A
        statement that cannot know beforehand which nodes it changes (a rule applied wherever it
        holds) returns them in a `touched` column of journal keys; they join `touched` in the
        change journal's entry of the same transaction.
        """
        named = list(touched)

        def work(tx: ManagedTransaction) -> WriteCounters:
            totals = WriteCounters(batches=1)
            found = list(named)
            for query, parameters in statements:
                totals.add(_run_journalled(tx, query, parameters, found), batches=0)
            if found and self.journal:
                tx.run(JOURNAL_STATEMENT, journal_keys=journal_keys(found)).consume()
            return totals

        with self._session() as session:
            return session.execute_write(work)

    def write_batches(self, query: str, rows: Iterable[Mapping[str, Any]], *,
                      batch_size: int = DEFAULT_BATCH_SIZE,
                      parameters: Mapping[str, Any] | None = None,
                      touched: Touched | None = None) -> WriteCounters:
        """Run `query` once per batch of rows, passed as `$rows`, each batch its own transaction.

        The query must be idempotent (`UNWIND $rows AS row MERGE ...`): a batch that is retried, or
        a whole load that is run again, changes nothing the first run did not. `touched(batch)`
        names the nodes a batch writes or deletes, journalled in the batch's transaction.
        """
        extra = dict(parameters or {})
        totals = WriteCounters()
        with self._session() as session:
            for batch in _batches(rows, batch_size):
                params = {**extra, "rows": list(batch)}
                keys = journal_keys(touched(batch)) if touched else []
                counters = session.execute_write(_write_batch, query, params, keys if self.journal else None)
                totals.add(counters, rows=len(batch))
        return totals

    def run_read_only(self, query: str, parameters: Mapping[str, Any] | None = None, *,
                      timeout: float = 30.0, row_cap: int = 10_000,
                      metadata: Mapping[str, str] | None = None) -> ReadOnlyResult:
        """Run an analyst's query in a read transaction with a timeout and a row cap.

        Writes are refused by the server itself: the transaction is opened in read access mode, so
        CREATE, MERGE, SET, DELETE, LOAD CSV, write procedures and admin commands all fail there.
        `metadata` is attached to the transaction, where `terminate_transactions` finds it.
        """
        params = dict(parameters or {})

        @unit_of_work(timeout=timeout, metadata=dict(metadata or {}))
        def work(tx: ManagedTransaction) -> ReadOnlyResult:
            result = tx.run(query, params)
            outcome = ReadOnlyResult(keys=list(result.keys()))
            for record in result:
                if len(outcome.records) >= row_cap:
                    outcome.truncated = True
                    break
                outcome.records.append(record)
            return outcome

        started = time.perf_counter()
        with self._session(neo4j.READ_ACCESS) as session:
            outcome = session.execute_read(work)
        outcome.duration_ms = (time.perf_counter() - started) * 1000
        return outcome

    def terminate_transactions(self, metadata: Mapping[str, str]) -> list[str]:
        """Stop the running transactions of this store's database whose metadata holds every given
        key with its value (`run_read_only(metadata=...)`); the ids of those stopped.

        SHOW and TERMINATE TRANSACTIONS are administration commands: they run on their own, outside
        any transaction, and a user (or impersonated role) sees and stops its own transactions.
        """
        wanted = dict(metadata)
        if not wanted:
            raise ValueError("terminating transactions needs metadata to find them by")
        with self._session(neo4j.WRITE_ACCESS) as session:
            rows = session.run("SHOW TRANSACTIONS YIELD transactionId, metaData, status "
                               "RETURN transactionId, metaData, status").data()
            ids = [row["transactionId"] for row in rows
                   if all((row["metaData"] or {}).get(key) == value for key, value in wanted.items())
                   and not str(row["status"]).startswith("Terminated")]
            if ids:
                session.run("TERMINATE TRANSACTIONS $ids", {"ids": ids}).consume()
        return ids

    def running_transactions(self, metadata: Mapping[str, str]) -> list[str]:
        """The ids of this database's transactions whose metadata holds every given key and value."""
        wanted = dict(metadata)
        with self._session(neo4j.READ_ACCESS) as session:
            rows = session.run("SHOW TRANSACTIONS YIELD transactionId, metaData RETURN transactionId, metaData").data()
        return [row["transactionId"] for row in rows
                if all((row["metaData"] or {}).get(key) == value for key, value in wanted.items())]

    def delete_everything(self, batch_size: int = 10_000) -> WriteCounters:
        """Delete every relationship, then every node, a batch per transaction, so that no
        transaction grows unbounded: a node with a million relationships (an agency's) is not
        deleted in one go. The journal then says that everything may have changed."""
        totals = WriteCounters()
        with self._session() as session:
            for query in ("MATCH ()-[r]->() WITH r LIMIT $limit DELETE r",
                          "MATCH (n) WITH n LIMIT $limit DETACH DELETE n"):
                while True:
                    counters = session.execute_write(_write_batch, query, {"limit": batch_size})
                    totals.add(counters)
                    if counters.nodes_deleted == 0 and counters.relationships_deleted == 0:
                        break
            if self.journal:
                session.execute_write(_write_batch, JOURNAL_STATEMENT, {"journal_keys": [EVERYTHING]})
        return totals

    def run_administration(self, statements: Iterable[str]) -> None:
        """Run administration commands (roles, users, privileges) against the `system` database,
        each in its own transaction."""
        with self._translated_errors():
            with self._driver.session(database="system", impersonated_user=self.impersonate) as session:
                for statement in statements:
                    session.execute_write(_write_batch, statement, {})

    def run_schema(self, statements: Iterable[str]) -> None:
        """Run schema commands, each in its own transaction (Neo4j refuses mixing them)."""
        with self._session() as session:
            for statement in statements:
                session.execute_write(_write_batch, statement, {})


def _write_batch(tx: ManagedTransaction, query: str, parameters: Mapping[str, Any],
                 journal: Sequence[str] | None = ()) -> SummaryCounters:
    """One write transaction's work, named rather than a lambda so that what it runs is bound when
    it is handed to the driver (which may call it again on a retry); `journal` lists the change
    journal's keys of the nodes it touched, recorded in the same transaction with those the
    statement returns in a `touched` column (None: a store that keeps no journal)."""
    found = list(journal or ())
    counters = _run_journalled(tx, query, parameters, found)
    if found and journal is not None:
        tx.run(JOURNAL_STATEMENT, journal_keys=journal_keys(found)).consume()
    return counters


class _Rows(list[Any]):
    """A list parameter whose repr is short. The driver writes the repr of every statement's
    parameters into the text of a debug log message before it asks whether debug logging is on,
    for every statement: for a load's batches of a thousand rows, about as much client CPU as
    packing them. The rows themselves are sent as any list."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} values>"


def quiet_parameters(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as sent, each list in one whose repr is short (see `_Rows`)."""
    return {name: _Rows(value) if isinstance(value, list) else value for name, value in parameters.items()}


def _run_journalled(tx: ManagedTransaction, query: str, parameters: Mapping[str, Any],
                    found: list[str]) -> SummaryCounters:
    """Run one statement; the journal keys it returns in a `touched` column are added to `found`."""
    result = tx.run(query, quiet_parameters(parameters))
    if "touched" in result.keys():
        for record in result:
            found.extend(key for key in record["touched"] or () if key is not None)
    return result.consume().counters


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _clean_message(error: Neo4jError) -> str:
    """The server's own message, without the driver's wrapping."""
    message = (error.message or str(error)).strip()
    return message.splitlines()[0] if message else type(error).__name__
