"""Scenario shapes (data/shapes.yaml): the knobs by which a scenario departs from the default world.

A shape changes how many people a boat carries, how common names and descriptions are, how many
women travel, how many references families give, and how much noise the records hold. The
default shape changes nothing: a scenario generated with it is byte for byte the one generated
without a shape, because no knob at its default draws a random number.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

from scenarios.data import load_data

SECOND_AGENCY_FOLDER = "second_agency"


@dataclass(frozen=True)
class ScenarioShape:
    """The knobs of one shape (see data/shapes.yaml for what each one does)."""

    name: str = "default"
    description: str = "the generator's own world"
    boat_size: float = 1.0
    recovery: float = 1.0
    name_pool: int | None = None
    plain_features: float = 0.0
    female_share: float | None = None
    references: float = 1.0
    no_samples: float = 0.1
    duplicates: float = 0.05
    contradictions: float = 0.03
    strangers: float = 1.0
    fragments: float = 0.05
    second_agency: float = 0.0

    def knobs(self) -> dict[str, object]:
        """The knobs that differ from the default world, for truth.json."""
        default = ScenarioShape()
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("name", "description") and getattr(self, f.name) != getattr(default, f.name)}


@lru_cache(maxsize=1)
def shapes() -> dict[str, ScenarioShape]:
    """Every shape of data/shapes.yaml by name."""
    known = {f.name for f in fields(ScenarioShape)} - {"name"}
    found: dict[str, ScenarioShape] = {}
    for name, raw in load_data("shapes.yaml").items():
        raw = dict(raw or {})
        if unknown := set(raw) - known:
            raise ValueError(f"shape {name!r}: unknown knob(s) {', '.join(sorted(unknown))}")
        found[name] = ScenarioShape(name=name, **raw)
    return found


def load_shape(name: str) -> ScenarioShape:
    """The shape called `name`; ValueError naming the shapes there are."""
    known = shapes()
    if name not in known:
        raise ValueError(f"unknown scenario shape {name!r}: choose one of {', '.join(known)}")
    return known[name]
