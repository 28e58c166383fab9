"""Who may see what: the access rules, written once, that every query the app runs applies.

- A record (a node delivered by an agency) shared with its own agency only (`sharing = 'agency'`)
  is visible to that agency's users alone; every other record is visible to all partners.
- A candidate identification names the two records it links (its uid is theirs), and so does
  each review of it: it is visible only when both records are.
- DNA profiles are visible to DNA-cleared users only.

Named queries do not copy these rules. They write a fragment, which the catalog expands:

    @visible(n)            n may be seen by the user's agency ($agency): any node, a record or a candidate
    @visible(n:Voyage)     n is a Voyage (or, with `A|B`, one of those labels) the user's agency may see
    @cleared(n)            n is not a DNA profile, or the user is DNA-cleared ($dna_cleared)
    @agency_only(n)        n is a record its agency keeps to itself (no rule: a cheap first test)

Naming the labels costs Neo4j far less to plan (no candidate subqueries when none of them is
Candidate or Review), and cannot widen what is seen: the expansion tests the labels too, so a node
that is not one of them is not visible.

A query that uses a fragment must declare the parameter it reads (`agency`, `dna_cleared`); the
web app passes it the user's value (`web/db.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# The keys of a user's access, as Cypher parameters.
AGENCY = "agency"
DNA_CLEARED = "dna_cleared"
ACCESS_KEYS = frozenset({AGENCY, DNA_CLEARED})

# The record rule's three words: the property that says how a record is shared, its value for
# "this agency only", and the property naming the record's agency.
SHARING = "sharing"
AGENCY_ONLY = "agency"
OWNER = "agency"

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LABELS = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\|[A-Za-z_][A-Za-z0-9_]*)*$")
FRAGMENT = re.compile(r"@(?P<name>[A-Za-z_]\w*)\s*\(\s*(?P<node>[^()]*?)\s*\)")
# Nodes whose visibility follows from the records they link, not from their own properties.
LINKING_LABELS = frozenset({"Candidate", "Review"})


class AccessFragmentError(ValueError):
    """A fragment that cannot be expanded: an unknown name, or an argument that is not a variable."""


def record_rule(node: str) -> str:
    """The record rule for the Cypher variable `node` (not a candidate's: see `visible`).

    A CASE rather than "sharing IS NULL OR sharing <> 'agency' OR agency = $agency": the same truth
    (unknown, and so false in a WHERE, for an agency-only record with no agency), but Neo4j does not
    split it into one scan per alternative.
    """
    return f"(CASE WHEN {node}.{SHARING} = '{AGENCY_ONLY}' THEN {node}.{OWNER} = ${AGENCY} ELSE true END)"


def visible(node: str, labels: tuple[str, ...] = ()) -> str:
    """`@visible(node)`: the record rule, and for a candidate or a review the rule on both linked
    records. `@visible(node:Label|Other)`: the node has one of those labels, and is visible."""
    label_test = f"{node}:{'|'.join(labels)} AND " if labels else ""
    if labels and not LINKING_LABELS & set(labels):
        return f"({label_test}{record_rule(node)})"
    end = end_variable(node)
    end_hidden = f"WHERE NOT {record_rule(end)}"
    # Written as "not a candidate, or ...": Neo4j then looks for the candidate's records only when
    # the node is one, instead of running both subqueries for every node it checks.
    return (f"({label_test}{record_rule(node)}"
            f" AND (NOT {node}:Candidate OR NOT EXISTS {{ MATCH ({node})-[:HAS_CANDIDATE|PROPOSES]-({end})"
            f" {end_hidden} }})"
            f" AND (NOT {node}:Review OR NOT EXISTS {{ MATCH ({node})-[:REVIEW_OF]->(:Candidate)"
            f"-[:HAS_CANDIDATE|PROPOSES]-({end}) {end_hidden} }}))")


def cleared(node: str, labels: tuple[str, ...] = ()) -> str:
    """`@cleared(node)`: DNA profiles only for DNA-cleared users."""
    return f"(${DNA_CLEARED} OR NOT {node}:DNAProfile)"


def agency_only(node: str, labels: tuple[str, ...] = ()) -> str:
    """`@agency_only(node)`: a record shared with its own agency only; the only kind the record rule hides."""
    return f"({node}.{SHARING} = '{AGENCY_ONLY}')"


def end_variable(node: str) -> str:
    """The variable `@visible(node)` uses for a candidate's records; a query must not use it itself."""
    return f"{node}_access_end"


@dataclass(frozen=True)
class Fragment:
    name: str
    needs: str | None
    expand: Callable[[str, tuple[str, ...]], str]
    takes_labels: bool = False


FRAGMENTS: dict[str, Fragment] = {
    "visible": Fragment("visible", AGENCY, visible, takes_labels=True),
    "cleared": Fragment("cleared", DNA_CLEARED, cleared),
    "agency_only": Fragment("agency_only", None, agency_only),
}


@dataclass(frozen=True)
class Expanded:
    """A query's text with its fragments expanded, and what they need."""

    text: str
    access: frozenset[str]


def expand(source: str) -> Expanded:
    """Expand every `@name(variable)` fragment in a query's text."""
    access: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        fragment = FRAGMENTS.get(match["name"])
        if fragment is None:
            raise AccessFragmentError(f"unknown access fragment @{match['name']} (known: "
                                      f"{', '.join('@' + name for name in sorted(FRAGMENTS))})")
        node, colon, label_text = (part.strip() for part in match["node"].partition(":"))
        if not IDENTIFIER.match(node):
            raise AccessFragmentError(f"@{fragment.name} takes one variable, not {match['node']!r}")
        if colon and not (fragment.takes_labels and LABELS.match(label_text)):
            raise AccessFragmentError(f"@{fragment.name} takes a variable and, for @visible only, labels "
                                      f"such as n:Report|Remains; not {match['node']!r}")
        if re.search(rf"\b{re.escape(end_variable(node))}\b", source):
            raise AccessFragmentError(f"the variable {end_variable(node)} is @visible's own")
        if fragment.needs:
            access.add(fragment.needs)
        return fragment.expand(node, tuple(label_text.split("|")) if label_text else ())

    text = FRAGMENT.sub(replace, source)
    if "@" in _code(text):
        raise AccessFragmentError("an '@' that is not an access fragment (@visible(n), @cleared(n), @agency_only(n))")
    return Expanded(text=text, access=frozenset(access))


def _code(text: str) -> str:
    """The text without string literals and comments, where an '@' may stand."""
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*", "", text)


def record_visible(properties: Mapping[str, Any], agency: str) -> bool:
    """The record rule in Python, for records already read (a node's properties)."""
    return properties.get(SHARING) != AGENCY_ONLY or properties.get(OWNER) == agency
