"""Ages and heights given as one number or a range: `25`, `20-30`, `35+`, `<18`.

A range is kept as (minimum, maximum); an open end is None. Forensic estimates are ranges by
nature (an estimated age of 20-30), and a family's "about 25" is a range too once compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"\d+(?:[.,]\d+)?"
_RANGE = re.compile(rf"(?P<low>{_NUMBER})\s*(?:-|–|—|to)\s*(?P<high>{_NUMBER})")
_PLUS = re.compile(rf"(?P<low>{_NUMBER})\s*\+")
_BELOW = re.compile(rf"<\s*(?P<high>{_NUMBER})")
_ABOUT = re.compile(rf"(?:around|about|approx\.?|approximately|c\.|ca\.?|~)\s*(?P<value>{_NUMBER})",
                    re.IGNORECASE)
_MONTHS = re.compile(rf"(?P<low>{_NUMBER})(?:\s*-\s*(?P<high>{_NUMBER}))?\s*months?", re.IGNORECASE)


@dataclass(frozen=True)
class NumberRange:
    """A closed or half-open range of numbers."""

    minimum: float | None
    maximum: float | None

    def as_ints(self) -> tuple[int | float | None, int | float | None]:
        """The bounds, whole numbers written as int."""
        return _tidy(self.minimum), _tidy(self.maximum)


def _tidy(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_range(text: str, *, lenient: bool = False) -> NumberRange:
    """`n` or `n-m` (the interchange contract); with `lenient`, also `n+`, `<n`, `around n`,
    `n months` and several ranges separated by `/` (their union), as death registries write them.

    ValueError when the text is none of these or the minimum exceeds the maximum.

    >>> parse_range("20-30")
    NumberRange(minimum=20.0, maximum=30.0)
    """
    text = text.strip()
    if re.fullmatch(_NUMBER, text):
        value = _number(text)
        return NumberRange(value, value)
    if match := _RANGE.fullmatch(text):
        low, high = _number(match["low"]), _number(match["high"])
        if low > high:
            raise ValueError(f"{text!r}: the minimum is larger than the maximum")
        return NumberRange(low, high)
    if lenient:
        if match := _PLUS.fullmatch(text):
            return NumberRange(_number(match["low"]), None)
        if match := _BELOW.fullmatch(text):
            return NumberRange(None, _number(match["high"]))
        if match := _ABOUT.fullmatch(text):
            value = _number(match["value"])
            return NumberRange(value, value)
        if match := _MONTHS.fullmatch(text):
            low = _number(match["low"]) / 12
            high = _number(match["high"]) / 12 if match["high"] else low
            return NumberRange(round(low, 2), round(high, 2))
        if "/" in text:
            parts = [parse_range(part, lenient=True) for part in text.split("/")]
            lows = [p.minimum for p in parts]
            highs = [p.maximum for p in parts]
            return NumberRange(None if None in lows else min(lows), None if None in highs else max(highs))
    raise ValueError(f"{text!r} is not a number or a range like 20-30")


def parse_age(text: str, *, lenient: bool = False) -> NumberRange:
    """An age in years (0-120) or an age range."""
    age = parse_range(text, lenient=lenient)
    for bound in (age.minimum, age.maximum):
        if bound is not None and not 0 <= bound <= 120:
            raise ValueError(f"age {text.strip()!r} is out of range (0 to 120 years)")
    return age


def parse_height_cm(text: str, *, lenient: bool = False) -> NumberRange:
    """A height in centimetres (30-250) or a range."""
    height = parse_range(text, lenient=lenient)
    for bound in (height.minimum, height.maximum):
        if bound is not None and not 30 <= bound <= 250:
            raise ValueError(f"height {text.strip()!r} is out of range (30 to 250 cm)")
    return height


_METRES = re.compile(r"(?P<low>[12][.,]\d{1,2})\s*(?:-\s*(?P<high>[12][.,]\d{1,2}))?\s*m\b")


def find_height_in_metres(text: str) -> NumberRange | None:
    """A stature written in metres inside free text ("1.75m, 70kg", "1.70-1.72m"), in cm."""
    match = _METRES.search(text)
    if not match:
        return None
    low = round(_number(match["low"]) * 100)
    high = round(_number(match["high"]) * 100) if match["high"] else low
    if low > high:
        return None
    return NumberRange(float(low), float(high))


@dataclass(frozen=True)
class Count:
    """A number of people as a source wrote it: the number, and the qualifier when the source
    gave it as a bound or an estimate (`12+`: at least 12; `~30`: about 30)."""

    value: int
    qualifier: str | None = None


_COUNT_FORMS = (
    (re.compile(r"(\d+)\s*\+|(?:at\s+least|min\.?|minimum)\s*(\d+)", re.IGNORECASE), "at least"),
    (re.compile(r">\s*(\d+)|more\s+than\s+(\d+)|over\s+(\d+)", re.IGNORECASE), "more than"),
    (re.compile(r"<\s*(\d+)|fewer\s+than\s+(\d+)|less\s+than\s+(\d+)|up\s+to\s+(\d+)", re.IGNORECASE), "at most"),
    (re.compile(r"(?:~|≈|c\.|ca\.?|circa|approx\.?|approximately|about|around|some)\s*(\d+)|(\d+)\s*\?",
                re.IGNORECASE), "about"),
)


def parse_count(text: str) -> Count:
    """A whole number of people: `12`, `12.0`, `1,264` (thousands), or with a qualifier a source
    wrote (`12+`, `>12`, `~30`, `about 30`, `30?`). ValueError for anything else.

    >>> parse_count("12+"), parse_count("~30")
    (Count(value=12, qualifier='at least'), Count(value=30, qualifier='about'))
    """
    text = text.strip()
    if text.isdigit():
        return Count(int(text))
    if re.fullmatch(r"\d+\.0+", text):
        return Count(int(float(text)))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return Count(int(text.replace(",", "")))
    for pattern, qualifier in _COUNT_FORMS:
        if match := pattern.fullmatch(text):
            number = next(group for group in match.groups() if group)
            return Count(int(number), qualifier)
    raise ValueError(f"{text!r} is not a whole number")
