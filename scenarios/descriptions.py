"""Marks, clothing and belongings (descriptions.yaml), worded once the way a family says them and
once the way a post-mortem examiner writes them, so that the two overlap without matching word
for word ("silver ring" / "ring, white metal")."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from scenarios.chance import Weighted
from scenarios.data import load_data


@dataclass(frozen=True)
class SlotValue:
    """A word filling a slot: the family's word and the words an examiner may use for it."""

    family: str
    forensic: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> "SlotValue":
        family, _, forensic = str(text).partition("=")
        return cls(family, (family, forensic) if forensic else (family,))


@dataclass(frozen=True)
class FeatureKind:
    """A kind of mark, garment or belonging and its wordings."""

    family: tuple[str, ...]
    forensic: tuple[str, ...]
    slots: tuple[tuple[str, tuple[SlotValue, ...]], ...]
    who: str | None
    faith: str | None
    groups: tuple[str, ...]
    hidden: bool

    def suits(self, sex: str, faith: str, group: str) -> bool:
        """Whether a person of this sex, faith and name group may have this feature."""
        return ((self.who is None or self.who == sex)
                and (self.faith is None or self.faith == faith or faith == "any")
                and (not self.groups or group in self.groups))


@dataclass(frozen=True)
class Feature:
    """One feature of one person: its kind and the slot values that describe it."""

    kind: FeatureKind
    values: tuple[tuple[str, SlotValue], ...]

    def family_words(self, rng: random.Random, home: str) -> str:
        """How a relative says it."""
        template = self.kind.family[rng.randrange(len(self.kind.family))]
        return template.format(**{slot: _home(v.family, home) for slot, v in self.values})

    def forensic_words(self, rng: random.Random, home: str) -> str:
        """How a post-mortem record or a registration officer writes it."""
        template = self.kind.forensic[rng.randrange(len(self.kind.forensic))]
        words = {slot: _home(v.forensic[rng.randrange(len(v.forensic))], home) for slot, v in self.values}
        return template.format(**words)


def _home(word: str, home: str) -> str:
    # "home" in a slot stands for the person's own country (an ID card, a passport).
    return home if word == "home" else word


def _kinds(raw: list[dict]) -> Weighted[FeatureKind]:
    kinds = [
        FeatureKind(
            family=tuple(item["family"]),
            forensic=tuple(item["forensic"]),
            slots=tuple((slot, tuple(SlotValue.parse(v) for v in values))
                        for slot, values in (item.get("slots") or {}).items()),
            who=item.get("who"),
            faith=item.get("faith"),
            groups=tuple(item.get("groups") or ()),
            hidden=bool(item.get("hidden", False)),
        )
        for item in raw
    ]
    return Weighted(kinds, [float(item["weight"]) for item in raw])


@dataclass(frozen=True)
class DescriptionBank:
    """Everything descriptions.yaml holds."""

    marks: Weighted[FeatureKind]
    clothing: Weighted[FeatureKind]
    effects: Weighted[FeatureKind]
    hair: dict[str, tuple[str, ...]]
    eyes: tuple[str, ...]
    hair_post_mortem: dict[str, tuple[str, ...]]
    sea_clothing: tuple[str, ...]
    faiths: dict[str, str]

    def faith_of(self, group: str) -> str:
        return self.faiths.get(group, "any")


@lru_cache(maxsize=None)
def load_descriptions() -> DescriptionBank:
    """The description bank of descriptions.yaml."""
    raw = load_data("descriptions.yaml")
    return DescriptionBank(
        marks=_kinds(raw["marks"]),
        clothing=_kinds(raw["clothing"]),
        effects=_kinds(raw["effects"]),
        hair={sex: tuple(values) for sex, values in raw["hair"].items()},
        eyes=tuple(raw["eyes"]),
        hair_post_mortem={k: tuple(v) for k, v in raw["hair_post_mortem"].items()},
        sea_clothing=tuple(raw["sea_clothing"]["forensic"]),
        faiths=dict(raw["faiths"]),
    )


def draw_features(
    rng: random.Random,
    kinds: Weighted[FeatureKind],
    count: int,
    sex: str,
    faith: str,
    group: str,
    plain: float = 0.0,
) -> tuple[Feature, ...]:
    """``count`` distinct features of kinds that suit the person, slot values chosen once.

    With probability ``plain`` a feature takes the first value of each slot (its plainest
    wording: "silver ring", "blue jeans"); at 0 no random number is drawn for it.
    """
    chosen: list[FeatureKind] = []
    for _ in range(count * 4):
        if len(chosen) >= count:
            break
        kind = kinds.pick(rng)
        if kind not in chosen and kind.suits(sex, faith, group):
            chosen.append(kind)
    features = []
    for kind in chosen:
        if plain > 0 and rng.random() < plain:
            features.append(Feature(kind, tuple((slot, values[0]) for slot, values in kind.slots)))
        else:
            features.append(Feature(kind, tuple((slot, values[rng.randrange(len(values))])
                                                for slot, values in kind.slots)))
    return tuple(features)
