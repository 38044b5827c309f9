#!/usr/bin/env node
/**
 * Excel benchmark (not a unit test; run by `npm run bench`, or `npm run bench -- xlsx`).
 *
 * Makes 100,000- and 1,000,000-row 12345 exports as .xlsx in bench-data/ if missing (the CSV of
 * scripts/bench-csv.worker.ts, written by exceljs's streaming writer with a title row, shared strings
 * and date-formatted times; 1M rows take minutes, so the files are kept), then runs, each in its own
 * child process with its peak RSS and CPU time measured by /usr/bin/time:
 *   (a) govplan: XlsxSource.load → schema decode (Urban.HotlineOrder) → the four 12345 rates, one pass;
 *   (b) SheetJS (xlsx 0.18.5, a dev-only baseline): readFile + sheet_to_json, read only;
 *   (c) exceljs 4.4's streaming WorkbookReader, read only;
 *   (d) pandas read_excel (openpyxl, Debian python3-pandas + python3-openpyxl) + the same rates.
 * Targets: (a) at least 2x faster than (d), not slower than (b), peak RSS under 300 MB at both sizes.
 * Then the app's Excel out on the seed data (bench-data/seed-xlsx): writing the scorecard workbook and
 * the empty ledgers of every record type (target: under a second each).
 *
 * Environment: BENCH_XLSX_ROWS (default "100000,1000000"), BENCH_XLSX_RSS_ROWS (sizes where only (a) runs, for
 * the memory curve: default "500000"; peak RSS is printed for every size, target flat), BENCH_XLSX_PANDAS_MAX (largest row count
 * pandas runs at, default 1000000), BENCH_XLSX_SKIP (comma list of runs to leave out: sheetjs,exceljs,pandas).
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const dataDir = join(root, "bench-data")
mkdirSync(dataDir, { recursive: true })
const fullSizes = (process.env.BENCH_XLSX_ROWS ?? "100000,1000000").split(",").map(Number).filter((n) => n > 0)
const rssSizes = (process.env.BENCH_XLSX_RSS_ROWS ?? "500000").split(",").map(Number).filter((n) => n > 0 && !fullSizes.includes(n))
const sizes = [...fullSizes, ...rssSizes].sort((a, b) => a - b)
const pandasMax = Number(process.env.BENCH_XLSX_PANDAS_MAX ?? 1000000)
const skip = new Set((process.env.BENCH_XLSX_SKIP ?? "").split(",").filter(Boolean))

const esbuild = await import("esbuild")
const bundle = async (name) => {
  const outfile = join(dataDir, `${name}.mjs`)
  await esbuild.build({
    entryPoints: [join(root, `scripts/${name}.ts`)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@govplan/source"],
    external: ["xlsx"],
    logLevel: "warning",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
  })
  return outfile
}
const csvWorker = await bundle("bench-csv.worker")
const worker = await bundle("bench-xlsx.worker")

const haveTime = existsSync("/usr/bin/time")
const run = (label, cmd, args) => {
  const full = haveTime ? ["/usr/bin/time", ["-f", "__MAXRSS_KB=%M __CPU=%U+%S", cmd, ...args]] : [cmd, args]
  const r = spawnSync(full[0], full[1], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 })
  if (r.status !== 0) {
    console.log(`  ${label}: failed (exit ${r.status})\n${r.stderr.slice(-2000)}`)
    return undefined
  }
  const out = JSON.parse(r.stdout.trim().split("\n").pop())
  const m = /__MAXRSS_KB=(\d+)/.exec(r.stderr)
  if (m) out.maxRssMB = Number(m[1]) / 1024
  const c = /__CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr)
  out.cpuSeconds = c ? Number(c[1]) + Number(c[2]) : undefined
  return out
}

const havePandas = spawnSync("/usr/bin/python3", ["-c", "import pandas, openpyxl"], { encoding: "utf8" }).status === 0
const fmt = (n, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
const results = []

for (const n of sizes) {
  const csv = join(dataDir, `hotline-${n}.csv`)
  const file = join(dataDir, `hotline-${n}.xlsx`)
  if (!existsSync(file)) {
    if (!existsSync(csv)) {
      console.log(`generating ${csv} …`)
      if (spawnSync("node", [csvWorker, "generate", csv, String(n)], { cwd: root, stdio: "inherit" }).status !== 0) throw new Error("CSV generation failed")
    }
    console.log(`writing ${file} (exceljs streaming writer; minutes at 1M rows) …`)
    const t0 = Date.now()
    if (spawnSync("node", [worker, "generate", csv, file + ".part"], { cwd: root, stdio: "inherit" }).status !== 0) throw new Error("xlsx generation failed")
    renameSync(file + ".part", file)
    console.log(`  written in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  }
  const mb = statSync(file).size / 1e6
  console.log(`\n## ${fmt(n)} hotline orders, ${fmt(mb, 1)} MB .xlsx (16 columns, a title row, shared strings, 3 date columns)`)
  const gp = run("govplan", "node", [worker, "govplan", file])
  const only = rssSizes.includes(n) // the memory curve: (a) alone
  const sj = only || skip.has("sheetjs") ? undefined : run("SheetJS", "node", ["--max-old-space-size=12000", worker, "sheetjs", file])
  const ej = only || skip.has("exceljs") ? undefined : run("exceljs", "node", [worker, "exceljs", file])
  const pd = !only && havePandas && !skip.has("pandas") && n <= pandasMax ? run("pandas", "/usr/bin/python3", [join(root, "scripts/bench-csv.py"), file]) : undefined
  if (!havePandas) console.log("  pandas: not installed (as root: apt-get update && apt-get install -y python3-pandas python3-openpyxl)")
  const rows = [
    ["(a) govplan load+decode+KPIs", gp],
    ["(b) SheetJS readFile+sheet_to_json (read only)", sj],
    ["(c) exceljs streaming reader (read only)", ej],
    ["(d) pandas read_excel(openpyxl)+KPIs", pd]
  ]
  console.log("  | run | wall s | rows/s (wall) | CPU s | peak RSS MB |")
  console.log("  |---|---:|---:|---:|---:|")
  for (const [label, r] of rows) {
    if (r) {
      console.log(`  | ${label} | ${fmt(r.seconds, 2)} | ${fmt(n / r.seconds)} | ${r.cpuSeconds === undefined ? "?" : fmt(r.cpuSeconds, 2)} | ${fmt(r.maxRssMB)} |`)
    }
  }
  // a baseline that did not read every row is no baseline (SheetJS returns no rows, silently, once a
  // sheet's XML is longer than the longest string V8 allows, ~512 MB: the 1M-row sheet is 620 MB)
  for (const [label, r] of [["SheetJS", sj], ["exceljs", ej]]) {
    if (r && r.rows !== n) console.log(`  ${label} read ${fmt(Math.max(0, r.rows))} of ${fmt(n)} rows: its run is no baseline (ratios left out)`)
  }
  if (sj && sj.rows !== n) sj.invalid = true
  const ratio = (base, x, key) => (base?.[key] && x?.[key] ? fmt(base[key] / x[key], 2) + "x" : "?")
  if (gp) {
    if (pd) console.log(`  (a) vs pandas: ${ratio(pd, gp, "seconds")} wall, ${ratio(pd, gp, "cpuSeconds")} CPU (target >= 2x)`)
    if (sj && !sj.invalid) console.log(`  (a) vs SheetJS: ${ratio(sj, gp, "seconds")} wall, ${ratio(sj, gp, "cpuSeconds")} CPU (target >= 1x)`)
    console.log(`  (a) peak RSS ${fmt(gp.maxRssMB)} MB (target < 300 MB); read ${gp.rows}, accepted ${gp.accepted}, rejected ${gp.rejected}`)
    if (gp.rejected > 0) console.log(`  first rejection: ${JSON.stringify(gp.firstRejection)}`)
  }
  if (gp && pd) {
    const same = Object.keys(pd.kpis).every((k) => {
      const [a, b] = pd.kpis[k]
      const [x, y] = gp.kpis[k] ?? []
      return Math.abs(a - x) < 1e-3 && (b === null || b === y)
    })
    console.log(`  KPI parts equal to pandas': ${same ? "yes" : "NO"} ${JSON.stringify(gp.kpis)}`)
  }
  results.push({ rows: n, mb, govplan: gp, sheetjs: sj, exceljs: ej, pandas: pd })
}
console.log(`\n## Excel out (apps/govplan: kpi --xlsx, template) on the seed data`)
// on the TypeScript sources with tsx (the app finds its repository and formula sheets from its own path)
const w = run("write", join(root, "node_modules/.bin/tsx"), ["--conditions=@govplan/source", join(root, "scripts/bench-xlsx.worker.ts"), "write", join(dataDir, "seed-xlsx")])
if (w) {
  console.log(`  scorecard workbook (${w.indicators} indicators): ${fmt(w.scorecardSeconds, 2)} s (target < 1 s)`)
  console.log(`  ${w.templates} empty ledgers: ${fmt(w.templatesSeconds, 2)} s wall, ${fmt(w.templatesCpuSeconds, 2)} s CPU (target < 1 s); their code lists from the seed data: ${fmt(w.codesSeconds, 2)} s`)
}
const rss = results.filter((r) => r.govplan?.maxRssMB !== undefined)
if (rss.length > 1) {
  console.log(`\ngovplan peak RSS by rows: ${rss.map((r) => `${fmt(r.rows)}: ${fmt(r.govplan.maxRssMB)} MB`).join(", ")}; growth ${fmt(rss.at(-1).govplan.maxRssMB - rss[0].govplan.maxRssMB)} MB (target: flat, under 300)`)
}
writeFileSync(join(dataDir, "bench-xlsx.json"), JSON.stringify({ read: results, write: w }, null, 2))
console.log(`(results in bench-data/bench-xlsx.json; the machine may be shared: compare CPU seconds)`)
