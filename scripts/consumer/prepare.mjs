// Packs every library package (packages/*, not private) into <work>/packs and writes a fresh
// consumer project in <work>/app that depends on the tarballs and on the peer dependencies at the
// versions the workspace installed from its lockfile. Usage: node scripts/consumer/prepare.mjs <work>
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

const dependencies = {}
const overrides = {}
const peers = new Set(["@effect/experimental"]) // a peer of @effect/sql: pin it as the workspace does
for (const { dir, pkg } of libraries) {
  for (const f of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts"]) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`${pkg.name}: no ${f}; run \`npm run build\` first`)
  }
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", packs], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  const [info] = JSON.parse(out)
  console.log(`packed ${pkg.name}@${pkg.version}: ${info.filename} (${info.entryCount} files, ${info.size} bytes)`)
  dependencies[pkg.name] = `file:${path.join(packs, info.filename)}`
  // transitive @govplan/* dependencies resolve to these tarballs too, never to the registry
  overrides[pkg.name] = `$${pkg.name}`
  // required peers only: an optional one (better-sqlite3 for the pillars' generator) is the user's choice
  for (const p of Object.keys(pkg.peerDependencies ?? {})) {
    if (pkg.peerDependenciesMeta?.[p]?.optional !== true) peers.add(p)
  }
}
for (const p of [...peers].sort()) {
  const file = path.join(root, "node_modules", p, "package.json")
  if (!fs.existsSync(file)) throw new Error(`peer dependency ${p} is not installed in the workspace`)
  dependencies[p] = readJson(file).version
}

// the type check of consumer.ts: the workspace's TypeScript and Node types
const devDependencies = {}
for (const p of ["typescript", "@types/node"]) devDependencies[p] = readJson(path.join(root, "node_modules", p, "package.json")).version

fs.writeFileSync(
  path.join(app, "package.json"),
  JSON.stringify(
    { name: "govplan-consumer", version: "0.0.0", private: true, type: "module", description: "consumer test of the packed @govplan/* packages", dependencies, devDependencies, overrides },
    null,
    2
  ) + "\n"
)
for (const f of ["consumer.mjs", "consumer.cjs", "consumer.ts", "check.cjs", "hotline-orders.csv"]) fs.copyFileSync(path.join(here, f), path.join(app, f))
fs.copyFileSync(path.join(here, "tsconfig.consumer.json"), path.join(app, "tsconfig.json"))
console.log(`consumer project: ${app}`)
console.log(`peers: ${[...peers].sort().map((p) => `${p}@${dependencies[p]}`).join(", ")}`)
