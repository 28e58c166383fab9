"""The full `tracegraph match` of a large graph, run share by share through the CLI and timed.

A full match at 1,000,000 persons takes hours on two cores. This runs it as `tracegraph match
--part K/N --defer-joint` for every share K of N, one after the other, then `tracegraph match
--joint-only` once: together they match every report once and write the same graph as one run
(`tests/cluster/test_dask_runs.py` compares the graphs of split and whole runs). Each finished
share goes into a ledger (JSON) with its wall clock, the CPU seconds of the match processes and of
the local Neo4j server, the peak memory, the load average before and after, the code's commit and
the CLI's summary; a later call skips the shares already in the ledger, so the run can be stopped
between shares and taken up again. A share is never stopped in the middle: `--until` only keeps
a share from starting when the longest share so far would not end before that time, and a share
that fails (its process killed) is not written in the ledger and runs again whole next time.

    .venv/bin/python bench/match_full.py --shares 16 --workers 2 --ledger match-1m.json --until 18:30
    .venv/bin/python bench/match_full.py --ledger match-1m.json --report   # the totals so far

The total is the sum over the ledger: every share's wall clock and CPU, plus the joint pass.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from identify_match import server_cpu_seconds  # noqa: E402  (bench/, the script's own folder)

CLI = [sys.executable, "-m", "tracegraph"]


def commit() -> str:
    done = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def timed(command: list[str]) -> dict[str, Any]:
    """Run one CLI command; its wall clock, CPU (the command and its workers), the server's CPU."""
    load_before = os.getloadavg()
    server_before = server_cpu_seconds()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started_at = dt.datetime.now(dt.timezone.utc)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_after = server_cpu_seconds()
    return {
        "command": " ".join(command[2:]),
        "returncode": done.returncode,
        "started": started_at.isoformat(timespec="seconds"),
        "wall_s": round(wall, 1),
        "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "server_cpu_s": None if server_before is None or server_after is None
        else round(server_after - server_before, 1),
        # the largest resident set of any child so far (a share's processes are the largest)
        "peak_rss_mib": round(after.ru_maxrss / 1024),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "code": commit(),
        "said": done.stdout.strip()[-4000:],
        "errors": done.stderr.strip()[-4000:] if done.returncode else "",
    }


def load(path: Path) -> dict[str, Any]:
    if path.exists():
        ledger: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return ledger
    return {"shares": None, "done": {}, "joint": None, "failed": []}


def save(path: Path, ledger: dict[str, Any]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(ledger, indent=2), encoding="utf-8")
    temporary.replace(path)


def totals(ledger: dict[str, Any]) -> dict[str, Any]:
    runs = list(ledger["done"].values()) + ([ledger["joint"]] if ledger["joint"] else [])
    return {
        "shares_done": len(ledger["done"]),
        "shares": ledger["shares"],
        "joint_done": ledger["joint"] is not None,
        "wall_s": round(sum(run["wall_s"] for run in runs), 1),
        "cpu_s": round(sum(run["cpu_s"] for run in runs), 1),
        "server_cpu_s": round(sum(run["server_cpu_s"] or 0 for run in runs), 1),
        "peak_rss_mib": max((run["peak_rss_mib"] for run in runs), default=0),
        "codes": sorted({run["code"] for run in runs}),
    }


def deadline(until: str | None) -> dt.datetime | None:
    if not until:
        return None
    now = dt.datetime.now(dt.timezone.utc)
    hour, minute = (int(part) for part in until.split(":"))
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment > now else moment + dt.timedelta(days=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, required=True, help="JSON file of the shares done so far")
    parser.add_argument("--shares", type=int, default=16, help="how many shares to cut the reports into")
    parser.add_argument("--workers", type=int, default=2, help="scoring processes of each share")
    parser.add_argument("--until", default=None, metavar="HH:MM",
                        help="start no share that would not end before this time (UTC)")
    parser.add_argument("--report", action="store_true", help="print the totals so far and stop")
    args = parser.parse_args()

    ledger = load(args.ledger)
    if args.report:
        print(json.dumps(totals(ledger), indent=2))
        return
    if ledger["shares"] is None:
        ledger["shares"] = args.shares
    elif ledger["shares"] != args.shares:
        parser.error(f"{args.ledger} holds a run cut into {ledger['shares']} shares, not {args.shares}")
    stop = deadline(args.until)
    for k in range(1, ledger["shares"] + 1):
        if str(k) in ledger["done"]:
            continue
        longest = max((run["wall_s"] for run in ledger["done"].values()), default=0.0)
        if stop and dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=longest) > stop:
            print(f"share {k} not started: the longest share so far ({longest:.0f} s) would end after "
                  f"{args.until} UTC", file=sys.stderr)
            break
        print(f"share {k}/{ledger['shares']} started {dt.datetime.now(dt.timezone.utc):%H:%M:%S}", file=sys.stderr)
        run = timed(CLI + ["match", "--part", f"{k}/{ledger['shares']}", "--defer-joint", "--quiet",
                           "--workers", str(args.workers)])
        if run["returncode"] != 0:
            ledger["failed"].append({"share": k, **run})
            save(args.ledger, ledger)
            print(f"share {k} failed (exit {run['returncode']}): {run['errors'][-500:]}", file=sys.stderr)
            sys.exit(1)
        ledger["done"][str(k)] = run
        save(args.ledger, ledger)
        print(f"share {k} done in {run['wall_s']:.0f} s", file=sys.stderr)
    if len(ledger["done"]) == ledger["shares"] and ledger["joint"] is None:
        if stop and dt.datetime.now(dt.timezone.utc) > stop:
            print("joint pass not started: past --until", file=sys.stderr)
        else:
            run = timed(CLI + ["match", "--joint-only", "--quiet"])
            if run["returncode"] != 0:
                ledger["failed"].append({"share": "joint", **run})
                save(args.ledger, ledger)
                sys.exit(1)
            ledger["joint"] = run
            save(args.ledger, ledger)
    print(json.dumps(totals(ledger), indent=2))


if __name__ == "__main__":
    main()
