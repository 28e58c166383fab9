"""Rival claims and records of one body on the case page and its JSON, under the access rules."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.neo4j


def rival(store, first: str, second: str, kind: str) -> None:
    store.write("MATCH (a:Candidate {uid: $a}), (b:Candidate {uid: $b}) "
                "MERGE (a)-[r:RIVAL_OF]->(b) SET r.kind = $kind MERGE (b)-[s:RIVAL_OF]->(a) SET s.kind = $kind "
                "SET a.rival = true, b.rival = true", {"a": first, "b": second, "kind": kind})


def test_rivals_are_named_when_visible_and_counted_when_not(graph, client_for):
    rival(graph, "AAA:R2->BBB:B1", "BBB:R9->BBB:B1", "another_report")  # BBB:R9 is BBB's alone
    rival(graph, "AAA:R1->BBB:B1", "AAA:R1->AAA:S1", "another_body")
    body = client_for("inv").get("/api/cases/AAA:R2/candidates").get_json()
    claim = next(c for c in body["candidates"] if c["uid"] == "AAA:R2->BBB:B1")
    messages = [c["message"] for c in claim["conflicts"]]
    assert any("1 more rival claim(s)" in m and "not shared with your agency" in m for m in messages)
    assert not any("BBB:R9" in m for m in messages)
    body = client_for("inv").get("/api/cases/AAA:R1/candidates").get_json()
    claim = next(c for c in body["candidates"] if c["uid"] == "AAA:R1->BBB:B1")
    rival_of = [c for c in claim["conflicts"] if c["kind"] == "another_body"]
    assert len(rival_of) == 1 and "also strongly matched to another body, AAA:S1" in rival_of[0]["message"]
    # AAA:R2's strong claim on the same record is named once, by the review rules' warning
    assert sum("AAA:R2" in c["message"] for c in claim["conflicts"]) == 1
    page = client_for("inv").get("/cases/AAA:R1").get_data(as_text=True)
    assert "both cannot be the missing person" in page
    brief = client_for("lia").get("/briefs/AAA:R1?audience=authority&lang=en").get_data(as_text=True)
    assert "also strongly matched to another body, AAA:S1" in brief
    family = client_for("lia").get("/briefs/AAA:R1?audience=family&lang=en").get_data(as_text=True)
    assert "another body" not in family


def test_a_second_part_of_a_body_is_shown_as_a_re_association(graph, client_for):
    graph.write("MERGE (b:Remains {uid: 'BBB:B7'}) SET b.agency = 'BBB', b.record_id = 'B7'")
    graph.write("MATCH (c:Candidate {uid: 'AAA:R2->BBB:B1'}) SET c.association = 'same_body', "
                "c.same_body_as = 'BBB:B7', c.pairwise_posterior = 0.99")
    page = client_for("inv").get("/cases/AAA:R2").get_data(as_text=True)
    assert "A further part of the same body as" in page and "not a second identification" in page
    assert "BBB:B7" in page and "re-association" in page
    # a part has no probability of its own on the case page
    assert "posterior 0.900" not in page and "on its own evidence" not in page
    body = client_for("inv").get("/api/cases/AAA:R2/candidates").get_json()
    claim = next(c for c in body["candidates"] if c["uid"] == "AAA:R2->BBB:B1")
    assert claim["association"] == "same_body" and claim["same_body_as"] == "BBB:B7"


def test_a_body_in_a_record_the_reader_may_not_see_is_not_named(graph, client_for):
    graph.write("MATCH (c:Candidate {uid: 'AAA:R2->BBB:B1'}) SET c.association = 'same_body', "
                "c.same_body_as = 'BBB:B9', c.pairwise_posterior = 0.99")  # BBB:B9 is BBB's alone
    page = client_for("inv").get("/cases/AAA:R2").get_data(as_text=True)
    assert "A further part of the same body as a record not shared with your agency" in page
    assert "BBB:B9" not in page and "SECRET-9" not in page
    body = client_for("inv").get("/api/cases/AAA:R2/candidates").get_json()
    claim = next(c for c in body["candidates"] if c["uid"] == "AAA:R2->BBB:B1")
    assert claim["association"] == "same_body" and claim["same_body_as"] is None


def add_skull(graph, status: str = "proposed") -> None:
    """A skull (BBB:B7) found after the body BBB:B1, the same DNA: a further part of R1's body."""
    graph.write("MERGE (b:Remains {uid: 'BBB:B7'}) SET b.agency = 'BBB', b.record_id = 'B7', "
                "b.case_number = 'CN-SKULL-7', b.recovery_date = '2016-07-30'")
    graph.write("MATCH (r:Report {uid: 'AAA:R1'}), (b:Remains {uid: 'BBB:B7'}) "
                "CREATE (r)-[:HAS_CANDIDATE]->(c:Candidate {uid: 'AAA:R1->BBB:B7', candidate_kind: 'remains', "
                "log10_lr: 6.8, posterior: 0.998, pairwise_posterior: 0.998, band: 'strong', "
                "review_status: $status, association: 'same_body', same_body_as: 'BBB:B1', evidence: '[]'})"
                "-[:PROPOSES]->(b)", {"status": status})


@pytest.mark.parametrize("lang, part_words, parts_heading", [
    ("en", "It was found later and belongs to the same body. It is not a separate lead.",
     "Further parts of the same body"),
    ("es", "Se encontró más tarde y pertenece al mismo cuerpo. No es una pista aparte.",
     "Otras partes del mismo cuerpo"),
])
def test_the_family_brief_says_a_fragment_is_a_further_part_of_the_body(graph, client_for, lang, part_words,
                                                                          parts_heading):
    add_skull(graph)
    html = client_for("lia").get(f"/briefs/AAA:R1?audience=family&lang={lang}").get_data(as_text=True)
    assert parts_heading in html and part_words in html and "CN-SKULL-7" in html
    assert "99.8 %" not in html  # no probability of its own
    assert html.count('class="candidate-family keep"') == 1  # the body B1, not the skull (S1 is a weak lead)
    body = html.split('class="candidate-family keep"')[1]
    assert "CN-17-2016" in body and "CN-SKULL-7" in body  # the skull is listed under its body
    authority = client_for("lia").get(f"/briefs/AAA:R1?audience=authority&lang={lang}").get_data(as_text=True)
    authority_part = "A further part of the same body (re-association), not a second identification." if lang == "en" \
        else "Una parte más del mismo cuerpo (reasociación), no una segunda identificación."
    assert authority_part in authority and authority.count('class="candidate keep"') == 2


@pytest.mark.parametrize("lang, confirmed_words, part_words", [
    ("en", "We are deeply sorry to tell you that the remains described below have been identified as Mohammed Ali.",
     "It was found later and belongs to the same person. It is not a second identification."),
    ("ar", "يؤسفنا بالغ الأسف أن نبلغكم بأنه قد تمّ التعرّف على الرفات الموصوف أدناه على أنه رفات Mohammed Ali.",
     "عُثر عليه لاحقًا وهو يعود إلى الشخص نفسه. وليس تعرّفًا ثانيًا."),
])
def test_after_confirmation_the_family_reads_the_identification_alone(graph, client_for, lang, confirmed_words,
                                                                      part_words):
    # as the four-eyes confirmation and review_settle leave it: B1 confirmed, the skull settled as
    # a part of B1, the sighting S1 still open (it is not listed to the family)
    add_skull(graph, status="settled")
    graph.write("MATCH (c:Candidate {uid: 'AAA:R1->BBB:B1'}) SET c.review_status = 'confirmed', "
                "c.reviewed_by = 'ana'")
    html = client_for("lia").get(f"/briefs/AAA:R1?audience=family&lang={lang}").get_data(as_text=True)
    assert html.count('class="identification keep"') == 1 and 'class="examined"' not in html
    assert confirmed_words in html and part_words in html and "CN-SKULL-7" in html
    assert "Mohamad Ali" not in html and "candidate-family" not in html
    authority = client_for("lia").get(f"/briefs/AAA:R1?audience=authority&lang={lang}").get_data(as_text=True)
    assert authority.count('class="candidate keep"') == 2 and "CN-SKULL-7" in authority
    assert "ana" in authority.split('class="grid signatures"')[1]  # the confirming reviewer signs


def test_other_reports_of_the_person_are_listed_apart_after_remains_and_sightings(graph, client_for):
    # a second report of the person, at a posterior below every remains and sighting candidate
    graph.write("MATCH (r:Report {uid: 'AAA:R1'}), (t:Report {uid: 'AAA:R2'}) "
                "CREATE (r)-[:HAS_CANDIDATE]->(c:Candidate {uid: 'AAA:R1->AAA:R2', candidate_kind: 'report', "
                "log10_lr: 9.5, posterior: 0.0001, band: 'possible', review_status: 'proposed', evidence: '[]'})"
                "-[:PROPOSES]->(t)")
    body = client_for("inv").get("/api/cases/AAA:R1/candidates").get_json()
    sections = [(c["section"], c["candidate_kind"]) for c in body["candidates"]]
    assert sections[-1] == ("same_person", "report") and len(sections) > 1
    assert all(section == "identification" and kind in ("remains", "sighting") for section, kind in sections[:-1])
    page = client_for("inv").get("/cases/AAA:R1").get_data(as_text=True)
    first = page.index('<h3 class="candidate-section" data-section="identification">')
    second = page.index('<h3 class="candidate-section" data-section="same_person">')
    assert first < second < page.index('data-candidate="AAA:R1-&gt;AAA:R2"')
    assert "Other reports that may be the same person" in page
