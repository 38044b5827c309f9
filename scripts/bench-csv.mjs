#!/usr/bin/env node
/**
 * CSV benchmark (not a unit test; run by `npm run bench`, or alone: `node scripts/bench-csv.mjs`).
 *
 * Generates 1,000,000 (and 5,000,000) 12345 hotline orders as CSV with the export's Chinese headers
 * (the 16 columns of @govplan/pillars' Urban.HotlineOrder) into bench-data/ if missing, then runs,
 * each in its own child process with its peak RSS measured by /usr/bin/time:
 *   (a) parse-only baseline at its best: papaparse streaming the same file (Papa.parse on a UTF-8 file
 *       stream) in 32 KiB, 256 KiB (govplan's own) and 1 MiB pieces; the fastest is the baseline;
 *   (b) govplan: CsvSource.load → schema decode (fast path) → Kpi.evaluate of the four 12345 rates
 *       (closures, on-time closure rate, first-contact rate, weighted satisfaction), one pass;
 *   (b') the same with the three date-time fields typed with the model's Civil.CivilDateTime (which the
 *       fast path checks with its own allocation-free validator; the pillar's plain Schema.filter
 *       over Civil.isCivilDateTime is opaque to it and runs as is);
 *   (c) pandas (Debian python3-pandas): read_csv + the same rates.
 * Wall time and CPU time (user + sys) are both reported: on a shared machine CPU time is the steadier.
 * The govplan child is bundled from the TypeScript sources with esbuild and run on plain node.
 *
 * Environment: BENCH_CSV_ROWS (default "1000000,5000000"), BENCH_CSV_PANDAS_MAX (largest row count
 * pandas runs at, default 1000000), BENCH_CSV_CHUNK (govplan's chunkBytes, default the library's 256 KiB).
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
  const full = haveTime ? ["/usr/bin/time", ["-f", "__MAXRSS_KB=%M __CPU=%U+%S", cmd, ...args]] : [cmd, args]
  const r = spawnSync(full[0], full[1], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 })
  if (r.status !== 0) {
    console.log(`  ${label}: failed (exit ${r.status})\n${r.stderr}`)
    return undefined
  }
  const line = r.stdout.trim().split("\n").pop()
  const out = JSON.parse(line)
  const m = /__MAXRSS_KB=(\d+)/.exec(r.stderr)
  if (m) out.maxRssMB = Number(m[1]) / 1024
  const c = /__CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr)
  out.cpuSeconds = c ? Number(c[1]) + Number(c[2]) : undefined
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
  // the parse-only baseline at its best: papaparse is timed with several piece sizes (its speed
  // depends on them: 1 MiB stream chunks are much slower than 32 KiB), govplan's own 256 KiB among
  // them, and the fastest is the baseline
  const pieces = [32 * 1024, 256 * 1024, 1024 * 1024].map((piece) => run(`papaparse ${piece / 1024} KiB pieces`, "node", [worker, "papaparse", file, String(piece)]))
  for (const r of pieces) if (r) console.log(`  papaparse parse-only, ${r.piece / 1024} KiB pieces: ${fmt(r.seconds, 2)} s wall, ${r.cpuSeconds === undefined ? "?" : fmt(r.cpuSeconds, 2)} s CPU`)
  const pp = pieces.filter((r) => r !== undefined).sort((a, b) => a.seconds - b.seconds)[0]
  const gp = run("govplan", "node", [worker, "govplan", file])
  const gc = run("govplan (Civil types)", "node", [worker, "govplan", file, "civil"])
  const pd = havePandas && n <= pandasMax ? run("pandas", "/usr/bin/python3", [join(root, "scripts/bench-csv.py"), file]) : undefined
  if (!havePandas) console.log("  pandas: not installed (as root: apt-get update && apt-get install -y python3-pandas)")
  const rows = [
    [`(a) papaparse parse-only, best piece size (${pp ? pp.piece / 1024 : "?"} KiB)`, pp],
    ["(b) govplan load+decode+KPIs, Urban.HotlineOrder", gp],
    ["(b') govplan, same fields typed Civil.CivilDateTime", gc],
    ["(c) pandas read_csv+KPIs", pd]
  ]
  console.log("  | run | wall s | rows/s (wall) | CPU s | rows/CPU-s | peak RSS MB |")
  console.log("  |---|---:|---:|---:|---:|---:|")
  for (const [label, r] of rows) {
    if (r) {
      console.log(
        `  | ${label} | ${fmt(r.seconds, 2)} | ${fmt(n / r.seconds)} | ${r.cpuSeconds === undefined ? "?" : fmt(r.cpuSeconds, 2)} | ${
          r.cpuSeconds === undefined ? "?" : fmt(n / r.cpuSeconds)
        } | ${fmt(r.maxRssMB)} |`
      )
    }
  }
  const ratio = (base, x, key) => (base?.[key] && x?.[key] ? fmt(base[key] / x[key], 2) + "x" : "?")
  for (const [label, g] of [["(b)", gp], ["(b')", gc]]) {
    if (!g) continue
    console.log(`  ${label} / parse-only throughput: ${ratio(pp, g, "seconds")} wall, ${ratio(pp, g, "cpuSeconds")} CPU (target >= 0.5x)`)
    if (pd) console.log(`  ${label} vs pandas: ${ratio(pd, g, "seconds")} wall, ${ratio(pd, g, "cpuSeconds")} CPU (target > 1x)`)
    console.log(`  ${label} peak RSS ${fmt(g.maxRssMB)} MB (target < 256 MB); read ${g.rows}, accepted ${g.accepted}, rejected ${g.rejected}`)
    if (g.rejected > 0) console.log(`  first rejection: ${JSON.stringify(g.firstRejection)}`)
  }
  if (gp && pd) {
    const same = Object.keys(pd.kpis).every((k) => {
      const [a, b] = pd.kpis[k]
      const [x, y] = gp.kpis[k] ?? []
      return Math.abs(a - x) < 1e-3 && (b === null || b === y)
    })
    console.log(`  KPI parts equal to pandas': ${same ? "yes" : "NO"} ${JSON.stringify(gp.kpis)}`)
  }
  results.push({ rows: n, mb, papaparse: pp, papaparsePieces: pieces, govplan: gp, govplanCivil: gc, pandas: pd })
}
writeFileSync(join(dataDir, "bench-csv.json"), JSON.stringify(results, null, 2))
console.log(`\n(results in bench-data/bench-csv.json; KPI engine: @govplan/kpi Kpi.evaluate with Urban.makeKpis())`)
