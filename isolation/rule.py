"""Who may read what: the one definition of an analyst's view, generated from the model.

A view is everything the analysts of one agency, with or without DNA clearance, may read. Each
label of `graphmodel/schema/nodes.yaml` says how its nodes are seen (`visibility`):

- `record`: by its own `sharing` and `agency`: shared with partners (or not marked), or the
  reader's own agency's; a `restricted` label (DNAProfile) only with DNA clearance.
- `linked` (places, routes, vessels, agencies): it belongs to nobody, so it is in a view exactly
  when a record of the view links to it, with its own properties only. Otherwise a place named only
  by a hidden record, or a vessel whose provenance is the hidden voyage that first named it, would
  say that the hidden record exists.
- `derived` (candidates, reviews): an engine result is seen when every node it links `through`
  the declared relationship types is seen, and it has at least one of each.
- `agency` (deliveries): its own agency's users only: a delivery counts every row of a file,
  restricted rows too.
- `never`: bookkeeping (the change journal).

A relationship is in a view when both its ends are, and its own `sharing` allows it.

This module turns that into Cypher predicates over `$agency` and `$dna_cleared` (labels, types and
keys come from the model, never from input), and says how a node's properties are shown in a view.
The record rule itself (which `sharing` hides a record from whom) and the DNA clearance are not
written here: they are the app's access rules of `queries/access.py` (`record_rule`, `cleared`),
the same text every query of the app expands, so a view holds what the pages show and never more.
What the model adds on top only narrows it: linked nodes without a record of the view, deliveries
of other agencies. The views' servers (`isolation.sync`) and the Enterprise roles
(`isolation.roles`) are built from it; nothing else decides what an analyst may read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cases.evidence import is_dna_evidence
from graphmodel.model import PROVENANCE_PROPERTIES, GraphModel, NodeType, load_model
from queries.access import AGENCY_ONLY, OWNER, SHARING, cleared, record_rule

# The name of a view cannot collide with an agency code: codes never hold '+'.
PARTNERS = "partners"
DNA_SUFFIX = "+dna"
AGENCY_PREFIX = "agency+"
# An engine result copied into a view loses what the engine derived from records the view does not
# hold: `conflict_with` names the reports confirmed for the same record, which may be hidden, so
# the view works conflicts out again from its own candidates. A lock flag is noise.
RECOMPUTED_PROPERTIES = {"Candidate": ("conflict", "conflict_with")}
RECOMPUTED_DEFAULTS = {"Candidate": {"conflict": False}}
# What a confirmation records elsewhere names the confirmed candidate, whose key holds its report's
# and its record's: on a report, a body or a sighting (`confirmed_candidate`) and on the candidates
# it closed (`settled_by`). That candidate may be in records the view does not hold, so a view keeps
# neither (the statuses stay: the app too says that a candidate was closed by a confirmation).
DROPPED_PROPERTIES = ("review_lock", "confirmed_candidate", "settled_by")
# Without DNA clearance a view holds no profile and nothing computed from genotypes: the fingerprint
# of a family's reference profiles, the check of those profiles against the family's pedigree (it
# names the samples), and the per-locus detail of a candidate's DNA evidence.
DNA_DERIVED_PROPERTIES = {"Report": ("kinship_family_hash", "family_data_check")}


@dataclass(frozen=True, order=True)
class ViewScope:
    """What one view holds: the records shared with partners, the restricted records of `agency`
    (none for the partners' view), and DNA when `dna_cleared`."""

    agency: str | None
    dna_cleared: bool

    @property
    def name(self) -> str:
        base = PARTNERS if self.agency is None else AGENCY_PREFIX + self.agency
        return base + (DNA_SUFFIX if self.dna_cleared else "")

    @property
    def parameters(self) -> dict[str, Any]:
        """The Cypher parameters of the predicates below."""
        return {"agency": self.agency, "dna_cleared": self.dna_cleared}

    @classmethod
    def from_name(cls, name: str) -> "ViewScope":
        dna = name.endswith(DNA_SUFFIX)
        base = name[: -len(DNA_SUFFIX)] if dna else name
        if base == PARTNERS:
            return cls(None, dna)
        if base.startswith(AGENCY_PREFIX) and len(base) > len(AGENCY_PREFIX):
            return cls(base[len(AGENCY_PREFIX):], dna)
        raise ValueError(f"{name!r} is not the name of an analysts' view")


def copied_labels(model: GraphModel | None = None) -> list[NodeType]:
    """The labels whose nodes a view copies one by one (linked nodes come with their records)."""
    model = model or load_model()
    order = {"record": 0, "derived": 1, "agency": 2}
    return sorted((n for n in model.nodes.values() if n.visibility in order),
                  key=lambda n: (order[n.visibility], n.label))


def linked_labels(model: GraphModel | None = None) -> list[str]:
    model = model or load_model()
    return [n.label for n in model.nodes.values() if n.visibility == "linked"]


def key_expression(var: str, model: GraphModel | None = None) -> str:
    """The key value of a node whatever its label (`uid`, but `code` for Agency, `name` for Route)."""
    model = model or load_model()
    odd = [(n.label, n.key) for n in model.nodes.values() if n.key != "uid"]
    cases = " ".join(f"WHEN {var}:{label} THEN {var}.{key}" for label, key in odd)
    return f"CASE {cases} ELSE {var}.uid END"


def shared_or_own(var: str) -> str:
    """A record or relationship by its `sharing` and `agency`: the app's record rule, made strictly
    true or false (the rule is unknown for a restricted record when `$agency` is null, as in the
    partners' view, and a predicate negated inside EXISTS must not let an unknown through)."""
    return f"coalesce({record_rule(var)}, false)"


def agency_only(var: str) -> str:
    """A record its agency keeps to itself, of `$agency` (the records only that agency's views hold)."""
    return f"({var}.{SHARING} = '{AGENCY_ONLY}' AND {var}.{OWNER} = $agency)"


class _Names:
    def __init__(self) -> None:
        self.count = 0

    def fresh(self) -> str:
        self.count += 1
        return f"v{self.count}"


def _neighbours(label: str, model: GraphModel, rel_types: tuple[str, ...] | None = None) -> list[str]:
    """The labels the model allows at the other end of `label`'s relationships (of these types)."""
    found: set[str] = set()
    for rel in model.relationships.values():
        if rel_types is not None and rel.type not in rel_types:
            continue
        if label in rel.sources:
            found.update(rel.targets)
        if label in rel.targets:
            found.update(rel.sources)
    return sorted(found)


def _derived(node: NodeType, var: str, model: GraphModel, names: _Names, depth: int) -> str:
    parts = []
    for rel_type in node.through:
        rel = model.relationships[rel_type]
        pattern = f"-[:{rel_type}]->" if node.label in rel.sources else f"<-[:{rel_type}]-"
        other = names.fresh()
        seen = _any(other, model, names, depth + 1, linked_seen=False,
                    labels=_neighbours(node.label, model, (rel_type,)))
        parts.append(f"EXISTS {{ MATCH ({var}){pattern}({other}) }}")
        parts.append(f"NOT EXISTS {{ MATCH ({var}){pattern}({other}) WHERE NOT ({seen}) }}")
    return "(" + " AND ".join(parts) + ")"


def _node(node: NodeType, var: str, model: GraphModel, names: _Names, depth: int, linked_seen: bool) -> str:
    if node.visibility == "record":
        return shared_or_own(var) + (f" AND {cleared(var)}" if node.restricted else "")
    if node.visibility == "agency":
        return f"coalesce({var}.{OWNER} = $agency, false)"
    if node.visibility == "derived":
        if depth > 4:
            raise ValueError(f"{node.label}: derived labels are seen through each other too deeply")
        return _derived(node, var, model, names, depth)
    if node.visibility == "linked":
        if linked_seen:
            return "true"
        # Standalone: a node of the view links to it, by a relationship the view holds.
        other, rel = names.fresh(), names.fresh()
        neighbours = [label for label in _neighbours(node.label, model)
                      if model.node(label).visibility != "linked"]
        seen = _any(other, model, names, depth + 1, linked_seen=False, labels=neighbours)
        return f"EXISTS {{ MATCH ({var})-[{rel}]-({other}) WHERE {shared_or_own(rel)} AND ({seen}) }}"
    return "false"


def _any(var: str, model: GraphModel, names: _Names, depth: int, *, linked_seen: bool,
         labels: list[str] | None = None) -> str:
    cases = []
    for node in model.nodes.values():
        if node.visibility == "never" or (labels is not None and node.label not in labels):
            continue
        cases.append(f"WHEN {var}:{node.label} THEN {_node(node, var, model, names, depth, linked_seen)}")
    return f"CASE {' '.join(cases)} ELSE false END"


def node_predicate(label: str, var: str = "n", model: GraphModel | None = None) -> str:
    """Whether a node of `label` bound to `var` is in the view of `$agency` / `$dna_cleared`."""
    model = model or load_model()
    return _node(model.node(label), var, model, _Names(), 0, linked_seen=False)


def any_node_predicate(var: str, *, beside_a_seen_node: bool, model: GraphModel | None = None) -> str:
    """Whether a node of any label is in the view. `beside_a_seen_node`: `var` is the other end of a
    relationship the view holds from a node it holds, so a linked node is in it by that link."""
    model = model or load_model()
    return _any(var, model, _Names(), 0, linked_seen=beside_a_seen_node)


def relationship_predicate(var: str = "r", model: GraphModel | None = None) -> str:
    """Whether a relationship between two nodes of the view is in it: a type of the model, and its
    own sharing (a relationship carries the provenance of the record that stated it)."""
    model = model or load_model()
    types = ", ".join(f"'{t}'" for t in model.relationships)
    return f"(type({var}) IN [{types}] AND {shared_or_own(var)})"


@lru_cache(maxsize=None)
def _own_properties(label: str) -> frozenset[str]:
    node = load_model().node(label)
    return frozenset(p for p in node.properties if not (node.provenance and p in PROVENANCE_PROPERTIES))


def view_properties(label: str, properties: dict[str, Any], scope: ViewScope) -> dict[str, Any]:
    """A node's properties as a view holds them (without those the view works out itself)."""
    node = load_model().node(label)
    if node.visibility == "linked":
        own = _own_properties(label)
        return {k: v for k, v in properties.items() if k in own}
    shown = {k: v for k, v in properties.items()
             if k not in DROPPED_PROPERTIES and k not in RECOMPUTED_PROPERTIES.get(label, ())}
    if not scope.dna_cleared:
        for name in DNA_DERIVED_PROPERTIES.get(label, ()):
            shown.pop(name, None)
        if label == "Candidate" and "evidence" in shown:
            shown["evidence"] = redacted_evidence(shown["evidence"])
    return shown


def redacted_evidence(raw: Any) -> Any:
    """A candidate's evidence JSON without the per-locus detail of its DNA items (for readers
    without DNA clearance): the kind, level and likelihood ratio stay, the detail is null."""
    try:
        items = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    return json.dumps([{**item, "detail": None} if isinstance(item, dict)
                       and is_dna_evidence(str(item.get("kind", ""))) else item for item in items])
