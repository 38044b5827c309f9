#!/usr/bin/env bash
# Consumer test: `npm pack` every library package, install the tarballs into a fresh project outside
# the workspace with the README's install commands (peers from the registry, as a user gets them),
# then type-check consumer.ts (module nodenext, strict) against the published .d.ts files and run
# an ESM and a CJS script that load the 2022 plan, compute the hotline KPIs from a CSV with
# Chinese headers, and write a .docx (scripts/consumer/); and compare every export of every entry
# point between the sources and the installed .d.ts files (exports.cjs). Fails on any problem.
#   CONSUMER_SKIP_BUILD=1  do not run `npm run build` first (CI already built)
#   CONSUMER_KEEP=1        keep the temp project (its path is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS
fail() { printf 'consumer: FAIL: %s\n' "$*" >&2; exit 1; }

if [ "${CONSUMER_SKIP_BUILD:-0}" != 1 ]; then
  npm run build >/dev/null || fail "npm run build failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/govplan-consumer.XXXXXX")
cleanup() { if [ "${CONSUMER_KEEP:-0}" = 1 ]; then echo "consumer: kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

node scripts/consumer/prepare.mjs "$work" || fail "packing the packages failed"

cd "$work/app"
t=$SECONDS
npm install --no-audit --no-fund --loglevel=error || fail "npm install of the dev tools failed"
# the README's install commands, one by one, as a user runs them (the peers come from the registry)
while IFS= read -r line; do
  mapfile -t args < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$line")
  shown=$(for a in "${args[@]}"; do case $a in /*) printf '%s ' "${a##*/}" ;; *) printf '%s ' "$a" ;; esac; done)
  echo "consumer: npm install $shown"
  npm install --no-audit --no-fund --loglevel=error "${args[@]}" || fail "the README's install command failed: npm install $shown"
done < <(node -e 'for (const c of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))) console.log(JSON.stringify(c))' "$work/install.json")
echo "consumer: installed in $((SECONDS - t))s: $(node -p 'const fs=require("fs");Object.keys(require("./package.json").dependencies).filter(n=>!n.startsWith("@govplan/")).map(n=>n+"@"+JSON.parse(fs.readFileSync("node_modules/"+n+"/package.json","utf8")).version).join(", ")')"
node -e 'const v=JSON.parse(require("fs").readFileSync("node_modules/effect/package.json","utf8")).version; if (!v.startsWith("3.")) { console.error("consumer: FAIL: effect " + v + " installed; the packages need effect 3"); process.exit(1) }' || fail "wrong effect major"
# nothing may come from the workspace or the registry under our scope but the tarballs
for d in node_modules/@govplan/*; do
  [ -L "$d" ] && fail "$d is a symlink (a workspace link, not an installed tarball)"
done
# one copy of each, each from its tarball (a nested copy would mean npm fetched it elsewhere)
nested=$(find node_modules -type d -path '*/node_modules/*/node_modules/@govplan' | head -3)
[ -z "$nested" ] || fail "nested @govplan packages (not from the tarballs): $nested"
node -e '
const fs = require("fs"); const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const bad = Object.entries(lock.packages).filter(([k, v]) => /node_modules\/@govplan\//.test(k) && !String(v.resolved ?? "").startsWith("file:"));
if (bad.length > 0) { console.error("consumer: FAIL: not from a tarball: " + bad.map(([k, v]) => k + " (" + (v.resolved ?? "?") + ")").join(", ")); process.exit(1) }' || fail "an @govplan package did not come from its tarball"
if [ -e node_modules/better-sqlite3 ]; then echo "consumer: note: better-sqlite3 was installed (a dependency pulled it in)"; fi

# all four run, so one failure does not hide another
failures=()
if npx --no-install tsc -p tsconfig.json; then
  echo "consumer: consumer.ts type-checks against the published types"
else
  failures+=("consumer.ts does not type-check against the published .d.ts files (module nodenext, strict, skipLibCheck false)")
fi
# every export of every entry point, namespaces included, has the meanings (value, type) it has in
# the source: catches a name the dts bundler dropped even where consumer.ts does not use it
node "$root/scripts/consumer/exports.cjs" "$work/app" || failures+=("the published .d.ts files lose exports the sources have (scripts/consumer/exports.cjs)")
node consumer.mjs || failures+=("the ESM script (consumer.mjs) failed")
node consumer.cjs || failures+=("the CJS script (consumer.cjs) failed")
if [ ${#failures[@]} -gt 0 ]; then
  for f in "${failures[@]}"; do printf 'consumer: FAIL: %s\n' "$f" >&2; done
  exit 1
fi
echo "consumer: ok in $((SECONDS - start))s"
