/**
 * What the CSV and Excel benchmark workers share: the four 12345 rates evaluated over a load in one
 * pass, printed as the one JSON line the orchestrators read (seconds, rows, rejections, KPI parts, RSS).
 */
import { Effect, type Stream } from "effect"
import { Kpi } from "@govplan/kpi"
import { Period } from "@govplan/model"
import * as Urban from "@govplan/pillars/urban"
import type { Source } from "@govplan/source"

/** The column mapping of the 12345 export (Chinese headers → fields). */
export const mapping = Object.fromEntries(Urban.HotlineOrder.columns.map((c) => [c.header, c.field]))

const KPI_IDS = [
  "urban.hotline.closures",
  "urban.hotline.on-time-closure-rate",
  "urban.hotline.first-contact-rate",
  "urban.hotline.satisfaction-rate"
]

/** Evaluates the four rates over `load` (started at `t0`, from `performance.now()`) and prints the result line. */
export const evaluateAndPrint = async (load: Source.Load<object>, t0: number): Promise<void> => {
  const defs = Urban.makeKpis().filter((d) => KPI_IDS.includes(d.id))
  const results = await Effect.runPromise(
    Effect.gen(function*() {
      const results = yield* Kpi.evaluate(defs, load.records as Stream.Stream<object, unknown, never>, { period: Period.year(2022) })
      const report = yield* load.report
      return { results, report }
    })
  )
  const seconds = (performance.now() - t0) / 1000
  const r = results.report
  console.log(JSON.stringify({
    seconds,
    rows: r.read,
    accepted: r.accepted,
    rejected: r.rejected,
    firstRejection: r.rejections[0],
    kpis: Object.fromEntries(results.results.map((k) => [
      k.kpiId.replace("urban.hotline.", ""),
      [k.numerator === undefined ? k.count : Math.round(k.numerator * 1e6) / 1e6, k.denominator ?? null]
    ])),
    maxRssMB: process.resourceUsage().maxRSS / 1024
  }))
}
