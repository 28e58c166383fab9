"""The graph as the engine sees it: blocking indexes, journeys, profiles, kinship results.

Everything here is read through named queries (`queries/match_*.cypher`) and turned into the
pure structures of `identify.blocking` and `identify.evidence`; nothing else in the engine reads
the graph.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graphmodel.store_protocol import GraphStore
from queries.catalog import named_query

from .blocking import Journey, VoyageEnd
from .evidence.name_similarity import keys_of
from .evidence.profiles import KinshipResult, Population, Profile, day_span
from .evidence.rarity import Rarity, RecordTerms
from .index import IndexedRecord, KindIndex, birth_years, route_areas


def run(store: GraphStore, name: str, **parameters: Any) -> list[dict[str, Any]]:
    """Rows of a named read query (whose results hold values, maps and lists, not nodes)."""
    query = named_query(name)
    bound = query.bind(parameters)
    read_records = getattr(store, "read_records", None)
    if read_records is None:
        return store.read(query.text, bound)
    # the records' values are plain already; Record.data() would walk every one of them again
    return [dict(record.items()) for record in read_records(query.text, bound)]


def instant(text: str | None) -> datetime | None:
    """A Neo4j datetime string (any fraction length, Z or an offset) as an aware datetime."""
    if not text:
        return None
    head, _, rest = text.partition(".")
    if rest:
        digits = "".join(ch for ch in rest if ch.isdigit())
        text = f"{head}.{digits[:6].ljust(6, '0')}{rest[len(digits):]}"
    try:
        return datetime.fromisoformat(text.split("[")[0].replace("Z", "+00:00"))
    except ValueError:
        return None


def latest(stamps: Any) -> str | None:
    """The latest of one stamp or a list of them (as the graph gave it), or None."""
    if stamps is None or isinstance(stamps, str):
        return stamps
    known = [(moment, stamp) for stamp in stamps if (moment := instant(stamp)) is not None]
    return max(known)[1] if known else None


def _point(lat: Any, lon: Any) -> tuple[float, float] | None:
    return None if lat is None or lon is None else (float(lat), float(lon))


def _name_keys(names: Iterable[str | None]) -> tuple[tuple[str, ...], ...]:
    return tuple(keys for name in names if name and (keys := keys_of(name)))


def indexed(kind: str, row: dict[str, Any]) -> IndexedRecord:
    """An index row of match_index_* as an IndexedRecord."""
    points = row.get("points")
    point = tuple(points[0]) if points else _point(row.get("lat"), row.get("lon"))
    span = day_span(row.get("date"))
    age_min, age_max = _number(row.get("age_min")), _number(row.get("age_max"))
    return IndexedRecord(
        uid=row["uid"], kind=kind, span=span, point=point,  # type: ignore[arg-type]
        voyages=tuple(row.get("voyages") or ()), incidents=tuple(row.get("incidents") or ()),
        routes=tuple(row.get("routes") or ()), name_keys=_name_keys(row.get("names") or ()),
        updated=latest(row.get("updated")), sex=row.get("sex"), age_min=age_min,
        age_max=age_max, height_min_cm=_number(row.get("height_min_cm")),
        height_max_cm=_number(row.get("height_max_cm")),
        birth_years=birth_years(day_span(row.get("date_of_birth")), age_min, age_max, span),
    )


def voyage_end(row: dict[str, Any]) -> VoyageEnd:
    return VoyageEnd(
        uid=row["uid"], departure=day_span(row.get("departure_date")),
        departure_point=_point(row.get("departure_lat"), row.get("departure_lon")),
        end=day_span(row.get("end_date")), end_point=_point(row.get("end_lat"), row.get("end_lon")),
        incidents=tuple(row.get("incidents") or ()), routes=tuple(row.get("routes") or ()),
        updated=row.get("updated"),
    )


@dataclass
class ReportRow:
    """What the index holds of a report beyond its IndexedRecord: all its places, when matched."""

    record: IndexedRecord
    points: tuple[tuple[float, float], ...]
    matched_at: str | None


@dataclass
class World:
    """Indexes of every record kind, voyages by uid, report rows and the population sizes."""

    indexes: dict[str, KindIndex]
    voyages: dict[str, VoyageEnd]
    reports: dict[str, ReportRow]
    refers: dict[str, list[str]] = field(default_factory=dict)  # report uid -> sighting uids
    population: Population = field(default_factory=Population)
    areas: dict[str, frozenset] = field(default_factory=dict)  # route -> its one-degree cells
    # remains and sightings that give nothing to compare but perhaps DNA: by kind, their uids
    undescribed: dict[str, list[str]] = field(default_factory=dict)

    def journey(self, report_uid: str, dna: Iterable[str] = ()) -> Journey:
        """The journey of one report, for blocking."""
        row = self.reports[report_uid]
        voyages = tuple(self.voyages[v] for v in row.record.voyages if v in self.voyages)
        routes = tuple(dict.fromkeys(row.record.routes + tuple(r for v in voyages for r in v.routes)))
        return Journey(
            report_uid=report_uid, last_seen=row.record.span, points=row.points, voyages=voyages,
            routes=routes, name_keys=row.record.name_keys, refers=tuple(self.refers.get(report_uid, ())),
            dna=tuple(dna), birth_years=row.record.birth_years,
        )


def located_on_routes(remains: list[IndexedRecord], sightings: list[IndexedRecord],
                      reports: dict[str, "ReportRow"], voyages: dict[str, VoyageEnd]) -> Iterable[tuple[str, tuple]]:
    """(route, point) of every record whose route and position the graph gives."""
    for record in (*remains, *sightings):
        if record.point is not None:
            for route in record.routes:
                yield route, record.point
    for row in reports.values():
        for route in row.record.routes:
            for point in row.points:
                yield route, point
    for voyage in voyages.values():
        for route in voyage.routes:
            for point in (voyage.departure_point, voyage.end_point):
                if point is not None:
                    yield route, point


def load_world(store: GraphStore, area_km: float = 250.0) -> World:
    """Read every index row once and build the blocking indexes and the routes' areas."""
    counts = run(store, "match_population")[0]
    remains = [indexed("remains", row) for row in run(store, "match_index_remains")]
    refers: dict[str, list[str]] = defaultdict(list)
    sightings = []
    for row in run(store, "match_index_sightings"):
        sightings.append(indexed("sighting", row))
        for report_uid in row.get("refers") or ():
            refers[report_uid].append(row["uid"])
    reports: dict[str, ReportRow] = {}
    for row in run(store, "match_index_reports"):
        record = indexed("report", row)
        points = tuple(tuple(p) for p in row.get("points") or ())
        reports[record.uid] = ReportRow(record, points, row.get("matched_at"))  # type: ignore[arg-type]
    voyages = {row["uid"]: voyage_end(row) for row in run(store, "match_voyages")}
    areas = route_areas(located_on_routes(remains, sightings, reports, voyages), area_km)
    names = {record.uid: record.name_keys for record in (*remains, *sightings)}
    names.update((uid, row.record.name_keys) for uid, row in reports.items())
    term_rows = [terms(row, names.get(row["uid"], ())) for row in run(store, "match_rarity_terms")]
    rarity = Rarity(term_rows)
    described = {row.uid for row in term_rows if row.marks or row.clothing or row.personal_effects or row.description}
    undescribed = {kind: sorted(record.uid for record in records if record.uid not in described and empty(record))
                   for kind, records in (("remains", remains), ("sighting", sightings))}
    population = Population(remains=counts["remains"], sighting=counts["sightings"], report=counts["reports"],
                            rarity=rarity)
    return World(
        indexes={"remains": KindIndex("remains", remains), "sighting": KindIndex("sighting", sightings),
                 "report": KindIndex("report", [row.record for row in reports.values()])},
        voyages=voyages, reports=reports, refers=dict(refers), population=population, areas=areas,
        undescribed=undescribed,
    )


def empty(record: IndexedRecord) -> bool:
    """Whether a record gives blocking and scoring nothing: no date, place, link, name or body."""
    return (record.span is None and record.point is None and not record.voyages and not record.incidents
            and not record.routes and not record.name_keys and record.sex not in ("M", "F")
            and record.age_min is None and record.age_max is None
            and record.height_min_cm is None and record.height_max_cm is None)


def terms(row: dict[str, Any], name_keys: tuple[tuple[str, ...], ...]) -> RecordTerms:
    """A row of match_rarity_terms as the words rarity counts."""
    return RecordTerms(uid=row["uid"], kind=row["kind"], name_keys=name_keys, marks=_tuple(row.get("marks")),
                       clothing=_tuple(row.get("clothing")), personal_effects=_tuple(row.get("personal_effects")),
                       description=row.get("description"), date_of_birth=row.get("date_of_birth"),
                       nationality=row.get("nationality"), sex=row.get("sex"))


def _tuple(values: Any) -> tuple[str, ...]:
    if not values:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values if v)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def profile_of(kind: str, row: dict[str, Any]) -> Profile:
    """A profile map of match_profiles_* as a Profile."""
    if kind == "remains":
        names = _tuple(row.get("identified_as"))
    else:
        names = (*_tuple(row.get("full_name")), *_tuple(row.get("other_names")))
    return Profile(
        uid=row["uid"], kind=kind, sex=row.get("sex"), age_min=_number(row.get("age_min")),
        age_max=_number(row.get("age_max")), date_of_birth=row.get("date_of_birth"), date=row.get("date"),
        height_min_cm=_number(row.get("height_min_cm")), height_max_cm=_number(row.get("height_max_cm")),
        hair_colour=row.get("hair_colour"), eye_colour=row.get("eye_colour"),
        marks=_tuple(row.get("distinguishing_marks")), clothing=_tuple(row.get("clothing")),
        personal_effects=_tuple(row.get("personal_effects")), description=row.get("description"),
        names=names, nationality=row.get("nationality"), departure_date=row.get("departure_date"),
        reported_on=row.get("reported_on"), record_id=row.get("record_id"), agency=row.get("agency"),
        dna_screened=bool(row.get("dna_screened")), unverified=bool(row.get("unverified")),
        dna_references=tuple(sorted(str(r) for r in row.get("dna_references") or () if r)),
        dna_loci=max((int(n) for n in row.get("dna_loci") or () if n is not None), default=None),
    )


LOG10_FLOOR = -50.0
PROFILE_QUERIES = {"remains": "match_profiles_remains", "sighting": "match_profiles_sightings",
                   "report": "match_profiles_reports"}


def read_profiles(store: GraphStore, kind: str, uids: Iterable[str]) -> dict[str, Profile]:
    """Profiles of records of one kind, by uid."""
    wanted = sorted(set(uids))
    if not wanted:
        return {}
    rows = run(store, PROFILE_QUERIES[kind], uids=wanted)
    return {row["profile"]["uid"]: profile_of(kind, row["profile"]) for row in rows}


@dataclass(frozen=True)
class KinshipRow:
    report_uid: str
    remains_uid: str
    result: KinshipResult
    updated: str | None


def read_kinship(store: GraphStore, report_uids: Iterable[str]) -> list[KinshipRow]:
    """Every KINSHIP_MATCH of the reports' families with post-mortem profiles.

    When several profiles of the same remains were screened, the result with most loci compared
    is kept (an exclusion always wins: one inconsistent profile is enough to look again).
    """
    best: dict[tuple[str, str], KinshipRow] = {}
    for row in run(store, "match_kinship", uids=sorted(set(report_uids))):
        result = KinshipResult(
            log10_lr=_log10_lr(row), excluded=bool(row["excluded"]),
            loci_compared=row.get("loci_compared"), incompatible_loci=_count(row.get("incompatible_loci")),
            population=row.get("population"), theta=row.get("theta"),
            references=tuple(sorted(set(row.get("references") or ()))),
        )
        key = (row["report_uid"], row["remains_uid"])
        current = best.get(key)
        if current is None or _better(result, current.result):
            best[key] = KinshipRow(key[0], key[1], result, row.get("updated"))
    return list(best.values())


def _count(value: Any) -> int | None:
    """A count given as a number or as the list of what is counted (the screening lists loci)."""
    if value is None:
        return None
    return len(value) if isinstance(value, (list, tuple)) else int(value)


def _log10_lr(row: dict[str, Any]) -> float:
    """The screening's log10 LR (from `lr` when only that was stored), kept finite for JSON."""
    value = row.get("log10_lr")
    if value is None and row.get("lr") is not None:
        value = math.log10(row["lr"]) if row["lr"] > 0 else LOG10_FLOOR
    return max(float(value if value is not None else 0.0), LOG10_FLOOR)


def _better(new: KinshipResult, old: KinshipResult) -> bool:
    if new.excluded != old.excluded:
        return new.excluded
    return (new.loci_compared or 0) > (old.loci_compared or 0)


def read_existing(store: GraphStore, report_uids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The candidates the reports already have, by candidate uid."""
    return {row["uid"]: row for row in run(store, "match_existing_candidates", uids=sorted(set(report_uids)))}
