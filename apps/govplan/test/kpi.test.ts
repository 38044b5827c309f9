import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { beforeAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs the real CLI, as a user would: `node apps/govplan/bin/govplan.js kpi …`. */
const govplan = (...args: Array<string>) => {
  const result = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", "kpi", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

interface Line {
  indicatorId: string
  name: string
  pillar: { number: number; key: string; name: string }
  value: number | null
  numerator: number | null
  denominator: number | null
  pooled: number | null
  unit: string
  achievedOn: string | null
  target: string
  status: string
  reason: string
  parts?: Array<{ period: string; value: number | null; numerator?: number; denominator?: number }>
}

const data = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-kpi-"))
let year: Array<Line>
let firstRun: ReturnType<typeof govplan>

beforeAll(() => {
  // an empty data directory: the command generates the seed data first and says so on stderr
  firstRun = govplan("--year", "2022", "--data", data, "--json")
  year = JSON.parse(firstRun.stdout) as Array<Line>
})

const count = (sql: string): number => {
  const db = new Database(path.join(data, "govplan.sqlite"), { readonly: true })
  try {
    return (db.prepare(sql).get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe("govplan kpi", () => {
  it("generates missing seed data first, saying so on stderr, and prints JSON for every indicator", () => {
    expect(firstRun.status).toBe(0)
    expect(firstRun.stderr).toContain("no seed data")
    expect(firstRun.stderr).toContain("generated")
    expect(fs.existsSync(path.join(data, "govplan.sqlite"))).toBe(true)
    expect(year).toHaveLength(46)
    expect(new Set(year.map((l) => l.pillar.key))).toEqual(new Set(["party", "economy", "urban", "governance", "livelihood", "culture", "safety"]))
    for (const l of year) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(["indicatorId", "name", "pillar", "value", "numerator", "denominator", "target", "status", "reason"]))
      expect(l.reason.length).toBeGreaterThan(0)
    }
    // a second run reuses the data and says nothing on stderr
    const again = govplan("--year", "2022", "--data", data, "--json")
    expect(again.stderr).toBe("")
    expect(JSON.parse(again.stdout)).toEqual(year)
  })

  it("the pooled rates equal counts taken straight from the database with SQL written by hand", () => {
    const line = (id: string) => year.find((l) => l.indicatorId === id)!
    const waste = line("urban.waste.daily-clearance-rate")
    expect(waste.numerator).toBe(count("SELECT count(*) AS n FROM waste_clearance WHERE clearedSameDay = '是' AND day >= '2022-01-01'"))
    expect(waste.denominator).toBe(30 * 2 * 365)
    expect(waste.status).toBe(waste.value === 1 ? "achieved" : "offTrack")
    const talks = line("party.integrity.monthly-talks-coverage")
    expect([talks.numerator, talks.denominator]).toEqual([count("SELECT count(*) AS n FROM integrity_talk_month WHERE sessions >= 1 AND month >= '2022-01-01'"), 360])
    // 按时结案率, 每月平均: the pooled rate beside it is Σ on-time / Σ due over the year's months
    const onTime = line("urban.hotline.on-time-closure-rate")
    expect(onTime.numerator).toBe(count("SELECT count(*) AS n FROM hotline_order WHERE dueAt >= '2022' AND dueAt < '2023' AND closedAt <= dueAt"))
    expect(onTime.denominator).toBe(count("SELECT count(*) AS n FROM hotline_order WHERE dueAt >= '2022' AND dueAt < '2023'"))
    expect(onTime.pooled).toBeCloseTo(onTime.numerator! / onTime.denominator!, 12)
    // and the value is the mean of the twelve monthly rates
    const months = onTime.parts!.filter((p) => p.value !== null)
    expect(months).toHaveLength(12)
    expect(onTime.value).toBeCloseTo(months.reduce((s, p) => s + p.value!, 0) / 12, 12)
    const jan = months[0]!
    expect(jan.denominator).toBe(count("SELECT count(*) AS n FROM hotline_order WHERE substr(dueAt, 1, 7) = '2022-01'"))
  })

  it("milestones carry the date reached; unbound and qualitative indicators say why they have no score", () => {
    const line = (id: string) => year.find((l) => l.indicatorId === id)!
    const heli = line("urban.construction.heli-fang-4.completion-certificate")
    expect(heli.achievedOn).toBe(count("SELECT achievedOn AS n FROM project_milestone WHERE projectId = 'HLF-4' AND milestone = '取得竣工验收合格证书'"))
    expect(heli.status).toBe("offTrack") // reached in April, due by 2022-03-31
    const unbound = line("governance.owners-committees.formed-or-renewed")
    if (unbound.value === null) expect(unbound.status).toBe("noData")
    const qualitative = year.filter((l) => l.status === "notAssessed")
    expect(qualitative.length).toBeGreaterThan(0)
    for (const l of qualitative) expect(l.reason).toContain("定性")
  })

  it("judges the eight better-than-before indicators against baselines computed from the records", () => {
    const line = (id: string) => year.find((l) => l.indicatorId === id)!
    const relative = [
      "party.union.enterprise-coverage",
      "economy.enterprise-visits.frequency",
      "economy.enterprise-services.beneficiaries",
      "urban.hotline.actual-resolution-rate",
      "urban.hotline.satisfaction-rate",
      "urban.surveillance.usage-rate",
      "livelihood.time-bank.pilots",
      "culture.science.participation-rate"
    ]
    for (const id of relative) {
      const l = line(id)
      expect(l.status, `${id}: ${l.reason}`).not.toBe("noData")
      expect(["achieved", "offTrack"], id).toContain(l.status)
      expect(l.reason, id).toMatch(/基线：.+（由.+计算）/)
    }
    // the 2021 baselines equal what hand-written SQL gives on the database
    const frequency2021 = count(
      "SELECT CAST(sum(visits) AS REAL) / count(*) AS n FROM enterprise_quarter WHERE tier IN ('重点企业', '优质企业') AND quarterStart >= '2021-01-01' AND quarterStart < '2022-01-01'"
    )
    expect(line("economy.enterprise-visits.frequency").reason).toContain(`基线：2021年 ${Number(frequency2021.toFixed(2))} 次/家·季度（由企业分层走访季度台账计算）`)
    // 25人以上企业建会率 against the end of 2021 (the plan's staffThreshold 25)
    const unions2021 = count(
      "SELECT CAST(sum(unionFoundedOn IS NOT NULL AND unionFoundedOn < '2022-01-01') AS REAL) / count(*) AS n FROM enterprise_union WHERE staff >= 25 AND registeredOn < '2022-01-01'"
    )
    expect(line("party.union.enterprise-coverage").reason).toContain(`基线：2021年 ${Number((unions2021 * 100).toFixed(2))}%（由`)
    const pilots2021 = count("SELECT count(DISTINCT committee) AS n FROM time_bank_pilot WHERE joinedOn < '2022-01-01' AND status <> '已退出'")
    expect(line("livelihood.time-bank.pilots").reason).toContain(`基线：2021年 ${pilots2021} 个（由时间银行试点台账计算）`)
    const beneficiaries2021 = count("SELECT count(DISTINCT creditCode) AS n FROM livestream_booking WHERE status = '已使用' AND slotDate < '2022-01-01'")
    expect(beneficiaries2021).toBeGreaterThan(0)
    expect(line("economy.enterprise-services.beneficiaries").reason).toContain(`基线：2021年 ${beneficiaries2021} 家`)
    // this year's level before the plan (January–May 2022), and the monthly trend reported beside it
    expect(line("urban.hotline.satisfaction-rate").reason).toContain("基线：2022年1月1日至2022年5月31日")
    expect(line("urban.hotline.satisfaction-rate").reason).toContain("月度走势（2022-06至2022-12，7个月）")
    expect(line("urban.surveillance.usage-rate").reason).toContain("基线：2022年1月")
  })

  it("--baselines supplies baselines that override those computed from the records; a bad value exits 3, an unknown indicator 2", () => {
    const file = path.join(data, "baselines.json")
    const frequency = year.find((l) => l.indicatorId === "economy.enterprise-visits.frequency")!
    // a supplied baseline just below this year's value: achieved, whatever 2021's ledger says
    fs.writeFileSync(file, JSON.stringify({ "economy.enterprise-visits.frequency": frequency.value! - 0.01 }))
    const r = govplan("--year", "2022", "--data", data, "--json", "--baselines", file)
    expect(r.status).toBe(0)
    const line = (JSON.parse(r.stdout) as Array<Line>).find((l) => l.indicatorId === "economy.enterprise-visits.frequency")!
    expect(line.status).toBe("achieved")
    expect(line.reason).toContain(`基线：2021年 ${Number((frequency.value! - 0.01).toFixed(2))} 次/家·季度（调用方提供）`)
    fs.writeFileSync(file, JSON.stringify({ "economy.enterprise-visits.frequency": "1.5" }))
    expect(govplan("--data", data, "--baselines", file).status).toBe(3)
    fs.writeFileSync(file, JSON.stringify({ "economy.no-such-indicator": 1 }))
    const unknown = govplan("--data", data, "--baselines", file)
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain("economy.no-such-indicator")
  })

  it("--as-of 2022-06-30 counts only what had happened by mid-year", () => {
    const r = govplan("--year", "2022", "--as-of", "2022-06-30", "--data", data, "--json")
    expect(r.status).toBe(0)
    const mid = JSON.parse(r.stdout) as Array<Line>
    const line = (id: string) => mid.find((l) => l.indicatorId === id)!
    // 2022-01-01 .. 2022-06-30 is 181 days
    expect(line("urban.waste.daily-clearance-rate").denominator).toBe(30 * 2 * 181)
    expect(line("urban.waste.daily-clearance-rate").numerator).toBe(count("SELECT count(*) AS n FROM waste_clearance WHERE clearedSameDay = '是' AND day >= '2022-01-01' AND day <= '2022-06-30'"))
    const tianan = line("urban.construction.tianan-qianshu-east")
    expect(tianan.achievedOn).toBeNull()
    expect(tianan.status).toBe("onTrack")
    expect(line("urban.hotline.first-contact-rate").parts!.filter((p) => p.value !== null)).toHaveLength(6)
    // a rate is never "achieved" while its year is still running: at best on track
    const achievedRates = mid.filter((l) => l.unit === "%" && l.status === "achieved")
    expect(achievedRates.map((l) => l.indicatorId)).toEqual([])
  })

  it("prints a readable table grouped by pillar", () => {
    const r = govplan("--year", "2022", "--data", data)
    expect(r.status).toBe(0)
    for (const heading of ["一、党建", "二、", "三、城区", "七、"]) expect(r.stdout).toContain(heading)
    expect(r.stdout).toContain("先行联系率")
    expect(r.stdout).toMatch(/先行联系率\s+\d+(\.\d+)?% 月均; 全年合计 \d+(\.\d+)?%/)
    expect(r.stdout).toContain("46 indicators")
  })

  it("rejects bad options with exit code 2", () => {
    expect(govplan("--as-of", "2022-02-30").status).toBe(2)
    expect(govplan("--year", "22").status).toBe(2)
    const r = govplan("--as-of", "2021-06-30", "--data", data)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("not in 2022")
  })
})
