"""Shares of the reports, so that several processes or machines can each match one.

A share is chosen by route (the routes of a report's own records and of its voyages; `none` for
reports on no known route), by a stable hash of the report's uid (`--part 2/4`), or both. Every
report falls in exactly one hash part, so N runs with parts 1/N ... N/N together match every
report once; route shares keep the reports of one sea crossing, and the records they are compared
with, in one process's caches. Candidates of different reports never overlap, so the shares write
disjoint data and can run at the same time against one database (or one cluster leader).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

NO_ROUTE = "none"


class PartitionError(ValueError):
    """A share that cannot be taken: bad `K/N`, or a route the graph does not know."""


@dataclass(frozen=True)
class Share:
    """Which reports one run matches: its routes (None for any) and its hash part `number` of `parts`."""

    routes: frozenset[str] | None = None
    number: int = 1
    parts: int = 1

    @classmethod
    def parse(cls, part: str | None, routes: Iterable[str] = ()) -> "Share":
        """From the CLI's `--part K/N` and `--route NAME` (repeatable) values."""
        number, parts = 1, 1
        if part:
            pieces = part.split("/")
            if len(pieces) != 2 or not all(p.strip().isdigit() for p in pieces):
                raise PartitionError(f"--part must be K/N with whole numbers, like 2/4, not {part!r}")
            number, parts = int(pieces[0]), int(pieces[1])
            if not 1 <= number <= parts <= 1024:
                raise PartitionError(f"--part {part}: K must be between 1 and N, and N at most 1024")
        chosen = frozenset(r.strip() for r in routes if r.strip())
        return cls(chosen or None, number, parts)

    @property
    def everything(self) -> bool:
        return self.routes is None and self.parts == 1

    def holds(self, report_uid: str, routes: Iterable[str]) -> bool:
        if self.parts > 1 and zlib.crc32(report_uid.encode("utf-8")) % self.parts != self.number - 1:
            return False
        if self.routes is None:
            return True
        on = set(routes)
        return bool(on & self.routes) if on else NO_ROUTE in self.routes

    def check_routes(self, known: Iterable[str]) -> None:
        """Refuse a route name the graph does not hold (a typo would silently match nothing)."""
        if self.routes is None:
            return
        names = set(known)
        unknown = sorted(self.routes - names - {NO_ROUTE})
        if unknown:
            listed = ", ".join(sorted(names)) or "none"
            raise PartitionError(f"no route named {', '.join(unknown)} in the graph; its routes are: {listed}, "
                                 f"and `{NO_ROUTE}` for reports on no known route")

    def describe(self) -> str:
        parts = []
        if self.routes is not None:
            parts.append("route " + ", ".join(sorted(self.routes)))
        if self.parts > 1:
            parts.append(f"part {self.number}/{self.parts}")
        return "; ".join(parts) or "every report"
