#!/usr/bin/env node
/**
 * KPI push-down benchmark (`npm run bench -- pushdown`): 1,000,000 12345-hotline orders in PostgreSQL,
 * the urban pillar's hotline KPIs computed (a) on the database with `SqlSource.pushDown` and (b) by
 * loading every row through `SqlSource.table` (cursor, decoder) and `Kpi.evaluate` in memory, in the
 * same run; prints both times, the ratio (target ≥ 10×) and checks that both give the same results.
 *
 * The work is in bench-pushdown.main.ts, run with tsx on the TypeScript sources (no build needed).
 * Options: GOVPLAN_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_ROWS (default
 * 1000000), BENCH_REBUILD=1 to rebuild the table even if a matching one exists.
 */
import { spawnSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const r = spawnSync("npx", ["tsx", "--conditions=@govplan/source", join(here, "bench-pushdown.main.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: join(here, "..")
})
process.exit(r.status ?? 1)
