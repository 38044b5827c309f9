// Type-checks every ```ts block of a JSDoc @example in packages/*/src/**/*.ts, and every ```ts block
// of README.md and packages/*/README.md.
//
// Each example becomes a module under node_modules/.cache/govplan-examples/ (git-ignored) and all of
// them are checked in one `tsc --noEmit` against the workspace sources: tsconfig.base.json's
// "customConditions" make @govplan/* resolve to src/, so no build is needed. An example must compile
// as written (its own imports, no undeclared names). Errors are reported at the file:line of the
// package source. Exit code 1 when any example fails, 2 when the check itself cannot run.
//
//   node scripts/check-examples.mjs            check all
//   node scripts/check-examples.mjs --list     list the examples found
//   node scripts/check-examples.mjs model kpi  only these packages
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
// one directory per run, so two runs at once (a developer and an editor hook) do not clobber each other
const outDir = path.join(root, "node_modules", ".cache", `govplan-examples-${process.pid}`)
process.on("exit", () => fs.rmSync(outDir, { recursive: true, force: true }))
const args = process.argv.slice(2)
const list = args.includes("--list")
const only = args.filter((a) => !a.startsWith("--"))
const rel = (f) => path.relative(root, f).split(path.sep).join("/")

const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return walk(p)
    return e.isFile() && p.endsWith(".ts") && !p.endsWith(".d.ts") && !p.endsWith(".test.ts") ? [p] : []
  })

const packagesDir = path.join(root, "packages")
const packages = fs.readdirSync(packagesDir).filter((d) => fs.existsSync(path.join(packagesDir, d, "src")))
for (const o of only) if (!packages.includes(o)) throw new Error(`no package "${o}" (have: ${packages.join(", ")})`)
const files = packages.filter((p) => only.length === 0 || only.includes(p)).flatMap((p) => walk(path.join(packagesDir, p, "src"))).sort()

/**
 * The examples of a source file: every ```ts / ```typescript fence after an @example tag inside a
 * JSDoc comment, with the 1-based source line of its first code line.
 */
const examplesOf = (file) => {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/)
  const out = []
  let inDoc = false
  let inExample = false
  let fence = undefined // { start, code: [] } while inside a fence
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!inDoc) {
      if (/^\s*\/\*\*/.test(line) && !/\*\/\s*$/.test(line.replace(/^\s*\/\*\*/, ""))) {
        inDoc = true
        inExample = /@example\b/.test(line)
      }
      continue
    }
    const end = /\*\/\s*$/.test(line)
    const text = line.replace(/\*\/\s*$/, "").replace(/^\s*\* ?/, "").replace(/^\s*\*$/, "")
    if (fence !== undefined) {
      if (/^\s*```\s*$/.test(text)) {
        out.push({ file, line: fence.start, code: fence.code.join("\n") })
        fence = undefined
      } else fence.code.push(text)
    } else if (/^@example\b/.test(text.trim())) inExample = true
    else if (/^@\w+/.test(text.trim())) inExample = false
    else if (inExample && /^\s*```(ts|typescript)\s*$/.test(text)) fence = { start: i + 2, code: [] }
    if (end) {
      if (fence !== undefined) {
        out.push({ file, line: fence.start, code: fence.code.join("\n"), unclosed: true })
        fence = undefined
      }
      inDoc = false
      inExample = false
    }
  }
  return out
}

/** The ```ts blocks of a Markdown file (the READMEs' examples), with the 1-based line of their first code line. */
const markdownExamplesOf = (file) => {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/)
  const out = []
  let fence = undefined
  for (let i = 0; i < lines.length; i++) {
    if (fence === undefined) {
      if (/^```(ts|typescript)\s*$/.test(lines[i])) fence = { start: i + 2, code: [] }
    } else if (/^```\s*$/.test(lines[i])) {
      out.push({ file, line: fence.start, code: fence.code.join("\n") })
      fence = undefined
    } else fence.code.push(lines[i])
  }
  if (fence !== undefined) out.push({ file, line: fence.start, code: fence.code.join("\n"), unclosed: true })
  return out
}
const readmes = [
  ...(only.length === 0 ? [path.join(root, "README.md")] : []),
  ...packages.filter((p) => only.length === 0 || only.includes(p)).map((p) => path.join(packagesDir, p, "README.md"))
].filter((f) => fs.existsSync(f))

const examples = [...files.flatMap(examplesOf), ...readmes.flatMap(markdownExamplesOf)]
if (list) {
  for (const e of examples) console.log(`${rel(e.file)}:${e.line}`)
  console.log(`${examples.length} examples in ${new Set(examples.map((e) => e.file)).size} files`)
  process.exit(0)
}
if (examples.length === 0) {
  console.error("check-examples: no @example ```ts blocks found; nothing was checked")
  process.exit(2)
}

// one module per example; `export {}` (last, so lines map 1:1) makes an import-less example a module
fs.rmSync(outDir, { recursive: true, force: true })
fs.mkdirSync(outDir, { recursive: true })
const byOut = new Map()
for (const e of examples) {
  const name = `${rel(e.file).replace(/^packages\//, "").replace(/\.(ts|md)$/, "").replace(/[/\\]/g, "__")}__L${e.line}.ts`
  const out = path.join(outDir, name)
  fs.writeFileSync(out, `${e.code}\nexport {}\n`)
  byOut.set(out, e)
}
fs.writeFileSync(
  path.join(outDir, "tsconfig.json"),
  JSON.stringify(
    {
      extends: path.relative(outDir, path.join(root, "tsconfig.base.json")).split(path.sep).join("/"),
      compilerOptions: { noEmit: true, sourceMap: false, declaration: false, rootDir: root },
      include: ["./*.ts"]
    },
    null,
    2
  )
)

const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc")
const run = spawnSync(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", path.join(outDir, "tsconfig.json")], {
  cwd: root,
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024
})
if (run.error) {
  console.error(`check-examples: could not run tsc: ${run.error.message}`)
  process.exit(2)
}

// "file(line,col): error TSxxxx: message" plus indented continuation lines
const failures = new Map() // example → messages
const elsewhere = []
let current = undefined
for (const line of `${run.stdout}${run.stderr}`.split(/\r?\n/)) {
  const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line)
  if (m) {
    const file = path.resolve(root, m[1])
    const e = byOut.get(file)
    if (e === undefined) {
      current = { text: `${rel(file)}:${m[2]}:${m[3]} ${m[4]} ${m[5]}` }
      elsewhere.push(current)
      continue
    }
    const msgs = failures.get(e) ?? []
    current = { text: `${rel(e.file)}:${e.line + Number(m[2]) - 1}:${m[3]} ${m[4]} ${m[5]}` }
    msgs.push(current)
    failures.set(e, msgs)
  } else if (current !== undefined && /^\s+\S/.test(line)) current.text += `\n    ${line.trim()}`
  else if (line.trim() !== "" && !m) {
    elsewhere.push({ text: line })
    current = undefined
  }
}
for (const e of examples.filter((e) => e.unclosed)) failures.set(e, [...(failures.get(e) ?? []), { text: `${rel(e.file)}:${e.line} unclosed \`\`\` fence` }])

if (elsewhere.length > 0) {
  console.log(`check-examples: ${elsewhere.length} tsc error(s) outside the examples (in sources they import; \`npm run typecheck\` owns those):`)
  for (const x of elsewhere) console.log(`  ${x.text}`)
}
if (failures.size > 0) {
  console.log(`check-examples: ${failures.size} of ${examples.length} examples do not compile:`)
  for (const [e, msgs] of [...failures].sort(([a], [b]) => rel(a.file).localeCompare(rel(b.file)) || a.line - b.line)) {
    console.log(`\n${rel(e.file)}:${e.line}`)
    for (const x of msgs) console.log(`  ${x.text}`)
  }
  process.exit(1)
}
if (run.status !== 0 && elsewhere.length === 0) {
  console.error(`check-examples: tsc exited with ${run.status} without an error line:\n${run.stdout}${run.stderr}`)
  process.exit(2)
}
console.log(`check-examples: all ${examples.length} examples in ${new Set(examples.map((e) => e.file)).size} files compile`)
