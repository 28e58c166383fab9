"""IOM Missing Migrants Project incident exports, in every layout IOM has published.

The layout is recognised by the header (`iom_layouts.py`) and named in the summary. Each row
becomes an Incident (`IOM:<Incident ID or Web ID>`) with its counts, cause, date, source and
source quality, OCCURRED_AT a Place with a point, and ON_ROUTE the migration route when one is
named. What real exports hold is read as they hold it, with a warning: coordinates written
longitude first (put right when the place's country agrees), as WKT, in degrees-minutes-seconds
or with decimal commas; several source grades (`3,5`); a date of `0` beside year and month
columns; counts written `12+` or `~30`.
"""

from __future__ import annotations

from normalise.countries import country_of_place, find_country_code
from normalise.dates import PartialDate, is_zero_date, month_number, parse_any_date, parse_day_first_form, partial_date
from normalise.ranges import parse_count

from ..cells import Cells, country_properties, date_properties
from ..graph import NodeRef, RecordGraph
from .base import Adapter, LoadContext, similar_columns, uid
from .iom_layouts import CURRENT, LAYOUTS, Layout, recognise
from .people import supplied_by

COUNTS = ("dead", "missing", "total", "survivors", "females", "males", "children")
# The property each count is stored as.
COUNT_PROPERTIES = {"dead": "dead", "missing": "missing", "total": "dead_and_missing", "survivors": "survivors",
                    "females": "females", "males": "males", "children": "children"}
TEXTS = {"main_id": "main_id", "incident_type": "incident_type", "region": "region", "cause": "cause",
         "region_of_origin": "region_of_origin", "unsd": "unsd_grouping", "source": "source", "url": "url",
         "article_title": "article_title"}


def _countries_of_origin(cells: Cells, column: str) -> list[str] | None:
    text = cells.text(column) if column else None
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


def _grades(cells: Cells, column: str) -> list[int] | None:
    """Source quality, 1 to 5; several grades (`3,5`: sources of different quality) are all kept."""
    text = cells.text(column) if column else None
    if text is None:
        return None
    parts = [part.strip() for part in text.replace(";", ",").replace("/", ",").split(",") if part.strip()]
    if not parts or not all(part.isdigit() and 1 <= int(part) <= 5 for part in parts):
        cells.problem(column, f"{text!r} is not a source quality from 1 to 5")
        return None
    grades = sorted({int(part) for part in parts})
    if len(parts) > 1:
        cells.repair(column, "several source grades",
                     f"{text!r} grades several sources: kept as {grades}, the incident's quality is {grades[-1]}")
    return grades


class IomMmpAdapter(Adapter):
    kind = "incidents"
    primary_label = "Incident"
    death_label = "Incident"
    death_property = "dead_and_missing"

    def __init__(self) -> None:
        self.schema: Layout = CURRENT
        self._recognised = False

    @property
    def columns(self) -> tuple[str, ...]:  # type: ignore[override]
        return self.schema.all_columns

    @property
    def id_column(self) -> str:  # type: ignore[override]
        return self.schema.column("key")

    @property
    def layout(self) -> str | None:
        return self.schema.name if self._recognised else None

    @property
    def layout_note(self) -> str | None:
        return f"recognised as {self.schema.title}" if self._recognised else None

    def header_problems(self, header: list[str]) -> list[str]:
        layout = recognise(header)
        if layout is None:
            keys = " or ".join(repr(key) for key in dict.fromkeys(item.column("key") for item in LAYOUTS))
            return [f"its header has no IOM Missing Migrants key column ({keys})"
                    + similar_columns(["Incident ID", "Web ID"], header)]
        self.schema, self._recognised = layout, True
        missing = [layout.column(name) for name in layout.required if layout.column(name) not in header]
        if not (layout.column("date") in header or layout.column("year") in header):
            missing.append(layout.column("date"))
        if missing:
            return [f"it is missing the {layout.name}-layout column{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(missing)}{similar_columns(missing, header, layout.all_columns)}"]
        return []

    def deaths(self, cells: Cells) -> int | None:
        try:
            return parse_count(cells.get(self.schema.column("total"))).value if self.death_text(cells) else 0
        except ValueError:
            return None

    def death_text(self, cells: Cells) -> str | None:
        return cells.get(self.schema.column("total")) or None

    def _date(self, cells: Cells) -> PartialDate | None:
        layout = self.schema
        date_column, year_column, month_column = (layout.column(name) for name in ("date", "year", "month"))
        text = cells.get(date_column) if date_column else ""
        if text and not is_zero_date(text):
            parsed = cells.date(date_column, parser=parse_any_date)
            if parsed is not None:
                if parse_day_first_form(text):
                    cells.repair(date_column, "date read day first", f"{text!r} read day first: {parsed.iso}")
                return parsed
        # Without a day (or with a date that is no date), the year and month columns still
        # place the incident.
        year = cells.integer(year_column, minimum=1900, maximum=2100) if year_column else None
        if year is None:
            return None
        month_text = cells.get(month_column) if month_column else ""
        try:
            found = partial_date(year, month_number(month_text) if month_text else None)
        except ValueError as error:
            cells.problem(month_column, str(error))
            found = partial_date(year)
        if text and is_zero_date(text):
            cells.repair(date_column, "date of 0 read from year and month",
                         f"{text!r} is no date: the date is {found.iso}, from {year_column} and {month_column}")
        return found

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        layout = self.schema
        column = layout.column
        record_id = cells.text(column("key"), key=True)
        if record_id is None:
            return None
        when = self._date(cells)
        description = cells.text(column("location"))
        if column("country"):
            country = cells.country(column("country"), strict=False)
            country_raw = cells.text(column("country"))
        else:
            country, country_raw = country_of_place(description), None
        place_countries = [country, country_of_place(description)]
        point = cells.coordinates(column("coordinates"), countries=place_countries)
        counts: dict[str, int | None] = {}
        for name in COUNTS:
            if column(name):
                value, qualifier = cells.count(column(name))
                counts[COUNT_PROPERTIES[name]] = value
                counts[f"{COUNT_PROPERTIES[name]}_qualifier"] = qualifier
        grades = _grades(cells, column("quality"))
        origins = _countries_of_origin(cells, column("country_of_origin"))

        incident_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Incident", incident_uid), record_id, context.sharing, [cells.line])
        incident = graph.record("Incident", incident_uid, {
            "record_id": record_id,
            "schema": layout.name,
            **{name: cells.text(column(logical)) if column(logical) else None for logical, name in TEXTS.items()},
            **date_properties("date", when, cells.text(column("date")) if column("date") else None),
            **counts,
            **country_properties("country", country, country_raw),
            "countries_of_origin": origins,
            "countries_of_origin_raw": cells.text(column("country_of_origin")) if column("country_of_origin") else None,
            "location_description": description,
            "source_quality": grades[-1] if grades else None,
            "source_quality_grades": grades if grades and len(grades) > 1 else None,
        })
        supplied_by(graph, incident, context.agency)
        if route := cells.text(column("route")):
            graph.link("ON_ROUTE", incident, graph.shared("Route", route))
        graph.locate("OCCURRED_AT", incident, description, point, country)
        return graph
