"""The case map in a real browser: the family's account and the voyage as dated lines, a place
named without coordinates drawn at its gazetteer town as approximate, and only candidates above
`possible` plotted. Screenshot in test-artifacts/web/."""

from __future__ import annotations

import pytest

from ingest import places
from test_browser import CHROMIUM, browser, live_url, page_as, shot  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


def test_the_map_draws_the_account_the_voyage_and_approximate_places(graph, page_as, live_url):  # noqa: F811
    # The family said the journey started in Agadez, without coordinates: the gazetteer places it.
    graph.write("MATCH (r:Report {uid: 'AAA:R1'})-[d:DEPARTED_FROM]->() DELETE d")
    graph.write("MATCH (r:Report {uid: 'AAA:R1'}) SET r.departure_date = '2016-04-02' "
                "CREATE (r)-[:DEPARTED_FROM]->(:Place {uid: 'agadez', name: 'Agadez', country: 'NER'})")
    graph.write("MATCH (p:Person {uid: 'AAA:R1#missing'}) SET p.last_seen_date = '2016-05-20'")
    assert places.locate_places(graph) == (1, 0)
    page = page_as("inv")
    page.goto(live_url + "/cases/AAA:R1#map-section")
    page.wait_for_selector("#case-map[data-loaded]")
    # departure (report, Agadez), last seen, voyage departure (Zuwara), incident, recovery of the
    # strong candidate; the sighting proposed at `possible` is not plotted.
    assert page.get_attribute("#case-map", "data-loaded") == "5"
    assert page.locator("#case-map path.route-account").count() == 1
    assert page.locator("#case-map path.route-voyage").count() == 1
    assert page.locator("#case-map path.place-approximate").count() == 1
    assert page.locator("#case-map path.place-exact").count() == 4
    page.locator("#case-map path.place-approximate").hover(force=True)
    tooltip = page.locator(".leaflet-tooltip").first.inner_text()
    assert "departure: Agadez, April 2, 2016 (approximate: the centre of Agadez)" in tooltip
    legend = page.inner_text("#map-section .legend")
    assert "the family's account" in legend and "approximate" in legend
    assert page.csp_errors == []
    page.locator("#map-section").scroll_into_view_if_needed()
    shot(page, "case-map")
