/**
 * Baselines of `Relative` targets ("better than before"): computed from the records over the
 * baseline period, supplied by the caller, or given by the plan. Every expected number below was
 * computed by hand from the fixture rows beside it.
 */
import * as fs from "node:fs"
import { Period, Plan, ReferencePlan, type Status } from "@govplan/model"
import { describe, expect, it } from "vitest"
import * as Scorecard from "../src/Scorecard.js"

const plan = ReferencePlan.changshouRoad2022
const year = Period.year(2022)

const FREQUENCY = "economy.enterprise-visits.frequency"
const RESOLUTION = "urban.hotline.actual-resolution-rate"
const USAGE = "urban.surveillance.usage-rate"
const PILOTS = "livelihood.time-bank.pilots"

const line = (lines: ReadonlyArray<Status.IndicatorResult>, id: string): Status.IndicatorResult => {
  const l = lines.find((x) => x.indicator.id === id)
  expect(l, id).toBeDefined()
  return l!
}

const quarter = (creditCode: string, quarterStart: string, tier: string, visits: number) => ({
  creditCode,
  name: creditCode,
  quarterStart,
  taxTrailing: tier === "重点企业" ? 6_000_000 : tier === "优质企业" ? 700_000 : 100_000,
  tier,
  visits
})

// 2021: key A 3 + 2 visits over two quarters, quality B 1 visit; general C (5 visits) is not counted
//       → (3 + 1 + 2) / 3 enterprise-quarters = 2 次/家·季度
// 2022: A 4, B 1 → 5 / 2 = 2.5 次/家·季度
const ledger2021 = [
  quarter("A", "2021-01-01", "重点企业", 3),
  quarter("B", "2021-01-01", "优质企业", 1),
  quarter("C", "2021-01-01", "一般企业", 5),
  quarter("A", "2021-04-01", "重点企业", 2)
]
const ledger2022 = [quarter("A", "2022-01-01", "重点企业", 4), quarter("B", "2022-01-01", "优质企业", 1), quarter("C", "2022-01-01", "一般企业", 0)]

/** An iterable that counts how often it is iterated. */
const once = <A>(rows: ReadonlyArray<A>) => {
  let passes = 0
  return {
    rows: { [Symbol.iterator]: () => (passes++, rows[Symbol.iterator]()) } as Iterable<A>,
    passes: () => passes
  }
}

describe("Scorecard: baselines of better-than-before targets", () => {
  it("computes the baseline over the baseline period (2021) with the same KPI and aggregation, in the same single pass", async () => {
    const src = once([...ledger2021, ...ledger2022])
    const lines = await Scorecard.computePromise({ plan, records: { enterprise_quarter: src.rows }, period: year })
    expect(src.passes()).toBe(1)
    const l = line(lines, FREQUENCY)
    expect(l.observation.value).toBe(2.5)
    expect(l.assessment.status).toBe("achieved")
    expect(l.assessment.reason).toContain("目标高于基线（2021）2 次/家")
    expect(l.assessment.reason).toContain("基线：2021年 2 次/家·季度（由企业分层走访季度台账计算）")
    // the plan states no baseline number; the scorecard line carries the one it was judged against
    expect(plan.pillars[1]!.sections[1]!.indicators[0]!.baseline).toEqual({ period: "2021", text: "增加走访频次" })
    expect(l.indicator.baseline).toEqual({ period: "2021", text: "增加走访频次", value: 2 })
  })

  it("2022 below the computed baseline is off track once the year is over, at risk mid-year", async () => {
    // 2022: A 1 visit, B 1 visit → 1 次/家·季度 < 2
    const low = [quarter("A", "2022-01-01", "重点企业", 1), quarter("B", "2022-01-01", "优质企业", 1)]
    const end = await Scorecard.computePromise({ plan, records: { enterprise_quarter: [...ledger2021, ...low] }, period: year })
    expect(line(end, FREQUENCY).assessment.status).toBe("offTrack")
    const mid = await Scorecard.computePromise({ plan, records: { enterprise_quarter: [...ledger2021, ...low] }, period: year, asOf: "2022-06-30" })
    expect(line(mid, FREQUENCY).observation.value).toBe(1)
    expect(line(mid, FREQUENCY).assessment.status).toBe("atRisk")
    expect(line(mid, FREQUENCY).assessment.reason).toContain("基线：2021年 2 次/家·季度")
  })

  it("records that do not reach into the baseline period give noData, never a made-up baseline", async () => {
    const lines = await Scorecard.computePromise({ plan, records: { enterprise_quarter: ledger2022 }, period: year })
    const l = line(lines, FREQUENCY)
    expect(l.observation.value).toBe(2.5)
    expect(l.assessment.status).toBe("noData")
    expect(l.assessment.reason).toBe("无2021年记录，无法计算基线（增加走访频次）")
    // 2021 rows exist but none of the KPI's (only a general enterprise): the baseline's denominator is 0
    const general = await Scorecard.computePromise({ plan, records: { enterprise_quarter: [ledger2021[2]!, ...ledger2022] }, period: year })
    expect(line(general, FREQUENCY).assessment.status).toBe("noData")
    expect(line(general, FREQUENCY).assessment.reason).toMatch(/^2021年基线无法计算：/)
  })

  it("a supplied baseline overrides the computed one and says so", async () => {
    const lines = await Scorecard.computePromise({
      plan,
      records: { enterprise_quarter: [...ledger2021, ...ledger2022] },
      period: year,
      baselines: { [FREQUENCY]: 3 }
    })
    const l = line(lines, FREQUENCY)
    expect(l.assessment.status).toBe("offTrack") // 2.5 is not above 3
    expect(l.assessment.reason).toContain("基线：2021年 3 次/家·季度（调用方提供）")
    // supplied without any records of the baseline year
    const only2022 = await Scorecard.computePromise({ plan, records: { enterprise_quarter: ledger2022 }, period: year, baselines: { [FREQUENCY]: 2.4 } })
    expect(line(only2022, FREQUENCY).assessment.status).toBe("achieved")
  })

  it("a baseline value in the plan always wins", async () => {
    const data = JSON.parse(fs.readFileSync(new URL("../../../seeds/changshou-road-2022.plan.json", import.meta.url), "utf8"))
    for (const p of data.pillars) {
      for (const s of p.sections) {
        for (const i of s.indicators ?? []) if (i.id === FREQUENCY) i.baseline = { ...i.baseline, value: 2.6 }
      }
    }
    const withValue = await Plan.decodePlanPromise(data)
    const lines = await Scorecard.computePromise({
      plan: withValue,
      records: { enterprise_quarter: [...ledger2021, ...ledger2022] },
      period: year,
      baselines: { [FREQUENCY]: 1 }
    })
    const l = line(lines, FREQUENCY)
    expect(l.assessment.status).toBe("offTrack") // 2.5 against the plan's 2.6, not the computed 2 nor the supplied 1
    expect(l.assessment.reason).toContain("基线：2021年 2.6 次/家·季度（计划给定）")
  })

  it("rejects supplied baselines for unknown indicators or that are not numbers", async () => {
    const bad = (baselines: Record<string, number>) =>
      Scorecard.computePromise({ plan, records: { enterprise_quarter: ledger2022 }, period: year, baselines }).then(
        () => "resolved",
        (e: Scorecard.ScorecardError) => e.reason
      )
    expect(await bad({ "economy.no-such-indicator": 1 })).toBe("InvalidOptions")
    expect(await bad({ [FREQUENCY]: Number.NaN })).toBe("InvalidOptions")
  })

  it("a range baseline (this year before the plan) under 每月平均: the mean of its months, and the monthly trend after it, reported not scored", async () => {
    const order = (closedAt: string, closure: string) => ({ orderId: closedAt, closedAt, closure })
    const rows = [
      // Jan 1/2 = 0.5, Feb 1/1 = 1 → baseline mean (0.5 + 1) / 2 = 0.75 (March–May no orders: skipped)
      order("2022-01-10 10:00:00", "实际解决"),
      order("2022-01-11 10:00:00", "解释说明"),
      order("2022-02-10 10:00:00", "实际解决"),
      // Jun 0.5, Jul 0.75, Aug 1, Sep 1
      order("2022-06-10 10:00:00", "实际解决"),
      order("2022-06-11 10:00:00", "解释说明"),
      order("2022-07-01 10:00:00", "实际解决"),
      order("2022-07-02 10:00:00", "实际解决"),
      order("2022-07-03 10:00:00", "实际解决"),
      order("2022-07-04 10:00:00", "解释说明"),
      order("2022-08-01 10:00:00", "实际解决"),
      order("2022-09-01 10:00:00", "实际解决")
    ]
    const lines = await Scorecard.computePromise({ plan, records: { hotline_order: rows }, period: year })
    const l = line(lines, RESOLUTION)
    // year: mean of the six months with data = (0.5 + 1 + 0.5 + 0.75 + 1 + 1) / 6 = 4.75 / 6
    expect(l.observation.value).toBeCloseTo(4.75 / 6, 12)
    expect(l.assessment.status).toBe("achieved")
    expect(l.assessment.reason).toContain("基线：2022年1月1日至2022年5月31日 75%（由12345市民服务热线工单计算）")
    // slope of 0.5, 0.75, 1, 1 over months 6–9: Σ(x−x̄)(y−ȳ) / Σ(x−x̄)² = 0.875 / 5 = 0.175
    expect(l.assessment.reason).toContain("月度走势（2022-06至2022-09，4个月）：最小二乘斜率每月 +17.5 个百分点，呈上升（仅报告，不计分）")
    // as of the end of April the baseline period (January–May) is not over: no baseline yet
    const early = await Scorecard.computePromise({ plan, records: { hotline_order: rows }, period: year, asOf: "2022-04-30" })
    expect(line(early, RESOLUTION).assessment.status).toBe("noData")
    expect(line(early, RESOLUTION).assessment.reason).toBe("基线期（2022年1月1日至2022年5月31日）截至2022-04-30尚未结束，无法计算基线（在今年基础上有所提高）")
  })

  it("a month baseline under `latest`: the start-of-year level against the latest month", async () => {
    const device = (deviceId: string, month: string, used: string) => ({ deviceId, kind: "垃圾偷倒监控", committee: "梅芳里", month, onlineDays: 30, used, casesHandled: 0 })
    const rows = [
      device("D1", "2022-01-01", "是"),
      device("D2", "2022-01-01", "否"), // January 1/2 = 50%
      device("D1", "2022-12-01", "是"),
      device("D2", "2022-12-01", "否"),
      device("D3", "2022-12-01", "是"),
      device("D4", "2022-12-01", "否") // December 2/4 = 50%: not above the baseline
    ]
    const flat = await Scorecard.computePromise({ plan, records: { device_month: rows }, period: year })
    expect(line(flat, USAGE).observation.value).toBe(0.5)
    expect(line(flat, USAGE).assessment.status).toBe("offTrack")
    expect(line(flat, USAGE).assessment.reason).toContain("基线：2022年1月 50%（由监控设备月度使用台账计算）")
    const up = await Scorecard.computePromise({ plan, records: { device_month: [...rows.slice(0, 5), device("D4", "2022-12-01", "是")] }, period: year })
    expect(line(up, USAGE).observation.value).toBe(0.75)
    expect(line(up, USAGE).assessment.status).toBe("achieved")
  })

  it("a stock evaluated to date: the baseline is the stock at the end of the baseline year", async () => {
    const pilot = (pilotId: string, committee: string, joinedOn: string, status = "运行中") => ({ pilotId, committee, joinedOn, status })
    // end of 2021: 梅芳里 (2019) and 大洋里 (2021) = 2 (西康路 left the pilot: not counted); end of 2022: + 武宁路 = 3
    const rows = [pilot("P1", "梅芳里", "2019-09-01"), pilot("P2", "大洋里", "2021-05-01"), pilot("P3", "西康路", "2021-06-01", "已退出"), pilot("P4", "武宁路", "2022-07-01")]
    const lines = await Scorecard.computePromise({ plan, records: { time_bank_pilot: rows }, period: year })
    expect(line(lines, PILOTS).observation.value).toBe(3)
    expect(line(lines, PILOTS).assessment.status).toBe("achieved")
    expect(line(lines, PILOTS).assessment.reason).toContain("基线：2021年 2 个（由时间银行试点台账计算）")
    const only2022 = await Scorecard.computePromise({ plan, records: { time_bank_pilot: rows.slice(3) }, period: year })
    expect(line(only2022, PILOTS).assessment.status).toBe("noData")
    expect(line(only2022, PILOTS).assessment.reason).toBe("无2021年记录，无法计算基线（扩大“时间银行”试点）")
  })
})
