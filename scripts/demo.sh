#!/usr/bin/env bash
# Sets everything up, starts the local Neo4j, loads the demo data and serves the web app,
# printing its address and the demo logins. Ctrl-C stops the web app; `tracegraph db stop` stops Neo4j.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/tracegraph demo "$@"
