/**
 * Shared by the SQL equality tests: the option sets every interpreter is compared under, and the
 * comparison itself (everything equal, floating-point sums to 12 digits).
 */
import { expect } from "vitest"
import type { Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"

/** The period, grain and grouping combinations the SQL equality tests run. */
export const cases: ReadonlyArray<[string, Kpi.EvaluateOptions]> = [
  ["Q1 by month", { period: Period.quarter(2022, 1), grain: "month" }],
  ["2022 by quarter, by committee", { period: Period.year(2022), grain: "quarter", by: ["committee"] }],
  ["2022 whole", { period: Period.year(2022) }],
  ["assessment year 2022 by assessment year", { period: Period.assessmentYear(2022, 11), grain: "assessmentYear" }],
  ["2022 by assessment year (November)", { period: Period.year(2022), grain: "assessmentYear", assessmentStartMonth: 11 }],
  ["a range by year, by two dimensions", { period: Period.range("2021-12-01" as never, "2022-03-15" as never), grain: "year", by: ["committee", "verdict"] }],
  ["May (no rows)", { period: Period.month(2022, 5), grain: "month" }]
]

/** The same results, in the same order, with floating-point sums compared to 12 digits. */
export const expectSame = (sql: ReadonlyArray<Kpi.KpiResult>, memory: ReadonlyArray<Kpi.KpiResult>, label = "") => {
  const where = (m: Kpi.KpiResult) => `${label === "" ? "" : `${label}: `}${m.kpiId} ${m.period}`
  expect(sql.length, label).toBe(memory.length)
  sql.forEach((s, i) => {
    const m = memory[i]!
    const { denominator: sd, numerator: sn, value: sv, ...srest } = s
    const { denominator: md, numerator: mn, value: mv, ...mrest } = m
    expect(srest, where(m)).toEqual(mrest)
    for (const [a, b] of [[sv, mv], [sn, mn], [sd, md]] as const) {
      if (b === null || b === undefined) expect(a, where(m)).toBe(b)
      else expect(a, where(m)).toBeCloseTo(b, 12)
    }
  })
}
