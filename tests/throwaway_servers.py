"""Where a test's own throwaway Neo4j lives: a free port and the environment that points at it.

A module of its own (not `conftest`), so that a test in any folder imports it by a name no other
folder's conftest shadows."""

from __future__ import annotations

import os
import socket
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEST_PASSWORD = "test-password-not-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def local_env(home: Path, port: int) -> dict[str, str]:
    """Environment for a throwaway local server (and for CLI subprocesses that talk to it)."""
    return {
        "TRACEGRAPH_HOME": str(home),
        "TRACEGRAPH_CACHE": os.environ.get("TRACEGRAPH_CACHE", str(PROJECT_ROOT / ".tracegraph" / "cache")),
        "TRACEGRAPH_NEO4J_PORT": str(port),
        "TRACEGRAPH_NEO4J_PASSWORD": TEST_PASSWORD,
        "TRACEGRAPH_NEO4J_HEAP": os.environ.get("TRACEGRAPH_TEST_NEO4J_HEAP", "2g"),
        "TRACEGRAPH_NEO4J_PAGECACHE": os.environ.get("TRACEGRAPH_TEST_NEO4J_PAGECACHE", "1g"),
    }
