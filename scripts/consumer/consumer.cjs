// The consumer test, CommonJS: the same as consumer.mjs through require (the packages' CJS builds).
"use strict"
const fs = require("node:fs")
const { Period, ReferencePlan } = require("@govplan/model")
const { Kpi } = require("@govplan/kpi")
const { Scorecard } = require("@govplan/pillars")
const Urban = require("@govplan/pillars/urban")
const { CsvSource } = require("@govplan/source-csv")
const { Narrative, SectionProvider } = require("@govplan/report")
const { DocxRenderer } = require("@govplan/report-docx")
const { checkDocx, checkKpis, checkLoad } = require("./check.cjs")

const TITLE = "长寿路街道2022年工作总结（CJS消费者测试）"

async function main() {
  // the packages resolve to their CJS builds, not to sources or the workspace
  for (const spec of ["@govplan/model", "@govplan/kpi", "@govplan/pillars/urban", "@govplan/source-csv", "@govplan/report", "@govplan/report-docx"]) {
    const file = require.resolve(spec)
    if (!/[/\\]node_modules[/\\]@govplan[/\\][^/\\]+[/\\]dist[/\\].*\.cjs$/.test(file)) throw new Error(`${spec} resolves to ${file}, not an installed dist/*.cjs`)
  }

  // 1. the 2022 seed plan
  const plan = ReferencePlan.changshouRoad2022
  if (plan.pillars.length !== 7) throw new Error(`the reference plan has ${plan.pillars.length} pillars, expected 7`)

  // 2. hotline orders from a CSV with Chinese headers
  const mapping = Object.fromEntries(Urban.HotlineOrder.columns.map((c) => [c.header, c.field]))
  const { records, report: loadReport } = await CsvSource.loadPromise("hotline-orders.csv", { schema: Urban.HotlineOrder.schema, mapping })
  checkLoad(records, loadReport)

  // 3. the hotline KPIs over 2022
  const hotline = Urban.kpis.filter((k) => k.record === "hotline_order")
  const results = await Kpi.evaluatePromise(hotline, records, { period: Period.year(2022) })
  const checked = checkKpis(results)

  // 4. the scorecard, then the summary as .docx
  const lines = await Scorecard.computePromise({ plan, records: { hotline_order: records }, period: Period.year(2022), pillars: [Urban.pillar] })
  const measured = lines.filter((l) => l.observation.value !== null)
  if (measured.length === 0) throw new Error("the scorecard has no indicator with a value from the hotline orders")
  const report = await SectionProvider.buildPromise({
    metadata: { title: TITLE, office: "上海市普陀区长寿路街道办事处", date: "2022-12-31" },
    providers: SectionProvider.annualSummary(plan),
    input: { plan, results: lines, narrative: Narrative.empty, asOf: "2022-12-31" }
  })
  const bytes = await DocxRenderer.renderPromise(report)
  fs.writeFileSync("summary-cjs.docx", bytes)
  const docx = checkDocx("summary-cjs.docx", TITLE)

  console.log(
    `consumer.cjs: ok: ${records.length} orders, ${checked} hotline KPIs as computed by hand, ` +
      `${lines.length} scorecard lines (${measured.length} with values), summary-cjs.docx ${docx.bytes} bytes, ${docx.entries} zip entries`
  )
}

main().catch((e) => {
  console.error("consumer.cjs: FAIL:", e && e.stack ? e.stack : e)
  process.exit(1)
})
