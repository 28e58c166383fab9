"""The analysts' isolation on Neo4j Enterprise or Aura: one role per agency and DNA clearance.

There the server itself filters what a session may find and read (role-based and property-based
access control), so analysts' queries run on the main database, as a user holding the role of their
agency and clearance (the app impersonates it). The privileges are generated from the same model
definitions as the views (`isolation.rule`); every one is a GRANT, so a node no rule grants is
invisible (property rules fail open in a DENY, never in a GRANT):

- records: traversable when their `sharing` is not `agency`, or missing, or their `agency` is the
  role's; DNA profiles only for the cleared role;
- deliveries: the role's agency's only;
- places, routes, vessels and agencies: all; vessels without the provenance of the record that
  first named them;
- candidates and reviews: when their `visible_to` is `partners` or the role's agency. The graph
  carries no such property by itself: `tracegraph views sync` stamps it, from the change journal,
  on every candidate and review whose records changed (`stamp_derived`); unstamped means unseen.
- property reads are denied where a value is derived from what the role may not see: a
  candidate's `conflict`, `conflict_with` and `settled_by` and the `confirmed_candidate` of a
  report, remains or sighting (they may name hidden reports) for every role; the evidence
  (per-locus DNA detail) and a report's `kinship_family_hash` and `family_data_check` without
  DNA clearance.

Property rules hold one property each, with literal values, so the rule of `isolation.rule` is
written here as unions of grants; `tests/isolation/test_roles.py` evaluates the generated rules
over a graph and compares what each role would see with the view of the same agency and clearance.
What such roles cannot do that a view does is in docs/web.md ("Isolation on Neo4j Enterprise and Aura").
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphmodel.journal import split
from graphmodel.model import PROVENANCE_PROPERTIES, load_model
from graphmodel.store import Store
from queries.access import AGENCY_ONLY, OWNER, SHARING

from .rule import PARTNERS, node_predicate
from .sync import ViewState, read_journal

ROLE_PREFIX = "tracegraph_analyst_"
STAMP = "visible_to"
NOBODY = "-"
STAMP_STATE_FILE = "roles-state.json"


def role_name(agency: str, dna_cleared: bool) -> str:
    """The role (and the user that holds it) of an agency's analysts with or without clearance."""
    return f"{ROLE_PREFIX}{agency}" + ("_dna" if dna_cleared else "")


role_user = role_name


def _quoted(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _literal(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


@dataclass(frozen=True)
class Privilege:
    """One graph privilege: GRANT or DENY of TRAVERSE or READ {properties}, on some labels (all when
    empty), when one property compares to a literal (always when `property` is None)."""

    action: str
    privilege: str
    labels: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()
    property: str | None = None
    operator: str = "="
    value: Any = None

    def cypher(self, database: str, role: str) -> str:
        what = self.privilege if self.privilege == "TRAVERSE" else f"READ {{{', '.join(self.properties) or '*'}}}"
        graph = f"ON GRAPH {_quoted(database)}"
        if self.property is None:
            target = f"NODES {', '.join(self.labels)}" if self.labels else "ELEMENTS *"
        else:
            labels = ":" + "|".join(self.labels) if self.labels else ""
            condition = f"n.{self.property} {self.operator}" + (
                "" if self.operator in ("IS NULL", "IS NOT NULL") else f" {_literal(self.value)}")
            target = f"FOR (n{labels}) WHERE {condition}"
        return f"{self.action} {what} {graph} {target} TO {_quoted(role)}"

    def matches(self, label: str, properties: Mapping[str, Any]) -> bool:
        """Whether the privilege applies to a node (Neo4j's semantics: a missing property makes a
        comparison unknown, and an unknown rule does not apply)."""
        if self.labels and label not in self.labels:
            return False
        if self.property is None:
            return True
        value = properties.get(self.property)
        if self.operator == "IS NULL":
            return value is None
        if self.operator == "IS NOT NULL":
            return value is not None
        if value is None:
            return False
        if self.operator == "=":
            return bool(value == self.value)
        if self.operator == "<>":
            return bool(value != self.value)
        if self.operator == "IN":
            return value in self.value
        raise ValueError(f"operator {self.operator} is not generated")


def privileges(agency: str, dna_cleared: bool) -> list[Privilege]:
    """The graph privileges of the role of `agency`'s analysts (with or without DNA clearance)."""
    model = load_model()
    records = [n.label for n in model.nodes.values() if n.visibility == "record" and (dna_cleared or not n.restricted)]
    linked = [n.label for n in model.nodes.values() if n.visibility == "linked"]
    own = [n.label for n in model.nodes.values() if n.visibility == "agency"]
    derived = [n.label for n in model.nodes.values() if n.visibility == "derived"]
    found = [
        # The record rule of queries/access.py as a union of one-property grants.
        Privilege("GRANT", "TRAVERSE", tuple(records), property=SHARING, operator="IS NULL"),
        Privilege("GRANT", "TRAVERSE", tuple(records), property=SHARING, operator="<>", value=AGENCY_ONLY),
        Privilege("GRANT", "TRAVERSE", tuple(records), property=OWNER, operator="=", value=agency),
        Privilege("GRANT", "TRAVERSE", tuple(own), property=OWNER, operator="=", value=agency),
        Privilege("GRANT", "TRAVERSE", tuple(linked)),
        Privilege("GRANT", "TRAVERSE", tuple(derived), property=STAMP, operator="IN", value=[PARTNERS, agency]),
        Privilege("GRANT", "READ", properties=("*",)),
    ]
    for node in model.nodes.values():
        if node.visibility == "linked" and node.provenance:
            found.append(Privilege("DENY", "READ", (node.label,), properties=tuple(PROVENANCE_PROPERTIES)))
    found.append(Privilege("DENY", "READ", ("Candidate",), properties=("conflict", "conflict_with")))
    found.append(Privilege("DENY", "READ", ("Candidate",), properties=("settled_by",)))
    found.append(Privilege("DENY", "READ", ("Report", "Remains", "Sighting"), properties=("confirmed_candidate",)))
    if not dna_cleared:
        found.append(Privilege("DENY", "READ", ("Candidate",), properties=("evidence",)))
        found.append(Privilege("DENY", "READ", ("Report",), properties=("kinship_family_hash", "family_data_check")))
    return found


def role_statements(agencies: Iterable[str], *, database: str = "neo4j", app_role: str = "tracegraph_app",
                    password: str | None = None) -> list[str]:
    """Every administration command, in order: roles, their users (impersonated by the app, never
    logged in as), database access, relationship traversal, the graph privileges above, and the
    app role's right to impersonate them. Run them against the `system` database."""
    commands = [f"CREATE ROLE {_quoted(app_role)} IF NOT EXISTS"]
    for agency in sorted(set(agencies)):
        for cleared in (False, True):
            role = role_name(agency, cleared)
            secret = password or secrets.token_urlsafe(24)
            commands += [
                f"CREATE ROLE {_quoted(role)} IF NOT EXISTS",
                f"CREATE USER {_quoted(role)} IF NOT EXISTS SET PASSWORD {_literal(secret)} CHANGE NOT REQUIRED",
                f"GRANT ROLE {_quoted(role)} TO {_quoted(role)}",
                f"GRANT ACCESS ON DATABASE {_quoted(database)} TO {_quoted(role)}",
                f"GRANT TRAVERSE ON GRAPH {_quoted(database)} RELATIONSHIPS * TO {_quoted(role)}",
            ]
            commands += [p.cypher(database, role) for p in privileges(agency, cleared)]
            commands.append(f"GRANT IMPERSONATE ({_quoted(role)}) ON DBMS TO {_quoted(app_role)}")
    return commands


def role_sees(agency: str, dna_cleared: bool, label: str, properties: Mapping[str, Any]) -> tuple[bool, set[str]]:
    """What the generated privileges give the role on one node: whether it may find it, and which of
    its properties it may not read (the server's rule: a DENY beats a GRANT)."""
    rules = privileges(agency, dna_cleared)
    found = any(p.action == "GRANT" and p.privilege == "TRAVERSE" and p.matches(label, properties) for p in rules)
    denied = {name for p in rules if p.action == "DENY" and p.privilege == "READ" and p.matches(label, properties)
              for name in p.properties}
    return found, denied


# -- the stamp candidates and reviews carry on Enterprise ---------------------------------------

def _paths_to_records(label: str, depth: int = 0) -> list[str]:
    """Path patterns from a derived node `n` to the records it is seen through (`x`)."""
    model = load_model()
    node = model.node(label)
    found = []
    for rel_type in node.through:
        rel = model.relationships[rel_type]
        step = f"-[:{rel_type}]->" if label in rel.sources else f"<-[:{rel_type}]-"
        for other in (rel.targets if label in rel.sources else rel.sources):
            if model.node(other).visibility == "derived" and depth < 3:
                found += [step + f"(:{other})" + rest for rest in _paths_to_records(other, depth + 1)]
            else:
                found.append(step)
    return sorted(set(found))


def _stamp_text(label: str) -> str:
    key = load_model().node(label).key
    partners = node_predicate(label, "n").replace("$agency", "null")
    owner = node_predicate(label, "n").replace("$agency", "owners[0]")
    # The owners: the agencies of the restricted records the candidate (or its candidate) links.
    found = " + ".join(f"[(n){path}(x) WHERE x.{SHARING} = '{AGENCY_ONLY}' | x.{OWNER}]"
                       for path in _paths_to_records(label))
    return (
        f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) "
        f"WITH n, {found} AS found "
        f"WITH n, reduce(seen = [], a IN found | CASE WHEN a IN seen THEN seen ELSE seen + a END) AS owners "
        f"SET n.{STAMP} = CASE WHEN {partners} THEN '{PARTNERS}' "
        f"WHEN size(owners) = 1 AND {owner} THEN owners[0] ELSE '{NOBODY}' END")


def stamp_derived(main: Store, keys_by_label: Mapping[str, Iterable[str]], batch: int = 1000) -> int:
    """Set `visible_to` on the given candidates and reviews from the visibility of their records."""
    done = 0
    for label in ("Candidate", "Review"):
        keys = sorted(set(keys_by_label.get(label, ())))
        for start in range(0, len(keys), batch):
            chunk = keys[start:start + batch]
            main.write(_stamp_text(label), {"keys": chunk, "dna_cleared": True})
            done += len(chunk)
    return done


def refresh_stamps(main: Store, state_path: Any) -> dict[str, Any]:
    """Stamp the candidates and reviews whose records the journal says changed (all of them the
    first time), and remember how far the journal was read."""
    from .statements import Statements

    started = time.perf_counter()
    state = ViewState.load(state_path)
    changes = read_journal(main, state if state and state.view == "roles" else None)
    statements = Statements()
    if changes.keys is None:
        by_label: dict[str, set[str]] = {
            label: {row["key"] for row in main.read(f"MATCH (n:{label}) RETURN n.uid AS key")}
            for label in ("Candidate", "Review")}
    else:
        by_label = defaultdict(set)
        for entry in changes.keys:
            label, key = split(entry)
            by_label[label].add(key)
        frontier = {label: set(keys) for label, keys in by_label.items()}
        while frontier:
            new: dict[str, set[str]] = defaultdict(set)
            for derived, rel_type, label in statements.derivations():
                if frontier.get(label):
                    rows = main.read(statements.related(derived, rel_type, label), {"keys": sorted(frontier[label])})
                    new[derived].update(row["key"] for row in rows)
            frontier = {label: keys - by_label[label] for label, keys in new.items() if keys - by_label[label]}
            for label, keys in frontier.items():
                by_label[label].update(keys)
    stamped = stamp_derived(main, by_label)
    seconds = round(time.perf_counter() - started, 3)
    ViewState(view="roles", watermark=changes.now, applied=changes.applied, mode="stamp", seconds=seconds,
              synced_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())).save(state_path)
    return {"stamped": stamped, "seconds": seconds}
