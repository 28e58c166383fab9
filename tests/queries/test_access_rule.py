"""The access rules are written once (queries/access.py) and every query the app runs applies them.

Static checks over the catalog; tests/web/test_access_differential.py proves the same against the
real graph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cypher_patterns import guarded, guards, node_patterns, taken_from_guarded_lists
from graphmodel.model import load_model
from queries import QueryCatalogError, load_catalog
from queries.access import ACCESS_KEYS, AGENCY, AccessFragmentError, expand, record_visible
from queries.catalog import parse_query

PROJECT = Path(__file__).resolve().parents[2]
# Packages that are not the product: their Cypher may name `sharing` freely (fixtures, benchmarks).
NOT_PRODUCT = {"tests", "bench", "docs", "scripts", ".venv", ".tracegraph", "test-artifacts"}
RULE_TEXT = re.compile(r"\.sharing\s*(?:IS\s+(?:NOT\s+)?NULL|<>|!=|=\s*['\"])", re.IGNORECASE)
CANDIDATE_STEPS = {"HAS_CANDIDATE", "PROPOSES"}


def app_queries() -> dict[str, object]:
    """Every query the web app may run: `web/db.py` runs only those that apply the agency rule."""
    return {name: query for name, query in load_catalog().items() if AGENCY in query.access}


def public_labels() -> set[str]:
    """Labels of nodes everyone may see: no provenance, and not a candidate or its review."""
    return {label for label, node in load_model().nodes.items() if not node.provenance} - {"Candidate", "Review"}


def unguarded(source: str) -> list[str]:
    """The node patterns of a query that read a record without `@visible`, or DNA without `@cleared`."""
    patterns = node_patterns(source)
    visible, cleared = guards(source, "visible"), guards(source, "cleared")
    from_lists = taken_from_guarded_lists(source, "visible")
    public = public_labels()

    covered: set[int] = set()  # positions of patterns known to apply the rule

    def fine(pattern) -> bool:
        return (pattern.start in covered or pattern.created or pattern.group_start
                or guarded(pattern, visible) or pattern.var in from_lists or pattern.possible <= public
                or any(other.start in covered and other.var == pattern.var
                       and pattern.scope[:len(other.scope)] == other.scope for other in patterns if other.var))

    def candidate_between_records(pattern) -> bool:
        # A candidate met between its report and its record is visible when both of them are.
        steps = {(pattern.left_step or "")[1:], (pattern.right_step or "")[1:]}
        return (pattern.possible <= {"Candidate"} and steps == CANDIDATE_STEPS
                and fine(pattern.left) and fine(pattern.right))

    def review_of_visible_candidate(pattern) -> bool:
        return pattern.possible <= {"Review"} and any(
            neighbour is not None and step and step[1:] == "REVIEW_OF" and fine(neighbour)
            for neighbour, step in ((pattern.left, pattern.left_step), (pattern.right, pattern.right_step)))

    while True:
        before = len(covered)
        covered |= {p.start for p in patterns
                    if fine(p) or candidate_between_records(p) or review_of_visible_candidate(p)}
        if len(covered) == before:
            break
    problems = []
    for pattern in patterns:
        if pattern.start not in covered:
            problems.append(f"{pattern.describe()} at {pattern.start} has no @visible")
        if ("DNAProfile" in pattern.possible and not pattern.created and not pattern.group_start
                and not guarded(pattern, cleared) and pattern.var not in taken_from_guarded_lists(source, "cleared")):
            problems.append(f"{pattern.describe()} at {pattern.start} may be a DNA profile and has no @cleared")
    return problems


def test_every_ui_query_is_an_app_query_that_applies_the_agency_rule():
    catalog = load_catalog()
    ui = {name for name in catalog if name.startswith("ui_")}
    assert ui and ui <= set(app_queries()), sorted(ui - set(app_queries()))
    for query in app_queries().values():
        agency = next(p for p in query.parameters if p.name == AGENCY)
        assert agency.type == "string" and agency.default is None, query.name


def product_files(suffixes: set[str]) -> list[Path]:
    return [path for path in PROJECT.rglob("*") if path.suffix in suffixes
            and path.relative_to(PROJECT).parts[0] not in NOT_PRODUCT]


def test_every_query_the_app_names_is_an_app_query():
    """The app's queries run through web/db.py (which refuses others) or, for a review, identify/review.py."""
    called = set()
    for path in product_files({".py"}):
        text = path.read_text(encoding="utf-8")
        called |= set(re.findall(r"db\.(?:read|read_records|write)\(\s*\"(\w+)\"", text))
        called |= set(re.findall(r"named_query\(\s*\"(ui_\w+)\"", text))
    assert len(called) >= 15
    assert called <= set(app_queries()), sorted(called - set(app_queries()))


@pytest.mark.parametrize("name", sorted(app_queries()))
def test_every_record_an_app_query_reads_is_guarded(name):
    query = load_catalog()[name]
    assert unguarded(query.source) == [], f"{name}: {unguarded(query.source)}"


def test_the_check_finds_a_missing_guard():
    leaky = [
        "MATCH (r:Report {uid: $uid})-[:REPORTED_MISSING]->(p:Person) WHERE @visible(r) RETURN p",
        "MATCH (r:Report) WHERE @visible(r) MATCH (r)<-[:KINSHIP_MATCH]-(d) WHERE @visible(d) RETURN d",
        "MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate)<-[:REVIEW_OF]-(v:Review) WHERE @visible(r) RETURN v",
        "CALL () { MATCH (n:Report) WHERE @visible(n) RETURN n UNION MATCH (n:Remains) RETURN n } RETURN n",
        "MATCH (a) WHERE elementId(a) = $id AND @visible(a) MATCH (a)-[]-(b) RETURN b",
        "MATCH (n) WHERE elementId(n) = $id AND @visible(n) RETURN n",
    ]
    for source in leaky:
        assert unguarded(source), source
    safe = [
        "MATCH (r:Report {uid: $uid})-[:REPORTED_MISSING]->(p:Person) WHERE @visible(r) AND @visible(p) RETURN p",
        "MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t) WHERE @visible(r) AND @visible(t) RETURN c",
        "MATCH (r:Report)-[:DEPARTED_FROM]->(place) WHERE @visible(r) RETURN place",
        "CALL () { MATCH (n:Report) RETURN n UNION MATCH (n:Remains) RETURN n } WITH n WHERE @visible(n) RETURN n",
        "MATCH (n) WHERE elementId(n) = $id AND @visible(n) AND @cleared(n) RETURN n",
    ]
    for source in safe:
        assert unguarded(source) == [], source


def test_the_rule_text_is_written_once():
    """No Cypher in the product tests `sharing` itself: only queries/access.py writes the rule."""
    copies = []
    for path in product_files({".py", ".cypher"}):
        relative = path.relative_to(PROJECT)
        if relative == Path("queries/access.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RULE_TEXT.search(line):
                copies.append(f"{relative}:{number}: {line.strip()}")
    assert copies == []


def test_fragments_expand_to_the_rule_and_name_what_they_need():
    expanded = expand("MATCH (n) WHERE @visible(n) AND @cleared( n ) RETURN n")
    assert expanded.access == {"agency", "dna_cleared"}
    assert "(CASE WHEN n.sharing = 'agency' THEN n.agency = $agency ELSE true END)" in expanded.text
    assert "($dna_cleared OR NOT n:DNAProfile)" in expanded.text
    assert "@" not in expanded.text
    assert ACCESS_KEYS == {"agency", "dna_cleared"}
    # Named labels: the record rule and the label test, no candidate subquery; a linking label keeps it.
    labelled = expand("MATCH (v) WHERE @visible(v:Voyage|Incident) RETURN v").text
    assert labelled == ("MATCH (v) WHERE (v:Voyage|Incident AND (CASE WHEN v.sharing = 'agency' "
                        "THEN v.agency = $agency ELSE true END)) RETURN v")
    assert "EXISTS" in expand("MATCH (c) WHERE @visible(c:Candidate) RETURN c").text
    for bad, message in (("@visble(n)", "unknown access fragment"), ("@visible(n.uid)", "takes one variable"),
                         ("@cleared(n:DNAProfile)", "for @visible only"), ("@visible(n:)", "labels such as"),
                         ("@visible(n) AND n_access_end", "@visible's own"), ("n.email = 'a@b'  AND n @ 1", "'@'")):
        with pytest.raises(AccessFragmentError, match=message):
            expand(f"MATCH (n) WHERE {bad} RETURN n")
    assert "a@b" in expand("MATCH (n) WHERE n.email = 'a@b' RETURN n").text


def test_a_query_that_applies_a_rule_declares_its_parameter():
    header = "// name: q\n// title: t\n// description: d\n// mode: read\n// shown: ui\n"
    with pytest.raises(QueryCatalogError, match="declares no parameter agency"):
        parse_query("q.cypher", header + "MATCH (n) WHERE @visible(n) RETURN n")
    with pytest.raises(QueryCatalogError, match="may have no default"):
        parse_query("q.cypher", header + "// param: agency: string = null ; example: A\n"
                    "MATCH (n) WHERE @visible(n) RETURN n")
    with pytest.raises(QueryCatalogError, match="discloses line"):
        parse_query("q.cypher", header + "// param: agency: string ; example: A\n// discloses: hidden\nRETURN 1")
    query = parse_query("q.cypher", header + "// param: agency: string ; example: A\n"
                        "// discloses: hidden ; whether anything is hidden\nMATCH (n) WHERE @visible(n) RETURN n")
    assert query.access == {"agency"} and query.discloses[0].column == "hidden"
    assert "@visible(n)" in query.source and "@" not in query.text


def test_the_python_rule_agrees_with_the_cypher_one():
    assert record_visible({"sharing": "partners", "agency": "B"}, "A")
    assert record_visible({"agency": "B"}, "A")
    assert record_visible({"sharing": "agency", "agency": "A"}, "A")
    assert not record_visible({"sharing": "agency", "agency": "B"}, "A")
    assert not record_visible({"sharing": "agency"}, "A")


def test_the_app_refuses_a_query_without_the_rule_and_access_it_does_not_declare():
    from queries.catalog import app_query
    with pytest.raises(QueryCatalogError, match="does not apply the agency rule"):
        app_query("graph_overview", {})
    with pytest.raises(QueryCatalogError, match="takes no access key dna_cleared"):
        app_query("ui_case_report", {"uid": "AAA:R1", "agency": "AAA", "dna_cleared": True})
    with pytest.raises(QueryCatalogError, match="takes no parameter limit"):
        app_query("ui_case_report", {"uid": "AAA:R1", "agency": "AAA", "limit": 3})
    with pytest.raises(QueryCatalogError, match="applies the access rules on agency"):
        app_query("ui_case_report", {"uid": "AAA:R1"})
    with pytest.raises(QueryCatalogError, match="applies the access rules on agency, dna_cleared"):
        app_query("ui_expand_counts", {"id": "4:x:1"})
    query, bound = app_query("ui_case_report", {"uid": "AAA:R1", "agency": "AAA"})
    assert bound == {"uid": "AAA:R1", "agency": "AAA"} and "@" not in query.text
