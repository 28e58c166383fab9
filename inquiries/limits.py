"""Limits that keep one address (or a flood from many) from drowning the families who need the
inquiry, without any outside service: sliding windows counted in memory, per address and overall.

The counts live in the web process (`tracegraph serve` runs one per core, each with its threads);
with several processes each counts its own share, so the limits hold per process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """At most `count` events in `seconds`."""

    count: int
    seconds: float


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


class SlidingLimit:
    """Events per key in sliding windows; the oldest keys are forgotten past `max_keys`, so a
    flood of made-up addresses cannot exhaust memory."""

    def __init__(self, windows: tuple[Window, ...], *, max_keys: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.windows = windows
        self.max_keys = max_keys
        self.clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()
        self._longest = max(window.seconds for window in windows)

    def _verdict(self, events: deque[float], moment: float) -> Verdict:
        wait = 0.0
        for window in self.windows:
            inside = [t for t in events if t > moment - window.seconds]
            if len(inside) >= window.count:
                wait = max(wait, inside[-window.count] + window.seconds - moment)
        return Verdict(wait <= 0, int(wait) + 1 if wait > 0 else 0)

    def check(self, key: str, *, record: bool = True) -> Verdict:
        """Whether one more event is allowed now; recorded when allowed and `record`."""
        moment = self.clock()
        with self._lock:
            events = self._events.get(key)
            if events is None:
                events = self._events[key] = deque()
                while len(self._events) > self.max_keys:
                    self._events.popitem(last=False)
            else:
                self._events.move_to_end(key)
            while events and events[0] <= moment - self._longest:
                events.popleft()
            verdict = self._verdict(events, moment)
            if verdict.allowed and record:
                events.append(moment)
            return verdict

    def add(self, key: str) -> None:
        """Count an event whatever the limits say (a wrong guess, for instance)."""
        moment = self.clock()
        with self._lock:
            self._events.setdefault(key, deque()).append(moment)
            self._events.move_to_end(key)


class Backoff:
    """Slows one address's repeated submissions: after `free` of them in `seconds`, each next one
    must wait twice as long as the one before (from `first_wait` seconds)."""

    def __init__(self, free: int, first_wait: float, seconds: float, *,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 50_000) -> None:
        self.free, self.first_wait, self.seconds, self.clock = free, first_wait, seconds, clock
        self.max_keys = max_keys
        self._times: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, key: str) -> Verdict:
        moment = self.clock()
        with self._lock:
            times = [t for t in self._times.get(key, []) if t > moment - self.seconds]
            if len(times) >= self.free:
                wait = self.first_wait * 2 ** (len(times) - self.free) - (moment - times[-1])
                if wait > 0:
                    self._times[key] = times
                    return Verdict(False, int(wait) + 1)
            times.append(moment)
            self._times[key] = times
            self._times.move_to_end(key)
            while len(self._times) > self.max_keys:
                self._times.popitem(last=False)
            return Verdict(True)
