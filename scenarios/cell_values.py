"""How values are written into the interchange files' cells: partial ISO dates, `n-m` ranges,
` | ` lists, WGS84 coordinates, and the fixed time frame every scenario lives in."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta

from normalise.cell_text import MULTI_VALUE_SEPARATOR

# Every date of a scenario falls in this window, so that output never depends on the clock.
FIRST_DAY = date(2014, 1, 1)
LAST_DAY = date(2024, 12, 31)


def iso(day: date | None) -> str:
    """A full ISO date, or empty."""
    return day.isoformat() if day else ""


def partial_date(day: date | None, rng: random.Random, full: float = 0.6, month: float = 0.3) -> str:
    """The date at the precision a record keeps: full, year-month, or year alone."""
    if day is None:
        return ""
    roll = rng.random()
    if roll < full:
        return day.isoformat()
    if roll < full + month:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def later(day: date, days: int) -> date:
    """``days`` after ``day``."""
    return day + timedelta(days=days)


def clamp(day: date) -> date:
    """The date, kept inside the scenario window."""
    return min(max(day, FIRST_DAY), LAST_DAY)


def years_between(born: date, day: date) -> int:
    """Completed years from ``born`` to ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def number_range(low: float, high: float) -> str:
    """`n-m`, or `n` when both ends agree."""
    low_i, high_i = int(round(low)), int(round(high))
    if high_i < low_i:
        low_i, high_i = high_i, low_i
    return str(low_i) if low_i == high_i else f"{low_i}-{high_i}"


def coordinate(value: float | None) -> str:
    """Decimal degrees with four decimals (about ten metres), or empty."""
    return "" if value is None else f"{value:.4f}"


def joined(values: Iterable[str]) -> str:
    """A multi-valued cell."""
    return MULTI_VALUE_SEPARATOR.join(v for v in values if v)


def sharing(rng: random.Random) -> str:
    """Mostly the default (empty: partners), sometimes explicit, a few restricted to the agency."""
    roll = rng.random()
    if roll < 0.85:
        return ""
    return "partners" if roll < 0.96 else "agency"
