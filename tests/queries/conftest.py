"""A generated scenario loaded once for the named-query tests, with crafted candidates on top."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graphmodel.store import Store
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
def scenario(load_scenario, _session_store: Store) -> LoadedScenario:
    return LoadedScenario(load_scenario(200, 5, AGENCY), _session_store)
