/**
 * PostgreSQL and MariaDB/MySQL for the compiler's equality tests, after packages/source-sql/test/databases.ts:
 * GOVPLAN_TEST_PG_URL / GOVPLAN_TEST_MYSQL_URL, when set (CI), demand the server — an unreachable one
 * fails the suite. When unset, the 127.0.0.1 default is probed; if nothing answers the suite is skipped
 * with the reason printed on the console and put in the suite's title — never a silent pass.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { MysqlClient } from "@effect/sql-mysql2"
import { PgClient } from "@effect/sql-pg"
import { Duration, Effect, Layer, Redacted } from "effect"

export interface Server {
  readonly dialect: "pg" | "mysql"
  readonly available: boolean
  /** suite title: the server, or the skip reason */
  readonly title: string
  readonly layer: Layer.Layer<SqlClient.SqlClient, unknown>
}

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
): Promise<Server> => {
  const fromEnv = process.env[envVar]
  const url = fromEnv && fromEnv.length > 0 ? fromEnv : defaultUrl
  const u = new URL(url)
  const label = `${product} at ${u.hostname}:${u.port || (dialect === "pg" ? 5432 : 3306)}`
  const layer = makeLayer(url)
  if (fromEnv) return { dialect, available: true, title: label, layer }
  const problem = await probe(layer)
  if (problem === undefined) return { dialect, available: true, title: label, layer }
  const title = `skipped: no ${product} at ${label.slice(product.length + 4)} (${problem}; set ${envVar} to require it)`
  console.warn(`[govplan kpi] ${title}`)
  return { dialect, available: false, title, layer }
}

export const pg = await make(
  "pg",
  "GOVPLAN_TEST_PG_URL",
  "postgres://postgres@127.0.0.1:5432/test",
  "PostgreSQL",
  (url) => PgClient.layer({ url: Redacted.make(url), maxConnections: 4, connectTimeout: Duration.seconds(5) })
)

export const mysql = await make(
  "mysql",
  "GOVPLAN_TEST_MYSQL_URL",
  "mysql://root@127.0.0.1:3306/test",
  "MariaDB/MySQL",
  (url) => MysqlClient.layer({ url: Redacted.make(url), maxConnections: 4 })
)
