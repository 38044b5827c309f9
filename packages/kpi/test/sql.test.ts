import { describe, expect, it } from "vitest"
import { Filter, Kpi, KpiSql } from "@govplan/kpi"
import { Period } from "@govplan/model"
import * as F from "./fixtures.js"

const options = { table: "hotline_order", period: Period.year(2022), grain: "month", by: ["committee"] } as const

describe("KpiSql.compile", () => {
  it("sqlite: a ratio whose sides have their own filters, by month and committee", () => {
    const c = KpiSql.compile(F.closureRate, { ...options, dialect: "sqlite" })
    expect(c.sql).toMatchInlineSnapshot(`
      "SELECT 0 AS "leaf", substr("acceptedAt", 1, 7) AS "bucket", "committee" AS "g0", COUNT(*) AS "r", COUNT(*) AS "n", NULL AS "v"
      FROM "hotline_order"
      WHERE "acceptedAt" >= ? AND "acceptedAt" < ? AND "status" = ?
      GROUP BY 2, 3
      UNION ALL
      SELECT 1 AS "leaf", substr("acceptedAt", 1, 7) AS "bucket", "committee" AS "g0", COUNT(*) AS "r", COUNT(*) AS "n", NULL AS "v"
      FROM "hotline_order"
      WHERE "acceptedAt" >= ? AND "acceptedAt" < ?
      GROUP BY 2, 3"
    `)
    expect(c.params).toMatchInlineSnapshot(`
      [
        "2022-01-01",
        "2023-01-01",
        "办结",
        "2022-01-01",
        "2023-01-01",
      ]
    `)
  })

  it("pg: numbered parameters, weights cast to double precision, columns mapped", () => {
    const c = KpiSql.compile(F.satisfaction, {
      ...options,
      dialect: "pg",
      grain: "quarter",
      by: [],
      columns: { closedAt: "closed_at", rating: "rating_text" }
    })
    expect(c.sql).toMatchInlineSnapshot(`
      "SELECT 0 AS "leaf", CASE WHEN "closed_at" < $1 THEN $2 WHEN "closed_at" < $3 THEN $4 WHEN "closed_at" < $5 THEN $6 ELSE $7 END AS "bucket", COUNT(*) AS "r", COUNT(CASE WHEN "rating_text" IN ($8, $9, $10, $11) THEN 1 END) AS "n", SUM(CASE "rating_text" WHEN $12 THEN CAST($13 AS DOUBLE PRECISION) WHEN $14 THEN CAST($15 AS DOUBLE PRECISION) WHEN $16 THEN CAST($17 AS DOUBLE PRECISION) WHEN $18 THEN CAST($19 AS DOUBLE PRECISION) END) AS "v"
      FROM "hotline_order"
      WHERE "closed_at" >= $20 AND "closed_at" < $21 AND "status" = $22
      GROUP BY 2"
    `)
    expect(c.params).toMatchInlineSnapshot(`
      [
        "2022-04-01",
        "2022-Q1",
        "2022-07-01",
        "2022-Q2",
        "2022-10-01",
        "2022-Q3",
        "2022-Q4",
        "满意",
        "基本满意",
        "一般",
        "不满意",
        "满意",
        1,
        "基本满意",
        0.8,
        "一般",
        0.6,
        "不满意",
        0,
        "2022-01-01",
        "2023-01-01",
        "办结",
      ]
    `)
  })

  it("mysql: backticks, NOT as COALESCE, a schema-qualified table, no grain", () => {
    const def = Kpi.define({
      id: "t.reopened",
      name: "重办率",
      record: "hotline_order",
      measure: Kpi.ratio({
        numerator: Kpi.count({
          time: "closedAt",
          where: Filter.and(Filter.not(Filter.oneOf("status", ["办结", "撤单"])), Filter.fieldLt("dueAt", "closedAt"), Filter.isNotNull("hours"))
        }),
        denominator: Kpi.countDistinct({ field: "caller", time: "closedAt", where: Filter.or(Filter.ge("hours", 1), Filter.isNull("rating")) })
      })
    })
    const c = KpiSql.compile(def, { dialect: "mysql", table: "gov.hotline_order", period: Period.quarter(2022, 2) })
    expect(c.sql).toMatchInlineSnapshot(`
      "SELECT 0 AS \`leaf\`, COUNT(*) AS \`r\`, COUNT(*) AS \`n\`, NULL AS \`v\`
      FROM \`gov\`.\`hotline_order\`
      WHERE \`closedAt\` >= ? AND \`closedAt\` < ? AND (NOT COALESCE(\`status\` IN (?, ?), FALSE) AND \`dueAt\` < \`closedAt\` AND \`hours\` IS NOT NULL)
      UNION ALL
      SELECT 1 AS \`leaf\`, COUNT(*) AS \`r\`, COUNT(\`caller\`) AS \`n\`, COUNT(DISTINCT \`caller\`) AS \`v\`
      FROM \`gov\`.\`hotline_order\`
      WHERE \`closedAt\` >= ? AND \`closedAt\` < ? AND (\`hours\` >= ? OR \`rating\` IS NULL)"
    `)
    expect(c.params).toMatchInlineSnapshot(`
      [
        "2022-04-01",
        "2022-07-01",
        "办结",
        "撤单",
        "2022-04-01",
        "2022-07-01",
        1,
      ]
    `)
  })

  it("every kind of leaf: sum, min, max (sqlite, assessment-year grain)", () => {
    const def = Kpi.define({
      id: "t.all",
      name: "all",
      record: "hotline_order",
      measure: Kpi.derive({
        inputs: {
          s: Kpi.sum({ field: "hours", time: "closedAt" }),
          lo: Kpi.min({ field: "hours", time: "closedAt" }),
          hi: Kpi.max({ field: "hours", time: "closedAt" })
        },
        expr: Kpi.div(Kpi.ref("s"), Kpi.sub(Kpi.ref("hi"), Kpi.ref("lo")))
      })
    })
    const c = KpiSql.compile(def, { dialect: "sqlite", table: "hotline_order", period: Period.assessmentYear(2022, 11), grain: "assessmentYear" })
    expect(c.sql).toMatchInlineSnapshot(`
      "SELECT 0 AS "leaf", COUNT(*) AS "r", COUNT("hours") AS "n", SUM("hours") AS "v", NULL AS "x1", NULL AS "x2"
      FROM "hotline_order"
      WHERE "closedAt" >= ? AND "closedAt" < ?
      UNION ALL
      SELECT 1 AS "leaf", COUNT(*) AS "r", COUNT("hours") AS "n", NULL AS "v", MIN("hours") AS "x1", NULL AS "x2"
      FROM "hotline_order"
      WHERE "closedAt" >= ? AND "closedAt" < ?
      UNION ALL
      SELECT 2 AS "leaf", COUNT(*) AS "r", COUNT("hours") AS "n", NULL AS "v", NULL AS "x1", MAX("hours") AS "x2"
      FROM "hotline_order"
      WHERE "closedAt" >= ? AND "closedAt" < ?"
    `)
    expect(c.params).toMatchInlineSnapshot(`
      [
        "2021-11-01",
        "2022-11-01",
        "2021-11-01",
        "2022-11-01",
        "2021-11-01",
        "2022-11-01",
      ]
    `)
  })

  it("writes no value into the SQL text: every value is a parameter", () => {
    const { evil, injection: def } = F
    for (const dialect of ["sqlite", "pg", "mysql"] as const) {
      const c = KpiSql.compile(def, { dialect, table: "t", period: Period.year(2022) })
      expect(c.sql).not.toContain("DROP")
      expect(c.params.filter((p) => p === evil)).toHaveLength(3)
      const placeholders = dialect === "pg" ? c.sql.match(/\$\d+/g)! : c.sql.match(/\?/g)!
      expect(placeholders).toHaveLength(c.params.length)
      if (dialect === "pg") expect(placeholders).toEqual(c.params.map((_, i) => `$${i + 1}`))
    }
  })
})

describe("identifier validation", () => {
  const bad = [
    'status"; DROP TABLE x; --',
    "a b",
    "1abc",
    "",
    "a`b",
    "a.b",
    "o'reilly",
    "a;b",
    "x--y",
    "a/*b",
    "nul\u0000byte",
    "line\nbreak",
    "full\u3000width",
    "工单 编号",
    "$col",
    "１st" // a full-width digit first
  ]
  for (const name of bad) {
    it(`rejects the column ${JSON.stringify(name)}, naming the KPI and field`, () => {
      const def = Kpi.define({ id: "t.bad", name: "n", record: "r", measure: Kpi.count({ time: "t", where: Filter.eq("status", 1) }) })
      for (const dialect of ["sqlite", "pg", "mysql"] as const) {
        let err: unknown
        try {
          KpiSql.compile(def, { dialect, table: "r", period: Period.year(2022), columns: { status: name } })
        } catch (e) {
          err = e
        }
        expect(err).toBeInstanceOf(Kpi.KpiError)
        expect((err as Kpi.KpiError).reason).toBe("InvalidIdentifier")
        expect((err as Kpi.KpiError).kpiId).toBe("t.bad")
        expect((err as Kpi.KpiError).field).toBe("status")
        expect((err as Kpi.KpiError).message).toContain("t.bad")
      }
    })
  }

  it("rejects a bad table name and a bad `by` field", () => {
    expect(() => KpiSql.compile(F.intake, { dialect: "pg", table: "t; DROP", period: Period.year(2022) })).toThrow(/not an SQL identifier/)
    expect(() => KpiSql.compile(F.intake, { dialect: "pg", table: "t", period: Period.year(2022), by: ["a-b"] })).toThrow(/"a-b"/)
    expect(() => KpiSql.compile(F.intake, { dialect: "oracle" as never, table: "t", period: Period.year(2022) })).toThrow(/unknown dialect/)
  })

  it("quotes per dialect", () => {
    expect(KpiSql.quoteIdentifier("sqlite", "closed_at")).toBe('"closed_at"')
    expect(KpiSql.quoteIdentifier("pg", "closed_at")).toBe('"closed_at"')
    expect(KpiSql.quoteIdentifier("mysql", "closed_at")).toBe("`closed_at`")
  })

  it("accepts letters and digits of any script, quoted per dialect", () => {
    for (const name of ["工单编号", "受理时间", "名称", "_x1", "办结时间2", "café", "a$b", "Größe"]) {
      expect(KpiSql.quoteIdentifier("sqlite", name)).toBe(`"${name}"`)
      expect(KpiSql.quoteIdentifier("pg", name)).toBe(`"${name}"`)
      expect(KpiSql.quoteIdentifier("mysql", name)).toBe(`\`${name}\``)
    }
    const c = KpiSql.compile(F.closureRate, { dialect: "pg", table: "热线.工单", period: Period.year(2022), columns: { acceptedAt: "受理时间", status: "状态" } })
    expect(c.sql).toContain('FROM "热线"."工单"')
    expect(c.sql).toContain('"状态" = $3')
  })

  it("applies each dialect's length limit", () => {
    // 21 CJK characters are 63 UTF-8 bytes, PostgreSQL's limit; 22 are 66 bytes, which PostgreSQL would truncate
    expect(KpiSql.quoteIdentifier("pg", "工".repeat(21))).toBe(`"${"工".repeat(21)}"`)
    expect(() => KpiSql.quoteIdentifier("pg", "工".repeat(22))).toThrow(/longer than 63 bytes/)
    expect(() => KpiSql.quoteIdentifier("pg", "a".repeat(64))).toThrow(/longer than 63 bytes/)
    // MySQL counts characters: 64
    expect(KpiSql.quoteIdentifier("mysql", "工".repeat(64))).toBe(`\`${"工".repeat(64)}\``)
    expect(() => KpiSql.quoteIdentifier("mysql", "工".repeat(65))).toThrow(/longer than 64 characters/)
    // and refuses characters outside the Basic Multilingual Plane (a CJK Extension B letter)
    expect(() => KpiSql.quoteIdentifier("mysql", "\u{20000}")).toThrow(/Basic Multilingual Plane/)
    expect(KpiSql.quoteIdentifier("sqlite", "工".repeat(200))).toBe(`"${"工".repeat(200)}"`)
  })
})

describe("KpiSql.decodeRows", () => {
  it("reads PostgreSQL's bigint and numeric strings as numbers and merges split groups", () => {
    // what node-postgres returns for the satisfaction query: COUNT is bigint, SUM(double) a number, by quarter
    const rows = [
      { leaf: 0, bucket: "2022-Q1", r: "7", n: "6", v: 4.4 },
      { leaf: 0, bucket: "2022-Q2", r: "0", n: "0", v: null }
    ]
    const r = KpiSql.decodeRows(F.satisfaction, rows, { dialect: "pg", period: Period.year(2022), grain: "quarter" })
    expect(r.map((x) => [x.period, x.value, x.numerator, x.denominator, x.count])).toEqual([
      ["2022-Q1", 4.4 / 6, 4.4, 6, 7],
      ["2022-Q2", null, 0, 0, 0],
      ["2022-Q3", null, 0, 0, 0],
      ["2022-Q4", null, 0, 0, 0]
    ])
  })

  it("reads a numeric min from PostgreSQL as a number, text stays text", () => {
    const num = KpiSql.decodeRows(F.minHours, [{ leaf: 0, r: "3", n: "3", v: null, x0: "1.50" }], { dialect: "pg", period: Period.year(2022) })
    expect(num[0]!.value).toBe(1.5)
    const text = KpiSql.decodeRows(F.firstClosed, [{ leaf: 0, r: 2n, n: 2n, v: null, x0: "2022-01-07 10:00:00" }], { dialect: "pg", period: Period.year(2022) })
    expect([text[0]!.value, text[0]!.text, text[0]!.count]).toEqual([null, "2022-01-07 10:00:00", 2])
  })

  it("ignores buckets it does not know (times that are not civil dates)", () => {
    const r = KpiSql.decodeRows(F.intake, [{ leaf: 0, bucket: "2022-3-", r: 1, n: 1, v: null }], { period: Period.month(2022, 3), grain: "month" })
    expect(r.map((x) => x.value)).toEqual([0])
  })

  it("refuses rows that are not the compiled query's", () => {
    expect(() => KpiSql.decodeRows(F.intake, [{ count: 3 }], { period: Period.year(2022) })).toThrow(/lacks the columns/)
    expect(() => KpiSql.decodeRows(F.intake, [{ leaf: 5, r: 1 }], { period: Period.year(2022) })).toThrow(/leaf 5/)
    expect(() => KpiSql.decodeRows(F.intake, [{ leaf: 0, r: "many" }], { period: Period.year(2022) })).toThrow(/column r is not a number/)
  })
})
