"""WGS84 coordinates: "lat, lon" strings, separate columns, and range checks."""

from __future__ import annotations

import re

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
    """One "lat, lon" cell (IOM's `Coordinates`), or hemisphere notation; None when empty.

    >>> parse_coordinates("36.189252018320, -6.018160853906")
    (36.18925201832, -6.018160853906)
    >>> parse_coordinates("34.27 N 12.39 E")
    (34.27, 12.39)
    """
    text = text.strip()
    if not text:
        return None
    parts = [part for part in re.split(r"\s*[,;]\s*|\s+", text) if part]
    if len(parts) == 2 and all(re.fullmatch(r"[-+]?\d+(?:\.\d+)?", part) for part in parts):
        return (check_latitude(parse_number(parts[0], "latitude")),
                check_longitude(parse_number(parts[1], "longitude")))
    found = find_hemisphere_coordinates(text)
    if found is None:
        raise ValueError(f"{text!r} is not a \"latitude, longitude\" pair")
    return found


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
