"""Measuring the candidates against a generated scenario's truth.json.

For every report whose missing person has a record in the graph (remains or a sighting), the
report's remains and sighting candidates are ranked as `tracegraph candidates` ranks them, and
the report counts as found at k when one of its person's records is among the first k. Reports
are split by what the engine had to go on:

- `dna`: a reference sample from a parent, child or full sibling, and the person's remains with
  a post-mortem profile of at least 15 loci (the issue's DNA goal); found at 1 = those remains
  are the first remains candidate (DNA identifies remains; `recall_at_1_among_remains_and_sightings`
  also counts a sighting of the person ranked above them as a miss);
- `no_dna`: every other report; `no_dna_known_voyage`: those whose report names the voyage.

The false-positive rate of the strong band is the share of strong candidates whose record is not
the report's person's (remains, sighting, or another report of the same person).

Every candidate shown is also a forecast (`identify.calibration`): its posterior against whether
its record is the person's own (remains, fragments and other agencies' records of the same body
included, sightings, other reports of the same person). Calibration is measured over all of them
and split by whether DNA weighed in (the candidate's evidence holds a `dna` item). Two more
recall figures look at the list exactly as `tracegraph candidates` shows it
(`identify.candidates.as_listed`: remains and sightings first, then other reports, each section
best first and cut at 10): for a person alive whose sightings are in the graph, one of them
among the first 10 remains and sightings; for a person reported twice, the other report among the
first 10 other reports.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graphmodel.errors import TraceGraphError
from graphmodel.store_protocol import GraphStore
from identify.calibration import Forecast, format_table, split_by_dna
from identify.candidates import as_listed
from identify.world import run
from scenarios.truth import Truth

CLOSE_REFERENCES = frozenset({"mother", "father", "child", "full_sibling"})
MIN_LOCI = 15
RANKED_KINDS = ("remains", "sighting")


@dataclass
class Group:
    """Counts of one group of reports."""

    reports: int = 0
    found_at_1: int = 0
    found_at_10: int = 0
    found_first_of_both: int = 0  # dna group: first among remains and sightings together
    strong: int = 0
    false_strong: int = 0
    reports_with_false_strong: int = 0

    def rate(self, count: int, total: int) -> float | None:
        return round(count / total, 4) if total else None

    def as_json(self) -> dict[str, Any]:
        return {"reports": self.reports, "recall_at_1": self.rate(self.found_at_1, self.reports),
                "recall_at_1_among_remains_and_sightings": self.rate(self.found_first_of_both, self.reports),
                "recall_at_10": self.rate(self.found_at_10, self.reports), "strong": self.strong,
                "false_strong": self.false_strong,
                "strong_false_positive_rate": self.rate(self.false_strong, self.strong),
                "reports_with_false_strong": self.reports_with_false_strong}


@dataclass
class Found:
    """How many reports a recall figure counts, and in how many the wanted record was found."""

    reports: int = 0
    found: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"reports": self.reports, "found": self.found,
                "recall": round(self.found / self.reports, 4) if self.reports else None}


@dataclass
class Evaluation:
    groups: dict[str, Group] = field(default_factory=lambda: defaultdict(Group))
    reports_without_records: int = 0
    reports_without_candidates: int = 0
    forecasts: list[Forecast] = field(default_factory=list)
    sightings_top10: Found = field(default_factory=Found)
    duplicates_top10: Found = field(default_factory=Found)

    def as_json(self) -> dict[str, Any]:
        return {"groups": {name: group.as_json() for name, group in sorted(self.groups.items())},
                "reports_whose_person_left_no_record": self.reports_without_records,
                "reports_without_candidates": self.reports_without_candidates,
                "living_sightings_in_top_10": self.sightings_top10.as_json(),
                "duplicate_reports_in_top_10": self.duplicates_top10.as_json(),
                "calibration": {name: result.as_json() for name, result in split_by_dna(self.forecasts).items()}}


def rank(rows: list[dict[str, Any]], kinds: tuple[str, ...] | None = RANKED_KINDS) -> list[dict[str, Any]]:
    """Candidates of the kinds asked for (remains and sightings; None: all) in the order
    `tracegraph candidates` lists them."""
    ranked = [row for row in rows if kinds is None or row["kind"] in kinds]
    return sorted(ranked, key=lambda r: (r["band"] == "excluded" or r["review_status"] == "excluded",
                                         -(r["posterior"] or 0.0), -(r["log10_lr"] or 0.0), r["candidate_id"]))


def shown_ids(shown: list[dict[str, Any]], kind: str) -> set[str]:
    """The record ids of the candidates of one kind among those shown."""
    return {row["candidate_id"] for row in shown if row["kind"] == kind}


def has_dna(row: dict[str, Any]) -> bool:
    """Whether a DNA comparison is part of the candidate's evidence."""
    try:
        items = json.loads(row.get("evidence") or "[]")
    except (TypeError, ValueError):
        return False
    return any(isinstance(item, dict) and item.get("kind") == "dna" for item in items)


def dna_usable(remains: list[str], context: dict[str, Any], loci: dict[str, int]) -> list[str]:
    """The person's remains that DNA can identify for this report (see the module docstring)."""
    if not CLOSE_REFERENCES & set(context.get("references") or ()):
        return []
    return [record for record in remains if loci.get(record, 0) >= MIN_LOCI]


def evaluate_rows(truth: Truth, candidates: list[dict[str, Any]], context: list[dict[str, Any]]) -> Evaluation:
    """The evaluation of candidate rows (evaluate_candidates) given their context rows."""
    by_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in candidates:
        by_report[row["report_id"]].append(row)
    reports = {row["record_id"]: row for row in context if row["kind"] == "report"}
    loci = {row["record_id"]: int(row["loci"] or 0) for row in context if row["kind"] == "remains"}
    result = Evaluation()
    for report_id in truth.missing:
        if report_id not in reports:
            continue
        own = truth.own_records(report_id)
        rows = by_report.get(report_id, [])
        usable = dna_usable(truth.remains(report_id), reports[report_id], loci)
        known_voyage = ["no_dna_known_voyage"] if reports[report_id]["names_voyage"] else []
        groups = ["dna"] if usable else ["no_dna", *known_voyage]
        groups.append("all")
        wanted = set(usable) if usable else own
        true_records = truth.true_records(report_id)
        entry = truth.missing[report_id]
        result.forecasts.extend(Forecast(float(row["posterior"] or 0.0), row["candidate_id"] in true_records,
                                         has_dna(row), row["band"], row["kind"], report_id, row["candidate_id"])
                                for row in rows)
        shown = as_listed(rows, 10, kind_field="kind")
        if entry.get("status") == "alive" and entry.get("sightings"):
            result.sightings_top10.reports += 1
            result.sightings_top10.found += bool(set(entry["sightings"]) & shown_ids(shown, "sighting"))
        if entry.get("duplicate_reports"):
            result.duplicates_top10.reports += 1
            result.duplicates_top10.found += bool(set(entry["duplicate_reports"]) & shown_ids(shown, "report"))
        strong = [row for row in rows if row["band"] == "strong"]
        false = [row for row in strong if row["candidate_id"] not in true_records]
        for name in groups:
            group = result.groups[name]
            group.strong += len(strong)
            group.false_strong += len(false)
            group.reports_with_false_strong += bool(false)
        if not own:
            result.reports_without_records += 1
            continue
        if not rows:
            result.reports_without_candidates += 1
        order = [row["candidate_id"] for row in rank(rows)]
        # DNA identifies remains: with usable DNA, the first remains candidate is what counts (a
        # sighting of the same person before death may rank above it, and is the person too)
        first = [row["candidate_id"] for row in rank(rows, ("remains",))][:1] if usable else order[:1]
        for name in groups:
            group = result.groups[name]
            group.reports += 1
            group.found_at_1 += bool(wanted & set(first))
            group.found_first_of_both += bool(wanted & set(order[:1]))
            group.found_at_10 += bool(wanted & set(order[:10]))
    return result


def evaluate_candidates(store: GraphStore, truth: Truth) -> Evaluation:
    """Read the candidates and context of the scenario's agency and evaluate them."""
    candidates = run(store, "evaluate_candidates", agency=truth.agency)
    context = run(store, "evaluate_report_context", agency=truth.agency)
    if not any(row["kind"] == "report" for row in context):
        raise TraceGraphError(f"no report of agency {truth.agency} is in the graph: load the scenario with "
                              f"`tracegraph ingest interchange DIR --agency {truth.agency}` first")
    return evaluate_rows(truth, candidates, context)


GOALS = {"dna": ("recall_at_1", 0.99), "no_dna_known_voyage": ("recall_at_10", 0.95)}


def format_report(result: Evaluation) -> str:
    """The evaluation as a table, with the issue's goals checked."""
    lines = [f"{'group':<22} {'reports':>8} {'recall@1':>9} {'recall@10':>10} "
             f"{'strong':>7} {'false':>6} {'FP rate':>8}"]
    for name, group in sorted(result.groups.items()):
        data = group.as_json()
        lines.append(f"{name:<22} {data['reports']:>8} {_pct(data['recall_at_1']):>9} {_pct(data['recall_at_10']):>10} "
                     f"{data['strong']:>7} {data['false_strong']:>6} {_pct(data['strong_false_positive_rate']):>8}")
    lines.append(f"Reports whose person left no record: {result.reports_without_records}; "
                 f"with a record but no candidate: {result.reports_without_candidates}.")
    for name, (metric, goal) in GOALS.items():
        value = result.groups[name].as_json()[metric] if name in result.groups else None
        verdict = "no cases" if value is None else ("met" if value >= goal else f"missed by {goal - value:.3f}")
        lines.append(f"Goal {name} {metric} >= {goal}: {verdict}")
    for name, found in (("living persons' sightings", result.sightings_top10),
                        ("duplicate reports", result.duplicates_top10)):
        data = found.as_json()
        lines.append(f"{name} in the top 10: {data['found']} of {data['reports']} ({_pct(data['recall'])}; goal 0.90)")
    for name, measures in split_by_dna(result.forecasts).items():
        lines.extend(format_table(f"Calibration, {name.replace('_', ' ')}", measures))
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
