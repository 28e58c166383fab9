"""A family files an inquiry in a real browser (Debian's Chromium through Playwright) on a phone-sized
screen with scripts turned off, in each of the five languages, then reads its status; an
investigator then finds it in the queue with the existing report proposed as the same person.

Screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image
from werkzeug.middleware.proxy_fix import ProxyFix

from conftest import ARTIFACTS, PASSWORD
from inquiry_helpers import MOHAMMED, inquiry_app
from web.inquiry import i18n

playwright_api = pytest.importorskip("playwright.sync_api")
from live import CHROMIUM, chromium, served  # noqa: E402 - after the skip when Playwright is absent

SHOTS = ARTIFACTS / "web"
PHONE = {"width": 390, "height": 844}
# Each family writes from an address of its own (as through the proxy in front of the app), so the
# per-address filing limits see five families, not one machine.
ADDRESSES = {"en": "192.0.2.21", "ar": "192.0.2.22", "es": "192.0.2.23", "sq": "192.0.2.24", "bs": "192.0.2.25"}
# Names in the family's own script too: the Arabic family writes the other names in Arabic.
IN_SCRIPT = {"ar": {"other_names": "محمد علي\nMohamed Aly", "reporter_family_name": "علي",
                    "reporter_given_names": "فاطمة"}}
NEVER_OVER_THE_WEB = ("We never tell anyone over the internet that a person has been identified. If there is news "
                      "of your relative, it is given to you in person or by an official authority.")

pytestmark = [pytest.mark.browser, pytest.mark.neo4j,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


@pytest.fixture(scope="module")
def inquiry_site(web_home, _session_store) -> Iterator[tuple]:
    app = inquiry_app(web_home, _session_store)
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)  # type: ignore[method-assign]
    # Waitress keeps the forwarded headers, as `tracegraph serve` does behind a trusted proxy.
    with served(app, clear_untrusted_proxy_headers=False) as url:
        yield app, url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as launched:
        yield launched


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (40, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def _answer(page, answers: dict[str, str]) -> None:
    """Fill every question of this step that the answers hold, as a person would."""
    for name, value in answers.items():
        control = page.locator(f'[name="{name}"]')
        if control.count() == 0:
            continue
        kind = (control.first.get_attribute("type") or control.first.evaluate("e => e.tagName")).lower()
        if kind == "radio":
            page.check(f'[name="{name}"][value="{value}"]')
        elif kind == "checkbox":
            page.check(f'[name="{name}"]')
        elif kind == "select":
            page.select_option(f'[name="{name}"]', value)
        else:
            page.fill(f'[name="{name}"]', value)


def _next(page) -> None:
    with page.expect_navigation():
        page.click('button[name="go"][value="next"]')


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


@pytest.mark.parametrize("lang", ["ar", "es", "en", "sq", "bs"])
def test_a_family_files_on_a_phone_without_scripts_and_reads_the_status(lang, browser, inquiry_site, graph):
    app, url = inquiry_site
    language = i18n.languages()[lang]
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale=lang,
                                  extra_http_headers={"X-Forwarded-For": ADDRESSES[lang]})
    page = context.new_page()
    documents: list[tuple[str, int]] = []
    page.on("response", lambda r: documents.append((r.url, len(r.body())))
            if r.request.resource_type == "document" and 200 <= r.status < 300 else None)
    try:
        # The language comes from the browser's Accept-Language; no switch was touched.
        page.goto(url + "/inquiry/")
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (lang, language.direction)
        direction = page.locator("main").evaluate("e => getComputedStyle(e).direction")
        assert direction == ("rtl" if lang == "ar" else "ltr")
        _fits_the_phone(page)
        with page.expect_navigation():
            page.click('main a[href$="/inquiry/new"]')
        # The privacy notice comes first, before any personal data is asked.
        assert page.url.endswith("/inquiry/new/consent")
        assert page.locator('[name="family_name"]').count() == 0
        assert page.locator("main").inner_text().count(language.gettext("Who may see this inquiry")) == 1
        answers = {**MOHAMMED, **IN_SCRIPT.get(lang, {})}
        for _step in ("consent", "person", "description"):
            _answer(page, answers)
            _fits_the_phone(page)
            _next(page)
        assert page.url.endswith("/inquiry/new/photos")
        page.set_input_files('input[name="photo"]', files=[
            {"name": "face.png", "mimeType": "image/png", "buffer": _photo()}])
        with page.expect_navigation():
            page.click('button[name="go"][value="stay"]')
        assert page.locator("ul.photos img").count() == 1
        _next(page)
        for step in ("journey", "travellers", "you"):
            assert page.url.endswith(f"/inquiry/new/{step}"), page.url
            _answer(page, answers)
            _next(page)
        assert page.url.endswith("/inquiry/new/review")
        review = page.locator("main").inner_text()
        assert answers["given_names"] in review and language.gettext("Photos sent: %(n)s", n=1) in review
        if lang == "ar":
            assert "محمد علي" in review
        page.screenshot(path=str(SHOTS / f"inquiry-review-{lang}.png"), full_page=True)
        with page.expect_navigation():
            page.click("#send")
        number, secret = page.inner_text("#number").strip(), page.inner_text("#secret").strip()
        assert number.startswith("TG-") and len(secret) >= 16
        assert page.locator("#number").get_attribute("dir") == "ltr"
        _fits_the_phone(page)
        page.screenshot(path=str(SHOTS / f"inquiry-receipt-{lang}.png"), full_page=True)

        with page.expect_navigation():
            page.click('main a[href$="/inquiry/status"]')
        page.fill("#in-number", number)
        page.fill("#in-secret", "WXYZ-WXYZ-WXYZ-WXYZ")
        with page.expect_navigation():
            page.click('main button[type="submit"]')
        assert page.locator("#not-found").count() == 1 and page.locator("#status").count() == 0
        page.fill("#in-number", number)
        page.fill("#in-secret", secret)
        with page.expect_navigation():
            page.click('main button[type="submit"]')
        assert page.get_attribute("#status", "data-status") == "received"
        status_text = page.locator("main").inner_text()
        assert language.gettext(NEVER_OVER_THE_WEB) in status_text
        if lang != "en":
            assert language.gettext(NEVER_OVER_THE_WEB) != NEVER_OVER_THE_WEB
        _fits_the_phone(page)
        page.screenshot(path=str(SHOTS / f"inquiry-status-{lang}.png"), full_page=True)
        assert documents and all(size < 100_000 for _url, size in documents), documents
    finally:
        context.close()

    # The investigator's side: the inquiry is in the queue, proposed as the same person as AAA's R1.
    assert app.extensions["tracegraph.inquiry.worker"].drain(120)
    staff = browser.new_context(viewport={"width": 1366, "height": 900})
    desk = staff.new_page()
    try:
        desk.goto(url + "/login")
        desk.fill("input[name=username]", "inv")
        desk.fill("input[name=password]", PASSWORD)
        desk.click("#login-form button[type=submit]")
        desk.wait_for_load_state("networkidle")
        desk.goto(url + "/inquiries?tab=duplicates")
        row = desk.locator("tr", has_text=number)
        assert row.count() == 1
        assert "probably the same person as report R1 of agency AAA" in " ".join(row.inner_text().split())
        if lang == "ar":
            desk.screenshot(path=str(SHOTS / "inquiry-queue.png"), full_page=True)
    finally:
        staff.close()
