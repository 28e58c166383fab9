"""Benchmark of `tracegraph ingest`: a generated scenario loaded end to end from its files.

Starts a Neo4j server of its own (throwaway TRACEGRAPH_HOME under /tmp, the project's fetched
distribution), generates a synthetic delivery of N missing persons, then measures:

1. the naive way on a sample: the same record graphs written one transaction per record through
   the same driver (`Store.write`), timed and extrapolated per element;
2. the real thing: `tracegraph ingest interchange` run as a subprocess on the whole delivery,
   timed end to end (reading the files, validating, writing), with its peak resident memory.

    .venv/bin/python bench/ingest_load.py --persons 100000
    .venv/bin/python bench/ingest_load.py --persons 2000 --naive-sample 300   # a quick look
    .venv/bin/python bench/ingest_load.py --persons 100000 --initial

With --initial it measures the transactional load of the delivery (warmed up as above, no naive
sample) and then, on the emptied database, the initial bulk load of the same files (`tracegraph
ingest interchange --initial`: reading and checking, the import files, neo4j-admin's import with
the server's stop and start, the schema), each phase timed, with the CPU of the ingest process and
neo4j-admin and of the server started again. --initial-only skips the transactional load.

The numbers go to stdout as a table and as JSON (--output FILE to keep them).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.config import Settings, load_settings  # noqa: E402
from graphmodel.migrate import schema_statements  # noqa: E402
from graphmodel.server import server_status, start_server, stop_server  # noqa: E402
from graphmodel.store import Store  # noqa: E402
from ingest.formats import plan_files  # noqa: E402
from ingest.formats.base import LoadContext  # noqa: E402
from ingest.pipeline import RowBook, prepare, source_rows, transform_row  # noqa: E402
from ingest.report import RejectsWriter  # noqa: E402
from ingest.writer import GraphWriter  # noqa: E402
from scenarios import generate_scenario  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(home: Path, heap: str, pagecache: str) -> dict[str, str]:
    return {
        "TRACEGRAPH_HOME": str(home),
        "TRACEGRAPH_CACHE": os.environ.get("TRACEGRAPH_CACHE", str(PROJECT / ".tracegraph" / "cache")),
        "TRACEGRAPH_NEO4J_PORT": str(free_port()),
        "TRACEGRAPH_NEO4J_PASSWORD": "bench-password-not-secret",
        "TRACEGRAPH_NEO4J_HEAP": heap,
        "TRACEGRAPH_NEO4J_PAGECACHE": pagecache,
    }


def record_graphs(scenario: Path, workdir: Path, agency: str, per_file: int | None = None) -> Iterator[tuple]:
    """(file name, record graph) of the first `per_file` rows (all with None) of each file, in
    load order, as `tracegraph ingest` builds them."""
    for plan in plan_files("interchange", scenario):
        prepared = prepare(plan)
        context = LoadContext(agency, plan.path.name)
        rejects = RejectsWriter(workdir / f"{plan.path.stem}.{agency.lower()}-rejects.csv", prepared.header)
        warned = RejectsWriter(workdir / f"{plan.path.stem}.{agency.lower()}-warnings.csv", prepared.header)
        book = RowBook()
        for line, cells in itertools.islice(source_rows(prepared), per_file):
            graph = transform_row(plan.adapter, prepared, line, cells, context, book, rejects, warned)
            if graph is not None:
                yield plan.path.name, graph
        for graph in plan.adapter.finish(context):
            yield plan.path.name, graph
        rejects.close()
        warned.close()


def naive(store: Store, graphs: list) -> dict[str, float]:
    """One transaction per record, same statements, same driver."""
    now = datetime.now(timezone.utc)
    writers: dict[str, GraphWriter] = {}
    elements = 0
    started = time.perf_counter()
    for source, graph in graphs:
        writer = writers.setdefault(source, GraphWriter(store, agency="NAIVE", source_file=source, now=now))
        counters = store.write_together(writer.build_statements([(graph, graph.content_hash(), False)]))
        elements += counters.nodes_created + counters.relationships_created
    seconds = time.perf_counter() - started
    return {"records": len(graphs), "elements": elements, "seconds": round(seconds, 2),
            "elements_per_second": round(elements / seconds, 1)}


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """The server's memory, the working folder and the JSON copy, as every ingest benchmark takes them."""
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tracegraph-bench")
    parser.add_argument("--output", type=Path, help="also write the JSON here")


def scenario_folder(workdir: Path, persons: int, seed: int) -> Path:
    """The generated scenario of `persons` under `workdir`, generated first if it is not there."""
    workdir.mkdir(parents=True, exist_ok=True)
    scenario = workdir / f"scenario-{persons}-seed{seed}"
    if not (scenario / "reports.csv").exists():
        started = time.perf_counter()
        generate_scenario(persons, seed, scenario)
        print(f"generated {persons} persons in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return scenario


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def batched(scenario: Path, env: dict[str, str], workdir: Path, batch_size: int) -> dict:
    command = [sys.executable, "-m", "tracegraph", "ingest", "interchange", str(scenario), "--agency", "DEMO",
               "--quiet", "--json", "--batch-size", str(batch_size), "--rejects-dir", str(workdir / "rejects")]
    server_pid = server_status(load_settings(env)).pid
    server_cpu = process_cpu_seconds(server_pid)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env={**os.environ, **env, "PYTHONPATH": str(PROJECT)},
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    server_cpu = process_cpu_seconds(server_pid) - server_cpu
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"ingest failed: {result.stderr.strip()}")
    # The largest child's peak: the warm-up load, if any, is the smaller one.
    peak_kib = usage.ru_maxrss
    summary = json.loads(result.stdout)
    totals = summary["totals"]
    # On a shared machine the wall clock measures the neighbours too; the CPU seconds each side
    # used do not, and give the rate a machine with two free cores would reach.
    client_cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": round(seconds, 1), **totals,
            "ingest_cpu_seconds": round(client_cpu, 1), "neo4j_cpu_seconds": round(server_cpu, 1),
            "elements_per_cpu_second": round(totals["elements_written"] / (client_cpu + server_cpu), 1),
            "elements_per_second": round(totals["elements_written"] / seconds, 1),
            "rows_per_second": round(totals["rows_read"] / seconds, 1),
            "peak_rss_mib": round(peak_kib / 1024, 1),
            "files": {f["file"]: {k: f[k] for k in ("rows_read", "loaded", "rejected", "seconds",
                                                      "elements_written")} for f in summary["files"]}}


def initial(scenario: Path, env: dict[str, str], workdir: Path, batch_size: int) -> dict:
    """`tracegraph ingest interchange --initial` on the empty database, end to end, with its phases."""
    command = [sys.executable, "-m", "tracegraph", "ingest", "interchange", str(scenario), "--agency", "DEMO",
               "--quiet", "--json", "--initial", "--batch-size", str(batch_size),
               "--rejects-dir", str(workdir / "rejects-initial")]
    load_before = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env={**os.environ, **env, "PYTHONPATH": str(PROJECT)},
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()
    if result.returncode != 0:
        raise SystemExit(f"initial ingest failed: {result.stderr.strip()}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The ingest process and neo4j-admin (its child); the server started again after the import
    # (its start, the schema, the deliveries): the only server work of the load.
    client_cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    server_cpu = process_cpu_seconds(server_status(load_settings(env)).pid)
    summary = json.loads(result.stdout)
    totals, phases = summary["totals"], summary["phases"]
    elements = totals["elements_written"]
    return {"seconds": round(seconds, 1), **totals, "phases": phases,
            "elements_per_second": round(elements / seconds, 1),
            "import_elements_per_second": round(elements / phases["import"], 1),
            "import_with_restart_elements_per_second": round(elements / phases["import_with_restart"], 1),
            "read_and_check_elements_per_second": round(elements / phases["read_and_check"], 1),
            "peak_rss_mib": phases["peak_rss_mib"],
            "ingest_and_import_cpu_seconds": round(client_cpu, 1), "neo4j_cpu_seconds": round(server_cpu, 1),
            "elements_per_cpu_second": round(elements / (client_cpu + server_cpu), 1),
            "load_average_before": load_before, "load_average_after": load_after}


def graph_size(store: Store) -> tuple[int, int]:
    nodes = store.read("MATCH (n) WHERE NOT n:ViewChange RETURN count(n) AS c")[0]["c"]
    rels = store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    return nodes, rels


def prepared(args: argparse.Namespace) -> tuple[Path, dict[str, str], Settings, Path | None]:
    """The scenario and the warm-up scenario (generated once, kept in the work folder), and a fresh
    instance folder for the server, with the environment and settings that point at it."""
    scenario = scenario_folder(args.workdir, args.persons, args.seed)
    home = args.workdir / "home"
    shutil.rmtree(home, ignore_errors=True)
    env = server_env(home, args.heap, args.pagecache)
    warm_up = scenario_folder(args.workdir, args.warm_up_persons, args.seed + 1000) if args.warm_up_persons else None
    return scenario, env, load_settings(env), warm_up


def main_initial(args: argparse.Namespace) -> None:
    """The transactional load of the scenario (warmed up) for comparison, then, on the emptied
    database, the initial bulk load of the same files."""
    scenario, env, settings, warm_up = prepared(args)
    start_server(settings)
    batched_result: dict = {}
    try:
        # The transactional load first: the peak RSS it reports is its children's largest, which
        # must not be neo4j-admin's of the initial load.
        if not args.initial_only:
            with Store(settings) as store:
                if warm_up is not None:
                    batched(warm_up, env, args.workdir, args.batch_size)
                    store.delete_everything()
                load_before = os.getloadavg()
                batched_result = batched(scenario, env, args.workdir, args.batch_size)
                batched_result["load_average_before"] = load_before
                batched_result["load_average_after"] = os.getloadavg()
                batched_result["graph_nodes"], batched_result["graph_relationships"] = graph_size(store)
                store.delete_everything()
        initial_result = initial(scenario, env, args.workdir, args.batch_size)
        with Store(settings) as store:
            initial_result["graph_nodes"], initial_result["graph_relationships"] = graph_size(store)
    finally:
        stop_server(settings)
    report_initial(args, initial_result, batched_result)


def report_initial(args: argparse.Namespace, initial_result: dict, batched_result: dict) -> None:
    report = {"persons": args.persons, "seed": args.seed, "cores": os.cpu_count(), "batch_size": args.batch_size,
              "neo4j_heap": args.heap, "neo4j_pagecache": args.pagecache, "warm_up_persons": args.warm_up_persons,
              "initial": initial_result, "transactional": batched_result,
              "speed_up": round(initial_result["elements_per_second"] / batched_result["elements_per_second"], 2)
              if batched_result else None}
    phases = initial_result["phases"]
    print(f"scenario: {args.persons} persons, {initial_result['rows_read']:,} rows, "
          f"{initial_result['elements_written']:,} nodes and relationships")
    print(f"initial:  {initial_result['seconds']} s end to end, "
          f"{initial_result['elements_per_second']:,.0f} elements/s, "
          f"peak RSS {initial_result['peak_rss_mib']} MiB; load {initial_result['load_average_before'][0]:.1f}/"
          f"{initial_result['load_average_after'][0]:.1f}")
    print(f"  cpu: ingest and neo4j-admin {initial_result['ingest_and_import_cpu_seconds']} s + Neo4j "
          f"{initial_result['neo4j_cpu_seconds']} s = {initial_result['elements_per_cpu_second']:,.0f} elements per "
          "CPU-second")
    print(f"  phases: read and check {phases['read_and_check']} s, import files {phases['import_files']} s, "
          f"import {phases['import']} s ({initial_result['import_elements_per_second']:,.0f} elements/s), "
          f"with stop and start {phases['import_with_restart']} s, schema {phases['schema']} s, "
          f"deliveries {phases['deliveries']} s")
    if batched_result:
        print(f"transactional: {batched_result['seconds']} s, {batched_result['elements_per_second']:,.0f} "
              f"elements/s, peak RSS {batched_result['peak_rss_mib']} MiB; load "
              f"{batched_result['load_average_before'][0]:.1f}")
        print(f"speed-up end to end: {report['speed_up']}x")
    document = json.dumps(report, indent=2)
    print(document)
    if args.output:
        args.output.write_text(document + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--naive-sample", type=int, default=400, help="rows per file for the naive measurement")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--warm-up-persons", type=int, default=2000,
                        help="load a scenario of this many persons first, then delete it (0: none)")
    parser.add_argument("--initial", action="store_true",
                        help="measure the initial bulk load (--initial), then the transactional load for comparison")
    parser.add_argument("--initial-only", action="store_true",
                        help="with --initial: no transactional load afterwards")
    add_common_arguments(parser)
    args = parser.parse_args()
    if args.initial:
        main_initial(args)
        return

    scenario, env, settings, warm_up = prepared(args)
    start_server(settings)
    try:
        with Store(settings) as store:
            store.run_schema(schema_statements())
            if warm_up is not None:
                # A server that has run for a while has compiled its hot code and the load's
                # plans; a fresh one spends the first minute doing so, on the same two cores.
                batched(warm_up, env, args.workdir, args.batch_size)
                store.delete_everything()
            naive_result = naive(store, list(record_graphs(scenario, args.workdir, "NAIVE", args.naive_sample)))
            store.delete_everything()
        load_before = os.getloadavg()
        batched_result = batched(scenario, env, args.workdir, args.batch_size)
        load_after = os.getloadavg()
    finally:
        stop_server(settings)

    report = {
        "persons": args.persons, "seed": args.seed, "cores": os.cpu_count(), "batch_size": args.batch_size,
        "neo4j_heap": args.heap, "warm_up_persons": args.warm_up_persons,
        "load_average_before": load_before, "load_average_after": load_after,
        "naive_one_transaction_per_record": naive_result, "batched": batched_result,
        "speed_up": round(batched_result["elements_per_second"] / naive_result["elements_per_second"], 1),
    }
    print(f"scenario: {args.persons} persons, {batched_result['rows_read']:,} rows, "
          f"{batched_result['elements_written']:,} nodes and relationships")
    print(f"batched:  {batched_result['seconds']} s end to end, "
          f"{batched_result['elements_per_second']:,.0f} elements/s, "
          f"{batched_result['rows_per_second']:,.0f} rows/s, peak RSS {batched_result['peak_rss_mib']} MiB")
    print(f"naive:    {naive_result['elements_per_second']:,.0f} elements/s over {naive_result['records']} records "
          f"({naive_result['elements']} elements, one transaction each)")
    print(f"cpu:      ingest {batched_result['ingest_cpu_seconds']} s + Neo4j {batched_result['neo4j_cpu_seconds']} s "
          f"= {batched_result['elements_per_cpu_second']:,.0f} elements per CPU-second")
    print(f"speed-up: {report['speed_up']}x; load average before/after {load_before[0]:.1f}/{load_after[0]:.1f}")
    document = json.dumps(report, indent=2)
    print(document)
    if args.output:
        args.output.write_text(document + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
