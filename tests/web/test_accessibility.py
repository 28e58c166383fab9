"""Every page kind the app serves, checked with axe-core in a real browser (Debian's Chromium through
Playwright): no violation of impact "serious" or "critical" (axe's default rules: WCAG 2 A/AA and its
best practices). axe is vendored from npm into web/test_vendor/ by web/vendor_assets.sh and injected
by the test only; no page the users get loads it.

A failure lists each violation as a line of a to-do list: the page, the rule, its impact, what it
asks and the first elements it found.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask

from conftest import PASSWORD
from graphmodel.config import InquirySettings
from inquiry_helpers import MOHAMMED, family, file
from live import CHROMIUM, chromium, served
from test_browser import shot, wait_until
from test_inquiry_browser import _answer as answers
from test_inquiry_browser import _next as next_step
from web import create_app

playwright_api = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).resolve().parents[2] / "web" / "test_vendor" / "axe.min.js"
SERIOUS = ("serious", "critical")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
CANDIDATE = "AAA:R1->BBB:B1"

pytestmark = [pytest.mark.browser, pytest.mark.neo4j,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


@pytest.fixture(scope="module")
def site(web_database, web_home, _session_store, analyst_views) -> Iterator[tuple[Flask, str]]:
    """The staff app with the families' inquiry too, on a port of its own; filing takes no minimum time."""
    app = create_app({"LOCAL_DATABASE": web_database, "SECRET_KEY_FILE": web_home / "key",
                      "STORE": _session_store, "VIEWS": analyst_views, "VIEWS_REFRESH_SECONDS": 0,
                      "INQUIRY": InquirySettings(min_seconds=0.0)})
    with served(app) as url:
        yield app, url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as launched:
        yield launched


class Audit:
    """One browser context (a user, a screen size) and the violations found on its pages so far."""

    def __init__(self, browser, url: str, viewport: dict[str, int], locale: str = "en-GB") -> None:
        # The pages' Content-Security-Policy allows only the app's own scripts; the test's axe is let in.
        self.context = browser.new_context(viewport=viewport, bypass_csp=True, locale=locale)
        self.page = self.context.new_page()
        self.page.set_default_timeout(90_000)
        self.url = url
        self.found: list[str] = []
        self.checked: list[str] = []

    def login(self, username: str) -> None:
        self.page.goto(self.url + "/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("#login-form button[type=submit]")
        self.page.wait_for_load_state("networkidle")

    def visit(self, path: str, ready: str | None = None, status: int = 200) -> None:
        response = self.page.goto(self.url + path)
        assert response is not None and response.status == status, (path, response and response.status)
        self.page.wait_for_load_state("networkidle")
        if ready:
            self.page.wait_for_selector(ready)

    def check(self, name: str) -> None:
        """Run axe on the page as it is now; keep its serious and critical violations."""
        assert AXE.exists(), "axe-core is not vendored: run web/vendor_assets.sh (scripts/setup.sh does)"
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        self.checked.append(name)
        before = len(self.found)
        for violation in result["violations"]:
            if violation["impact"] not in SERIOUS:
                continue
            nodes = violation["nodes"]
            targets = ", ".join(" ".join(node["target"]) for node in nodes[:3])
            why = " ".join(nodes[0].get("failureSummary", "").split())[:240]
            self.found.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']} "
                              f"[{len(nodes)}x: {targets}] {why}")
        if len(self.found) > before:
            shot(self.page, f"a11y-{name}")

    def close(self) -> None:
        self.context.close()
        assert self.checked, "no page was checked"


def assert_clean(*audits: Audit) -> None:
    for audit in audits:
        audit.close()
    found = [line for audit in audits for line in audit.found]
    assert not found, "serious accessibility violations:\n" + "\n".join(found)


def test_staff_pages(graph, browser, site, sync_views):
    app, url = site
    receipt = file(family(app, "192.0.2.61"), MOHAMMED)
    assert app.extensions["tracegraph.inquiry.worker"].drain(120)
    sync_views()
    audit = Audit(browser, url, DESKTOP)
    page = audit.page
    audit.visit("/login")
    audit.check("login")
    audit.login("ana")
    audit.visit("/search")
    audit.check("search-empty")
    audit.visit("/search?q=Mohammed", ready="section[data-kind=Person] .hit")
    audit.check("search-results")
    audit.visit(f"/cases/AAA:R1?review={quote(CANDIDATE)}", ready="#review-form")
    page.wait_for_selector("#case-map[data-loaded]")
    audit.check("case-review-form")
    audit.visit("/entity/Person/" + quote("AAA:R1#missing"))
    audit.check("entity-person")
    audit.visit("/entity/Remains/BBB:B1")
    audit.check("entity-remains")
    audit.visit("/entity/Candidate/" + quote(CANDIDATE))
    audit.check("entity-candidate")
    audit.visit("/cases/AAA:R1/graph?candidate=" + quote(CANDIDATE), ready="#canvas-app")
    wait_until(page, "document.getElementById('canvas-app').dataset.nodes > 0")
    audit.check("canvas-chain")
    voyage = page.evaluate("TG.cy.nodes().filter(n => n.data('key') === 'AAA:V1').id()")
    page.evaluate(f"TG.cy.getElementById({voyage!r}).emit('tap')")
    page.wait_for_selector("#node-panel:not([hidden]) #node-props tr")
    audit.check("canvas-node-panel")
    audit.visit("/console")
    wait_until(page, "document.getElementById('console-app').dataset.ready === '1'")
    page.select_option("#library-select", "voyage_manifest")
    page.fill("#param-form input[name=voyage]", "V1")
    page.click("#btn-run")
    wait_until(page, "document.getElementById('console-app').dataset.state === 'done'", timeout=120)
    audit.check("workbench-result")
    audit.visit("/inquiries")
    audit.check("inquiries")
    audit.visit(f"/inquiries/{receipt.number}")
    audit.check("inquiry-staff")
    audit.visit("/api-docs")
    audit.check("api-docs")
    audit.visit("/no/such/page", status=404)
    audit.check("error-404")
    assert_clean(audit)


def test_admin_and_brief_pages(graph, browser, site):
    _app, url = site
    admin = Audit(browser, url, DESKTOP)
    admin.login("adm")
    admin.visit("/admin/users")
    admin.check("admin-users")
    admin.visit("/admin/audit")
    admin.check("admin-audit")
    liaison = Audit(browser, url, DESKTOP)
    liaison.login("lia")
    for audience, lang in (("family", "en"), ("family", "ar"), ("authority", "en")):
        liaison.visit(f"/briefs/AAA:R1?audience={audience}&lang={lang}")
        liaison.check(f"brief-{audience}-{lang}")
    assert_clean(admin, liaison)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_family_inquiry_pages(graph, browser, site, lang):
    _app, url = site
    audit = Audit(browser, url, PHONE, locale=lang)
    page = audit.page
    audit.visit(f"/inquiry/?lang={lang}")
    assert (page.get_attribute("html", "lang"), page.get_attribute("html", "dir")) == (
        lang, "rtl" if lang == "ar" else "ltr")
    audit.check(f"inquiry-start-{lang}")
    audit.visit("/inquiry/privacy")
    audit.check(f"inquiry-privacy-{lang}")
    audit.visit("/inquiry/new/consent")
    audit.check(f"inquiry-consent-{lang}")
    answers(page, MOHAMMED)
    next_step(page)
    assert page.url.endswith("/inquiry/new/person")
    audit.check(f"inquiry-form-{lang}")
    # A step sent with a mistake: the message must be tied to its field.
    page.fill('[name="date_of_birth_year"]', "19")
    next_step(page)
    assert page.url.endswith("/inquiry/new/person") and page.locator(".field.invalid").count() > 0
    audit.check(f"inquiry-form-errors-{lang}")
    for _step in ("person", "description"):
        answers(page, MOHAMMED)
        next_step(page)
    assert page.url.endswith("/inquiry/new/photos")
    audit.check(f"inquiry-photos-{lang}")
    next_step(page)
    while not page.url.endswith("/inquiry/new/review"):
        answers(page, MOHAMMED)
        next_step(page)
    audit.check(f"inquiry-review-{lang}")
    with page.expect_navigation():
        page.click("#send")
    number, secret = page.inner_text("#number").strip(), page.inner_text("#secret").strip()
    audit.check(f"inquiry-receipt-{lang}")
    audit.visit("/inquiry/status")
    audit.check(f"inquiry-follow-up-{lang}")
    page.fill("#in-number", number)
    page.fill("#in-secret", secret)
    with page.expect_navigation():
        page.click('main button[type="submit"]')
    page.wait_for_selector("#status")
    audit.check(f"inquiry-status-{lang}")
    assert_clean(audit)


def test_case_and_search_on_a_phone(graph, browser, site):
    _app, url = site
    audit = Audit(browser, url, PHONE)
    audit.login("inv")
    audit.visit("/search?q=Mohammed", ready="section[data-kind=Person] .hit")
    audit.check("phone-search")
    audit.visit("/cases/AAA:R1", ready="#summary")
    audit.page.wait_for_selector("#case-map[data-loaded]")
    audit.check("phone-case")
    assert_clean(audit)
