// Packs every library package (packages/*, not private) into <work>/packs and writes a fresh
// consumer project in <work>/app, and <work>/install.json: the README's install commands (the block
// between `<!-- consumer-install:begin -->` and `<!-- consumer-install:end -->`) with each @govplan/*
// name replaced by its tarball, so the consumer installs the peers exactly as a user told by the
// README would (effect@^3 …), from the registry. Usage: node scripts/consumer/prepare.mjs <work>
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, "../..")
const work = process.argv[2]
if (work === undefined || !path.isAbsolute(work)) throw new Error("usage: node scripts/consumer/prepare.mjs <absolute work dir>")
if (path.relative(root, work).split(path.sep)[0] !== "..") throw new Error(`${work} is inside the workspace; the consumer must live outside it`)

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"))
const packs = path.join(work, "packs")
const app = path.join(work, "app")
fs.mkdirSync(packs, { recursive: true })
fs.mkdirSync(app, { recursive: true })

const libraries = fs
  .readdirSync(path.join(root, "packages"))
  .map((d) => path.join(root, "packages", d))
  .filter((d) => fs.existsSync(path.join(d, "package.json")))
  .map((dir) => ({ dir, pkg: readJson(path.join(dir, "package.json")) }))
  .filter(({ pkg }) => pkg.private !== true)
if (libraries.length === 0) throw new Error("no library packages under packages/")

const tarballs = {}
for (const { dir, pkg } of libraries) {
  for (const f of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts"]) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`${pkg.name}: no ${f}; run \`npm run build\` first`)
  }
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", packs], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  const [info] = JSON.parse(out)
  console.log(`packed ${pkg.name}@${pkg.version}: ${info.filename} (${info.entryCount} files, ${info.size} bytes)`)
  tarballs[pkg.name] = path.join(packs, info.filename)
}
// No overrides: npm refuses one that differs from a direct dependency (EOVERRIDE). A tarball's own
// @govplan/* dependency ("0.1.0") is met by the tarball the same or an earlier README command
// installed; were it not, npm would ask the registry and fail (consumer.sh also checks that every
// @govplan/* package in the tree came from a tarball).

// the README's install commands, each @govplan/* name swapped for its tarball
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
const block = /<!-- consumer-install:begin -->([\s\S]*?)<!-- consumer-install:end -->/.exec(readme)
if (block === null) throw new Error("README.md has no <!-- consumer-install:begin --> … <!-- consumer-install:end --> block")
const commands = block[1]
  .split("\n")
  .map((line) => line.replace(/#.*$/, "").trim())
  .filter((line) => line.startsWith("npm install "))
  .map((line) => line.split(/\s+/).slice(2))
if (commands.length === 0) throw new Error("the README's install block has no `npm install` line")
const named = new Set(commands.flat().filter((a) => a.startsWith("@govplan/")))
for (const name of Object.keys(tarballs)) if (!named.has(name)) throw new Error(`the README's install block never installs ${name}`)
// a user's npm fetches a named package's own @govplan/* dependencies from the registry; here they are
// not published, so each command also gets the tarballs of those dependencies (and theirs)
const govplanDeps = Object.fromEntries(libraries.map(({ pkg }) => [pkg.name, Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith("@govplan/"))]))
const withDependencies = (names) => {
  const all = new Set()
  const visit = (n) => {
    if (all.has(n)) return
    all.add(n)
    for (const d of govplanDeps[n] ?? []) visit(d)
  }
  names.forEach(visit)
  return [...all]
}
const install = commands.map((args) => {
  const named = args.filter((a) => a.startsWith("@govplan/"))
  for (const a of named) if (tarballs[a] === undefined) throw new Error(`the README's install block names ${a}, which is not a package here`)
  const others = args.filter((a) => !a.startsWith("@govplan/"))
  return [...withDependencies(named).map((n) => tarballs[n]), ...others]
})
fs.writeFileSync(path.join(work, "install.json"), JSON.stringify(install, null, 2) + "\n")

// the type check of consumer.ts: the workspace's TypeScript and Node types
const devDependencies = {}
for (const p of ["typescript", "@types/node"]) devDependencies[p] = readJson(path.join(root, "node_modules", p, "package.json")).version

fs.writeFileSync(
  path.join(app, "package.json"),
  JSON.stringify(
    { name: "govplan-consumer", version: "0.0.0", private: true, type: "module", description: "consumer test of the packed @govplan/* packages", devDependencies },
    null,
    2
  ) + "\n"
)
for (const f of ["consumer.mjs", "consumer.cjs", "consumer.ts", "check.cjs", "hotline-orders.csv"]) fs.copyFileSync(path.join(here, f), path.join(app, f))
fs.copyFileSync(path.join(here, "tsconfig.consumer.json"), path.join(app, "tsconfig.json"))
console.log(`consumer project: ${app}`)
for (const args of install) console.log(`install: npm install ${args.map((a) => (path.isAbsolute(a) ? path.basename(a) : a)).join(" ")}`)
