"""What a view should hold, read straight from the main graph with the rule's predicates, and what
it does hold: two independent readings the tests compare (the sync reads the graph another way).
And what the app's own access rules (`queries/access.py`, as every page's query expands them) let
the view's reader see, which a view must match for records and engine results and never exceed."""

from __future__ import annotations

from typing import Any

from graphmodel.model import load_model
from graphmodel.store import Store
from isolation.rule import (
    RECOMPUTED_PROPERTIES,
    ViewScope,
    key_expression,
    node_predicate,
    relationship_predicate,
    view_properties,
)
from queries.access import expand

Content = tuple[dict[tuple[str, Any], dict[str, Any]], set[tuple]]


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def expected(main: Store, scope: ViewScope) -> Content:
    """The nodes (label, key) -> properties and relationships the view of `scope` should hold."""
    nodes: dict[tuple[str, Any], dict[str, Any]] = {}
    for node in load_model().nodes.values():
        if node.visibility == "never":
            continue
        rows = main.read(f"MATCH (n:{node.label}) WHERE {node_predicate(node.label)} "
                         f"RETURN n.{node.key} AS key, properties(n) AS props", scope.parameters)
        for row in rows:
            nodes[(node.label, row["key"])] = view_properties(node.label, row["props"], scope)
    rows = main.read(f"MATCH (a)-[r]->(b) WHERE {relationship_predicate('r')} "
                     f"RETURN head(labels(a)) AS a, {key_expression('a')} AS ak, type(r) AS type, "
                     f"head(labels(b)) AS b, {key_expression('b')} AS bk, properties(r) AS props", scope.parameters)
    rels = {(row["a"], row["ak"], row["type"], row["b"], row["bk"], _frozen(row["props"])) for row in rows
            if (row["a"], row["ak"]) in nodes and (row["b"], row["bk"]) in nodes}
    return nodes, rels


def held(view: Store) -> Content:
    """Everything a view's server holds, as `expected` reads it (recomputed properties left out)."""
    nodes = {}
    for row in view.read(f"MATCH (n) RETURN head(labels(n)) AS label, {key_expression('n')} AS key, "
                         f"properties(n) AS props"):
        skip = RECOMPUTED_PROPERTIES.get(row["label"], ())
        nodes[(row["label"], row["key"])] = {k: v for k, v in row["props"].items() if k not in skip}
    rows = view.read(f"MATCH (a)-[r]->(b) RETURN head(labels(a)) AS a, {key_expression('a')} AS ak, "
                     f"type(r) AS type, head(labels(b)) AS b, {key_expression('b')} AS bk, properties(r) AS props")
    rels = {(row["a"], row["ak"], row["type"], row["b"], row["bk"], _frozen(row["props"])) for row in rows}
    return nodes, rels


def differences(main: Store, view: Store, scope: ViewScope) -> list[str]:
    """Sentences naming what the view holds and should not, or lacks (empty when they agree)."""
    want_nodes, want_rels = expected(main, scope)
    have_nodes, have_rels = held(view)
    found = [f"missing {key}" for key in sorted(set(want_nodes) - set(have_nodes), key=str)]
    found += [f"extra {key}" for key in sorted(set(have_nodes) - set(want_nodes), key=str)]
    found += [f"differs {key}: {have_nodes[key]} != {want_nodes[key]}"
              for key in sorted(set(want_nodes) & set(have_nodes), key=str) if have_nodes[key] != want_nodes[key]]
    found += [f"missing relationship {rel[:5]}" for rel in sorted(want_rels - have_rels, key=str)]
    found += [f"extra relationship {rel[:5]}" for rel in sorted(have_rels - want_rels, key=str)]
    return found


def app_rule_differences(main: Store, view: Store, scope: ViewScope) -> list[str]:
    """Sentences naming where the view and the app's access rules disagree: a record, candidate or
    review the rules show the view's reader and the view lacks, or one it holds and they hide; any
    other node the view holds and they hide (places, vessels, deliveries: a view may hold fewer)."""
    # The app always has an agency; the partners' view has none, which no record's agency equals.
    params = {"agency": scope.agency if scope.agency is not None else "", "dna_cleared": scope.dna_cleared}
    found = []
    for node in load_model().nodes.values():
        if node.visibility == "never":
            continue
        rule = expand(f"MATCH (n:{node.label}) WHERE @visible(n) AND @cleared(n) RETURN n.{node.key} AS key").text
        shown = {row["key"] for row in main.read(rule, params)}
        held = {row["key"] for row in view.read(f"MATCH (n:{node.label}) RETURN n.{node.key} AS key")}
        found += [f"{node.label} {key} held, hidden by the app's rules" for key in sorted(held - shown, key=str)]
        if node.visibility in ("record", "derived"):
            found += [f"{node.label} {key} shown by the app's rules, not held" for key in sorted(shown - held, key=str)]
    return found
