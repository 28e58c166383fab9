"""Four eyes: one person proposes a confirmation, another confirms it; what a confirmation closes
and what reopening it gives back. Every transition and every refusal, through the JSON API and
the case page, against the crafted graph (AAA:R1 -> BBB:B1 strong; the same remains claimed by
AAA:R2 and by BBB:R9, which AAA cannot see; R1's sighting AAA:S1)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from identify import review as rules
from web import auditlog

CANDIDATE = "AAA:R1->BBB:B1"


def post(client, candidate, to_status, token, reason="checked the evidence"):
    return client.post("/api/review", json={"candidate_uid": candidate, "to_status": to_status, "reason": reason,
                                            "token": token}, headers={"X-CSRFToken": client.csrf})


def statuses(store):
    return {row["uid"]: (row["status"], row["by"], row["was"]) for row in store.read(
        "MATCH (c:Candidate) RETURN c.uid AS uid, c.review_status AS status, c.settled_by AS by, "
        "c.settled_from AS was")}


def outcome(store):
    return store.read("MATCH (r:Report {uid: 'AAA:R1'}), (b:Remains {uid: 'BBB:B1'}) "
                      "RETURN r.status AS report, b.identification_status AS remains, "
                      "r.status_before_confirmation AS report_before, "
                      "b.identification_status_before_confirmation AS remains_before")[0]


def propose(client, candidate=CANDIDATE, tag="a"):
    assert post(client, candidate, "under_review", f"start-{tag}-0001").status_code == 201
    response = post(client, candidate, "confirmation_proposed", f"propose-{tag}-0001", "DNA LR 10^6, same voyage")
    assert response.status_code == 201, response.get_json()
    return response


def test_the_rules_of_who_may_confirm():
    policy = rules.ConfirmationPolicy()
    amina = rules.Reviewer("amina", "investigator", "AAA")
    proposal = rules.Proposal("amina", "AAA")
    assert rules.confirmation_refusal(amina, proposal, policy) == rules.SELF_CONFIRMATION
    assert rules.confirmation_refusal(rules.Reviewer("bilal", "analyst", "AAA"), proposal, policy) is None
    assert rules.confirmation_refusal(rules.Reviewer("bilal", "investigator", "AAA"), proposal, policy) is None
    assert rules.confirmation_refusal(rules.Reviewer("carla", "investigator", "BBB"), proposal, policy) == (
        "This confirmation was proposed at AAA; a reviewer of AAA must confirm it.")
    assert rules.confirmation_refusal(rules.Reviewer("carla", "investigator", "BBB"), proposal,
                                      rules.ConfirmationPolicy(same_agency=False)) is None
    only_analysts = rules.ConfirmationPolicy(roles=frozenset({"analyst"}))
    assert rules.confirmation_refusal(rules.Reviewer("bilal", "investigator", "AAA"), proposal, only_analysts) == (
        "Only an analyst may confirm an identification; your role is investigator.")
    assert "propose it first" in rules.confirmation_refusal(amina, None, policy)
    moves, notes = rules.moves_for("confirmation_proposed", amina, proposal, policy)
    assert [to for to, _ in moves] == ["under_review"] and notes == [rules.SELF_CONFIRMATION]
    with pytest.raises(rules.ReviewRefused, match="a second person must confirm it"):
        rules.plan("c", "confirmation_proposed", "confirmed", amina, "sure", "token-123456", proposal, policy)


def test_propose_then_a_second_person_confirms(graph, client_for, app):
    inv, ana = client_for("inv"), client_for("ana")
    before = outcome(graph)
    assert before["report"] == "believed_missing" and before["remains"] == "unidentified"
    propose(inv)
    # the proposer cannot confirm; the case page says why instead of offering the move
    refused = post(inv, CANDIDATE, "confirmed", "confirm-self-0001")
    assert refused.status_code == 400
    assert refused.get_json()["message"] == "You proposed this confirmation yourself: a second person must confirm it."
    page = inv.get("/cases/AAA:R1").get_data(as_text=True)
    assert "awaiting a second reviewer&#39;s confirmation" in page
    assert "You proposed this confirmation yourself: a second person must confirm it." in page
    assert "Confirm identification (second reviewer)" not in page
    assert "Confirm identification (second reviewer)" not in inv.get(
        "/cases/AAA:R1", query_string={"review": CANDIDATE}).get_data(as_text=True)
    assert "Confirm identification (second reviewer)" in ana.get(
        "/cases/AAA:R1", query_string={"review": CANDIDATE}).get_data(as_text=True)
    assert statuses(graph)[CANDIDATE][0] == "confirmation_proposed"
    # another agency's investigator may see the candidate but not confirm AAA's proposal
    other = post(client_for("inv-bbb"), CANDIDATE, "confirmed", "confirm-bbb-0001")
    assert other.status_code == 400 and other.get_json()["message"] == (
        "This confirmation was proposed at AAA; a reviewer of AAA must confirm it.")

    confirmed = post(ana, CANDIDATE, "confirmed", "confirm-ana-0001", "read the DNA report, agree")
    assert confirmed.status_code == 201 and confirmed.get_json()["status"] == "confirmed"
    after = outcome(graph)
    assert after == {"report": "identified", "remains": "identified", "report_before": "believed_missing",
                     "remains_before": "unidentified"}
    now = statuses(graph)
    assert now[CANDIDATE] == ("confirmed", None, None)
    # the report's sighting, and every other report's claim on the remains, are closed
    for closed in ("AAA:R1->AAA:S1", "AAA:R2->BBB:B1", "BBB:R9->BBB:B1"):
        assert now[closed] == ("settled", CANDIDATE, "proposed")
    assert now["AAA:R3->BBB:B9"] == ("proposed", None, None)
    trail = graph.read("MATCH (r:Review)-[:REVIEW_OF]->(:Candidate {uid: $c}) RETURN r.reviewer AS who, "
                       "r.reviewer_role AS role, r.reviewer_agency AS agency, r.to_status AS to ORDER BY r.at",
                       {"c": CANDIDATE})
    assert [(t["who"], t["role"], t["agency"], t["to"]) for t in trail] == [
        ("inv", "investigator", "AAA", "under_review"), ("inv", "investigator", "AAA", "confirmation_proposed"),
        ("ana", "analyst", "AAA", "confirmed")]
    report = ana.get("/api/cases/AAA:R1").get_json()
    assert report["report"]["status"] == "identified"
    mine = next(c for c in report["candidates"] if c["uid"] == CANDIDATE)
    assert (mine["confirmation_proposed_by"], mine["confirmed_by"]) == ("inv", "ana")
    sighting = next(c for c in report["candidates"] if c["uid"] == "AAA:R1->AAA:S1")
    assert sighting["moves"] == [] and "Closed when the identification AAA:R1->BBB:B1" in sighting["review_notes"][0]
    # a settled candidate cannot be moved on its own
    moved = post(inv, "AAA:R1->AAA:S1", "under_review", "settled-move-0001")
    assert moved.status_code == 400 and "reopen that identification" in moved.get_json()["message"]
    with app.app_context():
        from web import localstore
        connection = localstore.connect(app.config["LOCAL_DATABASE"])
        entries = auditlog.entries(connection, target=f"Candidate|{CANDIDATE}")
        logged = [(e.username, e.action, e.detail) for e in entries]
        connection.close()
    assert ("ana", "review", "confirmation_proposed -> confirmed: read the DNA report, agree") in logged
    assert any(who == "inv" and action == "review_refused" and "second person" in detail
               for who, action, detail in logged)


def test_reopening_restores_statuses_and_rival_candidates_exactly(graph, client_for):
    inv, ana = client_for("inv"), client_for("ana")
    # a rival already under review, awaiting nothing: it must come back as it was
    assert post(ana, "AAA:R2->BBB:B1", "under_review", "rival-start-0001").status_code == 201
    graph.write("MATCH (b:Remains {uid: 'BBB:B1'}) SET b.identification_status = 'provisional'")
    before, before_statuses = outcome(graph), statuses(graph)
    propose(inv)
    assert post(ana, CANDIDATE, "confirmed", "confirm-ana-0002").status_code == 201
    assert statuses(graph)["AAA:R2->BBB:B1"] == ("settled", CANDIDATE, "under_review")
    reopened = post(inv, CANDIDATE, "under_review", "reopen-inv-0001", "the family disputes it")
    assert reopened.status_code == 201
    assert outcome(graph) == before
    restored = statuses(graph)
    assert {uid: s for uid, s in restored.items() if uid != CANDIDATE} == {
        uid: s for uid, s in before_statuses.items() if uid != CANDIDATE}
    assert restored[CANDIDATE] == ("under_review", None, None)
    steps = graph.read("MATCH (r:Review)-[:REVIEW_OF]->(:Candidate {uid: $c}) RETURN r.from_status AS f, "
                       "r.to_status AS t, r.reviewer AS who, r.reason AS why ORDER BY r.at", {"c": CANDIDATE})
    assert (steps[-1]["f"], steps[-1]["t"], steps[-1]["who"], steps[-1]["why"]) == (
        "confirmed", "under_review", "inv", "the family disputes it")
    # and it can be proposed and confirmed again, by the other pair of eyes this time
    assert post(ana, CANDIDATE, "confirmation_proposed", "propose-ana-0002").status_code == 201
    assert post(inv, CANDIDATE, "confirmed", "confirm-inv-0002").status_code == 201
    assert outcome(graph)["report"] == "identified"


def test_a_proposal_can_be_declined_or_withdrawn(graph, client_for):
    inv, ana = client_for("inv"), client_for("ana")
    propose(inv)
    declined = post(ana, CANDIDATE, "under_review", "decline-ana-0001", "wait for the dental records")
    assert declined.status_code == 201
    row = graph.read("MATCH (c:Candidate {uid: $c}) RETURN c.review_status AS s, c.confirmation_proposed_by AS by",
                     {"c": CANDIDATE})[0]
    assert row == {"s": "under_review", "by": None}
    # with no pending proposal nobody can confirm
    assert post(ana, CANDIDATE, "confirmed", "confirm-none-0001").status_code == 400
    assert post(inv, CANDIDATE, "confirmation_proposed", "propose-again-0001").status_code == 201
    assert post(inv, CANDIDATE, "under_review", "withdraw-inv-0001", "proposed too early").status_code == 201
    assert outcome(graph)["report"] == "believed_missing"


def test_the_confirming_role_is_configurable(graph, client_for, app, monkeypatch):
    monkeypatch.setitem(app.config, "CONFIRMATION_POLICY", rules.ConfirmationPolicy(roles=frozenset({"analyst"})))
    propose(client_for("ana"))
    refused = post(client_for("inv"), CANDIDATE, "confirmed", "confirm-inv-0003")
    assert refused.status_code == 400 and refused.get_json()["message"] == (
        "Only an analyst may confirm an identification; your role is investigator.")
    monkeypatch.setitem(app.config, "CONFIRMATION_POLICY", rules.ConfirmationPolicy(same_agency=False))
    assert post(client_for("inv-bbb"), CANDIDATE, "confirmed", "confirm-bbb-0002").status_code == 201


def test_the_policy_is_read_from_the_environment():
    from graphmodel.config import load_settings
    from web.config import confirmation_policy
    assert confirmation_policy(load_settings({})) == rules.ConfirmationPolicy()
    assert confirmation_policy(load_settings({"TRACEGRAPH_CONFIRM_ROLES": "analyst",
                                              "TRACEGRAPH_CONFIRM_AGENCY": "any"})) == (
        rules.ConfirmationPolicy(roles=frozenset({"analyst"}), same_agency=False))
    with pytest.raises(ValueError, match="TRACEGRAPH_CONFIRM_ROLES must name roles that review"):
        confirmation_policy(load_settings({"TRACEGRAPH_CONFIRM_ROLES": "liaison"}))
    with pytest.raises(ValueError, match="TRACEGRAPH_CONFIRM_AGENCY must be same or any"):
        load_settings({"TRACEGRAPH_CONFIRM_AGENCY": "mine"})


def test_two_identifications_of_one_report_cannot_both_be_confirmed(graph, client_for):
    inv, ana, other = client_for("inv"), client_for("ana"), client_for("inv-nodna")
    propose(inv, CANDIDATE, "b1")
    propose(inv, "AAA:R1->AAA:S1", "s1")
    # two second reviewers confirm both at the same moment: one wins, the other is refused
    with ThreadPoolExecutor(2) as pool:
        codes = list(pool.map(lambda job: post(job[0], job[1], "confirmed", job[2]).status_code,
                              [(ana, CANDIDATE, "race-ana-0001"), (other, "AAA:R1->AAA:S1", "race-oth-0001")]))
    assert sorted(codes) == [201, 400]
    confirmed = [uid for uid, (status, _, _) in statuses(graph).items() if status == "confirmed"]
    assert len(confirmed) == 1
    loser = CANDIDATE if confirmed == ["AAA:R1->AAA:S1"] else "AAA:R1->AAA:S1"
    assert statuses(graph)[loser] == ("settled", confirmed[0], "confirmation_proposed")
    expected = "identified" if confirmed == [CANDIDATE] else "found_alive"
    assert outcome(graph)["report"] == expected


def test_a_confirmed_sighting_means_found_alive(graph, client_for):
    propose(client_for("inv"), "AAA:R1->AAA:S1")
    assert post(client_for("ana"), "AAA:R1->AAA:S1", "confirmed", "confirm-sighting-1").status_code == 201
    assert outcome(graph)["report"] == "found_alive" and outcome(graph)["remains"] == "unidentified"
    assert statuses(graph)[CANDIDATE] == ("settled", "AAA:R1->AAA:S1", "proposed")
    page = client_for("inv").get("/cases/AAA:R1").get_data(as_text=True)
    assert 'id="report-status">found alive<' in page


def test_a_duplicate_report_confirmation_links_the_reports_and_changes_no_status(graph, client_for):
    for report, other in (("AAA:R1", "AAA:R2"), ("AAA:R2", "AAA:R1")):
        graph.write("MATCH (r:Report {uid: $r}), (o:Report {uid: $o}) CREATE (r)-[:HAS_CANDIDATE]->"
                    "(:Candidate {uid: $r + '->' + $o, candidate_kind: 'report', band: 'probable', "
                    "review_status: 'proposed', log10_lr: 3.0, posterior: 0.8, evidence: '[]'})-[:PROPOSES]->(o)",
                    {"r": report, "o": other})
    propose(client_for("inv"), "AAA:R1->AAA:R2")
    assert post(client_for("ana"), "AAA:R1->AAA:R2", "confirmed", "confirm-dup-0001").status_code == 201
    now = statuses(graph)
    assert now["AAA:R2->AAA:R1"] == ("settled", "AAA:R1->AAA:R2", "proposed")
    # both reports still seek the person: their identifications stay open
    assert now[CANDIDATE][0] == "proposed" and now["AAA:R2->BBB:B1"][0] == "proposed"
    statuses_of_reports = graph.read(
        "MATCH (r:Report) WHERE r.uid IN ['AAA:R1', 'AAA:R2'] RETURN collect(r.status) AS s")
    assert statuses_of_reports[0]["s"] == ["believed_missing", "believed_missing"]
    assert post(client_for("inv"), "AAA:R1->AAA:R2", "under_review", "reopen-dup-0001").status_code == 201
    assert statuses(graph)["AAA:R2->AAA:R1"] == ("proposed", None, None)


def test_the_case_page_form_says_a_refusal_on_the_page(graph, client_for):
    inv = client_for("inv")
    propose(inv)
    response = inv.post("/review", data={"candidate_uid": CANDIDATE, "to_status": "confirmed",
                                         "from_status": "confirmation_proposed", "reason": "sure of it",
                                         "token": "form-self-0001", "csrf_token": inv.csrf})
    assert response.status_code == 302
    page = inv.get("/cases/AAA:R1").get_data(as_text=True)
    assert 'class="flash flash-error"' in page
    assert "You proposed this confirmation yourself: a second person must confirm it." in page
    assert statuses(graph)[CANDIDATE][0] == "confirmation_proposed"


@pytest.mark.parametrize("lang, told, confirmed, closed", [
    ("en", "have been identified as Mohammed Ali", "This identification has been confirmed after review.",
     "This possible identification was closed when another identification was confirmed."),
    ("es", "han sido identificados como Mohammed Ali", "Esta identificación ha sido confirmada",
     "Esta posible identificación se cerró cuando se confirmó otra"),
    ("ar", "على أنه رفات Mohammed Ali", "تأكّد هذا التعرّف بعد المراجعة.",
     "أُغلق هذا التعرّف المحتمل عندما تأكّد تعرّف آخر."),
])
def test_briefs_after_a_confirmation(graph, client_for, lang, told, confirmed, closed):
    propose(client_for("inv"))
    assert post(client_for("ana"), CANDIDATE, "confirmed", "confirm-brief-0001").status_code == 201
    family = client_for("lia").get(f"/briefs/AAA:R1?audience=family&lang={lang}").get_data(as_text=True)
    authority = client_for("lia").get(f"/briefs/AAA:R1?audience=authority&lang={lang}").get_data(as_text=True)
    # the family reads the confirmed identification, not the candidates it closed
    assert told in family and closed not in family and 'class="examined"' not in family
    assert family.count('class="identification keep"') == 1 and authority.count('class="candidate keep"') == 2
    assert confirmed in authority and closed in authority
    # both reviewers sign the authority brief
    signatures = authority.split('class="grid signatures"')[1]
    assert "inv" in signatures and "ana" in signatures


def test_a_confirmation_of_another_agency_is_not_named(graph, client_for, app):
    # BBB confirms its own agency-only report R9 -> B1: AAA's claims on B1 close, without naming R9
    graph.write("MATCH (c:Candidate {uid: 'BBB:R9->BBB:B1'}) SET c.review_status = 'under_review'")
    from web import accounts, localstore
    connection = localstore.connect(app.config["LOCAL_DATABASE"])
    for name in ("inv-bbb2",):
        if accounts.get_user(connection, name) is None:
            accounts.add_user(connection, name, "correct horse battery", "investigator", "BBB")
    connection.close()
    assert post(client_for("inv-bbb"), "BBB:R9->BBB:B1", "confirmation_proposed", "bbb-propose-0001").status_code == 201
    assert post(client_for("inv-bbb2"), "BBB:R9->BBB:B1", "confirmed", "bbb-confirm-0001").status_code == 201
    assert statuses(graph)["AAA:R2->BBB:B1"] == ("settled", "BBB:R9->BBB:B1", "proposed")
    page = client_for("inv").get("/cases/AAA:R2").get_data(as_text=True)
    assert "Closed when the identification of a report not shared with your agency was confirmed" in page
    assert "R9" not in page
    remains = client_for("inv").get("/api/entity/Remains/BBB:B1").get_json()["node"]["properties"]
    assert remains["identification_status"] == "identified" and "R9" not in str(remains)


def test_every_transition_and_every_illegal_move(graph, client_for):
    """Walk the state machine through each of its moves; from each state, every other target is refused."""
    inv, ana = client_for("inv"), client_for("ana")
    counter = iter(range(1000))

    def move(client, to_status, expected=201):
        response = post(client, "AAA:R1->AAA:S1", to_status, f"walk-{next(counter):04d}-token")
        assert response.status_code == expected, (to_status, response.get_json())
        return response

    def refuses_all_but(state, allowed):
        for target in rules.STATUSES:
            if target not in allowed:
                response = move(ana, target, 400)
                assert response.get_json()["error"] == "bad_request"
        assert statuses(graph)["AAA:R1->AAA:S1"][0] == state

    walk = [(inv, "under_review"), (inv, "proposed"), (inv, "under_review"), (inv, "excluded"),
            (inv, "under_review"), (inv, "confirmation_proposed"), (ana, "under_review"),
            (ana, "confirmation_proposed"), (inv, "confirmed"), (ana, "under_review")]
    state = "proposed"
    for client, target in walk:
        refuses_all_but(state, {to for (origin, to) in rules.TRANSITIONS if origin == state})
        move(client, target)
        state = target
    assert {(a, b) for a, b in zip(["proposed"] + [t for _, t in walk], [t for _, t in walk])} == set(rules.TRANSITIONS)
    # and the settled state has no move at all
    propose(inv)
    assert post(ana, CANDIDATE, "confirmed", "walk-confirm-b1").status_code == 201
    refuses_all_but("settled", set())
