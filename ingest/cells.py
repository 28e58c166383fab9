"""The cells of one row, read and validated the way every format needs.

Adapters ask `Cells` for typed values (`date`, `point`, `choice`, ...). A bad value does not
raise and does not cost the record: the getter returns None, the value is dropped from the record
and kept verbatim as `raw_<field>`, and the warnings report names the column and the reason
(`problem`). Only a row that cannot be a record at all (no usable id) is rejected (`reject`).
A value put right (swapped coordinates, a date of `0` with year and month columns) is kept with
a warning naming the repair (`repair`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from normalise.cell_text import EMPTY_MARKERS, LONGEST_EMPTY_MARKER, clean, split_values
from normalise.countries import country_code, find_country_code
from normalise.dates import PartialDate, is_zero_date, parse_any_date, parse_day_first_form, parse_partial_date
from normalise.geo import (
    ReadPoint,
    check_latitude,
    check_longitude,
    parse_lat_lon,
    parse_number,
    read_point,
    swapped_point,
)
from normalise.ranges import Count, NumberRange, parse_age, parse_count, parse_height_cm

SEX_WORDS = {"m": "M", "male": "M", "man": "M", "f": "F", "female": "F", "woman": "F", "u": "U"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class Dropped:
    """A value left out of the record: where, why, the text as delivered, and the field it was for
    (the record keeps the text as `raw_<field>`)."""

    column: str
    reason: str
    raw: str
    field: str


@lru_cache(maxsize=None)
def _markers(extra_markers: frozenset[str]) -> frozenset[str]:
    """The folded texts `is_empty_marker` takes for empty, with a mapping's own markers."""
    return EMPTY_MARKERS | extra_markers


class Cells:
    """One row's cells by column name, cleaned (NFC, trimmed, empty markers emptied)."""

    def __init__(self, values: Mapping[str, str], line: int, *,
                 empty_markers: Counter[str] | None = None,
                 extra_markers: frozenset[str] = frozenset()) -> None:
        self.line = line
        # Why the row cannot be a record: it is rejected whole.
        self.problems: list[tuple[str, str]] = []
        # Values left out of the record, each kept as raw_<field>.
        self.dropped: list[Dropped] = []
        # Values kept, put right or worth knowing about: (column, message).
        self.warnings: list[tuple[str, str]] = []
        # The kinds of repair made (`swapped coordinates`), for the summary.
        self.repairs: list[str] = []
        # Which occurrence of its id this row is, where a format keeps repeated ids apart.
        self.occurrence = 1
        self._raw = values
        self._values: dict[str, str] = {}
        # A cell longer than every empty marker cannot be one: a cheap test, made first.
        short = LONGEST_EMPTY_MARKER if not extra_markers else 1 << 30
        markers = _markers(extra_markers)
        for column, raw in values.items():
            text = raw.strip() if raw.isascii() else clean(raw)
            # `is_empty_marker`, inline: this loop meets every cell of a file.
            if text and len(text) <= short and text.casefold() in markers:
                if empty_markers is not None:
                    empty_markers[column] += 1
                text = ""
            self._values[column] = text

    def reject(self, column: str, message: str) -> None:
        """Record why the row cannot be a record at all (once, however often it is met)."""
        if (column, message) not in self.problems:
            self.problems.append((column, message))

    def problem(self, column: str, message: str, *, field: str | None = None, raw: str | None = None) -> None:
        """A value that cannot be used: it is dropped from the record and kept as delivered
        (`raw`, by default the cell) as `raw_<field>` (by default the column's name)."""
        if any(item.column == column and item.reason == message for item in self.dropped):
            return
        text = raw if raw is not None else self._raw.get(column, "") or ""
        self.dropped.append(Dropped(column, message, text, field or column))

    def warn(self, column: str, message: str) -> None:
        """Record something the user should know, without dropping the value."""
        self.warnings.append((column, message))

    def repair(self, column: str, kind: str, message: str) -> None:
        """A value put right: kept, with a warning naming what was done."""
        self.warnings.append((column, message))
        self.repairs.append(kind)

    def raw(self, column: str) -> str:
        """The cell exactly as delivered."""
        return self._raw.get(column, "") or ""

    def __contains__(self, column: str) -> bool:
        return column in self._values

    def get(self, column: str) -> str:
        """The cleaned cell, "" when empty or absent."""
        return self._values.get(column, "")

    def text(self, column: str, *, required: bool = False, key: bool = False) -> str | None:
        """The cell as text, None when empty: a warning if `required`, a reject if the record
        cannot exist without it (`key`: its id, or what it belongs to)."""
        value = self._values.get(column, "")
        if not value:
            if key:
                self.reject(column, "missing required value")
            elif required:
                self.warn(column, "missing required value; loaded without it")
            return None
        return value

    def choice(self, column: str, allowed: Iterable[str], *, default: str | None = None,
               required: bool = False, key: bool = False) -> str | None:
        """One of `allowed` (case-insensitive, spaces and dashes read as `_`)."""
        value = self.text(column, required=required, key=key)
        if value is None:
            return default
        options = list(allowed)
        wanted = value.casefold().replace(" ", "_").replace("-", "_")
        for option in options:
            if option.casefold() == wanted:
                return option
        self.problem(column, f"{value!r} is not one of {', '.join(options)}")
        return None

    def sex(self, column: str) -> str | None:
        """M, F or U."""
        value = self.text(column)
        if value is None:
            return None
        sex = SEX_WORDS.get(value.casefold())
        if sex is None:
            self.problem(column, f"{value!r} is not M, F or U")
        return sex

    def yes_no(self, column: str) -> bool | None:
        value = self.text(column)
        if value is None:
            return None
        if value.casefold() in YES:
            return True
        if value.casefold() in NO:
            return False
        self.problem(column, f"{value!r} is not yes or no")
        return None

    def count(self, column: str) -> tuple[int | None, str | None]:
        """A number of people and, when the source wrote `12+` or `~30`, its qualifier
        (`at least`, `about`: kept with a warning)."""
        value = self.text(column)
        if value is None:
            return None, None
        try:
            found: Count = parse_count(value)
        except ValueError as error:
            self.problem(column, str(error))
            return None, None
        if found.qualifier:
            self.repair(column, "count with a qualifier",
                        f"{value!r} read as {found.value} ({found.qualifier}); the qualifier is kept")
        elif not value.isdigit() and not value.endswith(".0"):
            self.repair(column, "count with a thousands separator", f"{value!r} read as {found.value}")
        return found.value, found.qualifier

    def integer(self, column: str, *, minimum: int = 0, maximum: int | None = None,
                required: bool = False) -> int | None:
        """A whole number within bounds."""
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            number_text = float(value)
        except ValueError:
            number_text = None
        if number_text is None or not number_text.is_integer():
            self.problem(column, f"{value!r} is not a whole number")
            return None
        number = int(number_text)
        if number < minimum or (maximum is not None and number > maximum):
            upper = f" to {maximum}" if maximum is not None else " or more"
            self.problem(column, f"{number} is out of range ({minimum}{upper})")
            return None
        return number

    def values(self, column: str) -> list[str]:
        """A multi-valued cell (` | `) as a list."""
        return split_values(self.get(column))

    def parsed(self, column: str, parser: Callable[[str], Any], *, required: bool = False) -> Any:
        """The cell through `parser`; its ValueError becomes the problem."""
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return parser(value)
        except ValueError as error:
            self.problem(column, str(error))
            return None

    def date(self, column: str, *, required: bool = False,
             parser: Callable[[str], PartialDate] = parse_partial_date) -> PartialDate | None:
        """A date in the form `parser` reads (ISO by default). A date written another way real
        files use (`22/02/1990`, read day first; `November 04, 2018`) is read so, with a warning."""
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return parser(value)
        except ValueError as error:
            reason = str(error)
        if parser is parse_partial_date and not is_zero_date(value):
            try:
                found = parse_any_date(value)
            except ValueError as other:
                reason = str(other) if "(day" in str(other) or "(month" in str(other) else reason
            else:
                form = "day first" if parse_day_first_form(value) else "a written date"
                self.repair(column, "date read day first" if form == "day first" else "written date",
                            f"{value!r} is not ISO 8601: read as {found.iso} ({form})")
                return found
        self.problem(column, reason)
        return None

    def age(self, column: str, *, lenient: bool = False) -> NumberRange | None:
        return self.parsed(column, lambda text: parse_age(text, lenient=lenient))

    def height(self, column: str, *, lenient: bool = False) -> NumberRange | None:
        return self.parsed(column, lambda text: parse_height_cm(text, lenient=lenient))

    def point(self, lat_column: str, lon_column: str, *,
              countries: Iterable[str | None] = ()) -> tuple[float, float] | None:
        """Latitude and longitude from two columns, range-checked; exchanged (with a warning) when
        they were entered the wrong way round and the swapped point lies in one of `countries`."""
        lat_text, lon_text = self.get(lat_column), self.get(lon_column)
        try:
            return parse_lat_lon(lat_text, lon_text)
        except ValueError as error:
            message = str(error)
        if "out of range" in message and "latitude" in message:
            try:
                found = ReadPoint(parse_number(lat_text, "latitude"), parse_number(lon_text, "longitude"))
            except ValueError:
                found = None
            known = list(dict.fromkeys(code for code in countries if code))
            swapped = swapped_point(found, known) if found else None
            if swapped is not None:
                self.repair(lat_column, "swapped coordinates",
                            f"latitude {lat_text!r} and longitude {lon_text!r} are the wrong way round: read as "
                            f"latitude {swapped[0]:g}, longitude {swapped[1]:g}, in {'/'.join(known)}")
                return swapped
        column = lon_column if "longitude" in message else lat_column
        if "together" in message:
            column = lon_column if lat_text else lat_column
        # A point is two cells: both are dropped and kept as delivered.
        self.problem(column, message)
        other = lat_column if column == lon_column else lon_column
        if self.get(other):
            self.problem(other, f"dropped with {column}: {message}")
        return None

    def coordinates(self, column: str, *, countries: Iterable[str | None] = ()) -> tuple[float, float] | None:
        """One coordinates cell ("lat, lon", WKT `POINT (lon lat)`, degrees-minutes-seconds,
        decimal commas). Written longitude first with an out-of-range latitude, it is put right
        when the swapped point lies in one of `countries` (the place's country); else dropped."""
        try:
            found = read_point(self.get(column))
        except ValueError as error:
            self.problem(column, str(error))
            return None
        if found is None:
            return None
        known = list(dict.fromkeys(code for code in countries if code))
        swapped = swapped_point(found, known)
        if swapped is not None:
            self.repair(column, "swapped coordinates",
                        f"{self.get(column)!r} is longitude, latitude: read as latitude {swapped[0]:g}, "
                        f"longitude {swapped[1]:g}, in {'/'.join(known)} as the place says")
            return swapped
        try:
            point = check_latitude(found.latitude), check_longitude(found.longitude)
        except ValueError as error:
            self.problem(column, str(error))
            return None
        if found.form:
            self.repair(column, found.form, f"{self.get(column)!r} read as {found.form}: "
                                            f"latitude {point[0]:g}, longitude {point[1]:g}")
        return point

    def country(self, column: str, *, strict: bool = True) -> str | None:
        """ISO 3166 alpha-3 of a country name or code; unknown is a problem, or with
        `strict=False` a warning (published data is loaded with the raw name kept)."""
        value = self.text(column)
        if value is None:
            return None
        if strict:
            return self.parsed(column, country_code)
        code = find_country_code(value)
        if code is None:
            self.warn(column, f"{value!r} is not a known country name; kept as written")
        return code


def date_properties(name: str, value: PartialDate | None, raw: str | None) -> dict[str, Any]:
    """`name`, `name_precision` and, when the text was not already ISO, `name_raw`."""
    return {
        name: value.iso if value else None,
        f"{name}_precision": value.precision if value else None,
        f"{name}_raw": raw if raw and (value is None or raw != value.iso) else None,
    }


def range_properties(low: str, high: str, value: NumberRange | None, raw_name: str,
                     raw: str | None) -> dict[str, Any]:
    """Minimum and maximum of an age or height, and the raw text when it was not `n` or `n-m`."""
    minimum, maximum = value.as_ints() if value else (None, None)
    canonical = None
    if value is not None:
        canonical = f"{minimum}" if minimum == maximum else f"{minimum}-{maximum}"
    return {
        low: minimum,
        high: maximum,
        raw_name: raw if raw and raw.replace(" ", "") != canonical else None,
    }


def country_properties(name: str, code: str | None, raw: str | None) -> dict[str, Any]:
    """The ISO code and, when the cell held a name, the name as written."""
    return {name: code, f"{name}_raw": raw if raw and raw != code else None}
