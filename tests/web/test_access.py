"""Every route as every role, sharing across agencies, DNA clearance, CSRF and security headers."""

from __future__ import annotations

import itertools

import pytest

ROLES = ["anonymous", "investigator", "analyst", "liaison", "admin"]
USER_OF = {"investigator": "inv", "analyst": "ana", "liaison": "lia", "admin": "adm"}
BROWSE = {"investigator", "analyst", "liaison"}
LOGGED_IN = {"investigator", "analyst", "liaison", "admin"}
counter = itertools.count()


def element_ids(store) -> dict[str, str]:
    rows = store.read("MATCH (n) WHERE n.uid IN ['AAA:R1', 'BBB:B1', 'AAA:V1'] RETURN n.uid AS uid, elementId(n) AS id")
    return {row["uid"]: row["id"] for row in rows}


def routes(ids: dict[str, str], layout_id: int):
    """(endpoint, method, path, body-maker, roles allowed, status when allowed)."""
    report, remains = ids["AAA:R1"], ids["BBB:B1"]
    return [
        ("search.index", "GET", "/", None, LOGGED_IN, 302),
        ("search.search_page", "GET", "/search?q=Ali", None, BROWSE, 200),
        ("search.search_api", "GET", "/api/search?q=Ali", None, BROWSE, 200),
        ("cases.case_page", "GET", "/cases/AAA:R1", None, BROWSE, 200),
        ("cases.case_api", "GET", "/api/cases/AAA:R1", None, BROWSE, 200),
        ("cases.candidates_api", "GET", "/api/cases/AAA:R1/candidates", None, BROWSE, 200),
        ("cases.timeline_api", "GET", "/api/cases/AAA:R1/timeline", None, BROWSE, 200),
        ("cases.places_api", "GET", "/api/cases/AAA:R1/places", None, BROWSE, 200),
        ("graph.canvas_page", "GET", "/cases/AAA:R1/graph", None, BROWSE, 200),
        ("entities.entity_page", "GET", "/entity/Remains/BBB:B1", None, BROWSE, 200),
        ("entities.entity_api", "GET", "/api/entity/Remains/BBB:B1", None, BROWSE, 200),
        ("graph.case_chains", "GET", "/api/graph/case?report=AAA:R1&candidate=AAA:R1->BBB:B1", None, BROWSE, 200),
        ("graph.node_detail", "GET", f"/api/graph/node/{report}", None, BROWSE, 200),
        ("graph.expand", "GET", f"/api/graph/expand?id={report}", None, BROWSE, 200),
        ("graph.paths", "GET", f"/api/graph/paths?from={report}&to={remains}", None, BROWSE, 200),
        ("graph.nodes", "POST", "/api/graph/nodes", lambda role: {"json": {"ids": [report]}}, BROWSE, 200),
        ("graph.layout_list", "GET", "/api/layouts?report=AAA:R1", None, BROWSE, 200),
        ("graph.layout_save", "POST", "/api/layouts",
         lambda role: {"json": {"report_uid": "AAA:R1", "name": role, "nodes": [{"id": report, "x": 1, "y": 2}]}},
         BROWSE, 201),
        ("graph.layout_get", "GET", f"/api/layouts/{layout_id}", None, BROWSE, 200),
        ("review.review_form", "POST", "/review",
         lambda role: {"data": {"candidate_uid": "AAA:R1->AAA:S1", "to_status": "under_review",
                                "reason": "looking at it", "token": f"matrix-form-{role}"}},
         {"investigator", "analyst"}, 302),
        ("review.review_api", "POST", "/api/review",
         lambda role: {"json": {"candidate_uid": "AAA:R1->BBB:B1",
                                "to_status": "under_review", "reason": "looking at it", "token": f"matrix-api-{role}"}},
         {"investigator", "analyst"}, 201),
        ("console.console_page", "GET", "/console", None, {"analyst"}, 200),
        ("console.console_page", "POST", "/console", lambda role: {"data": {"query": "RETURN 1 AS one"}},
         {"analyst"}, 200),
        ("console.console_api", "POST", "/api/console",
         lambda role: {"json": {"query": "MATCH (n:Report) RETURN n LIMIT 2"}}, {"analyst"}, 200),
        ("console.export_results", "POST", "/console/export",
         lambda role: {"data": {"query": "MATCH (n:Report) RETURN n LIMIT 2", "format": "csv"}}, {"analyst"}, 200),
        ("console.cancel_api", "POST", "/api/console/cancel", lambda role: {"json": {"run": "matrix-run-1"}},
         {"analyst"}, 200),
        ("console.history_api", "GET", "/api/console/history", None, {"analyst"}, 200),
        ("console.queries_api", "GET", "/api/console/queries", None, {"analyst"}, 200),
        ("console.save_query", "POST", "/api/console/queries",
         lambda role: {"json": {"name": "matrix_query", "title": "Reports", "description": "Two reports.",
                                "query": "MATCH (n:Report) RETURN n LIMIT 2"}}, {"analyst"}, 201),
        ("briefs.brief_page", "GET", "/briefs/AAA:R1", None, {"liaison"}, 200),
        ("briefs.stylesheet", "GET", "/briefs.css", None, {"liaison"}, 200),
        ("admin.users_page", "GET", "/admin/users", None, {"admin"}, 200),
        ("admin.users_change", "POST", "/admin/users",
         lambda role: {"data": {"action": "add", "username": f"new{next(counter)}", "password": "0123456789ab",
                                "role": "liaison", "agency": "AAA"}}, {"admin"}, 302),
        ("admin.audit_page", "GET", "/admin/audit", None, {"admin"}, 200),
        ("admin.audit_export", "GET", "/admin/audit.csv", None, {"admin"}, 200),
        ("admin.users_api", "GET", "/api/admin/users", None, {"admin"}, 200),
        ("admin.audit_api", "GET", "/api/admin/audit", None, {"admin"}, 200),
        ("auth.me", "GET", "/api/me", None, LOGGED_IN, 200),
        ("api_docs.openapi_json", "GET", "/api/openapi.json", None, LOGGED_IN, 200),
        ("api_docs.api_page", "GET", "/api-docs", None, LOGGED_IN, 200),
        ("auth.login", "GET", "/login", None, set(ROLES), 200),
        # the staff pages' language (English, as every other test reads them); an anonymous POST
        # without the login page's token is refused
        ("language.choose", "POST", "/language", lambda role: {"data": {"lang": "en", "next": "/search"}},
         LOGGED_IN, 302),
        # The inquiries queue (an unknown inquiry: 404 to those who may look, like to anyone else's agency).
        ("inquiries.queue", "GET", "/inquiries", None, BROWSE, 200),
        ("inquiries.inquiry_page", "GET", "/inquiries/TG-0000-0000", None, BROWSE, 404),
        ("inquiries.photo", "GET", "/inquiries/TG-0000-0000/photos/1", None, BROWSE, 404),
        ("inquiries.move", "POST", "/inquiries/TG-0000-0000/move",
         lambda role: {"data": {"to": "checking", "text": "reading it"}}, {"investigator", "analyst"}, 404),
        # The families' pages: anyone, whatever staff session the browser holds; their forms carry
        # their own token, so a staff form's is refused (tests/web/test_inquiry_hostile.py).
        ("inquiry.home", "GET", "/inquiry/", None, set(ROLES), 200),
        ("inquiry.privacy", "GET", "/inquiry/privacy", None, set(ROLES), 200),
        ("inquiry.start", "GET", "/inquiry/new", None, set(ROLES), 302),
        ("inquiry.step", "GET", "/inquiry/new/consent", None, set(ROLES), 200),
        ("inquiry.step", "POST", "/inquiry/new/consent", lambda role: {"data": {"consent": "yes"}}, set(ROLES), 400),
        ("inquiry.draft_photo", "GET", "/inquiry/new/photo/1", None, set(ROLES), 404),
        ("inquiry.send", "POST", "/inquiry/new/send", None, set(ROLES), 400),
        ("inquiry.status", "GET", "/inquiry/status", None, set(ROLES), 200),
        ("inquiry.status", "POST", "/inquiry/status", lambda role: {"data": {"number": "x", "secret": "y"}},
         set(ROLES), 400),
        ("inquiry.withdraw", "POST", "/inquiry/withdraw", lambda role: {"data": {"number": "x", "secret": "y"}},
         set(ROLES), 400),
    ]


def call(client, method, path, maker, role):
    kwargs = maker(role) if maker else {}
    if method == "POST":
        token = getattr(client, "csrf", "")
        if "json" in kwargs:
            kwargs["headers"] = {"X-CSRFToken": token}
        else:
            kwargs.setdefault("data", {})["csrf_token"] = token
    return client.open(path, method=method, **kwargs)


def test_every_route_is_in_the_matrix(app):
    listed = {(endpoint, method) for endpoint, method, *_ in routes({"AAA:R1": "x", "BBB:B1": "y", "AAA:V1": "z"}, 1)}
    listed |= {("auth.login", "POST"), ("auth.logout", "POST"), ("static", "GET")}  # tested on their own
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (rule.endpoint, method) in listed, f"{method} {rule.rule} is not in the access matrix"


def test_every_view_declares_a_permission(app):
    for endpoint, view in app.view_functions.items():
        if endpoint != "static":
            assert getattr(view, "permission", None), f"{endpoint} does not declare who may use it"


@pytest.mark.parametrize("role", ROLES)
def test_route_matrix(graph, client_for, role):
    ids = element_ids(graph)
    owner = client_for("inv")
    layout = owner.post("/api/layouts", json={"report_uid": "AAA:R1", "name": "x", "nodes": [{"id": ids["AAA:R1"]}]},
                        headers={"X-CSRFToken": owner.csrf})
    assert layout.status_code == 201
    client = client_for(USER_OF.get(role))
    if role == "investigator":
        client.csrf = client.csrf  # noqa: PLW0127 - set by login
    for _endpoint, method, path, maker, allowed, ok_status in routes(ids, layout.get_json()["id"]):
        response = call(client, method, path, maker, role)
        where = f"{role}: {method} {path}"
        if role in allowed:
            assert response.status_code == ok_status, (
                where, response.status_code, response.get_data(as_text=True)[:300])
        elif role == "anonymous":
            if path.startswith("/api/"):
                assert response.status_code == 401, where
                assert response.get_json()["error"] == "unauthenticated"
            else:
                assert response.status_code in (302, 400), where  # 400: a POST without a session has no CSRF token
                if response.status_code == 302:
                    assert "/login" in response.headers["Location"], where
        else:
            assert response.status_code == 403, (where, response.status_code)


def test_agency_only_records_are_refused_to_other_agencies(graph, client_for):
    aaa, bbb = client_for("inv"), client_for("inv-bbb")
    for path in ("/cases/BBB:R9", "/api/cases/BBB:R9", "/entity/Remains/BBB:B9", "/api/entity/Remains/BBB:B9",
                 "/entity/Person/BBB:R9%23missing", "/api/cases/BBB:R9/candidates", "/api/cases/BBB:R9/timeline",
                 "/cases/BBB:R9/graph", "/api/layouts?report=BBB:R9",
                 "/api/graph/case?report=BBB:R9&candidate=BBB:R9->BBB:B1",
                 "/api/graph/case?report=AAA:R3&candidate=AAA:R3->BBB:B9"):
        assert aaa.get(path).status_code == 404, path
    assert bbb.get("/api/cases/BBB:R9").status_code == 200
    hidden = graph.read("MATCH (n {uid: 'BBB:B9'}) RETURN elementId(n) AS id")[0]["id"]
    assert aaa.get(f"/api/graph/node/{hidden}").status_code == 404
    assert aaa.get(f"/api/graph/expand?id={hidden}").status_code == 404
    voyage = graph.read("MATCH (n {uid: 'AAA:V1'}) RETURN elementId(n) AS id")[0]["id"]
    expanded = aaa.get(f"/api/graph/expand?id={voyage}&size=50").get_json()
    keys = {n["data"]["key"] for n in expanded["elements"]["nodes"]}
    assert "BBB:B1" in keys and "BBB:B9" not in keys
    assert aaa.get("/api/search?q=SECRET").get_json()["groups"] == []
    assert aaa.get("/api/search?q=Zainab").get_json()["groups"] == []
    assert bbb.get("/api/search?q=Zainab").get_json()["groups"]
    nodes = aaa.post("/api/graph/nodes", json={"ids": [hidden, voyage]}, headers={"X-CSRFToken": aaa.csrf}).get_json()
    assert [n["data"]["key"] for n in nodes["elements"]["nodes"]] == ["AAA:V1"]
    # A candidate of a report the user may not see cannot be reviewed by guessing its uid.
    review = aaa.post("/api/review", json={"candidate_uid": "BBB:R9->BBB:B1", "to_status": "under_review",
                                           "reason": "guess", "token": "guessing-token"},
                      headers={"X-CSRFToken": aaa.csrf})
    assert review.status_code == 404


def test_dna_genotypes_only_with_clearance(graph, client_for):
    cleared, plain = client_for("inv"), client_for("inv-nodna")
    cleared_page = cleared.get("/cases/AAA:R1").get_data(as_text=True)
    assert "15,17" in cleared_page and "mother passes 17" in cleared_page  # genotypes and the per-locus explanation
    for path in ("/cases/AAA:R1", "/api/cases/AAA:R1", "/api/cases/AAA:R1/candidates", "/entity/Remains/BBB:B1",
                 "/api/entity/Remains/BBB:B1", "/api/graph/case?report=AAA:R1&candidate=AAA:R1->BBB:B1",
                 "/api/cases/AAA:R1/timeline"):
        text = plain.get(path).get_data(as_text=True)
        assert plain.get(path).status_code == 200, path
        for genotype in ("15,16", "15,17", "17,19", "S-PM1", "S-REF1", "shared allele", "mother passes"):
            assert genotype not in text, (path, genotype)
    evidence = plain.get("/api/cases/AAA:R1/candidates").get_json()["candidates"][0]["evidence"][0]
    assert evidence["kind"] == "dna" and evidence["restricted"] and evidence["detail"] is None
    assert evidence["log10_lr"] == 6.2
    assert plain.get("/entity/DNAProfile/BBB:S-PM1").status_code == 404
    assert cleared.get("/entity/DNAProfile/BBB:S-PM1").status_code == 200


def test_csrf_is_required_for_every_state_change(graph, client_for):
    client = client_for("inv")
    assert client.post("/api/review", json={"candidate_uid": "AAA:R1->BBB:B1", "to_status": "under_review",
                                            "reason": "x y z", "token": "no-csrf-token"}).status_code == 400
    assert client.post("/api/layouts", json={"report_uid": "AAA:R1", "nodes": []},
                       headers={"X-CSRFToken": "forged"}).status_code == 400
    assert client.post("/review", data={"candidate_uid": "AAA:R1->BBB:B1", "to_status": "under_review",
                                        "reason": "x y z", "token": "no-csrf-form"}).status_code == 400
    assert client.post("/logout").status_code == 400
    status = graph.read("MATCH (c:Candidate {uid: 'AAA:R1->BBB:B1'}) RETURN c.review_status AS s")[0]["s"]
    assert status == "proposed"


def test_security_headers(app, client_for):
    response = client_for(None).get("/login")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html and "onclick" not in html


@pytest.mark.both_stores
def test_login_rotates_the_session_and_logout_ends_it(app, client_for):
    client = client_for(None)
    client.get("/login")
    before = client.get_cookie("tracegraph_session")
    from conftest import login
    login(client, "inv")
    cookie = client.get_cookie("tracegraph_session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert before is None or before.value != cookie.value
    stolen = cookie.value
    assert client.get("/api/me").get_json()["username"] == "inv"
    assert client.post("/logout", data={"csrf_token": client.csrf}).status_code == 302
    assert client.get("/api/me").status_code == 401
    replay = app.test_client()
    replay.set_cookie("tracegraph_session", stolen)
    assert replay.get("/api/me").status_code == 401


@pytest.mark.both_stores
def test_wrong_password_and_disabled_user(app, client_for, web_db):
    client = client_for(None)
    from conftest import csrf_from
    token = csrf_from(client.get("/login").get_data(as_text=True))
    bad = client.post("/login", data={"username": "inv", "password": "wrong password!", "csrf_token": token})
    assert bad.status_code == 401 and "do not match" in bad.get_data(as_text=True)
    unsafe = client.post("/login?next=https://evil.example/",
                         data={"username": "lia", "password": "correct horse battery", "csrf_token": token})
    assert unsafe.headers["Location"] == "/"
    from web import accounts
    db = web_db
    accounts.add_user(db, "leaver", "correct horse battery", "investigator", "AAA")
    leaver = client_for("leaver")
    assert leaver.get("/api/me").status_code == 200
    accounts.set_disabled(db, "leaver")
    assert leaver.get("/api/me").status_code == 401
    fresh = client_for(None)
    token = csrf_from(fresh.get("/login").get_data(as_text=True))
    assert fresh.post("/login", data={"username": "leaver", "password": "correct horse battery",
                                      "csrf_token": token}).status_code == 401


def test_secure_cookie_modes(app, web_home, web_database):
    from web import create_app
    strict = create_app({"LOCAL_DATABASE": web_database, "SECRET_KEY_FILE": web_home / "key",
                         "COOKIE_SECURE_MODE": "always", "STORE": app.extensions["tracegraph.store"],
                         "VIEWS_REFRESH_SECONDS": 0})
    client = strict.test_client()
    client.get("/login")
    assert client.get_cookie("tracegraph_session").secure
    auto = app.test_client()
    auto.get("/login", base_url="https://localhost")
    assert auto.get_cookie("tracegraph_session", domain="localhost").secure


@pytest.mark.both_stores
def test_guessing_is_slowed_per_account_and_per_address(app, tmp_path, fresh_web_database):
    from conftest import csrf_from
    from web import accounts, auditlog, auth, create_app, localstore
    db = localstore.connect(fresh_web_database)
    for name in ("victim", "other"):
        accounts.add_user(db, name, "correct horse battery", "investigator", "AAA")
    guarded = create_app({"LOCAL_DATABASE": fresh_web_database, "SECRET_KEY_FILE": tmp_path / "key",
                          "STORE": app.extensions["tracegraph.store"], "VIEWS_REFRESH_SECONDS": 0})

    def attempt(username: str, password: str, address: str = "192.0.2.7"):
        client = guarded.test_client()
        environ = {"REMOTE_ADDR": address}
        token = csrf_from(client.get("/login", environ_base=environ).get_data(as_text=True))
        return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                           environ_base=environ)

    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert attempt("victim", "wrong password!").status_code == 401
    assert attempt("victim", "correct horse battery").status_code == 401  # locked, even with the right one
    assert attempt("other", "correct horse battery").status_code == 302

    for number in range(auth.MAX_FAILED_PER_ADDRESS - accounts.MAX_FAILED_LOGINS - 1):  # the locked try failed too
        assert attempt(f"nobody{number}", "wrong password!").status_code == 401
    throttled = attempt("other", "correct horse battery")
    assert throttled.status_code == 429 and "Too many failed logins" in throttled.get_data(as_text=True)
    assert attempt("other", "correct horse battery", address="192.0.2.8").status_code == 302
    logged = {entry.action for entry in auditlog.entries(db, limit=100)}
    assert {"login_failed", "login_throttled", "login"} <= logged
    assert auditlog.failed_logins_from(db, "192.0.2.7", "2000-01-01T00:00:00+00:00") == auth.MAX_FAILED_PER_ADDRESS
    db.close()
