"""Runs files through the whole path: checks, rows, graphs, batches, rejects and summary.

`prepare` does every whole-file check (encoding, CSV structure, header) for every file of a
delivery before anything is written, so a refused file leaves no trace. `load_file` then
streams one file: each row becomes a record graph or a rejected row; record graphs are written
in batches by two writer threads while the next batch is being read, so reading and the database
work at the same time and memory holds at most four batches. Two transactions in flight keep the
server busy while the other one's batch is packed, sent or committed; they meet only at nodes both
merge (an agency, a place), where the server makes one wait for the other and the driver retries
one that it stopped for a deadlock.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from graphmodel.store import Store

from .cells import Cells
from .errors import FileRefused
from .formats.base import Adapter, FilePlan, LoadContext, property_name
from .graph import RecordGraph
from .report import FileSummary, RejectsWriter, count_warnings
from .source import FileFacts, clean_header, inspect_file, read_leading_rows, stream_rows
from .writer import BatchOutcome, GraphWriter, write_delivery

DEFAULT_BATCH_SIZE = 1000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class PreparedFile:
    """A file that passed the whole-file checks."""

    plan: FilePlan
    facts: FileFacts
    header: list[str]
    header_index: int
    extra_columns: list[str]

    @property
    def data_rows(self) -> int:
        """CSV rows after the header (blank lines included), for the progress bar."""
        return max(self.facts.csv_rows - self.header_index - 1, 0)


def prepare(plan: FilePlan) -> PreparedFile:
    """Every whole-file check, or FileRefused naming the file and the problem."""
    adapter = plan.adapter
    facts = inspect_file(plan.path, encoding=adapter.encoding, delimiter=adapter.delimiter)
    leading = read_leading_rows(plan.path, adapter.header_search_rows,
                                encoding=adapter.encoding, delimiter=adapter.delimiter)
    index = adapter.locate_header(leading)
    if index >= len(leading):
        raise FileRefused(f"{plan.path.name} has no header row.")
    header = clean_header(leading[index])
    problems = adapter.header_problems(header)
    if problems:
        hint = ""
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            hint = " (its columns look separated by semicolons or tabs, not commas)"
        raise FileRefused(
            f"{plan.path.name} is not a {adapter.kind} file: {'; '.join(problems)}{hint}.")
    repeated = [column for column, count in Counter(header).items() if column and count > 1]
    if repeated:
        raise FileRefused(f"{plan.path.name} has the column {repeated[0]!r} twice in its header.")
    known = set(adapter.columns)
    extras = [column for column in header if column and column not in known]
    return PreparedFile(plan, facts, header, index, extras)


class _BatchSink:
    """Sends batches to the writer on two background threads, at most three waiting or in flight."""

    def __init__(self, writer: GraphWriter | None) -> None:
        self.writer = writer
        self.totals = BatchOutcome()
        self._pending: deque[Future[BatchOutcome]] = deque()
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ingest-writer") if writer else None

    def submit(self, graphs: list[RecordGraph], hashes: list[str]) -> None:
        if self.writer is None or self._executor is None:
            self.totals.new += len(graphs)
            self.totals.new_rows += sum(graph.rows for graph in graphs)
            return
        while len(self._pending) >= 3:
            self._collect(self._pending.popleft())
        self._pending.append(self._executor.submit(self.writer.write, graphs, hashes))

    def _collect(self, future: Future[BatchOutcome]) -> None:
        outcome = future.result()
        for name in vars(outcome):
            setattr(self.totals, name, getattr(self.totals, name) + getattr(outcome, name))

    def drain(self) -> None:
        while self._pending:
            self._collect(self._pending.popleft())

    def close(self) -> None:
        if self._executor is not None:
            # On an interrupt the batch in flight finishes or rolls back whole; queued ones are
            # dropped, and a re-run writes them.
            self._executor.shutdown(wait=True, cancel_futures=True)


def source_rows(prepared: PreparedFile) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each data row of a prepared file, blank rows skipped."""
    adapter = prepared.plan.adapter
    for row in stream_rows(prepared.plan.path, header_index=prepared.header_index,
                           encoding=adapter.encoding, delimiter=adapter.delimiter):
        if not any(cell.strip() for cell in row.cells):
            continue
        yield row.line, row.cells


def load_file(prepared: PreparedFile, *, agency: str, sharing: str, store: Store | None,
              rejects_path: Path, batch_size: int = DEFAULT_BATCH_SIZE,
              progress: Progress | None = None) -> FileSummary:
    """Load one prepared file (or, without a store, only validate it: a dry run)."""
    plan, adapter = prepared.plan, prepared.plan.adapter
    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    source_file = plan.path.name
    context = LoadContext(agency=agency, source_file=source_file, sharing=sharing)
    summary = FileSummary(file=source_file, path=str(plan.path), format=plan.format, kind=adapter.kind,
                          agency=agency, sha256=prepared.facts.sha256, rejects_file=str(rejects_path),
                          extra_columns=prepared.extra_columns, dry_run=store is None)
    writer = GraphWriter(store, agency=agency, source_file=source_file, now=now) if store else None
    sink = _BatchSink(writer)
    rejects = RejectsWriter(rejects_path, prepared.header)
    empty_markers: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    batch: list[RecordGraph] = []
    first_seen: dict[str, int] = {}

    def flush() -> None:
        if batch:
            hashes = [graph.content_hash() for graph in batch]
            sink.submit(list(batch), hashes)
            summary.records += len(batch)
            batch.clear()

    # Only a file without extra columns: their cells are checked and kept the usual way.
    quick = adapter.quick_rows(prepared.header) if not prepared.extra_columns else None
    try:
        for line, raw_cells in source_rows(prepared):
            summary.rows_read += 1
            if quick is not None and quick(line, raw_cells):
                if progress is not None:
                    progress(1)
                continue
            graph = transform_row(adapter, prepared, line, raw_cells, context, empty_markers,
                                   first_seen, rejects, warnings)
            if graph is not None:
                batch.append(graph)
                if len(batch) >= batch_size:
                    flush()
            if progress is not None:
                progress(1)
        for graph in adapter.finish(context):
            batch.append(graph)
            if len(batch) >= batch_size:
                flush()
        flush()
        sink.drain()
    finally:
        sink.close()
        rejects.close()
    summary.rejected = rejects.count
    summary.loaded = summary.rows_read - summary.rejected
    totals = sink.totals
    if store is not None:
        summary.new, summary.updated, summary.unchanged = totals.new_rows, totals.updated_rows, totals.unchanged_rows
    summary.nodes_created = totals.nodes_created
    summary.relationships_created = totals.relationships_created
    summary.empty_markers = dict(sorted(empty_markers.items()))
    summary.warnings = dict(warnings.most_common())
    summary.check()
    if store is not None:
        write_delivery(store, {
            "uid": f"{agency}:{plan.format}:{source_file}:{prepared.facts.sha256[:16]}",
            "agency": agency, "file": source_file, "sha256": prepared.facts.sha256,
            "format": plan.format, "rows_read": summary.rows_read, "loaded": summary.loaded,
            "rejected": summary.rejected}, now)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def transform_row(adapter: Adapter, prepared: PreparedFile, line: int, raw_cells: list[str],
                   context: LoadContext, empty_markers: Counter[str], first_seen: dict[str, int],
                   rejects: RejectsWriter, warnings: Counter[str]) -> RecordGraph | None:
    """One row through its adapter: its record graph, or None (rejected, or gathered for later)."""
    header = prepared.header
    if len(raw_cells) != len(header) and not (
            len(raw_cells) > len(header) and not any(c.strip() for c in raw_cells[len(header):])):
        rejects.reject(line, [("(row)", f"has {len(raw_cells)} fields where the header has {len(header)}")],
                       raw_cells)
        return None
    cells = Cells(dict(zip(header, raw_cells)), line, empty_markers=empty_markers,
                  extra_markers=adapter.extra_markers)
    identity = adapter.identity(cells)
    if identity is not None:
        if identity in first_seen:
            cells.problem(adapter.id_column,
                          f"duplicate id {identity!r} within the file (first on line {first_seen[identity]})")
        else:
            first_seen[identity] = line
    graph = adapter.transform(cells, context) if not cells.problems else None
    if cells.problems:
        rejects.reject(line, cells.problems, raw_cells)
        return None
    count_warnings(warnings, cells.warnings)
    if graph is not None and prepared.extra_columns:
        extras = {f"extra_{property_name(column)}": cells.get(column) or None
                  for column in prepared.extra_columns}
        graph.primary_properties().update(extras)
    return graph
