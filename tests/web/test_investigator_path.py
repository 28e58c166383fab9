"""The investigator's path in a real browser, on a desktop (1440×900) and a phone (390×844): login,
search, the case, a candidate, its link chains, a review. A screenshot of each page kind is saved in
test-artifacts/web/ for review."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from test_browser import CHROMIUM, browser, live_url, shot, wait_until  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]
B1 = "article[data-candidate='AAA:R1->BBB:B1']"
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_login_search_case_candidate_chain_review(graph, browser, live_url, device):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[device])
    page = context.new_page()
    # A first view of a case has Neo4j plan every query of its read-model: slow on a loaded machine.
    page.set_default_timeout(90_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(live_url + "/login")
        shot(page, f"path-{device}-1-login")
        page.fill("input[name=username]", "inv")
        page.fill("input[name=password]", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        # The search box has the focus: the investigator types the name at once.
        assert page.evaluate("document.activeElement && document.activeElement.id") == "search-input"
        page.keyboard.type("Mohammed Ali")
        page.keyboard.press("Enter")
        page.wait_for_selector("section[data-kind=Person] .hit")
        first = page.locator("section[data-kind=Person] .hit").first
        assert first.locator(".badge").first.inner_text() == "missing person"
        shot(page, f"path-{device}-2-search")
        first.locator(".hit-title").click()
        page.wait_for_selector("#summary")
        assert page.url.endswith("/cases/AAA:R1")
        shot(page, f"path-{device}-3-case")
        # The best candidate, from the summary's line, then its link chains.
        page.locator("#summary .summary-best li").nth(0).locator("a").click()
        assert page.url.endswith("#candidate-1")
        assert page.locator(B1).is_visible()
        shot(page, f"path-{device}-4-candidate")
        page.locator(f"{B1} a", has_text="Link chains").click()
        page.wait_for_selector("#canvas-app")
        wait_until(page, "document.getElementById('canvas-app').dataset.nodes > 0")
        assert "candidate=AAA:R1-%3EBBB:B1" in page.url or "candidate=AAA:R1->BBB:B1" in page.url
        shot(page, f"path-{device}-5-chain")
        page.go_back()
        page.wait_for_selector("#summary")
        page.locator(f"{B1} a.review-open").click()
        page.wait_for_selector("#review-form")
        form = page.locator(f"{B1} form.review-form")
        form.locator("select[name=to_status]").select_option(label="Start review")
        form.locator("input[name=reason]").fill("DNA and voyage agree")
        shot(page, f"path-{device}-6-review-form")
        # The first decision of a session also brings the analysts' views up to date: minutes at a high load.
        with page.expect_navigation(timeout=240_000):
            form.locator("button[type=submit]").click(no_wait_after=True)
        page.wait_for_selector("#summary-status")
        assert page.inner_text("#summary-status") == "Believed missing. 1 candidate under review."
        shot(page, f"path-{device}-7-review-recorded")
        # Nothing wider than the screen on the phone: the pages reflow rather than scroll sideways.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the case page is {overflow} px wider than a {device} screen"
        assert errors == [], errors
    finally:
        context.close()
