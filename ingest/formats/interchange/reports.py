"""reports.csv: a family's report of a missing person."""

from __future__ import annotations

from ...cells import Cells, country_properties, date_properties, range_properties
from ...graph import NodeRef, RecordGraph
from ..base import Adapter, LoadContext, sharing, uid
from ..people import name_properties, supplied_by

STATUSES = ("believed_missing", "believed_alive", "believed_dead")
NAME_COLUMNS = ("family_name", "given_names", "other_names")


class ReportsAdapter(Adapter):
    kind = "reports"
    primary_label = "Report"
    columns = (
        "record_id", "reported_on", "family_name", "given_names", "other_names", "father_name",
        "mother_name", "sex", "date_of_birth", "age_at_disappearance", "nationality",
        "place_of_birth", "height_cm", "hair_colour", "eye_colour", "distinguishing_marks",
        "clothing", "personal_effects", "last_seen_date", "last_seen_place", "last_seen_lat",
        "last_seen_lon", "last_contact", "circumstances", "route", "vessel_ref", "departure_place",
        "departure_date", "status", "sharing",
    )
    required_columns = ("record_id", "reported_on")

    def header_problems(self, header: list[str]) -> list[str]:
        problems = super().header_problems(header)
        if not any(column in header for column in NAME_COLUMNS):
            problems.append("it has none of the name columns family_name, given_names, other_names")
        return problems

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        record_id = cells.text("record_id", key=True)
        reported_on = cells.date("reported_on", required=True)
        if not any(cells.get(column) for column in NAME_COLUMNS):
            cells.warn("family_name", "no name: family_name, given_names and other_names are empty; loaded without one")
        status = cells.choice("status", STATUSES, default="believed_missing")
        dob = cells.date("date_of_birth")
        last_seen = cells.date("last_seen_date")
        departure = cells.date("departure_date")
        age = cells.age("age_at_disappearance")
        height = cells.height("height_cm")
        nationality = cells.country("nationality")
        sex = cells.sex("sex")
        last_seen_point = cells.point("last_seen_lat", "last_seen_lon")
        scope = sharing(cells, context)
        if record_id is None:
            return None

        report_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Report", report_uid), record_id, scope, [cells.line])
        report = graph.record("Report", report_uid, {
            "record_id": record_id,
            **date_properties("reported_on", reported_on, cells.text("reported_on")),
            "status": status,
            "circumstances": cells.text("circumstances"),
            "last_contact": cells.text("last_contact"),
            **date_properties("departure_date", departure, cells.text("departure_date")),
            "route": cells.text("route"),
        })
        person = graph.record("Person", report_uid + "#missing", {
            "role": "missing",
            **name_properties(cells.text("family_name"), cells.text("given_names"),
                              cells.values("other_names"), cells.text("father_name"),
                              cells.text("mother_name")),
            "sex": sex,
            **date_properties("date_of_birth", dob, cells.text("date_of_birth")),
            **range_properties("age_min", "age_max", age, "age_raw", cells.text("age_at_disappearance")),
            **country_properties("nationality", nationality, cells.text("nationality")),
            "place_of_birth": cells.text("place_of_birth"),
            **range_properties("height_min_cm", "height_max_cm", height, "height_raw", cells.text("height_cm")),
            "hair_colour": cells.text("hair_colour"),
            "eye_colour": cells.text("eye_colour"),
            "distinguishing_marks": cells.values("distinguishing_marks") or None,
            "clothing": cells.values("clothing") or None,
            "personal_effects": cells.values("personal_effects") or None,
            **date_properties("last_seen_date", last_seen, cells.text("last_seen_date")),
        })
        graph.link("REPORTED_MISSING", report, person)
        supplied_by(graph, report, context.agency)
        if route := cells.text("route"):
            graph.link("ON_ROUTE", report, graph.shared("Route", route))
        graph.locate("LAST_SEEN_AT", person, cells.text("last_seen_place"), last_seen_point)
        graph.link("DEPARTED_FROM", report, graph.place(cells.text("departure_place"), None))
        if vessel_ref := cells.text("vessel_ref"):
            voyage = graph.reference("Voyage", uid(context.agency, vessel_ref), {"record_id": vessel_ref})
            graph.link("BOARDED", person, voyage)
        return graph
