"""Are two post-mortem profiles the same person? The direct identity likelihood ratio.

Two remains records whose profiles are the same person are parts of one body (a skull found
months after the body) or one body sampled twice. At each locus typed in both:

- both genotypes called in full and equal: LR = 1 / (match probability of that genotype), with
  the Balding–Nichols correction for shared ancestry (NRC II 4.10):
  homozygote a/a  [2θ + (1-θ)p][3θ + (1-θ)p] / [(1+θ)(1+2θ)],
  heterozygote a/b  2[θ + (1-θ)p][θ + (1-θ)q] / [(1+θ)(1+2θ)];
- one side shows one allele (possible drop-out) that the other side holds: consistent, counted
  conservatively as 1 / (2p) of that allele at most (never more than the full match would give);
- otherwise the locus is inconsistent.

`same_person` says yes when no locus is inconsistent, or one is (a typing error) among at least
MIN_LOCI_WITH_ONE_ERROR consistent loci, and the combined log10 LR reaches SAME_MIN_LOG10_LR over
at least MIN_LOCI loci compared. Full siblings share both alleles at about a quarter of loci and
fail at several; the threshold is far beyond what relatives reach.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from kinship.frequencies import MIN_FREQUENCY, load_frequencies
from kinship.profile import Genotype

SAME_MIN_LOG10_LR = 10.0
MIN_LOCI = 8
MIN_LOCI_WITH_ONE_ERROR = 15
DEFAULT_THETA = 0.01


@dataclass(frozen=True)
class Identity:
    """The comparison of two profiles as one person against two unrelated persons."""

    log10_lr: float
    loci_compared: int
    inconsistent: tuple[str, ...]

    @property
    def same_person(self) -> bool:
        consistent = self.loci_compared - len(self.inconsistent)
        allowed = 1 if consistent >= MIN_LOCI_WITH_ONE_ERROR else 0
        return (len(self.inconsistent) <= allowed and consistent >= MIN_LOCI
                and self.log10_lr >= SAME_MIN_LOG10_LR)

    def describe(self) -> str:
        what = "the same person" if self.same_person else "not shown to be the same person"
        inconsistent = ", ".join(self.inconsistent)
        errors = f", {len(self.inconsistent)} inconsistent ({inconsistent})" if self.inconsistent else ""
        return f"post-mortem profiles {what}: log10 LR {self.log10_lr:.1f} over {self.loci_compared} loci{errors}"


def match_probability(first: str, second: str, frequency: Mapping[str, float], theta: float) -> float:
    """Balding–Nichols probability that an unrelated person of the population has this genotype."""
    p = frequency.get(first, MIN_FREQUENCY)
    scale = (1 + theta) * (1 + 2 * theta)
    if first == second:
        return (2 * theta + (1 - theta) * p) * (3 * theta + (1 - theta) * p) / scale
    q = frequency.get(second, MIN_FREQUENCY)
    return 2 * (theta + (1 - theta) * p) * (theta + (1 - theta) * q) / scale


def locus_identity(one: Genotype, other: Genotype, frequency: Mapping[str, float],
                   theta: float) -> float | None:
    """log10 LR of one locus, or None when the two genotypes cannot be one person's."""
    a1, a2 = one
    b1, b2 = other
    if a2 is not None and b2 is not None:
        if sorted((a1, a2)) != sorted((b1, b2)):
            return None
        return -math.log10(match_probability(a1, a2, frequency, theta))
    full, partial = (one, other) if a2 is not None else (other, one)
    seen = partial[0]
    if full[1] is None:  # one allele on each side: consistent only when it is the same allele
        if seen != full[0]:
            return None
        p = frequency.get(seen, MIN_FREQUENCY)
        return max(0.0, -math.log10(min(1.0, 2 * p)))
    if seen not in full:
        return None
    p = frequency.get(seen, MIN_FREQUENCY)
    ceiling = -math.log10(match_probability(full[0], full[1], frequency, theta))
    return max(0.0, min(ceiling, -math.log10(min(1.0, 2 * p))))


def identity(one: Mapping[str, Genotype], other: Mapping[str, Genotype], population: str = "europe",
             theta: float = DEFAULT_THETA) -> Identity:
    """The identity LR of two profiles over the loci both type (and the population database holds)."""
    frequencies = load_frequencies(population)
    total, compared, inconsistent = 0.0, 0, []
    for locus in sorted(one.keys() & other.keys()):
        if not frequencies.has_locus(locus):
            continue
        compared += 1
        found = locus_identity(one[locus], other[locus], frequencies.table(locus), theta)
        if found is None:
            inconsistent.append(locus)
        else:
            total += found
    return Identity(total, compared, tuple(inconsistent))
