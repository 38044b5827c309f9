import { Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { describe, expect, it } from "vitest"
import { bindingProblems, expectGeneratedSqlEqualsMemory, expectSqlEqualsMemory, firstInvalid, generated, kpi, one } from "../internal/testkit.testing.js"
import { kpis, pillar } from "./index.js"
import type * as R from "./records.js"

const k = (id: string) => kpi(kpis, `livelihood.${id}`)
/** The "to date" window of a cumulative KPI: every row up to the end of 2022. */
const toDate2022 = { period: Period.range("2000-01-01" as never, "2023-01-01" as never) }

const household = (o: Partial<R.ExpropriationHousehold>): R.ExpropriationHousehold => ({
  householdId: "H", parcel: "普陀一村", use: "居住", listedOn: "2022-08-26", signedOn: null, movedOutOn: null, status: "未签约", ...o
})
const households = [
  household({ householdId: "H1", signedOn: "2022-09-20", movedOutOn: "2022-10-30", status: "已搬离" }),
  household({ householdId: "H2", signedOn: "2022-12-28", status: "已签约" }),
  household({ householdId: "H3" }),
  household({ householdId: "H4", listedOn: "2022-10-10", signedOn: "2023-01-03", status: "已签约" }),
  household({ householdId: "H5", parcel: "合利坊", listedOn: "2017-06-30", signedOn: "2019-05-01", movedOutOn: "2019-08-01", status: "已搬离" }),
  household({ householdId: "H6", parcel: "合利坊", listedOn: "2017-06-30", signedOn: "2022-03-01", movedOutOn: "2022-06-20", status: "已搬离" }),
  household({ householdId: "H7", parcel: "合利坊", listedOn: "2017-06-30", status: "司法程序" }),
  household({ householdId: "H8", parcel: "陕西北路(安远路—新会路)", listedOn: "2022-03-18", signedOn: "2022-07-01", status: "已签约" })
]

const milestone = (o: Partial<R.ExpropriationMilestone>): R.ExpropriationMilestone => ({
  projectId: "X", parcel: "p", milestone: "m", plannedOn: "2022-12-31", achievedOn: null, ...o
})
const milestones = [
  milestone({ projectId: "YG-14", milestone: "征收收尾完成", achievedOn: "2022-10-29" }),
  milestone({ projectId: "HLF-DQ", milestone: "动迁收尾完成" }),
  milestone({ projectId: "JF-132", milestone: "收尾平地完成", achievedOn: "2022-10-03" }),
  milestone({ projectId: "JF-132", milestone: "征收收尾完成", plannedOn: "2022-06-30", achievedOn: "2022-08-23" })
]

const employment = (o: Partial<R.EmploymentCase>): R.EmploymentCase => ({
  caseId: "C", committee: "A", category: "其他失业人员", registeredOn: "2022-01-10", services: 1, placedOn: null, placement: null, ...o
})
const cases = [
  employment({ caseId: "C1", category: "就业困难人员", registeredOn: "2022-01-10", services: 4, placedOn: "2022-03-01", placement: "公益性岗位" }),
  employment({ caseId: "C2", category: "长期失业青年", registeredOn: "2022-02-01", services: 3 }),
  employment({ caseId: "C3", category: "就业困难人员", registeredOn: "2022-11-01", services: 2, placedOn: "2023-01-02", placement: "单位就业" }),
  employment({ caseId: "C4", category: "高校毕业生", registeredOn: "2021-12-01", services: 5, placedOn: "2022-01-15", placement: "单位就业" }),
  employment({ caseId: "C5", registeredOn: "2022-06-01", services: 1, placedOn: "2022-07-01", placement: null })
]

const application = (o: Partial<R.AssistanceApplication>): R.AssistanceApplication => ({
  applicationId: "A", committee: "A", scheme: "临时救助", channel: "窗口受理", appliedAt: "2022-01-05 09:00:00", decidedOn: null, decision: null, ...o
})
const applications = [
  application({ applicationId: "A1", channel: "一网通办", appliedAt: "2022-01-05 09:00:00", decidedOn: "2022-01-20", decision: "批准" }),
  application({ applicationId: "A2", channel: "窗口受理", appliedAt: "2022-02-01 10:00:00", decidedOn: "2022-02-15", decision: "不予批准" }),
  application({ applicationId: "A3", channel: "随申办", appliedAt: "2022-03-01 20:30:00", decidedOn: "2022-03-10", decision: "批准" }),
  application({ applicationId: "A4", channel: "线上", appliedAt: "2022-12-30 11:00:00", decidedOn: "2023-01-10", decision: "批准" }),
  application({ applicationId: "A5", channel: "上门代办", appliedAt: "2022-06-01 14:00:00" }),
  application({ applicationId: "A6", channel: "一网通办", appliedAt: "2021-12-31 23:00:00", decidedOn: "2022-01-08", decision: "批准" })
]

const mealDays: ReadonlyArray<R.MealServiceDay> = [
  { day: "2022-01-03", site: "X", committee: "A", dineIn: 100, delivered: 20, meals: 120 },
  { day: "2022-04-10", site: "X", committee: "A", dineIn: 0, delivered: 80, meals: 80 },
  { day: "2022-04-10", site: "Y", committee: "B", dineIn: 0, delivered: 50, meals: 50 },
  { day: "2021-12-31", site: "X", committee: "A", dineIn: 90, delivered: 10, meals: 100 }
]

const pilots: ReadonlyArray<R.TimeBankPilot> = [
  { pilotId: "T1", committee: "梅芳里", joinedOn: "2019-09-01", status: "运行中" },
  { pilotId: "T2", committee: "普陀二村", joinedOn: "2020-05-01", status: "运行中" },
  { pilotId: "T3", committee: "西康路", joinedOn: "2021-03-01", status: "已退出" },
  { pilotId: "T4", committee: "昌化路", joinedOn: "2022-03-01", status: "运行中" },
  { pilotId: "T5", committee: "梅芳里", joinedOn: "2022-06-01", status: "运行中" }
]

const service = (o: Partial<R.TimeBankService>): R.TimeBankService => ({
  serviceId: "S", committee: "A", volunteerId: "V1", recipientId: "E1", serviceType: "上门探访", servedOn: "2022-01-05", hours: 1, review: "已审核", ...o
})
const services = [
  service({ serviceId: "S1", hours: 1.5 }),
  service({ serviceId: "S2", recipientId: "E2", servedOn: "2022-02-05", hours: 2 }),
  service({ serviceId: "S3", volunteerId: "V2", servedOn: "2022-03-01", hours: 1, review: "已驳回" }),
  service({ serviceId: "S4", volunteerId: "V3", recipientId: "E3", servedOn: "2022-12-30", hours: 0.5, review: "待审核" }),
  service({ serviceId: "S5", volunteerId: "V2", recipientId: "E2", servedOn: "2022-04-01", hours: 3 })
]

describe("livelihood KPIs on hand-computed fixtures", () => {
  it("普陀一村签约率 to date: 2 signed (H1, H2; H4 signed in 2023) of 4 listed", async () => {
    const r = await one(k("putuo-yicun.signing-rate"), households, toDate2022)
    expect([r.numerator, r.denominator, r.value]).toEqual([2, 4, 0.5])
    const moved = await one(k("putuo-yicun.moved-out-rate"), households, toDate2022)
    expect([moved.numerator, moved.denominator, moved.value]).toEqual([1, 4, 0.25])
  })

  it("合利坊 to date: 2 of 3 (the household in 司法程序 has not signed); in the 2022 window alone there is no denominator", async () => {
    const r = await one(k("heli-fang.signing-rate"), households, toDate2022)
    expect([r.numerator, r.denominator]).toEqual([2, 3])
    const year = await one(k("heli-fang.signing-rate"), households)
    expect(year.value).toBeNull()
    expect(year.numerator).toBe(1)
  })

  it("signing rate per parcel with by: parcel", async () => {
    const rs = await Kpi.evaluatePromise([k("expropriation.signing-rate")], households, { ...toDate2022, by: ["parcel"] })
    expect(Object.fromEntries(rs.map((r) => [r.group.parcel, [r.numerator, r.denominator]]))).toEqual({
      普陀一村: [2, 4],
      合利坊: [2, 3],
      "陕西北路(安远路—新会路)": [1, 1]
    })
    expect((await one(k("expropriation.signing-rate"), households, toDate2022)).value).toBe(5 / 8)
  })

  it("close-out milestones: the date reached, or no data", async () => {
    expect((await one(k("milestone.yg-14"), milestones, toDate2022)).text).toBe("2022-10-29")
    const heli = await one(k("milestone.hlf-dq"), milestones, toDate2022)
    expect([heli.value, heli.text]).toEqual([null, undefined])
    expect((await one(k("milestone.jf-132"), milestones, toDate2022)).text).toBe("2022-10-03")
  })

  it("就业援助: 3 placed in 2022 (C1, C4, C5), 1 hard-to-employ; of the 4 registered in 2022, 3 placed; 2.5 services each", async () => {
    expect((await one(k("employment.placed"), cases)).value).toBe(3)
    expect((await one(k("employment.hard-to-employ-placed"), cases)).value).toBe(1)
    const rate = await one(k("employment.placement-rate"), cases)
    expect([rate.numerator, rate.denominator, rate.value]).toEqual([3, 4, 0.75])
    expect((await one(k("employment.services-per-case"), cases)).value).toBe(2.5)
  })

  it("救助一件事线上办理率: 3 online (一网通办, 随申办, 线上) of 5 applications in 2022; 3 approved by decision date", async () => {
    const r = await one(k("assistance.online-share"), applications)
    expect([r.numerator, r.denominator, r.value]).toEqual([3, 5, 0.6])
    expect((await one(k("assistance.approved"), applications)).value).toBe(3)
  })

  it("为老助餐: 250 meals in 2022, 150 delivered", async () => {
    expect((await one(k("meals.served"), mealDays)).value).toBe(250)
    const d = await one(k("meals.delivered-share"), mealDays)
    expect([d.numerator, d.denominator, d.value]).toEqual([150, 250, 0.6])
  })

  it("时间银行试点数: 3 committees to date (梅芳里 counted once, 西康路 left), 2 at the end of 2021, 2 joined in 2022", async () => {
    expect((await one(k("time-bank.pilots"), pilots, toDate2022)).value).toBe(3)
    expect((await one(k("time-bank.pilots"), pilots, { period: Period.range("2000-01-01" as never, "2022-01-01" as never) })).value).toBe(2)
    expect((await one(k("time-bank.pilots"), pilots)).value).toBe(2)
  })

  it("时间银行: 6.5 approved hours, 2 volunteers, 2 older residents", async () => {
    expect((await one(k("time-bank.hours"), services)).value).toBe(6.5)
    expect((await one(k("time-bank.volunteers"), services)).value).toBe(2)
    expect((await one(k("time-bank.recipients"), services)).value).toBe(2)
  })
})

describe("livelihood pillar", () => {
  const data = generated(pillar)

  it("binds to indicators of the plan, KPIs and records that exist", () => {
    expect(bindingProblems(pillar)).toEqual([])
    expect(pillar.bindings.length).toBe(5)
  })

  it("generates valid records at realistic volumes, the same on every run", () => {
    for (const r of pillar.records) expect(firstInvalid(r, data[r.name] ?? [])).toBeUndefined()
    expect(data.expropriation_household!.filter((h) => h.parcel === "普陀一村").length).toBeGreaterThan(1000)
    expect(data.time_bank_service!.length).toBeGreaterThan(3000)
    expect(generated(pillar)).toEqual(data)
  })

  it("keeps its ledgers consistent: moved out after signing, status matching the dates, close-outs after the last move-out", () => {
    for (const h of data.expropriation_household!) {
      if (h.movedOutOn !== null) expect(h.signedOn !== null && (h.movedOutOn as string) >= (h.signedOn as string)).toBe(true)
      const status = h.status === "司法程序" ? "司法程序" : h.movedOutOn !== null ? "已搬离" : h.signedOn !== null ? "已签约" : "未签约"
      expect(h.status).toBe(status)
    }
    const yg = data.expropriation_milestone!.find((m) => m.projectId === "YG-14")!
    const last = data.expropriation_household!.filter((h) => h.parcel === yg.parcel).map((h) => h.movedOutOn as string).sort().at(-1)
    expect(yg.achievedOn).toBe(last)
    for (const m of data.meal_service_day!) expect(m.meals).toBe((m.dineIn as number) + (m.delivered as number))
  })

  it("time-bank pilots widen on 2021: 9 committees to the end of 2021, 14 to the end of 2022", async () => {
    const upTo = (end: string) => ({ period: Period.range("2000-01-01" as never, end as never) })
    expect((await one(k("time-bank.pilots"), data.time_bank_pilot!, upTo("2022-01-01"))).value).toBe(9)
    expect((await one(k("time-bank.pilots"), data.time_bank_pilot!, upTo("2023-01-01"))).value).toBe(14)
  })

  it("in memory equals SQL on the SQLite database the generator wrote, by month", async () => {
    await expectGeneratedSqlEqualsMemory(pillar, { period: Period.year(2022), grain: "month" })
  })

  it("in memory equals SQLite for every KPI on the generated data (by committee, a half-year range)", () => {
    expect(expectSqlEqualsMemory(pillar, data)).toBeGreaterThanOrEqual(kpis.length * 3)
  })
})
