import { Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { describe, expect, it } from "vitest"
import { bindingProblems, expectGeneratedSqlEqualsMemory, expectSqlEqualsMemory, firstInvalid, generated, kpi, one } from "../internal/testkit.testing.js"
import { kpis, pillar } from "./index.js"
import type * as R from "./records.js"

const k = (id: string) => kpi(kpis, `safety.${id}`)

const letter = (o: Partial<R.ResponsibilityLetter>): R.ResponsibilityLetter => ({
  letterId: "L", letter: "平安建设责任书", partyType: "居民区书记", party: "p", committee: "A", issuedOn: "2022-03-03", signedOn: null, ...o
})
const letters = [
  letter({ letterId: "L1", committee: "A", signedOn: "2022-03-03" }),
  letter({ letterId: "L2", committee: "B" }),
  letter({ letterId: "L3", committee: "C", signedOn: "2022-06-08" }),
  letter({ letterId: "L4", committee: "C", issuedOn: "2022-08-22" }), // re-issued to a new secretary, not yet signed
  letter({ letterId: "L5", committee: "D", issuedOn: "2021-03-01", signedOn: "2021-03-02" }),
  letter({ letterId: "L6", letter: "安全生产责任书", partyType: "科办", committee: null, issuedOn: "2022-03-09", signedOn: "2022-03-09" }),
  letter({ letterId: "L7", letter: "安全生产责任书", partyType: "居委会", committee: "A", issuedOn: "2022-03-09" }),
  letter({ letterId: "L8", letter: "安全生产责任书", partyType: "重点生产经营单位", committee: "B", issuedOn: "2022-07-01", signedOn: "2022-07-05" })
]

const pledge = (o: Partial<R.SixSmallPledge>): R.SixSmallPledge => ({
  premisesId: "P", premises: "p", category: "小商铺", committee: "A", issuedOn: "2022-03-10", signedOn: null, operating: "在营", ...o
})
const pledges = [
  pledge({ premisesId: "P1", signedOn: "2022-03-10" }),
  pledge({ premisesId: "P2" }),
  pledge({ premisesId: "P3", category: "小装修", issuedOn: "2022-07-01", operating: "已关闭" }),
  pledge({ premisesId: "P4", category: "小工地", issuedOn: "2022-09-01", signedOn: "2022-09-02", operating: "歇业" }),
  pledge({ premisesId: "P5", category: "小企业", issuedOn: "2021-11-01", signedOn: "2021-11-02" }),
  pledge({ premisesId: "P6", category: "小作坊", issuedOn: "2022-06-05", signedOn: "2022-06-05", operating: "已关闭" })
]

const hazard = (o: Partial<R.Hazard>): R.Hazard => ({
  hazardId: "H", source: "平安建设督导检查", category: "c", level: "一般", committee: "A", place: "p",
  foundOn: "2022-01-10", dueOn: "2022-01-17", rectifiedOn: null, daysToRectify: null, ...o
})
const hazards = [
  hazard({ hazardId: "Hz1", rectifiedOn: "2022-01-15", daysToRectify: 5 }),
  hazard({ hazardId: "Hz2", foundOn: "2022-02-01", dueOn: "2022-02-08", rectifiedOn: "2022-02-20", daysToRectify: 19 }),
  hazard({ hazardId: "Hz3", foundOn: "2022-03-01", dueOn: "2022-03-08" }),
  hazard({ hazardId: "Hz4", source: "安全生产检查", foundOn: "2022-03-05", dueOn: "2022-03-20", rectifiedOn: "2022-03-20", daysToRectify: 15 }),
  hazard({ hazardId: "Hz5", source: "消防检查", foundOn: "2021-12-28", dueOn: "2022-01-04", rectifiedOn: "2022-01-03", daysToRectify: 6 }),
  hazard({ hazardId: "Hz6", source: "沿街商铺巡检", foundOn: "2022-06-01", dueOn: "2022-06-04", rectifiedOn: "2022-06-03", daysToRectify: null }),
  hazard({ hazardId: "Hz7", foundOn: "2022-12-28", dueOn: "2023-01-04" }) // open, but not yet due at the year end
]

const drill = (o: Partial<R.Drill>): R.Drill => ({
  drillId: "D", drillType: "消防疏散逃生演练", committee: "A", station: null, heldOn: "2022-03-10", participants: 0, ...o
})
const drills = [
  drill({ drillId: "D1", participants: 50 }),
  drill({ drillId: "D2", heldOn: "2022-10-10", participants: 40 }),
  drill({ drillId: "D3", committee: "B", heldOn: "2022-06-05", participants: 60 }),
  drill({ drillId: "D4", drillType: "微型消防站应急综合演练", committee: null, station: "S1", heldOn: "2022-01-14", participants: 10 }),
  drill({ drillId: "D5", drillType: "防台防汛演练", committee: "C", heldOn: "2022-07-01", participants: 30 }),
  drill({ drillId: "D6", committee: "C", heldOn: "2021-11-01", participants: 20 })
]

const meetings: ReadonlyArray<R.SafetyMeeting> = [
  { meetingId: "G1", meetingType: "安全生产推进大会", title: "2022年度长寿路街道安全生产推进大会", heldOn: "2022-03-09", attendees: 186 },
  { meetingId: "G2", meetingType: "信访矛盾联席会议", title: "1月信访矛盾联席会议", heldOn: "2022-01-05", attendees: 20 }
]

const petition = (o: Partial<R.Petition>): R.Petition => ({
  petitionId: "Pe", receivedAt: "2022-01-05 09:00:00", form: "来访", firstTime: "是", committee: "A", subject: "物业管理",
  closedOn: null, resolvedLocally: null, evaluation: null, ...o
})
const petitions = [
  petition({ petitionId: "Pe1", closedOn: "2022-01-20", resolvedLocally: "是", evaluation: "满意" }),
  petition({ petitionId: "Pe2", receivedAt: "2022-02-10 10:00:00", closedOn: "2022-03-01", resolvedLocally: "否", evaluation: "不满意" }),
  petition({ petitionId: "Pe3", receivedAt: "2022-03-01 10:00:00", firstTime: "否", closedOn: "2022-03-20", resolvedLocally: "是", evaluation: "基本满意" }),
  petition({ petitionId: "Pe4", receivedAt: "2022-03-15 10:00:00", closedOn: "2022-04-10", resolvedLocally: "是" }),
  petition({ petitionId: "Pe5", receivedAt: "2022-12-20 10:00:00" }),
  petition({ petitionId: "Pe6", receivedAt: "2021-12-20 10:00:00", closedOn: "2022-01-10", resolvedLocally: "是", evaluation: "满意" })
]

const receptions: ReadonlyArray<R.ReceptionDay> = [
  { day: "2022-01-06", leader: "街道党工委书记", outcome: "已接待", visitors: 6 },
  { day: "2022-02-03", leader: null, outcome: "节假日", visitors: 0 },
  { day: "2022-03-24", leader: null, outcome: "未接待", visitors: 0 },
  { day: "2022-04-07", leader: "街道办事处主任", outcome: "线上接待", visitors: 3 },
  { day: "2022-04-14", leader: "党工委副书记", outcome: "线上接待", visitors: 2 }
]

const reviews: ReadonlyArray<R.DisputeReview> = [
  { month: "2022-01-01", disputes: 30, hotIssues: 3, dueOn: "2022-02-15", reportedOn: "2022-02-08" },
  { month: "2022-02-01", disputes: 25, hotIssues: 2, dueOn: "2022-03-15", reportedOn: "2022-03-09" },
  { month: "2022-04-01", disputes: 20, hotIssues: 4, dueOn: "2022-05-15", reportedOn: null },
  { month: "2022-11-01", disputes: 38, hotIssues: 4, dueOn: "2022-12-15", reportedOn: "2022-12-20" },
  { month: "2022-12-01", disputes: 40, hotIssues: 5, dueOn: "2023-01-15", reportedOn: "2023-01-04" }
]

describe("safety KPIs on hand-computed fixtures", () => {
  it("平安建设责任书: 2 of 3 residential areas signed (C counted once despite the re-issue; 2021 excluded)", async () => {
    const r = await one(k("ping-an.responsibility-letters"), letters)
    expect([r.numerator, r.denominator]).toEqual([2, 3])
    expect(r.value).toBeCloseTo(2 / 3, 12)
  })

  it("安全生产责任书: 2 of 3 issued in 2022 signed", async () => {
    const r = await one(k("production.responsibility-letters"), letters)
    expect([r.numerator, r.denominator]).toEqual([2, 3])
  })

  it("“六小”承诺书: 2 of 3 (closed premises excluded from both sides, 歇业 kept); per category", async () => {
    const r = await one(k("production.six-small-pledges"), pledges)
    expect([r.numerator, r.denominator]).toEqual([2, 3])
    const by = await Kpi.evaluatePromise([k("production.six-small-pledges")], pledges, { period: Period.year(2022), by: ["category"] })
    expect(by.map((x) => [x.group.category, x.numerator, x.denominator])).toEqual([["小商铺", 1, 2], ["小工地", 1, 1]])
  })

  it("督导检查问题整改完成率: 2 of the 3 inspection problems due in 2022 (Hz7 is due in 2023)", async () => {
    const r = await one(k("ping-an.rectification-rate"), hazards)
    expect([r.numerator, r.denominator]).toEqual([2, 3])
  })

  it("hazards: 4 of the 6 found in 2022 rectified, 4 of the 6 due in 2022 on time, mean 45/4 = 11.25 days, longest 19", async () => {
    const r = await one(k("hazards.rectification-rate"), hazards)
    expect([r.numerator, r.denominator]).toEqual([4, 6])
    const t = await one(k("hazards.on-time-rate"), hazards)
    expect([t.numerator, t.denominator]).toEqual([4, 6])
    expect((await one(k("hazards.mean-days-to-rectify"), hazards)).value).toBe(11.25)
    expect((await one(k("hazards.max-days-to-rectify"), hazards)).value).toBe(19)
  })

  it("drills: 3 evacuation drills in 2 residential areas, 1 micro fire station drill, 190 people", async () => {
    expect((await one(k("drills.evacuation"), drills)).value).toBe(3)
    expect((await one(k("drills.evacuation-committees"), drills)).value).toBe(2)
    expect((await one(k("drills.micro-fire-station"), drills)).value).toBe(1)
    expect((await one(k("drills.participants"), drills)).value).toBe(190)
  })

  it("安全生产推进大会: held 2022-03-09; no data without it", async () => {
    expect((await one(k("production.annual-conference"), meetings)).text).toBe("2022-03-09")
    expect((await one(k("production.annual-conference"), meetings.slice(1))).text).toBeUndefined()
  })

  it("信访: 5 received; 参评率 4/5 and 满意率 3/4 over the 5 closed in 2022; 初信初访就地解决 3/4", async () => {
    expect((await one(k("petitions.received"), petitions)).value).toBe(5)
    const p = await one(k("petitions.evaluation-participation-rate"), petitions)
    expect([p.numerator, p.denominator, p.value]).toEqual([4, 5, 0.8])
    const s = await one(k("petitions.satisfaction-rate"), petitions)
    expect([s.numerator, s.denominator, s.value]).toEqual([3, 4, 0.75])
    const f = await one(k("petitions.first-petition-local-resolution-rate"), petitions)
    expect([f.numerator, f.denominator, f.value]).toEqual([3, 4, 0.75])
  })

  it("周四信访接待: 3 of the 4 non-holiday Thursdays (online counts, the holiday is excluded)", async () => {
    const r = await one(k("petitions.thursday-reception"), receptions)
    expect([r.numerator, r.denominator, r.value]).toEqual([3, 4, 0.75])
  })

  it("矛盾纠纷每月排查呈报: 3 of the 4 reviews due in 2022 reported (December's is due in 2023)", async () => {
    const r = await one(k("petitions.monthly-dispute-review"), reviews)
    expect([r.numerator, r.denominator, r.value]).toEqual([3, 4, 0.75])
  })
})

describe("safety pillar", () => {
  const data = generated(pillar)

  it("binds to indicators of the plan, KPIs and records that exist", () => {
    expect(bindingProblems(pillar)).toEqual([])
    expect(pillar.bindings.length).toBe(10)
  })

  it("generates valid records at realistic volumes, the same on every run", () => {
    for (const r of pillar.records) expect(firstInvalid(r, data[r.name] ?? [])).toBeUndefined()
    expect(data.hazard!.length).toBeGreaterThan(1500)
    expect(data.petition!.length).toBeGreaterThan(400)
    // a Thursday row for each week of the plan year and of the year before (for 同比)
    expect(data.reception_day!.filter((r) => String(r.day).startsWith("2022")).length).toBe(52)
    expect(data.reception_day!.filter((r) => String(r.day).startsWith("2021")).length).toBe(52)
    for (const t of ["hazard", "petition", "dispute_review"] as const) {
      const years = new Set(data[t]!.map((r) => String(r.foundOn ?? r.receivedAt ?? r.month).slice(0, 4)))
      expect([...years].sort(), t).toEqual(["2021", "2022"])
    }
    expect(generated(pillar)).toEqual(data)
  })

  it("keeps 整改用时 consistent with the dates, and has every committee's 平安建设 letter", () => {
    for (const h of data.hazard!) {
      if (h.daysToRectify === null) continue
      const days = (Date.parse(`${h.rectifiedOn as string}T00:00:00Z`) - Date.parse(`${h.foundOn as string}T00:00:00Z`)) / 86_400_000
      expect(h.daysToRectify).toBe(days)
    }
    const areas = new Set(data.responsibility_letter!.filter((l) => l.letter === "平安建设责任书").map((l) => l.committee))
    expect(areas.size).toBe(30)
  })

  it("in memory equals SQL on the SQLite database the generator wrote, by month", async () => {
    await expectGeneratedSqlEqualsMemory(pillar, { period: Period.year(2022), grain: "month" })
  })

  it("in memory equals SQLite for every KPI on the generated data (by committee, a half-year range)", () => {
    expect(expectSqlEqualsMemory(pillar, data)).toBeGreaterThanOrEqual(kpis.length * 3)
  })
})
