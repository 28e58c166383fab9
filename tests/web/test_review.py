"""The review state machine: the rules on their own, then decisions recorded in the graph."""

from __future__ import annotations

import pytest

from identify import review as rules


def test_rules_allow_only_the_documented_moves():
    allowed = {(a, b) for a in rules.STATUSES for b in rules.STATUSES if (a, b) in rules.TRANSITIONS}
    assert allowed == {("proposed", "under_review"), ("under_review", "proposed"),
                       ("under_review", "confirmation_proposed"), ("under_review", "excluded"),
                       ("confirmation_proposed", "confirmed"), ("confirmation_proposed", "under_review"),
                       ("confirmed", "under_review"), ("excluded", "under_review")}
    with pytest.raises(rules.ReviewRefused, match="cannot become confirmed"):
        rules.plan("c", "proposed", "confirmed", "amina", "sure", "token-123456")
    with pytest.raises(rules.ReviewRefused, match="cannot become confirmed"):
        rules.plan("c", "under_review", "confirmed", "amina", "sure", "token-123456")
    with pytest.raises(rules.ReviewRefused, match="reason"):
        rules.plan("c", "proposed", "under_review", "amina", "  ", "token-123456")
    with pytest.raises(rules.ReviewRefused, match="token"):
        rules.plan("c", "proposed", "under_review", "amina", "because", "bad token!")
    with pytest.raises(rules.ReviewRefused, match="closed when another identification was confirmed"):
        rules.plan("c", "settled", "under_review", "amina", "because", "token-123456")
    decision = rules.plan("c", "proposed", "under_review", "amina", " because ", "token-123456")
    assert decision.reason == "because" and decision.review_uid == "c#review:token-123456"


def test_conflict_rules():
    rivals = [{"report_uid": "R2", "candidate_uid": "C2", "review_status": "confirmed"},
              {"report_uid": "R3", "candidate_uid": "C3", "review_status": "excluded"}]
    siblings = [{"uid": "C1", "review_status": "proposed"}, {"uid": "C9", "review_status": "confirmed"}]
    found = rules.conflicts({"uid": "C1", "review_status": "proposed"}, siblings, rivals, hidden_rivals=1)
    kinds = [c.kind for c in found]
    assert kinds == ["same_record", "same_record", "report_confirmed"]
    assert "confirmed for report R2" in found[0].message


def post_review(client, candidate, to_status, token, reason="checked the evidence", seen=None):
    body = {"candidate_uid": candidate, "to_status": to_status, "reason": reason, "token": token}
    if seen:
        body["from_status"] = seen
    return client.post("/api/review", json=body, headers={"X-CSRFToken": client.csrf})


def newest_audit_id(web_db) -> int:
    from web import auditlog
    newest = auditlog.entries(web_db, limit=1)
    return newest[0].id if newest else 0


def trail(store, candidate):
    return store.read("MATCH (r:Review)-[:REVIEW_OF]->(c:Candidate {uid: $c}) RETURN r.from_status AS f, "
                      "r.to_status AS t, r.reviewer AS who, r.reason AS why, r.at IS NOT NULL AS dated ORDER BY r.at",
                      {"c": candidate})


@pytest.mark.both_stores
def test_a_candidate_moves_through_review_with_a_trail(graph, client_for, web_db):
    client = client_for("inv")
    candidate = "AAA:R1->BBB:B1"
    second = client_for("ana")
    before = newest_audit_id(web_db)
    assert post_review(client, candidate, "under_review", "tok-aaaa-1").status_code == 201
    assert post_review(client, candidate, "confirmation_proposed", "tok-aaaa-2",
                       reason="DNA LR 10^6 and same voyage").status_code == 201
    confirmed = post_review(second, candidate, "confirmed", "tok-aaaa-3", reason="checked the DNA report")
    assert confirmed.status_code == 201
    body = confirmed.get_json()
    assert body["status"] == "confirmed"
    # The rival claim on the same remains is closed by the confirmation, not left as a conflict.
    other = client_for("inv").get("/cases/AAA:R2").get_data(as_text=True)
    assert "Closed when the identification AAA:R1-&gt;BBB:B1 was confirmed" in other
    assert post_review(client, candidate, "under_review", "tok-aaaa-4", reason="family disputes").status_code == 201
    steps = trail(graph, candidate)
    assert [(s["f"], s["t"]) for s in steps] == [("proposed", "under_review"),
                                                 ("under_review", "confirmation_proposed"),
                                                 ("confirmation_proposed", "confirmed"), ("confirmed", "under_review")]
    assert [s["who"] for s in steps] == ["inv", "inv", "ana", "inv"] and all(s["dated"] for s in steps)
    from web import auditlog
    audited = [entry for entry in auditlog.entries(web_db, action="review", target=f"Candidate|{candidate}", limit=10)
               if entry.id > before]
    assert [entry.username for entry in audited] == ["inv", "ana", "inv", "inv"]
    assert "family disputes" in audited[0].detail and "checked the DNA report" in audited[1].detail
    assert "DNA LR 10^6" in audited[2].detail
    other = client_for("inv").get("/cases/AAA:R2").get_data(as_text=True)
    assert "also strongly matches report AAA:R1" in other


def test_the_same_decision_twice_is_recorded_once(graph, client_for):
    client = client_for("ana")
    first = post_review(client, "AAA:R1->AAA:S1", "under_review", "double-click-1", seen="proposed")
    again = post_review(client, "AAA:R1->AAA:S1", "under_review", "double-click-1", seen="proposed")
    assert first.status_code == 201 and again.status_code == 200 and again.get_json()["duplicate"]
    assert len(trail(graph, "AAA:R1->AAA:S1")) == 1


@pytest.mark.both_stores
def test_concurrent_duplicate_submissions_are_recorded_once(graph, client_for, app, web_db):
    from concurrent.futures import ThreadPoolExecutor
    clients = [client_for("inv") for _ in range(4)]
    before = newest_audit_id(web_db)
    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(lambda c: post_review(c, "AAA:R1->AAA:S1", "under_review", "race-token-1",
                                                    seen="proposed").status_code, clients))
    assert sorted(codes) == [200, 200, 200, 201]
    assert len(trail(graph, "AAA:R1->AAA:S1")) == 1
    from web import auditlog
    assert len([entry for entry in auditlog.entries(web_db, action="review", target="Candidate|AAA:R1->AAA:S1",
                                                    limit=10) if entry.id > before]) == 1
    assert auditlog.verify(web_db).broken is None


def test_a_stale_or_illegal_decision_is_refused(graph, client_for):
    client = client_for("inv")
    assert post_review(client, "AAA:R1->AAA:S1", "confirmed", "illegal-token-1").status_code == 400
    assert post_review(client, "AAA:R1->AAA:S1", "under_review", "first-token-1", seen="proposed").status_code == 201
    stale = post_review(client, "AAA:R1->AAA:S1", "under_review", "second-token-1", seen="proposed")
    assert stale.status_code == 400 and "changed while you were looking" in stale.get_json()["message"]
    assert post_review(client, "AAA:R1->AAA:S1", "excluded", "third-token-1", reason="").status_code == 400
    assert post_review(client, "no-such-candidate", "under_review", "fourth-token-1").status_code == 404


def test_review_form_on_the_case_page(graph, client_for):
    client = client_for("inv")
    page = client.get("/cases/AAA:R1", query_string={"review": "AAA:R1->AAA:S1"}).get_data(as_text=True)
    assert page.count('name="token"') == 1 and "Start review" in page
    response = client.post("/review", data={"candidate_uid": "AAA:R1->AAA:S1", "to_status": "under_review",
                                            "from_status": "proposed", "reason": "same name, same boat",
                                            "token": "form-token-1", "csrf_token": client.csrf})
    assert response.status_code == 302 and "/cases/AAA:R1" in response.headers["Location"]
    page = client.get("/cases/AAA:R1").get_data(as_text=True)
    assert "same name, same boat" in page and "Recorded" in page
