#!/bin/sh
# npm run test:coverage: line and branch coverage of src-main/, shared/ and
# src-renderer/ from every kind of test, in four steps:
#   1. the unit, shell and integration tests under vitest's V8 coverage (as
#      `npm run test:unit` runs them);
#   2. a build with source maps (`electron-vite build --sourcemap`, into out/
#      where the end-to-end tests look; the next plain build drops the maps),
#      and a copy of the renderer's bundles and maps for step 4;
#   3. the end-to-end tests under vitest's V8 coverage (the main-process code
#      the browser host runs in vitest's worker), with KIOSK_E2E_COVERAGE_DIR
#      set so that tests/e2e/support/coverage.ts records the renderer's
#      coverage in Chromium;
#   4. scripts/coverage-report.ts merges the three and prints the figures.
# A failing test does not hide the figures: every step runs, and the command
# exits non-zero when any did.
set -u
cd "$(dirname "$0")/.."
reports=.cache/coverage
status=0

rm -rf "$reports"
# json for the merge, text-summary to show each run's own figure on the way.
sh scripts/with-keyring.sh npx vitest run --project unit --project shell --project integration \
  --coverage --coverage.reporter=json --coverage.reporter=text-summary --coverage.reportsDirectory="$reports/unit" || status=1

npx electron-vite build --sourcemap || exit 1
# The merge reads the bundles and maps from this copy: a rebuild of out/
# during the run (npm run build, start:browser) would otherwise take them away.
mkdir -p "$reports/renderer-build" && cp -R out/renderer/assets "$reports/renderer-build/" || exit 1

KIOSK_E2E_COVERAGE_DIR="$PWD/$reports/e2e-renderer" npx vitest run --project e2e --no-file-parallelism \
  --coverage --coverage.reporter=json --coverage.reporter=text-summary --coverage.reportsDirectory="$reports/e2e" || status=1

node --import tsx scripts/coverage-report.ts || status=1
exit "$status"
