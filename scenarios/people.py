"""The people of a scenario as they really are: origin, names, body, marks, clothes, belongings,
and for each missing person the relatives who come forward and which of them give DNA."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from scenarios.cell_values import years_between
from scenarios.chance import Weighted, between, chance, poisson
from scenarios.descriptions import DescriptionBank, Feature, draw_features
from scenarios.geography import Country, Route
from scenarios.name_bank import NameGroup, PersonName
from scenarios.pedigree import Individual, Pedigree
from scenarios.shapes import ScenarioShape

DEFAULT_SHAPE = ScenarioShape()

# Ages of people lost on migration routes: mostly young men; some unaccompanied minors.
AGE_BANDS = Weighted.of({(3, 12): 1, (13, 17): 11, (18, 24): 35, (25, 34): 32, (35, 44): 14, (45, 62): 7})

# Who comes forward. Most families have a parent or sibling; some only distant relatives; the
# missing person's own spouse and children report adults.
FAMILY_KINDS = Weighted.of({"close": 72, "distant": 13, "own": 15})
RELATIONSHIPS = {
    "close": Weighted.of({"mother": 24, "father": 16, "full_sibling": 34, "half_sibling_paternal": 3,
                          "half_sibling_maternal": 3, "spouse": 8, "child": 5, "aunt_uncle": 3,
                          "first_cousin": 2, "grandparent": 1, "other": 1}),
    "distant": Weighted.of({"aunt_uncle": 30, "first_cousin": 30, "niece_nephew": 12, "grandparent": 10,
                            "half_sibling_maternal": 5, "half_sibling_paternal": 5, "other": 8}),
    "own": Weighted.of({"spouse": 40, "child": 35, "grandchild": 3, "full_sibling": 15, "mother": 7}),
}
RELATIVE_COUNT = Weighted.of({1: 30, 2: 35, 3: 22, 4: 13})
ONE_ONLY = {"mother", "father", "spouse", "grandparent"}

# Chance that a relative gives a reference sample. A spouse is sampled mainly to read the
# children's profiles; "other" (a friend, an in-law) is of no genetic use.
SAMPLED = {
    "mother": 0.75, "father": 0.75, "full_sibling": 0.7, "child": 0.75, "spouse": 0.45,
    "half_sibling_paternal": 0.6, "half_sibling_maternal": 0.6, "grandparent": 0.5,
    "aunt_uncle": 0.5, "first_cousin": 0.45, "niece_nephew": 0.45, "grandchild": 0.5, "other": 0.0,
}
# Families that give no sample at all (unreachable, afraid, or never asked): ScenarioShape.no_samples.
OLDEST_RELATIVE = 95
REPORTER_WEIGHT = {"mother": 3, "father": 3, "spouse": 3, "full_sibling": 3, "child": 2}


@dataclass
class Person:
    """A person's real identity and appearance."""

    key: str
    country: Country
    group: NameGroup
    faith: str
    sex: str
    birth: date
    height_cm: int
    hair: str
    eyes: str
    birthplace: str
    name: PersonName
    marks: tuple[Feature, ...]
    clothing: tuple[Feature, ...]
    effects: tuple[Feature, ...]

    def age_on(self, day: date) -> int:
        return years_between(self.birth, day)

    @property
    def population(self) -> str:
        return self.country.population


@dataclass
class Relative:
    """A relative of a missing person who comes forward."""

    relationship: str
    individual: Individual
    sampled: bool


@dataclass
class MissingPerson:
    """A missing person, the pedigree around them and the relatives who come forward."""

    person: Person
    pedigree: Pedigree
    relatives: list[Relative]

    def reporter_choices(self, day: date) -> list[Relative]:
        """Relatives who could file a report on ``day``: the adults, or anyone if none is."""
        adults = [r for r in self.relatives if day.year - r.individual.birth_year >= 18]
        return adults or self.relatives


def make_person(
    key: str,
    route: Route,
    countries: dict[str, Country],
    groups: dict[str, NameGroup],
    descriptions: DescriptionBank,
    day: date,
    rng: random.Random,
    shape: ScenarioShape = DEFAULT_SHAPE,
) -> tuple[Person, Pedigree]:
    """A person who travelled on ``route`` and disappeared around ``day``, with their pedigree."""
    country = countries[route.origins.pick(rng)]
    group = groups[country.groups.pick(rng)]
    faith = descriptions.faith_of(group.key)
    female_share = route.female_share if shape.female_share is None else shape.female_share
    sex = "F" if chance(rng, female_share) else "M"
    low, high = AGE_BANDS.pick(rng)
    age = between(rng, low, high)
    birth = day - timedelta(days=age * 365 + rng.randint(1, 364))
    pedigree = Pedigree(group, country.population, sex, birth.year, day.year, rng)
    height = rng.gauss(171, 7) if sex == "M" else rng.gauss(159, 6)
    if age < 18:
        height -= (18 - age) * (4 if age < 14 else 2.5)
    person = Person(
        key=key,
        country=country,
        group=group,
        faith=faith,
        sex=sex,
        birth=birth,
        height_cm=int(round(height)),
        hair=rng.choice(descriptions.hair[sex]),
        eyes=rng.choice(descriptions.eyes),
        birthplace=rng.choice(country.cities),
        name=pedigree.missing.name,
        marks=draw_features(rng, descriptions.marks, min(3, poisson(rng, 1.1)), sex, faith, group.key,
                            shape.plain_features),
        clothing=draw_features(rng, descriptions.clothing, between(rng, 2, 4), sex, faith, group.key,
                               shape.plain_features),
        effects=draw_features(rng, descriptions.effects, between(rng, 1, 3), sex, faith, group.key,
                              shape.plain_features),
    )
    return person, pedigree


def _allowed(relationship: str, age: int) -> bool:
    if relationship == "spouse":
        return age >= 18
    if relationship == "child":
        return age >= 21
    if relationship == "grandchild":
        return age >= 42
    if relationship == "grandparent":
        return age <= 35
    if relationship in ("mother", "father"):
        return age <= 55
    if relationship == "niece_nephew":
        return age >= 16
    return True


def gather_relatives(person: Person, pedigree: Pedigree, day: date, rng: random.Random,
                     shape: ScenarioShape = DEFAULT_SHAPE) -> list[Relative]:
    """The 1-4 relatives who come forward for ``person``, placed in the pedigree, with the
    reference samples they give (fewer under a shape's `references` and `no_samples`)."""
    age = person.age_on(day)
    kind = FAMILY_KINDS.pick(rng)
    if kind == "own" and age < 24:
        kind = "close"
    wanted = RELATIVE_COUNT.pick(rng)
    chosen: list[str] = []
    for _ in range(wanted * 6):
        if len(chosen) == wanted:
            break
        relationship = RELATIONSHIPS[kind].pick(rng)
        if not _allowed(relationship, age) or (relationship in ONE_ONLY and relationship in chosen):
            continue
        chosen.append(relationship)
    placed = [(rel, pedigree.relative(rel)) for rel in chosen]
    # A parent or grandparent this old would have died: such a relative does not come forward.
    placed = [(rel, kin) for rel, kin in placed if day.year - kin.birth_year <= OLDEST_RELATIVE]
    if not placed:
        placed = [("full_sibling", pedigree.relative("full_sibling"))]
    samples_given = not chance(rng, shape.no_samples)
    return [Relative(rel, kin, samples_given and chance(rng, min(1.0, SAMPLED[rel] * shape.references)))
            for rel, kin in placed]


def pick_reporter(missing: MissingPerson, day: date, rng: random.Random,
                  exclude: tuple[Relative, ...] = ()) -> Relative | None:
    """The relative who files a report, preferring parents, spouses and siblings."""
    candidates = [r for r in missing.reporter_choices(day) if r not in exclude]
    if not candidates:
        return None
    weights = Weighted(candidates, [REPORTER_WEIGHT.get(r.relationship, 1) for r in candidates])
    return weights.pick(rng)
