/**
 * The SQL load benchmark itself; see bench-sqlload.mjs.
 */
import Database from "better-sqlite3"
import mysql from "mysql2"
import pg from "pg"
import { join } from "node:path"
import { Records } from "@govplan/pillars"
import * as Urban from "@govplan/pillars/urban"
import { SqlSource } from "@govplan/source-sql"
import { Effect, Stream } from "effect"

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const DIR = process.env.BENCH_SQLLOAD_DIR!
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 2))
const DBS = (process.env.BENCH_SQLLOAD_DBS ?? "sqlite,pg,mysql").split(",").map((s) => s.trim())
const ONLY = process.env.BENCH_SQLLOAD_ONLY
const PG_URL = process.env.GOVPLAN_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test"
const MYSQL_URL = process.env.GOVPLAN_TEST_MYSQL_URL || "mysql://root@127.0.0.1:3306/test"
const SQLITE_FILE = join(DIR, "govplan.sqlite")
const TABLE = `govplan_bench_sqlload_${ROWS}`
const MARK = `govplan bench-sqlload v1: ${ROWS} rows of govplan generate --scale ${ROWS} (hotline_order)`

// pg-cursor (a dependency of @effect/sql-pg) ships no types: the little the baseline uses, typed here
const cursorModule: string = "pg-cursor"
const Cursor = (await import(cursorModule)).default as new(text: string, values: Array<unknown>, config: { rowMode: "array" }) => pg.Submittable & {
  read: (n: number) => Promise<Array<unknown>>
  close: () => Promise<void>
}

const record = Urban.HotlineOrder
const columns = record.columns
const select = (q: string) => columns.map((c) => q + c.field + q).join(", ")

// --- the rows on the servers: copied once from the generated SQLite database -------------------------

/** The generated rows as arrays in column order, in batches. */
function* sqliteBatches(size: number): Generator<Array<Array<unknown>>> {
  const db = new Database(SQLITE_FILE, { readonly: true })
  try {
    let batch: Array<Array<unknown>> = []
    for (const row of db.prepare(`SELECT ${select("\"")} FROM hotline_order ORDER BY rowid`).raw().iterate()) {
      batch.push(row as Array<unknown>)
      if (batch.length === size) {
        yield batch
        batch = []
      }
    }
    if (batch.length > 0) yield batch
  } finally {
    db.close()
  }
}

const preparePg = async (client: pg.Client) => {
  const mark = await client.query(`SELECT obj_description(to_regclass($1), 'pg_class') AS mark`, [TABLE])
  if (mark.rows[0]?.mark === MARK) return
  console.log(`  copying the ${ROWS.toLocaleString("en")} rows into PostgreSQL table ${TABLE} …`)
  await client.query(`DROP TABLE IF EXISTS "${TABLE}"`)
  await client.query(
    `CREATE TABLE "${TABLE}" (${
      columns.map((c) => `"${c.field}" ${c.sqlType === "TEXT" ? "text" : c.sqlType === "INTEGER" ? "integer" : "double precision"}${c.nullable ? "" : " NOT NULL"}`)
        .join(", ")
    }, PRIMARY KEY ("orderId"))`
  )
  for (const batch of sqliteBatches(20_000)) {
    const json = JSON.stringify(batch.map((r) => Object.fromEntries(columns.map((c, i) => [c.field, r[i]]))))
    await client.query(`INSERT INTO "${TABLE}" SELECT * FROM json_populate_recordset(NULL::"${TABLE}", $1::json)`, [json])
  }
  await client.query(`VACUUM ANALYZE "${TABLE}"`)
  await client.query(`COMMENT ON TABLE "${TABLE}" IS '${MARK}'`)
}

const prepareMysql = async (conn: mysql.Connection) => {
  const q = (text: string, values?: Array<unknown>) =>
    new Promise<any>((resolve, reject) => conn.query(text, values, (e, r) => (e ? reject(e) : resolve(r))))
  const mark = await q(`SELECT TABLE_COMMENT AS mark FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, [TABLE])
  if (mark[0]?.mark === MARK) return
  console.log(`  copying the ${ROWS.toLocaleString("en")} rows into MariaDB/MySQL table ${TABLE} …`)
  await q(`DROP TABLE IF EXISTS \`${TABLE}\``)
  await q(
    `CREATE TABLE \`${TABLE}\` (${
      columns.map((c) => `\`${c.field}\` ${c.sqlType === "TEXT" ? "varchar(64)" : c.sqlType === "INTEGER" ? "int" : "double"}${c.nullable ? "" : " NOT NULL"}`)
        .join(", ")
    }, PRIMARY KEY (\`orderId\`)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin COMMENT '${MARK}'`
  )
  const rowMarks = `(${columns.map(() => "?").join(", ")})`
  for (const batch of sqliteBatches(2_000)) {
    await q(`INSERT INTO \`${TABLE}\` VALUES ${batch.map(() => rowMarks).join(", ")}`, batch.flat())
  }
  await q(`ANALYZE TABLE \`${TABLE}\``)
}

// --- the baselines: the bare drivers reading the same rows --------------------------------------------

const sqliteDriver = (raw: boolean) => async () => {
  const db = new Database(SQLITE_FILE, { readonly: true })
  try {
    const statement = db.prepare(`SELECT ${select("\"")} FROM hotline_order`)
    let n = 0
    for (const row of (raw ? statement.raw() : statement).iterate()) if (row !== undefined) n++
    return n
  } finally {
    db.close()
  }
}

const pgDriver = async () => {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    const cursor = client.query(new Cursor(`SELECT ${select("\"")} FROM "${TABLE}"`, [], { rowMode: "array" }))
    let n = 0
    for (;;) {
      const rows: Array<unknown> = await cursor.read(10_000)
      if (rows.length === 0) break
      n += rows.length
    }
    await cursor.close()
    return n
  } finally {
    await client.end()
  }
}

const mysqlDriver = async () => {
  const conn = mysql.createConnection(MYSQL_URL)
  try {
    return await new Promise<number>((resolve, reject) => {
      let n = 0
      conn.query({ sql: `SELECT ${select("`")} FROM \`${TABLE}\``, rowsAsArray: true }).stream()
        .on("data", () => n++)
        .on("error", reject)
        .on("end", () => resolve(n))
    })
  } finally {
    await new Promise((resolve) => conn.end(resolve))
  }
}

// --- govplan: SqlSource.table with the CLI's mapping ----------------------------------------------------

const govplan = (url: string, table: string) => () =>
  Effect.runPromise(
    Effect.gen(function*() {
      const load = yield* SqlSource.table({ schema: record.schema, table, mapping: Records.mapping(record) })
      let n = 0
      yield* Stream.runForEachChunk(load.records, (chunk) => Effect.sync(() => (n += chunk.length)))
      const report = yield* load.report
      if (report.read !== ROWS || report.accepted !== ROWS || n !== ROWS) {
        throw new Error(`load read ${report.read}, accepted ${report.accepted}, rejected ${report.rejected}, duplicates ${report.duplicates}; ${n} records`)
      }
      return n
    }).pipe(Effect.provide(SqlSource.layerFromUrl(url)))
  )

// --- the runs ----------------------------------------------------------------------------------------

interface Case {
  readonly label: string
  readonly driver: boolean
  readonly run: () => Promise<number>
  /** the best rows/s (wall time) */
  best: number
  /** the least CPU seconds of this process (user + system) of a run */
  cpu: number
}

const measure = async (title: string, cases: Array<Case>) => {
  const picked = cases.filter((c) => ONLY === undefined || (ONLY === "driver") === c.driver)
  for (let i = 0; i < REPEAT; i++) {
    for (const c of picked) {
      const t0 = performance.now()
      const cpu0 = process.cpuUsage()
      const n = await c.run()
      const s = (performance.now() - t0) / 1000
      const cpu = process.cpuUsage(cpu0)
      if (n !== ROWS) throw new Error(`${c.label} read ${n} rows, not ${ROWS}`)
      c.best = Math.max(c.best, n / s)
      c.cpu = Math.min(c.cpu, (cpu.user + cpu.system) / 1e6)
    }
  }
  const baseline = Math.max(0, ...picked.filter((c) => c.driver).map((c) => c.best))
  console.log(`\n${title}`)
  for (const c of picked) {
    const ratio = baseline > 0 ? `  ${(c.best / baseline).toFixed(2)}× the driver` : ""
    console.log(
      `  ${c.label.padEnd(52)} ${Math.round(c.best).toLocaleString("en").padStart(10)} rows/s${ratio}   CPU ${c.cpu.toFixed(2)} s (Node side)`
    )
  }
}

const reachable = async (what: string, envVar: string, connect: () => Promise<unknown>) => {
  try {
    await connect()
    return true
  } catch (e) {
    if (process.env[envVar]) throw e
    console.log(`\n${what}: skipped (${String((e as Error)?.message ?? e).split("\n")[0]}; set ${envVar} to require it)`)
    return false
  }
}

console.log(
  `${ROWS.toLocaleString("en")} 12345 orders (16 columns), loaded by SqlSource.table with Records.mapping(Urban.HotlineOrder) ` +
    `(decoded, checked, key-checked, counted); best of ${REPEAT}; load ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}`
)
const mk = (label: string, driver: boolean, run: () => Promise<number>): Case => ({ label, driver, run, best: 0, cpu: Infinity })

if (DBS.includes("sqlite")) {
  await measure(`SQLite (${ROWS.toLocaleString("en")} rows, govplan generate's govplan.sqlite; target ≥ 150,000 rows/s)`, [
    mk("driver: better-sqlite3 .iterate() (objects)", true, sqliteDriver(false)),
    mk("driver: better-sqlite3 .raw().iterate() (arrays)", true, sqliteDriver(true)),
    mk("govplan: SqlSource.table (sqlite: URL)", false, govplan(`sqlite:${SQLITE_FILE}`, "hotline_order"))
  ])
}
if (DBS.includes("pg")) {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 4000 })
  if (await reachable("PostgreSQL", "GOVPLAN_TEST_PG_URL", () => client.connect())) {
    await preparePg(client)
    await client.end()
    const u = new URL(PG_URL)
    await measure(`PostgreSQL at ${u.hostname}:${u.port || 5432} (table ${TABLE}; target ≥ 250,000 rows/s)`, [
      mk("driver: pg-cursor, 10,000 rows a read (arrays)", true, pgDriver),
      mk("govplan: SqlSource.table (postgres: URL)", false, govplan(PG_URL, TABLE))
    ])
  }
}
if (DBS.includes("mysql")) {
  const conn = mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 4000 })
  if (await reachable("MariaDB/MySQL", "GOVPLAN_TEST_MYSQL_URL", () => conn.promise().connect())) {
    await prepareMysql(conn)
    conn.end()
    const u = new URL(MYSQL_URL)
    await measure(`MariaDB/MySQL at ${u.hostname}:${u.port || 3306} (table ${TABLE})`, [
      mk("driver: mysql2 query().stream() (arrays)", true, mysqlDriver),
      mk("govplan: SqlSource.table (mysql: URL)", false, govplan(MYSQL_URL, TABLE))
    ])
  }
}
console.log(
  `\n(Node ${process.version}; rows/s = ${ROWS.toLocaleString("en")} / wall time of the best run, connection and catalog reads included;` +
    ` CPU = this process's user + system time, the database server's not counted; load now ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")})`
)
