#!/usr/bin/env bash
# Builds the example HTML report and takes full-page screenshots at 1280 px and 375 px in
# headless Chromium, checking the rendered page on the way (see scripts/check-html.mjs).
# Needs: Debian's `chromium`, and `cd .ci/node && npm ci` (playwright-core, no browser download).
# Output: target/screenshots/report.html, report-1280.png, report-375.png.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/screenshots
mkdir -p "$out"
cargo run --quiet --release -- build examples/notes -o "$out/report.html"
node scripts/check-html.mjs "$out/report.html" --screenshots "$out"
echo "screenshots in $out/"
