/**
 * `govplan plan`: the work plan as a readable outline (pillars 一、…, sections
 * （一）…, measures, and indicators with their targets in words), or as JSON.
 *
 * By default it shows the reference plan, the 2022 work plan of 长寿路街道;
 * `--file` reads any plan in the WorkPlan schema and reports what is wrong with
 * it, path by path, if it does not decode.
 */
import { readFile } from "node:fs/promises"
import { Either, Schema } from "effect"
import { Period, Plan, ReferencePlan } from "@govplan/model"
import * as Args from "../Args.js"
import * as Command from "../Command.js"
import * as Failure from "../Failure.js"

const HELP = `usage: govplan plan [options]

Prints a work plan as an outline: its pillars (一、…), sections (（一）…), measures
(with responsible unit and deadline where the plan names them) and indicators
(with their targets). Without --file it prints the reference plan, the 2022 work
plan of 长寿路街道 (seeds/changshou-road-2022.plan.json).

options:
  --json              print the plan as JSON (the WorkPlan schema's encoded form)
  --pillar <key|n>    only one pillar: its key (party, economy, urban, governance,
                      livelihood, culture, safety) or its number 1–7
  --indicators        leave out the measures: pillars, sections and indicators only
  --file <path>       read a plan from a JSON file instead of the reference plan
                      (UTF-8, with or without a byte-order mark); a file that cannot
                      be read or does not decode exits 3 naming every fault
  -h, --help          show this help

examples:
  govplan plan
  govplan plan --pillar urban --indicators
  govplan plan --json > plan.json
  govplan plan --file my-plan.json`

interface Options {
  readonly json: boolean
  readonly indicatorsOnly: boolean
  readonly pillar: string | undefined
  readonly file: string | undefined
  readonly help: boolean
}

const parseArgs = (argv: ReadonlyArray<string>): Command.Parsed<Options> => {
  const parsed = Args.parse(argv, {
    json: { type: "boolean" },
    indicators: { type: "boolean" },
    pillar: { type: "string", needs: "a value: a pillar key or a number 1–7" },
    file: { type: "string", needs: "a path to a plan JSON file" }
  })
  if (parsed._tag === "Usage") return parsed
  const v = parsed.values
  return { _tag: "Options", options: { json: v.json ?? false, indicatorsOnly: v.indicators ?? false, pillar: v.pillar, file: v.file, help: v.help ?? false } }
}

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
const numeral = (n: number): string => NUMERALS[n - 1] ?? String(n)

/** `"2022-03-31"` → `"2022年3月31日"`. */
const chineseDate = (date: string): string => {
  const [y, m, d] = date.split("-")
  return `${y}年${Number(m)}月${Number(d)}日`
}

const COMPARATORS: Record<Plan.Comparator, string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=" }

const GRAINS: Record<Plan.Indicator["grain"], string> = { month: "月", quarter: "季度", year: "年", assessmentYear: "考核年度" }

const KINDS: Record<Plan.IndicatorKind, string> = { rate: "比率", count: "数量", amount: "数额", milestone: "节点", trend: "趋势", qualitative: "定性" }

const formatNumber = (n: number): string => String(Number(n.toPrecision(12)))

/** A target in words a reader of the plan understands: "≥ 100%", "< 30%", "by 2022年3月31日", "文字目标: …". */
export const describeTarget = (indicator: Plan.Indicator): string => {
  const target = indicator.target
  switch (target._tag) {
    case "Threshold": {
      const value = indicator.unit === "%" ? `${formatNumber(target.value * 100)}%` : `${formatNumber(target.value)}${indicator.unit === "" ? "" : ` ${indicator.unit}`}`
      return `${COMPARATORS[target.comparator]} ${value}`
    }
    case "Deadline":
      return `by ${chineseDate(target.by)}`
    case "Relative": {
      const baseline = indicator.baseline
      const of = baseline?.value === undefined
        ? ""
        : indicator.unit === "%"
        ? ` ${formatNumber(baseline.value * 100)}%`
        : ` ${formatNumber(baseline.value)}${indicator.unit}`
      // a period key ("2021", "2022-01-01..2022-06-01") reads as its Chinese label
      const label = baseline?.period === undefined ? undefined : Period.fromKey(baseline.period)
      const period = baseline?.period === undefined ? "" : `（${label === undefined ? baseline.period : Period.label(label)}）`
      const words = baseline?.text !== undefined ? `: ${baseline.text}` : ""
      return `${COMPARATORS[target.comparator]} 基线${period}${of}${words}`
    }
    case "Qualitative":
      return `文字目标: ${target.text}`
  }
}

/** How values roll up, in words: "每月平均", "按月汇总比率", "累计", "最新值". */
const describeAggregation = (indicator: Plan.Indicator): string => {
  const grain = GRAINS[indicator.grain]
  switch (indicator.aggregation) {
    case "meanOfPeriods":
      return `每${grain}平均`
    case "pooled":
      return `分子分母合计（按${grain}统计）`
    case "sum":
      return `累计（按${grain}统计）`
    case "latest":
      return "最新值"
  }
}

const outlineIndicator = (indicator: Plan.Indicator, measureNumber: string | undefined): Array<string> => {
  const details = [
    describeAggregation(indicator),
    `数据: ${indicator.dataSource}`,
    ...(indicator.owner !== undefined ? [`责任: ${indicator.owner}`] : []),
    ...(measureNumber !== undefined ? [`措施 ${measureNumber}`] : [])
  ]
  return [
    `      ◆ ${indicator.name}  ${describeTarget(indicator)}`,
    `        ${indicator.gloss}`,
    `        ${details.join(" · ")} · ${indicator.id}`
  ]
}

const outlineSection = (section: Plan.Section, index: number, indicatorsOnly: boolean): Array<string> => {
  const number = new Map(section.measures.map((m, i) => [m.id, String(i + 1)]))
  const lines = ["", `  （${numeral(index + 1)}）${section.title}`]
  if (!indicatorsOnly) {
    section.measures.forEach((m, i) => {
      const notes = [
        ...(m.responsibleUnit !== undefined ? [`责任: ${m.responsibleUnit}`] : []),
        ...(m.deadline !== undefined ? [`期限: ${chineseDate(m.deadline)}`] : [])
      ]
      lines.push(`      ${i + 1}. ${m.text}${notes.length > 0 ? `（${notes.join("；")}）` : ""}`)
    })
  }
  if (section.indicators.length > 0) {
    lines.push(`    指标（${section.indicators.length}）`)
    for (const x of section.indicators) lines.push(...outlineIndicator(x, x.measureId === undefined ? undefined : number.get(x.measureId)))
  } else if (indicatorsOnly) {
    lines.push("    （本项工作没有量化或定时的目标）")
  }
  return lines
}

const outlinePillar = (pillar: Plan.Pillar, indicatorsOnly: boolean): Array<string> => [
  "",
  `${numeral(pillar.number)}、${pillar.title}`,
  `    ${pillar.shortName} · ${pillar.gloss} · ${pillar.key}`,
  ...pillar.sections.flatMap((s, i) => outlineSection(s, i, indicatorsOnly))
]

/** The whole outline, as printed by `govplan plan`. */
export const outline = (plan: Plan.WorkPlan, options: { readonly pillars?: ReadonlyArray<Plan.Pillar>; readonly indicatorsOnly?: boolean } = {}): string => {
  const c = Plan.counts(plan)
  const byKind = new Map<string, number>()
  for (const { indicator } of Plan.indicators(plan)) byKind.set(indicator.kind, (byKind.get(indicator.kind) ?? 0) + 1)
  const kinds = [...byKind].map(([k, n]) => `${KINDS[k as Plan.IndicatorKind] ?? k} ${n}`).join("，")
  const source = [`来源: ${plan.source.publisher}`, ...(plan.source.file !== undefined ? [plan.source.file] : [])].join(" · ")
  return [
    plan.title,
    `${plan.office} · ${plan.district} · ${chineseDate(plan.published)} · ${source}`,
    `${c.pillars} 个方面 · ${c.sections} 项工作 · ${c.measures} 条措施 · ${c.indicators} 项指标（${kinds}）`,
    ...(options.pillars ?? plan.pillars).flatMap((p) => outlinePillar(p, options.indicatorsOnly ?? false))
  ].join("\n")
}

const loadPlan = async (file: string | undefined): Promise<Either.Either<Plan.WorkPlan, string>> => {
  if (file === undefined) return Either.right(ReferencePlan.changshouRoad2022)
  let text: string
  try {
    text = (await readFile(file, "utf8")).replace(/^\uFEFF/, "") // a byte-order mark (Windows Notepad) is fine
  } catch (error) {
    return Either.left(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return Either.mapLeft(Plan.decodePlanEither(text), (error) => `${file}: ${error.message}`)
}

const selectPillars = (plan: Plan.WorkPlan, which: string | undefined): Either.Either<ReadonlyArray<Plan.Pillar>, string> => {
  if (which === undefined) return Either.right(plan.pillars)
  const found = plan.pillars.find((p) => p.key === which || String(p.number) === which)
  return found === undefined
    ? Either.left(`no pillar "${which}"; the plan's pillars are ${plan.pillars.map((p) => `${p.number} ${p.key}`).join(", ")}`)
    : Either.right([found])
}

/** @since 0.1.0 */
export const command: Command.Command = Command.make({
  name: "plan",
  summary: "print the work plan as an outline (or --json)",
  help: HELP,
  parse: parseArgs,
  run: async (options) => {
    const loaded = await loadPlan(options.file)
    if (Either.isLeft(loaded)) {
      await Command.write(process.stderr, `govplan plan: ${loaded.left}`)
      return Failure.ExitCode.data
    }
    const plan = loaded.right
    const pillars = selectPillars(plan, options.pillar)
    if (Either.isLeft(pillars)) {
      await Command.write(process.stderr, `govplan plan: ${pillars.left}`)
      return 2
    }
    if (options.json) {
      const encoded = options.pillar === undefined
        ? Plan.encodePlan(plan)
        : pillars.right.map((p) => Schema.encodeSync(Plan.Pillar)(p))[0]
      await Command.write(process.stdout, JSON.stringify(encoded, null, 2))
      return 0
    }
    await Command.write(process.stdout, outline(plan, { pillars: pillars.right, indicatorsOnly: options.indicatorsOnly }))
    return 0
  }
})
