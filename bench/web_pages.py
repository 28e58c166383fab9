"""Server-side page timings on whatever graph the environment points at (e.g. the 100,000-person scenario).

    .venv/bin/python bench/web_pages.py --reports 100 --agency DEMO [--output timings.json]

Renders, through the app (Flask's test client: no network, no browser), for N random reports with
candidates: the case page, its graph canvas data (chains to the best candidate), its timeline and
places, the entity page of the candidate's record, a search for the missing person's name and an
expansion of the report node. Every kind runs once untimed first, so query plans are warm. Prints
p50 / p95 / max in milliseconds per kind; the issue's bar is p95 < 300 ms. Users are created in a
throwaway instance folder, never in the real one.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402
from web import accounts, create_app, localstore  # noqa: E402

PASSWORD = "bench password 1"


def logged_in_client(agency: str, prefix: str) -> tuple[Store, Any]:
    """The graph's store and a test client of the app, logged in as a DNA-cleared investigator of
    `agency` whose user lives in a throwaway folder (named with `prefix`)."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    db = localstore.connect(home / "web.sqlite3")
    accounts.add_user(db, "bench", PASSWORD, "investigator", agency, dna_cleared=True)
    db.close()
    store = Store()
    app = create_app({"LOCAL_DATABASE": home / "web.sqlite3", "SECRET_KEY_FILE": home / "key", "STORE": store})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
    return store, client


def sample_reports(store: Store, agency: str, count: int, seed: int) -> list[dict]:
    rows = store.read(
        "MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t) WHERE r.agency = $agency "
        "WITH r, c, t ORDER BY c.log10_lr DESC WITH r, head(collect([c.uid, labels(t)[0], t.uid])) AS best "
        "MATCH (r)-[:REPORTED_MISSING]->(p:Person) "
        "RETURN r.uid AS uid, elementId(r) AS id, best, p.full_name AS name LIMIT 5000", {"agency": agency})
    random.Random(seed).shuffle(rows)
    return rows[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--agency", default="DEMO")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    store, client = logged_in_client(args.agency, "tracegraph-bench-web-")
    reports = sample_reports(store, args.agency, args.reports, args.seed)
    if not reports:
        print("No report with candidates for that agency: load a scenario and run `tracegraph match` first.")
        return 1

    def urls(report: dict) -> dict[str, str]:
        candidate, label, target = report["best"]
        return {
            "case page": f"/cases/{report['uid']}",
            "chains (canvas)": f"/api/graph/case?report={report['uid']}&candidate={candidate}",
            "timeline": f"/api/cases/{report['uid']}/timeline",
            "places": f"/api/cases/{report['uid']}/places",
            "entity page": f"/entity/{label}/{target}".replace("#", "%23"),
            "search name": f"/search?q={report['name'] or report['uid']}",
            "expand": f"/api/graph/expand?id={report['id']}",
        }

    timings: dict[str, list[float]] = {}
    for url in urls(reports[0]).values():
        client.get(url)
    for report in reports:
        for kind, url in urls(report).items():
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                print(f"{url}: {response.status_code}", file=sys.stderr)
            timings.setdefault(kind, []).append(elapsed)
    summary = {}
    for kind, values in timings.items():
        values.sort()
        summary[kind] = {"n": len(values), "p50": round(statistics.median(values), 1),
                         "p95": round(values[max(0, int(len(values) * 0.95) - 1)], 1), "max": round(values[-1], 1)}
        print(f"{kind:18} n={len(values):4}  p50 {summary[kind]['p50']:7.1f} ms  p95 {summary[kind]['p95']:7.1f} ms"
              f"  max {summary[kind]['max']:7.1f} ms")
    if args.output:
        args.output.write_text(json.dumps(summary, indent=2))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
