import { Kpi } from "@govplan/kpi"
import { Effect } from "effect"
import { Period, ReferencePlan } from "@govplan/model"
import { describe, expect, it } from "vitest"
import * as Scorecard from "../Scorecard.js"
import * as Generator from "../Generator.js"
import { generatePillar, memoryAndSql } from "../internal/testkit.testing.js"
import * as Urban from "./index.js"

const kpi = (id: string) => {
  const d = Urban.kpis.find((k) => k.id === id)
  if (d === undefined) throw new Error(`no KPI ${id}`)
  return d
}
const year = Period.year(2022)
const one = async (id: string, rows: ReadonlyArray<Record<string, unknown>>, period: Period.Period = year) => {
  const [r] = await Kpi.evaluatePromise(kpi(id), rows, { period })
  return r!
}

const order = (o: Partial<Urban.HotlineOrder> & Pick<Urban.HotlineOrder, "orderId" | "acceptedAt" | "dueAt">): Urban.HotlineOrder => ({
  channel: "电话",
  category: "求助",
  subject: "垃圾分类",
  committee: "梅芳里",
  complex: "否",
  limitDays: 5,
  firstContact: "是",
  returns: 0,
  status: o.closedAt ? "已办结" : "办理中",
  closedAt: null,
  closure: null,
  verification: null,
  rating: null,
  ...o
})

// Six orders, every figure below worked out by hand.
//   id acc    due    first  closed        closure  verified rating  returns
//   A  03-01  03-08  是     03-03         实际解决  属实     满意    0
//   B  03-02  03-09  否     03-15 (late)  解释说明  不属实   不满意  1
//   C  03-10  03-11  未评价 03-11 12:00   实际解决  —        —       0
//   D  03-28  04-05  是     open          —         —        —       0
//   E  04-01  04-08  是     04-08 20:00   其他      属实     一般    0
//   F  04-02  04-12  是     04-20 (late)  解释说明  不属实   基本满意 2
const orders: ReadonlyArray<Urban.HotlineOrder> = [
  order({ orderId: "A", acceptedAt: "2022-03-01 09:00:00", dueAt: "2022-03-08 23:59:59", closedAt: "2022-03-03 10:00:00", closure: "实际解决", verification: "属实", rating: "满意" }),
  order({ orderId: "B", acceptedAt: "2022-03-02 10:00:00", dueAt: "2022-03-09 23:59:59", firstContact: "否", closedAt: "2022-03-15 16:00:00", closure: "解释说明", verification: "不属实", rating: "不满意", returns: 1 }),
  order({ orderId: "C", acceptedAt: "2022-03-10 08:30:00", dueAt: "2022-03-11 23:59:59", category: "咨询", limitDays: 1, firstContact: "未评价", closedAt: "2022-03-11 12:00:00", closure: "实际解决" }),
  order({ orderId: "D", acceptedAt: "2022-03-28 15:00:00", dueAt: "2022-04-05 23:59:59" }),
  order({ orderId: "E", acceptedAt: "2022-04-01 11:00:00", dueAt: "2022-04-08 23:59:59", closedAt: "2022-04-08 20:00:00", closure: "其他", verification: "属实", rating: "一般" }),
  order({ orderId: "F", acceptedAt: "2022-04-02 09:00:00", dueAt: "2022-04-12 23:59:59", closedAt: "2022-04-20 09:00:00", closure: "解释说明", verification: "不属实", rating: "基本满意", returns: 2 })
]

describe("urban: 12345 formulas on a hand-computed fixture", () => {
  it("intake by acceptance time and closures by closing time", async () => {
    expect((await one("urban.hotline.intake", orders)).value).toBe(6)
    expect((await one("urban.hotline.closures", orders)).value).toBe(5)
  })

  it("先行联系率 = contacted first / evaluated (未评价 excluded): 4/5", async () => {
    const r = await one("urban.hotline.first-contact-rate", orders)
    expect([r.numerator, r.denominator, r.value]).toEqual([4, 5, 0.8])
  })

  it("办结率 = closed / due in the period: 5/6", async () => {
    const r = await one("urban.hotline.completion-rate", orders)
    expect([r.numerator, r.denominator]).toEqual([5, 6])
  })

  it("按时结案率 = closed by dueAt / due: 3/6 (B and F late, D open)", async () => {
    const r = await one("urban.hotline.on-time-closure-rate", orders)
    expect([r.numerator, r.denominator, r.value]).toEqual([3, 6, 0.5])
  })

  it("不属实率 = not factual / closed: 2/5", async () => {
    const r = await one("urban.hotline.unfounded-rate", orders)
    expect([r.numerator, r.denominator, r.value]).toEqual([2, 5, 0.4])
  })

  it("实际解决率 = 实际解决 / (实际解决 + 解释说明): 2/4 (其他 excluded)", async () => {
    const r = await one("urban.hotline.actual-resolution-rate", orders)
    expect([r.numerator, r.denominator, r.value]).toEqual([2, 4, 0.5])
  })

  it("满意率 weighted over rated orders: (1 + 0 + 0.6 + 0.8) / 4 = 0.6; plain share 2/4", async () => {
    const w = await one("urban.hotline.satisfaction-rate", orders)
    expect(w.denominator).toBe(4)
    expect(w.value).toBeCloseTo(0.6, 12)
    const s = await one("urban.hotline.satisfied-share", orders)
    expect([s.numerator, s.denominator, s.value]).toEqual([2, 4, 0.5])
    const c = await one("urban.hotline.rating-coverage", orders)
    expect([c.numerator, c.denominator]).toEqual([4, 5])
  })

  it("退单率: 2/6", async () => {
    const r = await one("urban.hotline.return-rate", orders)
    expect([r.numerator, r.denominator]).toEqual([2, 6])
  })

  it("monthly values, 每月平均 (mean of months) beside the pooled annual rate", async () => {
    const monthly = await Kpi.evaluatePromise(
      [kpi("urban.hotline.first-contact-rate"), kpi("urban.hotline.on-time-closure-rate"), kpi("urban.hotline.unfounded-rate")],
      orders,
      { period: year, grain: "month" }
    )
    const at = (id: string, month: string) => monthly.find((r) => r.kpiId === `urban.hotline.${id}` && r.period === month)!
    // first contact: March A 是, B 否, C 未评价, D 是 → 2/3; April E, F 是 → 2/2
    expect([at("first-contact-rate", "2022-03").numerator, at("first-contact-rate", "2022-03").denominator]).toEqual([2, 3])
    expect(at("first-contact-rate", "2022-04").value).toBe(1)
    // on time by due month: March dues A, B, C → 2/3; April dues D, E, F → 1/3
    expect([at("on-time-closure-rate", "2022-04").numerator, at("on-time-closure-rate", "2022-04").denominator]).toEqual([1, 3])
    // unfounded by closing month: March closures A, B, C → 1/3; April E, F → 1/2
    expect(at("unfounded-rate", "2022-04").value).toBe(0.5)
    const mean = Kpi.rollup(monthly, "meanOfPeriods", year)
    const pooled = Kpi.rollup(monthly, "pooled", year)
    const m = (id: string) => mean.find((r) => r.kpiId === `urban.hotline.${id}`)!.value
    const p = (id: string) => pooled.find((r) => r.kpiId === `urban.hotline.${id}`)!.value
    expect(m("first-contact-rate")).toBeCloseTo(5 / 6, 12)
    expect(p("first-contact-rate")).toBeCloseTo(0.8, 12)
    expect(m("unfounded-rate")).toBeCloseTo(5 / 12, 12)
    expect(p("unfounded-rate")).toBeCloseTo(0.4, 12)
  })

  it("a month with nothing due is no data, not 0%", async () => {
    const r = await one("urban.hotline.on-time-closure-rate", orders, Period.month(2022, 2))
    expect(r.value).toBeNull()
    expect(r.noDataReason).toBeDefined()
  })
})

describe("urban: due time on the official working-day calendar", () => {
  it("help/complaint 5, consultation 1, complex 15 working days; end of the last day", () => {
    expect(Urban.dueAt("2022-03-01 09:15:00", "投诉", "否")).toEqual({ limitDays: 5, dueAt: "2022-03-08 23:59:59" })
    expect(Urban.dueAt("2022-03-01 09:15:00", "咨询", "否")).toEqual({ limitDays: 1, dueAt: "2022-03-02 23:59:59" })
    expect(Urban.dueAt("2022-03-01 09:15:00", "求助", "是")).toEqual({ limitDays: 15, dueAt: "2022-03-22 23:59:59" })
  })

  it("counts the 调休 weekend working days and skips the Spring Festival holiday", () => {
    // 2022-01-28 Fri; 01-29 Sat and 01-30 Sun are working days; 01-31..02-06 off
    expect(Urban.dueAt("2022-01-28 17:00:00", "求助", "否").dueAt).toBe("2022-02-09 23:59:59")
  })

  it("limits are configurable", () => {
    const config = { ...Urban.defaultConfig, hotline: { ...Urban.defaultConfig.hotline, limits: { 咨询: 2 } } }
    expect(Urban.dueAt("2022-03-01 09:15:00", "咨询", "否", config)).toEqual({ limitDays: 2, dueAt: "2022-03-03 23:59:59" })
    expect(Urban.dueAt("2022-03-01 09:15:00", "其他", "否", config).limitDays).toBe(5)
  })

  it("custom codes and weights change the formulas", async () => {
    const kpis = Urban.makeKpis({ ...Urban.defaultConfig, hotline: { ...Urban.defaultConfig.hotline, ratingWeights: { 满意: 1, 基本满意: 1, 一般: 0, 不满意: 0 } } })
    const [r] = await Kpi.evaluatePromise(kpis.find((k) => k.id === "urban.hotline.satisfaction-rate")!, orders, { period: year })
    expect(r!.value).toBe(0.5) // (1 + 0 + 0 + 1) / 4
  })
})

describe("urban: milestones, waste, renovation, devices, e-licences", () => {
  const milestones: ReadonlyArray<Urban.ProjectMilestone> = [
    { projectId: "HLF-4", project: "合利坊四期商品住宅", milestone: "取得竣工验收合格证书", plannedOn: "2022-03-31", achievedOn: "2022-04-18" },
    { projectId: "HLF-4", project: "合利坊四期商品住宅", milestone: "竣工预验收", plannedOn: "2022-02-28", achievedOn: "2022-02-20" },
    { projectId: "JXL-N", project: "锦绣里北块商办楼", milestone: "地上主体结构施工", plannedOn: "2022-12-31", achievedOn: null }
  ]

  it("on-schedule rate 1/3 and 2 late (one reached late, one not reached)", async () => {
    const r = await one("urban.construction.on-schedule-rate", milestones)
    expect([r.numerator, r.denominator]).toEqual([1, 3])
    expect((await one("urban.construction.late", milestones)).value).toBe(2)
  })

  it("a plan milestone's KPI is the date it was reached; unreached has none", async () => {
    expect((await one("urban.milestone.hlf-4", milestones)).text).toBe("2022-04-18")
    expect((await one("urban.milestone.jxl-n", milestones)).text).toBeUndefined()
  })

  it("日产日清率 = cleared same day / reported: 3/4; tonnes summed", async () => {
    const rows: ReadonlyArray<Urban.WasteClearance> = [
      { day: "2022-05-01", committee: "梅芳里", stream: "湿垃圾", tonnes: 1.5, clearedSameDay: "是" },
      { day: "2022-05-01", committee: "梅芳里", stream: "干垃圾", tonnes: 2.25, clearedSameDay: "否" },
      { day: "2022-05-02", committee: "梅芳里", stream: "湿垃圾", tonnes: 1, clearedSameDay: "是" },
      { day: "2022-05-02", committee: "梅芳里", stream: "干垃圾", tonnes: 0.75, clearedSameDay: "是" }
    ]
    const r = await one("urban.waste.daily-clearance-rate", rows)
    expect([r.numerator, r.denominator]).toEqual([3, 4])
    expect((await one("urban.waste.tonnes", rows)).value).toBe(5.5)
  })

  it("renovation signing 2/3 and move-out 1/3, cumulative to date", async () => {
    const rows: ReadonlyArray<Urban.RenovationHousehold> = [
      { project: "武宁路200弄14号", householdId: "1", listedOn: "2021-06-15", signedOn: "2022-02-01", movedOutOn: "2022-03-01" },
      { project: "武宁路200弄14号", householdId: "2", listedOn: "2021-06-15", signedOn: "2022-05-01", movedOutOn: null },
      { project: "金城里", householdId: "3", listedOn: "2022-03-01", signedOn: null, movedOutOn: null }
    ]
    const toDate = Period.range("2000-01-01" as never, "2023-01-01" as never)
    const s = await one("urban.renovation.signing-rate", rows, toDate)
    expect([s.numerator, s.denominator]).toEqual([2, 3])
    const m = await one("urban.renovation.moved-out-rate", rows, toDate)
    expect([m.numerator, m.denominator]).toEqual([1, 3])
  })

  it("device usage 2/3 device-months; e-licence retrieval 2/3 of cases that need one", async () => {
    const devices: ReadonlyArray<Urban.DeviceMonth> = [
      { deviceId: "JK1", kind: "垃圾分类", committee: "梅芳里", month: "2022-06-01", onlineDays: 30, used: "是", casesHandled: 3 },
      { deviceId: "JK2", kind: "垃圾偷倒", committee: "梅芳里", month: "2022-06-01", onlineDays: 0, used: "否", casesHandled: 0 },
      { deviceId: "JK1", kind: "垃圾分类", committee: "梅芳里", month: "2022-07-01", onlineDays: 31, used: "是", casesHandled: 1 }
    ]
    const d = await one("urban.surveillance.usage-rate", devices)
    expect([d.numerator, d.denominator]).toEqual([2, 3])
    const cases: ReadonlyArray<Urban.LicenceCase> = [
      { caseId: "1", acceptedAt: "2022-06-01 09:00:00", item: "居住证办理", licenceRequired: "是", licenceRetrieved: "是" },
      { caseId: "2", acceptedAt: "2022-06-01 10:00:00", item: "居住证办理", licenceRequired: "是", licenceRetrieved: "否" },
      { caseId: "3", acceptedAt: "2022-06-01 11:00:00", item: "政策咨询", licenceRequired: "否", licenceRetrieved: "否" },
      { caseId: "4", acceptedAt: "2022-06-02 09:00:00", item: "生育登记", licenceRequired: "是", licenceRetrieved: "是" }
    ]
    const l = await one("urban.e-licence.retrieval-rate", cases)
    expect([l.numerator, l.denominator]).toEqual([2, 3])
  })
})

describe("urban: scorecard as of a date", () => {
  it("counts only what had happened by asOf: 办结率 as of 2022-04-10 is the mean of March 3/3 and April 1/2", async () => {
    const lines = await Scorecard.computePromise({
      plan: ReferencePlan.changshouRoad2022,
      records: { hotline_order: orders },
      period: year,
      asOf: "2022-04-10",
      pillars: [Urban.pillar]
    })
    const line = (id: string) => lines.find((l) => l.indicator.id === id)!
    const completion = line("urban.hotline.completion-rate")
    expect(completion.observation.value).toBeCloseTo(0.75, 12)
    expect(completion.observation.parts?.filter((p) => p.value !== null).map((p) => [p.period, p.numerator, p.denominator])).toEqual([
      ["2022-03", 3, 3],
      ["2022-04", 1, 2]
    ])
    expect(completion.assessment.status).toBe("atRisk")
    // F closed on 04-20, after asOf: not yet closed, so April's closures are E only (不属实 0/1)
    expect(line("urban.hotline.unfounded-rate").observation.parts?.find((p) => p.period === "2022-04")).toMatchObject({ numerator: 0, denominator: 1 })
    // no waste records supplied: no data, with the reason
    const waste = line("urban.waste.daily-clearance-rate")
    expect(waste.observation.value).toBeNull()
    expect(waste.observation.noDataReason).toContain("waste_clearance")
    expect(waste.assessment.status).toBe("noData")
    // every indicator of the plan has a line
    expect(lines).toHaveLength(ReferencePlan.changshouRoad2022.pillars.flatMap((p) => p.sections.flatMap((s) => s.indicators)).length)
  })

  it("reads an async iterable the same as an array", async () => {
    async function* stream() {
      for (const o of orders) yield o
    }
    const [a, b] = await Promise.all([
      Scorecard.computePromise({ plan: ReferencePlan.changshouRoad2022, records: { hotline_order: orders }, period: year, pillars: [Urban.pillar] }),
      Scorecard.computePromise({ plan: ReferencePlan.changshouRoad2022, records: { hotline_order: stream() }, period: year, pillars: [Urban.pillar] })
    ])
    expect(b.map((l) => l.observation.value)).toEqual(a.map((l) => l.observation.value))
  })
})

describe("urban: Scorecard.kpis (every KPI, bound or not)", () => {
  it("evaluates period KPIs per bucket and stock KPIs cumulatively to the as-of date", async () => {
    const households: ReadonlyArray<Urban.RenovationHousehold> = [
      { project: "武宁路200弄14号", householdId: "1", listedOn: "2021-06-15", signedOn: "2021-12-01", movedOutOn: "2022-03-01" },
      { project: "武宁路200弄14号", householdId: "2", listedOn: "2021-06-15", signedOn: "2022-05-01", movedOutOn: null },
      { project: "金城里", householdId: "3", listedOn: "2022-03-01", signedOn: null, movedOutOn: null }
    ]
    const results = await Effect.runPromise(Scorecard.kpis({
      records: { hotline_order: orders, renovation_household: households },
      period: year,
      asOf: "2022-04-30",
      grain: "month",
      pillars: [Urban.pillar]
    }))
    // as of 04-30: household 2 has not signed yet; household 1 signed in 2021 still counts (a stock)
    const signing = results.filter((r) => r.kpiId === "urban.renovation.signing-rate")
    expect(signing.map((r) => [r.period, r.numerator, r.denominator])).toEqual([["1900-01-01..2022-05-01", 1, 3]])
    const intake = results.filter((r) => r.kpiId === "urban.hotline.intake" && r.value !== 0)
    expect(intake.map((r) => [r.period, r.value])).toEqual([["2022-03", 4], ["2022-04", 2]])
    expect(results.some((r) => r.kpiId === "urban.waste.daily-clearance-rate")).toBe(false) // no waste records supplied
  })
})

describe("urban: generated seed data", () => {
  it("is deterministic, realistic in volume, and every KPI in memory equals SQLite (by month and by year)", async () => {
    const { database, manifest } = await generatePillar(Urban.pillar)
    const again = await generatePillar(Urban.pillar)
    expect(again.manifest).toEqual(manifest)
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.record, t.rows]))
    // the plan year's 20,000 orders and, first, 17,600 of the year before (no lockdown), for 同比
    expect(rows.hotline_order).toBe(20_000 + 17_600)
    expect(rows.waste_clearance).toBe(30 * 365 * 2 * 2)
    const seed = await Generator.openDatabase(database)
    const perYear: Record<string, number> = {}
    try {
      for (const r of seed.records.hotline_order!) perYear[String(r.acceptedAt).slice(0, 4)] = (perYear[String(r.acceptedAt).slice(0, 4)] ?? 0) + 1
    } finally {
      seed.close()
    }
    expect(perYear).toEqual({ 2021: 17_600, 2022: 20_000 })
    for (const grain of ["month", "year"] as const) {
      const results = await memoryAndSql(Urban.pillar, database, { period: year, grain })
      expect(results).toHaveLength(Urban.kpis.length)
      for (const r of results) {
        expect(r.sql, r.kpiId).toEqual(r.memory)
        expect(r.memory.length, r.kpiId).toBeGreaterThan(0)
      }
    }
    const byCommittee = await memoryAndSql({ ...Urban.pillar, kpis: Urban.kpis.filter((k) => k.record === "hotline_order") }, database, { period: year, by: ["committee"] })
    for (const r of byCommittee) expect(r.sql, r.kpiId).toEqual(r.memory)
  })

  it("has the mess real exports have: missing ratings, late and open orders, not-factual and returned orders", async () => {
    const ctx = (await import("../Generator.js")).context(20220610, 2022, "urban")
    const orders = [...Urban.hotlineOrders({ rng: ctx.rng.fork("hotline_order"), count: 5000, year: 2022, committees: ctx.committees, exportedAt: ctx.exportedAt })]
    expect(orders.filter((o) => o.closedAt !== null && o.rating === null).length).toBeGreaterThan(500)
    expect(orders.filter((o) => o.closedAt !== null && o.closedAt > o.dueAt).length).toBeGreaterThan(100)
    expect(orders.filter((o) => o.verification === "不属实").length).toBeGreaterThan(300)
    expect(orders.filter((o) => o.returns > 0).length).toBeGreaterThan(100)
    expect(orders.every((o) => o.closedAt === null || o.closedAt >= o.acceptedAt)).toBe(true)
    expect(orders.every((o, i) => i === 0 || orders[i - 1]!.acceptedAt <= o.acceptedAt)).toBe(true)
  })
})
