"""What the engines need of the graph, as a type: `graphmodel.store.Store` is one.

The identification engine, the kinship screening and the case read-model read and write only
through named queries run by a store. Typed against this protocol rather than the Store class, they never import the
Neo4j driver, and a store that keeps the same methods (on another connection, say) serves
them unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol


class GraphStore(Protocol):
    """Reads and writes the graph, each statement in its own managed transaction."""

    def read(self, query: str, parameters: Mapping[str, Any] | None = None, *,
             timeout: float | None = None) -> list[dict[str, Any]]:
        """Rows of a read query, each as a dict; with `timeout`, cut off after that many seconds."""
        ...

    def read_in_one(self, statements: Sequence[tuple[str, Mapping[str, Any]]], *,
                    timeout: float | None = None) -> list[list[dict[str, Any]]]:
        """Rows of several read queries, in order, read in one transaction (one snapshot)."""
        ...

    def write(self, query: str, parameters: Mapping[str, Any] | None = None, *,
              touched: Iterable[str] = ()) -> Any:
        """Run one write; its counters (`nodes_created`, `nodes_deleted`, ...). `touched` names the
        nodes it writes or deletes for the change journal (`graphmodel.journal`), in the same transaction."""
        ...

    def write_together(self, statements: Sequence[tuple[str, Mapping[str, Any]]], *,
                       touched: Iterable[str] = ()) -> Any:
        """Run several writes, in order, in one transaction: all of them or none."""
        ...

    def write_batches(self, query: str, rows: Iterable[Mapping[str, Any]], *, batch_size: int = ...,
                      parameters: Mapping[str, Any] | None = None,
                      touched: Callable[[Sequence[Mapping[str, Any]]], Iterable[str]] | None = None) -> Any:
        """Run an idempotent `UNWIND $rows` write once per batch of rows; `touched(batch)` names what
        each batch writes, journalled with it."""
        ...
