/**
 * The culture pillar's part of the seed data: the event log (the 非遗在社区 series with its
 * lockdown cancellation and make-up, 市民文化节, fitness, minors' education, civilisation practice),
 * the committees' monthly science-outreach reports, sports-equipment inspections, the minors'
 * protection station milestones and the civilisation-creation assessment rounds.
 *
 * @since 0.1.0
 */
import type * as Generator from "../Generator.js"
import type { Prng } from "../Prng.js"
import type { Committee } from "../Reference.js"
import { addDays, monthStart } from "../internal/time.js"
import { codes } from "./kpis.js"
import * as R from "./records.js"

const between = (rng: Prng, from: string, to: string): string => {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return new Date(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10)
}
const inLockdown = (day: string): boolean => day >= "2022-04-01" && day < "2022-06-01"
const lastDay = (year: number, month: number): string => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10)

/** The 非遗在社区 series: one a month, two in December; April's was cancelled, May's postponed to August. */
const HERITAGE: ReadonlyArray<readonly [month: number, craft: string, status: string]> = [
  [1, "海派剪纸迎春", "已举办"], [2, "元宵灯彩制作", "已举办"], [3, "面塑技艺体验", "已举办"], [4, "海派绒绣", "取消"],
  [5, "沪剧进社区", "延期"], [6, "端午香囊与结艺", "已举办"], [7, "竹刻与篆刻", "已举办"], [8, "沪剧进社区(补)", "已举办"],
  [8, "糖画与吹糖人", "已举办"], [9, "评弹书场", "已举办"], [10, "顾绣体验课", "已举办"], [11, "石库门弄堂游戏", "已举办"],
  [12, "皮影戏", "已举办"], [12, "海派旗袍盘扣", "已举办"]
]

const PROGRAMMES = [
  { programme: "市民文化节", perYear: 46, titles: ["市民合唱大赛选拔", "市民摄影展", "市民书画展", "戏曲票友赛", "市民微电影展映", "广场舞展演"], size: [40, 220] },
  { programme: "全民健身", perYear: 130, titles: ["太极拳晨练", "健步走", "八段锦教学", "乒乓球友谊赛", "亲子运动会", "健身气功展示"], size: [15, 90] },
  { programme: "未成年人教育", perYear: 64, titles: ["暑期爱心学校", "四点半课堂", "青少年法治课", "红色寻访", "垃圾分类小先锋"], size: [12, 60] },
  { programme: "文明实践", perYear: 150, titles: ["学雷锋志愿服务", "文明楼组评选", "移风易俗宣讲", "志愿者清洁家园", "文明交通劝导"], size: [10, 70] }
] as const

/**
 * The event log of a year. `prior`: the year before the plan's, kept in the same log so a report can
 * state 同比 — no lockdown, ten 非遗在社区 events, the other programmes at about 85% of the plan year's.
 */
function* events(rng: Prng, year: number, committees: ReadonlyArray<Committee>, prior = false): Generator<R.CulturalEvent> {
  const rows: Array<Omit<R.CulturalEvent, "eventId">> = []
  const heritage = prior ? HERITAGE.filter(([, craft, status]) => status === "已举办" && !craft.endsWith("(补)")).slice(0, 10) : HERITAGE
  for (const [month, craft, status] of heritage) {
    const heldOn = between(rng, monthStart(year, month), addDays(lastDay(year, month), -3))
    rows.push({
      programme: codes.heritage,
      title: `“非遗在社区”·${craft}`,
      committee: rng.chance(0.3) ? null : rng.pick(committees).name,
      heldOn,
      status,
      participants: status === "已举办" ? rng.int(35, 160) : null
    })
  }
  for (const p of PROGRAMMES) {
    for (let i = 0; i < (prior ? Math.round(p.perYear * 0.85) : p.perYear); i++) {
      // the 市民文化节 runs March–November; the rest all year
      const heldOn = p.programme === "市民文化节" ? between(rng, `${year}-03-01`, `${year}-11-30`) : between(rng, `${year}-01-04`, `${year}-12-28`)
      const status = inLockdown(heldOn) ? rng.weighted({ 取消: 0.7, 延期: 0.25, 已举办: 0.05 }) : rng.chance(0.03) ? "取消" : "已举办"
      rows.push({
        programme: p.programme,
        title: rng.pick(p.titles),
        committee: rng.chance(0.15) ? null : rng.pick(committees).name,
        heldOn,
        status,
        participants: status !== "已举办" || rng.chance(0.04) ? null : rng.int(p.size[0], p.size[1])
      })
    }
  }
  rows.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0))
  let serial = 0
  for (const r of rows) yield { eventId: `WH${year}-${String(++serial).padStart(4, "0")}`, ...r }
}

/**
 * The committees' monthly science reports of the year before and of the year (the ledger is kept
 * across years, so the plan's "widen participation on 2021" can be measured against 2021's rows).
 */
function* science(rng: Prng, year: number, committees: ReadonlyArray<Committee>): Generator<R.ScienceReport> {
  for (const c of committees) {
    let residents = Math.round(c.households * (2.2 + rng.next() * 0.3))
    // committees differ in how active they are; the evaluation scheme lifts them through 2022
    const zeal = 0.6 + rng.next() * 0.9
    for (const y of [year - 1, year]) {
      for (let month = 1; month <= 12; month++) {
        const day = monthStart(y, month)
        const lock = inLockdown(day)
        if (rng.chance(lock ? 0.4 : 0.04)) continue // not reported
        residents += rng.int(-6, 6)
        const mean = y === year ? zeal * (1 + month / 24) : zeal * 0.95
        const activities = lock ? rng.int(0, 1) : Math.max(0, Math.round(rng.normal(mean, 0.8)))
        const participants = activities === 0 ? 0 : Math.round(activities * rng.int(18, 75) * (lock ? 0.5 : 1))
        yield {
          committee: c.name,
          month: day,
          residents,
          activities,
          participants,
          briefs: Math.max(0, activities - (rng.chance(0.3) ? rng.int(0, activities) : 0))
        }
      }
    }
  }
}

const EQUIPMENT = ["双人漫步机", "太空漫步机", "腰背按摩器", "扭腰器", "上肢牵引器", "乒乓球台", "健身车", "压腿架"] as const

function* inspections(rng: Prng, year: number, committees: ReadonlyArray<Committee>, exportedOn: string): Generator<R.SportsInspection> {
  const facilities: Array<{ id: string; committee: string; facility: string; wear: number }> = []
  let n = 0
  for (const c of committees) {
    const count = 5 + Math.round(c.households / 700)
    for (let i = 0; i < count; i++) facilities.push({ id: `TY${String(++n).padStart(4, "0")}`, committee: c.name, facility: rng.pick(EQUIPMENT), wear: rng.next() * 0.06 })
  }
  for (let month = 1; month <= 12; month++) {
    for (const f of facilities) {
      const inspectedOn = between(rng, monthStart(year, month), addDays(lastDay(year, month), -2))
      if (inLockdown(inspectedOn)) continue // no inspections in the lockdown
      if (rng.chance(0.03)) continue // a missed round
      const roll = rng.next()
      const condition = roll < f.wear ? "损坏" : roll < f.wear + 0.008 ? "停用" : "完好"
      let repairedOn = condition === "完好" ? null : addDays(inspectedOn, rng.int(2, 25))
      if (repairedOn !== null && (repairedOn > exportedOn || rng.chance(0.1))) repairedOn = null
      yield { facilityId: f.id, committee: f.committee, facility: f.facility, inspectedOn, condition, repairedOn }
    }
  }
}

const milestones = (): ReadonlyArray<R.CultureMilestone> => [
  { projectId: codes.minorsStation.projectId, project: "社区未成年人保护站", milestone: "选址确定", plannedOn: "2022-03-31", achievedOn: "2022-03-22" },
  { projectId: codes.minorsStation.projectId, project: "社区未成年人保护站", milestone: "建设方案批复", plannedOn: "2022-05-31", achievedOn: "2022-07-06" },
  { projectId: codes.minorsStation.projectId, project: "社区未成年人保护站", milestone: "装修施工完成", plannedOn: "2022-10-31", achievedOn: "2022-11-18" },
  { projectId: codes.minorsStation.projectId, project: "社区未成年人保护站", milestone: codes.minorsStation.milestone, plannedOn: "2022-12-31", achievedOn: "2022-12-23" },
  { projectId: codes.minorsStation.projectId, project: "社区未成年人保护站", milestone: "挂牌运行", plannedOn: "2023-01-31", achievedOn: null },
  { projectId: "WMSJ-2022", project: "新时代文明实践分中心阵地提升", milestone: "方案确定", plannedOn: "2022-04-30", achievedOn: "2022-06-28" },
  { projectId: "WMSJ-2022", project: "新时代文明实践分中心阵地提升", milestone: "改造完成", plannedOn: "2022-10-31", achievedOn: "2022-10-25" }
]

const AREAS: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["公共环境", ["楼道无堆物", "垃圾箱房整洁", "无乱张贴", "绿化带无垃圾"]],
  ["公益宣传", ["公益广告设置", "社会主义核心价值观宣传栏", "文明养宠宣传"]],
  ["志愿服务", ["志愿服务站点规范", "志愿者注册率", "学雷锋站点运行"]],
  ["公共秩序", ["非机动车有序停放", "无占道经营", "电动车不进楼道"]],
  ["未成年人思想道德", ["校园周边环境", "未成年人活动阵地开放"]]
]

function* civilization(rng: Prng, year: number, committees: ReadonlyArray<Committee>): Generator<R.CivilizationItem> {
  let serial = 0
  // three assessment rounds; the spring round fell in the lockdown and moved to June
  for (const [round, from, to, pass] of [[1, `${year}-06-13`, `${year}-06-24`, 0.88], [2, `${year}-09-05`, `${year}-09-16`, 0.93], [3, `${year}-12-05`, `${year}-12-16`, 0.96]] as const) {
    for (const c of committees) {
      if (rng.chance(0.5)) continue // each round samples about half the committees
      for (const [area, items] of AREAS) {
        const item = rng.pick(items)
        const required = rng.chance(0.86) ? "是" : "否"
        yield {
          itemId: `WM${year}${round}-${String(++serial).padStart(4, "0")}`,
          area,
          item,
          committee: c.name,
          assessedOn: between(rng, from, to),
          required,
          result: rng.chance(pass) ? "达标" : rng.chance(0.6) ? "未达标" : "整改中"
        }
      }
    }
  }
}

/**
 * The culture pillar's tables.
 *
 * @since 0.1.0
 */
export const generate = (ctx: Generator.Context): ReadonlyArray<Generator.Table> => {
  const exportedOn = ctx.exportedAt.slice(0, 10)
  return [
    {
      record: R.CulturalEvent,
      // the year before first, from its own stream, so the plan year's rows are what they always were
      rows: {
        *[Symbol.iterator]() {
          yield* events(ctx.rng.fork("cultural_event/prior"), ctx.year - 1, ctx.committees, true)
          yield* events(ctx.rng.fork("cultural_event"), ctx.year, ctx.committees)
        }
      }
    },
    { record: R.ScienceReport, rows: { [Symbol.iterator]: () => science(ctx.rng.fork("science_report"), ctx.year, ctx.committees) } },
    { record: R.SportsInspection, rows: { [Symbol.iterator]: () => inspections(ctx.rng.fork("sports_inspection"), ctx.year, ctx.committees, exportedOn) } },
    { record: R.CultureMilestone, rows: milestones() },
    { record: R.CivilizationItem, rows: { [Symbol.iterator]: () => civilization(ctx.rng.fork("civilization_item"), ctx.year, ctx.committees) } }
  ]
}
