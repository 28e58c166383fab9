"""Benchmark of matching's name stage: every name comparison a match run makes, timed alone.

Load a scenario first (`tracegraph generate --persons 5000` and `tracegraph ingest`), then:

    .venv/bin/python bench/identify_names.py --output /tmp/names.json
    .venv/bin/python bench/identify_names.py --whole           # and the whole `tracegraph match`

The script runs a real match (one process) over the graph the environment points at and records
the pairs it scores, in order: the report's and the candidate's profiles, the candidate kind's
parameters and the graph's name counts, and which pairs it keeps. It then compares the names of
exactly those pairs again, as the match does: one `find_names_many` call for each report and
candidate kind, with the candidates of that kind as the match lists them, then the evidence
quoting its names (`NamesFound.full`) for each pair the match kept, as the match builds it for
the candidates it writes (code before `find_names_many`: one `compare_names_many` call for each
report and kind, else one `compare_names` call a pair). The name comparisons' caches are
emptied first (as at the start of a run: the names' shapes, the word screenings, the
word-by-word levels and the agreements' counts; the names' keys stay computed, as the run's
index read leaves them), and the stage is timed (`--repeat` times, the fastest kept, wall clock
and CPU of this process). Only the comparisons are timed: listing the pairs by report and kind
is done before, the digest after. It prints the pairs, the seconds, the microseconds per pair
and a digest of every pair's evidence, quoted in full after the clock stops (level, log10 LR,
the words said, identifier): two versions of the code that give the same digest gave the same
evidence. The
recorded pairs are frozen out of the cyclic garbage collector first, as a match run freezes its
index: a collection walking them would time the benchmark's own memory, not the comparison.

With `--against-reference` each replay is followed by one of the pure-Python comparison the
project had before rapidfuzz (`tests/identify/name_reference.py`, one `compare_names` call a
pair, its caches emptied too), in the same process under the same load, and the ratio of the
fastest of each is printed; its digest must be the same.

With `--whole` it then times `tracegraph match --quiet` through the CLI from no candidates (they
are deleted first, and the reports' matched_at marks removed, so the run does the whole work).
Run the same script from a checkout of the earlier code to get the "before" figures. On a
shared machine the wall clock is inflated: the load average is printed with each figure.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

import identify.match as match  # noqa: E402
from graphmodel.store import Store  # noqa: E402
from identify.evidence import name_similarity  # noqa: E402

# the reports a match run scores before it writes their candidates (`run_match`'s default)
BATCH_SIZE = 250


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def forget_matching(store: Store) -> None:
    """No candidates and no report marked as matched, a batch at a time."""
    while store.write("MATCH (c:Candidate) WITH c LIMIT $size DETACH DELETE c", {"size": 5000}).nodes_deleted:
        pass
    while store.write("MATCH (r:Report) WHERE r.matched_at IS NOT NULL WITH r LIMIT $size "
                      "REMOVE r.matched_at", {"size": 5000}).properties_set:
        pass


def record_calls(store: Store) -> tuple[list[tuple[Any, ...]], set[tuple[str, str, str]]]:
    """(report, candidate, parameters, rarity) of every pair a full match run (one process) scores,
    and the pairs it keeps (report uid, candidate kind, candidate uid)."""
    calls: list[tuple[Any, ...]] = []
    kept: set[tuple[str, str, str]] = set()
    gather, select = match.gather_evidence, match.select

    def recording(report, candidate, link, kinship, population, params, **given):  # type: ignore[no-untyped-def]
        calls.append((report, candidate, params.for_kind(candidate.kind), population.rarity))
        return gather(report, candidate, link, kinship, population, params, **given)

    def keeping(scored, existing, params):  # type: ignore[no-untyped-def]
        chosen = select(scored, existing, params)
        kept.update((item.report_uid, item.kind, item.record_uid) for item in chosen)
        return chosen

    match.gather_evidence, match.select = recording, keeping  # type: ignore[assignment]
    try:
        forget_matching(store)
        match.run_match(store, workers=1)
    finally:
        match.gather_evidence, match.select = gather, select  # type: ignore[assignment]
    return calls, kept


def empty_caches() -> None:
    """Every cache of the name comparisons, this version's and the reference's, but the names' keys
    (the index read fills those): each replay starts as a run does, and none walks the other's
    cached values in its garbage collections."""
    reference = sys.modules.get("name_reference")
    for module in (name_similarity, reference):
        for name in dir(module) if module is not None else ():
            function = getattr(module, name)
            if name != "keys_of" and callable(getattr(function, "cache_clear", None)):
                function.cache_clear()


def groups_of(calls: list[tuple[Any, ...]], kept: set[tuple[str, str, str]]) -> list[tuple[Any, ...]]:
    """The recorded pairs as the match hands them to the name stage: (report, candidates of one
    kind, parameters, rarity, the positions of the candidates kept), one a report and candidate
    kind, in the order scored."""
    groups: list[tuple[Any, ...]] = []
    start = 0
    while start < len(calls):
        report, candidate, params, rarity = calls[start]
        end = start + 1
        while end < len(calls) and calls[end][0] is report and calls[end][1].kind == candidate.kind:
            end += 1
        candidates = [call[1] for call in calls[start:end]]
        groups.append((report, candidates, params, rarity,
                       [index for index, other in enumerate(candidates)
                        if (report.uid, other.kind, other.uid) in kept]))
        start = end
    return groups


def compare_all(calls: list[tuple[Any, ...]], groups: list[tuple[Any, ...]]) -> tuple[list[Any], list[Any]]:
    """What the name stage of this version of the code gives for every pair, as the match calls
    it, and the evidence quoted for the pairs kept (where the stage leaves that to the kept ones:
    `find_names_many`, then `NamesFound.full` of each pair kept, as the match's `with_names_said`)."""
    find = getattr(name_similarity, "find_names_many", None)
    many = getattr(name_similarity, "compare_names_many", None)
    found: list[Any] = []
    quoted: list[Any] = []
    if find is not None:
        reports: set[str] = set()
        for report, candidates, params, rarity, kept in groups:
            if report.uid not in reports and len(reports) == BATCH_SIZE:
                # the match writes a batch's candidates and lets their evidence go
                reports, quoted = set(), []
            reports.add(report.uid)
            results = find(report, candidates, params, rarity)
            quoted.extend(results[index].full(report, candidates[index])
                          for index in kept if results[index] is not None)
            found.extend(results)
    elif many is not None:
        for report, candidates, params, rarity, _ in groups:
            found.extend(many(report, candidates, params, rarity))
    else:
        found = [name_similarity.compare_names(*call) for call in calls]
    return found, quoted


def evidence_of(calls: list[tuple[Any, ...]], found: list[Any]) -> list[Any]:
    """The evidence of every pair with its words (each quoting its names, where the stage left that)."""
    return [result.full(call[0], call[1]) if hasattr(result, "full") else result
            for call, result in zip(calls, found)]


def replay(calls: list[tuple[Any, ...]], groups: list[tuple[Any, ...]]) -> tuple[float, float, str]:
    """Wall and CPU seconds for the calls from empty caches, and a digest of their results (the
    evidence of every pair quoted in full after the clock stops)."""
    empty_caches()
    started, cpu = time.perf_counter(), time.process_time()
    found, quoted = compare_all(calls, groups)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    del quoted
    return seconds, cpu_seconds, digest_of(evidence_of(calls, found))


def digest_of(results: list[Any]) -> str:
    digest = hashlib.sha256()
    for found in results:
        line = "-" if found is None else f"{found.level}|{found.log10_lr!r}|{found.said}|{found.identifier}"
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()[:16]


def replay_reference(calls: list[tuple[Any, ...]]) -> tuple[float, float, str]:
    """As `replay`, with the pure-Python comparison kept in the tests as the reference."""
    sys.path.insert(0, str(PROJECT / "tests" / "identify"))
    import name_reference

    empty_caches()
    started, cpu = time.perf_counter(), time.process_time()
    results = [name_reference.compare_names(*call) for call in calls]
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu_seconds, digest_of(results)


def whole_match() -> dict[str, Any]:
    with Store() as store:
        forget_matching(store)
    before = load_average()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tracegraph", "match", "--quiet"], cwd=PROJECT,
                          capture_output=True, text=True)
    seconds = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        sys.exit(f"tracegraph match failed: {done.stderr.strip()[-2000:]}")
    summary = next((line for line in done.stdout.splitlines() if line.startswith("Matched ")), "")
    return {"seconds": seconds, "load_average_before": before, "load_average_after": load_average(),
            "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="replays of the name stage; the fastest is kept")
    parser.add_argument("--against-reference", action="store_true",
                        help="also replay the pure-Python comparison of tests/identify/name_reference.py")
    parser.add_argument("--whole", action="store_true", help="also time `tracegraph match` through the CLI")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    with Store() as store:
        calls, kept = record_calls(store)
    for report, candidate, _, _ in calls:
        for name in (*report.names, *candidate.names):
            if name:
                name_similarity.keys_of(name)
    groups = groups_of(calls, kept)
    # the recorded pairs live for the whole benchmark, as the match's index lives for its run:
    # out of the cyclic collector's way, as the match keeps its index (`gc.freeze`)
    gc.collect()
    gc.freeze()
    before = load_average()
    runs, references = [], []
    for _ in range(args.repeat):
        runs.append(replay(calls, groups))
        if args.against_reference:
            references.append(replay_reference(calls))
    digests = {digest for *_, digest in runs + references}
    if len(digests) != 1:
        sys.exit(f"the name stage gave different results (replays, reference): {sorted(digests)}")
    seconds, cpu_seconds = min(run[0] for run in runs), min(run[1] for run in runs)
    result: dict[str, Any] = {
        "pairs": len(calls),
        "pairs_kept": len(kept),
        "name_stage_seconds": round(seconds, 3),
        "name_stage_cpu_seconds": round(cpu_seconds, 3),
        "name_stage_seconds_each_replay": [round(run[0], 3) for run in runs],
        "name_stage_cpu_seconds_each_replay": [round(run[1], 3) for run in runs],
        "microseconds_per_pair": round(1e6 * seconds / max(1, len(calls)), 2),
        "cpu_microseconds_per_pair": round(1e6 * cpu_seconds / max(1, len(calls)), 2),
        "digest": digests.pop(),
        "load_average_before": before, "load_average_after": load_average(),
    }
    if references:
        wall, cpu = min(run[0] for run in references), min(run[1] for run in references)
        result["reference"] = {
            "name_stage_seconds": round(wall, 3), "name_stage_cpu_seconds": round(cpu, 3),
            "name_stage_seconds_each_replay": [round(run[0], 3) for run in references],
            "name_stage_cpu_seconds_each_replay": [round(run[1], 3) for run in references],
            "speed_up_wall": round(wall / seconds, 2), "speed_up_cpu": round(cpu / cpu_seconds, 2)}
    if args.whole:
        result["whole_match"] = whole_match()
    print(json.dumps(result, indent=2))
    if args.output:
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
