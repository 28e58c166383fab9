"""How rare a name, a description, a date of birth or a nationality is, counted in the graph.

The u of an agreement (the chance that a random other person's record agrees this way) is the
share of records that carry the same normalised words: a silver ring found on 1 remains record in
500 is strong evidence, one found on 60 is weak. The counts are taken from every record the graph
holds when a match run starts, so they follow the data as it arrives.

- Names are counted over every record that carries a name (reports, sightings, remains named by
  another process), on the transliteration keys of `normalise.name_keys`: the same population
  of people is named in all three.
- Marks, clothing and personal effects are counted per record kind and field, on the tokens of
  `descriptions.tokenise` (families and examiners word things differently, so the kinds are not
  pooled); a sighting's free-text description counts as one item of each field.
- Dates of birth and nationalities are counted per record kind, as delivered.

A count always includes the candidate record itself, and the documented u of the level (in
parameters.yaml) counts as `rarity.pseudo_records` records' worth of data:

    u = (records carrying + pseudo_records x documented u) / (records counted + pseudo_records)

so a graph of a few records falls back on the documented value and a large graph speaks for
itself (a silver ring on 1 of 3 records is no evidence that it is rare).

Counts of many words are intersections of sorted arrays of record numbers (numpy), cached per
question; the index holds one array per word, not one set per record. The records of one sex are
also a mask over record numbers, so restricting a few carrying records to the candidate's sex
costs what those records cost, not what the whole graph's men or women do: a pair's description
evidence then costs the same in a graph of 5,000 persons as in one of 1,000,000.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .descriptions import FIELDS, tokenise

EMPTY = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class RecordTerms:
    """The words of one record that rarity is counted on."""

    uid: str
    kind: str
    name_keys: tuple[tuple[str, ...], ...] = ()
    marks: tuple[str, ...] = ()
    clothing: tuple[str, ...] = ()
    personal_effects: tuple[str, ...] = ()
    description: str | None = None
    date_of_birth: str | None = None
    nationality: str | None = None
    sex: str | None = None


def _postings(table: dict[str, list[int]]) -> dict[str, np.ndarray]:
    return {word: np.unique(np.asarray(ids, dtype=np.int32)) for word, ids in table.items()}


@dataclass
class _FieldIndex:
    """One (kind, field): which items hold each token, which record each item belongs to."""

    items_of: dict[str, np.ndarray]
    record_of_item: np.ndarray
    describing: np.ndarray  # the records that describe the field


class Rarity:
    """Counts of records carrying given words, built once from every record of the graph."""

    def __init__(self, records: Iterable[RecordTerms]) -> None:
        names: dict[str, list[int]] = defaultdict(list)
        named = 0
        item_tokens: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        item_records: dict[tuple[str, str], list[int]] = defaultdict(list)
        describing: dict[tuple[str, str], list[int]] = defaultdict(list)
        sexes: dict[str, list[int]] = defaultdict(list)
        self.kinds: Counter[str] = Counter()
        self._births: dict[str, Counter[str]] = defaultdict(Counter)
        self._nationalities: dict[str, Counter[str]] = defaultdict(Counter)
        for number, record in enumerate(records):
            self.kinds[record.kind] += 1
            if record.sex in ("M", "F"):
                sexes[record.sex].append(number)
            words = {word for keys in record.name_keys for word in keys}
            if words:
                named += 1
                for word in words:
                    names[word].append(number)
            for name in FIELDS:
                texts = [t for t in getattr(record, name) if t and t.strip()]
                if not texts and record.description:
                    texts = [record.description]
                if not texts:
                    continue
                key = (record.kind, name)
                describing[key].append(number)
                for text in texts:
                    item_number = len(item_records[key])
                    item_records[key].append(number)
                    for token in tokenise(text, name).tokens:
                        item_tokens[key][token].append(item_number)
            if record.date_of_birth:
                self._births[record.kind][record.date_of_birth[:10]] += 1
            if record.nationality:
                self._nationalities[record.kind][record.nationality] += 1
        self._names = _postings(names)
        self.named = named
        self._fields = {key: _FieldIndex(_postings(tokens), np.asarray(item_records[key], dtype=np.int32),
                                         np.asarray(describing[key], dtype=np.int32))
                        for key, tokens in item_tokens.items()}
        self._sexes = {sex: np.asarray(ids, dtype=np.int32) for sex, ids in sexes.items()}
        self._sex_masks: dict[str, np.ndarray] = {}
        for sex, ids in self._sexes.items():
            mask = np.zeros(sum(self.kinds.values()), dtype=bool)
            mask[ids] = True
            self._sex_masks[sex] = mask
        self._cache_names = lru_cache(maxsize=200_000)(self._count_names)
        self._cache_items = lru_cache(maxsize=200_000)(self._records_with_item)
        self._cache_describing = lru_cache(maxsize=1_000)(self._describing_as)
        self._cache_agreeing = lru_cache(maxsize=100_000)(self._agreeing)
        self._cache_together = lru_cache(maxsize=100_000)(self._together)

    # -- names ------------------------------------------------------------------------------
    def name_count(self, words: Iterable[str]) -> int:
        """Records (of any kind) whose names hold every one of `words` (at least 1)."""
        return max(1, self._cache_names(frozenset(words)))

    def _count_names(self, words: frozenset[str]) -> int:
        return len(_intersect(self._names.get(word, EMPTY) for word in sorted(words)))

    # -- descriptions -----------------------------------------------------------------------
    def describing(self, kind: str, name: str) -> np.ndarray:
        """The records of `kind` that describe the field."""
        index = self._fields.get((kind, name))
        return index.describing if index else EMPTY

    def of_sex(self, sex: str | None) -> np.ndarray | None:
        """The records (of any kind) recorded as of this sex; None for an unknown sex (no restriction)."""
        return self._sexes.get(sex, EMPTY) if sex in ("M", "F") else None

    def of_same_sex(self, records: np.ndarray, sex: str | None) -> np.ndarray:
        """The records (sorted, unique numbers) recorded as of this sex; all of them for an unknown sex.

        The same array as `np.intersect1d(records, of_sex(sex))`, through the sex's mask.
        """
        if sex not in ("M", "F"):
            return records
        mask = self._sex_masks.get(sex)  # type: ignore[arg-type]
        if mask is None or not len(records):
            return EMPTY
        return records[mask[records]]

    def describing_as(self, kind: str, name: str, sex: str | None) -> np.ndarray:
        """The records of `kind` that describe the field, of the candidate's sex (any when unknown)."""
        return self._cache_describing(kind, name, sex if sex in ("M", "F") else None)

    def _describing_as(self, kind: str, name: str, sex: str | None) -> np.ndarray:
        describing = self.describing(kind, name)
        same_sex = self.of_sex(sex)
        return describing if same_sex is None else np.intersect1d(describing, same_sex, assume_unique=True)

    def agreeing(self, kind: str, name: str, token_sets: tuple[frozenset[str], ...],
                 sex: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(records holding an item with each token set, records describing the field), both of
        `kind` and of the candidate's sex (any when unknown)."""
        return self._cache_agreeing(kind, name, token_sets, sex if sex in ("M", "F") else None)

    def _agreeing(self, kind: str, name: str, token_sets: tuple[frozenset[str], ...],
                  sex: str | None) -> tuple[np.ndarray, np.ndarray]:
        carrying = self.of_same_sex(self.records_with_all(kind, name, token_sets), sex)
        return carrying, self.describing_as(kind, name, sex)

    def together(self, kind: str, steps: tuple[tuple[str, tuple[frozenset[str], ...]], ...],
                 sex: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(records agreeing on every (field, token sets) step, records describing every one of
        those fields), of `kind` and the candidate's sex: `agreeing` intersected step by step."""
        return self._cache_together(kind, steps, sex if sex in ("M", "F") else None)

    def _together(self, kind: str, steps: tuple[tuple[str, tuple[frozenset[str], ...]], ...],
                  sex: str | None) -> tuple[np.ndarray, np.ndarray]:
        carrying, describing = self.agreeing(kind, steps[-1][0], steps[-1][1], sex)
        if len(steps) == 1:
            return carrying, describing
        together, among = self.together(kind, steps[:-1], sex)
        return (np.intersect1d(together, carrying, assume_unique=True),
                np.intersect1d(among, describing, assume_unique=True))

    def records_with_item(self, kind: str, name: str, tokens: Iterable[str]) -> np.ndarray:
        """The records of `kind` holding, in field `name`, one item with all of `tokens`."""
        return self._cache_items(kind, name, frozenset(tokens))

    def _records_with_item(self, kind: str, name: str, tokens: frozenset[str]) -> np.ndarray:
        index = self._fields.get((kind, name))
        if index is None or not tokens:
            return EMPTY
        items = _intersect(index.items_of.get(token, EMPTY) for token in sorted(tokens))
        return np.unique(index.record_of_item[items]) if len(items) else EMPTY

    def records_with_all(self, kind: str, name: str, token_sets: Sequence[Iterable[str]]) -> np.ndarray:
        """The records of `kind` holding, for each token set, an item with all its tokens."""
        return _intersect(self.records_with_item(kind, name, tokens) for tokens in token_sets)

    # -- dates of birth and nationalities ---------------------------------------------------
    def births(self, kind: str, prefix: str) -> tuple[int, int]:
        """(records of `kind` whose date of birth starts with `prefix`, records giving one), each >= 1."""
        table = self._births.get(kind, Counter())
        return max(1, sum(n for day, n in table.items() if day.startswith(prefix))), max(1, sum(table.values()))

    def nationality(self, kind: str, value: str) -> tuple[int, int]:
        """(records of `kind` of nationality `value`, records giving one), each >= 1."""
        table = self._nationalities.get(kind, Counter())
        return max(1, table.get(value, 0)), max(1, sum(table.values()))


def _intersect(arrays: Iterable[np.ndarray]) -> np.ndarray:
    result: np.ndarray | None = None
    for array in arrays:
        result = array if result is None else np.intersect1d(result, array, assume_unique=True)
        if not len(result):
            return EMPTY
    return EMPTY if result is None else result


def smoothed(carrying: int, counted: int, documented_u: float, pseudo_records: float) -> float:
    """The u of an agreement from counts, shrunk towards the documented u (see the module docstring)."""
    counted = max(counted, carrying)
    return (carrying + pseudo_records * documented_u) / (counted + pseudo_records)
