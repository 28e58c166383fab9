"""The named numbers of every likelihood ratio, read from `parameters.yaml` and checked.

One object, `Parameters`, holds them all, so a run, a test or a benchmark can say exactly which
numbers it used (and a test can change one with `dataclasses.replace`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

SUM_TOLERANCE = 0.011


@dataclass(frozen=True)
class Level:
    """One level of a comparison: m = P(level | same person), u = P(level | other person).

    `u` is None where it is measured from the data (a frequency table or a neighbourhood size).
    """

    name: str
    m: float
    u: float | None
    description: str


@dataclass(frozen=True)
class Comparison:
    """The ordered levels of one comparison."""

    name: str
    levels: tuple[Level, ...]

    def level(self, name: str) -> Level:
        for level in self.levels:
            if level.name == name:
                return level
        raise KeyError(f"{self.name} has no level {name!r}")

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.levels)


@dataclass(frozen=True)
class Band:
    excluded_max_log10_lr: float
    strong_min_posterior: float
    probable_min_posterior: float


@dataclass(frozen=True)
class Colours:
    """A colour comparison: levels, population shares, neighbouring colours and their words."""

    comparison: Comparison
    population_share: dict[str, float]
    neighbours: frozenset[frozenset[str]]
    words: dict[str, str]  # word or phrase -> canonical colour


@dataclass(frozen=True)
class Interval:
    """An interval comparison (age, stature): levels and the `near` distance."""

    comparison: Comparison
    near: float


@dataclass(frozen=True)
class TimePlace:
    drift_days: float
    drift_km_per_day: float
    drift_base_km: float
    nearby_km: float
    window_days: float
    later_km: float
    later_days: float
    route_area_km: float
    route_window_days: dict[str, float]
    before_tolerance_days: float
    # (candidate kind, "with_voyage" | "without_voyage") -> comparison
    comparisons: dict[tuple[str, str], Comparison]


@dataclass(frozen=True)
class Parameters:
    """Every number the engine uses."""

    prior_share: dict[str, float]
    bands: Band
    dna_excluded_log10_lr: float
    dna_block_min_log10_lr: float
    dna_not_reported: Level
    sex_share: dict[str, float]
    sex_error: dict[str, float]
    age: Interval
    age_distribution: tuple[tuple[float, float, float], ...]
    stature: Interval
    stature_report_tolerance_cm: float
    stature_distribution: dict[str, tuple[float, float]]
    hair: Colours
    eyes: Colours
    descriptions: dict[str, Comparison]
    names: Comparison
    names_fuzzy_min: float
    date_of_birth: Comparison
    nationality: Comparison
    time_place: TimePlace
    max_candidates_per_report: int
    min_log10_lr: float
    shortlist_size: int


def _comparison(name: str, raw: dict[str, Any], *, measured_u: bool = False) -> Comparison:
    levels = tuple(
        Level(level_name, float(spec["m"]), None if spec.get("u") is None else float(spec["u"]),
              str(spec.get("description", "")))
        for level_name, spec in raw.items()
    )
    total_m = sum(level.m for level in levels)
    if abs(total_m - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"{name}: m values sum to {total_m:.4f}, not 1")
    fixed_u = [level.u for level in levels if level.u is not None]
    if not measured_u and len(fixed_u) != len(levels):
        raise ValueError(f"{name}: every level needs a u")
    if len(fixed_u) == len(levels) and abs(sum(fixed_u) - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"{name}: u values sum to {sum(fixed_u):.4f}, not 1")
    for level in levels:
        if not 0.0 < level.m <= 1.0 or (level.u is not None and not 0.0 < level.u <= 1.0):
            raise ValueError(f"{name}.{level.name}: m and u must be probabilities above 0")
    return Comparison(name, levels)


def _colours(name: str, raw: dict[str, Any]) -> Colours:
    shares = {colour: float(share) for colour, share in raw["population_share"].items()}
    if abs(sum(shares.values()) - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"{name}: population shares do not sum to 1")
    words = {str(word): colour for colour, spellings in raw["words"].items() for word in spellings}
    if unknown := set(words.values()) - set(shares):
        raise ValueError(f"{name}: words for colours without a share: {sorted(unknown)}")
    return Colours(
        comparison=_comparison(name, raw["levels"], measured_u=True),
        population_share=shares,
        neighbours=frozenset(frozenset(pair) for pair in raw["neighbours"]),
        words=words,
    )


def _time_place(raw: dict[str, Any]) -> TimePlace:
    comparisons = {
        (kind, situation): _comparison(f"time_place.{kind}.{situation}", levels, measured_u=True)
        for kind in ("remains", "sighting", "report")
        for situation, levels in raw[kind].items()
    }
    return TimePlace(
        drift_days=float(raw["drift_days"]), drift_km_per_day=float(raw["drift_km_per_day"]),
        drift_base_km=float(raw["drift_base_km"]), nearby_km=float(raw["nearby_km"]),
        window_days=float(raw["window_days"]), later_km=float(raw["later_km"]),
        later_days=float(raw["later_days"]), route_area_km=float(raw["route_area_km"]),
        route_window_days={kind: float(days) for kind, days in raw["route_window_days"].items()},
        before_tolerance_days=float(raw["before_tolerance_days"]),
        comparisons=comparisons,
    )


def parse_parameters(raw: dict[str, Any]) -> Parameters:
    """Parameters from the parsed YAML; ValueError names the first inconsistency."""
    age_bins = tuple((float(lo), float(hi), float(share)) for lo, hi, share in raw["age"]["distribution"])
    if abs(sum(share for _, _, share in age_bins) - 1.0) > SUM_TOLERANCE:
        raise ValueError("age.distribution shares do not sum to 1")
    if abs(sum(raw["sex"]["population_share"].values()) - 1.0) > SUM_TOLERANCE:
        raise ValueError("sex.population_share does not sum to 1")
    return Parameters(
        prior_share={kind: float(spec["share"]) for kind, spec in raw["prior"].items()},
        bands=Band(**{key: float(value) for key, value in raw["bands"].items()}),
        dna_excluded_log10_lr=float(raw["dna"]["excluded_log10_lr"]),
        dna_block_min_log10_lr=float(raw["dna"]["block_min_log10_lr"]),
        dna_not_reported=Level("not_reported", float(raw["dna"]["not_reported"]["m"]),
                               float(raw["dna"]["not_reported"]["u"]),
                               "both screened, no result recorded: the LR was below the report threshold"),
        sex_share={sex: float(share) for sex, share in raw["sex"]["population_share"].items()},
        sex_error={kind: float(error) for kind, error in raw["sex"]["error"].items()},
        age=Interval(_comparison("age", raw["age"]["levels"], measured_u=True), float(raw["age"]["near_years"])),
        age_distribution=age_bins,
        stature=Interval(_comparison("stature", raw["stature"]["levels"], measured_u=True),
                         float(raw["stature"]["near_cm"])),
        stature_report_tolerance_cm=float(raw["stature"]["report_tolerance_cm"]),
        stature_distribution={sex: (float(spec["mean"]), float(spec["sd"]))
                              for sex, spec in raw["stature"]["distribution"].items()},
        hair=_colours("colour.hair", raw["colour"]["hair"]),
        eyes=_colours("colour.eyes", raw["colour"]["eyes"]),
        descriptions={field: _comparison(f"descriptions.{field}", spec["levels"])
                      for field, spec in raw["descriptions"].items()},
        names=_comparison("names", raw["names"]["levels"]),
        names_fuzzy_min=float(raw["names"]["fuzzy_min"]),
        date_of_birth=_comparison("date_of_birth", raw["date_of_birth"]["levels"]),
        nationality=_comparison("nationality", raw["nationality"]["levels"]),
        time_place=_time_place(raw["time_place"]),
        max_candidates_per_report=int(raw["match"]["max_candidates_per_report"]),
        min_log10_lr=float(raw["match"]["min_log10_lr"]),
        shortlist_size=int(raw["match"]["shortlist_size"]),
    )


def read_yaml(name: str) -> dict[str, Any]:
    text = resources.files("identify.evidence").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def load_parameters() -> Parameters:
    """The parameters shipped in `identify/evidence/parameters.yaml`."""
    return parse_parameters(read_yaml("parameters.yaml"))
