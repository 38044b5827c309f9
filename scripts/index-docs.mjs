// Keeps the comment on each `export * as X from "./X.js"` line of every package's entry files
// (packages/*/src/index.ts, node.ts) equal to the summary of module X's own header comment, so the
// API reference (TypeDoc) describes every module without a second, hand-kept copy of the text.
//   node scripts/index-docs.mjs          rewrite the entry files
//   node scripts/index-docs.mjs --check  fail (exit 1) when an entry file is out of step
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const check = process.argv.includes("--check")

/** The first paragraph of a module's header comment (its first JSDoc block), or undefined. */
const summaryOf = (file) => {
  const text = fs.readFileSync(file, "utf8")
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(text)
  if (m === null) return undefined
  const lines = m[1].split("\n").map((l) => l.replace(/^\s*\* ?/, "").trimEnd())
  const out = []
  for (const l of lines) {
    if (l.startsWith("@")) break
    if (l === "" && out.length > 0) break
    if (l !== "") out.push(l)
  }
  return out.length > 0 ? out : undefined
}

const exportLine = /^export \* as (\w+) from "(\.\/[^"]+)\.js"$/
const stale = []
let modules = 0
for (const pkg of fs.readdirSync(path.join(root, "packages"))) {
  for (const entry of ["index.ts", "node.ts"]) {
    const file = path.join(root, "packages", pkg, "src", entry)
    if (!fs.existsSync(file)) continue
    const text = fs.readFileSync(file, "utf8")
    // the file is a list of blocks: an optional leading comment (kept as is), then `/** … */ export * as …` pairs
    const blocks = text.split(/\n(?=\/\*\*)/)
    const rebuilt = blocks.map((block) => {
      const lines = block.trimEnd().split("\n")
      const last = lines[lines.length - 1]
      const m = exportLine.exec(last)
      if (m === null) return block.trimEnd()
      const target = path.join(path.dirname(file), `${m[2]}.ts`)
      if (!fs.existsSync(target)) throw new Error(`${path.relative(root, file)}: ${m[2]}.ts not found`)
      const summary = summaryOf(target)
      if (summary === undefined) throw new Error(`${path.relative(root, target)} has no header comment to describe the module`)
      const since = /@since\s+(\S+)/.exec(lines.slice(0, -1).join("\n"))?.[1] ?? "0.1.0"
      modules++
      return ["/**", ...summary.map((l) => ` * ${l}`), " *", ` * @since ${since}`, " */", last].join("\n")
    })
    const next = rebuilt.join("\n\n") + "\n"
    if (next !== text) {
      stale.push(path.relative(root, file))
      if (!check) fs.writeFileSync(file, next)
    }
  }
}
if (check && stale.length > 0) {
  console.error(`index-docs: out of step with the modules' header comments: ${stale.join(", ")} (run node scripts/index-docs.mjs)`)
  process.exit(1)
}
console.log(`index-docs: ${modules} modules described${check ? "" : stale.length > 0 ? `; rewrote ${stale.join(", ")}` : "; nothing to change"}`)
