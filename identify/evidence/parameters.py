"""The named numbers of every likelihood ratio, read from `parameters.yaml` and checked.

One object, `Parameters`, holds them all, so a run, a test or a benchmark can say exactly which
numbers it used (and a test can change one with `dataclasses.replace`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
        level = self.by_name.get(name)
        if level is None:
            raise KeyError(f"{self.name} has no level {name!r}")
        return level

    @cached_property
    def by_name(self) -> dict[str, Level]:
        """The levels by name (a match run looks one up for each pair it compares)."""
        return {level.name: level for level in self.levels}

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.levels)


@dataclass(frozen=True)
class Band:
    excluded_max_log10_lr: float
    strong_min_posterior: float
    probable_min_posterior: float


@dataclass(frozen=True)
class Identifying:
    """When a piece of evidence is an individual identifier (parameters.yaml, `identifying`)."""

    dna_min_log10_lr: float
    dna_min_loci: int
    rare_name_max_records: int
    unique_item_min_tokens: int
    unique_item_min_records: int


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
    identifying: Identifying
    rarity_pseudo_records: float
    dependence_groups: dict[str, str]  # evidence kind -> group
    dependence_weights: dict[str, dict[str, float]]  # candidate kind -> group -> weight
    dependence_shift: dict[str, float]  # candidate kind -> log10 odds shift
    dna_excluded_log10_lr: float
    dna_block_min_log10_lr: float
    dna_not_reported: dict[str, Level]  # by the family's closest reference (close, close_few_loci, distant)
    dna_not_reported_min_loci: int
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
    report_shortlist_size: int
    # candidate kind -> the parameters with that kind's measured m (`m_by_kind`); see for_kind
    by_kind: dict[str, "Parameters"] = field(default_factory=dict, compare=False, repr=False)

    def for_kind(self, kind: str) -> "Parameters":
        """The parameters for candidates of one kind of record: each comparison's m measured for
        that kind where parameters.yaml gives one (`m_by_kind`), else the documented m."""
        return self.by_kind.get(kind, self)


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


KINDS = ("remains", "sighting", "report")


def _with_m(comparison: Comparison, measured: dict[str, Any] | None) -> Comparison:
    """The comparison with the m values measured for one kind of record (checked like the others)."""
    if not measured:
        return comparison
    if set(measured) != set(comparison.names):
        raise ValueError(f"{comparison.name}: m_by_kind must give every level ({', '.join(comparison.names)})")
    total = sum(float(m) for m in measured.values())
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"{comparison.name}: measured m values sum to {total:.4f}, not 1")
    return Comparison(comparison.name, tuple(Level(level.name, float(measured[level.name]), level.u, level.description)
                                             for level in comparison.levels))


def _kind_parameters(base: Parameters, raw: dict[str, Any], kind: str) -> Parameters:
    def measured(*path: str) -> dict[str, Any] | None:
        node: Any = raw
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        return (node or {}).get("m_by_kind", {}).get(kind) if isinstance(node, dict) else None

    return replace(
        base,
        names=_with_m(base.names, measured("names")),
        date_of_birth=_with_m(base.date_of_birth, measured("date_of_birth")),
        nationality=_with_m(base.nationality, measured("nationality")),
        age=replace(base.age, comparison=_with_m(base.age.comparison, measured("age"))),
        stature=replace(base.stature, comparison=_with_m(base.stature.comparison, measured("stature"))),
        hair=replace(base.hair, comparison=_with_m(base.hair.comparison, measured("colour", "hair"))),
        eyes=replace(base.eyes, comparison=_with_m(base.eyes.comparison, measured("colour", "eyes"))),
        descriptions={field: _with_m(comparison, measured("descriptions", field))
                      for field, comparison in base.descriptions.items()},
        by_kind={},
    )


def parse_parameters(raw: dict[str, Any]) -> Parameters:
    """Parameters from the parsed YAML; ValueError names the first inconsistency."""
    base = _parse(raw)
    base.by_kind.update({kind: _kind_parameters(base, raw, kind) for kind in KINDS})
    return base


def _parse(raw: dict[str, Any]) -> Parameters:
    age_bins = tuple((float(lo), float(hi), float(share)) for lo, hi, share in raw["age"]["distribution"])
    if abs(sum(share for _, _, share in age_bins) - 1.0) > SUM_TOLERANCE:
        raise ValueError("age.distribution shares do not sum to 1")
    if abs(sum(raw["sex"]["population_share"].values()) - 1.0) > SUM_TOLERANCE:
        raise ValueError("sex.population_share does not sum to 1")
    return Parameters(
        prior_share={kind: float(spec["share"]) for kind, spec in raw["prior"].items()},
        bands=Band(**{key: float(value) for key, value in raw["bands"].items()}),
        rarity_pseudo_records=float(raw["rarity"]["pseudo_records"]),
        dependence_groups={kind: group for group, kinds in raw["dependence"]["groups"].items() for kind in kinds},
        dependence_weights={kind: {group: float(w) for group, w in weights.items()}
                            for kind, weights in raw["dependence"]["weights"].items()},
        dependence_shift={kind: float(shift) for kind, shift in raw["dependence"].get("shift", {}).items()},
        identifying=Identifying(
            dna_min_log10_lr=float(raw["identifying"]["dna_min_log10_lr"]),
            dna_min_loci=int(raw["identifying"]["dna_min_loci"]),
            rare_name_max_records=int(raw["identifying"]["rare_name_max_records"]),
            unique_item_min_tokens=int(raw["identifying"]["unique_item_min_tokens"]),
            unique_item_min_records=int(raw["identifying"]["unique_item_min_records"])),
        dna_excluded_log10_lr=float(raw["dna"]["excluded_log10_lr"]),
        dna_block_min_log10_lr=float(raw["dna"]["block_min_log10_lr"]),
        dna_not_reported={name: Level("not_reported", float(level["m"]), float(raw["dna"]["not_reported"]["u"]),
                                      str(level["description"]))
                          for name, level in raw["dna"]["not_reported"]["levels"].items()},
        dna_not_reported_min_loci=int(raw["dna"]["not_reported"]["min_loci"]),
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
        report_shortlist_size=int(raw["match"]["report_shortlist_size"]),
    )


def read_yaml(name: str) -> dict[str, Any]:
    text = resources.files("identify.evidence").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def load_parameters() -> Parameters:
    """The parameters shipped in `identify/evidence/parameters.yaml`."""
    return parse_parameters(read_yaml("parameters.yaml"))
