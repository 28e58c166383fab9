"""Stand-in for `tracegraph kinship screen` in the identification evaluation, within neighbourhoods.

When the full screening cannot run (see docs/identification.md, "Quality"), this compares each
family that has reference samples with the post-mortem profiles of the remains in its report's
neighbourhood (every time-and-place level of identify.blocking), using the kinship package's own
pairwise comparison (`kinship.compare`) and settings, keeps the pairs the screening would
keep (each family's best `keep_top_per_family`, and every pair from `keep_min_log10_lr`), writes
them with the screening's named queries, and marks families and profiles as screened. Then run
`tracegraph match` and `tracegraph evaluate`.

It differs from the screening in one way: remains outside the report's neighbourhood are never
compared, so a DNA match there (a body found far away, years later) cannot be found.

    .venv/bin/python bench/identify_dna_pairs.py
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from graphmodel.store import Store  # noqa: E402
from identify.evidence.parameters import load_parameters  # noqa: E402
from identify.match import KINDS, MatchRun  # noqa: E402
from identify.world import load_world, run  # noqa: E402
from kinship import KinshipSettings, compare  # noqa: E402
from kinship.screening import _match_properties, family_from_row, linked_missing_counts, parse_genotypes  # noqa: E402
from queries.catalog import named_query  # noqa: E402

STAND_IN = "neighbourhood stand-in"


def main() -> None:
    started = time.perf_counter()
    settings = KinshipSettings()
    with Store() as store:
        profiles = {row["uid"]: parse_genotypes(row["genotypes"])
                    for row in store.read(named_query("kinship_post_mortem_profiles").text)}
        by_remains: dict[str, list[str]] = defaultdict(list)
        for row in run(store, "evaluate_post_mortem_samples"):
            by_remains[row["remains_uid"]].append(row["profile_uid"])
        linked = linked_missing_counts(store)
        families = {row["report"]: family_from_row(row, linked.get(row["report"], 1))
                    for row in store.read(named_query("kinship_families").text)}
        world = load_world(store)
        engine = MatchRun(store, load_parameters())
        rows, compared = [], 0
        computed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for report_uid, family in families.items():
            if report_uid not in world.reports:
                continue
            found = engine.neighbourhoods(world, world.journey(report_uid))["remains"]
            index = world.indexes["remains"]
            pairs = []
            for position in found.positions()[0].tolist():
                for profile_uid in by_remains.get(index.records[position].uid, ()):
                    detail = compare(profile_uid, profiles[profile_uid], family, settings)
                    compared += 1
                    if detail.pair is not None:
                        pairs.append(detail.pair)
            pairs.sort(key=lambda pair: -pair.log10_lr)
            kept = [pair for rank, pair in enumerate(pairs)
                    if rank < settings.keep_top_per_family or pair.log10_lr >= settings.keep_min_log10_lr]
            rows += [{"post_mortem": pair.post_mortem_id, "report": report_uid,
                      "properties": {**_match_properties(pair, None, computed_at), "source_file": STAND_IN}}
                     for pair in kept]
        store.write_batches(named_query("kinship_write_matches").text, rows)
        marks = [{"uid": uid, "label": "DNAProfile", "fingerprint": STAND_IN} for uid in profiles]
        marks += [{"uid": uid, "label": "Report", "fingerprint": STAND_IN} for uid in families]
        store.write_batches(named_query("kinship_mark_screened").text, marks)
    print(f"{len(families)} families, {compared} pairs compared, {len(rows)} results written "
          f"in {time.perf_counter() - started:.0f} s")
    assert KINDS


if __name__ == "__main__":
    main()
