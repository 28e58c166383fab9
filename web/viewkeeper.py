"""Keeps the analysts' views up to date from the web app: at once after a review, and every few
seconds for writes made elsewhere (a load, a screening, a match run by another process).

One thread per app process (TRACEGRAPH_WEB_VIEWS_REFRESH_SECONDS; 0: none, and a review then brings
the views up to date in its own request). Only one sync of a view runs at a time across processes
(a file lock): a process that finds a view busy leaves it to the one at it. `stop` ends an
app's thread, as an app is done with (its store is then closed by its owner).
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app

from graphmodel.errors import TraceGraphError
from isolation.servers import catch_up

from . import db

KEY = "tracegraph.viewkeeper"
log = logging.getLogger(__name__)


class ViewKeeper:
    """A daemon thread that catches the views up when poked, or when `interval` has passed."""

    def __init__(self, app: Flask, interval: float) -> None:
        self.app = app
        self.interval = interval
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="tracegraph-viewkeeper", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def poke(self) -> None:
        self.wake.set()

    def stop(self, timeout: float | None = None) -> None:
        """End the thread once a catch-up under way is done (waiting at most `timeout` seconds)."""
        self.stopping.set()
        self.wake.set()
        self.thread.join(timeout)

    def _run(self) -> None:
        while not self.stopping.is_set():
            self.wake.wait(self.interval)
            self.wake.clear()
            if self.stopping.is_set():
                return
            with self.app.app_context():
                try:
                    catch_up(db.graph_settings(), db.get_store(), db.get_views(), wait=False)
                except (TraceGraphError, OSError) as error:
                    log.warning("the analysts' views were not brought up to date: %s", error)


def init_app(app: Flask) -> None:
    interval = float(app.config.get("VIEWS_REFRESH_SECONDS") or 0)
    if interval > 0:
        keeper = ViewKeeper(app, interval)
        app.extensions[KEY] = keeper
        keeper.start()


def stop(app: Flask, timeout: float | None = None) -> None:
    """End the app's thread, if it has one."""
    keeper = app.extensions.pop(KEY, None)
    if keeper is not None:
        keeper.stop(timeout)


def after_write() -> None:
    """The graph changed through this app (a review): bring the views up to date."""
    keeper = current_app.extensions.get(KEY)
    if keeper is not None:
        keeper.poke()
        return
    try:
        catch_up(db.graph_settings(), db.get_store(), db.get_views())
    except TraceGraphError as error:
        log.warning("the analysts' views were not brought up to date: %s", error)
