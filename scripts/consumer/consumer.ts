// The consumer test, TypeScript: the same program as consumer.mjs, type-checked (not run) with
// `tsc --noEmit` under "module": "nodenext" and strict settings against the published .d.ts files,
// so a user's editor sees the types the packages ship.
import * as fs from "node:fs"
import { Civil, Period, ReferencePlan, type Plan, type Status } from "@govplan/model"
import { Kpi } from "@govplan/kpi"
import { Scorecard } from "@govplan/pillars"
import * as Urban from "@govplan/pillars/urban"
import { CsvSource } from "@govplan/source-csv"
import { Narrative, type Report, SectionProvider } from "@govplan/report"
import { DocxRenderer } from "@govplan/report-docx"

const plan: Plan.WorkPlan = ReferencePlan.changshouRoad2022
const mapping: Record<string, string> = Object.fromEntries(Urban.HotlineOrder.columns.map((c) => [c.header, c.field]))
const { records, report: loadReport } = await CsvSource.loadPromise("hotline-orders.csv", { schema: Urban.HotlineOrder.schema, mapping })
const accepted: number = loadReport.accepted
const first: Urban.HotlineOrder | undefined = records[0]
const closedAt: string | null | undefined = first?.closedAt

const hotline: ReadonlyArray<Kpi.Definition> = Urban.kpis.filter((k) => k.record === "hotline_order")
const results: ReadonlyArray<Kpi.KpiResult> = await Kpi.evaluatePromise(hotline, records, { period: Period.year(2022) })
const value: number | null | undefined = results[0]?.value

const lines: ReadonlyArray<Status.IndicatorResult> = await Scorecard.computePromise({
  plan,
  records: { hotline_order: records },
  period: Period.year(2022),
  pillars: [Urban.pillar]
})
const asOf: Civil.CivilDate = Civil.unsafeDate("2022-12-31")
const report: Report.Report = await SectionProvider.buildPromise({
  metadata: { title: "长寿路街道2022年工作总结", office: "上海市普陀区长寿路街道办事处", date: asOf },
  providers: SectionProvider.annualSummary(plan),
  input: { plan, results: lines, narrative: Narrative.empty, asOf }
})
// the block types users build reports from
const chart: Report.Chart | undefined = report.blocks.find((b): b is Report.Chart => b._tag === "Chart")
const bytes: Uint8Array = await DocxRenderer.renderPromise(report)
fs.writeFileSync("summary-ts.docx", bytes)
console.log(accepted, closedAt, value, chart?.title, bytes.length)
