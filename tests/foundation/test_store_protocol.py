"""One graph-access protocol: the Store keeps its shape, and no engine declares its own."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from graphmodel.store import Store
from graphmodel.store_protocol import GraphStore

PROJECT = Path(__file__).resolve().parents[2]
SKIPPED = {"tests", "node_modules", "build", "dist"}


def test_the_store_accepts_every_call_the_protocol_allows() -> None:
    members = [name for name, value in vars(GraphStore).items() if inspect.isfunction(value) and name[0] != "_"]
    assert sorted(members) == ["read", "read_in_one", "write", "write_batches", "write_together"]
    for name in members:
        wanted = inspect.signature(getattr(GraphStore, name)).parameters
        offered = inspect.signature(getattr(Store, name)).parameters
        for parameter in wanted.values():
            assert parameter.name in offered, (name, parameter.name)
            assert offered[parameter.name].kind == parameter.kind, (name, parameter.name)
            if parameter.default is not inspect.Parameter.empty:
                assert offered[parameter.name].default is not inspect.Parameter.empty, (name, parameter.name)


def protocols_with_graph_methods(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {base.id if isinstance(base, ast.Name) else getattr(base, "attr", "") for base in node.bases}
        # a method that sends statements: read(query, ...), write_together(statements, ...); the
        # web app's database hands out connections instead (read() and write() without arguments)
        methods = {item.name for item in node.body
                   if isinstance(item, ast.FunctionDef) and len(item.args.args) > 1}
        if "Protocol" in bases and methods & {"read", "read_in_one", "write", "write_batches", "write_together"}:
            found.append(f"{path.relative_to(PROJECT)}: {node.name}")
    return found


def test_graph_access_is_typed_by_one_protocol() -> None:
    declared = []
    for path in PROJECT.rglob("*.py"):
        parts = path.relative_to(PROJECT).parts
        if parts[0] in SKIPPED or any(part.startswith(".") or part.endswith(".egg-info") for part in parts):
            continue
        declared += protocols_with_graph_methods(path)
    assert declared == ["graphmodel/store_protocol.py: GraphStore"]
