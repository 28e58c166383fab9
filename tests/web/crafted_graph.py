"""A small crafted graph for the web tests, written through the store with parameterised Cypher.

Two agencies: AAA (the testers' own) and BBB. It mirrors the ingestion conventions (uids
`<AGENCY>:<record_id>`, the missing person `...#missing`, provenance on every data node, sharing)
and holds the cases the tests need: transliterated names, a strong DNA candidate whose remains are
claimed by a second report (a conflict) and by a report shared with BBB only (a hidden conflict),
genotypes, a name with markup in it, and BBB-only records to guess at.
"""

from __future__ import annotations

import json

from graphmodel.store import Store
from normalise.name_keys import name_key, name_variants

STAMP = "2024-01-01T00:00:00Z"
GENOTYPES_REF = ["D3S1358=15,16", "vWA=17,18", "FGA=21,24"]
GENOTYPES_PM = ["D3S1358=15,17", "vWA=17,19", "FGA=21,22"]
SCRIPT_NAME = "<script>alert('x')</script> Karim"


def _node(label: str, uid: str, agency: str, sharing: str = "partners", **props: object) -> dict:
    return {"label": label, "uid": uid, "props": {"uid": uid, "agency": agency, "sharing": sharing,
            "source_file": f"{label.lower()}s.csv", "source_record": uid.split(":", 1)[1],
            "ingested_at": STAMP, "updated_at": STAMP, **props}}


def _person(uid: str, agency: str, full: str, role: str, sharing: str = "partners", **props: object) -> dict:
    others = list(props.pop("other_names", []))  # type: ignore[arg-type]
    return _node("Person", uid, agency, sharing, role=role, full_name=full, name_key=name_key(full),
                 name_variants=name_variants([full, *others]), other_names=others, **props)


NODES = [
    _node("Report", "AAA:R1", "AAA", record_id="R1", reported_on="2016-06-02", status="believed_missing",
          departure_date="2016-05-24", circumstances="Left Zuwara by boat with cousins.", last_contact="phone call"),
    _person("AAA:R1#missing", "AAA", "Mohammed Ali", "missing", father_name="Hassan", mother_name="Fatima",
            sex="M", date_of_birth="1990", other_names=["Mohamed Aly"], last_seen_date="2016-05-24",
            distinguishing_marks=["scar on left hand"], clothing=["red jacket"]),
    _person("AAA:REL1", "AAA", "Fatima Ali", "relative", sex="F"),
    _node("DNAProfile", "AAA:S-REF1", "AAA", sample_id="S-REF1", sample_kind="reference", loci_typed=3,
          genotypes=GENOTYPES_REF),
    _node("Voyage", "AAA:V1", "AAA", record_id="V1", vessel_name="Blue Star", vessel_type="wooden_boat",
          departure_date="2016-05-24", outcome="capsized", outcome_date="2016-05-25"),
    _node("Incident", "IOM:I1", "IOM", record_id="I1", date="2016-05-25", dead=45, missing=200),
    _node("Remains", "BBB:B1", "BBB", record_id="B1", case_number="CN-17-2016", recovery_date="2016-05-27",
          sex="M", age_min=20, age_max=35, identification_status="unidentified", burial_date="2016-06-10"),
    _node("DNAProfile", "BBB:S-PM1", "BBB", sample_id="S-PM1", sample_kind="post_mortem", loci_typed=3,
          genotypes=GENOTYPES_PM),
    _node("Sighting", "AAA:S1", "AAA", record_id="S1", sighting_type="disembarkation", date="2016-05-26",
          condition="alive", reliability=4),
    _person("AAA:S1#recorded", "AAA", "Mohamad Ali", "recorded"),
    _node("Report", "AAA:R2", "AAA", record_id="R2", reported_on="2016-07-01", status="believed_missing"),
    _person("AAA:R2#missing", "AAA", "محمد علي", "missing", father_name="حسن"),
    _node("Report", "BBB:R9", "BBB", "agency", record_id="R9", reported_on="2016-08-01", status="believed_missing"),
    _person("BBB:R9#missing", "BBB", "Zainab Hidden", "missing", "agency"),
    _node("Remains", "BBB:B9", "BBB", "agency", record_id="B9", case_number="SECRET-9", recovery_date="2016-09-01"),
    _node("Report", "AAA:R3", "AAA", record_id="R3", reported_on="2017-01-01"),
    _person("AAA:R3#missing", "AAA", SCRIPT_NAME, "missing"),
]
PLACES = [
    {"uid": "zuwara", "name": "Zuwara", "lat": 32.93, "lon": 12.08},
    {"uid": "lampedusa", "name": "Lampedusa", "lat": 35.50, "lon": 12.60},
    {"uid": "sea-1", "name": "Off Zuwara", "lat": 33.40, "lon": 12.30},
]
LINKS = [
    ("Report", "AAA:R1", "REPORTED_MISSING", "Person", "AAA:R1#missing", {}),
    ("Person", "AAA:REL1", "RELATIVE_OF", "Person", "AAA:R1#missing", {"relationship": "mother"}),
    ("Person", "AAA:REL1", "FILED", "Report", "AAA:R1", {}),
    ("DNAProfile", "AAA:S-REF1", "SAMPLED_FROM", "Person", "AAA:REL1", {}),
    ("Person", "AAA:R1#missing", "BOARDED", "Voyage", "AAA:V1", {}),
    ("Voyage", "AAA:V1", "ENDED_IN", "Incident", "IOM:I1", {}),
    ("Remains", "BBB:B1", "RECOVERED_FROM", "Voyage", "AAA:V1", {}),
    ("DNAProfile", "BBB:S-PM1", "SAMPLED_FROM", "Remains", "BBB:B1", {}),
    ("DNAProfile", "BBB:S-PM1", "KINSHIP_MATCH", "Report", "AAA:R1", {"log10_lr": 6.2, "lr": 1.6e6, "excluded": False,
      "loci": json.dumps([{"locus": "vWA", "log10_lr": 2.1, "missing_genotype": "17/19",
                           "reference_genotypes": {"mother": "17/18"}, "incompatible": False,
                           "why": "mother passes 17"}])}),
    ("Sighting", "AAA:S1", "RECORDS", "Person", "AAA:S1#recorded", {}),
    ("Sighting", "AAA:S1", "ABOARD", "Voyage", "AAA:V1", {}),
    ("Report", "AAA:R2", "REPORTED_MISSING", "Person", "AAA:R2#missing", {}),
    ("Person", "AAA:R2#missing", "BOARDED", "Voyage", "AAA:V1", {}),
    ("Report", "BBB:R9", "REPORTED_MISSING", "Person", "BBB:R9#missing", {}),
    ("Report", "AAA:R3", "REPORTED_MISSING", "Person", "AAA:R3#missing", {}),
    ("Remains", "BBB:B9", "RECOVERED_FROM", "Voyage", "AAA:V1", {}),
]
PLACE_LINKS = [
    ("Report", "AAA:R1", "DEPARTED_FROM", "zuwara"), ("Voyage", "AAA:V1", "DEPARTED_FROM", "zuwara"),
    ("Person", "AAA:R1#missing", "LAST_SEEN_AT", "zuwara"), ("Incident", "IOM:I1", "OCCURRED_AT", "sea-1"),
    ("Remains", "BBB:B1", "RECOVERED_AT", "lampedusa"), ("Sighting", "AAA:S1", "SEEN_AT", "lampedusa"),
]
DNA_EVIDENCE = {"kind": "dna", "log10_lr": 6.2,
                "detail": [{"locus": "D3S1358", "log10_lr": 1.9, "note": "shared allele 15"},
                           {"locus": "vWA", "log10_lr": 2.1, "note": "shared allele 17"},
                           {"locus": "FGA", "log10_lr": 2.2, "note": "shared allele 21"}]}
CANDIDATES = [
    ("AAA:R1", "AAA:R1->BBB:B1", "BBB:B1", "remains", 7.1, 0.999, "strong",
     [DNA_EVIDENCE, {"kind": "voyage", "log10_lr": 0.6, "detail": "same voyage"},
      {"kind": "sex_age", "log10_lr": 0.3, "detail": "M, 20-35 vs 26"}]),
    ("AAA:R1", "AAA:R1->AAA:S1", "AAA:S1", "sighting", 1.2, 0.3, "possible",
     [{"kind": "name", "log10_lr": 1.2, "detail": "Mohamad Ali ~ Mohammed Ali"}]),
    ("AAA:R2", "AAA:R2->BBB:B1", "BBB:B1", "remains", 4.5, 0.9, "strong",
     [{"kind": "voyage", "log10_lr": 4.5, "detail": "same voyage"}]),
    ("BBB:R9", "BBB:R9->BBB:B1", "BBB:B1", "remains", 4.4, 0.9, "strong", [{"kind": "voyage", "log10_lr": 4.4}]),
    ("AAA:R3", "AAA:R3->BBB:B9", "BBB:B9", "remains", 3.0, 0.5, "probable", [{"kind": "voyage", "log10_lr": 3.0}]),
]


def load(store: Store) -> None:
    """Write the crafted graph (the store's graph is expected to be empty)."""
    for node in NODES:
        # Labels cannot be parameters; these come from the fixture above, never from input.
        store.write(f"CREATE (n:{node['label']}) SET n = $props", {"props": node["props"]})
    store.write("UNWIND $rows AS row CREATE (p:Place {uid: row.uid, name: row.name, "
                "location: point({latitude: row.lat, longitude: row.lon})})", {"rows": PLACES})
    for a_label, a, rel, b_label, b, props in LINKS:
        store.write(f"MATCH (a:{a_label} {{uid: $a}}), (b:{b_label} {{uid: $b}}) "
                    f"CREATE (a)-[r:{rel}]->(b) SET r = $props",
                    {"a": a, "b": b, "props": props})
    for a_label, a, rel, place in PLACE_LINKS:
        store.write(f"MATCH (a:{a_label} {{uid: $a}}), (p:Place {{uid: $p}}) CREATE (a)-[:{rel}]->(p)",
                    {"a": a, "p": place})
    for report, uid, target, kind, lr, posterior, band, evidence in CANDIDATES:
        store.write(
            "MATCH (r:Report {uid: $report}), (t {uid: $target}) WHERE t:Remains OR t:Sighting "
            "CREATE (r)-[:HAS_CANDIDATE]->(c:Candidate {uid: $uid, candidate_kind: $kind, log10_lr: $lr, "
            "posterior: $posterior, band: $band, review_status: 'proposed', evidence: $evidence})-[:PROPOSES]->(t)",
            {"report": report, "uid": uid, "target": target, "kind": kind, "lr": lr, "posterior": posterior,
             "band": band, "evidence": json.dumps(evidence)})
