"""The model definitions drive the schema and the docs."""

from __future__ import annotations

import subprocess

from conftest import PROJECT_ROOT
from graphmodel.docs import render_model_doc
from graphmodel.migrate import expected_schema_names
from graphmodel.model import PROVENANCE_PROPERTIES, load_model


def schema_names(store) -> set[str]:
    constraints = {row["name"] for row in store.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    indexes = {row["name"] for row in store.read(
        "SHOW INDEXES YIELD name, owningConstraint WHERE owningConstraint IS NULL RETURN name")}
    return constraints | indexes


def test_migrate_twice_leaves_the_same_schema(store, cli_env, tracegraph_command):
    for _ in range(2):
        result = subprocess.run([*tracegraph_command, "db", "migrate"], env=cli_env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Schema up to date:")
        names = schema_names(store)
        assert expected_schema_names() <= names
    assert names == schema_names(store)
    model = load_model()
    constraints = store.read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
                             "RETURN labelsOrTypes[0] AS label, properties[0] AS key, type")
    unique = {(row["label"], row["key"]) for row in constraints if row["type"] == "UNIQUENESS"}
    assert unique >= {(node.label, node.key) for node in model.nodes.values()}


def test_fulltext_and_point_indexes_exist(store):
    rows = store.read("SHOW INDEXES YIELD name, type RETURN name, type")
    by_name = {row["name"]: row["type"] for row in rows}
    assert by_name["person_names"] == "FULLTEXT"
    assert by_name["place_location_point"] == "POINT"


def test_model_doc_matches_definitions():
    committed = (PROJECT_ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert committed == render_model_doc(), "docs/model.md is stale: run `tracegraph db docs`"


def test_provenance_is_declared_on_every_data_label():
    model = load_model()
    data_labels = {"Report", "Person", "Sighting", "Voyage", "Remains", "Incident", "DNAProfile"}
    for label in data_labels:
        assert set(PROVENANCE_PROPERTIES) <= set(model.node(label).properties), label
