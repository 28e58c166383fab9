"""A report's candidates as users see them, and the top 10 that the evaluation counts."""

from __future__ import annotations

from identify.candidates import as_listed, section_of
from scenarios.evaluation import evaluate_rows
from scenarios.truth import Truth


def row(target: str, kind: str, posterior: float, band: str = "possible", report: str = "R1") -> dict:
    return {"report_id": report, "candidate_id": target, "kind": kind, "band": band, "posterior": posterior,
            "log10_lr": 0.1, "review_status": "proposed", "evidence": "[]"}


def context(*reports: str) -> list[dict]:
    return [{"kind": "report", "record_id": r, "names_voyage": False, "references": [], "direct_reference": False,
             "loci": None} for r in reports]


def test_remains_and_sightings_come_first_then_other_reports_each_best_first_and_cut():
    rows = [row("R2", "report", 0.002), row("B1", "remains", 0.04), row("S1", "sighting", 0.3),
            row("R3", "report", 0.2), row("B2", "remains", 0.9, band="excluded"), row("B3", "remains", 0.01)]
    listed = [r["candidate_id"] for r in as_listed(rows, 2, kind_field="kind")]
    assert listed == ["S1", "B1", "R3", "R2"]
    assert [section_of(kind) for kind in ("remains", "sighting", "report")] == [
        "identification", "identification", "same_person"]


def test_weak_remains_do_not_push_a_second_report_out_but_still_push_a_sighting_out():
    # twelve remains candidates with a ratio just in favour, each above the second report and the
    # sighting in posterior: the second report is shown (first of its section), the sighting is not
    # (twelfth of the remains and sightings, as the list shows it)
    weak = [row(f"B{n:02}", "remains", 0.05 - n * 0.001) for n in range(12)]
    truth = Truth("SYN", {
        "R1": {"remains": [], "sightings": [], "duplicate_reports": ["R2"], "status": "dead"},
        "R4": {"remains": [], "sightings": ["S1"], "duplicate_reports": [], "status": "alive"},
    })
    candidates = [*weak, row("R2", "report", 0.004),
                  *[{**r, "report_id": "R4"} for r in weak], row("S1", "sighting", 0.03, report="R4")]
    result = evaluate_rows(truth, candidates, context("R1", "R4")).as_json()
    assert result["duplicate_reports_in_top_10"] == {"reports": 1, "found": 1, "recall": 1.0}
    assert result["living_sightings_in_top_10"] == {"reports": 1, "found": 0, "recall": 0.0}
    # the other report past the tenth of its own section is not shown
    others = [row(f"R{n + 10}", "report", 0.5 - n * 0.01) for n in range(10)]
    result = evaluate_rows(truth, [*weak, *others, row("R2", "report", 0.004)], context("R1", "R4")).as_json()
    assert result["duplicate_reports_in_top_10"]["found"] == 0
