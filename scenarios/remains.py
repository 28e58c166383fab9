"""Bodies recovered: where and when (days later, kilometres away from where the person died), in
what condition, and the remains.csv row an examiner writes — estimated age, stature and sex,
marks and clothing in forensic wording — with a post-mortem DNA sample."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from scenarios.cell_values import LAST_DAY, clamp, coordinate, iso, joined, later, partial_date, sharing
from scenarios.chance import Weighted, chance
from scenarios.genotypes import Genotype
from scenarios.geography import Place, Route, distance_km, near, offset
from scenarios.journeys import Voyage, describe_position, nearest_place
from scenarios.name_bank import Spelling
from scenarios.people import Person
from scenarios.samples import post_mortem_sample
from scenarios.world import Run

COMPLETENESS = Weighted.of({"complete": 72, "partial": 23, "commingled": 5})
BODY_PARTS = ("skull", "skull and mandible", "lower limbs", "left leg", "right leg", "torso",
              "pelvis", "right femur", "left arm", "foot in a shoe")
# Parts that still allow a stature estimate from long bones, and a sex estimate from the pelvis
# or skull.
STATURE_PARTS = {"lower limbs", "left leg", "right leg", "right femur"}
SEXING_PARTS = {"skull", "skull and mandible", "pelvis"}
MARK_SURVIVAL = {"fresh": 0.75, "decomposed": 0.45, "skeletonised": 0.2, "burned": 0.1}
DNA_SAMPLED = 0.88


@dataclass
class Recovery:
    """Where, when and how a body was found."""

    day: date
    lat: float
    lon: float
    place: str
    context: str
    voyage_linked: bool
    condition: str
    country: str  # where the body is taken: the morgue, the burial


def _nearest(places: tuple[Place, ...], lat: float, lon: float, count: int) -> tuple[Place, ...]:
    return tuple(sorted(places, key=lambda p: distance_km(lat, lon, p.lat, p.lon))[:count])


def _condition(days: int, on_land: bool, rng: random.Random) -> str:
    if on_land and chance(rng, 0.01):
        return "burned"  # a vehicle fire on a desert track
    if days <= (3 if on_land else 2):
        return "fresh"
    if days <= (25 if on_land else 30):
        return "decomposed"
    return "skeletonised"


def plan_recovery(route: Route, voyage: Voyage | None, how: str, died: date,
                  point: tuple[float, float] | None, rng: random.Random) -> Recovery | None:
    """Where and when the body of someone who died is found, or None when it is found only
    after the scenario's last day."""
    if how == "died_aboard" and voyage is not None:
        port = _nearest(route.arrivals, *voyage.outcome_point, 1)[0] if voyage.outcome_point else voyage.heading_for
        lat, lon = near(rng, port.lat, port.lon, 1.0)
        return Recovery(died, lat, lon, port.name, "in_vessel", True, "fresh", port.country)
    if how == "died_on_land" or voyage is None:
        site = route.land_remains[rng.randrange(len(route.land_remains))]
        days = int(rng.triangular(5, 1000, 60))
        day = later(died, days)
        lat, lon = near(rng, site.place.lat, site.place.lon, 15.0)
        condition = _condition(days, site.context == "land", rng)
        if day > LAST_DAY:
            return None
        return Recovery(day, lat, lon, site.place.name, site.context, False, condition, site.place.country)
    wreck = point or (voyage.departure.lat, voyage.departure.lon)
    landmarks = route.departures + route.arrivals + route.shores
    if voyage.outcome in ("missing", "unknown"):
        if route.ocean_drift and chance(rng, 0.15):
            # A boat adrift for weeks, found far out in the ocean with people dead aboard.
            days = rng.randint(25, 150)
            lat, lon = offset(*wreck, route.drift_bearing + rng.gauss(0, 20), days * rng.uniform(20, 45))
            context, place, linked = "in_vessel", describe_position((lat, lon), landmarks), True
        else:
            days = rng.randint(15, 250)
            shore = rng.choice(_nearest(route.shores, *wreck, 4))
            lat, lon = near(rng, shore.lat, shore.lon, 3.0)
            context, place, linked = "shore", shore.name, chance(rng, 0.1)
    elif chance(rng, 0.45):
        days = rng.randint(0, 7)
        # Bodies drift a few kilometres a day with wind and current.
        drift_km = days * rng.uniform(3, 12) + rng.uniform(0.5, 5)
        lat, lon = offset(*wreck, route.drift_bearing + rng.gauss(0, 50), drift_km)
        context, place, linked = "at_sea", describe_position((lat, lon), landmarks), chance(rng, 0.75)
    else:
        days = rng.randint(3, 60)
        shore = rng.choice(_nearest(route.shores, *wreck, 3))
        lat, lon = near(rng, shore.lat, shore.lon, 3.0)
        context, place, linked = "shore", shore.name, chance(rng, 0.3)
    day = later(died, days)
    if day > LAST_DAY:
        return None
    # A body found at sea is landed in the nearest country's port.
    country = nearest_place((lat, lon), landmarks).country
    return Recovery(day, lat, lon, place, context, linked, _condition(days, False, rng), country)


def _age_range(age: int, condition: str, rng: random.Random) -> tuple[str, str]:
    if chance(rng, 0.12):
        return "", ""
    spread = 3 if condition in ("fresh", "decomposed") else 5
    centre = age + rng.gauss(0, spread)
    half = rng.choice((3, 5, 5, 7, 10))
    return str(max(1, round(centre - half))), str(round(centre + half))


def _sex_estimate(sex: str, condition: str, part: str, rng: random.Random) -> str:
    skeletal = condition in ("skeletonised", "burned")
    unsure = 0.5 if skeletal and part and part not in SEXING_PARTS else (0.15 if skeletal else 0.03)
    if chance(rng, unsure):
        return "U"
    if chance(rng, 0.02):
        return "F" if sex == "M" else "M"
    return sex


def write_remains(run: Run, person: Person, genotype: Genotype, route: Route, voyage: Voyage | None,
                  recovery: Recovery, identify: bool) -> list[tuple[str, str]]:
    """remains.csv row(s) for one body (sometimes two parts found apart), each with its DNA
    sample id ("" when none was taken). ``identify`` allows a provisional or confirmed
    identification by other means (documents, a relative viewing the body)."""
    rng = run.rng
    records = [_write_one(run, person, genotype, route, voyage, recovery, identify, second_part=False)]
    if chance(rng, run.shape.fragments):
        lat, lon = near(rng, recovery.lat, recovery.lon, 8.0)
        later_find = later(recovery.day, rng.randint(3, 90))
        if later_find <= LAST_DAY:
            part = Recovery(later_find, lat, lon, recovery.place, recovery.context, recovery.voyage_linked,
                            "skeletonised" if recovery.condition != "fresh" else "decomposed", recovery.country)
            records.append(_write_one(run, person, genotype, route, voyage, part, False, second_part=True))
    if run.second is not None and chance(rng, run.shape.second_agency):
        records.append((_write_second_agency(run, person, voyage, recovery), ""))
    return records


def _write_second_agency(run: Run, person: Person, voyage: Voyage | None, recovery: Recovery) -> str:
    """The same body in a second agency's log (a coast guard's or a municipality's recovery
    record): the same day and place in its own words, a rough description, no DNA sample."""
    rng = run.rng
    assert run.second is not None
    record_id = run.ids.new("second_remains")
    home = person.country.name
    lat, lon = near(rng, recovery.lat, recovery.lon, 2.0)
    fresh = recovery.condition in ("fresh", "decomposed")
    age = person.age_on(recovery.day)
    record = {
        "record_id": record_id,
        "recovery_date": partial_date(clamp(later(recovery.day, rng.choice((0, 0, 0, 1)))), rng, 0.9, 0.08),
        "recovery_place": recovery.place,
        "recovery_lat": coordinate(lat) if chance(rng, 0.8) else "",
        "recovery_lon": "",
        "recovery_context": recovery.context,
        "completeness": "complete",
        "condition": recovery.condition,
        "sex": person.sex if fresh and chance(rng, 0.85) else "U",
        "clothing": joined(c.forensic_words(rng, home) for c in person.clothing if chance(rng, 0.4)),
        "personal_effects": joined(e.forensic_words(rng, home) for e in person.effects if chance(rng, 0.25)),
        "distinguishing_marks": joined(m.forensic_words(rng, home) for m in person.marks if chance(rng, 0.15)),
        "identification_status": "unidentified",
        "institution": "Coast guard recovery log",
        "sharing": sharing(rng),
    }
    if record["recovery_lat"]:
        record["recovery_lon"] = coordinate(lon)
    if chance(rng, 0.5):
        centre = age + rng.gauss(0, 5)
        record["age_min"], record["age_max"] = str(max(1, round(centre - 10))), str(round(centre + 10))
    if voyage is not None and recovery.voyage_linked:
        record["vessel_ref"] = voyage.record_id
    run.second.write("remains", record)
    return record_id


def _write_one(run: Run, person: Person, genotype: Genotype, route: Route, voyage: Voyage | None,
               recovery: Recovery, identify: bool, second_part: bool) -> tuple[str, str]:
    rng = run.rng
    record_id = run.ids.new("remains")
    completeness = "partial" if second_part else COMPLETENESS.pick(rng)
    part = BODY_PARTS[rng.randrange(len(BODY_PARTS))] if completeness == "partial" else ""
    condition = recovery.condition
    age = person.age_on(recovery.day)
    age_min, age_max = _age_range(age, condition, rng)
    institution = route.institution_in(recovery.country, rng)
    home = person.country.name
    survival = MARK_SURVIVAL[condition]
    clothing = [c.forensic_words(rng, home) for c in person.clothing if chance(rng, 0.55)]
    if recovery.context in ("at_sea", "shore", "in_vessel") and chance(rng, 0.3):
        clothing.append(rng.choice(run.world.descriptions.sea_clothing))
    record = {
        "record_id": record_id,
        "case_number": run.ids.case_number(institution.case_prefix, recovery.day.year) if chance(rng, 0.9) else "",
        "recovery_date": partial_date(recovery.day, rng, 0.92, 0.06),
        "recovery_place": recovery.place,
        "recovery_lat": coordinate(recovery.lat) if chance(rng, 0.85) else "",
        "recovery_lon": "",
        "recovery_context": recovery.context,
        "completeness": completeness,
        "body_part": part,
        "condition": condition,
        "sex": _sex_estimate(person.sex, condition, part, rng),
        "age_min": age_min,
        "age_max": age_max,
        "distinguishing_marks": joined(m.forensic_words(rng, home) for m in person.marks if chance(rng, survival)),
        "clothing": joined(clothing),
        "personal_effects": joined(e.forensic_words(rng, home) for e in person.effects if chance(rng, 0.4)),
        "identification_status": "unidentified",
        "institution": institution.name if chance(rng, 0.9) else "",
        "sharing": sharing(rng),
    }
    if record["recovery_lat"]:
        record["recovery_lon"] = coordinate(recovery.lon)
    if (completeness != "partial" or part in STATURE_PARTS) and chance(rng, 0.7):
        centre = person.height_cm + rng.gauss(0, 3)
        half = rng.choice((3, 4, 5, 6))
        record["height_min_cm"], record["height_max_cm"] = str(round(centre - half)), str(round(centre + half))
    if condition in ("fresh", "decomposed") and chance(rng, 0.5):
        words = run.world.descriptions.hair_post_mortem.get(person.hair, (person.hair,))
        record["hair_colour"] = rng.choice(words)
    if voyage is not None and recovery.voyage_linked:
        record["vessel_ref"] = voyage.record_id
        if voyage.incident_ref and chance(rng, 0.6):
            record["incident_ref"] = voyage.incident_ref
    if identify and chance(rng, 0.1):
        # Identified by documents or a relative viewing the body, outside this database.
        record["identification_status"] = "identified" if chance(rng, 0.4) else "provisional"
        record["identified_as"] = person.name.full(Spelling.VARIANT, rng)
    if chance(rng, 0.6):
        buried = later(recovery.day, rng.randint(5, 90))
        if buried <= LAST_DAY:
            record["burial_place"] = route.cemetery_in(recovery.country, rng)
            record["burial_date"] = iso(buried)
            record["grave_ref"] = rng.choice(("Plot {l}, grave {n}", "Grave {n}", "Row {l} no. {n}")).format(
                l=rng.choice("ABCDEFGH"), n=rng.randint(1, 400))
    sample_id = ""
    if chance(rng, DNA_SAMPLED):
        sample_id = post_mortem_sample(run, record_id, genotype, route.post_mortem_labs,
                                       condition, person.population)
        record["dna_sample_id"] = sample_id
    run.delivery.write("remains", record)
    return record_id, sample_id
