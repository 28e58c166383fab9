"""Turning the graph's rows into the engine's structures."""

from __future__ import annotations

from identify.world import _count, indexed, instant, latest, profile_of


def test_neo4j_datetime_strings_of_any_precision_compare_in_time():
    assert instant("2024-01-01T00:00:00Z") < instant("2024-01-01T00:00:00.5Z")
    assert instant("2024-01-01T00:00:00.123456789Z").microsecond == 123456
    assert latest(["2024-01-01T10:00:00Z", None, "2024-01-02T00:00:00.1Z"]) == "2024-01-02T00:00:00.1Z"
    assert latest(None) is None and instant("not a time") is None


def test_index_rows_and_profiles():
    record = indexed("report", {"uid": "A:R1", "date": "2016-05", "points": [[32.9, 12.1]],
                                "voyages": ["A:V1"], "names": ["Yonas Tesfay"], "sex": "M", "age_min": 24,
                                "updated": ["2024-01-01T00:00:00Z"]})
    assert record.point == (32.9, 12.1) and record.name_keys == (("yns", "tsf"),) and record.age_min == 24.0
    remains = profile_of("remains", {"uid": "M:B1", "identified_as": "Yonas Tesfay",
                                     "distinguishing_marks": ["scar"], "dna_screened": True})
    assert remains.names == ("Yonas Tesfay",) and remains.marks == ("scar",) and remains.dna_screened
    typed = profile_of("remains", {"uid": "M:B2", "dna_screened": True, "dna_loci": [7, None, 16]})
    assert typed.dna_loci == 16 and profile_of("remains", {"uid": "M:B3"}).dna_loci is None
    family = profile_of("report", {"uid": "A:R2", "dna_screened": True, "dna_references": ["spouse", "mother", None]})
    assert family.dna_references == ("mother", "spouse")
    assert _count(["D3S1358", "vWA"]) == 2 and _count(3) == 3 and _count(None) is None
