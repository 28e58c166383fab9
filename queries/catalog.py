"""Loads and validates the named queries shipped in this package.

Each `.cypher` file starts with a header of `// key: value` lines:

    // name: graph_overview              (must equal the file name without .cypher)
    // title: What the graph holds
    // description: Number of nodes of each label.
    // mode: read                         (read or write)
    // shown: ui, cli                     (where it is offered: ui, cli, engine)
    // category: The graph                (optional: the analysts' library lists a query with one, under it)
    // param: label: string = Report ; example: Remains ; the label to count
    // param: agency: string = null ; example: ICRC ; `null` as a default means "any"
    // graph: yes                         (optional: the result holds nodes or paths worth drawing)
    // discloses: hidden_conflicts ; how many conflicts lie in records the user may not see

A `param` line is `name: type [= default] [; example: value] [; description]`, with type one of
string, integer, float, boolean, date, list. The query text follows the header.

The text applies the access rules through fragments the catalog expands (`queries/access.py`):
`@visible(n)` (the user's agency may see n; `@visible(n:Report)` also tests the label),
`@cleared(n)` (n is no DNA profile, or the user is DNA-cleared) and `@agency_only(n)` (a cheap
first test: n is a record its agency keeps to itself). A query that uses one declares its
parameter: `agency` (with no default: a query that applies the rule never runs without an agency)
or `dna_cleared`. A `discloses` line names a result column that says something, on purpose, about
records the user may not see (a count, a yes or no), and what it says; every other column depends
on the visible records alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .access import ACCESS_KEYS, AGENCY, AccessFragmentError, expand

PARAMETER_TYPES = {"string", "integer", "float", "boolean", "date", "list"}
REQUIRED_KEYS = {"name", "title", "description", "mode", "shown"}


class QueryCatalogError(ValueError):
    """A named query file whose header is not valid, or a parameter value that does not fit."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    example: str | None
    description: str

    def convert(self, raw: Any) -> Any:
        """A value given as text (CLI, form) converted to the declared type."""
        if raw is None or not isinstance(raw, str):
            return raw
        try:
            if self.type == "integer":
                return int(raw)
            if self.type == "float":
                return float(raw)
            if self.type == "boolean":
                if raw.lower() not in {"true", "false", "yes", "no", "1", "0"}:
                    raise ValueError(raw)
                return raw.lower() in {"true", "yes", "1"}
            if self.type == "list":
                return [part.strip() for part in raw.split(",") if part.strip()]
        except ValueError:
            raise QueryCatalogError(f"parameter {self.name} must be {self.type}, not {raw!r}") from None
        return raw


@dataclass(frozen=True)
class Disclosure:
    """A result column that says something, on purpose, about records the user may not see."""

    column: str
    what: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    mode: str
    shown: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    graph: bool
    text: str
    # The library's heading it is listed under; empty: an internal query (a page's), not in the library.
    category: str = ""
    # The text as written, with its access fragments; `text` is what runs.
    source: str = ""
    # The access keys (queries.access.ACCESS_KEYS) its fragments read.
    access: frozenset[str] = frozenset()
    discloses: tuple[Disclosure, ...] = ()

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters for a run: the given values converted, defaults for the others."""
        known = {p.name: p for p in self.parameters}
        if unknown := set(given) - set(known):
            raise QueryCatalogError(f"query {self.name} has no parameter {', '.join(sorted(unknown))}")
        bound: dict[str, Any] = {}
        for parameter in self.parameters:
            if parameter.name in given:
                bound[parameter.name] = parameter.convert(given[parameter.name])
            elif parameter.default == "null":
                bound[parameter.name] = None
            elif parameter.default is None:
                raise QueryCatalogError(f"query {self.name} needs parameter {parameter.name}")
            else:
                bound[parameter.name] = parameter.convert(parameter.default)
        return bound


def _parse_parameter(source: str, text: str) -> Parameter:
    head, *rest = [part.strip() for part in text.split(";")]
    name, _, type_and_default = head.partition(":")
    type_name, _, default = type_and_default.partition("=")
    type_name = type_name.strip()
    if type_name not in PARAMETER_TYPES:
        raise QueryCatalogError(f"{source}: parameter {name.strip()!r} has unknown type {type_name!r}")
    example = None
    description = ""
    for part in rest:
        if part.startswith("example:"):
            example = part.removeprefix("example:").strip()
        else:
            description = part
    return Parameter(name=name.strip(), type=type_name, default=default.strip() or None,
                     example=example, description=description)


def parse_query(source: str, content: str) -> NamedQuery:
    """Parse one named query file's content; `source` names it in errors."""
    header: dict[str, str] = {}
    parameters: list[Parameter] = []
    discloses: list[Disclosure] = []
    body: list[str] = []
    for line in content.splitlines():
        if not body and line.startswith("//"):
            key, sep, value = line.removeprefix("//").strip().partition(":")
            if not sep:
                continue
            key = key.strip()
            if key == "param":
                parameters.append(_parse_parameter(source, value.strip()))
            elif key == "discloses":
                column, _, what = (part.strip() for part in value.partition(";"))
                if not column or not what:
                    raise QueryCatalogError(f"{source}: a discloses line is `column ; what it says`")
                discloses.append(Disclosure(column, what))
            else:
                header[key] = value.strip()
        elif line.strip() or body:
            body.append(line)
    if missing := REQUIRED_KEYS - header.keys():
        raise QueryCatalogError(f"{source}: header lacks {', '.join(sorted(missing))}")
    if header["mode"] not in {"read", "write"}:
        raise QueryCatalogError(f"{source}: mode must be read or write, not {header['mode']!r}")
    written = "\n".join(body).strip()
    if not written:
        raise QueryCatalogError(f"{source}: no query text after the header")
    try:
        expanded = expand(written)
    except AccessFragmentError as error:
        raise QueryCatalogError(f"{source}: {error}") from None
    declared = {parameter.name: parameter for parameter in parameters}
    for key in sorted(expanded.access):
        if key not in declared:
            raise QueryCatalogError(f"{source}: applies an access rule on ${key} but declares no parameter {key}")
    if AGENCY in expanded.access and declared[AGENCY].default is not None:
        raise QueryCatalogError(f"{source}: applies the agency rule, so parameter {AGENCY} may have no default")
    return NamedQuery(
        name=header["name"], title=header["title"], description=header["description"],
        mode=header["mode"], shown=tuple(s.strip() for s in header["shown"].split(",") if s.strip()),
        parameters=tuple(parameters), graph=header.get("graph", "no").lower() in {"yes", "true"},
        text=expanded.text, source=written, access=expanded.access, discloses=tuple(discloses),
        category=header.get("category", ""),
    )


@lru_cache(maxsize=1)
def load_catalog() -> dict[str, NamedQuery]:
    """Every named query shipped in `queries/`, validated, by name."""
    catalog: dict[str, NamedQuery] = {}
    for entry in sorted(resources.files("queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".cypher"):
            continue
        query = parse_query(entry.name, entry.read_text(encoding="utf-8"))
        if query.name != entry.name.removesuffix(".cypher"):
            raise QueryCatalogError(f"{entry.name}: header name {query.name!r} differs from the file name")
        catalog[query.name] = query
    return catalog


def named_query(name: str) -> NamedQuery:
    """One named query; an unknown name is a clear error."""
    try:
        return load_catalog()[name]
    except KeyError:
        raise QueryCatalogError(f"there is no named query {name!r}: `tracegraph query --list` shows them") from None


def app_query(name: str, params: dict[str, Any]) -> tuple[NamedQuery, dict[str, Any]]:
    """The named query and its bound parameters, when an app (the web app, the case reader) may run
    it with these.

    Only queries that apply the agency rule run there (tests/queries/test_access_rule.py proves that
    each applies it to every record it reads). Every access key given must be one the query declares,
    and every access key its rules read must be given: a key is never dropped nor defaulted on the
    way, so a query cannot silently run without the access it was handed or with less than it needs.
    """
    query = named_query(name)
    if AGENCY not in query.access:
        raise QueryCatalogError(f"query {name} does not apply the agency rule (@visible), so the app does not run it")
    declared = {parameter.name for parameter in query.parameters}
    if unknown := sorted(key for key in params if key not in declared):
        kind = "access key" if set(unknown) <= ACCESS_KEYS else "parameter"
        raise QueryCatalogError(f"query {name} takes no {kind} {', '.join(unknown)}")
    if missing := sorted(query.access - params.keys()):
        raise QueryCatalogError(f"query {name} applies the access rules on {', '.join(missing)}: give the user's")
    return query, query.bind(params)
