"""The Cypher of a view's sync, generated once from the model.

Labels, relationship types and keys come from `graphmodel/schema`, the visibility predicates from
`isolation.rule`; every value is a parameter. Reads run on the main graph (`page`, `visible`,
`state`, `related`), writes on the view (`gone`, `upsert`, `ensure`, `unlink`, `link`, and the
clean-ups after a rebuild).
"""

from __future__ import annotations

from typing import Any

from graphmodel.model import load_model
from queries.access import OWNER

from .rule import (
    agency_only,
    any_node_predicate,
    copied_labels,
    key_expression,
    linked_labels,
    node_predicate,
    relationship_predicate,
)


class Statements:
    """The Cypher of a sync, generated once from the model: labels, types and keys from the
    definitions, every value a parameter."""

    def __init__(self) -> None:
        model = load_model()
        self.model = model
        self.linked = set(linked_labels(model))
        self.copied = [n.label for n in copied_labels(model)]
        self.key = {n.label: n.key for n in model.nodes.values()}
        self._cache: dict[tuple, str] = {}

    def _text(self, kind: tuple, build: Any) -> str:
        if kind not in self._cache:
            self._cache[kind] = build()
        return self._cache[kind]

    def page(self, label: str) -> str:
        key = self.key[label]
        return self._text(("page", label), lambda: (
            f"MATCH (n:{label}) WHERE n.{key} > $after AND {node_predicate(label)} "
            f"RETURN n.{key} AS key ORDER BY key LIMIT $limit"))

    def page_nodes(self, label: str) -> str:
        """A page of the nodes of `label` the view holds, with their properties (a build whole)."""
        key = self.key[label]
        return self._text(("page_nodes", label), lambda: (
            f"MATCH (n:{label}) WHERE n.{key} > $after AND {node_predicate(label)} "
            f"WITH n ORDER BY n.{key} LIMIT $limit RETURN n.{key} AS key, {_as_text('n')}"))

    def page_links(self, label: str) -> str:
        """A page of the nodes of `label` the view holds, with the relationships that start at them
        and that the view holds if it holds their far end (a build whole: each relationship is read
        once, from its start; the builder knows which far ends it wrote)."""
        key = self.key[label]
        return self._text(("page_links", label), lambda: (
            f"MATCH (n:{label}) WHERE n.{key} > $after AND {node_predicate(label)} "
            f"WITH n ORDER BY n.{key} LIMIT $limit "
            f"RETURN n.{key} AS key, [(n)-[r]->(m) WHERE {relationship_predicate('r')} | "
            f"{{type: type(r), label: head(labels(m)), key: {key_expression('m')}, "
            f"props: [k IN keys(r) | [k, {_text_of_time('r[k]')}]], times: {_times('r')}}}] AS rels"))

    def write_nodes(self, label: str) -> str:
        """`upsert`, with the times sent as text (`_as_text`) made times again in the view."""
        key = self.key[label]
        return self._text(("write_nodes", label), lambda: (
            f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) SET n = row.props "
            f"WITH n, row FOREACH (name IN row.times | SET n[name] = datetime(n[name]))"))

    def write_links(self, rel_type: str, start: str, end: str) -> str:
        """`link`, with the times sent as text made times again in the view."""
        return self._text(("write_links", rel_type, start, end), lambda: (
            f"UNWIND $rows AS row MATCH (a:{start} {{{self.key[start]}: row.start}}) "
            f"MATCH (b:{end} {{{self.key[end]}: row.end}}) MERGE (a)-[r:{rel_type}]->(b) SET r = row.props "
            f"WITH r, row FOREACH (name IN row.times | SET r[name] = datetime(r[name]))"))

    def own(self, label: str) -> str | None:
        """The nodes of `label` only `$agency` may see (its restricted records, its deliveries)."""
        node = self.model.node(label)
        key = node.key
        if node.visibility == "record":
            where = agency_only("n")
        elif node.visibility == "agency":
            where = f"n.{OWNER} = $agency"
        else:
            return None
        return self._text(("own", label), lambda: f"MATCH (n:{label}) WHERE {where} RETURN n.{key} AS key")

    def visible(self, label: str) -> str:
        key = self.key[label]
        return self._text(("visible", label), lambda: (
            f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) WHERE {node_predicate(label)} "
            f"RETURN collect(key) AS keys"))

    def state(self, label: str) -> str:
        key = self.key[label]
        linked = " OR ".join(f"m:{name}" for name in sorted(self.linked)) or "false"
        return self._text(("state", label), lambda: (
            f"UNWIND $keys AS key OPTIONAL MATCH (n:{label} {{{key}: key}}) "
            f"WITH key, n, n IS NOT NULL AND {node_predicate(label)} AS visible "
            f"RETURN key, visible, CASE WHEN visible THEN properties(n) END AS props, "
            f"CASE WHEN visible THEN [(n)-[r]-(m) WHERE {relationship_predicate('r')} "
            f"AND {any_node_predicate('m', beside_a_seen_node=True)} | "
            f"{{type: type(r), outgoing: startNode(r) = n, label: head(labels(m)), "
            f"key: {key_expression('m')}, props: properties(r), "
            f"end: CASE WHEN {linked} THEN properties(m) END}}] ELSE [] END AS rels"))

    def related(self, derived: str, rel_type: str, label: str) -> str:
        """The `derived` nodes linked by `rel_type` to nodes of `label` (a touched record's candidates,
        a touched candidate's reviews): their visibility follows theirs."""
        return self._text(("related", derived, rel_type, label), lambda: (
            f"UNWIND $keys AS key MATCH (:{label} {{{self.key[label]}: key}})-[:{rel_type}]-(d:{derived}) "
            f"RETURN DISTINCT d.{self.key[derived]} AS key"))

    def derivations(self) -> list[tuple[str, str, str]]:
        """(derived label, relationship type, label at its other end) for every derived label."""
        found = []
        for node in self.model.nodes.values():
            for rel_type in node.through:
                rel = self.model.relationships[rel_type]
                others = rel.sources if node.label in rel.targets else rel.targets
                found += [(node.label, rel_type, other) for other in others]
        return found

    def gone(self, label: str) -> str:
        key = self.key[label]
        return self._text(("gone", label), lambda: (
            f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) "
            f"OPTIONAL MATCH (n)--(m) WHERE {self._is_linked('m')} "
            f"WITH n, collect(DISTINCT m) AS ends DETACH DELETE n "
            f"WITH ends UNWIND ends AS m WITH DISTINCT m WHERE NOT EXISTS {{ (m)--() }} DELETE m"))

    def upsert(self, label: str) -> str:
        key = self.key[label]
        return self._text(("upsert", label), lambda: (
            f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.key}}) SET n = row.props"))

    def ensure(self, label: str) -> str:
        key = self.key[label]
        return self._text(("ensure", label), lambda: f"UNWIND $keys AS key MERGE (n:{label} {{{key}: key}})")

    def unlink(self, label: str) -> str:
        key = self.key[label]
        return self._text(("unlink", label), lambda: (
            f"UNWIND $rows AS row MATCH (n:{label} {{{key}: row.key}})-[r]-(m) "
            f"WITH row, r, m, type(r) + '|' + CASE WHEN startNode(r) = n THEN '>' ELSE '<' END + '|' "
            f"+ head(labels(m)) + '|' + {key_expression('m')} AS identity "
            f"WHERE identity IN row.drop DELETE r "
            f"WITH DISTINCT m WHERE {self._is_linked('m')} AND NOT EXISTS {{ (m)--() }} DELETE m"))

    def held(self, label: str) -> str:
        """A view's copy of some nodes: properties and relationships, as `state` reads the main graph."""
        key = self.key[label]
        return self._text(("held", label), lambda: (
            f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) RETURN key, properties(n) AS props, "
            f"[(n)-[r]-(m) | {{type: type(r), outgoing: startNode(r) = n, label: head(labels(m)), "
            f"key: {key_expression('m')}, props: properties(r)}}] AS rels"))

    def held_nodes(self, label: str) -> str:
        key = self.key[label]
        return self._text(("held_nodes", label), lambda: (
            f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) RETURN key, properties(n) AS props"))

    def link(self, rel_type: str, start: str, end: str) -> str:
        return self._text(("link", rel_type, start, end), lambda: (
            f"UNWIND $rows AS row MATCH (a:{start} {{{self.key[start]}: row.start}}) "
            f"MATCH (b:{end} {{{self.key[end]}: row.end}}) MERGE (a)-[r:{rel_type}]->(b) SET r = row.props"))

    def rivals(self) -> str:
        """In a view: the candidates proposing a record one of the candidates `$keys` proposes."""
        return self._text(("rivals",), lambda: (
            f"UNWIND $keys AS key MATCH (:Candidate {{{self.key['Candidate']}: key}})-[:PROPOSES]->(t)"
            f"<-[:PROPOSES]-(c:Candidate) RETURN DISTINCT c.{self.key['Candidate']} AS key"))

    def view_page(self, label: str) -> str:
        key = self.key[label]
        return self._text(("view_page", label), lambda: (
            f"MATCH (n:{label}) WHERE n.{key} > $after RETURN n.{key} AS key ORDER BY key LIMIT $limit"))

    def orphans(self) -> str:
        return self._text(("orphans",), lambda: (
            f"MATCH (n) WHERE ({self._is_linked('n')}) AND NOT EXISTS {{ (n)--() }} "
            f"WITH n LIMIT $limit DELETE n"))

    def strangers(self) -> str:
        """Nodes of no label a view holds (never the case unless written by hand)."""
        held = self.copied + sorted(self.linked)
        labels = " OR ".join(f"n:{label}" for label in held)
        return self._text(("strangers",), lambda: (
            f"MATCH (n) WHERE NOT ({labels}) WITH n LIMIT $limit DETACH DELETE n"))

    def _is_linked(self, var: str) -> str:
        return "(" + (" OR ".join(f"{var}:{label}" for label in sorted(self.linked)) or "false") + ")"


def _text_of_time(value: str) -> str:
    return f"CASE WHEN valueType({value}) STARTS WITH 'ZONED DATETIME' THEN toString({value}) ELSE {value} END"


def _times(var: str) -> str:
    return f"[k IN keys({var}) WHERE valueType({var}[k]) STARTS WITH 'ZONED DATETIME']"


def _as_text(var: str) -> str:
    """The properties of `var` as [name, value] pairs, each time as its text (`toString` keeps the
    instant, the precision and the zone or offset, and `datetime()` reads it back the same), and
    the names of the times. The driver turns a time into Python and back at about a millisecond
    each, which was most of a view's build: a view holds several times per node and relationship."""
    return f"[k IN keys({var}) | [k, {_text_of_time(f'{var}[k]')}]] AS pairs, {_times(var)} AS times"
