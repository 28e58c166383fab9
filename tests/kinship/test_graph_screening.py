"""Kinship screening over a loaded scenario: true families first, incremental, explained."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from kinship import KinshipSettings
from kinship.screening import explain_pair, screen_graph

AGENCY = "DEMO"
PARENTS = {"mother", "father"}
CLOSE_RELATIVES = PARENTS | {"full_sibling"}


@pytest.fixture(scope="module")
def loaded(load_scenario) -> Path:
    return load_scenario(250, 21, AGENCY)


def _csv(folder: Path, name: str) -> list[dict[str, str]]:
    import csv
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_true_family_ranks_first_for_full_profiles(loaded, _session_store):
    store = _session_store
    report = screen_graph(store, KinshipSettings(), full=True)
    assert report.post_mortem_profiles > 0 and report.families > 0
    assert 0 < report.pairs_compared <= report.post_mortem_profiles * report.families

    truth = json.loads((loaded / "truth.json").read_text())
    relatives = _csv(loaded, "relatives")
    sampled_relationships = defaultdict(set)
    for row in relatives:
        if row["dna_sample_id"]:
            sampled_relationships[row["report_id"]].add(row["relationship"])
    profiles = defaultdict(dict)
    for row in _csv(loaded, "dna_profiles"):
        if row["sample_kind"] == "post_mortem":
            profiles[row["sample_id"]][row["locus"]] = row["allele2"]

    checked = 0
    for report_id, case in truth["missing"].items():
        if not sampled_relationships[report_id] & CLOSE_RELATIVES:
            continue
        for sample in case["post_mortem_samples"]:
            loci = profiles[sample]
            if len(loci) < 15 or any(a2 == "" for a2 in loci.values()):
                continue
            rows = store.read(
                "MATCH (d:DNAProfile {uid: $uid})-[k:KINSHIP_MATCH]->(r:Report) "
                "RETURN r.record_id AS report, k.log10_lr AS log10_lr, k.excluded AS excluded "
                "ORDER BY k.excluded, k.log10_lr DESC", {"uid": f"{AGENCY}:{sample}"})
            assert rows, f"no result recorded for {sample}"
            assert rows[0]["report"] == report_id, (sample, rows[:3])
            assert rows[0]["excluded"] is False
            if sampled_relationships[report_id] & PARENTS:
                # a parent shares an allele at every locus; a full sibling alone can share little by chance
                assert rows[0]["log10_lr"] > 2, (sample, rows[:3])
            checked += 1
    assert checked >= 5

    # DNA that rules out remains from the voyage the missing person boarded is recorded too
    ruled_out = store.read(
        "MATCH (d:DNAProfile)-[k:KINSHIP_MATCH {excluded: true}]->(r:Report) "
        "RETURN d.uid AS profile, r.uid AS report, size(k.incompatible_loci) AS conflicts, "
        "EXISTS { (r)-[:REPORTED_MISSING]->(:Person)-[:BOARDED]->(v:Voyage), "
        "         (d)-[:SAMPLED_FROM]->(:Remains)-[:RECOVERED_FROM]->(e) WHERE e = v OR (v)-[:ENDED_IN]->(e) } AS nearby")
    assert ruled_out and all(row["nearby"] and row["conflicts"] > 2 for row in ruled_out)


def test_second_run_compares_nothing_new(loaded, _session_store):
    store = _session_store
    screen_graph(store, KinshipSettings())
    before = store.read("MATCH ()-[k:KINSHIP_MATCH]->() RETURN count(k) AS n")[0]["n"]
    again = screen_graph(store, KinshipSettings())
    assert (again.new_profiles, again.changed_families, again.pairs_compared) == (0, 0, 0)
    assert store.read("MATCH ()-[k:KINSHIP_MATCH]->() RETURN count(k) AS n")[0]["n"] == before
    # A profile delivered again with other genotypes is screened again, and only it.
    sample = store.read("MATCH (d:DNAProfile {sample_kind: 'post_mortem'})-[:KINSHIP_MATCH]->() "
                        "RETURN d.uid AS uid, d.genotypes AS genotypes ORDER BY d.uid LIMIT 1")[0]
    store.write("MATCH (d:DNAProfile {uid: $uid}) SET d.genotypes = $genotypes",
                {"uid": sample["uid"], "genotypes": ["Amelogenin=X,Y", *sorted(sample["genotypes"])[1:]]})
    redelivered = screen_graph(store, KinshipSettings())
    assert (redelivered.new_profiles, redelivered.changed_families) == (1, 0)
    assert not [item for item in redelivered.skipped if "Amelogenin" in str(item)]
    assert 0 < redelivered.pairs_compared <= redelivered.families
    # its results are those a family keeps: among the family's three best, or from LR 10^4
    for row in store.read("MATCH (:DNAProfile {uid: $uid})-[k:KINSHIP_MATCH]->(r:Report) "
                          "MATCH (:DNAProfile)-[other:KINSHIP_MATCH]->(r) WHERE NOT other.excluded "
                          "RETURN k.log10_lr AS mine, collect(other.log10_lr) AS all", {"uid": sample["uid"]}):
        assert row["mine"] >= 4 or row["mine"] in sorted(row["all"], reverse=True)[:3]
    changed = screen_graph(store, KinshipSettings(theta=0.0))
    assert changed.new_profiles == changed.post_mortem_profiles
    assert store.read("MATCH ()-[k:KINSHIP_MATCH]->() WHERE k.theta <> 0.0 RETURN count(k) AS n")[0]["n"] == 0


def test_explain_gives_the_per_locus_table(loaded, _session_store, cli_env, tracegraph_command):
    store = _session_store
    row = store.read("MATCH (d:DNAProfile)-[k:KINSHIP_MATCH]->(r:Report) WHERE NOT k.excluded "
                     "RETURN d.sample_id AS sample, r.record_id AS report, k.log10_lr AS log10_lr "
                     "ORDER BY k.log10_lr DESC LIMIT 1")[0]
    explanation = explain_pair(store, row["sample"], row["report"], KinshipSettings(theta=0.0))
    for key in ("lr", "log10_lr", "posterior", "excluded", "population", "theta", "loci"):
        assert key in explanation
    assert explanation["theta"] == 0.0
    assert sum(locus["log10_lr"] for locus in explanation["loci"]) == pytest.approx(explanation["log10_lr"], abs=1e-6)
    assert all({"locus", "lr", "missing_genotype", "reference_genotypes"} <= set(l) for l in explanation["loci"])

    result = subprocess.run([*tracegraph_command, "kinship", "explain", "--sample", row["sample"],
                             "--report", row["report"], "--json"], env=cli_env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["report"] == row["report"]

    unknown = subprocess.run([*tracegraph_command, "kinship", "explain", "--sample", "NOPE", "--report",
                              row["report"]], env=cli_env, capture_output=True, text=True, timeout=120)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "Error: there is no DNA sample 'NOPE'."
