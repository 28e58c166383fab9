"""Heavy runs on a Dask cluster: `tracegraph match` and `tracegraph kinship screen` with `--cluster`.

Dask (`dask.distributed`) schedules the work; TraceGraph only cuts it into tasks:

* `match`: the reports are cut into hash shares (the `--part K/N` shares, `identify/partition.py`),
  one task each. A task connects to the graph itself, matches its share and writes its candidates;
  shares write disjoint data. Once every share has finished, this process computes the joint
  posteriors (`run_joint`), as `--defer-joint` runs followed by `--joint-only` do by hand.
* `kinship screen`: this process reads the profiles and families and writes the results; the
  computing (the pieces of families of `kinship.screen`, then the per-locus explanations) runs as
  tasks, the shared inputs sent to each worker once.

A task that raises is retried (`RETRIES`); a worker that dies has its tasks run again on another
worker by the scheduler. Writes are idempotent (`MERGE` on stable ids), so a share run twice
writes nothing twice. Results do not depend on how the work is split: each report and each
family is computed the same way in whichever task holds it.

Workers need the same TraceGraph version installed and, for `match`, a route to the graph: the
connection settings (URI, user, password, database) are sent with each task; set `NEO4J_URI` to an
address the workers can reach (a cluster's routing address), not `127.0.0.1`, when they run on
other machines.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from graphmodel.config import Settings
from graphmodel.errors import TraceGraphError
from identify.match import MatchSummary, run_joint, run_match
from identify.partition import Share

# How often a task that raised is run again before the run stops with its error.
RETRIES = 2
# Match shares per worker thread: enough for the last ones to even out the workers' time.
SHARES_PER_THREAD = 4
CONNECT_SECONDS = 20


class DaskRunner:
    """A connection to a Dask scheduler that runs pieces of work on its workers (a `kinship`
    `PieceRunner`), with a progress bar on stderr."""

    def __init__(self, address: str, *, progress: bool = True) -> None:
        from distributed import Client

        try:
            self.client = Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise TraceGraphError(
                f"Cannot reach the Dask scheduler at {address} ({error}). Start one (`dask scheduler`) and its "
                f"workers (`dask worker {address}`), or leave out --cluster to run in local processes.") from None
        threads = sum(worker["nthreads"] for worker in self.client.scheduler_info()["workers"].values())
        if threads == 0:
            self.client.close()
            raise TraceGraphError(f"The Dask scheduler at {address} has no workers: start some "
                                  f"(`dask worker {address}`).")
        self.address = address
        self.workers = threads
        self.progress = progress
        self.dashboard = self.client.dashboard_link

    def close(self) -> None:
        self.client.close()

    def map(self, function: Callable[[Any, Any], Any], shared: Any, pieces: Sequence[Any]) -> list[Any]:
        """function(shared, piece) for every piece on the cluster; `shared` goes to each worker once."""
        if not pieces:
            return []
        sent = self.client.scatter(shared, broadcast=True, hash=False)
        futures = self.client.map(function, [sent] * len(pieces), list(pieces), retries=RETRIES, pure=False)
        return self._gather(futures, getattr(function, "__name__", "task"))

    def submit_all(self, function: Callable[..., Any], calls: Sequence[tuple[Any, ...]], what: str) -> list[Any]:
        """function(*call) for every call on the cluster, in the calls' order."""
        futures = [self.client.submit(function, *call, retries=RETRIES, pure=False) for call in calls]
        return self._gather(futures, what)

    def _gather(self, futures: list[Any], what: str) -> list[Any]:
        from distributed import as_completed

        total = len(futures)
        started = time.perf_counter()
        self._show(what, 0, total, started)
        for done, _future in enumerate(as_completed(futures, loop=self.client.loop), start=1):
            self._show(what, done, total, started)
        return self.client.gather(futures)

    def _show(self, what: str, done: int, total: int, started: float) -> None:
        if not self.progress:
            return
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r[{bar}] {done:,}/{total:,} {what} {time.perf_counter() - started:5.0f} s{end}")
        sys.stderr.flush()


@contextmanager
def dask_runner(address: str, *, progress: bool = True, say: Callable[[str], None] | None = None
                ) -> Iterator[DaskRunner]:
    """A `DaskRunner` for the scheduler at `address`, closed afterwards; `say` is told where the
    dashboard is."""
    runner = DaskRunner(address, progress=progress)
    try:
        if say:
            say(f"Dask scheduler {address}: {runner.workers} worker thread(s); dashboard {runner.dashboard}")
        yield runner
    finally:
        runner.close()


def portable(settings: Settings) -> Settings:
    """The settings a worker connects with: the URI and password resolved here (a worker has no
    instance folder of its own to read the local server's password from)."""
    return replace(settings, explicit_uri=settings.uri, explicit_password=settings.password)


def match_share(settings: Settings, share: Share, changed_only: bool, batch_size: int) -> MatchSummary:
    """One task of a distributed match: one share of the reports, matched and written, the joint
    pass left to the end of the run."""
    from graphmodel.store import Store

    with Store(settings) as store:
        return run_match(store, changed_only=changed_only, batch_size=batch_size, share=share, joint=False)


def match_on_cluster(runner: DaskRunner, settings: Settings, *, routes: frozenset[str] | None, changed_only: bool,
                     batch_size: int, shares: int | None = None) -> MatchSummary:
    """Every report (on `routes`, if given) matched by shares on the cluster, then the joint
    posteriors here."""
    from graphmodel.store import Store

    parts = shares or max(2, SHARES_PER_THREAD * runner.workers)
    calls = [(portable(settings), Share(routes, number, parts), changed_only, batch_size)
             for number in range(1, parts + 1)]
    summary = MatchSummary()
    for share_summary in runner.submit_all(match_share, calls, "shares"):
        summary.add(share_summary)
    started = time.perf_counter()
    with Store(settings) as store:
        joint = run_joint(store)
    summary.coherence = joint.coherence
    summary.conflicts = joint.conflicts
    summary.seconds["joint"] = summary.seconds.get("joint", 0.0) + time.perf_counter() - started
    return summary


def cluster_address(option: str | None, settings: Settings) -> str | None:
    """`--cluster`, else TRACEGRAPH_DASK_SCHEDULER, else None (local processes)."""
    address = (option or "").strip() or settings.dask_scheduler
    if address is not None and "://" not in address:
        raise TraceGraphError(f"--cluster {address!r}: give the scheduler's address with its protocol, "
                              "like tcp://scheduler:8786.")
    return address
