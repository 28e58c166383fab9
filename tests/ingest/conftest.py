"""Helpers for the ingestion tests: run a load against the session's Neo4j and read the graph."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphmodel.store import Store
from ingest.run import IngestRequest, IngestResult, run_ingest


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    """A CSV file with this header and rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def load(store: Store, tmp_path: Path):
    """Run an ingestion with the test store; returns the IngestResult."""

    def run(format_name: str, path: Path, agency: str | None = None, **options) -> IngestResult:
        options.setdefault("rejects_dir", tmp_path / "rejects")
        request = IngestRequest(format=format_name, path=path, agency=agency, **options)
        return run_ingest(request, store_factory=lambda: store)

    return run


def counts(store: Store) -> dict[str, int]:
    """Nodes per label and relationships per type (the change journal, bookkeeping of writes, aside)."""
    nodes = {row["label"]: row["count"] for row in store.read(
        "MATCH (n) WHERE NOT n:ViewChange UNWIND labels(n) AS label RETURN label, count(*) AS count")}
    rels = {row["type"]: row["count"] for row in store.read(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count")}
    return {**nodes, **rels}


def relationships(store: Store, rel_type: str) -> set[tuple]:
    """(start key, end key) of every relationship of a type, as a set (cartography style)."""
    rows = store.read(
        f"MATCH (a)-[r:{rel_type}]->(b) RETURN coalesce(a.uid, a.code, a.name) AS a, "
        "coalesce(b.uid, b.code, b.name) AS b")
    return {(row["a"], row["b"]) for row in rows}


def node(store: Store, label: str, key: str) -> dict:
    rows = store.read(f"MATCH (n:{label} {{uid: $key}}) RETURN properties(n) AS p", {"key": key})
    assert rows, f"no {label} {key}"
    return rows[0]["p"]
