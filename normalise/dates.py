"""Partial dates: a date known to the year, the month or the day, with that precision kept.

A family often knows only the month a person left; a death registry may know only the year a
body was found. TraceGraph stores such a date as the ISO 8601 prefix that is known (`2016`,
`2016-05`, `2016-05-25`) plus its precision (`year`, `month`, `day`), so a comparison never
invents a day nobody gave.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

PRECISIONS = ("year", "month", "day")

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_ISO = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
_WRITTEN = re.compile(r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})")

EARLIEST_YEAR = 1900


class _NotThisForm(ValueError):
    """The text is not written in the form a parser reads (another parser may read it)."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO 8601 date prefix and how much of it is known."""

    iso: str
    precision: str

    @property
    def year(self) -> int:
        return int(self.iso[:4])

    def __str__(self) -> str:
        return self.iso


def _build(year: int, month: int | None, day: int | None, text: str) -> PartialDate:
    if not EARLIEST_YEAR <= year <= 2100:
        raise ValueError(f"{text!r}: year {year} is not plausible")
    if month is None:
        return PartialDate(f"{year:04d}", "year")
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not a date (month {month})")
    if day is None:
        return PartialDate(f"{year:04d}-{month:02d}", "month")
    try:
        date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (day {day} of month {month})") from None
    return PartialDate(f"{year:04d}-{month:02d}-{day:02d}", "day")


def month_number(text: str) -> int:
    """1-12 from `11`, `Nov`, `November` (any case); ValueError otherwise."""
    folded = text.strip().casefold().rstrip(".")
    if folded.isdigit() and 1 <= int(folded) <= 12:
        return int(folded)
    if folded in _MONTHS:
        return _MONTHS[folded]
    raise ValueError(f"{text.strip()!r} is not a month")


def partial_date(year: int, month: int | None = None, day: int | None = None) -> PartialDate:
    """The partial date of the parts known; ValueError for an impossible one."""
    return _build(year, month, day, "-".join(str(part) for part in (year, month, day) if part))


def parse_partial_date(text: str) -> PartialDate:
    """An ISO 8601 date, possibly partial: `2016`, `2016-05`, `2016-05-25`.

    A time part (`2016-05-25T10:00`) is dropped. ValueError names what is wrong.

    >>> parse_partial_date("2016-05")
    PartialDate(iso='2016-05', precision='month')
    """
    text = text.strip()
    head = text.split("T", 1)[0].split(" ", 1)[0]
    match = _ISO.fullmatch(head)
    if not match:
        raise _NotThisForm(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    return _build(int(match["year"]), month, day, text)


def parse_written_date(text: str) -> PartialDate:
    """An English month-name date as IOM publishes it: `November 04, 2018`, `Nov 4 2018`."""
    match = _WRITTEN.fullmatch(text.strip())
    if not match or match["month"].casefold() not in _MONTHS:
        raise _NotThisForm(f"{text!r} is not a date like 'November 04, 2018'")
    return _build(int(match["year"]), _MONTHS[match["month"].casefold()], int(match["day"]), text)


def parse_day_first_form(text: str) -> bool:
    """Whether the text is written day/month/year (`22/02/1990`, `7.11.1992`)."""
    return bool(_NUMERIC.fullmatch(text.strip()))


def parse_day_first(text: str) -> PartialDate:
    """A day/month/year date as European registries write it: `22/02/1990`, `7.11.1992`."""
    match = _NUMERIC.fullmatch(text.strip())
    if not match:
        raise _NotThisForm(f"{text!r} is not a day/month/year date")
    return _build(int(match["year"]), int(match["b"]), int(match["a"]), text)


_WEB = re.compile(r"[A-Za-z]{3},\s*(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})(?:\s*-\s*\d{1,2}:\d{2})?")
# A date that says "no date": spreadsheets and databases write a zero where the day was not known.
_ZERO = re.compile(r"0+(?:[-/.]0+){0,2}")


def is_zero_date(text: str) -> bool:
    """`0`, `00/00/0000`, `0000-00-00`: a date cell that holds no date."""
    return bool(_ZERO.fullmatch(text.strip()))


def parse_web_date(text: str) -> PartialDate:
    """The month-first date of the IOM website's exports of 2019-2020: `Tue, 12/31/2019 - 12:00`."""
    match = _WEB.fullmatch(text.strip())
    if not match:
        raise _NotThisForm(f"{text!r} is not a date like 'Tue, 12/31/2019 - 12:00'")
    return _build(int(match["year"]), int(match["month"]), int(match["day"]), text)


def parse_any_date(text: str) -> PartialDate:
    """ISO (possibly partial), then month-name, then day/month/year, then the website's
    `Tue, 12/31/2019 - 12:00`; ValueError if none fits, or naming the impossible part when one
    form fits (`29/2/2010`: day 29 of month 2)."""
    for parser in (parse_partial_date, parse_written_date, parse_day_first, parse_web_date):
        try:
            return parser(text)
        except _NotThisForm:
            continue
    raise ValueError(f"{text.strip()!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")


def _single_number(text: str) -> int | None:
    """The number in a day, month or year cell, or None when the cell gives a range or words.

    A range (`10-20`), an approximation (`around 15`) or a weekday (`Friday`) means the part is
    not known exactly: the date then stops at the coarser precision.
    """
    text = text.strip()
    if re.fullmatch(r"\d{1,4}", text):
        return int(text)
    return None


def from_parts(day: str, month: str, year: str) -> PartialDate | None:
    """A date from split day / month / year cells (the Deaths at the Borders columns).

    The date keeps every part given exactly and stops at the first part that is empty or
    uncertain: `3 / 10 / 2013` -> 2013-10-03; `10-20 / 2 / 1990` -> 1990-02; `'' / '' / 1997` ->
    1997; a year range such as `2012/2013` gives no date. ValueError for an impossible date.
    """
    year_number = _single_number(year)
    if year_number is None:
        return None
    text = "/".join(part.strip() for part in (day, month, year))
    month_number = _single_number(month)
    if month_number is None:
        return _build(year_number, None, None, text)
    day_number = _single_number(day)
    return _build(year_number, month_number, day_number, text)


DAY_FIRST = "day-first"


def _precision_of(form: str) -> str:
    if any(directive in form for directive in ("%d", "%j", "%-d")):
        return "day"
    if any(directive in form for directive in ("%m", "%b", "%B", "%-m")):
        return "month"
    return "year"


def parse_with_formats(text: str, forms: list[str]) -> PartialDate:
    """The date in the first of `forms` that reads it: strptime formats (`%d/%m/%y`, `%b %y`,
    `%Y`), each keeping the precision its directives give (`%Y` is a year, not 1 January), or
    `day-first` for the documented day/month/year reading (ISO, `November 04, 2018`, `22/02/1990`).
    ValueError naming the forms when none fits."""
    text = text.strip()
    for form in forms:
        if form == DAY_FIRST:
            try:
                return parse_any_date(text)
            except ValueError:
                continue
        try:
            parsed = datetime.strptime(text, form)
        except ValueError:
            continue
        precision = _precision_of(form)
        return _build(parsed.year, parsed.month if precision != "year" else None,
                      parsed.day if precision == "day" else None, text)
    raise ValueError(f"{text!r} does not match the date format{'s' if len(forms) > 1 else ''} {', '.join(forms)}")
