"""IOM Missing Migrants Project incident exports, in either of the two published schemas.

The current export (25 columns, keyed by `Incident ID`, with `Main ID` grouping split
incidents) and the 2018 one (20 columns, keyed by `Web ID`, dates like `November 04, 2018`, no
country column) are told apart by their header. Both put the coordinates in one "lat, lon"
field. Each row becomes an Incident (`IOM:<id>`) with its counts, cause, date, source and source
quality, OCCURRED_AT a Place with a point, and ON_ROUTE the migration route when one is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from normalise.countries import find_country_code
from normalise.dates import PartialDate, month_number, parse_any_date, partial_date

from ..cells import Cells, country_properties, date_properties
from ..graph import NodeRef, RecordGraph
from .base import Adapter, LoadContext, uid
from .people import supplied_by


@dataclass(frozen=True)
class Schema:
    """The column names of one IOM export schema."""

    name: str
    key: str
    date: str
    year: str
    month: str
    dead: str
    dead_and_missing: str
    location: str
    coordinates: str
    columns: tuple[str, ...]


CURRENT = Schema(
    name="current", key="Incident ID", date="Incident Date", year="Incident Year", month="Month",
    dead="Number of Dead", dead_and_missing="Total Number of Dead and Missing",
    location="Location of Incident", coordinates="Coordinates",
    columns=("Main ID", "Incident ID", "Incident Type", "Region of Incident", "Incident Date",
             "Incident Year", "Month", "Number of Dead", "Minimum Estimated Number of Missing",
             "Total Number of Dead and Missing", "Number of Survivors", "Number of Females",
             "Number of Males", "Number of Children", "Country of Origin", "Region of Origin",
             "Cause of Death", "Country of Incident", "Migration Route", "Location of Incident",
             "Coordinates", "UNSD Geographical Grouping", "Information Source", "URL",
             "Source Quality"),
)
WEB_2018 = Schema(
    name="2018", key="Web ID", date="Reported Date", year="Reported Year", month="Reported Month",
    dead="Number Dead", dead_and_missing="Total Dead and Missing",
    location="Location Description", coordinates="Location Coordinates",
    columns=("Web ID", "Region of Incident", "Reported Date", "Reported Year", "Reported Month",
             "Number Dead", "Minimum Estimated Number of Missing", "Total Dead and Missing",
             "Number of Survivors", "Number of Females", "Number of Males", "Number of Children",
             "Cause of Death", "Location Description", "Information Source", "Location Coordinates",
             "Migration Route", "URL", "UNSD Geographical Grouping", "Source Quality"),
)
COUNTS = {"survivors": "Number of Survivors", "females": "Number of Females",
          "males": "Number of Males", "children": "Number of Children",
          "missing": "Minimum Estimated Number of Missing"}


def _country_in_description(description: str | None) -> str | None:
    """The country a 2018 location description ends with ("..., Cadiz, Spain"), if any."""
    if not description:
        return None
    tail = description.rsplit(",", 1)[-1].strip().rstrip(".)")
    return find_country_code(tail)


def _countries_of_origin(cells: Cells, column: str) -> list[str] | None:
    text = cells.text(column)
    if text is None:
        return None
    whole = find_country_code(text)
    if whole:
        return [whole]
    codes = []
    for part in (part.strip() for part in text.split(",")):
        code = find_country_code(part)
        if code:
            codes.append(code)
        elif part:
            cells.warn(column, f"{part!r} is not a known country name; kept as written")
    return codes or None


class IomMmpAdapter(Adapter):
    kind = "incidents"
    primary_label = "Incident"

    def __init__(self) -> None:
        self.schema: Schema = CURRENT

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        return self.schema.columns

    @property
    def id_column(self) -> str:  # type: ignore[override]
        return self.schema.key

    def header_problems(self, header: list[str]) -> list[str]:
        if "Incident ID" in header:
            self.schema = CURRENT
        elif "Web ID" in header:
            self.schema = WEB_2018
        else:
            return ["its header has neither 'Incident ID' (current IOM Missing Migrants schema) "
                    "nor 'Web ID' (2018 schema)"]
        schema = self.schema
        needed = (schema.key, schema.date, schema.dead, schema.coordinates, schema.location)
        missing = [column for column in needed if column not in header]
        if missing:
            return [f"it is missing the {schema.name}-schema column{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(missing)}"]
        return []

    def _date(self, cells: Cells) -> PartialDate | None:
        schema = self.schema
        if cells.get(schema.date):
            return cells.date(schema.date, parser=parse_any_date)
        # Without a day, the year and month columns still place the incident.
        year = cells.integer(schema.year, minimum=1900, maximum=2100)
        if year is None:
            return None
        month_text = cells.get(schema.month)
        try:
            return partial_date(year, month_number(month_text) if month_text else None)
        except ValueError as error:
            cells.problem(schema.month, str(error))
            return None

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        schema = self.schema
        record_id = cells.text(schema.key, required=True)
        when = self._date(cells)
        point = cells.coordinates(schema.coordinates)
        dead = cells.integer(schema.dead)
        dead_and_missing = cells.integer(schema.dead_and_missing)
        counts = {name: cells.integer(column) for name, column in COUNTS.items()}
        quality = cells.integer("Source Quality", minimum=1, maximum=5)
        description = cells.text(schema.location)
        if schema is CURRENT:
            country = cells.country("Country of Incident", strict=False)
            country_raw = cells.text("Country of Incident")
        else:
            country, country_raw = _country_in_description(description), None
        origins = _countries_of_origin(cells, "Country of Origin") if schema is CURRENT else None
        if cells.problems or record_id is None:
            return None

        incident_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Incident", incident_uid), record_id, context.sharing, [cells.line])
        incident = graph.record("Incident", incident_uid, {
            "record_id": record_id,
            "schema": schema.name,
            "main_id": cells.text("Main ID"),
            "incident_type": cells.text("Incident Type"),
            "region": cells.text("Region of Incident"),
            **date_properties("date", when, cells.text(schema.date)),
            "dead": dead,
            "dead_and_missing": dead_and_missing,
            **counts,
            "cause": cells.text("Cause of Death"),
            **country_properties("country", country, country_raw),
            "countries_of_origin": origins,
            "countries_of_origin_raw": cells.text("Country of Origin"),
            "region_of_origin": cells.text("Region of Origin"),
            "location_description": description,
            "unsd_grouping": cells.text("UNSD Geographical Grouping"),
            "source": cells.text("Information Source"),
            "url": cells.text("URL"),
            "source_quality": quality,
        })
        supplied_by(graph, incident, context.agency)
        if route := cells.text("Migration Route"):
            graph.link("ON_ROUTE", incident, graph.shared("Route", route))
        graph.link("OCCURRED_AT", incident, graph.place(description, point, country))
        return graph
