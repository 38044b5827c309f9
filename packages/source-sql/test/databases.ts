/**
 * The databases the SQL source tests run against.
 *
 * - SQLite always (in-memory or a temp file).
 * - PostgreSQL from GOVPLAN_TEST_PG_URL, MariaDB/MySQL from GOVPLAN_TEST_MYSQL_URL. When a variable is
 *   set (CI), the server must answer: an unreachable server fails the suite. When it is unset, the
 *   127.0.0.1 default is probed; if nothing answers, the suite is skipped WITH the reason, printed on
 *   the console and put in the suite's name — never a silent pass.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { MysqlClient } from "@effect/sql-mysql2"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Duration, Effect, Layer, Redacted } from "effect"

export type Dialect = "sqlite" | "pg" | "mysql"

export interface TestDatabase {
  readonly dialect: Dialect
  readonly label: string
  readonly url: string
  /** false when the server did not answer and no env var demanded it */
  readonly available: boolean
  /** suite title: the label, or the skip reason */
  readonly title: string
  readonly layer: Layer.Layer<SqlClient.SqlClient, unknown>
}

export const pgLayer = (url: string) =>
  PgClient.layer({ url: Redacted.make(url), maxConnections: 4, connectTimeout: Duration.seconds(5) })

export const mysqlLayer = (url: string) => MysqlClient.layer({ url: Redacted.make(url), maxConnections: 4 })

export const sqliteLayer = (filename = ":memory:") => SqliteClient.layer({ filename })

const probe = async (layer: Layer.Layer<SqlClient.SqlClient, unknown>): Promise<string | undefined> => {
  const program = Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`SELECT 1`
  }).pipe(Effect.provide(layer), Effect.timeout("4 seconds"), Effect.scoped)
  const exit = await Effect.runPromiseExit(program)
  if (exit._tag === "Success") return undefined
  const text = String(exit.cause._tag === "Fail" ? (exit.cause.error as any)?.cause?.message ?? exit.cause.error : exit.cause)
  return text.split("\n")[0]!.slice(0, 160)
}

const make = async (
  dialect: "pg" | "mysql",
  envVar: string,
  defaultUrl: string,
  product: string,
  makeLayer: (url: string) => Layer.Layer<SqlClient.SqlClient, unknown>
): Promise<TestDatabase> => {
  const fromEnv = process.env[envVar]
  const url = fromEnv && fromEnv.length > 0 ? fromEnv : defaultUrl
  const where = (() => {
    const u = new URL(url)
    return `${u.hostname}:${u.port || (dialect === "pg" ? 5432 : 3306)}`
  })()
  const label = `${product} at ${where}`
  const layer = makeLayer(url)
  if (fromEnv) {
    // CI: the server must be there; the tests fail loudly if it is not.
    return { dialect, label, url, available: true, title: label, layer }
  }
  const problem = await probe(layer)
  if (problem === undefined) return { dialect, label, url, available: true, title: label, layer }
  const title = `skipped: no ${product} at ${where} (${problem}; set ${envVar} to require it)`
  console.warn(`[govplan source-sql] ${title}`)
  return { dialect, label, url, available: false, title, layer }
}

export const sqlite: TestDatabase = {
  dialect: "sqlite",
  label: "SQLite (in-memory)",
  url: ":memory:",
  available: true,
  title: "SQLite (in-memory)",
  layer: sqliteLayer()
}

export const pg = await make("pg", "GOVPLAN_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test", "PostgreSQL", pgLayer)

export const mysql = await make(
  "mysql",
  "GOVPLAN_TEST_MYSQL_URL",
  "mysql://root@127.0.0.1:3306/test",
  "MariaDB/MySQL",
  mysqlLayer
)

export const all: ReadonlyArray<TestDatabase> = [sqlite, pg, mysql]

let counter = 0
/** A table name no other test (or concurrent test run) uses: `prefix_<pid>_<time>_<n>`. */
export const uniqueName = (prefix: string) =>
  `${prefix}_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`
