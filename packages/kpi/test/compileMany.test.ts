import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { Filter, Kpi, KpiSql } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { cases, expectSame } from "./expectSame.js"
import * as F from "./fixtures.js"
import { makeTable, runSql, runSqlMany } from "./sqlite.js"

const COLUMNS = {
  id: "TEXT",
  acceptedAt: "TEXT",
  closedAt: "TEXT",
  dueAt: "TEXT",
  status: "TEXT",
  committee: "TEXT",
  hours: "REAL",
  rating: "TEXT",
  verdict: "TEXT",
  caller: "TEXT"
} as const

const db = makeTable("hotline_order", COLUMNS, F.orders)
const defs = [...F.allDefinitions]

describe("KpiSql.compileMany on SQLite equals Kpi.evaluate and per-definition compile", () => {
  for (const [name, options] of cases) {
    it(`all ${defs.length} definitions together (every measure kind): ${name}`, () => {
      const memory = Effect.runSync(Kpi.evaluate(defs, F.orders, options))
      const perDefinition = defs.flatMap((d) => runSql(db, d, { table: "hotline_order", ...options }))
      const union = runSqlMany(db, defs, { table: "hotline_order", ...options }, "union")
      const statements = runSqlMany(db, defs, { table: "hotline_order", ...options }, "statements")
      expect(memory.length).toBeGreaterThan(0)
      expectSame(union, memory)
      expectSame(statements, memory)
      expectSame(perDefinition, memory)
    })

    for (const def of defs) {
      it(`${def.id} alone: ${name}`, () => {
        const memory = Effect.runSync(Kpi.evaluate(def, F.orders, options))
        expectSame(runSqlMany(db, [def], { table: "hotline_order", ...options }), memory)
      })
    }
  }

  it("reports the same no-data reasons as memory: empty buckets, a zero denominator, no values for a min", () => {
    const options = { period: Period.month(2022, 5), grain: "month" } as const
    const results = runSqlMany(db, [F.closureRate, F.minHours, F.satisfaction], { table: "hotline_order", ...options })
    expect(results.map((r) => [r.kpiId, r.value, r.noDataReason])).toEqual([
      ["t.closure-rate", null, "the denominator is 0 in 2022-05 (no matching rows)"],
      ["t.min-hours", null, "no hours values in 2022-05 (no matching rows)"],
      ["t.satisfaction", null, "no rows with a weighted rating in 2022-05 (no matching rows)"]
    ])
  })
})

describe("KpiSql.compileMany: the query", () => {
  const options = { table: "hotline_order", period: Period.quarter(2022, 1), grain: "month" } as const

  it("scans once per time field, with conditional aggregates and only the period in WHERE", () => {
    const c = KpiSql.compileMany([F.closureRate, F.onTimeRate, F.hours, F.satisfaction, F.firstClosed, F.callers], { ...options, dialect: "sqlite" })
    expect(c.statements.map((s) => [s.time, s.kpiIds])).toEqual([
      ["acceptedAt", ["t.closure-rate", "t.first-closed", "t.callers"]],
      ["closedAt", ["t.on-time-rate", "t.hours", "t.satisfaction"]],
      ["dueAt", ["t.on-time-rate"]]
    ])
    expect(c.statements[1]!.sql).toMatchInlineSnapshot(`
      "SELECT 1 AS "t", substr("closedAt", 1, 7) AS "bucket", COUNT(CASE WHEN "closedAt" <= "dueAt" THEN 1 END) AS "r3", COUNT(CASE WHEN "status" = ? THEN 1 END) AS "r4", SUM(CASE WHEN "status" = ? THEN "hours" END) AS "v4", COUNT(CASE WHEN ("status" = ?) AND "rating" = ? THEN 1 END) AS "w5_0", COUNT(CASE WHEN ("status" = ?) AND "rating" = ? THEN 1 END) AS "w5_1", COUNT(CASE WHEN ("status" = ?) AND "rating" = ? THEN 1 END) AS "w5_2", COUNT(CASE WHEN ("status" = ?) AND "rating" = ? THEN 1 END) AS "w5_3"
      FROM "hotline_order"
      WHERE "closedAt" >= ? AND "closedAt" < ?
      GROUP BY 2"
    `)
    // one FROM per time field in the single statement; every placeholder has its parameter
    expect(c.sql.match(/\bFROM\b/g)).toHaveLength(3)
    expect(c.sql.match(/\?/g)).toHaveLength(c.params.length)
    for (const s of c.statements) expect(s.sql.match(/\?/g)).toHaveLength(s.params.length)
    // a filter shared by two leaves is one column (hours' and satisfaction's `status = 办结` on closedAt)
    expect(c.statements[1]!.sql.match(/COUNT\(CASE WHEN "status" = \? THEN 1 END\)/g)).toHaveLength(1)
  })

  it("pg: numbered parameters in each statement and in the UNION ALL", () => {
    const c = KpiSql.compileMany([F.onTimeRate, F.satisfaction], { ...options, dialect: "pg" })
    for (const s of [c, ...c.statements]) {
      const placeholders = s.sql.match(/\$\d+/g)!
      expect(placeholders).toEqual(s.params.map((_, i) => `$${i + 1}`))
    }
    expect(c.sql).toContain("UNION ALL")
  })

  it("mysql: backticks; one time field gives one statement without UNION", () => {
    const c = KpiSql.compileMany([F.closureRate, F.intake], { ...options, dialect: "mysql" })
    expect(c.statements).toHaveLength(1)
    expect(c.sql).toBe(c.statements[0]!.sql)
    expect(c.sql).not.toContain("UNION")
    expect(c.sql).toContain("FROM `hotline_order`")
    expect(c.sql).not.toContain("\"")
  })

  it("writes no value into the SQL text", () => {
    const evil = "x' OR 1=1; DROP TABLE hotline_order; --"
    const def = Kpi.define({
      id: "t.evil",
      name: "n",
      record: "hotline_order",
      measure: Kpi.weightedMean({ field: "rating", time: "closedAt", weights: { [evil]: 1 }, where: Filter.eq("status", evil) })
    })
    for (const dialect of ["sqlite", "pg", "mysql"] as const) {
      const c = KpiSql.compileMany([def, F.intake], { dialect, table: "t", period: Period.year(2022) })
      expect(c.sql).not.toContain("DROP")
      expect(c.params.filter((p) => p === evil).length).toBeGreaterThanOrEqual(3)
    }
  })

  it("refuses an empty list, mixed records, a repeated id and bad identifiers naming the KPI and field", () => {
    const o = { dialect: "sqlite", table: "t", period: Period.year(2022) } as const
    expect(() => KpiSql.compileMany([], o)).toThrow(/non-empty/)
    const other = Kpi.define({ id: "t.other", name: "o", record: "other", measure: Kpi.count({ time: "t" }) })
    expect(() => KpiSql.compileMany([F.intake, other], o)).toThrow(/different records/)
    expect(() => KpiSql.compileMany([F.intake, F.intake], o)).toThrow(/listed twice/)
    let err: unknown
    try {
      KpiSql.compileMany([F.intake, F.hours], { ...o, columns: { hours: "h; DROP" } })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(Kpi.KpiError)
    expect(err).toMatchObject({ reason: "InvalidIdentifier", kpiId: "t.hours", field: "hours" })
    expect(() => KpiSql.compileMany([F.intake], { ...o, by: ["a-b"] })).toThrow(/"a-b"/)
    expect(() => KpiSql.compileMany([F.intake], { ...o, table: "t;x" })).toThrow(/not an SQL identifier/)
  })

  it("decodeManyRows refuses rows that are not the query's", () => {
    const o = { period: Period.year(2022) }
    expect(() => KpiSql.decodeManyRows([F.intake], [{ count: 3 }], o)).toThrow(/lacks the columns/)
    expect(() => KpiSql.decodeManyRows([F.intake], [{ t: 4, r0: 1 }], o)).toThrow(/time field 4/)
    expect(() => KpiSql.decodeManyRows([F.intake], [{ t: 0 }], o)).toThrow(/lacks the column r0/)
    expect(() => KpiSql.decodeManyRows([F.intake], [{ t: 0, r0: "many" }], o)).toThrow(/column r0 is not a number/)
    // PostgreSQL's bigint strings are numbers
    expect(KpiSql.decodeManyRows([F.intake], [{ t: "0", r0: "7" }], { ...o, dialect: "pg" })[0]!.value).toBe(7)
  })
})

describe("Unicode identifiers on SQLite", () => {
  // a table as loaded from a Chinese export: 工单编号, 受理时间, 办结时间, 状态, 社区, 满意度
  const rows = F.orders.map((o) => ({ 工单编号: o.id, 受理时间: o.acceptedAt, 办结时间: o.closedAt, 状态: o.status, 社区: o.committee, 满意度: o.rating, 工时: o.hours, 来电人: o.caller }))
  const chinese = makeTable("热线工单", { 工单编号: "TEXT", 受理时间: "TEXT", 办结时间: "TEXT", 状态: "TEXT", 社区: "TEXT", 满意度: "TEXT", 工时: "REAL", 来电人: "TEXT" }, rows)
  const columns = { acceptedAt: "受理时间", closedAt: "办结时间", status: "状态", committee: "社区", rating: "满意度", hours: "工时", caller: "来电人" }
  const used = [F.intake, F.closures, F.closureRate, F.hours, F.callers, F.satisfaction, F.minHours, F.lastClosed]

  for (const [name, options] of cases.filter(([, o]) => !(o.by ?? []).includes("verdict"))) {
    it(`Chinese table and column names: ${name}`, () => {
      const memory = Effect.runSync(Kpi.evaluate(used, F.orders, options))
      const by = (options.by ?? []).map((f) => (f === "committee" ? "社区" : f))
      const sqlOptions = { ...options, by, table: "热线工单", columns }
      const many = runSqlMany(chinese, used, sqlOptions)
      // group keys carry the column names as given in `by`
      const renamed = memory.map((r) => (options.by?.length ? { ...r, group: { 社区: r.group["committee"]! } } : r))
      expectSame(many, renamed)
      expectSame(used.flatMap((d) => runSql(chinese, d, sqlOptions)), renamed)
    })
  }

  it("by a Chinese field name directly (no mapping)", () => {
    const def = Kpi.define({ id: "t.closed-intake", name: "受理量", record: "热线工单", measure: Kpi.count({ time: "受理时间", where: Filter.eq("状态", "办结") }) })
    const options = { period: Period.quarter(2022, 1), grain: "month", by: ["社区"] } as const
    expect(runSqlMany(chinese, [def], { ...options, table: "热线工单" })).toEqual(Effect.runSync(Kpi.evaluate(def, rows, options)))
  })
})
