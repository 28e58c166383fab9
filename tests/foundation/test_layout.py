"""The layout is checked, not only drawn: the layering of docs/architecture.md, the README's folder
table and pyproject.toml's packages all agree with the folders on disk."""

from __future__ import annotations

import ast
import fnmatch
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = PROJECT_ROOT / "docs" / "architecture.md"
README = PROJECT_ROOT / "README.md"
FRAMEWORKS = {"flask": ("flask", "flask_", "werkzeug"), "neo4j": ("neo4j",)}
# Folders inside a package that hold no Python of the project (vendored browser libraries).
NOT_SOURCE = {"node_modules", "static", "__pycache__"}


def top_level_packages() -> list[str]:
    return sorted(path.name for path in PROJECT_ROOT.iterdir() if (path / "__init__.py").is_file())


def top_level_folders() -> list[str]:
    """The project's own top-level folders: those git tracks (or, outside a git checkout, those on
    disk that are neither hidden nor ignored), so a scratch folder of generated data is not one."""
    result = subprocess.run(["git", "-C", str(PROJECT_ROOT), "ls-files"], capture_output=True, text=True)
    if result.returncode == 0:
        return sorted({name.split("/")[0] for name in result.stdout.splitlines()
                       if "/" in name and not name.startswith(".")})
    ignored = [line.strip().rstrip("/") for line in (PROJECT_ROOT / ".gitignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    return sorted(path.name for path in PROJECT_ROOT.iterdir()
                  if path.is_dir() and not path.name.startswith(".")
                  and not any(fnmatch.fnmatch(path.name, pattern) for pattern in ignored))


def table_rows(text: str, heading: str) -> list[list[str]]:
    """The body rows of the first Markdown table under `heading`, as lists of cells."""
    section = text.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    return [row for row in rows[1:] if not set(row[0]) <= set("-: ")]


def layering() -> dict[str, tuple[set[str] | None, set[str]]]:
    """docs/architecture.md's table: package -> (packages it may import or None for all, frameworks)."""
    rules = {}
    for row in table_rows(ARCHITECTURE.read_text(encoding="utf-8"), "## What each may import"):
        package = row[0].strip("`").rstrip("/")
        allowed = None if "every package" in row[2] else set(re.findall(r"`(\w+)`", row[2]))
        frameworks = {name for name in FRAMEWORKS if name in row[3].casefold()}
        rules[package] = (allowed, frameworks)
    return rules


def imports_of(package: str, root: Path = PROJECT_ROOT) -> Iterator[tuple[Path, int, str]]:
    """(file, line, top-level module) of every absolute import in a package, at any depth of the
    code (an import inside a function counts as much as one at the top)."""
    for path in sorted((root / package).rglob("*.py")):
        if NOT_SOURCE & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, node.lineno, alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.lineno, node.module.split(".")[0]


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(PROJECT_ROOT)}:{line}"


def test_every_top_level_package_has_a_row_in_the_architecture_table():
    rules = layering()
    assert sorted(rules) == top_level_packages(), (
        "docs/architecture.md's table 'What each may import' must have exactly one row per top-level package")


@pytest.mark.parametrize("package", top_level_packages())
def test_a_package_imports_only_what_the_architecture_allows(package):
    allowed, frameworks = layering()[package]
    ours = set(top_level_packages())
    forbidden_frameworks = {prefix: name for name, prefixes in FRAMEWORKS.items() if name not in frameworks
                            for prefix in prefixes}
    wrong = []
    for path, line, module in imports_of(package):
        if module in ours and module != package and allowed is not None and module not in allowed:
            wrong.append(f"{where(path, line)} imports {module}")
        for prefix, name in forbidden_frameworks.items():
            if module == prefix or (prefix.endswith("_") and module.startswith(prefix)):
                wrong.append(f"{where(path, line)} imports {module} ({name})")
    assert wrong == [], f"{package}/ breaks the layering of docs/architecture.md:\n" + "\n".join(wrong)


def test_normalise_is_the_ground_floor():
    """The shared vocabulary imports nothing of TraceGraph, so every layer may use it."""
    ours = set(top_level_packages())
    upward = [f"{where(path, line)} imports {module}" for path, line, module in imports_of("normalise")
              if module in ours - {"normalise"}]
    assert upward == []
    assert layering()["normalise"] == (set(), set())


def test_the_kinship_maths_reaches_nothing_but_itself():
    """Only the screening over the graph imports other packages; the likelihood maths stays pure."""
    ours = set(top_level_packages())
    reaching = [f"{where(path, line)} imports {module}" for path, line, module in imports_of("kinship")
                if module in ours - {"kinship"} and path.name != "screening.py"]
    assert reaching == []


def test_domain_packages_use_neither_flask_nor_the_driver():
    """The store layer in graphmodel/ owns the driver; the domain is plain Python."""
    for package in ("normalise", "kinship", "ingest", "identify", "cases", "briefs", "scenarios"):
        modules = {module for _path, _line, module in imports_of(package)}
        assert not {module for module in modules if module.startswith(("flask", "werkzeug", "neo4j"))}, package
        assert layering()[package][1] == set(), package


def test_the_layering_check_sees_imports_inside_functions_and_subpackages(tmp_path):
    """The scan the layering tests rely on finds lazy imports and imports in nested folders."""
    (tmp_path / "area" / "inner").mkdir(parents=True)
    (tmp_path / "area" / "inner" / "lazy.py").write_text(
        "import json\n\ndef page():\n    from flask import g\n    import neo4j.graph\n    return g\n")
    found = [(path.name, line, module) for path, line, module in imports_of("area", tmp_path)]
    assert found == [("lazy.py", 1, "json"), ("lazy.py", 4, "flask"), ("lazy.py", 5, "neo4j")]


def test_the_readme_folder_table_lists_every_top_level_folder():
    rows = table_rows(README.read_text(encoding="utf-8"), "## What is where")
    listed = {row[0].strip("`").rstrip("/") for row in rows}
    missing = sorted(set(top_level_folders()) - listed)
    assert missing == [], f"README.md's folder table ('What is where') lacks {', '.join(missing)}"
    assert {"graphmodel", "ingest", "web", "queries", "tests"} <= listed


def test_pyproject_packages_every_top_level_package():
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    unpackaged = [package for package in top_level_packages()
                  if not any(fnmatch.fnmatch(package, pattern) for pattern in patterns)]
    assert unpackaged == [], "pyproject.toml's [tool.setuptools.packages.find] include lacks " + ", ".join(unpackaged)


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "-C", str(PROJECT_ROOT), "ls-files"], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are unknown")
    return result.stdout.splitlines()


def test_a_build_ships_every_file_of_the_packages(tmp_path):
    """What `pip install .` would install, built from the tracked files alone (a build from the
    working folder would also reuse its egg-info's list of files and hide an omission)."""
    source, built = tmp_path / "source", tmp_path / "built"
    packages = set(top_level_packages())
    files = [name for name in tracked_files() if "/" not in name or name.split("/")[0] in packages]
    for name in files:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT_ROOT / name, source / name)
    subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py", "-d", str(built)],
                   cwd=source, capture_output=True, check=True)
    # Source-tree helpers that are not read at run time.
    not_installed = {"web/.gitignore", "web/vendor_assets.sh"}
    missing = [name for name in files if "/" in name and name not in not_installed
               and not name.startswith("ingest/mappings/examples/") and not (built / name).is_file()]
    assert missing == [], "a build of the package leaves out " + ", ".join(missing)
