import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import * as F from "./fixtures.js"

const monthly2022 = Effect.runSync(Kpi.evaluate(F.allDefinitions, F.orders, { period: Period.year(2022), grain: "month" }))
const one = (rs: ReadonlyArray<Kpi.KpiResult>, id: string) => rs.find((r) => r.kpiId === id)!

describe("Kpi.rollup", () => {
  it("pooled: Σ numerators / Σ denominators over the months of Q1 (6 / 8)", () => {
    const r = one(Kpi.rollup(monthly2022, "pooled", Period.quarter(2022, 1)), "t.closure-rate")
    expect([r.period, r.value, r.numerator, r.denominator, r.count]).toEqual(["2022-Q1", 0.75, 6, 8, 8])
    expect(r.parts!.map((p) => p.period)).toEqual(["2022-01", "2022-02", "2022-03"])
  })

  it("meanOfPeriods: the mean of the monthly rates (2/3 + 1 + 2/3) / 3 = 7/9, differing from pooled", () => {
    const r = one(Kpi.rollup(monthly2022, "meanOfPeriods", Period.quarter(2022, 1)), "t.closure-rate")
    expect(r.value).toBeCloseTo(7 / 9, 12)
    expect(r.numerator).toBeUndefined()
    expect(r.parts!.map((p) => [p.period, p.value, p.numerator, p.denominator])).toEqual([
      ["2022-01", 2 / 3, 2, 3],
      ["2022-02", 1, 2, 2],
      ["2022-03", 2 / 3, 2, 3]
    ])
    expect(r.note).toBe("mean of 3 of 3 sub-periods")
  })

  it("meanOfPeriods skips months with no data, keeps them in parts, and says so", () => {
    // April: h9 accepted, still open: 0 / 1 = 0; May–December: 0 / 0 = no data
    const r = one(Kpi.rollup(monthly2022, "meanOfPeriods", Period.year(2022)), "t.closure-rate")
    expect(r.value).toBeCloseTo((2 / 3 + 1 + 2 / 3 + 0) / 4, 12)
    expect(r.parts).toHaveLength(12)
    expect(r.parts![4]).toEqual({ period: "2022-05", value: null, numerator: 0, denominator: 0 })
    expect(r.note).toBe(
      "mean of 4 of 12 sub-periods; no data in 2022-05, 2022-06, 2022-07, 2022-08, 2022-09, 2022-10, 2022-11, 2022-12"
    )
    const pooled = one(Kpi.rollup(monthly2022, "pooled", Period.year(2022)), "t.closure-rate")
    expect([pooled.numerator, pooled.denominator]).toEqual([6, 9])
  })

  it("pooled equals evaluating the whole period for ratios, weighted means and divisions", () => {
    const whole = Effect.runSync(Kpi.evaluate(F.allDefinitions, F.orders, { period: Period.year(2022) }))
    const pooled = Kpi.rollup(monthly2022, "pooled", Period.year(2022))
    for (const id of ["t.closure-rate", "t.on-time-rate", "t.satisfaction", "t.untrue-rate", "t.intake", "t.hours"]) {
      expect(one(pooled, id).value, id).toBeCloseTo(one(whole, id).value!, 12)
      expect(one(pooled, id).count, id).toBe(one(whole, id).count)
    }
  })

  it("sum adds counts; distinct counts and minima refuse to be summed or pooled", () => {
    const sums = Kpi.rollup(monthly2022, "sum", Period.quarter(2022, 1))
    expect(one(sums, "t.intake").value).toBe(8)
    const callers = one(sums, "t.callers")
    expect(callers.value).toBeNull()
    expect(callers.noDataReason).toBe("a countDistinct cannot be summed from sub-period values; evaluate it over 2022-Q1 instead")
    expect(one(Kpi.rollup(monthly2022, "pooled", Period.quarter(2022, 1)), "t.min-hours").value).toBeNull()
  })

  it("latest: the last month with data, text included", () => {
    const latest = Kpi.rollup(monthly2022, "latest", Period.year(2022))
    expect(one(latest, "t.closure-rate")).toMatchObject({ value: 0, numerator: 0, denominator: 1, note: "latest sub-period with data: 2022-04" })
    expect(one(latest, "t.last-closed")).toMatchObject({ value: null, text: "2022-03-31 17:00:00" })
  })

  it("rolls up per group and only the sub-periods inside the period", () => {
    const byCommittee = Effect.runSync(Kpi.evaluate(F.closureRate, F.orders, { period: Period.year(2022), grain: "month", by: ["committee"] }))
    const q1 = Kpi.rollup(byCommittee, "pooled", Period.quarter(2022, 1))
    expect(q1.map((r) => [r.group.committee, r.numerator, r.denominator, r.parts!.length])).toEqual([
      ["丙", 1, 1, 3],
      ["乙", 2, 3, 3],
      ["甲", 3, 4, 3]
    ])
  })

  it("no data anywhere is null with a reason", () => {
    const empty = Effect.runSync(Kpi.evaluate(F.closureRate, [], { period: Period.year(2023), grain: "month" }))
    const r = one(Kpi.rollup(empty, "meanOfPeriods", Period.year(2023)), "t.closure-rate")
    expect(r.value).toBeNull()
    expect(r.noDataReason).toBe("no sub-period of 2023 has data")
    expect(one(Kpi.rollup(empty, "pooled", Period.year(2023)), "t.closure-rate").noDataReason).toBe("the denominator is 0 over 2023")
  })
})

describe("Kpi.toObservation", () => {
  it("carries value, parts and the reason for no data into the model's Observation", () => {
    const [mean] = Kpi.rollup(Effect.runSync(Kpi.evaluate(F.closureRate, F.orders, { period: Period.year(2022), grain: "month" })), "meanOfPeriods", Period.year(2022))
    const o = Kpi.toObservation(mean!, { indicatorId: "p3.hotline.closure-rate", asOf: "2022-12-31" })
    expect([o.indicatorId, o.period, o.value, o.asOf, o.parts?.length]).toEqual(["p3.hotline.closure-rate", "2022", mean!.value, "2022-12-31", 12])
    const [may] = Effect.runSync(Kpi.evaluate(F.closureRate, F.orders, { period: Period.month(2022, 5) }))
    expect(Kpi.toObservation(may!, { indicatorId: "p3.x", asOf: "2022-05-31" })).toMatchObject({ value: null, numerator: 0, denominator: 0, noDataReason: "the denominator is 0 in 2022-05 (no matching rows)" })
  })

  it("a min over dates becomes the day the milestone was reached", () => {
    const [first] = Effect.runSync(Kpi.evaluate(F.firstClosed, F.orders, { period: Period.quarter(2022, 1) }))
    expect(Kpi.toObservation(first!, { indicatorId: "p3.x", asOf: "2022-03-31" }).achievedOn).toBe("2022-01-07")
  })

  it("refuses an as-of that is not a civil date", () => {
    const [first] = Effect.runSync(Kpi.evaluate(F.intake, F.orders, { period: Period.quarter(2022, 1) }))
    expect(() => Kpi.toObservation(first!, { indicatorId: "p3.x", asOf: "2022/03/31" })).toThrow(/2022\/03\/31/)
  })
})

describe("Kpi.rollup guards", () => {
  it("refuses to roll up overlapping sub-periods (two grains mixed)", () => {
    const months = Effect.runSync(Kpi.evaluate(F.intake, F.orders, { period: Period.quarter(2022, 1), grain: "month" }))
    const quarter = Effect.runSync(Kpi.evaluate(F.intake, F.orders, { period: Period.quarter(2022, 1) }))
    const [r] = Kpi.rollup([...months, ...quarter], "sum", Period.year(2022))
    expect(r!.value).toBeNull()
    expect(r!.noDataReason).toBe("sub-periods 2022-01 and 2022-Q1 overlap: roll up results of one grain at a time")
  })
})
