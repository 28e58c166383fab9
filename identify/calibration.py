"""Does a posterior mean what it says? Reliability, calibration error and Brier score, pure.

Each candidate shown is one forecast: its posterior, and whether the record really is the
report's missing person (from a generated scenario's truth). Forecasts are put in posterior bins;
a bin's *share right* should equal its mean posterior. The measures:

- the reliability table: per bin, how many forecasts, their mean posterior, the share right;
- the expected calibration error (ECE): the mean over forecasts of |mean posterior - share right|
  of their bin, i.e. sum over bins of (n_bin / n) |mean - share|; computed over all forecasts and
  over those at posterior >= 0.1 (where people look);
- the Brier score: the mean of (posterior - right)^2;
- false `strong`: candidates in the strong band that are wrong; and the forecasts at posterior
  >= 0.9995 (the ICMP reporting threshold) and how many of them are wrong.

The bins are finer near 1, where a family would be told: an ECE on ten equal bins would hide a
0.9999 that is right 99% of the time inside the bin 0.9-1.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BIN_EDGES = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 0.9995, 1.0)
LOOKED_AT = 0.1
REPORT_THRESHOLD = 0.9995


@dataclass(frozen=True)
class Forecast:
    """One candidate as evaluated: its posterior, band, kind, whether DNA weighed in, whether right."""

    posterior: float
    right: bool
    dna: bool = False
    band: str = "possible"
    kind: str = "remains"
    report: str = ""
    record: str = ""

    def as_json(self) -> dict[str, object]:
        return {"report": self.report, "record": self.record, "kind": self.kind, "band": self.band,
                "posterior": self.posterior, "right": self.right, "dna": self.dna}

    @classmethod
    def from_json(cls, raw: dict[str, object]) -> "Forecast":
        return cls(float(raw["posterior"]), bool(raw["right"]), bool(raw["dna"]), str(raw["band"]),  # type: ignore[arg-type]
                   str(raw["kind"]), str(raw.get("report", "")), str(raw.get("record", "")))


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    mean_posterior: float | None
    share_right: float | None

    def as_json(self) -> dict[str, object]:
        return {"low": self.low, "high": self.high, "count": self.count,
                "mean_posterior": _round(self.mean_posterior), "share_right": _round(self.share_right)}


def bin_index(posterior: float, edges: Sequence[float] = BIN_EDGES) -> int:
    """The bin of a posterior: [edge_i, edge_i+1), the last bin closed at 1."""
    for index in range(len(edges) - 2, -1, -1):
        if posterior >= edges[index]:
            return index
    return 0


def reliability(forecasts: Iterable[Forecast], edges: Sequence[float] = BIN_EDGES) -> list[Bin]:
    """The reliability table: one row per bin, empty bins included."""
    sums = [[0, 0.0, 0] for _ in range(len(edges) - 1)]
    for item in forecasts:
        row = sums[bin_index(item.posterior, edges)]
        row[0] += 1
        row[1] += item.posterior
        row[2] += item.right
    return [Bin(edges[i], edges[i + 1], count, total / count if count else None, right / count if count else None)
            for i, (count, total, right) in enumerate(sums)]


def expected_calibration_error(forecasts: Iterable[Forecast], *, at_least: float = 0.0,
                               edges: Sequence[float] = BIN_EDGES) -> float | None:
    """ECE over the forecasts at posterior >= `at_least` (None when there are none)."""
    chosen = [item for item in forecasts if item.posterior >= at_least]
    if not chosen:
        return None
    table = reliability(chosen, edges)
    return sum(row.count * abs(row.mean_posterior - row.share_right)  # type: ignore[operator]
               for row in table if row.count) / len(chosen)


def brier_score(forecasts: Iterable[Forecast]) -> float | None:
    items = list(forecasts)
    if not items:
        return None
    return sum((item.posterior - item.right) ** 2 for item in items) / len(items)


@dataclass(frozen=True)
class Calibration:
    """Every calibration measure of one set of forecasts."""

    forecasts: int
    right: int
    ece: float | None
    ece_looked_at: float | None
    looked_at: int
    brier: float | None
    strong: int
    false_strong: int
    at_report_threshold: int
    wrong_at_report_threshold: int
    table: tuple[Bin, ...]

    def as_json(self) -> dict[str, object]:
        return {"forecasts": self.forecasts, "right": self.right, "ece": _round(self.ece),
                "ece_posterior_from_0.1": _round(self.ece_looked_at), "forecasts_from_0.1": self.looked_at,
                "brier": _round(self.brier), "strong": self.strong, "false_strong": self.false_strong,
                "at_0.9995": self.at_report_threshold, "wrong_at_0.9995": self.wrong_at_report_threshold,
                "reliability": [row.as_json() for row in self.table]}


def calibration(forecasts: Iterable[Forecast]) -> Calibration:
    """The measures of a set of forecasts."""
    items = list(forecasts)
    strong = [item for item in items if item.band == "strong"]
    top = [item for item in items if item.posterior >= REPORT_THRESHOLD]
    return Calibration(
        forecasts=len(items), right=sum(item.right for item in items),
        ece=expected_calibration_error(items), ece_looked_at=expected_calibration_error(items, at_least=LOOKED_AT),
        looked_at=sum(item.posterior >= LOOKED_AT for item in items), brier=brier_score(items),
        strong=len(strong), false_strong=sum(not item.right for item in strong),
        at_report_threshold=len(top), wrong_at_report_threshold=sum(not item.right for item in top),
        table=tuple(reliability(items)),
    )


def split_by_dna(forecasts: Iterable[Forecast]) -> dict[str, Calibration]:
    """The measures over all forecasts, those with DNA evidence and those without."""
    items = list(forecasts)
    return {"all": calibration(items), "with_dna": calibration(i for i in items if i.dna),
            "without_dna": calibration(i for i in items if not i.dna)}


def format_table(name: str, result: Calibration) -> list[str]:
    """The reliability table and the measures as text lines."""
    lines = [f"{name}: {result.forecasts} candidates, {result.right} right; ECE {_fmt(result.ece)} "
             f"(from posterior 0.1: {_fmt(result.ece_looked_at)} over {result.looked_at}); "
             f"Brier {_fmt(result.brier)}; strong {result.strong}, false strong {result.false_strong}; "
             f"at >= 0.9995: {result.at_report_threshold}, wrong {result.wrong_at_report_threshold}",
             f"  {'posterior':<16} {'n':>7} {'mean':>8} {'right':>8}"]
    for row in result.table:
        if row.count:
            lines.append(f"  {row.low:<7g}- {row.high:<7g} {row.count:>7} {row.mean_posterior:>8.4f} "
                         f"{row.share_right:>8.4f}")
    return lines


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 5)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"
