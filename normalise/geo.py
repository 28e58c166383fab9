"""WGS84 coordinates: "lat, lon" strings, separate columns, and range checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "34.27 N 12.39 E" and "N32.66140 W115.55400": hemisphere letters instead of signs, as written in
# coast guard and death-registry notes.
_HEMISPHERE = re.compile(
    r"(?P<lat_h1>[NS])?\s*(?P<lat>\d+(?:\.\d+)?)\s*°?\s*(?P<lat_h2>[NS])?[\s,;]+"
    r"(?P<lon_h1>[EW])?\s*(?P<lon>\d+(?:\.\d+)?)\s*°?\s*(?P<lon_h2>[EW])?",
    re.IGNORECASE,
)


def check_latitude(value: float) -> float:
    """`value` if it is a latitude (-90..90); ValueError otherwise."""
    if not -90.0 <= value <= 90.0:
        raise ValueError(f"latitude {value:g} is out of range (-90 to 90)")
    return value


def check_longitude(value: float) -> float:
    """`value` if it is a longitude (-180..180); ValueError otherwise."""
    if not -180.0 <= value <= 180.0:
        raise ValueError(f"longitude {value:g} is out of range (-180 to 180)")
    return value


def parse_number(text: str, what: str) -> float:
    """A decimal degree; a decimal comma is accepted (`36,18`)."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{text!r} is not a {what} in decimal degrees") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a {what} in decimal degrees")
    return value


def parse_lat_lon(lat_text: str, lon_text: str) -> tuple[float, float] | None:
    """Separate latitude and longitude cells; None when both are empty, ValueError for one alone."""
    lat_text, lon_text = lat_text.strip(), lon_text.strip()
    if not lat_text and not lon_text:
        return None
    if not lat_text or not lon_text:
        raise ValueError("latitude and longitude must be given together")
    latitude = check_latitude(parse_number(lat_text, "latitude"))
    longitude = check_longitude(parse_number(lon_text, "longitude"))
    return latitude, longitude


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """One "lat, lon" cell (IOM's `Coordinates`), or any form `read_point` knows; None when empty.

    >>> parse_coordinates("36.189252018320, -6.018160853906")
    (36.18925201832, -6.018160853906)
    >>> parse_coordinates("34.27 N 12.39 E")
    (34.27, 12.39)
    """
    found = read_point(text)
    return None if found is None else (check_latitude(found.latitude), check_longitude(found.longitude))


@dataclass(frozen=True)
class ReadPoint:
    """Two numbers read from one coordinates cell, in the order latitude, longitude, and how they
    were written when it was not the plain "lat, lon" form (`form`, for the warning)."""

    latitude: float
    longitude: float
    form: str | None = None


_PLAIN = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d+(?:\.\d+)?)")
# `POINT (lon lat)`: WKT, as GIS tools and the IOM export of 2022 write it; longitude first.
_WKT = re.compile(r"POINT\s*Z?\s*\(\s*([-+]?\d+(?:\.\d+)?)\s+([-+]?\d+(?:\.\d+)?)(?:\s+[-+]?\d+(?:\.\d+)?)?\s*\)",
                  re.IGNORECASE)
# Decimal commas, as a European spreadsheet writes them: "36,1892; -6,0181" or "36,1892 -6,0181".
_COMMA_DECIMALS = re.compile(r"([-+]?\d+,\d+)\s*(?:;|\s|,\s)\s*([-+]?\d+,\d+)")
# Degrees, minutes and (optionally) seconds with a hemisphere letter: 36°11'21.3"N 6°01'05"W.
_DMS_PART = (r"(?P<{0}h1>[{1}])?\s*(?P<{0}d>\d{{1,3}}(?:[.,]\d+)?)\s*(?:°|º|˚|deg|d|\s)\s*"
             r"(?:(?P<{0}m>\d{{1,2}}(?:[.,]\d+)?)\s*(?:'|′|’|min|m)?\s*)?"
             r"(?:(?P<{0}s>\d{{1,2}}(?:[.,]\d+)?)\s*(?:\"|″|''|”|sec|s)?\s*)?(?P<{0}h2>[{1}])?")
_DMS = re.compile(_DMS_PART.format("lat", "NSns") + r"[\s,;/]*" + _DMS_PART.format("lon", "EWOewo"))


def _degrees(match: re.Match[str], part: str) -> float:
    value = float(match[f"{part}d"].replace(",", "."))
    if match[f"{part}m"]:
        value += float(match[f"{part}m"].replace(",", ".")) / 60
    if match[f"{part}s"]:
        value += float(match[f"{part}s"].replace(",", ".")) / 3600
    return value


def _read_dms(text: str) -> ReadPoint | None:
    match = _DMS.fullmatch(text)
    if not match or not (match["latm"] or match["lonm"]):
        return None
    lat_h = (match["lath1"] or match["lath2"] or "").upper()
    lon_h = (match["lonh1"] or match["lonh2"] or "").upper()
    if not lat_h or not lon_h:
        return None
    latitude = _degrees(match, "lat") * (-1 if lat_h == "S" else 1)
    # `O` is the Spanish and French letter for west (oeste, ouest).
    longitude = _degrees(match, "lon") * (-1 if lon_h in "WO" else 1)
    return ReadPoint(round(latitude, 6), round(longitude, 6), "degrees, minutes and seconds")


def read_point(text: str) -> ReadPoint | None:
    """The two numbers of a coordinates cell, in whatever form real files write them; None when
    empty, ValueError when the cell holds no pair of coordinates. Not range-checked: the caller
    decides what an out-of-range latitude means (see `swapped_point`)."""
    text = text.strip()
    if not text:
        return None
    if match := _PLAIN.fullmatch(text):
        return ReadPoint(float(match[1]), float(match[2]))
    if match := _WKT.fullmatch(text):
        return ReadPoint(float(match[2]), float(match[1]), "WKT POINT (longitude latitude)")
    if match := _COMMA_DECIMALS.fullmatch(text):
        return ReadPoint(float(match[1].replace(",", ".")), float(match[2].replace(",", ".")), "decimal commas")
    if found := _read_dms(text):
        return found
    hemisphere = find_hemisphere_coordinates(text)
    if hemisphere is not None:
        return ReadPoint(*hemisphere)
    raise ValueError(f"{text!r} is not a \"latitude, longitude\" pair")


def find_hemisphere_coordinates(text: str) -> tuple[float, float] | None:
    """Coordinates written with N/S and E/W letters anywhere in free text, else None."""
    for match in _HEMISPHERE.finditer(text):
        lat_h = (match["lat_h1"] or match["lat_h2"] or "").upper()
        lon_h = (match["lon_h1"] or match["lon_h2"] or "").upper()
        if not lat_h or not lon_h:
            continue
        latitude = float(match["lat"]) * (-1 if lat_h == "S" else 1)
        longitude = float(match["lon"]) * (-1 if lon_h == "W" else 1)
        return check_latitude(latitude), check_longitude(longitude)
    return None


def place_uid(name: str, point: tuple[float, float] | None) -> str:
    """The key of a Place: its folded name and, when known, coordinates rounded to 3 decimals.

    Three decimals (about 100 m) make reports of the same beach or port meet while keeping
    distinct incidents apart.
    """
    folded = " ".join(name.casefold().split())
    if point is None:
        return folded
    return f"{folded}@{point[0]:.3f},{point[1]:.3f}"


# How far outside a country's bounding box a point may lie and still count as in it: incidents at
# sea are reported off the coast, bodies in a border river on either bank.
COUNTRY_MARGIN_DEGREES = 1.0


def in_country(point: tuple[float, float], code: str) -> bool | None:
    """Whether a point lies within the bounding box of a country (or of one of its parts, such
    as Alaska or the Canary Islands), with a margin; None when the country has no box."""
    from country_bounding_boxes import country_subunits_by_iso_code

    latitude, longitude = point
    boxes = [subunit.bbox for subunit in country_subunits_by_iso_code(code)]
    if not boxes:
        return None
    margin = COUNTRY_MARGIN_DEGREES
    return any(west - margin <= longitude <= east + margin and south - margin <= latitude <= north + margin
               for west, south, east, north in boxes)


def swapped_point(found: ReadPoint, countries: list[str]) -> tuple[float, float] | None:
    """The point with latitude and longitude exchanged, when the cell wrote them the wrong way round:
    the latitude is out of range, the longitude is within the latitude range, and the swapped point
    lies in a country the place is said to be in. None when that is not shown."""
    if -90.0 <= found.latitude <= 90.0 or not -90.0 <= found.longitude <= 90.0:
        return None
    if not -180.0 <= found.latitude <= 180.0:
        return None
    swapped = (found.longitude, found.latitude)
    if any(in_country(swapped, code) for code in countries):
        return swapped
    return None
