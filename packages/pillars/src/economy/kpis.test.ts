import { Kpi } from "@govplan/kpi"
import { Civil, Period, Plan, ReferencePlan } from "@govplan/model"
import { Schema } from "effect"
import * as Scorecard from "../Scorecard.js"
import { describe, expect, it } from "vitest"
import { generatePillar, memoryAndSql } from "../internal/testkit.testing.js"
import * as Economy from "./index.js"

const kpi = (id: string) => {
  const d = Economy.kpis.find((k) => k.id === id)
  if (d === undefined) throw new Error(`no KPI ${id}`)
  return d
}
const year = Period.year(2022)
const one = async (id: string, rows: ReadonlyArray<Record<string, unknown>>, period: Period.Period = year) => {
  const [r] = await Kpi.evaluatePromise(kpi(id), rows, { period })
  return r!
}
const q = (creditCode: string, quarterStart: string, tier: string, visits: number): Economy.EnterpriseQuarter => ({
  creditCode,
  name: creditCode,
  quarterStart,
  taxTrailing: 0,
  tier,
  visits
})

// E1 key in Q1 (3 visits) and Q2 (2); E2 quality in Q1 (1) then general in Q2 (0: it changed tier);
// E3 quality in Q1 (0) and Q2 (2).
const ledger = [
  q("E1", "2022-01-01", "重点企业", 3),
  q("E1", "2022-04-01", "重点企业", 2),
  q("E2", "2022-01-01", "优质企业", 1),
  q("E2", "2022-04-01", "一般企业", 0),
  q("E3", "2022-01-01", "优质企业", 0),
  q("E3", "2022-04-01", "优质企业", 2)
]

describe("economy: tiers by tax", () => {
  it("key ≥ 5,000,000 CNY, quality ≥ 600,000 CNY; thresholds configurable", () => {
    expect(Economy.tierOf(5_000_000)).toBe("重点企业")
    expect(Economy.tierOf(4_999_999)).toBe("优质企业")
    expect(Economy.tierOf(600_000)).toBe("优质企业")
    expect(Economy.tierOf(599_999.99)).toBe("一般企业")
    const other = { ...Economy.defaultConfig, thresholds: { key: 10_000_000, quality: 1_000_000 } }
    expect(Economy.tierOf(5_000_000, other)).toBe("优质企业")
  })
})

describe("economy: visits per enterprise per quarter by tier, and coverage", () => {
  it("key + quality: 8 visits / 5 enterprise-quarters = 1.6; the general quarter of E2 is left out", async () => {
    const r = await one("economy.visits.frequency", ledger)
    expect([r.numerator, r.denominator, r.value]).toEqual([8, 5, 1.6])
  })

  it("by tier: key (3 + 2) / 2 = 2.5, quality (1 + 0 + 2) / 3 = 1", async () => {
    expect((await one("economy.visits.key-frequency", ledger)).value).toBe(2.5)
    expect((await one("economy.visits.quality-frequency", ledger)).value).toBe(1)
  })

  it("per quarter: Q1 (3 + 1 + 0) / 3, Q2 (2 + 2) / 2", async () => {
    const rs = await Kpi.evaluatePromise(kpi("economy.visits.frequency"), ledger, { period: year, grain: "quarter" })
    expect(rs.map((r) => [r.period, r.numerator, r.denominator])).toEqual([
      ["2022-Q1", 4, 3],
      ["2022-Q2", 4, 2],
      ["2022-Q3", 0, 0],
      ["2022-Q4", 0, 0]
    ])
    expect(rs[2]!.value).toBeNull()
  })

  it("coverage: visited at least once 4/5; key 2/2; quality 2/3", async () => {
    const c = await one("economy.visits.coverage", ledger)
    expect([c.numerator, c.denominator]).toEqual([4, 5])
    expect((await one("economy.visits.key-coverage", ledger)).value).toBe(1)
    const qc = await one("economy.visits.quality-coverage", ledger)
    expect([qc.numerator, qc.denominator]).toEqual([2, 3])
  })

  it("tier counts are enterprise-quarters: key 2, quality 3 (per quarter: the count that quarter)", async () => {
    expect((await one("economy.tiers.key-enterprises", ledger)).value).toBe(2)
    expect((await one("economy.tiers.quality-enterprises", ledger)).value).toBe(3)
    expect((await one("economy.tiers.quality-enterprises", ledger, Period.quarter(2022, 2))).value).toBe(1)
  })
})

describe("economy: the plan's 500万 / 60万 thresholds", () => {
  // the same enterprise-quarters with their trailing tax: E1 8,000,000; E2 700,000 then 100,000; E3 650,000 then 900,000
  const taxed = ledger.map((r, i) => ({ ...r, taxTrailing: [8_000_000, 8_000_000, 700_000, 100_000, 650_000, 900_000][i]! }))
  const planWith = (parameters: Record<string, number> | undefined) => {
    const data = Schema.encodeSync(Plan.WorkPlan)(ReferencePlan.changshouRoad2022) as any
    for (const p of data.pillars) for (const s of p.sections) for (const i of s.indicators) {
      if (i.id !== "economy.enterprise-visits.frequency") continue
      if (parameters === undefined) delete i.parameters
      else i.parameters = parameters
    }
    return Schema.decodeUnknownSync(Plan.WorkPlan)(data)
  }
  const frequency = async (plan: Plan.WorkPlan) => {
    const lines = await Scorecard.computePromise({ plan, records: { enterprise_quarter: taxed }, period: year, pillars: [Economy.pillar] })
    const l = lines.find((x) => x.indicator.id === "economy.enterprise-visits.frequency")!
    return [l.observation.numerator, l.observation.denominator]
  }

  it("the plan carries them as parameters of the visit indicator, and the KPI reads them", async () => {
    const visits = Plan.indicators(ReferencePlan.changshouRoad2022).find((l) => l.indicator.id === "economy.enterprise-visits.frequency")!.indicator
    expect(visits.parameters).toEqual({ keyTaxThreshold: 5_000_000, qualityTaxThreshold: 600_000 })
    expect(await frequency(planWith(visits.parameters))).toEqual([8, 5]) // as by the ledger's tiers
    // a plan that sets 优质 at 80万: the first quarters of E2 (70万, 1 visit) and E3 (65万, 0) drop out: 7 / 3
    expect(await frequency(planWith({ keyTaxThreshold: 5_000_000, qualityTaxThreshold: 800_000 }))).toEqual([7, 3])
    // 重点 only (both at 500万): E1's 5 visits over 2 quarters
    expect(await frequency(planWith({ keyTaxThreshold: 5_000_000, qualityTaxThreshold: 5_000_000 }))).toEqual([5, 2])
    // without parameters: the pillar's own KPI, by the ledger's 企业分类
    expect(await frequency(planWith(undefined))).toEqual([8, 5])
  })
})

describe("economy: conversions, salons, live-stream room", () => {
  const register: ReadonlyArray<Economy.Enterprise> = [
    { creditCode: "X1", name: "X1", committee: "梅芳里", industry: "信息技术", staff: 10, registeredOn: "2019-05-01", landedStatus: "未落地", convertedOn: "2022-03-10" },
    { creditCode: "X2", name: "X2", committee: "梅芳里", industry: "信息技术", staff: 3, registeredOn: "2020-01-01", landedStatus: "未落地", convertedOn: null },
    { creditCode: "X3", name: "X3", committee: "梅芳里", industry: "信息技术", staff: 40, registeredOn: "2015-01-01", landedStatus: "已落地", convertedOn: null },
    { creditCode: "X4", name: "X4", committee: "梅芳里", industry: "信息技术", staff: 5, registeredOn: "2022-02-01", landedStatus: "未落地", convertedOn: "2022-08-01" }
  ]

  it("未落地企业 converted in 2022: 2; cumulative conversion rate 2/3", async () => {
    expect((await one("economy.conversion.converted", register)).value).toBe(2)
    const r = await one("economy.conversion.rate", register, Period.range(Civil.unsafeDate("2000-01-01"), Civil.unsafeDate("2023-01-01")))
    expect([r.numerator, r.denominator]).toEqual([2, 3])
  })

  it("salons 3 of 4 events", async () => {
    const ev = (id: string, kind: string): Economy.EnterpriseEvent => ({ eventId: id, kind, title: id, heldOn: "2022-06-20", enterprises: 10, attendees: 20 })
    const events = [ev("1", "苏河之冠品牌沙龙"), ev("2", "苏河之冠品牌沙龙"), ev("3", "政策直通车"), ev("4", "苏河之冠品牌沙龙")]
    expect((await one("economy.salons.held", events)).value).toBe(3)
    expect((await one("economy.events.held", events)).value).toBe(4)
  })

  it("bookings 4 not cancelled, 4.5 hours used, show rate 3/4, 2 enterprises served", async () => {
    const b = (id: string, code: string, slotDate: string, hours: number, status: string): Economy.LivestreamBooking => ({
      bookingId: id,
      creditCode: code,
      name: code,
      bookedAt: "2022-03-01 10:00:00",
      slotDate,
      hours,
      status
    })
    const rows = [
      b("1", "C1", "2022-03-05", 2, "已使用"),
      b("2", "C1", "2022-03-09", 1.5, "已使用"),
      b("3", "C2", "2022-03-10", 2, "已取消"),
      b("4", "C3", "2022-06-10", 3, "爽约"),
      b("5", "C2", "2022-07-01", 1, "已使用")
    ]
    expect((await one("economy.livestream.bookings", rows)).value).toBe(4)
    expect((await one("economy.livestream.hours", rows)).value).toBe(4.5)
    const show = await one("economy.livestream.show-rate", rows)
    expect([show.numerator, show.denominator]).toEqual([3, 4])
    expect((await one("economy.livestream.beneficiaries", rows)).value).toBe(2)
  })
})

describe("economy: generated seed data", () => {
  it("hundreds of enterprises, some changing tier, visit log consistent with the ledger; in memory equals SQLite", async () => {
    const { database, manifest } = await generatePillar(Economy.pillar)
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.record, t.rows]))
    expect(rows.enterprise).toBeGreaterThanOrEqual(300)
    const { Generator } = await import("../index.js")
    const seed = await Generator.openDatabase(database)
    try {
      const ledgerRows = [...seed.records.enterprise_quarter!] as Array<Economy.EnterpriseQuarter>
      const tiers = new Map<string, Set<string>>()
      for (const r of ledgerRows) tiers.set(r.creditCode, (tiers.get(r.creditCode) ?? new Set()).add(r.tier))
      expect([...tiers.values()].filter((s) => s.size > 1).length).toBeGreaterThan(10)
      const visits = [...seed.records.enterprise_visit!] as Array<Economy.EnterpriseVisit>
      expect(visits.length).toBe(ledgerRows.reduce((n, r) => n + r.visits, 0))
      for (const r of ledgerRows) expect(r.tier).toBe(Economy.tierOf(r.taxTrailing))
      // the ledgers are kept across years: 2021 (the baseline year of 增加走访频次) and 2022, the same
      // enterprises in every quarter of both, and the visit log agrees with the ledger quarter by quarter
      const quartersOf = (y: string) => ledgerRows.filter((r) => r.quarterStart.startsWith(y))
      expect(new Set(ledgerRows.map((r) => r.quarterStart.slice(0, 4)))).toEqual(new Set(["2021", "2022"]))
      expect(quartersOf("2021").length).toBe(quartersOf("2022").length)
      expect(new Set(quartersOf("2021").map((r) => r.creditCode))).toEqual(new Set(quartersOf("2022").map((r) => r.creditCode)))
      const quarterOf = (day: string) => `${day.slice(0, 5)}${["01", "01", "01", "04", "04", "04", "07", "07", "07", "10", "10", "10"][Number(day.slice(5, 7)) - 1]}-01`
      const logged = new Map<string, number>()
      for (const v of visits) logged.set(`${v.creditCode}/${quarterOf(v.visitedOn)}`, (logged.get(`${v.creditCode}/${quarterOf(v.visitedOn)}`) ?? 0) + 1)
      for (const r of ledgerRows) expect(logged.get(`${r.creditCode}/${r.quarterStart}`) ?? 0, `${r.creditCode} ${r.quarterStart}`).toBe(r.visits)
      // the live-stream room opened on 2021-05-01: bookings of 2021 from then on, fewer than in 2022
      const bookings = [...seed.records.livestream_booking!] as Array<Economy.LivestreamBooking>
      const of2021 = bookings.filter((b) => b.slotDate < "2022-01-01")
      expect(of2021.length).toBeGreaterThan(0)
      expect(of2021.every((b) => b.slotDate >= "2021-05-01")).toBe(true)
      expect(of2021.length).toBeLessThan(bookings.length - of2021.length)
    } finally {
      seed.close()
    }
    for (const grain of ["quarter", "year"] as const) {
      for (const r of await memoryAndSql(Economy.pillar, database, { period: year, grain })) expect(r.sql, r.kpiId).toEqual(r.memory)
    }
    for (const r of await memoryAndSql(Economy.pillar, database, { period: year, grain: "month" })) expect(r.sql, r.kpiId).toEqual(r.memory)
    for (const r of await memoryAndSql(Economy.pillar, database, { period: Period.year(2021), grain: "quarter" })) expect(r.sql, r.kpiId).toEqual(r.memory)
  })
})
