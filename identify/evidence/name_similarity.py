"""Personal names, compared on transliteration keys word by word.

The keys come from `normalise.name_keys` (the same ones the graph's name index holds), so
`Mohammed`, `Muhammad` and `محمد` are one word here, and word order never matters: a register
writing the family name first meets a family writing it last. A word left out is the `subset`
level; a misspelt word is found by Jaro-Winkler similarity of the keys; a compound written in
two words (`Gebre Mariam`) meets the one-word spelling (`Gebremariam`).

A match run compares a report with every candidate of its neighbourhood (`find_names_many`), and
quotes the two names of a pair in its evidence only for the candidates it keeps (`NamesFound`).
rapidfuzz (C++) screens each word of a report once against every word of the run's
neighbourhoods (`screening`); a candidate that shares no word with the report and comes near
none is `different` at once, a pair of names that shares words is decided by set operations, and
only the pairs where a misspelling, a compound or a repeated word may count are compared word by
word in Python.

How common the words in common are comes from the graph (`rarity.Rarity`): the u of an
agreement is the share of named records that carry every matched word (in the candidate's
spelling), so "Mohamed Ahmed" agreeing says little and a rare full name says much (the
term-frequency adjustment of record linkage).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from normalise.name_keys import word_keys

from .parameters import Parameters
from .profiles import Evidence, Profile, level_evidence, said_of
from .rarity import Rarity, smoothed

LEVEL_ORDER = ("exact", "subset", "fuzzy", "one_word", "different")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}


# Jaro-Winkler as this project defines it (the `fuzzy_min` of parameters.yaml was set on it):
# half the transpositions counted as a half (t / 2), and the prefix bonus (0.1 a letter, at most 4)
# given whatever the Jaro similarity. rapidfuzz's JaroWinkler, which does the bulk of the work here,
# differs on both points: it rounds half the transpositions down (an odd number of out-of-order
# letters scores 1/(6m) higher) and it gives the prefix bonus only above a Jaro similarity of 0.7
# (Winkler's boost threshold). Neither ever makes its value lower than ours once ours reaches
# JW_EXACT_FROM, so rapidfuzz below `fuzzy_min` proves ours is below it too; the few words it
# cannot rule out are scored here, and the decisions are the same as with this function alone.
PREFIX_WEIGHT = 0.1
PREFIX_MAX = 4
BOOST_THRESHOLD = 0.7  # rapidfuzz's: no prefix bonus at or below this Jaro similarity
# From this value of ours on, rapidfuzz's value is at least ours: ours >= x needs a Jaro of at least
# (x - 0.4) / 0.6, which above 0.82 is above rapidfuzz's boost threshold.
JW_EXACT_FROM = BOOST_THRESHOLD + PREFIX_MAX * PREFIX_WEIGHT * (1 - BOOST_THRESHOLD)
# rapidfuzz and this function add the same terms in the same order, so their values agree to the
# last bit where the definitions agree; the margin only keeps a rounding difference harmless.
SCREEN_MARGIN = 1e-9


@lru_cache(maxsize=500_000)
def jaro_winkler(a: str, b: str, prefix_scale: float = PREFIX_WEIGHT) -> float:
    """Jaro-Winkler similarity of two strings as the project defines it, 1.0 for equal ones."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(len(a), len(b)) // 2 - 1
    a_flags, b_flags = [False] * len(a), [False] * len(b)
    matches = 0
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not b_flags[j] and b[j] == char:
                a_flags[i] = b_flags[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    a_matched = [c for c, f in zip(a, a_flags) if f]
    b_matched = [c for c, f in zip(b, b_flags) if f]
    transpositions = sum(x != y for x, y in zip(a_matched, b_matched)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:PREFIX_MAX], b[:PREFIX_MAX]):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


@lru_cache(maxsize=64)
def screen_cutoff(fuzzy_min: float) -> float:
    """The rapidfuzz Jaro-Winkler below which ours is surely below `fuzzy_min`."""
    if fuzzy_min > JW_EXACT_FROM:
        return fuzzy_min - SCREEN_MARGIN
    # ours >= fuzzy_min needs Jaro >= (fuzzy_min - 0.4) / 0.6, and rapidfuzz's value is at least
    # its Jaro, which is at least ours
    bonus = PREFIX_MAX * PREFIX_WEIGHT
    return max(0.0, (fuzzy_min - bonus) / (1 - bonus) - SCREEN_MARGIN)


class Vocabulary:
    """The words of the candidates met so far, in the order met.

    A run meets a few hundred distinct word keys in thousands of neighbourhoods: each word of a
    report is screened once against each word of the vocabulary (`screening`), and a
    neighbourhood only adds the words the run has not met yet.
    """

    def __init__(self) -> None:
        self.words: list[str] = []
        self.known: set[str] = set()

    def meet(self, words: Iterable[str]) -> None:
        """Add the words not met yet (and start afresh past `SCREENED_MAX` words, screenings too)."""
        if self.known.issuperset(words):
            return
        fresh = set(words) - self.known
        if len(self.words) + len(fresh) > SCREENED_MAX:
            self.clear()
            fresh = set(words)
        self.words.extend(fresh)
        self.known |= fresh

    def clear(self) -> None:
        """Forget every word, and so every screening through them."""
        self.words = []
        self.known = set()
        _screening_of.cache_clear()


class Screening:
    """How far one word of a report has been screened through the vocabulary, and the words found
    near it (rapidfuzz's Jaro-Winkler at the cutoff or above)."""

    __slots__ = ("upto", "near")

    def __init__(self) -> None:
        self.upto = 0  # the vocabulary's first `upto` words are screened
        self.near: set[str] = set()

    @property
    def screened(self) -> frozenset[str]:
        """The words this word has been screened against."""
        return frozenset(_VOCABULARY.words[:self.upto])


# Past this many words the vocabulary starts afresh, and every screening with it, so that a long
# run on a varied graph keeps its memory bounded (a screening keeps only its near words).
SCREENED_MAX = 50_000

_VOCABULARY = Vocabulary()


@lru_cache(maxsize=100_000)
def _screening_of(word: str, cutoff: float) -> Screening:
    return Screening()


def screening(word: str, cutoff: float) -> Screening:
    """The screening of one word of a report through every word of the vocabulary, kept across
    the reports that share the word: only the words met since it was last screened are scored."""
    seen = _screening_of(word, cutoff)
    words = _VOCABULARY.words
    if seen.upto < len(words):
        fresh = words[seen.upto:]
        if cutoff <= 0.0:
            seen.near.update(fresh)
        else:
            scores = process.cdist([word], fresh, scorer=JaroWinkler.similarity, score_cutoff=cutoff)[0]
            seen.near.update(fresh[j] for j in np.flatnonzero(scores))
        seen.upto = len(words)
    return seen


def _forget_screenings() -> None:
    _VOCABULARY.clear()


# emptied with the other caches of this module (a benchmark's replay, a test)
screening.cache_clear = _forget_screenings  # type: ignore[attr-defined]


# The vocabulary met and the words screened through it, together: a vocabulary started afresh by
# another thread (a web request beside the inquiry worker's match) must not fall in between.
_SCREENING = threading.Lock()


def screen(word: str, others: Iterable[str], cutoff: float) -> Screening:
    """The screening of `word` (3 letters or more), extended to every one of `others`."""
    with _SCREENING:
        _VOCABULARY.meet(others)
        return screening(word, cutoff)


def best_fuzzy(word: str, others: Sequence[str], fuzzy_min: float) -> int | None:
    """Index of the first of `others` most similar to `word`, if that reaches `fuzzy_min`, else None.

    The same choice as the first maximum of `jaro_winkler` over all of `others`, followed by the
    threshold: rapidfuzz screens them (once a run for each pair of words, `screening`), the
    survivors are scored exactly.
    """
    if len(word) < 3 or not others:
        return None
    seen = screen(word, others, screen_cutoff(fuzzy_min))
    if seen.near.isdisjoint(others):
        return None
    best, best_score = None, fuzzy_min
    for index, other in enumerate(others):
        if other in seen.near:
            score = jaro_winkler(word, other)
            if score > best_score or (best is None and score >= fuzzy_min):
                best, best_score = index, score
    return best


@lru_cache(maxsize=200_000)
def keys_of(name: str) -> tuple[str, ...]:
    """The word keys of one written name (cached: the same names recur across a run)."""
    return tuple(word_keys(name))


def _pair_words(ours: Sequence[str], theirs: Sequence[str],
                fuzzy_min: float, matched: list[str] | None = None) -> tuple[int, int, int, int]:
    """(exact, fuzzy, our unmatched, their unmatched) words of two key lists, each word used once.

    `matched`, when given, receives the matched words in the candidate's (`theirs`) spelling.
    """
    left, right = list(ours), list(theirs)
    found = matched if matched is not None else []
    exact = 0
    for word in list(left):
        if word in right:
            right.remove(word)
            left.remove(word)
            found.append(word)
            exact += 1
    # A compound on one side written as two adjacent words on the other.
    for side, other in ((left, right), (right, left)) if left and right and len(left) + len(right) > 2 else ():
        for word in list(side):
            for i in range(len(other) - 1):
                if other[i] + other[i + 1] == word:
                    found.extend(other[i:i + 2] if other is right else [word])
                    side.remove(word)
                    del other[i:i + 2]
                    exact += 1
                    break
    fuzzy = _fuzzy_words(left, right, fuzzy_min, found)
    return exact, fuzzy, len(left), len(right)


def _fuzzy_words(left: list[str], right: list[str], fuzzy_min: float, found: list[str]) -> int:
    """How many words of `left` meet a misspelling of theirs in `right`, in order, each word used
    once; the words met are taken out of both lists and their `right` spelling added to `found`."""
    fuzzy = 0
    for word in list(left) if right else ():
        best = best_fuzzy(word, right, fuzzy_min)
        if best is not None:
            found.append(right.pop(best))
            left.remove(word)
            fuzzy += 1
    return fuzzy


def name_level(ours: tuple[str, ...], theirs: tuple[str, ...], fuzzy_min: float) -> str:
    """The level of two names given as word-key tuples."""
    return name_match(ours, theirs, fuzzy_min)[0]


@lru_cache(maxsize=300_000)
def name_match(ours: tuple[str, ...], theirs: tuple[str, ...], fuzzy_min: float) -> tuple[str, tuple[str, ...]]:
    """The level of two names given as word-key tuples, and the matched words (the candidate's keys)."""
    if not ours or not theirs:
        return "different", ()
    words: list[str] = []
    exact, fuzzy, our_left, their_left = _pair_words(ours, theirs, fuzzy_min, words)
    return level_of(exact, fuzzy, our_left, their_left), tuple(sorted(set(words)))


def level_of(exact: int, fuzzy: int, our_left: int, their_left: int) -> str:
    """The level of two names from their words matched exactly (or as a compound) and fuzzily, and
    the words of each left unmatched."""
    matched = exact + fuzzy
    if fuzzy == 0 and our_left == 0 and their_left == 0 and exact >= 2:
        return "exact"
    if fuzzy == 0 and (our_left == 0 or their_left == 0) and exact >= 2:
        return "subset"
    if matched >= 2:
        return "fuzzy"
    if matched == 1:
        return "one_word"
    return "different"


class NameWords(NamedTuple):
    """One name of a record as the name stage compares it."""

    said: str  # the name as the evidence quotes it
    keys: tuple[str, ...]  # its word keys, in order (never empty)
    words: frozenset[str]  # the same keys as a set


class NamesShape(NamedTuple):
    """What the comparison needs of a record's names, worked out once per set of names."""

    names: tuple[NameWords, ...]  # each name with a key, in the record's order; never empty
    words: frozenset[str]  # every word key of every name
    # Sets of words only where a set test needs them: a tuple of words is left out of the cyclic
    # collector's walks, and a run keeps thousands of shapes.
    joined: tuple[str, ...]  # each two adjacent words of a name written as one (a compound)
    long_words: tuple[str, ...]  # the words of 3 letters or more (the only ones compared fuzzily)
    # each two words of a name, in their order, written as one (keys[i] + keys[j], i < j): the
    # compounds a name may still show once words matched elsewhere are taken out of it
    joins: tuple[str, ...]
    distinct: bool  # no name repeats a word
    # what another record's names are set aside on in one set test (`find_names_many`): the
    # words, and each compound (`joined`) marked apart from the words by `COMPOUND`
    probe: frozenset[str]
    # what a candidate's `probe` meets when it may agree with these names (but for the words
    # near ours, which depend on the run): these words and compounds, and these words marked as
    # a compound of theirs would be
    agreeing: frozenset[str]


# Marks a compound apart from the words in one set: a word key has only the letters a to z.
COMPOUND = "+"


def shape_of(names: tuple[str, ...]) -> NamesShape | None:
    """The shape of a record's names (its `Profile.names`), None when none has a key."""
    named = tuple(NameWords(repr(name), keys, frozenset(keys))
                  for name in names if name and name.strip() and (keys := keys_of(name)))
    if not named:
        return None
    words = named[0].words if len(named) == 1 else frozenset(word for name in named for word in name.keys)
    joined = tuple(sorted({a + b for name in named for a, b in zip(name.keys, name.keys[1:])}))
    joins = tuple(sorted({a + b for name in named for i, a in enumerate(name.keys) for b in name.keys[i + 1:]}))
    return NamesShape(named, words, joined, tuple(sorted(w for w in words if len(w) >= 3)), joins,
                      all(len(name.words) == len(name.keys) for name in named),
                      words | {COMPOUND + compound for compound in joined},
                      words.union(joined, [COMPOUND + word for word in words]))


# The shapes of the names a run meets: started afresh past this many, to keep memory bounded.
SHAPES_MAX = 200_000


class Shapes(dict[tuple[str, ...], "NamesShape | None"]):
    """The shapes of the sets of names met so far, by `Profile.names`.

    A neighbourhood's records are compared with every report near them: a plain dictionary
    look-up a candidate (an `lru_cache` call costs several times more, and the match makes one
    for each of its pairs).
    """

    def __init__(self) -> None:
        super().__init__()
        # emptied with the module's other caches (a benchmark's replay, a test), as they are
        self.cache_clear: Callable[[], None] = self.clear

    def __missing__(self, names: tuple[str, ...]) -> NamesShape | None:
        if len(self) >= SHAPES_MAX:
            self.clear()
        shape = self[names] = shape_of(names)
        return shape


_SHAPES = Shapes()
_NAMES = attrgetter("names")


def names_shape(names: tuple[str, ...]) -> NamesShape | None:
    """The shape of a record's names (its `Profile.names`), None when none has a key."""
    return _SHAPES[names]


def near_words(ours: NamesShape, their_words: frozenset[str], cutoff: float) -> set[str]:
    """The words among `their_words` that rapidfuzz's Jaro-Winkler puts at `cutoff` or above
    against a word of ours of 3 letters or more, with possibly others met before (never words
    that are not near one of ours).

    Each word of a report is screened once against each word of the vocabulary (the words of
    every neighbourhood met so far, `Vocabulary`), and the reports that share it reuse the answer.
    """
    near: set[str] = set()
    with _SCREENING:
        _VOCABULARY.meet(their_words)
        for word in ours.long_words:
            near |= screening(word, cutoff).near
    return near


def best_names(ours: NamesShape, theirs: NamesShape, near: AbstractSet[str],
               fuzzy_min: float) -> tuple[str, tuple[str, ...], int, int]:
    """The level and matched words of the best-agreeing pair of names (the first such pair), and
    the pair (the index of each name in its record's `NamesShape.names`).

    `near` holds every word of theirs that may be a misspelling of one of ours (`near_words`).
    Where no name repeats a word and no word of one record is two of the other's written as one
    (no compound), `name_match` comes down to set operations: its exact matches are the words in
    common (each word meets its equal whatever the order), and when no word of their name
    outside ours is near, nothing else matches. Most pairs of names that share a word are such
    pairs. Only the near words left are compared one by one (as `name_match` does), and the
    other pairs of names word by word (`name_match`).
    """
    plain = ours.distinct and theirs.distinct and theirs.words.isdisjoint(ours.joins) \
        and ours.words.isdisjoint(theirs.joins)
    best, best_rank = None, len(LEVEL_ORDER)
    for our_index, our_name in enumerate(ours.names):
        for their_index, their_name in enumerate(theirs.names):
            if plain:
                common = our_name.words & their_name.words
                exact = len(common)
                if near.isdisjoint(their_name.words - common):
                    fuzzy, words = 0, tuple(sorted(common))
                else:
                    found = list(common)
                    fuzzy = _fuzzy_words([word for word in our_name.keys if word not in common],
                                         [word for word in their_name.keys if word not in common], fuzzy_min, found)
                    words = tuple(sorted(set(found)))
                level = level_of(exact, fuzzy, len(our_name.keys) - exact - fuzzy, len(their_name.keys) - exact - fuzzy)
            else:
                level, words = name_match(our_name.keys, their_name.keys, fuzzy_min)
            if LEVEL_RANK[level] < best_rank:
                best, best_rank = (level, words, our_index, their_index), LEVEL_RANK[level]
                if best_rank == 0:
                    return best  # no later pair is better than `exact`
    assert best is not None  # both records have a name
    return best


class NamesFound(NamedTuple):
    """What the names of a pair say, but for the two names quoted.

    A match run compares its reports with hundreds of thousands of candidates and keeps a third
    of them: the level, the likelihood ratio and the identifier score every pair, the words only
    go into the candidates written. So the pairs that found the same share one of these (every
    `different` pair of a run and kind, every pair agreeing on the same words in the same
    counts), and the evidence with its words is built for a pair only when asked (`said`, `full`).
    """

    evidence: Evidence  # the pair's evidence, quoting no name (`said` is empty)
    after: str  # what follows the two names quoted: the counts of the words an agreement matched
    ours: int = 0  # the report's name quoted (its index in the report's `NamesShape.names`)
    theirs: int = 0  # the candidate's name quoted

    def said(self, report: Profile, candidate: Profile) -> str:
        """The evidence's words for this pair: the two names quoted, and what follows them."""
        ours, theirs = _SHAPES[report.names], _SHAPES[candidate.names]
        assert ours is not None and theirs is not None  # a pair without names finds nothing
        return f"{ours.names[self.ours].said} and {theirs.names[self.theirs].said}{self.after}"

    def full(self, report: Profile, candidate: Profile) -> Evidence:
        """The pair's evidence with its words, as `compare_names` gives it."""
        return said_of(self.evidence, self.said(report, candidate))


def compare_names(report: Profile, candidate: Profile, params: Parameters,
                  rarity: Rarity | None = None) -> Evidence | None:
    """The best level over every name each record gives (full names and aliases).

    With `rarity` (a match run always gives it) the u of an agreeing level is the share of named
    records in the graph carrying every matched word; without it, the level's documented u.
    """
    return compare_names_many(report, [candidate], params, rarity)[0]


def compare_names_many(report: Profile, candidates: Sequence[Profile], params: Parameters,
                       rarity: Rarity | None = None) -> list[Evidence | None]:
    """`compare_names` of one report against many candidates (of one kind, `params` being theirs):
    `find_names_many` with the words of every pair said."""
    return [None if found is None else found.full(report, candidate)
            for candidate, found in zip(candidates, find_names_many(report, candidates, params, rarity))]


@lru_cache(maxsize=256)
def level_found(level: str, m: float, u: float) -> NamesFound:
    """A level with its documented m and u, found between the first names of two records."""
    return NamesFound(level_evidence("names", level, m, u, ""), "")


def find_names_many(report: Profile, candidates: Sequence[Profile], params: Parameters,
                    rarity: Rarity | None = None) -> list[NamesFound | None]:
    """What the names of one report and of each of many candidates (of one kind, `params` being
    theirs) say, the words of the evidence left to be said for the candidates kept (`NamesFound`).

    Most candidates of a neighbourhood share no word with the report, and their evidence is the
    `different` level of the first two names. A candidate none of whose words equals, joins into
    or comes near (`near_words`, `screen_cutoff`) a word of the report, and none of whose
    compounds is a word of the report, is `different` at once (two set tests); for the others
    each pair of names is decided by its words in common where nothing else can match
    (`best_names`), else word by word (`name_match`). The results are those of the pure-Python
    comparison, pair by pair (tests/identify/test_name_similarity.py).
    """
    ours = _SHAPES[report.names]
    if ours is None:
        return [None] * len(candidates)
    shapes = list(map(_SHAPES.__getitem__, map(_NAMES, candidates)))
    their_words = frozenset().union(*[shape.words for shape in shapes if shape is not None])
    fuzzy_min = params.names_fuzzy_min
    near = near_words(ours, their_words, screen_cutoff(fuzzy_min))
    # a candidate's `probe` meets this when it may agree with the report's names: a word of theirs
    # is one of ours, a compound of two of ours or a possible misspelling of one, or a compound
    # of theirs is a word of ours
    agreeing = ours.agreeing | near
    spec = params.names.by_name["different"]
    # every pair of names is `different`, so the first pair is the one quoted
    different = level_found("different", spec.m, spec.u)
    known = None if rarity is None else agreements_in(rarity)

    def agreeing_found(candidate: Profile, shape: NamesShape) -> NamesFound:
        level, words, our_index, their_index = best_names(ours, shape, near, fuzzy_min)
        return _found_of(level, words, our_index, their_index, candidate.kind, params, rarity, known)

    return [None if shape is None else different if agreeing.isdisjoint(shape.probe)
            else agreeing_found(candidate, shape) for candidate, shape in zip(candidates, shapes)]


def _found_of(level: str, words: tuple[str, ...], ours: int, theirs: int, kind: str, params: Parameters,
              rarity: Rarity | None, known: dict[tuple[object, ...], NamesFound] | None) -> NamesFound:
    """What a level found on `words` between the report's name `ours` and the candidate's name
    `theirs` says (`known`: the agreements worked out in `rarity`'s counts)."""
    spec = params.names.by_name[level]
    if rarity is None or level == "different" or not words:
        found = level_found(level, spec.m, spec.u)
    else:
        found = agreement_of(level, words, kind, spec.m, spec.u, params.rarity_pseudo_records,
                             params.identifying.rare_name_max_records, rarity, known)
    return found if ours == theirs == 0 else found._replace(ours=ours, theirs=theirs)


# Agreements worked out, by the graph's counts they were counted in: weakly, so that the counts of
# a run that ended (a long-lived inquiry worker runs many) are freed with their agreements.
_AGREEMENTS: WeakKeyDictionary[Rarity, dict[tuple[object, ...], NamesFound]] = WeakKeyDictionary()


def agreements_in(rarity: Rarity) -> dict[tuple[object, ...], NamesFound]:
    """The agreements worked out so far in the counts of `rarity`."""
    known = _AGREEMENTS.get(rarity)
    if known is None:
        known = _AGREEMENTS[rarity] = {}
    return known


def agreement_of(level: str, words: tuple[str, ...], kind: str, m: float, documented_u: float,
                 pseudo_records: float, rare_max: int, rarity: Rarity,
                 known: dict[tuple[object, ...], NamesFound] | None = None) -> NamesFound:
    """What an agreeing level on `words` found between the first names of two records, its
    evidence from how many named records carry the words.

    Many pairs of a run agree on the same words (a common given name): worked out once for them
    (`known`, when given, is `agreements_in(rarity)`, looked up once a report and kind).
    """
    if known is None:
        known = agreements_in(rarity)
    key = (level, words, kind, m, documented_u, pseudo_records, rare_max)
    if (found := known.get(key)) is not None:
        return found
    carrying = rarity.name_count(words)
    u = smoothed(carrying, rarity.named, documented_u, pseudo_records)
    evidence = level_evidence("names", level, m, u, "")
    if level in ("exact", "subset") and carrying <= rare_max:
        # a rare name, as another identification process named the remains (documents, a viewing),
        # identifies; a report's or a sighting's name does so only with the date of birth (scoring)
        evidence = replace(evidence, identifier="document" if kind == "remains" else "rare_name")
    said = f"; {carrying:,} of {max(rarity.named, carrying):,} named records carry {' '.join(words)!r}"
    known[key] = found = NamesFound(evidence, said)
    return found


def _forget_agreements() -> None:
    _AGREEMENTS.clear()


# emptied with the other caches of this module (a benchmark's replay, a test)
agreement_of.cache_clear = _forget_agreements  # type: ignore[attr-defined]
