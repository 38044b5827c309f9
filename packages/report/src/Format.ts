/**
 * How scorecard values read in a Chinese report: status names, targets,
 * observed values, achievement ratios.
 *
 * @since 0.1.0
 */
import { Civil, Period, type Plan, Status } from "@govplan/model"
import * as Sanitize from "./Sanitize.js"

/**
 * The Chinese name of each status while its period runs (the model's
 * {@link Status.words}`.during`); see {@link statusWord} for the word by period.
 *
 * @since 0.1.0
 */
export const statusLabel: Readonly<Record<Status.Status, string>> = Status.words.during

/**
 * The status of a scorecard line as a report prints it at `asOf`: "滞后" or
 * "进度正常" while the indicator's period runs, "未完成" once it has ended, and
 * "逾期完成" for a milestone reached after its deadline.
 *
 * @since 0.2.0
 */
export const statusWord = (r: Status.IndicatorResult, asOf: Civil.CivilDate): string => {
  const s = r.assessment.status
  if (r.indicator.kind === "milestone" && s === "offTrack" && r.observation.achievedOn !== undefined) return "逾期完成"
  const period = Period.fromKey(r.observation.period)
  const ended = period === undefined ? r.indicator.target._tag === "Deadline" && asOf >= r.indicator.target.by : Status.hasEnded(r.indicator, period, asOf)
  return Status.word(s, ended)
}

/**
 * A colour per status for charts (green, blue, amber, red, grey, slate).
 *
 * @since 0.1.0
 */
export const statusColor: Readonly<Record<Status.Status, string>> = {
  achieved: "#2e7d32",
  onTrack: "#1565c0",
  atRisk: "#ef6c00",
  offTrack: "#c62828",
  noData: "#9e9e9e",
  notAssessed: "#607d8b"
}

/**
 * Statuses in reading order.
 *
 * @since 0.1.0
 */
export const statusOrder: ReadonlyArray<Status.Status> = ["achieved", "onTrack", "atRisk", "offTrack", "noData", "notAssessed"]

const trimZeros = (s: string): string => (s.includes(".") ? s.replace(/\.?0+$/, "") : s)

/**
 * A number with at most `digits` decimals and no trailing zeros.
 *
 * @since 0.1.0
 */
export const number = (n: number, digits = 2): string => trimZeros(n.toFixed(digits))

/**
 * A fraction as a percentage: 0.985 → "98.5%".
 *
 * @since 0.1.0
 */
export const percent = (fraction: number, digits = 1): string => `${number(fraction * 100, digits)}%`

const isPercent = (indicator: Plan.Indicator): boolean => indicator.kind === "rate" || indicator.unit === "%"

/** Comparator words: for rates and amounts (不低于95%), for counts (不少于16家). */
const COMPARATOR_WORDS: Readonly<Record<Plan.Comparator, readonly [string, string]>> = {
  ">=": ["不低于", "不少于"],
  ">": ["高于", "多于"],
  "<=": ["不高于", "不超过"],
  "<": ["低于", "少于"],
  "=": ["", ""]
}

/**
 * A period key in words: "2021" → "2021年", "2022-03" → "2022年3月", a range of
 * whole months in one year ("2022-01-01..2022-06-01") → "2022年1—5月", other
 * ranges "2022年1月1日至2022年6月10日". Unknown keys are returned as they are.
 *
 * @example
 * ```ts
 * import { Format } from "@govplan/report"
 *
 * Format.periodWords("2022-01-01..2022-06-01") // "2022年1—5月"
 * ```
 *
 * @since 0.2.0
 */
export const periodWords = (key: string): string => {
  const p = Period.fromKey(key)
  if (p === undefined) return key
  if (p._tag === "Range") {
    const first = Civil.parts(p.start)
    const last = Civil.parts(Civil.addDays(p.end, -1))
    const end = Civil.parts(p.end)
    if (first.day === 1 && end.day === 1 && first.year === last.year) {
      return first.month === last.month ? `${first.year}年${first.month}月` : `${first.year}年${first.month}—${last.month}月`
    }
  }
  return Period.label(p)
}

/**
 * The baseline of a "better than before" target in words, with its value when
 * known: "2022年1—5月平均水平（60.2%）", "2021年（1.42次/家）", "2021年水平".
 * `extraDigits` prints the value with that many more decimals (see {@link value}).
 *
 * @since 0.2.0
 */
export const baselineWords = (indicator: Plan.Indicator, extraDigits = 0): string => {
  const base = indicator.baseline
  const when = base?.period === undefined ? "基期" : periodWords(base.period)
  const mean = indicator.aggregation === "meanOfPeriods" && base?.period !== undefined && !/^\d{4}$/.test(base.period)
  const words = `${when}${mean ? "平均水平" : ""}`
  return base?.value === undefined ? `${words}${mean ? "" : "水平"}` : `${words}（${value(indicator, base.value, extraDigits)}）`
}

/**
 * A value in the indicator's terms: rates as percentages (1 decimal), others
 * with their unit (2 decimals); trailing zeros dropped. `extraDigits` adds
 * decimals, for two values that would otherwise print alike, and keeps their
 * trailing zeros so both show the same decimals (83.10% vs 83.15%).
 *
 * @since 0.1.0
 */
export const value = (indicator: Plan.Indicator, v: number, extraDigits = 0): string => {
  const digits = (isPercent(indicator) ? 1 : 2) + extraDigits
  const n = isPercent(indicator) ? v * 100 : v
  const text = extraDigits > 0 ? n.toFixed(digits) : number(n, digits)
  return isPercent(indicator) ? `${text}%` : `${text}${indicator.unit}`
}

/**
 * The target as a reader sees it: "100%", "不低于95%", "不少于16家", "低于30%",
 * "2022年3月31日前", "高于2021年（1.42次/家）", or the plan's words. Never a
 * comparator sign or a period key.
 *
 * @example
 * ```ts
 * import { Format } from "@govplan/report"
 * // Format.target(indicator) → "不低于95%"
 * ```
 *
 * @since 0.1.0
 */
export const target = (indicator: Plan.Indicator): string => {
  const t = indicator.target
  switch (t._tag) {
    case "Threshold": {
      // 100% of a rate "or more" is just 100%
      if (isPercent(indicator) && t.value >= 1 && (t.comparator === ">=" || t.comparator === "=")) return value(indicator, t.value)
      const counted = indicator.kind === "count"
      return `${COMPARATOR_WORDS[t.comparator][counted ? 1 : 0]}${value(indicator, t.value)}`
    }
    case "Deadline":
      return `${Civil.formatChinese(t.by)}前`
    case "Relative": {
      const ref = baselineWords(indicator)
      return t.comparator === "=" ? `与${ref}持平` : `${t.comparator === ">" || t.comparator === ">=" ? "高于" : "低于"}${ref}`
    }
    case "Qualitative":
      return Sanitize.chinesePunctuation(t.text)
  }
}

/**
 * What was observed: the value, "2022年6月30日完成" for a milestone, or
 * "暂无数据" when there is nothing to report.
 *
 * @since 0.1.0
 */
export const actual = (r: Status.IndicatorResult): string => {
  const o = r.observation
  if (r.indicator.kind === "milestone") {
    if (o.achievedOn !== undefined) return `${Civil.formatChinese(o.achievedOn)}完成`
    return o.value === null ? "暂无数据" : "未完成"
  }
  if (o.value === null) return r.indicator.kind === "qualitative" ? "—" : "暂无数据"
  return value(r.indicator, o.value)
}

/**
 * How far along an indicator is, as a fraction of its target (1 = met), for
 * threshold targets with a value; `undefined` otherwise. Lower-is-better
 * targets invert the ratio; a milestone counts 1 when reached, else 0.
 *
 * @since 0.1.0
 */
export const achievement = (r: Status.IndicatorResult): number | undefined => {
  const o = r.observation
  const t = r.indicator.target
  if (r.indicator.kind === "milestone") return o.achievedOn !== undefined ? 1 : o.value === null ? undefined : 0
  if (o.value === null || t._tag !== "Threshold") return undefined
  if (t.comparator === "<=" || t.comparator === "<") {
    if (o.value <= 0) return 1
    return t.value / o.value
  }
  if (t.value === 0) return o.value >= 0 ? 1 : 0
  return o.value / t.value
}

/**
 * Why there is no value, in words a clerk can print: the reason itself when it
 * is plain Chinese, "本期无统计数据" when it carries English or machine text.
 *
 * @since 0.2.0
 */
export const noDataNote = (reason: string): string => (/[A-Za-z]{2,}|\.\./.test(reason) ? "本期无统计数据" : reason)
