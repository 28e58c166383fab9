"""Hostile input through the web app, against the real Neo4j: markup in the data is escaped on every
page that shows it, injection attempts in every parameter change nothing and leak nothing, password
hashes never leave the user store, and a session cookie planted before login is worthless after it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException

from conftest import PASSWORD, login
from crafted_graph import SCRIPT_NAME
from graphmodel.fingerprint import fingerprint
from test_access import ROLES, USER_OF, call, element_ids, routes
from web.accounts import ROLE_PERMISSIONS
from web.security import AUTHENTICATED, PUBLIC

# A free-text value that breaks out of an attribute and runs a handler when it is not escaped.
ATTR_BREAKER = '"><img src=x onerror=alert(1)> Star'
# What a page shows of each when it escapes them (Jinja writes " as &#34;).
SCRIPT_SHOWN = "&lt;script&gt;alert("
ATTR_SHOWN = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"
RAW_MARKUP = ("<script>alert", "<img src=x", '"><img')
# A record id with a link in it: pyvis then shows every tooltip of the chain export through innerHTML.
HREF_UID = 'AAA:R1#missing <a href="x">"><img src=x onerror=window.__xss=1></a>'
CHROMIUM = Path("/usr/bin/chromium")
STATIC_JS = Path(__file__).resolve().parents[2] / "web" / "static" / "js"

INJECTIONS = [
    "' OR 1=1 //",
    '"}) DETACH DELETE n //',
    "x` DETACH DELETE n //",
    "$id",
    "1; MATCH (n) DETACH DELETE n",
    "AAA:R1' OR n.agency = 'BBB' //",
    "A" * 4096,
    "\u202eR9:BBB\u202c \x00 nul",
]
# Records of agency BBB shared with BBB only: no answer to an AAA user may hold them.
OTHER_AGENCY_ONLY = ("BBB:R9", "Zainab", "SECRET-9", "BBB:B9")
INJECTORS = ("analyst", "investigator", "admin")


@pytest.fixture
def hostile(graph):
    """The crafted graph with markup in a missing person's name, a vessel name and a report's free text."""
    graph.write("MATCH (p:Person {uid: 'AAA:R1#missing'}) SET p.full_name = $name", {"name": SCRIPT_NAME})
    graph.write("MATCH (v:Voyage {uid: 'AAA:V1'}) SET v.vessel_name = $text", {"text": ATTR_BREAKER})
    graph.write("MATCH (r:Report {uid: 'AAA:R1'}) SET r.circumstances = $text", {"text": ATTR_BREAKER})
    return graph


def assert_escaped(html: str, where: str, *shown: str) -> None:
    """No markup from the data is live in the page, and the data is shown (escaped)."""
    for raw in RAW_MARKUP:
        assert raw not in html, (where, raw)
    for text in shown:
        assert text in html, (where, text)


# -- 1. escaping everywhere ---------------------------------------------------------------------------


def test_entity_canvas_and_error_pages_escape_markup(hostile, client_for):
    client = client_for("inv")
    pages = {
        "/cases/AAA:R1": (SCRIPT_SHOWN, ATTR_SHOWN),
        "/entity/Person/AAA:R1%23missing": (SCRIPT_SHOWN,),
        "/entity/Voyage/AAA:V1": (ATTR_SHOWN,),
        "/entity/Remains/BBB:B1": (ATTR_SHOWN,),  # the voyage among its links
        "/entity/Person/AAA:R3%23missing": (SCRIPT_SHOWN,),
    }
    for path, shown in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert_escaped(response.get_data(as_text=True), path, *shown)
    # Parameters reflected into the canvas page's data attributes, and into an error message.
    canvas = client.get("/cases/AAA:R1/graph", query_string={"candidate": ATTR_BREAKER})
    assert canvas.status_code == 200
    assert_escaped(canvas.get_data(as_text=True), "canvas", f'data-candidate="{ATTR_SHOWN}')
    refused = client.get("/entity/Voyage/AAA:V1", query_string={"rel": SCRIPT_NAME})
    assert refused.status_code == 400
    assert_escaped(refused.get_data(as_text=True), "error page", SCRIPT_SHOWN)


def test_saved_layout_names_are_escaped_on_the_canvas_page(hostile, client_for):
    client = client_for("inv")
    report = element_ids(hostile)["AAA:R1"]
    saved = client.post("/api/layouts", json={"report_uid": "AAA:R1", "name": ATTR_BREAKER,
                                              "nodes": [{"id": report, "x": 1, "y": 2}]},
                        headers={"X-CSRFToken": client.csrf})
    assert saved.status_code == 201
    assert_escaped(client.get("/cases/AAA:R1/graph").get_data(as_text=True), "layout list", ATTR_SHOWN)
    assert client.get(f"/api/layouts/{saved.get_json()['id']}").get_json()["name"] == ATTR_BREAKER


def test_review_reason_is_escaped_in_the_trail_and_the_message(hostile, client_for):
    client = client_for("inv")
    reason = f"{SCRIPT_NAME} {ATTR_BREAKER}"
    response = client.post("/review", data={"candidate_uid": "AAA:R1->BBB:B1", "to_status": "under_review",
                                            "reason": reason, "token": "hostile-review",
                                            "csrf_token": client.csrf}, follow_redirects=True)
    assert response.status_code == 200
    assert_escaped(response.get_data(as_text=True), "review trail", SCRIPT_SHOWN, ATTR_SHOWN)
    trail = client.get("/api/cases/AAA:R1/candidates").get_json()["candidates"][0]["trail"]
    assert [step["reason"] for step in trail] == [reason]


def test_workbench_results_query_and_errors_are_escaped(hostile, client_for, sync_views):
    # A cell shows a node by its record id; the column by its alias; the text area the query as typed.
    hostile.write("MATCH (r:Report {uid: 'AAA:R3'}) SET r.record_id = $text", {"text": SCRIPT_NAME})
    sync_views()  # the workbench reads the analyst's view, brought up to date as after every write
    client = client_for("ana")
    query = ("MATCH (r:Report {uid: 'AAA:R3'}) RETURN r AS `\"><img src=x onerror=alert(1)>` "
             "// </textarea><script>alert(2)</script>")
    page = client.post("/console", data={"query": query, "csrf_token": client.csrf})
    assert page.status_code == 200, page.get_data(as_text=True)[-2000:]
    html = page.get_data(as_text=True)
    assert_escaped(html, "workbench rows", f"(Report {SCRIPT_SHOWN}", f"<th>{ATTR_SHOWN}</th>",
                   "&lt;/textarea&gt;&lt;script&gt;alert(2)")
    failed = client.post("/console", data={"query": "RETURN '<script>alert(1)</script>' +", "csrf_token": client.csrf})
    assert failed.status_code == 400
    assert_escaped(failed.get_data(as_text=True), "workbench error", SCRIPT_SHOWN)


@pytest.mark.both_stores
def test_admin_pages_escape_user_names_and_audited_text(hostile, client_for):
    admin = client_for("adm")
    added = admin.post("/admin/users", data={"action": "add", "username": "hostile-name", "password": "0123456789ab",
                                             "role": "liaison", "agency": "AAA", "csrf_token": admin.csrf,
                                             "full_name": f"{SCRIPT_NAME} {ATTR_BREAKER}"[:120]})
    assert added.status_code == 302
    assert_escaped(admin.get("/admin/users").get_data(as_text=True), "users page", SCRIPT_SHOWN, ATTR_SHOWN)
    listed = {u["username"]: u for u in admin.get("/api/admin/users").get_json()["users"]}
    assert listed["hostile-name"]["full_name"] == f"{SCRIPT_NAME} {ATTR_BREAKER}"
    # Search text lands in the audit trail as typed; the audit page shows it as text.
    assert client_for("inv").get("/api/search", query_string={"q": ATTR_BREAKER}).status_code == 200
    audit = admin.get("/admin/audit", query_string={"action": "search", "user": "inv"})
    assert_escaped(audit.get_data(as_text=True), "audit page", ATTR_SHOWN)


@pytest.mark.parametrize("audience", ["family", "authority"])
@pytest.mark.parametrize("fmt", ["page", "html"])
def test_briefs_escape_markup(hostile, client_for, audience, fmt):
    response = client_for("lia").get("/briefs/AAA:R1", query_string={"audience": audience, "format": fmt})
    assert response.status_code == 200
    assert_escaped(response.get_data(as_text=True), f"{audience} brief ({fmt})", SCRIPT_SHOWN, ATTR_SHOWN)


def vis_data_set(page: str, name: str) -> list[dict[str, Any]]:
    """The nodes or edges a pyvis page hands to vis.js."""
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert match, f"no {name} data set in the chain page"
    return json.loads(match.group(1))


def test_interactive_chain_export_escapes_labels_and_tooltips(hostile, client_for):
    hostile.write("MATCH (p:Person {uid: 'AAA:R1#missing'}) SET p.uid = $uid", {"uid": HREF_UID})
    response = client_for("lia").get("/briefs/AAA:R1",
                                     query_string={"format": "chain", "candidate": "AAA:R1->BBB:B1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for raw in RAW_MARKUP:
        assert raw not in page, raw
    nodes = vis_data_set(page, "nodes")
    labels = {node["label"] for node in nodes}
    assert SCRIPT_NAME in labels and ATTR_BREAKER in labels  # the JSON carries the text, escaped for <script>
    assert "popup.innerHTML" in page  # pyvis's link tooltips: every title is parsed as HTML
    for node in nodes:
        assert "<" not in node["title"].replace("<br>", ""), node["title"]
    assert any("&lt;img src=x" in node["title"] for node in nodes)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_chain_export_tooltips_run_no_markup_in_a_browser(hostile, client_for, tmp_path):
    """Opened as a family opens the download (a file, no Content-Security-Policy), every tooltip shown."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    hostile.write("MATCH (p:Person {uid: 'AAA:R1#missing'}) SET p.uid = $uid", {"uid": HREF_UID})
    chain = tmp_path / "chain.html"
    chain.write_bytes(client_for("lia").get("/briefs/AAA:R1", query_string={
        "format": "chain", "candidate": "AAA:R1->BBB:B1"}).get_data())
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.goto(chain.as_uri())
        page.wait_for_function("window.network !== undefined && nodes.length > 0")
        shown = []
        for node_id in page.evaluate("nodes.getIds()"):
            page.evaluate("id => network.emit('showPopup', id)", node_id)
            shown += page.evaluate("Array.from(document.querySelectorAll('.popup'), e => e.textContent)")
        page.wait_for_timeout(200)  # an injected image would have failed to load by now
        ran, images = page.evaluate("window.__xss"), page.locator("img[src=x]").count()
        browser.close()
    assert ran is None and images == 0
    assert any("onerror=window.__xss=1" in text for text in shown)  # the record id shown as text

def test_json_answers_carry_the_raw_text(hostile, client_for):
    client = client_for("inv")
    case = client.get("/api/cases/AAA:R1")
    assert case.mimetype == "application/json"
    assert case.get_json()["person"]["full_name"] == SCRIPT_NAME
    voyage = client.get("/api/entity/Voyage/AAA:V1").get_json()["node"]
    assert voyage["properties"]["vessel_name"] == ATTR_BREAKER and voyage["data"]["caption"] == ATTR_BREAKER
    chains = client.get("/api/graph/case", query_string={"report": "AAA:R1", "candidate": "AAA:R1->BBB:B1"})
    captions = {node["data"]["caption"] for node in chains.get_json()["elements"]["nodes"]}
    assert {SCRIPT_NAME, ATTR_BREAKER} <= captions


def test_page_scripts_insert_data_as_text_only():
    """The canvas, map and workbench scripts build the DOM with textContent; none parses data as HTML."""
    for script in sorted(STATIC_JS.glob("*.js")):
        source = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source, f"{script.name} uses {sink}"


# -- 2. injection through every parameter --------------------------------------------------------------

Request = tuple[str, str, dict[str, Any]]  # method, path, the test client's keyword arguments
# Injected into every route with no parameter of its own, as a stray query string.
STRAY = "q"
FAMILIES_PAGES = "the families' pages take no staff session: tests/web/test_inquiry_hostile.py injects each field"
NOT_INJECTED = {("static", "GET"): "serves files by name, no data",
                ("auth.logout", "POST"): "takes no input; it would end the session under test",
                **{(f"inquiry.{name}", method): FAMILIES_PAGES
                   for name, method in (("home", "GET"), ("privacy", "GET"), ("start", "GET"), ("step", "GET"),
                                        ("step", "POST"), ("draft_photo", "GET"), ("send", "POST"),
                                        ("status", "GET"), ("status", "POST"), ("withdraw", "POST"))}}


def get(path: str, **params: str) -> Request:
    return ("GET", path, {"query_string": params})


def post_json(path: str, body: Any) -> Request:
    return ("POST", path, {"json": body})


def post_form(path: str, **form: str) -> Request:
    return ("POST", path, {"data": form})


def in_path(payload: str) -> str:
    return quote(payload, safe="")


def injection_plans(ids: dict[str, str], address: str = "192.0.2.201"
                    ) -> dict[tuple[str, str], Callable[[str], list[Request]]]:
    """For each route, the requests that carry a payload in each of its parameters in turn."""
    report, remains, hidden = ids["AAA:R1"], ids["BBB:B1"], ids.get("BBB:B9", "x")
    candidate = "AAA:R1->BBB:B1"

    def stray(path: str) -> Callable[[str], list[Request]]:
        return lambda p: [get(path, **{STRAY: p})]

    def case_api(suffix: str) -> Callable[[str], list[Request]]:
        return lambda p: [get(f"/api/cases/{in_path(p)}{suffix}")]

    def entity(prefix: str) -> Callable[[str], list[Request]]:
        return lambda p: [get(f"{prefix}/entity/{in_path(p)}/AAA:R1"), get(f"{prefix}/entity/Remains/{in_path(p)}"),
                          get(f"{prefix}/entity/Remains/BBB:B1", rel=p), get(f"{prefix}/entity/Remains/BBB:B1", page=p)]

    def review(post: Callable[..., Request], path: str) -> Callable[[str], list[Request]]:
        # A valid decision is recorded with its reason as given: test_review_text_is_stored_as_given.
        valid = {"candidate_uid": candidate, "to_status": "under_review", "reason": "checking"}
        return lambda p: [post(path, **{**valid, "token": f"inject-{field}", field: p})
                          for field in ("candidate_uid", "to_status", "from_status", "token")]

    def audit(path: str) -> Callable[[str], list[Request]]:
        return lambda p: [get(path, user=p), get(path, action=p), get(path, target=p), get(path, page=p),
                          get(path, since=p), get(path, until=p)]

    def console_run(post: Callable[..., Request], path: str,
                    params: Callable[[dict], Any]) -> Callable[[str], list[Request]]:
        # Every report but the one named: the answer holds BBB's agency-only report unless screened out.
        one = "MATCH (r:Report) WHERE r.uid <> $uid RETURN r"
        return lambda p: [post(path, query=p), post(path, query=one, params=params({"uid": p})),
                          post(path, query="", named=p), post(path, query="", saved=p),
                          post(path, query="", named="report_by_record_id", params=params({"record_id": p})),
                          post(path, query=one, params=p)]

    return {
        ("search.index", "GET"): stray("/"),
        ("search.search_page", "GET"): lambda p: [get("/search", q=p), get("/search", q="Ali", kind=p, agency=p),
                                                  get("/search", q="Ali", route=p, year=p, status=p, page=p)],
        ("search.search_api", "GET"): lambda p: [get("/api/search", q=p), get("/api/search", q="R", agency=p, route=p),
                                                 get("/api/search", q="R", kind=p, year=p, status=p, page=p)],
        ("cases.case_page", "GET"): lambda p: [get(f"/cases/{in_path(p)}")],
        ("cases.case_api", "GET"): case_api(""),
        ("cases.candidates_api", "GET"): case_api("/candidates"),
        ("cases.timeline_api", "GET"): case_api("/timeline"),
        ("cases.places_api", "GET"): case_api("/places"),
        ("graph.canvas_page", "GET"): lambda p: [get(f"/cases/{in_path(p)}/graph"),
                                                 get("/cases/AAA:R1/graph", candidate=p)],
        ("entities.entity_page", "GET"): entity(""),
        ("entities.entity_api", "GET"): entity("/api"),
        ("graph.case_chains", "GET"): lambda p: [get("/api/graph/case", report=p, candidate=candidate),
                                                 get("/api/graph/case", report="AAA:R1", candidate=p)],
        ("graph.node_detail", "GET"): lambda p: [get(f"/api/graph/node/{in_path(p)}")],
        ("graph.expand", "GET"): lambda p: [get("/api/graph/expand", id=p),
                                            get("/api/graph/expand", id=report, types=p),
                                            get("/api/graph/expand", id=report, page=p),
                                            get("/api/graph/expand", id=report, size=p)],
        ("graph.paths", "GET"): lambda p: [get("/api/graph/paths", **{"from": p, "to": remains}),
                                           get("/api/graph/paths", **{"from": report, "to": p})],
        ("graph.nodes", "POST"): lambda p: [post_json("/api/graph/nodes", {"ids": [report, hidden, p]}),
                                            post_json("/api/graph/nodes", {"ids": p})],
        ("graph.layout_list", "GET"): lambda p: [get("/api/layouts", report=p)],
        ("graph.layout_save", "POST"): lambda p: [
            post_json("/api/layouts", {"report_uid": p, "nodes": []}),
            post_json("/api/layouts", {"report_uid": "AAA:R1", "name": p, "candidate": p,
                                       "nodes": [{"id": p, "key": p, "x": 1, "y": 2}]})],
        ("graph.layout_get", "GET"): lambda p: [get(f"/api/layouts/{in_path(p)}"), get(f"/api/layouts/{2**64}")],
        ("review.review_form", "POST"): review(lambda path, **f: post_form(path, **f), "/review"),
        ("review.review_api", "POST"): review(lambda path, **f: post_json(path, f), "/api/review"),
        ("console.console_page", "GET"): stray("/console"),
        ("console.console_page", "POST"): console_run(lambda path, **f: post_form(path, **f), "/console",
                                                      json.dumps),
        ("console.console_api", "POST"): lambda p: [
            *console_run(lambda path, **f: post_json(path, f), "/api/console", lambda params: params)(p),
            post_json("/api/console", {"query": "RETURN 1", "params": {p: 1}})],
        ("console.export_results", "POST"): lambda p: [
            *console_run(lambda path, **f: post_form(path, format="csv", **f), "/console/export", json.dumps)(p),
            post_form("/console/export", query="MATCH (r:Report) RETURN r", format=p),
            post_form("/console/export", run=p, format="csv"),
            post_form("/console/export", run="no-such-run", table=p)],
        ("console.cancel_api", "POST"): lambda p: [post_json("/api/console/cancel", {"run": p})],
        ("console.history_api", "GET"): stray("/api/console/history"),
        ("console.queries_api", "GET"): stray("/api/console/queries"),
        ("console.save_query", "POST"): lambda p: [
            post_json("/api/console/queries", {"name": p, "title": "t", "description": "d", "query": "RETURN 1"}),
            post_json("/api/console/queries", {"name": "injected", "title": p, "description": p,
                                               "parameters": [p], "query": p})],
        ("briefs.brief_page", "GET"): lambda p: [
            get(f"/briefs/{in_path(p)}"), get("/briefs/AAA:R1", audience=p), get("/briefs/AAA:R1", lang=p),
            get("/briefs/AAA:R1", format=p), get("/briefs/AAA:R1", format="chain", candidate=p)],
        ("briefs.stylesheet", "GET"): stray("/briefs.css"),
        ("inquiries.queue", "GET"): lambda p: [get("/inquiries", tab=p), get("/inquiries", **{STRAY: p})],
        ("inquiries.inquiry_page", "GET"): lambda p: [get(f"/inquiries/{in_path(p)}")],
        ("inquiries.move", "POST"): lambda p: [post_form(f"/inquiries/{in_path(p)}/move", to="verified", text="x"),
                                               post_form("/inquiries/INQ-1/move", to=p, text=p, into=p)],
        ("inquiries.photo", "GET"): lambda p: [get(f"/inquiries/{in_path(p)}/photos/1")],
        ("admin.users_page", "GET"): stray("/admin/users"),
        ("admin.users_change", "POST"): lambda p: [
            post_form("/admin/users", action=p, username="ana"),
            post_form("/admin/users", action="set_role", username=p, role="admin"),
            post_form("/admin/users", action="set_role", username="nobody-here", role=p),
            post_form("/admin/users", action="add", username=p, password="0123456789ab", role="liaison", agency=p)],
        ("admin.audit_page", "GET"): audit("/admin/audit"),
        ("admin.audit_export", "GET"): audit("/admin/audit.csv"),
        ("admin.users_api", "GET"): stray("/api/admin/users"),
        ("admin.audit_api", "GET"): audit("/api/admin/audit"),
        ("auth.me", "GET"): stray("/api/me"),
        ("api_docs.openapi_json", "GET"): stray("/api/openapi.json"),
        ("api_docs.api_page", "GET"): stray("/api-docs"),
        ("auth.login", "GET"): lambda p: [get("/login", next=p)],
        ("language.choose", "POST"): lambda p: [post_form("/language", lang=p, next="/search"),
                                                post_form("/language", lang="en", next=p)],
        # Failed logins count against the address; a documentation address keeps other tests' logins free.
        ("auth.login", "POST"): lambda p: [("POST", "/login", {"data": {"username": p, "password": p},
                                                               "environ_base": {"REMOTE_ADDR": address}})],
    }


def test_every_route_has_an_injection_plan(app):
    plans = injection_plans({"AAA:R1": "x", "BBB:B1": "y"})
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            key = (rule.endpoint, method)
            assert key in plans or key in NOT_INJECTED, f"{method} {rule.rule} has no injection plan"


def send(client, request: Request):
    method, path, kwargs = request
    kwargs = {**kwargs}
    if method == "POST":
        if "json" in kwargs:
            kwargs["headers"] = {"X-CSRFToken": client.csrf}
        else:
            kwargs["data"] = {**kwargs["data"], "csrf_token": client.csrf}
    return client.open(path, method=method, **kwargs)


def routed(app: Flask, request: Request) -> str | None:
    """The endpoint a request's path leads to (a payload with a slash in a path may lead nowhere)."""
    try:
        endpoint, _ = app.url_map.bind("localhost").match(unquote(request[1]), request[0])
    except HTTPException:
        return None
    return endpoint


def permitted(app: Flask, endpoint: str, role: str) -> bool:
    permission = app.view_functions[endpoint].permission
    return permission in (PUBLIC, AUTHENTICATED) or permission in ROLE_PERMISSIONS[role]


# An argon2 hash in PHC form. Answers may hold the words "$argon2" or "password_hash" as text
# (a query someone typed, shown in the console history or the audit export); never a hash.
ARGON2_HASH = re.compile(r"\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+")
HASH_FIELD = re.compile(r"[\"']password_hash[\"']\s*:")


def assert_no_hash(body: str, where, hashes: list[str] = ()) -> None:
    assert not ARGON2_HASH.search(body) and not HASH_FIELD.search(body), where
    for stored in hashes:
        assert stored.rsplit("$", 1)[-1] not in body, where


def assert_nothing_leaks(response, where: str, *, agency_data: bool = True) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, (where, response.status_code, body[:300])
    assert_no_hash(body, where)
    if agency_data:
        for secret in OTHER_AGENCY_ONLY:
            assert secret not in body, (where, secret)


@pytest.mark.parametrize("role", INJECTORS)
def test_injection_in_every_parameter_changes_and_leaks_nothing(graph, app, client_for, role):
    before = fingerprint(graph)
    client = client_for(USER_OF[role])
    ids = {row["uid"]: row["id"] for row in graph.read(
        "MATCH (n) WHERE n.uid IN ['AAA:R1', 'BBB:B1', 'BBB:B9'] RETURN n.uid AS uid, elementId(n) AS id")}
    plans = injection_plans(ids, address=f"192.0.2.{201 + INJECTORS.index(role)}")
    reached = set()
    for (endpoint, method), plan in plans.items():
        # A route the role may not use refuses before reading anything: one payload shows it.
        for payload in INJECTIONS if permitted(app, endpoint, role) else INJECTIONS[:1]:
            for request in plan(payload):
                response = send(client, request)
                # The audit trail names whatever anyone viewed, other agencies' records included: by design.
                assert_nothing_leaks(response, f"{role} {endpoint} {request[1]} {payload[:40]!r}",
                                     agency_data=not endpoint.startswith("admin."))
                if response.status_code != 403 and routed(app, request) == endpoint:
                    reached.add((endpoint, method))
    # Every route the role may use got past the access check, so the payloads reached its code.
    allowed = {key for key in plans if permitted(app, key[0], role)}
    assert reached == allowed
    assert fingerprint(graph) == before
    assert client.get("/api/me").get_json()["role"] == role  # still the same session


def test_review_text_is_stored_as_given(graph, client_for):
    client = client_for("inv")
    # the change journal's entries (one per write, for the analysts' views) are not the review's
    before = fingerprint(graph, without=("ViewChange",))
    reason = " | ".join(p for p in INJECTIONS if len(p) < 100)
    response = client.post("/api/review", json={"candidate_uid": "AAA:R1->BBB:B1", "to_status": "under_review",
                                                "reason": reason, "token": "hostile-reason"},
                           headers={"X-CSRFToken": client.csrf})
    assert response.status_code == 201, response.get_json()
    after = fingerprint(graph, without=("ViewChange",))
    assert (after.nodes, after.relationships) == (before.nodes + 1, before.relationships + 1)  # one Review, linked
    stored = graph.read("MATCH (:Candidate {uid: 'AAA:R1->BBB:B1'})--(r:Review) RETURN r.reason AS reason")
    assert [row["reason"] for row in stored] == [reason]
    assert graph.read("MATCH (c:Candidate {uid: 'AAA:R1->AAA:S1'}) RETURN c.review_status AS s")[0]["s"] == "proposed"


# -- 3. password hashes stay in the user store ---------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_no_answer_holds_a_password_hash(graph, client_for, web_db, role):
    from sqlalchemy import select

    from web.tables import users
    with web_db.read() as connection:
        stored = connection.execute(select(users.c.password_hash)).all()
    assert stored and all(row[0].startswith("$argon2") for row in stored)  # so there is something to leak
    ids = element_ids(graph)
    owner = client_for("inv")
    layout = owner.post("/api/layouts", json={"report_uid": "AAA:R1", "name": "x", "nodes": [{"id": ids["AAA:R1"]}]},
                        headers={"X-CSRFToken": owner.csrf}).get_json()["id"]
    client = client_for(USER_OF.get(role))
    # Every route of the access matrix, and the exports with the rows most likely to name a user.
    exports = [("GET", "/admin/audit.csv?action=login", None), ("GET", "/api/admin/audit?action=user_admin", None),
               ("POST", "/console/export",
                lambda _: {"data": {"query": "MATCH (n:Report) RETURN n", "format": "json"}})]
    requests = [(method, path, maker) for _, method, path, maker, *_ in routes(ids, layout)] + exports
    for method, path, maker in requests:
        response = call(client, method, path, maker, role)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, (role, path)
        assert_no_hash(body, (role, method, path), [row[0] for row in stored])


def test_the_graph_holds_no_user_or_hash(graph, client_for):
    admin = client_for("adm")
    assert admin.post("/admin/users", data={"action": "add", "username": "graph-check", "password": PASSWORD,
                                            "role": "analyst", "agency": "AAA",
                                            "csrf_token": admin.csrf}).status_code == 302
    analyst = client_for("graph-check")
    assert analyst.post("/console", data={"query": "MATCH (n) RETURN n LIMIT 1",
                                          "csrf_token": analyst.csrf}).status_code == 200
    for row in graph.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props "
                          "UNION ALL MATCH ()-[r]->() RETURN [type(r)] AS labels, properties(r) AS props"):
        assert not {"User", "Account", "Session"} & set(row["labels"]), row["labels"]
        text = json.dumps(row["props"], default=str).lower()
        assert "$argon2" not in text and "password" not in text and "graph-check" not in text, row["labels"]


# -- 4. session fixation ------------------------------------------------------------------------------


@pytest.mark.both_stores
def test_a_cookie_planted_before_login_is_worthless_after_it(app):
    attacker = app.test_client()
    attacker.get("/login")
    planted = attacker.get_cookie("tracegraph_session").value
    for cookie in (planted, "attacker-chosen-value"):
        victim = app.test_client()
        victim.set_cookie("tracegraph_session", cookie)
        login(victim, "inv")
        assert victim.get_cookie("tracegraph_session").value != cookie
        assert victim.get("/api/me").get_json()["username"] == "inv"
        replay = app.test_client()
        replay.set_cookie("tracegraph_session", cookie)
        assert replay.get("/api/me").status_code == 401, cookie


@pytest.mark.both_stores
def test_an_authenticated_cookie_planted_before_login_is_closed_by_it(app):
    """The attacker logs in as themselves and plants that cookie: the victim's login must not adopt it."""
    attacker = login(app.test_client(), "lia")
    planted = attacker.get_cookie("tracegraph_session").value
    victim = app.test_client()
    victim.set_cookie("tracegraph_session", planted)
    login(victim, "inv")
    assert victim.get_cookie("tracegraph_session").value != planted
    assert victim.get("/api/me").get_json()["username"] == "inv"
    assert attacker.get("/api/me").status_code == 401
