"""DNA kinship evidence, as the kinship screening recorded it on a KINSHIP_MATCH.

The screening's likelihood ratio already weighs the family's pedigree against an unrelated
person, so it is used as it stands. An exclusion counts as at most `dna.excluded_log10_lr` and
rules the candidate out, whatever else agrees.
"""

from __future__ import annotations

from kinship import IBD_BY_RELATIONSHIP

from .parameters import Parameters
from .profiles import Evidence, KinshipResult, Profile, level_evidence

# References whose DNA alone identifies (the evaluation's "usable DNA"); the other blood relatives
# the kinship engine weighs are distant: a true pair often scores below the screen's bar with them.
CLOSE_REFERENCES = frozenset({"mother", "father", "child", "full_sibling"})
BLOOD_REFERENCES = frozenset(IBD_BY_RELATIONSHIP)


def not_reported_class(report: Profile, candidate: Profile, min_loci: int) -> str | None:
    """Which `not_reported` level a screened pair without a result falls in, by the family's
    closest reference and the profile's loci; None when the family has no blood relative's
    reference (a spouse alone): its screening could report nothing, so its silence says nothing."""
    references = set(report.dna_references)
    if references & CLOSE_REFERENCES:
        few = candidate.dna_loci is not None and candidate.dna_loci < min_loci
        return "close_few_loci" if few else "close"
    if references & BLOOD_REFERENCES:
        return "distant"
    return None


def compare_dna(result: KinshipResult | None, params: Parameters, report: Profile | None = None,
                candidate: Profile | None = None) -> Evidence | None:
    """The DNA evidence of a candidate, or None when its remains and the family were not both screened.

    With no recorded result, both sides screened means the pair scored below the screening's
    report bar: the `not_reported` level of the family's references (the likelihood of the
    screen's own outcome, "below the bar", for the true remains and for anyone else's), or no
    evidence when the family has no blood relative's reference.
    """
    if result is None:
        if report is None or candidate is None or not (report.dna_screened and candidate.dna_screened):
            return None
        which = not_reported_class(report, candidate, params.dna_not_reported_min_loci)
        if which is None:
            return None
        silence = params.dna_not_reported[which]
        return level_evidence("dna", "not_reported", silence.m, silence.u or 1.0,
                              f"post-mortem profile and family both screened; no result above the screen's "
                              f"report bar; references: {silence.description}")
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
