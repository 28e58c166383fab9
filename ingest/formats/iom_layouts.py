"""The layouts the IOM Missing Migrants Project has published its incidents in, told by their header.

Each layout names the same facts with its own columns. They are data: a logical field (`key`,
`date`, `total`...) and the column each layout writes it in, so the adapter reads every layout
the same way and a new one is a new entry here.

- `current`: today's export, 25 columns keyed by `Incident ID` (`Main ID` groups split incidents),
  ISO dates, `Country of Incident`, one "lat, lon" `Coordinates` field.
- `2022`: the export of 2022, 24 columns: `Incident year`, `Reported Month`, `Migration route`,
  `Location of death`, `Article title`; no country columns; coordinates as WKT `POINT (lon lat)`;
  published re-saved by Excel in Windows-1252.
- `2021`: the website's export of 2021, 20 columns keyed by `Web ID`, as in 2017-2020 but with
  `Region` for `Region of Incident`.
- `2017-2020`: the website's export of 2017 to 2020, 20 columns keyed by `Web ID`, dates like
  `November 04, 2018`, no country column, `Location Coordinates` as "lat, lon".
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Layout:
    """The columns of one published layout, by logical field."""

    name: str
    title: str
    columns: dict[str, str]
    # Columns that tell this layout from the others.
    signature: tuple[str, ...]
    required: tuple[str, ...] = ("key", "location", "coordinates", "total")
    extra: tuple[str, ...] = field(default=())

    def column(self, logical: str) -> str:
        """The column of a logical field ("" when this layout has none)."""
        return self.columns.get(logical, "")

    @property
    def all_columns(self) -> tuple[str, ...]:
        return (*self.columns.values(), *self.extra)


_WEB = {
    "key": "Web ID", "region": "Region of Incident", "date": "Reported Date", "year": "Reported Year",
    "month": "Reported Month", "dead": "Number Dead", "missing": "Minimum Estimated Number of Missing",
    "total": "Total Dead and Missing", "survivors": "Number of Survivors", "females": "Number of Females",
    "males": "Number of Males", "children": "Number of Children", "cause": "Cause of Death",
    "location": "Location Description", "source": "Information Source", "coordinates": "Location Coordinates",
    "route": "Migration Route", "url": "URL", "unsd": "UNSD Geographical Grouping", "quality": "Source Quality",
}
_NUMBERED = {
    "main_id": "Main ID", "key": "Incident ID", "incident_type": "Incident Type", "region": "Region of Incident",
    "date": "Incident Date", "dead": "Number of Dead", "missing": "Minimum Estimated Number of Missing",
    "total": "Total Number of Dead and Missing", "survivors": "Number of Survivors",
    "females": "Number of Females", "males": "Number of Males", "children": "Number of Children",
    "region_of_origin": "Region of Origin", "cause": "Cause of Death", "coordinates": "Coordinates",
    "unsd": "UNSD Geographical Grouping", "source": "Information Source", "url": "URL", "quality": "Source Quality",
}

CURRENT = Layout(
    name="current", title="IOM Missing Migrants, current export (25 columns)",
    columns={**_NUMBERED, "year": "Incident Year", "month": "Month", "country_of_origin": "Country of Origin",
             "country": "Country of Incident", "route": "Migration Route", "location": "Location of Incident"},
    signature=("Incident ID", "Location of Incident", "Country of Incident"),
)
EXPORT_2022 = Layout(
    name="2022", title="IOM Missing Migrants, export of 2022 (24 columns, WKT coordinates)",
    columns={**_NUMBERED, "year": "Incident year", "month": "Reported Month", "route": "Migration route",
             "location": "Location of death", "article_title": "Article title"},
    signature=("Incident ID", "Location of death", "Article title"),
)
WEB_2021 = Layout(
    name="2021", title="IOM Missing Migrants, website export of 2021 (20 columns, Web ID, Region)",
    columns={**_WEB, "region": "Region"},
    signature=("Web ID", "Region", "Location Description"),
)
WEB_2017 = Layout(
    name="2017-2020", title="IOM Missing Migrants, website export of 2017-2020 (20 columns, Web ID)",
    columns=_WEB,
    signature=("Web ID", "Region of Incident", "Location Description"),
)
LAYOUTS = (CURRENT, EXPORT_2022, WEB_2021, WEB_2017)


def recognise(header: list[str]) -> Layout | None:
    """The layout whose columns the header holds most of, or None when it has no IOM key column."""
    present = set(header)
    candidates = [layout for layout in LAYOUTS if layout.column("key") in present]
    if not candidates:
        return None
    return max(candidates, key=lambda layout: (sum(c in present for c in layout.signature),
                                               sum(c in present for c in layout.all_columns)))
