"""Search timings on whatever graph the environment points at (e.g. the 100,000-person scenario).

    .venv/bin/python bench/web_search.py --agency BIG --searches 100 [--output search.json]

Searches, through the app (Flask's test client: no network, no browser), what investigators type:
a missing person's name, a place's name and the first letters of one, a vessel's name, a report id.
The texts are drawn at random from the graph (the same seed gives the same texts). Every kind runs
once untimed first, so query plans are warm. Prints p50 / p95 / max in milliseconds per kind and
over all searches, and the two queries a search runs (people, records) on their own. The issue's
bar is a p95 of 50 ms at 100,000 persons. Users are created in a throwaway instance folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402
from web import name_search  # noqa: E402

sys.path.insert(0, str(PROJECT / "bench"))
from web_pages import logged_in_client  # noqa: E402


def sample_texts(store: Store, agency: str, count: int, seed: int) -> dict[str, list[str]]:
    """Texts of each kind, drawn from the graph."""
    def column(query: str) -> list[str]:
        values = sorted({row["text"] for row in store.read(query, {"agency": agency}) if row["text"]})
        random.Random(seed).shuffle(values)
        return values[:count]

    places = column("MATCH (:Report {agency: $agency})-[:DEPARTED_FROM]->(p:Place) "
                    "WITH DISTINCT p LIMIT 20000 RETURN p.name AS text")
    return {
        "person name": column("MATCH (r:Report {agency: $agency})-[:REPORTED_MISSING]->(p:Person) "
                              "WITH p LIMIT 20000 RETURN p.full_name AS text"),
        "place name": places,
        "place prefix": [place.split()[0][:4] for place in places if len(place.split()[0]) >= 4],
        "vessel name": column("MATCH (v:Voyage {agency: $agency}) WITH v LIMIT 20000 RETURN v.vessel_name AS text"),
        "report id": column("MATCH (r:Report {agency: $agency}) WITH r LIMIT 20000 RETURN r.record_id AS text"),
    }


def summary_of(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"n": len(values), "p50": round(statistics.median(values), 1),
            "p95": round(values[max(0, int(len(values) * 0.95) - 1)], 1), "max": round(values[-1], 1)}


def query_params(store_query: object, text: str) -> dict[str, object]:
    """The parameters the app gives the records query, for the version of it in this checkout."""
    declared = {parameter.name for parameter in store_query.parameters}  # type: ignore[attr-defined]
    params: dict[str, object] = {"text": text, "date": "", "limit": 20}
    if "lower" in declared:
        params["lower"] = text.lower()
    if "lucene" in declared:
        params["lucene"] = (name_search.lucene_query(text) or "") if len(text) >= 3 else ""
    # The filters and paging the app leaves at their defaults (none in older checkouts).
    for name in ("in_agency", "year", "status", "route"):
        if name in declared:
            params[name] = None
    return params


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=100, help="texts of each kind")
    parser.add_argument("--agency", default="DEMO")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    from queries import load_catalog
    store, client = logged_in_client(args.agency, "tracegraph-bench-search-")
    texts = sample_texts(store, args.agency, args.searches, args.seed)
    if not texts["person name"]:
        print("No report for that agency: load a scenario first.")
        return 1
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    records, people = load_catalog()["ui_search_records"], load_catalog()["ui_search_people"]
    access = {"agency": args.agency, "dna_cleared": True}
    for values in texts.values():
        client.get("/api/search", query_string={"q": values[0]})
        store.read(records.text, {**query_params(records, values[0]), **access})
    timings: dict[str, list[float]] = {}
    on_its_own: list[float] = []
    people_alone: list[float] = []
    order = [(kind, text) for kind, values in texts.items() for text in values]
    random.Random(args.seed).shuffle(order)
    for kind, text in order:
        started = time.perf_counter()
        response = client.get("/api/search", query_string={"q": text})
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            print(f"{text!r}: {response.status_code}", file=sys.stderr)
        timings.setdefault(kind, []).append(elapsed)
        timings.setdefault("all searches", []).append(elapsed)
        started = time.perf_counter()
        store.read(records.text, {**query_params(records, text), **access})
        on_its_own.append((time.perf_counter() - started) * 1000)
        if lucene := name_search.lucene_query(text):
            started = time.perf_counter()
            store.read(people.text, people.bind({"lucene": lucene, "keys": name_search.name_keys(text),
                                                 "limit": 25, "agency": args.agency}))
            people_alone.append((time.perf_counter() - started) * 1000)
    summary = {kind: summary_of(values) for kind, values in timings.items()}
    summary["records query on its own"] = summary_of(on_its_own)
    summary["people query on its own"] = summary_of(people_alone)
    for kind, figures in summary.items():
        print(f"{kind:25} n={figures['n']:4}  p50 {figures['p50']:7.1f} ms  p95 {figures['p95']:7.1f} ms"
              f"  max {figures['max']:7.1f} ms")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.output:
        args.output.write_text(json.dumps(summary, indent=2))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
