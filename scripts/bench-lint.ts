/**
 * The lint benchmark (`npm run bench -- lint`): a ~200-page document linted and fixed.
 *   ours  — the report written by DocxRenderer (GB/T 9704 throughout: lint finds nothing)
 *   word  — the same paragraphs in a docx-library document with its defaults (as Word starts one:
 *           every paragraph, the page and the footer get findings, and --fix rewrites them all)
 * Baseline, measured in the same run: the bare unzip (fflate) and XML parse of every part of the
 * file, which any linter must do. Reported: median and minimum of --runs (default 5) after a warm-up,
 * and the ratio of each median to the baseline's.
 * Targets: lint of a 200-page document < 1 s, fix < 2 s (exit 1 when missed).
 *
 *   npx tsx --conditions=@govplan/source scripts/bench-lint.ts [--pages 200] [--runs 5] [--verify]
 *
 * Pages are estimated from the text (22 lines of 28 characters); --verify converts both documents
 * to PDF with LibreOffice and prints their real page counts.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Document, Packer, Paragraph } from "docx"
import { Effect } from "effect"
import { strFromU8, unzipSync } from "fflate"
import { Civil } from "@govplan/model"
import { Report } from "@govplan/report"
import { DocxRenderer, Gbt9704 as G, Lint } from "@govplan/report-docx"
import * as X from "../packages/report-docx/src/internal/xml.js"

const args = process.argv.slice(2)
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt
}
const pages = opt("--pages", 200)
const runs = opt("--runs", 5)

// ---- the content: deterministic prose in parts, sections and paragraphs, until the pages are full ----
const WORDS = "街道坚持以人民为中心的发展思想统筹推进各项工作落实落细基层治理能力不断提升群众获得感幸福感安全感持续增强"
let seed = 7
const prose = (chars: number) => {
  let s = ""
  while (s.length < chars) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    const at = seed % (WORDS.length - 8)
    s += WORDS.slice(at, at + 4 + (seed % 5))
    s += seed % 7 === 0 ? "，" : ""
  }
  return `${s.slice(0, chars - 1)}。`
}
const linesOf = (chars: number) => Math.ceil((chars + 2) / G.GRID.chars)
let lines = 0
const parts: Array<Report.Block> = []
const flat: Array<string> = ["长寿路街道2022年工作总结"]
const CN = "一二三四五六七八九十"
const cn = (n: number) => (n <= 10 ? CN[n - 1]! : n < 20 ? `十${CN[n - 11]!}` : `${CN[Math.floor(n / 10) - 1]!}十${n % 10 === 0 ? "" : CN[(n % 10) - 1]!}`)
while (lines < pages * G.GRID.lines) {
  const sections: Array<Report.Block> = []
  const i = parts.length + 1
  flat.push(`${cn(i)}、第${i}方面工作`)
  lines++
  for (let j = 1; j <= 3 && lines < pages * G.GRID.lines; j++) {
    flat.push(`（${cn(j)}）第${i}.${j}项工作`)
    lines++
    const paragraphs = [0, 1, 2].map(() => prose(180 + (seed % 240)))
    for (const p of paragraphs) {
      flat.push(p)
      lines += linesOf(p.length)
    }
    sections.push(Report.section(`第${i}.${j}项工作`, paragraphs.map((p) => Report.paragraph(p))))
  }
  parts.push(Report.section(`第${i}方面工作`, sections))
}
flat.push("2022年12月31日")

const report: Report.Report = {
  metadata: { title: "长寿路街道2022年工作总结", office: "长寿路街道办事处", date: Civil.unsafeDate("2022-12-31") },
  blocks: parts,
  attachments: []
}
const ours = await Effect.runPromise(DocxRenderer.render(report))
// the same as a 文件: 版头, and the 版记 whose lines and position (a pagination of the whole document) are checked
const oursFile = await Effect.runPromise(DocxRenderer.render({
  ...report,
  metadata: { ...report.metadata, issuerMark: "长寿路街道办事处文件", docNumber: { prefix: "长街", year: 2022, serial: 5 }, recipients: "区人民政府", copyTo: ["区委办公室", "区政府办公室"] }
}, { layout: "文件" }))
const word = new Uint8Array(await Packer.toArrayBuffer(new Document({ sections: [{ children: flat.map((t) => new Paragraph(t)) }] })))

// ---- timing ----
const time = (f: () => unknown) => {
  f() // warm-up
  const ms: Array<number> = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    f()
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  return { median: ms[Math.floor(ms.length / 2)]!, min: ms[0]! }
}
const baseline = (bytes: Uint8Array) => () => {
  for (const [name, data] of Object.entries(unzipSync(bytes))) if (/\.(xml|rels)$/.test(name)) X.parse(strFromU8(data))
}
const lintOurs = [...Effect.runSync(Lint.lint(ours)), ...Effect.runSync(Lint.lint(oursFile, { layout: "文件" }))]
const lintWord = Effect.runSync(Lint.lint(word))
const fixedWord = Effect.runSync(Lint.fix(word))
const leftAfterFix = Effect.runSync(Lint.lint(fixedWord)).filter((f) => Lint.rules[f.rule].fixable).length

const rows = [
  { name: "baseline: unzip + parse (ours)", ...time(baseline(ours)) },
  { name: "baseline: unzip + parse (word)", ...time(baseline(word)) },
  { name: "lint ours", ...time(() => Effect.runSync(Lint.lint(ours))), base: 0, target: 1000 },
  { name: "lint ours as 文件 (版记 paginated)", ...time(() => Effect.runSync(Lint.lint(oursFile, { layout: "文件" }))), base: 0, target: 1000 },
  { name: "lint word", ...time(() => Effect.runSync(Lint.lint(word))), base: 1, target: 1000 },
  { name: "fix word", ...time(() => Effect.runSync(Lint.fix(word))), base: 1, target: 2000 },
  { name: "fix ours as 文件", ...time(() => Effect.runSync(Lint.fix(oursFile, { layout: "文件" }))), base: 0, target: 2000 }
]
console.log(`document: ~${pages} pages estimated (${lines} lines of 22 per page), ${flat.length} paragraphs; ours ${(ours.length / 1024).toFixed(0)} KiB (${lintOurs.length} findings), word ${(word.length / 1024).toFixed(0)} KiB (${lintWord.length} findings, ${leftAfterFix} fixable left after fix); runs ${runs}`)
let missed = 0
for (const r of rows) {
  const ratio = "base" in r && r.base !== undefined ? ` ${(r.median / rows[r.base]!.median).toFixed(1)}× baseline` : ""
  const target = "target" in r && r.target !== undefined ? ` target < ${r.target} ms: ${r.median < r.target ? "met" : "MISSED"}` : ""
  if ("target" in r && r.target !== undefined && r.median >= r.target) missed++
  console.log(`${r.name.padEnd(36)} median ${r.median.toFixed(0).padStart(5)} ms  min ${r.min.toFixed(0).padStart(5)} ms${ratio}${target}`)
}
if (lintOurs.length > 0 || leftAfterFix > 0) {
  console.log("unexpected: our document has findings, or fix left fixable ones")
  missed++
}

if (args.includes("--verify")) {
  const dir = mkdtempSync(join(tmpdir(), "bench-lint-"))
  writeFileSync(join(dir, "ours.docx"), ours)
  writeFileSync(join(dir, "word-fixed.docx"), fixedWord)
  spawnSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, join(dir, "ours.docx"), join(dir, "word-fixed.docx")], { stdio: "ignore", env: { ...process.env, HOME: dir } })
  for (const name of ["ours", "word-fixed"]) {
    const pdf = readFileSync(join(dir, `${name}.pdf`)).toString("latin1")
    console.log(`--verify: ${name}.pdf has ${(pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length} pages (LibreOffice)`)
  }
  rmSync(dir, { recursive: true, force: true })
}
process.exit(missed > 0 ? 1 : 0)
