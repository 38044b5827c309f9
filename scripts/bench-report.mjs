#!/usr/bin/env node
/**
 * The report benchmark: a ~200-page GB/T 9704 report (headings at three levels, long paragraphs,
 * a KPI table per part), written three ways, each run in its own process (peak RSS is per process):
 *   ours    — @govplan/report-docx's DocxRenderer.render (Report data → .docx bytes)
 *   bare    — the same content written straight with docx's classes and Packer.toBuffer (the floor)
 *   python  — python-docx (Debian python3-docx, /usr/bin/python3) writing an equivalent document
 * Time is build + pack + write, after imports, and beside it the whole process (start to exit, imports
 * included: Node's import of effect and docx is slower than Python's of python-docx); each is run
 * --runs times (default 3), alternating,
 * and the median and minimum times and the largest peak RSS are reported, with ratios to the floor and
 * to python-docx (the targets are judged on medians; on a busy machine the minimum is the steadier figure).
 * Targets: ours ≤ 1.3× bare, ours faster than python-docx, ours' peak RSS < 200 MB.
 *
 *   node scripts/bench-report.mjs [--pages 200] [--runs 3] [--verify]
 *
 * --verify converts ours' output to PDF with LibreOffice (if installed) and prints the page count.
 * Exits 1 when a target is missed.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildSync } from "esbuild"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")
const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt
}
const pages = opt("--pages", 200)
const runs = opt("--runs", 3)
const verify = args.includes("--verify")

// ---- the content: Report-shaped JSON, deterministic ----
const WORDS = "街道坚持以人民为中心的发展思想统筹推进各项工作落实落细基层治理能力不断提升群众获得感幸福感安全感持续增强"
let seed = 1
const prose = (chars) => {
  let s = ""
  while (s.length < chars) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    s += WORDS[seed % WORDS.length]
    if (s.length % 23 === 22) s += "，"
    if (s.length % 61 === 60) s += "。"
  }
  return s.replace(/[，。]?$/, "。")
}
const STATUSES = ["achieved", "onTrack", "atRisk", "offTrack", "noData"]
// 40 parts of 3 sections of 3 paragraphs (~290 characters) and an 8-row KPI table ≈ 200 pages (--verify checks)
const parts = Math.max(1, Math.round((40 * pages) / 200))
const report = {
  metadata: { title: "测试街道2022年工作总结（基准）", office: "测试街道办事处", date: "2022-12-31" },
  blocks: Array.from({ length: parts }, (_, p) => ({
    _tag: "Section",
    title: `第${p + 1}部分工作推进情况`,
    blocks: [
      ...Array.from({ length: 3 }, (_, s) => ({
        _tag: "Section",
        title: `第${s + 1}方面重点任务`,
        blocks: Array.from({ length: 3 }, (_, k) => ({ _tag: "Paragraph", text: prose(290), ...(k === 0 ? { lead: "持续推进。" } : {}) }))
      })),
      {
        _tag: "KpiTable",
        caption: `第${p + 1}部分指标完成情况`,
        rows: Array.from({ length: 8 }, (_, r) => ({ indicator: `指标${p + 1}-${r + 1}完成率`, target: "≥95%", actual: `${90 + r}%`, status: STATUSES[r % 5], numerator: 180 + r, denominator: 200 }))
      }
    ]
  })),
  attachments: []
}

const dir = mkdtempSync(join(tmpdir(), "govplan-bench-report-"))
const input = join(dir, "report.json")
writeFileSync(input, JSON.stringify(report))

// The worker runs as plain JavaScript: esbuild bundles it with the workspace sources (the
// @govplan/source condition); docx, effect and the chart libraries stay external, loaded from
// node_modules as an installed app would. (Running it under tsx would add tsx's own memory.)
// (written under node_modules/.cache so that its imports resolve from the repository's node_modules)
const worker = join(root, "node_modules", ".cache", "govplan-bench-report", "worker.mjs")
buildSync({
  entryPoints: [join(here, "bench-report.worker.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: worker,
  conditions: ["@govplan/source"],
  external: ["docx", "effect", "vega", "vega-lite", "@resvg/resvg-js", "date-fns", "@date-fns/tz"],
  nodePaths: [join(root, "node_modules")],
  logLevel: "error"
})

const python = "/usr/bin/python3"
const havePython = existsSync(python) && spawnSync(python, ["-c", "import docx"]).status === 0
const contenders = [
  ["ours", process.execPath, [worker, "ours", input]],
  ["bare", process.execPath, [worker, "bare", input]],
  ...(havePython ? [["python-docx", python, [join(here, "bench-report.py"), input]]] : [])
]
if (!havePython) console.log("python-docx not found (/usr/bin/python3 with python3-docx; run .ci/render-deps.sh): skipping that comparison")

const results = Object.fromEntries(contenders.map(([name]) => [name, { ms: [], processMs: [], rss: 0, bytes: 0 }]))
for (let r = 0; r < runs; r++) {
  for (const [name, cmd, argv] of contenders) {
    const out = join(dir, `${name}.docx`)
    const t0 = performance.now()
    const p = spawnSync(cmd, [...argv, out], { cwd: root, encoding: "utf8" })
    const processMs = performance.now() - t0
    if (p.status !== 0) {
      console.error(`${name} failed:\n${p.stderr}`)
      process.exit(1)
    }
    const line = JSON.parse(p.stdout.trim().split("\n").pop())
    results[name].ms.push(line.ms)
    results[name].processMs.push(processMs)
    results[name].rss = Math.max(results[name].rss, line.rssMB)
    results[name].bytes = line.bytes
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const row = (name) => {
  const r = results[name]
  return { name, ms: median(r.ms), min: Math.min(...r.ms), processMs: median(r.processMs), rss: r.rss, kb: r.bytes / 1024 }
}
const rows = contenders.map(([name]) => row(name))
let pageCount = "not verified (--verify)"
if (verify) {
  const soffice = spawnSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", dir, join(dir, "ours.docx")], { encoding: "utf8", env: { ...process.env, FONTCONFIG_FILE: join(root, "packages/report-docx/test/fonts.conf") } })
  const info = soffice.status === 0 ? spawnSync("pdfinfo", [join(dir, "ours.pdf")], { encoding: "utf8" }) : undefined
  pageCount = info?.status === 0 ? `${/Pages:\s+(\d+)/.exec(info.stdout)?.[1]} pages in LibreOffice` : "LibreOffice not available"
}
console.log(`report benchmark: ${parts} parts, ${parts * 9} paragraphs, ${parts} KPI tables — ${pageCount}; ${runs} runs each, median time, largest peak RSS`)
console.log("")
console.log("  writer        median (ms)   min (ms)   whole process (ms)   peak RSS (MB)   output (KB)")
for (const r of rows) console.log(`  ${r.name.padEnd(12)}  ${r.ms.toFixed(0).padStart(11)}   ${r.min.toFixed(0).padStart(8)}   ${r.processMs.toFixed(0).padStart(18)}   ${r.rss.toFixed(0).padStart(13)}   ${r.kb.toFixed(0).padStart(11)}`)
console.log("  (median and min: build + pack + write, after imports; whole process: start to exit, imports included —")
console.log("   Node's import of effect and docx costs more than Python's import of python-docx, so a one-off report")
console.log("   is judged on the whole process)")
const ours = rows.find((r) => r.name === "ours")
const bare = rows.find((r) => r.name === "bare")
const py = rows.find((r) => r.name === "python-docx")
console.log("")
const checks = [
  [`ours / bare docx = ${(ours.ms / bare.ms).toFixed(2)}x median, ${(ours.min / bare.min).toFixed(2)}x min (target ≤ 1.3x)`, ours.ms / bare.ms <= 1.3],
  ...(py ? [[`ours / python-docx = ${(ours.ms / py.ms).toFixed(2)}x median, ${(ours.min / py.min).toFixed(2)}x min (target < 1x)`, ours.ms < py.ms]] : []),
  ...(py ? [[`ours / python-docx, whole process = ${(ours.processMs / py.processMs).toFixed(2)}x median (reported, no target)`, true]] : []),
  [`ours peak RSS = ${ours.rss.toFixed(0)} MB (target < 200 MB)`, ours.rss < 200]
]
for (const [text, ok] of checks) console.log(`  ${ok ? "ok  " : "MISS"}  ${text}`)
rmSync(dir, { recursive: true, force: true })
process.exit(checks.every(([, ok]) => ok) ? 0 : 1)
