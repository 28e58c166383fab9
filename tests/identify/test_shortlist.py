"""The shortlist's array ratios equal the per-pair evidence functions', record by record."""

from __future__ import annotations

import random

import numpy as np
import pytest

from identify.blocking import IndexedRecord, KindIndex
from identify.evidence.parameters import load_parameters
from identify.evidence.physical import compare_age, compare_sex, compare_stature
from identify.evidence.profiles import Profile, day_span
from identify.shortlist import age_log10, sex_log10, stature_log10

P = load_parameters()
DATES = [None, "2016", "2016-05", "2016-05-20", "2017-03-02", "2015-12-31", "2019-08"]


def random_record(rng: random.Random, kind: str, n: int) -> tuple[IndexedRecord, Profile]:
    sex = rng.choice([None, "M", "F", "U"])
    low = rng.choice([None, float(rng.randint(5, 60))])
    high = None if low is None or rng.random() < 0.3 else low + rng.randint(0, 12)
    if low is None and rng.random() < 0.2:
        high = float(rng.randint(10, 50))
    h_low = rng.choice([None, float(rng.randint(150, 185))])
    h_high = None if h_low is None or rng.random() < 0.3 else h_low + rng.randint(0, 10)
    date = rng.choice(DATES)
    uid = f"X:{kind}-{n}"
    record = IndexedRecord(uid=uid, kind=kind, span=day_span(date), sex=sex, age_min=low, age_max=high,
                           height_min_cm=h_low, height_max_cm=h_high)
    profile = Profile(uid=uid, kind=kind, sex=sex, age_min=low, age_max=high, height_min_cm=h_low,
                      height_max_cm=h_high, date=date)
    return record, profile


def random_report(rng: random.Random) -> Profile:
    age = rng.choice([None, float(rng.randint(10, 50))])
    return Profile(uid="R:1", kind="report", sex=rng.choice([None, "M", "F"]), age_min=age,
                   age_max=None if age is None else age + rng.choice([0, 0, 2]),
                   date_of_birth=rng.choice([None, None, "1990", "1991-04-12"]),
                   date=rng.choice(DATES), departure_date=rng.choice([None, "2016-05-01"]),
                   height_min_cm=rng.choice([None, 170.0]), height_max_cm=rng.choice([None, 175.0]))


@pytest.mark.parametrize("kind", ["remains", "sighting"])
@pytest.mark.parametrize("seed", range(6))
def test_shortlist_equals_the_evidence_functions(kind, seed):
    rng = random.Random(seed)
    pairs = [random_record(rng, kind, n) for n in range(300)]
    index = KindIndex(kind, [record for record, _ in pairs])
    ids = np.arange(len(pairs))
    for _ in range(5):
        report = random_report(rng)
        for function, vectorised in ((compare_sex, sex_log10), (compare_age, age_log10),
                                     (compare_stature, stature_log10)):
            expected = np.array([(e.log10_lr if (e := function(report, profile, P)) else 0.0)
                                 for _, profile in pairs])
            np.testing.assert_allclose(vectorised(report, index, ids, P), expected, atol=1e-6,
                                       err_msg=f"{function.__name__} {report}")
