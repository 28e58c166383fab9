"""Link chains, the connecting network and a voyage's neighbourhood, checked hop by hop."""

from __future__ import annotations

import pytest

from crafted_scenarios import central_mediterranean
from identify.links import connecting_network, link_chains, voyage_neighbourhood

pytestmark = pytest.mark.neo4j


@pytest.fixture
def graph(store):
    central_mediterranean().write(store)
    return store


def hops(chain) -> list[tuple]:
    return [(h.from_uid, h.relationship, h.forward, h.to_uid, h.agency, h.record, h.date) for h in chain.hops]


def test_the_dna_chain_comes_first_then_the_voyage_chain(graph):
    chains = link_chains(graph, "AAA:R1", "MORGUE:B1", paths=3)
    assert [chain.length for chain in chains] == [2, 3, 4]
    assert hops(chains[0]) == [
        ("AAA:R1", "KINSHIP_MATCH", False, "MORGUE:B1-PM", "MORGUE", "B1-PM", "2024-01-01T00:00:00Z"),
        ("MORGUE:B1-PM", "SAMPLED_FROM", True, "MORGUE:B1", "MORGUE", "B1-PM", "2024-01-01T00:00:00Z"),
    ]
    assert chains[0].hops[0].detail == "log10 LR 9.1"
    assert hops(chains[1]) == [
        ("AAA:R1", "REPORTED_MISSING", True, "AAA:R1#missing", "AAA", "R1", "2016-07-01"),
        ("AAA:R1#missing", "BOARDED", True, "AAA:V1", "AAA", "R1", "2016-05-24"),
        ("AAA:V1", "RECOVERED_FROM", False, "MORGUE:B1", "MORGUE", "B1", "2016-05-28"),
    ]
    assert chains[1].summary == "Report -REPORTED_MISSING-> Person -BOARDED-> Voyage <-RECOVERED_FROM- Remains"


def test_a_chain_through_the_incident_and_the_bounds(graph):
    chains = link_chains(graph, "AAA:R1", "MORGUE:B2", max_hops=4, paths=10)
    assert chains[0].length == 2  # the (excluded) kinship match is a fact too
    assert chains[0].hops[0].detail == "log10 LR -3.0 (excluded)"
    via_incident = [c for c in chains if "ENDED_IN" in c.summary]
    assert via_incident and via_incident[0].summary == (
        "Report -REPORTED_MISSING-> Person -BOARDED-> Voyage -ENDED_IN-> Incident <-RECOVERED_FROM- Remains")
    assert all(chain.length <= 4 for chain in chains)
    assert len(link_chains(graph, "AAA:R1", "MORGUE:B2", max_hops=4, paths=1)) == 1
    assert link_chains(graph, "AAA:R1", "MORGUE:B4") == []  # nothing connects the Aegean remains
    with pytest.raises(ValueError, match="max_hops"):
        link_chains(graph, "AAA:R1", "MORGUE:B1", max_hops=7)


def test_a_sighting_is_reached_through_the_voyage(graph):
    chains = link_chains(graph, "AAA:R1", "RC:S1", paths=1)
    assert hops(chains[0])[-1][:4] == ("AAA:V1", "ABOARD", False, "RC:S1")
    assert chains[0].length == 3


def test_the_connecting_network_of_two_reports_a_sighting_and_remains(graph):
    network = connecting_network(graph, ["AAA:R1", "AAA:R2", "RC:S1", "MORGUE:B1", "MORGUE:B4"])
    assert set(network.pairs) == {("AAA:R1", "AAA:R2"), ("AAA:R1", "MORGUE:B1"), ("AAA:R1", "RC:S1"),
                                  ("AAA:R2", "MORGUE:B1"), ("AAA:R2", "RC:S1"), ("MORGUE:B1", "RC:S1")}
    assert all(pair[0] == "MORGUE:B4" or pair[1] == "MORGUE:B4" for pair in network.unconnected)
    assert len(network.unconnected) == 4
    assert ("AAA:R2#missing", "BOARDED", "AAA:V1") in network.edges
    assert ("RC:S1", "ABOARD", "AAA:V1") in network.edges
    assert network.pairs[("MORGUE:B1", "RC:S1")].length == 2


def test_what_else_is_connected_to_the_voyage(graph):
    rows = voyage_neighbourhood(graph, "AAA:V1")
    found = {(row["connection"], row["uid"]) for row in rows}
    assert found == {
        ("voyage", "AAA:V1"),
        ("incident the voyage ended in", "IOM:I1"),
        ("report of a person believed aboard", "AAA:R1"),
        ("report of a person believed aboard", "AAA:R2"),
        ("sighting placing someone aboard", "RC:S1"),
        ("remains recovered from it", "MORGUE:B1"),
        ("remains recovered from it", "MORGUE:B2"),
        ("report whose family matched remains from it (DNA)", "AAA:R1"),
        ("departed from", "Zuwara"),
        ("ended at", "wreck V1"),
    }
    by_incident = {(row["connection"], row["uid"]) for row in voyage_neighbourhood(graph, "IOM:I1")}
    assert ("remains recovered from it", "MORGUE:B2") in by_incident
    assert ("voyage", "AAA:V1") in by_incident
