"""The pages in a real browser (Debian's Chromium through Playwright), with screenshots.

Run only these: `.venv/bin/python -m pytest tests/web -m browser`. Screenshots go to
test-artifacts/web/.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from conftest import ARTIFACTS, PASSWORD
from live import CHROMIUM, chromium, served

playwright_api = pytest.importorskip("playwright.sync_api")
SHOTS = ARTIFACTS / "web"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


@pytest.fixture(scope="module")
def live_url(app) -> Iterator[str]:
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page_as(browser, live_url):
    pages = []
    def make(username: str | None):
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.csp_errors = []
        page.on("console", lambda m: page.csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: page.csp_errors.append(str(e)))
        page.goto(live_url + "/login")
        if username:
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("#login-form button[type=submit]")
            page.wait_for_load_state("networkidle")
        pages.append(page)
        return page
    yield make
    for page in pages:
        assert page.csp_errors == [], page.csp_errors
        page.context.close()


def wait_until(page, expression: str, timeout: float = 20.0) -> None:
    """Poll a JS expression from outside the page (the CSP forbids Playwright's in-page eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.1)


def shot(page, name: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("username,landing", [("inv", "/search"), ("ana", "/search"), ("lia", "/search"),
                                              ("adm", "/admin/users")])
def test_each_role_logs_in(graph, page_as, live_url, username, landing):
    page = page_as(username)
    assert page.url == live_url + landing
    assert username in page.inner_text(".who")
    shot(page, f"login-{username}")


def test_a_forbidden_page_is_refused(graph, page_as, live_url):
    page = page_as("lia")
    response = page.goto(live_url + "/console")
    assert response.status == 403 and "Not allowed" in page.inner_text("main")
    shot(page, "forbidden-console-liaison")
    admin = page_as("adm")
    assert admin.goto(live_url + "/cases/AAA:R1").status == 403


def test_investigation_flow(graph, page_as, live_url):
    page = page_as("inv")
    # Search a transliterated name: the Latin spelling finds the Arabic record too.
    page.fill("#search-input", "Muhammad Aly")
    page.press("#search-input", "Enter")
    page.wait_for_selector(".result-group[data-kind=Person]")
    people = page.inner_text(".result-group[data-kind=Person]")
    assert "Mohammed Ali" in people and "محمد علي" in people
    shot(page, "search-transliterated")
    # The missing person's name opens the case.
    page.click(".result-group[data-kind=Person] a.hit-title:has-text('Mohammed Ali')")
    page.wait_for_selector("#candidates")
    assert "CN-17-2016" in page.inner_text("#candidates")
    page.wait_for_selector("#case-map[data-loaded]")
    assert int(page.get_attribute("#case-map", "data-loaded")) >= 4
    shot(page, "case-view")
    # Review a candidate.
    page.click("article[data-candidate='AAA:R1->BBB:B1'] a.review-open")
    form = page.locator("article[data-candidate='AAA:R1->BBB:B1'] form.review-form")
    form.locator("input[name=reason]").fill("DNA and voyage agree; starting review")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".flash-ok")
    assert "Recorded" in page.inner_text(".flash-ok")
    assert "under review" in page.inner_text("article[data-candidate='AAA:R1->BBB:B1'] header")
    shot(page, "review-recorded")
    # The graph canvas: chains, expand, shortest path, save layout.
    page.click("article[data-candidate='AAA:R1->BBB:B1'] a:has-text('Link chains')")
    wait_until(page, "document.getElementById('canvas-app').dataset.nodes > 0")
    before = int(page.get_attribute("#canvas-app", "data-nodes"))
    voyage = page.evaluate("TG.cy.nodes().filter(n => n.data('key') === 'AAA:V1').id()")
    page.evaluate(f"TG.cy.getElementById({voyage!r}).emit('tap')")
    page.wait_for_selector("#node-panel:not([hidden]) #node-props tr")
    assert "Blue Star" in page.inner_text("#node-panel")
    page.click("#btn-expand")
    wait_until(page, f"document.getElementById('canvas-app').dataset.nodes > {before}")
    shot(page, "graph-expanded")
    page.evaluate("""() => { TG.cy.elements().unselect();
        TG.cy.nodes().filter(n => ['AAA:R2#missing', 'AAA:S1'].includes(n.data('key'))).select(); }""")
    assert page.evaluate("TG.cy.nodes(':selected').length") == 2
    page.click("#btn-paths")
    wait_until(page, "document.getElementById('canvas-app').dataset.paths > 0")
    assert page.evaluate("TG.cy.nodes('.on-path').length") >= 3
    shot(page, "graph-shortest-path")
    page.fill("#layout-name", "browser test")
    page.click("#btn-save")
    wait_until(page, "document.getElementById('canvas-status').textContent.includes('Layout saved')")
    page.reload()
    wait_until(page, "document.getElementById('canvas-app').dataset.nodes > 0")
    saved = page.locator("#layout-select option", has_text="browser test").first.inner_text()
    page.select_option("#layout-select", label=saved)
    wait_until(page, "document.getElementById('canvas-status').textContent.includes('Opened layout')")
    assert int(page.get_attribute("#canvas-app", "data-nodes")) > before
    shot(page, "graph-layout-reopened")


def test_canvas_stays_responsive_with_500_nodes(graph, page_as, live_url):
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R1/graph?candidate=AAA:R1->BBB:B1")
    wait_until(page, "document.getElementById('canvas-app').dataset.nodes > 0")
    timings = page.evaluate("""async () => {
        const cy = TG.cy, kinds = ['Person', 'Remains', 'Sighting', 'Voyage', 'Place'];
        const els = [];
        for (let i = 0; i < 500; i++) {
          els.push({group: 'nodes', data: {id: 'x' + i, kind: kinds[i % 5], caption: 'node ' + i},
                    position: {x: (i % 25) * 60, y: Math.floor(i / 25) * 60}});
          if (i) els.push({group: 'edges', data: {id: 'e' + i, source: 'x' + i, target: 'x' + Math.floor(i / 3),
                           type: 'LINK', strength: ['strong', 'probable', 'possible'][i % 3]}});
        }
        let t = performance.now();
        cy.add(els); cy.fit();
        const add = performance.now() - t;
        const nextFrame = () => new Promise(resolve => requestAnimationFrame(resolve));
        await nextFrame();
        t = performance.now();
        for (let z = 0; z < 20; z++) { cy.zoom(0.5 + z * 0.05); cy.pan({x: z * 10, y: z * 5}); await nextFrame(); }
        const frame = (performance.now() - t) / 20;
        t = performance.now();
        cy.layout({name: 'fcose', animate: false, randomize: true, quality: 'default'}).run();
        const layout = performance.now() - t;
        return {add, frame, layout, nodes: cy.nodes().length};
    }""")
    (ARTIFACTS / "web").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "web" / "canvas-500-timings.txt").write_text(repr(timings) + "\n")
    shot(page, "graph-500-nodes")
    assert timings["nodes"] >= 500
    assert timings["add"] < 2000 and timings["frame"] < 250 and timings["layout"] < 15000, timings
