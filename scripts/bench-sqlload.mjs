#!/usr/bin/env node
/**
 * SQL load benchmark (`npm run bench -- sqlload`): how fast `SqlSource.table` loads 1,000,000 generated
 * 12345 hotline orders — every row read, decoded and checked by the record schema with the CLI's
 * column mapping (`Records.mapping(Urban.HotlineOrder)`: code lists, key, derived fields), counted as
 * accepted — from SQLite, PostgreSQL and MariaDB/MySQL, against the bare driver reading the same rows in
 * the same run (the baseline: "how close to the driver's own speed"):
 *
 * - SQLite: better-sqlite3 `.iterate()` over the table, as objects and as raw arrays (`.raw()`);
 * - PostgreSQL: `pg` with `pg-cursor`, 10,000 rows a read, as arrays;
 * - MariaDB/MySQL: the `mysql2` row stream (`query().stream()`), as arrays (`rowsAsArray`).
 *
 * The fastest baseline of a database is its driver's speed; the ratio is govplan's rows/s over it.
 * Targets (issue 13): ≥ 250,000 rows/s from PostgreSQL, ≥ 150,000 from SQLite.
 *
 * The rows come from `govplan generate --scale N` (its `govplan.sqlite`, generated into
 * bench-data/sqlload-N/ when missing) and are copied once into a table `govplan_bench_sqlload_N` on the
 * PostgreSQL and MariaDB servers (marked with a comment and reused by later runs). Each measurement
 * runs BENCH_REPEAT times (default 2), interleaved; the best run counts (the machine may be shared).
 *
 * Environment: BENCH_ROWS (default 1000000; generate takes 1000000 and more), BENCH_SQLLOAD_DIR (the data
 * folder), BENCH_SQLLOAD_DBS (default "sqlite,pg,mysql"), BENCH_REPEAT, GOVPLAN_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test), GOVPLAN_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306/test);
 * a server that cannot be reached is skipped unless its variable is set. BENCH_SQLLOAD_ONLY=govplan or
 * =driver runs one side only (for profiling: `node --cpu-prof --import tsx --conditions=@govplan/source
 * scripts/bench-sqlload.main.ts`).
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000)
const dir = process.env.BENCH_SQLLOAD_DIR || join(root, "bench-data", `sqlload-${rows}`)
const manifest = join(dir, "manifest.json")
const generated = () => {
  if (!existsSync(manifest) || !existsSync(join(dir, "govplan.sqlite"))) return false
  const m = JSON.parse(readFileSync(manifest, "utf8"))
  return m.tables?.length === 1 && m.tables[0].record === "hotline_order" && m.tables[0].rows === rows
}
if (!generated()) {
  console.log(`generating ${rows.toLocaleString("en")} 12345 orders into ${dir} (govplan generate --scale ${rows}) …`)
  const g = spawnSync("npx", ["govplan", "generate", "--scale", String(rows), "--out", dir], { stdio: "inherit", cwd: root })
  if (g.status !== 0) process.exit(g.status ?? 1)
}
const r = spawnSync("npx", ["tsx", "--conditions=@govplan/source", join(here, "bench-sqlload.main.ts")], {
  stdio: "inherit",
  cwd: root,
  env: { ...process.env, BENCH_ROWS: String(rows), BENCH_SQLLOAD_DIR: dir }
})
process.exit(r.status ?? 1)
