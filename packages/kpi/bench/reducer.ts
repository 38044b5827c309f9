/**
 * Throughput of the in-memory reducer: 1,000,000 synthetic hotline orders through six KPIs
 * (counts, ratios with two time fields, a field-to-field filter, a weighted mean, a sum), by month
 * and by residential committee. Prints rows per second and the heap growth.
 *
 *   node --expose-gc --conditions=@govplan/source --import tsx packages/kpi/bench/reducer.ts [rows]
 */
import { Filter, Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"

const N = Number(process.argv[2] ?? 1_000_000)
const record = "hotline_order"
const defs = [
  Kpi.define({ id: "b.intake", name: "受理量", record, measure: Kpi.count({ time: "acceptedAt" }) }),
  Kpi.define({
    id: "b.closure-rate",
    name: "办结率",
    record,
    measure: Kpi.ratio({
      numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("status", "办结") }),
      denominator: Kpi.count({ time: "acceptedAt" })
    })
  }),
  Kpi.define({
    id: "b.on-time",
    name: "按时结案率",
    record,
    measure: Kpi.ratio({
      numerator: Kpi.count({ time: "closedAt", where: Filter.and(Filter.eq("status", "办结"), Filter.fieldLe("closedAt", "dueAt")) }),
      denominator: Kpi.count({ time: "dueAt" })
    })
  }),
  Kpi.define({
    id: "b.first-contact",
    name: "先行联系率",
    record,
    measure: Kpi.ratio({
      numerator: Kpi.count({ time: "acceptedAt", where: Filter.eq("contactedInTime", "是") }),
      denominator: Kpi.count({ time: "acceptedAt", where: Filter.not(Filter.oneOf("kind", ["咨询", "无效"])) })
    })
  }),
  Kpi.define({
    id: "b.satisfaction",
    name: "满意率",
    record,
    measure: Kpi.weightedMean({ field: "rating", weights: { 满意: 1, 基本满意: 0.8, 一般: 0.6, 不满意: 0 }, time: "closedAt" })
  }),
  Kpi.define({ id: "b.hours", name: "工时", record, measure: Kpi.sum({ field: "hours", time: "closedAt", where: Filter.isNotNull("hours") }) })
]

const pad = (n: number) => (n < 10 ? `0${n}` : String(n))
const committees = Array.from({ length: 30 }, (_, i) => `居委${i}`)
const ratings = ["满意", "基本满意", "一般", "不满意", "未评价", null]
const kinds = ["求助", "投诉", "咨询", "建议", "无效"]
let seed = 42
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
const at = (day: number, h: number) => {
  const d = new Date(Date.UTC(2022, 0, 1 + day))
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(h)}:${pad((h * 7) % 60)}:00`
}
console.log(`generating ${N} rows…`)
const rows = Array.from({ length: N }, (_, i) => {
  const day = Math.floor(rand() * 365)
  const closed = rand() < 0.9
  return {
    id: `h${i}`,
    acceptedAt: at(day, i % 24),
    closedAt: closed ? at(day + Math.floor(rand() * 15), (i + 3) % 24) : null,
    dueAt: at(day + 10, 18),
    status: closed ? "办结" : "在办",
    committee: committees[i % committees.length]!,
    contactedInTime: rand() < 0.95 ? "是" : "否",
    kind: kinds[i % kinds.length]!,
    rating: ratings[i % ratings.length]!,
    hours: closed ? Math.round(rand() * 40) / 4 : null
  }
})

const options = { period: Period.year(2022), grain: "month", by: ["committee"] } as const
for (const round of [1, 2, 3]) {
  globalThis.gc?.()
  const heap0 = process.memoryUsage().heapUsed
  const t0 = performance.now()
  const r = Kpi.reducer(defs, options)
  for (let i = 0; i < rows.length; i++) r.push(rows[i]!)
  const ms = performance.now() - t0
  const results = r.result()
  globalThis.gc?.()
  const heap1 = process.memoryUsage().heapUsed // retained: the reducer's state and the results
  console.log(
    `round ${round}: ${N} rows × ${defs.length} KPIs in ${ms.toFixed(0)} ms = ${(N / ms * 1000 / 1e6).toFixed(2)} M rows/s; ` +
      `${results.length} results; retained ${((heap1 - heap0) / 1e6).toFixed(2)} MB${globalThis.gc ? "" : " (run with node --expose-gc for a clean figure)"}`
  )
}
