/**
 * The database servers that packages' tests run against (test code, never published): PostgreSQL from
 * GOVPLAN_TEST_PG_URL and MariaDB/MySQL from GOVPLAN_TEST_MYSQL_URL.
 *
 * When a variable is set (CI sets both), the server must answer: an unreachable one fails the suites
 * that use it. When it is unset, the 127.0.0.1 default is probed; if nothing answers, the suite is
 * skipped WITH the reason, printed on the console and put in the suite's title — never a silent pass.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { MysqlClient } from "@effect/sql-mysql2"
import { PgClient } from "@effect/sql-pg"
import { Duration, Effect, type Layer, Redacted } from "effect"

export type Dialect = "sqlite" | "pg" | "mysql"

export interface TestDatabase {
  readonly dialect: Dialect
  readonly label: string
  readonly url: string
  /** false when the server did not answer and no variable demanded it */
  readonly available: boolean
  /** the suite's title: the label, or the reason it is skipped */
  readonly title: string
  readonly layer: Layer.Layer<SqlClient.SqlClient, unknown>
}

export const pgLayer = (url: string) =>
  PgClient.layer({ url: Redacted.make(url), maxConnections: 4, connectTimeout: Duration.seconds(5) })

export const mysqlLayer = (url: string) => MysqlClient.layer({ url: Redacted.make(url), maxConnections: 4 })

/** undefined when `SELECT 1` answers within 4 s, else the first line of the error */
const probe = async (layer: Layer.Layer<SqlClient.SqlClient, unknown>): Promise<string | undefined> => {
  const program = Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`SELECT 1`
  }).pipe(Effect.provide(layer), Effect.timeout("4 seconds"), Effect.scoped)
  const exit = await Effect.runPromiseExit(program)
  if (exit._tag === "Success") return undefined
  const text = String(exit.cause._tag === "Fail" ? (exit.cause.error as { cause?: { message?: string } })?.cause?.message ?? exit.cause.error : exit.cause)
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
  const u = new URL(url)
  const where = `${u.hostname}:${u.port || (dialect === "pg" ? 5432 : 3306)}`
  const label = `${product} at ${where}`
  const layer = makeLayer(url)
  // CI: the server must be there; the tests fail loudly if it is not
  if (fromEnv) return { dialect, label, url, available: true, title: label, layer }
  const problem = await probe(layer)
  if (problem === undefined) return { dialect, label, url, available: true, title: label, layer }
  const title = `skipped: no ${product} at ${where} (${problem}; set ${envVar} to require it)`
  console.warn(`[govplan tests] ${title}`)
  return { dialect, label, url, available: false, title, layer }
}

export const pg = await make("pg", "GOVPLAN_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test", "PostgreSQL", pgLayer)

export const mysql = await make("mysql", "GOVPLAN_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test", "MariaDB/MySQL", mysqlLayer)
