"""The calibration measures, by hand (pure: no graph)."""

from __future__ import annotations

import pytest

from identify.calibration import (
    BIN_EDGES,
    Forecast,
    bin_index,
    brier_score,
    calibration,
    expected_calibration_error,
    reliability,
    split_by_dna,
)


def test_bins_are_closed_below_and_the_last_one_holds_1():
    assert bin_index(0.0) == 0
    assert bin_index(0.0099) == 0
    assert bin_index(0.01) == 1
    assert bin_index(0.9994) == len(BIN_EDGES) - 3
    assert bin_index(0.9995) == len(BIN_EDGES) - 2
    assert bin_index(1.0) == len(BIN_EDGES) - 2


def test_reliability_table_and_ece_by_hand():
    # bin 0.5-0.6: four forecasts at 0.55, two right: |0.55 - 0.5| = 0.05
    # bin 0.9-0.99: two at 0.95, both right: |0.95 - 1| = 0.05
    # bin 0-0.01: four at 0.0, none right: 0
    items = ([Forecast(0.55, True), Forecast(0.55, True), Forecast(0.55, False), Forecast(0.55, False)]
             + [Forecast(0.95, True)] * 2 + [Forecast(0.0, False)] * 4)
    table = {(row.low, row.high): row for row in reliability(items)}
    assert table[(0.5, 0.6)].count == 4 and table[(0.5, 0.6)].share_right == 0.5
    assert table[(0.9, 0.99)].mean_posterior == pytest.approx(0.95)
    assert table[(0.2, 0.3)].count == 0 and table[(0.2, 0.3)].share_right is None
    assert expected_calibration_error(items) == pytest.approx((4 * 0.05 + 2 * 0.05 + 0) / 10)
    assert expected_calibration_error(items, at_least=0.1) == pytest.approx((4 * 0.05 + 2 * 0.05) / 6)
    assert expected_calibration_error([], at_least=0.1) is None


def test_brier_score_by_hand():
    items = [Forecast(0.9, True), Forecast(0.2, False), Forecast(0.6, False)]
    assert brier_score(items) == pytest.approx((0.01 + 0.04 + 0.36) / 3)


def test_perfect_forecasts_have_no_calibration_error():
    items = [Forecast(1.0, True)] * 5 + [Forecast(0.0, False)] * 5
    result = calibration(items)
    assert result.ece == 0 and result.brier == 0


def test_false_strong_and_the_report_threshold_are_counted():
    items = [Forecast(0.9999, True, band="strong"), Forecast(0.9996, False, band="strong"),
             Forecast(0.995, False, band="strong"), Forecast(0.9999, False, band="probable")]
    result = calibration(items)
    assert (result.strong, result.false_strong) == (3, 2)
    assert (result.at_report_threshold, result.wrong_at_report_threshold) == (3, 2)


def test_split_by_dna():
    items = [Forecast(0.9, True, dna=True), Forecast(0.3, False), Forecast(0.4, True)]
    split = split_by_dna(items)
    assert split["all"].forecasts == 3
    assert split["with_dna"].forecasts == 1 and split["without_dna"].forecasts == 2
    assert split["without_dna"].right == 1


def test_forecast_json_round_trip():
    item = Forecast(0.25, True, True, "possible", "sighting", "R1", "S1")
    assert Forecast.from_json(item.as_json()) == item
