#!/usr/bin/env bash
# Changelog check: runs `changeset version` on a throw-away clone of HEAD and fails unless every
# pending changeset's text reaches each CHANGELOG.md it names unchanged (white space folded), so
# document numbers such as 国办发明电〔2024〕12号 keep their form (a formatter that inserts a space
# between Chinese characters and digits, as prettier does, fails this), and every package has a
# CHANGELOG.md that the versioned release lands in.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS
tmp=$(mktemp -d "${TMPDIR:-/tmp}/govplan-changelog.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
git clone -q "$root" "$tmp/repo"
# the clone has the committed state; take the working tree's pending changesets too
cp "$root"/.changeset/*.md "$root"/.changeset/config.json "$tmp/repo/.changeset/"
ln -s "$root/node_modules" "$tmp/repo/node_modules"
cd "$tmp/repo"
node - <<'NODE' > "$tmp/expected.json"
const fs = require("node:fs")
const out = []
for (const f of fs.readdirSync(".changeset").filter((f) => f.endsWith(".md") && f !== "README.md")) {
  const text = fs.readFileSync(`.changeset/${f}`, "utf8")
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)
  if (!m) { console.error(`changelog-check: FAIL: .changeset/${f} has no front matter`); process.exit(1) }
  const packages = [...m[1].matchAll(/"(@govplan\/[^"]+)"\s*:/g)].map((x) => x[1])
  out.push({ file: f, packages, body: m[2].trim() })
}
console.log(JSON.stringify(out))
NODE
npx changeset version >"$tmp/version.log" 2>&1 || { cat "$tmp/version.log" >&2; echo "changelog-check: FAIL: changeset version failed" >&2; exit 1; }
node - "$tmp/expected.json" <<'NODE'
const fs = require("node:fs")
const path = require("node:path")
const fold = (s) => s.replace(/\s+/g, " ").trim()
const expected = JSON.parse(fs.readFileSync(process.argv[2], "utf8"))
const dirs = Object.fromEntries(fs.readdirSync("packages").filter((d) => fs.existsSync(`packages/${d}/package.json`)).map((d) => [JSON.parse(fs.readFileSync(`packages/${d}/package.json`, "utf8")).name, `packages/${d}`]))
const problems = []
for (const { file, packages, body } of expected) {
  for (const name of packages) {
    const dir = dirs[name]
    if (dir === undefined) { problems.push(`.changeset/${file} names ${name}, which is not a package here`); continue }
    const log = path.join(dir, "CHANGELOG.md")
    if (!fs.existsSync(log)) { problems.push(`${name}: no CHANGELOG.md after changeset version`); continue }
    if (!fold(fs.readFileSync(log, "utf8")).includes(fold(body))) problems.push(`${name}: CHANGELOG.md does not carry .changeset/${file} unchanged`)
  }
}
if (problems.length > 0) { for (const p of problems) console.error(`changelog-check: FAIL: ${p}`); process.exit(1) }
console.log(`changelog-check: ${expected.length} changesets reach their CHANGELOG.md unchanged`)
NODE
echo "changelog-check: ok in $((SECONDS - start))s"
