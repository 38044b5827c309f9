// Compares every export of every library entry point, namespaces included (`Report.Chart`), between
// the TypeScript sources and the published .d.ts files installed in the consumer project, for both
// the `import` and the `require` types: a name must be published with the same meanings (value,
// type) it has in the source. A dts bundler that drops the type or the value half of a name
// (`export const Chart = Schema...` beside `export interface Chart`) fails here, for every name,
// not only for those consumer.ts uses. Usage: node scripts/consumer/exports.cjs <app dir>
const fs = require("node:fs")
const path = require("node:path")
const root = path.resolve(__dirname, "../..")
const ts = require(path.join(root, "node_modules/typescript"))
const app = process.argv[2]
if (app === undefined) throw new Error("usage: node scripts/consumer/exports.cjs <consumer app dir>")

const meaningsOf = (checker, moduleSymbol, prefix, out, depth) => {
  for (const e of checker.getExportsOfModule(moduleSymbol)) {
    const name = prefix + e.getName()
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e
    if (target.flags & ts.SymbolFlags.Module && !(target.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Enum))) {
      // a namespace (`export * as Report`): compare its members
      out.set(name, "namespace")
      if (depth < 4) meaningsOf(checker, target, name + ".", out, depth + 1)
      continue
    }
    const m = []
    const typeOnly = (e.declarations ?? []).some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly))
    if (target.flags & ts.SymbolFlags.Value && !typeOnly) m.push("value")
    if (target.flags & ts.SymbolFlags.Type) m.push("type")
    out.set(name, m.join("+") || "nothing")
  }
}
// one program for all the sources, one for all the published files: each file's exports
const programOf = (files, customConditions) => {
  const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true, types: [], customConditions }
  const program = ts.createProgram(files, options)
  const checker = program.getTypeChecker()
  return (file) => {
    const sf = program.getSourceFile(file)
    if (sf === undefined) throw new Error(`cannot read ${file}`)
    const out = new Map()
    meaningsOf(checker, checker.getSymbolAtLocation(sf), "", out, 0)
    return out
  }
}

const entries = []
for (const dir of fs.readdirSync(path.join(root, "packages")).sort()) {
  const file = path.join(root, "packages", dir, "package.json")
  if (!fs.existsSync(file)) continue
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"))
  if (pkg.private === true) continue
  for (const [sub, entry] of Object.entries(pkg.exports ?? {})) {
    if (entry === null || typeof entry !== "object" || typeof entry["@govplan/source"] !== "string") continue
    const published = {}
    for (const cond of ["import", "require"]) published[cond] = path.join(app, "node_modules", pkg.name, entry[cond].types)
    entries.push({ name: pkg.name + (sub === "." ? "" : sub.slice(1)), source: path.join(root, "packages", dir, entry["@govplan/source"]), published })
  }
}
const sourceExports = programOf(entries.map((e) => e.source), ["@govplan/source"])
const publishedExports = programOf(entries.flatMap((e) => Object.values(e.published)), [])

let problems = 0
let checked = 0
for (const { name: entry, source, published } of entries) {
  const inSource = sourceExports(source)
  for (const [cond, file] of Object.entries(published)) {
    const inPublished = publishedExports(file)
    for (const [name, m] of inSource) {
      checked++
      if (inPublished.get(name) !== m) {
        problems++
        console.error(`exports: ${entry} (${cond}): ${name} is ${m} in the source but ${inPublished.get(name) ?? "missing"} in the published .d.ts`)
      }
    }
  }
}
if (checked === 0) throw new Error("no exports compared")
console.log(`exports: ${checked} names compared (sources vs published .d.ts, import and require): ${problems === 0 ? "all match" : `${problems} differ`}`)
process.exit(problems === 0 ? 0 : 1)
