/**
 * How scorecard values read in a Chinese report: status names, targets,
 * observed values, achievement ratios.
 *
 * @since 0.1.0
 */
import { Civil, type Plan, type Status } from "@govplan/model"

/**
 * The Chinese name of each status.
 *
 * @since 0.1.0
 */
export const statusLabel: Readonly<Record<Status.Status, string>> = {
  achieved: "已完成",
  onTrack: "进度正常",
  atRisk: "存在风险",
  offTrack: "滞后",
  noData: "暂无数据",
  notAssessed: "定性评价"
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

const COMPARATOR: Readonly<Record<Plan.Comparator, string>> = { ">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "" }

/**
 * A value in the indicator's terms: rates as percentages, others with their unit.
 *
 * @since 0.1.0
 */
export const value = (indicator: Plan.Indicator, v: number): string =>
  indicator.kind === "rate" || indicator.unit === "%" ? percent(v) : `${number(v)}${indicator.unit}`

/**
 * The target as a reader sees it: "≥95%", "2022年3月31日前", "高于上年", or the plan's words.
 *
 * @example
 * ```ts
 * import { Format } from "@govplan/report"
 * // Format.target(indicator) → "≥95%"
 * ```
 *
 * @since 0.1.0
 */
export const target = (indicator: Plan.Indicator): string => {
  const t = indicator.target
  switch (t._tag) {
    case "Threshold":
      return `${COMPARATOR[t.comparator]}${value(indicator, t.value)}`
    case "Deadline":
      return `${Civil.formatChinese(t.by)}前`
    case "Relative": {
      const base = indicator.baseline
      const words = t.comparator === ">" || t.comparator === ">=" ? "高于" : t.comparator === "=" ? "持平" : "低于"
      const ref = base?.value !== undefined ? value(indicator, base.value) : base?.period ?? "基线"
      return t.comparator === "=" ? `与${ref}持平` : `${words}${ref}`
    }
    case "Qualitative":
      return t.text
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
