"""The case read-model behind briefs: a fixed bundle of queries per case, whatever the case holds,
and the `briefs` and `cases` packages standing on their own (no Flask, no driver of their own)."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import briefs
from cases import CaseNotFound, Viewer, as_dict, read_case
from conftest import PASSWORD, login
from graphmodel.store import Store
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
STAMP = "2024-01-01T00:00:00Z"
# Imported by neither package: the web framework (at the web edge only) and the driver (owned by graphmodel.store).
FORBIDDEN = ("flask", "flask_babel", "flask_wtf", "werkzeug", "neo4j")


class CountingStore:
    """A real store that counts the reads it is asked to run (writes go straight through)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.statements: list[str] = []
        self.transactions = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def read(self, query: str, parameters: Mapping[str, Any] | None = None, *,
             timeout: float | None = None) -> list[dict[str, Any]]:
        self.statements.append(query)
        return self.store.read(query, parameters, timeout=timeout)

    def read_records(self, query: str, parameters: Mapping[str, Any] | None = None, *,
                     timeout: float | None = None) -> list[Any]:
        self.statements.append(query)
        return self.store.read_records(query, parameters, timeout=timeout)

    def read_in_one(self, statements: list[tuple[str, Mapping[str, Any]]], *,
                    timeout: float | None = None) -> list[list[dict[str, Any]]]:
        self.statements += [query for query, _ in statements]
        self.transactions += 1
        return self.store.read_in_one(statements, timeout=timeout)


def grow_case(graph: Store, more: int) -> None:
    """Give report AAA:R1 `more` relatives and `more` candidates (remains and sightings on its
    voyage), every one of them a record with provenance that a brief cites."""
    relatives = [{"uid": f"AAA:REL-X{i}", "record": f"REL-X{i}", "name": f"Relative {i}"} for i in range(more)]
    graph.write("""
        UNWIND $rows AS row
        MATCH (:Report {uid: 'AAA:R1'})-[:REPORTED_MISSING]->(missing:Person)
        CREATE (:Person {uid: row.uid, agency: 'AAA', sharing: 'partners', role: 'relative', full_name: row.name,
                         source_file: 'persons.csv', source_record: row.record, ingested_at: $stamp})
               -[:RELATIVE_OF {relationship: 'brother'}]->(missing)
        """, {"rows": relatives, "stamp": STAMP})
    # Labels cannot be parameters; these two come from this test, never from input.
    for label, link, parity in (("Remains", "RECOVERED_FROM", 1), ("Sighting", "ABOARD", 0)):
        rows = [{"uid": f"AAA:X{i}", "record": f"X{i}", "date": f"2016-06-{10 + i}"}
                for i in range(more) if i % 2 == parity]
        graph.write(f"""
            UNWIND $rows AS row
            MATCH (report:Report {{uid: 'AAA:R1'}}), (voyage:Voyage {{uid: 'AAA:V1'}})
            CREATE (record:{label} {{uid: row.uid, agency: 'AAA', sharing: 'partners', record_id: row.record,
                                     case_number: 'CN-' + row.record, sighting_type: 'disembarkation',
                                     date: row.date, recovery_date: row.date, source_file: 'records.csv',
                                     source_record: row.record, ingested_at: $stamp}})-[:{link}]->(voyage)
            CREATE (report)-[:HAS_CANDIDATE]->(:Candidate {{uid: 'AAA:R1->' + row.uid, candidate_kind: 'remains',
                    log10_lr: 1.0, posterior: 0.1, band: 'possible', review_status: 'proposed',
                    evidence: '[{{"kind": "voyage", "log10_lr": 1.0}}]'}})-[:PROPOSES]->(record)
            """, {"rows": rows, "stamp": STAMP})


@pytest.mark.parametrize("audience", briefs.AUDIENCES)
def test_a_brief_runs_the_same_few_queries_however_big_the_case(graph, audience):
    viewer = Viewer(agency="AAA", dna_cleared=True, name="counter")
    counted = []
    for more in (0, 12):
        grow_case(graph, more)
        store = CountingStore(graph)
        brief = briefs.build(store, "AAA:R1", viewer, audience, "en")
        counted.append((len(store.statements), len(brief["candidates"]), len(brief["family"]),
                        len(brief.get("sources", [])), brief.get("more_leads", 0)))
    (small, small_candidates, small_family, small_sources, _), (big, big_candidates, big_family, big_sources,
                                                                 more_leads) = counted
    if audience == "authority":
        assert (small_candidates, small_family) == (2, 1) and (big_candidates, big_family) == (14, 13)
        assert big_sources >= small_sources + 24  # every new relative and candidate record is cited
    else:  # a family reads the strong lead, the twelve weak ones (and the weak sighting) counted
        assert (small_candidates, small_family) == (1, 1) and (big_candidates, big_family, more_leads) == (1, 13, 13)
    assert small == big <= 7, counted


def test_the_web_brief_runs_the_bundle_too(graph, web_home):
    store = CountingStore(graph)
    app = create_app({"LOCAL_DATABASE": web_home / "web.sqlite3", "SECRET_KEY_FILE": web_home / "key",
                      "STORE": store, "VIEWS_REFRESH_SECONDS": 0})
    client = login(app.test_client(), "lia", PASSWORD)
    counts = []
    for more in (0, 12):
        grow_case(graph, more)
        store.statements.clear()
        response = client.get("/briefs/AAA:R1?audience=authority&lang=es&format=html")
        assert response.status_code == 200
        counts.append(len(store.statements))
    assert counts[0] == counts[1] <= 7, counts
    case = read_case(graph, "AAA:R1", Viewer(agency="AAA"), chains=True, records=True)
    assert len(case.candidates) == 14 and set(case.chains) == {c.uid for c in case.candidates}


def test_briefs_and_cases_import_neither_flask_nor_the_driver():
    for package in ("briefs", "cases"):
        for source in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(source.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    assert name.split(".")[0] not in FORBIDDEN, f"{source.relative_to(ROOT)} imports {name}"
    # Nothing they import brings the web framework in either, so the command line and batch jobs
    # build briefs without it.
    probe = ("import sys, briefs, cases, briefs.content, briefs.chain, briefs.words, briefs.i18n, briefs.pdf, "
             "briefs.render; print(' '.join(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'flask', 'flask_babel', 'flask_wtf', 'werkzeug', 'web'})))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""


def test_a_case_shaped_for_pages_equals_the_standard_library_form(graph):
    grow_case(graph, 6)
    case = read_case(graph, "AAA:R1", Viewer(agency="AAA", dna_cleared=True), chains=True, records=True)
    assert len(case.candidates) == 8 and case.family and case.timeline
    for part in (case.candidates, case.family, case.timeline, case.dna, list(case.chains.values())):
        for item in part:
            assert as_dict(item) == dataclasses.asdict(item)
    assert as_dict(case) == dataclasses.asdict(case)


def test_a_case_is_read_in_one_transaction_but_its_provenance(graph):
    grow_case(graph, 4)
    store = CountingStore(graph)
    case = read_case(store, "AAA:R1", Viewer(agency="AAA", dna_cleared=True), chains=True, records=True)
    assert len(case.candidates) == 6 and set(case.chains) == {c.uid for c in case.candidates}
    # report, family, candidates, timeline, DNA and chains together; the records they cite after
    assert (store.transactions, len(store.statements)) == (1, 7)
    with pytest.raises(CaseNotFound):
        read_case(store, "AAA:R404", Viewer(agency="AAA", dna_cleared=True))


def test_the_candidates_api_reads_the_report_and_its_candidates_in_one_transaction(graph, web_home):
    grow_case(graph, 3)
    store = CountingStore(graph)
    app = create_app({"LOCAL_DATABASE": web_home / "web.sqlite3", "SECRET_KEY_FILE": web_home / "key",
                      "STORE": store, "VIEWS_REFRESH_SECONDS": 0})
    client = login(app.test_client(), "inv", PASSWORD)
    answer = client.get("/api/cases/AAA:R1/candidates")
    assert answer.status_code == 200 and len(answer.get_json()["candidates"]) == 5
    assert (store.transactions, len(store.statements)) == (1, 2)
    # a report the viewer may not see is not found, and its candidates are not shaped
    assert client.get("/api/cases/BBB:R9/candidates").status_code == 404
    assert client.get("/api/cases/AAA:R404/candidates").status_code == 404
