import { Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import { describe, expect, it } from "vitest"
import { bindingProblems, expectGeneratedSqlEqualsMemory, expectSqlEqualsMemory, firstInvalid, generated, kpi, one } from "../internal/testkit.testing.js"
import { kpis, pillar } from "./index.js"
import type * as R from "./records.js"

const election = (o: Partial<R.OwnersCommitteeElection>): R.OwnersCommitteeElection => ({
  electionId: "E", estate: "某小区", committee: "梅芳里", kind: "换届", inPlan: "是", startedOn: "2022-01-10",
  electedOn: null, result: null, filedOn: null, ...o
})

// E1 planned, filed 2022 · E2/E3 上青佳园: quorum failed, then elected and filed · E4 elected in 2022,
// filed in 2023 · E5 unplanned, filed · E6 postponed · E7 elected in 2021, filed in January 2022
const elections = [
  election({ electionId: "E1", estate: "燕宁苑", electedOn: "2022-05-10", result: "当选", filedOn: "2022-06-01" }),
  election({ electionId: "E2", estate: "上青佳园", kind: "组建", electedOn: "2022-06-20", result: "未达法定人数" }),
  election({ electionId: "E3", estate: "上青佳园", kind: "组建", electedOn: "2022-09-10", result: "当选", filedOn: "2022-09-30" }),
  election({ electionId: "E4", estate: "梅芳苑", electedOn: "2022-12-20", result: "当选", filedOn: "2023-01-03" }),
  election({ electionId: "E5", estate: "澳门路小区", inPlan: "否", electedOn: "2022-08-01", result: "当选", filedOn: "2022-08-15" }),
  election({ electionId: "E6", estate: "宜昌小区" }),
  election({ electionId: "E7", estate: "武宁小区", startedOn: "2021-08-01", electedOn: "2021-12-01", result: "当选", filedOn: "2022-01-05" })
]

const project = (o: Partial<R.SelfGovernanceProject>): R.SelfGovernanceProject => ({
  projectId: "P", committee: "A", title: "t", category: "环境整治", appliedOn: "2022-03-01", review: "待评审",
  reviewedOn: null, approvedOn: null, budget: null, completedOn: null, ...o
})

const projects = [
  project({ projectId: "P1", committee: "A", appliedOn: "2022-03-01", review: "立项", reviewedOn: "2022-04-10", approvedOn: "2022-04-10", budget: 8000, completedOn: "2022-10-01" }),
  project({ projectId: "P2", committee: "A", appliedOn: "2022-03-05", review: "未立项", reviewedOn: "2022-04-01" }),
  project({ projectId: "P3", committee: "B", appliedOn: "2022-09-01", review: "立项", reviewedOn: "2022-10-15", approvedOn: "2022-10-15", budget: 12000 }),
  project({ projectId: "P4", committee: "C", appliedOn: "2022-11-20", review: "待评审" }),
  project({ projectId: "P5", committee: "B", appliedOn: "2021-10-10", review: "立项", reviewedOn: "2022-01-05", approvedOn: "2022-01-05", budget: 5000, completedOn: "2022-06-30" }),
  project({ projectId: "P6", committee: "D", appliedOn: "2022-10-01", review: "立项", reviewedOn: "2023-01-03", approvedOn: "2023-01-03", budget: 9000 })
]

const worker = (o: Partial<R.SocialWorker>): R.SocialWorker => ({
  snapshotOn: "2022-03-31", workerId: "W", committee: "A", post: "社工", status: "在岗", hiredOn: "2015-01-01",
  certificate: "无", trainingHours: 0, ...o
})

const roster = [
  worker({ workerId: "W1", certificate: "社会工作师", trainingHours: 10 }),
  worker({ workerId: "W2", certificate: "无", trainingHours: 6 }),
  worker({ workerId: "W3", certificate: null, trainingHours: 8 }),
  worker({ workerId: "W4", status: "离职", certificate: "助理社会工作师", trainingHours: 2 }),
  worker({ workerId: "W5", status: "借调", certificate: "高级社会工作师", trainingHours: 4 }),
  worker({ snapshotOn: "2022-12-31", workerId: "W1", certificate: "社会工作师", trainingHours: 12 }),
  worker({ snapshotOn: "2022-12-31", workerId: "W2", certificate: "助理社会工作师", trainingHours: 9 }),
  worker({ snapshotOn: "2022-12-31", workerId: "W3", certificate: "无", trainingHours: 7 })
]

const venture = (o: Partial<R.VentureProject>): R.VentureProject => ({
  projectId: "V", edition: 4, title: "t", organisation: "o", field: "为老服务", appliedOn: "2022-07-05", review: "未资助",
  fundedOn: null, grant: null, completedOn: null, ...o
})

const ventures = [
  venture({ projectId: "V1", review: "资助", fundedOn: "2022-09-29", grant: 50000 }),
  venture({ projectId: "V2", appliedOn: "2022-07-20" }),
  venture({ projectId: "V3", appliedOn: "2022-08-01", review: "资助", fundedOn: "2022-09-29", grant: 30000 }),
  venture({ projectId: "V4", appliedOn: "2022-08-02", review: "撤回" }),
  venture({ projectId: "V5", edition: 3, appliedOn: "2021-06-01", review: "资助", fundedOn: "2021-09-24", grant: 40000, completedOn: "2022-08-31" }),
  venture({ projectId: "V6", edition: 3, appliedOn: "2021-06-02", review: "资助", fundedOn: "2021-09-24", grant: 20000, completedOn: "2023-02-01" })
]

const k = (id: string) => kpi(kpis, `governance.${id}`)

describe("governance KPIs on hand-computed fixtures", () => {
  it("业委会: planned committees filed in 2022 (E1, E3, E7), not the 2023 filing or the failed quorum", async () => {
    expect((await one(k("owners-committees.formed-or-renewed"), elections)).value).toBe(3)
    expect((await one(k("owners-committees.all-formed-or-renewed"), elections)).value).toBe(4)
    expect((await one(k("owners-committees.named-estates"), elections)).value).toBe(2)
  })

  it("业委会: monthly counts sum to the year (sum aggregation by month)", async () => {
    const monthly = await Kpi.evaluatePromise([k("owners-committees.formed-or-renewed")], elections, { period: Period.year(2022), grain: "month" })
    expect(monthly.filter((r) => r.value !== 0).map((r) => [r.period, r.value])).toEqual([["2022-01", 1], ["2022-06", 1], ["2022-09", 1]])
  })

  it("业主大会选举成功率: 4 elected of 5 meetings held in 2022", async () => {
    const r = await one(k("owners-committees.election-success-rate"), elections)
    expect([r.numerator, r.denominator, r.value]).toEqual([4, 5, 0.8])
  })

  it("自治项目: applied 5, approved 3 (by approval date), completed 2, approval rate 3 of the 4 reviewed in 2022, 2 committees", async () => {
    expect((await one(k("self-governance.applied"), projects)).value).toBe(5)
    expect((await one(k("self-governance.approved"), projects)).value).toBe(3)
    expect((await one(k("self-governance.completed"), projects)).value).toBe(2)
    const rate = await one(k("self-governance.approval-rate"), projects)
    expect([rate.numerator, rate.denominator, rate.value]).toEqual([3, 4, 0.75])
    expect((await one(k("self-governance.committees-with-project"), projects)).value).toBe(2)
  })

  it("社工持证率: on-duty lines only, a blank certificate is none: 3/6 for the year, 1/3 in Q1, 2/3 in Q4", async () => {
    const year = await one(k("social-workers.certified-share"), roster)
    expect([year.numerator, year.denominator, year.value]).toEqual([3, 6, 0.5])
    const quarters = await Kpi.evaluatePromise([k("social-workers.certified-share")], roster, { period: Period.year(2022), grain: "quarter" })
    expect(quarters.map((q) => q.value)).toEqual([1 / 3, null, null, 2 / 3])
    expect(quarters[1]!.noDataReason).toBeDefined()
  })

  it("社工人均培训学时: (10+6+8+12+9+7) / 6 on-duty lines", async () => {
    expect((await one(k("social-workers.training-hours"), roster)).value).toBeCloseTo(52 / 6, 12)
  })

  it("公益创投: 4 applications and 2 funded of the 4th edition, 80,000 CNY, 1 project completed in 2022", async () => {
    expect((await one(k("venture.applications"), ventures)).value).toBe(4)
    expect((await one(k("venture.funded"), ventures)).value).toBe(2)
    expect((await one(k("venture.grant-total"), ventures)).value).toBe(80000)
    expect((await one(k("venture.completed"), ventures)).value).toBe(1)
  })

  it("no data is not zero: an empty year gives null with a reason for the rates", async () => {
    const r = await one(k("self-governance.approval-rate"), [])
    expect(r.value).toBeNull()
    expect(r.noDataReason).toBeDefined()
  })
})

describe("governance pillar", () => {
  const data = generated(pillar)

  it("binds to indicators of the plan, KPIs and records that exist", () => {
    expect(bindingProblems(pillar)).toEqual([])
    expect(pillar.bindings.map((b) => b.indicatorId)).toContain("governance.owners-committees.formed-or-renewed")
  })

  it("generates valid records at realistic volumes, the same on every run", () => {
    for (const r of pillar.records) expect(firstInvalid(r, data[r.name] ?? [])).toBeUndefined()
    expect(data.owners_committee_election!.length).toBeGreaterThanOrEqual(17)
    expect(data.social_worker!.length).toBeGreaterThan(800)
    expect(generated(pillar)).toEqual(data)
  })

  it("has the mess of real ledgers: a failed quorum, a postponed planned election, blank certificates, leavers", () => {
    expect(data.owners_committee_election!.some((r) => r.result === "未达法定人数")).toBe(true)
    expect(data.owners_committee_election!.some((r) => r.inPlan === "是" && r.filedOn === null && r.electedOn === null)).toBe(true)
    expect(data.social_worker!.some((r) => r.certificate === null)).toBe(true)
    expect(data.social_worker!.some((r) => r.status === "离职")).toBe(true)
  })

  it("in memory equals SQL on the SQLite database the generator wrote, by month", async () => {
    await expectGeneratedSqlEqualsMemory(pillar, { period: Period.year(2022), grain: "month" })
  })

  it("in memory equals SQLite for every KPI on the generated data (by committee, a half-year range)", () => {
    expect(expectSqlEqualsMemory(pillar, data)).toBeGreaterThanOrEqual(kpis.length * 3)
  })
})
