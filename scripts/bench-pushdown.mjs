#!/usr/bin/env node
/**
 * KPI push-down benchmark (`npm run bench -- pushdown`): 1,000,000 12345-hotline orders
 * (`Urban.hotlineOrders`, seed 20220610) in PostgreSQL — bulk-inserted in batches of 20,000 rows sent as
 * one bound JSON value, indexed on the time columns, and reused by later runs — and the urban pillar's
 * 11 hotline KPIs computed (a) on the database with `SqlSource.pushDown` (`KpiSql.compileMany`), first on
 * the table as built — indexed on its time columns; PostgreSQL then gets one scan per time field, 2 at a
 * time — and again after creating the month statistics `KpiSql.statistics` recommends (one scan for all
 * three time fields; the bench drops them at its start), and (b) by loading every row through
 * `SqlSource.table` (cursor, decoder) into `Kpi.evaluate`, in the same run: 2022 by month, by quarter ×
 * committee, and one month. Prints the times and ratios (target ≥ 10×), and fails if the paths'
 * results differ (counts exactly, other numbers beyond a relative 1e-10: float sums differ in their
 * last bits with the summation order). Both paths share the machine's CPUs with the database, so the
 * ratio moves with the machine's load; run it on an idle machine.
 *
 * A SQLite leg runs first: the same rows in a SQLite file (bench-data/bench-pushdown-hotline-<rows>.sqlite,
 * built once, indexed on the three time columns, ANALYZEd, opened read-only), push-down against
 * SqlSource.table → Kpi.evaluate in the same run, for 2022 by month, by quarter × committee, the first
 * quarter by committee and one month; results compared as above. BENCH_LEGS=sqlite or BENCH_LEGS=pg
 * runs one leg; BENCH_SQLITE_FILE names another file.
 *
 * The work is in bench-pushdown.main.ts, run with tsx on the TypeScript sources (no build needed).
 * Options: GOVPLAN_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_ROWS (default
 * 1000000), BENCH_REBUILD=1 to rebuild the table even if a matching one exists, BENCH_PARTITIONED=1 to
 * use a table partitioned by the month of acceptedAt (and print how many partitions one month's scan
 * reads; docs/SCALE.md).
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
