"""The least work Neo4j can do for the elements `tracegraph ingest` writes: the floor under a load.

Reads a generated scenario into the record graphs `tracegraph ingest` would write, then writes
those same nodes and relationships, with every property and the provenance, into a fresh database
that has the model's constraints and indexes, by the cheapest transactional statements there
are: `CREATE` instead of `MERGE`, each node and relationship once, no read of stored hashes, no
clean-up, one transaction per batch. Nothing an idempotent load needs is done, so this is not a
way to load: it measures how much of Neo4j's CPU a load's elements cost at the least, and so
what two cores can reach at best on this data.

    .venv/bin/python bench/ingest_floor.py --persons 20000
    .venv/bin/python bench/ingest_floor.py --persons 20000 --sessions 2

`--sessions 2` writes each group's batches from two sessions at once (two transactions in
flight), to see whether the server's work spreads over both cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.config import load_settings  # noqa: E402
from graphmodel.migrate import schema_statements  # noqa: E402
from graphmodel.model import load_model  # noqa: E402
from graphmodel.server import server_status, start_server, stop_server  # noqa: E402
from graphmodel.store import Store  # noqa: E402
from ingest.graph import RECORD  # noqa: E402
from ingest.writer import driver_values  # noqa: E402

sys.path.insert(0, str(PROJECT / "bench"))
from ingest_load import add_common_arguments, process_cpu_seconds, record_graphs, scenario_folder, server_env  # noqa: E402


def elements_of(scenario: Path, workdir: Path) -> tuple[dict, dict]:
    """Every node (by label: key -> properties, points, provenance) and relationship (by type and
    end labels) the scenario's records state, each once."""
    nodes: dict[str, dict[str, dict]] = defaultdict(dict)
    rels: dict[tuple[str, str, str], dict[tuple[str, str], dict]] = defaultdict(dict)
    for source_file, graph in record_graphs(scenario, workdir, "FLOOR"):
        provenance = {"source_file": source_file, "source_record": graph.record_id, "sharing": graph.sharing}
        for node in graph.nodes:
            known = nodes[node.ref.label].get(node.ref.key)
            if known is None or (node.mode == RECORD and not known["record"]):
                nodes[node.ref.label][node.ref.key] = {
                    "record": node.mode == RECORD, "key": node.ref.key,
                    "props": {k: v for k, v in node.properties.items() if v is not None},
                    "points": node.points, **provenance}
        for rel in graph.rels:
            rels[(rel.type, rel.start.label, rel.end.label)].setdefault((rel.start.key, rel.end.key), {
                "start": rel.start.key, "end": rel.end.key,
                "props": driver_values({k: v for k, v in rel.properties.items() if v is not None}),
                **provenance})
    return nodes, rels


def node_statement(label: str) -> str:
    spec = load_model().node(label)
    points = "".join(
        f", n.{name} = CASE WHEN row.points.{name} IS NULL THEN null "
        f"ELSE point({{latitude: row.points.{name}[0], longitude: row.points.{name}[1]}}) END"
        for name in spec.points)
    return (f"UNWIND $rows AS row CREATE (n:{label}) SET n = row.props, n.{spec.key} = row.key{points}, "
            f"n.ingested_at = $now, n.updated_at = $now, n.agency = $agency, n.source_file = row.source_file, "
            f"n.source_record = row.source_record, n.sharing = row.sharing")


def rel_statement(rel_type: str, start: str, end: str) -> str:
    model = load_model()
    return (f"UNWIND $rows AS row MATCH (a:{start} {{{model.node(start).key}: row.start}}) "
            f"MATCH (b:{end} {{{model.node(end).key}: row.end}}) CREATE (a)-[r:{rel_type}]->(b) "
            f"SET r = row.props, r.ingested_at = $now, r.updated_at = $now, r.agency = $agency, "
            f"r.source_file = row.source_file, r.source_record = row.source_record, r.sharing = row.sharing")


def write_groups(store: Store, groups: list[tuple[str, list[dict]]], batch_size: int, sessions: int) -> int:
    """Each group's rows in batches, one transaction each, from `sessions` sessions at once."""
    parameters = {"now": datetime.now(timezone.utc), "agency": "FLOOR"}
    written = 0

    def one(query: str, batch: list[dict]) -> int:
        counters = store.write_together([(query, {**parameters, "rows": batch})])
        return counters.nodes_created + counters.relationships_created

    with ThreadPoolExecutor(max_workers=sessions) as pool:
        for query, rows in groups:
            batches = [rows[i:i + batch_size] for i in range(0, len(rows), batch_size)]
            written += sum(pool.map(lambda batch, q=query: one(q, batch), batches))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=1000, help="rows per transaction")
    parser.add_argument("--sessions", type=int, default=1, help="transactions in flight at once")
    parser.add_argument("--warm-up-share", type=int, default=1,
                        help="write 1/N of every group first, then delete it, before measuring (1: all of it)")
    add_common_arguments(parser)
    args = parser.parse_args()

    scenario = scenario_folder(args.workdir, args.persons, args.seed)
    nodes, rels = elements_of(scenario, args.workdir)
    node_groups = [(node_statement(label), list(by_key.values())) for label, by_key in nodes.items()]
    rel_groups = [(rel_statement(*group), list(by_ends.values())) for group, by_ends in rels.items()]

    home = args.workdir / "floor-home"
    shutil.rmtree(home, ignore_errors=True)
    settings = load_settings(server_env(home, args.heap, args.pagecache))
    start_server(settings)
    try:
        with Store(settings) as store:
            store.run_schema(schema_statements())
            # The server compiles each statement's plan and its hot code on first use: a first pass
            # over every group (or a share of it), deleted again, keeps that out of the measurement.
            warm = [(query, rows[:max(len(rows) // args.warm_up_share, 1)]) for query, rows in node_groups + rel_groups]
            write_groups(store, warm[:len(node_groups)], args.batch_size, args.sessions)
            write_groups(store, warm[len(node_groups):], args.batch_size, args.sessions)
            store.delete_everything()
            server_pid = server_status(settings).pid
            load_before = os.getloadavg()
            server_cpu = process_cpu_seconds(server_pid)
            usage = resource.getrusage(resource.RUSAGE_SELF)
            client_cpu = usage.ru_utime + usage.ru_stime
            started = time.perf_counter()
            written = write_groups(store, node_groups, args.batch_size, args.sessions)
            written += write_groups(store, rel_groups, args.batch_size, args.sessions)
            seconds = time.perf_counter() - started
            server_cpu = process_cpu_seconds(server_pid) - server_cpu
            usage = resource.getrusage(resource.RUSAGE_SELF)
            client_cpu = usage.ru_utime + usage.ru_stime - client_cpu
            load_after = os.getloadavg()
    finally:
        stop_server(settings)

    per_element = server_cpu / written
    report = {
        "persons": args.persons, "seed": args.seed, "batch_size": args.batch_size, "sessions": args.sessions,
        "elements": written, "seconds": round(seconds, 1), "elements_per_second": round(written / seconds),
        "neo4j_cpu_seconds": round(server_cpu, 1), "client_cpu_seconds": round(client_cpu, 1),
        "neo4j_cpu_microseconds_per_element": round(per_element * 1e6, 1),
        "two_core_ceiling_elements_per_second": round(2 / per_element),
        "load_average_before": load_before, "load_average_after": load_after,
    }
    print(f"floor:    {written:,} elements in {seconds:.1f} s ({written / seconds:,.0f}/s), "
          f"{args.sessions} session(s), batches of {args.batch_size}")
    print(f"cpu:      Neo4j {server_cpu:.1f} s ({per_element * 1e6:.1f} µs per element), "
          f"this process {client_cpu:.1f} s")
    print(f"ceiling:  two cores given wholly to Neo4j: {2 / per_element:,.0f} elements/s")
    print(json.dumps(report, indent=2))
    if args.output:
        args.output.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
