"""Bad input through the path users run (ingest, kinship screen, match, candidates): a
post-mortem profile with both alleles missing at most loci, remains that describe nothing. Each
gives a clear, explained result, never a crash or a silent exclusion."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

from crafted_scenarios import LOCI
from identify.scoring import DERIVED
from kinship.frequencies import load_frequencies
from scenarios.delivery import COLUMNS

pytestmark = pytest.mark.neo4j
AGENCY = "BAD"


def write(folder: Path, kind: str, rows: list[dict[str, str]]) -> None:
    with (folder / f"{kind}.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS[kind])
        writer.writeheader()
        writer.writerows(rows)


def family_profiles() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """A mother's profile and her son's (one allele from her at every locus), over 20 loci."""
    table = load_frequencies("africa")
    mother, son = [], []
    for index, locus in enumerate(LOCI):
        alleles = sorted(table.table(locus), key=lambda a: -table.table(locus)[a])[:6]
        a, b, c = alleles[index % 6], alleles[(index + 2) % 6], alleles[(index + 4) % 6]
        mother.append((locus, a, b))
        son.append((locus, a, c))
    return mother, son


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    folder = tmp_path / "delivery"
    folder.mkdir()
    mother, son = family_profiles()
    write(folder, "vessels", [{"record_id": "V1", "route": "Central Mediterranean", "departure_place": "Zuwara",
                               "departure_date": "2019-06-01", "outcome": "capsized"}])
    write(folder, "reports", [{"record_id": "R1", "reported_on": "2019-07-01", "family_name": "Habte",
                               "given_names": "Samuel", "sex": "M", "age_at_disappearance": "24",
                               "last_seen_date": "2019-06-01", "vessel_ref": "V1"}])
    write(folder, "relatives", [{"record_id": "RL1", "report_id": "R1", "family_name": "Habte",
                                 "given_names": "Tsega", "relationship": "mother", "sex": "F",
                                 "dna_sample_id": "REF1"}])
    # X1: the son's body with a profile of which only 3 loci could be typed; X2: his body's
    # record that says nothing at all but its DNA; X3: a record that says nothing and has no DNA
    write(folder, "remains", [{"record_id": "X1", "recovery_date": "2019-06-09", "vessel_ref": "V1",
                               "sex": "M", "age_min": "20", "age_max": "30", "dna_sample_id": "PM1"},
                              {"record_id": "X2", "dna_sample_id": "PM2"},
                              {"record_id": "X3"}])
    rows = [{"sample_id": "REF1", "sample_kind": "reference", "subject_ref": "RL1", "locus": locus,
             "allele1": a, "allele2": b, "population": "africa"} for locus, a, b in mother]
    rows += [{"sample_id": "PM1", "sample_kind": "post_mortem", "subject_ref": "X1", "locus": locus,
              "allele1": a if index < 3 else "", "allele2": b if index < 3 else ""}
             for index, (locus, a, b) in enumerate(son)]
    rows += [{"sample_id": "PM2", "sample_kind": "post_mortem", "subject_ref": "X2", "locus": locus,
              "allele1": a, "allele2": b} for locus, a, b in son]
    write(folder, "dna_profiles", rows)
    return folder


def test_a_profile_missing_most_loci_and_remains_that_describe_nothing(store, delivery, cli_env, tracegraph_command):
    def tracegraph(*args: str) -> str:
        done = subprocess.run([*tracegraph_command, *args], env=cli_env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    loaded = tracegraph("ingest", "interchange", str(delivery), "--agency", AGENCY)
    assert "dna_profiles" in loaded
    typed = store.read("MATCH (d:DNAProfile {uid: 'BAD:PM1'}) RETURN d.loci_typed AS n")[0]["n"]
    assert typed == 3  # the 17 empty loci are rejected one by one, the sample is kept
    tracegraph("kinship", "screen")
    matched = tracegraph("match", "--quiet")
    # X2 and X3 are named: only DNA can propose them (X2 has some, X3 none)
    assert "2 remains record(s) give nothing to compare" in matched and "BAD:X2, BAD:X3" in matched

    listed = {item["candidate_id"]: item for item in json.loads(tracegraph("candidates", "R1", "--json"))}
    bare = listed["X2"]  # says nothing but its DNA: identified by DNA, the rest explained as missing
    assert bare["band"] == "strong" and bare["evidence"][0]["kind"] == "dna"
    # what was observed is the DNA and the missing link; the fitted weighing of the evidence (its
    # group weights and shift of the log odds, fitted with DNA as an offset on every candidate)
    # shows as the one derived item, `dependence`, and never touches the DNA
    observed = [item for item in bare["evidence"] if item["kind"] not in DERIVED]
    assert {item["kind"] for item in observed} == {"dna", "time_place"}
    derived = [item for item in bare["evidence"] if item["kind"] in DERIVED]
    assert [item["kind"] for item in derived] in ([], ["dependence"])
    assert all("dna" not in item["detail"] for item in derived)
    assert next(item for item in bare["evidence"] if item["kind"] == "time_place")["level"] == "unlinked"
    partial = listed["X1"]  # three loci: the ratio counts, but does not identify
    dna = partial["evidence"][0]
    assert dna["kind"] == "dna" and "only 3 loci could be compared" in dna["detail"]
    assert partial["band"] != "strong"
    assert "X3" not in listed
