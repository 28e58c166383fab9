"""Another report of the same person is proposed, also when everyone has a common name.

Two families spell a name their own way (Qaderi and Ghaderi, Diop and Jobe), and often only one
word of it comes out the same as a transliteration key; one of them gives a date of birth, the
other an age. Among a hundred namesakes, that report must still reach the scoring and be kept.
"""

from __future__ import annotations

from dataclasses import replace

from identify.evidence.parameters import load_parameters
from identify.evidence.profiles import Evidence, Population, day_span
from identify.index import KindIndex, birth_years, name_birth_keys, name_pairs
from identify.match import MatchRun
from identify.refresh import Scored, select
from identify.scoring import combine
from identify.world import ReportRow, World, indexed, profile_of

P = load_parameters()


def report_row(uid: str, name: str, **fields) -> dict:
    return {"uid": uid, "names": [name], "sex": "M", **fields}


def crowd() -> list[dict]:
    """A graph of common names: the report, its duplicate, and namesakes of other ages."""
    rows = [
        report_row("A:R1", "Mohammad Qaderi", date_of_birth="1976-01-26", date="2015-03-10"),
        # the same man reported by his brother: another spelling, an age instead of a date of birth,
        # no place, no voyage
        report_row("A:R2", "Mohammad Ghaderi", age_min=39, age_max=40, date="2015-03", height_min_cm=155,
                   height_max_cm=155),
    ]
    # a hundred men of the very same name, born in other years (each a name-index hit of R1)
    rows += [report_row(f"A:N{n}", "Muhammad Qadiri", date_of_birth=str(1940 + n % 30), date="2015-03")
             for n in range(100)]
    # and twenty Mohammads of his age with other family names
    rows += [report_row(f"A:M{n}", "Mohammed Ahmadi", age_min=39, age_max=39, date="2015-04") for n in range(20)]
    return rows


def world_of(rows: list[dict]) -> World:
    reports = {row["uid"]: ReportRow(indexed("report", row), (), None) for row in rows}
    indexes = {"report": KindIndex("report", [row.record for row in reports.values()]),
               "remains": KindIndex("remains", []), "sighting": KindIndex("sighting", [])}
    return World(indexes=indexes, voyages={}, reports=reports, population=Population(report=len(rows)))


def proposed(rows: list[dict], report_uid: str) -> dict:
    """What a match run would score in full for the report: its other reports, by uid."""
    world = world_of(rows)
    run = MatchRun(store=None, params=P)  # type: ignore[arg-type]
    run.population = world.population
    journey = world.journey(report_uid)
    found = run.neighbourhoods(world, journey)
    source = next(row for row in rows if row["uid"] == report_uid)
    profile = profile_of("report", {**source, "full_name": source["names"][0]})
    return run.choose(profile, world, journey, found, set())["report"]


def test_the_two_spellings_share_one_word_and_a_year_of_birth():
    rows = crowd()
    first, second = (indexed("report", row) for row in rows[:2])
    assert not name_pairs(first.name_keys) & name_pairs(second.name_keys)  # `kdr` and `ghdr`
    assert 1976 in first.birth_years and 1976 in second.birth_years
    assert ("mhmd", 1976) in name_birth_keys(first.name_keys, first.birth_years) \
        & name_birth_keys(second.name_keys, second.birth_years)


def test_a_duplicate_report_under_a_common_name_is_proposed_among_namesakes():
    rows = crowd()
    chosen = proposed(rows, "A:R1")
    assert "A:R2" in chosen
    assert chosen["A:R2"].level == "unlinked"  # no time-and-place link: found by name and age alone
    assert len(chosen) == P.report_shortlist_size  # the namesakes were many: the shortlist did cut
    # and the other way round: the report giving an age finds the one giving a date of birth
    assert "A:R1" in proposed(rows, "A:R2")


def test_a_name_of_two_words_with_one_key_is_a_pair():
    # Hassan Hosseini and Hassan Hussaini: both words are `hsn`
    assert name_pairs([("hsn", "hsn")]) == {("hsn", "hsn")}
    assert name_pairs([("hsn",)]) == set()


def test_years_of_birth_keep_a_date_of_birth_and_an_age_that_disagree():
    # a family giving 1990-11-28 and an age of 27 on 2023-12-10 (one of them wrong): both meet
    assert birth_years(day_span("1990-11-28"), 27, 27, day_span("2023-12-10")) == (1990, 1995, 1996)
    assert birth_years(None, None, None, day_span("2020")) == ()


def test_other_reports_are_kept_apart_from_remains_and_sightings():
    params = replace(P, max_candidates_per_report=3)

    def scored(uid: str, kind: str, log10_lr: float) -> Scored:
        evidence = (Evidence("time_place", "unlinked", log10_lr, "x"),)
        return Scored("A:R1", uid, kind, combine(evidence, kind, Population(remains=100, report=100), P))

    remains = [scored(f"B{n}", "remains", 3.0 - n / 10) for n in range(5)]
    reports = [scored("R2", "report", 2.0), scored("R3", "report", 1.0)]
    kept = {item.record_uid for item in select(remains + reports, {}, params)}
    # three remains (the cap of their section), and both reports, below every remains candidate
    assert kept == {"B0", "B1", "B2", "R2", "R3"}
