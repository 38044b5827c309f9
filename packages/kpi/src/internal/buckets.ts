import { Period } from "@govplan/model"
import { KpiError } from "../Kpi.js"

/** @internal how a period splits into buckets */
export interface Buckets {
  readonly start: string
  readonly end: string
  readonly grain: Period.Grain | undefined
  readonly periods: ReadonlyArray<Period.Period>
  readonly keys: ReadonlyArray<string>
  readonly indexOfKey: ReadonlyMap<string, number>
  /** months since year 0 of the first month of the period */
  readonly firstMonth: number
  /** bucket index of each month of the period, from firstMonth on */
  readonly monthToBucket: Int32Array
  readonly assessmentStartMonth: number
  /** the exclusive end of each bucket: a time belongs to the first bucket whose end is after it */
  readonly ends: ReadonlyArray<string>
}

const GRAINS: ReadonlyArray<string> = ["month", "quarter", "year", "assessmentYear"]

/** @internal */
export const make = (options: {
  readonly period: Period.Period
  readonly grain?: Period.Grain | undefined
  readonly assessmentStartMonth?: number | undefined
}): Buckets => {
  const period = options.period
  if (period === null || typeof period !== "object" || typeof (period as { _tag?: unknown })._tag !== "string") {
    throw new KpiError({ reason: "InvalidOptions", message: "options.period must be a Period (e.g. Period.year(2022))" })
  }
  const grain = options.grain
  if (grain !== undefined && !GRAINS.includes(grain)) {
    throw new KpiError({ reason: "InvalidOptions", message: `unknown grain ${JSON.stringify(grain)}: expected one of ${GRAINS.join(", ")}` })
  }
  const asm = options.assessmentStartMonth ?? (period._tag === "AssessmentYear" ? period.startMonth : 11)
  if (!Number.isInteger(asm) || asm < 1 || asm > 12) {
    throw new KpiError({ reason: "InvalidOptions", message: `assessmentStartMonth must be a month 1–12, got ${String(asm)}` })
  }
  const { end, start } = Period.bounds(period)
  const periods = grain === undefined ? [period] : Period.split(period, grain, { assessmentStartMonth: asm })
  const keys = periods.map(Period.key)
  const indexOfKey = new Map(keys.map((k, i) => [k, i]))
  const firstMonth = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1
  const lastDay = end // exclusive; the month of the day before `end` is the last month
  const endMonthExclusive = Number(lastDay.slice(0, 4)) * 12 + Number(lastDay.slice(5, 7)) - 1 + (lastDay.slice(8, 10) === "01" ? 0 : 1)
  const monthToBucket = new Int32Array(Math.max(0, endMonthExclusive - firstMonth))
  for (let i = 0; i < monthToBucket.length; i++) {
    if (grain === undefined) {
      monthToBucket[i] = 0
      continue
    }
    const m = firstMonth + i
    const y = Math.floor(m / 12)
    const mm = (m % 12) + 1
    const key = Period.key(Period.bucketOf(grain, `${String(y).padStart(4, "0")}-${String(mm).padStart(2, "0")}-01`, { assessmentStartMonth: asm }))
    monthToBucket[i] = indexOfKey.get(key) ?? -1
  }
  const ends = periods.map((p) => Period.bounds(p).end)
  return { start, end, grain, periods, keys, indexOfKey, firstMonth, monthToBucket, assessmentStartMonth: asm, ends }
}

/**
 * The month number (`year * 12 + month - 1`) of a civil date or date-time string, read from its
 * first seven characters without allocating; -1 when they are not `YYYY-MM` with a month 1–12.
 *
 * @internal
 */
export const monthNumber = (t: string): number => {
  const c0 = t.charCodeAt(0) - 48
  const c1 = t.charCodeAt(1) - 48
  const c2 = t.charCodeAt(2) - 48
  const c3 = t.charCodeAt(3) - 48
  const c5 = t.charCodeAt(5) - 48
  const c6 = t.charCodeAt(6) - 48
  if (
    c0 < 0 || c0 > 9 || c1 < 0 || c1 > 9 || c2 < 0 || c2 > 9 || c3 < 0 || c3 > 9 ||
    t.charCodeAt(4) !== 45 || c5 < 0 || c5 > 1 || c6 < 0 || c6 > 9
  ) return -1
  const m = c5 * 10 + c6
  if (m < 1 || m > 12) return -1
  return (c0 * 1000 + c1 * 100 + c2 * 10 + c3) * 12 + m - 1
}

/**
 * Whether characters 7–9 of a string are `-DD` (the day of a civil date), without allocating.
 *
 * @internal
 */
export const hasDay = (t: string): boolean => {
  const d0 = t.charCodeAt(8) - 48
  const d1 = t.charCodeAt(9) - 48
  return t.charCodeAt(7) === 45 && d0 >= 0 && d0 <= 3 && d1 >= 0 && d1 <= 9 && (t.length === 10 || t.charCodeAt(10) === 32 || t.charCodeAt(10) === 84)
}
