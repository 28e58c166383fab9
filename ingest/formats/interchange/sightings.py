"""sightings.csv: a record that places a person somewhere at some time."""

from __future__ import annotations

from ...cells import Cells, country_properties, date_properties, range_properties
from ...graph import NodeRef, RecordGraph
from ..base import Adapter, LoadContext, sharing, uid
from ..people import name_properties, supplied_by

SIGHTING_TYPES = ("disembarkation", "aboard_vessel", "reception_centre", "detention", "hospital",
                  "witness_statement", "phone_contact", "other")
CONDITIONS = ("alive", "injured", "dead", "unknown")


class SightingsAdapter(Adapter):
    kind = "sightings"
    primary_label = "Sighting"
    columns = (
        "record_id", "sighting_type", "date", "place", "lat", "lon", "family_name", "given_names",
        "other_names", "sex", "age", "nationality", "description", "vessel_ref", "report_ref",
        "condition", "reliability", "source", "sharing",
    )
    required_columns = ("record_id", "sighting_type")

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        record_id = cells.text("record_id", key=True)
        sighting_type = cells.choice("sighting_type", SIGHTING_TYPES, required=True)
        seen_on = cells.date("date")
        point = cells.point("lat", "lon")
        sex = cells.sex("sex")
        age = cells.age("age")
        nationality = cells.country("nationality")
        condition = cells.choice("condition", CONDITIONS)
        reliability = cells.integer("reliability", minimum=1, maximum=5)
        scope = sharing(cells, context)
        if record_id is None:
            return None

        sighting_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Sighting", sighting_uid), record_id, scope, [cells.line])
        sighting = graph.record("Sighting", sighting_uid, {
            "record_id": record_id,
            "sighting_type": sighting_type,
            **date_properties("date", seen_on, cells.text("date")),
            "condition": condition,
            "reliability": reliability,
            "source": cells.text("source"),
            "description": cells.text("description"),
        })
        person = graph.record("Person", sighting_uid + "#person", {
            "role": "recorded",
            **name_properties(cells.text("family_name"), cells.text("given_names"), cells.values("other_names")),
            "sex": sex,
            **range_properties("age_min", "age_max", age, "age_raw", cells.text("age")),
            **country_properties("nationality", nationality, cells.text("nationality")),
            "description": cells.text("description"),
        })
        graph.link("RECORDS", sighting, person)
        supplied_by(graph, sighting, context.agency)
        graph.locate("SEEN_AT", sighting, cells.text("place"), point)
        if vessel_ref := cells.text("vessel_ref"):
            voyage = graph.reference("Voyage", uid(context.agency, vessel_ref), {"record_id": vessel_ref})
            graph.link("ABOARD", sighting, voyage)
        if report_ref := cells.text("report_ref"):
            report = graph.reference("Report", uid(context.agency, report_ref), {"record_id": report_ref})
            graph.link("REFERS_TO", sighting, report)
        return graph
