"""How long Neo4j takes to plan each query the app runs, the first time it sees it.

    .venv/bin/python bench/query_planning.py [--queries OTHER_CHECKOUT/queries] [--rounds 2]

For every query that applies the agency rule (the web app's), on the graph the environment points
at: the query caches are cleared, then the expanded text is sent with EXPLAIN, which plans without
running. `--queries` reads the .cypher files of another checkout instead (to compare with the code
before a change; files without access fragments are used as they are). Prints one line per query
and round, in ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402
from queries.catalog import load_catalog, parse_query  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=PROJECT / "queries")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    names = sorted(name for name, query in load_catalog().items() if "agency" in query.access)
    with Store() as store:
        for round_number in range(1, args.rounds + 1):
            for name in names:
                path = args.queries / f"{name}.cypher"
                if not path.is_file():
                    continue
                query = parse_query(path.name, path.read_text(encoding="utf-8"))
                store.write("CALL db.clearQueryCaches()")
                started = time.perf_counter()
                store.read("EXPLAIN " + query.text, {parameter.name: None for parameter in query.parameters})
                print(f"round {round_number}  {name:26} {1000 * (time.perf_counter() - started):8.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
