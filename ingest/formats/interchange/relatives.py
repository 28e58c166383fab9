"""relatives.csv: family members linked to a report, possibly with a DNA reference sample."""

from __future__ import annotations

from ...cells import Cells, country_properties, date_properties
from ...graph import NodeRef, RecordGraph
from ..base import Adapter, LoadContext, sharing, uid
from ..people import name_properties

RELATIONSHIPS = (
    "mother", "father", "full_sibling", "half_sibling_maternal", "half_sibling_paternal", "child",
    "spouse", "grandparent", "grandchild", "aunt_uncle", "niece_nephew", "first_cousin", "other",
)


class RelativesAdapter(Adapter):
    kind = "relatives"
    primary_label = "Person"
    columns = (
        "record_id", "report_id", "family_name", "given_names", "relationship", "sex",
        "date_of_birth", "is_reporter", "contact_country", "dna_sample_id", "sharing",
    )
    required_columns = ("record_id", "report_id", "relationship")

    def header_problems(self, header: list[str]) -> list[str]:
        problems = super().header_problems(header)
        if "family_name" not in header and "given_names" not in header:
            problems.append("it has neither family_name nor given_names")
        return problems

    def transform(self, cells: Cells, context: LoadContext) -> RecordGraph | None:
        record_id = cells.text("record_id", key=True)
        report_id = cells.text("report_id", key=True)
        relationship = cells.choice("relationship", RELATIONSHIPS, required=True)
        if not cells.get("family_name") and not cells.get("given_names"):
            cells.warn("family_name", "no name: family_name and given_names are empty; loaded without one")
        sex = cells.sex("sex")
        dob = cells.date("date_of_birth")
        is_reporter = cells.yes_no("is_reporter")
        contact_country = cells.country("contact_country")
        scope = sharing(cells, context)
        if record_id is None or report_id is None:
            return None

        relative_uid = uid(context.agency, record_id)
        graph = RecordGraph(NodeRef("Person", relative_uid), record_id, scope, [cells.line])
        relative = graph.record("Person", relative_uid, {
            "role": "relative",
            "record_id": record_id,
            **name_properties(cells.text("family_name"), cells.text("given_names"), []),
            "sex": sex,
            **date_properties("date_of_birth", dob, cells.text("date_of_birth")),
            "is_reporter": is_reporter,
            **country_properties("contact_country", contact_country, cells.text("contact_country")),
        })
        report_uid = uid(context.agency, report_id)
        missing = graph.reference("Person", report_uid + "#missing", {"role": "missing"})
        graph.link("RELATIVE_OF", relative, missing, {"relationship": relationship})
        if is_reporter:
            graph.link("FILED", relative, graph.reference("Report", report_uid, {"record_id": report_id}))
        if sample_id := cells.text("dna_sample_id"):
            sample = graph.reference("DNAProfile", uid(context.agency, sample_id), {"sample_id": sample_id})
            graph.link("SAMPLED_FROM", sample, relative)
        return graph
