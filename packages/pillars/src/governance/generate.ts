/**
 * The governance pillar's part of the seed data: the 2022 owners' committee elections (the 16
 * planned, two unplanned, a failed quorum and a postponement), self-governance projects, the
 * quarterly social-worker roster and the 3rd and 4th public-benefit venture fairs.
 *
 * @since 0.1.0
 */
import type * as Generator from "../Generator.js"
import type { Prng } from "../Prng.js"
import type { Committee } from "../Reference.js"
import { addDays } from "../internal/time.js"
import * as R from "./records.js"

const between = (rng: Prng, from: string, to: string): string => {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return new Date(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10)
}

/** Shanghai's spring 2022 lockdown: nothing was convened or filed in April and May. */
const inLockdown = (day: string): boolean => day >= "2022-04-01" && day < "2022-06-01"
const afterLockdown = (rng: Prng, day: string): string => (inLockdown(day) ? addDays("2022-06-01", rng.int(0, 40)) : day)

const committeeOf = (rng: Prng, committees: ReadonlyArray<Committee>, estate: string): string =>
  committees.find((c) => estate.startsWith(c.name))?.name ?? rng.pick(committees).name

/**
 * The estates of the 2022 plan (燕宁苑 and 上青佳园 are named; the other 14 are illustrative), with
 * what happened: `ok` elected at the first meeting, `retry` failed quorum then elected,
 * `postponed` not held in 2022.
 */
const PLANNED: ReadonlyArray<{ readonly estate: string; readonly kind: "组建" | "换届"; readonly path: "ok" | "retry" | "postponed" }> = [
  { estate: "燕宁苑", kind: "换届", path: "ok" },
  { estate: "上青佳园", kind: "组建", path: "retry" },
  { estate: "中远两湾城一期", kind: "换届", path: "ok" },
  { estate: "中远两湾城三期", kind: "换届", path: "ok" },
  { estate: "新湖明珠城一期", kind: "换届", path: "ok" },
  { estate: "梅芳苑", kind: "换届", path: "ok" },
  { estate: "长寿新村小区", kind: "组建", path: "ok" },
  { estate: "西康公寓", kind: "换届", path: "ok" },
  { estate: "武宁小区", kind: "换届", path: "retry" },
  { estate: "昌化公寓", kind: "组建", path: "ok" },
  { estate: "锦绣里公寓", kind: "换届", path: "ok" },
  { estate: "常德名园", kind: "换届", path: "ok" },
  { estate: "海防公寓", kind: "换届", path: "ok" },
  { estate: "宜昌小区", kind: "组建", path: "postponed" },
  { estate: "安远公寓", kind: "换届", path: "ok" },
  { estate: "大洋里花苑", kind: "换届", path: "ok" }
]

const UNPLANNED = [
  { estate: "澳门路小区", kind: "换届", elected: true },
  { estate: "胶州公寓", kind: "换届", elected: false }
] as const

function* elections(rng: Prng, committees: ReadonlyArray<Committee>, exportedOn: string): Generator<R.OwnersCommitteeElection> {
  let serial = 0
  const id = () => `YWH2022-${String(++serial).padStart(3, "0")}`
  const row = (estate: string, kind: string, inPlan: string, startedOn: string, electedOn: string | null, result: string | null, filedOn: string | null): R.OwnersCommitteeElection => ({
    electionId: id(),
    estate,
    committee: committeeOf(rng, committees, estate),
    kind,
    inPlan,
    startedOn,
    electedOn: electedOn !== null && electedOn <= exportedOn ? electedOn : null,
    result: electedOn !== null && electedOn <= exportedOn ? result : null,
    filedOn: filedOn !== null && filedOn <= exportedOn ? filedOn : null
  })
  for (const p of PLANNED) {
    const startedOn = between(rng, "2022-01-10", "2022-07-31")
    if (p.path === "postponed") {
      yield row(p.estate, p.kind, "是", startedOn, null, null, null)
      continue
    }
    // an election takes 2–5 months from the preparatory group to the owners' meeting
    let electedOn = afterLockdown(rng, addDays(startedOn, rng.int(60, 150)))
    if (p.path === "retry") {
      yield row(p.estate, p.kind, "是", startedOn, electedOn, "未达法定人数", null)
      electedOn = addDays(electedOn, rng.int(45, 90))
    }
    yield row(p.estate, p.kind, "是", startedOn, electedOn, "当选", afterLockdown(rng, addDays(electedOn, rng.int(7, 30))))
  }
  for (const u of UNPLANNED) {
    const startedOn = between(rng, "2022-06-15", "2022-09-30")
    const electedOn = addDays(startedOn, rng.int(60, 100))
    yield row(u.estate, u.kind, "否", startedOn, u.elected ? electedOn : null, u.elected ? "当选" : null, u.elected ? addDays(electedOn, rng.int(7, 21)) : null)
  }
}

const PROJECT_KINDS: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["楼道微更新", ["楼道墙面美化", "楼道堆物清理与公约", "楼道照明改造"]],
  ["环境整治", ["非机动车停放整治", "垃圾箱房微改造", "绿化认养", "屋顶花园"]],
  ["睦邻互助", ["睦邻点建设", "邻里节", "老年助浴互助队", "楼组长赋能"]],
  ["议事协商", ["加装电梯协调议事", "停车自治管理", "楼组自治公约", "居民区议事厅"]],
  ["平安自治", ["电动自行车充电自治", "楼组平安志愿巡逻", "高空抛物宣传"]]
]

function* projects(rng: Prng, committees: ReadonlyArray<Committee>, exportedOn: string): Generator<R.SelfGovernanceProject> {
  let serial = 0
  const rows: Array<R.SelfGovernanceProject> = []
  for (const c of committees) {
    const n = rng.weighted({ 1: 0.2, 2: 0.4, 3: 0.3, 4: 0.1 })
    for (let i = 0; i < Number(n); i++) {
      const [category, titles] = rng.pick(PROJECT_KINDS)
      // two application rounds: March (before the lockdown) and September–October
      const appliedOn = rng.chance(0.55) ? between(rng, "2022-02-21", "2022-03-25") : between(rng, "2022-09-01", "2022-10-31")
      const reviewOn = afterLockdown(rng, addDays(appliedOn, rng.int(20, 45)))
      const decided = reviewOn <= "2022-12-20"
      const review = !decided ? "待评审" : rng.chance(0.74) ? "立项" : "未立项"
      const approvedOn = review === "立项" && reviewOn <= exportedOn ? reviewOn : null
      let completedOn = approvedOn === null ? null : addDays(approvedOn, rng.int(60, 220))
      if (completedOn !== null && (completedOn > exportedOn || rng.chance(0.08))) completedOn = null
      rows.push({
        projectId: "",
        committee: c.name,
        title: `${c.name}${rng.pick(titles)}`,
        category,
        appliedOn,
        review,
        reviewedOn: decided && reviewOn <= exportedOn ? reviewOn : null,
        approvedOn,
        budget: approvedOn === null ? null : rng.int(30, 300) * 100,
        completedOn
      })
    }
  }
  rows.sort((a, b) => (a.appliedOn < b.appliedOn ? -1 : a.appliedOn > b.appliedOn ? 1 : 0))
  for (const r of rows) yield { ...r, projectId: `ZZ2022-${String(++serial).padStart(3, "0")}` }
}

const SNAPSHOTS = ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"] as const
const LEVELS = ["助理社会工作师", "社会工作师", "高级社会工作师"] as const

function* roster(rng: Prng, committees: ReadonlyArray<Committee>): Generator<R.SocialWorker> {
  interface Worker {
    id: string
    committee: string
    post: string
    hiredOn: string
    level: string | null
    certifiedQuarter: number
    leftQuarter: number
    secondedQuarter: number
    blank: boolean
  }
  const workers: Array<Worker> = []
  let serial = 0
  for (const c of committees) {
    const size = 6 + Math.round(c.households / 600) + rng.int(0, 2)
    for (let i = 0; i < size; i++) {
      const post = i === 0 ? "书记" : i === 1 ? "主任" : i === 2 ? "副主任" : i < 5 ? "委员" : "社工"
      // new recruits join in the summer recruitment (quarter 3)
      const recruit = i >= size - 1 && rng.chance(0.35)
      const hiredOn = recruit ? between(rng, "2022-07-01", "2022-08-31") : between(rng, "2006-03-01", "2021-12-31")
      const senior = i < 3
      const level = rng.chance(senior ? 0.85 : recruit ? 0.2 : 0.5)
        ? rng.weighted({ 助理社会工作师: 0.62, 社会工作师: 0.34, 高级社会工作师: 0.04 })
        : null
      // some pass the June exam; certificates are registered in the fourth quarter
      const certifiedQuarter = level === null && rng.chance(0.18) ? 4 : 0
      workers.push({
        id: `SG${String(++serial).padStart(4, "0")}`,
        committee: c.name,
        post,
        hiredOn,
        level: certifiedQuarter > 0 ? LEVELS[0] : level,
        certifiedQuarter,
        leftQuarter: !senior && rng.chance(0.07) ? rng.int(1, 4) : 99,
        secondedQuarter: !senior && rng.chance(0.03) ? rng.int(2, 3) : 99,
        blank: rng.chance(0.03)
      })
    }
  }
  for (let q = 1; q <= 4; q++) {
    const snapshotOn = SNAPSHOTS[q - 1]!
    for (const w of workers) {
      if (w.hiredOn > snapshotOn || w.leftQuarter < q) continue
      const status = w.leftQuarter === q ? "离职" : w.secondedQuarter === q ? "借调" : "在岗"
      const certified = w.level !== null && (w.certifiedQuarter === 0 || w.certifiedQuarter <= q)
      yield {
        snapshotOn,
        workerId: w.id,
        committee: w.committee,
        post: w.post,
        status,
        hiredOn: w.hiredOn,
        certificate: w.blank ? null : certified ? w.level : "无",
        // Q2 was the lockdown: training moved online and was short
        trainingHours: Math.round((q === 2 ? rng.int(2, 8) : rng.int(8, 24)) * (status === "在岗" ? 1 : 0.5))
      }
    }
  }
}

const ORGS = ["上海乐群社工服务社", "普陀区阳光社区服务中心", "上海睦邻社会工作发展中心", "长寿社区公益服务社", "上海益优青少年服务中心", "上海馨家园社工师事务所", "普陀区老年协会", "上海同心圆公益发展中心", "上海青翼社会工作服务中心", "苏河汇公益联盟"] as const
const FIELDS = ["为老服务", "青少年", "助残", "社区营造", "环境保护", "文化传承", "心理关爱", "就业帮扶"] as const

function* ventures(rng: Prng, exportedOn: string): Generator<R.VentureProject> {
  let serial = 0
  const make = (edition: number, appliedFrom: string, appliedTo: string, fairOn: string, count: number) => {
    const rows: Array<R.VentureProject> = []
    for (let i = 0; i < count; i++) {
      const field = rng.pick(FIELDS)
      const appliedOn = between(rng, appliedFrom, appliedTo)
      const review = rng.chance(0.05) ? "撤回" : rng.chance(0.55) ? "资助" : "未资助"
      const fundedOn = review === "资助" ? fairOn : null
      let completedOn = fundedOn === null ? null : addDays(fundedOn, rng.int(240, 400))
      if (completedOn !== null && completedOn > exportedOn) completedOn = null
      rows.push({
        projectId: `GYCT${edition}-${String(++serial).padStart(3, "0")}`,
        edition,
        title: `${field}·${rng.pick(["暖心", "同行", "微光", "共享", "邻里", "成长", "守护", "焕新"])}${rng.pick(["计划", "行动", "工坊", "课堂", "驿站"])}`,
        organisation: rng.pick(ORGS),
        field,
        appliedOn,
        review,
        fundedOn,
        grant: fundedOn === null ? null : rng.int(15, 80) * 1000,
        completedOn
      })
    }
    return rows
  }
  // the 3rd fair (2021) closes its projects in 2022; the 4th was pushed back by the lockdown
  yield* make(3, "2021-05-10", "2021-06-30", "2021-09-24", 34)
  yield* make(4, "2022-07-01", "2022-08-20", "2022-09-29", 41)
}

/**
 * The governance pillar's tables.
 *
 * @since 0.1.0
 */
export const generate = (ctx: Generator.Context): ReadonlyArray<Generator.Table> => {
  const exportedOn = ctx.exportedAt.slice(0, 10)
  return [
    { record: R.OwnersCommitteeElection, rows: { [Symbol.iterator]: () => elections(ctx.rng.fork("owners_committee_election"), ctx.committees, exportedOn) } },
    { record: R.SelfGovernanceProject, rows: { [Symbol.iterator]: () => projects(ctx.rng.fork("self_governance_project"), ctx.committees, exportedOn) } },
    { record: R.SocialWorker, rows: { [Symbol.iterator]: () => roster(ctx.rng.fork("social_worker"), ctx.committees) } },
    { record: R.VentureProject, rows: { [Symbol.iterator]: () => ventures(ctx.rng.fork("venture_project"), exportedOn) } }
  ]
}
