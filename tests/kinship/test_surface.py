"""The kinship maths has one surface: code outside `kinship` imports from `kinship` itself (or the
graph side, `kinship.screening`), and the maths imports neither the database, the web app nor the
identification engine."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import kinship

PROJECT = Path(__file__).resolve().parents[2]
# Tests exercise the machinery itself, and benchmarks time its parts; everything else is a caller.
NOT_CALLERS = {"kinship", "tests", "bench", "node_modules", "build", "dist"}
ENTRY_POINTS = {"kinship", "kinship.screening"}


def callers() -> list[Path]:
    found = []
    for path in PROJECT.rglob("*.py"):
        parts = path.relative_to(PROJECT).parts
        if parts[0] in NOT_CALLERS or any(part.startswith(".") or part.endswith(".egg-info") for part in parts):
            continue
        found.append(path)
    return found


def kinship_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a kinship module in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    modules = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            modules += [(node.lineno, alias.name) for alias in node.names]
    return [(line, name) for line, name in modules if name.split(".")[0] == "kinship"]


def test_callers_import_only_the_surface() -> None:
    files = callers()
    assert any(path.parts[-2:] == ("commands", "kinship.py") for path in files)  # the scan reaches the CLI
    deeper = [f"{path.relative_to(PROJECT)}:{line}: {module}"
              for path in files for line, module in kinship_imports(path) if module not in ENTRY_POINTS]
    assert deeper == [], "import these from `kinship` (add them to its __all__ if needed):\n" + "\n".join(deeper)


def test_the_surface_exports_what_it_lists() -> None:
    assert all(hasattr(kinship, name) for name in kinship.__all__)
    assert callable(kinship.screen) and callable(kinship.compare) and callable(kinship.explain)


def imported_by(code: str) -> list[str]:
    """Top-level packages of concern that a fresh interpreter has loaded after running ``code``."""
    probe = (f"import json, sys\n{code}\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'neo4j', 'flask', 'graphmodel', 'queries', 'identify', 'ingest', 'web', 'tracegraph'})))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_maths_is_pure() -> None:
    code = ("import importlib, pkgutil, kinship, kinship.likelihood\n"
            "for module in pkgutil.iter_modules(kinship.likelihood.__path__):\n"
            "    importlib.import_module('kinship.likelihood.' + module.name)")
    assert imported_by(code) == []


def test_the_graph_side_reads_through_named_queries_without_the_driver() -> None:
    assert imported_by("import kinship.screening") == ["graphmodel", "queries"]
