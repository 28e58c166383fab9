"""Keeping an analysts' view up to date: its own Neo4j store, written from the main graph.

A view holds exactly what `isolation.rule` lets its agency and clearance read, so a query run
there cannot reach anything else: not by returning it, not by conditioning on it, not by counting
it. The sync reads the main graph and writes the view; the view never reads the main graph.

- **Rebuild** (a new view, or after `*` in the journal): every node the view may hold is copied,
  label by label in key order, then whatever the view holds that it may no longer hold is deleted.
- **Refresh**: the change journal (`graphmodel.journal`) names the nodes each write touched since
  the view's watermark; each is read again with its relationships and written to the view, or
  deleted from it when it is gone or no longer visible (a record made restricted, a candidate whose
  report was). The candidates of a touched record and the reviews of a touched candidate are read
  again too, since their visibility follows the record's.

Every write to a view is batched (`UNWIND $rows`) and idempotent (`MERGE` on the model's keys, `SET
n = ...` with the whole property map), so an interrupted sync is simply run again. Which nodes are
written, and in which order, depends only on what the view may hold: hidden changes are filtered
out before anything is batched, so not even the view's internal ids follow them.

The watermark is the main server's clock when a sync starts. A write whose transaction began
before it but committed after it is caught by the next sync, which reads the journal from
`OVERLAP` before the watermark and skips the entries it has already applied.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from graphmodel.journal import EVERYTHING, split
from graphmodel.migrate import ensure_schema
from graphmodel.model import GraphModel, load_model
from graphmodel.store import Store
from queries.catalog import named_query

from .rule import RECOMPUTED_DEFAULTS, RECOMPUTED_PROPERTIES, ViewScope, view_properties
from .statements import Statements
from .whole import WholeBuild

# Longer than any write transaction runs: a journal entry is read again for this long.
OVERLAP = timedelta(minutes=10)
# A view that has not caught up for this long is rebuilt: its part of the journal has been pruned.
RETENTION = timedelta(days=7)
KEYS_PER_BATCH = 1000
PAGE = 5000
# Past this many touched nodes a rebuild reads less than a refresh.
REBUILD_ABOVE = 300_000
STATE_FILE = "state.json"


@dataclass
class SyncReport:
    """What one sync did."""

    view: str
    mode: str
    touched: int = 0
    written: int = 0
    deleted: int = 0
    seconds: float = 0.0
    watermark: str = ""


@dataclass
class ViewState:
    """Where a view stands, kept beside its server (`state.json`), never in the view itself."""

    view: str
    watermark: str
    applied: list[str] = field(default_factory=list)
    synced_at: str = ""
    mode: str = ""
    seconds: float = 0.0

    @classmethod
    def load(cls, path: Path) -> "ViewState | None":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data[k] for k in ("view", "watermark", "applied", "synced_at", "mode", "seconds")})
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        os.replace(temporary, path)


@dataclass
class Changes:
    """What the journal says changed since a watermark: the touched `Label|key`s (None: rebuild,
    because the reader is new, fell too far behind, or everything may have changed), the main
    server's time now (the next watermark), and the entries already applied within the overlap."""

    keys: set[str] | None
    now: str
    applied: list[str]


def read_journal(main: Store, state: ViewState | None) -> Changes:
    """The journal entries written since `state` was last brought up to date."""
    now = main.read("RETURN toString(datetime()) AS now")[0]["now"]
    if state is None or parse_time(state.watermark) < parse_time(now) - RETENTION:
        # Read whole from now on: what is committed already is covered by that reading.
        return Changes(None, now, [row["uid"] for row in main.read(
            "MATCH (j:ViewChange) WHERE j.at >= datetime($since) RETURN j.uid AS uid",
            {"since": (parse_time(now) - OVERLAP).isoformat()})])
    entries = main.read(
        "MATCH (j:ViewChange) WHERE j.at >= datetime($since) RETURN j.uid AS uid, toString(j.at) AS at, "
        "j.keys AS keys ORDER BY j.at", {"since": (parse_time(state.watermark) - OVERLAP).isoformat()})
    done = set(state.applied)
    keys: set[str] = set()
    for entry in entries:
        if entry["uid"] not in done:
            keys.update(entry["keys"])
    recent = parse_time(now) - OVERLAP
    applied = [entry["uid"] for entry in entries if parse_time(entry["at"]) >= recent]
    if EVERYTHING in keys or len(keys) > REBUILD_ABOVE:
        return Changes(None, now, applied)
    return Changes(keys, now, applied)


@dataclass
class Chunk:
    """Some nodes as the main graph says (`wanted`, from `Statements.state`), as the view holds
    them (`held`, by key) and the view's copies of their relationships' far ends (`held_ends`)."""

    wanted: list[dict[str, Any]]
    held: dict[str, dict[str, Any]]
    held_ends: dict[str, dict[Any, dict[str, Any]]]


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class ViewSync:
    """Brings one view up to date from the main graph."""

    def __init__(self, main: Store, view: Store, scope: ViewScope, folder: Path) -> None:
        self.main = main
        self.view = view
        self.scope = scope
        self.state_path = folder / STATE_FILE
        self.statements = Statements()
        self.params = scope.parameters

    # -- entry points ---------------------------------------------------------------------
    def state(self) -> ViewState | None:
        state = ViewState.load(self.state_path)
        return state if state and state.view == self.scope.name else None

    def refresh(self) -> SyncReport:
        """Apply the journal since the watermark; rebuild when the view is new or too far behind."""
        started = time.perf_counter()
        changes = read_journal(self.main, self.state())
        if changes.keys is None:
            return self.rebuild()
        report = SyncReport(self.scope.name, "refresh", touched=len(changes.keys), watermark=changes.now)
        self._apply(self._expand(self._by_label(changes.keys)), report)
        report.seconds = round(time.perf_counter() - started, 3)
        self._save(changes.now, changes.applied, report)
        return report

    def add_own(self) -> SyncReport:
        """Add what only the view's agency may see (its restricted records, its deliveries, and what
        hangs on them) to a view that holds the partners' view already (`Views.sync` copies it)."""
        started = time.perf_counter()
        report = SyncReport(self.scope.name, "seed")
        by_label: dict[str, set[str]] = defaultdict(set)
        for label in self.statements.copied:
            query = self.statements.own(label)
            if query is not None:
                by_label[label].update(row["key"] for row in self.main.read(query, self.params))
        report.touched = sum(len(keys) for keys in by_label.values())
        self._apply(self._expand(by_label), report)
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def rebuild(self, whole: bool | None = None) -> SyncReport:
        """Copy everything the view may hold, then delete whatever else it holds. Into an empty view
        (or with `whole`), everything is copied in one pass without comparing (`isolation.whole`)."""
        started = time.perf_counter()
        changes = read_journal(self.main, None)
        now, applied = changes.now, changes.applied
        ensure_schema(self.view, view_model())
        report = SyncReport(self.scope.name, "rebuild", watermark=now)
        if whole if whole is not None else not self.view.read("MATCH (n) RETURN count(n) > 0 AS held")[0]["held"]:
            WholeBuild(self.main, self.view, self.scope, self.statements, _ordered).run(report)
        else:
            for label in self.statements.copied:
                after = ""
                while keys := [row["key"] for row in self.main.read(
                        self.statements.page(label), {**self.params, "after": after, "limit": PAGE})]:
                    report.touched += len(keys)
                    self._write_chunks(label, keys, report)
                    after = keys[-1]
            self._delete_strays(report)
        self._recompute_conflicts()
        report.seconds = round(time.perf_counter() - started, 3)
        self._save(now, applied, report)
        return report

    # -- the steps ------------------------------------------------------------------------
    def _by_label(self, keys: Iterable[str]) -> dict[str, set[str]]:
        copied = set(self.statements.copied)
        by_label: dict[str, set[str]] = defaultdict(set)
        for entry in keys:
            label, key = split(entry)
            if label in copied:
                by_label[label].add(key)
        return by_label

    def _expand(self, by_label: dict[str, set[str]]) -> dict[str, set[str]]:
        """Add the derived nodes whose visibility follows a touched node, until none is new."""
        frontier = {label: set(keys) for label, keys in by_label.items()}
        while frontier:
            found: dict[str, set[str]] = defaultdict(set)
            for derived, rel_type, label in self.statements.derivations():
                keys = sorted(frontier.get(label, ()))
                for chunk in _chunks(keys, PAGE):
                    rows = self.main.read(self.statements.related(derived, rel_type, label), {"keys": chunk})
                    found[derived].update(row["key"] for row in rows)
            frontier = {label: keys - by_label[label] for label, keys in found.items() if keys - by_label[label]}
            for label, keys in frontier.items():
                by_label[label].update(keys)
        return by_label

    def _apply(self, by_label: dict[str, set[str]], report: SyncReport) -> None:
        """Delete what is gone or hidden, then write the visible nodes in key order."""
        candidates = sorted(by_label.get("Candidate", ()))
        rivals = self._rivals(candidates)  # before the writes: a candidate deleted leaves its rivals
        for label in self.statements.copied:
            keys = sorted(by_label.get(label, ()))
            if not keys:
                continue
            visible: set[str] = set()
            for chunk in _chunks(keys, PAGE):
                rows = self.main.read(self.statements.visible(label), {**self.params, "keys": chunk})
                visible.update(rows[0]["keys"])
            gone = [key for key in keys if key not in visible]
            for chunk in _chunks(gone, KEYS_PER_BATCH):
                report.deleted += self.view.write(self.statements.gone(label), {"keys": chunk}).nodes_deleted
            self._write_chunks(label, [key for key in keys if key in visible], report)
        if candidates:
            self._recompute_conflicts(sorted(rivals | self._rivals(candidates) | set(candidates)))

    def _rivals(self, candidates: list[str]) -> set[str]:
        """The candidates of the view that propose a record one of `candidates` proposes: the only
        ones whose conflict a change of these can change."""
        found: set[str] = set()
        for chunk in _chunks(candidates, PAGE):
            found.update(row["key"] for row in self.view.read(self.statements.rivals(), {"keys": chunk}))
        return found

    def _write_chunks(self, label: str, keys: list[str], report: SyncReport) -> None:
        """Read the keys' nodes in the main graph and in the view, and write only the difference;
        the next chunk is read while one is written (both servers work at once)."""
        chunks = list(_chunks(keys, KEYS_PER_BATCH))
        if not chunks:
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="view-read") as reader:
            pending = reader.submit(self._read_chunk, label, chunks[0])
            for index in range(len(chunks)):
                chunk = pending.result()
                if index + 1 < len(chunks):
                    pending = reader.submit(self._read_chunk, label, chunks[index + 1])
                statements = self._difference(label, chunk)
                if statements:
                    counters = self.view.write_together(statements)
                    report.written += sum(len(params["rows"]) for query, params in statements
                                          if query == self.statements.upsert(label))
                    report.deleted += counters.nodes_deleted

    def _read_chunk(self, label: str, keys: list[str]) -> "Chunk":
        """The main graph's state of some nodes, the view's copy of them, and of their far ends.
        A chunk read while the one before it is written may miss that write; every difference it
        then finds is written again, to the same effect."""
        s = self.statements
        wanted = self.main.read(s.state(label), {**self.params, "keys": keys})
        held = {row["key"]: row for row in self.view.read(s.held(label), {"keys": keys})}
        ends: dict[str, set[Any]] = defaultdict(set)
        for row in wanted:
            for rel in row["rels"] or ():
                if rel["key"] is not None and rel["label"] in s.key:
                    ends[rel["label"]].add(rel["key"])
        held_ends = {end_label: {row["key"]: row["props"] for row in self.view.read(
            s.held_nodes(end_label), {"keys": sorted(found, key=str)})} for end_label, found in ends.items()}
        return Chunk(wanted, held, held_ends)

    def _difference(self, label: str, chunk: "Chunk") -> list[tuple[str, dict[str, Any]]]:
        """The statements that make the view's copy of these nodes (and their relationships) what
        the main graph says, writing nothing that is already so."""
        s = self.statements
        recomputed = RECOMPUTED_PROPERTIES.get(label, ())
        gone = [row["key"] for row in chunk.wanted if not row["visible"] and row["key"] in chunk.held]
        upserts, unlinks = [], []
        ends: dict[str, dict[Any, dict[str, Any] | None]] = defaultdict(dict)
        links: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for row in chunk.wanted:
            if not row["visible"]:
                continue
            key, current = row["key"], chunk.held.get(row["key"])
            props = view_properties(label, row["props"], self.scope)
            before = {k: v for k, v in (current or {}).get("props", {}).items() if k not in recomputed}
            if current is None or before != props:
                kept = {name: current["props"][name] for name in recomputed if current and name in current["props"]}
                upserts.append({"key": key, "props": _ordered({**RECOMPUTED_DEFAULTS.get(label, {}), **props, **kept})})
            have = {_identity(rel): rel["props"] for rel in (current or {}).get("rels", [])}
            want = {}
            for rel in row["rels"]:
                if rel["key"] is None or rel["label"] not in s.key:
                    continue
                want[_identity(rel)] = rel
                if rel["label"] in s.linked:
                    ends[rel["label"]][rel["key"]] = view_properties(rel["label"], rel["end"] or {}, self.scope)
                else:
                    ends[rel["label"]].setdefault(rel["key"], None)
            if drop := sorted(identity for identity in have if identity not in want):
                unlinks.append({"key": key, "drop": drop})
            for identity in sorted(want):
                rel = want[identity]
                if identity in have and have[identity] == rel["props"]:
                    continue
                start, finish = ((label, key), (rel["label"], rel["key"])) if rel["outgoing"] else \
                    ((rel["label"], rel["key"]), (label, key))
                links[(rel["type"], start[0], finish[0])].append(
                    {"start": start[1], "end": finish[1], "props": _ordered(rel["props"])})
        statements: list[tuple[str, dict[str, Any]]] = []
        if gone:
            statements.append((s.gone(label), {"keys": gone}))
        if upserts:
            statements.append((s.upsert(label), {"rows": upserts}))
        statements += self._ends(ends, chunk.held_ends)
        if unlinks:
            statements.append((s.unlink(label), {"rows": unlinks}))
        for group in sorted(links):
            statements.append((s.link(*group), {"rows": links[group]}))
        return statements

    def _ends(self, ends: dict[str, dict[Any, dict[str, Any] | None]],
              held: dict[str, dict[Any, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
        """Make the far ends of the relationships exist: a place, route, vessel or agency with its own
        properties; a record or engine result by its key (it is written whole when it is synced)."""
        s = self.statements
        statements: list[tuple[str, dict[str, Any]]] = []
        for end_label in sorted(ends):
            keys = sorted(ends[end_label], key=str)
            present = held.get(end_label, {})
            if end_label in s.linked:
                rows = [{"key": k, "props": _ordered(ends[end_label][k] or {})} for k in keys
                        if present.get(k) != ends[end_label][k]]
                if rows:
                    statements.append((s.upsert(end_label), {"rows": rows}))
            elif missing := [k for k in keys if k not in present]:
                statements.append((s.ensure(end_label), {"keys": missing}))
        return statements

    def _delete_strays(self, report: SyncReport) -> None:
        """After a rebuild: nodes the view holds but may no longer hold, and orphaned places."""
        s = self.statements
        for label in s.copied:
            after = ""
            while keys := [row["key"] for row in self.view.read(s.view_page(label), {"after": after, "limit": PAGE})]:
                visible = set(self.main.read(s.visible(label), {**self.params, "keys": keys})[0]["keys"])
                gone = [key for key in keys if key not in visible]
                for chunk in _chunks(gone, KEYS_PER_BATCH):
                    report.deleted += self.view.write(s.gone(label), {"keys": chunk}).nodes_deleted
                after = keys[-1]
        for query in (s.orphans(), s.strangers()):
            while (deleted := self.view.write(query, {"limit": 10_000}).nodes_deleted) > 0:
                report.deleted += deleted

    def _recompute_conflicts(self, candidates: list[str] | None = None) -> None:
        """Conflicts between the candidates the view holds, worked out in the view (the rule of
        `match_mark_conflicts`), so a conflict with a hidden report is not even a flag; after a
        refresh, those of the `candidates` it touched only (`view_mark_conflicts`)."""
        if candidates is None:
            self.view.write(named_query("match_mark_conflicts").text)
            return
        for chunk in _chunks(candidates, KEYS_PER_BATCH):
            self.view.write(named_query("view_mark_conflicts").text, {"keys": chunk})

    def _save(self, watermark: str, applied: list[str], report: SyncReport) -> None:
        ViewState(view=self.scope.name, watermark=watermark, applied=applied,
                  synced_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  mode=report.mode, seconds=report.seconds).save(self.state_path)


def view_model() -> GraphModel:
    """The model a view's schema is made from: without the labels no view holds (the journal), whose
    constraints would name them to `db.labels()` in the view."""
    model = load_model()
    return GraphModel({label: node for label, node in model.nodes.items() if node.visibility != "never"},
                      model.relationships)


def _identity(rel: dict[str, Any]) -> str:
    """A relationship as seen from the node being synced: type, direction, far end."""
    return f"{rel['type']}|{'>' if rel['outgoing'] else '<'}|{rel['label']}|{rel['key']}"


def _ordered(props: dict[str, Any]) -> dict[str, Any]:
    """Properties in key order, so a node written twice is stored the same way, each value as the
    main graph holds it (`_as_stored`)."""
    return {key: _as_stored(props[key]) for key in sorted(props)}


def _as_stored(value: Any) -> Any:
    """A time read at offset zero is written back at offset zero. The driver reads `...Z` as the
    named zone UTC and would write it as `...Z[UTC]`: the same instant, printed otherwise, so a
    view would answer `toString(t)` differently from the main graph."""
    if isinstance(value, list):
        return [_as_stored(item) for item in value]
    zone = getattr(value, "tzinfo", None)
    if zone is not None and getattr(zone, "zone", None) == "UTC" and hasattr(value, "replace"):
        return value.replace(tzinfo=timezone.utc)
    return value


def parse_time(text: str) -> datetime:
    """An ISO time from the server (`2025-01-02T03:04:05.123456789Z`) as a timezone-aware datetime."""
    text = text.replace("Z", "+00:00")
    if "." in text:
        head, tail = text.split(".", 1)
        digits = "".join(ch for ch in tail if ch.isdigit())
        zone = tail[len(digits):]
        text = f"{head}.{digits[:6]}{zone}"
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
