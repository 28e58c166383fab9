"""Load on the running web app over loopback with locust, and the app's memory over a soak.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/web_load.py --agency BIG --users 10 50 100 --duration 60 --soak 600

Starts the app as `tracegraph serve` does (web/server.py: gunicorn, one worker process per core
unless --processes says otherwise; users in a throwaway instance folder, the graph the environment
points at), logs in one account per simulated user and runs locust headless
at each number of concurrent users (`bench/web_load_users.py`: search, case page, candidates and
graph expand on reports drawn from those that have candidates). Prints requests/s, p50/p95/p99 and
errors per level, then the app's resident memory at the start and end of the soak.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

PASSWORD = "bench password 1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(home: Path, port: int, processes: int, threads: int) -> None:
    """The app's processes, as `tracegraph serve` runs them: users from `home`, the graph from the environment."""
    from web import create_app, server
    files = {"LOCAL_DATABASE": home / "web.sqlite3", "SECRET_KEY_FILE": home / "key"}
    server.serve(lambda: create_app(files), files, host="127.0.0.1", port=port, processes=processes, threads=threads)


def sample(agency: str, count: int, seed: int) -> list[dict]:
    from graphmodel.store import Store
    store = Store()
    try:
        rows = store.read(
            "MATCH (r:Report)-[:HAS_CANDIDATE]->(:Candidate) WHERE r.agency = $agency WITH DISTINCT r LIMIT 20000 "
            "MATCH (r)-[:REPORTED_MISSING]->(p:Person) "
            "RETURN r.uid AS uid, elementId(r) AS id, coalesce(p.full_name, r.uid) AS name", {"agency": agency})
    finally:
        store.close()
    random.Random(seed).shuffle(rows)
    return rows[:count]


def family(pid: int) -> list[int]:
    """A process and its children (the app's gunicorn arbiter and its workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid, *(int(child) for child in children)]


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children."""
    total = 0.0
    for member in family(pid):
        try:
            lines = Path(f"/proc/{member}/status").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) / 1024 for line in lines if line.startswith("VmRSS:"))
    return total


class MemoryWatch:
    """Samples a process's resident memory every few seconds while a run goes on."""

    def __init__(self, pid: int, every: float = 5.0) -> None:
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MemoryWatch":
        self.started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append((time.monotonic() - self.started, rss_mib(self.pid)))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - self.started, rss_mib(self.pid)))
            self._stop.wait(self.every)


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU seconds a process and its children have used so far (0 when gone or unknown)."""
    if pid is None:
        return 0.0
    total = 0.0
    for member in family(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def neo4j_pid() -> int | None:
    """The local Neo4j server of the environment's instance, when it runs here."""
    from graphmodel.config import load_settings
    from graphmodel.server.local import server_status
    return server_status(load_settings()).pid


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return values[max(0, min(len(values) - 1, int(len(values) * share + 0.999999) - 1))] if values else 0.0


def figures(calls: list[list]) -> dict:
    times = sorted(call[2] for call in calls)
    errors = [call for call in calls if call[4] or call[3] >= 400 or call[3] == 0]
    span = (max(call[0] for call in calls) - min(call[0] for call in calls)) if len(calls) > 1 else 0
    return {"requests": len(calls), "errors": len(errors), "rps": round(len(calls) / span, 1) if span else 0.0,
            "p50": round(percentile(times, 0.50), 1), "p95": round(percentile(times, 0.95), 1),
            "p99": round(percentile(times, 0.99), 1), "max": round(times[-1], 1) if times else 0.0}


def run_locust(url: str, users: int, seconds: int, env: dict[str, str], prefix: Path,
               processes: dict[str, int | None] | None = None) -> dict:
    """One headless locust run; figures over the work calls made once every user had logged in.

    With `processes` (name to pid), the CPU seconds each used during the run are given too, with
    the load generator's own (locust), so that the figures show where the two cores went.
    """
    record = prefix.with_suffix(".calls.json")
    command = [sys.executable, "-m", "locust", "-f", str(PROJECT / "bench" / "web_load_users.py"), "--headless",
               "--host", url, "--users", str(users), "--spawn-rate", str(max(users // 2, 1)), "--run-time",
               f"{seconds}s", "--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING"]
    processes = processes or {}
    load_before = os.getloadavg()[0]
    cpu_before = {name: cpu_seconds(pid) for name, pid in processes.items()}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env={**env, "TRACEGRAPH_LOAD_RECORD": str(record)}, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load_after = os.getloadavg()[0]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {name: round(cpu_seconds(pid) - cpu_before[name], 1) for name, pid in processes.items()}
    cpu["locust"] = round(after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime, 1)
    data = json.loads(record.read_text())
    logins = [call for call in data["calls"] if call[1].startswith("login")]
    at_work = max(data["logged_in"], default=0)
    calls = [call for call in data["calls"] if not call[1].startswith("login") and call[0] >= at_work]
    by_name: dict[str, list] = {}
    for call in calls:
        by_name.setdefault(call[1], []).append(call)
    error_kinds: dict[str, int] = {}
    for call in calls + logins:
        if call[4] or call[3] >= 400 or call[3] == 0:
            kind = f"{call[1]}: {call[3]} {call[4]}".strip()
            error_kinds[kind] = error_kinds.get(kind, 0) + 1
    return {"users": users, "seconds": seconds, **figures(calls),
            "logins": figures(logins), "logged_in_after_s": round(at_work - min(c[0] for c in data["calls"]), 1),
            "by_call": {name: figures(rows) for name, rows in sorted(by_name.items())},
            "error_kinds": error_kinds, "load_average": [round(load_before, 2), round(load_after, 2)],
            "cpu_seconds": cpu, "calls_in_run": len(data["calls"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    server = sub.add_parser("serve")
    server.add_argument("--home", type=Path, required=True)
    server.add_argument("--port", type=int, required=True)
    server.add_argument("--processes", type=int, required=True)
    server.add_argument("--threads", type=int, required=True)
    parser.add_argument("--agency", default="DEMO")
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--duration", type=int, default=60, help="seconds per level")
    parser.add_argument("--soak", type=int, default=600, help="seconds of soak (0: none)")
    parser.add_argument("--soak-users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a user waits between calls")
    parser.add_argument("--processes", type=int, default=0,
                        help="app worker processes (default: one per core, as `tracegraph serve`)")
    parser.add_argument("--threads", type=int, default=8, help="threads per app process (as `tracegraph serve`)")
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.home, args.port, args.processes, args.threads)
        return 0

    from web import accounts, localstore
    if importlib.util.find_spec("locust") is None:
        print("This benchmark drives the app with locust: install the bench extra first "
              "(.venv/bin/pip install -e '.[bench]').")
        return 2
    home = Path(tempfile.mkdtemp(prefix="tracegraph-bench-load-"))
    reports = sample(args.agency, args.reports, args.seed)
    if not reports:
        print("No report with candidates for that agency: load a scenario and run `tracegraph match` first.")
        return 1
    names = [f"load{n:03}" for n in range(max(args.users + [args.soak_users]))]
    db = localstore.connect(home / "web.sqlite3")
    for name in names:
        accounts.add_user(db, name, PASSWORD, "investigator", args.agency, dna_cleared=True)
    db.close()
    sample_file = home / "sample.json"
    sample_file.write_text(json.dumps({"password": PASSWORD, "accounts": names, "reports": reports}))

    port = free_port()
    from graphmodel.config import usable_cores
    processes = args.processes or usable_cores()
    url = f"http://127.0.0.1:{port}"
    app = subprocess.Popen([sys.executable, __file__, "serve", "--home", str(home), "--port", str(port),
                            "--processes", str(processes), "--threads", str(args.threads)],
                           stderr=open(home / "app.err", "w"))
    env = {**os.environ, "TRACEGRAPH_LOAD_SAMPLE": str(sample_file), "TRACEGRAPH_LOAD_THINK": str(args.think)}
    results: dict = {"agency": args.agency, "reports_sampled": len(reports), "think_seconds": args.think,
                     "app_processes": processes, "threads_per_process": args.threads, "levels": []}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/login", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        print(f"app on {url} (pid {app.pid}, {processes} processes of {args.threads} threads), {len(reports)} reports "
              f"sampled, think {args.think} s; warming up")
        run_locust(url, 10, 20, env, home / "warm")
        print(f"{'users':>5} {'requests':>9} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
              f" {'max ms':>8} {'RSS MiB':>8} {'load':>10}")
        processes = {"app": app.pid, "neo4j": neo4j_pid()}
        for users in args.users:
            with MemoryWatch(app.pid) as memory:
                level = run_locust(url, users, args.duration, env, home / f"users{users}", processes)
            level["rss_mib_end"] = round(memory.samples[-1][1], 1)
            results["levels"].append(level)
            print(f"{users:5} {level['requests']:9} {level['errors']:6} {level['rps']:7} {level['p50']:7.0f}"
                  f" {level['p95']:7.0f} {level['p99']:7.0f} {level['max']:8.0f} {level['rss_mib_end']:8.1f}"
                  f" {level['load_average'][0]:4.1f}-{level['load_average'][1]:4.1f}")
            for kind, count in level["error_kinds"].items():
                print(f"      {count} x {kind}")
            calls = level["calls_in_run"] or 1
            print(f"      CPU ms a call ({calls} calls with the logins): " + ", ".join(
                f"{name} {1000 * seconds / calls:.1f}" for name, seconds in level["cpu_seconds"].items()))
        if args.soak:
            with MemoryWatch(app.pid, every=10) as memory:
                soak = run_locust(url, args.soak_users, args.soak, env, home / "soak")
            soak["rss_mib"] = [[round(t), round(m, 1)] for t, m in memory.samples]
            results["soak"] = soak
            start, end = memory.samples[0][1], memory.samples[-1][1]
            peak = max(m for _, m in memory.samples)
            print(f"soak: {args.soak_users} users for {args.soak} s: {soak['requests']} requests, "
                  f"{soak['errors']} errors, {soak['rps']} req/s, p95 {soak['p95']:.0f} ms, p99 {soak['p99']:.0f} ms;"
                  f" app RSS {start:.1f} MiB at start, {end:.1f} MiB at end (peak {peak:.1f})")
    finally:
        app.terminate()
        app.wait(timeout=30)
    errors = (home / "app.err").read_text()
    if errors.strip():
        print(f"app stderr ({home / 'app.err'}):\n{errors[-2000:]}")
    if args.output:
        args.output.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
