"""All tunable parameters of the kinship maths in one object, with documented defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Literal, TypeAlias

from kinship.frequencies import POPULATIONS

MutationModelName: TypeAlias = Literal["equal", "stepwise"]


@dataclass(frozen=True)
class KinshipSettings:
    """Parameters of every kinship calculation.

    theta
        Coancestry coefficient for the subpopulation correction of founder
        alleles (NRC II 1996, recommendation 4.10; Balding & Nichols 1994).
        0.01 is the NRC II value for most populations.
    mutation_model, mutation_rate
        ``"stepwise"`` (one repeat up or down) or ``"equal"`` (any other allele),
        applied per parent-child transmission at ``mutation_rate`` (0.002 is a
        typical average over STR loci).
    dropout
        Probability that one allele of a heterozygote is not seen. Used only for
        loci where a profile shows a single allele with no homozygote call.
    default_population
        Database used when a family states no population.
    minimum_over_populations
        When a family's ancestry is unknown, report the smallest LR over all
        seven norSTR databases, so a report never rests on a favourable choice.
    match_report_posterior
        Posterior probability at or above which a pairing is flagged as ready
        for a DNA match report (never confirmed automatically).
    max_prior
        Upper bound on the prior. The default prior is 1 / (number of missing
        persons linked to the same incident, or route and year); a single linked
        person would give a prior of 1 and a posterior of 1 whatever the DNA,
        so the prior is capped and the DNA must still carry the decision.
    max_incompatible_loci
        A pairing with more Mendelian incompatibilities (no mutation) than this
        is reported as excluded.
    keep_top_per_family, keep_min_log10_lr
        Which pairs a screen returns in detail: the best few per family, plus
        every pair whose log10 LR reaches the threshold. All others are counted.
    """

    theta: float = 0.01
    mutation_model: MutationModelName = "stepwise"
    mutation_rate: float = 0.002
    dropout: float = 0.05
    default_population: str = "europe"
    minimum_over_populations: bool = True
    match_report_posterior: float = 0.9995
    max_prior: float = 0.5
    max_incompatible_loci: int = 2
    keep_top_per_family: int = 3
    keep_min_log10_lr: float = 4.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.theta < 1.0:
            raise ValueError("theta must be in [0, 1).")
        if self.mutation_model not in ("equal", "stepwise"):
            raise ValueError("mutation_model must be 'equal' or 'stepwise'.")
        if not 0.0 <= self.mutation_rate < 0.5:
            raise ValueError("mutation_rate must be in [0, 0.5).")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError("dropout must be in [0, 1).")
        if self.default_population not in POPULATIONS:
            raise ValueError(f"default_population must be one of {', '.join(POPULATIONS)}.")
        if not 0.0 < self.max_prior <= 1.0:
            raise ValueError("max_prior must be in (0, 1].")


# The allele frequency tables a result was computed with (kinship/data/).
FREQUENCIES = "norSTR 2023"
# How each setting is named where people read it.
SETTING_WORDS = {"theta": "θ", "mutation_model": "mutation model", "mutation_rate": "mutation rate",
                 "dropout": "drop-out", "default_population": "default population",
                 "minimum_over_populations": "minimum over populations",
                 "match_report_posterior": "match report posterior", "max_prior": "prior cap",
                 "max_incompatible_loci": "incompatible loci allowed", "keep_top_per_family": "pairs kept per family",
                 "keep_min_log10_lr": "log10 LR always kept", "frequencies": "frequencies"}


def settings_record(settings: KinshipSettings) -> dict[str, object]:
    """Everything a result depends on, to store beside it: the settings and the frequency tables."""
    return {**asdict(settings), "frequencies": FREQUENCIES}


def settings_from_record(record: dict[str, object]) -> KinshipSettings:
    """The settings a stored result was computed with (fields it does not name keep their defaults)."""
    known = {f.name for f in fields(KinshipSettings)}
    return KinshipSettings(**{key: value for key, value in record.items() if key in known})  # type: ignore[arg-type]


def settings_differences(used: dict[str, object], stored: dict[str, object]) -> list[str]:
    """What differs between two settings records, in words: `θ 0.01 here, 0 in the stored run`."""
    return [f"{SETTING_WORDS.get(key, key)} {used.get(key)} here, {stored.get(key)} in the stored run"
            for key in used if key in stored and used.get(key) != stored.get(key)]
