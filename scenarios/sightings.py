"""Records that place a person somewhere: registrations at disembarkation, reception centres,
detention and hospitals for those who survived; survivors' statements that someone was aboard;
phone contacts; and registrations of people nobody reported, which look much the same.

Registrars write names as they hear them: in Arabic script in North Africa, without accents at the
US border, with given and family names swapped or parts left out everywhere.
"""

from __future__ import annotations

import random
from datetime import date

from scenarios.cell_values import LAST_DAY, clamp, coordinate, later, number_range, partial_date, sharing
from scenarios.chance import Weighted, chance
from scenarios.geography import Place, Route, distance_km
from scenarios.journeys import Fate, LandJourney, Voyage
from scenarios.name_bank import Spelling, recorded_name
from scenarios.people import Person
from scenarios.world import Run

ARABIC_REGISTERS = {"Libya", "Tunisia", "Morocco", "Algeria", "Egypt", "Sudan", "Western Sahara"}
PLAIN_REGISTERS = {"United States", "Mexico"}
EUROPEAN_SPELLING = Weighted.of({Spelling.VARIANT: 50, Spelling.ASCII: 35, Spelling.CANONICAL: 15})
SOURCES = {
    "disembarkation": ("police registration", "IOM disembarkation monitoring", "UNHCR", "Red Cross", "coast guard"),
    "reception_centre": ("reception centre register", "UNHCR", "IOM", "NGO"),
    "detention": ("detention centre register", "IOM", "UNHCR", "lawyer's visit"),
    "hospital": ("hospital register", "Red Cross"),
    "witness_statement": ("travel companion", "survivor interview", "fellow detainee", "friend of the family"),
    "phone_contact": ("family", "friend of the family", "Red Cross tracing"),
    "aboard_vessel": ("survivor interview", "survivors' list", "NGO rescue ship debriefing"),
}
RELIABILITY = {
    "disembarkation": (4, 5), "reception_centre": (4, 5), "detention": (3, 4), "hospital": (4, 5),
    "witness_statement": (1, 3), "phone_contact": (2, 3), "aboard_vessel": (2, 3),
}
DISTORTION = {"witness_statement": 0.5, "aboard_vessel": 0.5, "phone_contact": 0.3}


def _spelling(country: str, rng: random.Random) -> Spelling:
    if country in ARABIC_REGISTERS and chance(rng, 0.5):
        return Spelling.ARABIC
    if country in PLAIN_REGISTERS:
        return Spelling.ASCII if chance(rng, 0.7) else Spelling.VARIANT
    return EUROPEAN_SPELLING.pick(rng)


def _declared_age(person: Person, day: date, rng: random.Random) -> str:
    age = person.age_on(day)
    if 18 <= age <= 21 and chance(rng, 0.3):
        return "17"  # young adults declaring themselves minors, as registrars often suspect
    stated = age + round(rng.gauss(0, 1.5))
    return number_range(stated - 1, stated + 1) if chance(rng, 0.1) else str(max(stated, 1))


def _nationality(person: Person, route: Route, run: Run, rng: random.Random) -> str:
    if chance(rng, 0.12):
        return ""
    if chance(rng, 0.05):
        # declared or assumed wrongly: another country on the same route
        other = run.world.countries[route.origins.pick(rng)]
        return other.name
    return person.country.name if chance(rng, 0.7) else person.country.code


def write_sighting(run: Run, person: Person, route: Route, kind: str, day: date, place: Place | None,
                   place_text: str = "", vessel_ref: str = "", report_ref: str = "",
                   condition: str = "alive") -> str:
    """One sightings.csv row recording ``person``."""
    rng = run.rng
    record_id = run.ids.new("sighting")
    country = place.country if place else ""
    family_name, given_names = recorded_name(person.name, _spelling(country, rng), rng,
                                             DISTORTION.get(kind, 0.2), person.group.system == "family_first")
    if kind in ("witness_statement", "aboard_vessel") and chance(rng, 0.4):
        family_name = ""  # a companion often knows only the first name
    low, high = RELIABILITY[kind]
    home = person.country.name
    record = {
        "record_id": record_id,
        "sighting_type": kind,
        "date": partial_date(day, rng, 0.85 if kind in ("disembarkation", "detention", "hospital") else 0.4, 0.4),
        "place": place.name if place else place_text,
        "family_name": family_name,
        "given_names": given_names,
        "sex": person.sex if chance(rng, 0.93) else "",
        "age": _declared_age(person, day, rng) if chance(rng, 0.8) else "",
        "nationality": _nationality(person, route, run, rng),
        "vessel_ref": vessel_ref,
        "report_ref": report_ref,
        "condition": condition,
        "reliability": str(rng.randint(low, high)),
        "source": rng.choice(SOURCES[kind]),
        "sharing": sharing(rng),
    }
    if not family_name and not given_names:
        record["given_names"] = person.name.given[0].canonical
    if place and chance(rng, 0.75):
        record["lat"], record["lon"] = coordinate(place.lat), coordinate(place.lon)
    if chance(rng, 0.4):
        seen = [c.forensic_words(rng, home) for c in person.clothing if chance(rng, 0.5)]
        seen += [m.forensic_words(rng, home) for m in person.marks if not m.kind.hidden and chance(rng, 0.5)]
        record["description"] = "; ".join(seen)
    if chance(rng, 0.08):
        record["other_names"] = person.name.full(Spelling.VARIANT, rng)
    run.delivery.write("sightings", record)
    return record_id


def _pick(places: tuple[Place, ...], rng: random.Random, country: str = "") -> Place | None:
    local = [p for p in places if p.country == country] if country else []
    pool = local or list(places)
    return pool[rng.randrange(len(pool))] if pool else None


def _nearest(places: tuple[Place, ...], point: tuple[float, float] | None) -> Place | None:
    if not places:
        return None
    if point is None:
        return places[0]
    return min(places, key=lambda p: distance_km(point[0], point[1], p.lat, p.lon))


def sight_survivor(run: Run, person: Person, route: Route, voyage: Voyage | None, fate: Fate,
                   report_ids: list[str]) -> list[str]:
    """The records left by someone who survived: registration where they landed or were
    brought back, then a reception centre, detention or hospital, sometimes a call."""
    rng, made = run.rng, []
    vessel_ref = voyage.record_id if voyage and chance(rng, 0.6) else ""
    ref = report_ids[0]
    if fate.how in ("rescued", "arrived", "intercepted"):
        # A coast guard of the departure country rescues some and brings them back.
        brought_back = fate.how == "intercepted" or (fate.how == "rescued" and chance(rng, 0.3))
        ports = route.returns if brought_back else route.arrivals
        port = _nearest(ports, fate.point)
        landed = clamp(later(fate.day, rng.randint(0, 1)))
        made.append(write_sighting(run, person, route, "disembarkation", landed, port, vessel_ref=vessel_ref))
        if port is not None and port in route.returns:
            centre = _pick(route.detention, rng, port.country)
            detained = clamp(later(landed, rng.randint(0, 30)))
            made.append(write_sighting(run, person, route, "detention", detained, centre))
            if chance(rng, 0.25):
                made.append(write_sighting(run, person, route, "witness_statement",
                                           clamp(later(landed, rng.randint(30, 200))), centre,
                                           report_ref=ref if chance(rng, 0.6) else ""))
        elif chance(rng, 0.6):
            centre = _pick(route.reception_centres, rng, port.country if port else "")
            received = clamp(later(landed, rng.randint(1, 20)))
            made.append(write_sighting(run, person, route, "reception_centre", received, centre))
        if chance(rng, 0.15 if fate.how != "intercepted" else 0.05):
            hospital = _pick(route.hospitals, rng, port.country if port else "")
            made.append(write_sighting(run, person, route, "hospital", landed, hospital, condition="injured"))
    else:
        kinds = Weighted.of({"detention": 45, "reception_centre": 35, "hospital": 20})
        for _ in range(rng.randint(1, 2)):
            kind = kinds.pick(rng)
            places = {"detention": route.detention, "reception_centre": route.reception_centres,
                      "hospital": route.hospitals}[kind]
            made.append(write_sighting(run, person, route, kind, clamp(later(fate.day, rng.randint(0, 40))),
                                       _pick(places, rng), condition="injured" if kind == "hospital" else "alive"))
    if chance(rng, 0.1):
        called = later(fate.day, rng.randint(10, 300))
        if called <= LAST_DAY:
            made.append(write_sighting(run, person, route, "phone_contact", called, None,
                                       place_text=rng.choice(("", "Germany", "France", "Italy", "Libya", "Tripoli")),
                                       report_ref=ref if chance(rng, 0.5) else ""))
    return made


def sight_aboard(run: Run, person: Person, route: Route, voyage: Voyage, fate: Fate,
                 report_ids: list[str]) -> list[str]:
    """Survivors' statements about someone who did not survive: seen boarding, seen drowning."""
    rng, made = run.rng, []
    had_survivors = voyage.outcome in ("capsized", "sank", "rescued", "intercepted")
    if had_survivors and chance(rng, 0.25):
        made.append(write_sighting(run, person, route, "aboard_vessel", voyage.departure_date, voyage.departure,
                                   vessel_ref=voyage.record_id))
    if had_survivors and fate.status == "dead" and chance(rng, 0.1):
        day = voyage.outcome_date or voyage.departure_date
        made.append(write_sighting(run, person, route, "witness_statement", day, None,
                                   place_text=f"at sea, {voyage.route.name}", vessel_ref=voyage.record_id,
                                   report_ref=report_ids[0] if chance(rng, 0.6) else "", condition="dead"))
    return made


def sight_strangers(run: Run, strangers: list[Person], route: Route, voyage: Voyage | None,
                    journey: LandJourney | None, unit_reports: list[str]) -> list[str]:
    """Records of people nobody in the scenario reported (other passengers, other detainees),
    and now and then a witness who mistakes one of them for a reported person."""
    rng, made = run.rng, []
    for stranger in strangers:
        if voyage is not None and voyage.outcome in ("rescued", "arrived", "capsized", "sank", "intercepted"):
            ports = route.returns if voyage.outcome == "intercepted" else route.arrivals
            port = _nearest(ports, voyage.outcome_point)
            day = clamp(later(voyage.outcome_date or voyage.departure_date, rng.randint(0, 1)))
            vessel_ref = voyage.record_id if chance(rng, 0.5) else ""
            made.append(write_sighting(run, stranger, route, "disembarkation", day, port, vessel_ref=vessel_ref))
        else:
            start = voyage.departure_date if voyage else journey.last_seen_date  # type: ignore[union-attr]
            kind = "detention" if chance(rng, 0.6) else "reception_centre"
            places = route.detention if kind == "detention" else route.reception_centres
            day = clamp(later(start, rng.randint(2, 60)))
            made.append(write_sighting(run, stranger, route, kind, day, _pick(places, rng)))
    if strangers and unit_reports and chance(rng, 0.04):
        start = voyage.departure_date if voyage else journey.last_seen_date  # type: ignore[union-attr]
        made.append(write_sighting(run, strangers[0], route, "witness_statement",
                                   clamp(later(start, rng.randint(20, 300))), _pick(route.detention, rng),
                                   report_ref=unit_reports[rng.randrange(len(unit_reports))]))
    return made
