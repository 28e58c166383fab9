"""Four eyes in a real browser: one investigator proposes, a second user confirms, the report's
status changes, reopening gives everything back. Screenshots in test-artifacts/web/."""

from __future__ import annotations

import pytest

from test_browser import CHROMIUM, browser, live_url, page_as, shot  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]
B1 = "article[data-candidate='AAA:R1->BBB:B1']"
S1 = "article[data-candidate='AAA:R1->AAA:S1']"


def decide(page, article: str, label: str, reason: str) -> None:
    """Open the page's one review form on the candidate, then record the decision."""
    page.locator(f"{article} a.review-open").click()
    page.wait_for_selector("#review-form")
    form = page.locator(f"{article} form.review-form")
    form.locator("select[name=to_status]").select_option(label=label)
    form.locator("input[name=reason]").fill(reason)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_propose_confirm_and_reopen(graph, page_as, live_url):  # noqa: F811
    first = page_as("inv")
    first.goto(live_url + "/cases/AAA:R1")
    assert first.inner_text("#report-status") == "believed missing"
    decide(first, B1, "Start review", "DNA and voyage agree")
    decide(first, B1, "Propose confirmation (a second reviewer confirms)", "DNA LR 10^6, same voyage")
    assert "Recorded" in first.inner_text(".flash-ok")
    card = first.inner_text(B1)
    assert "awaiting a second reviewer's confirmation" in card
    assert "You proposed this confirmation yourself: a second person must confirm it." in card
    first.locator(f"{B1} a.review-open").click()
    options = first.locator(f"{B1} select[name=to_status] option").all_inner_texts()
    assert "Confirm identification (second reviewer)" not in options
    shot(first, "four-eyes-proposed")

    second = page_as("ana")
    second.goto(live_url + "/cases/AAA:R1")
    assert "Confirmation proposed by inv (AAA)" in second.inner_text(B1)
    decide(second, B1, "Confirm identification (second reviewer)", "read the DNA report; agree")
    assert second.inner_text("#report-status") == "identified"
    assert second.get_attribute(f"{B1} [data-review-status]", "data-review-status") == "confirmed"
    assert "confirmed by ana" in second.inner_text(B1)
    assert second.get_attribute(f"{S1} [data-review-status]", "data-review-status") == "settled"
    assert "Closed when the identification AAA:R1->BBB:B1 was confirmed" in second.inner_text(S1)
    assert second.locator(f"{S1} a.review-open").count() == 0
    shot(second, "four-eyes-confirmed")
    second.goto(live_url + "/entity/Remains/BBB:B1")
    assert "identified" in second.inner_text("main")

    first.goto(live_url + "/cases/AAA:R1")
    decide(first, B1, "Reopen", "the family disputes the identification")
    assert first.inner_text("#report-status") == "believed missing"
    assert first.get_attribute(f"{B1} [data-review-status]", "data-review-status") == "under_review"
    assert first.get_attribute(f"{S1} [data-review-status]", "data-review-status") == "proposed"
    assert first.locator(f"{S1} a.review-open").count() == 1
    trail = first.locator(f"{B1} details.trail")
    trail.locator("summary").click()
    steps = trail.locator("li").all_inner_texts()
    assert len(steps) == 4 and "ana" in steps[2] and "the family disputes the identification" in steps[3]
    shot(first, "four-eyes-reopened")
    first.goto(live_url + "/entity/Remains/BBB:B1")
    assert "unidentified" in first.inner_text("main")
