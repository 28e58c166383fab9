"""The node patterns of a named query's text, for checking that each one applies the access rules.

Not a Cypher parser: it finds what the named queries write, `(var:Label {..} WHERE ..)` joined by
`-[:TYPE]->` steps, and tells for each node pattern which labels it can match (its own, narrowed by
the graph model's relationship ends) and whether an access fragment guards it. A fragment guards a
variable in its own scope and the scopes nested in it: a subquery (`CALL {..}`, `EXISTS {..}`,
`COUNT {..}`, `COLLECT {..}`) and each branch of a `UNION` are scopes of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphmodel.model import load_model

IDENT = r"[A-Za-z_]\w*"
NODE = re.compile(rf"^\s*(?P<var>{IDENT})?\s*(?P<labels>(?::\s*{IDENT}\s*(?:[|&:]\s*{IDENT}\s*)*)?)"
                  r"(?P<props>\{.*\})?\s*(?P<where>WHERE\b.*)?$", re.DOTALL)
STEP = re.compile(r"^\s*(?P<left><)?-\s*(?:\[(?P<rel>[^\]]*)\])?\s*(?:\{\d*,?\d*\}|[*+])?\s*-(?P<right>>)?\s*$")
SUBQUERY_OPENER = re.compile(r"(?:\b(?:EXISTS|COUNT|COLLECT|CALL)|\bCALL\s*\([^()]*\))\s*$", re.IGNORECASE)
FRAGMENT = re.compile(rf"@(?P<name>visible|cleared)\(\s*(?P<var>{IDENT})\s*(?::\s*[\w|]+\s*)?\)")


@dataclass
class NodePattern:
    var: str | None
    labels: frozenset[str]
    start: int
    end: int
    scope: tuple[tuple[int, int], ...]
    # The first node of a quantified group, `((n)-[..]-(m)){1,6}`: the node before the group, or the
    # previous repetition's last node, stands in it.
    group_start: bool = False
    # In a CREATE clause: a node written, not read.
    created: bool = False
    possible: set[str] = field(default_factory=set)
    left_step: str | None = None
    right_step: str | None = None
    left: NodePattern | None = None
    right: NodePattern | None = None

    def describe(self) -> str:
        labels = "".join(f":{label}" for label in sorted(self.labels))
        return f"({self.var or ''}{labels})"


def _blank(text: str) -> str:
    """The text with comments and string literals blanked out, keeping every offset."""
    def spaces(match: re.Match[str]) -> str:
        return " " * len(match.group(0))
    text = re.sub(r"//[^\n]*", spaces, text)
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", spaces, text)


def _scopes(text: str) -> list[tuple[tuple[int, int], ...]]:
    """For each offset, the path of (subquery, branch) scopes it lies in; the top level is (0, branch)."""
    paths: list[tuple[tuple[int, int], ...]] = []
    stack: list[list[int] | None] = [[0, 0]]  # None marks a brace that is a map, not a subquery
    block = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char == "{":
            if SUBQUERY_OPENER.search(text[:position]):
                block += 1
                stack.append([block, 0])
            else:
                stack.append(None)
        elif char == "}" and len(stack) > 1:
            stack.pop()
        elif (re.match(r"\bUNION\b", text[position:position + 6])
              and (position == 0 or not text[position - 1].isalnum())):
            innermost = next(level for level in reversed(stack) if level is not None)
            innermost[1] += 1
        paths.append(tuple((level[0], level[1]) for level in stack if level is not None))
        position += 1
    return paths


def _closing(text: str, opening: int) -> int:
    depth = 0
    for position in range(opening, len(text)):
        if text[position] == "(":
            depth += 1
        elif text[position] == ")":
            depth -= 1
            if depth == 0:
                return position
    raise ValueError(f"unbalanced parenthesis at {opening}")


def node_patterns(source: str) -> list[NodePattern]:
    """Every node pattern in a query's text (with its fragments unexpanded), in order."""
    text = _blank(source)
    scopes = _scopes(text)
    found: list[NodePattern] = []
    for opening in (m.start() for m in re.finditer(r"\(", text)):
        adjacent = text[opening - 1] if opening else " "
        before = text[:opening].rstrip()
        if adjacent.isalnum() or adjacent in "_@." or re.search(r"\bCALL$", before, re.IGNORECASE):
            continue  # a function call, a fragment, or a subquery's imported variables
        closing = _closing(text, opening)
        match = NODE.match(text[opening + 1:closing])
        if not match or (match["var"] or "").upper() in {"NOT", "TRUE", "FALSE", "NULL"}:
            continue
        labels = frozenset(re.findall(IDENT, match["labels"] or ""))
        clauses = re.findall(r"\b(MATCH|CREATE|MERGE|WITH|RETURN|UNWIND|WHERE|SET|REMOVE|DELETE|UNION)\b",
                             before, re.IGNORECASE)
        found.append(NodePattern(match["var"], labels, opening, closing, scopes[opening],
                                 group_start=before.endswith("("),
                                 created=bool(clauses) and clauses[-1].upper() == "CREATE"))
    for left, right in zip(found, found[1:]):
        step = STEP.match(text[left.end + 1:right.start])
        if step:
            rel = step["rel"] or ""
            types = rel.split(":", 1)[1] if ":" in rel else ""
            types = re.sub(r"[*{].*$", "", types).strip()
            direction = "<" if step["left"] else ">" if step["right"] else "-"
            left.right_step = right.left_step = f"{direction}{types}"
            left.right, right.left = right, left
    _infer_labels(found)
    return found


def _infer_labels(patterns: list[NodePattern]) -> None:
    """What each pattern can match: its labels, narrowed by the ends its relationships allow.

    Occurrences of one variable narrow each other; a variable's scope is the outermost scope it
    appears in, so the same name in two branches of a UNION is two variables.
    """
    model = load_model()
    every = set(model.nodes)
    for pattern in patterns:
        possible = set(pattern.labels) if pattern.labels else set(every)
        for step, this_end_is_left in ((pattern.right_step, True), (pattern.left_step, False)):
            if not step or not step[1:]:
                continue
            direction, types = step[0], [t.strip() for t in step[1:].split("|") if t.strip()]
            allowed: set[str] = set()
            for name in types:
                relationship = model.relationships.get(name)
                if relationship is None:
                    allowed = set(every)
                    break
                if direction == "-":
                    allowed |= set(relationship.sources) | set(relationship.targets)
                elif (direction == ">") == this_end_is_left:
                    allowed |= set(relationship.sources)
                else:
                    allowed |= set(relationship.targets)
            possible &= allowed
        pattern.possible = possible
    by_variable: dict[tuple[str, tuple[tuple[int, int], ...]], set[str]] = {}
    identities: list[tuple[str, tuple[tuple[int, int], ...]] | None] = []
    for pattern in patterns:
        if pattern.var is None:
            identities.append(None)
            continue
        outer = min((other.scope for other in patterns
                     if other.var == pattern.var and pattern.scope[:len(other.scope)] == other.scope), key=len)
        identity = (pattern.var, outer)
        identities.append(identity)
        by_variable[identity] = by_variable.get(identity, set(every)) & pattern.possible
    for pattern, identity in zip(patterns, identities):
        if identity is not None:
            pattern.possible = by_variable[identity]
        if not pattern.possible:
            pattern.possible = set(every)  # a contradiction is read as "anything", never as "nothing"


def guards(source: str, fragment: str) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """Where `@fragment(var)` stands: each variable with the scope path of the fragment."""
    text = _blank(source)
    scopes = _scopes(text)
    return [(m["var"], scopes[m.start()]) for m in FRAGMENT.finditer(text) if m["name"] == fragment]


def guarded(pattern: NodePattern, fragment_guards: list[tuple[str, tuple[tuple[int, int], ...]]]) -> bool:
    """Whether a fragment on the pattern's variable stands in its scope or one around it."""
    return pattern.var is not None and any(
        var == pattern.var and pattern.scope[:len(scope)] == scope for var, scope in fragment_guards)


def taken_from_guarded_lists(source: str, fragment: str) -> set[str]:
    """Variables that stand for members of a list collected from guarded nodes
    (`collect(n) AS nodes ... UNWIND nodes AS a`, `... WHERE b IN nodes`)."""
    text = _blank(source)
    guarded_vars = {var for var, _ in guards(source, fragment)}
    lists = {m["list"] for m in re.finditer(rf"collect\(\s*(?P<var>{IDENT})\s*\)\s+AS\s+(?P<list>{IDENT})", text,
                                            re.IGNORECASE) if m["var"] in guarded_vars}
    members = {m["var"] for m in re.finditer(rf"UNWIND\s+(?P<list>{IDENT})\s+AS\s+(?P<var>{IDENT})", text,
                                             re.IGNORECASE) if m["list"] in lists}
    members |= {m["var"] for m in re.finditer(rf"\b(?P<var>{IDENT})\s+IN\s+(?P<list>{IDENT})\b", text)
                if m["list"] in lists}
    return members
