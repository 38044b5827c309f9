/**
 * The livelihood pillar's part of the seed data: the expropriation ledgers of the five parcels the
 * plan names (普陀一村's 2022 signing drive and four close-outs), employment assistance, social
 * assistance applications (online share rising through the year), daily elderly-meal reports (dine-in
 * stopping and delivery rising in the April–May 2022 lockdown) and the time bank.
 *
 * @since 0.1.0
 */
import type * as Generator from "../Generator.js"
import type { Prng } from "../Prng.js"
import type { Committee } from "../Reference.js"
import { addDays, at, daysOfYear } from "../internal/time.js"
import { MILESTONES } from "./kpis.js"
import * as R from "./records.js"

const between = (rng: Prng, from: string, to: string): string => {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return new Date(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10)
}
const inLockdown = (day: string): boolean => day >= "2022-04-01" && day < "2022-06-01"
const dayOfWeek = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay()

/**
 * The parcels: households, the day they were listed, how many had signed before 2022, how signing
 * goes in 2022 (`share` of the rest sign between `from` and `to`) and how many go to a ruling.
 */
const PARCELS = [
  { code: "PTYC", parcel: "普陀一村", households: 1126, listedOn: "2022-08-26", before: 0, share: 0.93, from: "2022-09-20", to: "2022-12-31", ruling: 0, frontLoaded: true },
  { code: "YG14", parcel: "轨交14号线东新路站出口(银宫商厦)", households: 86, listedOn: "2019-03-15", before: 81, share: 1, from: "2022-01-10", to: "2022-10-20", ruling: 0, frontLoaded: false },
  { code: "HLF", parcel: "合利坊", households: 642, listedOn: "2017-06-30", before: 636, share: 1, from: "2022-02-15", to: "2022-11-30", ruling: 1, frontLoaded: false },
  { code: "JF132", parcel: "132街坊", households: 418, listedOn: "2018-09-28", before: 415, share: 1, from: "2022-01-05", to: "2022-07-15", ruling: 0, frontLoaded: false },
  { code: "SXBL", parcel: "陕西北路(安远路—新会路)", households: 214, listedOn: "2022-03-18", before: 0, share: 0.71, from: "2022-06-20", to: "2022-12-31", ruling: 0, frontLoaded: false }
] as const

const fold = (rng: Prng, from: string, to: string, frontLoaded: boolean): string => {
  // front-loaded: the 签约期 opens with a rush (a bonus for signing in the first weeks)
  if (frontLoaded && rng.chance(0.7)) return between(rng, from, addDays(from, 21))
  return between(rng, from, to)
}

interface Ledger {
  readonly households: ReadonlyArray<R.ExpropriationHousehold>
  /** The day the last household of each parcel moved out (null: someone is still there). */
  readonly lastMoveOut: Readonly<Record<string, string | null>>
}

const ledger = (rng: Prng, exportedOn: string): Ledger => {
  const households: Array<R.ExpropriationHousehold> = []
  const lastMoveOut: Record<string, string | null> = {}
  for (const p of PARCELS) {
    let last: string | null = "0000-00-00"
    for (let i = 1; i <= p.households; i++) {
      // a few households of a new parcel are split off and listed later
      const listedOn = p.before === 0 && rng.chance(0.01) ? addDays(p.listedOn, rng.int(20, 60)) : p.listedOn
      let signedOn: string | null
      let ruling = false
      if (i <= p.before) signedOn = between(rng, addDays(p.listedOn, 30), "2021-12-20")
      else if (i > p.households - p.ruling) {
        signedOn = null
        ruling = true
      } else signedOn = rng.chance(p.share) ? fold(rng, p.from > listedOn ? p.from : listedOn, p.to, p.frontLoaded) : null
      if (signedOn !== null && signedOn > exportedOn) signedOn = null
      let movedOutOn = signedOn === null ? null : addDays(signedOn, rng.int(15, 75))
      // nobody moved house in the April–May 2022 lockdown
      if (movedOutOn !== null && inLockdown(movedOutOn)) movedOutOn = addDays("2022-06-01", rng.int(0, 20))
      if (signedOn !== null && inLockdown(signedOn)) signedOn = addDays("2022-06-01", rng.int(0, 10))
      if (movedOutOn !== null && signedOn !== null && movedOutOn < signedOn) movedOutOn = addDays(signedOn, rng.int(15, 30))
      if (movedOutOn !== null && movedOutOn > exportedOn) movedOutOn = null
      if (movedOutOn === null) last = null
      else if (last !== null && movedOutOn > last) last = movedOutOn
      households.push({
        householdId: `${p.code}-${String(i).padStart(4, "0")}`,
        parcel: p.parcel,
        use: rng.chance(0.04) ? "非居住" : "居住",
        listedOn,
        signedOn,
        movedOutOn,
        status: ruling ? "司法程序" : movedOutOn !== null ? "已搬离" : signedOn !== null ? "已签约" : "未签约"
      })
    }
    lastMoveOut[p.parcel] = last === "0000-00-00" ? null : last
  }
  return { households, lastMoveOut }
}

const milestones = (last: Readonly<Record<string, string | null>>, exportedOn: string): ReadonlyArray<R.ExpropriationMilestone> => {
  const y = MILESTONES.find((m) => m.projectId === "YG-14")!
  const h = MILESTONES.find((m) => m.projectId === "HLF-DQ")!
  const b = MILESTONES.find((m) => m.projectId === "JF-132")!
  const site = last[b.parcel] === null ? null : addDays(last[b.parcel]!, 41) // demolition and levelling after the last move-out
  const rows: Array<R.ExpropriationMilestone> = [
    { projectId: "JF-132", parcel: b.parcel, milestone: "征收收尾完成", plannedOn: "2022-06-30", achievedOn: last[b.parcel] ?? null },
    { projectId: b.projectId, parcel: b.parcel, milestone: b.milestone, plannedOn: "2022-12-31", achievedOn: site !== null && site <= exportedOn ? site : null },
    { projectId: y.projectId, parcel: y.parcel, milestone: y.milestone, plannedOn: "2022-12-31", achievedOn: last[y.parcel] ?? null },
    { projectId: h.projectId, parcel: h.parcel, milestone: h.milestone, plannedOn: "2022-12-31", achievedOn: last[h.parcel] ?? null },
    { projectId: "PTYC", parcel: "普陀一村", milestone: "征收决定公告", plannedOn: "2022-06-30", achievedOn: "2022-08-26" },
    { projectId: "PTYC", parcel: "普陀一村", milestone: "签约生效(比例达到85%)", plannedOn: "2022-11-30", achievedOn: null },
    { projectId: "SXBL", parcel: "陕西北路(安远路—新会路)", milestone: "征收决定公告", plannedOn: "2022-03-31", achievedOn: "2022-03-18" }
  ]
  return rows
}

const CATEGORIES = { 就业困难人员: 0.38, 长期失业青年: 0.17, 零就业家庭成员: 0.05, 高校毕业生: 0.22, 其他失业人员: 0.18 } as const

function* employment(rng: Prng, year: number, committees: ReadonlyArray<Committee>, exportedOn: string): Generator<R.EmploymentCase> {
  let serial = 0
  const weights = Object.fromEntries(committees.map((c) => [c.name, c.households])) as Record<string, number>
  for (const day of daysOfYear(year)) {
    const dow = dayOfWeek(day)
    if (dow === 0 || dow === 6) continue
    const month = Number(day.slice(5, 7))
    // graduates register in June–August; registration stopped in the lockdown
    const mean = inLockdown(day) ? 0.2 : month >= 6 && month <= 8 ? 2.4 : 1.6
    const n = Math.max(0, Math.round(rng.normal(mean, 1.2)))
    for (let k = 0; k < n; k++) {
      const category = rng.weighted(CATEGORIES)
      const placed = rng.chance(category === "就业困难人员" ? 0.64 : category === "长期失业青年" ? 0.58 : 0.78)
      let placedOn = placed ? addDays(day, rng.int(12, 160)) : null
      if (placedOn !== null && inLockdown(placedOn)) placedOn = addDays("2022-06-01", rng.int(0, 30))
      if (placedOn !== null && placedOn > exportedOn) placedOn = null
      yield {
        caseId: `JY${day.replace(/-/g, "")}${String(++serial).padStart(4, "0")}`,
        committee: rng.weighted(weights),
        category,
        registeredOn: day,
        services: rng.int(1, 9),
        placedOn,
        // a few placements were recorded without their kind
        placement: placedOn === null ? null : rng.chance(0.015) ? null : (category === "就业困难人员" ? rng.weighted({ 公益性岗位: 0.35, 单位就业: 0.4, 灵活就业: 0.25 }) : rng.weighted({ 单位就业: 0.62, 灵活就业: 0.3, 自主创业: 0.08 }))
      }
    }
  }
}

const SCHEMES = { 最低生活保障: 0.24, 低收入困难家庭: 0.1, 支出型贫困: 0.06, 临时救助: 0.3, 医疗救助: 0.22, 教育救助: 0.08 } as const

function* assistance(rng: Prng, year: number, committees: ReadonlyArray<Committee>, exportedOn: string): Generator<R.AssistanceApplication> {
  let serial = 0
  const weights = Object.fromEntries(committees.map((c) => [c.name, c.households])) as Record<string, number>
  for (const day of daysOfYear(year)) {
    const dow = dayOfWeek(day)
    const month = Number(day.slice(5, 7))
    const lock = inLockdown(day)
    if (!lock && (dow === 0 || dow === 6) && rng.chance(0.85)) continue
    const n = Math.max(0, Math.round(rng.normal(lock ? 7 : 5, 2)))
    // 加快推进“救助一件事”线上办理: the online share grows through the year
    const online = lock ? 0.9 : 0.34 + month * 0.035
    for (let k = 0; k < n; k++) {
      const isOnline = rng.chance(online)
      const channel = isOnline ? (rng.chance(0.03) ? "线上" : rng.weighted({ 一网通办: 0.55, 随申办: 0.45 })) : rng.weighted({ 窗口受理: 0.8, 上门代办: 0.2 })
      const appliedAt = at(day, (isOnline ? 7 : 9) * 3600 + rng.int(0, (isOnline ? 15 : 8) * 3600 - 1))
      const decision = rng.weighted({ 批准: 0.81, 不予批准: 0.13, 撤回: 0.06 })
      let decidedOn: string | null = addDays(day, rng.int(3, 28))
      if (decidedOn > exportedOn) decidedOn = null
      yield {
        applicationId: `JZ${day.replace(/-/g, "")}${String(++serial).padStart(5, "0")}`,
        committee: rng.weighted(weights),
        scheme: rng.weighted(SCHEMES),
        channel,
        appliedAt,
        decidedOn,
        decision: decidedOn === null ? null : decision
      }
    }
  }
}

const SITES = [
  { site: "长寿路街道社区长者食堂", committee: "梅芳里", dineIn: 180, delivered: 60, opens: "2022-01-01", sevenDays: true },
  { site: "西康路助餐点", committee: "西康路", dineIn: 70, delivered: 30, opens: "2022-01-01", sevenDays: false },
  { site: "武宁路长者食堂", committee: "武宁路", dineIn: 120, delivered: 45, opens: "2022-01-01", sevenDays: true },
  { site: "大洋里助餐点", committee: "大洋里", dineIn: 55, delivered: 25, opens: "2022-01-01", sevenDays: false },
  { site: "莫干山路助餐点", committee: "莫干山路", dineIn: 60, delivered: 20, opens: "2022-01-01", sevenDays: false },
  // the 为老助餐 实事项目 opened a sixth site in the autumn
  { site: "宜昌路社区食堂", committee: "宜昌路", dineIn: 90, delivered: 35, opens: "2022-09-15", sevenDays: true }
] as const

function* meals(rng: Prng, year: number): Generator<R.MealServiceDay> {
  for (const day of daysOfYear(year)) {
    const dow = dayOfWeek(day)
    const lock = inLockdown(day)
    for (const s of SITES) {
      if (day < s.opens) continue
      if (!s.sevenDays && dow === 0 && !lock) continue
      if (rng.chance(lock ? 0.06 : 0.02)) continue // the day was not reported
      const dineIn = lock ? 0 : Math.max(0, Math.round(rng.normal(s.dineIn * (dow === 0 || dow === 6 ? 0.8 : 1), s.dineIn * 0.12)))
      const delivered = Math.max(0, Math.round(rng.normal(lock ? s.delivered * 3.2 : s.delivered, s.delivered * 0.15)))
      yield { day, site: s.site, committee: s.committee, dineIn, delivered, meals: dineIn + delivered }
    }
  }
}

/** Committees that joined the time-bank pilot, and when (14 by the end of 2022, 9 at the end of 2021). */
const PILOTS = [
  ["梅芳里", "2019-09-01"], ["普陀二村", "2019-09-01"], ["长寿新村", "2020-05-01"], ["大洋里", "2020-05-01"], ["武宁路", "2020-11-01"],
  ["西康路", "2021-03-01"], ["叶家宅", "2021-06-01"], ["宜昌路", "2021-06-01"], ["安远路", "2021-10-01"],
  ["昌化路", "2022-03-01"], ["常德路", "2022-07-01"], ["海防路", "2022-07-01"], ["莫干山路", "2022-09-01"], ["谈家桥", "2022-11-01"]
] as const

const pilots = (): ReadonlyArray<R.TimeBankPilot> =>
  PILOTS.map(([committee, joinedOn], i) => ({
    pilotId: `SJYH-${String(i + 1).padStart(2, "0")}`,
    committee,
    joinedOn,
    status: committee === "叶家宅" ? "暂停" : "运行中"
  }))

const SERVICE_TYPES = { 上门探访: 0.26, 陪同就医: 0.14, 代购代配药: 0.18, 助餐送餐: 0.14, 精神慰藉: 0.16, 家政帮助: 0.08, 助浴: 0.04 } as const

function* timeBank(rng: Prng, year: number, exportedOn: string): Generator<R.TimeBankService> {
  let serial = 0
  const start = `${year}-01-01`
  for (const [committee, joinedOn] of PILOTS) {
    const code = PILOTS.findIndex(([c]) => c === committee) + 1
    const volunteers = rng.int(14, 36)
    const recipients = rng.int(10, 28)
    const from = joinedOn > start ? joinedOn : start
    for (const day of daysOfYear(year)) {
      if (day < from) continue
      if (committee === "叶家宅" && day >= "2022-08-01") continue // paused
      // about 1.4 services per volunteer per month; more in the lockdown (medicine runs)
      const mean = (volunteers * (inLockdown(day) ? 2.6 : 1.4)) / 30
      const n = Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))))
      for (let k = 0; k < n; k++) {
        const serviceType = rng.weighted(SERVICE_TYPES)
        const review = day > addDays(exportedOn, -12) ? "待审核" : rng.chance(0.025) ? "已驳回" : "已审核"
        yield {
          serviceId: `SJ${day.replace(/-/g, "")}${String(++serial).padStart(5, "0")}`,
          committee,
          volunteerId: `V${String(code).padStart(2, "0")}${String(rng.int(1, volunteers)).padStart(3, "0")}`,
          recipientId: `E${String(code).padStart(2, "0")}${String(rng.int(1, recipients)).padStart(3, "0")}`,
          serviceType,
          servedOn: day,
          hours: rng.int(1, serviceType === "陪同就医" ? 8 : 4) * 0.5,
          review
        }
      }
    }
  }
}

/**
 * The livelihood pillar's tables.
 *
 * @since 0.1.0
 */
export const generate = (ctx: Generator.Context): ReadonlyArray<Generator.Table> => {
  const exportedOn = ctx.exportedAt.slice(0, 10)
  const l = ledger(ctx.rng.fork("expropriation_household"), exportedOn)
  return [
    { record: R.ExpropriationHousehold, rows: l.households },
    { record: R.ExpropriationMilestone, rows: milestones(l.lastMoveOut, exportedOn) },
    { record: R.EmploymentCase, rows: { [Symbol.iterator]: () => employment(ctx.rng.fork("employment_case"), ctx.year, ctx.committees, exportedOn) } },
    { record: R.AssistanceApplication, rows: { [Symbol.iterator]: () => assistance(ctx.rng.fork("assistance_application"), ctx.year, ctx.committees, exportedOn) } },
    { record: R.MealServiceDay, rows: { [Symbol.iterator]: () => meals(ctx.rng.fork("meal_service_day"), ctx.year) } },
    { record: R.TimeBankPilot, rows: pilots() },
    { record: R.TimeBankService, rows: { [Symbol.iterator]: () => timeBank(ctx.rng.fork("time_bank_service"), ctx.year, exportedOn) } }
  ]
}
