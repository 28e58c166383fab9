"""The case page an investigator works in all day, in a real browser: the summary at the top, the
candidates beyond the best three folded away, one review form opened on demand, fields by their
names in words, and one notice after a decision. Screenshots in test-artifacts/web/."""

from __future__ import annotations

import json
import time

import pytest

from test_browser import CHROMIUM, browser, live_url, page_as, shot  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]
B1 = "article[data-candidate='AAA:R1->BBB:B1']"
# What the graph stores but nobody reads: how they would appear if a page printed property names.
INTERNAL = ("age min", "age max", "date of birth precision", "last seen date precision", "name key",
            "name variants", "nationality raw", "row hash", "source file", "placeholder")


def add_candidates(graph, report: str = "AAA:R1", count: int = 12) -> None:
    """Further weak candidates of the report (remains of another boat), as a busy case has."""
    rows = [{"uid": f"AAA:X{n}", "record_id": f"X{n}", "case_number": f"CN-{n:02d}-2016",
             "candidate": f"{report}->AAA:X{n}", "log10_lr": round(1.0 - n * 0.1, 2),
             "band": "possible" if n < 6 else "excluded",
             "evidence": json.dumps([{"kind": "sex_age", "log10_lr": round(1.0 - n * 0.1, 2)},
                                     {"kind": "time_place", "log10_lr": 0.1}])} for n in range(1, count + 1)]
    graph.write("UNWIND $rows AS row CREATE (b:Remains {uid: row.uid, record_id: row.record_id, agency: 'AAA', "
                "sharing: 'partners', case_number: row.case_number, recovery_date: '2016-06-01', sex: 'M'}) "
                "WITH row, b MATCH (r:Report {uid: $report}) "
                "CREATE (r)-[:HAS_CANDIDATE]->(:Candidate {uid: row.candidate, candidate_kind: 'remains', "
                "log10_lr: row.log10_lr, posterior: 0.001, band: row.band, review_status: 'proposed', "
                "evidence: row.evidence})-[:PROPOSES]->(b)", {"rows": rows, "report": report})


def page_height(page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def test_a_busy_case_page_before_and_after(graph, page_as, live_url, client_for):  # noqa: F811
    add_candidates(graph)
    # the first view of a case in a session has Neo4j plan every query of the case read-model
    started = time.monotonic()
    assert client_for("inv").get("/cases/AAA:R1").status_code == 200
    print(f"first view of AAA:R1: {time.monotonic() - started:.1f} s")
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R1")
    page.wait_for_selector("#candidates")
    height = page_height(page)
    candidates = int(page.evaluate("document.getElementById('candidates').getBoundingClientRect().height"))
    print(f"case page AAA:R1 with 14 candidates: {height} px high at 1366 px wide, candidates {candidates} px")
    shot(page, "case-busy")
    # every candidate expanded with a review form of its own made this page 4,726 px high
    assert height < 3000, f"the busy case page is {height} px high"
    assert candidates < 900, f"the candidates take {candidates} px"
    assert page.locator("article.candidate:visible").count() == 3


def summary_text(page) -> str:
    return page.inner_text("#summary")


def test_the_summary_says_where_a_case_with_a_strong_candidate_stands(graph, page_as, live_url, client_for):  # noqa: F811
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R1")
    assert page.inner_text("#summary-status") == "Believed missing. 1 strong candidate not yet examined."
    best = page.locator("#summary .summary-best li")
    assert best.count() == 2
    first = best.nth(0).inner_text().lower()
    conflicts = next(c for c in client_for("inv").get("/api/cases/AAA:R1/candidates").get_json()["candidates"]
                     if c["uid"] == "AAA:R1->BBB:B1")["conflicts"]
    for words in ("remains", "cn-17-2016", "strong", "strongest evidence: dna: extremely strong support",
                  "not yet examined", f"{len(conflicts)} conflicts"):
        assert words in first, (words, first)
    assert "names: moderate support" in best.nth(1).inner_text() and "no conflict" in best.nth(1).inner_text()
    # the family gave a reference sample, the remains were sampled, the boat is known: nothing missing
    assert page.locator("#summary-missing").count() == 0
    assert page.inner_text("#summary-next") == "Next: Start the review of remains CN-17-2016."
    # the line leads to the candidate it summarises
    page.locator("#summary .summary-best li").nth(0).locator("a").click()
    assert page.url.endswith("#candidate-1") and page.locator(f"{B1}#candidate-1").count() == 1
    shot(page, "case-summary-strong")


def test_the_summary_of_a_case_without_reference_sample_or_voyage(graph, page_as, live_url):  # noqa: F811
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R3")
    summary = summary_text(page)
    assert page.inner_text("#summary-status") == "Believed missing. No candidate identification yet."
    missing = page.locator("#summary-missing li").all_inner_texts()
    assert missing == ["No reference sample: no relative has given DNA and nothing of the person's has been sampled.",
                       "No voyage: the person is linked to no boat."]
    assert page.inner_text("#summary-next") == "Next: Ask the family for a reference DNA sample."
    # BBB's agency-only remains proposed for this report are neither counted nor named
    assert "SECRET-9" not in summary and "B9" not in page.inner_text("main")
    shot(page, "case-summary-no-reference")
    # without DNA clearance the summary does not say which samples exist
    plain = page_as("inv-nodna")
    plain.goto(live_url + "/cases/AAA:R3")
    assert "No reference sample" not in plain.inner_text("main")
    assert "Which DNA samples exist is shown to DNA-cleared users only." in summary_text(plain)
    assert plain.locator("#summary-missing li").all_inner_texts() == ["No voyage: the person is linked to no boat."]


def test_remains_never_sampled_are_named_as_missing(graph, page_as, live_url):  # noqa: F811
    add_candidates(graph, "AAA:R2", count=2)
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R2")
    missing = page.locator("#summary-missing li").all_inner_texts()
    assert "No DNA on the remains CN-01-2016, CN-02-2016." in missing
    assert not any("CN-17-2016" in m for m in missing)  # sampled (S-PM1)


def test_candidates_beyond_the_best_three_are_folded(graph, page_as, live_url):  # noqa: F811
    add_candidates(graph)
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R1")
    assert page.locator("article.candidate").count() == 14
    assert page.locator("article.candidate:visible").count() == 3
    assert page.inner_text("#more-identification > summary") == "11 more (weaker, excluded or closed)"
    # the summary's best lines are B1, S1 and X1; X2 to X5 are still open, X6 to X12 scored out
    assert "CN-01-2016" in summary_text(page) and "4 weaker candidates further down." in summary_text(page)
    page.click("#more-identification > summary")
    assert page.locator("article.candidate:visible").count() == 14
    # a review opened on a folded candidate unfolds them (a plain link: no script involved)
    page.goto(live_url + "/cases/AAA:R1?review=AAA:R1->AAA:X9")
    assert page.get_attribute("#more-identification", "open") is not None
    assert page.locator("article[data-candidate='AAA:R1->AAA:X9'] form.review-form").is_visible()


def test_one_review_form_opened_on_demand_and_one_notice_after(graph, page_as, live_url):  # noqa: F811
    add_candidates(graph)
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R1")
    assert page.locator("form.review-form").count() == 0
    assert page.locator("a.review-open").count() == 14
    page.locator(f"{B1} a.review-open").click()
    page.wait_for_selector("#review-form")
    assert page.locator("form.review-form").count() == 1
    assert page.locator(f"{B1} form.review-form").count() == 1 and page.locator(f"{B1} a.review-open").count() == 0
    form = page.locator("#review-form")
    form.locator("select[name=to_status]").select_option(label="Start review")
    form.locator("input[name=reason]").fill("DNA and voyage agree")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    flashes = page.locator(".flash").all_inner_texts()
    assert flashes == ["Recorded: remains CN-17-2016 is now under review. "
                       "2 conflicts to look at, listed on the candidate."], flashes
    assert page.locator(".flash-warning").count() == 0 and page.locator("form.review-form").count() == 0
    assert page.inner_text("#summary-status") == "Believed missing. 1 candidate under review."
    assert page.inner_text("#summary-next") == ("Next: Finish the review of remains CN-17-2016: "
                                                "propose its confirmation or exclude it.")
    shot(page, "case-review-recorded")


def test_fields_are_named_in_words_and_internal_ones_hidden(graph, page_as, live_url):  # noqa: F811
    graph.write("MATCH (p:Person {uid: 'AAA:R1#missing'}) SET p.age_min = 20, p.age_max = 30, "
                "p.nationality = 'ERI', p.nationality_raw = 'Eritria', p.date_of_birth_precision = 'year', "
                "p.last_seen_date_precision = 'day', p.row_hash = 'f00d', p.placeholder = false")
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R1")
    person = page.inner_text("#person")
    for words in ("Name\tMohammed Ali", "Father's name\tHassan", "Age when missing\t20–30 years",
                  "Nationality\tEritrea", "Distinguishing marks\tscar on left hand",
                  "Clothing when last seen\tred jacket"):
        assert words in person, (words, person)
    text = page.inner_text("main").lower()
    for internal in INTERNAL:
        assert internal not in text, internal
    # the country by its name (CLDR), never the text as delivered
    assert "eritria" not in text and "f00d" not in text
