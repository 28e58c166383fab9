"""Benchmark: what checking families' references against their pedigree costs before a screen.

Prepares the simulated families of `bench/kinship_screen.py` (same seed, 1-3 references each)
twice, with the family data check and without it, and prints both times and how many families
the check flagged.

Usage (from the project root)::

    .venv/bin/python bench/kinship_family_check.py --families 10000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kinship_screen import simulate  # noqa: E402

from kinship.likelihood import locus_ratios  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=10_000)
    args = parser.parse_args()
    _, families = simulate(args.families)
    started = time.perf_counter()
    prepared = [locus_ratios.prepare_family(family) for family in families]
    checked = time.perf_counter() - started
    flagged = sum(1 for p in prepared if p.check is not None and p.check.inconsistent)
    tolerated = sum(1 for p in prepared if p.check is not None and p.check.faults and not p.check.inconsistent)
    several = sum(1 for p in prepared if p.check is not None)
    # the same preparation with the check taken out
    locus_ratios._checked = lambda family, references, pedigrees, skipped: locus_ratios.PreparedFamily(  # type: ignore[assignment]
        family, tuple(references), tuple(pedigrees), tuple(skipped))
    started = time.perf_counter()
    for family in families:
        locus_ratios.prepare_family(family)
    unchecked = time.perf_counter() - started
    print(f"{args.families:,} families ({several:,} with two references or more): prepared in {checked:.2f} s "
          f"with the family data check, {unchecked:.2f} s without (+{(checked - unchecked) * 1000 / args.families:.2f} "
          f"ms a family); {flagged} flagged, {tolerated} with one tolerated locus; load average "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
