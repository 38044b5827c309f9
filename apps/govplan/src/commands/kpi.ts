/**
 * `govplan kpi`: every indicator of the plan with its value, target and status, computed from the
 * operational records (by default the SQLite seed database in seeds/data/, generated first if it
 * is missing, and again when the sources that generate it have changed).
 */
import * as path from "node:path"
import { Scorecard } from "@govplan/pillars"
import * as Args from "../Args.js"
import * as Command from "../Command.js"
import * as Excel from "../Excel.js"
import * as Failure from "../Failure.js"
import * as Pipeline from "../pipeline.js"

const HELP = `usage: govplan kpi [options]

Computes the scorecard of the plan: every indicator with its value, target and
status (已完成 / 进度正常 / 略有滞后 / 滞后 / 暂无数据 / 定性评价, the words reports use;
a report says 未完成 for 滞后 once the period has ended), grouped by pillar.
Values come from the operational records in the seed database
(seeds/data/govplan.sqlite), which is generated first if it is missing, and
generated again when packages/pillars or packages/model have changed since.
每月平均 indicators show the mean of the monthly rates and, beside it, the pooled
rate over all months (全年合计).

options:
  --year <YYYY>       the assessment year: the plan's year (2022 for the reference
                      plan); another year is a usage error
  --as-of <date>      count only what had happened by this date (YYYY-MM-DD),
                      e.g. 2022-06-30 for the mid-year view (default: the year's last day)
${Pipeline.SOURCE_HELP}
  --plan <file>       a plan JSON file (default: the reference 2022 plan)
  --baselines <file>  a JSON object of indicator id → baseline value (rates as
                      fractions) for "better than before" targets, e.g. from last
                      year's published summary; a value in the plan wins over it,
                      it wins over a baseline computed from the records
  --xlsx <file>       also write the scorecard as an Excel workbook: a sheet per
                      pillar, one row per indicator (value, numerator, denominator,
                      target, status, reason) and a column per month for 每月平均
                      indicators, rates as percentages, header frozen
  --json              print the lines as JSON: [{ indicatorId, name, pillar, value,
                      numerator, denominator, target, status, reason, … }]
  -h, --help          show this help

examples:
  govplan kpi --year 2022
  govplan kpi --year 2022 --as-of 2022-06-30
  govplan kpi --json > scorecard.json
  govplan kpi --xlsx scorecard.xlsx
  govplan kpi --baselines baselines-2021.json
  govplan kpi --data-dir exports/2022
  govplan kpi --sql postgres://user@db.example/govplan --timeout 60
  govplan kpi --sql sqlite:govplan.sqlite --load
  govplan kpi --data-dir exports/2022 --rejects rejected.csv --max-reject-share 0.5%`

interface Options extends Pipeline.SourceFlags {
  readonly year: number | undefined
  readonly asOf: string | undefined
  readonly plan: string | undefined
  readonly baselines: string | undefined
  readonly json: boolean
  readonly xlsx: string | undefined
  readonly help: boolean
}

/** Parses the command line of `govplan kpi`. */
export const parseArgs = (argv: ReadonlyArray<string>): Command.Parsed<Options> => {
  const parsed = Args.parse(argv, {
    year: { type: "string", needs: "a year such as 2022" },
    "as-of": { type: "string", needs: "a date YYYY-MM-DD" },
    ...Pipeline.SOURCE_FLAGS,
    plan: { type: "string", needs: "a file" },
    baselines: { type: "string", needs: "a JSON file" },
    json: { type: "boolean" },
    xlsx: { type: "string", needs: "a file name ending in .xlsx" }
  })
  if (parsed._tag === "Usage") return parsed
  const v = parsed.values
  if (v.xlsx !== undefined && !/\.xlsx$/i.test(v.xlsx)) return Args.usage(`--xlsx ${v.xlsx}: the file name must end in .xlsx`)
  const when = Pipeline.yearAndAsOf(v.year, v["as-of"])
  if ("usage" in when) return Args.usage(when.usage)
  const asOf = when.asOf
  const flags = Pipeline.sourceFlagsOf(v)
  if ("usage" in flags) return Args.usage(flags.usage)
  return {
    _tag: "Options",
    options: {
      year: when.year,
      asOf,
      ...flags,
      plan: v.plan,
      baselines: v.baselines,
      json: v.json ?? false,
      xlsx: v.xlsx,
      help: v.help ?? false
    }
  }
}

export const command: Command.Command = Command.make({
  name: "kpi",
  summary: "the plan's scorecard: every indicator with value, target and status (--year, --as-of, --json)",
  help: HELP,
  parse: parseArgs,
  run: async (o) => {
    const plan = await Pipeline.loadPlan(o.plan)
    const year = Pipeline.planYear(plan, o.year, o.asOf)
    const { asOf, period } = Pipeline.periodOf(year, o.asOf)
    const supplied = o.baselines === undefined ? undefined : Pipeline.readBaselines(path.resolve(o.baselines))
    if (supplied !== undefined && "error" in supplied) throw new Failure.DataError(supplied.error)
    // progress goes to stderr so that --json output stays parseable
    const log = (line: string) => console.error(line)
    const source = await Pipeline.openRecords(o, log)
    try {
      let lines: Awaited<ReturnType<typeof Pipeline.scorecard>>
      try {
        lines = await Pipeline.scorecard({ plan, records: source.records, evaluators: source.evaluators, period, asOf, baselines: supplied?.baselines })
      } catch (e) {
        if (e instanceof Scorecard.ScorecardError && e.reason === "InvalidOptions") throw new Failure.UsageError(e.detail)
        throw e
      }
      const checked = Pipeline.checkLoads(await source.reports(), o, log)
      if (checked !== undefined) {
        console.error(`govplan kpi: ${checked.tooMany}`)
        return Failure.ExitCode.rejects
      }
      const json = Pipeline.withReadingPath(lines.map((l) => Pipeline.toJsonLine(plan, l)), source.path)
      // --sql: which path the KPIs took, also on stderr (the --json output has it per line as computedIn)
      if (source.path.mode === "push-down" || source.path.forced === true) log(`govplan kpi: ${Pipeline.describePath(source.path)}`)
      if (o.xlsx !== undefined) {
        await Excel.writeScorecard(plan, json, path.resolve(o.xlsx))
        console.error(`govplan kpi: wrote ${o.xlsx}`)
      }
      if (o.json) {
        console.log(JSON.stringify(json, null, 2))
      } else {
        const counts = new Map<string, number>()
        for (const l of json) counts.set(l.status, (counts.get(l.status) ?? 0) + 1)
        const summary = [...counts].map(([s, n]) => `${Pipeline.statusWords(s as never)}: ${n}`).join(", ")
        console.log(Pipeline.formatTable(plan, json, `${plan.title} — 指标完成情况 (${year}, 截至 ${asOf}; data: ${source.label})\n${json.length} indicators — ${summary}\nKPIs: ${Pipeline.describePath(source.path)}`))
      }
      return Failure.ExitCode.ok
    } finally {
      await source.close()
    }
  }
})
