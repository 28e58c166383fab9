"""One `tracegraph ingest` run: plan the files, check them all, then load them one by one.

Nothing is written to the graph until every file of the delivery has passed its whole-file
checks and the rejects folder has been found writable: a refused file, or a report that could
not be saved, leaves the graph as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graphmodel.errors import TraceGraphError
from graphmodel.migrate import ensure_schema
from graphmodel.store import Store

from . import name_variants, places
from .errors import EmptyFile, FileRefused
from .formats import FilePlan, default_agency, plan_files
from .formats.base import SHARING
from .formats.interchange import ignored_files
from .initial import refuse_unless_empty, run_initial
from .pipeline import DEFAULT_BATCH_SIZE, PreparedFile, Progress, load_file, prepare
from .report import FileSummary, RejectsFolder

AGENCY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}")


@dataclass(frozen=True)
class IngestRequest:
    """What the user asked for."""

    format: str
    path: Path
    agency: str | None = None
    mapping: Path | None = None
    dry_run: bool = False
    rejects_dir: Path | None = None
    sharing: str = "partners"
    batch_size: int = DEFAULT_BATCH_SIZE
    # The files' text encoding when it is not the format's (UTF-8) or the mapping's.
    encoding: str | None = None
    # An empty database filled by neo4j-admin's import rather than transactions (`initial.py`).
    initial: bool = False


@dataclass
class IngestResult:
    """The per-file summaries and where the report was saved."""

    summaries: list[FileSummary]
    summary_path: Path
    ignored_files: list[str] = field(default_factory=list)
    empty_files: list[str] = field(default_factory=list)
    # An initial load's phases and their seconds.
    phases: dict[str, float] = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "loaded", "rejected", "warned", "nodes_created", "relationships_created")
        totals = {key: sum(getattr(summary, key) for summary in self.summaries) for key in keys}
        totals["elements_written"] = totals["nodes_created"] + totals["relationships_created"]
        return totals


def default_rejects_dir(path: Path) -> Path:
    """`<input>.rejects/` beside the file or folder loaded."""
    resolved = path.resolve()
    return resolved.parent / f"{resolved.name}.rejects"


def resolve_agency(request: IngestRequest, prepared: list[PreparedFile]) -> str:
    """The agency code: --agency, else the mapping's, else the format's publisher."""
    agency = request.agency
    if agency is None:
        for item in prepared:
            agency = getattr(item.plan.adapter, "agency", None) or agency
    agency = agency or default_agency(request.format)
    if not agency:
        raise TraceGraphError(f"the {request.format} format needs --agency CODE (the submitting agency).")
    if not AGENCY_CODE.fullmatch(agency):
        raise TraceGraphError(
            f"agency code {agency!r} is not valid: use letters, digits, '.', '_' or '-' (at most 32).")
    return agency


def keep_confirmed_identifications(store: Store) -> None:
    """A report or remains delivered again carry the agency's status; a confirmed identification's
    status (identified, found alive) and what it closed are put back (named query review_settle)."""
    from datetime import datetime, timezone

    from queries import named_query
    settle = named_query("review_settle")
    store.write(settle.text, settle.bind({"candidates": None, "at": datetime.now(timezone.utc).isoformat()}))


def run_ingest(request: IngestRequest, *, store_factory: Callable[[], Store] | None = None,
               progress_factory: Callable[[PreparedFile], Progress | None] | None = None,
               on_file_done: Callable[[FileSummary], None] | None = None) -> IngestResult:
    """Check, then load (or with `dry_run` only validate) every file of the request."""
    if request.sharing not in SHARING:
        raise TraceGraphError(f"--sharing must be one of {', '.join(SHARING)}.")
    if request.batch_size < 1:
        raise TraceGraphError("--batch-size must be at least 1.")
    if request.initial and request.dry_run:
        raise TraceGraphError("--initial loads the database and --dry-run writes nothing: choose one.")
    plans = plan_files(request.format, request.path, mapping=request.mapping)
    if request.encoding:
        for plan in plans:
            plan.adapter.encoding = request.encoding
    prepared, empty = _prepare_all(plans)
    agency = resolve_agency(request, prepared)
    rejects = RejectsFolder(request.rejects_dir or default_rejects_dir(request.path))
    rejects.check_writable()

    store: Store | None = None
    if not request.dry_run:
        store = store_factory() if store_factory else Store()
        # Fail on an unreachable database before the first batch, with the store's own sentence.
        store.read("RETURN 1 AS ok")
        if request.initial:
            refuse_unless_empty(store)
        elif ensure_schema(store):
            # New indexes may search properties that records loaded before them lack.
            name_variants.fill_missing(store)
    summaries: list[FileSummary] = []
    phases: dict[str, float] = {}
    try:
        if request.initial and store is not None:
            summaries, phases = run_initial(prepared, agency=agency, sharing=request.sharing,
                                            batch_size=request.batch_size, rejects=rejects, store=store,
                                            progress_factory=progress_factory, on_file_done=on_file_done)
            prepared = []
        for item in prepared:
            progress = progress_factory(item) if progress_factory else None
            summary = load_file(item, agency=agency, sharing=request.sharing, store=store,
                                rejects_path=rejects.rejects_path(item.plan.path.name),
                                warnings_path=rejects.warnings_path(item.plan.path.name),
                                batch_size=request.batch_size, progress=progress)
            summaries.append(summary)
            if on_file_done is not None:
                on_file_done(summary)
        if store is not None:
            keep_confirmed_identifications(store)
            places.locate_places(store)
    finally:
        if store is not None and store_factory is None:
            store.close()
    ignored = ignored_files(request.path) if request.format == "interchange" else []
    result = IngestResult(summaries, rejects.folder / "summary.json", ignored, empty, phases)
    rejects.write_summary(summaries, {
        "format": request.format, "path": str(request.path), "agency": agency,
        "dry_run": request.dry_run, "initial": request.initial, "ignored_files": ignored, "empty_files": empty,
        "totals": result.totals(), **({"phases": phases} if phases else {})})
    return result


def _prepare_all(plans: list[FilePlan]) -> tuple[list[PreparedFile], list[str]]:
    """Every file's checks. In a delivery of several files, one with a header and no rows (an agency
    with no vessels this month) is set aside by name; a delivery whose every file is empty, or a
    single empty file, is refused."""
    prepared: list[PreparedFile] = []
    empty: list[str] = []
    first_empty: EmptyFile | None = None
    for plan in plans:
        try:
            prepared.append(prepare(plan))
        except EmptyFile as refused:
            if len(plans) == 1:
                raise
            first_empty = first_empty or refused
            empty.append(plan.path.name)
    if not prepared and first_empty is not None:
        raise FileRefused(f"every file of {plans[0].path.parent.name} has a header but no rows: "
                          "there is nothing to load.") from first_empty
    return prepared, empty
