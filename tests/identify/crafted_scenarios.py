"""Crafted graphs for the identification tests, written as ingestion writes them.

Uids `<AGENCY>:<record_id>`, the missing person `<report uid>#missing`, the recorded person of a
sighting `<sighting uid>#person`, provenance stamps on every record, places with WGS84 points.
KINSHIP_MATCH relationships are written by hand, as the kinship screening will write them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from typing import Any

from graphmodel.store import Store
from normalise.name_keys import name_key, name_variants

STAMP = datetime(2024, 1, 1, tzinfo=timezone.utc)
LABELS = {"Report", "Person", "Remains", "Sighting", "Voyage", "Incident", "Place", "Route", "DNAProfile"}
KEYS = {"Route": "name"}


class Scenario:
    """Nodes and relationships to write in one go; labels and types come from this code only."""

    def __init__(self) -> None:
        self.nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.links: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)

    def node(self, label: str, uid: str, **props: Any) -> str:
        assert label in LABELS
        record_id = uid.split(":", 1)[-1].split("#")[0]
        stamps = {} if label in {"Place", "Route", "Person"} else {
            "record_id": record_id, "agency": uid.split(":")[0], "source_record": record_id}
        self.nodes[label].append({"key": uid, "props": {**stamps, "ingested_at": STAMP, "updated_at": STAMP,
                                                         **props}})
        return uid

    def link(self, start: tuple[str, str], rel: str, end: tuple[str, str], **props: Any) -> None:
        """A relationship with the provenance of the record that states it (its start node's)."""
        if ":" in start[1]:
            agency, record = start[1].split(":", 1)
            props = {"agency": agency, "source_record": record.split("#")[0], "ingested_at": STAMP,
                     "updated_at": STAMP, **props}
        self.links[(start[0], rel, end[0])].append({"a": start[1], "b": end[1], "props": props})

    def place(self, uid: str, lat: float, lon: float) -> tuple[str, str]:
        self.nodes["Place"].append({"key": uid, "props": {"name": uid}, "lat": lat, "lon": lon})
        return ("Place", uid)

    def report(self, uid: str, full_name: str, *, voyage: str | None = None, seen_at: tuple[str, str] | None = None,
               route: str | None = None, reported_on: str = "2016-07-01", departure_date: str | None = None,
               **person: Any) -> tuple[str, str]:
        self.node("Report", uid, reported_on=reported_on, status="believed_missing", departure_date=departure_date)
        missing = self.person(f"{uid}#missing", full_name, "missing", **person)
        self.link(("Report", uid), "REPORTED_MISSING", missing)
        if voyage:
            self.link(missing, "BOARDED", ("Voyage", voyage))
        if seen_at:
            self.link(missing, "LAST_SEEN_AT", seen_at)
        if route:
            self.link(("Report", uid), "ON_ROUTE", self.route(route))
        return ("Report", uid)

    def person(self, uid: str, full_name: str, role: str, **props: Any) -> tuple[str, str]:
        others = list(props.pop("other_names", []))
        self.node("Person", uid, role=role, full_name=full_name, name_key=name_key(full_name),
                  name_variants=name_variants([full_name, *others]), other_names=others or None, **props)
        return ("Person", uid)

    def route(self, name: str) -> tuple[str, str]:
        if not any(row["key"] == name for row in self.nodes["Route"]):
            self.nodes["Route"].append({"key": name, "props": {}})
        return ("Route", name)

    def remains(self, uid: str, *, voyage: str | None = None, incident: str | None = None,
                at: tuple[str, str] | None = None, **props: Any) -> tuple[str, str]:
        self.node("Remains", uid, identification_status=props.pop("identification_status", "unidentified"), **props)
        if voyage:
            self.link(("Remains", uid), "RECOVERED_FROM", ("Voyage", voyage))
        if incident:
            self.link(("Remains", uid), "RECOVERED_FROM", ("Incident", incident))
        if at:
            self.link(("Remains", uid), "RECOVERED_AT", at)
        return ("Remains", uid)

    def sighting(self, uid: str, full_name: str, *, voyage: str | None = None, at: tuple[str, str] | None = None,
                 refers_to: str | None = None, date: str | None = None, sighting_type: str = "disembarkation",
                 **person: Any) -> tuple[str, str]:
        self.node("Sighting", uid, date=date, sighting_type=sighting_type, reliability=5, condition="alive")
        recorded = self.person(f"{uid}#person", full_name, "recorded", **person)
        self.link(("Sighting", uid), "RECORDS", recorded)
        if voyage:
            self.link(("Sighting", uid), "ABOARD", ("Voyage", voyage))
        if at:
            self.link(("Sighting", uid), "SEEN_AT", at)
        if refers_to:
            self.link(("Sighting", uid), "REFERS_TO", ("Report", refers_to))
        return ("Sighting", uid)

    def kinship(self, remains_uid: str, report_uid: str, log10_lr: float, *, excluded: bool = False,
                loci: int = 21, relative: str | None = None, genotypes: list[str] | None = None) -> None:
        """A post-mortem profile of the remains and its KINSHIP_MATCH with the report's family.

        `genotypes` (`LOCUS=a,b` as ingestion stores them) when the profile itself matters."""
        profile = f"{remains_uid}-PM"
        if not any(row["key"] == profile for row in self.nodes["DNAProfile"]):
            extra = {"genotypes": genotypes} if genotypes else {}
            self.node("DNAProfile", profile, sample_kind="post_mortem", loci_typed=loci, **extra)
            self.link(("DNAProfile", profile), "SAMPLED_FROM", ("Remains", remains_uid))
        self.link(("DNAProfile", profile), "KINSHIP_MATCH", ("Report", report_uid),
                  log10_lr=log10_lr, lr=10 ** log10_lr, excluded=excluded, loci_compared=loci,
                  incompatible_loci=4 if excluded else 0, population="africa", theta=0.01,
                  updated_at=STAMP)

    def write(self, store: Store) -> None:
        for label, rows in self.nodes.items():
            key = KEYS.get(label, "uid")
            point = ", n.location = point({latitude: row.lat, longitude: row.lon})" if label == "Place" else ""
            store.write_batches(f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) "
                                f"SET n += row.props{point}", rows)
        for (start, rel, end), rows in self.links.items():
            start_key, end_key = KEYS.get(start, "uid"), KEYS.get(end, "uid")
            store.write_batches(f"UNWIND $rows AS row MATCH (a:{start} {{{start_key}: row.a}}) "
                                f"MATCH (b:{end} {{{end_key}: row.b}}) MERGE (a)-[r:{rel}]->(b) "
                                "SET r += row.props", rows)
        self.nodes.clear()
        self.links.clear()


def central_mediterranean() -> Scenario:
    """A capsized voyage out of Zuwara, its remains and survivors, and the reports of its passengers.

    R1 (Yonas Tesfay Habtom) boarded V1 and died: B1 is him (DNA, tattoo, ring), B2 is another
    passenger (DNA excludes him), B3 a woman recovered near the wreck, B5 a man washed ashore at
    Zuwara, B4 remains in the Aegean a year later. S1 registers a survivor of V1 with a similar
    name, R2 is a second report of R1 by another relative. R3 is another family's report, of a man
    last seen in Zuwara with no known voyage.
    """
    s = Scenario()
    zuwara = s.place("Zuwara", 32.9312, 12.0820)
    wreck = s.place("wreck V1", 33.40, 12.30)
    near_wreck = s.place("38 km east of wreck V1", 33.45, 12.70)
    lampedusa = s.place("Lampedusa", 35.5015, 12.6080)
    lesvos = s.place("Lesvos", 39.10, 26.55)
    s.node("Voyage", "AAA:V1", departure_date="2016-05-24", outcome="capsized", outcome_date="2016-05-25")
    s.link(("Voyage", "AAA:V1"), "DEPARTED_FROM", zuwara)
    s.link(("Voyage", "AAA:V1"), "ENDED_AT", wreck)
    s.link(("Voyage", "AAA:V1"), "ON_ROUTE", s.route("Central Mediterranean"))
    s.node("Incident", "IOM:I1", date="2016-05-25", dead=45)
    s.link(("Voyage", "AAA:V1"), "ENDED_IN", ("Incident", "IOM:I1"))
    s.report("AAA:R1", "Yonas Tesfay Habtom", voyage="AAA:V1", seen_at=zuwara, sex="M", age_min=24, age_max=24,
             last_seen_date="2016-05-24", height_min_cm=175, height_max_cm=175, hair_colour="short black",
             distinguishing_marks=["tattoo of a lion on right forearm"], personal_effects=["silver ring"],
             nationality="ERI")
    s.report("AAA:R2", "Tesfai Yonas", voyage="AAA:V1", reported_on="2017-02-01", sex="M", age_min=23,
             age_max=25, last_seen_date="2016-05", personal_effects=["a silver ring on the finger"])
    s.report("AAA:R3", "Mohamed Ahmed Ibrahim", seen_at=zuwara, route="Central Mediterranean", sex="M",
             age_min=30, age_max=30, last_seen_date="2016-05-20", height_min_cm=168, height_max_cm=168)
    s.remains("MORGUE:B1", voyage="AAA:V1", at=wreck, sex="M", age_min=20, age_max=30, height_min_cm=170,
              height_max_cm=180, recovery_date="2016-05-28", hair_colour="black",
              distinguishing_marks=["tattoo, right forearm (lion)"], personal_effects=["ring, white metal"])
    s.remains("MORGUE:B2", incident="IOM:I1", at=wreck, sex="M", age_min=40, age_max=50, height_min_cm=160,
              height_max_cm=165, recovery_date="2016-05-28")
    s.remains("MORGUE:B3", at=near_wreck, sex="F", age_min=20, age_max=30, recovery_date="2016-06-02")
    s.remains("MORGUE:B4", at=lesvos, sex="M", age_min=20, age_max=30, recovery_date="2017-03-01")
    s.remains("MORGUE:B5", at=zuwara, sex="M", age_min=25, age_max=35, recovery_date="2016-06-10",
              clothing=["jeans, blue"])
    s.sighting("RC:S1", "Yonas Tesfai", voyage="AAA:V1", at=lampedusa, date="2016-05-26", sex="M",
               age_min=25, age_max=25, nationality="ERI")
    s.kinship("MORGUE:B1", "AAA:R1", 9.1)
    s.kinship("MORGUE:B2", "AAA:R1", -3.0, excluded=True)
    return s


LOCI = ("D3S1358", "vWA", "D16S539", "CSF1PO", "TPOX", "D8S1179", "D21S11", "D18S51", "D2S441", "D19S433",
        "TH01", "FGA", "D22S1045", "D5S818", "D13S317", "D7S820", "D10S1248", "D1S1656", "D12S391", "D2S1338")


def genotypes(person: int, loci: int = 20, one_allele: int = 0) -> list[str]:
    """A made-up profile of `person` (the same number, the same profile), as ingestion stores it;
    the last `one_allele` loci show one allele (drop-out), and only the first `loci` are typed."""
    from kinship.frequencies import load_frequencies
    table = load_frequencies("africa")
    found = []
    for index, locus in enumerate(LOCI[:loci]):
        alleles = sorted(table.table(locus), key=lambda a: -table.table(locus)[a])
        first = alleles[(person + index) % min(6, len(alleles))]
        second = alleles[(person * 3 + index * 2 + 1) % min(8, len(alleles))]
        pair = sorted({first, second}, key=float) if first != second else [first, first]
        dropped = index >= loci - one_allele
        found.append(f"{locus}={pair[0]}," if dropped else f"{locus}={pair[0]},{pair[-1]}")
    return found


def rival_claims() -> Scenario:
    """One wreck (V9), its reports and remains, made to test coherence.

    F1 (Dawit Mehari) boarded V9: B11 is his body (DNA), B12 his skull found two months later
    (the same DNA profile, partial); the coast guard CG:B11 logged the same body the same day on
    the same beach. F2 (Osman Idris): two different bodies, B13 and B14, both strong by DNA alone
    (a laboratory mix-up to sort out). F3 and F4 are two families whose DNA both strongly match
    B15 (one body cannot be two persons).
    """
    s = Scenario()
    beach = s.place("Beach of Garabulli", 32.77, 13.72)
    wreck = s.place("wreck V9", 33.10, 13.60)
    s.node("Voyage", "AAA:V9", departure_date="2019-08-01", outcome="capsized", outcome_date="2019-08-02")
    s.link(("Voyage", "AAA:V9"), "ENDED_AT", wreck)
    for number, name in ((1, "Dawit Mehari"), (2, "Osman Idris"), (3, "Khalid Yousef"), (4, "Adam Bashir")):
        s.report(f"AAA:F{number}", name, voyage="AAA:V9", sex="M", age_min=25, age_max=25,
                 last_seen_date="2019-08-01", reported_on="2019-09-01")
    for uid, day in (("MORGUE:B11", "2019-08-04"), ("MORGUE:B12", "2019-10-05"), ("MORGUE:B13", "2019-08-04"),
                     ("MORGUE:B14", "2019-08-05"), ("MORGUE:B15", "2019-08-05")):
        s.remains(uid, voyage="AAA:V9", at=beach, sex="M", age_min=20, age_max=30, recovery_date=day)
    s.remains("CG:B11", voyage="AAA:V9", at=beach, sex="M", recovery_date="2019-08-04",
              identification_status="unidentified")
    s.kinship("MORGUE:B11", "AAA:F1", 11.0, genotypes=genotypes(1))
    s.kinship("MORGUE:B12", "AAA:F1", 8.0, loci=14, genotypes=genotypes(1, loci=14, one_allele=2))
    s.kinship("MORGUE:B13", "AAA:F2", 9.0, genotypes=genotypes(2))
    s.kinship("MORGUE:B14", "AAA:F2", 8.5, genotypes=genotypes(3))
    s.kinship("MORGUE:B15", "AAA:F3", 9.5, genotypes=genotypes(4))
    s.kinship("MORGUE:B15", "AAA:F4", 8.0)
    return s
