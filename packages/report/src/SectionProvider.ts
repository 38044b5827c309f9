/**
 * Section providers are typed plugins that turn a plan, its scorecard and
 * the user's narrative into report blocks. A report is the providers' blocks
 * in order. The built-in {@link pillar} provider is one generic provider,
 * instantiated once per pillar of the plan by {@link pillars}; anyone can
 * write another: an object with an `id` and a `provide` function.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Civil, Plan, Status } from "@govplan/model"
import * as Format from "./Format.js"
import * as Narrative from "./Narrative.js"
import * as Report from "./Report.js"
import { ReportError } from "./ReportError.js"
import * as Sanitize from "./Sanitize.js"

/**
 * What every provider is given.
 *
 * @since 0.1.0
 */
export interface Input {
  readonly plan: Plan.WorkPlan
  readonly results: ReadonlyArray<Status.IndicatorResult>
  readonly narrative: Narrative.Narrative
  readonly asOf: Civil.CivilDate
}

/**
 * A section provider.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Report, SectionProvider } from "@govplan/report"
 *
 * const thanks: SectionProvider.SectionProvider = {
 *   id: "thanks",
 *   provide: () => Effect.succeed([Report.section("致谢", [Report.paragraph("感谢各部门。")])])
 * }
 * ```
 *
 * @since 0.1.0
 */
export interface SectionProvider<E = never> {
  /** A unique, stable id ("pillar:party"). */
  readonly id: string
  readonly provide: (input: Input) => Effect.Effect<ReadonlyArray<Report.Block>, E>
}

/**
 * Options of the generic pillar provider.
 *
 * @since 0.1.0
 */
export interface PillarOptions {
  /** Heading text: the pillar's title (default) or its short name. */
  readonly heading?: "title" | "shortName"
  /** Add the achievement chart (default true). */
  readonly chart?: boolean
  /** Add the KPI table (default true). */
  readonly table?: boolean
}

const resultsOf = (input: Input, pillar: Plan.Pillar): ReadonlyArray<Status.IndicatorResult> =>
  input.results.filter((r) => r.pillar === pillar.number)

/**
 * Counts per status of a set of results.
 *
 * @since 0.1.0
 */
export const tally = (results: ReadonlyArray<Status.IndicatorResult>): Readonly<Record<Status.Status, number>> => {
  const t: Record<Status.Status, number> = { achieved: 0, onTrack: 0, atRisk: 0, offTrack: 0, noData: 0, notAssessed: 0 }
  for (const r of results) t[r.assessment.status] += 1
  return t
}

/**
 * One sentence summing up a set of results: "共设指标12项，其中已完成8项、进度正常2项、滞后1项、暂无数据1项。"
 *
 * @since 0.1.0
 */
export const summarySentence = (results: ReadonlyArray<Status.IndicatorResult>, subject = "共设指标"): string => {
  const t = tally(results)
  const parts = Format.statusOrder.filter((s) => t[s] > 0).map((s) => `${Format.statusLabel[s]}${t[s]}项`)
  return parts.length === 0 ? `${subject}0项。` : `${subject}${results.length}项，其中${parts.join("、")}。`
}

/**
 * A scorecard line as a KPI table row.
 *
 * @since 0.1.0
 */
export const row = (r: Status.IndicatorResult): Report.KpiRow => {
  const o = r.observation
  const base = {
    indicator: Sanitize.line(r.indicator.name),
    target: Sanitize.line(Format.target(r.indicator)),
    actual: Sanitize.line(Format.actual(r)),
    status: r.assessment.status
  }
  return {
    ...base,
    ...(o.numerator !== undefined ? { numerator: o.numerator } : {}),
    ...(o.denominator !== undefined ? { denominator: o.denominator } : {}),
    ...(o.value === null && o.noDataReason !== undefined ? { note: Sanitize.line(o.noDataReason) } : {})
  }
}

/**
 * The achievement chart of a set of results: one bar per scored indicator,
 * its value as a fraction of target (capped at 1.5), coloured by status; a
 * rule at 100%. `undefined` when no indicator can be drawn.
 *
 * @since 0.1.0
 */
export const achievementChart = (title: string, results: ReadonlyArray<Status.IndicatorResult>): Report.Chart | undefined => {
  const data = results.flatMap((r) => {
    const a = Format.achievement(r)
    return a === undefined || !Number.isFinite(a)
      ? []
      : [{ category: Sanitize.line(r.indicator.name), value: Math.min(Math.max(a, 0), 1.5), series: Format.statusLabel[r.assessment.status] }]
  })
  if (data.length === 0) return undefined
  const used = new Set(data.map((d) => d.series))
  return Report.chart(
    title,
    {
      mark: "bar",
      categoryTitle: "指标",
      valueTitle: "完成程度（实际/目标）",
      valueFormat: "percent",
      reference: 1,
      series: Format.statusOrder.filter((s) => used.has(Format.statusLabel[s])).map((s) => ({ name: Format.statusLabel[s], color: Format.statusColor[s] }))
    },
    data
  )
}

/** Plan text as a report prints it: one line, full-width punctuation in Chinese text. */
const planText = (s: string): string => Sanitize.chinesePunctuation(Sanitize.line(s))

const generatedSectionText = (section: Plan.Section, results: ReadonlyArray<Status.IndicatorResult>): ReadonlyArray<Report.Block> => [
  ...(section.measures.length === 0 ? [] : [Report.paragraph(`围绕这一方面，计划部署措施${section.measures.length}项：`), Report.list(section.measures.map((m) => planText(m.text)), true)]),
  ...(results.length === 0
    ? []
    : [
        Report.paragraph(
          results
            .map((r) => {
              const target = Format.target(r.indicator)
              const actual = Format.actual(r)
              // the indicator's name and a qualitative target are plan text, with the source's punctuation
              return `${planText(r.indicator.name)}${r.indicator.kind === "qualitative" ? `：${planText(target)}` : `目标${target}，实际${actual}`}（${Format.statusLabel[r.assessment.status]}）`
            })
            .join("；")
            .concat("。")
        )
      ])
]

/**
 * The generic pillar provider: a level-1 section for the pillar with a
 * summary sentence, the pillar's narrative, a level-2 section per plan
 * section (its narrative; without one, the plan's measures as a numbered
 * list and a sentence generated from its indicators), the
 * KPI table and the achievement chart. Narrative keys: the pillar's `key` and
 * each section's `id`.
 *
 * @example
 * ```ts
 * import { SectionProvider } from "@govplan/report"
 *
 * const party = SectionProvider.pillar("party")
 * ```
 *
 * @since 0.1.0
 */
export const pillar = (key: string, options: PillarOptions = {}): SectionProvider<ReportError> => ({
  id: `pillar:${key}`,
  provide: (input) =>
    Effect.gen(function*() {
      const p = input.plan.pillars.find((x) => x.key === key)
      if (p === undefined) {
        return yield* new ReportError({ reason: "ProviderFailed", message: `pillar provider: the plan "${input.plan.id}" has no pillar "${key}" (it has ${input.plan.pillars.map((x) => x.key).join(", ")})` })
      }
      const results = resultsOf(input, p)
      const blocks: Array<Report.Block> = [Report.paragraph(summarySentence(results, `本部分${p.sections.length}个方面共设指标`)), ...Narrative.blocksOf(input.narrative, p.key)]
      for (const s of p.sections) {
        const own = results.filter((r) => r.sectionId === s.id)
        const told = Narrative.blocksOf(input.narrative, s.id)
        blocks.push(Report.section(planText(s.title), told.length > 0 ? told : generatedSectionText(s, own)))
      }
      if (options.table !== false && results.length > 0) blocks.push(Report.kpiTable(results.map(row), `${p.shortName}指标完成情况`))
      if (options.chart !== false) {
        const c = achievementChart(`${p.shortName}指标完成程度`, results)
        if (c !== undefined) blocks.push(c)
      }
      return [Report.section(planText(options.heading === "shortName" ? p.shortName : p.title), blocks)]
    })
})

/**
 * The generic pillar provider, once per pillar of the plan, in order.
 *
 * @since 0.1.0
 */
export const pillars = (plan: Plan.WorkPlan, options: PillarOptions = {}): ReadonlyArray<SectionProvider<ReportError>> =>
  plan.pillars.map((p) => pillar(p.key, options))

/**
 * The overview: a level-1 section "总体情况" with the plan-wide summary, the
 * narrative under key `overview`, and one row per pillar in a chart of the
 * share of indicators achieved or on track.
 *
 * @since 0.1.0
 */
export const overview = (title = "总体情况"): SectionProvider<never> => ({
  id: "overview",
  provide: (input) =>
    Effect.sync(() => {
      const blocks: Array<Report.Block> = [
        Report.paragraph(`${input.plan.year}年，${Sanitize.line(input.plan.office)}对照《${Sanitize.line(input.plan.title)}》${input.plan.pillars.length}个方面推进各项工作，${summarySentence(input.results, "共设量化和定性指标")}`),
        ...Narrative.blocksOf(input.narrative, "overview")
      ]
      const data = input.plan.pillars.flatMap((p) => {
        const rs = resultsOf(input, p).filter((r) => r.assessment.status !== "notAssessed")
        if (rs.length === 0) return []
        const t = tally(rs)
        return [{ category: p.shortName, value: (t.achieved + t.onTrack) / rs.length, series: "已完成或进度正常" }]
      })
      if (data.length > 0) {
        blocks.push(Report.chart("各方面指标完成或进度正常的比例", { mark: "bar", categoryTitle: "方面", valueTitle: "比例", valueFormat: "percent", reference: 1, series: [{ name: "已完成或进度正常", color: Format.statusColor.achieved }] }, data))
      }
      return [Report.section(title, blocks)]
    })
})

/**
 * A section made only of narrative text (e.g. "下一步工作打算" under key
 * `outlook`); no section at all when the narrative has no such key.
 *
 * @since 0.1.0
 */
export const narrative = (key: string, title: string): SectionProvider<never> => ({
  id: `narrative:${key}`,
  provide: (input) =>
    Effect.sync(() => {
      const blocks = Narrative.blocksOf(input.narrative, key)
      return blocks.length === 0 ? [] : [Report.section(title, blocks)]
    })
})

/**
 * The default providers of an annual summary: overview, one per pillar, outlook.
 *
 * @since 0.1.0
 */
export const annualSummary = (plan: Plan.WorkPlan, options: PillarOptions = {}): ReadonlyArray<SectionProvider<ReportError>> => [
  overview(),
  ...pillars(plan, options),
  narrative("outlook", "下一步工作打算")
]

/**
 * Runs providers in order and assembles a validated report.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Narrative, SectionProvider } from "@govplan/report"
 *
 * // const report = await Effect.runPromise(SectionProvider.build({
 * //   metadata: { title: "长寿路街道2022年工作总结", office: "长寿路街道办事处", date: "2022-12-31" },
 * //   providers: SectionProvider.annualSummary(plan),
 * //   input: { plan, results, narrative: Narrative.empty, asOf: "2022-12-31" }
 * // }))
 * ```
 *
 * @since 0.1.0
 */
export const build = <E>(options: {
  readonly metadata: Report.Metadata
  readonly providers: ReadonlyArray<SectionProvider<E>>
  readonly input: Input
  readonly attachments?: ReadonlyArray<Report.Attachment>
}): Effect.Effect<Report.Report, E | ReportError> =>
  Effect.gen(function*() {
    const blocks: Array<Report.Block> = []
    const ids = new Set<string>()
    for (const p of options.providers) {
      if (ids.has(p.id)) return yield* new ReportError({ reason: "ProviderFailed", message: `two section providers share the id "${p.id}"` })
      ids.add(p.id)
      blocks.push(...(yield* p.provide(options.input)))
    }
    return yield* Report.validate({ metadata: options.metadata, blocks, attachments: options.attachments ?? [] })
  })

/**
 * {@link build} as a Promise, for callers who do not use Effect.
 *
 * @since 0.1.0
 */
export const buildPromise = (options: Parameters<typeof build<unknown>>[0]): Promise<Report.Report> => Effect.runPromise(build(options))
