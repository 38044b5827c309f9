import { Kpi } from "@govplan/kpi"
import { Civil, Period, Plan, ReferencePlan } from "@govplan/model"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as Scorecard from "../Scorecard.js"
import { generatePillar, memoryAndSql } from "../internal/testkit.testing.js"
import * as Party from "./index.js"

const indicatorOf = (plan: Plan.WorkPlan) => Plan.indicators(plan).find((l) => l.indicator.id === "party.union.enterprise-coverage")!.indicator

const kpi = (id: string) => {
  const d = Party.kpis.find((k) => k.id === id)
  if (d === undefined) throw new Error(`no KPI ${id}`)
  return d
}
const year = Period.year(2022)
const one = async (id: string, rows: ReadonlyArray<Record<string, unknown>>, period: Period.Period = year) => {
  const [r] = await Kpi.evaluatePromise(kpi(id), rows, { period })
  return r!
}

describe("party: 四史学习 participation", () => {
  const s = (memberId: string, month: string, sessions: number): Party.StudyMonth => ({ memberId, branch: "梅芳里居民区党总支", committee: "梅芳里", month, sessions })
  const rows = [s("M1", "2022-01-01", 1), s("M1", "2022-02-01", 0), s("M2", "2022-01-01", 0), s("M2", "2022-02-01", 0), s("M3", "2022-02-01", 2)]

  it("members who attended at least once / members on the roll: 2/3; 3 attendances", async () => {
    const r = await one("party.study.participation-rate", rows)
    expect([r.numerator, r.denominator]).toEqual([2, 3])
    expect((await one("party.study.sessions", rows)).value).toBe(3)
  })

  it("per month: January 1/2, February 1/3", async () => {
    const rs = await Kpi.evaluatePromise(kpi("party.study.participation-rate"), rows, { period: Period.range(Civil.unsafeDate("2022-01-01"), Civil.unsafeDate("2022-03-01")), grain: "month" })
    expect(rs.map((r) => [r.period, r.numerator, r.denominator])).toEqual([
      ["2022-01", 1, 2],
      ["2022-02", 1, 3]
    ])
  })
})

describe("party: 廉政月月讲", () => {
  const t = (committee: string, month: string, sessions: number): Party.IntegrityTalkMonth => ({
    committee,
    month,
    sessions,
    attendees: sessions > 0 ? 20 : null,
    topic: sessions > 0 ? "以案说纪" : null
  })
  const rows = [t("梅芳里", "2022-01-01", 1), t("梅芳里", "2022-02-01", 2), t("大洋里", "2022-01-01", 0), t("大洋里", "2022-02-01", 1)]

  it("committee-months with a session 3/4; sessions per committee per month 4/4 = 1", async () => {
    const c = await one("party.integrity.monthly-talks-coverage", rows)
    expect([c.numerator, c.denominator]).toEqual([3, 4])
    const p = await one("party.integrity.sessions-per-committee-month", rows)
    expect([p.numerator, p.denominator, p.value]).toEqual([4, 4, 1])
  })
})

describe("party: unions in enterprises with 25+ staff, 两病 screening", () => {
  const u = (code: string, staff: number, registeredOn: string, unionFoundedOn: string | null): Party.EnterpriseUnion => ({ creditCode: code, name: code, staff, registeredOn, unionFoundedOn })
  const unions = [u("U1", 30, "2010-01-01", "2015-06-01"), u("U2", 25, "2018-01-01", "2022-05-01"), u("U3", 24, "2012-01-01", "2022-03-01"), u("U4", 100, "2020-01-01", null)]
  const w = (id: string, screenedOn: string | null): Party.Screening => ({ residentId: id, committee: "梅芳里", age: 50, listedOn: "2022-01-01", screenedOn, result: screenedOn === null ? null : "未见异常" })
  const screening = [w("W1", "2022-03-02"), w("W2", "2022-06-30"), w("W3", "2022-07-15"), w("W4", null)]

  it("coverage to date 2/3 (U3 has under 25 staff); 1 union formed in 2022", async () => {
    const r = await one("party.union.enterprise-coverage", unions, Period.range(Civil.unsafeDate("1900-01-01"), Civil.unsafeDate("2023-01-01")))
    expect([r.numerator, r.denominator]).toEqual([2, 3])
    expect((await one("party.union.formed", unions)).value).toBe(1)
  })

  it("threshold configurable: at 20 staff U3 counts too (3/4)", async () => {
    const def = Party.makeKpis({ unionStaffThreshold: 20 }).find((k) => k.id === "party.union.enterprise-coverage")!
    const [r] = await Kpi.evaluatePromise(def, unions, { period: Period.range(Civil.unsafeDate("1900-01-01"), Civil.unsafeDate("2023-01-01")) })
    expect([r!.numerator, r!.denominator]).toEqual([3, 4])
  })

  it("the 25 is the plan's parameter (staffThreshold): a plan that says 20 counts U3 too (3/4), one without it uses the pillar's 25", async () => {
    const withStaff = (staff: number | undefined) => {
      const data = Schema.encodeSync(Plan.WorkPlan)(ReferencePlan.changshouRoad2022) as any
      for (const p of data.pillars) for (const s of p.sections) for (const i of s.indicators) {
        if (i.id !== "party.union.enterprise-coverage") continue
        if (staff === undefined) delete i.parameters
        else i.parameters = { staffThreshold: staff }
      }
      return Schema.decodeUnknownSync(Plan.WorkPlan)(data)
    }
    const coverage = async (plan: Plan.WorkPlan) => {
      const lines = await Scorecard.computePromise({ plan, records: { enterprise_union: unions }, period: year, pillars: [Party.pillar] })
      const l = lines.find((x) => x.indicator.id === "party.union.enterprise-coverage")!
      return [l.observation.numerator, l.observation.denominator]
    }
    expect(indicatorOf(ReferencePlan.changshouRoad2022).parameters).toEqual({ staffThreshold: 25 })
    expect(await coverage(withStaff(20))).toEqual([3, 4])
    expect(await coverage(withStaff(25))).toEqual([2, 3])
    expect(await coverage(withStaff(undefined))).toEqual([2, 3])
  })

  it("两病 screening: 3/4 in the year", async () => {
    const r = await one("party.screening.coverage", screening)
    expect([r.numerator, r.denominator]).toEqual([3, 4])
  })

  it("the scorecard as of 2022-06-30 sees U2's union (founded 05-01) but not W3's screening", async () => {
    const lines = await Scorecard.computePromise({
      plan: ReferencePlan.changshouRoad2022,
      records: { enterprise_union: unions, integrity_talk_month: [] },
      period: year,
      asOf: "2022-04-30",
      pillars: [Party.pillar]
    })
    const union = lines.find((l) => l.indicator.id === "party.union.enterprise-coverage")!
    expect([union.observation.numerator, union.observation.denominator]).toEqual([1, 3])
    // scored against the share at the end of 2021 (U1 of U1, U2, U4: 1/3), computed from the same ledger:
    // on 2022-04-30 no higher yet (U2's union comes on 05-01), so at risk while the year runs
    expect(union.assessment.status).toBe("atRisk")
    expect(union.indicator.baseline?.value).toBeCloseTo(1 / 3, 12)
    const talks = lines.find((l) => l.indicator.id === "party.integrity.monthly-talks-coverage")!
    expect(talks.observation.value).toBeNull()
    expect(talks.assessment.status).toBe("noData")
    const [mid] = await Kpi.evaluatePromise(kpi("party.screening.coverage"), screening, { period: Period.range(Civil.unsafeDate("2022-01-01"), Civil.unsafeDate("2022-07-01")) })
    expect([mid!.numerator, mid!.denominator]).toEqual([2, 4])
  })
})

describe("party: “红色引擎换挡工程” three-year summary (milestone)", () => {
  const m = (milestone: string, plannedOn: string, achievedOn: string | null, projectId: string = Party.codes.redEngine.projectId): Party.PartyMilestone => ({
    projectId, project: "“红色引擎换挡工程”三年行动计划（2020—2022年）", milestone, plannedOn, achievedOn
  })
  const rows = [
    m("出台实施办法(1个办法)", "2020-06-30", "2020-06-19"),
    m("2022年度指数评定评议", "2022-12-31", "2022-12-16"),
    m("三年行动成果总结", "2022-12-31", "2022-12-27"),
    // another programme's node of the same name is not this plan's summary
    m("三年行动成果总结", "2022-06-30", "2022-06-20", "OTHER-2020")
  ]
  const to = (end: string) => Period.range(Civil.unsafeDate("1900-01-01"), Civil.unsafeDate(end))

  it("the date of this plan's 三年行动成果总结 only; no data before it is reached", async () => {
    expect((await one("party.red-engine.three-year-summary", rows, to("2023-01-01"))).text).toBe("2022-12-27")
    const mid = await one("party.red-engine.three-year-summary", rows, to("2022-07-01"))
    expect(mid.value).toBeNull()
    expect(mid.text).toBeUndefined()
  })

  it("scored against the plan's deadline 2022-12-31: achieved at the year end, on track but not done at mid-year, off track if never reached", async () => {
    const line = async (records: ReadonlyArray<Party.PartyMilestone>, asOf: string) =>
      (await Scorecard.computePromise({ plan: ReferencePlan.changshouRoad2022, records: { party_milestone: records }, period: year, asOf, pillars: [Party.pillar] })).find(
        (l) => l.indicator.id === "party.red-engine.three-year-summary"
      )!
    const end = await line(rows, "2022-12-31")
    expect(end.observation.achievedOn).toBe("2022-12-27")
    expect(end.assessment.status).toBe("achieved")
    const mid = await line(rows, "2022-06-30")
    const never = await line(rows.slice(0, 2), "2022-12-31")
    expect([mid.observation.value, mid.assessment.status]).toEqual([0, "onTrack"])
    expect([never.observation.value, never.assessment.status]).toEqual([0, "offTrack"])
  })
})

describe("party: generated seed data", () => {
  it("every committee has a 廉政月月讲 row per month, the plan year and the year before (for 同比); in memory equals SQLite", async () => {
    const { database, manifest } = await generatePillar(Party.pillar)
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.record, t.rows]))
    expect(rows.integrity_talk_month).toBe(30 * 12 * 2)
    expect(rows.study_month).toBeGreaterThan(12_000)
    expect(rows.party_milestone).toBe(6) // 1个办法, 4个细则, 4个指数, two 评定评议, the summary
    for (const grain of ["month", "year"] as const) {
      for (const r of await memoryAndSql(Party.pillar, database, { period: year, grain })) expect(r.sql, r.kpiId).toEqual(r.memory)
    }
    for (const r of await memoryAndSql(Party.pillar, database, { period: Period.range(Civil.unsafeDate("1900-01-01"), Civil.unsafeDate("2023-01-01")) })) {
      expect(r.sql, r.kpiId).toEqual(r.memory)
    }
  })
})
