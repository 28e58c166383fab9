"""What a kinship comparison reports: plain, JSON-able records."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from kinship.profile import Genotype, format_genotype

if TYPE_CHECKING:
    from kinship.likelihood.family_check import FamilyCheck


@dataclass(frozen=True)
class Skipped:
    """Something left out of a calculation, with a sentence saying why."""

    kind: str  # "family", "reference", "locus", "sample"
    subject: str
    reason: str
    locus: str | None = None

    def __str__(self) -> str:
        if self.locus:
            return f"sample {self.subject!r}, locus {self.locus!r}: {self.reason}"
        return f"{self.kind} {self.subject!r}: {self.reason}"


@dataclass(frozen=True)
class LocusResult:
    """One locus of a pairing: the genotypes compared, the LR and why."""

    locus: str
    lr: float
    incompatible: bool
    missing_genotype: Genotype
    reference_genotypes: dict[str, Genotype]
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        """JSON-able form with genotypes written as ``14/17`` (``15/?`` for drop-out)."""
        return {
            "locus": self.locus,
            "lr": self.lr,
            "log10_lr": _log10(self.lr),
            "incompatible": self.incompatible,
            "missing_genotype": format_genotype(self.missing_genotype),
            "reference_genotypes": {k: format_genotype(v) for k, v in self.reference_genotypes.items()},
            "why": self.reason,
        }


@dataclass(frozen=True)
class PairResult:
    """A post-mortem profile against one family: LR, exclusion and posterior."""

    family_id: str
    post_mortem_id: str
    log10_lr: float
    loci_compared: int
    incompatible_loci: tuple[str, ...]
    excluded: bool
    population: str
    stated_population: str | None
    log10_lr_by_population: dict[str, float]
    theta: float
    mutation_model: str
    mutation_rate: float
    prior: float
    posterior: float
    ready_for_report: bool
    pedigree: str = ""
    loci: tuple[LocusResult, ...] = ()

    @property
    def worth_explaining(self) -> bool:
        """Whether its loci are kept with it: not excluded, and an LR above one (the screen gives
        the loci of these pairs only, and the graph stores them)."""
        return not self.excluded and self.log10_lr > 0

    @property
    def lr(self) -> float:
        """The likelihood ratio (may overflow to inf for very strong evidence)."""
        return 10.0**self.log10_lr if self.log10_lr < 308 else math.inf

    def as_dict(self) -> dict[str, object]:
        """JSON-able record (the ``explain`` output and the screen's rows)."""
        record = asdict(self)
        record["lr"] = self.lr
        record["incompatible_loci"] = list(self.incompatible_loci)
        record["loci"] = [locus.as_dict() for locus in self.loci]
        return record


@dataclass
class ScreenResult:
    """Outcome of a many-against-many screen.

    ``pairs`` holds the pairings kept in detail (see KinshipSettings); the
    counters cover every pairing compared. ``family_checks`` holds the
    families whose references disagree with each other (see
    :mod:`kinship.likelihood.family_check`).
    """

    pairs: list[PairResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    family_checks: list[FamilyCheck] = field(default_factory=list)
    pairs_compared: int = 0
    pairs_excluded: int = 0
    families_screened: int = 0
    post_mortem_screened: int = 0

    def summary(self) -> dict[str, int]:
        """Counts for a report header: compared, excluded, kept, skipped."""
        return {
            "families_screened": self.families_screened,
            "post_mortem_screened": self.post_mortem_screened,
            "pairs_compared": self.pairs_compared,
            "pairs_excluded": self.pairs_excluded,
            "pairs_kept": len(self.pairs),
            "ready_for_report": sum(p.ready_for_report for p in self.pairs),
            "skipped": len(self.skipped),
        }


def _log10(value: float) -> float:
    return math.log10(value) if value > 0 else -math.inf
