"""What families tell: reports.csv and relatives.csv rows, with the relatives' reference samples.

A family's account is true but imprecise: an age rather than a birth date, a rounded height,
some marks and clothes forgotten, the name in the family's own spelling. A few reports contradict
the truth (another age, another height), and some persons are reported twice, by two relatives
who spell the name differently and remember different things.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from scenarios.cell_values import LAST_DAY, clamp, coordinate, joined, later, number_range, partial_date, sharing
from scenarios.chance import Weighted, chance
from scenarios.geography import Route, diaspora_countries
from scenarios.journeys import Fate, LandJourney, Voyage
from scenarios.name_bank import Spelling, other_spellings, recorded_name
from scenarios.people import MissingPerson, Person, Relative, pick_reporter
from scenarios.samples import personal_effect_sample, reference_sample
from scenarios.world import Run

PERSONAL_EFFECT_SAMPLE = 0.03
CONTRADICTIONS = ("age_at_disappearance", "height_cm", "date_of_birth", "sex", "last_seen_date")
FAMILY_SPELLING = Weighted.of({Spelling.CANONICAL: 55, Spelling.VARIANT: 33, Spelling.ASCII: 7,
                               Spelling.ARABIC: 5})
LAST_CONTACT = Weighted.of({"phone call": 30, "WhatsApp message": 22, "voice message": 12,
                            "Facebook message": 8, "phone call from the smuggler": 8,
                            "witness (travel companion)": 5, "": 15})
OUTCOME_WORDS = {"capsized": "capsized", "sank": "sank", "missing": "never arrived",
                 "rescued": "was rescued", "intercepted": "was stopped by the coast guard",
                 "arrived": "arrived", "unknown": "had an accident"}
SEA_STORIES = (
    "Left {departure} on a {boat} on {date} with about {aboard} people, heading for {destination}. "
    "No news since.",
    "Called from {departure} the night before the boat left. The smuggler said the boat reached "
    "{destination}, but {he} never called again.",
    "Travelled from {home} to {departure}. Boarded a {boat} for {destination}; people who were there "
    "say the boat {outcome}.",
    "Last voice message from {departure} on {date}: they leave tonight. We heard that the boat {outcome}.",
    "{He} paid for the crossing from {departure} to {destination}. {His} name is on no list of survivors.",
)
LAND_STORIES = (
    "Was in {place} waiting to cross with a group. Last call on {date}, then nothing.",
    "Left {place} on {date} with a smuggler, heading for {destination}. The others arrived; {he} did not.",
    "Travelled with friends from {home}. A friend says {he} was very weak when they were near {place}.",
    "Crossed near {place} around {date}. The smuggler told us {he} stayed behind.",
)
BOAT_WORDS = {"rubber_dinghy": "rubber boat", "wooden_boat": "wooden boat", "fishing_boat": "fishing boat",
              "sailboat": "sailing boat", "cargo": "cargo ship", "other": "small boat"}


@dataclass
class FiledReports:
    """The reports filed for one missing person and the samples their families gave."""

    report_ids: list[str] = field(default_factory=list)
    reference_samples: list[str] = field(default_factory=list)
    personal_effect_samples: list[str] = field(default_factory=list)
    contradictions: dict[str, list[str]] = field(default_factory=dict)


def _delay(rng: random.Random) -> int:
    # Days from the last contact to the report: log-uniform, a week to about three years.
    return int(math.exp(rng.uniform(math.log(7), math.log(1000))))


def file_reports(run: Run, missing: MissingPerson, route: Route, voyage: Voyage | None,
                 journey: LandJourney | None, fate: Fate) -> FiledReports:
    """Write the report(s), relatives and reference samples for one missing person."""
    rng = run.rng
    last_seen = voyage.departure_date if voyage else journey.last_seen_date  # type: ignore[union-attr]
    filed = FiledReports()
    first_day = clamp(later(last_seen, _delay(rng)))
    reporter = pick_reporter(missing, first_day, rng)
    contradict_first = chance(rng, run.shape.contradictions)
    spelling = FAMILY_SPELLING.pick(rng)
    report_id = _report(run, missing, route, voyage, journey, fate, first_day, spelling,
                        contradict_first, filed)
    _relatives(run, missing, report_id, first_day, missing.relatives, reporter, spelling, filed, sample=True)
    if chance(rng, PERSONAL_EFFECT_SAMPLE):
        genotype = missing.pedigree.genotype(missing.pedigree.missing, run.world.simulator, run.genes)
        filed.personal_effect_samples.append(
            personal_effect_sample(run, report_id, genotype, missing.person.population))
    if chance(rng, run.shape.duplicates):
        second = pick_reporter(missing, LAST_DAY, rng, exclude=(reporter,) if reporter else ())
        if second is not None:
            other_spelling = FAMILY_SPELLING.pick(rng)
            if other_spelling is spelling:
                other_spelling = Spelling.VARIANT
            day = clamp(later(last_seen, _delay(rng)))
            duplicate_id = _report(run, missing, route, voyage, journey, fate, day, other_spelling,
                                   not contradict_first and chance(rng, 0.3), filed)
            listed = [second] + [r for r in missing.relatives if r is not second and chance(rng, 0.3)]
            _relatives(run, missing, duplicate_id, day, listed, second, other_spelling, filed, sample=False)
    return filed


def _relatives(run: Run, missing: MissingPerson, report_id: str, reported_on: date, relatives: list[Relative],
               reporter: Relative | None, spelling: Spelling, filed: FiledReports, sample: bool) -> None:
    rng = run.rng
    home = missing.person.country.name
    for relative in relatives:
        record_id = run.ids.new("relative")
        person = relative.individual
        family_name, given_names = recorded_name(person.name, spelling, rng, 0.03)
        is_reporter = relative is reporter
        sample_id = ""
        if sample and relative.sampled:
            genotype = missing.pedigree.genotype(person, run.world.simulator, run.genes)
            sample_id = reference_sample(run, record_id, genotype, missing.pedigree.population)
            filed.reference_samples.append(sample_id)
        lives_in = diaspora_countries().pick(rng) if chance(rng, 0.3) else home
        born = date(person.birth_year, rng.randint(1, 12), rng.randint(1, 28))
        # a baby born in the year of the report: only the year, never a day after the report
        precise = 0.3 if born <= reported_on else 0.0
        run.delivery.write("relatives", {
            "record_id": record_id,
            "report_id": report_id,
            "family_name": family_name,
            "given_names": given_names,
            "relationship": relative.relationship,
            "sex": person.sex if chance(rng, 0.9) else "",
            "date_of_birth": partial_date(born, rng, precise, 0.05 if precise else 0.0) if chance(rng, 0.7) else "",
            "is_reporter": "yes" if is_reporter else ("no" if chance(rng, 0.8) else ""),
            "contact_country": lives_in if (is_reporter and chance(rng, 0.9)) or chance(rng, 0.4) else "",
            "dna_sample_id": sample_id,
            "sharing": sharing(rng),
        })


def _report(run: Run, missing: MissingPerson, route: Route, voyage: Voyage | None,
            journey: LandJourney | None, fate: Fate, reported_on: date, spelling: Spelling,
            contradictory: bool, filed: FiledReports) -> str:
    rng = run.rng
    person = missing.person
    pedigree = missing.pedigree
    record_id = run.ids.new("report")
    filed.report_ids.append(record_id)
    last_seen_day = voyage.departure_date if voyage else journey.last_seen_date  # type: ignore[union-attr]
    age = person.age_on(last_seen_day)
    family_name, given_names = recorded_name(person.name, spelling, rng, 0.05)
    home = person.country.name
    record = {
        "record_id": record_id,
        "reported_on": reported_on.isoformat(),
        "family_name": family_name,
        "given_names": given_names,
        "other_names": joined(other_spellings(person.name, person.group, rng, rng.randint(1, 2)))
        if chance(rng, 0.25) else "",
        "father_name": pedigree.father.name.full(spelling, rng)
        if chance(rng, 0.7 if person.group.system == "patronymic" else 0.45) else "",
        "mother_name": pedigree.mother.name.full(spelling, rng) if chance(rng, 0.35) else "",
        "sex": person.sex if chance(rng, 0.97) else ("U" if chance(rng, 0.4) else ""),
        "date_of_birth": partial_date(person.birth, rng, 0.55, 0.07) if chance(rng, 0.8) else "",
        "nationality": _nationality(person, rng),
        "place_of_birth": person.birthplace if chance(rng, 0.55) else "",
        "hair_colour": person.hair if chance(rng, 0.55) else "",
        "eye_colour": person.eyes if chance(rng, 0.4) else "",
        "distinguishing_marks": joined(m.family_words(rng, home) for m in person.marks if chance(rng, 0.8)),
        "clothing": joined(c.family_words(rng, home) for c in person.clothing if chance(rng, 0.7)),
        "personal_effects": joined(e.family_words(rng, home) for e in person.effects if chance(rng, 0.7)),
        "last_seen_date": partial_date(last_seen_day, rng, 0.6, 0.3) if chance(rng, 0.95) else "",
        "last_contact": LAST_CONTACT.pick(rng),
        "route": route.name if chance(rng, 0.65) else "",
        "status": _status(fate, voyage, rng),
        "sharing": sharing(rng),
    }
    if record["date_of_birth"] == "" or chance(rng, 0.4):
        record["age_at_disappearance"] = number_range(age, age + rng.choice((1, 2))) \
            if chance(rng, 0.15) else str(age)
    if chance(rng, 0.6):
        height = person.height_cm + rng.gauss(0, 3)
        if chance(rng, 0.15):
            record["height_cm"] = number_range(5 * math.floor(height / 5), 5 * math.floor(height / 5) + 5)
        else:
            record["height_cm"] = str(int(5 * round(height / 5)) if chance(rng, 0.5) else int(round(height)))
    _last_seen_place(record, voyage, journey, rng)
    if voyage is not None:
        _voyage_details(record, voyage, rng)
    if chance(rng, 0.8):
        record["circumstances"] = _story(person, route, voyage, journey, rng)
    if contradictory:
        filed.contradictions[record_id] = [_contradict(record, person, last_seen_day, rng)]
    run.delivery.write("reports", record)
    return record_id


def _nationality(person: Person, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return person.country.name
    if roll < 0.7:
        return person.country.names[rng.randrange(len(person.country.names))]
    if roll < 0.9:
        return person.country.code
    return ""


def _status(fate: Fate, voyage: Voyage | None, rng: random.Random) -> str:
    told_of_wreck = voyage is not None and voyage.outcome in ("capsized", "sank") and chance(rng, 0.35)
    if told_of_wreck:
        return "believed_dead"
    if fate.status == "alive" and chance(rng, 0.1):
        return "believed_alive"
    if chance(rng, 0.1):
        return ""
    return "believed_missing"


def _last_seen_place(record: dict, voyage: Voyage | None, journey: LandJourney | None,
                     rng: random.Random) -> None:
    place = voyage.departure if voyage else journey.last_seen  # type: ignore[union-attr]
    roll = rng.random()
    if roll < 0.6:
        record["last_seen_place"] = place.name
        if chance(rng, 0.5):
            record["last_seen_lat"] = coordinate(place.lat)
            record["last_seen_lon"] = coordinate(place.lon)
    elif roll < 0.85:
        record["last_seen_place"] = place.country


def _voyage_details(record: dict, voyage: Voyage, rng: random.Random) -> None:
    if chance(rng, 0.3):
        record["vessel_ref"] = voyage.record_id
    if chance(rng, 0.55):
        record["departure_place"] = voyage.departure.name
        record["departure_date"] = partial_date(voyage.departure_date, rng, 0.7, 0.25)


def _story(person: Person, route: Route, voyage: Voyage | None, journey: LandJourney | None,
           rng: random.Random) -> str:
    he, his = ("she", "her") if person.sex == "F" else ("he", "his")
    words = {"he": he, "He": he.capitalize(), "his": his, "His": his.capitalize(),
             "home": person.birthplace, "destination": route.destinations[rng.randrange(len(route.destinations))]}
    if voyage is not None:
        template = SEA_STORIES[rng.randrange(len(SEA_STORIES))]
        words.update(departure=voyage.departure.name, boat=BOAT_WORDS[voyage.vessel.vessel_type],
                     date=partial_date(voyage.departure_date, rng, 0.5, 0.5),
                     aboard=str(int(round(voyage.aboard, -1)) or voyage.aboard),
                     outcome=OUTCOME_WORDS[voyage.outcome])
    else:
        template = LAND_STORIES[rng.randrange(len(LAND_STORIES))]
        words.update(place=journey.last_seen.name,  # type: ignore[union-attr]
                     date=partial_date(journey.last_seen_date, rng, 0.5, 0.5))  # type: ignore[union-attr]
    return template.format(**words)


def _contradict(record: dict, person: Person, last_seen_day: date, rng: random.Random) -> str:
    """Make one field of the report disagree with the truth; return the field's name."""
    field_name = CONTRADICTIONS[rng.randrange(len(CONTRADICTIONS))]
    if field_name == "age_at_disappearance":
        age = person.age_on(last_seen_day)
        shift = rng.randint(6, 12)
        record[field_name] = str(age + shift if age < 25 or chance(rng, 0.5) else max(age - shift, 5))
    elif field_name == "height_cm":
        shift = rng.randint(12, 20)
        record[field_name] = str(person.height_cm + (shift if chance(rng, 0.5) else -shift))
    elif field_name == "date_of_birth":
        year = person.birth.year + rng.choice((-1, 1)) * rng.randint(4, 9)
        record[field_name] = f"{year:04d}-{person.birth.month:02d}-{min(person.birth.day, 28):02d}"
    elif field_name == "sex":
        record[field_name] = "F" if person.sex == "M" else "M"
    else:
        # remembered months too early: a later date could fall after the report itself
        shifted = later(last_seen_day, -rng.randint(60, 200))
        record[field_name] = partial_date(clamp(shifted), rng, 0.7, 0.3)
    return field_name
