"""A synthetic scenario generated once for the whole session, read back from its files."""

from __future__ import annotations

import pytest

from scenarios import generate_scenario
from synthetic.delivery import Scenario, read_scenario


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """600 missing persons, seed 11: enough that even rare events (a toothbrush sample, a
    body found at sea) occur whatever the seed."""
    folder = tmp_path_factory.mktemp("scenario-600")
    generate_scenario(600, 11, folder)
    return read_scenario(folder)
