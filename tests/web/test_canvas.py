"""The link-chain canvas in a real browser: a legend of every kind drawn, expansions and shortest
paths placed beside what they belong to without moving anything already drawn, edge labels only
on demand, keyboard use, and export as PNG and SVG. Screenshots in test-artifacts/web/."""

from __future__ import annotations

import math

import pytest

from test_browser import CHROMIUM, browser, live_url, page_as, shot, wait_until  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]

POSITIONS = "Object.fromEntries(TG.cy.nodes().map(n => [n.id(), [n.position('x'), n.position('y')]]))"


def closest_pair(positions: dict) -> float:
    points = list(positions.values())
    return min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])


def test_canvas_legend_stable_growth_keyboard_and_export(graph, page_as, live_url):  # noqa: F811
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R1/graph?candidate=AAA:R1->BBB:B1")
    wait_until(page, "document.getElementById('canvas-app').dataset.nodes > 0")
    legend = page.inner_text("#node-legend")
    for kind in ("Report", "Person", "Remains", "Sighting", "Voyage", "Incident", "Place", "DNA profile", "Candidate"):
        assert kind in legend, kind
    assert page.locator("#node-legend svg path").count() >= 9
    # Edge labels are not drawn over the captions; pointing at an edge shows its kind.
    assert page.evaluate("TG.cy.edges().every(e => e.style('label') === '')")

    # Expanding the voyage adds its neighbours beside it; nothing already drawn moves.
    before = page.evaluate(POSITIONS)
    voyage = page.evaluate("TG.cy.nodes().filter(n => n.data('key') === 'AAA:V1').id()")
    page.evaluate(f"TG.cy.getElementById({voyage!r}).emit('tap')")
    page.wait_for_selector("#node-panel:not([hidden]) #node-props tr")
    page.click("#btn-expand")
    wait_until(page, f"document.getElementById('canvas-app').dataset.nodes > {len(before)}")
    after = page.evaluate(POSITIONS)
    assert all(after[node] == before[node] for node in before)
    assert closest_pair(after) >= 40, "an expansion landed on top of a node"
    shot(page, "canvas-expanded-in-place")

    # Shortest paths highlight without a new layout either.
    before = page.evaluate(POSITIONS)
    page.evaluate("""() => { TG.cy.elements().unselect();
        TG.cy.nodes().filter(n => ['AAA:R2#missing', 'AAA:S1'].includes(n.data('key'))).select(); }""")
    page.click("#btn-paths")
    wait_until(page, "document.getElementById('canvas-app').dataset.paths > 0")
    after = page.evaluate(POSITIONS)
    assert all(after[node] == before[node] for node in before)
    assert page.evaluate("TG.cy.nodes('.on-path').length") >= 3

    # The keyboard: focus the canvas, walk to a node, show it, zoom.
    page.evaluate("TG.cy.elements().unselect()")
    page.focus("#cy")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("TG.cy.nodes(':selected').length") == 1
    assert "Enter shows it" in page.inner_text("#canvas-status")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_selector("#node-panel:not([hidden])")
    zoom = page.evaluate("TG.cy.zoom()")
    page.keyboard.press("+")
    assert page.evaluate("TG.cy.zoom()") > zoom

    # Export: a PNG and an SVG of the whole canvas.
    with page.expect_download() as png:
        page.click("#btn-png")
    assert png.value.suggested_filename == "link-chains-AAA_R1.png"
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.click("#btn-svg")
    assert svg.value.suggested_filename == "link-chains-AAA_R1.svg"
    assert "<svg" in open(svg.value.path(), encoding="utf-8").read(2000)
    assert page.csp_errors == []
    shot(page, "canvas-legend-keyboard")
