"""After an inquiry is filed: write what the graph missed, then match the new reports at once.

One background thread per app. Filing writes the report to the graph in the request itself;
when the graph was unreachable the inquiry stays in the ledger as unwritten and is written here
as soon as the graph answers (nothing a family sent is lost). New reports are then matched by
the identification engine (`identify.match.run_match`) in batches: every inquiry waiting is
matched in one run, so a hundred families filing at once cost one read of the blocking index,
not a hundred. The engine proposes the existing reports that are probably the same person; an
unverified report never makes a strong candidate.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from graphmodel.errors import TraceGraphError
from identify.match import run_match
from inquiries import graph, ledger
from inquiries.record import graph_row

from ..localstore import LocalStore

log = logging.getLogger(__name__)
IDLE_SECONDS = 30.0


class InquiryWorker:
    """Writes pending inquiries and matches new ones, in a daemon thread started on first use."""

    def __init__(self, local: LocalStore, store_factory: Callable[[], object], *, match: bool = True) -> None:
        self.local = local
        self.store_factory = store_factory
        self.match = match
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def notify(self) -> None:
        """Something was filed: look at the ledger now."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="inquiry-worker", daemon=True)
                self._thread.start()
        self._idle.clear()
        self._wake.set()

    def drain(self, timeout: float = 60.0) -> bool:
        """Wait until nothing is pending (for tests and benchmarks); True when it got there."""
        self.notify()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._idle.wait(0.2) and not self._wake.is_set():
                return True
        return False

    def _loop(self) -> None:
        while True:
            self._wake.wait(IDLE_SECONDS)
            self._wake.clear()
            try:
                self.run_once()
            except TraceGraphError as error:  # the graph is down: try again at the next wake-up
                log.warning("inquiries pending, the graph is not reachable: %s", error)
            except Exception:  # a worker that dies silently would leave inquiries unmatched
                log.exception("inquiry worker failed; retrying later")
            if not self._wake.is_set():
                self._idle.set()

    def run_once(self) -> None:
        unwritten, unmatched = ledger.pending(self.local)
        store = self.store_factory()
        for inquiry in unwritten:
            row = graph_row(inquiry.number, inquiry.answers, agency=inquiry.agency, filed_at=inquiry.filed_at,
                            lang=inquiry.lang, consent_version=inquiry.consent.get("version", ""))
            graph.write_inquiries(store, [row])
            ledger.mark_written(self.local, inquiry.number)
        if unwritten:
            unmatched = ledger.pending(self.local)[1]
        if unmatched and self.match:
            run_match(store, [inquiry.report_uid for inquiry in unmatched])  # type: ignore[arg-type]
        if unmatched:
            ledger.mark_matched(self.local, [inquiry.number for inquiry in unmatched])
