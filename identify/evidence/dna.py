"""DNA kinship evidence, as the kinship screening recorded it on a KINSHIP_MATCH.

The screening's likelihood ratio already weighs the family's pedigree against an unrelated
person, so it is used as it stands. An exclusion counts as at most `dna.excluded_log10_lr` and
rules the candidate out, whatever else agrees.
"""

from __future__ import annotations

from .parameters import Parameters
from .profiles import Evidence, KinshipResult, Profile, level_evidence


def compare_dna(result: KinshipResult | None, params: Parameters, report: Profile | None = None,
                candidate: Profile | None = None) -> Evidence | None:
    """The DNA evidence of a candidate, or None when its remains and the family were not both screened.

    With no recorded result, both sides screened means the pair scored below the screening's
    report threshold: the `not_reported` level.
    """
    if result is None:
        if report is not None and candidate is not None and report.dna_screened and candidate.dna_screened:
            level = params.dna_not_reported
            return level_evidence("dna", "not_reported", level.m, level.u,
                                  "post-mortem profile and family both screened; no result above the "
                                  "report threshold")
        return None
    parts = []
    if result.loci_compared is not None:
        parts.append(f"{result.loci_compared} loci compared")
    if result.incompatible_loci is not None:
        parts.append(f"{result.incompatible_loci} incompatible")
    if result.references:
        parts.append("references: " + ", ".join(result.references))
    if result.population:
        parts.append(f"{result.population} allele frequencies")
    if result.theta is not None:
        parts.append(f"theta {result.theta:g}")
    said = "; ".join(parts)
    if result.excluded:
        log10_lr = min(result.log10_lr, params.dna_excluded_log10_lr)
        return Evidence("dna", "excluded", log10_lr, f"kinship excluded ({said})", excludes=True)
    level = "supports" if result.log10_lr > 0 else "against"
    rule = params.identifying
    few = result.loci_compared is not None and result.loci_compared < rule.dna_min_loci
    identifier = "dna" if result.log10_lr >= rule.dna_min_log10_lr and not few else None
    if few:
        said += (f"; only {result.loci_compared} loci could be compared (at least {rule.dna_min_loci} "
                 "are needed for DNA alone to identify): this ratio counts, but does not identify")
    return Evidence("dna", level, result.log10_lr, f"kinship LR 10^{result.log10_lr:.1f} ({said})",
                    identifier=identifier)
