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
}

const NO_BINDING = "未绑定KPI：govplan 尚无该指标的业务数据来源 (no KPI is bound to this indicator)"

interface Job {
  readonly binding: Binding
  readonly def: Kpi.Definition
  readonly method: "direct" | "meanOfPeriods" | "latest"
  readonly options: Kpi.EvaluateOptions
  reducer?: Kpi.Reducer
}

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

const readAll = async (rows: Rows, type: Records.RecordType<any> | undefined, asOf: string, sinks: ReadonlyArray<Kpi.Reducer>): Promise<void> => {
  const push = (row: Readonly<Record<string, unknown>>) => {
    const r = type === undefined ? row : Records.asOf(type, row as Record<string, unknown>, asOf)
    for (const s of sinks) s.push(r)
  }
  if (typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    for await (const row of rows as AsyncIterable<Readonly<Record<string, unknown>>>) push(row)
  } else {
    for (const row of rows as Iterable<Readonly<Record<string, unknown>>>) push(row)
  }
}

const toObservation = (indicator: Plan.Indicator, job: Job, results: ReadonlyArray<Kpi.KpiResult>, period: Period.Period, asOf: string): Observation.Observation => {
  const key = Period.key(period)
  const base = { indicatorId: indicator.id, period: key, asOf: Civil.unsafeDate(asOf) }
  const mine = results.filter((r) => r.kpiId === job.def.id && Object.keys(r.group).length === 0)
  let r: Kpi.KpiResult | undefined
  if (job.method === "direct") r = mine[0]
  else r = Kpi.rollup(mine, job.method, period)[0]
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

/**
 * Computes the scorecard: one `IndicatorResult` per indicator of the plan, in plan order.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Period, ReferencePlan } from "@govplan/model"
 * import { Scorecard } from "@govplan/pillars"
 *
 * const lines = await Effect.runPromise(Scorecard.compute({
 *   plan: ReferencePlan.changshouRoad2022,
 *   records: { hotline_order: orders, waste_clearance: waste },
 *   period: Period.year(2022),
 *   asOf: "2022-06-30"
 * }))
 * ```
 *
 * @since 0.1.0
 */
export const compute = (options: ComputeOptions): Effect.Effect<ReadonlyArray<Status.IndicatorResult>, ScorecardError> =>
  Effect.gen(function*() {
    const { plan, period, records } = options
    const pillars = options.pillars ?? Pillars.all
    const lastDay = Civil.addDays(Period.bounds(period).end, -1)
    const asOf = options.asOf ?? lastDay
    if (!Civil.isCivilDate(asOf)) {
      return yield* new ScorecardError({ reason: "InvalidOptions", detail: `asOf must be a date "YYYY-MM-DD", got ${JSON.stringify(asOf)}` })
    }
    const defs = new Map<string, Kpi.Definition>()
    const bindings = new Map<string, Binding>()
    const types = new Map<string, Records.RecordType<any>>()
    for (const p of pillars) {
      for (const d of p.kpis) defs.set(d.id, d)
      for (const b of p.bindings) bindings.set(b.indicatorId, b)
      for (const t of p.records) types.set(t.name, t)
    }
    const started = asOf >= Period.bounds(period).start
    const lines = Plan.indicators(plan)
    const jobs = new Map<string, Job>()
    const reasons = new Map<string, string>()
    for (const { indicator } of lines) {
      const b = bindings.get(indicator.id)
      if (b === undefined) {
        reasons.set(indicator.id, NO_BINDING)
        continue
      }
      const def = defs.get(b.kpiId)
      if (def === undefined) {
        return yield* new ScorecardError({ reason: "InvalidOptions", detail: `indicator ${indicator.id} is bound to KPI ${b.kpiId}, which no pillar defines` })
      }
      if (!started) {
        reasons.set(indicator.id, `截至${asOf}，${Period.label(period)}尚未开始`)
        continue
      }
      if (records[b.record] === undefined) {
        reasons.set(indicator.id, `未提供 ${b.record} 记录 (no ${b.record} records were supplied)`)
        continue
      }
      jobs.set(indicator.id, planJob(indicator, b, def, period, asOf))
    }
    // one pass over each record stream, feeding every reducer that reads it
    const byRecord = new Map<string, Array<Job>>()
    for (const job of jobs.values()) {
      const list = byRecord.get(job.binding.record) ?? []
      list.push(job)
      byRecord.set(job.binding.record, list)
    }
    for (const [record, list] of byRecord) {
      for (const job of list) {
        job.reducer = yield* Effect.try({
          try: () => Kpi.reducer(job.def, job.options),
          catch: (cause) => new ScorecardError({ reason: "KpiFailed", detail: `KPI ${job.def.id}: ${String((cause as Error)?.message ?? cause)}`, cause })
        })
      }
      yield* Effect.tryPromise({
        try: () => readAll(records[record]!, types.get(record), asOf, list.map((j) => j.reducer!)),
        catch: (cause) => new ScorecardError({ reason: "RecordsFailed", detail: `reading ${record}: ${String((cause as Error)?.message ?? cause)}`, cause })
      })
    }
    return lines.map(({ indicator, pillar, section }): Status.IndicatorResult => {
      const job = jobs.get(indicator.id)
      const observation = job === undefined
        ? new Observation.Observation({ indicatorId: indicator.id, period: Period.key(period), value: null, noDataReason: reasons.get(indicator.id) ?? NO_BINDING, asOf: Civil.unsafeDate(asOf) })
        : toObservation(indicator, job, job.reducer!.result(), period, asOf)
      const assessment = Status.assess({ indicator, observation, period, asOf: Civil.unsafeDate(asOf) })
      return { pillar: pillar.number, sectionId: section.id, indicator, observation, assessment }
    })
  })

/**
 * {@link compute} as a Promise, for callers who do not use Effect. Rejects with a `ScorecardError`.
 *
 * @example
 * ```ts
 * import { Period, ReferencePlan } from "@govplan/model"
 * import { Scorecard } from "@govplan/pillars"
 *
 * const lines = await Scorecard.computePromise({ plan: ReferencePlan.changshouRoad2022, records, period: Period.year(2022) })
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
          try: () => readAll(rows, type, asOf, reducers),
          catch: (cause) => new ScorecardError({ reason: "RecordsFailed", detail: `reading ${type.name}: ${String((cause as Error)?.message ?? cause)}`, cause })
        })
        for (const r of reducers) out.push(...r.result())
      }
    }
    return out
  })
