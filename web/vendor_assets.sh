#!/usr/bin/env bash
# Installs the browser libraries pinned in web/package-lock.json and copies the files the pages
# load into web/static/vendor/, so the app serves every script, stylesheet and map itself and
# needs no network at run time. Run at build/setup time (it needs the npm registry):
#   bash web/vendor_assets.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
else
  npm install --no-audit --no-fund --ignore-scripts --loglevel=error
fi
vendor="$here/static/vendor"
rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/world-atlas" "$vendor/codemirror"
nm="$here/node_modules"
cp "$nm/cytoscape/dist/cytoscape.min.js" "$vendor/"
cp "$nm/layout-base/layout-base.js" "$vendor/"
cp "$nm/cose-base/cose-base.js" "$vendor/"
cp "$nm/cytoscape-fcose/cytoscape-fcose.js" "$vendor/"
cp "$nm/cytoscape-svg/cytoscape-svg.js" "$vendor/"
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$vendor/leaflet/"
cp "$nm/leaflet/dist/images/"*.png "$vendor/leaflet/images/"
cp "$nm/topojson-client/dist/topojson-client.min.js" "$vendor/"
cp "$nm/world-atlas/countries-110m.json" "$vendor/world-atlas/"
cp "$nm/codemirror/lib/codemirror.js" "$nm/codemirror/lib/codemirror.css" "$nm/codemirror/mode/cypher/cypher.js" \
   "$vendor/codemirror/"
# The licences travel with the files they cover.
for package in cytoscape layout-base cose-base cytoscape-fcose cytoscape-svg leaflet topojson-client world-atlas \
    codemirror; do
  for licence in "$nm/$package"/LICENSE*; do
    [ -f "$licence" ] && cp "$licence" "$vendor/LICENSE.$package"
  done
done
# axe-core checks the pages' accessibility in the browser tests only: it goes beside the app, not
# into static/, so no page can load it (tests/web/test_accessibility.py injects it).
test_vendor="$here/test_vendor"
rm -rf "$test_vendor"
if [ -d "$nm/axe-core" ]; then
  mkdir -p "$test_vendor"
  cp "$nm/axe-core/axe.min.js" "$test_vendor/"
  cp "$nm/axe-core/LICENSE" "$test_vendor/LICENSE.axe-core"
fi
echo "Vendored browser libraries into $vendor"
