import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { Filter, Kpi, KpiSql } from "@govplan/kpi"
import { Civil, Period } from "@govplan/model"
import { cases, expectSame } from "./expectSame.js"
import * as F from "./fixtures.js"
import { makeTable, runSql, runSqlMany } from "./sqlite.js"

const db = makeTable("hotline_order", F.orderColumns, F.orders)
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

  it("one scan groups by the month of every time field; a time field with a distinct count gets its own", () => {
    const c = KpiSql.compileMany([F.closureRate, F.onTimeRate, F.hours, F.satisfaction, F.firstClosed, F.callers], { ...options, dialect: "sqlite" })
    // callers is a distinct count on acceptedAt: acceptedAt keeps a scan by bucket; closedAt and dueAt share one
    expect(c.statements.map((s) => [s.times, s.kpiIds])).toEqual([
      [["closedAt", "dueAt"], ["t.on-time-rate", "t.hours", "t.satisfaction"]],
      [["acceptedAt"], ["t.closure-rate", "t.first-closed", "t.callers"]]
    ])
    expect(c.statements[0]!.sql).toMatchInlineSnapshot(`
      "SELECT -1 AS "t", substr("closedAt", 1, 7) AS "m1", substr("dueAt", 1, 7) AS "m2", COUNT(*) FILTER (WHERE "closedAt" <= "dueAt") AS "r3", COUNT(*) FILTER (WHERE "status" = ?) AS "r0", SUM("hours") FILTER (WHERE "status" = ?) AS "v4", COUNT(*) FILTER (WHERE ("status" = ?) AND "rating" = ?) AS "w5_0", COUNT(*) FILTER (WHERE ("status" = ?) AND "rating" = ?) AS "w5_1", COUNT(*) FILTER (WHERE ("status" = ?) AND "rating" = ?) AS "w5_2", COUNT(*) FILTER (WHERE ("status" = ?) AND "rating" = ?) AS "w5_3", COUNT(*) AS "r1"
      FROM "hotline_order"
      WHERE ("closedAt" >= ? AND "closedAt" < ?) OR ("dueAt" >= ? AND "dueAt" < ?)
      GROUP BY 2, 3"
    `)
    expect(c.sql.match(/\bFROM\b/g)).toHaveLength(2)
    expect(c.sql.match(/\?/g)).toHaveLength(c.params.length)
    for (const s of c.statements) expect(s.sql.match(/\?/g)).toHaveLength(s.params.length)
    // a filter shared by two leaves is one column (hours' and satisfaction's `status = 办结` on closedAt)
    expect(c.statements[0]!.sql.match(/COUNT\(\*\) FILTER \(WHERE "status" = \?\)/g)).toHaveLength(1)
    // without distinct counts: one statement for all three time fields, and a filter used on two of them
    // (every row: the intake on acceptedAt, the on-time rate's denominator on dueAt) is one column
    const one = KpiSql.compileMany([F.intake, F.onTimeRate, F.hours], { ...options, dialect: "sqlite" })
    expect(one.statements.map((s) => s.times)).toEqual([["acceptedAt", "closedAt", "dueAt"]])
    expect(one.sql).toBe(one.statements[0]!.sql)
    expect(one.sql.match(/COUNT\(\*\) AS/g)).toHaveLength(1)
  })

  it("a period that does not start and end on the first of a month adds whether each time lies in it", () => {
    const aligned = KpiSql.compileMany([F.intake, F.onTimeRate], { ...options, dialect: "sqlite" })
    expect(aligned.sql).not.toMatch(/AS "p\d"/)
    const range = KpiSql.compileMany([F.intake, F.onTimeRate], { ...options, dialect: "sqlite", period: Period.range("2022-01-10" as never, "2022-03-01" as never) })
    expect(range.sql.match(/AS "p\d"/g)).toEqual(['AS "p0"', 'AS "p1"', 'AS "p2"'])
  })

  it("pg: one scan per time field unless the table has month statistics; numbered parameters everywhere", () => {
    const plain = KpiSql.compileMany([F.onTimeRate, F.satisfaction], { ...options, dialect: "pg" })
    expect(plain.statements.map((s) => s.times)).toEqual([["closedAt"], ["dueAt"]])
    expect(plain.sql).toContain("UNION ALL")
    // the bucket is joined to the list of buckets, so that PostgreSQL expects a dozen groups
    expect(plain.statements[0]!.sql).toMatch(/JOIN \(VALUES \(\$\d+\), \(\$\d+\), \(\$\d+\)\)/)
    const withStatistics = KpiSql.compileMany([F.onTimeRate, F.satisfaction], { ...options, dialect: "pg", monthStatistics: true })
    expect(withStatistics.statements.map((s) => s.times)).toEqual([["closedAt", "dueAt"]])
    expect(withStatistics.sql).toContain(`substr("closedAt", 1, 7) AS "m0", substr("dueAt", 1, 7) AS "m1"`)
    expect(withStatistics.sql).not.toContain("JOIN")
    for (const c of [plain, withStatistics]) {
      for (const s of [c, ...c.statements]) {
        const placeholders = s.sql.match(/\$\d+/g)!
        expect(placeholders).toEqual(s.params.map((_, i) => `$${i + 1}`))
      }
    }
  })

  it("mysql: backticks; no FILTER clause (MySQL has none); one time field gives one statement without UNION", () => {
    const c = KpiSql.compileMany([F.closureRate, F.intake], { ...options, dialect: "mysql" })
    expect(c.statements).toHaveLength(1)
    expect(c.sql).toBe(c.statements[0]!.sql)
    expect(c.sql).not.toContain("UNION")
    expect(c.sql).toContain("FROM `hotline_order`")
    expect(c.sql).not.toContain("\"")
    expect(c.sql).not.toContain("FILTER")
    expect(c.sql).toContain("COUNT(CASE WHEN `status` = ? THEN 1 END)")
  })

  it("writes no value into the SQL text", () => {
    const { evil, injection: def } = F
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
    expect(() => KpiSql.decodeManyRows([F.intake], [{ t: 4, r0: 1 }], o)).toThrow(/names scan 4/)
    expect(() => KpiSql.decodeManyRows([F.intake], [{ t: 0 }], o)).toThrow(/lacks the column r0/)
    expect(() => KpiSql.decodeManyRows([F.intake], [{ t: -1, r0: 1 }], o)).toThrow(/lacks the column m0/)
    expect(() => KpiSql.decodeManyRows([F.intake], [{ t: -1, m0: "2022-03" }], o)).toThrow(/lacks the column r0/)
    expect(() => KpiSql.decodeManyRows([F.intake], [{ t: 0, r0: "many" }], o)).toThrow(/column r0 is not a number/)
    // PostgreSQL's bigint strings are numbers
    expect(KpiSql.decodeManyRows([F.intake], [{ t: "0", r0: "7" }], { ...o, dialect: "pg" })[0]!.value).toBe(7)
    // a shared-scan row counts in the bucket of its month when that month is in the period
    const shared = [{ t: -1, m0: "2022-03", r0: 5 }, { t: -1, m0: "2021-12", r0: 4 }, { t: -1, m0: null, r0: 3 }, { t: -1, m0: "2022-11", r0: 2 }]
    expect(KpiSql.decodeManyRows([F.intake], shared, { ...o, grain: "quarter" }).map((r) => [r.period, r.value])).toEqual([
      ["2022-Q1", 5],
      ["2022-Q2", 0],
      ["2022-Q3", 0],
      ["2022-Q4", 2]
    ])
  })

  it("statistics: the months' expressions and the statements that create them", () => {
    const s = KpiSql.statistics([F.closureRate, F.onTimeRate], { table: "hotline_order" })
    expect(s.expressions).toEqual([`substr("acceptedAt", 1, 7)`, `substr("closedAt", 1, 7)`, `substr("dueAt", 1, 7)`])
    expect(s.statements).toEqual([
      `CREATE STATISTICS IF NOT EXISTS "govplan_months_hotline_order" ON (substr("acceptedAt", 1, 7)), (substr("closedAt", 1, 7)), (substr("dueAt", 1, 7)) FROM "hotline_order"`,
      `ANALYZE "hotline_order"`
    ])
    const mapped = KpiSql.statistics([F.intake], { table: "ops.热线工单", columns: { acceptedAt: "受理时间" }, name: "热线月份" })
    expect(mapped.statements[0]).toBe(`CREATE STATISTICS IF NOT EXISTS "ops"."热线月份" ON (substr("受理时间", 1, 7)) FROM "ops"."热线工单"`)
    expect(() => KpiSql.statistics([F.intake], { table: "t", name: "x; DROP" })).toThrow(/not an SQL identifier/)
    expect(() => KpiSql.statistics([F.intake], { table: "t".repeat(60) })).toThrow(/63/)
    expect(() => KpiSql.statistics([], { table: "t" })).toThrow(/non-empty/)
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

describe("KpiSql.compileMany with the as-of view (options.asOf)", () => {
  // what Records.asOf does in memory: event fields dated after the as-of day read as null
  const view = (date: string, fields: ReadonlyArray<string>) =>
    F.orders.map((o) => {
      const out: Record<string, unknown> = { ...o }
      for (const f of fields) if (typeof out[f] === "string" && (out[f] as string).slice(0, 10) > date) out[f] = null
      return out
    })
  const closedBy = Kpi.define({
    id: "t.closed-share",
    name: "已结案占比",
    record: "hotline_order",
    measure: Kpi.ratio({ numerator: Kpi.count({ time: "acceptedAt", where: Filter.isNotNull("closedAt") }), denominator: Kpi.count({ time: "acceptedAt" }) })
  })
  const all = [...defs, closedBy]
  for (const date of ["2022-01-15", "2022-02-28", "2022-03-10"]) {
    it(`event field closedAt after ${date} is NULL, in filters and as a time (period to the day after, and beyond it)`, () => {
      const asOf = { date, fields: ["closedAt"] }
      const memoryRows = view(date, ["closedAt"])
      // the scorecard's period ends the day after the as-of date: the bare time column serves
      const bounded = Period.range(Civil.unsafeDate("2022-01-01"), Civil.addDays(Civil.unsafeDate(date), 1))
      for (const options of [{ period: bounded }, { period: Period.year(2022), grain: "month" as const }]) {
        const memory = Effect.runSync(Kpi.evaluate(all, memoryRows, options))
        const pushed = runSqlMany(db, all, { table: "hotline_order", ...options, asOf }, "union")
        expectSame(pushed, memory)
      }
    })
  }

  it("the view matters on these rows: without it, closures after the date would count", () => {
    const differs = ["2022-01-15", "2022-02-28", "2022-03-10"].filter((date) => {
      const options = { period: Period.year(2022), grain: "month" as const }
      const viewed = runSqlMany(db, [closedBy], { table: "hotline_order", ...options, asOf: { date, fields: ["closedAt"] } })
      return JSON.stringify(viewed) !== JSON.stringify(runSqlMany(db, [closedBy], { table: "hotline_order", ...options }))
    })
    expect(differs.length).toBeGreaterThan(0)
  })

  it("refuses an as-of date that is not a civil date (it is written into the SQL as a literal)", () => {
    expect(() => KpiSql.compileMany(all, { dialect: "sqlite", table: "hotline_order", period: Period.year(2022), asOf: { date: "2022-01-01' OR 1=1 --", fields: ["closedAt"] } }))
      .toThrow(/options.asOf must be/)
  })
})
