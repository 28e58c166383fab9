"""generate_scenario: a whole synthetic delivery, voyage by voyage and group by group.

Each unit (one boat, or one group on a land route) is simulated and written completely before the
next begins — its missing persons, their families' reports and reference samples, the bodies and
sightings of those found, strangers' records and the vessel — so memory holds one unit at a time
plus the small truth maps.
"""

from __future__ import annotations

import random
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from scenarios.cell_values import FIRST_DAY, LAST_DAY, coordinate, number_range, partial_date
from scenarios.chance import chance, poisson
from scenarios.delivery import Delivery, RecordIds
from scenarios.genotypes import MUTATION_RATE
from scenarios.geography import Route
from scenarios.journeys import (
    LAND_GROUP_COMPANIONS,
    Fate,
    LandJourney,
    Voyage,
    describe_position,
    fate_at_sea,
    fate_on_land,
    plan_land_journey,
    plan_voyage,
    reports_beyond_first,
)
from scenarios.people import MissingPerson, Person, gather_relatives, make_person
from scenarios.remains import plan_recovery, write_remains
from scenarios.reporting import FiledReports, file_reports
from scenarios.shapes import SECOND_AGENCY_FOLDER, ScenarioShape, load_shape
from scenarios.sightings import sight_aboard, sight_strangers, sight_survivor
from scenarios.truth import TruthWriter
from scenarios.world import Run, World

# Mean number of bodies of unreported passengers recovered, by the boat's outcome.
STRANGERS_DEAD = {"capsized": 1.5, "sank": 1.5, "missing": 0.15, "unknown": 0.15, "rescued": 0.1}

# How boats are described when a route does not say otherwise (routes.yaml vessel_names).
VESSEL_NAMES = {
    "rubber_dinghy": ("grey rubber dinghy", "black rubber boat", "inflatable boat", "rubber boat"),
    "wooden_boat": ("blue wooden boat", "wooden boat", "small wooden boat", "two-deck wooden boat"),
    "fishing_boat": ("fishing boat", "blue and white fishing boat", "old trawler", "large fishing boat"),
    "sailboat": ("white sailing yacht", "sailing boat"),
    "cargo": ("cargo ship",),
    "other": ("iron boat", "small metal boat", "kayak", "small boat"),
}


@dataclass(frozen=True)
class GenerationSummary:
    """What generate_scenario wrote."""

    persons: int
    seed: int
    agency: str
    out_dir: Path
    rows: dict[str, int]
    reports: int
    voyages: int
    unrelated_remains: int
    unrelated_sightings: int


class _Scenario:
    """The running state of one generation: the run, the truth file and a few counts."""

    def __init__(self, run: Run, truth: TruthWriter) -> None:
        self.run = run
        self.truth = truth
        self.unrelated_remains = 0
        self.unrelated_sightings = 0

    def stranger(self, route: Route, day: date) -> Person:
        """Someone on the same route whom nobody in the scenario reports missing."""
        world = self.run.world
        person, _ = make_person("", route, world.countries, world.groups, world.descriptions, day, self.run.rng,
                                self.run.shape)
        return person

    def missing_person(self, route: Route, voyage: Voyage | None, journey: LandJourney | None,
                       fate: Fate) -> list[str]:
        """Simulate and write one missing person; return their report ids."""
        run, world, rng = self.run, self.run.world, self.run.rng
        day = voyage.departure_date if voyage else journey.last_seen_date  # type: ignore[union-attr]
        key = run.ids.new("person")
        person, pedigree = make_person(key, route, world.countries, world.groups, world.descriptions, day, rng,
                                       run.shape)
        missing = MissingPerson(person, pedigree, gather_relatives(person, pedigree, day, rng, run.shape))
        filed = file_reports(run, missing, route, voyage, journey, fate)
        found: list[tuple[str, str]] = []
        if fate.status == "dead" and fate.body_recoverable:
            recovery = plan_recovery(route, voyage, fate.how, fate.day, fate.point, rng)
            if recovery is not None:
                genotype = pedigree.genotype(pedigree.missing, world.simulator, run.genes)
                found = write_remains(run, person, genotype, route, voyage, recovery, identify=True)
                if voyage is not None and recovery.voyage_linked:
                    voyage.bodies += 1
        if fate.status == "alive":
            seen = sight_survivor(run, person, route, voyage, fate, filed.report_ids)
        elif voyage is not None:
            seen = sight_aboard(run, person, route, voyage, fate, filed.report_ids)
        else:
            seen = []
        if voyage is not None and fate.status == "alive":
            voyage.survivors += 1
        self._record_truth(key, person, route, voyage, fate, filed, found, seen)
        return filed.report_ids

    def _record_truth(self, key: str, person: Person, route: Route, voyage: Voyage | None, fate: Fate,
                      filed: FiledReports, found: list[tuple[str, str]], seen: list[str]) -> None:
        primary = filed.report_ids[0]
        for remains_id, _ in found:
            self.truth.remains_of[remains_id] = primary
        for sighting_id in seen:
            self.truth.sightings_of[sighting_id] = primary
        self.truth.reports_of[key] = list(filed.report_ids)
        for report_id in filed.report_ids:
            self.truth.missing(report_id, {
                "person": key,
                "voyage": voyage.record_id if voyage else None,
                "route": route.name,
                "population": person.population,
                "status": fate.status,
                "remains": [r for r, _ in found],
                "sightings": seen,
                "duplicate_reports": [r for r in filed.report_ids if r != report_id],
                "post_mortem_samples": [s for _, s in found if s],
                "reference_samples": filed.reference_samples,
                "personal_effect_samples": filed.personal_effect_samples,
                "contradictions": filed.contradictions.get(report_id, []),
            })

    def unrelated_bodies(self, route: Route, voyage: Voyage | None, count: int, how: str, died: date,
                         point: tuple[float, float] | None) -> None:
        """Bodies of people nobody reported (noise for the matcher)."""
        run = self.run
        for _ in range(count):
            stranger = self.stranger(route, died)
            recovery = plan_recovery(route, voyage, how, died, point, run.rng)
            if recovery is None:
                continue
            genotype = run.world.simulator.founder(run.genes, stranger.population)
            for remains_id, _ in write_remains(run, stranger, genotype, route, voyage, recovery, identify=True):
                self.truth.remains_of[remains_id] = None
                self.unrelated_remains += 1
            if voyage is not None and recovery.voyage_linked:
                voyage.bodies += 1

    def unrelated_sightings_for(self, route: Route, voyage: Voyage | None, journey: LandJourney | None,
                                strangers: list[Person], unit_reports: list[str]) -> int:
        """Records of strangers; returns how many were written."""
        made = sight_strangers(self.run, strangers, route, voyage, journey, unit_reports)
        for sighting_id in made:
            self.truth.sightings_of[sighting_id] = None
        self.unrelated_sightings += len(made)
        return len(made)

    def voyage_unit(self, route: Route, remaining: int) -> int:
        """One boat and the missing persons aboard it; returns how many were reported."""
        run, rng = self.run, self.run.rng
        voyage = plan_voyage(route, run.ids.new("voyage"), rng, run.shape.boat_size)
        if voyage.outcome in ("capsized", "sank", "missing") and chance(rng, 0.6) \
                or voyage.outcome == "rescued" and chance(rng, 0.2):
            voyage.incident_ref = run.ids.incident_ref(voyage.departure_date.year)
        reported = min(remaining, voyage.aboard, 1 + poisson(rng, reports_beyond_first(voyage.aboard)))
        unit_reports: list[str] = []
        for _ in range(reported):
            unit_reports += self.missing_person(route, voyage, None, fate_at_sea(voyage, rng, run.shape.recovery))
        died = voyage.outcome_date or voyage.departure_date
        extra = STRANGERS_DEAD.get(voyage.outcome, 0.0) * run.shape.strangers * run.shape.boat_size
        how = "died_aboard" if voyage.outcome == "rescued" else "drowned"
        strangers_dead = min(poisson(rng, extra), voyage.aboard - reported)
        self.unrelated_bodies(route, voyage, strangers_dead, how, died, voyage.outcome_point)
        count = poisson(rng, 2.0 * run.shape.strangers)
        strangers = [self.stranger(route, voyage.departure_date) for _ in range(count)]
        registered = self.unrelated_sightings_for(route, voyage, None, strangers, unit_reports)
        voyage.survivors += registered if voyage.outcome not in ("missing", "unknown") else 0
        self._write_vessel(voyage)
        return reported

    def land_unit(self, route: Route, remaining: int) -> int:
        """One group on a land route; returns how many were reported."""
        rng, shape = self.run.rng, self.run.shape
        journey = plan_land_journey(route, rng)
        reported = min(remaining, 1 + poisson(rng, LAND_GROUP_COMPANIONS))
        unit_reports: list[str] = []
        deaths = 0
        for _ in range(reported):
            fate = fate_on_land(journey, rng, shape.recovery)
            deaths += fate.status == "dead"
            unit_reports += self.missing_person(route, None, journey, fate)
        if deaths:
            self.unrelated_bodies(route, None, poisson(rng, 0.3 * shape.strangers), "died_on_land",
                                  journey.last_seen_date, None)
        strangers = [self.stranger(route, journey.last_seen_date) for _ in range(poisson(rng, 0.5 * shape.strangers))]
        self.unrelated_sightings_for(route, None, journey, strangers, unit_reports)
        return reported

    def _write_vessel(self, voyage: Voyage) -> None:
        rng = self.run.rng
        record = {
            "record_id": voyage.record_id,
            "vessel_name": rng.choice(voyage.route.vessel_names.get(voyage.vessel.vessel_type)
                                      or VESSEL_NAMES[voyage.vessel.vessel_type]) if chance(rng, 0.6) else "",
            "vessel_type": voyage.vessel.vessel_type if chance(rng, 0.9) else "",
            "route": voyage.route.name,
            "departure_place": voyage.departure.name if chance(rng, 0.85) else "",
            "departure_date": partial_date(voyage.departure_date, rng, 0.75, 0.2),
            "destination": voyage.destination if chance(rng, 0.7) else "",
            "outcome": voyage.outcome,
            "incident_ref": voyage.incident_ref,
            "source": voyage.source,
        }
        if record["departure_place"] and chance(rng, 0.7):
            record["departure_lat"] = coordinate(voyage.departure.lat)
            record["departure_lon"] = coordinate(voyage.departure.lon)
        if voyage.vessel.vessel_type == "fishing_boat" and chance(rng, 0.15):
            record["registration"] = f"{voyage.departure.country[:3].upper()}-{rng.randint(1000, 9999)}"
            record["flag"] = voyage.departure.country
        aboard = voyage.aboard
        roll = rng.random()
        if roll < 0.4:
            record["persons_aboard"] = str(aboard)
        elif roll < 0.8:
            record["persons_aboard"] = number_range(aboard * 0.85, aboard * 1.15)
        if voyage.outcome not in ("missing", "unknown") and voyage.outcome_point:
            record["outcome_date"] = partial_date(voyage.outcome_date, rng, 0.9, 0.1)
            route = voyage.route
            landmarks = route.departures + route.arrivals + route.shores
            record["outcome_place"] = describe_position(voyage.outcome_point, landmarks)
            if chance(rng, 0.7):
                record["outcome_lat"] = coordinate(voyage.outcome_point[0])
                record["outcome_lon"] = coordinate(voyage.outcome_point[1])
        if voyage.outcome in ("capsized", "sank", "rescued", "intercepted", "arrived") and chance(rng, 0.8):
            if voyage.outcome in ("capsized", "sank"):
                survivors = max(voyage.survivors, round(aboard * rng.uniform(0.05, 0.6)))
            else:
                survivors = aboard - voyage.bodies
            survivors = min(survivors, aboard - voyage.bodies)
            record["survivors"] = str(survivors)
            record["dead"] = str(voyage.bodies)
            record["missing"] = str(max(0, aboard - survivors - voyage.bodies))
        elif voyage.outcome == "missing" and chance(rng, 0.6):
            record["survivors"] = "0"
            record["dead"], record["missing"] = str(voyage.bodies), str(aboard - voyage.bodies)
        self.run.delivery.write("vessels", record)


def generate_scenario(persons: int, seed: int, out_dir: Path, agency: str = "DEMO",
                      shape: ScenarioShape | str = "default") -> GenerationSummary:
    """Write a synthetic delivery for ``persons`` missing persons into ``out_dir``.

    The six interchange CSV files and truth.json are written as the scenario unfolds; the same
    ``persons``, ``seed``, ``agency`` and ``shape`` give byte-identical files. Everyone in it is
    fictional. A shape (data/shapes.yaml) departs from the default world; one with a
    `second_agency` also writes that agency's delivery into ``out_dir/second_agency``.
    """
    if persons < 1:
        raise ValueError("The number of missing persons must be at least 1.")
    shape = load_shape(shape) if isinstance(shape, str) else shape
    out_dir = Path(out_dir)
    world = World.load(shape)
    header = {
        "seed": seed,
        "persons": persons,
        "agency": agency,
        "shape": {"name": shape.name, **shape.knobs()},
        "window": [FIRST_DAY.isoformat(), LAST_DAY.isoformat()],
        "loci": list(world.kits.panel),
        "mutation_rate": MUTATION_RATE,
    }
    if shape.second_agency:
        header["second_agency"] = {"agency": second_agency_code(agency), "folder": SECOND_AGENCY_FOLDER}
    with Delivery(out_dir) as delivery, _second_delivery(out_dir, shape) as second:
        run = Run(world, random.Random(seed), np.random.default_rng(seed), RecordIds(), delivery, agency,
                  shape, second)
        truth = TruthWriter(out_dir / "truth.json", header)
        scenario = _Scenario(run, truth)
        made = 0
        while made < persons:
            route, by_sea = world.units.pick(run.rng)
            if by_sea:
                made += scenario.voyage_unit(route, persons - made)
            else:
                made += scenario.land_unit(route, persons - made)
        rows = dict(delivery.rows)
        truth.close({"counts": rows})
    return GenerationSummary(
        persons=persons,
        seed=seed,
        agency=agency,
        out_dir=out_dir,
        rows=rows,
        reports=rows["reports"],
        voyages=rows["vessels"],
        unrelated_remains=scenario.unrelated_remains,
        unrelated_sightings=scenario.unrelated_sightings,
    )


def second_agency_code(agency: str) -> str:
    """The code under which a shape's second agency's delivery is loaded."""
    return f"{agency}-CG"


def _second_delivery(out_dir: Path, shape: ScenarioShape) -> "Delivery | nullcontext[None]":
    return Delivery(out_dir / SECOND_AGENCY_FOLDER) if shape.second_agency else nullcontext(None)
