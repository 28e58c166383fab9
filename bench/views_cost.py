"""Benchmark of the analysts' views: what each costs in disk, memory and time to build and to keep
up to date, on a graph of N persons delivered by several agencies.

Starts a Neo4j server of its own (throwaway TRACEGRAPH_HOME under /tmp, the project's fetched
distribution), generates one synthetic delivery per agency (N / agencies persons each) and loads
them with `tracegraph ingest`, runs `tracegraph kinship screen` and a share of `tracegraph match`,
then makes the views of every agency (with and without DNA clearance, or those asked for), and
measures (`match --changed` runs on the same share of the reports as the first match):

1. per view: starting its server, building it from the graph (a rebuild), its store on disk and
   its server's resident memory;
2. keeping them up to date after the writes users make, with each agency's DNA-cleared view
   running (all with --running all): a new delivery of another agency, its kinship screening,
   `match --changed`, one review decision, and a re-delivery that makes some shared reports
   restricted. The commands bring the running views up to date themselves before they end: that
   refresh is the one they report on stderr ("by the command"); after a review decision, made
   here in-process as the web app does, the bench refreshes and times each view.

A new agency's view is made from a copy of the partners' view of its clearance, so the partners'
views are built first, whole, and the agencies' views after them are seeded.

    .venv/bin/python bench/views_cost.py --persons 100000 --agencies 5
    .venv/bin/python bench/views_cost.py --persons 4000 --agencies 2 --match-part 1/1   # a quick look
    .venv/bin/python bench/views_cost.py --persons 100000 --agencies 5 --no-screen      # no DNA matches

Loading the graph and measuring the views can be two runs on one instance folder:

    .venv/bin/python bench/views_cost.py --persons 100000 --no-screen --home DIR --port P --graph-only
    .venv/bin/python bench/views_cost.py --persons 100000 --no-screen --home DIR --port P --reuse

The numbers go to stdout as a table and as JSON (--output FILE to keep them).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.config import load_settings  # noqa: E402
from graphmodel.errors import TraceGraphError  # noqa: E402
from graphmodel.server import start_server, stop_server  # noqa: E402
from graphmodel.store import Store  # noqa: E402
from identify import review  # noqa: E402
from isolation.rule import ViewScope  # noqa: E402
from isolation.servers import View, Views, prune_journal  # noqa: E402
from scenarios import generate_scenario  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def disk_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def resident_mib(pid: int | None) -> float | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def server_pid(folder: Path) -> int | None:
    try:
        return int((folder / "neo4j" / "run" / "neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        return None


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.home = Path(args.home or tempfile.mkdtemp(prefix="tracegraph-views-bench-"))
        self.env = {**os.environ,
                    "TRACEGRAPH_HOME": str(self.home),
                    "TRACEGRAPH_CACHE": os.environ.get("TRACEGRAPH_CACHE", str(PROJECT / ".tracegraph" / "cache")),
                    "TRACEGRAPH_NEO4J_PORT": str(args.port or free_port()),
                    "TRACEGRAPH_NEO4J_HEAP": args.heap, "TRACEGRAPH_NEO4J_PAGECACHE": args.pagecache,
                    "TRACEGRAPH_VIEW_HEAP": args.view_heap, "TRACEGRAPH_VIEW_PAGECACHE": args.view_pagecache,
                    "PYTHONPATH": str(PROJECT)}
        self.settings = load_settings(self.env)
        self.figures: dict[str, Any] = {"persons": args.persons, "agencies": args.agencies, "seed": args.seed,
                                        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                        "load_average_before": load_average()}
        self.agencies = [f"AG{number}" for number in range(1, args.agencies + 1)]

    def cli(self, *args: str) -> tuple[float, str]:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "tracegraph", *args], env=self.env, capture_output=True,
                              text=True)
        if done.returncode != 0:
            raise SystemExit(f"tracegraph {' '.join(args)} failed: {done.stderr[-2000:]}")
        return round(time.perf_counter() - started, 1), done.stdout + done.stderr

    def step(self, name: str, seconds: float, **more: Any) -> None:
        self.figures.setdefault("steps", []).append({"step": name, "seconds": seconds, "load": load_average(), **more})
        print(f"{name:<48} {seconds:>9.1f} s   load {load_average()}  {more if more else ''}", flush=True)

    def graph(self) -> None:
        """Deliveries of every agency, loaded, screened and partly matched."""
        per_agency = self.args.persons // self.args.agencies
        for number, agency in enumerate(self.agencies):
            folder = self.home / "deliveries" / agency
            started = time.perf_counter()
            generate_scenario(per_agency, self.args.seed + number, folder, agency)
            self.step(f"generate {agency} ({per_agency} persons)", round(time.perf_counter() - started, 1))
            seconds, _ = self.cli("ingest", "interchange", str(folder), "--agency", agency, "--quiet")
            self.step(f"ingest {agency}", seconds)
        if self.args.screen:
            seconds, _ = self.cli("kinship", "screen", "--workers", "2")
            self.step("kinship screen", seconds)
        if self.args.match_part != "none":
            seconds, _ = self.cli("match", "--workers", "2", "--quiet", *(
                [] if self.args.match_part == "1/1" else ["--part", self.args.match_part]))
            self.step(f"match (part {self.args.match_part})", seconds)
        self.describe_graph()

    def describe_graph(self) -> None:
        with Store(self.settings) as main:
            counts = main.read("MATCH (n) RETURN count(n) AS nodes")[0]
            counts["relationships"] = main.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
            counts["restricted"] = main.read("MATCH (n) WHERE n.sharing = 'agency' RETURN count(n) AS n")[0]["n"]
            counts["candidates"] = main.read("MATCH (c:Candidate) RETURN count(c) AS n")[0]["n"]
        self.figures["graph"] = {**counts, "store_bytes": disk_bytes(self.home / "neo4j" / "data" / "databases"),
                                 "main_rss_mib": resident_mib(server_pid(self.home))}
        print(f"graph: {self.figures['graph']}", flush=True)

    def scopes(self) -> list[ViewScope]:
        if self.args.views:
            return [ViewScope.from_name(name) for name in self.args.views.split(",")]
        return [ViewScope(agency, cleared) for agency in self.agencies for cleared in (True, False)]

    def build(self, views: Views, main: Store) -> list:
        """The partners' views built whole, then every agency's view made from them; each measured."""
        # the partners' views of the clearances asked for
        bases = [ViewScope(None, cleared) for cleared in (True, False)
                 if not self.args.whole and any(scope.dna_cleared == cleared for scope in self.scopes())]
        per_view = []
        for scope in bases + self.scopes():
            view = views.create(scope)
            started = time.perf_counter()
            views.start([view])
            start_seconds = round(time.perf_counter() - started, 1)
            with self.watching(view):
                report = views.sync(view, main, rebuild=self.args.whole and view.state() is None)
            assert report is not None
            figures = {"view": view.name, "mode": report.mode, "start_seconds": start_seconds,
                       "build_seconds": report.seconds, "nodes_written": report.written,
                       "store_bytes": disk_bytes(view.settings.server_dir / "data" / "databases"),
                       "transactions_bytes": disk_bytes(view.settings.server_dir / "data" / "transactions"),
                       "rss_mib": resident_mib(server_pid(view.folder)), "load": load_average()}
            per_view.append(figures)
            if scope in bases or (self.args.running == "cleared" and not scope.dna_cleared):
                stop_server(view.settings)  # measured; the refreshes below run with one view per agency
            print(f"view {view.name:<24} {report.mode:<8} start {start_seconds:>6.1f} s  "
                  f"build {report.seconds:>8.1f} s  "
                  f"{report.written:>9,} nodes  store {figures['store_bytes'] / 2**20:>8.1f} MiB  "
                  f"rss {figures['rss_mib']} MiB  load {figures['load']}", flush=True)
        self.figures["views"] = per_view
        return per_view

    @contextmanager
    def watching(self, view: View) -> Iterator[None]:
        """Print the view's node count every minute while it is built (a build of a large graph
        takes a while: its pace shows even when the run is stopped before it ends)."""
        done = threading.Event()

        def watch() -> None:
            started = time.perf_counter()
            with Store(view.settings, journal=False) as store:
                while not done.wait(60):
                    try:
                        nodes = store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
                    except TraceGraphError:
                        continue
                    seconds = round(time.perf_counter() - started)
                    self.figures.setdefault("progress", []).append(
                        {"view": view.name, "seconds": seconds, "nodes": nodes, "load": load_average()})
                    print(f"  {view.name}: {nodes:,} nodes after {seconds} s  load {load_average()}", flush=True)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            yield
        finally:
            done.set()
            watcher.join()

    def refresh(self, name: str, views: Views, main: Store) -> None:
        started = time.perf_counter()
        reports = views.refresh_running(main)
        total = round(time.perf_counter() - started, 2)
        self.figures.setdefault("refreshes", []).append({
            "after": name, "seconds": total, "load": load_average(),
            "views": [{"view": r.view, "seconds": r.seconds, "touched": r.touched, "written": r.written,
                       "deleted": r.deleted} for r in reports]})
        per = ", ".join(f"{r.view} {r.seconds:.1f}s/{r.written}w" for r in reports)
        print(f"refresh after {name:<36} {total:>8.1f} s  ({per})  load {load_average()}", flush=True)

    def by_command(self, name: str, output: str) -> None:
        """The refresh a command made of the running views before it ended (it says so on stderr)."""
        found = re.search(r"Analysts' views brought up to date: (\d+) in ([0-9.]+) s \((\d+) nodes written, "
                          r"(\d+) deleted\)", output)
        figures = ({"views": int(found[1]), "seconds": float(found[2]), "written": int(found[3]),
                    "deleted": int(found[4])} if found else {"said": "no refresh"})
        self.figures.setdefault("refreshes", []).append({"after": name, "by": "the command", **figures,
                                                         "load": load_average()})
        print(f"refresh by the command after {name:<25} {figures}  load {load_average()}", flush=True)

    def updates(self, views: Views, main: Store) -> None:
        """The writes users make, each followed by the views' refresh (as the commands do), in the
        order of --steps."""
        steps = {"delivery": self.new_delivery, "match": self.match_changed, "review": self.review,
                 "restrict": self.restrict}
        for step in self.args.steps.split(","):
            steps[step](views, main)
        prune_journal(main, views.known())

    def new_delivery(self, views: Views, main: Store) -> None:
        newcomer = self.home / "deliveries" / "AG-NEW"
        generate_scenario(self.args.new_persons, self.args.seed + 100, newcomer, "AGNEW")
        _, said = self.cli("ingest", "interchange", str(newcomer), "--agency", "AGNEW", "--quiet")
        self.by_command(f"a new delivery ({self.args.new_persons} persons)", said)
        self.refresh(f"a new delivery ({self.args.new_persons} persons)", views, main)
        if self.args.screen:
            _, said = self.cli("kinship", "screen")
            self.by_command("its kinship screening", said)
            self.refresh("its kinship screening", views, main)

    def match_changed(self, views: Views, main: Store) -> None:
        part = self.args.match_part if self.args.match_part not in ("1/1", "none") else None
        _, said = self.cli("match", "--changed", "--workers", "2", "--quiet", *(["--part", part] if part else []))
        self.by_command(f"match --changed{f' --part {part}' if part else ''}", said)
        self.refresh(f"match --changed{f' --part {part}' if part else ''}", views, main)

    def review(self, views: Views, main: Store) -> None:
        candidate = main.read("MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate {review_status: 'proposed'}) "
                              "WHERE c.candidate_kind = 'remains' "
                              "RETURN c.uid AS uid, r.agency AS agency ORDER BY c.posterior DESC, uid LIMIT 1")
        if not candidate:
            return
        uid, agency = candidate[0]["uid"], candidate[0]["agency"]
        policy = review.ConfirmationPolicy()
        # Four eyes: one reviewer proposes, a second confirms; the confirmation settles the
        # report's other candidates and the body's, and sets the statuses.
        for number, (to_status, who) in enumerate([("under_review", "bench-a"),
                                                   ("confirmation_proposed", "bench-a"),
                                                   ("confirmed", "bench-b")]):
            started = time.perf_counter()
            review.decide(main, uid, to_status, review.Reviewer(who, "analyst", agency), "a bench decision",
                          f"bench-review-token-{number}", policy)
            self.step(f"the decision itself ({to_status}, main graph)", round(time.perf_counter() - started, 1))
            self.refresh(f"review: {to_status}", views, main)

    def restrict(self, views: Views, main: Store) -> None:
        source = self.home / "deliveries" / self.agencies[0] / "reports.csv"
        with source.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        restricted = self.home / "deliveries" / "restricted"
        restricted.mkdir(exist_ok=True)
        with (restricted / "reports.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows[: self.args.restrict]:
                writer.writerow({**row, "sharing": "agency"})
        _, said = self.cli("ingest", "interchange", str(restricted / "reports.csv"), "--agency", self.agencies[0],
                           "--quiet")
        self.by_command(f"{self.args.restrict} shared reports made restricted", said)
        self.refresh(f"{self.args.restrict} shared reports made restricted", views, main)

    def run(self) -> None:
        # The main server keeps its transaction logs only to the last checkpoint here, as the views
        # do: the bench measures the views, and the machine's disk is shared.
        start_server(self.settings, extra_config={"db.tx_log.rotation.retention_policy": "keep_none"})
        try:
            if self.args.reuse:
                self.describe_graph()
            else:
                self.cli("db", "migrate")
                self.graph()
            if self.args.graph_only:
                return
            views = Views(self.settings)
            with Store(self.settings) as main:
                self.build(views, main)
                if not self.args.keep:
                    for view in views.known():
                        if not views.status(view).running:
                            views.remove(view)  # measured; its disk goes back before the refreshes
                self.figures["running"] = [{"view": v.name, "rss_mib": resident_mib(server_pid(v.folder))}
                                           for v in views.known()]
                self.updates(views, main)
                self.figures["running_after"] = [{"view": v.name, "rss_mib": resident_mib(server_pid(v.folder)),
                                                  "store_bytes": disk_bytes(v.folder / "neo4j" / "data")}
                                                 for v in views.known()]
        finally:
            self.figures["load_average_after"] = load_average()
            if not self.args.keep:
                for view in Views(self.settings).known():
                    stop_server(view.settings)
                stop_server(self.settings)
                if not (self.args.graph_only or self.args.reuse):
                    shutil.rmtree(self.home, ignore_errors=True)
        print(json.dumps(self.figures, indent=1))
        if self.args.output:
            Path(self.args.output).write_text(json.dumps(self.figures, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--match-part", default="1/10", help="share of reports matched first: K/N, 1/1 or none")
    parser.add_argument("--no-screen", dest="screen", action="store_false",
                        help="leave out the kinship screening (and so the DNA matches), which on the "
                             "generator's large families takes hours at 100,000 persons")
    parser.add_argument("--views", default="",
                        help="comma-separated view names (default: every agency, both clearances)")
    parser.add_argument("--whole", action="store_true",
                        help="build every view whole from the graph (no partners' views, no copies)")
    parser.add_argument("--new-persons", type=int, default=1000, help="size of the new delivery measured")
    parser.add_argument("--running", choices=["cleared", "all"], default="cleared",
                        help="views left running for the refreshes: each agency's DNA-cleared one, or all")
    parser.add_argument("--steps", default="delivery,match,review,restrict",
                        help="the writes measured, in this order: delivery (with its screening), match "
                             "(--changed), review (a four-eyes confirmation), restrict")
    parser.add_argument("--restrict", type=int, default=100, help="shared reports re-delivered as restricted")
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="4g")
    parser.add_argument("--view-heap", default="384m")
    parser.add_argument("--view-pagecache", default="256m")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--home", default="", help="instance folder (default: a new one under /tmp)")
    parser.add_argument("--keep", action="store_true", help="leave the servers running and the folder in place")
    parser.add_argument("--graph-only", action="store_true",
                        help="load the graph into --home and stop there (its folder is kept, for --reuse)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the views of the graph already loaded in --home (by --graph-only); "
                             "the folder is kept")
    parser.add_argument("--output", default="")
    Bench(parser.parse_args()).run()


if __name__ == "__main__":
    main()
