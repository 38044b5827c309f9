/**
 * Reporting periods: years, quarters (一季度…四季度), months, custom ranges and
 * assessment years that start in another month (some districts assess
 * November to October).
 *
 * A period is a half-open range of Shanghai civil dates `[start, end)`. A
 * {@link Grain} splits a range into buckets whose keys are stable strings:
 * `"2022"`, `"2022-Q1"`, `"2022-03"`, `"AY2022"`.
 *
 * @since 0.1.0
 */
import { ParseResult, Schema } from "effect"
import * as Civil from "./Civil.js"

const Year = Schema.Int.pipe(Schema.between(1900, 2999))

/**
 * A calendar year.
 *
 * @since 0.1.0
 */
export class YearPeriod extends Schema.TaggedClass<YearPeriod>("@govplan/model/Period/Year")("Year", {
  year: Year
}) {}

/**
 * A calendar quarter, 1 (一季度) to 4 (四季度).
 *
 * @since 0.1.0
 */
export class QuarterPeriod extends Schema.TaggedClass<QuarterPeriod>("@govplan/model/Period/Quarter")("Quarter", {
  year: Year,
  quarter: Schema.Literal(1, 2, 3, 4)
}) {}

/**
 * A calendar month, 1 to 12.
 *
 * @since 0.1.0
 */
export class MonthPeriod extends Schema.TaggedClass<MonthPeriod>("@govplan/model/Period/Month")("Month", {
  year: Year,
  month: Schema.Int.pipe(Schema.between(1, 12))
}) {}

/**
 * An assessment year that starts on the first day of `startMonth` of the year
 * before `year` and ends before the same day of `year` (startMonth 11: November
 * 2021 to October 2022 is assessment year 2022). With `startMonth` 1 it is the
 * calendar year.
 *
 * @since 0.1.0
 */
export class AssessmentYearPeriod extends Schema.TaggedClass<AssessmentYearPeriod>("@govplan/model/Period/AssessmentYear")(
  "AssessmentYear",
  { year: Year, startMonth: Schema.Int.pipe(Schema.between(1, 12)) }
) {}

/**
 * A custom range of civil dates, `start` included, `end` excluded.
 *
 * @since 0.1.0
 */
export class RangePeriod extends Schema.TaggedClass<RangePeriod>("@govplan/model/Period/Range")("Range", {
  start: Civil.CivilDate,
  end: Civil.CivilDate
}) {}

/**
 * Any reporting period.
 *
 * @since 0.1.0
 */
export const Period = Schema.Union(YearPeriod, QuarterPeriod, MonthPeriod, AssessmentYearPeriod, RangePeriod).pipe(
  Schema.filter((p) => {
    if (p._tag !== "Range") return true
    return p.start < p.end || `a range must end after it starts: ${p.start} .. ${p.end}`
  })
)

/**
 * @since 0.1.0
 */
export type Period = YearPeriod | QuarterPeriod | MonthPeriod | AssessmentYearPeriod | RangePeriod

/**
 * How finely results are bucketed in time.
 *
 * @since 0.1.0
 */
export const Grain = Schema.Literal("month", "quarter", "year", "assessmentYear")

/**
 * @since 0.1.0
 */
export type Grain = typeof Grain.Type

/** @since 0.1.0 */
export const year = (y: number): YearPeriod => YearPeriod.make({ year: y })
/** @since 0.1.0 */
export const quarter = (y: number, q: 1 | 2 | 3 | 4): QuarterPeriod => QuarterPeriod.make({ year: y, quarter: q })
/** @since 0.1.0 */
export const month = (y: number, m: number): MonthPeriod => MonthPeriod.make({ year: y, month: m })
/** @since 0.1.0 */
export const assessmentYear = (y: number, startMonth: number): AssessmentYearPeriod =>
  AssessmentYearPeriod.make({ year: y, startMonth })
/** @since 0.1.0 */
export const range = (start: Civil.CivilDate, end: Civil.CivilDate): RangePeriod => RangePeriod.make({ start, end })

/**
 * The half-open civil-date range `[start, end)` a period covers.
 *
 * @example
 * ```ts
 * import { Period } from "@govplan/model"
 *
 * Period.bounds(Period.quarter(2022, 1)) // { start: "2022-01-01", end: "2022-04-01" }
 * ```
 *
 * @since 0.1.0
 */
export const bounds = (p: Period): { readonly start: Civil.CivilDate; readonly end: Civil.CivilDate } => {
  switch (p._tag) {
    case "Year":
      return { start: Civil.date(p.year, 1, 1), end: Civil.date(p.year + 1, 1, 1) }
    case "Quarter": {
      const start = Civil.date(p.year, (p.quarter - 1) * 3 + 1, 1)
      return { start, end: Civil.addMonths(start, 3) }
    }
    case "Month": {
      const start = Civil.date(p.year, p.month, 1)
      return { start, end: Civil.addMonths(start, 1) }
    }
    case "AssessmentYear": {
      const start = p.startMonth === 1 ? Civil.date(p.year, 1, 1) : Civil.date(p.year - 1, p.startMonth, 1)
      return { start, end: Civil.addMonths(start, 12) }
    }
    case "Range":
      return { start: p.start, end: p.end }
  }
}

/**
 * The stable key of a period: `"2022"`, `"2022-Q1"`, `"2022-03"`,
 * `"AY2022/11"` (assessment year 2022 starting in November 2021), or
 * `"2022-01-01..2022-07-01"` for a range.
 *
 * @since 0.1.0
 */
export const key = (p: Period): string => {
  switch (p._tag) {
    case "Year":
      return String(p.year)
    case "Quarter":
      return `${p.year}-Q${p.quarter}`
    case "Month":
      return `${p.year}-${String(p.month).padStart(2, "0")}`
    case "AssessmentYear":
      return `AY${p.year}/${String(p.startMonth).padStart(2, "0")}`
    case "Range":
      return `${p.start}..${p.end}`
  }
}

/**
 * The period a key names (the inverse of {@link key}), or `undefined`.
 *
 * @since 0.1.0
 */
export const fromKey = (k: string): Period | undefined => {
  let m: RegExpExecArray | null
  if ((m = /^(\d{4})$/.exec(k))) return year(Number(m[1]))
  if ((m = /^(\d{4})-Q([1-4])$/.exec(k))) return quarter(Number(m[1]), Number(m[2]) as 1 | 2 | 3 | 4)
  if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(k))) return month(Number(m[1]), Number(m[2]))
  if ((m = /^AY(\d{4})\/(0[1-9]|1[0-2])$/.exec(k))) return assessmentYear(Number(m[1]), Number(m[2]))
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(k))) {
    if (Civil.isCivilDate(m[1]!) && Civil.isCivilDate(m[2]!) && m[1]! < m[2]!) return range(m[1] as Civil.CivilDate, m[2] as Civil.CivilDate)
  }
  return undefined
}

const QUARTER_NAMES = ["一", "二", "三", "四"] as const

/**
 * A Chinese label: `"2022年"`, `"2022年一季度"`, `"2022年3月"`,
 * `"2022考核年度（2021年11月—2022年10月）"`, `"2022年1月1日至2022年6月30日"`.
 *
 * @since 0.1.0
 */
export const label = (p: Period): string => {
  switch (p._tag) {
    case "Year":
      return `${p.year}年`
    case "Quarter":
      return `${p.year}年${QUARTER_NAMES[p.quarter - 1]}季度`
    case "Month":
      return `${p.year}年${p.month}月`
    case "AssessmentYear": {
      const { end, start } = bounds(p)
      const last = Civil.parts(Civil.addDays(end, -1))
      const first = Civil.parts(start)
      return `${p.year}考核年度（${first.year}年${first.month}月—${last.year}年${last.month}月）`
    }
    case "Range":
      return `${Civil.formatChinese(p.start)}至${Civil.formatChinese(Civil.addDays(p.end, -1))}`
  }
}

/**
 * Whether a civil date or date-time falls inside the period.
 *
 * @since 0.1.0
 */
export const contains = (p: Period, at: Civil.CivilDate | Civil.CivilDateTime | string): boolean => {
  const { end, start } = bounds(p)
  const d = at.slice(0, 10)
  return d >= start && d < end
}

/**
 * The bucket of a grain that a civil date or date-time falls in.
 * `assessmentStartMonth` (default 11) applies to the `assessmentYear` grain.
 *
 * @since 0.1.0
 */
export const bucketOf = (
  grain: Grain,
  at: Civil.CivilDate | Civil.CivilDateTime | string,
  options?: { readonly assessmentStartMonth?: number }
): Period => {
  const y = Number(at.slice(0, 4))
  const m = Number(at.slice(5, 7))
  switch (grain) {
    case "year":
      return year(y)
    case "quarter":
      return quarter(y, (Math.floor((m - 1) / 3) + 1) as 1 | 2 | 3 | 4)
    case "month":
      return month(y, m)
    case "assessmentYear": {
      const start = options?.assessmentStartMonth ?? 11
      return assessmentYear(start !== 1 && m >= start ? y + 1 : y, start)
    }
  }
}

/**
 * The buckets of a grain that a period overlaps, in order. A bucket that only
 * partly overlaps (a month cut by a custom range) is returned whole; intersect
 * with {@link bounds} to count only the overlap.
 *
 * @since 0.1.0
 */
export const split = (p: Period, grain: Grain, options?: { readonly assessmentStartMonth?: number }): ReadonlyArray<Period> => {
  const { end, start } = bounds(p)
  const out: Array<Period> = []
  let cursor: Civil.CivilDate = start
  while (cursor < end) {
    const bucket = bucketOf(grain, cursor, options)
    out.push(bucket)
    cursor = bounds(bucket).end
  }
  return out
}

/**
 * The share of a period's days that have passed by the end of `asOf`
 * (0 before it starts, 1 from its last day on). Used for pro rata status.
 *
 * @since 0.1.0
 */
export const elapsedFraction = (p: Period, asOf: Civil.CivilDate): number => {
  const { end, start } = bounds(p)
  const total = Civil.daysBetween(start, end)
  const passed = Civil.daysBetween(start, Civil.addDays(asOf, 1))
  return Math.min(1, Math.max(0, passed / total))
}

/**
 * Decodes a period from its key; fails with a message naming the key.
 *
 * @since 0.1.0
 */
export const PeriodFromKey = Schema.transformOrFail(Schema.String, Schema.typeSchema(Period), {
  strict: true,
  decode: (k, _, ast) => {
    const p = fromKey(k)
    return p === undefined
      ? ParseResult.fail(new ParseResult.Type(ast, k, `expected a period key such as "2022", "2022-Q1", "2022-03", "AY2022/11" or "2022-01-01..2022-07-01", got ${JSON.stringify(k)}`))
      : ParseResult.succeed(p)
  },
  encode: (p) => ParseResult.succeed(key(p))
})
