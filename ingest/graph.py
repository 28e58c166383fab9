"""What one source record becomes: nodes and relationships to merge, with their roles.

A `RecordGraph` is pure data, built by an adapter from one row (or, for DNA, from the rows of one
sample) and written by `writer.py`. It distinguishes three kinds of node:

- **record** nodes the row owns: the Report and its missing Person, a Sighting and its recorded
  Person. They get the row's properties and provenance, and lose the `placeholder` flag;
- **reference** nodes the row points at (`vessel_ref`, `report_ref`, `incident_ref`): merged by
  key and, when they do not exist yet, created as placeholders (`placeholder: true`) with the
  referring row's provenance, so the relationship exists now and the record fills the node when
  it arrives;
- **shared** nodes that belong to nobody (Place, Route, Agency, Vessel): their properties are a
  function of the records that state them, not of which came first, so the same delivery gives
  the same graph whatever the order of its rows and batches: a Place's `location` is the point of
  its key (coordinates rounded to 3 decimals), the exact point stays on the relationship that
  placed the record there (`location`); a name or country stated differently by two records
  keeps the smallest value (see `writer.py`).

Relationships belong to the row that writes them (their `source_record`), so a corrected
re-delivery can remove the ones it no longer states.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graphmodel.model import load_model
from normalise.geo import place_uid
from normalise.name_keys import name_variants

RECORD = "record"
REFERENCE = "reference"
SHARED = "shared"

# What `json.dumps(..., sort_keys=True, ensure_ascii=False, default=str)` writes, built once.
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


def _canonical_encoder() -> Callable[[Any], str]:
    """`_CANONICAL_JSON.encode`, with the C encoder it makes on every call made once: the same
    C code and settings, so the same text (a record's digest is compared with stored ones), without
    building an encoder for each of a record's parts. No check for circular values: parts are
    trees of plain values."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _CANONICAL_JSON.encode
    encoder = _CANONICAL_JSON
    chunks = make(None, encoder.default, json.encoder.c_encode_basestring,  # type: ignore[attr-defined]
                  None, encoder.key_separator, encoder.item_separator, True, False, True)

    def encode(value: Any) -> str:
        return "".join(chunks(value, 0))

    return encode


canonical_json = _canonical_encoder()


@dataclass(frozen=True)
class GeoPoint:
    """A WGS84 point as a property value (written as a Neo4j point)."""

    latitude: float
    longitude: float


@dataclass(frozen=True)
class NodeRef:
    """A node by label and key value."""

    label: str
    key: str


@dataclass
class NodeWrite:
    ref: NodeRef
    mode: str
    properties: dict[str, Any]
    points: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class RelWrite:
    type: str
    start: NodeRef
    end: NodeRef
    properties: dict[str, Any]

    @property
    def identity(self) -> str:
        """`TYPE|start key|end key`: what the writer compares when it cleans up a corrected record."""
        return f"{self.type}|{self.start.key}|{self.end.key}"


@dataclass
class RecordGraph:
    """The nodes and relationships of one source record.

    `record_id` is the id as delivered (the provenance `source_record`); `lines` the source lines
    it came from; `rows` how many source rows it carries (several for a DNA profile).
    """

    primary: NodeRef
    record_id: str
    sharing: str
    lines: list[int]
    nodes: list[NodeWrite] = field(default_factory=list)
    rels: list[RelWrite] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.lines)

    def primary_properties(self) -> dict[str, Any]:
        """The properties of the record's own node, to which extra columns are added."""
        return next(node.properties for node in self.nodes if node.ref == self.primary and node.mode == RECORD)

    @property
    def owned(self) -> list[NodeRef]:
        return [node.ref for node in self.nodes if node.mode == RECORD]

    def _add(self, label: str, key: str, mode: str, properties: dict[str, Any] | None) -> NodeRef:
        if not _known_label(label):
            raise ValueError(f"unknown label {label}")
        ref = NodeRef(label, key)
        self.nodes.append(NodeWrite(ref, mode, dict(properties or {})))
        return ref

    def record(self, label: str, key: str, properties: dict[str, Any]) -> NodeRef:
        """A node this record owns, with its properties (None values remove a property)."""
        return self._add(label, key, RECORD, properties)

    def reference(self, label: str, key: str, properties: dict[str, Any] | None = None) -> NodeRef:
        """A node this record points at; a placeholder until its own record arrives."""
        return self._add(label, key, REFERENCE, properties)

    def shared(self, label: str, key: str, properties: dict[str, Any] | None = None,
               points: dict[str, tuple[float, float]] | None = None) -> NodeRef:
        """A node no record owns (a place, a route, an agency), created with these properties."""
        ref = self._add(label, key, SHARED, properties)
        if points:
            self.nodes[-1].points = {name: [lat, lon] for name, (lat, lon) in points.items()}
        return ref

    def place(self, name: str | None, point: tuple[float, float] | None,
              country: str | None = None) -> NodeRef | None:
        """The Place for a name and/or a point, or None when neither is known. Its `location` is
        the point of its key, rounded to 3 decimals: the same for every record that names it."""
        if not name and point is None:
            return None
        canonical = None if point is None else (round(point[0], 3), round(point[1], 3))
        label_name = name or f"{canonical[0]:.3f}, {canonical[1]:.3f}"  # type: ignore[index]
        # Spellings and transliteration keys of the name, for the place_names full-text index.
        properties = {"name": label_name, "country": country, "name_variants": name_variants([name]) if name else None}
        points = {"location": canonical} if canonical is not None else None
        return self.shared("Place", place_uid(label_name, point), properties, points)

    def locate(self, rel_type: str, start: NodeRef | None, name: str | None,
               point: tuple[float, float] | None, country: str | None = None) -> NodeRef | None:
        """Link `start` to the Place of a name and/or point; the exact point, as the record gave it,
        is kept on the relationship (`location`)."""
        place = self.place(name, point, country)
        properties = {"location": GeoPoint(point[0], point[1])} if point is not None else None
        self.link(rel_type, start, place, properties)
        return place

    def link(self, rel_type: str, start: NodeRef | None, end: NodeRef | None,
             properties: dict[str, Any] | None = None) -> None:
        """A relationship, skipped when either end is absent."""
        if start is None or end is None:
            return
        if not _joins(rel_type, start.label, end.label):
            raise ValueError(f"{rel_type} cannot join {start.label} to {end.label}")
        self.rels.append(RelWrite(rel_type, start, end, dict(properties or {})))

    def content_hash(self) -> str:
        """A digest of everything the record states (not when or from which file it came), so
        a re-delivery of the same content is recognised and changes nothing."""
        parts = [["sharing", self.sharing]]
        parts += [[n.ref.label, n.ref.key, n.mode, n.properties, n.points] for n in self.nodes]
        parts += [[r.identity, r.properties] for r in self.rels]
        text = "\n".join(sorted(map(canonical_json, parts)))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


# Every row asks these of the model again with the same few labels: the answers are kept.
@lru_cache(maxsize=None)
def _known_label(label: str) -> bool:
    return label in load_model().nodes


@lru_cache(maxsize=None)
def _joins(rel_type: str, start_label: str, end_label: str) -> bool:
    """Whether the model lets `rel_type` join these labels."""
    spec = load_model().relationships.get(rel_type)
    return spec is not None and start_label in spec.sources and end_label in spec.targets
