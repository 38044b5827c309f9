/**
 * The scorecard: every indicator of a plan with what the records say and how it stands.
 *
 * For each indicator the bound KPI (see `Pillar.Binding`) is evaluated over the records up to the
 * as-of date, rolled up the way the indicator says (每月平均 = mean of monthly values, pooled annual
 * rates, sums, the latest month, a milestone's date) and judged with `@govplan/model`'s
 * `Status.assess`. Indicators with no bound KPI, or whose records were not supplied, get an
 * observation with `value: null` and the reason; qualitative targets are reported, never scored.
 *
 * Every record stream is read once, whatever the number of KPIs that read it.
 *
 * Baselines of `Relative` targets (better than a baseline): the plan's `baseline.value` wins; else a
 * value the caller supplies (`baselines`, e.g. last year's published summary); else, when the
 * baseline names a `period` (`"2021"`, `"2022-01"`, `"2022-01-01..2022-06-01"`), the same bound KPI
 * computed over that period with the same aggregation, grain and window, in the same single pass
 * over the records (one more reducer on the stream). Records that do not reach into the baseline
 * period give `noData` ("无2021年记录，无法计算基线"); a baseline is never made up. The reason says where
 * the baseline came from.
 *
 * @since 0.1.0
 */
import { Kpi } from "@govplan/kpi"
import { Civil, Observation, Period, Plan, Status } from "@govplan/model"
import { Effect, Schema } from "effect"
import type { Binding, Pillar } from "./Pillar.js"
import * as Pillars from "./Pillars.js"
import * as Records from "./Records.js"

/**
 * Rows of one record type: an iterable or async iterable (read once).
 *
 * @since 0.1.0
 */
export type Rows = Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>

/**
 * What went wrong computing a scorecard.
 *
 * @since 0.1.0
 */
export class ScorecardError extends Schema.TaggedError<ScorecardError>("@govplan/pillars/Scorecard/ScorecardError")("ScorecardError", {
  reason: Schema.Literal("InvalidOptions", "KpiFailed", "RecordsFailed"),
  detail: Schema.String,
  cause: Schema.optional(Schema.Unknown)
}) {
  /** @since 0.1.0 */
  override get message(): string {
    return `Scorecard (${this.reason}): ${this.detail}`
  }
}

/**
 * @since 0.1.0
 */
export interface ComputeOptions {
  readonly plan: Plan.WorkPlan
  /** Rows per record type name (`hotline_order`, `enterprise_quarter`, …). */
  readonly records: Readonly<Record<string, Rows>>
  /** The assessment period (the plan year). */
  readonly period: Period.Period
  /** The date the data runs to (default: the last day of the period). Records after it do not count. */
  readonly asOf?: string | undefined
  /** The pillars whose KPIs and bindings to use (default: every registered pillar). */
  readonly pillars?: ReadonlyArray<Pillar> | undefined
  /**
   * Baselines of `Relative` targets the caller knows (e.g. from last year's published summary):
   * indicator id → value in the indicator's terms (rates as fractions). A value in the plan wins
   * over these; these win over a baseline computed from the records.
   */
  readonly baselines?: Readonly<Record<string, number>> | undefined
  /**
   * Record types whose KPIs are computed elsewhere — on the database, by `SqlSource.pushDown` of
   * `@govplan/source-sql` — instead of from `records`: record type name → an {@link Evaluator}. A
   * record type listed here is not read from `records` (it need not be there).
   *
   * @since 0.2.0
   */
  readonly evaluators?: Readonly<Record<string, Evaluator>> | undefined
}

/**
 * One evaluation the scorecard needs of a record type: a definition over a period (and grain, or
 * groups `by`), over the as-of view of the records (event fields after `asOf` read as `null`, as
 * `Records.asOf` gives them).
 *
 * @since 0.2.0
 */
export interface EvaluationRequest {
  readonly def: Kpi.Definition
  readonly options: Kpi.EvaluateOptions
}

/**
 * Computes a record type's evaluations elsewhere: the results of each request, in the order of the
 * requests, exactly as `Kpi.evaluate(def, rows, options)` gives them over the as-of view of the rows.
 *
 * @since 0.2.0
 */
export type Evaluator = (
  requests: ReadonlyArray<EvaluationRequest>,
  context: { readonly asOf: string; readonly record: Records.RecordType<any> }
) => Promise<ReadonlyArray<ReadonlyArray<Kpi.KpiResult>>>

// printed in Chinese reports: plain words, no English (English readers: no KPI is bound to this indicator)
const NO_BINDING = "尚无该指标的业务数据来源"

interface Job {
  readonly binding: Binding
  readonly def: Kpi.Definition
  readonly method: "direct" | "meanOfPeriods" | "latest"
  readonly options: Kpi.EvaluateOptions
  reducer?: Kpi.Reducer
  /** For rates over records that name a 居委: the same KPI per committee over the whole period. */
  byCommittee?: Kpi.Reducer
}

/** The same KPI over a baseline period, read in the same pass as its indicator's job. */
interface BaselineJob {
  readonly period: Period.Period
  readonly job: Job
  /** Rows whose time (any of the KPI's time fields) falls in the baseline's evaluation period. */
  readonly coverage: CoverageSink
}

interface CoverageSink {
  readonly push: (row: Readonly<Record<string, unknown>>) => void
  readonly rows: () => number
}

/** The time fields a KPI reads (each leaf measure's `time`). */
const timeFields = (m: Kpi.Measure): ReadonlyArray<string> => {
  switch (m._tag) {
    case "Ratio":
      return [...new Set([...timeFields(m.numerator), ...timeFields(m.denominator)])]
    case "Derive":
      return [...new Set(Object.values(m.inputs).flatMap(timeFields))]
    default:
      return [m.time]
  }
}

/** Counts the rows with any of `fields` (a civil date or date-time) in `period`, filters aside. */
const coverageSink = (fields: ReadonlyArray<string>, period: Period.Period): CoverageSink => {
  const { end, start } = Period.bounds(period)
  let n = 0
  return {
    push: (row) => {
      for (const f of fields) {
        const v = row[f]
        if (typeof v !== "string") continue
        const day = v.slice(0, 10)
        if (day >= start && day < end) {
          n++
          return
        }
      }
    },
    rows: () => n
  }
}

/** Where a judged baseline came from, for the reason. */
type BaselineSource =
  | { readonly _tag: "Plan"; readonly value: number }
  | { readonly _tag: "Supplied"; readonly value: number }
  | { readonly _tag: "Computed"; readonly value: number; readonly from: string }
  | { readonly _tag: "Missing"; readonly reason: string }

const evaluationPeriod = (period: Period.Period, asOf: string, window: Binding["window"]): Period.Period => {
  const { end, start } = Period.bounds(period)
  const until = Civil.addDays(Civil.unsafeDate(asOf), 1)
  const stop = until < end ? until : end
  if (window === "toDate") return Period.range(Civil.unsafeDate("1900-01-01"), stop)
  return stop === end ? period : Period.range(start, stop)
}

const planJob = (indicator: Plan.Indicator, binding: Binding, def: Kpi.Definition, period: Period.Period, asOf: string): Job => {
  const aggregation = binding.aggregation ?? indicator.aggregation
  const grain = binding.grain ?? indicator.grain
  const p = evaluationPeriod(period, asOf, binding.window)
  if (binding.milestone === true || binding.window === "toDate" || aggregation === "pooled" || aggregation === "sum") {
    return { binding, def, method: "direct", options: { period: p } }
  }
  return { binding, def, method: aggregation === "meanOfPeriods" ? "meanOfPeriods" : "latest", options: { period: p, grain } }
}

interface Sink {
  readonly push: (row: Readonly<Record<string, unknown>>) => void
}

/** Reads a record stream once, feeding each row to every sink as the row was known at that sink's as-of date. */
const readAll = async (
  rows: Rows,
  type: Records.RecordType<any> | undefined,
  feeds: ReadonlyArray<{ readonly asOf: string; readonly sinks: ReadonlyArray<Sink> }>
): Promise<void> => {
  const push = (row: Readonly<Record<string, unknown>>) => {
    for (const feed of feeds) {
      const r = type === undefined ? row : Records.asOf(type, row as Record<string, unknown>, feed.asOf)
      for (const s of feed.sinks) s.push(r)
    }
  }
  if (typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    for await (const row of rows as AsyncIterable<Readonly<Record<string, unknown>>>) push(row)
  } else {
    for (const row of rows as Iterable<Readonly<Record<string, unknown>>>) push(row)
  }
}

const rolled = (job: Job, results: ReadonlyArray<Kpi.KpiResult>, period: Period.Period): Kpi.KpiResult | undefined => {
  const mine = results.filter((r) => r.kpiId === job.def.id && Object.keys(r.group).length === 0)
  return job.method === "direct" ? mine[0] : Kpi.rollup(mine, job.method, period)[0]
}

const toObservation = (indicator: Plan.Indicator, job: Job, results: ReadonlyArray<Kpi.KpiResult>, period: Period.Period, asOf: string): Observation.Observation => {
  const key = Period.key(period)
  const base = { indicatorId: indicator.id, period: key, asOf: Civil.unsafeDate(asOf) }
  const r = rolled(job, results, period)
  if (r === undefined) return new Observation.Observation({ ...base, value: null, noDataReason: `${Period.label(period)}无数据` })
  if (job.binding.milestone === true) {
    return new Observation.Observation({
      ...base,
      value: r.text === undefined ? 0 : 1,
      ...(r.text === undefined ? {} : { achievedOn: Civil.unsafeDate(r.text.slice(0, 10)) })
    })
  }
  return new Observation.Observation({
    ...base,
    value: r.value,
    ...(r.numerator === undefined ? {} : { numerator: r.numerator }),
    ...(r.denominator === undefined ? {} : { denominator: r.denominator }),
    ...(r.value === null ? { noDataReason: r.noDataReason ?? `${Period.label(period)}无数据` } : {}),
    ...(r.parts === undefined || job.method !== "meanOfPeriods"
      ? {}
      : { parts: r.parts.map((p) => ({ period: p.period, value: p.value, ...(p.numerator === undefined ? {} : { numerator: p.numerator }), ...(p.denominator === undefined ? {} : { denominator: p.denominator }) })) })
  })
}

/** The observation with its per-committee values (sorted by name; a row without a committee left out). */
const withCommittees = (observation: Observation.Observation, job: Job): Observation.Observation => {
  if (job.byCommittee === undefined || observation.value === null) return observation
  const committees = job.byCommittee.result()
    .filter((r) => r.kpiId === job.def.id && (r.group.committee ?? "") !== "")
    .map((r) => ({
      committee: r.group.committee!,
      value: r.value,
      ...(r.numerator === undefined ? {} : { numerator: r.numerator }),
      ...(r.denominator === undefined ? {} : { denominator: r.denominator })
    }))
    .sort((a, b) => (a.committee < b.committee ? -1 : a.committee > b.committee ? 1 : 0))
  return committees.length === 0 ? observation : new Observation.Observation({ ...observation, committees })
}

const trim = (x: number, digits = 2): string => {
  const s = x.toFixed(digits)
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s
}

const isPercent = (indicator: Plan.Indicator): boolean => indicator.kind === "rate" || indicator.unit === "%"

/** A baseline or a value as the reason prints it: rates in percent, else with the KPI's unit. */
const formatBaseline = (indicator: Plan.Indicator, def: Kpi.Definition, value: number): string => {
  if (isPercent(indicator)) return `${trim(value * 100)}%`
  const unit = def.unit ?? indicator.unit
  return unit === "" ? trim(value) : `${trim(value)} ${unit}`
}

/**
 * The least-squares slope of the monthly values (per month), over the months after the baseline
 * period when it ends inside the assessment period (the level "steadily rising" after the plan),
 * else over every month with a value. Reported, never scored.
 */
const monthlyTrend = (indicator: Plan.Indicator, observation: Observation.Observation): string | undefined => {
  const parts = (observation.parts ?? []).filter((p): p is typeof p & { value: number } => p.value !== null && /^\d{4}-\d{2}$/.test(p.period))
  const bp = indicator.baseline?.period === undefined ? undefined : Period.fromKey(indicator.baseline.period)
  const after = bp === undefined ? [] : parts.filter((p) => `${p.period}-01` >= Period.bounds(bp).end)
  const used = after.length >= 2 ? after : parts
  if (used.length < 2) return undefined
  const xs = used.map((p) => {
    const [y, m] = p.period.split("-").map(Number)
    return y! * 12 + m!
  })
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length
  const my = used.reduce((a, p) => a + p.value, 0) / used.length
  let sxy = 0
  let sxx = 0
  used.forEach((p, i) => {
    sxy += (xs[i]! - mx) * (p.value - my)
    sxx += (xs[i]! - mx) ** 2
  })
  const slope = sxy / sxx
  const step = isPercent(indicator) ? `${slope >= 0 ? "+" : ""}${trim(slope * 100)} 个百分点` : `${slope >= 0 ? "+" : ""}${trim(slope)}${indicator.unit === "" ? "" : ` ${indicator.unit}`}`
  return `月度走势（${used[0]!.period}至${used.at(-1)!.period}，${used.length}个月）：最小二乘斜率每月 ${step}，${slope > 0 ? "呈上升" : slope < 0 ? "呈下降" : "持平"}（仅报告，不计分）`
}

/** Judges a `Relative` target against its resolved baseline, saying where the baseline came from. */
const judgeRelative = (
  indicator: Plan.Indicator,
  job: Job,
  observation: Observation.Observation,
  source: BaselineSource,
  period: Period.Period,
  asOf: string
): Status.Assessment => {
  const day = Civil.unsafeDate(asOf)
  if (observation.value === null) return Status.assess({ indicator, observation, period, asOf: day })
  const words = indicator.baseline?.text === undefined ? "" : `（${indicator.baseline.text}）`
  if (source._tag === "Missing") {
    return new Status.Assessment({ indicatorId: indicator.id, status: "noData", reason: `${source.reason}${words}`, strategy: "threshold", asOf: day })
  }
  const bp = indicator.baseline?.period === undefined ? undefined : Period.fromKey(indicator.baseline.period)
  const where = source._tag === "Plan" ? "计划给定" : source._tag === "Supplied" ? "调用方提供" : source.from
  const note = `基线：${bp === undefined ? "" : `${Period.label(bp)} `}${formatBaseline(indicator, job.def, source.value)}（${where}）`
  // Status formats values by kind: a trend measured in % is shown as a rate (the judgement is the same)
  const judged = new Plan.Indicator({
    ...indicator,
    kind: indicator.kind === "trend" && indicator.unit === "%" ? "rate" : indicator.kind,
    baseline: { ...indicator.baseline, value: source.value }
  })
  const a = Status.assess({ indicator: judged, observation, period, asOf: day })
  const trend = job.method === "meanOfPeriods" ? monthlyTrend(indicator, observation) : undefined
  return new Status.Assessment({ ...a, reason: `${a.reason}。${note}${trend === undefined ? "" : `；${trend}`}` })
}

/**
 * Computes the scorecard: one `IndicatorResult` per indicator of the plan, in plan order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Period, ReferencePlan } from "@govplan/model"
 * import { Scorecard, Urban } from "@govplan/pillars"
 *
 * const orders: ReadonlyArray<Urban.HotlineOrder> = [{
 *   orderId: "2203010000001", acceptedAt: "2022-03-01 09:12:40", channel: "电话", category: "求助",
 *   subject: "垃圾分类", committee: "梅芳里", complex: "否", limitDays: 5, dueAt: "2022-03-08 23:59:59",
 *   firstContact: "是", returns: 0, status: "已办结", closedAt: "2022-03-03 15:30:00",
 *   closure: "实际解决", verification: "属实", rating: "满意"
 * }]
 * const waste: ReadonlyArray<Urban.WasteClearance> = [
 *   { day: "2022-03-01", committee: "梅芳里", stream: "湿垃圾", tonnes: 0.52, clearedSameDay: "是" },
 *   { day: "2022-03-01", committee: "梅芳里", stream: "干垃圾", tonnes: 0.59, clearedSameDay: "否" }
 * ]
 * const lines = await Effect.runPromise(Scorecard.compute({
 *   plan: ReferencePlan.changshouRoad2022,
 *   records: { hotline_order: orders, waste_clearance: waste },
 *   period: Period.year(2022),
 *   asOf: "2022-06-30"
 * }))
 * // one line per indicator; those whose records were not supplied have `value: null` and say why
 * for (const { assessment, indicator, observation } of lines) console.log(indicator.name, observation.value, assessment.status)
 * ```
 *
 * @since 0.1.0
 */
export const compute = (options: ComputeOptions): Effect.Effect<ReadonlyArray<Status.IndicatorResult>, ScorecardError> =>
  Effect.map(computeAll(options, []), ([results]) => results!)

/** An evaluation asked of an evaluator, and where its results go. */
interface Requested {
  readonly request: EvaluationRequest
  readonly set: (results: ReadonlyArray<Kpi.KpiResult>) => void
}

/** A scorecard ready to be fed: its reducers by record type, and how to turn them into lines once read. */
interface Prepared {
  readonly asOf: string
  readonly byRecord: ReadonlyMap<string, ReadonlyArray<Sink>>
  /** What the evaluators compute, by record type (`ComputeOptions.evaluators`). */
  readonly requested: ReadonlyMap<string, ReadonlyArray<Requested>>
  readonly finish: () => ReadonlyArray<Status.IndicatorResult>
}

const prepare = (options: ComputeOptions, pillars: ReadonlyArray<Pillar>, types: ReadonlyMap<string, Records.RecordType<any>>): Effect.Effect<Prepared, ScorecardError> =>
  Effect.gen(function*() {
    const { plan, period, records } = options
    const lastDay = Civil.addDays(Period.bounds(period).end, -1)
    const asOf = options.asOf ?? lastDay
    if (!Civil.isCivilDate(asOf)) {
      return yield* new ScorecardError({ reason: "InvalidOptions", detail: `asOf must be a date "YYYY-MM-DD", got ${JSON.stringify(asOf)}` })
    }
    const defs = new Map<string, Kpi.Definition>()
    const bindings = new Map<string, Binding>()
    for (const p of pillars) {
      for (const d of p.kpis) defs.set(d.id, d)
      for (const b of p.bindings) bindings.set(b.indicatorId, b)
    }
    const started = asOf >= Period.bounds(period).start
    const lines = Plan.indicators(plan)
    const supplied = options.baselines ?? {}
    const ids = new Set(lines.map((l) => l.indicator.id))
    for (const [id, v] of Object.entries(supplied)) {
      if (!ids.has(id)) return yield* new ScorecardError({ reason: "InvalidOptions", detail: `baselines: ${id} is not an indicator of the plan` })
      if (typeof v !== "number" || !Number.isFinite(v)) {
        return yield* new ScorecardError({ reason: "InvalidOptions", detail: `baselines: the baseline of ${id} must be a finite number, got ${String(v)}` })
      }
    }
    const jobs = new Map<string, Job>()
    const reasons = new Map<string, string>()
    const baselineJobs = new Map<string, BaselineJob>()
    const baselines = new Map<string, BaselineSource>()
    // evaluations an evaluator computes (record type → requests, each told its results afterwards)
    const requested = new Map<string, Array<Requested>>()
    const ask = (record: string, def: Kpi.Definition, evaluateOptions: Kpi.EvaluateOptions): Kpi.Reducer => {
      let results: ReadonlyArray<Kpi.KpiResult> = []
      const list = requested.get(record) ?? []
      list.push({ request: { def, options: evaluateOptions }, set: (r) => (results = r) })
      requested.set(record, list)
      return { push: () => {}, result: () => results, rows: () => 0 }
    }
    // a baseline's coverage: rows with any time field in the period; from the evaluator, one count per field
    const coverageOf = (record: string, def: Kpi.Definition, p: Period.Period): CoverageSink => {
      const fields = timeFields(def.measure)
      if (options.evaluators?.[record] === undefined) return coverageSink(fields, p)
      const counts = fields.map((time) =>
        ask(record, Kpi.define({ id: `${def.id}.coverage-${time.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, name: def.name, record, measure: Kpi.count({ time }) }), { period: p })
      )
      return { push: () => {}, rows: () => counts.reduce((n, c) => n + c.result().reduce((sum, r) => sum + (r.value ?? 0), 0), 0) }
    }
    for (const { indicator } of lines) {
      const b = bindings.get(indicator.id)
      if (b === undefined) {
        reasons.set(indicator.id, NO_BINDING)
        continue
      }
      // the plan's parameters (25人以上, 500万 / 60万) decide the KPI where the binding reads them
      const def = b.withParameters !== undefined && indicator.parameters !== undefined ? b.withParameters(indicator.parameters) : defs.get(b.kpiId)
      if (def === undefined) {
        return yield* new ScorecardError({ reason: "InvalidOptions", detail: `indicator ${indicator.id} is bound to KPI ${b.kpiId}, which no pillar defines` })
      }
      if (!started) {
        reasons.set(indicator.id, `截至${asOf}，${Period.label(period)}尚未开始`)
        continue
      }
      if (records[b.record] === undefined && options.evaluators?.[b.record] === undefined) {
        reasons.set(indicator.id, `未提供${types.get(b.record)?.title ?? ""}数据（${b.record}）`)
        continue
      }
      jobs.set(indicator.id, planJob(indicator, b, def, period, asOf))
      if (indicator.target._tag !== "Relative") continue
      // the baseline: the plan's value, else the caller's, else the same KPI over the baseline period
      const given = indicator.baseline
      if (given?.value !== undefined) {
        baselines.set(indicator.id, { _tag: "Plan", value: given.value })
        continue
      }
      const own = supplied[indicator.id]
      if (own !== undefined) {
        baselines.set(indicator.id, { _tag: "Supplied", value: own })
        continue
      }
      if (given?.period === undefined) continue
      const bp = Period.fromKey(given.period)
      if (bp === undefined) {
        baselines.set(indicator.id, { _tag: "Missing", reason: `基线期“${given.period}”无法识别，无法计算基线` })
        continue
      }
      const bLast = Civil.addDays(Period.bounds(bp).end, -1)
      if (asOf < bLast) {
        baselines.set(indicator.id, { _tag: "Missing", reason: `基线期（${Period.label(bp)}）截至${asOf}尚未结束，无法计算基线` })
        continue
      }
      const job = planJob(indicator, b, def, bp, bLast)
      baselineJobs.set(indicator.id, { period: bp, job, coverage: coverageOf(b.record, def, job.options.period) })
    }
    // every reducer that reads a record stream (baseline periods included), fed in one pass by computeAll
    const byRecord = new Map<string, Array<Sink>>()
    const add = (record: string, sink: Sink) => {
      const list = byRecord.get(record) ?? []
      list.push(sink)
      byRecord.set(record, list)
    }
    for (const job of [...jobs.values(), ...[...baselineJobs.values()].map((bj) => bj.job)]) {
      const record = job.binding.record
      if (options.evaluators?.[record] !== undefined) {
        job.reducer = ask(record, job.def, job.options)
        continue
      }
      job.reducer = yield* Effect.try({
        try: () => Kpi.reducer(job.def, job.options),
        catch: (cause) => new ScorecardError({ reason: "KpiFailed", detail: `KPI ${job.def.id}: ${String((cause as Error)?.message ?? cause)}`, cause })
      })
      add(record, job.reducer)
    }
    for (const bj of baselineJobs.values()) {
      if (options.evaluators?.[bj.job.binding.record] === undefined) add(bj.job.binding.record, bj.coverage)
    }
    // which committees lag: rates over records that carry a 居委, pooled per committee over the period
    for (const [id, job] of jobs) {
      const indicator = lines.find((l) => l.indicator.id === id)!.indicator
      const committee = types.get(job.binding.record)?.columns.some((c) => c.field === "committee") === true
      if (!committee || job.binding.milestone === true || job.binding.window === "toDate" || !isPercent(indicator) || job.def.measure._tag !== "Ratio") continue
      const byCommittee: Kpi.EvaluateOptions = { period: job.options.period, by: ["committee"] }
      if (options.evaluators?.[job.binding.record] !== undefined) {
        job.byCommittee = ask(job.binding.record, job.def, byCommittee)
        continue
      }
      job.byCommittee = yield* Effect.try({
        try: () => Kpi.reducer(job.def, byCommittee),
        catch: (cause) => new ScorecardError({ reason: "KpiFailed", detail: `KPI ${job.def.id}: ${String((cause as Error)?.message ?? cause)}`, cause })
      })
      add(job.binding.record, job.byCommittee)
    }
    const finish = (): ReadonlyArray<Status.IndicatorResult> => {
      for (const [id, bj] of baselineJobs) {
        const label = Period.label(bj.period)
        if (bj.coverage.rows() === 0) {
          baselines.set(id, { _tag: "Missing", reason: `无${label}记录，无法计算基线` })
          continue
        }
        const r = rolled(bj.job, bj.job.reducer!.result(), bj.period)
        if (r === undefined || r.value === null) {
          baselines.set(id, { _tag: "Missing", reason: `${label}基线无法计算：${r?.noDataReason ?? "无数据"}` })
          continue
        }
        const title = types.get(bj.job.binding.record)?.title ?? `${bj.job.binding.record} 记录`
        baselines.set(id, { _tag: "Computed", value: r.value, from: `由${title}计算` })
      }
      return lines.map(({ indicator, pillar, section }): Status.IndicatorResult => {
        const job = jobs.get(indicator.id)
        const observation = job === undefined
          ? new Observation.Observation({ indicatorId: indicator.id, period: Period.key(period), value: null, noDataReason: reasons.get(indicator.id) ?? NO_BINDING, asOf: Civil.unsafeDate(asOf) })
          : withCommittees(toObservation(indicator, job, job.reducer!.result(), period, asOf), job)
        const source = baselines.get(indicator.id)
        const assessment = source === undefined || job === undefined
          ? Status.assess({ indicator, observation, period, asOf: Civil.unsafeDate(asOf) })
          : judgeRelative(indicator, job, observation, source, period, asOf)
        // the line carries the baseline it was judged against, so a report can print "高于2021年（1.42次/家）"
        const judgedAgainst = source !== undefined && source._tag !== "Missing" && indicator.baseline?.value === undefined
          ? new Plan.Indicator({ ...indicator, baseline: { ...indicator.baseline, value: source.value } })
          : indicator
        return { pillar: pillar.number, sectionId: section.id, indicator: judgedAgainst, observation, assessment }
      })
    }
    return { asOf, byRecord, requested, finish }
  })

/**
 * A scorecard's span in {@link computeAll}: another period (and as-of date) to compute the same
 * plan over, from the same records.
 *
 * @since 0.2.0
 */
export interface Span {
  readonly period: Period.Period
  /** The date the data runs to (default: the last day of the period). */
  readonly asOf?: string | undefined
}

/**
 * The scorecard of `options`, and of the same plan over each of `spans` (e.g. last year up to the
 * same day, for 同比), computed in one pass over each record stream: every row is read once and
 * fed, as known at each span's as-of date, to every span's reducers. Returns the scorecards in
 * order: `options`' first, then one per span. `baselines` apply to `options`' scorecard only.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Period, ReferencePlan } from "@govplan/model"
 * import { Scorecard, Urban } from "@govplan/pillars"
 *
 * const waste: ReadonlyArray<Urban.WasteClearance> = [
 *   { day: "2021-03-01", committee: "梅芳里", stream: "湿垃圾", tonnes: 0.5, clearedSameDay: "否" },
 *   { day: "2022-03-01", committee: "梅芳里", stream: "湿垃圾", tonnes: 0.52, clearedSameDay: "是" }
 * ]
 * const [now, lastYear] = await Effect.runPromise(Scorecard.computeAll(
 *   { plan: ReferencePlan.changshouRoad2022, records: { waste_clearance: waste }, period: Period.year(2022) },
 *   [{ period: Period.year(2021) }]
 * ))
 * const id = "urban.waste.daily-clearance-rate"
 * console.log(now!.find((l) => l.indicator.id === id)?.observation.value, lastYear!.find((l) => l.indicator.id === id)?.observation.value) // 1 0
 * ```
 *
 * @since 0.2.0
 */
export const computeAll = (options: ComputeOptions, spans: ReadonlyArray<Span>): Effect.Effect<ReadonlyArray<ReadonlyArray<Status.IndicatorResult>>, ScorecardError> =>
  Effect.gen(function*() {
    const pillars = options.pillars ?? Pillars.all
    const types = new Map<string, Records.RecordType<any>>()
    for (const p of pillars) for (const t of p.records) types.set(t.name, t)
    const prepared: Array<Prepared> = [yield* prepare(options, pillars, types)]
    for (const span of spans) prepared.push(yield* prepare({ ...options, period: span.period, asOf: span.asOf, baselines: undefined }, pillars, types))
    // record types computed elsewhere: one evaluator call per scorecard (each has its own as-of date)
    for (const p of prepared) {
      for (const [record, list] of p.requested) {
        const evaluate = options.evaluators![record]!
        const type = types.get(record) ?? Records.make({ name: record, title: record, file: `${record}.csv`, fields: {}, events: [] })
        const results = yield* Effect.tryPromise({
          try: () => evaluate(list.map((r) => r.request), { asOf: p.asOf, record: type }),
          catch: (cause) => new ScorecardError({ reason: "RecordsFailed", detail: `computing ${record}: ${String((cause as Error)?.message ?? cause)}`, cause })
        })
        list.forEach((r, i) => r.set(results[i] ?? []))
      }
    }
    const records = new Set(prepared.flatMap((p) => [...p.byRecord.keys()]))
    for (const record of records) {
      const feeds = prepared.flatMap((p) => {
        const sinks = p.byRecord.get(record)
        return sinks === undefined ? [] : [{ asOf: p.asOf, sinks }]
      })
      yield* Effect.tryPromise({
        try: () => readAll(options.records[record]!, types.get(record), feeds),
        catch: (cause) => new ScorecardError({ reason: "RecordsFailed", detail: `reading ${record}: ${String((cause as Error)?.message ?? cause)}`, cause })
      })
    }
    return prepared.map((p) => p.finish())
  })

/**
 * {@link compute} as a Promise, for callers who do not use Effect. Rejects with a `ScorecardError`.
 *
 * @example
 * ```ts
 * import { Period, ReferencePlan } from "@govplan/model"
 * import { Scorecard, Urban } from "@govplan/pillars"
 *
 * const waste: ReadonlyArray<Urban.WasteClearance> = [
 *   { day: "2022-03-01", committee: "梅芳里", stream: "湿垃圾", tonnes: 0.52, clearedSameDay: "是" },
 *   { day: "2022-03-01", committee: "梅芳里", stream: "干垃圾", tonnes: 0.59, clearedSameDay: "是" }
 * ]
 * const lines = await Scorecard.computePromise({ plan: ReferencePlan.changshouRoad2022, records: { waste_clearance: waste }, period: Period.year(2022) })
 * const clearance = lines.find((l) => l.indicator.id === "urban.waste.daily-clearance-rate")
 * console.log(clearance?.observation.value, clearance?.assessment.status) // 1 "achieved"
 * ```
 *
 * @since 0.1.0
 */
export const computePromise = (options: ComputeOptions): Promise<ReadonlyArray<Status.IndicatorResult>> =>
  Effect.runPromise(Effect.either(compute(options))).then((e) => {
    if (e._tag === "Left") throw e.left
    return e.right
  })

/**
 * {@link computeAll} as a Promise, for callers who do not use Effect. Rejects with a `ScorecardError`.
 *
 * @example
 * ```ts
 * import { Period, ReferencePlan } from "@govplan/model"
 * import { Scorecard } from "@govplan/pillars"
 *
 * const [now, lastYear] = await Scorecard.computeAllPromise(
 *   { plan: ReferencePlan.changshouRoad2022, records: {}, period: Period.year(2022), asOf: "2022-06-30" },
 *   [{ period: Period.year(2021), asOf: "2021-06-30" }]
 * )
 * console.log(now!.length === lastYear!.length) // true: one line per indicator in each
 * ```
 *
 * @since 0.2.0
 */
export const computeAllPromise = (options: ComputeOptions, spans: ReadonlyArray<Span>): Promise<ReadonlyArray<ReadonlyArray<Status.IndicatorResult>>> =>
  Effect.runPromise(Effect.either(computeAll(options, spans))).then((e) => {
    if (e._tag === "Left") throw e.left
    return e.right
  })

/**
 * Every KPI of the pillars (bound to an indicator or not) over the records up to `asOf`, per
 * `grain` bucket (or for the whole period). Stock KPIs (`Pillar.cumulative`, and those bound with
 * `window: "toDate"`) are one value over every record up to `asOf` (their period key is
 * `"1900-01-01..<asOf + 1>"`). KPIs whose record type was not supplied are left out.
 *
 * @since 0.1.0
 */
export const kpis = (options: {
  readonly records: Readonly<Record<string, Rows>>
  readonly period: Period.Period
  readonly asOf?: string | undefined
  readonly grain?: Period.Grain | undefined
  readonly pillars?: ReadonlyArray<Pillar> | undefined
}): Effect.Effect<ReadonlyArray<Kpi.KpiResult>, ScorecardError> =>
  Effect.gen(function*() {
    const pillars = options.pillars ?? Pillars.all
    const asOf = options.asOf ?? Civil.addDays(Period.bounds(options.period).end, -1)
    const p = evaluationPeriod(options.period, asOf, "period")
    const out: Array<Kpi.KpiResult> = []
    for (const pillar of pillars) {
      for (const type of pillar.records) {
        const rows = options.records[type.name]
        const cumulative = new Set([...(pillar.cumulative ?? []), ...pillar.bindings.filter((b) => b.window === "toDate").map((b) => b.kpiId)])
        const defs = pillar.kpis.filter((d) => d.record === type.name)
        if (rows === undefined || defs.length === 0) continue
        const inPeriod = defs.filter((d) => !cumulative.has(d.id))
        const toDate = defs.filter((d) => cumulative.has(d.id))
        const reducers = yield* Effect.try({
          try: () => [
            ...(inPeriod.length === 0 ? [] : [Kpi.reducer(inPeriod, { period: p, grain: options.grain })]),
            // stocks: one value over every record up to the as-of date
            ...(toDate.length === 0 ? [] : [Kpi.reducer(toDate, { period: evaluationPeriod(options.period, asOf, "toDate") })])
          ],
          catch: (cause) => new ScorecardError({ reason: "KpiFailed", detail: String((cause as Error)?.message ?? cause), cause })
        })
        yield* Effect.tryPromise({
          try: () => readAll(rows, type, [{ asOf, sinks: reducers }]),
          catch: (cause) => new ScorecardError({ reason: "RecordsFailed", detail: `reading ${type.name}: ${String((cause as Error)?.message ?? cause)}`, cause })
        })
        for (const r of reducers) out.push(...r.result())
      }
    }
    return out
  })
