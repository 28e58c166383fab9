"""Constraints and indexes derived from the model, created idempotently.

Schema commands cannot take parameters for labels or names; every identifier below comes from the
model definitions shipped with the code, never from user input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import GraphModel, load_model

if TYPE_CHECKING:
    from .store import Store


def schema_statements(model: GraphModel | None = None) -> list[str]:
    """The `CREATE ... IF NOT EXISTS` statements for every constraint and index of the model."""
    model = model or load_model()
    statements: list[str] = []
    for node in model.nodes.values():
        label = node.label
        statements.append(
            f"CREATE CONSTRAINT {label.lower()}_{node.key}_unique IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.{node.key} IS UNIQUE"
        )
        for prop in node.indexes:
            statements.append(
                f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            )
        for prop in node.points:
            statements.append(
                f"CREATE POINT INDEX {label.lower()}_{prop}_point IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            )
        for name, props in node.fulltext.items():
            fields = ", ".join(f"n.{p}" for p in props)
            statements.append(
                f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{label}) ON EACH [{fields}]"
            )
    return statements


def expected_schema_names(model: GraphModel | None = None) -> set[str]:
    """Names of every constraint and index `schema_statements` creates."""
    return {_name(statement) for statement in schema_statements(model)}


def ensure_schema(store: "Store", model: GraphModel | None = None) -> int:
    """Create whatever constraint or index of the model the database lacks; how many were missing.

    The uniqueness constraints are what make every MERGE an index seek and keep two concurrent
    loads from creating the same record twice, so nothing is written before they exist.
    """
    present = {row["name"] for row in store.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    present |= {row["name"] for row in store.read("SHOW INDEXES YIELD name RETURN name")}
    missing = expected_schema_names(model) - present
    if missing:
        store.run_schema(schema_statements(model))
        store.read("CALL db.awaitIndexes(300)")
    return len(missing)


def _name(statement: str) -> str:
    words = statement.split()
    return words[words.index("IF") - 1]
