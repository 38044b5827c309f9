/**
 * The urban pillar's part of the seed data: a year of 12345 orders (with Shanghai's April–May 2022
 * lockdown surge), the named construction projects' milestones, daily waste clearance, renovation
 * signing, monitoring devices and 一网通办 licence retrieval.
 *
 * @since 0.1.0
 */
import type * as Generator from "../Generator.js"
import type { Prng } from "../Prng.js"
import type { Committee } from "../Reference.js"
import { addDays, addMinutes, addWorkingDays, at, daysOfYear, monthStart } from "../internal/time.js"
import { defaultConfig, type UrbanConfig } from "./config.js"
import { dueAt, MILESTONES } from "./kpis.js"
import * as R from "./records.js"

/** Relative hotline volume per month (2022: the lockdown surge in April and May). */
const MONTH_WEIGHT = [0.85, 0.7, 1.05, 2.2, 1.9, 1.2, 1.0, 1.05, 0.95, 0.9, 0.95, 1.0] as const
/** Relative hotline volume per month of an ordinary year (2021): the Spring Festival dip, a summer peak. */
const MONTH_WEIGHT_ORDINARY = [0.9, 0.72, 1.0, 1.0, 1.05, 1.08, 1.15, 1.12, 1.0, 0.95, 0.98, 1.05] as const
const LOCKDOWN = (month: number) => month === 4 || month === 5

/** 12345 orders of the year before the plan's (2021): no lockdown, fewer orders. */
const PRIOR_YEAR_ORDERS = 17_600

const CATEGORY = { 咨询: 0.2, 建议: 0.06, 求助: 0.44, 投诉: 0.3 }
const FIRST_CONTACT = { 是: 0.95, 否: 0.02, 未评价: 0.03 }
const FIRST_CONTACT_LOCKDOWN = { 是: 0.82, 否: 0.1, 未评价: 0.08 }
const CLOSURE = { 实际解决: 0.7, 解释说明: 0.26, 其他: 0.04 }
// 2021: the level the plan asks to raise (实际解决率及满意率……有所提高的同时稳步上升)
const CLOSURE_ORDINARY = { 实际解决: 0.66, 解释说明: 0.3, 其他: 0.04 }
const CLOSURE_NOT_FACTUAL = { 实际解决: 0.15, 解释说明: 0.8, 其他: 0.05 }
const RATING = { 满意: 0.78, 基本满意: 0.13, 一般: 0.05, 不满意: 0.04 }
const RATING_ORDINARY = { 满意: 0.74, 基本满意: 0.15, 一般: 0.06, 不满意: 0.05 }
const RATING_UNHAPPY = { 满意: 0.4, 基本满意: 0.2, 一般: 0.15, 不满意: 0.25 }
const CHANNEL = { 电话: 0.7, 网络: 0.1, 随申办: 0.12, 微信: 0.08 }

const SUBJECTS = ["垃圾分类", "违法搭建", "噪声扰民", "物业服务", "房屋渗漏", "道路设施", "绿化市容", "占道经营", "群租整治", "停车管理", "供水供电", "装修扰民"] as const

/**
 * Hotline orders, lazily: `count` orders spread over `year` (20,000 for the seed set; millions for
 * benchmarks). Deterministic in `rng`. `profile` is the shape of the year: `"2022"` (the default:
 * Shanghai's April–May lockdown, its surge of orders and slower handling) or `"ordinary"` (the
 * year before the plan's, for 同比: an even spread, handling as usual, a somewhat lower 实际解决率
 * and 满意率 than 2022's, which the plan asks to raise).
 *
 * @since 0.1.0
 */
export function* hotlineOrders(options: {
  readonly rng: Prng
  readonly count: number
  readonly year: number
  readonly committees: ReadonlyArray<Committee>
  readonly exportedAt: string
  readonly config?: UrbanConfig
  readonly profile?: "2022" | "ordinary"
}): Generator<R.HotlineOrder> {
  const { committees, count, exportedAt, rng, year } = options
  const config = options.config ?? defaultConfig
  const ordinary = options.profile === "ordinary"
  const monthWeight = ordinary ? MONTH_WEIGHT_ORDINARY : MONTH_WEIGHT
  const closures = ordinary ? CLOSURE_ORDINARY : CLOSURE
  const ratings = ordinary ? RATING_ORDINARY : RATING
  const days = daysOfYear(year)
  // per-day weights: month weight, weekends at 60%
  const weights = days.map((d) => {
    const m = Number(d.slice(5, 7))
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay()
    return monthWeight[m - 1]! * (dow === 0 || dow === 6 ? 0.6 : 1)
  })
  const total = weights.reduce((a, b) => a + b, 0)
  const committeeWeights = Object.fromEntries(committees.map((c) => [c.name, c.households])) as Record<string, number>
  let serial = 0
  // spread exactly `count` orders over the days in proportion to the weights
  let carried = 0
  for (let di = 0; di < days.length; di++) {
    const day = days[di]!
    const month = Number(day.slice(5, 7))
    const exact = (count * weights[di]!) / total + carried
    const n = di === days.length - 1 ? count - serial : Math.floor(exact)
    carried = exact - Math.floor(exact)
    const lock = !ordinary && LOCKDOWN(month)
    // seconds of the day when orders arrive: 07:00–22:00
    const times: Array<number> = []
    for (let k = 0; k < n; k++) times.push(7 * 3600 + rng.int(0, 15 * 3600 - 1))
    times.sort((a, b) => a - b)
    for (const t of times) {
      serial++
      const acceptedAt = at(day, t)
      const category = rng.weighted(CATEGORY)
      const complex = (category === "求助" || category === "投诉") && rng.chance(0.03) ? config.hotline.complexYes : "否"
      const due = dueAt(acceptedAt, category, complex, config)
      const firstContact = rng.weighted(lock ? FIRST_CONTACT_LOCKDOWN : FIRST_CONTACT)
      const returns = rng.chance(lock ? 0.12 : 0.05) ? (rng.chance(0.2) ? 2 : 1) : 0
      // closing: working days after acceptance; late with some probability
      const late = rng.chance(lock ? 0.22 : 0.05)
      const k = late ? due.limitDays + rng.int(1, lock ? 20 : 8) : rng.int(0, due.limitDays)
      let closedAt: string | null
      if (k === 0) {
        const c = addMinutes(acceptedAt, rng.int(20, 480))
        closedAt = c.slice(0, 10) === day ? c : `${day} 23:59:00`
      } else {
        closedAt = at(addWorkingDays(day, k), 9 * 3600 + rng.int(0, 9 * 3600))
      }
      let status = "已办结"
      if (closedAt > exportedAt) {
        closedAt = null
        status = "办理中"
      } else if (returns > 0 && rng.chance(0.02)) {
        closedAt = null
        status = "已退单"
      }
      const notFactual = closedAt !== null && rng.chance(lock ? 0.3 : 0.17)
      const verification = closedAt === null ? null : notFactual ? config.hotline.notFactual : rng.chance(0.75) ? "属实" : null
      const closure = closedAt === null ? null : rng.weighted(notFactual ? CLOSURE_NOT_FACTUAL : closures)
      const rating = closedAt === null || rng.chance(0.35)
        ? null
        : rng.weighted(notFactual || late ? RATING_UNHAPPY : ratings)
      yield {
        orderId: `${String(year).slice(2)}${day.slice(5, 7)}${day.slice(8, 10)}${String(serial).padStart(7, "0")}`,
        acceptedAt,
        channel: rng.weighted(CHANNEL),
        category,
        subject: lock && rng.chance(0.5) ? "疫情防控" : rng.pick(SUBJECTS),
        committee: rng.weighted(committeeWeights),
        complex,
        limitDays: due.limitDays,
        dueAt: due.dueAt,
        firstContact,
        returns,
        status,
        closedAt,
        closure,
        verification,
        rating
      }
    }
  }
}

/** Intermediate milestones (plannedOn, delay in days or null when not reached by the export). */
const EXTRA_MILESTONES: ReadonlyArray<{ projectId: string; project: string; milestone: string; plannedOn: string; delay: number | null }> = [
  { projectId: "TAQS-E", project: "天安·千树东地块", milestone: "地下结构完成", plannedOn: "2022-03-31", delay: 52 },
  { projectId: "TAQS-E", project: "天安·千树东地块", milestone: "地上结构过半", plannedOn: "2022-08-31", delay: 21 },
  { projectId: "XHMZ-3-B12", project: "新湖明珠城三期B1、B2号楼", milestone: "精装修样板间验收", plannedOn: "2022-06-30", delay: 18 },
  { projectId: "XHMZ-3-B34", project: "新湖明珠城三期B3、B4号楼", milestone: "外墙脚手架搭设", plannedOn: "2022-05-31", delay: 25 },
  { projectId: "JXL-N", project: "锦绣里北块商办楼", milestone: "地上结构过半", plannedOn: "2022-09-30", delay: 0 },
  { projectId: "CS-D5-1", project: "长寿社区D5-1商办楼(鸿寿坊)", milestone: "地上结构过半", plannedOn: "2022-07-31", delay: -5 },
  { projectId: "YDXC-55", project: "永定新村东新支路55弄综合整治", milestone: "第一阶段完成", plannedOn: "2022-01-31", delay: 0 }
]

/** When each plan milestone was reached on the seed data (days after its planned date; null: not reached). */
const PLAN_MILESTONE_DELAY: Readonly<Record<string, number | null>> = {
  "TAQS-E": -12,
  "XHMZ-3-B12": -20,
  "XHMZ-3-B34": -41,
  "HLF-4": 18, // the April 2022 lockdown pushed the acceptance certificate into April
  "JXL-N": null, // still under way at the export: late
  "CS-D5-1": -8,
  "YDXC-55": -15
}

function* milestones(): Generator<R.ProjectMilestone> {
  const rows: Array<R.ProjectMilestone> = []
  for (const m of EXTRA_MILESTONES) {
    rows.push({ projectId: m.projectId, project: m.project, milestone: m.milestone, plannedOn: m.plannedOn, achievedOn: m.delay === null ? null : addDays(m.plannedOn, m.delay) })
  }
  for (const m of MILESTONES) {
    if (m.projectId === "WNL-200-14") continue // derived from the households below
    const delay = PLAN_MILESTONE_DELAY[m.projectId]
    rows.push({ projectId: m.projectId, project: m.project, milestone: m.milestone, plannedOn: m.plannedOn, achievedOn: delay === null || delay === undefined ? null : addDays(m.plannedOn, delay) })
  }
  rows.sort((a, b) => (a.plannedOn < b.plannedOn ? -1 : a.plannedOn > b.plannedOn ? 1 : a.projectId < b.projectId ? -1 : 1))
  yield* rows
}

const RENOVATION = [
  { project: "武宁路200弄14号", households: 48, listedOn: "2021-06-15", signBy: 1.0, start: "2022-01-10", end: "2022-09-20" },
  { project: "武宁路200弄2、4号", households: 96, listedOn: "2021-11-01", signBy: 0.42, start: "2022-03-01", end: "2022-12-31" },
  { project: "金城里", households: 132, listedOn: "2022-03-01", signBy: 0.68, start: "2022-06-15", end: "2022-12-31" },
  { project: "澳门路660弄", households: 74, listedOn: "2022-05-20", signBy: 0.55, start: "2022-07-01", end: "2022-12-31" }
] as const

const between = (rng: Prng, from: string, to: string): string => {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return new Date(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10)
}

function* renovation(rng: Prng, exportedOn: string, lastMoveOut: { value: string | null }): Generator<R.RenovationHousehold> {
  for (const p of RENOVATION) {
    for (let i = 1; i <= p.households; i++) {
      const signs = p.signBy >= 1 || rng.chance(p.signBy)
      let signedOn = signs ? between(rng, p.start, p.end) : null
      if (signedOn !== null && signedOn > exportedOn) signedOn = null
      let movedOutOn = signedOn === null ? null : addDays(signedOn, rng.int(10, 60))
      if (movedOutOn !== null && movedOutOn > exportedOn) movedOutOn = null
      if (p.project === "武宁路200弄14号") {
        if (movedOutOn === null) lastMoveOut.value = null
        else if (lastMoveOut.value !== null && movedOutOn > lastMoveOut.value) lastMoveOut.value = movedOutOn
      }
      yield { project: p.project, householdId: `${p.project}-${String(i).padStart(3, "0")}`, listedOn: p.listedOn, signedOn, movedOutOn }
    }
  }
}

function* waste(rng: Prng, year: number, committees: ReadonlyArray<Committee>, ordinary = false): Generator<R.WasteClearance> {
  for (const day of daysOfYear(year)) {
    const lock = !ordinary && LOCKDOWN(Number(day.slice(5, 7)))
    for (const c of committees) {
      for (const stream of ["湿垃圾", "干垃圾"] as const) {
        const perHousehold = stream === "湿垃圾" ? 0.00042 : 0.00055
        yield {
          day,
          committee: c.name,
          stream,
          tonnes: Math.round(c.households * perHousehold * (0.8 + rng.next() * 0.4) * 100) / 100,
          clearedSameDay: rng.chance(lock ? 0.93 : 0.994) ? "是" : "否"
        }
      }
    }
  }
}

function* devices(rng: Prng, year: number, committees: ReadonlyArray<Committee>): Generator<R.DeviceMonth> {
  const list: Array<{ id: string; kind: string; committee: string; fromMonth: number }> = []
  let n = 0
  const add = (kind: string, count: number, fromMonth: () => number) => {
    for (let i = 0; i < count; i++) list.push({ id: `JK${String(++n).padStart(4, "0")}`, kind, committee: rng.pick(committees).name, fromMonth: fromMonth() })
  }
  add("垃圾分类", 84, () => 1)
  add("垃圾偷倒", 42, () => 1)
  add("盲点补充", 36, () => rng.int(3, 11)) // the plan's 补充 of blind spots, installed during the year
  for (let month = 1; month <= 12; month++) {
    const usage = 0.55 + (month - 1) * 0.025 // 逐步提升使用率
    for (const d of list) {
      if (d.fromMonth > month) continue
      const online = rng.chance(0.06) ? rng.int(0, 20) : rng.int(26, 31)
      const used = online > 0 && rng.chance(usage)
      yield {
        deviceId: d.id,
        kind: d.kind,
        committee: d.committee,
        month: monthStart(year, month),
        onlineDays: Math.min(online, new Date(Date.UTC(year, month, 0)).getUTCDate()),
        used: used ? "是" : "否",
        casesHandled: used ? rng.int(1, 12) : 0
      }
    }
  }
}

const ITEMS = [
  { item: "居住证办理", licence: 0.9 }, { item: "社保卡申领", licence: 0.7 }, { item: "生育登记", licence: 0.8 },
  { item: "老年综合津贴申请", licence: 0.6 }, { item: "残疾人证办理", licence: 0.5 }, { item: "就业登记", licence: 0.3 },
  { item: "医保参保登记", licence: 0.4 }, { item: "政策咨询", licence: 0 }
] as const

function* licenceCases(rng: Prng, year: number, ordinary = false): Generator<R.LicenceCase> {
  let serial = 0
  for (const day of daysOfYear(year)) {
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay()
    const month = Number(day.slice(5, 7))
    if (dow === 0) continue // closed on Sundays
    const n = !ordinary && LOCKDOWN(month) ? rng.int(0, 6) : rng.int(14, 26)
    // 2021: 电子证照 newer in the service centre, retrieved less often than in 2022
    const retrieveP = ordinary ? 0.86 + (month / 12) * 0.06 : 0.93 + (month / 12) * 0.06
    for (let k = 0; k < n; k++) {
      const it = rng.pick(ITEMS)
      const required = rng.chance(it.licence)
      yield {
        caseId: `YW${day.replace(/-/g, "")}${String(++serial).padStart(5, "0")}`,
        acceptedAt: at(day, 9 * 3600 + rng.int(0, 8 * 3600)),
        item: it.item,
        licenceRequired: required ? "是" : "否",
        licenceRetrieved: required && rng.chance(retrieveP) ? "是" : "否"
      }
    }
  }
}

/**
 * The urban pillar's tables. `hotlineOrders` sets the number of 12345 orders of the plan year
 * (default 20,000). The 12345 orders, waste clearance and 一网通办 cases also hold the year before
 * the plan's (first, each from its own random stream, so the plan year's rows are what they always
 * were), for 同比; `priorYear: false` leaves it out (benchmark data).
 *
 * @since 0.1.0
 */
export const generate = (ctx: Generator.Context, options?: { readonly hotlineOrders?: number; readonly priorYear?: boolean }): ReadonlyArray<Generator.Table> => {
  const prior = options?.priorYear !== false
  const prev = ctx.year - 1
  const exportedOn = ctx.exportedAt.slice(0, 10)
  const lastMoveOut = { value: "0000-00-00" as string | null }
  const households = [...renovation(ctx.rng.fork("renovation_household"), exportedOn, lastMoveOut)]
  const wuning = MILESTONES.find((m) => m.projectId === "WNL-200-14")!
  const plan: ReadonlyArray<R.ProjectMilestone> = [...milestones(), {
    projectId: wuning.projectId,
    project: wuning.project,
    milestone: wuning.milestone,
    plannedOn: wuning.plannedOn,
    achievedOn: lastMoveOut.value === "0000-00-00" ? null : lastMoveOut.value
  }]
  return [
    {
      record: R.HotlineOrder,
      rows: {
        *[Symbol.iterator]() {
          if (prior) {
            yield* hotlineOrders({ rng: ctx.rng.fork("hotline_order/prior"), count: PRIOR_YEAR_ORDERS, year: prev, committees: ctx.committees, exportedAt: ctx.exportedAt, profile: "ordinary" })
          }
          yield* hotlineOrders({ rng: ctx.rng.fork("hotline_order"), count: options?.hotlineOrders ?? 20_000, year: ctx.year, committees: ctx.committees, exportedAt: ctx.exportedAt })
        }
      }
    },
    { record: R.ProjectMilestone, rows: plan },
    {
      record: R.WasteClearance,
      rows: {
        *[Symbol.iterator]() {
          if (prior) yield* waste(ctx.rng.fork("waste_clearance/prior"), prev, ctx.committees, true)
          yield* waste(ctx.rng.fork("waste_clearance"), ctx.year, ctx.committees)
        }
      }
    },
    { record: R.RenovationHousehold, rows: households },
    { record: R.DeviceMonth, rows: { [Symbol.iterator]: () => devices(ctx.rng.fork("device_month"), ctx.year, ctx.committees) } },
    {
      record: R.LicenceCase,
      rows: {
        *[Symbol.iterator]() {
          if (prior) yield* licenceCases(ctx.rng.fork("licence_case/prior"), prev, true)
          yield* licenceCases(ctx.rng.fork("licence_case"), ctx.year)
        }
      }
    }
  ]
}
