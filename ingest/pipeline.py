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

import gc
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from graphmodel.store import Store

from .cells import Cells
from .errors import EmptyFile, FileRefused
from .formats.base import Adapter, FilePlan, LoadContext, property_name
from .graph import RecordGraph
from .report import DeathCount, FileSummary, RejectsWriter, count_by_column
from .source import FileFacts, check_csv, clean_header, has_data_rows, inspect_file, read_leading_rows, stream_cells
from .writer import BatchOutcome, GraphWriter, write_delivery

if TYPE_CHECKING:
    from .bulk import BulkGraph

DEFAULT_BATCH_SIZE = 1000
Progress = Callable[[int], None]
# Each row makes dozens of small dicts and lists, freed by reference counting once its batch is
# written; at Python's default threshold (700) the cycle collector runs every few rows and walks
# the batches in memory, a quarter of the reading's CPU. It runs less often during a load.
LOAD_GC_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the cycle collector's first threshold to LOAD_GC_THRESHOLD, and put it back after."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], LOAD_GC_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@dataclass(frozen=True)
class PreparedFile:
    """A file that passed the whole-file checks."""

    plan: FilePlan
    facts: FileFacts
    header: list[str]
    header_index: int
    extra_columns: list[str]
    delimiter: str = ","
    notices: tuple[str, ...] = ()

    @property
    def data_rows(self) -> int:
        """CSV rows after the header (blank lines included), for the progress bar."""
        return max(self.facts.csv_rows - self.header_index - 1, 0)


_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _header(plan: FilePlan, delimiter: str) -> tuple[int, list[str], list[str]]:
    """Where the header is, what it says and what the adapter finds wrong with it."""
    adapter = plan.adapter
    leading = read_leading_rows(plan.path, adapter.header_search_rows,
                                encoding=adapter.encoding, delimiter=delimiter)
    index = adapter.locate_header(leading)
    if index >= len(leading):
        raise FileRefused(f"{plan.path.name} has no header row.")
    header = clean_header(leading[index])
    return index, header, adapter.header_problems(header)


def prepare(plan: FilePlan) -> PreparedFile:
    """Every whole-file check, or FileRefused naming the file and the problem."""
    adapter = plan.adapter
    facts = inspect_file(plan.path, encoding=adapter.encoding, delimiter=None)
    delimiter = adapter.delimiter
    notices: list[str] = []
    index, header, problems = _header(plan, delimiter)
    if problems:
        # A European spreadsheet saves "CSV" with semicolons: read the file with the separator
        # that gives a header of this format, parsed as CSV so a quoted line break cannot mislead.
        for other in (";", "\t", ","):
            if other == delimiter:
                continue
            try:
                found = _header(plan, other)
            except FileRefused:
                continue
            if not found[2] and len(found[1]) > 1:
                delimiter = other
                index, header, problems = found
                notices.append(f"its columns are separated by {_DELIMITER_NAMES[other]}, not "
                               f"{_DELIMITER_NAMES[adapter.delimiter]}: read as such")
                break
        else:
            index, header, problems = _header(plan, delimiter)
    if problems:
        hint = ""
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            hint = " (its columns look separated by semicolons or tabs, not commas)"
        raise FileRefused(
            f"{plan.path.name} is not a {adapter.kind} file: {'; '.join(problems)}{hint}.")
    facts = replace(facts, csv_rows=check_csv(plan.path, encoding=adapter.encoding, delimiter=delimiter))
    repeated = [column for column, count in Counter(header).items() if column and count > 1]
    if repeated:
        raise FileRefused(f"{plan.path.name} has the column {repeated[0]!r} twice in its header.")
    if not has_data_rows(plan.path, header_index=index, encoding=adapter.encoding, delimiter=delimiter):
        raise EmptyFile(f"{plan.path.name} has a header but no rows: there is nothing to load.")
    if adapter.layout_note:
        notices.insert(0, adapter.layout_note)
    known = set(adapter.columns)
    extras = [column for column in header if column and column not in known]
    return PreparedFile(plan, facts, header, index, extras, delimiter, tuple(notices))


class _BatchSink:
    """Sends batches to the writer on two background threads, at most three waiting or in flight
    (or, for a writer that is not `concurrent`, writes each batch in turn)."""

    def __init__(self, writer: GraphWriter | None) -> None:
        self.writer = writer
        self.totals = BatchOutcome()
        self._pending: deque[Future[BatchOutcome]] = deque()
        threads = writer is not None and writer.concurrent
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ingest-writer") if threads else None

    def submit(self, graphs: list[RecordGraph], hashes: list[str]) -> None:
        if self.writer is None:
            self.totals.new += len(graphs)
            self.totals.new_rows += sum(graph.rows for graph in graphs)
            return
        if self._executor is None:
            self._add(self.writer.write(graphs, hashes))
            return
        while len(self._pending) >= 3:
            self._collect(self._pending.popleft())
        self._pending.append(self._executor.submit(self.writer.write, graphs, hashes))

    def _collect(self, future: Future[BatchOutcome]) -> None:
        self._add(future.result())

    def _add(self, outcome: BatchOutcome) -> None:
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
    for line, cells in stream_cells(prepared.plan.path, header_index=prepared.header_index,
                                    encoding=adapter.encoding, delimiter=prepared.delimiter):
        # A row of cells that are all blank is a blank row; the first cell usually tells at once.
        if cells[0].strip() or "".join(cells).strip():
            yield line, cells


@dataclass
class RowBook:
    """What a load keeps about the rows it has read: the first line of each record id and how
    often it came, the counts per column, and the deaths of the file and of the loaded records."""

    first_seen: dict[str, int] = field(default_factory=dict)
    occurrences: Counter[str] = field(default_factory=Counter)
    empty_markers: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    repairs: Counter[str] = field(default_factory=Counter)
    warned: int = 0
    deaths: DeathCount | None = None
    death_records: dict[str, int] = field(default_factory=dict)


def load_file(prepared: PreparedFile, *, agency: str, sharing: str, store: Store | None,
              rejects_path: Path, warnings_path: Path | None = None,
              batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None,
              bulk: BulkGraph | None = None) -> FileSummary:
    """Load one prepared file (or, without a store, only validate it: a dry run). With `bulk` the
    record graphs are folded into the graph of an initial bulk load instead, and what this file
    writes in the database itself (its Delivery, the deaths the graph holds) waits for the import."""
    plan, adapter = prepared.plan, prepared.plan.adapter
    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    source_file = plan.path.name
    warnings_path = warnings_path or rejects_path.with_name(rejects_path.name.replace(".rejects.", ".warnings."))
    context = LoadContext(agency=agency, source_file=source_file, sharing=sharing)
    summary = FileSummary(file=source_file, path=str(plan.path), format=plan.format, kind=adapter.kind,
                          agency=agency, sha256=prepared.facts.sha256, rejects_file=str(rejects_path),
                          warnings_file=str(warnings_path), extra_columns=prepared.extra_columns,
                          layout=adapter.layout, notices=list(prepared.notices),
                          dry_run=store is None and bulk is None)
    writer: GraphWriter | None = None
    if bulk is not None:
        writer = bulk.writer(agency=agency, source_file=source_file, now=now)
    elif store is not None:
        writer = GraphWriter(store, agency=agency, source_file=source_file, now=now)
    sink = _BatchSink(writer)
    rejects = RejectsWriter(rejects_path, prepared.header)
    warned = RejectsWriter(warnings_path, prepared.header)
    book = RowBook(deaths=DeathCount() if adapter.death_label else None)
    batch: list[RecordGraph] = []

    def flush() -> None:
        if batch:
            hashes = [graph.content_hash() for graph in batch]
            sink.submit(list(batch), hashes)
            summary.records += len(batch)
            batch.clear()

    # Only a file without extra columns: their cells are checked and kept the usual way.
    quick = adapter.quick_rows(prepared.header) if not prepared.extra_columns else None
    try:
        with fewer_collections():
            for line, raw_cells in source_rows(prepared):
                summary.rows_read += 1
                if quick is not None and quick(line, raw_cells):
                    if progress is not None:
                        progress(1)
                    continue
                graph = transform_row(adapter, prepared, line, raw_cells, context, book, rejects, warned)
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
        warned.close()
    summary.rejected = rejects.count
    summary.loaded = summary.rows_read - summary.rejected
    totals = sink.totals
    if writer is not None:
        summary.new, summary.updated, summary.unchanged = totals.new_rows, totals.updated_rows, totals.unchanged_rows
    summary.nodes_created = totals.nodes_created
    summary.relationships_created = totals.relationships_created
    summary.empty_markers = dict(sorted(book.empty_markers.items()))
    summary.warnings = dict(book.warnings.most_common())
    summary.dropped = dict(book.dropped.most_common())
    summary.repairs = dict(book.repairs.most_common())
    summary.warned = book.warned
    if book.deaths is not None:
        summary.dead_and_missing = book.deaths
    summary.check()
    if store is not None:
        record_delivery(store, prepared, summary, book.death_records, now)
    elif bulk is not None:
        bulk.after_import.append(partial(record_delivery, prepared=prepared, summary=summary,
                                         death_records=book.death_records, now=now))
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def record_delivery(store: Store, prepared: PreparedFile, summary: FileSummary, death_records: dict[str, int],
                    now: datetime) -> None:
    """What a loaded file leaves in the graph besides its records: its Delivery, supplied by its
    agency; and the dead and missing the graph now holds for its records, in its summary."""
    plan, agency = prepared.plan, summary.agency
    if summary.dead_and_missing is not None:
        summary.dead_and_missing.graph = graph_deaths(store, plan.adapter, death_records)
    write_delivery(store, {
        "uid": f"{agency}:{plan.format}:{summary.file}:{prepared.facts.sha256[:16]}",
        "agency": agency, "file": summary.file, "sha256": prepared.facts.sha256,
        "format": plan.format, "rows_read": summary.rows_read, "loaded": summary.loaded,
        "rejected": summary.rejected, "warned": summary.warned}, now)


def graph_deaths(store: Store, adapter: Adapter, records: dict[str, int]) -> int:
    """The dead and missing the graph holds for the file's records: the sum of their counts
    (incidents), or how many of them exist (remains, one death each)."""
    label, count_property = adapter.death_label, adapter.death_property
    value = f"coalesce(n.{count_property}, 0)" if count_property else "1"
    total = 0
    keys = list(records)
    for start in range(0, len(keys), 10_000):
        rows = store.read(f"UNWIND $keys AS key MATCH (n:{label} {{uid: key}}) WHERE n.placeholder IS NULL "
                          f"RETURN sum({value}) AS total", {"keys": keys[start:start + 10_000]})
        total += rows[0]["total"] or 0
    return total


def transform_row(adapter: Adapter, prepared: PreparedFile, line: int, raw_cells: list[str],
                  context: LoadContext, book: RowBook, rejects: RejectsWriter,
                  warned: RejectsWriter) -> RecordGraph | None:
    """One row through its adapter: its record graph, or None (rejected, or gathered for later)."""
    header = prepared.header
    if len(raw_cells) != len(header) and not (
            len(raw_cells) > len(header) and not any(c.strip() for c in raw_cells[len(header):])):
        reason = f"has {len(raw_cells)} fields where the header has {len(header)}"
        rejects.reject(line, [("(row)", reason)], raw_cells)
        if book.deaths is not None:
            book.deaths.account(line, None, f"row rejected: {reason}")
        return None
    cells = Cells(dict(zip(header, raw_cells)), line, empty_markers=book.empty_markers,
                  extra_markers=adapter.extra_markers)
    identity = adapter.identity(cells)
    if identity is not None:
        book.occurrences[identity] += 1
        occurrence = book.occurrences[identity]
        if occurrence == 1:
            book.first_seen[identity] = line
        elif adapter.repeats_are_distinct:
            cells.occurrence = occurrence
            cells.repair(adapter.id_column, "repeated id kept as a distinct record",
                         adapter.repeat_note(identity, book.first_seen[identity], occurrence))
        else:
            cells.reject(adapter.id_column,
                         f"duplicate id {identity!r} within the file (first on line {book.first_seen[identity]})")
    graph = adapter.transform(cells, context) if not cells.problems else None
    deaths = adapter.deaths(cells) if book.deaths is not None else None
    if cells.problems:
        rejects.reject(line, cells.problems, raw_cells)
        if book.deaths is not None and deaths:
            book.deaths.file += deaths
            reason = "; ".join(f"{column}: {message}" for column, message in cells.problems)
            book.deaths.account(line, deaths, f"row rejected: {reason}")
        return None
    if graph is not None and prepared.extra_columns:
        extras = {f"extra_{property_name(column)}": cells.get(column) or None
                  for column in prepared.extra_columns}
        graph.primary_properties().update(extras)
    if cells.dropped and graph is not None:
        graph.primary_properties().update(
            {f"raw_{property_name(item.field)}": item.raw for item in cells.dropped if item.raw})
    entries = [*((item.column, f"{item.reason}; dropped, kept as raw_{property_name(item.field)}")
                 for item in cells.dropped), *cells.warnings]
    if entries:
        book.warned += 1
        warned.reject(line, entries, raw_cells)
        count_by_column(book.warnings, entries)
        count_by_column(book.dropped, [(item.column, "") for item in cells.dropped])
        book.repairs.update(cells.repairs)
    if book.deaths is not None:
        _count_deaths(adapter, cells, graph, deaths, book.deaths, book.death_records)
    return graph


def _count_deaths(adapter: Adapter, cells: Cells, graph: RecordGraph | None, deaths: int | None,
                  count: DeathCount, records: dict[str, int]) -> None:
    if deaths is not None:
        count.file += deaths
    if graph is None:
        return
    stated = adapter.loaded_deaths(graph)
    records[graph.primary.key] = stated or 0
    count.loaded += stated or 0
    if deaths is not None and (stated or 0) != deaths:
        count.account(cells.line, deaths, f"loaded with {stated or 0}")
    elif deaths is None and (text := adapter.death_text(cells)):
        count.account(cells.line, None, f"{text!r} is not a number: not counted in the file's figure")
