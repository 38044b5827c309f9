// Scaffolds a library package: node scripts/new-package.mjs <name> "<description>" [peer,...] [dep,...]
import { copyFileSync, mkdirSync, writeFileSync, existsSync } from "node:fs"
import { readFileSync } from "node:fs"

const [name, description, peers = "", deps = ""] = process.argv.slice(2)
if (!name || !description) throw new Error("usage: new-package.mjs <name> <description> [peers] [deps]")
const dir = new URL(`../packages/${name}/`, import.meta.url)
if (existsSync(new URL("package.json", dir))) throw new Error(`packages/${name} exists`)
const root = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
const rootVersion = (p) => root.devDependencies[p] ?? (() => { throw new Error(`no root devDependency ${p}`) })()
const list = (s) => s.split(",").filter(Boolean)
const peerDependencies = Object.fromEntries(list(peers).map((p) => [p, rootVersion(p).replace("~", "^")]))
const devDependencies = Object.fromEntries(list(peers).map((p) => [p, rootVersion(p)]))
const dependencies = Object.fromEntries(list(deps).map((p) => [p, p.startsWith("@govplan/") ? "0.1.0" : rootVersion(p)]))
const pkg = {
  name: `@govplan/${name}`,
  version: "0.1.0",
  description,
  license: "MIT",
  type: "module",
  sideEffects: false,
  engines: { node: ">=20.19" },
  repository: { type: "git", url: "git+https://github.com/govplan/govplan.git", directory: `packages/${name}` },
  exports: {
    ".": {
      "@govplan/source": "./src/index.ts",
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" }
    },
    "./internal/*": null,
    "./package.json": "./package.json"
  },
  main: "./dist/index.cjs",
  module: "./dist/index.js",
  types: "./dist/index.d.ts",
  files: ["dist", "src", "!src/**/*.test.ts", "README.md", "LICENSE", "CHANGELOG.md"],
  scripts: {
    build: "tsup",
    typecheck: "tsc --noEmit -p tsconfig.json",
    "lint:pkg": "publint --strict && attw --pack . --profile node16"
  },
  publishConfig: { access: "public", provenance: true },
  ...(Object.keys(dependencies).length ? { dependencies } : {}),
  ...(Object.keys(peerDependencies).length ? { peerDependencies, devDependencies } : {})
}
mkdirSync(new URL("src/", dir), { recursive: true })
mkdirSync(new URL("test/", dir), { recursive: true })
writeFileSync(new URL("package.json", dir), JSON.stringify(pkg, null, 2) + "\n")
// every tarball ships the licence and the changelog (changesets prepends each release under the title)
copyFileSync(new URL("../LICENSE", import.meta.url), new URL("LICENSE", dir))
writeFileSync(new URL("CHANGELOG.md", dir), `# ${pkg.name}\n`)
writeFileSync(new URL("tsconfig.json", dir), JSON.stringify({ extends: "../../tsconfig.base.json", include: ["src", "test"] }, null, 2) + "\n")
writeFileSync(new URL("tsup.config.ts", dir), `import { libraryConfig } from "../../tsup.base.js"\n\nexport default libraryConfig({ entry: ["src/index.ts"] })\n`)
console.log(`created packages/${name}`)
