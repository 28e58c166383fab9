"""Incidents as any agency records them: a shipwreck, a body found, a death in a list of deaths.

Not an interchange file (IOM publishes incidents in its own layouts, `iom_mmp.py`): this is the
record type a YAML mapping writes an agency's own log of incidents to (`record: incidents`), a
coast guard's rescue log or a list of documented deaths. Each row becomes an Incident
(`<agency>:<record_id>`) with its counts of dead, missing and survivors (`12+` and `~30` kept with
their qualifier), OCCURRED_AT a Place, ON_ROUTE its route, and SUPPLIED_BY the agency; a voyage
the incident ended is linked (`vessel_ref`: Voyage ENDED_IN Incident).
"""

from __future__ import annotations

from normalise.ranges import parse_count

from ..cells import Cells, country_properties, date_properties
from ..graph import NodeRef, RecordGraph
from .base import Adapter, LoadContext, sharing, uid
from .people import supplied_by

COUNT_FIELDS = ("dead", "missing", "dead_and_missing", "survivors", "females", "males", "children")


class IncidentsAdapter(Adapter):
    kind = "incidents"
    primary_label = "Incident"
    death_label = "Incident"
    death_property = "dead_and_missing"
    columns = (
        "record_id", "date", "place", "lat", "lon", "country", "route", *COUNT_FIELDS, "cause",
        "incident_type", "description", "names", "source", "source_quality", "url", "vessel_ref", "sharing",
    )
    required_columns = ("record_id",)

    def deaths(self, cells: Cells) -> int | None:
        text = self.death_text(cells)
        if text is None:
            dead, missing = cells.get("dead"), cells.get("missing")
            try:
                return sum(parse_count(value).value for value in (dead, missing) if value)
            except ValueError:
                return None
        try:
            return parse_count(text).value
        except ValueError:
            return None

    def death_text(self, cells: Cells) -> str | None:
        return cells.get("dead_and_missing") or None

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        record_id = cells.text("record_id", key=True)
        if record_id is None:
            return None
        when = cells.date("date")
        country = cells.country("country", strict=False)
        point = cells.point("lat", "lon", countries=[country])
        counts: dict[str, int | None | str] = {}
        for name in COUNT_FIELDS:
            counts[name], counts[f"{name}_qualifier"] = cells.count(name)
        if counts["dead_and_missing"] is None and (counts["dead"] is not None or counts["missing"] is not None):
            # A list of deaths gives the dead and the missing apart; their sum is the incident's toll.
            counts["dead_and_missing"] = (counts["dead"] or 0) + (counts["missing"] or 0)  # type: ignore[operator]
        quality = cells.integer("source_quality", minimum=1, maximum=5)
        scope = sharing(cells, context)

        incident_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Incident", incident_uid), record_id, scope, [cells.line])
        incident = graph.record("Incident", incident_uid, {
            "record_id": record_id,
            **date_properties("date", when, cells.text("date")),
            **counts,
            **country_properties("country", country, cells.text("country")),
            "cause": cells.text("cause"),
            "incident_type": cells.text("incident_type"),
            "location_description": cells.text("description"),
            "names": cells.values("names") or None,
            "source": cells.text("source"),
            "source_quality": quality,
            "url": cells.text("url"),
        })
        supplied_by(graph, incident, context.agency)
        if route := cells.text("route"):
            graph.link("ON_ROUTE", incident, graph.shared("Route", route))
        graph.locate("OCCURRED_AT", incident, cells.text("place"), point, country)
        if vessel_ref := cells.text("vessel_ref"):
            voyage = graph.reference("Voyage", uid(context.agency, vessel_ref), {"record_id": vessel_ref})
            graph.link("ENDED_IN", voyage, incident)
        return graph
