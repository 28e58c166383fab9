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


def test_migrate_gives_names_loaded_before_their_indexes_their_spellings(store, cli_env, tracegraph_command):
    store.write("CREATE (:Place {uid: 'zuwara', name: 'زوارة'}), (:Voyage {uid: 'A:V1', vessel_name: 'Blue Star'}), "
                "(:Place {uid: 'kept', name: 'Kept', name_variants: 'kept'})")
    said = []
    for _ in range(2):
        result = subprocess.run([*tracegraph_command, "db", "migrate"], env=cli_env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        said.append(result.stdout)
    assert "Name variants written on 2 places and voyages." in said[0] and "Name variants" not in said[1]
    rows = store.read("MATCH (n) WHERE n:Place OR n:Voyage RETURN n.uid AS uid, n.name_variants AS variants")
    variants = {row["uid"]: row["variants"].split() for row in rows}
    assert "zr" in variants["zuwara"] and {"bl", "str"} <= set(variants["A:V1"]) and variants["kept"] == ["kept"]
    found = store.read("CALL db.awaitIndexes(60) CALL db.index.fulltext.queryNodes('place_names', 'zr') "
                       "YIELD node RETURN node.uid AS uid")
    assert [row["uid"] for row in found] == ["zuwara"]


def test_fulltext_and_point_indexes_exist(store):
    rows = store.read("SHOW INDEXES YIELD name, type RETURN name, type")
    by_name = {row["name"]: row["type"] for row in rows}
    assert by_name["person_names"] == by_name["place_names"] == by_name["voyage_names"] == "FULLTEXT"
    assert by_name["place_location_point"] == "POINT"


def test_model_doc_matches_definitions():
    committed = (PROJECT_ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert committed == render_model_doc(), "docs/model.md is stale: run `tracegraph db docs`"


def test_provenance_is_declared_on_every_data_label():
    model = load_model()
    data_labels = {"Report", "Person", "Sighting", "Voyage", "Remains", "Incident", "DNAProfile"}
    for label in data_labels:
        assert set(PROVENANCE_PROPERTIES) <= set(model.node(label).properties), label


def test_every_property_of_a_missing_person_is_named_or_internal():
    """The case page describes the missing person from the model: a property it would leave out
    unnamed is a property someone forgot to label (or to declare internal)."""
    person = load_model().node("Person")
    in_range = {p for r in person.ranges for p in (r.low, r.high)}
    unnamed = [p for p in person.properties if p not in person.labels and p not in in_range
               and not person.is_internal(p)]
    assert unnamed == []
    assert person.is_internal("nationality_raw") and person.is_internal("date_of_birth_precision")
    assert person.is_internal("name_key") and person.is_internal("source_file")


def test_labels_and_internal_properties_must_be_declared():
    import pytest

    from graphmodel.model import _node
    spec = {"description": "d", "key": "uid", "properties": {"uid": "string"}, "visibility": "record",
            "labels": {"nick": "Nickname"}}
    with pytest.raises(ValueError, match="undeclared properties: \\['nick'\\]"):
        _node("Thing", spec)


def test_a_person_is_described_in_words():
    from cases.fields import described
    shown = described("Person", {"full_name": "Amal", "age_min": 20.0, "age_max": 30, "name_key": "aml",
                                 "nationality": "ERI", "nationality_raw": "Eritrea", "height_max_cm": 180,
                                 "date_of_birth_precision": "year", "extra_tribe": "x", "agency": "AAA"})
    assert [(f.label, f.value) for f in shown] == [("Name", "Amal"), ("Age when missing", "20–30 years"),
                                                   ("Nationality", "ERI"), ("Height", "up to 180 cm")]
