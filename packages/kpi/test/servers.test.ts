/**
 * compileMany (one UNION ALL statement, and its per-time-field statements) and compile on PostgreSQL
 * and MariaDB/MySQL equal Kpi.evaluate, on a table with Chinese table and column names.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Effect, ManagedRuntime } from "effect"
import { Kpi, KpiSql } from "@govplan/kpi"
import { mysql, pg, type Server } from "./databases.js"
import { cases, expectSame } from "./expectSame.js"
import * as F from "./fixtures.js"

/** field → Chinese column, as in a table loaded from a Chinese export */
const columns = {
  id: "工单编号",
  acceptedAt: "受理时间",
  closedAt: "办结时间",
  dueAt: "办理时限",
  status: "状态",
  committee: "社区",
  hours: "工时",
  rating: "满意度",
  verdict: "核实结果",
  caller: "来电人"
} as const

const defs = [...F.allDefinitions]

const suite = (server: Server) =>
  describe.skipIf(!server.available)(server.title, () => {
    const runtime = ManagedRuntime.make(server.layer)
    const run = <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient>) => runtime.runPromise(effect)
    const table = `热线工单_${process.pid}_${Date.now().toString(36)}`
    const q = (name: string) => KpiSql.quoteIdentifier(server.dialect, name)
    const text = server.dialect === "pg" ? `text COLLATE "C"` : "VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
    const real = server.dialect === "pg" ? "double precision" : "DOUBLE"

    beforeAll(() =>
      run(Effect.gen(function*() {
        const sql = (yield* SqlClient.SqlClient).withoutTransforms()
        const fields = Object.keys(columns) as Array<keyof typeof columns>
        yield* sql.unsafe(`CREATE TABLE ${q(table)} (${fields.map((f) => `${q(columns[f])} ${f === "hours" ? real : text}`).join(", ")})`)
        const placeholders = fields.map((_, i) => (server.dialect === "pg" ? `$${i + 1}` : "?")).join(", ")
        for (const o of F.orders) {
          yield* sql.unsafe(`INSERT INTO ${q(table)} (${fields.map((f) => q(columns[f])).join(", ")}) VALUES (${placeholders})`, fields.map((f) => o[f]))
        }
      })), 30_000)

    afterAll(async () => {
      await run(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql.unsafe(`DROP TABLE IF EXISTS ${q(table)}`)
      })).finally(() => runtime.dispose())
    })

    for (const [name, options] of cases) {
      it(`compileMany and compile equal Kpi.evaluate: ${name}`, () =>
        run(Effect.gen(function*() {
          const sql = (yield* SqlClient.SqlClient).withoutTransforms()
          const compileOptions = { ...options, dialect: server.dialect, table, columns }
          const memory = yield* Kpi.evaluate(defs, F.orders, options)
          const many = KpiSql.compileMany(defs, compileOptions)
          const union = KpiSql.decodeManyRows(defs, yield* sql.unsafe(many.sql, many.params), compileOptions)
          const separate: Array<unknown> = []
          for (const s of many.statements) separate.push(...(yield* sql.unsafe(s.sql, s.params)))
          const perDefinition: Array<Kpi.KpiResult> = []
          for (const def of defs) {
            const c = KpiSql.compile(def, compileOptions)
            perDefinition.push(...KpiSql.decodeRows(def, yield* sql.unsafe(c.sql, c.params), compileOptions))
          }
          expect(memory.length).toBeGreaterThan(0)
          expectSame(union, memory, "compileMany, one statement")
          expectSame(KpiSql.decodeManyRows(defs, separate, compileOptions), memory, "compileMany, per time field")
          expectSame(perDefinition, memory, "compile per definition")
        })), 30_000)
    }
  })

suite(pg)
suite(mysql)
