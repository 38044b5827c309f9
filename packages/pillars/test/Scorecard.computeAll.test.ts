/**
 * `Scorecard.computeAll`: the scorecard and last year's (for 同比) from one pass over each record
 * stream, equal to two separate `compute` runs, each row seen as it was known at each span's as-of
 * date. The expected numbers were counted by hand from the rows below.
 */
import { Period, ReferencePlan, type Status } from "@govplan/model"
import { describe, expect, it } from "vitest"
import * as Scorecard from "../src/Scorecard.js"

const plan = ReferencePlan.changshouRoad2022
const CLEARANCE = "urban.waste.daily-clearance-rate"
const COMPLETION = "urban.hotline.completion-rate"

const value = (lines: ReadonlyArray<Status.IndicatorResult> | undefined, id: string) => lines?.find((l) => l.indicator.id === id)?.observation.value

const waste = [
  { day: "2021-03-01", committee: "梅芳里", stream: "湿垃圾", tonnes: 0.5, clearedSameDay: "否" },
  { day: "2021-03-01", committee: "梅芳里", stream: "干垃圾", tonnes: 0.6, clearedSameDay: "是" },
  { day: "2022-03-01", committee: "梅芳里", stream: "湿垃圾", tonnes: 0.52, clearedSameDay: "是" },
  { day: "2022-03-01", committee: "梅芳里", stream: "干垃圾", tonnes: 0.59, clearedSameDay: "是" }
]

const order = (orderId: string, acceptedAt: string, closedAt: string | null) => ({
  orderId, acceptedAt, channel: "电话", category: "求助", subject: "垃圾分类", committee: "梅芳里", complex: "否", limitDays: 5,
  dueAt: `${acceptedAt.slice(0, 10)} 23:59:59`, firstContact: "是", returns: 0, status: closedAt === null ? "办理中" : "已办结",
  closedAt, closure: closedAt === null ? null : "实际解决", verification: "属实", rating: null
})

// in December 2021: one order closed in 2021, one closed in January 2022 (open as of 2021-12-31)
const orders = [
  order("2112010000001", "2021-12-01 09:00:00", "2021-12-02 10:00:00"),
  order("2112200000002", "2021-12-20 09:00:00", "2022-01-04 10:00:00"),
  order("2203010000003", "2022-03-01 09:00:00", "2022-03-02 10:00:00")
]

/** Rows that count how often they are read. */
const counted = <T>(rows: ReadonlyArray<T>) => {
  const reads = { n: 0 }
  return { reads, rows: { [Symbol.iterator]: () => (reads.n++, rows[Symbol.iterator]()) } }
}

describe("Scorecard.computeAll", () => {
  it("reads each record stream once and equals two separate computations", async () => {
    const w = counted(waste)
    const h = counted(orders)
    const [now, before] = await Scorecard.computeAllPromise(
      { plan, records: { waste_clearance: w.rows, hotline_order: h.rows }, period: Period.year(2022) },
      [{ period: Period.year(2021) }]
    )
    expect(w.reads.n).toBe(1)
    expect(h.reads.n).toBe(1)
    expect(value(now, CLEARANCE)).toBe(1) // 2 of 2 cleared in 2022
    expect(value(before, CLEARANCE)).toBe(0.5) // 1 of 2 in 2021
    // the December 2021 order still open on 2021-12-31: 1 of 2 closed as known then
    expect(value(before, COMPLETION)).toBe(0.5)
    const separate = await Scorecard.computePromise({ plan, records: { waste_clearance: waste, hotline_order: orders }, period: Period.year(2021) })
    expect(before!.map((l) => [l.indicator.id, l.observation.value, l.assessment.status])).toEqual(
      separate.map((l) => [l.indicator.id, l.observation.value, l.assessment.status])
    )
    const current = await Scorecard.computePromise({ plan, records: { waste_clearance: waste, hotline_order: orders }, period: Period.year(2022) })
    expect(now).toEqual(current)
  })

  it("computes no span when none is asked for, and fails on a bad as-of date of a span", async () => {
    expect(await Scorecard.computeAllPromise({ plan, records: { waste_clearance: waste }, period: Period.year(2022) }, [])).toHaveLength(1)
    await expect(Scorecard.computeAllPromise({ plan, records: {}, period: Period.year(2022) }, [{ period: Period.year(2021), asOf: "2021-02-30" }])).rejects.toThrow(/asOf must be a date/)
  })
})
