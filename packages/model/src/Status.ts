/**
 * The status of an indicator against its target at an as-of date, with the
 * reason in words.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Civil from "./Civil.js"
import type { Observation } from "./Observation.js"
import * as Period from "./Period.js"
import { type Comparator, Id, type Indicator } from "./Plan.js"

/**
 * - `achieved`: the target is met for good (a count reached, a milestone done, a rate met over the full period);
 * - `onTrack`: not yet met, but where it should be by now;
 * - `atRisk`: behind, but recoverable;
 * - `offTrack`: behind by too much, or a deadline passed;
 * - `noData`: nothing to judge by (no observation, or a zero denominator);
 * - `notAssessed`: a qualitative target: reported in words, never scored.
 *
 * @since 0.1.0
 */
export const Status = Schema.Literal("achieved", "onTrack", "atRisk", "offTrack", "noData", "notAssessed")

/** @since 0.1.0 */
export type Status = typeof Status.Type

/**
 * A judged indicator.
 *
 * @since 0.1.0
 */
export class Assessment extends Schema.Class<Assessment>("@govplan/model/Status/Assessment")({
  indicatorId: Id,
  status: Status,
  /** Why, in words a reader of the report understands. */
  reason: Schema.String,
  /** The name of the strategy that judged it ("threshold", "proRata", "cagr"). */
  strategy: Schema.String,
  asOf: Civil.CivilDate
}) {}

/**
 * One line of a scorecard: an indicator of the plan, what was observed, and
 * how it stands. This is what KPI pipelines produce and reports consume.
 *
 * @since 0.1.0
 */
export interface IndicatorResult {
  /** The pillar number, 1–7. */
  readonly pillar: number
  readonly sectionId: string
  readonly indicator: Indicator
  readonly observation: Observation
  readonly assessment: Assessment
}

/**
 * What a {@link StatusStrategy} judges: an indicator, its observation, the period
 * the target applies to, and the date to judge at.
 *
 * @since 0.1.0
 */
export interface StatusInput {
  readonly indicator: Indicator
  readonly observation: Observation
  /** The period the target is for (the plan year, a quarter, a multi-year range for `cagr`). */
  readonly period: Period.Period
  readonly asOf: Civil.CivilDate
}

/**
 * A way of judging an indicator against its target. Strategies are plain
 * functions, so a district can plug in its own.
 *
 * @since 0.1.0
 */
export type StatusStrategy = (input: StatusInput) => Assessment

// ---------------------------------------------------------------------------
// Status words
// ---------------------------------------------------------------------------

/**
 * The one Chinese vocabulary of statuses, shared by `govplan kpi`, the reports
 * and the docs. Words depend on whether the indicator's period has ended:
 *
 * | status        | during the period | after it ends |
 * | ------------- | ----------------- | ------------- |
 * | `achieved`    | 已完成            | 已完成        |
 * | `onTrack`     | 进度正常          | 进度正常      |
 * | `atRisk`      | 略有滞后          | 未完成        |
 * | `offTrack`    | 滞后              | 未完成        |
 * | `noData`      | 暂无数据          | 暂无数据      |
 * | `notAssessed` | 定性评价          | 定性评价      |
 *
 * @since 0.2.0
 */
export const words: {
  readonly during: Readonly<Record<Status, string>>
  readonly ended: Readonly<Record<Status, string>>
} = {
  during: { achieved: "已完成", onTrack: "进度正常", atRisk: "略有滞后", offTrack: "滞后", noData: "暂无数据", notAssessed: "定性评价" },
  ended: { achieved: "已完成", onTrack: "进度正常", atRisk: "未完成", offTrack: "未完成", noData: "暂无数据", notAssessed: "定性评价" }
}

/**
 * Whether an indicator's period is over at `asOf`: for a dated target
 * (milestone), whether its deadline day has come; otherwise whether `asOf` is
 * the period's last day or later.
 *
 * @since 0.2.0
 */
export const hasEnded = (indicator: Indicator, period: Period.Period, asOf: Civil.CivilDate): boolean =>
  indicator.target._tag === "Deadline" ? asOf >= indicator.target.by : asOf >= Civil.addDays(Period.bounds(period).end, -1)

/**
 * A status as a report prints it: {@link words} by whether the period has
 * ended ("滞后" in June, "未完成" at year end).
 *
 * @example
 * ```ts
 * import { Status } from "@govplan/model"
 *
 * Status.word("offTrack", false) // "滞后"
 * Status.word("offTrack", true) // "未完成"
 * ```
 *
 * @since 0.2.0
 */
export const word = (status: Status, ended: boolean): string => (ended ? words.ended : words.during)[status]

// ---------------------------------------------------------------------------
// Wording
// ---------------------------------------------------------------------------

const fmtNumber = (x: number, digits = 2): string => {
  if (!Number.isFinite(x)) return String(x)
  const s = x.toFixed(digits)
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s
}

/**
 * An indicator value as a reader sees it: rates as percentages (`0.985` → `"98.5%"`),
 * other values with their unit (`"6 场"`).
 *
 * @since 0.1.0
 */
export const formatValue = (indicator: Indicator, value: number): string =>
  indicator.kind === "rate" ? `${fmtNumber(value * 100)}%` : indicator.unit === "" ? fmtNumber(value) : `${fmtNumber(value)} ${indicator.unit}`

const COMPARATOR_WORDS: Record<Comparator, string> = { ">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "等于" }

const EPSILON = 1e-9

/**
 * Whether `value` satisfies `comparator reference` (with a tolerance of 1e-9 for
 * floating-point rates: 0.1 + 0.2 counts as equal to 0.3).
 *
 * @since 0.1.0
 */
export const compare = (value: number, comparator: Comparator, reference: number): boolean => {
  switch (comparator) {
    case ">=":
      return value >= reference - EPSILON
    case ">":
      return value > reference + EPSILON
    case "<=":
      return value <= reference + EPSILON
    case "<":
      return value < reference - EPSILON
    case "=":
      return Math.abs(value - reference) <= EPSILON
  }
}

const make = (input: StatusInput, strategy: string, status: Status, reason: string): Assessment =>
  new Assessment({ indicatorId: input.indicator.id, status, reason, strategy, asOf: input.asOf })

const noValue = (input: StatusInput, strategy: string): Assessment =>
  make(input, strategy, "noData", input.observation.noDataReason ?? `${Period.label(input.period)}无观测值`)

const notStarted = (input: StatusInput): boolean => input.asOf < Period.bounds(input.period).start

const isFinished = (input: StatusInput): boolean => Period.elapsedFraction(input.period, input.asOf) >= 1

const qualitative = (input: StatusInput, strategy: string): Assessment => {
  const text = input.indicator.target._tag === "Qualitative" ? input.indicator.target.text : input.indicator.quote
  return make(input, strategy, "notAssessed", `定性目标，不量化评分：“${text}”`)
}

const deadline = (input: StatusInput, strategy: string, by: Civil.CivilDate): Assessment => {
  const done = input.observation.achievedOn
  // a milestone without a date is "not reached" unless the observation says there is no data
  if (done === undefined && input.observation.value === null && input.observation.noDataReason !== undefined) return noValue(input, strategy)
  const limit = `期限${Civil.formatChinese(by)}`
  if (done !== undefined) {
    return done <= by
      ? make(input, strategy, "achieved", `已于${Civil.formatChinese(done)}完成，${limit}`)
      : make(input, strategy, "offTrack", `逾期完成：${Civil.formatChinese(done)}完成，${limit}`)
  }
  // the data runs to the end of the as-of day: on the deadline day itself, not reached means missed
  if (input.asOf >= by) return make(input, strategy, "offTrack", `已到${limit}，截至${Civil.formatChinese(input.asOf)}仍未完成`)
  return make(input, strategy, "onTrack", `尚未完成，距${limit}还有 ${Civil.daysBetween(input.asOf, by)} 天`)
}

// ---------------------------------------------------------------------------
// threshold
// ---------------------------------------------------------------------------

/**
 * The plain threshold strategy.
 *
 * - `Threshold` target: the value is compared with the target using its
 *   comparator; with a `Band` direction the value must also lie in `[min, max]`.
 *   Over a finished period (as of its last day or later) the result is
 *   `achieved` or `offTrack`; within a running period it is `onTrack` (met so
 *   far) or `atRisk` (not met so far).
 * - `Relative` target: the same, against the indicator's baseline value;
 *   `noData` when the baseline has no value.
 * - `Deadline` target (milestones): reached on or before `by` → `achieved`;
 *   reached after → `offTrack`; not reached by the end of the as-of day and `by`
 *   is that day or earlier → `offTrack`; not reached and `by` still ahead → `onTrack`.
 * - `Qualitative` target: `notAssessed`, quoting the plan.
 * - A `null` value: `noData` with the observation's `noDataReason`; an as-of
 *   date before the period starts: `noData`.
 *
 * @example
 * ```ts
 * import { Status } from "@govplan/model"
 *
 * declare const input: Status.StatusInput // a rate >= 100%, observed 0.985 over 2022, as of 2022-12-31
 * const a = Status.threshold(input)
 * a.status // "offTrack"
 * a.reason // "2022年实际 98.5%，目标不低于100%；周期已结束，未达标"
 * ```
 *
 * @since 0.1.0
 */
export const threshold: StatusStrategy = (input) => {
  const name = "threshold"
  const { indicator, observation } = input
  const target = indicator.target
  if (target._tag === "Qualitative") return qualitative(input, name)
  if (target._tag === "Deadline") return deadline(input, name, target.by)
  const value = observation.value
  if (value === null) return noValue(input, name)
  if (notStarted(input)) return make(input, name, "noData", `${Period.label(input.period)}尚未开始`)
  let reference: number
  let targetText: string
  if (target._tag === "Threshold") {
    reference = target.value
    targetText = `目标${COMPARATOR_WORDS[target.comparator]}${formatValue(indicator, reference)}`
  } else {
    const base = indicator.baseline
    if (base?.value === undefined) {
      return make(input, name, "noData", `目标为与基线比较（${COMPARATOR_WORDS[target.comparator]}基线），但没有基线值${base?.text === undefined ? "" : `（${base.text}）`}`)
    }
    reference = base.value
    targetText = `目标${COMPARATOR_WORDS[target.comparator]}基线${base.period === undefined ? "" : `（${base.period}）`}${formatValue(indicator, reference)}`
  }
  const direction = indicator.direction
  const inBand = direction._tag !== "Band" || (value >= direction.min - EPSILON && value <= direction.max + EPSILON)
  if (direction._tag === "Band") targetText += `，且在 ${formatValue(indicator, direction.min)}–${formatValue(indicator, direction.max)} 之间`
  const met = compare(value, target.comparator, reference) && inBand
  const finished = isFinished(input)
  const status: Status = finished ? (met ? "achieved" : "offTrack") : met ? "onTrack" : "atRisk"
  const verdict = finished ? (met ? "周期已结束，已达标" : "周期已结束，未达标") : met ? "目前达标，周期尚未结束" : "目前未达标，周期尚未结束"
  return make(input, name, status, `${Period.label(input.period)}实际 ${formatValue(indicator, value)}，${targetText}；${verdict}`)
}

// ---------------------------------------------------------------------------
// proRata
// ---------------------------------------------------------------------------

/**
 * Options of the pro rata strategy.
 *
 * @since 0.1.0
 */
export interface ProRataOptions {
  /**
   * How far below the pro rata line (as a share of it) still counts as
   * `atRisk` rather than `offTrack`. Default 0.2: with 6 events due by now,
   * 5 is at risk (≥ 4.8) and 4 is off track.
   */
  readonly tolerance?: number
}

/**
 * The pro rata strategy for counts and sums over a period, with the given options.
 *
 * For a `>=`/`>` target `T` (12 场 in the year) judged at `asOf`, the pro rata
 * line is `T × Period.elapsedFraction(period, asOf)` (rounded to a whole number
 * for `count` indicators: 12 × 181/365 = 5.95 → 6 by 30 June):
 * - the target met → `achieved` (even before the period ends);
 * - the period over and the target not met → `offTrack`;
 * - at or above the line → `onTrack`; below it by at most `tolerance` of the
 *   line → `atRisk`; further below → `offTrack`.
 *
 * For a `<=`/`<` cap (no more than `T`): exceeding the cap → `offTrack`; the
 * period over within the cap → `achieved`; otherwise the running total is
 * compared with the same line, above it by at most `tolerance` → `atRisk`.
 *
 * Indicators that are not counts or amounts, and targets that are not
 * thresholds (or are `=`), are judged by {@link threshold}.
 *
 * @example
 * ```ts
 * import { Status } from "@govplan/model"
 *
 * declare const input: Status.StatusInput // 12 场 a year, 6 held, period 2022, as of 2022-06-30
 * const strict = Status.proRataWith({ tolerance: 0.1 })
 * strict(input).reason // "6/12 场，按进度应达 6 场"
 * ```
 *
 * @since 0.1.0
 */
export const proRataWith = (options?: ProRataOptions): StatusStrategy => {
  const tolerance = options?.tolerance ?? 0.2
  return (input) => {
    const name = "proRata"
    const { indicator, observation } = input
    const target = indicator.target
    if (target._tag !== "Threshold" || target.comparator === "=" || (indicator.kind !== "count" && indicator.kind !== "amount")) {
      return threshold(input)
    }
    const value = observation.value
    if (value === null) return noValue(input, name)
    if (notStarted(input)) return make(input, name, "noData", `${Period.label(input.period)}尚未开始`)
    const T = target.value
    const line = T * Period.elapsedFraction(input.period, input.asOf)
    const expected = indicator.kind === "count" ? Math.round(line) : line
    const unit = indicator.unit === "" ? "" : ` ${indicator.unit}`
    const progress = `${fmtNumber(value)}/${fmtNumber(T)}${unit}`
    const met = compare(value, target.comparator, T)
    const finished = isFinished(input)
    if (target.comparator === ">=" || target.comparator === ">") {
      if (met) return make(input, name, "achieved", `${progress}，已达到目标`)
      if (finished) return make(input, name, "offTrack", `${progress}，${Period.label(input.period)}已结束，未达到目标`)
      const due = `${progress}，按进度应达 ${fmtNumber(expected)}${unit}`
      if (value >= expected - EPSILON) return make(input, name, "onTrack", due)
      const behind = `${due}，落后 ${fmtNumber(expected - value)}${unit}`
      return value >= expected * (1 - tolerance) - EPSILON
        ? make(input, name, "atRisk", behind)
        : make(input, name, "offTrack", behind)
    }
    if (!met) return make(input, name, "offTrack", `${progress}，已超出上限`)
    if (finished) return make(input, name, "achieved", `${progress}，${Period.label(input.period)}已结束，未超出上限`)
    const due = `${progress}，按进度不应超过 ${fmtNumber(expected)}${unit}`
    if (value <= expected + EPSILON) return make(input, name, "onTrack", due)
    const ahead = `${due}，超出 ${fmtNumber(value - expected)}${unit}`
    return value <= expected * (1 + tolerance) + EPSILON
      ? make(input, name, "atRisk", ahead)
      : make(input, name, "offTrack", ahead)
  }
}

/**
 * The pro rata strategy with the default tolerance (0.2); see {@link proRataWith}.
 *
 * @since 0.1.0
 */
export const proRata: StatusStrategy = proRataWith()

// ---------------------------------------------------------------------------
// cagr (Open SDG)
// ---------------------------------------------------------------------------

/**
 * Options of the Open SDG growth strategy.
 *
 * @since 0.1.0
 */
export interface CagrOptions {
  /** The base year `t0`. Default: the earliest year of the series. When the series has no value for it, the first later year with one is used (as Open SDG does). */
  readonly baseYear?: number
  /** The target year `tT`. Default: the year of the period's last day. */
  readonly targetYear?: number
  /** Thresholds on the ratio `R` for a quantitative target. Default `{ high: 0.95, medium: 0.6 }`. */
  readonly ratio?: { readonly high: number; readonly medium: number }
  /** Thresholds on the growth rate when there is no quantitative target. Default `{ high: 0.015, medium: 0.005 }`. */
  readonly growth?: { readonly high: number; readonly medium: number }
}

/**
 * The yearly series a growth assessment reads: the baseline (when its `period`
 * names a year and it has a value), the observation's `parts` whose period key
 * is a year (`"2021"`), and the observation itself when its period key is a
 * year. Later sources win for the same year.
 *
 * @since 0.1.0
 */
export const yearlySeries = (indicator: Indicator, observation: Observation): ReadonlyArray<{ readonly year: number; readonly value: number }> => {
  const points = new Map<number, number>()
  const yearOf = (key: string | undefined): number | undefined => (key !== undefined && /^\d{4}$/.test(key) ? Number(key) : undefined)
  const b = indicator.baseline
  const by = yearOf(b?.period)
  if (by !== undefined && b?.value !== undefined) points.set(by, b.value)
  for (const part of observation.parts ?? []) {
    const y = yearOf(part.period)
    if (y !== undefined && part.value !== null) points.set(y, part.value)
  }
  const oy = yearOf(observation.period)
  if (oy !== undefined && observation.value !== null) points.set(oy, observation.value)
  return [...points].sort((x, y) => x[0] - y[0]).map(([year, value]) => ({ year, value }))
}

/**
 * The compound annual growth rate from `y0` in year `t0` to `y1` in year `t1`:
 * `(y1 / y0) ^ (1 / (t1 − t0)) − 1`.
 *
 * @since 0.1.0
 */
export const compoundAnnualGrowth = (y1: number, y0: number, t1: number, t0: number): number => Math.pow(y1 / y0, 1 / (t1 - t0)) - 1

const pct = (x: number): string => `${fmtNumber(x * 100)}%`

const OPEN_SDG_CATEGORY = (value: number, high: number, medium: number): readonly [Status, string] =>
  value >= high ? ["onTrack", "进展显著"] : value >= medium ? ["atRisk", "有进展但需加速"] : value >= 0 ? ["offTrack", "进展有限"] : ["offTrack", "倒退"]

/**
 * The Open SDG progress measure for multi-year series, with the given options.
 *
 * Method (Open SDG "Progress Measurement Methodology", docs/progress-methodology.md
 * in open-sdg/open-sdg, after Statistics Canada and Eurostat; implemented in
 * open-sdg/sdg-build `sdg/ProgressMeasure.py`):
 * - observed growth `CAGR_o = (y_i / y_0) ^ (1 / (t_i − t_0)) − 1`, where `y_0`
 *   is the value in the base year `t_0` and `y_i` the most recent value, in year `t_i`;
 * - with a quantitative (`Threshold`) target `y_T` in the target year `t_T`:
 *   the current value already at or beyond the target (in the desired
 *   direction) is `achieved`; otherwise the required growth is
 *   `CAGR_r = (y_T / y_0) ^ (1 / (t_T − t_0)) − 1` and the ratio
 *   `R = s · d · CAGR_o / |CAGR_r|` (`d` = +1 when higher is better, −1 when
 *   lower is better; `s` = −1 when the values are negative) is classed:
 *   `R ≥ 0.95` substantial progress → `onTrack`; `0.60 ≤ R < 0.95` moderate
 *   progress → `atRisk`; `0 ≤ R < 0.60` limited progress and `R < 0`
 *   deterioration → `offTrack`;
 * - without a quantitative target (a `Relative` target: better than the
 *   baseline) `s · d · CAGR_o` is classed with the thresholds 1.5% and 0.5%;
 * - a zero base or target value is replaced by 0.001, as Open SDG does; at least
 *   two years of data are required, and the base and current values must have
 *   the same sign, otherwise `noData`.
 *
 * One addition: when the most recent year has reached the target year and the
 * target is not met, the result is `offTrack` whatever `R` is.
 * A `Band` direction, a `Deadline` and a `Qualitative` target are outside the
 * method and are judged by {@link threshold}.
 *
 * @since 0.1.0
 */
export const cagrWith = (options?: CagrOptions): StatusStrategy => {
  const ratio = options?.ratio ?? { high: 0.95, medium: 0.6 }
  const growth = options?.growth ?? { high: 0.015, medium: 0.005 }
  return (input) => {
    const name = "cagr"
    const { indicator, observation } = input
    const target = indicator.target
    if (target._tag === "Qualitative" || target._tag === "Deadline" || indicator.direction._tag === "Band") return threshold(input)
    const series = yearlySeries(indicator, observation)
    const latest = series[series.length - 1]
    const requestedBase = options?.baseYear
    const base = requestedBase === undefined ? series[0] : series.find((p) => p.year >= requestedBase)
    if (base === undefined || latest === undefined || latest.year - base.year < 1) {
      return make(input, name, "noData", `年度序列不足：增长率方法至少需要两个年份的数据，现有 ${series.map((p) => p.year).join("、") || "无"}`)
    }
    if ((base.value < 0 && latest.value > 0) || (base.value > 0 && latest.value < 0)) {
      return make(input, name, "noData", `基年（${base.year}）与最近一年（${latest.year}）数值正负不同，无法计算复合增长率`)
    }
    const d = indicator.direction._tag === "HigherIsBetter" ? 1 : -1
    const s = base.value < 0 ? -1 : 1
    const y0 = base.value === 0 ? 0.001 : base.value
    const observed = compoundAnnualGrowth(latest.value, y0, latest.year, base.year)
    const span = `${base.year}–${latest.year} 年均增长 ${pct(observed)}`
    if (target._tag === "Relative") {
      const value = s * d * observed
      const [status, category] = OPEN_SDG_CATEGORY(value, growth.high, growth.medium)
      return make(input, name, status, `${span}（按期望方向计 ${pct(value)}；阈值 ${pct(growth.high)}/${pct(growth.medium)}，Open SDG：${category}）`)
    }
    const yT = target.value === 0 ? 0.001 : target.value
    const targetYear = options?.targetYear ?? Civil.parts(Civil.addDays(Period.bounds(input.period).end, -1)).year
    const achieved = d === 1 ? latest.value >= target.value : latest.value <= target.value
    if (achieved) return make(input, name, "achieved", `${latest.year}年实际 ${formatValue(indicator, latest.value)}，已达到目标 ${formatValue(indicator, target.value)}`)
    if (latest.year >= targetYear) {
      return make(input, name, "offTrack", `已到目标年（${targetYear}年），实际 ${formatValue(indicator, latest.value)}，未达到目标 ${formatValue(indicator, target.value)}`)
    }
    if (targetYear <= base.year) return make(input, name, "noData", `目标年（${targetYear}）须晚于基年（${base.year}）`)
    const required = compoundAnnualGrowth(yT, y0, targetYear, base.year)
    const R = (s * d * observed) / Math.abs(required)
    const [status, category] = OPEN_SDG_CATEGORY(R, ratio.high, ratio.medium)
    return make(
      input,
      name,
      status,
      `${span}，${targetYear}年达到 ${formatValue(indicator, target.value)} 需年均 ${pct(required)}，比值 R = ${fmtNumber(R)}（Open SDG：${category}）`
    )
  }
}

/**
 * The Open SDG growth strategy with default options; see {@link cagrWith}.
 *
 * @example
 * ```ts
 * import { Status } from "@govplan/model"
 *
 * // baseline 100 in 2019, 121 in 2021, target 200 by 2025 (period 2019-01-01..2026-01-01):
 * // 年均增长 10%，需年均 12.25%，R = 0.82 → "atRisk"
 * declare const input: Status.StatusInput
 * Status.cagr(input).status
 * ```
 *
 * @since 0.1.0
 */
export const cagr: StatusStrategy = cagrWith()

// ---------------------------------------------------------------------------
// assess
// ---------------------------------------------------------------------------

/**
 * The strategy {@link assess} uses when none is given: `proRata` for counts and
 * amounts summed over the period (events held, 业委会 formed), `threshold` for
 * everything else (rates, milestones, trends against a baseline).
 *
 * @since 0.1.0
 */
export const defaultStrategy = (indicator: Indicator): StatusStrategy =>
  (indicator.kind === "count" || indicator.kind === "amount") && indicator.aggregation === "sum" ? proRata : threshold

/**
 * Judges an indicator. A qualitative indicator is `notAssessed`, quoting the
 * plan; a `null` value is `noData` with the observation's `noDataReason`
 * (milestones excepted: they are judged by `achievedOn`); everything else goes to
 * `strategy`, or to {@link defaultStrategy} by the indicator's kind.
 *
 * @example
 * ```ts
 * import { Civil, Observation, Period, Plan, Status } from "@govplan/model"
 *
 * const indicator = new Plan.Indicator({
 *   id: "p6.heritage-events", name: "“非遗在社区”活动场次", gloss: "intangible-heritage events held",
 *   kind: "count", unit: "场", direction: { _tag: "HigherIsBetter" },
 *   target: { _tag: "Threshold", comparator: ">=", value: 12 },
 *   aggregation: "sum", grain: "month", dataSource: "活动台账", quote: "全年举办“非遗在社区”活动12场"
 * })
 * const asOf = Civil.unsafeDate("2022-06-30")
 * const observation = new Observation.Observation({ indicatorId: indicator.id, period: "2022", value: 6, asOf })
 * const assessment = Status.assess({ indicator, observation, period: Period.year(2022), asOf })
 * // { status: "onTrack", reason: "6/12 场，按进度应达 6 场", strategy: "proRata", … }
 * ```
 *
 * @since 0.1.0
 */
export const assess = (input: StatusInput, strategy?: StatusStrategy): Assessment => {
  const { indicator, observation } = input
  if (indicator.kind === "qualitative" || indicator.target._tag === "Qualitative") return qualitative(input, "assess")
  if (observation.value === null && indicator.target._tag !== "Deadline") return noValue(input, "assess")
  return (strategy ?? defaultStrategy(indicator))(input)
}

/**
 * A scorecard line: the indicator judged by {@link assess}, with its pillar,
 * section and observation.
 *
 * @since 0.1.0
 */
export const result = (
  input: StatusInput & { readonly pillar: number; readonly sectionId: string },
  strategy?: StatusStrategy
): IndicatorResult => ({
  pillar: input.pillar,
  sectionId: input.sectionId,
  indicator: input.indicator,
  observation: input.observation,
  assessment: assess(input, strategy)
})
