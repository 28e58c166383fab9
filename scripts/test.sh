#!/usr/bin/env bash
# Sets everything up, checks the code with ruff and mypy, then runs the whole test suite against a
# real Neo4j that the suite starts on a free port in a throwaway folder and stops afterwards. Extra
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# Lint and type checks first (configured in pyproject.toml; a few seconds once mypy's cache is
# warm): the tests do not start while either reports an error.
.venv/bin/ruff check .
.venv/bin/mypy

# This run's throwaway folders live under one root of its own, so that a server left behind by a
# killed run is found and stopped without touching another checkout's test run on the same machine.
# The root is removed afterwards (a run's servers preallocate half a gigabyte of logs each).
OWN_TEMPROOT=""
if [ -z "${PYTEST_DEBUG_TEMPROOT:-}" ]; then
  OWN_TEMPROOT="$(mktemp -d "${TMPDIR:-/tmp}/tracegraph-tests.XXXXXX")"
  export PYTEST_DEBUG_TEMPROOT="$OWN_TEMPROOT"
fi
cleanup() {
  pkill -f "CommunityEntryPoint.*${PYTEST_DEBUG_TEMPROOT}" 2>/dev/null || true
  pkill -f "postgres -D ${PYTEST_DEBUG_TEMPROOT}" 2>/dev/null || true
  if [ -n "$OWN_TEMPROOT" ]; then
    sleep 1
    rm -rf "$OWN_TEMPROOT"
  fi
}
trap cleanup EXIT

export TRACEGRAPH_CACHE="$PWD/.tracegraph/cache"
.venv/bin/python -m pytest "$@"
