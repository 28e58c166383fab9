"""The agency rule, proven differentially: every query the app runs gives a user of agency AAA the
same answer on two graphs that differ only in agency BBB's restricted (`sharing = 'agency'`) records.

The first graph is the crafted one. The second adds, for every record AAA may see, a restricted
BBB twin with the same names, dates and (extended) identifiers, tied to the visible graph by every
relationship the original has, and restricted candidates and reviews between visible and hidden
records; it also changes every property of the restricted records the first graph already holds.
Each query runs, with the same inputs, on the second graph and then on the first one (restored in
place, so the visible nodes keep their element ids); the answers must be equal, except a column
the query's header declares it `discloses` (a count, a yes or no, on purpose), and shortest paths,
which are compared by their lengths and the nodes they may step on (see ONE_PATH_A_ROW).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from flask import Flask
from neo4j.graph import Node, Path, Relationship

from graphmodel.model import load_model
from graphmodel.store import Store
from identify import review as rules
from inquiries import statuses as inquiry_statuses
from queries import load_catalog
from queries.access import AGENCY, DNA_CLEARED
from web import db, name_search

VIEWER, HIDDEN = "AAA", "BBB"
USERS = ({AGENCY: VIEWER, DNA_CLEARED: True}, {AGENCY: VIEWER, DNA_CLEARED: False})
# Relationships a candidate or a review hangs by: the second graph adds whole candidates instead.
CANDIDATE_LINKS = {"HAS_CANDIDATE", "PROPOSES", "REVIEW_OF"}
KEEP = {"uid", "agency", "sharing"}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Among paths of one length, SHORTEST takes them in the order the store keeps relationships, which
# any write changes: for these the answer must hold as many paths of each length, none through a
# node the first graph lacks (the query's column of one path a row, or of a list of paths).
ONE_PATH_A_ROW = {"ui_paths": "p"}
PATH_LISTS = {"ui_graph_case": "chains"}
# The same, for chains given as plain maps {nodes: [{key, label, properties}], links}.
CHAIN_LISTS = {"ui_case_chains": "chains"}
RECORD_LABELS = ("Report", "Person", "Sighting", "Voyage", "Incident", "Remains", "DNAProfile")


def app_queries() -> dict[str, Any]:
    return {name: q for name, q in load_catalog().items() if AGENCY in q.access}


# --- the second graph -------------------------------------------------------------------------

def _twin_properties(props: dict[str, Any], uid: str) -> dict[str, Any]:
    twin = {**props, "uid": uid, "agency": HIDDEN, "sharing": "agency"}
    for key in ("record_id", "case_number", "sample_id", "registration"):
        if isinstance(props.get(key), str):
            twin[key] = props[key] + "-T"  # the visible one's identifier is a prefix of the twin's
    return twin


def _changed(props: dict[str, Any]) -> dict[str, Any]:
    changed = {}
    for key, value in props.items():
        if key in KEEP:
            changed[key] = value
        elif isinstance(value, bool):
            changed[key] = not value
        elif isinstance(value, (int, float)):
            changed[key] = value + 1
        elif isinstance(value, str):
            changed[key] = value + " changed"
        elif isinstance(value, list):
            changed[key] = [*value, value[0]] if value else ["changed"]
        else:
            changed[key] = value
    return changed


def add_restricted_records(store: Store) -> dict[str, dict[str, Any]]:
    """Turn the crafted graph into the second graph; the properties to restore, by element id."""
    records = {label for label, node in load_model().nodes.items() if node.provenance}
    nodes = store.read("MATCH (n) RETURN elementId(n) AS id, labels(n)[0] AS label, properties(n) AS props")
    hidden_before = [n for n in nodes if n["props"].get("sharing") == "agency" and n["props"].get("agency") != VIEWER]
    touched = store.read("MATCH (c:Candidate)-[:HAS_CANDIDATE|PROPOSES]-(end) WHERE end.sharing = 'agency' "
                         "AND end.agency <> $viewer RETURN DISTINCT elementId(c) AS id, properties(c) AS props",
                         {"viewer": VIEWER})
    restore = {n["id"]: n["props"] for n in [*hidden_before, *touched]}
    for element_id, props in restore.items():
        store.write("MATCH (n) WHERE elementId(n) = $id SET n = $props", {"id": element_id, "props": _changed(props)})

    twins: dict[str, str] = {}  # element id of a visible record -> uid of its restricted twin
    for node in nodes:
        if node["label"] in records and node["id"] not in restore:
            uid = f"{HIDDEN}:twin-{node['props']['uid']}"
            twins[node["id"]] = uid
            store.write(f"CREATE (t:{node['label']}) SET t = $props",  # labels come from the model
                        {"props": {**_twin_properties(node["props"], uid), "probe": True}})
    for rel in store.read("MATCH (a)-[r]->(b) RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, "
                          "properties(r) AS props"):
        if rel["type"] in CANDIDATE_LINKS:
            continue
        for a_twin, b_twin in ((True, False), (False, True), (True, True)):
            if (a_twin and rel["a"] not in twins) or (b_twin and rel["b"] not in twins):
                continue
            store.write(
                f"MATCH (a), (b) WHERE (CASE WHEN $a_uid IS NULL THEN elementId(a) = $a ELSE a.uid = $a_uid END) "
                f"AND (CASE WHEN $b_uid IS NULL THEN elementId(b) = $b ELSE b.uid = $b_uid END) "
                f"CREATE (a)-[r:{rel['type']}]->(b) SET r = $props",
                {"a": rel["a"], "b": rel["b"], "props": rel["props"],
                 "a_uid": twins[rel["a"]] if a_twin else None, "b_uid": twins[rel["b"]] if b_twin else None})
    for candidate in store.read("MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t) "
                                "RETURN elementId(r) AS r, r.uid AS r_uid, elementId(t) AS t, t.uid AS t_uid, "
                                "properties(c) AS props"):
        for r_twin, t_twin in ((True, False), (False, True), (True, True)):
            report = twins.get(candidate["r"]) if r_twin else candidate["r_uid"]
            target = twins.get(candidate["t"]) if t_twin else candidate["t_uid"]
            if report is None or target is None or (report, target) == (candidate["r_uid"], candidate["t_uid"]):
                continue
            uid = f"{report}->{target}"
            store.write(
                "MATCH (r:Report {uid: $report}), (t {uid: $target}) "
                "CREATE (r)-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(t) "
                "SET c = $props "
                "CREATE (:Review {uid: $uid + '#review:probe', decision: 'confirmed', from_status: 'under_review', "
                "to_status: 'confirmed', reviewer: 'bbb-reviewer', reason: 'restricted', at: datetime(), "
                "probe: true})-[:REVIEW_OF]->(c)",
                {"report": report, "target": target, "uid": uid,
                 "props": {**candidate["props"], "uid": uid, "band": "strong", "review_status": "confirmed",
                           "probe": True}})
    return restore


def remove_restricted_records(store: Store, restore: dict[str, dict[str, Any]]) -> None:
    """Back to the crafted graph, in place: the visible nodes keep their element ids."""
    store.write("MATCH (n) WHERE n.probe DETACH DELETE n")
    for element_id, props in restore.items():
        store.write("MATCH (n) WHERE elementId(n) = $id SET n = $props", {"id": element_id, "props": props})


# --- what the app is asked ----------------------------------------------------------------------

class Universe:
    """The inputs a user could give, taken from the second graph: every id, key and text in it."""

    def __init__(self, store: Store) -> None:
        rows = store.read("MATCH (n) RETURN elementId(n) AS id, labels(n)[0] AS label, properties(n) AS props "
                          "ORDER BY id")
        self.ids = [row["id"] for row in rows] + ["4:00000000-0000-0000-0000-000000000000:999999"]
        self.entities = [(row["label"], row["props"].get("uid") or row["props"].get("code")
                          or row["props"].get("name")) for row in rows]
        self.reports = [row["props"]["uid"] for row in rows if row["label"] == "Report"] + ["AAA:nothing"]
        candidates = store.read("MATCH (r:Report)-[:HAS_CANDIDATE]->(c:Candidate) RETURN c.uid AS uid, "
                                "r.uid AS report ORDER BY uid")
        self.candidates = [(row["uid"], row["report"]) for row in candidates]
        self.reviews = [row["uid"] for row in store.read("MATCH (v:Review) RETURN v.uid AS uid ORDER BY uid")]
        self.names = sorted({row["props"]["full_name"] for row in rows if row["props"].get("full_name")})
        texts: set[str] = set()
        for row in rows:
            for key in ("uid", "record_id", "case_number", "vessel_name", "registration", "name", "sample_id"):
                if isinstance(value := row["props"].get(key), str) and value:
                    texts |= {value, value[:2]}
            for key in ("reported_on", "departure_date", "recovery_date", "date"):
                if isinstance(value := row["props"].get(key), str) and value:
                    texts |= {value, value[:7], value[:4]}
        self.texts = sorted(texts)
        self.anchors = [row["id"] for row in rows if row["props"].get("uid") in {"AAA:R1", "AAA:V1"}]


# The search filters, each on its own: an agency's, a year, a status.
NARROWED = [{"in_agency": "BBB"}, {"year": "2016"}, {"status": "believed_missing"}]
RECIPES: dict[str, Callable[[Universe], Iterable[dict[str, Any]]]] = {
    "ui_candidate": lambda u: [{"uid": uid} for uid, _ in u.candidates],
    "ui_case_candidates": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_case_chains": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_case_records": lambda u: [{"keys": [{"label": label, "uid": key} for label, key in u.entities
                                            if label in RECORD_LABELS]}]
                                 + [{"keys": [{"label": label, "uid": key}]} for label, key in u.entities
                                    if label in RECORD_LABELS],
    "ui_case_dna": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_case_family": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_case_places": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_case_report": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_case_timeline": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_inquiry_duplicates": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_inquiry_people": lambda u: [{"uid": uid} for uid in u.reports],
    "ui_inquiry_queue": lambda u: [
        {"statuses": list(inquiry_statuses.STATUSES), "duplicates_only": only, "limit": limit}
        for only in (False, True) for limit in (200, 1)],
    "ui_entity_node": lambda u: [{"label": label, "key": key} for label, key in u.entities],
    "ui_expand": lambda u: [{"id": i, "types": [], "skip": skip, "limit": limit}
                            for i in u.ids for skip, limit in ((0, 1000), (1, 2))]
                           + [{"id": i, "types": ["BOARDED", "RECOVERED_FROM"], "skip": 0, "limit": 1000}
                              for i in u.anchors],
    "ui_expand_counts": lambda u: [{"id": i} for i in u.ids],
    "ui_graph_case": lambda u: [{"report_uid": report, "candidate_uid": uid} for uid, report in u.candidates],
    "ui_node_by_id": lambda u: [{"ids": [i]} for i in u.ids] + [{"ids": u.ids}],
    "ui_paths": lambda u: [{"from_id": u.anchors[0], "to_id": b, "paths": 5} for b in u.ids]
                          + [{"from_id": b, "to_id": u.anchors[0], "paths": 5} for b in u.ids],
    "ui_review_apply": lambda u: [{"candidate_uid": uid} for uid, _ in u.candidates],
    "ui_review_status": lambda u: [{"candidate_uid": uid, "review_uid": review}
                                   for uid, _ in u.candidates for review in [f"{uid}#review:probe", *u.reviews[:3]]],
    "ui_search_people": lambda u: [{"lucene": name_search.lucene_query(text), "keys": name_search.name_keys(text),
                                    "limit": 25} for text in u.names if name_search.lucene_query(text)]
                         + [{"lucene": name_search.lucene_query(text), "keys": name_search.name_keys(text),
                             "limit": 25, "scan": 500, **narrowed}
                            for text in u.names[:3] if name_search.lucene_query(text) for narrowed in NARROWED],
    "ui_search_records": lambda u: [{"text": text, "lucene": name_search.lucene_query(text) or "",
                                     "date": text if ISO_DATE.match(text) else "",
                                     "limit": limit} for text in u.texts for limit in (20, 2)]
                          + [{"text": text, "lucene": name_search.lucene_query(text) or "", "date": "",
                              "limit": 500, **narrowed} for text in u.texts[:3] for narrowed in NARROWED],
    "ui_search_choices": lambda u: [{}],
    "ui_agencies": lambda u: [{}],
}


def plain(value: Any) -> Any:
    """A value from the driver as plain data that compares equal across runs on the same nodes."""
    if isinstance(value, Node):
        return ("node", value.element_id, sorted(value.labels), plain(dict(value)))
    if isinstance(value, Relationship):
        return ("rel", value.element_id, value.type, value.start_node.element_id, value.end_node.element_id,
                plain(dict(value)))
    if isinstance(value, Path):
        return ("path", [plain(n) for n in value.nodes], [plain(r) for r in value.relationships])
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def decide(candidate_uid: str, agency: str) -> tuple[Any, ...]:
    """What recording a decision does, the way the review page records it (then undone)."""
    decision = rules.plan(candidate_uid, "proposed", "under_review", "probe", "differential check", "probe-token")
    store = db.get_store()
    before = store.read("MATCH (c:Candidate {uid: $uid}) RETURN properties(c) AS props", {"uid": candidate_uid})
    try:
        outcome: tuple[Any, ...] = ("recorded", rules.record(store, decision, agency))
    except rules.ReviewRefused as refused:
        outcome = ("refused", str(refused))
    store.write("MATCH (v:Review {uid: $uid}) DETACH DELETE v", {"uid": decision.review_uid})
    for row in before:
        store.write("MATCH (c:Candidate {uid: $uid}) SET c = $props", {"uid": candidate_uid, "props": row["props"]})
    return outcome


def shortest(paths: list[Path], known: set[str]) -> tuple[Any, ...]:
    """Shortest paths as what must not change: how many of each length, and none through a new node."""
    return ("shortest paths", sorted(len(path.relationships) for path in paths),
            all(node.element_id in known for path in paths for node in path.nodes))


def shortest_chains(chains: list[dict[str, Any]]) -> tuple[Any, ...]:
    """Chains given as maps, compared as `shortest` compares paths: how many of each length, and none
    through a record the viewer's agency may not see."""
    return ("shortest chains", sorted(len(chain["links"]) for chain in chains),
            not any(node["properties"].get("sharing") == "agency" and node["properties"].get("agency") == HIDDEN
                    for chain in chains for node in chain["nodes"]))


def answers(universe: Universe, known: set[str]) -> dict[tuple[str, int, int], Any]:
    """Every app query's answer to every input, for each user; `known` are the first graph's nodes."""
    found: dict[tuple[str, int, int], Any] = {}
    for name, query in sorted(app_queries().items()):
        declared = {p.name for p in query.parameters}
        disclosed = {d.column for d in query.discloses}
        for user_number, user in enumerate(USERS):
            access = {key: value for key, value in user.items() if key in declared}
            if access in [{k: v for k, v in other.items() if k in declared} for other in USERS[:user_number]]:
                continue  # the same access as a user already asked
            for input_number, params in enumerate(RECIPES[name](universe)):
                key = (name, user_number, input_number)
                if name == "ui_review_apply":
                    found[key] = decide(params["candidate_uid"], user[AGENCY])
                    continue
                records = db.read_records(name, **params, **access)
                if name in ONE_PATH_A_ROW:
                    found[key] = (params, [{"paths": shortest([r[ONE_PATH_A_ROW[name]] for r in records], known)}])
                    continue
                rows = [{column: shortest(value, known) if column == PATH_LISTS.get(name)
                         else shortest_chains(value) if column == CHAIN_LISTS.get(name) else plain(value)
                         for column, value in record.items() if column not in disclosed} for record in records]
                # A disclosed column may order the rows (a relevance score): then only the rows count.
                found[key] = (params, sorted(rows, key=repr) if disclosed else rows)
    return found


def brief(value: Any) -> Any:
    """A plain value with each node shown by its key, for a readable failure."""
    if isinstance(value, tuple) and value and value[0] == "node":
        return value[3].get("uid") or value[3].get("name") or value[1]
    if isinstance(value, tuple) and value and value[0] == "rel":
        return value[2]
    if isinstance(value, tuple) and value and value[0] == "path":
        return "-".join(str(brief(node)) for node in value[1])
    if isinstance(value, dict):
        return {key: brief(item) for key, item in value.items()}
    if isinstance(value, list):
        return [brief(item) for item in value]
    return value


def difference(key: tuple[str, int, int], with_hidden: Any, without: Any) -> str:
    """One differing answer, briefly: the rows only one of the two graphs gave."""
    name, user, _ = key
    if name == "ui_review_apply":
        return f"{name} as {USERS[user]}: {with_hidden} != {without}"
    params, rows = with_hidden
    extra = [brief(row) for row in rows if row not in without[1]]
    missing = [brief(row) for row in without[1] if row not in rows]
    return (f"{name} as {USERS[user]} with {params}: with the restricted records, rows "
            f"{extra!r:.600} more and {missing!r:.600} fewer" + (" (order only)" if not extra and not missing else ""))


def test_every_app_query_has_inputs_to_try():
    assert set(RECIPES) == set(app_queries()), "give each query the app runs its inputs in RECIPES"


@pytest.mark.neo4j
def as_online_inquiries(store: Store, uids: list[str]) -> None:
    """Make visible reports online inquiries (their restricted twins become hidden inquiries too),
    with a fellow traveller named, so the staff queue's queries have something to hide."""
    store.write("UNWIND $uids AS uid MATCH (r:Report {uid: uid})-[:REPORTED_MISSING]->(p:Person) "
                "SET r.source = 'online inquiry', r.inquiry_status = 'new', r.verification = 'unverified', "
                "r.inquiry_filed_at = '2024-05-01T10:00:00Z' "
                "MERGE (t:Person {uid: uid + '#traveller-1'}) SET t.full_name = 'Youssef Ali', t.agency = r.agency "
                "MERGE (t)-[w:TRAVELLED_WITH]->(p) SET w.relationship = 'first_cousin', w.agency = r.agency",
                {"uids": uids})


def graph_size(graph: Store) -> dict[str, int]:
    """Nodes and relationships of the graph, the change journal's entries left out (each write adds one)."""
    return graph.read("MATCH (n) WHERE NOT n:ViewChange RETURN count(n) AS nodes, "
                      "COUNT { ()-[]->() } AS relationships")[0]


def test_restricted_records_of_another_agency_change_no_answer(app: Flask, graph: Store):
    as_online_inquiries(graph, ["AAA:R1", "AAA:R2"])
    counts = graph_size(graph)
    known = {row["id"] for row in graph.read("MATCH (n) RETURN elementId(n) AS id")}
    restore = add_restricted_records(graph)
    grown = graph_size(graph)
    assert grown["nodes"] > 2 * counts["nodes"] - 10 and grown["relationships"] > 3 * counts["relationships"]
    with app.app_context():
        universe = Universe(graph)
        with_hidden = answers(universe, known)
        remove_restricted_records(graph, restore)
        assert graph_size(graph) == counts
        without = answers(universe, known)
    assert with_hidden.keys() == without.keys()
    leaks = [key for key in with_hidden if with_hidden[key] != without[key]]
    assert not leaks, f"{len(leaks)} answers differ:\n" + "\n".join(
        difference(key, with_hidden[key], without[key]) for key in leaks[:30])
    # The inputs reached the restricted records: they were asked about, by id, key and text.
    assert any("twin" in key for _, key in universe.entities)
    assert len(with_hidden) > 1000
