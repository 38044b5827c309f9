/**
 * The safety pillar's part of the seed data: the 2022 responsibility letters (平安建设 with every
 * residential area's secretary, 安全生产 with offices, venues, committees and key units), "六小"
 * pledges, hazards and their rectification, drills, safety meetings, petitions, the Thursday
 * receptions (held online in the lockdown, holidays excluded) and the monthly dispute reviews.
 * Hazards, petitions, receptions and dispute reviews also hold the year before the plan's (first,
 * each from its own random stream, so the plan year's rows are what they always were), for 同比.
 *
 * @since 0.1.0
 */
import { Civil, WorkCalendar } from "@govplan/model"
import type * as Generator from "../Generator.js"
import type { Prng } from "../Prng.js"
import type { Committee, Enterprise } from "../Reference.js"
import { addDays, at, daysOfYear, monthStart } from "../internal/time.js"
import { codes } from "./kpis.js"
import * as R from "./records.js"

const between = (rng: Prng, from: string, to: string): string => {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return new Date(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10)
}
const inLockdown = (day: string): boolean => day >= "2022-04-01" && day < "2022-06-01"
/** The year before the plan's (2021): hazards, petitions, receptions and dispute reviews as usual, for 同比. */
const PRIOR = "/prior"
const afterLockdown = (rng: Prng, day: string): string => (inLockdown(day) ? addDays("2022-06-01", rng.int(0, 25)) : day)
const dayOfWeek = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay()
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)

/** The day of the 2022 安全生产推进大会 and the 平安建设 meeting, where letters were handed over. */
const CONFERENCE_ON = "2022-03-09"
const PING_AN_ON = "2022-03-03"

const OFFICES = ["党政办公室", "社区党建办公室", "社区管理办公室", "社区服务办公室", "社区平安办公室", "社区自治办公室", "营商办公室", "发展办公室", "城运中心", "城管执法中队", "市场监管所", "房管办"] as const
const VENUES = ["社区事务受理服务中心", "社区文化活动中心", "社区卫生服务中心", "长寿敬老院", "长者照护之家", "社区学校", "M50党群服务中心", "开伦经济发展服务中心"] as const

function* letters(rng: Prng, committees: ReadonlyArray<Committee>, enterprises: ReadonlyArray<Enterprise>, exportedOn: string): Generator<R.ResponsibilityLetter> {
  let serial = 0
  const id = (prefix: string) => `${prefix}2022-${String(++serial).padStart(3, "0")}`
  for (const c of committees) {
    // most signed on the day; a few a week or two later; one after the lockdown
    const late = c.name === "三官堂桥"
    const signedOn = late ? "2022-06-08" : rng.chance(0.8) ? PING_AN_ON : addDays(PING_AN_ON, rng.int(1, 16))
    yield { letterId: id("PA"), letter: codes.pingAnLetter, partyType: codes.secretary, party: `${c.name}居民区党总支书记`, committee: c.name, issuedOn: PING_AN_ON, signedOn }
  }
  // a secretary replaced in August: the letter is re-issued to the new secretary
  const moved = committees.find((c) => c.name === "胶州路") ?? committees[0]!
  yield { letterId: id("PA"), letter: codes.pingAnLetter, partyType: codes.secretary, party: `${moved.name}居民区党总支书记(新任)`, committee: moved.name, issuedOn: "2022-08-22", signedOn: "2022-08-29" }
  const production = (partyType: string, party: string, committee: string | null, issuedOn: string, pSigned: number) => {
    let signedOn: string | null = rng.chance(pSigned) ? afterLockdown(rng, addDays(issuedOn, rng.chance(0.7) ? 0 : rng.int(1, 30))) : null
    if (signedOn !== null && signedOn > exportedOn) signedOn = null
    return { letterId: id("AQ"), letter: codes.productionLetter, partyType, party, committee, issuedOn, signedOn }
  }
  for (const o of OFFICES) yield production("科办", o, null, CONFERENCE_ON, 1)
  for (const v of VENUES) yield production("场所院", v, null, CONFERENCE_ON, 1)
  for (const c of committees) yield production("居委会", `${c.name}居委会`, c.name, CONFERENCE_ON, 1)
  // key business units: the larger landed enterprises (some issued later, as they are identified)
  const key = enterprises.filter((e) => e.landed && e.staff >= 50).slice(0, 48)
  for (const e of key) yield production("重点生产经营单位", e.name, e.committee, rng.chance(0.85) ? CONFERENCE_ON : between(rng, "2022-06-15", "2022-11-30"), 0.95)
}

const SIX_SMALL = [
  { category: "小商铺", count: 620, campaign: true },
  { category: "小作坊", count: 38, campaign: true },
  { category: "小企业", count: 160, campaign: true },
  { category: "小市场", count: 6, campaign: true },
  { category: "小工地", count: 84, campaign: false },
  { category: "小装修", count: 360, campaign: false }
] as const

const SHOP_KINDS = ["便利店", "餐饮店", "理发店", "五金店", "水果店", "洗衣店", "药店", "烟杂店", "电动车维修", "快递驿站"] as const

function* pledges(rng: Prng, year: number, committees: ReadonlyArray<Committee>, exportedOn: string): Generator<R.SixSmallPledge> {
  const rows: Array<Omit<R.SixSmallPledge, "premisesId">> = []
  const weights = Object.fromEntries(committees.map((c) => [c.name, c.households])) as Record<string, number>
  for (const s of SIX_SMALL) {
    for (let i = 0; i < s.count; i++) {
      const committee = rng.weighted(weights)
      // the campaign ran from the conference to the end of March, resumed in June; sites and renovations as filed
      const issuedOn = s.campaign
        ? afterLockdown(rng, rng.chance(0.8) ? between(rng, CONFERENCE_ON, `${year}-03-31`) : between(rng, `${year}-06-01`, `${year}-11-30`))
        : afterLockdown(rng, between(rng, `${year}-01-04`, `${year}-12-20`))
      const operating = rng.chance(0.04) ? "已关闭" : rng.chance(0.05) ? "歇业" : "在营"
      const pSign = s.category === "小装修" ? 0.88 : s.category === "小工地" ? 0.95 : operating === "在营" ? 0.975 : 0.7
      let signedOn: string | null = rng.chance(pSign) ? afterLockdown(rng, addDays(issuedOn, rng.chance(0.6) ? 0 : rng.int(1, 20))) : null
      if (signedOn !== null && signedOn > exportedOn) signedOn = null
      const name = s.category === "小商铺" ? `${committee}${rng.pick(SHOP_KINDS)}${i + 1}号`
        : s.category === "小装修" ? `${committee}${rng.int(1, 120)}弄${rng.int(1, 30)}号${rng.int(1, 6)}0${rng.int(1, 4)}室装修`
        : s.category === "小工地" ? `${committee}${rng.pick(["管线维修", "外墙修缮", "绿化改造", "加装电梯", "道路翻修"])}工地${i + 1}`
        : `${committee}${s.category}${i + 1}`
      rows.push({ premises: name, category: s.category, committee, issuedOn, signedOn, operating })
    }
  }
  rows.sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0))
  let serial = 0
  for (const r of rows) yield { premisesId: `LX${year}-${String(++serial).padStart(4, "0")}`, ...r }
}

const SOURCES = {
  平安建设督导检查: { perMonth: 14, categories: ["群租整治", "技防设施故障", "楼道堆物", "门禁失管", "出租房屋登记"] },
  安全生产检查: { perMonth: 55, categories: ["消防通道堵塞", "电气线路老化", "灭火器过期", "燃气管道隐患", "安全制度缺失"] },
  沿街商铺巡检: { perMonth: 80, categories: ["店外堆物", "电动车违规充电", "燃气使用不规范", "灭火器缺失", "违规住人"] },
  消防检查: { perMonth: 38, categories: ["消防设施损坏", "疏散指示失效", "消防通道占用", "电动车进楼道"] },
  居民区自查: { perMonth: 30, categories: ["楼道堆物", "飞线充电", "高空坠物隐患", "井盖破损"] }
} as const

function* hazards(rng: Prng, year: number, committees: ReadonlyArray<Committee>, exportedOn: string): Generator<R.Hazard> {
  const rows: Array<Omit<R.Hazard, "hazardId">> = []
  const weights = Object.fromEntries(committees.map((c) => [c.name, c.households])) as Record<string, number>
  for (let month = 1; month <= 12; month++) {
    const first = monthStart(year, month)
    const lock = inLockdown(first)
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10)
    for (const [source, s] of Object.entries(SOURCES)) {
      const n = Math.round(s.perMonth * (lock ? 0.15 : 1) * (0.85 + rng.next() * 0.3))
      for (let k = 0; k < n; k++) {
        const foundOn = between(rng, first, last)
        const level = rng.chance(0.02) ? "重大" : "一般"
        const limit = level === "重大" ? 30 : rng.pick([3, 7, 15])
        const dueOn = addDays(foundOn, limit)
        const late = rng.chance(lock ? 0.5 : 0.09)
        let rectifiedOn: string | null = rng.chance(0.985)
          ? addDays(foundOn, late ? limit + rng.int(1, 40) : rng.int(0, limit))
          : null
        if (rectifiedOn !== null && inLockdown(rectifiedOn) && !lock) rectifiedOn = addDays("2022-06-01", rng.int(0, 10))
        if (rectifiedOn !== null && rectifiedOn > exportedOn) rectifiedOn = null
        rows.push({
          source,
          category: rng.pick(s.categories),
          level,
          committee: rng.weighted(weights),
          place: `${rng.pick(["沿街", "小区内", "楼道", "地下车库", "商铺"])}${rng.int(1, 999)}号`,
          foundOn,
          dueOn,
          rectifiedOn,
          // the inspection system leaves 整改用时 empty on a few closed cases
          daysToRectify: rectifiedOn === null || rng.chance(0.01) ? null : daysBetween(foundOn, rectifiedOn)
        })
      }
    }
  }
  rows.sort((a, b) => (a.foundOn < b.foundOn ? -1 : a.foundOn > b.foundOn ? 1 : 0))
  let serial = 0
  for (const r of rows) yield { hazardId: `YH${year}${String(++serial).padStart(5, "0")}`, ...r }
}

const STATIONS = ["长寿路微型消防站", "梅芳里微型消防站", "普陀二村微型消防站", "武宁路微型消防站", "西康路微型消防站", "澳门路微型消防站", "中远两湾城微型消防站", "莫干山路微型消防站"] as const

function* drills(rng: Prng, year: number, committees: ReadonlyArray<Committee>): Generator<R.Drill> {
  const rows: Array<Omit<R.Drill, "drillId">> = []
  for (const c of committees) {
    // most committees hold one or two evacuation drills; two did not manage one in 2022
    const n = c.name === "谈家桥" || c.name === "玉佛寺" ? 0 : rng.chance(0.45) ? 2 : 1
    for (let i = 0; i < n; i++) {
      const heldOn = i === 0 ? afterLockdown(rng, between(rng, `${year}-03-01`, `${year}-07-15`)) : between(rng, `${year}-09-01`, `${year}-11-30`)
      rows.push({ drillType: codes.evacuationDrill, committee: c.name, station: null, heldOn, participants: rng.int(30, 160) })
    }
  }
  for (const s of STATIONS) {
    for (const q of [1, 2, 3, 4]) {
      const heldOn = between(rng, monthStart(year, q * 3 - 2), addDays(monthStart(year, q * 3), 25))
      if (inLockdown(heldOn)) continue // the Q2 drill was not held where it fell in the lockdown
      rows.push({ drillType: codes.stationDrill, committee: null, station: s, heldOn, participants: rng.int(8, 20) })
    }
  }
  for (let i = 0; i < 6; i++) {
    rows.push({ drillType: rng.pick(["防台防汛演练", "燃气泄漏处置演练"]), committee: rng.pick(committees).name, station: null, heldOn: between(rng, `${year}-06-15`, `${year}-08-31`), participants: rng.int(20, 80) })
  }
  rows.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0))
  let serial = 0
  for (const r of rows) yield { drillId: `YL${year}-${String(++serial).padStart(3, "0")}`, ...r }
}

function* meetings(rng: Prng, year: number): Generator<R.SafetyMeeting> {
  const rows: Array<Omit<R.SafetyMeeting, "meetingId">> = [
    { meetingType: codes.annualConference, title: `${year}年度长寿路街道安全生产推进大会`, heldOn: CONFERENCE_ON, attendees: 186 }
  ]
  for (let month = 1; month <= 12; month++) {
    const day = between(rng, monthStart(year, month), addDays(monthStart(year, month), 20))
    if (!inLockdown(day)) rows.push({ meetingType: "信访矛盾联席会议", title: `${month}月信访矛盾联席会议`, heldOn: day, attendees: rng.int(14, 26) })
    if (month % 3 === 0) rows.push({ meetingType: "安委会全体会议", title: `第${month / 3}季度安委会全体会议`, heldOn: afterLockdown(rng, between(rng, addDays(monthStart(year, month), 5), addDays(monthStart(year, month), 25))), attendees: rng.int(30, 45) })
  }
  rows.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0))
  let serial = 0
  for (const r of rows) yield { meetingId: `HY${year}-${String(++serial).padStart(3, "0")}`, ...r }
}

const SUBJECTS = { 旧改征收: 0.24, 物业管理: 0.18, 邻里纠纷: 0.12, 城市管理: 0.1, 社会保障: 0.1, 住房保障: 0.08, 劳动争议: 0.07, 疫情防控: 0.05, 其他: 0.06 } as const

function* petitions(rng: Prng, year: number, committees: ReadonlyArray<Committee>, exportedOn: string): Generator<R.Petition> {
  let serial = 0
  const weights = Object.fromEntries(committees.map((c) => [c.name, c.households])) as Record<string, number>
  for (const day of daysOfYear(year)) {
    const dow = dayOfWeek(day)
    const lock = inLockdown(day)
    const weekend = dow === 0 || dow === 6
    // more in the autumn (普陀一村's expropriation) and on Thursdays (the reception)
    const month = Number(day.slice(5, 7))
    const mean = (weekend ? 0.3 : dow === 4 ? 3.2 : 1.8) * (month >= 9 ? 1.35 : 1)
    const n = Math.max(0, Math.round(rng.normal(mean, 1)))
    for (let k = 0; k < n; k++) {
      const form = lock ? rng.weighted({ 网上信访: 0.85, 来信: 0.15 }) : dow === 4 ? rng.weighted({ 来访: 0.45, 领导接待: 0.2, 网上信访: 0.25, 来信: 0.1 }) : rng.weighted({ 来访: 0.42, 网上信访: 0.4, 来信: 0.18 })
      const firstTime = rng.chance(0.74) ? "是" : "否"
      // handled within the 60-day statutory limit, most in two to four weeks
      let closedOn: string | null = addDays(day, rng.chance(0.92) ? rng.int(3, 30) : rng.int(31, 75))
      if (closedOn > exportedOn) closedOn = null
      const resolvedLocally = closedOn === null ? null : rng.chance(firstTime === "是" ? 0.9 : 0.62) ? "是" : "否"
      const evaluation = closedOn === null || rng.chance(0.13) ? null
        : rng.weighted(resolvedLocally === "是" ? { 满意: 0.74, 基本满意: 0.2, 不满意: 0.06 } : { 满意: 0.3, 基本满意: 0.3, 不满意: 0.4 })
      yield {
        petitionId: `XF${day.replace(/-/g, "")}${String(++serial).padStart(4, "0")}`,
        receivedAt: at(day, 8 * 3600 + rng.int(0, 9 * 3600)),
        form,
        firstTime,
        committee: rng.chance(0.06) ? null : rng.weighted(weights),
        subject: rng.weighted(SUBJECTS),
        closedOn,
        resolvedLocally,
        evaluation
      }
    }
  }
}

const LEADERS = ["街道党工委书记", "街道办事处主任", "党工委副书记", "办事处副主任(平安)", "办事处副主任(城管)", "党工委委员(纪工委书记)"] as const

function* receptions(rng: Prng, year: number): Generator<R.ReceptionDay> {
  let i = 0
  for (const day of daysOfYear(year)) {
    if (dayOfWeek(day) !== 4) continue
    const holiday = !WorkCalendar.isWorkingDaySync(Civil.unsafeDate(day))
    // the reception stopped when the compounds were sealed in late March, then ran by phone and video
    // 2021: one reception missed (a district meeting on 2021-11-18)
    const outcome = holiday ? codes.holiday : day === "2022-03-24" || day === "2022-03-31" || day === "2021-11-18" ? "未接待" : inLockdown(day) ? "线上接待" : "已接待"
    yield {
      day,
      leader: outcome === codes.holiday || outcome === "未接待" ? null : LEADERS[i++ % LEADERS.length]!,
      outcome,
      visitors: outcome === "已接待" ? rng.int(2, 12) : outcome === "线上接待" ? rng.int(1, 6) : 0
    }
  }
}

function* disputeReviews(rng: Prng, year: number, exportedOn: string): Generator<R.DisputeReview> {
  for (let month = 1; month <= 12; month++) {
    const next = month === 12 ? `${year + 1}-01-01` : monthStart(year, month + 1)
    // reported to the next month's joint meeting; April's review was not reported (lockdown)
    let reportedOn: string | null = month === 4 && year === 2022 ? null : afterLockdown(rng, addDays(next, rng.int(2, 9)))
    if (reportedOn !== null && reportedOn > exportedOn) reportedOn = null
    yield { month: monthStart(year, month), disputes: rng.int(18, 46) + (month >= 9 ? 12 : 0), hotIssues: rng.int(2, 7), dueOn: addDays(next, 14), reportedOn }
  }
}

/**
 * The safety pillar's tables.
 *
 * @since 0.1.0
 */
export const generate = (ctx: Generator.Context): ReadonlyArray<Generator.Table> => {
  const exportedOn = ctx.exportedAt.slice(0, 10)
  return [
    { record: R.ResponsibilityLetter, rows: { [Symbol.iterator]: () => letters(ctx.rng.fork("responsibility_letter"), ctx.committees, ctx.enterprises, exportedOn) } },
    { record: R.SixSmallPledge, rows: { [Symbol.iterator]: () => pledges(ctx.rng.fork("six_small_pledge"), ctx.year, ctx.committees, exportedOn) } },
    {
      record: R.Hazard,
      rows: {
        *[Symbol.iterator]() {
          yield* hazards(ctx.rng.fork(`hazard${PRIOR}`), ctx.year - 1, ctx.committees, exportedOn)
          yield* hazards(ctx.rng.fork("hazard"), ctx.year, ctx.committees, exportedOn)
        }
      }
    },
    { record: R.Drill, rows: { [Symbol.iterator]: () => drills(ctx.rng.fork("drill"), ctx.year, ctx.committees) } },
    { record: R.SafetyMeeting, rows: { [Symbol.iterator]: () => meetings(ctx.rng.fork("safety_meeting"), ctx.year) } },
    {
      record: R.Petition,
      rows: {
        *[Symbol.iterator]() {
          yield* petitions(ctx.rng.fork(`petition${PRIOR}`), ctx.year - 1, ctx.committees, exportedOn)
          yield* petitions(ctx.rng.fork("petition"), ctx.year, ctx.committees, exportedOn)
        }
      }
    },
    {
      record: R.ReceptionDay,
      rows: {
        *[Symbol.iterator]() {
          yield* receptions(ctx.rng.fork(`reception_day${PRIOR}`), ctx.year - 1)
          yield* receptions(ctx.rng.fork("reception_day"), ctx.year)
        }
      }
    },
    {
      record: R.DisputeReview,
      rows: {
        *[Symbol.iterator]() {
          yield* disputeReviews(ctx.rng.fork(`dispute_review${PRIOR}`), ctx.year - 1, exportedOn)
          yield* disputeReviews(ctx.rng.fork("dispute_review"), ctx.year, exportedOn)
        }
      }
    }
  ]
}
