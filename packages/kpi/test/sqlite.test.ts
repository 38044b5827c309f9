import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { Filter, Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { cases, expectSame } from "./expectSame.js"
import * as F from "./fixtures.js"
import { makeTable, runSql } from "./sqlite.js"

const db = makeTable("hotline_order", F.orderColumns, F.orders)

describe("in-memory equals SQLite, for every measure kind", () => {
  for (const [name, options] of cases) {
    for (const def of F.allDefinitions) {
      it(`${def.id}: ${name}`, () => {
        const memory = Effect.runSync(Kpi.evaluate(def, F.orders, options))
        const sql = runSql(db, def, { table: "hotline_order", ...options })
        expect(memory.length).toBeGreaterThan(0)
        expectSame(sql, memory)
      })
    }
  }

  it("maps record fields to differently named columns", () => {
    const snake = makeTable(
      "orders",
      { accepted_at: "TEXT", status_code: "TEXT" },
      F.orders.map((o) => ({ accepted_at: o.acceptedAt, status_code: o.status }))
    )
    const options = { period: Period.quarter(2022, 1), grain: "month" } as const
    const sql = runSql(snake, F.closureRate, { ...options, table: "orders", columns: { acceptedAt: "accepted_at", status: "status_code" } })
    expect(sql.map((r) => [r.numerator, r.denominator])).toEqual([
      [2, 3],
      [2, 2],
      [2, 3]
    ])
  })

  it("treats NULL like a missing value in NOT, as in memory", () => {
    const rows = [
      { t: "2022-01-02", s: "a" },
      { t: "2022-01-02", s: "b" },
      { t: "2022-01-02", s: null }
    ]
    const small = makeTable("r", { t: "TEXT", s: "TEXT" }, rows)
    for (const where of [Filter.not(Filter.eq("s", "a")), Filter.ne("s", "a"), Filter.not(Filter.or(Filter.eq("s", "a"), Filter.lt("s", "b"))), Filter.not(Filter.not(Filter.eq("s", "a")))]) {
      const def = Kpi.define({ id: "t.not", name: "n", record: "r", measure: Kpi.count({ time: "t", where }) })
      const options = { period: Period.month(2022, 1) }
      expect(runSql(small, def, { ...options, table: "r" })).toEqual(Effect.runSync(Kpi.evaluate(def, rows, options)))
    }
  })
})
