"""An initial bulk load (`tracegraph ingest ... --initial`): an empty database filled by
`neo4j-admin database import full` instead of transactions.

Every file goes through the transactional load's own pipeline (reading, checks, rejects and
warnings, normalisation, record graphs, the writer's decisions), folded into an in-memory graph
(`bulk.py`) that is written as import files (`import_files.py`). The local server is stopped, the
files imported into its database, the server started again; then come the schema, what each file
leaves besides its records (its Delivery) and one journal entry that tells the analysts' views to
rebuild; `run.py` settles confirmed identifications and runs the gazetteer, as after a
transactional load. A later delivery through the transactional load finds every record's `row_hash` and
changes nothing it does not have to.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graphmodel.errors import TraceGraphError
from graphmodel.journal import EVERYTHING, JOURNAL_LABEL
from graphmodel.migrate import ensure_schema
from graphmodel.server.bulk_import import import_full
from graphmodel.store import Store

from .bulk import BulkGraph
from .import_files import write_import_files
from .pipeline import PreparedFile, Progress, load_file
from .report import FileSummary, RejectsFolder

HOLDINGS = f"""
MATCH (n) WHERE NOT n:{JOURNAL_LABEL}
WITH n LIMIT 100000
UNWIND labels(n) AS label
RETURN label, count(*) AS count ORDER BY count DESC, label
"""


def refuse_unless_empty(store: Store) -> None:
    """One sentence naming what the database holds, unless it holds nothing (the change journal aside)."""
    rows = store.read(HOLDINGS)
    if not rows:
        return
    held = ", ".join(f"{row['count']:,} {row['label']}" for row in rows[:5])
    more = " and more" if len(rows) > 5 or sum(row["count"] for row in rows) >= 100_000 else ""
    raise TraceGraphError(
        f"--initial loads only into an empty database, and {store.database!r} holds {held}{more}: "
        "load this delivery without --initial, or empty the database first (tracegraph db wipe).")


def run_initial(prepared: list[PreparedFile], *, agency: str, sharing: str, batch_size: int,
                rejects: RejectsFolder, store: Store,
                progress_factory: Callable[[PreparedFile], Progress | None] | None = None,
                on_file_done: Callable[[FileSummary], None] | None = None,
                ) -> tuple[list[FileSummary], dict[str, float]]:
    """Fold, import and settle every prepared file; the per-file summaries and each phase's seconds."""
    phases: dict[str, float] = {}
    refuse_unless_empty(store)
    started = time.perf_counter()
    graph = BulkGraph()
    summaries: list[FileSummary] = []
    for item in prepared:
        progress = progress_factory(item) if progress_factory else None
        summaries.append(load_file(item, agency=agency, sharing=sharing, store=None,
                                   rejects_path=rejects.rejects_path(item.plan.path.name),
                                   warnings_path=rejects.warnings_path(item.plan.path.name),
                                   batch_size=batch_size, progress=progress, bulk=graph))
    phases["read_and_check"] = time.perf_counter() - started
    settings = store.settings
    settings.home.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="initial-import-", dir=settings.home))
    try:
        started = time.perf_counter()
        files = write_import_files(graph, folder)
        phases["import_files"] = time.perf_counter() - started
        # Nothing may have arrived while the files were read.
        refuse_unless_empty(store)
        started = time.perf_counter()
        run = import_full(settings, folder, files.arguments)
        phases["import"] = run.seconds
        phases["import_with_restart"] = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    store.database_replaced()
    started = time.perf_counter()
    ensure_schema(store)
    phases["schema"] = time.perf_counter() - started
    started = time.perf_counter()
    files.fixups.apply(store)
    graph.finish_files(store)
    # The import wrote no journal: the analysts' views rebuild from the whole graph.
    store.write_together([], touched=[EVERYTHING])
    phases["deliveries"] = time.perf_counter() - started
    for summary in summaries:
        if on_file_done is not None:
            on_file_done(summary)
    phases["fixups"] = len(files.fixups)
    # This process's own peak (neo4j-admin's is the JVM's, capped by the server's heap and page cache).
    phases["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return summaries, {name: round(value, 2) for name, value in phases.items()}
