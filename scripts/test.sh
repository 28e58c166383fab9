#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite against a real Neo4j that the suite starts
# on a free port in a throwaway folder and stops afterwards. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

cleanup() {
  # The suite stops its own server; this catches one left behind by a killed run.
  pkill -f 'CommunityEntryPoint.*pytest-of-' 2>/dev/null || true
}
trap cleanup EXIT

export TRACEGRAPH_CACHE="$PWD/.tracegraph/cache"
.venv/bin/python -m pytest "$@"
