import { describe, expect, it } from "vitest"
import { Schema } from "effect"
import * as Civil from "../src/Civil.js"
import { Observation } from "../src/Observation.js"
import * as Period from "../src/Period.js"
import * as Plan from "../src/Plan.js"
import * as Status from "../src/Status.js"
import { indicatorJson } from "./fixtures.js"

const d = Civil.unsafeDate
const indicator = (overrides: Record<string, unknown> = {}): Plan.Indicator =>
  Schema.decodeUnknownSync(Plan.Indicator)(indicatorJson("x.test", overrides))
const observation = (value: number | null, extra: Partial<ConstructorParameters<typeof Observation>[0]> = {}): Observation =>
  new Observation({ indicatorId: "x.test", period: "2022", value, asOf: d("2022-12-31"), ...extra })

const judge = (
  strategy: Status.StatusStrategy,
  ind: Plan.Indicator,
  obs: Observation,
  asOf: string,
  period: Period.Period = Period.year(2022)
) => {
  const a = strategy({ indicator: ind, observation: obs, period, asOf: d(asOf) })
  return { status: a.status, reason: a.reason, strategy: a.strategy }
}

describe("threshold", () => {
  const rate = indicator() // >= 100%, higher is better
  it("a finished period: achieved or offTrack", () => {
    expect(judge(Status.threshold, rate, observation(1), "2022-12-31")).toEqual({
      status: "achieved",
      reason: "2022年实际 100%，目标不低于100%；周期已结束，已达标",
      strategy: "threshold"
    })
    expect(judge(Status.threshold, rate, observation(0.985), "2023-01-15")).toEqual({
      status: "offTrack",
      reason: "2022年实际 98.5%，目标不低于100%；周期已结束，未达标",
      strategy: "threshold"
    })
  })

  it("a running period: onTrack or atRisk", () => {
    expect(judge(Status.threshold, rate, observation(1), "2022-06-30").status).toBe("onTrack")
    expect(judge(Status.threshold, rate, observation(0.985), "2022-12-30")).toEqual({
      status: "atRisk",
      reason: "2022年实际 98.5%，目标不低于100%；目前未达标，周期尚未结束",
      strategy: "threshold"
    })
  })

  it("respects the comparator: 不属实率 below 30% (strict)", () => {
    const untrue = indicator({ direction: { _tag: "LowerIsBetter" }, target: { _tag: "Threshold", comparator: "<", value: 0.3 } })
    expect(judge(Status.threshold, untrue, observation(0.25), "2022-12-31").status).toBe("achieved")
    expect(judge(Status.threshold, untrue, observation(0.3), "2022-12-31")).toMatchObject({
      status: "offTrack",
      reason: "2022年实际 30%，目标低于30%；周期已结束，未达标"
    })
  })

  it("compares rates with a floating-point tolerance", () => {
    const eq = indicator({ target: { _tag: "Threshold", comparator: "=", value: 0.3 } })
    expect(judge(Status.threshold, eq, observation(0.1 + 0.2), "2022-12-31").status).toBe("achieved")
    expect(Status.compare(0.1 + 0.2, "<=", 0.3)).toBe(true)
    expect(Status.compare(0.30001, "<=", 0.3)).toBe(false)
    expect(Status.compare(1, ">", 1)).toBe(false)
  })

  it("a band: the value must lie within [min, max] as well", () => {
    const band = indicator({ direction: { _tag: "Band", min: 0.2, max: 0.3 }, target: { _tag: "Threshold", comparator: ">=", value: 0.2 } })
    expect(judge(Status.threshold, band, observation(0.25), "2022-12-31").status).toBe("achieved")
    expect(judge(Status.threshold, band, observation(0.35), "2022-12-31")).toMatchObject({
      status: "offTrack",
      reason: "2022年实际 35%，目标不低于20%，且在 20%–30% 之间；周期已结束，未达标"
    })
    expect(judge(Status.threshold, band, observation(0.35), "2022-07-01").status).toBe("atRisk")
  })

  it("a relative target is judged against the baseline value", () => {
    const rel = indicator({ target: { _tag: "Relative", comparator: ">" }, baseline: { value: 0.9, period: "2021", text: "2021年水平" } })
    expect(judge(Status.threshold, rel, observation(0.92), "2022-12-31")).toMatchObject({
      status: "achieved",
      reason: "2022年实际 92%，目标高于基线（2021）90%；周期已结束，已达标"
    })
    expect(judge(Status.threshold, rel, observation(0.9), "2022-12-31").status).toBe("offTrack")
    const noBase = indicator({ target: { _tag: "Relative", comparator: ">" }, baseline: { text: "2021年水平" } })
    expect(judge(Status.threshold, noBase, observation(0.92), "2022-12-31")).toMatchObject({
      status: "noData",
      reason: "目标为与基线比较（高于基线），但没有基线值（2021年水平）"
    })
  })

  it("a deadline: milestones", () => {
    const milestone = indicator({ kind: "milestone", unit: "", target: { _tag: "Deadline", by: "2022-03-31" }, aggregation: "latest", grain: "quarter" })
    expect(judge(Status.threshold, milestone, observation(1, { achievedOn: d("2022-03-15") }), "2022-06-30")).toMatchObject({
      status: "achieved",
      reason: "已于2022年3月15日完成，期限2022年3月31日"
    })
    expect(judge(Status.threshold, milestone, observation(1, { achievedOn: d("2022-03-31") }), "2022-06-30").status).toBe("achieved")
    expect(judge(Status.threshold, milestone, observation(1, { achievedOn: d("2022-04-02") }), "2022-06-30")).toMatchObject({
      status: "offTrack",
      reason: "逾期完成：2022年4月2日完成，期限2022年3月31日"
    })
    expect(judge(Status.threshold, milestone, observation(0), "2022-04-01")).toMatchObject({
      status: "offTrack",
      reason: "已到期限2022年3月31日，截至2022年4月1日仍未完成"
    })
    // as of the deadline day itself the data runs to its end: not reached means missed
    expect(judge(Status.threshold, milestone, observation(0), "2022-03-31")).toMatchObject({
      status: "offTrack",
      reason: "已到期限2022年3月31日，截至2022年3月31日仍未完成"
    })
    expect(judge(Status.threshold, milestone, observation(0), "2022-03-01")).toMatchObject({
      status: "onTrack",
      reason: "尚未完成，距期限2022年3月31日还有 30 天"
    })
    expect(judge(Status.threshold, milestone, observation(null, { noDataReason: "未报送验收情况" }), "2022-04-01")).toMatchObject({
      status: "noData",
      reason: "未报送验收情况"
    })
  })

  it("no value, a qualitative target, a period not yet begun", () => {
    expect(judge(Status.threshold, rate, observation(null, { noDataReason: "2022年无到期工单" }), "2022-12-31")).toMatchObject({
      status: "noData",
      reason: "2022年无到期工单"
    })
    expect(judge(Status.threshold, rate, observation(null), "2022-12-31").reason).toBe("2022年无观测值")
    const words = indicator({ kind: "qualitative", unit: "", target: { _tag: "Qualitative", text: "高比例签约" } })
    expect(judge(Status.threshold, words, observation(null), "2022-12-31")).toMatchObject({ status: "notAssessed", reason: "定性目标，不量化评分：“高比例签约”" })
    expect(judge(Status.threshold, rate, observation(1), "2021-12-31")).toMatchObject({ status: "noData", reason: "2022年尚未开始" })
  })
})

describe("proRata", () => {
  const events = indicator({ kind: "count", unit: "场", aggregation: "sum", grain: "month", target: { _tag: "Threshold", comparator: ">=", value: 12 } })
  it("6 of 12 events held by 30 June is on track (12 × 181/365 = 5.95 → 6)", () => {
    expect(judge(Status.proRata, events, observation(6), "2022-06-30")).toEqual({ status: "onTrack", reason: "6/12 场，按进度应达 6 场", strategy: "proRata" })
  })

  it("below the line within the tolerance is at risk, further below is off track", () => {
    expect(judge(Status.proRata, events, observation(5), "2022-06-30")).toMatchObject({ status: "atRisk", reason: "5/12 场，按进度应达 6 场，落后 1 场" })
    expect(judge(Status.proRata, events, observation(4), "2022-06-30")).toMatchObject({ status: "offTrack", reason: "4/12 场，按进度应达 6 场，落后 2 场" })
    expect(judge(Status.proRataWith({ tolerance: 0.5 }), events, observation(4), "2022-06-30").status).toBe("atRisk")
    expect(judge(Status.proRataWith({ tolerance: 0 }), events, observation(5), "2022-06-30").status).toBe("offTrack")
  })

  it("reaching the full target is achieved at once; missing it at the end is off track", () => {
    expect(judge(Status.proRata, events, observation(12), "2022-09-30")).toMatchObject({ status: "achieved", reason: "12/12 场，已达到目标" })
    expect(judge(Status.proRata, events, observation(11), "2022-12-31")).toMatchObject({ status: "offTrack", reason: "11/12 场，2022年已结束，未达到目标" })
  })

  it("follows the period: an assessment year November–October", () => {
    // 2021-11-01 .. 2022-04-30 is 181 of 365 days
    expect(judge(Status.proRata, events, observation(6), "2022-04-30", Period.assessmentYear(2022, 11)).reason).toBe("6/12 场，按进度应达 6 场")
    expect(judge(Status.proRata, events, observation(2), "2022-01-31", Period.quarter(2022, 1))).toMatchObject({
      status: "offTrack", // 12 × 31/90 = 4.13 → 4, and 2 < 4 × (1 − 0.2)
      reason: "2/12 场，按进度应达 4 场，落后 2 场"
    })
  })

  it("amounts keep the fractional line", () => {
    const tax = indicator({ kind: "amount", unit: "万元", aggregation: "sum", target: { _tag: "Threshold", comparator: ">=", value: 1000 } })
    // 1000 × 90/365 = 246.575…
    expect(judge(Status.proRata, tax, observation(250), "2022-03-31")).toMatchObject({ status: "onTrack", reason: "250/1000 万元，按进度应达 246.58 万元" })
    expect(judge(Status.proRata, tax, observation(246), "2022-03-31").status).toBe("atRisk")
  })

  it("a cap (no more than 10 件): running totals against the same line", () => {
    const cap = indicator({ kind: "count", unit: "件", aggregation: "sum", direction: { _tag: "LowerIsBetter" }, target: { _tag: "Threshold", comparator: "<=", value: 10 } })
    expect(judge(Status.proRata, cap, observation(3), "2022-06-30")).toMatchObject({ status: "onTrack", reason: "3/10 件，按进度不应超过 5 件" })
    expect(judge(Status.proRata, cap, observation(6), "2022-06-30")).toMatchObject({ status: "atRisk", reason: "6/10 件，按进度不应超过 5 件，超出 1 件" })
    expect(judge(Status.proRata, cap, observation(7), "2022-06-30").status).toBe("offTrack")
    expect(judge(Status.proRata, cap, observation(11), "2022-06-30")).toMatchObject({ status: "offTrack", reason: "11/10 件，已超出上限" })
    expect(judge(Status.proRata, cap, observation(9), "2022-12-31")).toMatchObject({ status: "achieved", reason: "9/10 件，2022年已结束，未超出上限" })
  })

  it("rates and non-threshold targets fall back to threshold", () => {
    expect(judge(Status.proRata, indicator(), observation(1), "2022-06-30").strategy).toBe("threshold")
    expect(judge(Status.proRata, events, observation(null, { noDataReason: "活动台账未报送" }), "2022-06-30")).toMatchObject({ status: "noData", reason: "活动台账未报送" })
  })
})

describe("cagr (Open SDG)", () => {
  const period = Period.range(d("2019-01-01"), d("2026-01-01")) // target year 2025
  const gdp = (overrides: Record<string, unknown> = {}) =>
    indicator({ kind: "amount", unit: "亿元", aggregation: "latest", grain: "year", target: { _tag: "Threshold", comparator: ">=", value: 200 }, baseline: { value: 100, period: "2019" }, ...overrides })
  const in2021 = (v: number, extra: Partial<ConstructorParameters<typeof Observation>[0]> = {}) => observation(v, { period: "2021", ...extra })

  it("R = CAGR_o / |CAGR_r| classed by 0.95 and 0.60", () => {
    // CAGR_o = sqrt(1.21) − 1 = 10%; CAGR_r = 2^(1/6) − 1 = 12.246%; R = 0.8166
    expect(judge(Status.cagr, gdp(), in2021(121), "2022-01-10", period)).toEqual({
      status: "atRisk",
      reason: "2019–2021 年均增长 10%，2025年达到 200 亿元 需年均 12.25%，比值 R = 0.82（Open SDG：有进展但需加速）",
      strategy: "cagr"
    })
    // sqrt(1.3) − 1 = 14.02%; R = 1.1446
    expect(judge(Status.cagr, gdp(), in2021(130), "2022-01-10", period)).toMatchObject({ status: "onTrack", reason: expect.stringContaining("R = 1.14（Open SDG：进展显著）") })
    // sqrt(1.05) − 1 = 2.47%; R = 0.2017
    expect(judge(Status.cagr, gdp(), in2021(105), "2022-01-10", period)).toMatchObject({ status: "offTrack", reason: expect.stringContaining("R = 0.2（Open SDG：进展有限）") })
    // sqrt(0.9) − 1 = −5.13%; R = −0.419
    expect(judge(Status.cagr, gdp(), in2021(90), "2022-01-10", period)).toMatchObject({ status: "offTrack", reason: expect.stringContaining("R = -0.42（Open SDG：倒退）") })
    expect(judge(Status.cagr, gdp(), in2021(200), "2022-01-10", period)).toMatchObject({ status: "achieved", reason: "2021年实际 200 亿元，已达到目标 200 亿元" })
  })

  it("lower is better: d = −1", () => {
    const lower = gdp({ direction: { _tag: "LowerIsBetter" }, target: { _tag: "Threshold", comparator: "<=", value: 50 } })
    // CAGR_o = 0.9 − 1 = −10%; CAGR_r = 0.5^(1/6) − 1 = −10.91%; R = −1 × −0.1 / 0.1091 = 0.9166
    expect(judge(Status.cagr, lower, in2021(81), "2022-01-10", period).status).toBe("atRisk")
    // sqrt(0.79) − 1 = −11.12%; R = 1.019
    expect(judge(Status.cagr, lower, in2021(79), "2022-01-10", period)).toMatchObject({ status: "onTrack", reason: expect.stringContaining("R = 1.02") })
    expect(judge(Status.cagr, lower, in2021(50), "2022-01-10", period).status).toBe("achieved")
  })

  it("without a quantitative target: CAGR against 1.5% and 0.5%", () => {
    const better = gdp({ target: { _tag: "Relative", comparator: ">" } })
    expect(judge(Status.cagr, better, in2021(104.04), "2022-01-10", period)).toMatchObject({
      status: "onTrack",
      reason: "2019–2021 年均增长 2%（按期望方向计 2%；阈值 1.5%/0.5%，Open SDG：进展显著）"
    })
    expect(judge(Status.cagr, better, in2021(102.01), "2022-01-10", period).status).toBe("atRisk")
    expect(judge(Status.cagr, better, in2021(101), "2022-01-10", period).status).toBe("offTrack")
  })

  it("reads the series from parts; the base year option picks the first year at or after it", () => {
    const noBaseline = gdp({ baseline: undefined })
    const withParts = in2021(121, { parts: [{ period: "2019", value: 100 }, { period: "2020", value: 110 }, { period: "2020-03", value: 1 }] })
    expect(Status.yearlySeries(noBaseline, withParts)).toEqual([{ year: 2019, value: 100 }, { year: 2020, value: 110 }, { year: 2021, value: 121 }])
    expect(judge(Status.cagr, noBaseline, withParts, "2022-01-10", period).reason).toContain("R = 0.82")
    // base 2020: 110 → 121 is 10%; required (200/110)^(1/5) − 1 = 12.70%; R = 0.787
    expect(judge(Status.cagrWith({ baseYear: 2020 }), noBaseline, withParts, "2022-01-10", period).reason).toBe(
      "2020–2021 年均增长 10%，2025年达到 200 亿元 需年均 12.7%，比值 R = 0.79（Open SDG：有进展但需加速）"
    )
    expect(judge(Status.cagrWith({ baseYear: 2018 }), noBaseline, withParts, "2022-01-10", period).reason).toContain("2019–2021")
    expect(judge(Status.cagrWith({ targetYear: 2023 }), noBaseline, withParts, "2022-01-10", period).reason).toContain("2023年达到 200 亿元")
  })

  it("needs two years of one sign; a passed target year without the target is off track", () => {
    expect(judge(Status.cagr, gdp({ baseline: undefined }), in2021(121), "2022-01-10", period)).toMatchObject({
      status: "noData",
      reason: "年度序列不足：增长率方法至少需要两个年份的数据，现有 2021"
    })
    expect(judge(Status.cagr, gdp({ baseline: { value: -5, period: "2019" } }), in2021(121), "2022-01-10", period)).toMatchObject({
      status: "noData",
      reason: "基年（2019）与最近一年（2021）数值正负不同，无法计算复合增长率"
    })
    expect(judge(Status.cagr, gdp(), in2021(150), "2022-01-10", Period.range(d("2019-01-01"), d("2022-01-01")))).toMatchObject({
      status: "offTrack",
      reason: "已到目标年（2021年），实际 150 亿元，未达到目标 200 亿元"
    })
  })

  it("a zero base value is replaced by 0.001 (Open SDG)", () => {
    // (4 / 0.001)^(1/2) − 1 = 62.25; (10 / 0.001)^(1/6) − 1 = 3.6416; R = 17.09
    const fromZero = gdp({ baseline: { value: 0, period: "2019" }, target: { _tag: "Threshold", comparator: ">=", value: 10 } })
    expect(judge(Status.cagr, fromZero, in2021(4), "2022-01-10", period).reason).toContain("R = 17.09")
  })

  it("a band or a deadline goes to threshold", () => {
    expect(judge(Status.cagr, gdp({ direction: { _tag: "Band", min: 100, max: 300 } }), in2021(121), "2022-01-10", period).strategy).toBe("threshold")
  })

  it("compoundAnnualGrowth", () => {
    expect(Status.compoundAnnualGrowth(121, 100, 2021, 2019)).toBeCloseTo(0.1, 12)
    expect(Status.compoundAnnualGrowth(200, 100, 2025, 2019)).toBeCloseTo(0.122462048, 9)
  })
})

describe("assess", () => {
  it("qualitative indicators are not assessed, quoting the plan", () => {
    const words = indicator({ kind: "qualitative", unit: "", target: { _tag: "Qualitative", text: "推进家庭医生高比例签约" } })
    const a = Status.assess({ indicator: words, observation: observation(0.9), period: Period.year(2022), asOf: d("2022-12-31") })
    expect([a.status, a.reason, a.strategy]).toEqual(["notAssessed", "定性目标，不量化评分：“推进家庭医生高比例签约”", "assess"])
    expect(a.indicatorId).toBe("x.test")
    expect(a.asOf).toBe("2022-12-31")
  })

  it("a null value is noData with the observation's reason, whatever the strategy", () => {
    const a = Status.assess(
      { indicator: indicator(), observation: observation(null, { noDataReason: "2022-02 无到期工单" }), period: Period.month(2022, 2), asOf: d("2022-02-28") },
      Status.cagr
    )
    expect([a.status, a.reason]).toEqual(["noData", "2022-02 无到期工单"])
  })

  it("chooses proRata for summed counts, threshold otherwise, and honours an explicit strategy", () => {
    const events = indicator({ kind: "count", unit: "场", aggregation: "sum", target: { _tag: "Threshold", comparator: ">=", value: 12 } })
    const input = { indicator: events, observation: observation(6), period: Period.year(2022), asOf: d("2022-06-30") }
    expect(Status.assess(input).strategy).toBe("proRata")
    expect(Status.assess(input, Status.threshold)).toMatchObject({ strategy: "threshold", status: "atRisk" })
    expect(Status.assess({ ...input, indicator: indicator() }).strategy).toBe("threshold")
    const milestone = indicator({ kind: "milestone", unit: "", target: { _tag: "Deadline", by: "2022-03-31" }, aggregation: "latest" })
    expect(Status.assess({ ...input, indicator: milestone, observation: observation(null, { achievedOn: d("2022-03-20") }) }).status).toBe("achieved")
  })

  it("result bundles a scorecard line", () => {
    const ind = indicator()
    const obs = observation(1)
    const line = Status.result({ pillar: 3, sectionId: "p3.s1", indicator: ind, observation: obs, period: Period.year(2022), asOf: d("2022-12-31") })
    expect(line.pillar).toBe(3)
    expect(line.sectionId).toBe("p3.s1")
    expect(line.indicator).toBe(ind)
    expect(line.observation).toBe(obs)
    expect([line.assessment.status, line.assessment.strategy]).toEqual(["achieved", "threshold"])
  })
})
