/**
 * compileMany (one statement, its scans one by one, and on PostgreSQL with month statistics) and compile on PostgreSQL
 * and MariaDB/MySQL equal Kpi.evaluate, on a table with Chinese table and column names.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Effect, ManagedRuntime } from "effect"
import { Kpi, KpiSql } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { mysql, pg, type TestDatabase } from "../../../test-support/databases.js"
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

const suite = (server: TestDatabase) =>
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
          if (server.dialect === "pg") {
            // with month statistics on the table, all time fields but the distinct count's share one scan
            const shared = KpiSql.compileMany(defs, { ...compileOptions, monthStatistics: true })
            expect(shared.statements.length).toBeLessThan(many.statements.length)
            expectSame(KpiSql.decodeManyRows(defs, yield* sql.unsafe(shared.sql, shared.params), compileOptions), memory, "compileMany, month statistics")
          }
          expect(memory.length).toBeGreaterThan(0)
          expectSame(union, memory, "compileMany, one statement")
          expectSame(KpiSql.decodeManyRows(defs, separate, compileOptions), memory, "compileMany, per time field")
          expectSame(perDefinition, memory, "compile per definition")
        })), 30_000)
    }
  })

describe.skipIf(!pg.available)(`${pg.title}: the planner's estimate of the shared scan's groups`, () => {
  const runtime = ManagedRuntime.make(pg.layer)
  afterAll(() => runtime.dispose())
  it("is about one group per row without the month statistics (so PostgreSQL sorts), and near the truth with them (so it hashes)", () =>
    runtime.runPromise(Effect.gen(function*() {
      const sql = (yield* SqlClient.SqlClient).withoutTransforms()
      const table = `govplan_estimate_${process.pid}_${Date.now().toString(36)}`
      // 20,000 orders over 2022: accepted on a day, closed 0–19 days and due 7 days later
      yield* sql.unsafe(`CREATE TABLE "${table}" AS SELECT
        to_char(TIMESTAMP '2022-01-01' + (i % 365) * INTERVAL '1 day' + (i % 86400) * INTERVAL '1 second', 'YYYY-MM-DD HH24:MI:SS') AS "acceptedAt",
        to_char(TIMESTAMP '2022-01-01' + (i % 365 + i % 20) * INTERVAL '1 day' + (i % 7200) * INTERVAL '1 second', 'YYYY-MM-DD HH24:MI:SS') AS "closedAt",
        to_char(TIMESTAMP '2022-01-01' + (i % 365 + 7) * INTERVAL '1 day', 'YYYY-MM-DD') || ' 23:59:59' AS "dueAt",
        CASE WHEN i % 3 = 0 THEN '办结' ELSE '在办' END AS "status"
        FROM generate_series(1, 20000) AS i`)
      const estimate = (c: KpiSql.Compiled) =>
        Effect.map(sql.unsafe<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${c.sql}`, c.params), (rows) => {
          const plan = rows[0]!["QUERY PLAN"]
          const top = (typeof plan === "string" ? JSON.parse(plan) : plan) as Array<{ Plan: { "Plan Rows": number } }>
          return top[0]!.Plan["Plan Rows"]
        })
      try {
        const defs = [F.intake, F.onTimeRate]
        const shared = KpiSql.compileMany(defs, { dialect: "pg", table, period: Period.year(2022), grain: "month", monthStatistics: true })
        yield* sql.unsafe(`ANALYZE "${table}"`)
        const groups = (yield* sql.unsafe(shared.sql, shared.params)).length
        const without = yield* estimate(shared)
        for (const statement of KpiSql.statistics(defs, { table }).statements) yield* sql.unsafe(statement)
        const withStatistics = yield* estimate(shared)
        expect(groups).toBeLessThan(100)
        expect(without).toBeGreaterThan(50 * groups)
        expect(withStatistics).toBeLessThan(10 * groups)
      } finally {
        yield* sql.unsafe(`DROP TABLE IF EXISTS "${table}"`)
      }
    })), 30_000)
})

suite(pg)
suite(mysql)
