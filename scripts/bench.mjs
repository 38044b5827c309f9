#!/usr/bin/env node
/**
 * `npm run bench`: runs every scripts/bench-<name>.mjs (with node) and scripts/bench-<name>.ts (with tsx,
 * on the TypeScript sources) in name order, each in its own process, and prints their output.
 * Helper files with a further dot in the name (bench-csv.worker.ts, bench-csv.py) are not run.
 * `npm run bench -- csv sql` runs only the named benchmarks.
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const benches = readdirSync(here)
  .filter((f) => /^bench-[^.]+\.(mjs|ts)$/.test(f))
  .filter((f) => only.length === 0 || only.includes(f.replace(/^bench-|\.(mjs|ts)$/g, "")))
  .sort()
if (benches.length === 0) console.log("no benchmarks found (scripts/bench-*.mjs|ts)")
let failed = 0
for (const f of benches) {
  console.log(`\n=== ${f} ===`)
  const t0 = Date.now()
  const [cmd, args] = f.endsWith(".ts")
    ? ["npx", ["tsx", "--conditions=@govplan/source", join(here, f)]]
    : [process.execPath, [join(here, f)]]
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: join(here, "..") })
  console.log(`=== ${f}: ${r.status === 0 ? "done" : `FAILED (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s ===`)
  if (r.status !== 0) failed++
}
process.exit(failed > 0 ? 1 : 0)
