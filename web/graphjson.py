"""Nodes, relationships and paths from the driver, shaped for pages and the canvas.

Queries already filter by agency and clearance; this is the second line: genotypes are dropped
here for anyone without DNA clearance, whatever a query returned.
"""

from __future__ import annotations

from typing import Any

from neo4j.graph import Node, Path, Relationship

from cases import caption
from graphmodel.values import plain
from isolation import rule as isolation_rule

PROVENANCE = ("agency", "source_file", "source_record", "ingested_at", "updated_at", "sharing")
# Without DNA clearance: genotypes, and the family data check (it names the reference samples).
RESTRICTED_PROPERTIES = {"genotypes", "family_data_check"}
# Noise for a reader (search helpers, locks), and the uids of the confirmation behind a settled
# candidate or an identified record, which may name a report the reader may not see; the case
# page says them where the reader may see them.
HIDDEN_PROPERTIES = {"name_variants", "review_lock", "confirmed_candidate", "settled_by"}
KEY_PROPERTY = {"Agency": "code", "Route": "name"}


def label_of(node: Node) -> str:
    return next(iter(node.labels), "Node")


def key_of(node: Node) -> str:
    label = label_of(node)
    return str(node.get(KEY_PROPERTY.get(label, "uid"), node.element_id))


def redacted_evidence(raw: Any, dna_cleared: bool) -> Any:
    """A candidate's evidence JSON with the per-locus detail of DNA items removed for the uncleared
    (the same redaction as an analysts' view without DNA clearance)."""
    return raw if dna_cleared else isolation_rule.redacted_evidence(raw)


def properties(node: Node, dna_cleared: bool) -> dict[str, Any]:
    hidden = HIDDEN_PROPERTIES | (set() if dna_cleared else RESTRICTED_PROPERTIES)
    props = {k: plain(v) for k, v in sorted(node.items()) if k not in hidden}
    if "evidence" in props:
        props["evidence"] = redacted_evidence(props["evidence"], dna_cleared)
    return props


def node_json(node: Node, dna_cleared: bool) -> dict[str, Any]:
    label = label_of(node)
    props = properties(node, dna_cleared)
    data = {"id": node.element_id, "key": key_of(node), "kind": label, "caption": caption(label, props)[:60]}
    if label == "Candidate":
        data["strength"] = strength(props)
    return {"group": "nodes", "data": data, "properties": props,
            "provenance": {k: props.get(k) for k in PROVENANCE if k in props}}


def strength(props: dict[str, Any]) -> str:
    """How a candidate or a kinship match is drawn: confirmed, strong, probable, possible, excluded."""
    if props.get("review_status") in ("confirmed", "excluded"):
        return str(props["review_status"])
    if props.get("excluded") is True:
        return "excluded"
    if "log10_lr" in props and "band" not in props:
        lr = props.get("log10_lr") or 0
        return "strong" if lr >= 4 else "probable" if lr >= 2 else "possible"
    return str(props.get("band") or "possible")


def relationship_json(rel: Relationship) -> dict[str, Any]:
    props = {k: plain(v) for k, v in rel.items()}
    data: dict[str, Any] = {"id": rel.element_id, "source": rel.start_node.element_id,
                            "target": rel.end_node.element_id, "type": rel.type}
    if rel.type == "KINSHIP_MATCH":
        data["strength"] = strength(props)
    return {"group": "edges", "data": data, "properties": props}


class Elements:
    """Collects nodes and relationships once each, then gives them in Cytoscape's format."""

    def __init__(self, dna_cleared: bool) -> None:
        self.dna_cleared = dna_cleared
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[str, dict[str, Any]] = {}

    def add(self, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, Node):
            if "DNAProfile" in value.labels and not self.dna_cleared:
                return
            self.nodes.setdefault(value.element_id, node_json(value, self.dna_cleared))
        elif isinstance(value, Relationship):
            self.edges.setdefault(value.element_id, relationship_json(value))
        elif isinstance(value, Path):
            for node in value.nodes:
                self.add(node)
            for rel in value.relationships:
                self.add(rel)
        elif isinstance(value, (list, tuple)):
            for item in value:
                self.add(item)

    def as_json(self) -> dict[str, list[dict[str, Any]]]:
        """Edges whose ends are both present, so the canvas never gets a dangling edge."""
        candidates = {n["data"]["id"]: n["data"].get("strength") for n in self.nodes.values()
                      if n["data"]["kind"] == "Candidate"}
        edges = []
        for edge in self.edges.values():
            data = edge["data"]
            if data["source"] in self.nodes and data["target"] in self.nodes:
                if data["type"] in ("HAS_CANDIDATE", "PROPOSES"):
                    data["strength"] = candidates.get(data["source"]) or candidates.get(data["target"])
                edges.append(edge)
        return {"nodes": list(self.nodes.values()), "edges": edges}
