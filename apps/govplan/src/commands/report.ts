/**
 * `govplan report`: the annual work summary (工作总结) of the plan as a GB/T 9704 Word document
 * (or Markdown): reads the seed data (generated first if missing or stale), computes every KPI for the
 * year as of a date, builds the report with the built-in section providers (overview, one per
 * pillar, outlook) and the user's narrative, and renders it.
 */
import * as path from "node:path"
import { Effect } from "effect"
import { Civil, type Plan, type Status } from "@govplan/model"
import { Scorecard } from "@govplan/pillars"
import type { LoadReport } from "@govplan/source"
import { MarkdownRenderer, Narrative, type Renderer, type Report, SectionProvider } from "@govplan/report"
import { NodeNarrative } from "@govplan/report/node"
import { FontMap } from "@govplan/report-docx"
import { NodeDocx } from "@govplan/report-docx/node"
import * as Args from "../Args.js"
import * as Command from "../Command.js"
import * as Failure from "../Failure.js"
import * as Output from "../Output.js"
import * as Pipeline from "../pipeline.js"

const HELP = `usage: govplan report [options]

Writes the year's work summary (工作总结) of the plan, laid out to GB/T 9704-2012:
an opening with a chart, 一、工作成效 (one part per pillar, each plan section a
paragraph leading with its result, with values, targets and 同比 against last
year), 二、存在的问题和不足 (indicators behind target, late projects, missing
data), 三、下一步工作打算 (from the narrative; a marked 【待填写】 placeholder
when none is given), and the full indicator table as 附件. With --as-of
YYYY-06-30 it is the 上半年工作总结. KPI values come from the seed database
(seeds/data/govplan.sqlite), generated first if it is missing, and generated
again when packages/pillars or packages/model have changed since.

The file is named after the plan's office and year (characters a file name
cannot hold replaced, always inside --out): 长寿路街道2022年工作总结.docx, with
-截至2022-06-30 for an --as-of before the year's end, -文件 for the 文件 layout,
and .md for Markdown. It is written to a temporary file first and then renamed,
so a failed run never replaces a good report.

options:
  --year <YYYY>          the year: the plan's year (2022 for the reference plan);
                         another year is a usage error
  --as-of <date>         count what had happened by this date, also the 成文日期
                         (YYYY-MM-DD, default the year's last day)
  --format docx|md       Word (default) or Markdown
  --layout material|文件  standalone material (default), or the 文件 layout with
                         版头 (红头, 发文字号) and 版记 (抄送, 印发)
  --out <dir>            output directory (default ./out)
  --narrative <dir>      narrative texts, one <key>.md or <key>.txt per part:
                         overview, outlook, a pillar key (party, economy, …) or a
                         section id (p1.s1, …); missing files are fine, a file
                         that matches no part is warned about
  --doc-number <text>    发文字号 of the 文件 layout, e.g. "长街〔2022〕5号"
  --to <text>            主送机关 of the 文件 layout (default the district's 人民政府)
  --cc <a,b,…>           抄送机关 of the 文件 layout (default 区委办公室,区政府办公室)
  --fonts gb|windows     font names: GB template names (default) or stock Windows
${Pipeline.SOURCE_HELP}
  --plan <file>          a plan JSON file (default: the reference 2022 plan)
  --baselines <file>     a JSON object of indicator id → baseline value (rates as
                         fractions) for "better than before" targets, as for kpi
  -h, --help             show this help

examples:
  npx govplan report
  npx govplan report --layout 文件 --doc-number "长街〔2022〕5号"
  npx govplan report --format md --as-of 2022-06-30 --out out/mid-year
  npx govplan report --data-dir exports/2022 --rejects out/rejected.csv`

/** Parsed options of `govplan report`. */
export interface Options extends Pipeline.SourceFlags {
  readonly year: number | undefined
  readonly asOf: string | undefined
  readonly format: "docx" | "md"
  readonly layout: "material" | "文件"
  readonly out: string
  readonly narrative: string | undefined
  readonly docNumber: Report.DocNumber | undefined
  readonly to: string | undefined
  readonly cc: ReadonlyArray<string> | undefined
  readonly fonts: "gb" | "windows"
  readonly plan: string | undefined
  readonly baselines: string | undefined
  readonly help: boolean
}

const DOC_NUMBER = /^(.+?)[〔[(（](\d{4})[〕\])）](\d+)号$/

/** Parses the command line of `govplan report`. */
export const parseArgs = (argv: ReadonlyArray<string>): Command.Parsed<Options> => {
  const parsed = Args.parse(argv, {
    year: { type: "string", needs: "a year such as 2022" },
    "as-of": { type: "string", needs: "a date YYYY-MM-DD" },
    format: { type: "string", needs: "docx or md" },
    layout: { type: "string", needs: "material or 文件" },
    out: { type: "string", needs: "a directory" },
    narrative: { type: "string", needs: "a directory" },
    "doc-number": { type: "string", needs: `a 发文字号 such as "长街〔2022〕5号"` },
    to: { type: "string", needs: "the 主送机关" },
    cc: { type: "string", needs: "a comma-separated list" },
    fonts: { type: "string", needs: "gb or windows" },
    ...Pipeline.SOURCE_FLAGS,
    plan: { type: "string", needs: "a file" },
    baselines: { type: "string", needs: "a JSON file" }
  })
  if (parsed._tag === "Usage") return parsed
  const v = parsed.values
  const when = Pipeline.yearAndAsOf(v.year, v["as-of"])
  if ("usage" in when) return Args.usage(when.usage)
  const asOf = when.asOf
  if (v.format !== undefined && v.format !== "docx" && v.format !== "md" && v.format !== "markdown") {
    return Args.usage(`--format is docx or md, got ${JSON.stringify(v.format)}`)
  }
  if (v.layout !== undefined && v.layout !== "material" && v.layout !== "文件" && v.layout !== "file") {
    return Args.usage(`--layout is material or 文件, got ${JSON.stringify(v.layout)}`)
  }
  if (v.fonts !== undefined && v.fonts !== "gb" && v.fonts !== "windows") return Args.usage(`--fonts is gb or windows, got ${JSON.stringify(v.fonts)}`)
  let docNumber: Report.DocNumber | undefined
  if (v["doc-number"] !== undefined) {
    const m = DOC_NUMBER.exec(v["doc-number"].trim())
    if (m === null || Number(m[3]) < 1) return Args.usage(`--doc-number needs a 发文字号 such as "长街〔2022〕5号", got ${JSON.stringify(v["doc-number"])}`)
    docNumber = { prefix: m[1]!, year: Number(m[2]), serial: Number(m[3]) }
  }
  const flags = Pipeline.sourceFlagsOf(v)
  if ("usage" in flags) return Args.usage(flags.usage)
  return {
    _tag: "Options",
    options: {
      year: when.year,
      asOf,
      format: v.format === undefined || v.format === "docx" ? "docx" : "md",
      layout: v.layout === undefined || v.layout === "material" ? "material" : "文件",
      out: v.out ?? "out",
      narrative: v.narrative,
      docNumber,
      to: v.to,
      cc: v.cc?.split(/[,，、]/).map((s) => s.trim()).filter((s) => s !== ""),
      fonts: v.fonts === "windows" ? "windows" : "gb",
      ...flags,
      plan: v.plan,
      baselines: v.baselines,
      help: v.help ?? false
    }
  }
}

/** The report's metadata for a plan's office and year: a byline for material; 版头 and 版记 fields for 文件. */
export const metadataOf = (plan: { readonly office: string; readonly district: string }, year: number, asOf: string, o: Options): Report.Metadata => {
  const date = Civil.unsafeDate(asOf)
  const office = plan.office.endsWith("街道") ? `${plan.office}办事处` : plan.office
  const short = plan.office.replace(/街道$/, "")
  // a mid-year run is the 上半年工作总结; any other date before the year's end says how far it runs
  const span = asOf >= `${year}-12-31` ? "" : asOf.endsWith("-06-30") ? "上半年" : `1—${Civil.parts(date).month}月`
  const base = { title: `${plan.office}${year}年${span}工作总结`, office, date }
  if (o.layout === "material") return { ...base, byline: `${office}　${Civil.formatChinese(date)}` }
  return {
    ...base,
    issuerMark: `${plan.district.replace(/^上海市/, "")}${office}文件`,
    docNumber: o.docNumber ?? { prefix: `${short.slice(0, 1)}街`, year, serial: 1 },
    recipients: o.to ?? `${plan.district.replace(/^上海市/, "")}人民政府`,
    copyTo: o.cc ?? ["区委办公室", "区政府办公室"],
    printing: { office: `${office}党政办公室`, date }
  }
}

/**
 * The name of the report file (without folder): the title, then `-截至<date>` when `asOf` is before
 * the year's last day, `-文件` for the 文件 layout, and the extension; made safe for any file system
 * and kept inside the output folder (see `Output.safeName`).
 */
export const fileNameOf = (title: string, year: number, asOf: string, o: Pick<Options, "layout" | "format">): string => {
  const variant = `${asOf < `${year}-12-31` ? `-截至${asOf}` : ""}${o.layout === "文件" ? "-文件" : ""}`
  return `${Output.safeName(title, "工作总结")}${variant}`
}

/**
 * The narrative files that match no part of the report: their keys (file names without .md/.txt)
 * that are not overview, outlook, a pillar key or a section id of the plan.
 */
export const unknownNarrativeKeys = (keys: ReadonlyArray<string>, plan: Plan.WorkPlan): { readonly unknown: ReadonlyArray<string>; readonly expected: ReadonlyArray<string> } => {
  const expected = ["overview", "outlook", ...plan.pillars.map((p) => p.key), ...plan.pillars.flatMap((p) => p.sections.map((s) => s.id))]
  const known = new Set(expected)
  return { unknown: keys.filter((k) => !known.has(k)), expected }
}

/** The sentence the overview gets about the data: rows read, accepted and rejected. */
const dataNote = (reports: ReadonlyArray<LoadReport.LoadReport>, reading: Pipeline.ReadingPath): string => {
  const t = Pipeline.totals(reports)
  const rows = `数据说明：本报告指标依据${reports.length}张台账计算，共读取${t.read}行，采用${t.accepted}行，剔除${t.rejected}行${t.duplicates > 0 ? `，重复${t.duplicates}行` : ""}${t.rejected + t.duplicates > 0 ? "（未计入指标）" : ""}。`
  if (reading.mode !== "push-down") return rows
  // push-down: say in plain words that the database did the counting, and that the rows were checked first
  const pushed = reading.pushed.length
  const loaded = reading.loaded.length
  return rows + (loaded === 0
    ? `各项指标在数据库中直接汇总计算，计算前已逐行核对数据格式和填报代码，未发现需剔除的行。`
    : `其中${pushed}张台账的指标在数据库中直接汇总计算（计算前已逐行核对数据格式和填报代码，未发现需剔除的行），其余${loaded}张台账逐行读取、核对后计算。`)
}

export const command: Command.Command = Command.make({
  name: "report",
  summary: "the year's work summary as a GB/T 9704 .docx or Markdown (--as-of, --format md, --layout 文件, --out)",
  help: HELP,
  parse: parseArgs,
  run: async (o) => {
    const started = Date.now()
    const step = (n: number, text: string) => console.log(`[${n}/6] ${text}`)
    const took = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`

    let t = Date.now()
    const plan = await Pipeline.loadPlan(o.plan)
    const year = Pipeline.planYear(plan, o.year, o.asOf)
    const { asOf, period } = Pipeline.periodOf(year, o.asOf)
    const supplied = o.baselines === undefined ? undefined : Pipeline.readBaselines(path.resolve(o.baselines))
    if (supplied !== undefined && "error" in supplied) throw new Failure.DataError(supplied.error)
    step(1, `plan: ${plan.title} (${plan.pillars.length} pillars)`)

    t = Date.now()
    const log = (line: string) => console.log(`      ${line}`)
    const source = await Pipeline.openRecords(o, log)
    step(2, `data: ${source.label}; KPIs ${Pipeline.describePath(source.path)} (${took(t)})`)

    t = Date.now()
    // 同比: the same indicators over last year up to the same day, in the same pass over the records
    const lastYear = Pipeline.periodOf(year - 1, `${year - 1}${asOf.slice(4) === "-02-29" ? "-02-28" : asOf.slice(4)}`)
    let results: ReadonlyArray<Status.IndicatorResult>
    let previous: ReadonlyArray<Status.IndicatorResult>
    let reports: ReadonlyArray<LoadReport.LoadReport>
    try {
      try {
        const [now, before] = await Scorecard.computeAllPromise(
          { plan, records: source.records, evaluators: source.evaluators, period, asOf, baselines: supplied?.baselines },
          [{ period: lastYear.period, asOf: lastYear.asOf }]
        )
        results = now!
        previous = before!
      } catch (e) {
        if (e instanceof Scorecard.ScorecardError && e.reason === "InvalidOptions") throw new Failure.UsageError(e.detail)
        throw e
      }
      reports = await source.reports()
      const checked = Pipeline.checkLoads(reports, o, log)
      if (checked !== undefined) {
        console.error(`govplan report: ${checked.tooMany}; no report written`)
        return Failure.ExitCode.rejects
      }
    } finally {
      await source.close()
    }
    const compared = previous.filter(SectionProvider.hasYearOnYear).length
    const tally = SectionProvider.tally(results)
    step(3, `KPIs: ${results.length} indicators for ${year} as of ${asOf} — ${tally.achieved} achieved, ${tally.onTrack} on track, ${tally.atRisk} at risk, ${tally.offTrack} off track, ${tally.noData} no data, ${tally.notAssessed} qualitative; ${compared} with ${year - 1} values for 同比 (${took(t)})`)

    t = Date.now()
    let narrative = o.narrative === undefined
      ? Narrative.empty
      : await Effect.runPromise(NodeNarrative.fromDirectory(path.resolve(o.narrative)).pipe(Effect.mapError((e) => new Failure.DataError(e.message))))
    const { expected, unknown } = unknownNarrativeKeys(narrative.keys, plan)
    if (unknown.length > 0) {
      console.error(
        `govplan report: warning: narrative file${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `${k}.md`).join(", ")} in ${o.narrative} match${unknown.length > 1 ? "" : "es"} no part of the report; expected names (.md or .txt): ${expected.join(", ")}`
      )
    }
    step(4, o.narrative === undefined ? "narrative: none given (--narrative DIR); parts are written from the data" : `narrative: ${narrative.keys.length - unknown.length} texts from ${o.narrative}`)
    if (reports.length > 0) {
      // the report says how many rows its figures rest on, and how many were rejected
      const note = dataNote(reports, source.path)
      const inner = narrative
      narrative = { keys: inner.keys, get: (key) => (key === "overview" ? [inner.get(key), note].filter((x) => x !== undefined).join("\n\n") : inner.get(key)) }
    }
    if (narrative.get("outlook") === undefined) {
      console.log(`      note: no outlook text (outlook.md in --narrative DIR): the part 下一步工作打算 carries a placeholder marked 【待填写】 to be written before the summary is signed`)
    }

    t = Date.now()
    const metadata = metadataOf(plan, year, asOf, o)
    const report = await SectionProvider.buildPromise({
      metadata,
      providers: SectionProvider.annualSummary(plan),
      attachments: SectionProvider.annualSummaryAttachments(),
      input: { plan, results, previous, narrative, asOf: Civil.unsafeDate(asOf) }
    })
    step(5, `report: ${report.blocks.length} parts (${took(t)})`)

    t = Date.now()
    const renderer: Renderer.Renderer<Uint8Array | string, unknown> =
      o.format === "md" ? MarkdownRenderer.renderer : NodeDocx.make({ layout: o.layout, fonts: o.fonts === "windows" ? FontMap.windows : FontMap.gb })
    const output = await Effect.runPromise(renderer.render(report))
    const file = Output.inside(o.out, fileNameOf(metadata.title, year, asOf, o), o.format === "md" ? ".md" : ".docx", "工作总结")
    Output.writeAtomic(file, output)
    const size = typeof output === "string" ? Buffer.byteLength(output) : output.length
    step(6, `${o.format === "md" ? "Markdown" : `Word (${o.layout} layout)`}: ${(size / 1024).toFixed(0)} KB (${took(t)})`)
    console.log(`wrote ${path.relative(process.cwd(), file) || file} in ${took(started)}`)
    return Failure.ExitCode.ok
  }
})
