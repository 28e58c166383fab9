"""A generated scenario loaded once for the named-query tests, with crafted candidates on top."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graphmodel.store import Store
from ingest.run import IngestRequest, run_ingest
from ingest.synthetic import generate_scenario
from queries import named_query

AGENCY = "DEMO"


@dataclass
class LoadedScenario:
    folder: Path
    store: Store

    def rows(self, kind: str) -> list[dict[str, str]]:
        with (self.folder / f"{kind}.csv").open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))

    def run(self, query_name: str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a named query the way the CLI does: bound parameters, read-only transaction."""
        query = named_query(query_name)
        result = self.store.run_read_only(query.text, query.bind({k: str(v) for k, v in params.items()}))
        return [record.data() for record in result.records]


@pytest.fixture(scope="module")
def scenario(_session_store: Store, tmp_path_factory: pytest.TempPathFactory) -> LoadedScenario:
    folder = tmp_path_factory.mktemp("scenario")
    generate_scenario(200, 5, folder, AGENCY)
    _session_store.delete_everything()
    run_ingest(IngestRequest(format="interchange", path=folder, agency=AGENCY,
                             rejects_dir=tmp_path_factory.mktemp("rejects")),
               store_factory=lambda: _session_store)
    return LoadedScenario(folder, _session_store)
