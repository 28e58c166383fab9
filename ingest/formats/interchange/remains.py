"""remains.csv: a post-mortem record, one body or body part."""

from __future__ import annotations

from normalise.ranges import NumberRange, parse_age, parse_height_cm

from ...cells import Cells, date_properties, range_properties
from ...graph import NodeRef, RecordGraph
from ..base import Adapter, LoadContext, sharing, uid
from ..people import supplied_by
from .voyages import IOM_AGENCY

CONTEXTS = ("at_sea", "shore", "in_vessel", "land", "other")
COMPLETENESS = ("complete", "partial", "commingled")
CONDITIONS = ("fresh", "decomposed", "skeletonised", "burned")
IDENTIFICATION = ("unidentified", "provisional", "identified")


def _bounds(cells: Cells, low: str, high: str, parse) -> NumberRange | None:
    """A range from two columns (`age_min`, `age_max`), either of which may be empty."""
    minimum, maximum = cells.parsed(low, parse), cells.parsed(high, parse)
    lower = minimum.minimum if minimum else None
    upper = maximum.maximum if maximum else None
    if lower is not None and upper is not None and lower > upper:
        cells.problem(low, f"{cells.get(low)} is larger than {high} {cells.get(high)}")
        cells.problem(high, f"dropped with {low}: {cells.get(low)} is larger than {cells.get(high)}")
        return None
    if lower is None and upper is None:
        return None
    return NumberRange(lower, upper)


class RemainsAdapter(Adapter):
    kind = "remains"
    primary_label = "Remains"
    # Each body (or body part) is one death in the file's count.
    death_label = "Remains"
    columns = (
        "record_id", "case_number", "recovery_date", "recovery_place", "recovery_lat",
        "recovery_lon", "recovery_context", "vessel_ref", "incident_ref", "completeness",
        "body_part", "condition", "sex", "age_min", "age_max", "height_min_cm", "height_max_cm",
        "hair_colour", "distinguishing_marks", "clothing", "personal_effects", "dna_sample_id",
        "identification_status", "identified_as", "burial_place", "burial_date", "grave_ref",
        "institution", "sharing",
    )
    required_columns = ("record_id",)

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        record_id = cells.text("record_id", key=True)
        recovered = cells.date("recovery_date")
        buried = cells.date("burial_date")
        point = cells.point("recovery_lat", "recovery_lon")
        recovery_context = cells.choice("recovery_context", CONTEXTS)
        completeness = cells.choice("completeness", COMPLETENESS)
        condition = cells.choice("condition", CONDITIONS)
        status = cells.choice("identification_status", IDENTIFICATION, default="unidentified")
        sex = cells.sex("sex")
        age = _bounds(cells, "age_min", "age_max", parse_age)
        height = _bounds(cells, "height_min_cm", "height_max_cm", parse_height_cm)
        scope = sharing(cells, context)
        if record_id is None:
            return None

        remains_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Remains", remains_uid), record_id, scope, [cells.line])
        remains = graph.record("Remains", remains_uid, {
            "record_id": record_id,
            "case_number": cells.text("case_number"),
            **date_properties("recovery_date", recovered, cells.text("recovery_date")),
            "recovery_context": recovery_context,
            "completeness": completeness,
            "body_part": cells.text("body_part"),
            "condition": condition,
            "sex": sex,
            **range_properties("age_min", "age_max", age, "age_raw", None),
            **range_properties("height_min_cm", "height_max_cm", height, "height_raw", None),
            "hair_colour": cells.text("hair_colour"),
            "distinguishing_marks": cells.values("distinguishing_marks") or None,
            "clothing": cells.values("clothing") or None,
            "personal_effects": cells.values("personal_effects") or None,
            "identification_status": status,
            "identified_as": cells.text("identified_as"),
            **date_properties("burial_date", buried, cells.text("burial_date")),
            "grave_ref": cells.text("grave_ref"),
            "institution": cells.text("institution"),
        })
        supplied_by(graph, remains, context.agency)
        graph.locate("RECOVERED_AT", remains, cells.text("recovery_place"), point)
        graph.link("BURIED_AT", remains, graph.place(cells.text("burial_place"), None))
        if vessel_ref := cells.text("vessel_ref"):
            voyage = graph.reference("Voyage", uid(context.agency, vessel_ref), {"record_id": vessel_ref})
            graph.link("RECOVERED_FROM", remains, voyage)
        if incident_ref := cells.text("incident_ref"):
            incident = graph.reference("Incident", uid(IOM_AGENCY, incident_ref), {"record_id": incident_ref})
            graph.link("RECOVERED_FROM", remains, incident)
        if sample_id := cells.text("dna_sample_id"):
            sample = graph.reference("DNAProfile", uid(context.agency, sample_id), {"sample_id": sample_id})
            graph.link("SAMPLED_FROM", sample, remains)
        return graph
