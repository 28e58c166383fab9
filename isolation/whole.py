"""Building a view whole into an empty store: the first build of a view, or a rebuild after it was
emptied.

An empty view needs none of what a refresh does to find the difference (read the view's copy of
every node, its relationships and their far ends): every node the view may hold is read from the
main graph once, label by label in key order, page by page (keyset paging on the constrained key),
and written in large batches; then every relationship the view may hold, read once from its start
node (every relationship of the model starts at a copied label). The next page is read from the main
graph while one is written to the view, so both servers work at once.

The writes are the refresh's own (`MERGE` on the model's keys, `SET n = ...` with the whole property
map, `MERGE` of each relationship), batched with `UNWIND $rows`: a build that stops half-way leaves
a view that the next sync completes (it is no longer empty, so the refresh's careful path runs).
What a view built whole holds equals what a view built by the refresh holds (`tests/isolation`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from graphmodel.store import Store

from .rule import RECOMPUTED_DEFAULTS, ViewScope, view_properties
from .statements import Statements

# Nodes read from the main graph per page, and written to the view per transaction: large enough
# that a round trip costs little beside the rows, small enough for a view's small heap.
NODES_PER_PAGE = 5000


class Counting(Protocol):
    touched: int
    written: int


def pages(read: Callable[[str], list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    """Pages of rows by key (`read(after)` returns the page after `after`), the next one read in a
    thread while the caller works on the current one."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="view-page") as reader:
        pending = reader.submit(read, "")
        while rows := pending.result():
            pending = reader.submit(read, rows[-1]["key"])
            yield rows


class WholeBuild:
    """Copies what a view may hold from the main graph into an empty view."""

    def __init__(self, main: Store, view: Store, scope: ViewScope, statements: Statements,
                 ordered: Callable[[dict[str, Any]], dict[str, Any]], page: int = NODES_PER_PAGE) -> None:
        self.main = main
        self.view = view
        self.scope = scope
        self.s = statements
        self.ordered = ordered
        self.page = page
        self.params = scope.parameters
        # The keys written, by label: a relationship is written when its far end was (the far end's
        # visibility is then known without asking the main graph again, for every relationship).
        self.written: dict[str, set[Any]] = defaultdict(set)

    def run(self, report: Counting) -> None:
        """Nodes first (records, engine results, deliveries, then the places, routes, vessels and
        agencies they link), relationships after, so every relationship finds both its ends."""
        for label in [*self.s.copied, *sorted(self.s.linked)]:
            self._nodes(label, report)
        for label in self.s.copied:
            self._links(label)

    def _read(self, query: str, after: str) -> list[dict[str, Any]]:
        return self.main.read(query, {**self.params, "after": after, "limit": self.page})

    def _nodes(self, label: str, report: Counting) -> None:
        defaults = RECOMPUTED_DEFAULTS.get(label, {})
        query = self.s.page_nodes(label)
        for rows in pages(lambda after: self._read(query, after)):
            written = []
            for row in rows:
                props = view_properties(label, dict(row["pairs"]), self.scope)
                written.append({"key": row["key"], "props": self.ordered({**defaults, **props}),
                                "times": [name for name in row["times"] if name in props]})
                self.written[label].add(row["key"])
            self.view.write(self.s.write_nodes(label), {"rows": written})
            report.touched += len(rows) if label in self.s.copied else 0
            report.written += len(rows)

    def _links(self, label: str) -> None:
        query = self.s.page_links(label)
        for rows in pages(lambda after: self._read(query, after)):
            groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for row in rows:
                for rel in row["rels"]:
                    if rel["key"] not in self.written.get(rel["label"], ()):
                        continue
                    groups[(rel["type"], rel["label"])].append(
                        {"start": row["key"], "end": rel["key"], "props": self.ordered(dict(rel["props"])),
                         "times": rel["times"]})
            statements = [(self.s.write_links(rel_type, label, end), {"rows": groups[(rel_type, end)]})
                          for rel_type, end in sorted(groups)]
            if statements:
                self.view.write_together(statements)
