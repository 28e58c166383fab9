"""The name comparison as it was before rapidfuzz: pure-Python Jaro-Winkler, one pair at a time.

Kept as the reference the rapidfuzz-based comparison (`identify.evidence.name_similarity`) must
agree with exactly: its values, its levels, and the candidates a match run keeps
(tests/identify/test_name_similarity.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from identify.evidence.parameters import Parameters
from identify.evidence.profiles import Evidence, Profile, level_evidence
from identify.evidence.rarity import Rarity, smoothed
from normalise.name_keys import word_keys

LEVEL_ORDER = ("exact", "subset", "fuzzy", "one_word", "different")


@lru_cache(maxsize=500_000)
def jaro_winkler(a: str, b: str, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity of two strings, 1.0 for equal ones."""
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
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


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
    for side, other in ((left, right), (right, left)):
        for word in list(side):
            for i in range(len(other) - 1):
                if other[i] + other[i + 1] == word:
                    found.extend(other[i:i + 2] if other is right else [word])
                    side.remove(word)
                    del other[i:i + 2]
                    exact += 1
                    break
    fuzzy = 0
    for word in list(left):
        best = max(right, key=lambda other: jaro_winkler(word, other), default=None)
        if best is not None and len(word) >= 3 and jaro_winkler(word, best) >= fuzzy_min:
            right.remove(best)
            left.remove(word)
            found.append(best)
            fuzzy += 1
    return exact, fuzzy, len(left), len(right)


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
    matched = exact + fuzzy
    if fuzzy == 0 and our_left == 0 and their_left == 0 and exact >= 2:
        level = "exact"
    elif fuzzy == 0 and (our_left == 0 or their_left == 0) and exact >= 2:
        level = "subset"
    elif matched >= 2:
        level = "fuzzy"
    elif matched == 1:
        level = "one_word"
    else:
        level = "different"
    return level, tuple(sorted(set(words)))


def compare_names(report: Profile, candidate: Profile, params: Parameters,
                  rarity: Rarity | None = None) -> Evidence | None:
    """The best level over every name each record gives (full names and aliases).

    With `rarity` (a match run always gives it) the u of an agreeing level is the share of named
    records in the graph carrying every matched word; without it, the level's documented u.
    """
    ours = [(name, keys_of(name)) for name in report.names if name and name.strip()]
    theirs = [(name, keys_of(name)) for name in candidate.names if name and name.strip()]
    ours, theirs = [n for n in ours if n[1]], [n for n in theirs if n[1]]
    if not ours or not theirs:
        return None
    best = None
    for our_name, our_keys in ours:
        for their_name, their_keys in theirs:
            level, words = name_match(our_keys, their_keys, params.names_fuzzy_min)
            if best is None or LEVEL_ORDER.index(level) < LEVEL_ORDER.index(best[0]):
                best = (level, words, our_name, their_name)
    level, words, our_name, their_name = best  # type: ignore[misc]
    spec = params.names.level(level)
    said = f"{our_name!r} and {their_name!r}"
    if rarity is None or level == "different" or not words:
        return level_evidence("names", level, spec.m, spec.u, said)
    carrying = rarity.name_count(words)
    u = smoothed(carrying, rarity.named, spec.u, params.rarity_pseudo_records)
    found = level_evidence("names", level, spec.m, u,
                           f"{said}; {carrying:,} of {max(rarity.named, carrying):,} named records "
                           f"carry {' '.join(words)!r}")
    if level in ("exact", "subset") and carrying <= params.identifying.rare_name_max_records:
        # a rare name, as another identification process named the remains (documents, a viewing),
        # identifies; a report's or a sighting's name does so only with the date of birth (scoring)
        identifier = "document" if candidate.kind == "remains" else "rare_name"
        found = replace(found, identifier=identifier)
    return found
