"""Voyages and land journeys: where and when people left, what happened to the boat, and the fate
of each person aboard or on the road — the hidden facts the records are later made from."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from scenarios.cell_values import LAST_DAY, later
from scenarios.chance import Weighted, chance
from scenarios.geography import Place, Route, VesselClass, along, distance_km, near

# What happened to the boats that missing persons were on. Boats that simply arrived are rare
# here because a family only files a report when it has lost contact.
VOYAGE_OUTCOMES = Weighted.of({
    "capsized": 30, "sank": 18, "missing": 14, "rescued": 14, "intercepted": 14, "arrived": 7, "unknown": 3,
})

# Per outcome: chance a person aboard died, survived, or has no known fate, and the chance that
# the body of one who died is recovered.
SEA_FATES: dict[str, tuple[Weighted[str], float]] = {
    "capsized": (Weighted.of({"dead": 85, "alive": 12, "unknown": 3}), 0.35),
    "sank": (Weighted.of({"dead": 85, "alive": 12, "unknown": 3}), 0.35),
    "missing": (Weighted.of({"dead": 95, "unknown": 5}), 0.05),
    "rescued": (Weighted.of({"alive": 86, "dead": 9, "unknown": 5}), 0.9),
    "intercepted": (Weighted.of({"alive": 80, "dead": 4, "unknown": 16}), 0.5),
    "arrived": (Weighted.of({"alive": 70, "unknown": 30}), 0.0),
    "unknown": (Weighted.of({"unknown": 60, "dead": 40}), 0.1),
}

# How far along the crossing each outcome happens (fraction of the way to the destination).
OUTCOME_STAGE = {
    "capsized": (0.08, 0.7), "sank": (0.08, 0.7), "missing": (0.2, 0.9), "rescued": (0.2, 0.8),
    "intercepted": (0.04, 0.35), "arrived": (1.0, 1.0), "unknown": (0.1, 0.9),
}

# Land routes: chance of death, survival, no known fate, and of the body being found.
LAND_FATES: dict[str, tuple[Weighted[str], float]] = {
    "US-Mexico border crossing": (Weighted.of({"dead": 55, "alive": 25, "unknown": 20}), 0.45),
    "Sahara Desert crossing": (Weighted.of({"dead": 45, "alive": 25, "unknown": 30}), 0.1),
}
OTHER_LAND_FATES = (Weighted.of({"dead": 35, "alive": 45, "unknown": 20}), 0.6)
# A shape's `recovery` raises the chance of a body being found, never to certainty.
MOST_RECOVERED = 0.95

# How many missing persons one unit brings: families report some of the people aboard a boat
# (more on a big boat), and people on land routes travel in small groups.
LAND_GROUP_COMPANIONS = 0.8


def reports_beyond_first(aboard: int) -> float:
    """Mean number of reported persons aboard besides the first."""
    return min(14.0, max(0.5, aboard * 0.06))


def expected_unit_size(route: Route, by_sea: bool) -> float:
    """Mean number of missing persons in one voyage (or land group) of ``route``."""
    if not by_sea or route.vessels is None:
        return 1 + LAND_GROUP_COMPANIONS
    weights = route.vessels.weights()
    sizes = [1 + reports_beyond_first((v.fewest + v.most) // 2) for v in route.vessels.values]
    return sum(w * n for w, n in zip(weights, sizes)) / sum(weights)


COMPASS = ("north", "north-east", "east", "south-east", "south", "south-west", "west", "north-west")


@dataclass
class Voyage:
    """One crossing by one boat."""

    record_id: str
    route: Route
    vessel: VesselClass
    aboard: int
    departure: Place
    departure_date: date
    heading_for: Place
    destination: str
    outcome: str
    outcome_date: date | None
    outcome_point: tuple[float, float] | None
    incident_ref: str = ""
    survivors: int = 0
    bodies: int = 0
    source: str = ""

    @property
    def wrecked(self) -> bool:
        return self.outcome in ("capsized", "sank", "missing", "unknown")


@dataclass
class LandJourney:
    """A group travelling overland, last seen together."""

    route: Route
    last_seen: Place
    last_seen_date: date


@dataclass
class Fate:
    """What happened to one person: the truth behind every record about them."""

    status: str  # dead, alive or unknown
    how: str  # drowned, died_aboard, rescued, intercepted, arrived, died_on_land, survived_on_land, lost
    day: date  # when it happened (death, rescue, arrival; the last sighting for "lost")
    point: tuple[float, float] | None
    body_recoverable: bool = False
    remains: list[str] = field(default_factory=list)
    sightings: list[str] = field(default_factory=list)


def _day_in(rng: random.Random, year: int, last: date) -> date:
    start = date(year, 1, 1)
    end = min(date(year, 12, 31), last)
    return later(start, rng.randint(0, max(0, (end - start).days)))


def nearest_place(point: tuple[float, float], places: tuple[Place, ...]) -> Place:
    """The place closest to ``point``."""
    lat, lon = point
    return min(places, key=lambda p: distance_km(lat, lon, p.lat, p.lon))


def describe_position(point: tuple[float, float], landmarks: tuple[Place, ...]) -> str:
    """"38 km north of Zuwara": the way coast guards place an event at sea."""
    lat, lon = point
    nearest = nearest_place(point, landmarks)
    km = distance_km(nearest.lat, nearest.lon, lat, lon)
    if km < 3:
        return f"off {nearest.name}"
    bearing = _bearing(nearest.lat, nearest.lon, lat, lon)
    return f"{km:.0f} km {COMPASS[int((bearing + 22.5) // 45) % 8]} of {nearest.name}"


def _bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = lat2 - lat1
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return (math.degrees(math.atan2(dx, dy)) + 360) % 360


def plan_voyage(route: Route, record_id: str, rng: random.Random, boat_size: float = 1.0) -> Voyage:
    """A boat leaving one of the route's departure points in one of its busy years (carrying
    ``boat_size`` times as many people as usual)."""
    assert route.vessels is not None
    vessel = route.vessels.pick(rng)
    departure = route.departures[rng.randrange(len(route.departures))]
    heading_for = route.arrivals[rng.randrange(len(route.arrivals))]
    # Leave a month for what follows a departure (reports, recoveries) inside the window.
    departure_date = _day_in(rng, route.years.pick(rng), later(LAST_DAY, -45))
    outcome = VOYAGE_OUTCOMES.pick(rng)
    low, high = OUTCOME_STAGE[outcome]
    fraction = rng.uniform(low, high)
    lat, lon = along(departure, heading_for, fraction)
    if outcome == "arrived":
        point = (heading_for.lat, heading_for.lon)
    else:
        point = near(rng, lat, lon, 15.0)
    crossing_km = distance_km(departure.lat, departure.lon, heading_for.lat, heading_for.lon)
    # Boats make 100-250 km a day; a wreck happens on the way, a rescue or arrival at its end.
    days = int(crossing_km * fraction / rng.uniform(100, 250))
    return Voyage(
        record_id=record_id,
        route=route,
        vessel=vessel,
        aboard=max(1, round(rng.randint(vessel.fewest, vessel.most) * boat_size)),
        departure=departure,
        departure_date=departure_date,
        heading_for=heading_for,
        destination=route.destinations[rng.randrange(len(route.destinations))],
        outcome=outcome,
        outcome_date=later(departure_date, days),
        outcome_point=point,
        source=route.vessel_sources[rng.randrange(len(route.vessel_sources))] if route.vessel_sources else "",
    )


def fate_at_sea(voyage: Voyage, rng: random.Random, recovered: float = 1.0) -> Fate:
    """The fate of one person aboard ``voyage`` (bodies recovered ``recovered`` times as often)."""
    fates, recovery = SEA_FATES[voyage.outcome]
    recovery = recovery if recovered == 1.0 else min(MOST_RECOVERED, recovery * recovered)
    status = fates.pick(rng)
    day = voyage.outcome_date or voyage.departure_date
    if status == "dead":
        how = "died_aboard" if voyage.outcome == "rescued" else "drowned"
        return Fate("dead", how, day, voyage.outcome_point, body_recoverable=chance(rng, recovery))
    if status == "alive":
        how = {"intercepted": "intercepted", "arrived": "arrived"}.get(voyage.outcome, "rescued")
        return Fate("alive", how, day, voyage.outcome_point)
    return Fate("unknown", "lost", voyage.departure_date, None)


def plan_land_journey(route: Route, rng: random.Random) -> LandJourney:
    """A group last seen at one of the route's towns in one of its busy years."""
    place = route.land_places[rng.randrange(len(route.land_places))]
    return LandJourney(route, place, _day_in(rng, route.years.pick(rng), later(LAST_DAY, -45)))


def fate_on_land(journey: LandJourney, rng: random.Random, recovered: float = 1.0) -> Fate:
    """The fate of one person of a land journey (bodies recovered ``recovered`` times as often)."""
    fates, recovery = LAND_FATES.get(journey.route.name, OTHER_LAND_FATES)
    recovery = recovery if recovered == 1.0 else min(MOST_RECOVERED, recovery * recovered)
    status = fates.pick(rng)
    if status == "dead":
        day = later(journey.last_seen_date, rng.randint(1, 25))
        return Fate("dead", "died_on_land", day, None, body_recoverable=chance(rng, recovery))
    if status == "alive":
        day = later(journey.last_seen_date, rng.randint(2, 60))
        return Fate("alive", "survived_on_land", day, None)
    return Fate("unknown", "lost", journey.last_seen_date, None)
