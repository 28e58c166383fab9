"""Link chains: the explicit paths that connect a report to a candidate, and the wider network.

Each chain is a list of hops read by the named queries `link_chains`, `connecting_network` and
`voyage_neighbourhood`; a hop names both ends, the relationship and its direction, and the
provenance of the fact (agency, record, date), so an investigator can check every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphmodel.store_protocol import GraphStore

from .world import run

MAX_HOPS = 6
MAX_PATHS = 10


@dataclass(frozen=True)
class Hop:
    from_uid: str
    from_label: str
    relationship: str
    forward: bool
    to_uid: str
    to_label: str
    agency: str | None
    record: str | None
    date: str | None
    detail: str | None = None
    source_file: str | None = None

    def __str__(self) -> str:
        arrow = f"-[{self.relationship}]->" if self.forward else f"<-[{self.relationship}]-"
        said = ", ".join(part for part in (self.agency and f"agency {self.agency}",
                                           self.record and f"record {self.record}",
                                           self.date and f"dated {self.date}", self.detail) if part)
        return f"({self.from_label} {self.from_uid}) {arrow} ({self.to_label} {self.to_uid})" + \
            (f"  [{said}]" if said else "")

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Chain:
    """One path: its hops in order from the first record to the last."""

    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        return len(self.hops)

    @property
    def summary(self) -> str:
        """`Report -REPORTED_MISSING-> Person -BOARDED-> Voyage <-RECOVERED_FROM- Remains`."""
        if not self.hops:
            return ""
        parts = [self.hops[0].from_label]
        for hop in self.hops:
            parts.append(f"-{hop.relationship}->" if hop.forward else f"<-{hop.relationship}-")
            parts.append(hop.to_label)
        return " ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {"hops": self.length, "summary": self.summary, "chain": [hop.as_json() for hop in self.hops]}


def _chain(rows: list[dict[str, Any]]) -> Chain:
    return Chain(tuple(Hop(**{key: row.get(key) for key in Hop.__dataclass_fields__}) for row in rows))


def _bounded(value: int, ceiling: int, what: str) -> int:
    if not 1 <= value <= ceiling:
        raise ValueError(f"{what} must be between 1 and {ceiling}, not {value}")
    return value


def link_chains(store: GraphStore, report_uid: str, target_uid: str, *, max_hops: int = 6,
                paths: int = 5) -> list[Chain]:
    """The shortest chains from a report to a record, shortest first, at most `paths` of them."""
    rows = run(store, "link_chains", report_uid=report_uid, target_uid=target_uid,
               max_hops=_bounded(max_hops, MAX_HOPS, "max_hops"), paths=_bounded(paths, MAX_PATHS, "paths"))
    return [_chain(row["chain"]) for row in rows]


@dataclass(frozen=True)
class Network:
    """The shortest path between each pair of records, and the records and facts they pass through."""

    pairs: dict[tuple[str, str], Chain]
    unconnected: tuple[tuple[str, str], ...]

    @property
    def nodes(self) -> set[str]:
        return {uid for chain in self.pairs.values() for hop in chain.hops for uid in (hop.from_uid, hop.to_uid)}

    @property
    def edges(self) -> set[tuple[str, str, str]]:
        """(start uid, relationship, end uid) in the relationship's own direction."""
        found = set()
        for chain in self.pairs.values():
            for hop in chain.hops:
                start, end = (hop.from_uid, hop.to_uid) if hop.forward else (hop.to_uid, hop.from_uid)
                found.add((start, hop.relationship, end))
        return found

    def as_json(self) -> dict[str, Any]:
        return {"pairs": [{"from": a, "to": b, **chain.as_json()} for (a, b), chain in self.pairs.items()],
                "unconnected": [list(pair) for pair in self.unconnected],
                "nodes": sorted(self.nodes), "edges": [list(edge) for edge in sorted(self.edges)]}


def connecting_network(store: GraphStore, uids: list[str], *, max_hops: int = 6) -> Network:
    """How several records connect: the shortest path between each pair of them."""
    wanted = sorted(set(uids))
    rows = run(store, "connecting_network", uids=wanted, max_hops=_bounded(max_hops, MAX_HOPS, "max_hops"))
    pairs = {(row["first"], row["second"]): _chain(row["chain"]) for row in rows}
    every = [(a, b) for i, a in enumerate(wanted) for b in wanted[i + 1:]]
    return Network(pairs, tuple(pair for pair in every if pair not in pairs))


def voyage_neighbourhood(store: GraphStore, uid: str) -> list[dict[str, Any]]:
    """Every record tied to a voyage or incident, with how it is tied."""
    return run(store, "voyage_neighbourhood", uid=uid)
