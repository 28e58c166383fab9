"""Settings: one module reads every environment variable, documents it, and the README shows the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphmodel.config import VARIABLES, load_settings, settings_table

PROJECT = Path(__file__).resolve().parents[2]
# A value each variable may take, different from its default.
SAMPLES = {
    "TRACEGRAPH_HOME": "/srv/tracegraph", "TRACEGRAPH_CACHE": "/srv/cache", "TRACEGRAPH_NEO4J_PORT": "7711",
    "TRACEGRAPH_NEO4J_PASSWORD": "a-long-password", "TRACEGRAPH_NEO4J_HEAP": "1g",
    "TRACEGRAPH_NEO4J_PAGECACHE": "512m", "NEO4J_URI": "neo4j+s://example.databases.neo4j.io",
    "NEO4J_USER": "reader", "NEO4J_PASSWORD": "another-password", "NEO4J_DATABASE": "tracing",
    "JAVA_HOME": "/usr/lib/jvm/java-17", "TRACEGRAPH_CHROMIUM": "/opt/chromium/chrome",
    "TRACEGRAPH_WEB_COOKIE_SECURE": "always", "TRACEGRAPH_WEB_PROXIES": "1", "TRACEGRAPH_WEB_SESSION_HOURS": "8",
    "TRACEGRAPH_WEB_IDLE_MINUTES": "15", "TRACEGRAPH_WEB_DB_RETRY_SECONDS": "5",
    "TRACEGRAPH_ANALYST_ISOLATION": "roles", "TRACEGRAPH_VIEW_PORTS": "9000-9009", "TRACEGRAPH_VIEW_HEAP": "512m",
    "TRACEGRAPH_VIEW_PAGECACHE": "128m", "TRACEGRAPH_WEB_VIEWS_REFRESH_SECONDS": "0",
    "TRACEGRAPH_WEB_DATABASE_URL": "postgresql://tracegraph_app:pw@db:5432/tracegraph_web",
    "TRACEGRAPH_WEB_DATABASE_OWNER_URL": "postgresql://tracegraph_owner:pw@db:5432/tracegraph_web",
    "TRACEGRAPH_INQUIRY_AGENCY": "ICRC", "TRACEGRAPH_INQUIRY_MIN_SECONDS": "5",
    "TRACEGRAPH_INQUIRY_PER_ADDRESS": "3/600", "TRACEGRAPH_INQUIRY_GLOBAL": "100/60",
    "TRACEGRAPH_INQUIRY_RETENTION_YEARS": "25", "TRACEGRAPH_INQUIRY_MATCH": "off",
    "TRACEGRAPH_CONFIRM_ROLES": "analyst", "TRACEGRAPH_CONFIRM_AGENCY": "any",
    "TRACEGRAPH_DASK_SCHEDULER": "tcp://scheduler:8786",
}
# Reading one variable: os.environ.get("X"), os.environ["X"], os.getenv("X"), "X" in os.environ.
READS_A_VARIABLE = re.compile(r"os\.environ\s*(?:\.get\b|\[)|os\.getenv\b|\bin\s+os\.environ\b")
NOT_PRODUCT = {"tests", "bench", "docs", "scripts", ".venv", ".tracegraph", "test-artifacts"}


def test_the_readme_table_is_the_documented_one():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings\n", 1)[1].split("\n## ", 1)[0]
    table = "\n".join(line for line in section.splitlines() if line.startswith("|")) + "\n"
    assert table == settings_table(), "README.md's Settings table is stale: paste graphmodel.config.settings_table()"


def test_every_documented_variable_is_read_and_changes_a_setting():
    assert set(SAMPLES) == {variable.name for variable in VARIABLES}
    defaults = load_settings({})
    for name, value in SAMPLES.items():
        assert load_settings({name: value}) != defaults, f"{name} changes nothing"


def test_defaults_are_the_documented_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings.home == tmp_path / ".tracegraph" and settings.cache == tmp_path / ".tracegraph" / "cache"
    assert (settings.port, settings.heap, settings.pagecache, settings.user, settings.database) == (
        7687, "4g", "4g", "neo4j", "neo4j")
    assert settings.uri == "neo4j://127.0.0.1:7687" and settings.chromium == Path("/usr/bin/chromium")
    assert (settings.cookie_secure, settings.proxies, settings.session_hours, settings.idle_minutes,
            settings.db_retry_seconds) == ("auto", 0, 10.0, 60.0, 2.0)
    assert settings.confirm_roles == frozenset({"investigator", "analyst"}) and settings.confirm_same_agency
    assert settings.web_database == tmp_path / ".tracegraph" / "web.sqlite3"
    assert (settings.analyst_isolation, settings.view_ports, settings.view_heap, settings.view_pagecache,
            settings.views_refresh_seconds) == ("views", (7688, 7707), "384m", "256m", 10.0)
    assert settings.web_database_owner_url is None
    url = "postgresql://app:pw@db:5432/web"
    assert load_settings({"TRACEGRAPH_WEB_DATABASE_URL": url}).web_database == url
    documented = {v.name: v.default for v in VARIABLES if v.default is not None}
    assert documented["TRACEGRAPH_NEO4J_PORT"] == str(settings.port)
    assert documented["TRACEGRAPH_WEB_SESSION_HOURS"] == f"{settings.session_hours:g}"


def test_the_mapping_given_is_the_whole_environment(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://elsewhere:7687")
    monkeypatch.setenv("TRACEGRAPH_NEO4J_HEAP", "16g")
    settings = load_settings({"TRACEGRAPH_NEO4J_PORT": "7711"})
    assert settings.heap == "4g" and settings.uri == "neo4j://127.0.0.1:7711"
    assert settings.with_port(7712).uri == "neo4j://127.0.0.1:7712"
    assert load_settings({"NEO4J_URI": "bolt://cluster:7687"}).with_port(7712).uri == "bolt://cluster:7687"
    assert load_settings().uri == "bolt://elsewhere:7687"


def test_passwords_stay_out_of_the_settings_text():
    text = repr(load_settings({"NEO4J_PASSWORD": "do-not-print", "TRACEGRAPH_NEO4J_PASSWORD": "nor-this-one",
                               "TRACEGRAPH_WEB_DATABASE_URL": "postgresql://app:nor-the-app@db/web",
                               "TRACEGRAPH_WEB_DATABASE_OWNER_URL": "postgresql://owner:nor-the-owner@db/web"}))
    assert "do-not-print" not in text and "nor-this-one" not in text
    assert "nor-the-app" not in text and "nor-the-owner" not in text


@pytest.mark.parametrize(("name", "value", "message"), [
    ("TRACEGRAPH_NEO4J_PORT", "seven", "TRACEGRAPH_NEO4J_PORT must be a port number, not 'seven'."),
    ("TRACEGRAPH_WEB_PROXIES", "1.5", "TRACEGRAPH_WEB_PROXIES must be a whole number, not '1.5'."),
    ("TRACEGRAPH_WEB_IDLE_MINUTES", "soon", "TRACEGRAPH_WEB_IDLE_MINUTES must be a number, not 'soon'."),
    ("TRACEGRAPH_WEB_COOKIE_SECURE", "sometimes", "must be auto, always or never, not 'sometimes'."),
    ("TRACEGRAPH_ANALYST_ISOLATION", "screening", "must be views or roles, not 'screening'."),
    ("TRACEGRAPH_VIEW_PORTS", "7800-7700", "must be a port range such as 7688-7707, not '7800-7700'."),
    ("TRACEGRAPH_INQUIRY_PER_ADDRESS", "5 an hour", "TRACEGRAPH_INQUIRY_PER_ADDRESS must be count/seconds windows"),
    ("TRACEGRAPH_INQUIRY_GLOBAL", "0/60", "TRACEGRAPH_INQUIRY_GLOBAL needs at least one window of a positive count"),
    ("TRACEGRAPH_INQUIRY_MATCH", "later", "TRACEGRAPH_INQUIRY_MATCH must be on or off, not 'later'."),
])
def test_a_bad_value_is_one_clear_sentence(name, value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        load_settings({name: value})


def test_no_other_module_reads_the_environment():
    readers = []
    for path in PROJECT.rglob("*.py"):
        relative = path.relative_to(PROJECT)
        if relative.parts[0] in NOT_PRODUCT or relative == Path("graphmodel/config.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if READS_A_VARIABLE.search(line):
                readers.append(f"{relative}:{number}: {line.strip()}")
    assert readers == []
