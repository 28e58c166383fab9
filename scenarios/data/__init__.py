"""Name bank, routes, descriptions and DNA kits of the synthetic scenarios, as YAML data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load_data(file_name: str) -> Any:
    """Parse one YAML file of this folder (cached: the files never change while running)."""
    text = resources.files(__name__).joinpath(file_name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
