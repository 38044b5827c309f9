#!/usr/bin/env bash
# API reference: TypeDoc over every library package (typedoc.json: packages/*, entry points
# src/index.ts, src/node.ts and the pillars' src/<pillar>/index.ts) into docs/api/ (git-ignored).
# Fails on any TypeDoc error or warning (a broken {@link}, a public type referring to one that is
# not exported, an entry point that matches nothing); DOCS_ALLOW_WARNINGS=1 lets warnings pass.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
strict=(--treatWarningsAsErrors)
[ "${DOCS_ALLOW_WARNINGS:-0}" = 1 ] && strict=()
# every module's description in the entry files is its own header comment's summary
node scripts/index-docs.mjs --check || { echo "docs: FAIL: run node scripts/index-docs.mjs" >&2; exit 1; }
rm -rf docs/api
npx typedoc "${strict[@]}" || { echo "docs: FAIL: typedoc reported errors or warnings (above)" >&2; exit 1; }
[ -f docs/api/index.html ] || { echo "docs: FAIL: no docs/api/index.html" >&2; exit 1; }
for m in model kpi pillars source source-csv source-xlsx source-sql source-http report report-docx; do
  grep -rqs "@govplan/$m" docs/api/index.html || { echo "docs: FAIL: docs/api/index.html does not list @govplan/$m" >&2; exit 1; }
done
echo "docs: docs/api/ built ($(find docs/api -name '*.html' | wc -l) pages) in $((SECONDS - start))s"
