"""The families' online inquiry through the app, on the real Neo4j: filing, the graph it makes,
the receipt and the status page, withdrawal, the staff queue and its moves, the limits, and the
separation from the staff app."""

from __future__ import annotations

import re

import pytest

from conftest import PASSWORD, login
from inquiry_helpers import MOHAMMED, csrf_of, family, file, inquiry_app, status
from web import accounts, auditlog, localstore

pytestmark = pytest.mark.neo4j


@pytest.fixture
def app(web_home, _session_store):  # noqa: F811 - an app of its own per test: fresh limits
    return inquiry_app(web_home, _session_store)


def _agency_user(web_home, username: str, agency: str) -> None:
    connection = localstore.connect(web_home / "web.sqlite3")
    if accounts.get_user(connection, username) is None:
        accounts.add_user(connection, username, PASSWORD, "investigator", agency)
    connection.close()


def _staff(app, username: str):
    client = app.test_client()
    return login(client, username)


def test_an_inquiry_becomes_an_unverified_report_with_its_family_and_journey(app, graph):
    receipt = file(family(app), MOHAMMED)
    uid = f"INQUIRY:{receipt.number}"
    report = graph.read("MATCH (r:Report {uid: $uid}) RETURN r {.*} AS r", {"uid": uid})[0]["r"]
    assert (report["verification"], report["source"], report["source_file"], report["agency"], report["sharing"],
            report["inquiry_status"], report["status"]) == (
        "unverified", "online inquiry", "online inquiry", "INQUIRY", "partners", "new", "believed_missing")
    assert (report["departure_date"], report["route"], report["vessel_description"]) == (
        "2016-05-24", "Central Mediterranean", "blue wooden boat")
    links = graph.read(
        "MATCH (r:Report {uid: $uid})-[:REPORTED_MISSING]->(p:Person) "
        "MATCH (f:Person)-[:FILED]->(r) MATCH (f)-[k:RELATIVE_OF]->(p) "
        "MATCH (t:Person)-[w:TRAVELLED_WITH]->(p) MATCH (r)-[:ON_ROUTE]->(route:Route) "
        "MATCH (r)-[:DEPARTED_FROM]->(d:Place) MATCH (p)-[:LAST_SEEN_AT]->(l:Place) "
        "RETURN p.full_name AS name, p.nationality AS nationality, p.date_of_birth AS born, p.name_key AS key, "
        "p.clothing AS clothing, f.full_name AS filer, k.relationship AS kin, t.full_name AS traveller, "
        "w.relationship AS together, route.name AS route, d.name AS departed, l.name AS last, "
        "k.source_record AS provenance", {"uid": uid})
    assert len(links) == 1
    row = links[0]
    assert (row["name"], row["nationality"], row["born"], row["clothing"], row["filer"], row["kin"], row["traveller"],
            row["together"], row["route"], row["departed"], row["last"], row["provenance"]) == (
        "Mohammed Ali", "SYR", "1990", ["red jacket"], "Fatima Ali", "mother", "Youssef Ali", "first_cousin",
        "Central Mediterranean", "Zuwara", "Zuwara", receipt.number)
    assert row["key"]
    # The contact details stay in the app's own database, out of the graph.
    leaks = graph.read("MATCH (n) WHERE any(k IN keys(n) WHERE n[k] IS :: STRING AND n[k] CONTAINS '944 123') "
                       "RETURN count(n) AS n")
    assert leaks[0]["n"] == 0


def test_consent_to_the_receiving_agency_only_shares_with_it_only(app, graph, web_home):
    _agency_user(web_home, "inq-desk", "INQUIRY")
    receipt = file(family(app), {**MOHAMMED, "consent_scope": "receiving"})
    sharing = graph.read("MATCH (n) WHERE n.uid STARTS WITH $uid RETURN collect(DISTINCT n.sharing) AS s",
                         {"uid": f"INQUIRY:{receipt.number}"})[0]["s"]
    assert sharing == ["agency"]
    other, desk = _staff(app, "inv"), _staff(app, "inq-desk")
    assert other.get(f"/inquiries/{receipt.number}").status_code == 404
    assert receipt.number not in other.get("/inquiries").get_data(as_text=True)
    page = desk.get(f"/inquiries/{receipt.number}")
    assert page.status_code == 200 and "+963 944 123 456" in page.get_data(as_text=True)


def test_the_status_page_and_a_wrong_secret_that_looks_like_a_wrong_number(app, graph):
    client = family(app)
    receipt = file(client, MOHAMMED)
    shown = status(client, receipt.number, receipt.secret)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert 'data-status="received"' in html and "never tell anyone over the internet" in html
    # Written by hand: lower case, spaces, O for 0 and I for 1 still find it.
    relaxed = receipt.secret.lower().replace("-", " ").replace("0", "o").replace("1", "i")
    assert status(client, receipt.number.lower(), relaxed).status_code == 200
    wrong_secret = status(client, receipt.number, "AAAA-BBBB-CCCC-DDDD")
    unknown = "TG-ZZZZ-ZZZZ" if receipt.number != "TG-ZZZZ-ZZZZ" else "TG-YYYY-YYYY"
    wrong_number = status(client, unknown, receipt.secret)
    assert wrong_secret.status_code == wrong_number.status_code == 404
    assert (wrong_secret.get_data(as_text=True).replace(receipt.number, "N")
            == wrong_number.get_data(as_text=True).replace(unknown, "N"))


def test_wrong_guesses_are_limited_the_same_way_for_any_number(app, graph):
    client = family(app, "198.51.100.9")
    receipt = file(family(app), MOHAMMED)
    answers = [status(client, receipt.number if i % 2 else "TG-0000-0000", "WRONG-WRONG").status_code
               for i in range(12)]
    assert answers[:10] == [404] * 10 and answers[10:] == [429, 429]
    # Even the right secret waits now, from this address; another family is not affected.
    assert status(client, receipt.number, receipt.secret).status_code == 429
    assert status(family(app, "192.0.2.44"), receipt.number, receipt.secret).status_code == 200


def test_nothing_is_lost_when_a_step_is_invalid(app, graph):
    client = family(app)
    token = csrf_of(client)
    client.post("/inquiry/new/consent", data={"csrf": token, "consent_scope": "partners", "consent": "yes"})
    response = client.post("/inquiry/new/person", data={
        "csrf": token, "family_name": "Haddad", "given_names": "Omar", "date_of_birth_year": "1998",
        "date_of_birth_month": "2", "date_of_birth_day": "30", "age": "abc"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "That day does not exist in that month." in html and "Write a whole number between 0 and 120." in html
    assert 'value="Haddad"' in html and 'value="Omar"' in html and 'value="30"' in html
    later = client.get("/inquiry/new/person").get_data(as_text=True)
    assert 'value="Haddad"' in later and 'value="30"' in later
    # The consent comes before any personal data: without it every other step leads back to it.
    stranger = family(app)
    assert stranger.get("/inquiry/new/person").headers["Location"].endswith("/inquiry/new/consent")


def test_the_staff_queue_proposes_the_existing_report_as_the_same_person(app, graph):
    receipt = file(family(app), MOHAMMED)
    assert app.extensions["tracegraph.inquiry.worker"].drain(120)
    candidates = graph.read(
        "MATCH (:Report {uid: $uid})-[:HAS_CANDIDATE]->(c:Candidate)-[:PROPOSES]->(r:Report) "
        "RETURN r.uid AS report, c.band AS band ORDER BY c.posterior DESC", {"uid": f"INQUIRY:{receipt.number}"})
    assert candidates and candidates[0]["report"] == "AAA:R1"
    assert all(c["band"] != "strong" for c in candidates)
    staff = _staff(app, "inv")
    queue = staff.get("/inquiries").get_data(as_text=True)
    assert receipt.number in queue
    assert re.search(r"probably the same person as report\s+<a[^>]*>R1</a> of agency AAA", queue)
    duplicates = staff.get("/inquiries?tab=duplicates").get_data(as_text=True)
    assert receipt.number in duplicates
    page = staff.get(f"/inquiries/{receipt.number}").get_data(as_text=True)
    assert "Probably the same person as report" in page and "AAA:R1" in page


def test_moves_are_recorded_and_the_family_reads_them(app, graph, web_home):
    client = family(app)
    receipt = file(client, MOHAMMED)
    staff = _staff(app, "inv")
    move = lambda to, text, **extra: staff.post(  # noqa: E731
        f"/inquiries/{receipt.number}/move", data={"csrf_token": staff.csrf, "to": to, "text": text, **extra})
    assert move("merged", "no target").status_code == 400
    assert move("checking", "reading it").status_code == 302
    assert 'data-status="being_checked"' in status(client, receipt.number, receipt.secret).get_data(as_text=True)
    requested = move("sample_requested", "Please come to the Red Crescent office in Gaziantep, any weekday.")
    assert requested.status_code == 302
    page = status(client, receipt.number, receipt.secret).get_data(as_text=True)
    assert 'data-status="sample_requested"' in page and "Red Crescent office in Gaziantep" in page
    assert move("verified", "the mother confirmed by phone").status_code == 302
    assert graph.read("MATCH (r:Report {uid: $uid}) RETURN r.verification AS v, r.inquiry_status AS s",
                      {"uid": f"INQUIRY:{receipt.number}"})[0] == {"v": "verified", "s": "verified"}
    assert 'data-status="worked_on"' in status(client, receipt.number, receipt.secret).get_data(as_text=True)
    assert move("not_a_case", "not allowed from verified").status_code == 400
    connection = localstore.connect(web_home / "web.sqlite3")
    entries = auditlog.entries(connection, action="inquiry", target=f"Report|INQUIRY:{receipt.number}")
    trail = [e.detail for e in entries]
    connection.close()
    assert len(trail) == 3 and trail[0].startswith("sample_requested -> verified")


def test_merging_links_the_family_to_the_existing_report(app, graph):
    receipt = file(family(app), MOHAMMED)
    staff = _staff(app, "inv")
    response = staff.post(f"/inquiries/{receipt.number}/move", data={
        "csrf_token": staff.csrf, "to": "merged", "text": "same parents, same boat", "into": "AAA:R1"})
    assert response.status_code == 302
    rows = graph.read(
        "MATCH (i:Report {uid: $uid})-[d:DUPLICATE_OF]->(r:Report {uid: 'AAA:R1'}) "
        "MATCH (r)-[:REPORTED_MISSING]->(p)<-[k:RELATIVE_OF]-(f:Person {uid: $uid + '#reporter'}) "
        "RETURN d.merged_by AS by, k.relationship AS kin, i.exclude_from_matching AS out, i.inquiry_status AS s",
        {"uid": f"INQUIRY:{receipt.number}"})
    assert rows == [{"by": "inv", "kin": "mother", "out": True, "s": "merged"}]


def test_withdrawal_takes_the_inquiry_out_of_matching_and_sharing(app, graph, web_home):
    client = family(app)
    receipt = file(client, MOHAMMED)
    assert app.extensions["tracegraph.inquiry.worker"].drain(120)
    uid = f"INQUIRY:{receipt.number}"
    count_candidates = "MATCH (:Report {uid: $uid})-[:HAS_CANDIDATE]->(c) RETURN count(c) AS n"
    assert graph.read(count_candidates, {"uid": uid})[0]["n"] > 0
    token = csrf_of(client, "/inquiry/status")
    unconfirmed = client.post("/inquiry/withdraw",
                              data={"csrf": token, "number": receipt.number, "secret": receipt.secret})
    assert unconfirmed.status_code == 422
    done = client.post("/inquiry/withdraw", data={"csrf": token, "number": receipt.number, "secret": receipt.secret,
                                                  "confirm": "yes"})
    assert done.status_code == 200 and 'data-status="withdrawn"' in done.get_data(as_text=True)
    shared = graph.read(
        "MATCH (n) WHERE n.uid STARTS WITH $uid OPTIONAL MATCH (n)-[r]-() WHERE r.source_record = $number "
        "RETURN collect(DISTINCT n.sharing) + collect(DISTINCT r.sharing) AS s",
        {"uid": uid, "number": receipt.number})[0]["s"]
    assert set(shared) == {"agency"}
    assert graph.read(count_candidates, {"uid": uid})[0]["n"] == 0
    from identify.world import load_world
    assert uid not in load_world(graph).reports
    connection = localstore.connect(web_home / "web.sqlite3")
    trail = auditlog.entries(connection, action="inquiry_withdrawn", target=f"Report|{uid}")
    connection.close()
    assert len(trail) == 1 and trail[0].username == "family"


def test_the_inquiry_cli_lists_shows_and_exports(app, graph, web_home, cli_env, tracegraph_command):
    import json
    import subprocess
    receipt = file(family(app), MOHAMMED)
    env = {**cli_env, "TRACEGRAPH_HOME": str(web_home)}
    run = lambda *args: subprocess.run([*tracegraph_command, "inquiries", *args], env=env, capture_output=True,  # noqa: E731
                                       text=True, timeout=120)
    listed = run("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert receipt.number in {row["number"] for row in json.loads(listed.stdout)}
    shown = run("show", receipt.number.lower(), "--json")
    assert shown.returncode == 0, shown.stderr
    whole = json.loads(shown.stdout)
    assert (whole["number"], whole["report"]["verification"], whole["contact"]["phone"], whole["relationship"]) == (
        receipt.number, "unverified", "+963 944 123 456", "mother")
    exported = run("export", "--json")
    assert exported.returncode == 0 and receipt.number in {row["number"] for row in json.loads(exported.stdout)}
    unknown = run("show", "TG-0000-0000")
    assert unknown.returncode == 1 and "there is no inquiry" in unknown.stderr and "Traceback" not in unknown.stderr


def test_an_unverified_inquiry_has_no_brief_until_an_investigator_verifies_it(app, graph):
    import briefs
    from cases import Viewer
    receipt = file(family(app), MOHAMMED)
    uid = f"INQUIRY:{receipt.number}"
    reader = Viewer(agency="AAA", dna_cleared=True, name="lia")
    with pytest.raises(briefs.UnverifiedReport, match="no investigator has verified"):
        briefs.build(graph, uid, reader, "authority", "en")
    staff = _staff(app, "lia")
    refused = staff.get(f"/briefs/{uid}?audience=authority&lang=en")
    assert refused.status_code == 400 and "no investigator has verified" in refused.get_data(as_text=True)
    desk = _staff(app, "inv")
    assert desk.post(f"/inquiries/{receipt.number}/move",
                     data={"csrf_token": desk.csrf, "to": "verified", "text": "checked"}).status_code == 302
    content = briefs.build(graph, uid, reader, "authority", "en")
    assert content["person"]["name"] == "Mohammed Ali"


def test_everyone_together_is_held_at_the_global_limit_and_keeps_what_they_wrote(web_home, _session_store, graph):
    app = inquiry_app(web_home, _session_store, overall=((2, 3600.0),))
    assert file(family(app, "192.0.2.61"), MOHAMMED).number and file(family(app, "192.0.2.62"), MOHAMMED).number
    third = family(app, "192.0.2.63")
    token = csrf_of(third)
    for step in ("consent", "person", "you"):
        assert third.post(f"/inquiry/new/{step}", data={"csrf": token, "go": "next", **MOHAMMED}).status_code == 302
    held = third.post("/inquiry/new/send", data={"csrf": token})
    assert held.status_code == 503 and int(held.headers["Retry-After"]) > 0
    assert "What you wrote is kept" in held.get_data(as_text=True)
    assert 'value="Mohammed"' in third.get("/inquiry/new/person").get_data(as_text=True)
    assert graph.read("MATCH (r:Report {source: 'online inquiry'}) RETURN count(r) AS n")[0]["n"] == 2
