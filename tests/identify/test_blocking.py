"""Blocking in memory: each neighbourhood finds what it should, and the sizes that measure u."""

from __future__ import annotations

import numpy as np

from identify.blocking import Journey, VoyageEnd, block
from identify.evidence.parameters import load_parameters
from identify.evidence.profiles import day_span
from identify.index import IndexedRecord, KindIndex, name_pairs, route_areas

P = load_parameters()
SPEC = P.time_place
WRECK = (33.40, 12.30)
ZUWARA = (32.93, 12.08)


def remains(uid: str, date: str, point, **links) -> IndexedRecord:
    return IndexedRecord(uid=uid, kind="remains", span=day_span(date), point=point, **links)


INDEX = KindIndex("remains", [
    remains("B1", "2016-05-28", WRECK, voyages=("V1",)),
    remains("B2", "2016-05-28", WRECK, incidents=("I1",)),
    remains("B3", "2016-06-02", (33.45, 12.70)),            # 37 km from the wreck, 8 days later
    remains("B4", "2016-05-27", (35.0, 18.0)),              # 550 km away
    remains("B5", "2016-09-10", (32.95, 12.10)),            # at Zuwara 109 days later
    remains("B6", "2018-04-01", (33.10, 13.40)),            # 125 km away, two years later
    remains("B7", "2016-06-20", (34.20, 11.10), routes=("Central Mediterranean",)),
    remains("B8", "2016-03-01", ZUWARA),                    # before the last sighting
])
VOYAGE = VoyageEnd("V1", departure=day_span("2016-05-24"), departure_point=ZUWARA, end=day_span("2016-05-25"),
                   end_point=WRECK, incidents=("I1",), routes=("Central Mediterranean",))


def levels_of(found, index=INDEX):
    ids, ranks, _, _ = found.positions()
    return {uid: blocked.level for uid, blocked in found.resolve(index, ids, ranks).items()}


def test_a_voyage_report_reaches_the_voyage_the_wreck_and_the_journeys_places():
    journey = Journey("R1", last_seen=day_span("2016-05-24"), points=(ZUWARA,), voyages=(VOYAGE,))
    levels = P.time_place.comparisons[("remains", "with_voyage")].names
    found = block(journey, INDEX, levels, SPEC)
    assert levels_of(found) == {"B1": "same_voyage", "B2": "same_voyage", "B3": "near_wreck",
                                "B7": "near_wreck",  # 143 km from the wreck 26 days later: drift reach
                                "B5": "nearby_in_window", "B6": "later_nearby"}
    assert found.reached["same_voyage"] == 2 and found.reached["near_wreck"] == 4  # B1, B2, B3 and B7


def test_a_report_without_voyage_reaches_its_routes_area():
    areas = route_areas([("Central Mediterranean", ZUWARA)], SPEC.route_area_km)
    journey = Journey("R3", last_seen=day_span("2016-05-20"), points=(), routes=("Central Mediterranean",))
    levels = P.time_place.comparisons[("remains", "without_voyage")].names
    found = block(journey, INDEX, levels, SPEC, areas=areas)
    level = levels_of(found)
    assert level["B7"] == "route_window"     # linked to the route
    assert level["B6"] == "route_window"     # in the route's area, within three years
    assert "B4" not in level and "B8" not in level


def test_name_pairs_need_two_words_or_one_long_compound():
    assert name_pairs([("mhmd", "hsn", "l")]) == {("hsn", "l"), ("hsn", "mhmd"), ("l", "mhmd")}
    assert name_pairs([("bdrhmn",)]) == {("bdrhmn", "")}
    assert name_pairs([("l",)]) == set()


def test_name_hits_and_the_shortlist_flags():
    sightings = KindIndex("sighting", [
        IndexedRecord("S1", "sighting", name_keys=(("ysf", "dm"),)),
        IndexedRecord("S2", "sighting", name_keys=(("ysf", "brhm"),)),
    ])
    journey = Journey("R1", name_keys=(("dm", "ysf", "hsn"),))
    found = block(journey, sightings, P.time_place.comparisons[("sighting", "without_voyage")].names, SPEC)
    ids, ranks, forced, named = found.positions()
    assert [sightings.records[i].uid for i in ids] == ["S1"]
    assert forced.tolist() == [False] and named.tolist() == [True]
    assert levels_of(found, sightings) == {"S1": "unlinked"}


def test_near_uses_great_circle_distance_and_date_overlap():
    members = INDEX.near(ZUWARA, 60.0, day_span("2016-05-20").first, day_span("2016-06-30").last)
    assert sorted(INDEX.records[i].uid for i in members.tolist()) == ["B1", "B2"]  # 53 km; B8 is too early
    year = KindIndex("remains", [remains("Y", "2016", ZUWARA)])
    assert len(year.near(ZUWARA, 10.0, day_span("2016-12-01").first, day_span("2016-12-31").last)) == 1
    assert np.isnan(KindIndex("remains", [IndexedRecord("N", "remains")]).lat[0])
