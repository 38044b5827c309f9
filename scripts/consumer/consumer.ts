// The consumer test, TypeScript: the same program as consumer.mjs, type-checked (not run) with
// `tsc --noEmit` under "module": "nodenext" and strict settings against the published .d.ts files,
// so a user's editor sees the types the packages ship.
import * as fs from "node:fs"
import { Schema } from "effect"
import { Civil, Observation, Period, Plan, ReferencePlan, Status, WorkCalendar } from "@govplan/model"
import { Filter, Kpi, KpiSql } from "@govplan/kpi"
import { Culture, Economy, Generator, Governance, Livelihood, Party, type Pillar, Prng, Records, Reference, Safety, Scorecard } from "@govplan/pillars"
import * as Urban from "@govplan/pillars/urban"
import { ColumnMapping, ErrorPolicy, LoadReport, RowDecoder, Source, SourceError } from "@govplan/source"
import { CsvSource } from "@govplan/source-csv"
import { SqlSource } from "@govplan/source-sql"
import { HttpSource, Pagination } from "@govplan/source-http"
import { Narrative, Numbering, Renderer, Report, ReportError, SectionProvider } from "@govplan/report"
import { NodeNarrative } from "@govplan/report/node"
import { Chart as DocxChart, DocxRenderer, FontMap } from "@govplan/report-docx"
import { NodeDocx, ResvgRasteriser } from "@govplan/report-docx/node"

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

// The main exported types of every package, as the published .d.ts files declare them: a name the
// dts bundler dropped (or kept only as a value) fails this type check. tsup.base.ts repairs the
// namespaces rollup-plugin-dts writes for `export * as X`, which otherwise keep one half of each
// name that is both a schema (value) and a type.
export type PublishedTypes = [
  Civil.CivilDate, Civil.CivilDateTime, Period.Period, Period.YearPeriod, Period.Grain,
  Plan.WorkPlan, Plan.WorkPlanEncoded, Plan.Pillar, Plan.Section, Plan.Measure, Plan.Indicator, Plan.Target, Plan.Aggregation, Plan.PlanIssue, Plan.PlanDecodeError,
  Observation.Observation, Status.Status, Status.Assessment, Status.IndicatorResult, Status.StatusStrategy, WorkCalendar.WorkCalendar, WorkCalendar.Holiday, WorkCalendar.WorkCalendarError,
  Filter.Filter, Filter.Compare, Kpi.Definition, Kpi.Measure, Kpi.Expr, Kpi.KpiResult, Kpi.KpiError, Kpi.EvaluateOptions, KpiSql.Dialect, KpiSql.Compiled, KpiSql.CompileOptions,
  Records.RecordType, Records.Column, Pillar.Pillar, Pillar.Binding, Prng.Prng, Reference.Enterprise, Generator.Context, Generator.Table, Generator.Manifest, Scorecard.ScorecardError, Scorecard.ComputeOptions,
  Urban.HotlineOrder, Urban.UrbanConfig, Party.StudyMonth, Economy.Enterprise, Governance.SocialWorker, Livelihood.EmploymentCase, Culture.CulturalEvent, Safety.Hazard,
  ColumnMapping.ColumnMapping, ColumnMapping.ColumnSpec, ErrorPolicy.ErrorPolicy, LoadReport.LoadReport, LoadReport.Rejection, RowDecoder.RowDecoder<Urban.HotlineOrder>, RowDecoder.RowProblem, RowDecoder.BindProblem,
  Source.Load<Urban.HotlineOrder>, Source.LoadOptions<Urban.HotlineOrder, unknown>, Source.RawRow, SourceError.SourceError, SourceError.Reason,
  CsvSource.CsvOptions<Urban.HotlineOrder, unknown>, CsvSource.CsvInput, SqlSource.Dialect, SqlSource.TableOptions<Urban.HotlineOrder, unknown>, SqlSource.QueryOptions<Urban.HotlineOrder, unknown>, HttpSource.LoadOptions<Urban.HotlineOrder, unknown>, HttpSource.Auth, Pagination.Pagination,
  Report.Report, Report.Metadata, Report.DocNumber, Report.Printing, Report.KpiRow, Report.ChartDatum, Report.ChartSpec, Report.Attachment, Report.FlatBlock,
  Report.Block, Report.Section, Report.Paragraph, Report.KpiTable, Report.Chart, Report.List,
  ReportError.ReportError, Narrative.Narrative, Numbering.Level, Renderer.Renderer, SectionProvider.SectionProvider, SectionProvider.Input,
  DocxRenderer.Options, DocxRenderer.Layout, FontMap.FontMap, DocxChart.Rasteriser, DocxChart.Png, ResvgRasteriser.Options
]
// and the value half of the names that are both (the schemas and error classes), with the entry
// points of the Node subpaths
export const publishedValues = [
  Civil.CivilDate, Civil.CivilDateTime, Period.Period, Period.YearPeriod, Period.Grain,
  Plan.WorkPlan, Plan.Pillar, Plan.Section, Plan.Measure, Plan.Indicator, Plan.Target, Plan.Aggregation, Plan.PlanIssue, Plan.PlanDecodeError,
  Observation.Observation, Status.Status, Status.Assessment, WorkCalendar.WorkCalendar, WorkCalendar.Holiday, WorkCalendar.WorkCalendarError,
  Filter.Filter, Kpi.KpiError, Scorecard.ScorecardError, Urban.HotlineOrder, Party.StudyMonth, Economy.Enterprise, Governance.SocialWorker, Livelihood.EmploymentCase, Culture.CulturalEvent, Safety.Hazard,
  LoadReport.LoadReport, LoadReport.Rejection, RowDecoder.RowProblem, RowDecoder.BindProblem, SourceError.SourceError, SourceError.Reason,
  Report.Report, Report.Metadata, Report.DocNumber, Report.Printing, Report.KpiRow, Report.ChartDatum, Report.ChartSpec, Report.Attachment,
  Report.Block, Report.Section, Report.Paragraph, Report.KpiTable, Report.Chart, Report.List, ReportError.ReportError,
  NodeNarrative, NodeDocx, ResvgRasteriser
] as const
// a schema's value and type agree: decoding with the published value yields the published type
const decodedChart: Report.Chart = Schema.decodeUnknownSync(Report.Chart)({ _tag: "Chart", title: "t", spec: chart?.spec, data: [] })
const decodedDate: Civil.CivilDate = Schema.decodeUnknownSync(Civil.CivilDate)("2022-12-31")
console.log(decodedChart.title, decodedDate)
