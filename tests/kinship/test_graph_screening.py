"""Kinship screening over a loaded scenario: true families first, incremental, explained."""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from kinship import KinshipSettings, compare
from kinship.screening import explain_pair, family_from_row, linked_missing_counts, parse_genotypes, screen_graph
from queries import named_query

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
    # where the time went, step by step, within the whole run
    assert list(report.step_seconds) == ["read", "screen", "explain", "write"]
    assert all(seconds >= 0 for seconds in report.step_seconds.values())
    assert sum(report.step_seconds.values()) <= report.seconds + 0.05

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
        "         (d)-[:SAMPLED_FROM]->(:Remains)-[:RECOVERED_FROM]->(e) "
        "         WHERE e = v OR (v)-[:ENDED_IN]->(e) } AS nearby")
    assert ruled_out and all(row["nearby"] and row["conflicts"] > 2 for row in ruled_out)


def test_stored_results_equal_the_direct_calculation_pair_by_pair(loaded, _session_store):
    """What the screen stores (LR, exclusion, incompatible loci, each locus's LR) is what comparing
    the pair alone gives, for pairs with one and with several references."""
    store = _session_store
    settings = KinshipSettings()
    screen_graph(store, settings, full=True, workers=2)
    linked = linked_missing_counts(store)
    families = {row["report"]: family_from_row(row, linked.get(row["report"], 1))
                for row in store.read(named_query("kinship_families").text)}
    profiles = {row["uid"]: parse_genotypes(row["genotypes"])
                for row in store.read(named_query("kinship_post_mortem_profiles").text)}
    stored = store.read("MATCH (d:DNAProfile)-[k:KINSHIP_MATCH]->(r:Report) "
                        "RETURN d.uid AS profile, r.uid AS report, k.log10_lr AS log10_lr, k.excluded AS excluded, "
                        "k.incompatible_loci AS incompatible, k.loci AS loci ORDER BY r.uid, d.uid")
    several = [row for row in stored if len(families[row["report"]].references) > 1]
    assert len(several) >= 20 and len(stored) - len(several) >= 20
    # and every pair kept because DNA rules out remains from the missing person's own voyage
    ruled_out = [row for row in stored if row["excluded"]]
    assert len(ruled_out) >= 5
    for row in several[:40] + [row for row in stored if row not in several][:20] + ruled_out:
        direct = compare(row["profile"], profiles[row["profile"]], families[row["report"]], settings).pair
        assert direct is not None
        expected = direct.log10_lr if direct.log10_lr > -1e300 else -999.0  # how a zero LR is stored
        assert row["log10_lr"] == pytest.approx(expected, rel=1e-9, abs=1e-9), row
        assert (row["excluded"], row["incompatible"]) == (direct.excluded, list(direct.incompatible_loci))
        if row["loci"] is not None:
            loci = {locus["locus"]: locus["lr"] for locus in json.loads(row["loci"])}
            assert loci == pytest.approx({locus.locus: locus.lr for locus in direct.loci}, rel=1e-9)


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
    # the screen before ran with --theta 0: explained without options, the stored settings are used
    explanation = explain_pair(store, row["sample"], row["report"])
    for key in ("lr", "log10_lr", "posterior", "excluded", "population", "theta", "loci", "settings", "stored"):
        assert key in explanation
    assert explanation["theta"] == 0.0 and explanation["settings"]["source"] == "the stored result"
    assert explanation["log10_lr"] == pytest.approx(row["log10_lr"], rel=1e-9, abs=1e-9)
    assert explanation["posterior"] == pytest.approx(explanation["stored"]["posterior"], rel=1e-9)
    assert explanation["settings"]["differences"] == []
    assert sum(locus["log10_lr"] for locus in explanation["loci"]) == pytest.approx(explanation["log10_lr"], abs=1e-6)
    fields = {"locus", "lr", "missing_genotype", "reference_genotypes"}
    assert all(fields <= set(locus) for locus in explanation["loci"])

    result = subprocess.run([*tracegraph_command, "kinship", "explain", "--sample", row["sample"],
                             "--report", row["report"], "--json"], env=cli_env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["report"] == row["report"] and shown["theta"] == 0.0
    assert shown["log10_lr"] == pytest.approx(row["log10_lr"], rel=1e-9, abs=1e-9)
    assert shown["settings"]["used"]["frequencies"] == "norSTR 2023"

    # an explicit option wins, and the explanation says it differs from the stored run
    other = subprocess.run([*tracegraph_command, "kinship", "explain", "--sample", row["sample"], "--report",
                            row["report"], "--theta", "0.01"], env=cli_env, capture_output=True, text=True,
                           timeout=120)
    assert other.returncode == 0, other.stderr
    assert "θ 0.01)" in other.stdout.splitlines()[0]
    assert "Note: computed with settings that differ from the stored run: θ 0.01 here, 0.0 in the stored run." in (
        other.stdout)
    assert "Stored result" in other.stdout and "Settings of the stored result: θ 0.01" in other.stdout

    unknown = subprocess.run([*tracegraph_command, "kinship", "explain", "--sample", "NOPE", "--report",
                              row["report"]], env=cli_env, capture_output=True, text=True, timeout=120)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "Error: there is no DNA sample 'NOPE'."


def _true_pairs_with_one_parent(folder: Path) -> list[tuple[str, str, str]]:
    """(report id, parent's sample id, post-mortem sample id): families whose only reference is a
    parent, with the missing person's own remains typed at 15 loci or more."""
    truth = json.loads((folder / "truth.json").read_text())
    references = defaultdict(list)
    for row in _csv(folder, "relatives"):
        if row["dna_sample_id"]:
            references[row["report_id"]].append((row["relationship"], row["dna_sample_id"]))
    loci = defaultdict(dict)
    for row in _csv(folder, "dna_profiles"):
        loci[row["sample_id"]][row["locus"]] = row["allele2"]
    found = []
    for report_id, case in truth["missing"].items():
        refs = references[report_id]
        if len(refs) != 1 or refs[0][0] not in PARENTS:
            continue
        for sample in case["post_mortem_samples"]:
            if len(loci[sample]) >= 15 and all(a2 != "" for a2 in loci[sample].values()):
                found.append((report_id, refs[0][1], sample))
    return found


def _stored(store, sample: str, report: str) -> dict:
    rows = store.read("MATCH (:DNAProfile {sample_id: $s})-[k:KINSHIP_MATCH]->(r:Report {record_id: $r}) "
                      "RETURN k.log10_lr AS log10_lr, k.excluded AS excluded, k.settings AS settings",
                      {"s": sample, "r": report})
    return rows[0] if rows else {}


def test_a_family_whose_references_contradict_each_other_is_flagged_not_excluded(
        loaded, _session_store, cli_env, tracegraph_command):
    store = _session_store
    # the settings of the last screen above: only what changes here is screened again
    settings = KinshipSettings(theta=0.0)
    screen_graph(store, settings)
    report_id, parent_sample, pm_sample = _true_pairs_with_one_parent(loaded)[0]
    before = _stored(store, pm_sample, report_id)
    assert before and not before["excluded"] and json.loads(before["settings"])["theta"] == 0.0
    parent = store.read("MATCH (d:DNAProfile {sample_id: $s})-[:SAMPLED_FROM]->(p:Person) "
                        "RETURN d.genotypes AS genotypes, p.uid AS person", {"s": parent_sample})[0]
    missing = store.read("MATCH (r:Report {record_id: $r})-[:REPORTED_MISSING]->(m:Person) RETURN m.uid AS uid",
                         {"r": report_id})[0]["uid"]
    # a "full sibling" who shares an allele with the parent at every locus but three, where both of
    # the sibling's alleles are far (ten repeats) from the parent's: a non-paternity or a mix-up
    sibling, bad = [], []
    for entry in sorted(parent["genotypes"]):
        locus, _, alleles = entry.partition("=")
        first = alleles.split(",")[0]
        if len(bad) < 3 and first.isdigit() and locus.lower() != "amelogenin":
            sibling.append(f"{locus}={int(first) + 10},{int(first) + 11}")
            bad.append(locus)
        else:
            sibling.append(f"{locus}={first},{first}" if first else entry)
    store.write("MATCH (m:Person {uid: $missing}) "
                "CREATE (p:Person {uid: $uid, agency: $agency, role: 'relative', full_name: 'Sibling Test', sex: 'F'})"
                "-[:RELATIVE_OF {relationship: 'full_sibling'}]->(m) "
                "CREATE (:DNAProfile {uid: $uid + '-DNA', sample_id: 'SIB-TEST', agency: $agency, "
                "sample_kind: 'reference', genotypes: $genotypes})-[:SAMPLED_FROM]->(p)",
                {"missing": missing, "uid": f"{AGENCY}:SIB-TEST", "agency": AGENCY, "genotypes": sibling})
    run = subprocess.run([*tracegraph_command, "kinship", "screen", "--theta", "0"], env=cli_env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Family data to check: 1 families" in run.stdout
    assert f"DEMO:{report_id}: The family's references contradict the stated pedigree" in run.stdout
    flag = store.read("MATCH (r:Report {record_id: $r}) RETURN r.family_data_inconsistent AS flag, "
                      "r.family_data_check AS check", {"r": report_id})[0]
    assert flag["flag"] is True
    check = json.loads(flag["check"])
    assert [fault["locus"] for fault in check["faults"]] == sorted(bad)
    assert all(set(fault["at_fault"]) == {f"DEMO:{parent_sample}", f"{AGENCY}:SIB-TEST-DNA"}
               for fault in check["faults"])
    assert check["left_out"] == [f"{AGENCY}:SIB-TEST-DNA"] and check["kept"] == [f"DEMO:{parent_sample}"]
    # the true remains are still first and not excluded: the family is screened with the parent
    after = _stored(store, pm_sample, report_id)
    assert after and not after["excluded"]
    assert after["log10_lr"] == pytest.approx(before["log10_lr"], rel=1e-9)
    best = store.read("MATCH (d:DNAProfile)-[k:KINSHIP_MATCH]->(:Report {record_id: $r}) WHERE NOT k.excluded "
                      "RETURN d.sample_id AS sample ORDER BY k.log10_lr DESC LIMIT 1", {"r": report_id})
    assert best[0]["sample"] == pm_sample
    explained = subprocess.run([*tracegraph_command, "kinship", "explain", "--sample", pm_sample, "--report",
                                report_id], env=cli_env, capture_output=True, text=True, timeout=120)
    assert explained.returncode == 0, explained.stderr
    assert "FAMILY DATA INCONSISTENT: The family's references contradict the stated pedigree" in explained.stdout
    assert "Screened without DEMO:SIB-TEST-DNA (full sibling)" in explained.stdout
    from identify.match import run_match
    run_match(store, [f"DEMO:{report_id}"])
    listed = subprocess.run([*tracegraph_command, "candidates", report_id], env=cli_env, capture_output=True,
                            text=True, timeout=300)
    assert listed.returncode == 0, listed.stderr
    assert "FAMILY DATA INCONSISTENT: The family's references contradict the stated pedigree" in listed.stdout
    # fixing the sibling's data clears the flag at the next screen
    store.write("MATCH (d:DNAProfile {sample_id: 'SIB-TEST'}) SET d.genotypes = $g",
                {"g": [e for e in sibling if e.partition("=")[0] not in bad]})
    screen_graph(store, settings)
    cleared = store.read("MATCH (r:Report {record_id: $r}) RETURN r.family_data_inconsistent AS flag",
                         {"r": report_id})[0]
    assert cleared["flag"] is False


def test_a_profile_missing_both_alleles_at_most_loci_gives_a_weak_explained_result(
        loaded, _session_store, cli_env, tracegraph_command):
    store = _session_store
    report_id, _, pm_sample = _true_pairs_with_one_parent(loaded)[1]
    profile = store.read("MATCH (d:DNAProfile {sample_id: $s}) RETURN d.genotypes AS g, d.agency AS agency",
                         {"s": pm_sample})[0]
    kept = sorted(profile["g"])[:4]
    blanked = kept + [e.partition("=")[0] + "=," for e in sorted(profile["g"])[4:]]
    store.write("MATCH (d:DNAProfile {sample_id: $s}) SET d.genotypes = $g", {"s": pm_sample, "g": blanked})
    run = subprocess.run([*tracegraph_command, "kinship", "screen", "--theta", "0", "--json"], env=cli_env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert json.loads(run.stdout)["new_profiles"] == 1
    explained = subprocess.run([*tracegraph_command, "kinship", "explain", "--sample", pm_sample, "--report",
                                report_id, "--json"], env=cli_env, capture_output=True, text=True, timeout=120)
    assert explained.returncode == 0, explained.stderr
    shown = json.loads(explained.stdout)
    compared = len([e for e in kept if not e.lower().startswith("amel")])
    assert shown["loci_compared"] <= compared and not shown["excluded"]
    assert any(f"only {shown['loci_compared']} loci could be compared" in note for note in shown["notes"])
