// The consumer test, ESM: what a user who does not know Effect writes with the published
// packages (Promise facades only). Run by .ci/consumer.sh in a fresh project outside the workspace.
import * as fs from "node:fs"
import { createRequire } from "node:module"
import { Period, ReferencePlan } from "@govplan/model"
import { Kpi } from "@govplan/kpi"
import { Scorecard } from "@govplan/pillars"
import * as Urban from "@govplan/pillars/urban"
import { CsvSource } from "@govplan/source-csv"
import { Narrative, SectionProvider } from "@govplan/report"
import { DocxRenderer } from "@govplan/report-docx"

const { checkDocx, checkKpis, checkLoad } = createRequire(import.meta.url)("./check.cjs")
const TITLE = "长寿路街道2022年工作总结（ESM消费者测试）"

// the packages resolve to their ESM builds, not to sources or the workspace
for (const spec of ["@govplan/model", "@govplan/kpi", "@govplan/pillars/urban", "@govplan/source-csv", "@govplan/report", "@govplan/report-docx"]) {
  const url = import.meta.resolve(spec)
  if (!/\/node_modules\/@govplan\/[^/]+\/dist\/.*\.js$/.test(url)) throw new Error(`${spec} resolves to ${url}, not an installed dist/*.js`)
}

// 1. the 2022 seed plan
const plan = ReferencePlan.changshouRoad2022
if (plan.pillars.length !== 7) throw new Error(`the reference plan has ${plan.pillars.length} pillars, expected 7`)

// 2. hotline orders from a CSV with Chinese headers (the record type's own headers)
const mapping = Object.fromEntries(Urban.HotlineOrder.columns.map((c) => [c.header, c.field]))
const { records, report: loadReport } = await CsvSource.loadPromise("hotline-orders.csv", { schema: Urban.HotlineOrder.schema, mapping })
checkLoad(records, loadReport)

// 3. the hotline KPIs over 2022
const hotline = Urban.kpis.filter((k) => k.record === "hotline_order")
const results = await Kpi.evaluatePromise(hotline, records, { period: Period.year(2022) })
const checked = checkKpis(results)

// 4. the plan's scorecard from these records, then the summary as .docx
const lines = await Scorecard.computePromise({ plan, records: { hotline_order: records }, period: Period.year(2022), pillars: [Urban.pillar] })
const measured = lines.filter((l) => l.observation.value !== null)
if (measured.length === 0) throw new Error("the scorecard has no indicator with a value from the hotline orders")
const report = await SectionProvider.buildPromise({
  metadata: { title: TITLE, office: "上海市普陀区长寿路街道办事处", date: "2022-12-31" },
  providers: SectionProvider.annualSummary(plan),
  input: { plan, results: lines, narrative: Narrative.empty, asOf: "2022-12-31" }
})
const bytes = await DocxRenderer.renderPromise(report)
fs.writeFileSync("summary-esm.docx", bytes)
const docx = checkDocx("summary-esm.docx", TITLE)

console.log(
  `consumer.mjs: ok: ${records.length} orders, ${checked} hotline KPIs as computed by hand, ` +
    `${lines.length} scorecard lines (${measured.length} with values), summary-esm.docx ${docx.bytes} bytes, ${docx.entries} zip entries`
)
