"""docker-compose.yml cannot run here (no Docker engine); check its wiring instead."""

from __future__ import annotations

import yaml

from conftest import PROJECT_ROOT


def test_compose_wires_neo4j_and_web():
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    neo4j = compose["services"]["neo4j"]
    web = compose["services"]["web"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert '"apoc"' in neo4j["environment"]["NEO4J_PLUGINS"]
    assert "healthcheck" in neo4j and "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(volume.startswith("neo4j-data:") for volume in neo4j["volumes"])
    assert "neo4j-data" in compose["volumes"]
    assert web["build"] == "."
    assert web["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert web["environment"]["NEO4J_URI"] == "neo4j://neo4j:7687"
    assert web["environment"]["NEO4J_DATABASE"] == "neo4j"
    assert (PROJECT_ROOT / "Dockerfile").is_file()
    assert "tracegraph serve" in (PROJECT_ROOT / "Dockerfile").read_text()
