"""Distinguishing marks, clothing and personal effects, compared item by item.

A family writes "silver ring", an examiner "ring, white metal"; both become the object `ring`
with the material `silver` (vocabulary.yaml). Two items agree when they share an object and no
attribute class contradicts (a scar on the left knee is not one on the right knee). A sighting's
free-text description is one bag of words: a report's item agrees with it when the bag holds the
item's object and one of its details.

How rare an agreement is comes from the graph (`rarity.Rarity`): the u of an agreeing level is
the share of records of the candidate's kind (and recorded sex, which a headscarf or a dress
would otherwise count a second time) describing the field that hold an item with the same
words. When several fields agree, the records holding all of them are counted too, and the last
agreeing field takes the difference if the fields' u multiplied would claim more rarity than the
graph shows (a plain description repeats across fields). Without `rarity` (unit tests) the
levels' documented u apply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from unidecode import unidecode

from .parameters import Comparison, Parameters, read_yaml
from .profiles import Evidence, Profile, level_evidence

if TYPE_CHECKING:
    from .rarity import Rarity


def smoothed(carrying: int, counted: int, documented_u: float, pseudo_records: float) -> float:
    from .rarity import smoothed as shrink  # rarity imports this module
    return shrink(carrying, counted, documented_u, pseudo_records)

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
    shared: tuple[frozenset[str], ...] = ()  # the words each agreeing pair has in common


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
    exact: list[tuple[Item, str, frozenset[str]]] = []
    partial: list[tuple[Item, str, frozenset[str]]] = []
    used: set[int] = set()
    for item in our_items:
        if bag_item is not None:
            agreement, counterpart = bag_agreement(item, bag_item), bag or ""
            shared = item.tokens & bag_item.tokens
        else:
            agreement, counterpart, shared = "none", "", frozenset()
            for index, other in enumerate(their_items):
                if index in used:
                    continue
                found = item_agreement(item, other)
                if found == "exact" or (found == "partial" and agreement == "none"):
                    agreement, counterpart, best = found, other.text, index
                    shared = item.tokens & other.tokens if found == "exact" else item.objects & other.objects
                    if found == "exact":
                        break
            if agreement != "none":
                used.add(best)
        if agreement == "exact":
            exact.append((item, counterpart, shared))
        elif agreement == "partial":
            partial.append((item, counterpart, item.objects & shared))
    if len(exact) >= 2:
        level, pairs = "several", exact
    elif exact:
        common = exact[0][0].objects <= (vocabulary or load_vocabulary()).common_objects
        level, pairs = ("exact_common" if common else "exact_distinctive"), exact
    elif partial:
        level, pairs = "partial", partial[:1]
    else:
        level, pairs = "no_match", []
    return FieldMatch(level, tuple((item.text, counterpart) for item, counterpart, _ in pairs),
                      tuple(shared for _, _, shared in pairs))


AGREEING = frozenset({"several", "exact_distinctive", "exact_common", "partial"})


def field_match(field: str, report: Profile, candidate: Profile) -> FieldMatch | None:
    """The level of one description field; a sighting's description stands for all three."""
    ours: tuple[str, ...] = getattr(report, field)
    theirs: tuple[str, ...] = getattr(candidate, field)
    return match_items(field, ours, theirs, bag=candidate.description if not theirs else None)


def _said(field: str, report: Profile, candidate: Profile, found: FieldMatch) -> str:
    if found.pairs:
        return "; ".join(f"{a!r} ~ {b!r}" for a, b in found.pairs)
    return f"{len(getattr(report, field))} item(s) reported, none like the {candidate.kind}'s"


def compare_field(field: str, report: Profile, candidate: Profile, params: Parameters) -> Evidence | None:
    """Evidence of one description field with the level's documented u (no counts of the graph)."""
    found = field_match(field, report, candidate)
    if found is None:
        return None
    spec = params.descriptions[field].level(found.level)
    return level_evidence(field, found.level, spec.m, spec.u, _said(field, report, candidate, found))


def _share(carrying: np.ndarray, among: np.ndarray) -> tuple[int, int]:
    """(records carrying, records among which they are counted), each at least 1."""
    return max(1, len(carrying)), max(1, len(among), len(carrying))


def compare_descriptions(report: Profile, candidate: Profile, params: Parameters,
                         rarity: Rarity | None = None) -> list[Evidence]:
    """Evidence of marks, clothing and personal effects, those both sides describe."""
    found = {field: match for field in FIELDS if (match := field_match(field, report, candidate))}
    if rarity is None:
        return [e for field in found if (e := compare_field(field, report, candidate, params))]
    same_sex = rarity.of_sex(candidate.sex)
    evidence: list[Evidence] = []
    steps: tuple[tuple[str, tuple[frozenset[str], ...]], ...] = ()  # the agreeing fields so far
    product, documented = 1.0, 1.0
    pseudo = params.rarity_pseudo_records
    for field, match in found.items():
        spec: Comparison = params.descriptions[field]
        level = spec.level(match.level)
        said = _said(field, report, candidate, match)
        if match.level not in AGREEING or not match.shared:
            evidence.append(level_evidence(field, match.level, level.m, level.u, said))
            continue
        # the counts depend on the kind, the sex and the words only: cached in `rarity`
        carrying, describing = rarity.agreeing(candidate.kind, field, match.shared, candidate.sex)
        count, total = _share(carrying, describing)
        u = smoothed(count, total, level.u, pseudo)
        documented *= level.u
        sex_words = f" {candidate.sex}" if same_sex is not None else ""
        described = field.replace("_", " ")
        said += f"; {count:,} of {total:,}{sex_words} {candidate.kind} records describing {described} carry it"
        steps += ((field, match.shared),)
        if len(steps) > 1:
            # records agreeing on every agreeing field so far, among those describing every one
            together, among_together = rarity.together(candidate.kind, steps, candidate.sex)
            joint_count, joint_total = _share(together, among_together)
            joint = smoothed(joint_count, joint_total, documented, pseudo)
            if joint > product * u:
                said += (f"; {joint_count:,} of {joint_total:,} carry this and the fields before together, "
                         "so it counts only that much more")
                u = joint / product
        product *= u
        item = level_evidence(field, match.level, level.m, min(u, 1.0), said)
        if _unique_item(field, match, candidate, rarity, params):
            item = replace(item, identifier="unique_item")
        evidence.append(item)
    return evidence


def _unique_item(field: str, match: FieldMatch, candidate: Profile, rarity: Rarity, params: Parameters) -> bool:
    """A mark or an effect agreeing in detail that no other record of the kind (and sex) carries,
    counted among enough records to say so."""
    rule = params.identifying
    if field not in ("marks", "personal_effects") or match.level not in ("several", "exact_distinctive"):
        return False
    describing = rarity.describing_as(candidate.kind, field, candidate.sex)
    if len(describing) < rule.unique_item_min_records:
        return False
    for shared in match.shared:
        if len(shared) < rule.unique_item_min_tokens:
            continue
        carrying = rarity.of_same_sex(rarity.records_with_item(candidate.kind, field, shared), candidate.sex)
        if len(carrying) <= 1:
            return True
    return False
