"""Name similarity through rapidfuzz gives exactly what the pure-Python comparison gave.

`name_reference` is the comparison as it was (pure-Python Jaro-Winkler, one pair at a time). The
rapidfuzz-based one must make the same fuzzy choices, find the same levels and words, build the
same evidence, and a match run on a generated scenario must keep the same candidates with the
same scores and posteriors.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from itertools import product
from typing import NamedTuple

import pytest
from rapidfuzz.distance import JaroWinkler

import identify.match as match
import name_reference as reference
from graphmodel.fingerprint import fingerprint
from identify.evidence import name_similarity as names
from identify.evidence.parameters import load_parameters
from identify.evidence.profiles import Evidence, Profile
from identify.evidence.rarity import Rarity, RecordTerms

P = load_parameters()

# Names as agencies write them: transliterations of one name, other scripts, compounds, aliases,
# a letter alone, names that give no key at all.
WRITTEN = [
    "Mohammed Ali Hassan", "Muhammad Ali", "Mohamed Hasan", "محمد علي حسن", "محمد عبد الرحمن",
    "Abd al-Rahman Mohamed", "Abdulrahman Mohammed", "Abdelrahman Mohamad", "عبد الله", "Abdullah Yusuf",
    "Youssef Ibrahim", "Yusuf Ibrahim", "Yousef Ebrahim", "يوسف إبراهيم", "Ibrahim Musa", "Ibrahim Moussa",
    "Filmon Tekle Habtom", "Filmon Tekle Habtum", "Filimon Teklay", "ፊልሞን ተክለ", "ገብረ ማርያም",
    "Gebremariam Kidane", "Gebre Mariam Kidane", "Yonas Tesfay Habtom", "Yonas Tesfai", "Yohannes Tesfaye",
    "Fatima Zahra", "Fatimah Zahraa", "فاطمة الزهراء", "Aïcha Diallo", "Aicha Diallo", "Aissatou Diallo",
    "Mamadou Bah", "Mamadu Ba", "Amadou Barry", "Ousmane Sow", "Usman Sow", "Мухаммад Али", "Ζωή Παπαδοπούλου",
    "Nguyễn Văn An", "李明", "Dmitri Ivanov", "Dmitry Ivanoff", "Semere Dawit", "Samir Daoud", "Saleh Salah",
    "Salah Saleh", "Abu Adam", "Adam Yousef", "A", "Ali", "Wu", "O", "Ao Ei", "", "  ", "Omar", "Umar",
]
KEYS = [names.keys_of(name) for name in WRITTEN]
WORDS = sorted({word for keys in KEYS for word in keys} | {"", "a", "b", "ab", "ba"})


def jaro_parts(a: str, b: str) -> tuple[float, int, int]:
    """The project's Jaro similarity of a and b, their out-of-order matched letters and common prefix."""
    window = max(len(a), len(b)) // 2 - 1
    taken = [False] * len(b)
    ours = []
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not taken[j] and b[j] == char:
                taken[j] = True
                ours.append(char)
                break
    theirs = [char for char, used in zip(b, taken) if used]
    out_of_order = sum(x != y for x, y in zip(ours, theirs))
    prefix = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return reference.jaro_winkler(a, b, 0.0), out_of_order, prefix


def misspelt(word: str, rng: random.Random) -> str:
    """The word with a letter changed, dropped, added or two swapped."""
    if len(word) < 2:
        return word + rng.choice("bdhklmnrst")
    i = rng.randrange(len(word) - 1)
    how = rng.randrange(4)
    if how == 0:
        return word[:i] + rng.choice("bdhklmnrst") + word[i + 1:]
    if how == 1:
        return word[:i] + word[i + 1:]
    if how == 2:
        return word[:i] + rng.choice("bdhklmnrst") + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def word_pairs(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    pairs = list(product(WORDS, WORDS))
    for _ in range(count):
        word = rng.choice(WORDS)
        pairs.append((word, misspelt(word, rng)))
        pairs.append(("".join(rng.choice("bdhkmnrst") for _ in range(rng.randint(1, 8))),
                      "".join(rng.choice("bdhkmnrst") for _ in range(rng.randint(1, 8)))))
    return pairs


def test_the_project_jaro_winkler_keeps_its_values():
    assert names.jaro_winkler("martha", "marhta") == pytest.approx(0.9611, abs=1e-4)
    assert names.jaro_winkler("dixon", "dicksonx") == pytest.approx(0.8133, abs=1e-4)
    for a, b in word_pairs(3000, 1):
        assert names.jaro_winkler(a, b) == reference.jaro_winkler(a, b), (a, b)
    assert names.jaro_winkler("", "") == 1.0 and names.jaro_winkler("", "mhmd") == 0.0
    assert names.jaro_winkler("l", "l") == 1.0 and names.jaro_winkler("l", "m") == 0.0


def test_rapidfuzz_differs_only_where_documented_and_never_below_ours_from_the_threshold():
    differs = {"odd transpositions": 0, "boost threshold": 0}
    for a, b in word_pairs(20000, 2):
        ours, theirs = reference.jaro_winkler(a, b), JaroWinkler.similarity(a, b)
        jaro, out_of_order, prefix = jaro_parts(a, b)
        odd = out_of_order % 2 == 1
        unboosted = prefix > 0 and jaro <= names.BOOST_THRESHOLD and a != b
        if not odd and not unboosted:
            assert theirs == ours, (a, b)  # to the last bit
        else:
            differs["odd transpositions" if odd else "boost threshold"] += 1
        if ours >= names.JW_EXACT_FROM:
            assert theirs >= ours, (a, b)
    # both differences occur among these pairs, so the rule above was put to the test
    assert min(differs.values()) > 50, differs
    assert JaroWinkler.similarity("krtahtb", "sbdblrakt") > reference.jaro_winkler("krtahtb", "sbdblrakt")


@pytest.mark.parametrize("fuzzy_min", [0.88, 0.9, 0.83, 0.8, 0.7, 0.5, 0.3])
def test_the_fuzzy_choice_is_the_reference_one(fuzzy_min):
    rng = random.Random(int(fuzzy_min * 100))
    chosen = 0
    for _ in range(4000):
        word = rng.choice(WORDS)
        others = [rng.choice(WORDS) for _ in range(rng.randint(0, 5))]
        for _ in range(rng.randint(0, 3)):
            others.insert(rng.randrange(len(others) + 1), misspelt(word, rng))
        best = max(others, key=lambda other: reference.jaro_winkler(word, other), default=None)
        expected = None
        if best is not None and len(word) >= 3 and reference.jaro_winkler(word, best) >= fuzzy_min:
            expected = others.index(best)
        assert names.best_fuzzy(word, others, fuzzy_min) == expected, (word, others)
        chosen += expected is not None
    assert chosen > 500


def key_pairs(seed: int) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    rng = random.Random(seed)
    pairs = list(product(KEYS, KEYS))
    for _ in range(3000):
        keys = list(rng.choice(KEYS))
        if keys and rng.random() < 0.7:
            i = rng.randrange(len(keys))
            keys[i] = misspelt(keys[i], rng)
        if len(keys) > 1 and rng.random() < 0.3:
            rng.shuffle(keys)
        if len(keys) > 1 and rng.random() < 0.2:
            keys[:2] = [keys[0] + keys[1]]
        pairs.append((rng.choice(KEYS), tuple(keys)))
    return pairs


def test_levels_and_matched_words_are_the_reference_ones():
    levels = set()
    for ours, theirs in key_pairs(3):
        for fuzzy_min in (P.names_fuzzy_min, 0.75):
            expected = reference.name_match(ours, theirs, fuzzy_min)
            assert names.name_match(ours, theirs, fuzzy_min) == expected, (ours, theirs)
            levels.add(expected[0])
    assert levels == set(names.LEVEL_ORDER)


def profiles_of(kind: str, count: int, rng: random.Random) -> list[Profile]:
    found = []
    for number in range(count):
        written = [rng.choice(WRITTEN) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        if rng.random() < 0.3:
            written = [" ".join(misspelt(word, rng) if rng.random() < 0.5 else word for word in name.split())
                       for name in written]
        if rng.random() < 0.05:
            written = []
        found.append(Profile(f"{kind}-{number}", kind, names=tuple(written)))
    return found


def test_the_evidence_of_many_candidates_is_the_reference_evidence():
    rng = random.Random(4)
    everyone = {kind: profiles_of(kind, 400, rng) for kind in ("remains", "sighting", "report")}
    # a rare name the remains were identified as elsewhere (a document)
    everyone["report"].insert(0, Profile("report-rare", "report", names=("Zerihun Gebrekidan",)))
    everyone["remains"].append(Profile("remains-rare", "remains", names=("Zerihun Gebre Kidan",)))
    rarity = Rarity([RecordTerms(p.uid, p.kind, name_keys=tuple(k for n in p.names if (k := names.keys_of(n))))
                     for kind in everyone for p in everyone[kind]])
    def strict(kind):  # names carried by up to 3 records count as rare
        params = P.for_kind(kind)
        return replace(params, identifying=replace(params.identifying, rare_name_max_records=3))

    seen_levels, seen_identifiers = set(), set()
    for report in everyone["report"][:120]:
        for kind, candidates in everyone.items():
            for params, counts in ((strict(kind), rarity), (P.for_kind(kind), None)):
                expected = [reference.compare_names(report, c, params, counts) for c in candidates]
                assert names.compare_names_many(report, candidates, params, counts) == expected
                seen_levels |= {found.level for found in expected if found is not None}
                seen_identifiers |= {found.identifier for found in expected if found is not None}
    assert seen_levels == set(names.LEVEL_ORDER)
    assert {"document", "rare_name"} <= seen_identifiers
    one = everyone["report"][0]
    assert [names.compare_names(one, c, P, rarity) for c in everyone["sighting"]] == \
        [reference.compare_names(one, c, P, rarity) for c in everyone["sighting"]]
    assert names.compare_names_many(Profile("x", "report"), everyone["sighting"][:3], P) == [None] * 3
    assert names.compare_names_many(one, [], P) == []


def test_pairs_that_find_the_same_share_what_they_found_and_quote_their_own_names():
    """The name stage gives the pairs of a call that found the same one object (`NamesFound`):
    each pair's evidence, its names quoted, is the reference's, even once the shapes are gone."""
    rng = random.Random(11)
    reports, sightings = profiles_of("report", 30, rng), profiles_of("sighting", 300, rng)
    rarity = Rarity([RecordTerms(p.uid, p.kind, name_keys=tuple(k for n in p.names if (k := names.keys_of(n))))
                     for p in reports + sightings])
    aliases = 0
    for report in reports:
        found = names.find_names_many(report, sightings, P, rarity)
        different = {id(item) for item in found if item is not None and item.evidence.level == "different"}
        assert len(different) <= 1
        assert all(item is None or item.evidence.said == "" for item in found)
        aliases += sum(item is not None and (item.ours, item.theirs) != (0, 0) for item in found)
        names._SHAPES.clear()
        assert [None if item is None else item.full(report, sighting) for item, sighting in zip(found, sightings)] \
            == [reference.compare_names(report, sighting, P, rarity) for sighting in sightings]
    assert aliases > 0


# Pairs of names where the words in common do not decide alone: a compound that shows only once
# the word in common is set aside, a repeated word, a word of theirs near one of ours that is also
# a word of another of our names, misspellings beside a word in common, aliases in any order.
CRAFTED = [
    (("Gebre Ali Mariam",), ("Gebremariam Ali",)),
    (("Gebremariam Ali",), ("Gebre Ali Mariam",)),
    (("Ali Ali Hassan",), ("Ali Hassan",)),
    (("Ali Hassan",), ("Ali Ali Hasan",)),
    (("Mohamed Ali Mohamed",), ("Mohammed Ali",)),
    (("Ali Hassan", "Hasan Omar"), ("Hasan Ali",)),
    (("Yonas Tesfay Habtom",), ("Yonas Tesfamariam Habtom",)),
    (("Hamza Ali",), ("Ali Hamzah",)),
    (("Tesfalem Ali Gebre", "Dembel"), ("Tesfaldet Ali Gebre", "Demba Ali")),
    (("Abdel Rahman Ali",), ("Abdelrahman Ali Rahman",)),
    (("Filmon Tekle",), ("Tekle Filmon", "Filmon")),
    (("Filmon Tekle", "Filimon"), ("Teklay Filmon", "Tekle Filmon")),
    (("Omar",), ("Umar Omar",)),
]


def test_pairs_of_names_the_words_in_common_do_not_decide_are_the_reference_ones():
    """`best_names` decides most pairs by the words in common: never where a compound, a repeated
    word or a near word may count (then it is the reference's word-by-word comparison)."""
    records = [Profile(f"A:{n}", kind, names=names) for n, pair in enumerate(CRAFTED)
               for names, kind in zip(pair, ("report", "sighting"))]
    rarity = Rarity([RecordTerms(p.uid, p.kind, name_keys=tuple(names.keys_of(n) for n in p.names))
                     for p in records])
    levels = set()
    for ours, theirs in CRAFTED:
        report, sighting = Profile("A:R", "report", names=ours), Profile("A:S", "sighting", names=theirs)
        for counts in (rarity, None):
            expected = reference.compare_names(report, sighting, P, counts)
            assert names.compare_names_many(report, [sighting], P, counts) == [expected], (ours, theirs)
            levels.add(expected.level)
    assert {"exact", "subset", "fuzzy", "one_word"} <= levels, levels


def test_a_screening_started_afresh_or_reused_screens_the_same(monkeypatch):
    """A word of a report is screened once a run against each word it meets, and again from
    nothing past `SCREENED_MAX` words: the evidence is the reference's either way."""
    rng = random.Random(9)
    reports, sightings = profiles_of("report", 60, rng), profiles_of("sighting", 200, rng)
    expected = [[reference.compare_names(report, c, P) for c in sightings[start:start + 40]]
                for report in reports for start in (0, 80, 160)]
    for limit in (names.SCREENED_MAX, 3):
        monkeypatch.setattr(names, "SCREENED_MAX", limit)
        names.screening.cache_clear()
        got = [names.compare_names_many(report, sightings[start:start + 40], P)
               for report in reports for start in (0, 80, 160)]
        assert got == expected
    seen = names.screening(names.names_shape(reports[0].names).long_words[0], names.screen_cutoff(P.names_fuzzy_min))
    assert seen.screened and seen.near <= seen.screened


def test_evidence_said_otherwise_is_the_evidence_replaced():
    from identify.evidence.profiles import Evidence, said_of

    original = Evidence("names", "exact", 2.5, "'A' and 'B'", m=0.9, u=0.01, identifier="document")
    other = said_of(original, "'C' and 'D'")
    assert other == replace(original, said="'C' and 'D'") and type(other) is Evidence
    assert original.said == "'A' and 'B'" and hash(other) == hash(replace(original, said="'C' and 'D'"))
    with pytest.raises(AttributeError):
        other.said = "changed"  # type: ignore[misc]


# --- a match run, before and after ----------------------------------------------------------

# A run's own clock: when each report was matched and each candidate or result written.
TIMES = ("matched_at", "created_at", "second_look_at", "settled_at")


def snapshot(store) -> dict[tuple[str, str], dict]:
    """Every candidate's properties but the run's time stamps, by report and record."""
    rows = store.read(
        "MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t) "
        "RETURN r.uid AS report, t.uid AS target, properties(c) AS c", {})
    return {(row["report"], row["target"]): {key: value for key, value in row["c"].items() if not key.endswith("_at")}
            for row in rows}


def forget_matching(store) -> None:
    store.write("MATCH (c:Candidate) DETACH DELETE c", {})
    store.write("MATCH (r:Report) REMOVE r.matched_at", {})


class Quoted(NamedTuple):
    """The reference's evidence of a pair, its names quoted already, as the match takes a pair's names."""

    evidence: Evidence

    def said(self, report: Profile, candidate: Profile) -> str:
        return self.evidence.said


def the_reference_many(report, candidates, params, rarity=None):
    return [None if (found := reference.compare_names(report, candidate, params, rarity)) is None else Quoted(found)
            for candidate in candidates]


def empty_caches() -> None:
    for module in (names, reference):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@pytest.mark.neo4j
def test_a_match_run_keeps_the_same_candidates_with_the_same_scores(load_scenario, _session_store, monkeypatch):
    """The match with the per-pair pure-Python name comparison (every pair's evidence quoting its
    names), then with the name stage it runs (`find_names_many`, the names quoted for the pairs
    kept): the same candidates and the same graph, to the last property."""
    store = _session_store
    load_scenario(150, 23, "NAMES")
    empty_caches()
    with monkeypatch.context() as patched:
        patched.setattr(match, "find_names_many", the_reference_many)
        match.run_match(store)
    before = snapshot(store)
    before_graph = fingerprint(store, times=TIMES)
    forget_matching(store)
    assert snapshot(store) == {} and fingerprint(store, times=TIMES) != before_graph
    empty_caches()
    match.run_match(store)
    after = snapshot(store)
    # the same candidates, log10 LRs, pairwise and joint posteriors, bands and evidence, exactly
    assert after == before
    assert fingerprint(store, times=TIMES) == before_graph
    assert all({"log10_lr", "posterior", "pairwise_posterior", "band", "evidence"} <= set(c) for c in before.values())
    levels = {item["level"] for candidate in before.values()
              for item in json.loads(candidate["evidence"]) if item["kind"] == "names"}
    assert len(before) > 500 and {"exact", "fuzzy", "one_word", "different"} <= levels, levels


def test_agreements_are_freed_with_the_counts_they_were_counted_in():
    """A long-lived process (the inquiry worker) runs many matches: an ended run's counts go."""
    import gc
    import weakref

    ours = Profile("A:R", "report", names=("Filmon Tekle",))
    theirs = Profile("A:S", "sighting", names=("Filmon Tekle",))
    rarity = Rarity([RecordTerms(p.uid, p.kind, name_keys=(names.keys_of(p.names[0]),)) for p in (ours, theirs)])
    found = names.compare_names(ours, theirs, P, rarity)
    assert found is not None and found.level == "exact" and "2 of 2 named records" in found.said
    assert rarity in names._AGREEMENTS
    counts = weakref.ref(rarity)
    del rarity
    gc.collect()
    assert counts() is None and len(names._AGREEMENTS) == 0
