"""``kinship explain``: one pairing, locus by locus, for people to read and check.

The same numbers as the screen (it calls :func:`kinship.likelihood.compare.compare`),
with a short reason per locus: which alleles are shared and how common they
are, drop-out, and Mendelian conflicts explained only by mutation. The
JSON-able form is what the CLI, the web app and the case brief render.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from kinship.family import Family
from kinship.frequencies import load_frequencies
from kinship.likelihood.compare import Comparison, compare
from kinship.profile import format_genotype, seen_alleles
from kinship.results import LocusResult, PairResult
from kinship.settings import KinshipSettings


@dataclass(frozen=True)
class Explanation:
    """A pairing with reasons, or the reason it could not be computed."""

    pair: PairResult | None
    skipped: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-able record: ``lr``, ``log10_lr``, ``posterior``, ``excluded``, ``population``,
        ``theta``, ``loci`` (each with ``locus``, ``lr``, genotypes and ``why``) and more."""
        if self.pair is None:
            return {"lr": None, "log10_lr": None, "posterior": None, "excluded": None, "loci": [],
                    "skipped": list(self.skipped)}
        record = self.pair.as_dict()
        record["skipped"] = list(self.skipped)
        return record

    def table(self) -> str:
        """Plain-text report: a header, one line per locus, and what was skipped."""
        if self.pair is None:
            return "No comparison possible:\n" + "\n".join(f"  - {s}" for s in self.skipped)
        pair = self.pair
        references = sorted({sample for locus in pair.loci for sample in locus.reference_genotypes})
        databases = len(pair.log10_lr_by_population)
        ready = "  READY FOR A DNA MATCH REPORT (to be written and signed by a person)"
        lines = [
            f"Missing-person sample {pair.post_mortem_id} against family {pair.family_id}",
            f"LR {_format_lr(pair.log10_lr)} (log10 {pair.log10_lr:.2f}) under the {pair.population} database"
            + (f" (lowest of {databases} databases)" if databases > 1 else ""),
            f"prior {pair.prior:.4g}, posterior {pair.posterior:.6f}"
            + (ready if pair.ready_for_report else ""),
            f"theta {pair.theta}, mutation {pair.mutation_model} at {pair.mutation_rate}, pedigree: {pair.pedigree}",
            f"loci compared {pair.loci_compared}; Mendelian incompatibilities: "
            + (", ".join(pair.incompatible_loci) or "none")
            + ("  -> EXCLUDED" if pair.excluded else ""),
            "",
        ]
        header = ["locus", "missing", *references, "LR", "why"]
        rows = [
            [
                locus.locus,
                format_genotype(locus.missing_genotype),
                *[format_genotype(locus.reference_genotypes.get(r)) for r in references],
                f"{locus.lr:.4g}",
                locus.reason,
            ]
            for locus in pair.loci
        ]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header) - 1)]
        for row in [header, *rows]:
            cells = [str(cell).ljust(width) for cell, width in zip(row[:-1], widths)]
            lines.append("  ".join(cells + [str(row[-1])]).rstrip())
        if self.skipped:
            lines += ["", "Skipped:"] + [f"  - {s}" for s in self.skipped]
        return "\n".join(lines)


def explain(
    post_mortem_id: str,
    post_mortem: Mapping[str, object],
    family: Family,
    settings: KinshipSettings,
) -> Explanation:
    """Compare one post-mortem profile with one family and say why, locus by locus."""
    comparison: Comparison = compare(post_mortem_id, post_mortem, family, settings)
    skipped = tuple(str(s) for s in comparison.skipped)
    if comparison.pair is None:
        return Explanation(None, skipped)
    return Explanation(with_reasons(comparison.pair, settings), skipped)


def with_reasons(pair: PairResult, settings: KinshipSettings) -> PairResult:
    """The pairing with a sentence of why at every locus."""
    reasons = tuple(
        LocusResult(
            locus=result.locus,
            lr=result.lr,
            incompatible=result.incompatible,
            missing_genotype=result.missing_genotype,
            reference_genotypes=result.reference_genotypes,
            reason=_reason(result, pair.population, settings),
        )
        for result in pair.loci
    )
    return PairResult(**{**pair.__dict__, "loci": reasons})


def _reason(locus: LocusResult, population: str, settings: KinshipSettings) -> str:
    """One sentence of why: shared alleles and their frequencies, drop-out, mutation."""
    database = load_frequencies(population)
    missing = set(seen_alleles(locus.missing_genotype))
    shared = sorted(
        {a for genotype in locus.reference_genotypes.values() for a in seen_alleles(genotype)} & missing,
        key=float,
    )
    parts = []
    if locus.incompatible:
        parts.append("Mendelian conflict: only a mutation explains it")
    elif shared:
        described = ", ".join(f"{a} (p={database.frequency(locus.locus, a):.3g})" for a in shared)
        parts.append(f"shares {described}")
    else:
        parts.append("no allele shared")
    if locus.missing_genotype[1] is None or any(g[1] is None for g in locus.reference_genotypes.values()):
        parts.append(f"one allele seen: drop-out model, d={settings.dropout}")
    parts.append("supports relationship" if locus.lr > 1 else "supports unrelated" if locus.lr < 1 else "neutral")
    return "; ".join(parts)


def _format_lr(log10_lr: float) -> str:
    if log10_lr == -math.inf:
        return "0"
    if abs(log10_lr) < 6:
        return f"{10 ** log10_lr:.4g}"
    mantissa, exponent = math.modf(log10_lr)
    if mantissa < 0:
        mantissa, exponent = mantissa + 1, exponent - 1
    return f"{10 ** mantissa:.3g}e{int(exponent)}"
