"""CPU of writing the import files of `tracegraph ingest --initial`, and a digest of them.

Folds a delivery into the in-memory graph of an initial load (reading, checks and the writer's
rules, as `--initial` does; no server), then times `write_import_files` alone and digests every
file it wrote, the neo4j-admin arguments and the values left to the driver. Two checkouts that
print the same digest write the same import.

    .venv/bin/tracegraph generate --persons 20000 --seed 5 --agency BIG --out /tmp/S20k
    .venv/bin/python bench/import_files_cpu.py /tmp/S20k
    cd /tmp && PYTHONPATH=/path/to/other/checkout /path/to/.venv/bin/python /path/to/bench/import_files_cpu.py /tmp/S20k
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
# Appended, not put first: a checkout named in PYTHONPATH is the one measured.
sys.path.append(str(PROJECT))

import ingest.pipeline as pipeline  # noqa: E402
from ingest.bulk import BulkGraph  # noqa: E402
from ingest.formats.interchange import plan_delivery  # noqa: E402
from ingest.import_files import write_import_files  # noqa: E402

STAMP = datetime(2026, 1, 1, tzinfo=timezone.utc)


class _FixedClock:
    @staticmethod
    def now(tz: Any = None) -> datetime:
        return STAMP


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run(delivery: Path) -> dict[str, Any]:
    pipeline.datetime = _FixedClock  # type: ignore[attr-defined,assignment]
    graph = BulkGraph()
    with tempfile.TemporaryDirectory(prefix="import-files-") as scratch:
        for plan in plan_delivery(delivery):
            prepared = pipeline.prepare(plan)
            pipeline.load_file(prepared, agency="BIG", sharing="partners", store=None,
                               rejects_path=Path(scratch) / f"{plan.path.stem}.rejects.csv", bulk=graph)
        folded = {"nodes": len(graph.nodes), "relationships": len(graph.rels), "peak_rss_mib": _peak_mib()}
        folder = Path(scratch) / "import"
        started = time.process_time()
        files = write_import_files(graph, folder)
        cpu = time.process_time() - started
        digest = hashlib.sha256()
        for path in sorted(folder.iterdir()):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        digest.update(" ".join(files.arguments).replace(str(folder), "").encode())
        for fixed in (files.fixups.nodes, files.fixups.rels):
            digest.update(repr(sorted((repr(key), sorted(values.items())) for key, values in fixed.items())).encode())
    return {"delivery": str(delivery), "folded": folded, "cpu_seconds": round(cpu, 2),
            "files": len(files.arguments) - 1, "fixups": len(files.fixups), "peak_rss_mib": _peak_mib(),
            "digest": digest.hexdigest()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("delivery", type=Path)
    print(json.dumps(run(parser.parse_args().delivery)))


if __name__ == "__main__":
    main()
