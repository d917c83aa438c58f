#!/usr/bin/env bash
# Builds the example HTML report, and the same with a threshold and an SLO
# (tests/fixtures/charts.yaml: the error budget's burn-down), and takes full-page screenshots
# of each at 1280 px and 375 px, light and dark, in headless Chromium, checking the rendered
# page on the way (see scripts/check-html.mjs).
# Needs: Debian's `chromium`, and `cd .ci/node && npm ci` (playwright-core, no browser download).
# Output in target/screenshots/: report.html, report-1280.png, report-375.png, report-1280-dark.png,
# report-375-dark.png, and the same for slo.html (slo-1280.png, …).
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/screenshots
mkdir -p "$out"
cargo run --quiet --release -- build examples/notes -o "$out/report.html"
cargo run --quiet --release -- build examples/notes --config tests/fixtures/charts.yaml -o "$out/slo.html"
node scripts/check-html.mjs "$out/report.html" --screenshots "$out" --name report > "$out/report.json"
node scripts/check-html.mjs "$out/slo.html" --screenshots "$out" --name slo > "$out/slo.json"
echo "screenshots in $out/ (checks passed; summaries in report.json, slo.json)"
