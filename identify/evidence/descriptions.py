"""Distinguishing marks, clothing and personal effects, compared item by item.

A family writes "silver ring", an examiner "ring, white metal"; both become the object `ring`
with the material `silver` (vocabulary.yaml). Two items agree when they share an object and no
attribute class contradicts (a scar on the left knee is not one on the right knee). A sighting's
free-text description is one bag of words: a report's item agrees with it when the bag holds the
item's object and one of its details.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from .parameters import Comparison, Parameters, read_yaml
from .profiles import Evidence, Profile, level_evidence

FIELDS = ("marks", "clothing", "personal_effects")


@dataclass(frozen=True)
class Vocabulary:
    phrases: tuple[tuple[str, str], ...]  # longest first
    synonyms: dict[str, str]
    ignore: frozenset[str]
    objects: dict[str, frozenset[str]]  # field -> object words
    common_objects: frozenset[str]
    attributes: dict[str, frozenset[str]]  # class -> words
    known: frozenset[str]  # words kept as they are (no plural stripping: `jeans`)


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The words of vocabulary.yaml."""
    raw = read_yaml("vocabulary.yaml")
    phrases = sorted(((_plain(k), _plain(v)) for k, v in raw["phrases"].items()),
                     key=lambda pair: len(pair[0]), reverse=True)
    synonyms = {str(k): str(v) for k, v in raw["synonyms"].items()}
    objects = {field: frozenset(words) for field, words in raw["objects"].items()}
    attributes = {name: frozenset(words) for name, words in raw["attributes"].items()}
    known = set(synonyms) | set(synonyms.values()) | set(raw["common_objects"])
    for group in (*objects.values(), *attributes.values()):
        known |= group
    return Vocabulary(
        phrases=tuple(phrases), synonyms=synonyms, ignore=frozenset(str(w) for w in raw["ignore"]),
        objects=objects, common_objects=frozenset(raw["common_objects"]), attributes=attributes,
        known=frozenset(known),
    )


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unidecode(str(text)).casefold()).split())


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Item:
    """One described item as tokens: its objects, its attribute values by class, other details."""

    text: str
    objects: frozenset[str]
    attributes: dict[str, frozenset[str]]
    details: frozenset[str]

    @property
    def tokens(self) -> frozenset[str]:
        return self.objects | self.details | frozenset().union(*self.attributes.values())


def tokenise(text: str, field: str, vocabulary: Vocabulary | None = None) -> Item:
    """The tokens of one item of a field ("marks", "clothing" or "personal_effects")."""
    if vocabulary is None:
        return _tokenise_shipped(text, field)
    return _tokenise(text, field, vocabulary)


@lru_cache(maxsize=200_000)
def _tokenise_shipped(text: str, field: str) -> Item:
    # the same wordings recur across thousands of comparisons in a run
    return _tokenise(text, field, load_vocabulary())


def _tokenise(text: str, field: str, vocabulary: Vocabulary) -> Item:
    plain = f" {_plain(text)} "
    for phrase, replacement in vocabulary.phrases:
        plain = plain.replace(f" {phrase} ", f" {replacement} ")
    known = vocabulary.known
    words = []
    for word in plain.split():
        if word not in known:
            word = _singular(word)
        word = vocabulary.synonyms.get(word, word)
        if word not in vocabulary.ignore:
            words.append(word)
    field_objects = vocabulary.objects[field]
    objects = frozenset(w for w in words if w in field_objects)
    attributes: dict[str, frozenset[str]] = {}
    for name, values in vocabulary.attributes.items():
        found = frozenset(w for w in words if w in values and w not in field_objects)
        if found:
            attributes[name] = found
    classified = objects.union(*attributes.values()) if attributes else objects
    details = frozenset(w for w in words if w not in classified)
    return Item(text, objects, attributes, details)


def item_agreement(ours: Item, theirs: Item) -> str:
    """`exact`, `partial` or `none` for two items of the same field.

    exact: a shared object, no contradicting attribute class, and either two or more shared
    tokens or one item's tokens all within the other's; partial: a shared object only.
    """
    if not ours.objects & theirs.objects:
        return "none"
    for name in ours.attributes.keys() & theirs.attributes.keys():
        if not ours.attributes[name] & theirs.attributes[name]:
            return "none"
    shared = ours.tokens & theirs.tokens
    if len(shared) >= 2 or ours.tokens <= theirs.tokens or theirs.tokens <= ours.tokens:
        return "exact"
    return "partial"


def bag_agreement(ours: Item, bag: Item) -> str:
    """An item against a free-text description: its object and a detail in the bag."""
    if not ours.objects & bag.tokens:
        return "none"
    details = ours.tokens - ours.objects
    return "exact" if not details or details & bag.tokens else "partial"


@dataclass(frozen=True)
class FieldMatch:
    level: str
    pairs: tuple[tuple[str, str], ...]


def match_items(field: str, ours: Sequence[str], theirs: Sequence[str], *,
                bag: str | None = None, vocabulary: Vocabulary | None = None) -> FieldMatch | None:
    """The field's level for a report's items against a candidate's items (or its description).

    Each of our items is paired with its best counterpart; an item is never used twice.
    """
    our_items = [tokenise(text, field, vocabulary) for text in ours if text and text.strip()]
    if not our_items:
        return None
    if theirs:
        their_items = [tokenise(text, field, vocabulary) for text in theirs if text and text.strip()]
    elif bag:
        their_items = []
    else:
        return None
    bag_item = tokenise(bag, field, vocabulary) if bag and not their_items else None
    if not their_items and bag_item is None:
        return None
    exact: list[tuple[Item, str]] = []
    partial: list[tuple[Item, str]] = []
    used: set[int] = set()
    for item in our_items:
        if bag_item is not None:
            agreement, counterpart = bag_agreement(item, bag_item), bag or ""
        else:
            agreement, counterpart = "none", ""
            for index, other in enumerate(their_items):
                if index in used:
                    continue
                found = item_agreement(item, other)
                if found == "exact" or (found == "partial" and agreement == "none"):
                    agreement, counterpart, best = found, other.text, index
                    if found == "exact":
                        break
            if agreement != "none":
                used.add(best)
        if agreement == "exact":
            exact.append((item, counterpart))
        elif agreement == "partial":
            partial.append((item, counterpart))
    if len(exact) >= 2:
        level, pairs = "several", exact
    elif exact:
        common = exact[0][0].objects <= (vocabulary or load_vocabulary()).common_objects
        level, pairs = ("exact_common" if common else "exact_distinctive"), exact
    elif partial:
        level, pairs = "partial", partial[:1]
    else:
        level, pairs = "no_match", []
    return FieldMatch(level, tuple((item.text, counterpart) for item, counterpart in pairs))


def compare_field(field: str, report: Profile, candidate: Profile, params: Parameters) -> Evidence | None:
    """Evidence of one description field; a sighting's description stands for all three."""
    ours: tuple[str, ...] = getattr(report, field)
    theirs: tuple[str, ...] = getattr(candidate, field)
    found = match_items(field, ours, theirs, bag=candidate.description if not theirs else None)
    if found is None:
        return None
    comparison: Comparison = params.descriptions[field]
    spec = comparison.level(found.level)
    if found.pairs:
        said = "; ".join(f"{a!r} ~ {b!r}" for a, b in found.pairs)
    else:
        said = f"{len(ours)} item(s) reported, none like the {candidate.kind}'s"
    return level_evidence(field, found.level, spec.m, spec.u, said)


def compare_descriptions(report: Profile, candidate: Profile, params: Parameters) -> list[Evidence]:
    """Evidence of marks, clothing and personal effects, those both sides describe."""
    return [found for field in FIELDS if (found := compare_field(field, report, candidate, params))]
