#!/usr/bin/env bash
# Node 24 leg: installs Node 24 from the npm registry (`npm i --prefix <dir> node@24`), puts its
# bin first on PATH, rebuilds better-sqlite3 for its ABI against its headers (npm_config_nodedir)
# and runs the whole test suite (`npx vitest run`) under it.
#
# The headers come from node@24.18.1 by default, not from the runtime: node_object_wrap.h of
# 24.19.0 and later compiles environment cleanup hooks into addons, and better-sqlite3 12's
# Statement destructor then aborts the process during GC ("Assertion failed: (env) != nullptr" in
# node::RemoveEnvironmentCleanupHook; nodejs/node#65446, open). An addon built against 24.18.1
# headers runs on any 24.x. NODE24_HEADERS_SPEC=node@24 builds against the runtime's own headers
# (reproduces the abort with better-sqlite3 12.11.1 on 24.21.0).
#
# By default it works in a copy of the checkout (rsync, without .git and generated data), so the
# checkout's better-sqlite3 stays built for the default Node: nothing to undo, and nothing breaks
# for whoever else uses the checkout meanwhile. NODE24_IN_PLACE=1 rebuilds in the checkout instead
# and rebuilds it back for the default Node on exit (also on failure).
#   NODE24_SPEC  the npm spec of Node (default node@24)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS
fail() { printf 'node24: FAIL: %s\n' "$*" >&2; exit 1; }
default_node=$(command -v node)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/govplan-node24.XXXXXX")
restore=""
cleanup() {
  if [ -n "$restore" ]; then
    echo "node24: rebuilding better-sqlite3 back for $("$default_node" --version) (default Node)"
    (cd "$root" && env -u npm_config_nodedir PATH="$(dirname "$default_node"):$PATH" npm_config_build_from_source=true npm rebuild better-sqlite3 >/dev/null) ||
      echo "node24: WARNING: rebuilding better-sqlite3 for the default Node failed; run: npm rebuild better-sqlite3" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# 1. Node 24 from the npm registry: the `node` package installs node-<platform>-<arch> (binary + headers)
npm i --prefix "$tmp/node" "${NODE24_SPEC:-node@24}" --no-audit --no-fund --loglevel=error >/dev/null ||
  fail "npm i --prefix $tmp/node ${NODE24_SPEC:-node@24} failed"
bin="$tmp/node/node_modules/node/bin"
[ -x "$bin/node" ] || fail "no node binary at $bin/node after installing ${NODE24_SPEC:-node@24} (did its preinstall script run?)"
version=$("$bin/node" --version)
case "$version" in v24.*) ;; *) fail "the installed Node is $version, not v24" ;; esac
arch=$("$bin/node" -p 'process.platform + "-" + process.arch')
headers_spec=${NODE24_HEADERS_SPEC:-node@24.18.1}
if [ "$headers_spec" = "${NODE24_SPEC:-node@24}" ]; then
  headers="$tmp/node/node_modules/node/node_modules/node-$arch"
else
  npm i --prefix "$tmp/headers" "$headers_spec" --no-audit --no-fund --loglevel=error >/dev/null ||
    fail "npm i --prefix $tmp/headers $headers_spec (the headers to build addons against) failed"
  headers="$tmp/headers/node_modules/node/node_modules/node-$arch"
fi
[ -f "$headers/include/node/node_api.h" ] || fail "no Node headers at $headers/include/node/node_api.h"
hv=$("$headers/bin/node" --version)
case "$hv" in v24.*) ;; *) fail "the headers are of Node $hv, not v24 (same ABI needed)" ;; esac
echo "node24: Node $version from the npm registry (ABI $("$bin/node" -p process.versions.modules)); addons built against the $hv headers in $headers"

# 2. where to run: a copy of the checkout, or the checkout itself
if ! command -v rsync >/dev/null 2>&1; then
  echo "node24: installing rsync (Debian)"
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends rsync >/dev/null; } || fail "rsync is missing and could not be installed"
fi

if [ "${NODE24_IN_PLACE:-0}" = 1 ]; then
  dir=$root
  restore=1
else
  dir="$tmp/repo"
  t=$SECONDS
  rsync -a --delete --exclude=/.git --exclude=/bench-data --exclude=/out --exclude=/docs/api --exclude=.turbo \
    --exclude=/node_modules/.cache --exclude=/apps/govplan/.cli --exclude=/node_modules/.vite --exclude=/node_modules/.vitest "$root/" "$dir/" ||
    fail "copying the checkout to $dir failed"
  echo "node24: copied the checkout to $dir in $((SECONDS - t))s"
fi

# 3. better-sqlite3 for Node 24's ABI, from source against its headers
cd "$dir"
export PATH="$bin:$PATH"
export npm_config_nodedir="$headers"
t=$SECONDS
npm_config_build_from_source=true npm rebuild better-sqlite3 >/dev/null || fail "npm rebuild better-sqlite3 for Node $version failed"
node -e 'const D = require("better-sqlite3"); const db = new D(":memory:"); if (db.prepare("select 1 + 1 as n").get().n !== 2) process.exit(1)' ||
  fail "better-sqlite3 does not load under Node $version after the rebuild"
echo "node24: better-sqlite3 rebuilt for Node $version in $((SECONDS - t))s"

# 4. the whole test suite under Node 24
[ "$(node --version)" = "$version" ] || fail "node on PATH is $(node --version), not $version"
t=$SECONDS
npx vitest run || fail "the test suite failed under Node $version"
if [ -f "$dir/node_modules/.cache/govplan-vitest.json" ]; then
  node -e 'const r = require(process.argv[1]); console.log(`node24: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`)' \
    "$dir/node_modules/.cache/govplan-vitest.json"
fi
echo "node24: tests passed under Node $version in $((SECONDS - t))s; total $((SECONDS - start))s"
