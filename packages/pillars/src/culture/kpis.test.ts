import { Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { describe, expect, it } from "vitest"
import { bindingProblems, expectGeneratedSqlEqualsMemory, expectSqlEqualsMemory, firstInvalid, generated, kpi, one } from "../internal/testkit.testing.js"
import { kpis, pillar } from "./index.js"
import type * as R from "./records.js"

const k = (id: string) => kpi(kpis, `culture.${id}`)

const event = (o: Partial<R.CulturalEvent>): R.CulturalEvent => ({
  eventId: "Ev", programme: "非遗在社区", title: "t", committee: "A", heldOn: "2022-01-10", status: "已举办", participants: null, ...o
})
const events = [
  event({ eventId: "Ev1", heldOn: "2022-01-10", participants: 100 }),
  event({ eventId: "Ev2", heldOn: "2022-04-15", status: "取消" }),
  event({ eventId: "Ev3", heldOn: "2022-05-20", status: "延期" }),
  event({ eventId: "Ev4", heldOn: "2022-08-12", participants: null, committee: null }),
  event({ eventId: "Ev5", programme: "市民文化节", heldOn: "2022-06-10", participants: 200 }),
  event({ eventId: "Ev6", programme: "全民健身", heldOn: "2021-12-30", participants: 50 }),
  event({ eventId: "Ev7", heldOn: "2022-12-20", participants: 60 })
]

const report = (o: Partial<R.ScienceReport>): R.ScienceReport => ({
  committee: "A", month: "2022-01-01", residents: 1000, activities: 0, participants: 0, briefs: 0, ...o
})
const reports = [
  report({ committee: "A", month: "2022-01-01", residents: 1000, activities: 2, participants: 80, briefs: 2 }),
  report({ committee: "A", month: "2022-02-01", residents: 1000 }),
  report({ committee: "B", month: "2022-01-01", residents: 2000, activities: 1, participants: 40 }),
  report({ committee: "B", month: "2022-03-01", residents: 2000, activities: 3, participants: 160, briefs: 4 }),
  report({ committee: "A", month: "2021-12-01", residents: 1000, activities: 1, participants: 30, briefs: 1 })
]

const inspection = (o: Partial<R.SportsInspection>): R.SportsInspection => ({
  facilityId: "F", committee: "A", facility: "双人漫步机", inspectedOn: "2022-01-10", condition: "完好", repairedOn: null, ...o
})
const inspections = [
  inspection({ facilityId: "F1" }),
  inspection({ facilityId: "F2", inspectedOn: "2022-01-11", condition: "损坏", repairedOn: "2022-01-20" }),
  inspection({ facilityId: "F3", inspectedOn: "2022-02-01", condition: "停用" }),
  inspection({ facilityId: "F1", inspectedOn: "2022-03-01" }),
  inspection({ facilityId: "F1", inspectedOn: "2021-12-30" })
]

const milestone = (o: Partial<R.CultureMilestone>): R.CultureMilestone => ({
  projectId: "WCNBH-2022", project: "社区未成年人保护站", milestone: "m", plannedOn: "2022-12-31", achievedOn: null, ...o
})
const milestones = [
  milestone({ milestone: "建成", achievedOn: "2022-12-23" }),
  milestone({ milestone: "挂牌运行", plannedOn: "2023-01-31" }),
  milestone({ milestone: "建设方案批复", plannedOn: "2022-05-31", achievedOn: "2022-07-06" }),
  milestone({ projectId: "WMSJ-2022", milestone: "改造完成", plannedOn: "2022-10-31", achievedOn: "2022-10-25" }),
  milestone({ projectId: "X", milestone: "m", plannedOn: "2022-06-30" })
]

const item = (o: Partial<R.CivilizationItem>): R.CivilizationItem => ({
  itemId: "C", area: "公共环境", item: "楼道无堆物", committee: "A", assessedOn: "2022-06-15", required: "是", result: "达标", ...o
})
const items = [
  item({ itemId: "C1" }),
  item({ itemId: "C2", result: "未达标" }),
  item({ itemId: "C3", result: "整改中" }),
  item({ itemId: "C4", required: "否" }),
  item({ itemId: "C5", assessedOn: "2021-12-10" }),
  item({ itemId: "C6", assessedOn: "2022-12-10", committee: null })
]

describe("culture KPIs on hand-computed fixtures", () => {
  it("非遗在社区: 3 held in 2022 (the cancelled and postponed ones excluded), 160 attendances reported", async () => {
    expect((await one(k("intangible-heritage.events"), events)).value).toBe(3)
    expect((await one(k("intangible-heritage.participants"), events)).value).toBe(160)
    const monthly = await Kpi.evaluatePromise([k("intangible-heritage.events")], events, { period: Period.year(2022), grain: "month" })
    expect(monthly.map((r) => r.value)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1])
  })

  it("events held 4 in 2022; 2 of the 6 dated in 2022 cancelled or postponed", async () => {
    expect((await one(k("events.held"), events)).value).toBe(4)
    const c = await one(k("events.cancelled-share"), events)
    expect([c.numerator, c.denominator]).toEqual([2, 6])
  })

  it("科普宣传参与率: 280 attendances over 6,000 resident-months; A 80/2,000, B 200/4,000; January 120/3,000", async () => {
    const r = await one(k("science.participation-rate"), reports)
    expect([r.numerator, r.denominator]).toEqual([280, 6000])
    expect(r.value).toBeCloseTo(280 / 6000, 12)
    const byCommittee = await Kpi.evaluatePromise([k("science.participation-rate")], reports, { period: Period.year(2022), by: ["committee"] })
    expect(byCommittee.map((x) => [x.group.committee, x.value])).toEqual([["A", 0.04], ["B", 0.05]])
    expect((await one(k("science.participation-rate"), reports, { period: Period.month(2022, 1) })).value).toBe(0.04)
  })

  it("科普: 280 attendances, 2 committees active, 6 briefs for 6 activities", async () => {
    expect((await one(k("science.participants"), reports)).value).toBe(280)
    expect((await one(k("science.active-committees"), reports)).value).toBe(2)
    const b = await one(k("science.brief-rate"), reports)
    expect([b.numerator, b.denominator, b.value]).toEqual([6, 6, 1])
  })

  it("社区体育设施完好率: 2 of the 4 inspections of 2022 found it working", async () => {
    const r = await one(k("sports-facilities.working-rate"), inspections)
    expect([r.numerator, r.denominator, r.value]).toEqual([2, 4, 0.5])
  })

  it("未成年人保护站: built 2022-12-23; not yet at mid-year", async () => {
    const all = { period: Period.range("2000-01-01" as never, "2023-01-01" as never) }
    expect((await one(k("minors-protection-station"), milestones, all)).text).toBe("2022-12-23")
    const mid = await one(k("minors-protection-station"), milestones, { period: Period.range("2000-01-01" as never, "2022-07-01" as never) })
    expect(mid.text).toBeUndefined()
    expect(mid.value).toBeNull()
  })

  it("project milestones on schedule: 2 of the 4 planned in 2022 (late and unreached ones count against)", async () => {
    const r = await one(k("projects.on-schedule-rate"), milestones)
    expect([r.numerator, r.denominator, r.value]).toEqual([2, 4, 0.5])
  })

  it("文明创建测评达标率: 2 of the 4 required items of 2022 met (advisory item and 整改中 handled)", async () => {
    const r = await one(k("civilization.compliance-rate"), items)
    expect([r.numerator, r.denominator, r.value]).toEqual([2, 4, 0.5])
  })
})

describe("culture pillar", () => {
  const data = generated(pillar)

  it("binds to indicators of the plan, KPIs and records that exist", () => {
    expect(bindingProblems(pillar)).toEqual([])
    expect(pillar.bindings.length).toBe(6)
  })

  it("generates valid records at realistic volumes, the same on every run", () => {
    for (const r of pillar.records) expect(firstInvalid(r, data[r.name] ?? [])).toBeUndefined()
    expect(data.cultural_event!.length).toBeGreaterThan(300)
    expect(data.sports_inspection!.length).toBeGreaterThan(2000)
    expect(generated(pillar)).toEqual(data)
  })

  it("has the lockdown in it: heritage events cancelled or postponed in April–May, months not reported", () => {
    const spring = data.cultural_event!.filter((e) => e.programme === "非遗在社区" && (e.heldOn as string) >= "2022-04-01" && (e.heldOn as string) < "2022-06-01")
    expect(spring.every((e) => e.status !== "已举办")).toBe(true)
    expect(data.science_report!.filter((r) => (r.month as string) >= "2022-01-01").length).toBeLessThan(30 * 12)
  })

  it("keeps the 2021 science reports, so the plan's baseline year (扩大参与率 on 2021) can be measured", async () => {
    const y2021 = await one(k("science.participation-rate"), data.science_report!, { period: Period.year(2021) })
    expect(y2021.value).not.toBeNull()
    expect(y2021.denominator).toBeGreaterThan(1_000_000)
  })

  it("in memory equals SQL on the SQLite database the generator wrote, by month", async () => {
    await expectGeneratedSqlEqualsMemory(pillar, { period: Period.year(2022), grain: "month" })
  })

  it("in memory equals SQLite for every KPI on the generated data (by committee, a half-year range)", () => {
    expect(expectSqlEqualsMemory(pillar, data)).toBeGreaterThanOrEqual(kpis.length * 3)
  })
})
