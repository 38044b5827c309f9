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
import { Civil, type Plan, type Status } from "@govplan/model"
import * as Format from "./Format.js"
import * as Prose from "./internal/prose.js"
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
  /**
   * Last year's scorecard over the same span (the same plan's indicators,
   * computed for the previous year up to the same day), for 同比. Optional:
   * without it, or where last year has no records, no 同比 is written.
   *
   * @since 0.2.0
   */
  readonly previous?: ReadonlyArray<Status.IndicatorResult> | undefined
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
 * An attachment provider: turns the same input into a 附件 (or none).
 *
 * @since 0.2.0
 */
export interface AttachmentProvider<E = never> {
  /** A unique, stable id ("attachment:indicators"). */
  readonly id: string
  readonly attach: (input: Input) => Effect.Effect<Report.Attachment | undefined, E>
}

/**
 * Options of the generic pillar provider.
 *
 * @since 0.1.0
 */
export interface PillarOptions {
  /** Heading text: the pillar's title (default) or its short name. */
  readonly heading?: "title" | "shortName"
  /** Add the achievement chart (default false: the summary's charts are the overview's). */
  readonly chart?: boolean
  /** Add the KPI table in the body (default false: the full table is the 附件, see {@link indicatorAttachment}). */
  readonly table?: boolean
}

const resultsOf = (input: Input, pillar: Plan.Pillar): ReadonlyArray<Status.IndicatorResult> =>
  input.results.filter((r) => r.pillar === pillar.number)

const previousOf = (input: Input, r: Status.IndicatorResult): Status.IndicatorResult | undefined =>
  input.previous?.find((p) => p.indicator.id === r.indicator.id)

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
 * With `asOf`, the status words are those of the period at that date (未完成
 * once an indicator's period has ended, see {@link Format.statusWord}).
 *
 * @since 0.1.0
 */
export const summarySentence = (results: ReadonlyArray<Status.IndicatorResult>, subject = "共设指标", asOf?: Civil.CivilDate): string => {
  const counts = new Map<string, number>()
  for (const s of Format.statusOrder) {
    for (const r of results) {
      if (r.assessment.status !== s) continue
      const w = asOf === undefined ? Format.statusLabel[s] : Format.statusWord(r, asOf)
      counts.set(w, (counts.get(w) ?? 0) + 1)
    }
  }
  const parts = [...counts].map(([w, n]) => `${w}${n}项`)
  return parts.length === 0 ? `${subject}0项。` : `${subject}${results.length}项，其中${parts.join("、")}。`
}

/**
 * A scorecard line as a KPI table row. With `asOf`, the row carries the
 * status word of the period at that date.
 *
 * @since 0.1.0
 */
export const row = (r: Status.IndicatorResult, asOf?: Civil.CivilDate): Report.KpiRow => {
  const o = r.observation
  const base = {
    indicator: Prose.planText(r.indicator.name),
    target: Sanitize.line(Format.target(r.indicator)),
    actual: Sanitize.line(Format.actual(r)),
    status: r.assessment.status,
    ...(asOf === undefined ? {} : { statusWord: Format.statusWord(r, asOf) })
  }
  return {
    ...base,
    ...(o.numerator !== undefined ? { numerator: o.numerator } : {}),
    ...(o.denominator !== undefined ? { denominator: o.denominator } : {}),
    ...(o.value === null && o.noDataReason !== undefined ? { note: Sanitize.line(Format.noDataNote(o.noDataReason)) } : {})
  }
}

/**
 * Whether a line of last year's scorecard gives a 同比: it has a value, is
 * not a milestone or a qualitative target, and is not a count of zero (which
 * cannot be told from a ledger that did not exist then).
 *
 * @since 0.2.0
 */
export const hasYearOnYear = (previous: Status.IndicatorResult): boolean => Prose.comparable(previous)

/**
 * The achievement chart of a set of results: one bar per scored indicator,
 * its value as a fraction of target (capped at 1.5), coloured by status; a
 * rule at 100%. `undefined` when no indicator can be drawn.
 *
 * @since 0.1.0
 */
export const achievementChart = (title: string, results: ReadonlyArray<Status.IndicatorResult>, asOf?: Civil.CivilDate): Report.Chart | undefined => {
  const word = (r: Status.IndicatorResult) => (asOf === undefined ? Format.statusLabel[r.assessment.status] : Format.statusWord(r, asOf))
  const data = results.flatMap((r) => {
    const a = Format.achievement(r)
    return a === undefined || !Number.isFinite(a)
      ? []
      : [{ category: Prose.planText(r.indicator.name), value: Math.min(Math.max(a, 0), 1.5), series: word(r) }]
  })
  if (data.length === 0) return undefined
  const colour = new Map<string, string>()
  for (const s of Format.statusOrder) {
    for (const r of results) if (r.assessment.status === s && !colour.has(word(r))) colour.set(word(r), Format.statusColor[s])
  }
  const used = new Set(data.map((d) => d.series))
  return Report.chart(
    title,
    {
      mark: "bar",
      categoryTitle: "指标",
      valueTitle: "完成程度（实际/目标）",
      valueFormat: "percent",
      reference: 1,
      series: [...colour].filter(([name]) => used.has(name)).map(([name, color]) => ({ name, color }))
    },
    data
  )
}

/**
 * The paragraph of one plan section written from its indicators: a bold lead
 * sentence with the result ("加强党风廉政建设，2项指标全部完成。"), then one
 * past-tense clause per indicator with value, target and 同比. The plan's
 * measures are not restated. `undefined` when no indicator has anything to report.
 *
 * @since 0.2.0
 */
export const sectionParagraph = (input: Input, section: Plan.Section, results: ReadonlyArray<Status.IndicatorResult>): Report.Paragraph | undefined => {
  const sentences = results.flatMap((r) => {
    const s = Prose.sentence(r, input.asOf, input.plan.year, previousOf(input, r))
    return s === undefined ? [] : [s]
  })
  if (sentences.length === 0) return undefined
  return Report.paragraph(`${sentences.join("；")}。`, Prose.lead(section.title, results, input.asOf))
}

/**
 * The generic pillar provider: a section for the pillar (its heading the
 * pillar's title), the pillar's narrative, then one paragraph per plan section:
 * the section's narrative if given, else a paragraph written from its
 * indicators ({@link sectionParagraph}); optionally the KPI table and the
 * achievement chart. Narrative keys: the pillar's `key` and each section's `id`.
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
      const blocks: Array<Report.Block> = [...Narrative.blocksOf(input.narrative, p.key)]
      for (const s of p.sections) {
        const told = Narrative.blocksOf(input.narrative, s.id)
        if (told.length > 0) {
          blocks.push(...told)
          continue
        }
        const generated = sectionParagraph(input, s, results.filter((r) => r.sectionId === s.id))
        if (generated !== undefined) blocks.push(generated)
      }
      if (blocks.length === 0) blocks.push(Report.paragraph(`本方面${p.sections.length}项工作暂无可报告的指标数据。`))
      if (options.table === true && results.length > 0) blocks.push(Report.kpiTable(results.map((r) => row(r, input.asOf)), `${p.shortName}指标完成情况`))
      if (options.chart === true) {
        const c = achievementChart(`${p.shortName}指标完成程度`, results, input.asOf)
        if (c !== undefined) blocks.push(c)
      }
      return [Report.section(Prose.planText(options.heading === "shortName" ? p.shortName : p.title), blocks)]
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
 * Providers grouped under one heading: their blocks become the subsections of
 * a section titled `title` (a function of the input, e.g. "2022年工作成效").
 *
 * @since 0.2.0
 */
export const group = <E>(id: string, title: string | ((input: Input) => string), providers: ReadonlyArray<SectionProvider<E>>): SectionProvider<E> => ({
  id,
  provide: (input) =>
    Effect.gen(function*() {
      const blocks: Array<Report.Block> = []
      for (const p of providers) blocks.push(...(yield* p.provide(input)))
      return blocks.length === 0 ? [] : [Report.section(typeof title === "string" ? title : title(input), blocks)]
    })
})

/**
 * The chart of the share of indicators completed or on schedule per pillar
 * (qualitative indicators left out); `undefined` when nothing can be drawn.
 *
 * @since 0.2.0
 */
export const overviewChart = (input: Input): Report.Chart | undefined => {
  const series = "已完成或进度正常"
  const data = input.plan.pillars.flatMap((p) => {
    const rs = resultsOf(input, p).filter((r) => r.assessment.status !== "notAssessed")
    if (rs.length === 0) return []
    const t = tally(rs)
    return [{ category: Prose.planText(p.shortName), value: (t.achieved + t.onTrack) / rs.length, series }]
  })
  return data.length === 0
    ? undefined
    : Report.chart(`各方面指标${series}的比例`, { mark: "bar", categoryTitle: "方面", valueTitle: "比例", valueFormat: "percent", reference: 1, series: [{ name: series, color: Format.statusColor.achieved }] }, data)
}

/**
 * The opening of the summary, before the first heading: what was planned and
 * how it came out overall, and the narrative under key `overview`; with
 * `chart: true`, the {@link overviewChart} (by default it is in the 附件).
 *
 * @since 0.1.0
 */
export const overview = (options: { readonly chart?: boolean } = {}): SectionProvider<never> => ({
  id: "overview",
  provide: (input) =>
    Effect.sync(() => {
      const span = Prose.spanOf(input.plan.year, input.asOf)
      const blocks: Array<Report.Block> = [
        Report.paragraph(
          `${input.plan.year}年，${Sanitize.line(input.plan.office)}对照《${Prose.planText(input.plan.title)}》确定的${input.plan.pillars.length}个方面推进各项工作。${span.span === "全年" ? "全年" : `截至${Civil.formatChinese(input.asOf)}，`}${summarySentence(input.results, "计划所列量化和定性指标", input.asOf)}`
        ),
        ...Narrative.blocksOf(input.narrative, "overview")
      ]
      const chart = options.chart === true ? overviewChart(input) : undefined
      if (chart !== undefined) blocks.push(chart)
      return blocks
    })
})

/**
 * 存在的问题和不足, written from the indicators that fell short: milestones
 * missed or late, then per pillar the indicators below target (how far, and
 * for monthly indicators the months that lag most), then the indicators with
 * no data to judge by. Narrative key `problems` replaces the generated text.
 *
 * @since 0.2.0
 */
export const problems = (title = "存在的问题和不足"): SectionProvider<never> => ({
  id: "problems",
  provide: (input) =>
    Effect.sync(() => {
      const told = Narrative.blocksOf(input.narrative, "problems")
      if (told.length > 0) return [Report.section(title, told)]
      const { asOf } = input
      const year = input.plan.year
      const behind = (r: Status.IndicatorResult) => r.assessment.status === "offTrack" || r.assessment.status === "atRisk"
      const blocks: Array<Report.Block> = []
      const late = input.results.filter((r) => behind(r) && r.indicator.target._tag === "Deadline")
      if (late.length > 0) {
        const sentences = late.flatMap((r) => Prose.sentence(r, asOf, year) ?? [])
        blocks.push(Report.paragraph(`${sentences.join("；")}。`, `${late.length}个项目未按期完成。`))
      }
      for (const p of input.plan.pillars) {
        const short = resultsOf(input, p).filter((r) => behind(r) && r.indicator.target._tag !== "Deadline" && r.observation.value !== null)
        if (short.length === 0) continue
        const sentences = short.map((r) => {
          const base = Prose.sentence(r, asOf, year, previousOf(input, r)) ?? Prose.planText(r.indicator.name)
          // which months and which committees (居委) lag most
          const lagging = [Prose.laggingMonths(r, year), Prose.laggingCommittees(r)].filter((x) => x !== undefined)
          return [base, ...lagging].join("，")
        })
        const word = short.every((r) => Format.statusWord(r, asOf) === "未完成") ? "未达到目标" : "进度滞后"
        blocks.push(Report.paragraph(`${sentences.join("；")}。`, `${Prose.planText(p.shortName)}方面，${short.length}项指标${word}。`))
      }
      const missing = input.results.filter((r) => r.assessment.status === "noData")
      if (missing.length > 0) {
        const names = missing.map((r) => Prose.planText(r.indicator.name))
        blocks.push(
          Report.paragraph(
            `${names.join("、")}${missing.length > 1 ? `等${missing.length}项指标` : ""}截至${Civil.formatChinese(asOf)}没有可用的业务数据，无法评价完成情况，需补齐台账、明确数据来源。`,
            "部分指标缺少统计数据。"
          )
        )
      }
      if (blocks.length === 0) blocks.push(Report.paragraph("对照年度计划，各项量化指标均已完成或进度正常。"))
      return [Report.section(title, blocks)]
    })
})

/**
 * The placeholder of 下一步工作打算 when no narrative is given: marked so a
 * reader cannot miss it (the narrative key that replaces it is `outlook`).
 *
 * @since 0.2.0
 */
export const OUTLOOK_PLACEHOLDER = "【待填写】此部分须由起草人根据本年度工作成效和存在的问题写明下一步工作打算。"

/**
 * 下一步工作打算 from the narrative under key `outlook`; without it, the
 * section carries {@link OUTLOOK_PLACEHOLDER} (it is never silently dropped).
 *
 * @since 0.2.0
 */
export const outlook = (title?: string): SectionProvider<never> => ({
  id: "narrative:outlook",
  provide: (input) =>
    Effect.sync(() => {
      const blocks = Narrative.blocksOf(input.narrative, "outlook")
      const heading = title ?? (Prose.spanOf(input.plan.year, input.asOf).next === "下半年" ? "下半年工作打算" : "下一步工作打算")
      return [Report.section(heading, blocks.length > 0 ? blocks : [Report.paragraph(OUTLOOK_PLACEHOLDER)])]
    })
})

/**
 * A section made only of narrative text; no section at all when the narrative
 * has no such key.
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
 * The title of the results part: "2022年工作成效", "2022年上半年工作成效".
 *
 * @since 0.2.0
 */
export const resultsTitle = (input: Input): string => `${Prose.spanOf(input.plan.year, input.asOf).title}工作成效`

/**
 * The default providers of an annual summary, as real 街道 工作总结 are
 * written: the opening ({@link overview}); 一、2022年工作成效 (one part per
 * pillar, results first); 二、存在的问题和不足 ({@link problems}); 三、下一步工作打算
 * ({@link outlook}). The full indicator table is the 附件 ({@link annualSummaryAttachments}).
 *
 * @since 0.1.0
 */
export const annualSummary = (plan: Plan.WorkPlan, options: PillarOptions = {}): ReadonlyArray<SectionProvider<ReportError>> => [
  overview(),
  group("results", resultsTitle, pillars(plan, options)),
  problems(),
  outlook()
]

/**
 * The 附件 of a summary: the {@link overviewChart} (unless `chart: false`), then
 * the full indicator table, one table per pillar, with targets, values and
 * status words by period.
 *
 * @since 0.2.0
 */
export const indicatorAttachment = (options: { readonly title?: (input: Input) => string; readonly chart?: boolean } = {}): AttachmentProvider<never> => ({
  id: "attachment:indicators",
  attach: (input) =>
    Effect.sync(() => {
      if (input.results.length === 0) return undefined
      const chart = options.chart === false ? undefined : overviewChart(input)
      const blocks: Array<Report.Block> = [
        ...(chart === undefined ? [] : [chart]),
        ...input.plan.pillars.flatMap((p) => {
          const rs = resultsOf(input, p)
          return rs.length === 0 ? [] : [Report.kpiTable(rs.map((r) => row(r, input.asOf)), Prose.planText(p.shortName))]
        })
      ]
      const title = options.title
      return { title: title?.(input) ?? `${Prose.spanOf(input.plan.year, input.asOf).title}工作计划指标完成情况`, blocks }
    })
})

/**
 * The default attachments of an annual summary: the chart and the indicator
 * tables ({@link indicatorAttachment}); none when `enabled` is false.
 *
 * @since 0.2.0
 */
export const annualSummaryAttachments = (enabled = true): ReadonlyArray<AttachmentProvider<never>> => (enabled ? [indicatorAttachment()] : [])

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
 * //   attachments: SectionProvider.annualSummaryAttachments(),
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
  readonly attachments?: ReadonlyArray<Report.Attachment | AttachmentProvider<E>>
}): Effect.Effect<Report.Report, E | ReportError> =>
  Effect.gen(function*() {
    const blocks: Array<Report.Block> = []
    const ids = new Set<string>()
    const unique = (id: string) => {
      if (ids.has(id)) return new ReportError({ reason: "ProviderFailed", message: `two section providers share the id "${id}"` })
      ids.add(id)
      return undefined
    }
    for (const p of options.providers) {
      const dup = unique(p.id)
      if (dup !== undefined) return yield* dup
      blocks.push(...(yield* p.provide(options.input)))
    }
    const attachments: Array<Report.Attachment> = []
    for (const a of options.attachments ?? []) {
      if (!("attach" in a)) {
        attachments.push(a)
        continue
      }
      const dup = unique(a.id)
      if (dup !== undefined) return yield* dup
      const made = yield* a.attach(options.input)
      if (made !== undefined) attachments.push(made)
    }
    return yield* Report.validate({ metadata: options.metadata, blocks, attachments })
  })

/**
 * {@link build} as a Promise, for callers who do not use Effect.
 *
 * @since 0.1.0
 */
export const buildPromise = (options: Parameters<typeof build<unknown>>[0]): Promise<Report.Report> => Effect.runPromise(build(options))
