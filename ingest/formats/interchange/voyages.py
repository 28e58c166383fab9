"""vessels.csv: one crossing by one boat (a Voyage), and the Vessel when it can be identified."""

from __future__ import annotations

from normalise.name_keys import fold
from normalise.ranges import parse_range

from ...cells import Cells, date_properties, range_properties
from ...graph import NodeRef, RecordGraph
from ..base import Adapter, LoadContext, uid
from ..people import supplied_by

VESSEL_TYPES = ("rubber_dinghy", "wooden_boat", "fishing_boat", "sailboat", "cargo", "other")
OUTCOMES = ("arrived", "intercepted", "rescued", "capsized", "sank", "missing", "unknown")
IOM_AGENCY = "IOM"


class VesselsAdapter(Adapter):
    kind = "vessels"
    primary_label = "Voyage"
    columns = (
        "record_id", "vessel_name", "vessel_type", "registration", "flag", "route",
        "departure_place", "departure_lat", "departure_lon", "departure_date", "destination",
        "persons_aboard", "outcome", "outcome_date", "outcome_place", "outcome_lat", "outcome_lon",
        "survivors", "dead", "missing", "incident_ref", "source",
    )
    required_columns = ("record_id",)

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        record_id = cells.text("record_id", key=True)
        vessel_type = cells.choice("vessel_type", VESSEL_TYPES)
        outcome = cells.choice("outcome", OUTCOMES)
        departure = cells.date("departure_date")
        outcome_date = cells.date("outcome_date")
        aboard = cells.parsed("persons_aboard", parse_range)
        counts: dict[str, int | str | None] = {}
        for name in ("survivors", "dead", "missing"):
            counts[name], counts[f"{name}_qualifier"] = cells.count(name)
        departure_point = cells.point("departure_lat", "departure_lon")
        outcome_point = cells.point("outcome_lat", "outcome_lon")
        if record_id is None:
            return None

        voyage_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Voyage", voyage_uid), record_id, context.sharing, [cells.line])
        registration, flag = cells.text("registration"), cells.text("flag")
        voyage = graph.record("Voyage", voyage_uid, {
            "record_id": record_id,
            "vessel_name": cells.text("vessel_name"),
            "vessel_type": vessel_type,
            "registration": registration,
            "flag": flag,
            "route": cells.text("route"),
            **date_properties("departure_date", departure, cells.text("departure_date")),
            "destination": cells.text("destination"),
            **range_properties("persons_aboard_min", "persons_aboard_max", aboard, "persons_aboard_raw",
                               cells.text("persons_aboard")),
            "outcome": outcome,
            **date_properties("outcome_date", outcome_date, cells.text("outcome_date")),
            **counts,
            "source": cells.text("source"),
        })
        supplied_by(graph, voyage, context.agency)
        if route := cells.text("route"):
            graph.link("ON_ROUTE", voyage, graph.shared("Route", route))
        graph.locate("DEPARTED_FROM", voyage, cells.text("departure_place"), departure_point)
        graph.locate("ENDED_AT", voyage, cells.text("outcome_place"), outcome_point)
        if incident_ref := cells.text("incident_ref"):
            incident = graph.reference("Incident", uid(IOM_AGENCY, incident_ref), {"record_id": incident_ref})
            graph.link("ENDED_IN", voyage, incident)
        if registration:
            # A registration identifies a physical boat across voyages; the flag tells apart two
            # registries that reuse a number.
            vessel_key = f"{fold(registration)}|{fold(flag or '')}"
            vessel = graph.shared("Vessel", vessel_key, {"registration": registration, "flag": flag})
            graph.link("OF_VESSEL", voyage, vessel)
        return graph
