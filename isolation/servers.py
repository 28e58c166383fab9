"""The analysts' views' servers: one local Neo4j Community server per view, beside the main one.

Neo4j Community holds one user database per server, and has no access control finer than "may
log in", so each view is a server of its own: `$TRACEGRAPH_HOME/views/<view>/` holds its `view.json`
(which view, which Bolt port), its password, its `state.json` (how far it has caught up) and its
Neo4j instance folder. It is started and stopped like the main server (`graphmodel.server`), bound
to loopback, with a small heap (TRACEGRAPH_VIEW_HEAP, TRACEGRAPH_VIEW_PAGECACHE), transaction logs
kept only until a checkpoint (a view can always be rebuilt), and only APOC's read-only families
loaded (analysts' queries run there).

Which view serves an analyst: the view of their agency and clearance, except that an agency with
nothing of its own in the graph (no restricted record, no delivery) is served by the partners'
view of its clearance, which would hold the same; once an agency has a view, it keeps it.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import shutil
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from graphmodel.config import Settings, local_uri
from graphmodel.errors import DatabaseUnavailable, ServerError
from graphmodel.server import ServerStatus, server_status, start_server, stop_server
from graphmodel.server.local import _port_free
from graphmodel.store import Store

from .rule import ViewScope
from .statements import Statements
from .sync import OVERLAP, RETENTION, STATE_FILE, SyncReport, ViewState, ViewSync, parse_time

FOLDER = "views"
VIEW_FILE = "view.json"
LOCK_FILE = "sync.lock"
# APOC families whose functions and procedures only read (or build values); the others (load,
# import, export, cypher, periodic, trigger, systemdb, config, log, ...) are not even loaded.
READ_ONLY_APOC = ("apoc.agg.*", "apoc.algo.*", "apoc.coll.*", "apoc.convert.*", "apoc.date.*", "apoc.hashing.*",
                  "apoc.label.*", "apoc.map.*", "apoc.math.*", "apoc.meta.*", "apoc.node.*", "apoc.nodes.*",
                  "apoc.number.*", "apoc.path.*", "apoc.rel.*", "apoc.scoring.*", "apoc.spatial.*",
                  "apoc.stats.*", "apoc.temporal.*", "apoc.text.*", "apoc.util.md5", "apoc.util.sha1",
                  "apoc.util.sha256", "apoc.util.validatePredicate")
# A view serves its agency's few analysts: a small footprint and a quick start matter more than
# peak speed, so the serial collector, smaller code and class caches and the client compiler only
# (measured with a 256 MiB heap on a small store: 448 MiB resident, against 548 MiB with the main
# server's flags, and half the start-up time).
VIEW_JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=192m", "-Xss512k",
                  "-XX:TieredStopAtLevel=1")
# A view can always be rebuilt, so its transaction logs are kept only to the last checkpoint, in
# files of 64 MiB that are not preallocated: with Neo4j's defaults (256 MiB files, preallocated)
# the logs took 514 MiB of every view's disk whatever its size.
VIEW_SERVER_CONFIG = {
    "db.tx_log.rotation.retention_policy": "keep_none",
    "db.tx_log.rotation.size": "64M",
    "db.tx_log.preallocate": "false",
    "dbms.security.procedures.allowlist": ",".join(READ_ONLY_APOC),
    "dbms.security.procedures.unrestricted": "",
}


@dataclass(frozen=True)
class View:
    """One view's server: what it holds, its folder and how to reach it."""

    scope: ViewScope
    folder: Path
    settings: Settings

    @property
    def name(self) -> str:
        return self.scope.name

    def state(self) -> ViewState | None:
        state = ViewState.load(self.folder / STATE_FILE)
        return state if state and state.view == self.name else None


class ViewUnavailable(DatabaseUnavailable):
    """An analyst's view is not there (not created, not running, not caught up once yet)."""


class Views:
    """The views of one instance folder (`$TRACEGRAPH_HOME/views`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.home / FOLDER

    # -- finding and creating ---------------------------------------------------------------
    def known(self) -> list[View]:
        found = []
        for path in sorted(self.root.glob(f"*/{VIEW_FILE}")):
            view = self._read(path.parent)
            if view is not None:
                found.append(view)
        return found

    def get(self, scope: ViewScope) -> View | None:
        return self._read(self.root / scope.name)

    def create(self, scope: ViewScope, port: int | None = None) -> View:
        """The view's folder and port (the first free one of TRACEGRAPH_VIEW_PORTS unless given),
        made once; the server is started by `start`."""
        existing = self.get(scope)
        if existing is not None:
            return existing
        taken = {view.settings.port for view in self.known()} | {self.settings.port}
        low, high = self.settings.view_ports
        if port is None:
            port = next((p for p in range(low, high + 1) if p not in taken and _port_free(p)), None)
        if port is None:
            raise ServerError(f"No free Bolt port left for the analysts' view {scope.name} in "
                              f"TRACEGRAPH_VIEW_PORTS ({low}-{high}): widen the range or remove unused views.")
        folder = self.root / scope.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / VIEW_FILE).write_text(json.dumps({"view": scope.name, "port": port}) + "\n", encoding="utf-8")
        view = self._read(folder)
        assert view is not None
        return view

    def _read(self, folder: Path) -> View | None:
        try:
            data = json.loads((folder / VIEW_FILE).read_text(encoding="utf-8"))
            scope = ViewScope.from_name(str(data["view"]))
            port = int(data["port"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        settings = dataclasses.replace(
            self.settings, home=folder, port=port, heap=self.settings.view_heap,
            pagecache=self.settings.view_pagecache, initial_password=None, explicit_uri=local_uri(port),
            user="neo4j", explicit_password=None, database="neo4j")
        return View(scope, folder, settings)

    def scope_for(self, agency: str, dna_cleared: bool, main: Store) -> ViewScope:
        """The view that serves an analyst of `agency` (see the module's note)."""
        own = ViewScope(agency, dna_cleared)
        if self.get(own) is not None or owns_anything(main, agency):
            return own
        return ViewScope(None, dna_cleared)

    # -- running ----------------------------------------------------------------------------
    def status(self, view: View) -> ServerStatus:
        return server_status(view.settings)

    def start(self, views: Iterable[View]) -> list[tuple[View, bool]]:
        """Start the views' servers side by side; (view, started now) for each."""
        views = list(views)

        def one(view: View) -> tuple[View, bool]:
            started, _status = start_server(view.settings, extra_config=VIEW_SERVER_CONFIG, jvm_flags=VIEW_JVM_FLAGS)
            return view, started

        if not views:
            return []
        with ThreadPoolExecutor(max_workers=len(views)) as pool:
            return list(pool.map(one, views))

    def stop(self, views: Iterable[View] | None = None) -> list[View]:
        """Stop the views' servers (all known ones by default); the views that were running."""
        return [view for view in (self.known() if views is None else views) if stop_server(view.settings)]

    def remove(self, view: View) -> None:
        """Stop a view's server and delete its folder (it is rebuilt from the graph if wanted again)."""
        stop_server(view.settings)
        shutil.rmtree(view.folder, ignore_errors=True)

    def store(self, view: View, retry_seconds: float = 15.0) -> Store:
        return Store(view.settings, retry_seconds=retry_seconds, journal=False)

    # -- keeping up -------------------------------------------------------------------------
    @contextmanager
    def _locked(self, view: View, wait: bool) -> Iterator[bool]:
        view.folder.mkdir(parents=True, exist_ok=True)
        with open(view.folder / LOCK_FILE, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def sync(self, view: View, main: Store, *, rebuild: bool = False, wait: bool = True) -> SyncReport | None:
        """Bring one view up to date (or rebuild it); None when another process is at it already
        and `wait` is false. Only one sync of a view runs at a time, across processes. A new
        agency's view starts as a copy of the partners' view of its clearance (`_seed`)."""
        if view.scope.agency is not None and view.state() is None and not rebuild:
            return self._seed(view, main)
        with self._locked(view, wait) as mine:
            if not mine:
                return None
            with self.store(view) as store:
                sync = ViewSync(main, store, view.scope, view.folder)
                return sync.rebuild() if rebuild else sync.refresh()

    def _seed(self, view: View, main: Store) -> SyncReport:
        """Make a new agency's view from a copy of the partners' view: that holds only what every
        partner may see, so copying it brings nothing another agency restricted; the agency's own
        records are then added, and the journal since the copy applied. One full build of each
        clearance's partners' view serves every agency."""
        started = time.perf_counter()
        base = self.create(ViewScope(None, view.scope.dna_cleared))
        base_ran = bool(self.status(base).running)
        if not base_ran:
            self.start([base])
        self.sync(base, main)
        with self._locked(view, True), self._locked(base, True):
            stop_server(base.settings)
            stop_server(view.settings)
            target = view.settings.server_dir / "data"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(base.settings.server_dir / "data", target)
            shutil.copy2(base.settings.password_file, view.settings.password_file)
            state = base.state()
            assert state is not None
            ViewState(view=view.name, watermark=state.watermark, applied=state.applied,
                      mode="seed").save(view.folder / STATE_FILE)
            self.start([view, base] if base_ran else [view])
            with self.store(view) as store:
                sync = ViewSync(main, store, view.scope, view.folder)
                report = sync.add_own()
                later = sync.refresh()
        report.written += later.written
        report.deleted += later.deleted
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def refresh_running(self, main: Store, *, wait: bool = True) -> list[SyncReport]:
        """Refresh every view whose server runs, then prune the journal they have all read."""
        reports = []
        for view in self.known():
            if self.status(view).version:
                report = self.sync(view, main, wait=wait)
                if report is not None:
                    reports.append(report)
        prune_journal(main, self.known())
        return reports


def owns_anything(main: Store, agency: str) -> bool:
    """Whether the graph holds something only `agency` may see: a restricted record or a delivery."""
    statements = Statements()
    for label in statements.copied:
        query = statements.own(label)
        if query is not None and main.read(query + " LIMIT 1", {"agency": agency}):
            return True
    return False


def prune_journal(main: Store, views: list[View], batch: int = 10_000) -> int:
    """Delete the journal entries every view has read (all past the overlap when there is no view:
    a view created later is built whole); never keep more than the retention."""
    now = parse_time(main.read("RETURN toString(datetime()) AS now")[0]["now"])
    marks = [parse_time(state.watermark) for state in (view.state() for view in views) if state is not None]
    before = min([*marks, now]) - OVERLAP
    before = max(before, now - RETENTION - timedelta(hours=1))
    deleted = 0
    while True:
        counters = main.write("MATCH (j:ViewChange) WHERE j.at < datetime($before) WITH j LIMIT $limit DELETE j",
                              {"before": before.isoformat(), "limit": batch})
        deleted += counters.nodes_deleted
        if counters.nodes_deleted < batch:
            return deleted


def catch_up(settings: Settings, main: Store, views: Views | None = None, *, wait: bool = True) -> str:
    """After a write to the graph: bring the analysts' views whose servers run up to date (or, on
    Enterprise, the stamps of candidates and reviews); one sentence saying what was done."""
    if settings.analyst_isolation == "roles":
        from .roles import STAMP_STATE_FILE, refresh_stamps
        done = refresh_stamps(main, settings.home / STAMP_STATE_FILE)
        return f"Analysts' roles: {done['stamped']} candidates and reviews stamped in {done['seconds']:.1f} s."
    views = views or Views(settings)
    known = views.known()
    if not known:
        prune_journal(main, [])
        return ""
    reports = views.refresh_running(main, wait=wait)
    idle = len(known) - len(reports)
    text = (f"Analysts' views brought up to date: {len(reports)} in "
            f"{sum(r.seconds for r in reports):.1f} s ({sum(r.written for r in reports)} nodes written, "
            f"{sum(r.deleted for r in reports)} deleted).")
    if idle:
        text += f" {idle} not running: they catch up when started (`tracegraph views start`)."
    return text
