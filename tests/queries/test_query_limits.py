"""Named queries never cut a result silently, and `--limit` means the same in every one."""

from __future__ import annotations

import csv
import json
import re
import subprocess

from ingest.run import IngestRequest, run_ingest
from queries import load_catalog

CURRENT = ["Incident ID", "Incident Date", "Total Number of Dead and Missing", "Number of Dead", "Migration Route",
           "Location of Incident", "Coordinates", "Country of Incident"]


def test_no_named_query_has_a_limit_of_its_own_in_its_text():
    for query in load_catalog().values():
        for number in re.findall(r"\bLIMIT\s+(\d+)", query.text, re.IGNORECASE):
            # `LIMIT 1` picks one value inside a subquery; it never cuts a result.
            assert number == "1", f"{query.name} cuts its result at {number} rows: declare `limit` instead"
        if re.search(r"\bLIMIT\s+\$limit\b", query.text):
            assert any(p.name == "limit" and p.type == "integer" for p in query.parameters), query.name


def test_a_cut_result_says_so_in_json_and_in_the_table(store, cli_env, tracegraph_command, tmp_path):
    path = tmp_path / "incidents.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CURRENT)
        for day in range(1, 8):
            writer.writerow([f"2016.MMP{day:05d}", f"2016-05-{day:02d}", "2", "2", "Central Mediterranean",
                             "off Libya", f"33.{day}, 12.5", "Libya"])
    run_ingest(IngestRequest(format="iom-mmp", path=path, rejects_dir=tmp_path / "out"), store_factory=lambda: store)

    def query(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([*tracegraph_command, "query", "incidents_on_route", "-p", "route=Central Mediterranean",
                               *arguments], env=cli_env, capture_output=True, text=True, timeout=120)

    cut = query("--limit", "5", "--format", "json")
    assert cut.returncode == 0, cut.stderr
    document = json.loads(cut.stdout)
    assert (len(document["rows"]), document["truncated"], document["limit"]) == (5, True, 5)
    assert document["rows"][0]["incident"] == "2016.MMP00001"
    whole = json.loads(query("--limit", "7", "--format", "json").stdout)
    assert (len(whole["rows"]), whole["truncated"]) == (7, False)
    # The query's own limit, when given, cuts too, and says so.
    own = json.loads(query("-p", "limit=2", "--format", "json").stdout)
    assert (len(own["rows"]), own["truncated"], own["limit"]) == (2, True, 2)
    table = query("--limit", "3")
    assert "(cut at 3 rows: more exist; raise --limit to see them)" in table.stdout
    assert table.stdout.count("2016.MMP") == 3
    assert "cut at" not in query("--limit", "10").stdout
