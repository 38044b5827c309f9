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
  --year <YYYY>       the assessment year (default 2022)
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
  govplan kpi --sql postgres://user@db.example/govplan`

interface Options {
  readonly year: number
  readonly asOf: string | undefined
  readonly data: string | undefined
  readonly dataDir: string | undefined
  readonly csv: string | undefined
  readonly sql: string | undefined
  readonly http: string | undefined
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
  return {
    _tag: "Options",
    options: {
      year: when.year,
      asOf,
      data: v.data,
      dataDir: v["data-dir"],
      csv: v.csv,
      sql: v.sql,
      http: v.http,
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
    const { asOf, period } = Pipeline.periodOf(o.year, o.asOf)
    const supplied = o.baselines === undefined ? undefined : Pipeline.readBaselines(path.resolve(o.baselines))
    if (supplied !== undefined && "error" in supplied) {
      console.error(`govplan kpi: ${supplied.error}`)
      return 2
    }
    // progress goes to stderr so that --json output stays parseable
    let source: Awaited<ReturnType<typeof Pipeline.openRecords>>
    try {
      source = await Pipeline.openRecords(o, (line) => console.error(line))
    } catch (e) {
      if (e instanceof Pipeline.UsageError) {
        console.error(`govplan kpi: ${e.message}`)
        return 2
      }
      throw e
    }
    const plan = await Pipeline.loadPlan(o.plan)
    try {
      let lines: Awaited<ReturnType<typeof Pipeline.scorecard>>
      try {
        lines = await Pipeline.scorecard({ plan, records: source.records, period, asOf, baselines: supplied?.baselines })
      } catch (e) {
        if (e instanceof Scorecard.ScorecardError && e.reason === "InvalidOptions") {
          console.error(`govplan kpi: ${e.detail}`)
          return 2
        }
        throw e
      }
      for (const line of Pipeline.describeLoads(await source.reports())) console.error(line)
      const json = lines.map((l) => Pipeline.toJsonLine(plan, l))
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
        console.log(Pipeline.formatTable(plan, json, `${plan.title} — 指标完成情况 (${o.year}, 截至 ${asOf}; data: ${source.label})\n${json.length} indicators — ${summary}`))
      }
      return 0
    } finally {
      await source.close()
    }
  }
})
