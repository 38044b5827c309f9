#!/usr/bin/env bash
# Consumer test: `npm pack` every library package, install the tarballs (and the peer
# dependencies at the workspace's versions) into a fresh project outside the workspace,
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
npm install --no-audit --no-fund --loglevel=error || fail "npm install of the tarballs failed"
echo "consumer: installed in $((SECONDS - t))s"
# nothing may come from the workspace or the registry under our scope but the tarballs
for d in node_modules/@govplan/*; do
  [ -L "$d" ] && fail "$d is a symlink (a workspace link, not an installed tarball)"
done
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
