/**
 * The push-down benchmark itself; see bench-pushdown.mjs.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import Database from "better-sqlite3"
import * as fs from "node:fs"
import * as path from "node:path"
import { Kpi, KpiSql } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { Generator, Urban } from "@govplan/pillars"
import { SqlSource } from "@govplan/source-sql"
import { Duration, Effect, Redacted } from "effect"

const url = process.env.GOVPLAN_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test"
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const SEED = 20220610
// BENCH_PARTITIONED=1: the same rows in a table partitioned by the month of 受理时间 (acceptedAt), as a
// district or city keeps years of orders (docs/SCALE.md)
const PARTITIONED = process.env.BENCH_PARTITIONED === "1"
const TABLE = `govplan_bench_hotline_${ROWS}${PARTITIONED ? "_by_month" : ""}`
const MARK = `govplan bench-pushdown v2 seed=${SEED} rows=${ROWS}${PARTITIONED ? " partitioned by month of acceptedAt" : ""}`
const where = (() => {
  const u = new URL(url)
  return `${u.hostname}:${u.port || 5432}`
})()

const record = Urban.HotlineOrder
const defs = Urban.kpis.filter((d) => d.record === record.name)
const period = Period.year(2022)

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const mb = () => `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`

const prepare = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const existing = yield* sql<{ mark: string | null }>`SELECT obj_description(to_regclass(${TABLE}), 'pg_class') AS mark`
  if (existing[0]?.mark === MARK && process.env.BENCH_REBUILD !== "1") {
    console.log(`reusing table ${TABLE} (${ROWS.toLocaleString("en")} rows; BENCH_REBUILD=1 rebuilds it)`)
    return
  }
  console.log(`building table ${TABLE}: ${ROWS.toLocaleString("en")} generated 12345 orders (Urban.hotlineOrders), bulk INSERTs …`)
  const t0 = Date.now()
  const cols = record.columns
  yield* sql.unsafe(`DROP TABLE IF EXISTS "${TABLE}"`)
  yield* sql.unsafe(
    `CREATE TABLE "${TABLE}" (${
      cols.map((c) => `"${c.field}" ${c.sqlType === "TEXT" ? "text COLLATE \"C\"" : c.sqlType === "INTEGER" ? "integer" : "double precision"}`).join(", ")
    })${PARTITIONED ? ` PARTITION BY RANGE ("acceptedAt")` : ""}`
  )
  if (PARTITIONED) {
    // one partition per month of 2022 (civil date-time strings compare as text), and one for the rest
    for (let m = 1; m <= 12; m++) {
      const from = `2022-${String(m).padStart(2, "0")}`
      const to = m === 12 ? "2023-01" : `2022-${String(m + 1).padStart(2, "0")}`
      yield* sql.unsafe(`CREATE TABLE "${TABLE}_${from}" PARTITION OF "${TABLE}" FOR VALUES FROM ('${from}') TO ('${to}')`)
    }
    yield* sql.unsafe(`CREATE TABLE "${TABLE}_other" PARTITION OF "${TABLE}" DEFAULT`)
  }
  const ctx = Generator.context(SEED, 2022, "urban")
  const rows = Urban.hotlineOrders({ rng: ctx.rng.fork("hotline_order"), count: ROWS, year: 2022, committees: ctx.committees, exportedAt: ctx.exportedAt })
  // 20,000 rows per statement, sent as one bound JSON value and expanded by the server
  // (json_populate_recordset): a multi-row insert without PostgreSQL's 65,535-parameter limit
  const insert = `INSERT INTO "${TABLE}" SELECT * FROM json_populate_recordset(NULL::"${TABLE}", $1::json)`
  let batch: Array<unknown> = []
  let written = 0
  const pending: Array<Effect.Effect<unknown, unknown>> = []
  const flush = () => {
    pending.push(sql.unsafe(insert, [JSON.stringify(batch)]))
    written += batch.length
    batch = []
  }
  for (const row of rows) {
    batch.push(row)
    if (batch.length === 20_000) {
      flush()
      if (pending.length === 2) yield* Effect.all(pending.splice(0), { concurrency: 2, discard: true })
      if (written % 100_000 === 0) process.stdout.write(`  ${written.toLocaleString("en")} rows\r`)
    }
  }
  if (batch.length > 0) flush()
  yield* Effect.all(pending, { concurrency: 2, discard: true })
  // the indexes a hotline table has in practice: on its time columns
  for (const c of ["acceptedAt", "closedAt", "dueAt"]) yield* sql.unsafe(`CREATE INDEX ON "${TABLE}" ("${c}")`)
  yield* sql.unsafe(`ANALYZE "${TABLE}"`)
  yield* sql.unsafe(`COMMENT ON TABLE "${TABLE}" IS '${MARK}'`)
  console.log(`  inserted ${written.toLocaleString("en")} rows in ${seconds(Date.now() - t0)} (${Math.round(written / ((Date.now() - t0) / 1000)).toLocaleString("en")} rows/s)`)
})

/**
 * The same results: every key and string equal, counts (integers) exactly, other numbers (weighted sums,
 * rates) to a relative 1e-10 — floating-point sums of 0.8s and 0.6s differ in their last bits with the
 * summation order (row order in memory, the plan's order in PostgreSQL, which also varies between runs).
 */
const same = (a: ReadonlyArray<Kpi.KpiResult>, b: ReadonlyArray<Kpi.KpiResult>) => {
  const close = (x: unknown, y: unknown): boolean =>
    typeof x === "number" && typeof y === "number"
      ? Number.isInteger(x) && Number.isInteger(y) ? x === y : Math.abs(x - y) <= 1e-10 * Math.max(Math.abs(x), Math.abs(y))
      : JSON.stringify(x) === JSON.stringify(y)
  return a.length === b.length && a.every((r, i) => {
    const s = b[i] as unknown as Record<string, unknown>
    const keys = Object.keys(r)
    return keys.length === Object.keys(s).length && keys.every((k) => close((r as unknown as Record<string, unknown>)[k], s[k]))
  })
}

const bench = Effect.gen(function*() {
  yield* prepare
  const sql = yield* SqlClient.SqlClient
  const statistics = KpiSql.statistics(defs, { table: TABLE })
  console.log(`\n${defs.length} hotline KPIs of the urban pillar (${defs.map((d) => d.id.replace("urban.hotline.", "")).join(", ")})`)
  console.log(`push-down: SqlSource.pushDown (KpiSql.compileMany), first on the table as built (indexes on the time columns: one scan per`)
  console.log(`time field, 2 at a time), then with the month statistics KpiSql.statistics recommends (one scan for all three):`)
  console.log(`  ${statistics.statements[0]}`)
  console.log(`load+compute: SqlSource.table (cursor, decoder) → Kpi.evaluate\n`)
  // Headline: the whole year, every row in scope. Last: one month, where push-down can use the time
  // indexes while load-then-compute still reads every row (a KPI's leaves use different time fields —
  // accepted, closed, due — so the load cannot be narrowed to one window without losing rows).
  const cases = [
    { label: "2022 by month", options: { period, grain: "month" as const } },
    { label: "2022 by quarter×committee", options: { period, grain: "quarter" as const, by: ["committee"] } },
    { label: "2022-03 (indexed times)", options: { period: Period.month(2022, 3) } }
  ]
  const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.map(Effect.timed(effect), ([d, a]) => [Duration.toMillis(d), a] as const)
  const pushAll = Effect.forEach(cases, ({ options }) => timed(SqlSource.pushDown(defs, { table: TABLE, ...options, concurrency: 2 })))
  yield* sql.unsafe(`DROP STATISTICS IF EXISTS "govplan_months_${TABLE}"`)
  const plain = yield* pushAll
  for (const statement of statistics.statements) yield* sql.unsafe(statement)
  const withStatistics = yield* pushAll
  for (const [i, { label, options }] of cases.entries()) {
    // load then compute: stream every row through the cursor and the decoder into the reducer
    const [memMs, memory] = yield* timed(Effect.gen(function*() {
      const load = yield* SqlSource.table({ schema: record.schema, table: TABLE })
      const memory = yield* Kpi.evaluate(defs, load.records, options)
      const report = yield* load.report
      if (report.read !== ROWS || report.rejected !== 0) throw new Error(`load read ${report.read}, rejected ${report.rejected}`)
      return memory
    }))
    const [plainMs, plainResults] = plain[i]!
    const [statsMs, statsResults] = withStatistics[i]!
    const equal = same(plainResults, memory) && same(statsResults, memory)
    console.log(
      `${label.padEnd(26)} load+compute ${seconds(memMs).padStart(7)} (${Math.round(ROWS / (memMs / 1000)).toLocaleString("en")} rows/s)   push-down ${
        seconds(plainMs).padStart(7)
      } = ${(memMs / plainMs).toFixed(1).padStart(4)}×   with month statistics ${seconds(statsMs).padStart(7)} = ${
        (memMs / statsMs).toFixed(1).padStart(4)
      }×   results ${memory.length}, equal: ${equal ? "yes" : "NO"}`
    )
    if (!equal) throw new Error("push-down and in-memory results differ")
  }
  if (PARTITIONED) {
    // how many partitions the one-month push-down reads: pruning needs a condition on the partition key
    // alone, and the one scan's WHERE is an OR over the three time fields
    const [one] = KpiSql.compileMany(defs, { dialect: "pg", table: TABLE, period: Period.month(2022, 3), monthStatistics: true }).statements
    if (one !== undefined) {
      const plan = yield* sql.unsafe<{ "QUERY PLAN": string }>(`EXPLAIN ${one.sql}`, one.params as Array<unknown>)
      const scanned = new Set(plan.map((r) => /on "?(\w+_(?:2022-\d\d|other))"?/.exec(r["QUERY PLAN"])?.[1]).filter((x) => x !== undefined))
      console.log(`\n2022-03 push-down (one scan) reads ${scanned.size} of 13 partitions: the WHERE is an OR over acceptedAt, closedAt and dueAt`)
    }
  }
  console.log(`\npeak-ish RSS ${mb()} (Node ${process.version}, PostgreSQL at ${where}, ${ROWS.toLocaleString("en")} rows; target ratio ≥ 10×)`)
})

// ---------------------------------------------------------------------------
// SQLite: the same rows in a file, indexed on the time columns (as a hotline table is), read-only

const SQLITE_FILE = process.env.BENCH_SQLITE_FILE || path.join("bench-data", `bench-pushdown-hotline-${ROWS}.sqlite`)

/** Builds the SQLite file (once; BENCH_REBUILD=1 builds it again): the generated orders, three time indexes, ANALYZE. */
const prepareSqlite = () => {
  if (fs.existsSync(SQLITE_FILE) && process.env.BENCH_REBUILD !== "1") {
    const db = new Database(SQLITE_FILE, { readonly: true })
    const mark = (db.prepare(`SELECT mark FROM govplan_bench_mark`).get() as { mark?: string } | undefined)?.mark
    db.close()
    if (mark === MARK) {
      console.log(`reusing ${SQLITE_FILE} (${ROWS.toLocaleString("en")} rows; BENCH_REBUILD=1 rebuilds it)`)
      return
    }
  }
  console.log(`building ${SQLITE_FILE}: ${ROWS.toLocaleString("en")} generated 12345 orders (Urban.hotlineOrders) …`)
  const t0 = Date.now()
  fs.mkdirSync(path.dirname(SQLITE_FILE), { recursive: true })
  fs.rmSync(SQLITE_FILE, { force: true })
  const db = new Database(SQLITE_FILE)
  db.pragma("journal_mode = OFF")
  db.pragma("synchronous = OFF")
  const cols = record.columns
  db.exec(`CREATE TABLE "${record.name}" (${cols.map((c) => `"${c.field}" ${c.sqlType}`).join(", ")})`)
  const insert = db.prepare(`INSERT INTO "${record.name}" VALUES (${cols.map(() => "?").join(", ")})`)
  const ctx = Generator.context(SEED, 2022, "urban")
  const rows = Urban.hotlineOrders({ rng: ctx.rng.fork("hotline_order"), count: ROWS, year: 2022, committees: ctx.committees, exportedAt: ctx.exportedAt })
  const batch = db.transaction((list: Array<Record<string, unknown>>) => {
    for (const row of list) insert.run(...cols.map((c) => row[c.field] ?? null))
  })
  let list: Array<Record<string, unknown>> = []
  for (const row of rows) {
    list.push(row as unknown as Record<string, unknown>)
    if (list.length === 50_000) batch(list.splice(0))
  }
  batch(list)
  for (const c of ["acceptedAt", "closedAt", "dueAt"]) db.exec(`CREATE INDEX "${record.name}_${c}" ON "${record.name}" ("${c}")`)
  db.exec(`ANALYZE`)
  db.exec(`CREATE TABLE govplan_bench_mark (mark TEXT)`)
  db.prepare(`INSERT INTO govplan_bench_mark VALUES (?)`).run(MARK)
  db.close()
  console.log(`  built in ${seconds(Date.now() - t0)}`)
}

const benchSqlite = Effect.gen(function*() {
  const cases = [
    { label: "2022 by month", options: { period, grain: "month" as const } },
    { label: "2022 by quarter×committee", options: { period, grain: "quarter" as const, by: ["committee"] } },
    { label: "2022-Q1 by committee", options: { period: Period.quarter(2022, 1), by: ["committee"] } },
    { label: "2022-03 (indexed times)", options: { period: Period.month(2022, 3) } }
  ]
  console.log(`
SQLite ${SQLITE_FILE} (read-only; indexes on acceptedAt, closedAt, dueAt; ANALYZE):`)
  console.log(`push-down: SqlSource.pushDown (KpiSql.compileMany); load+compute: SqlSource.table (pages of rowids, decoder) → Kpi.evaluate\n`)
  const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.map(Effect.timed(effect), ([d, a]) => [Duration.toMillis(d), a] as const)
  for (const { label, options } of cases) {
    const [pushMs, pushed] = yield* timed(SqlSource.pushDown(defs, { table: record.name, ...options }))
    const [memMs, memory] = yield* timed(Effect.gen(function*() {
      const load = yield* SqlSource.table({ schema: record.schema, table: record.name })
      const memory = yield* Kpi.evaluate(defs, load.records, options)
      const report = yield* load.report
      if (report.read !== ROWS || report.rejected !== 0) throw new Error(`load read ${report.read}, rejected ${report.rejected}`)
      return memory
    }))
    const equal = same(pushed, memory)
    console.log(
      `${label.padEnd(26)} load+compute ${seconds(memMs).padStart(7)} (${Math.round(ROWS / (memMs / 1000)).toLocaleString("en")} rows/s)   push-down ${
        seconds(pushMs).padStart(7)
      } = ${(memMs / pushMs).toFixed(1).padStart(5)}×   results ${memory.length}, equal: ${equal ? "yes" : "NO"}`
    )
    if (!equal) throw new Error("push-down and in-memory results differ")
  }
  console.log(`\npeak-ish RSS ${mb()} (Node ${process.version}, SQLite, ${ROWS.toLocaleString("en")} rows; target ratio ≥ 10×)`)
})

const legs = (process.env.BENCH_LEGS ?? "sqlite,pg").split(",").map((l) => l.trim())
if (legs.includes("sqlite")) {
  prepareSqlite()
  const sqliteExit = await Effect.runPromiseExit(Effect.provide(benchSqlite, SqliteClient.layer({ filename: SQLITE_FILE, readonly: true, disableWAL: true })))
  if (sqliteExit._tag === "Failure") {
    console.error(String(sqliteExit.cause))
    process.exit(1)
  }
}
if (!legs.includes("pg")) process.exit(0)

const layer = PgClient.layer({ url: Redacted.make(url), maxConnections: 4, connectTimeout: Duration.seconds(5) })
const exit = await Effect.runPromiseExit(Effect.provide(bench, layer))
if (exit._tag === "Failure") {
  const text = String(exit.cause)
  if (/ECONNREFUSED|connect|Failed to acquire/i.test(text) && !process.env.GOVPLAN_TEST_PG_URL) {
    console.log(`skipped: no PostgreSQL at ${where} (set GOVPLAN_TEST_PG_URL)`)
    process.exit(0)
  }
  console.error(text)
  process.exit(1)
}
