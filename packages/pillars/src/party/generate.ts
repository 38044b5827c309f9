/**
 * The party pillar's part of the seed data.
 *
 * @since 0.1.0
 */
import type * as Generator from "../Generator.js"
import { addDays, monthStart } from "../internal/time.js"
import { codes } from "./kpis.js"
import * as R from "./records.js"

const TOPICS = ["学习贯彻中央八项规定精神", "紧盯“小微权力”", "以案说纪", "廉洁家风", "四风问题警示教育", "党纪党规学习"] as const

// the “红色引擎换挡工程” three-year action plan (2020—2022): 1个办法, 4个细则, 4个指数评价指标, the yearly
// 指数评定评议 and the summary of the three years; the plan year's nodes fall in December
const milestones = (y: number): ReadonlyArray<R.PartyMilestone> => {
  const project = `“红色引擎换挡工程”三年行动计划（${y - 2}—${y}年）`
  const row = (milestone: string, plannedOn: string, achievedOn: string | null): R.PartyMilestone => ({
    projectId: codes.redEngine.projectId, project, milestone, plannedOn, achievedOn
  })
  return [
    row("出台实施办法(1个办法)", `${y - 2}-06-30`, `${y - 2}-06-19`),
    row("制定实施细则(4个细则)", `${y - 2}-12-31`, `${y - 2}-12-24`),
    row("确定指数评价指标(4个指数)", `${y - 1}-06-30`, `${y - 1}-07-13`),
    row(`${y - 1}年度指数评定评议`, `${y}-03-31`, `${y}-03-29`),
    row(`${y}年度指数评定评议`, `${y}-12-31`, `${y}-12-16`),
    row(codes.redEngine.milestone, `${y}-12-31`, `${y}-12-27`)
  ]
}

/**
 * The party pillar's tables.
 *
 * @since 0.1.0
 */
export const generate = (ctx: Generator.Context): ReadonlyArray<Generator.Table> => {
  const y = ctx.year

  // party members: 30–70 per residential committee branch, plus 机关 and 两新 branches
  const rngM = ctx.rng.fork("members")
  const members: Array<{ id: string; branch: string; committee: string; from: number; to: number; keen: number }> = []
  let serial = 0
  const branches = [
    ...ctx.committees.map((c) => ({ branch: `${c.name}居民区党总支`, committee: c.name, size: 30 + Math.round(c.households / 60) })),
    { branch: "街道机关党支部", committee: "机关", size: 85 },
    { branch: "开伦园区联合党支部", committee: "园区", size: 60 }
  ]
  for (const b of branches) {
    for (let i = 0; i < b.size; i++) {
      const joinsLate = rngM.chance(0.03)
      const leaves = rngM.chance(0.02)
      members.push({
        id: `DY${String(++serial).padStart(5, "0")}`,
        branch: b.branch,
        committee: b.committee,
        from: joinsLate ? rngM.int(2, 12) : 1,
        to: leaves ? rngM.int(1, 11) : 12,
        keen: rngM.chance(0.06) ? 0.02 : rngM.next() * 0.5 + 0.45 // a few members (elderly, ill, away) hardly attend
      })
    }
  }
  const rngS = ctx.rng.fork("study_month")
  function* study(): Generator<Record<string, unknown>> {
    for (let m = 1; m <= 12; m++) {
      const lock = m === 4 || m === 5
      for (const p of members) {
        if (m < p.from || m > p.to) continue
        const p1 = lock ? p.keen * 0.6 : p.keen
        const sessions = rngS.chance(p1) ? (rngS.chance(0.25) ? 2 : 1) : 0
        yield { memberId: p.id, branch: p.branch, committee: p.committee, month: monthStart(y, m), sessions }
      }
    }
  }

  // the year before the plan's too (its own stream, so the plan year's rows do not change), for 同比
  const rngP = ctx.rng.fork("integrity_talk_month/prior")
  function* talksBefore(): Generator<Record<string, unknown>> {
    for (let m = 1; m <= 12; m++) {
      for (const c of ctx.committees) {
        const held = rngP.chance(0.93)
        const sessions = held ? (rngP.chance(0.1) ? 2 : 1) : 0
        yield { committee: c.name, month: monthStart(y - 1, m), sessions, attendees: held ? rngP.int(12, 45) * sessions : null, topic: held ? rngP.pick(TOPICS) : null }
      }
    }
  }
  const rngT = ctx.rng.fork("integrity_talk_month")
  function* talks(): Generator<Record<string, unknown>> {
    yield* talksBefore()
    for (let m = 1; m <= 12; m++) {
      const lock = m === 4 || m === 5
      for (const c of ctx.committees) {
        const held = rngT.chance(lock ? 0.55 : 0.985)
        const sessions = held ? (rngT.chance(0.1) ? 2 : 1) : 0
        yield {
          committee: c.name,
          month: monthStart(y, m),
          sessions,
          attendees: held ? rngT.int(12, 45) * sessions : null,
          topic: held ? rngT.pick(TOPICS) : null
        }
      }
    }
  }

  const rngU = ctx.rng.fork("enterprise_union")
  const unions = ctx.enterprises.filter((e) => e.landed).map((e) => {
    const big = e.staff >= 25
    // most large enterprises already had a union; 2022 pushed the rest (重点推进)
    const before = big ? rngU.chance(0.72) : rngU.chance(0.12)
    const in2022 = !before && (big ? rngU.chance(0.6) : rngU.chance(0.03))
    const founded = before
      ? addDays(e.registeredOn > `${y - 1}-06-30` ? e.registeredOn : `${y - 1}-06-30`, -rngU.int(0, 900))
      : in2022 ? addDays(`${y}-01-01`, rngU.int(0, 364)) : null
    return {
      creditCode: e.creditCode,
      name: e.name,
      staff: e.staff,
      registeredOn: e.registeredOn,
      unionFoundedOn: founded !== null && founded < e.registeredOn ? addDays(e.registeredOn, rngU.int(30, 200)) : founded
    }
  })

  const rngW = ctx.rng.fork("screening")
  function* screening(): Generator<Record<string, unknown>> {
    let id = 0
    for (const c of ctx.committees) {
      const n = Math.round(c.households * 0.065)
      for (let i = 0; i < n; i++) {
        const screened = rngW.chance(0.78)
        let day = screened ? addDays(`${y}-01-01`, rngW.int(10, 350)) : null
        // no screening in the April–May lockdown: those appointments moved to June–July
        if (day !== null && day >= `${y}-04-01` && day < `${y}-06-01`) day = addDays(day, 61)
        yield {
          residentId: `LB${y}${String(++id).padStart(5, "0")}`,
          committee: c.name,
          age: rngW.int(35, 64),
          listedOn: `${y}-01-01`,
          screenedOn: day,
          result: day === null ? null : rngW.chance(0.06) ? "异常转诊" : "未见异常"
        }
      }
    }
  }

  return [
    { record: R.StudyMonth, rows: { [Symbol.iterator]: study } },
    { record: R.IntegrityTalkMonth, rows: { [Symbol.iterator]: talks } },
    { record: R.EnterpriseUnion, rows: unions },
    { record: R.Screening, rows: { [Symbol.iterator]: screening } },
    { record: R.PartyMilestone, rows: milestones(y) }
  ]
}
