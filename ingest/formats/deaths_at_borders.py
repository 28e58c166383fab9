"""The Deaths at the Borders Database for the Southern EU (VU Amsterdam, public version 2016).

One row per dead person found at the southern EU borders, 1990-2013, as recorded by death
registries. Two banner rows stand before the header. Each row becomes Remains
(`<agency>:<Case_number>`, agency DATB by default) RECOVERED_AT the place found, BURIED_AT the
burial place, and RECOVERED_FROM an Incident when `Incident_number` groups several bodies
(`DATB:Agrigento 27`: the Incident is shared by the rows that name it and owned by none).

A case number repeated on several rows names different bodies (`GR104/008` twice): each row is a
death of its own, the n-th kept as `<Case_number>#<n>` with a warning.

Dates come from the split `Day_found` / `Month_found` / `Year_found` columns (and `_died`),
keeping only the parts given exactly. Ages are the recorded `Age` when known, else the forensic
`Estimated_age` range. Statures written in `Features` ("1.75m, 70kg") become height ranges; the
other features are the distinguishing marks.
"""

from __future__ import annotations

import re

from normalise.cell_text import split_values
from normalise.countries import find_country_code
from normalise.dates import PartialDate, from_parts, parse_day_first
from normalise.geo import find_hemisphere_coordinates
from normalise.ranges import NumberRange, find_height_in_metres, parse_age

from ..cells import Cells, country_properties, date_properties, range_properties
from ..graph import NodeRef, RecordGraph
from .base import Adapter, LoadContext, uid
from .people import supplied_by

# Columns kept as they are, under a property name.
TEXT_PROPERTIES = {
    "Region/Province": "region",
    "City/Town/Village": "municipality",
    "Route": "border_route",
    "Where_death_registered": "death_registered_place",
    "Judicial_authority": "judicial_authority",
    "Forensic_medical_institute": "institution",
    "Details_of_identification": "identification_details",
    "Label(s)_used_in_administration": "administrative_label",
    "Place_of_birth": "place_of_birth",
    "Place_of_last_known_residence": "last_residence",
    "Descriptions_of_race/ethnicity": "ethnicity_description",
    "Location_of_death": "death_place",
    "Circumstances": "circumstances",
    "How_long_dead": "time_since_death",
    "Details_of_incident": "incident_details",
    "Primary_cause": "cause_of_death",
    "Secondary_cause": "secondary_cause",
    "Other_information": "other_information",
}
# Registry dates kept as written (some registries wrote month/day): only the burial date is
# normalised, because matching uses it.
RAW_DATES = {
    "Date_death_registered": "death_registered_date_raw",
    "Date_of_inquest/investigation": "inquest_date_raw",
    "Date_of_medical_examination": "medical_examination_date_raw",
    "Date_burial_authorised": "burial_authorised_date_raw",
}
SOURCE_FLAGS = {"Death_certificate": "death certificate", "Cemetery_register": "cemetery register",
                "Coroner_archive": "coroner archive", "Other_documents": "other documents"}
_STATURE_OR_WEIGHT = re.compile(r"^\s*(?:[12][.,]\d{1,2}(?:\s*-\s*[12][.,]\d{1,2})?\s*m|\d{2,3}\s*kg)\s*$")


def _split_date(cells: Cells, what: str, field: str) -> PartialDate | None:
    day, month, year = (cells.get(f"{part}_{what}") for part in ("Day", "Month", "Year"))
    try:
        return from_parts(day, month, year)
    except ValueError as error:
        cells.problem(f"Day_{what}", str(error), field=field, raw="/".join((day, month, year)))
        return None


def _age(cells: Cells) -> NumberRange | None:
    if cells.get("Age"):
        return cells.age("Age", lenient=True)
    estimate = cells.text("Estimated_age")
    if estimate is None:
        return None
    try:
        return parse_age(estimate, lenient=True)
    except ValueError:
        cells.warn("Estimated_age", "not a number or range; kept as written")
        return None


def _features(text: str | None) -> tuple[list[str], NumberRange | None]:
    """Distinguishing marks and the stature, from "1.75m, 70kg, tattoo"."""
    if not text:
        return [], None
    marks = [part for part in split_values(text, ",") if not _STATURE_OR_WEIGHT.match(part)]
    return marks, find_height_in_metres(text)


class DeathsAtBordersAdapter(Adapter):
    kind = "remains"
    primary_label = "Remains"
    id_column = "Case_number"
    header_search_rows = 5
    repeats_are_distinct = True
    death_label = "Remains"
    columns = (
        "Case_number", "Year", "Country", *TEXT_PROPERTIES, *RAW_DATES, "Identification_status",
        "Date_buried", "Where buried", "Sex", "Age", "Estimated_age", "Stated_nationality",
        "Guessed_nationality", "Personal_items", "Features", "Day_died", "Month_died", "Year_died",
        "Day_found", "Month_found", "Year_found", "Where_found", "Incident_number", *SOURCE_FLAGS,
        "Certainty",
    )
    required_columns = ("Case_number", "Country", "Identification_status", "Sex", "Day_found",
                        "Month_found", "Year_found", "Where_found", "Incident_number")

    def locate_header(self, leading_rows: list[list[str]]) -> int:
        for index, row in enumerate(leading_rows):
            if "Case_number" in (cell.strip() for cell in row):
                return index
        return 0

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        case_number = cells.text("Case_number", key=True)
        if case_number is None:
            return None
        record_id = self.occurrence_id(case_number, cells.occurrence)
        found = _split_date(cells, "found", "recovery_date")
        died = _split_date(cells, "died", "death_date")
        buried = cells.date("Date_buried", parser=parse_day_first)
        age = _age(cells)
        sex = {"male": "M", "female": "F"}.get((cells.text("Sex") or "").casefold())
        if cells.get("Sex") and sex is None:
            cells.problem("Sex", f"{cells.get('Sex')!r} is not male or female")
        status = cells.choice("Identification_status", ("unidentified", "identified"), default="unidentified")
        certainty = cells.integer("Certainty", minimum=1, maximum=3)
        year = cells.integer("Year", minimum=1900, maximum=2100)
        country = cells.country("Country", strict=False)
        nationality = cells.country("Stated_nationality", strict=False)
        guessed = cells.country("Guessed_nationality", strict=False)

        marks, height = _features(cells.text("Features"))
        where_found = cells.text("Where_found")
        remains_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Remains", remains_uid), record_id, context.sharing, [cells.line])
        remains = graph.record("Remains", remains_uid, {
            "record_id": record_id,
            "case_number": case_number,
            "year": year,
            **date_properties("recovery_date", found, None),
            **date_properties("death_date", died, None),
            **date_properties("burial_date", buried, cells.text("Date_buried")),
            "recovery_place_raw": where_found,
            "identification_status": status,
            "sex": sex,
            **range_properties("age_min", "age_max", age, "age_raw", cells.text("Age") or cells.text("Estimated_age")),
            "age_estimated": None if age is None else not cells.get("Age"),
            **range_properties("height_min_cm", "height_max_cm", height, "height_raw", None),
            "features_raw": cells.text("Features"),
            "distinguishing_marks": marks or None,
            "personal_effects": split_values(cells.get("Personal_items"), ",") or None,
            **country_properties("nationality", nationality, cells.text("Stated_nationality")),
            **country_properties("nationality_guessed", guessed, cells.text("Guessed_nationality")),
            **{name: cells.text(column) for column, name in TEXT_PROPERTIES.items()},
            **{name: cells.text(column) for column, name in RAW_DATES.items()},
            "sources": [label for column, label in SOURCE_FLAGS.items() if cells.get(column)] or None,
            "certainty": certainty,
        })
        supplied_by(graph, remains, context.agency)
        place_name = where_found or cells.text("City/Town/Village")
        point = find_hemisphere_coordinates(where_found) if where_found else None
        graph.locate("RECOVERED_AT", remains, place_name, point, country)
        burial = cells.text("Where buried")
        if burial:
            burial_country = find_country_code(burial.split("(")[0].rsplit(",", 1)[-1].strip())
            graph.link("BURIED_AT", remains, graph.place(burial, None, burial_country))
        if incident_number := cells.text("Incident_number"):
            incident = graph.shared("Incident", uid(context.agency, incident_number), {
                "record_id": incident_number, "country": country, "source": "Deaths at the Borders Database"})
            graph.link("RECOVERED_FROM", remains, incident)
        return graph
