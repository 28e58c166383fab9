"""The cells of one row, read and validated the way every format needs.

Adapters ask `Cells` for typed values (`date`, `point`, `choice`, ...). A bad value does not
raise: the problem is recorded with its column, the getter returns None, and the pipeline
rejects the row with every problem named once the adapter is done with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from normalise.cell_text import LONGEST_EMPTY_MARKER, clean, is_empty_marker, split_values
from normalise.countries import country_code, find_country_code
from normalise.dates import PartialDate, parse_partial_date
from normalise.geo import parse_coordinates, parse_lat_lon
from normalise.ranges import NumberRange, parse_age, parse_height_cm

SEX_WORDS = {"m": "M", "male": "M", "man": "M", "f": "F", "female": "F", "woman": "F", "u": "U"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


class Cells:
    """One row's cells by column name, cleaned (NFC, trimmed, empty markers emptied)."""

    def __init__(self, values: Mapping[str, str], line: int, *,
                 empty_markers: Counter[str] | None = None,
                 extra_markers: frozenset[str] = frozenset()) -> None:
        self.line = line
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self._values: dict[str, str] = {}
        # A cell longer than every empty marker cannot be one: a cheap test, made first.
        short = LONGEST_EMPTY_MARKER if not extra_markers else 1 << 30
        for column, raw in values.items():
            text = raw.strip() if raw.isascii() else clean(raw)
            if text and len(text) <= short and is_empty_marker(text, extra_markers):
                if empty_markers is not None:
                    empty_markers[column] += 1
                text = ""
            self._values[column] = text

    def problem(self, column: str, message: str) -> None:
        """Record why the row cannot be loaded (once, however often it is met)."""
        if (column, message) not in self.problems:
            self.problems.append((column, message))

    def warn(self, column: str, message: str) -> None:
        """Record something the user should know, without rejecting the row."""
        self.warnings.append((column, message))

    def __contains__(self, column: str) -> bool:
        return column in self._values

    def get(self, column: str) -> str:
        """The cleaned cell, "" when empty or absent."""
        return self._values.get(column, "")

    def text(self, column: str, *, required: bool = False) -> str | None:
        """The cell as text, None when empty (a problem if required)."""
        value = self.get(column)
        if not value:
            if required:
                self.problem(column, "missing required value")
            return None
        return value

    def choice(self, column: str, allowed: Iterable[str], *, default: str | None = None,
               required: bool = False) -> str | None:
        """One of `allowed` (case-insensitive, spaces and dashes read as `_`)."""
        value = self.text(column, required=required)
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
        return self.parsed(column, parser, required=required)

    def age(self, column: str, *, lenient: bool = False) -> NumberRange | None:
        return self.parsed(column, lambda text: parse_age(text, lenient=lenient))

    def height(self, column: str, *, lenient: bool = False) -> NumberRange | None:
        return self.parsed(column, lambda text: parse_height_cm(text, lenient=lenient))

    def point(self, lat_column: str, lon_column: str) -> tuple[float, float] | None:
        """Latitude and longitude from two columns, range-checked."""
        try:
            return parse_lat_lon(self.get(lat_column), self.get(lon_column))
        except ValueError as error:
            column = lon_column if "longitude" in str(error) else lat_column
            if "together" in str(error):
                column = lon_column if self.get(lat_column) else lat_column
            self.problem(column, str(error))
            return None

    def coordinates(self, column: str) -> tuple[float, float] | None:
        """One "lat, lon" cell."""
        return self.parsed(column, parse_coordinates)

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
