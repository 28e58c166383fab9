"""Posterior with an explicit prior, and the explain output the CLI and web app render."""

from __future__ import annotations

import json
import math

import pytest

from kinship import (
    Family,
    KinshipSettings,
    Reference,
    explain,
    posterior_probability,
    prior_probability,
    ready_for_report,
)
from textbook import assert_close

SETTINGS = KinshipSettings()


def test_prior_is_one_over_the_linked_missing_persons_capped() -> None:
    assert prior_probability(Family("F", (), linked_missing_count=40), SETTINGS) == 1 / 40
    assert prior_probability(Family("F", (), linked_missing_count=1), SETTINGS) == SETTINGS.max_prior
    assert prior_probability(Family("F", (), linked_missing_count=40, prior=0.2), SETTINGS) == 0.2
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        prior_probability(Family("F", (), prior=1.0), SETTINGS)


def test_posterior_from_lr_and_prior() -> None:
    lr, prior = 5000.0, 1 / 40
    assert_close(posterior_probability(math.log10(lr), prior), lr * prior / (lr * prior + 1 - prior))
    assert posterior_probability(-math.inf, prior) == 0.0
    assert posterior_probability(400.0, prior) == 1.0


def test_match_report_threshold_is_9995_per_ten_thousand_and_never_for_an_exclusion() -> None:
    assert ready_for_report(0.9995, False, SETTINGS)
    assert not ready_for_report(0.99949, False, SETTINGS)
    assert not ready_for_report(0.99999, True, SETTINGS)


PROFILE = {"D3S1358": ("15", "16"), "TH01": ("6", "9.3"), "FGA": ("21", None), "vWA": "17/X", "D8S1179": ("12", "13")}
FAMILY = Family(
    "F1",
    (
        Reference("R1", "mother",
                  {"D3S1358": ("15", "17"), "TH01": ("9.3", "9.3"), "FGA": ("22", "24"), "D8S1179": ("10", "11")},
                  "female"),
        Reference("R2", "full_sibling", {"D3S1358": ("16", "17"), "TH01": ("6", "9.3"), "FGA": ("21", "22")}),
    ),
    population="norway",
    linked_missing_count=4,
)


def test_explain_gives_a_json_record_with_the_agreed_keys() -> None:
    record = explain("PM1", PROFILE, FAMILY, SETTINGS).as_dict()
    json.dumps(record)
    for key in ("lr", "log10_lr", "posterior", "excluded", "population", "theta", "loci"):
        assert key in record
    assert record["population"] == "norway" and record["theta"] == 0.01
    loci = {entry["locus"]: entry for entry in record["loci"]}  # type: ignore[union-attr]
    assert set(loci) == {"D3S1358", "TH01", "FGA", "D8S1179"}
    assert loci["FGA"]["missing_genotype"] == "21/?"
    assert loci["D3S1358"]["reference_genotypes"] == {"R1": "15/17", "R2": "16/17"}
    assert "drop-out" in loci["FGA"]["why"]
    assert loci["D8S1179"]["incompatible"] and "mutation" in loci["D8S1179"]["why"]
    assert_close(record["lr"], math.prod(entry["lr"] for entry in loci.values()))  # type: ignore[arg-type]
    assert any("'vWA'" in s and "'X'" in s for s in record["skipped"])  # type: ignore[union-attr]


def test_explain_table_lists_every_locus_and_the_verdict() -> None:
    text = explain("PM1", PROFILE, FAMILY, SETTINGS).table()
    for locus in ("D3S1358", "TH01", "FGA", "D8S1179"):
        assert locus in text
    assert "posterior" in text and "Mendelian incompatibilities: D8S1179" in text


def test_explain_without_usable_references_says_why() -> None:
    family = Family("F2", (Reference("O", "other", {"TH01": ("6", "7")}),))
    explanation = explain("PM1", PROFILE, family, SETTINGS)
    assert explanation.pair is None
    assert explanation.as_dict()["lr"] is None
    assert "shared ancestry" in explanation.table()
