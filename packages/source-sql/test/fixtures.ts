/**
 * Deterministic hotline rows and KPI definitions covering every measure kind, plus helpers that
 * create, fill and drop a table on any of the three databases.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { Filter, Kpi } from "@govplan/kpi"
import { Effect } from "effect"
import type { Dialect } from "./databases.js"

export interface Row {
  readonly order_id: string
  readonly accepted_at: string
  readonly closed_at: string | null
  readonly due_at: string
  readonly status: string
  readonly committee: string
  readonly category: string
  readonly returns: number
  readonly hours: number | null
  readonly rating: string | null
  readonly verification: string | null
  readonly caller: string
}

/** A small LCG: the same rows on every machine. */
const lcg = (seed: number) => {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const pad = (n: number) => String(n).padStart(2, "0")

export const makeRows = (n: number, seed = 12345): Array<Row> => {
  const r = lcg(seed)
  const pick = <A>(xs: ReadonlyArray<A>) => xs[Math.floor(r() * xs.length)]!
  const rows: Array<Row> = []
  for (let i = 0; i < n; i++) {
    // 2021-12 … 2023-01 so that rows fall outside the 2022 period too
    const month = Math.floor(r() * 14) // 0 = 2021-12, 13 = 2023-01
    const year = month === 0 ? 2021 : month === 13 ? 2023 : 2022
    const m = month === 0 ? 12 : month === 13 ? 1 : month
    const day = 1 + Math.floor(r() * 28)
    const accepted = `${year}-${pad(m)}-${pad(day)} ${pad(Math.floor(r() * 24))}:${pad(Math.floor(r() * 60))}:00`
    const open = r() < 0.15
    const closeDays = Math.floor(r() * 20)
    const closedDate = new Date(Date.UTC(year, m - 1, day + closeDays, Math.floor(r() * 24), 0, 0))
    const closed = open
      ? null
      : `${closedDate.getUTCFullYear()}-${pad(closedDate.getUTCMonth() + 1)}-${pad(closedDate.getUTCDate())} ${pad(closedDate.getUTCHours())}:00:00`
    const dueDate = new Date(Date.UTC(year, m - 1, day + 10))
    const due = `${dueDate.getUTCFullYear()}-${pad(dueDate.getUTCMonth() + 1)}-${pad(dueDate.getUTCDate())} 23:59:59`
    rows.push({
      order_id: `HT${String(i + 1).padStart(6, "0")}`,
      accepted_at: accepted,
      closed_at: closed,
      due_at: due,
      status: open ? "在办" : "办结",
      committee: pick(["长寿", "武宁", "曹家渡", "莫干山", "西康", "叶家宅"]),
      category: pick(["投诉", "求助", "咨询", "建议", "举报"]),
      returns: r() < 0.8 ? 0 : Math.floor(r() * 3) + 1,
      hours: open ? null : Math.round(r() * 100) / 4,
      rating: open ? null : pick(["满意", "基本满意", "一般", "不满意", null, "未评价"]),
      verification: open ? null : pick(["属实", "不属实", null]),
      caller: `c${Math.floor(r() * 60)}`
    })
  }
  return rows
}

const record = "hotline_order"
const closed = Filter.isNotNull("closed_at")
const weights = { 满意: 1, 基本满意: 0.8, 一般: 0.6, 不满意: 0 }

/** Every measure kind, most filter kinds, two time fields. */
export const defs: ReadonlyArray<Kpi.Definition> = [
  Kpi.define({ id: "t.intake", name: "受理量", record, measure: Kpi.count({ time: "accepted_at" }) }),
  Kpi.define({ id: "t.closures", name: "结案量", record, measure: Kpi.count({ time: "closed_at", where: closed }) }),
  Kpi.define({
    id: "t.on-time",
    name: "按时结案率",
    record,
    measure: Kpi.ratio({
      numerator: Kpi.count({ time: "due_at", where: Filter.fieldLe("closed_at", "due_at") }),
      denominator: Kpi.count({ time: "due_at" })
    })
  }),
  Kpi.define({
    id: "t.unfounded",
    name: "不属实率",
    record,
    measure: Kpi.ratio({
      numerator: Kpi.count({ time: "closed_at", where: Filter.eq("verification", "不属实") }),
      denominator: Kpi.count({ time: "closed_at", where: closed })
    })
  }),
  Kpi.define({ id: "t.satisfaction", name: "满意率", record, measure: Kpi.weightedMean({ field: "rating", weights, time: "closed_at" }) }),
  Kpi.define({ id: "t.hours", name: "办理时长", record, measure: Kpi.sum({ field: "hours", time: "closed_at" }) }),
  Kpi.define({ id: "t.callers", name: "来电人数", record, measure: Kpi.countDistinct({ field: "caller", time: "accepted_at" }) }),
  Kpi.define({ id: "t.first-close", name: "首次结案", record, measure: Kpi.min({ field: "closed_at", time: "closed_at" }) }),
  Kpi.define({ id: "t.max-returns", name: "最多退单", record, measure: Kpi.max({ field: "returns", time: "accepted_at" }) }),
  Kpi.define({
    id: "t.return-rate",
    name: "退单率",
    record,
    measure: Kpi.ratio({
      numerator: Kpi.count({ time: "accepted_at", where: Filter.ge("returns", 1) }),
      denominator: Kpi.count({ time: "accepted_at" })
    })
  }),
  Kpi.define({
    id: "t.not-complaint-open",
    name: "非投诉在办",
    record,
    measure: Kpi.count({
      time: "accepted_at",
      where: Filter.and(Filter.not(Filter.oneOf("category", ["投诉", "举报"])), Filter.isNull("closed_at"))
    })
  }),
  Kpi.define({
    id: "t.backlog",
    name: "净增",
    record,
    measure: Kpi.derive({
      inputs: { a: Kpi.count({ time: "accepted_at" }), c: Kpi.count({ time: "closed_at", where: closed }) },
      expr: Kpi.sub(Kpi.ref("a"), Kpi.ref("c"))
    })
  }),
  Kpi.define({
    id: "t.hours-per-close",
    name: "平均时长",
    record,
    measure: Kpi.derive({
      inputs: { h: Kpi.sum({ field: "hours", time: "closed_at" }), c: Kpi.count({ time: "closed_at", where: closed }) },
      expr: Kpi.div(Kpi.ref("h"), Kpi.ref("c"))
    })
  })
]

const columnTypes = (dialect: Dialect) => {
  const text = dialect === "mysql" ? "VARCHAR(64)" : "TEXT"
  const real = dialect === "pg" ? "DOUBLE PRECISION" : dialect === "mysql" ? "DOUBLE" : "REAL"
  return { text, real, int: "INTEGER" }
}

/** CREATE TABLE for the hotline rows (MySQL: utf8mb4_bin, so `=` compares exactly as in memory). */
export const createHotline = (table: string, dialect: Dialect) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const t = columnTypes(dialect)
    const q = (s: string) => (dialect === "mysql" ? "`" + s + "`" : `"${s}"`)
    const cols = [
      `${q("order_id")} ${t.text} PRIMARY KEY`,
      `${q("accepted_at")} ${t.text} NOT NULL`,
      `${q("closed_at")} ${t.text}`,
      `${q("due_at")} ${t.text} NOT NULL`,
      `${q("status")} ${t.text} NOT NULL`,
      `${q("committee")} ${t.text} NOT NULL`,
      `${q("category")} ${t.text} NOT NULL`,
      `${q("returns")} ${t.int} NOT NULL`,
      `${q("hours")} ${t.real}`,
      `${q("rating")} ${t.text}`,
      `${q("verification")} ${t.text}`,
      `${q("caller")} ${t.text} NOT NULL`
    ]
    yield* sql.unsafe(
      `CREATE TABLE ${q(table)} (${cols.join(", ")})${dialect === "mysql" ? " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin" : ""}`
    )
  })

/** Multi-row INSERTs with bound values, 200 rows per statement. */
export const insertRows = (table: string, dialect: Dialect, rows: ReadonlyArray<object>) =>
  Effect.gen(function*() {
    if (rows.length === 0) return
    const sql = yield* SqlClient.SqlClient
    const columns = Object.keys(rows[0]!)
    const q = (s: string) => (dialect === "mysql" ? "`" + s + "`" : `"${s}"`)
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200)
      const params: Array<unknown> = []
      const tuples = batch.map((row) => {
        const marks = columns.map((c) => {
          params.push((row as Record<string, unknown>)[c] ?? null)
          return dialect === "pg" ? `$${params.length}` : "?"
        })
        return `(${marks.join(", ")})`
      })
      yield* sql.unsafe(`INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES ${tuples.join(", ")}`, params)
    }
  })

export const dropTable = (table: string, dialect: Dialect) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const q = (s: string) => (dialect === "mysql" ? "`" + s + "`" : `"${s}"`)
    yield* sql.unsafe(`DROP TABLE IF EXISTS ${q(table)}`)
  }).pipe(Effect.orDie)

/** Runs `use` with a fresh table (created by `create`), dropping it afterwards whatever happens. */
export const withTable = <A, E, R>(
  table: string,
  dialect: Dialect,
  create: Effect.Effect<void, unknown, SqlClient.SqlClient>,
  use: Effect.Effect<A, E, R>
) =>
  Effect.acquireUseRelease(
    Effect.orDie(create),
    () => use,
    () => dropTable(table, dialect)
  )
