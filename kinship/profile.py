"""STR profiles: what a laboratory reports for one sample.

A profile maps a locus name (as in the norSTR files, e.g. ``"D3S1358"``,
``"Penta E"``) to the alleles seen there:

* ``("14", "17")`` a heterozygote; ``("15", "15")`` a homozygote the laboratory
  called as such;
* ``("15", None)`` one allele seen and the partner possibly lost to drop-out
  (degraded remains). It is never read as a homozygote: the drop-out model in
  :func:`dropout_weight` weighs both explanations;
* a locus that is absent (or maps to ``None``/an empty sequence) is untyped and
  simply left out of every comparison.

Alleles are canonical strings from :func:`kinship.frequencies.normalise_allele`,
so ``"14.0"`` and ``14`` are the same allele and ``"9.3"`` is a microvariant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

from kinship.frequencies import normalise_allele

Genotype: TypeAlias = tuple[str, str | None]
Profile: TypeAlias = dict[str, Genotype]


class ProfileError(ValueError):
    """A profile entry that cannot be read as STR alleles."""

    def __init__(self, sample_id: str, locus: str, problem: str) -> None:
        super().__init__(f"Sample {sample_id!r}, locus {locus!r}: {problem}")
        self.sample_id = sample_id
        self.locus = locus
        self.problem = problem


def parse_genotype(raw: Sequence[str | float | None] | str | None) -> Genotype | None:
    """Read one locus entry; None when the locus is untyped.

    Accepts a sequence of one or two alleles (``None`` entries ignored) or a
    string such as ``"14/17"`` or ``"14,17"``. Raises ValueError for more than
    two alleles or a non-numeric allele.
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        parts: list[str | float] = [
            part for part in raw.replace(",", "/").split("/") if part.strip()
        ]
    else:
        parts = [part for part in raw if part is not None and str(part).strip()]
    if not parts:
        return None
    if len(parts) > 2:
        raise ValueError(f"{len(parts)} alleles given where at most two are possible.")
    alleles = sorted((normalise_allele(part) for part in parts), key=allele_sort_key)
    if len(alleles) == 1:
        return (alleles[0], None)
    return (alleles[0], alleles[1])


def parse_profile(sample_id: str, raw: Mapping[str, object]) -> tuple[Profile, list[ProfileError]]:
    """Normalise a whole profile; unreadable loci are returned as errors, not raised.

    The caller decides whether one bad locus should stop anything; the kinship
    screen leaves the locus out and reports it.
    """
    profile: Profile = {}
    problems: list[ProfileError] = []
    for locus, entry in raw.items():
        try:
            genotype = parse_genotype(entry)  # type: ignore[arg-type]
        except ValueError as error:
            problems.append(ProfileError(sample_id, str(locus), str(error)))
            continue
        if genotype is not None:
            profile[str(locus).strip()] = genotype
    return profile, problems


def allele_sort_key(allele: str) -> tuple[float, str]:
    """Numeric order of repeat numbers, so ``"9.3"`` sorts before ``"10"``."""
    try:
        return (float(allele), allele)
    except ValueError:
        return (float("inf"), allele)


def seen_alleles(genotype: Genotype) -> tuple[str, ...]:
    """The distinct alleles actually observed at a locus."""
    first, second = genotype
    if second is None or second == first:
        return (first,)
    return (first, second)


def format_genotype(genotype: Genotype | None) -> str:
    """Text for reports: ``14/17``, ``15/15``, ``15/?`` (drop-out) or ``-`` (untyped)."""
    if genotype is None:
        return "-"
    first, second = genotype
    return f"{first}/{'?' if second is None else second}"


def dropout_weight(true_is_homozygote: bool, dropout: float) -> float:
    """P(only allele a is seen | true genotype), for a true genotype containing a.

    A homozygote a/a shows a single peak unless both copies drop out, so the
    observation has probability ``1 - d**2``; a heterozygote a/b shows only a
    when b drops out and a does not: ``d * (1 - d)``. Only the ratio of the two
    matters in a likelihood ratio, and with ``d = 0`` the locus is read as a
    homozygote, which is then an explicit choice of the caller.
    """
    if true_is_homozygote:
        return 1.0 - dropout * dropout
    return dropout * (1.0 - dropout)
