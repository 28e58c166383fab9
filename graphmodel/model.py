"""The graph model, read from the YAML definitions in `schema/`.

The definitions drive the constraints and indexes (`migrate`), the documentation (`docs/model.md`)
and the checks ingestion makes, so none of them can drift from the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

PROVENANCE_PROPERTIES: dict[str, str] = {
    "agency": "string: code of the submitting agency",
    "source_file": "string: file the record came from",
    "source_record": "string: record id or row number in that file",
    "ingested_at": "datetime: first load",
    "updated_at": "datetime: last load that changed the record",
    "sharing": "string: partners or agency",
}
# Properties of every label that no page shows by name: keys, bookkeeping, the precision of a
# partial date (the date itself says it), the text as delivered beside a normalised value, and
# delivered columns a format does not know (the record's own page lists them).
INTERNAL_PROPERTIES = frozenset({"uid", "row_hash", "placeholder", *PROVENANCE_PROPERTIES})
INTERNAL_SUFFIXES = ("_precision", "_raw")
INTERNAL_PREFIXES = ("raw_", "extra_")


@dataclass(frozen=True)
class Range:
    """Two properties a page shows as one line: `label` from..to `unit`."""

    label: str
    low: str
    high: str
    unit: str = ""

# Who may read a node of a label (see the header of schema/nodes.yaml); every label declares one.
VISIBILITIES = ("record", "linked", "derived", "agency", "never")


@dataclass(frozen=True)
class NodeType:
    """One node label."""

    label: str
    description: str
    key: str
    properties: dict[str, str]
    indexes: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    fulltext: dict[str, tuple[str, ...]] = field(default_factory=dict)
    provenance: bool = False
    restricted: bool = False
    visibility: str = "never"
    through: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    ranges: tuple[Range, ...] = ()
    internal: frozenset[str] = frozenset()
    # property -> {stored value: its words in English} for properties with a closed vocabulary
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def is_internal(self, prop: str) -> bool:
        """Whether a page leaves the property out: declared internal, or internal to every label."""
        return (prop in self.internal or prop in INTERNAL_PROPERTIES or prop.endswith(INTERNAL_SUFFIXES)
                or prop.startswith(INTERNAL_PREFIXES))


@dataclass(frozen=True)
class RelationshipType:
    """One relationship type and the labels it joins."""

    type: str
    description: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: dict[str, str] = field(default_factory=dict)
    # how a diagram of linked records says the relationship, read from start to end
    words: str = ""
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class GraphModel:
    nodes: dict[str, NodeType]
    relationships: dict[str, RelationshipType]

    def node(self, label: str) -> NodeType:
        return self.nodes[label]


def _read(name: str) -> dict[str, Any]:
    text = resources.files("graphmodel.schema").joinpath(name).read_text(encoding="utf-8")
    spec: dict[str, Any] = yaml.safe_load(text)
    return spec


def _node(label: str, spec: dict[str, Any]) -> NodeType:
    properties = dict(spec.get("properties", {}))
    if spec.get("provenance"):
        properties.update(PROVENANCE_PROPERTIES)
    node = NodeType(
        label=label,
        description=spec["description"],
        key=spec["key"],
        properties=properties,
        indexes=tuple(spec.get("indexes", ())),
        points=tuple(spec.get("points", ())),
        fulltext={name: tuple(props) for name, props in spec.get("fulltext", {}).items()},
        provenance=bool(spec.get("provenance")),
        restricted=bool(spec.get("restricted")),
        visibility=spec.get("visibility", ""),
        through=tuple(spec.get("through", ())),
        labels={str(k): str(v) for k, v in (spec.get("labels") or {}).items()},
        ranges=tuple(Range(label=str(r["label"]), low=str(r["from"]), high=str(r["to"]), unit=str(r.get("unit", "")))
                     for r in spec.get("ranges") or ()),
        internal=frozenset(spec.get("internal") or ()),
        values=_values(spec),
    )
    if node.visibility not in VISIBILITIES:
        raise ValueError(f"{label}: visibility must be one of {', '.join(VISIBILITIES)}, not {node.visibility!r}")
    if (node.visibility == "derived") != bool(node.through):
        raise ValueError(f"{label}: a derived label, and only one, names the relationship types it is seen `through`")
    declared = set(node.properties)
    used = {node.key, *node.indexes, *node.points, *(p for ps in node.fulltext.values() for p in ps)}
    if undeclared := used - declared:
        raise ValueError(f"{label}: properties used in keys or indexes but not declared: {sorted(undeclared)}")
    shown = {*node.labels, *node.internal, *node.values, *(p for r in node.ranges for p in (r.low, r.high))}
    if undeclared := shown - declared:
        raise ValueError(f"{label}: labels, ranges or internal name undeclared properties: {sorted(undeclared)}")
    return node


def _values(spec: dict[str, Any]) -> dict[str, dict[str, str]]:
    """A `values:` block: per property, a list of values that are their own words, or a mapping of
    stored values to their words."""
    found = {}
    for prop, vocabulary in (spec.get("values") or {}).items():
        if isinstance(vocabulary, dict):
            found[str(prop)] = {str(k): str(v) for k, v in vocabulary.items()}
        else:
            found[str(prop)] = {str(v): str(v) for v in vocabulary}
    return found


@lru_cache(maxsize=1)
def load_model() -> GraphModel:
    """The model as defined in `graphmodel/schema/*.yaml`, checked for consistency."""
    nodes = {label: _node(label, spec) for label, spec in _read("nodes.yaml").items()}
    relationships = {}
    for rel_type, spec in _read("relationships.yaml").items():
        rel = RelationshipType(
            type=rel_type,
            description=spec["description"],
            sources=tuple(spec["from"]),
            targets=tuple(spec["to"]),
            properties=dict(spec.get("properties", {})),
            words=str(spec.get("words") or ""),
            values=_values(spec),
        )
        if undeclared := set(rel.values) - set(rel.properties):
            raise ValueError(f"{rel_type}: values name undeclared properties: {sorted(undeclared)}")
        if unknown := set(rel.sources + rel.targets) - set(nodes):
            raise ValueError(f"{rel_type}: unknown labels {sorted(unknown)}")
        relationships[rel_type] = rel
    for node in nodes.values():
        if unknown := set(node.through) - set(relationships):
            raise ValueError(f"{node.label}: seen through unknown relationship types {sorted(unknown)}")
    return GraphModel(nodes=nodes, relationships=relationships)
