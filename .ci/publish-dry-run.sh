#!/usr/bin/env bash
# Publish dry run: `npm publish --dry-run --provenance=false` for every library package
# (packages/*, not private), after a build. Prints the files each would publish and fails when a
# package would publish tests (test/, *.test.*, *.spec.*, *.testing.*, testkit), lacks
# dist/index.js, dist/index.cjs, dist/index.d.ts, README.md, LICENSE or CHANGELOG.md, lacks a file its `exports` map points to, or
# ships third-party code bundled into dist (a node_modules/ source in a .map: tsup.base.ts
# keeps every dependency external).
#   PUBLISH_SKIP_BUILD=1  do not run `npm run build` first (CI already built)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
if [ "${PUBLISH_SKIP_BUILD:-0}" != 1 ]; then
  npm run build >/dev/null || { echo "publish-dry-run: FAIL: npm run build failed" >&2; exit 1; }
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/govplan-publish.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

failed=0
for dir in packages/*/; do
  dir=${dir%/}
  [ -f "$dir/package.json" ] || continue
  [ "$(node -p "require('./$dir/package.json').private === true")" = true ] && continue
  name=$(node -p "require('./$dir/package.json').name")
  if ! (cd "$dir" && npm publish --dry-run --provenance=false --json >"$tmp/out.json" 2>"$tmp/err.txt"); then
    echo "publish-dry-run: FAIL: $name: npm publish --dry-run failed:" >&2
    cat "$tmp/err.txt" >&2
    failed=1
    continue
  fi
  node - "$dir" "$tmp/out.json" <<'NODE' || failed=1
const fs = require("node:fs")
const path = require("node:path")
const [dir, out] = process.argv.slice(2)
const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))
let info = JSON.parse(fs.readFileSync(out, "utf8"))
if (info.files === undefined && info[pkg.name] !== undefined) info = info[pkg.name] // npm 11 keys it by name in a workspace
const files = (info.files ?? []).map((f) => f.path)
const problems = []
const tests = files.filter((f) => /(^|\/)(test|tests|__tests__|__mocks__)\//.test(f) || /\.(test|spec|testing)\.[cm]?[jt]sx?$/.test(f) || /(^|\/)testkit\.[cm]?[jt]s$/.test(f))
if (tests.length > 0) problems.push(`would publish tests: ${tests.join(", ")}`)
for (const need of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "README.md", "LICENSE", "CHANGELOG.md"]) if (!files.includes(need)) problems.push(`lacks ${need}`)
// the licence each tarball ships is the repository's
if (fs.existsSync(path.join(dir, "LICENSE")) && fs.readFileSync(path.join(dir, "LICENSE"), "utf8") !== fs.readFileSync("LICENSE", "utf8")) problems.push("LICENSE differs from the repository's LICENSE")
const targets = []
const walk = (v) => {
  if (typeof v === "string") targets.push(v)
  else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x)
}
walk(pkg.exports ?? {})
for (const t of new Set(targets)) {
  const f = t.replace(/^\.\//, "")
  if (!f.includes("*") && !files.includes(f)) problems.push(`exports points to ${t}, which is not published`)
}
const bundled = new Set()
for (const f of files.filter((f) => /^dist\/.*\.map$/.test(f))) {
  const map = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))
  for (const s of map.sources ?? []) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s)
    if (m) bundled.add(m[1])
  }
}
if (bundled.size > 0) problems.push(`dist bundles third-party code (should be external): ${[...bundled].sort().join(", ")}`)
console.log(`\n${info.id ?? pkg.name}: ${files.length} files, ${info.size} bytes packed, ${info.unpackedSize} unpacked`)
for (const f of info.files ?? []) console.log(`  ${String(f.size).padStart(9)}  ${f.path}`)
if (problems.length > 0) {
  for (const p of problems) console.error(`publish-dry-run: FAIL: ${pkg.name}: ${p}`)
  process.exit(1)
}
NODE
done
if [ "$failed" != 0 ]; then
  echo "publish-dry-run: FAIL (see above) after $((SECONDS - start))s" >&2
  exit 1
fi
echo "publish-dry-run: ok in $((SECONDS - start))s"
