"""The ingest process's own CPU on a delivery, without a server: reading, checking, statements.

Runs every file of an interchange delivery through `load_file` as `tracegraph ingest` does, with
a store that answers no stored digest (every record is new) and, instead of sending each
transaction, adds its statements and parameters to a SHA-256 digest. What the driver and the
server do is left out; everything the client builds is in. Two checkouts that print the same
`writes` and `reports` digests on the same delivery write the same graph (same statements, same
parameters, same order) and the same rejects, warnings and summaries.

    .venv/bin/tracegraph generate --persons 20000 --seed 5 --agency BIG --out /tmp/S20k
    .venv/bin/python bench/ingest_client.py /tmp/S20k
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/ingest_client.py /tmp/S20k

The CPU seconds include the digest of the writes (about a tenth); `--no-digest` times without it.

`--import-files` measures instead what `tracegraph ingest --initial` adds on the client's side:
the delivery is folded into the in-memory graph of an initial load (`ingest/bulk.py`), then
`write_import_files` alone is timed, and every file it wrote, the neo4j-admin arguments and the
values left to the driver are digested: two checkouts that print the same digest write the same
import.

    .venv/bin/python bench/ingest_client.py /tmp/S20k --import-files
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
# Appended, not put first: a checkout named in PYTHONPATH is the one measured.
sys.path.append(str(PROJECT))

import ingest.pipeline as pipeline  # noqa: E402
from graphmodel.store import WriteCounters  # noqa: E402
from ingest.bulk import BulkGraph  # noqa: E402
from ingest.formats.interchange import plan_delivery  # noqa: E402
from ingest.import_files import write_import_files  # noqa: E402
from ingest.writer import GraphWriter  # noqa: E402

# Every run stamps its writes with the same time, so that two runs' digests compare.
STAMP = datetime(2026, 1, 1, tzinfo=timezone.utc)


class _FixedClock:
    @staticmethod
    def now(tz: Any = None) -> datetime:
        return STAMP


class RecordingStore:
    """A store that has nothing stored and keeps a digest of what it is asked to write."""

    def __init__(self, digest: bool) -> None:
        self.digest = hashlib.sha256() if digest else None
        self.transactions = 0

    def read(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return [{"total": 0}] if "sum(" in query else []

    def write_together(self, statements: Sequence[tuple[str, Mapping[str, Any]]], *,
                       touched: Iterable[str] = ()) -> WriteCounters:
        self.transactions += 1
        for query, parameters in statements:
            self._add(query, parameters)
        return WriteCounters(batches=1)

    def write(self, query: str, parameters: Mapping[str, Any] | None = None, *,
              touched: Iterable[str] = ()) -> WriteCounters:
        self._add(query, parameters or {})
        return WriteCounters(batches=1)

    def _add(self, query: str, parameters: Mapping[str, Any]) -> None:
        if self.digest is not None:
            self.digest.update(query.encode())
            self.digest.update(json.dumps(parameters, sort_keys=True, default=repr).encode())


def run(delivery: Path, reports: Path, *, digest: bool) -> dict[str, Any]:
    """Load the delivery into a RecordingStore; CPU seconds and the two digests."""
    pipeline.datetime = _FixedClock  # type: ignore[attr-defined,assignment]
    # One thread, so that the process's CPU is this thread's and the statements keep their order.
    GraphWriter.concurrent = False
    store = RecordingStore(digest)
    summaries = []
    started = time.process_time()
    for plan in plan_delivery(delivery):
        prepared = pipeline.prepare(plan)
        summary = pipeline.load_file(prepared, agency="BIG", sharing="partners", store=store,  # type: ignore[arg-type]
                                     rejects_path=reports / f"{plan.path.stem}.rejects.csv")
        facts = {name: value for name, value in vars(summary).items()
                 if name not in ("seconds", "rejects_file", "warnings_file")}
        summaries.append(json.dumps(facts, sort_keys=True, default=repr))
    cpu = time.process_time() - started
    files = hashlib.sha256("\n".join(summaries).encode())
    for path in sorted(reports.iterdir()):
        files.update(path.name.encode() + b"\0" + path.read_bytes())
    return {"delivery": str(delivery), "cpu_seconds": round(cpu, 2), "transactions": store.transactions,
            "writes": store.digest.hexdigest() if store.digest else None, "reports": files.hexdigest(),
            "load_average": [round(value, 2) for value in os.getloadavg()]}


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run_import_files(delivery: Path, scratch: Path) -> dict[str, Any]:
    """Fold the delivery as `--initial` does; CPU seconds of writing its import files, their digest."""
    pipeline.datetime = _FixedClock  # type: ignore[attr-defined,assignment]
    graph = BulkGraph()
    for plan in plan_delivery(delivery):
        prepared = pipeline.prepare(plan)
        pipeline.load_file(prepared, agency="BIG", sharing="partners", store=None,
                           rejects_path=scratch / f"{plan.path.stem}.rejects.csv", bulk=graph)
    folded = {"nodes": len(graph.nodes), "relationships": len(graph.rels), "peak_rss_mib": _peak_mib()}
    folder = scratch / "import"
    started = time.process_time()
    files = write_import_files(graph, folder)
    cpu = time.process_time() - started
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(" ".join(files.arguments).replace(str(folder), "").encode())
    for fixed in (files.fixups.nodes, files.fixups.rels):
        digest.update(repr(sorted((repr(key), sorted(values.items())) for key, values in fixed.items())).encode())
    return {"delivery": str(delivery), "folded": folded, "import_files_cpu_seconds": round(cpu, 2),
            "files": len(files.arguments) - 1, "fixups": len(files.fixups), "peak_rss_mib": _peak_mib(),
            "import": digest.hexdigest()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("delivery", type=Path)
    parser.add_argument("--no-digest", action="store_true", help="time without the digest of the writes")
    parser.add_argument("--import-files", action="store_true",
                        help="time writing the import files of an initial load instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ingest-client-") as folder:
        if args.import_files:
            print(json.dumps(run_import_files(args.delivery, Path(folder))))
        else:
            print(json.dumps(run(args.delivery, Path(folder), digest=not args.no_digest)))


if __name__ == "__main__":
    main()
