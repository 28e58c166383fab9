"""Routes, places and countries of origin (from routes.yaml and countries.yaml), and the little
spherical geometry needed to put a wreck at sea and let bodies drift from it."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache

from scenarios.chance import Weighted
from scenarios.data import load_data

KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Place:
    """A named place with approximate WGS84 coordinates."""

    name: str
    lat: float
    lon: float
    country: str


@dataclass(frozen=True)
class RemainsSite:
    """A place along a land route where remains are found, and the recovery context it implies."""

    place: Place
    context: str  # land, or other for rivers and canals


@dataclass(frozen=True)
class Country:
    """A country of origin: its names, norSTR population, name groups and home towns."""

    code: str
    names: tuple[str, ...]
    population: str
    groups: Weighted[str]
    cities: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Institution:
    """A morgue or forensic institute and the prefix of its case numbers."""

    name: str
    case_prefix: str
    country: str


@dataclass(frozen=True)
class VesselClass:
    """A kind of boat used on a route and how many people it usually carries."""

    vessel_type: str
    fewest: int
    most: int


@dataclass(frozen=True)
class Route:
    """One IOM migration route with the places the simulation uses along it."""

    name: str
    share: float
    voyage_share: float
    female_share: float
    years: Weighted[int]
    origins: Weighted[str]
    destinations: tuple[str, ...]
    departures: tuple[Place, ...]
    arrivals: tuple[Place, ...]
    returns: tuple[Place, ...]
    shores: tuple[Place, ...]
    land_places: tuple[Place, ...]
    land_remains: tuple[RemainsSite, ...]
    reception_centres: tuple[Place, ...]
    detention: tuple[Place, ...]
    hospitals: tuple[Place, ...]
    institutions: tuple[Institution, ...]
    cemeteries: tuple[tuple[str, str], ...]  # (cemetery, country)
    vessels: Weighted[VesselClass] | None
    vessel_names: dict[str, tuple[str, ...]]
    ocean_drift: bool
    vessel_sources: tuple[str, ...]
    drift_bearing: float
    post_mortem_labs: tuple[str, ...]

    def institution_in(self, country: str, rng: random.Random) -> Institution:
        """A morgue in ``country`` when the route has one there, else any of the route's."""
        local = [i for i in self.institutions if i.country == country] or list(self.institutions)
        return local[rng.randrange(len(local))]

    def cemetery_in(self, country: str, rng: random.Random) -> str:
        """A cemetery in ``country`` when the route has one there, else any of the route's."""
        local = [name for name, where in self.cemeteries if where == country] or [n for n, _ in self.cemeteries]
        return local[rng.randrange(len(local))]

    @property
    def has_sea(self) -> bool:
        return self.voyage_share > 0 and bool(self.departures)

    @property
    def has_land(self) -> bool:
        return self.voyage_share < 1 and bool(self.land_places)


def _places(rows: list[list]) -> tuple[Place, ...]:
    return tuple(Place(str(name), float(lat), float(lon), str(country)) for name, lat, lon, country in rows)


def _route(raw: dict) -> Route:
    vessels = raw.get("vessels") or {}
    vessel_classes = Weighted(
        [VesselClass(kind, int(low), int(high)) for kind, (_, low, high) in vessels.items()],
        [float(weight) for weight, _, _ in vessels.values()],
    ) if vessels else None
    return Route(
        name=raw["name"],
        share=float(raw["share"]),
        voyage_share=float(raw["voyage_share"]),
        female_share=float(raw["female_share"]),
        years=Weighted.of({int(year): float(w) for year, w in raw["years"].items()}),
        origins=Weighted.of({str(code): float(w) for code, w in raw["origins"].items()}),
        destinations=tuple(raw["destinations"]),
        departures=_places(raw["departures"]),
        arrivals=_places(raw["arrivals"]),
        returns=_places(raw["returns"]),
        shores=_places(raw["shores"]),
        land_places=_places(raw["land_places"]),
        land_remains=tuple(
            RemainsSite(Place(str(name), float(lat), float(lon), str(country)), str(context))
            for name, lat, lon, country, context in raw["land_remains"]
        ),
        reception_centres=_places(raw["reception_centres"]),
        detention=_places(raw["detention"]),
        hospitals=_places(raw["hospitals"]),
        institutions=tuple(Institution(str(name), str(prefix), str(country))
                           for name, prefix, country in raw["institutions"]),
        cemeteries=tuple((str(name), str(country)) for name, country in raw["cemeteries"]),
        vessels=vessel_classes,
        vessel_names={kind: tuple(names) for kind, names in (raw.get("vessel_names") or {}).items()},
        ocean_drift=bool(raw.get("ocean_drift", False)),
        vessel_sources=tuple(raw["vessel_sources"]),
        drift_bearing=float(raw["drift_bearing"]),
        post_mortem_labs=tuple(raw["post_mortem_labs"]),
    )


@lru_cache(maxsize=None)
def load_routes() -> tuple[Route, ...]:
    """The routes of routes.yaml, in file order."""
    return tuple(_route(raw) for raw in load_data("routes.yaml"))


@lru_cache(maxsize=None)
def load_countries() -> dict[str, Country]:
    """Countries of origin by ISO 3166 alpha-3 code."""
    raw = load_data("countries.yaml")
    return {
        code: Country(
            code=code,
            names=tuple(entry["names"]),
            population=entry["population"],
            groups=Weighted.of({str(g): float(w) for g, w in entry["groups"].items()}),
            cities=tuple(entry["cities"]),
        )
        for code, entry in raw.items()
        if code != "diaspora"
    }


@lru_cache(maxsize=None)
def diaspora_countries() -> Weighted[str]:
    """Countries where relatives who emigrated earlier live."""
    return Weighted.of({str(k): float(v) for k, v in load_data("countries.yaml")["diaspora"].items()})


def offset(lat: float, lon: float, bearing_degrees: float, km: float) -> tuple[float, float]:
    """The point ``km`` away in direction ``bearing_degrees`` (flat-earth step: distances here
    are tens of kilometres, where the error is far below the precision of any record)."""
    bearing = math.radians(bearing_degrees)
    new_lat = lat + km * math.cos(bearing) / KM_PER_DEGREE
    new_lon = lon + km * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return new_lat, new_lon


def along(start: Place, end: Place, fraction: float) -> tuple[float, float]:
    """The point ``fraction`` of the way from ``start`` to ``end``."""
    return start.lat + (end.lat - start.lat) * fraction, start.lon + (end.lon - start.lon) * fraction


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def near(rng: random.Random, lat: float, lon: float, max_km: float) -> tuple[float, float]:
    """A point at most ``max_km`` from (lat, lon), in a random direction."""
    return offset(lat, lon, rng.uniform(0, 360), max_km * math.sqrt(rng.random()))
