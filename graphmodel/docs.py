"""Renders `docs/model.md` from the model definitions, so the documentation cannot drift."""

from __future__ import annotations

from .model import PROVENANCE_PROPERTIES, GraphModel, load_model

HEADER = """# The TraceGraph graph model

Generated from `graphmodel/schema/*.yaml` by `tracegraph db docs`; a test fails when this file and
the definitions differ. Every node and relationship that comes from agency data also carries the
provenance properties: {provenance}.
"""

VISIBILITY_TEXT = {
    "record": "seen as its `sharing` says (`agency`: by its own agency only)",
    "linked": "belongs to nobody: seen when a record the reader sees links to it",
    "derived": "seen when every node it links through {through} is seen",
    "agency": "seen by its own agency only",
    "never": "seen by no reader (bookkeeping)",
}


def render_model_doc(model: GraphModel | None = None) -> str:
    """The Markdown text of docs/model.md: a Mermaid diagram, then a section per label and type."""
    model = model or load_model()
    lines = [HEADER.format(provenance=", ".join(f"`{p}`" for p in PROVENANCE_PROPERTIES)).rstrip(), ""]
    lines += ["## Diagram", "", "```mermaid", "flowchart LR"]
    for rel in model.relationships.values():
        for source in rel.sources:
            for target in rel.targets:
                lines.append(f"    {source} -->|{rel.type}| {target}")
    lines += ["```", "", "## Node labels", ""]
    for node in model.nodes.values():
        lines += [f"### {node.label}", "", node.description, ""]
        facts = [f"key `{node.key}` (unique)"]
        if node.indexes:
            facts.append("indexed: " + ", ".join(f"`{p}`" for p in node.indexes))
        if node.points:
            facts.append("point index: " + ", ".join(f"`{p}`" for p in node.points))
        for name, props in node.fulltext.items():
            facts.append(f"full-text index `{name}` on " + ", ".join(f"`{p}`" for p in props))
        if node.provenance:
            facts.append("carries provenance")
        if node.restricted:
            facts.append("restricted to DNA-cleared users")
        facts.append(VISIBILITY_TEXT[node.visibility].format(through=", ".join(f"`{t}`" for t in node.through)))
        lines += ["; ".join(facts) + ".", "", "| property | type and meaning |", "|---|---|"]
        for prop, meaning in node.properties.items():
            if node.provenance and prop in PROVENANCE_PROPERTIES:
                continue
            lines.append(f"| `{prop}` | {meaning} |")
        lines.append("")
    lines += ["## Relationship types", "", "| type | from | to | meaning |", "|---|---|---|---|"]
    for rel in model.relationships.values():
        meaning = rel.description
        if rel.properties:
            meaning += " Properties: " + "; ".join(f"`{k}` ({v})" for k, v in rel.properties.items())
        lines.append(f"| `{rel.type}` | {', '.join(rel.sources)} | {', '.join(rel.targets)} | {meaning} |")
    return "\n".join(lines) + "\n"
