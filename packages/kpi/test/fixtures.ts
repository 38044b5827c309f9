/**
 * A small hotline data set whose KPI values are worked out by hand in the tests.
 *
 * | id  | acceptedAt          | closedAt            | dueAt               | status | committee | hours | rating  | verdict | caller |
 * |-----|---------------------|---------------------|---------------------|--------|-----------|-------|---------|---------|--------|
 * | h1  | 2022-01-05 09:00:00 | 2022-01-07 10:00:00 | 2022-01-10 18:00:00 | 办结   | 甲        | 2     | 满意    | 属实    | c1     |
 * | h2  | 2022-01-18 14:30:00 | 2022-02-03 09:00:00 | 2022-01-28 18:00:00 | 办结   | 乙        | 5.5   | 基本满意 | 不属实  | c2     |
 * | h3  | 2022-01-31 23:59:59 | –                   | 2022-02-14 18:00:00 | 在办   | 甲        | –     | –       | –       | c1     |
 * | h4  | 2022-02-01 00:00:00 | 2022-02-10 16:00:00 | 2022-02-15          | 办结   | 乙        | 3     | 一般    | 属实    | c3     |
 * | h5  | 2022-02-14 10:00:00 | 2022-02-20 11:00:00 | 2022-02-18 18:00:00 | 办结   | 甲        | 4     | 不满意  | 属实    | c1     |
 * | h6  | 2022-03-02 08:00:00 | 2022-03-04 12:00:00 | 2022-03-09 18:00:00 | 办结   | 甲        | 1.5   | 满意    | 不属实  | c2     |
 * | h7  | 2022-03-20          | 2022-03-31 17:00:00 | 2022-03-30          | 办结   | 丙        | 6     | 未评价  | 属实    | c4     |
 * | h8  | 2021-12-30 16:00:00 | 2022-01-04 10:00:00 | 2022-01-06 18:00:00 | 办结   | 甲        | 2.5   | 满意    | 属实    | c1     |
 * | h9  | 2022-04-02 09:00:00 | –                   | 2022-04-10 18:00:00 | 在办   | 乙        | –     | –       | –       | c5     |
 * | h10 | 2022-03-28 11:00:00 | –                   | 2022-04-06 18:00:00 | 在办   | 乙        | –     | –       | –       | c3     |
 */
import { Filter, Kpi } from "@govplan/kpi"

export interface Order {
  readonly id: string
  readonly acceptedAt: string
  readonly closedAt: string | null
  readonly dueAt: string
  readonly status: string
  readonly committee: string
  readonly hours: number | null
  readonly rating: string | null
  readonly verdict: string | null
  readonly caller: string
}

const o = (
  id: string,
  acceptedAt: string,
  closedAt: string | null,
  dueAt: string,
  status: string,
  committee: string,
  hours: number | null,
  rating: string | null,
  verdict: string | null,
  caller: string
): Order => ({ id, acceptedAt, closedAt, dueAt, status, committee, hours, rating, verdict, caller })

/** SQLite column types of the order table. */
export const orderColumns = {
  id: "TEXT",
  acceptedAt: "TEXT",
  closedAt: "TEXT",
  dueAt: "TEXT",
  status: "TEXT",
  committee: "TEXT",
  hours: "REAL",
  rating: "TEXT",
  verdict: "TEXT",
  caller: "TEXT"
} as const

export const orders: ReadonlyArray<Order> = [
  o("h1", "2022-01-05 09:00:00", "2022-01-07 10:00:00", "2022-01-10 18:00:00", "办结", "甲", 2, "满意", "属实", "c1"),
  o("h2", "2022-01-18 14:30:00", "2022-02-03 09:00:00", "2022-01-28 18:00:00", "办结", "乙", 5.5, "基本满意", "不属实", "c2"),
  o("h3", "2022-01-31 23:59:59", null, "2022-02-14 18:00:00", "在办", "甲", null, null, null, "c1"),
  o("h4", "2022-02-01 00:00:00", "2022-02-10 16:00:00", "2022-02-15", "办结", "乙", 3, "一般", "属实", "c3"),
  o("h5", "2022-02-14 10:00:00", "2022-02-20 11:00:00", "2022-02-18 18:00:00", "办结", "甲", 4, "不满意", "属实", "c1"),
  o("h6", "2022-03-02 08:00:00", "2022-03-04 12:00:00", "2022-03-09 18:00:00", "办结", "甲", 1.5, "满意", "不属实", "c2"),
  o("h7", "2022-03-20", "2022-03-31 17:00:00", "2022-03-30", "办结", "丙", 6, "未评价", "属实", "c4"),
  o("h8", "2021-12-30 16:00:00", "2022-01-04 10:00:00", "2022-01-06 18:00:00", "办结", "甲", 2.5, "满意", "属实", "c1"),
  o("h9", "2022-04-02 09:00:00", null, "2022-04-10 18:00:00", "在办", "乙", null, null, null, "c5"),
  o("h10", "2022-03-28 11:00:00", null, "2022-04-06 18:00:00", "在办", "乙", null, null, null, "c3")
]

const record = "hotline_order"

/** orders accepted */
export const intake = Kpi.define({ id: "t.intake", name: "受理量", record, measure: Kpi.count({ time: "acceptedAt" }) })

/** orders closed, counted by closing time */
export const closures = Kpi.define({
  id: "t.closures",
  name: "办结量",
  record,
  measure: Kpi.count({ time: "closedAt", where: Filter.eq("status", "办结") })
})

/** 办结率: of the orders accepted in the bucket, the share closed */
export const closureRate = Kpi.define({
  id: "t.closure-rate",
  name: "办结率",
  gloss: "closure rate",
  record,
  measure: Kpi.ratio({
    numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("status", "办结") }),
    denominator: Kpi.count({ time: "acceptedAt" })
  })
})

/** 按时结案率: numerator by closing time, denominator by due time */
export const onTimeRate = Kpi.define({
  id: "t.on-time-rate",
  name: "按时结案率",
  record,
  measure: Kpi.ratio({
    numerator: Kpi.count({ time: "closedAt", where: Filter.fieldLe("closedAt", "dueAt") }),
    denominator: Kpi.count({ time: "dueAt" })
  })
})

export const hours = Kpi.define({
  id: "t.hours",
  name: "办理工时",
  record,
  measure: Kpi.sum({ field: "hours", time: "closedAt", where: Filter.eq("status", "办结") })
})

export const callers = Kpi.define({
  id: "t.callers",
  name: "来电人数",
  record,
  measure: Kpi.countDistinct({ field: "caller", time: "acceptedAt" })
})

export const firstClosed = Kpi.define({
  id: "t.first-closed",
  name: "首次办结时间",
  record,
  measure: Kpi.min({ field: "closedAt", time: "acceptedAt", where: Filter.isNotNull("closedAt") })
})

export const lastClosed = Kpi.define({
  id: "t.last-closed",
  name: "末次办结时间",
  record,
  measure: Kpi.max({ field: "closedAt", time: "acceptedAt" })
})

export const minHours = Kpi.define({ id: "t.min-hours", name: "最短工时", record, measure: Kpi.min({ field: "hours", time: "acceptedAt" }) })

export const maxHours = Kpi.define({ id: "t.max-hours", name: "最长工时", record, measure: Kpi.max({ field: "hours", time: "acceptedAt" }) })

export const satisfaction = Kpi.define({
  id: "t.satisfaction",
  name: "满意率",
  record,
  measure: Kpi.weightedMean({
    field: "rating",
    weights: { 满意: 1, 基本满意: 0.8, 一般: 0.6, 不满意: 0 },
    time: "closedAt",
    where: Filter.eq("status", "办结")
  })
})

/** 不属实率: untrue / (true + untrue) */
export const untrueRate = Kpi.define({
  id: "t.untrue-rate",
  name: "不属实率",
  record,
  measure: Kpi.derive({
    inputs: {
      untrue: Kpi.count({ time: "closedAt", where: Filter.eq("verdict", "不属实") }),
      truthful: Kpi.count({ time: "closedAt", where: Filter.eq("verdict", "属实") })
    },
    expr: Kpi.div(Kpi.ref("untrue"), Kpi.add(Kpi.ref("untrue"), Kpi.ref("truthful")))
  })
})

/** backlog growth in per cent of intake: (intake − closures) × 100 / intake */
export const backlogGrowth = Kpi.define({
  id: "t.backlog-growth",
  name: "积压增幅",
  record,
  measure: Kpi.derive({
    inputs: { intake: intake.measure, closed: closures.measure },
    expr: Kpi.div(Kpi.mul(Kpi.sub(Kpi.ref("intake"), Kpi.ref("closed")), 100), Kpi.ref("intake"))
  })
})

export const allDefinitions = [
  intake,
  closures,
  closureRate,
  onTimeRate,
  hours,
  callers,
  firstClosed,
  lastClosed,
  minHours,
  maxHours,
  satisfaction,
  untrueRate,
  backlogGrowth
] as const

/** A value that would break out of an SQL string literal; `injection` uses it as a filter value and a weight key. */
export const evil = "x' OR 1=1; DROP TABLE hotline_order; --"

export const injection = Kpi.define({
  id: "t.evil",
  name: "n",
  record,
  measure: Kpi.weightedMean({ field: "rating", time: "closedAt", weights: { [evil]: 1 }, where: Filter.eq("status", evil) })
})
