"""The name bank (names.yaml) and the ways a record writes a name: another transliteration,
Arabic script, accents dropped, given and family names swapped, a part left out."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from unidecode import unidecode

from scenarios.data import load_data

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True)
class NameEntry:
    """One name in its Latin spellings (the first is the canonical one) and its Arabic-script form."""

    latin: tuple[str, ...]
    arabic: str | None

    @classmethod
    def parse(cls, text: str) -> "NameEntry":
        latin: list[str] = []
        arabic = None
        for spelling in str(text).split("/"):
            spelling = spelling.strip()
            if _ARABIC_SCRIPT.search(spelling):
                arabic = spelling
            elif spelling and spelling not in latin:
                latin.append(spelling)
        return cls(tuple(latin), arabic)

    @property
    def canonical(self) -> str:
        return self.latin[0]


class Spelling(Enum):
    """How one record writes the names it holds."""

    CANONICAL = "canonical"  # the family's usual spelling
    VARIANT = "variant"  # any common Latin transliteration
    ASCII = "ascii"  # a transliteration with accents and diacritics dropped
    ARABIC = "arabic"  # Arabic script where the name has an Arabic form


def spell(entry: NameEntry, spelling: Spelling, rng: random.Random) -> str:
    """One name written the way ``spelling`` says."""
    if spelling is Spelling.CANONICAL:
        return entry.latin[0]
    if spelling is Spelling.ARABIC and entry.arabic:
        return entry.arabic
    text = entry.latin[rng.randrange(len(entry.latin))]
    return unidecode(text) if spelling is Spelling.ASCII else text


def spell_all(entries: tuple[NameEntry, ...], spelling: Spelling, rng: random.Random) -> str:
    """Several names (given names, or the parts of a family name) joined by spaces."""
    return " ".join(spell(entry, spelling, rng) for entry in entries)


@dataclass(frozen=True)
class NameGroup:
    """Names of one language area and the way its families pass names on (see names.yaml)."""

    key: str
    system: str
    male: tuple[NameEntry, ...]
    female: tuple[NameEntry, ...]
    family: tuple[NameEntry, ...]
    female_family: tuple[NameEntry, ...]
    middle_male: tuple[NameEntry, ...]
    middle_female: tuple[NameEntry, ...]

    @property
    def has_arabic(self) -> bool:
        return any(entry.arabic for entry in self.male)

    def given_pool(self, sex: str) -> tuple[NameEntry, ...]:
        return self.female if sex == "F" else self.male

    def most_common(self, count: int) -> "NameGroup":
        """The group with only the first `count` names of each list (the lists start with the
        most common names)."""
        return NameGroup(self.key, self.system, self.male[:count], self.female[:count], self.family[:count],
                         self.female_family[:count], self.middle_male[:count], self.middle_female[:count])


def _entries(raw: dict, key: str) -> tuple[NameEntry, ...]:
    return tuple(NameEntry.parse(text) for text in raw.get(key) or [])


@lru_cache(maxsize=None)
def load_name_groups() -> dict[str, NameGroup]:
    """All name groups of names.yaml by key."""
    groups = {}
    for key, raw in load_data("names.yaml").items():
        groups[key] = NameGroup(
            key=key,
            system=raw["system"],
            male=_entries(raw, "male"),
            female=_entries(raw, "female"),
            family=_entries(raw, "family"),
            female_family=_entries(raw, "female_family"),
            middle_male=_entries(raw, "middle_male"),
            middle_female=_entries(raw, "middle_female"),
        )
    return groups


@dataclass(frozen=True)
class PersonName:
    """A person's names as the family knows them: given names and family-name parts."""

    given: tuple[NameEntry, ...]
    family: tuple[NameEntry, ...]

    def usable(self, spelling: Spelling) -> Spelling:
        """``spelling``, unless it is Arabic script and a part of the name has no Arabic form:
        a record never mixes scripts within one name."""
        if spelling is Spelling.ARABIC and not all(e.arabic for e in self.given + self.family):
            return Spelling.VARIANT
        return spelling

    def written(self, spelling: Spelling, rng: random.Random) -> tuple[str, str]:
        """(family_name, given_names) spelled one way, nothing left out."""
        spelling = self.usable(spelling)
        return spell_all(self.family, spelling, rng), spell_all(self.given, spelling, rng)

    def full(self, spelling: Spelling, rng: random.Random, family_first: bool = False) -> str:
        """The whole name in one string, in the order the culture writes it."""
        family, given = self.written(spelling, rng)
        return f"{family} {given}" if family_first else f"{given} {family}"


def recorded_name(
    name: PersonName,
    spelling: Spelling,
    rng: random.Random,
    distortion: float,
    family_first: bool = False,
) -> tuple[str, str]:
    """(family_name, given_names) as a registrar or relative records them.

    With probability ``distortion`` one thing goes wrong the way it does in real registers: the
    given and family names land in each other's fields, the second part of a patronymic or of a
    double surname is left out, a middle or second given name is dropped, or one field is left
    empty because only one name was understood.
    """
    spelling = name.usable(spelling)
    family_parts, given_parts = name.family, name.given
    if rng.random() < distortion:
        roll = rng.random()
        if roll < 0.35:
            family, given = spell_all(given_parts, spelling, rng), spell_all(family_parts, spelling, rng)
            return family, given
        if roll < 0.65 and len(family_parts) > 1:
            family_parts = family_parts[:1]
        elif roll < 0.85 and len(given_parts) > 1:
            # Vietnamese middle names come first and are the ones dropped; elsewhere the second name.
            given_parts = given_parts[1:] if family_first else given_parts[:1]
        elif roll < 0.93:
            return "", spell_all(given_parts, spelling, rng)
        else:
            return spell_all(family_parts, spelling, rng), ""
    return spell_all(family_parts, spelling, rng), spell_all(given_parts, spelling, rng)


def other_spellings(name: PersonName, group: NameGroup, rng: random.Random, count: int) -> list[str]:
    """Other ways the whole name is written: Arabic script, other transliterations (distinct)."""
    family_first = group.system == "family_first"
    canonical = name.full(Spelling.CANONICAL, rng, family_first)
    seen = {canonical}
    found: list[str] = []
    styles = [Spelling.VARIANT, Spelling.ASCII, Spelling.VARIANT]
    if group.has_arabic:
        styles.insert(0, Spelling.ARABIC)
    for style in styles:
        if len(found) >= count:
            break
        text = name.full(style, rng, family_first)
        if text not in seen:
            seen.add(text)
            found.append(text)
    return found
