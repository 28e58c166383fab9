"""The staff pages in another language, in a real browser: an investigator chooses Arabic, then
Albanian, from the header's menu; the search page and the case page are then in that language
(`<html lang dir>`, labels, the case summary), the choice holds on the next page and at the next
login (it is kept in the user's row), and Arabic reads right to left."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from test_browser import CHROMIUM, browser, live_url, shot  # noqa: F401 - fixtures
from web import accounts

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]
# a user of its own, so that the language it chooses reaches no other test
USER = "inv-lang"
# the English of the summary and the case page's headings: none may be left in another language
ENGLISH = ("Where the case stands", "strongest evidence", "Next:", "not yet examined", "Believed missing",
           "conflict", "Candidate identifications", "Missing person", "Journey", "Timeline", "Map",
           "Link chains", "Evidence", "From the family's report", "The same record")


@pytest.fixture
def language_user(web_db):
    if accounts.get_user(web_db, USER) is None:
        accounts.add_user(web_db, USER, PASSWORD, "investigator", "AAA", dna_cleared=True)
    accounts.set_language(web_db, USER, None)
    yield USER
    accounts.set_language(web_db, USER, None)


def _log_in(context, live_url):  # noqa: F811
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(live_url + "/login")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#search-form")
    return page


def _choose(page, code: str) -> None:
    page.select_option("#language-select", code)
    with page.expect_navigation():
        page.click("#language-apply")


def _html(page) -> tuple[str, str]:
    return (page.evaluate("document.documentElement.lang"), page.evaluate("document.documentElement.dir"))


def test_an_investigator_reads_search_and_case_in_arabic_then_albanian(graph, browser, live_url,  # noqa: F811
                                                                      language_user):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = _log_in(context, live_url)
        assert _html(page) == ("en", "ltr") and page.inner_text("h1") == "Search"

        _choose(page, "ar")
        assert _html(page) == ("ar", "rtl")
        assert page.inner_text("h1") == "بحث"
        assert page.get_attribute("#search-input", "aria-label") == "نص البحث"
        assert page.inner_text("#search-form legend") == "تضييق النتائج"
        assert page.inner_text("#filter-kind option >> nth=0") == "كل الأنواع"
        page.fill("#search-input", "Mohammed Ali")
        page.press("#search-input", "Enter")
        page.wait_for_selector("section[data-kind=Person] .hit")
        assert page.locator("section[data-kind=Person] h2").inner_text() == "الأشخاص"
        assert page.locator("section[data-kind=Person] .hit .badge").first.inner_text() == "شخص مفقود"
        shot(page, "language-ar-search")
        # the choice holds on the next page: the case
        page.goto(live_url + "/cases/AAA:R1")
        page.wait_for_selector("#summary")
        assert _html(page) == ("ar", "rtl")
        assert page.inner_text("#summary-title") == "أين وصلت الحالة"
        assert page.inner_text("#summary-status") == "يُعتقد أنه مفقود. مرشّح قوي واحد (1) لم يُفحص بعد."
        assert page.inner_text("#summary-next").startswith("الخطوة التالية:")
        assert "أقوى دليل: الحمض النووي: دعم قوي للغاية" in page.inner_text("#summary .summary-best li >> nth=0")
        assert page.inner_text("#person th >> nth=0") == "الاسم"  # the model's field label, translated
        assert page.inner_text("#timeline h3 >> nth=0") == "من بلاغ العائلة"
        main = page.inner_text("main")
        left = [words for words in ENGLISH if words in main]
        assert left == [], left
        # right to left: the summary's bar and the candidates' on the right, the brand at the right end
        assert page.evaluate("getComputedStyle(document.getElementById('summary')).borderRightWidth") == "5px"
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] > 1366 / 2, brand
        shot(page, "language-ar-case")

        _choose(page, "sq")
        assert page.url.endswith("/cases/AAA:R1")
        assert _html(page) == ("sq", "ltr")
        assert page.inner_text("#summary-title") == "Ku qëndron rasti"
        assert page.inner_text("#summary-status") == ("Besohet se është i zhdukur. "
                                                      "1 kandidat i fortë, ende i pashqyrtuar.")
        assert page.inner_text("#summary-next") == "Hapi tjetër: Filloni shqyrtimin për mbetjet CN-17-2016."
        assert page.inner_text("#candidates h2").startswith("Identifikime kandidate")
        main = page.inner_text("main")
        left = [words for words in ENGLISH if words in main]
        assert left == [], left
        shot(page, "language-sq-case")
        page.goto(live_url + "/search")
        assert _html(page) == ("sq", "ltr") and page.inner_text("h1") == "Kërko"
        assert page.errors == [], page.errors
    finally:
        context.close()
    # kept in the user's row: a new browser, a new login, the same language
    again = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = _log_in(again, live_url)
        assert _html(page) == ("sq", "ltr") and page.inner_text("h1") == "Kërko"
    finally:
        again.close()
