"""Everything a scenario draws on (the catalogues, loaded once) and the state of one run (the two
seeded random generators, the record ids and the open delivery)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from scenarios.chance import Weighted
from scenarios.delivery import Delivery, RecordIds
from scenarios.descriptions import DescriptionBank, load_descriptions
from scenarios.genotypes import GenotypeSimulator, KitCatalogue, load_kits
from scenarios.geography import Country, Route, load_countries, load_routes
from scenarios.journeys import expected_unit_size
from scenarios.name_bank import NameGroup, load_name_groups
from scenarios.shapes import ScenarioShape


@dataclass(frozen=True)
class World:
    """The catalogues of a scenario: routes, countries, names, descriptions, kits, allele tables."""

    units: Weighted[tuple[Route, bool]]
    countries: dict[str, Country]
    groups: dict[str, NameGroup]
    descriptions: DescriptionBank
    kits: KitCatalogue
    simulator: GenotypeSimulator
    panel_index: dict[str, int]

    @classmethod
    def load(cls, shape: ScenarioShape | None = None) -> "World":
        """The catalogues; a shape's `name_pool` keeps only the first names of each list."""
        routes = load_routes()
        groups = load_name_groups()
        if shape is not None and shape.name_pool:
            groups = {key: group.most_common(shape.name_pool) for key, group in groups.items()}
        kits = load_kits()
        panel = kits.panel
        return cls(
            units=_units(routes),
            countries=load_countries(),
            groups=groups,
            descriptions=load_descriptions(),
            kits=kits,
            simulator=GenotypeSimulator(panel),
            panel_index={locus: index for index, locus in enumerate(panel)},
        )


def _units(routes: tuple[Route, ...]) -> Weighted[tuple[Route, bool]]:
    """Which kind of unit to simulate next: (route, by sea). Units are drawn so that each route
    and mode gets its share of *persons*: a boat brings several reports, a land group fewer."""
    units, weights = [], []
    for route in routes:
        for by_sea, fraction in ((True, route.voyage_share), (False, 1 - route.voyage_share)):
            possible = route.has_sea if by_sea else route.has_land
            if possible and fraction > 0:
                units.append((route, by_sea))
                weights.append(route.share * fraction / expected_unit_size(route, by_sea))
    return Weighted(units, weights)


@dataclass
class Run:
    """One scenario being generated.

    Two generators, both seeded from the scenario seed: ``rng`` decides everything about people
    and records, ``genes`` draws alleles in bulk. Each is only ever used in a fixed order, so the
    same seed gives the same files byte for byte.
    """

    world: World
    rng: random.Random
    genes: np.random.Generator
    ids: RecordIds
    delivery: Delivery
    agency: str
    shape: ScenarioShape = field(default_factory=ScenarioShape)
    # the second agency's delivery (a shape's `second_agency`), or None
    second: Delivery | None = None
