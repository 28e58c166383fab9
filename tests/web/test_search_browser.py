"""Search in a real browser: the box has the focus after login, an identifier answers with its
record, a name opens the case, and the filters narrow to a kind with pages. Screenshots in
test-artifacts/web/."""

from __future__ import annotations

import pytest

from test_browser import CHROMIUM, browser, live_url, page_as, shot  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


def test_search_from_login_to_the_case(graph, page_as, live_url):  # noqa: F811
    page = page_as("inv")
    assert page.url.endswith("/search")
    # After login the investigator types at once.
    assert page.evaluate("document.activeElement && document.activeElement.id") == "search-input"
    page.keyboard.type("R1")
    page.keyboard.press("Enter")
    page.wait_for_selector("#exact")
    assert page.locator("#exact .hit-title").first.inner_text() == "R1"
    shot(page, "search-identifier")
    page.fill("#search-input", "Ali")
    page.select_option("#filter-kind", "Person")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("section[data-kind=Person]")
    titles = page.locator("section[data-kind=Person] .hit-title").all_inner_texts()
    assert titles[0] == "Mohammed Ali" and titles[-1] == "Fatima Ali", titles
    assert page.locator("section[data-kind=Report]").count() == 0
    shot(page, "search-people")
    page.locator("section[data-kind=Person] .hit-title", has_text="Mohammed Ali").click()
    page.wait_for_selector("#summary")
    assert page.url.endswith("/cases/AAA:R1")
