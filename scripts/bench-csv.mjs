#!/usr/bin/env node
/**
 * CSV benchmark (not a unit test; run by `npm run bench`, or alone: `node scripts/bench-csv.mjs`).
 *
 * Generates 1,000,000 (and 5,000,000) 12345 hotline orders as CSV with the export's Chinese headers
 * (the 16 columns of @govplan/pillars' Urban.HotlineOrder) into bench-data/ if missing, then runs,
 * each in its own child process with its peak RSS measured by /usr/bin/time:
 *   (a) parse-only baseline: papaparse streaming the same file (Papa.parse on a UTF-8 file stream);
 *   (b) govplan: CsvSource.load → schema decode (fast path) → Kpi.evaluate of the four 12345 rates
 *       (closures, on-time closure rate, first-contact rate, weighted satisfaction), one pass;
 *   (c) pandas (Debian python3-pandas): read_csv + the same rates.
 * The govplan child is bundled from the TypeScript sources with esbuild and run on plain node.
 *
 * Environment: BENCH_CSV_ROWS (default "1000000,5000000"), BENCH_CSV_PANDAS_MAX (largest row count
 * pandas runs at, default 1000000).
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const dataDir = join(root, "bench-data")
mkdirSync(dataDir, { recursive: true })
const sizes = (process.env.BENCH_CSV_ROWS ?? "1000000,5000000").split(",").map(Number).filter((n) => n > 0)
const pandasMax = Number(process.env.BENCH_CSV_PANDAS_MAX ?? 1000000)

// --- bundle the worker (TypeScript sources via the "@govplan/source" condition) -----------------
const worker = join(dataDir, "bench-csv.worker.mjs")
const esbuild = await import("esbuild")
await esbuild.build({
  entryPoints: [join(root, "scripts/bench-csv.worker.ts")],
  outfile: worker,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  conditions: ["@govplan/source"],
  logLevel: "warning",
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
})

const haveTime = existsSync("/usr/bin/time")
const run = (label, cmd, args) => {
  const full = haveTime ? ["/usr/bin/time", ["-f", "__MAXRSS_KB=%M", cmd, ...args]] : [cmd, args]
  const r = spawnSync(full[0], full[1], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 })
  if (r.status !== 0) {
    console.log(`  ${label}: failed (exit ${r.status})\n${r.stderr}`)
    return undefined
  }
  const line = r.stdout.trim().split("\n").pop()
  const out = JSON.parse(line)
  const m = /__MAXRSS_KB=(\d+)/.exec(r.stderr)
  if (m) out.maxRssMB = Number(m[1]) / 1024
  return out
}

const havePandas = spawnSync("/usr/bin/python3", ["-c", "import pandas"], { encoding: "utf8" }).status === 0
const fmt = (n, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
const results = []

for (const n of sizes) {
  const file = join(dataDir, `hotline-${n}.csv`)
  if (!existsSync(file)) {
    console.log(`generating ${file} …`)
    const g = spawnSync("node", [worker, "generate", file, String(n)], { cwd: root, stdio: "inherit" })
    if (g.status !== 0) throw new Error("generation failed")
  }
  const mb = statSync(file).size / 1e6
  console.log(`\n## ${fmt(n)} hotline orders, ${fmt(mb)} MB CSV (16 columns, Chinese headers, UTF-8)`)
  const pp = run("papaparse", "node", [worker, "papaparse", file])
  const gp = run("govplan", "node", [worker, "govplan", file])
  const pd = havePandas && n <= pandasMax ? run("pandas", "/usr/bin/python3", [join(root, "scripts/bench-csv.py"), file]) : undefined
  if (!havePandas) console.log("  pandas: not installed (as root: apt-get update && apt-get install -y python3-pandas)")
  const rows = [
    ["(a) papaparse parse-only", pp],
    ["(b) govplan load+decode+KPIs", gp],
    ["(c) pandas read_csv+KPIs", pd]
  ]
  console.log("  | run | seconds | rows/s | peak RSS MB |")
  console.log("  |---|---:|---:|---:|")
  for (const [label, r] of rows) {
    if (r) console.log(`  | ${label} | ${fmt(r.seconds, 2)} | ${fmt(n / r.seconds)} | ${fmt(r.maxRssMB)} |`)
  }
  if (pp && gp) console.log(`  govplan / parse-only throughput: ${fmt(pp.seconds / gp.seconds, 2)}x (target >= 0.5x)`)
  if (pd && gp) console.log(`  govplan vs pandas: ${fmt(pd.seconds / gp.seconds, 2)}x pandas' speed (target > 1x)`)
  if (gp) {
    console.log(`  govplan peak RSS ${fmt(gp.maxRssMB)} MB (target < 256 MB); read ${gp.rows}, accepted ${gp.accepted}, rejected ${gp.rejected}`)
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
  results.push({ rows: n, mb, papaparse: pp, govplan: gp, pandas: pd })
}
writeFileSync(join(dataDir, "bench-csv.json"), JSON.stringify(results, null, 2))
console.log(`\n(results in bench-data/bench-csv.json; KPI engine: @govplan/kpi Kpi.evaluate with Urban.makeKpis())`)
