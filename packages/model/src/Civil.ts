/**
 * Shanghai civil dates and times, as the strings government exports carry.
 *
 * Every record time in govplan is Asia/Shanghai civil time written as text:
 * a {@link CivilDate} `"2022-03-01"` or a {@link CivilDateTime} `"2022-03-01 09:15:00"`.
 * Such strings sort chronologically, compare the same in JavaScript and in SQL,
 * and bucket into months and quarters by prefix. This module validates them and
 * converts to and from `Date` instants with `@date-fns/tz`.
 *
 * @since 0.1.0
 */
import { TZDate } from "@date-fns/tz"
import { differenceInCalendarDays, format } from "date-fns"
import { Schema } from "effect"

/**
 * The time zone of every civil date and time: China Standard Time.
 *
 * @since 0.1.0
 */
export const TIME_ZONE = "Asia/Shanghai"

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()

/**
 * Whether `year`-`month`-`day` is a real calendar day (proleptic Gregorian).
 *
 * @since 0.1.0
 */
export const isValidDay = (year: number, month: number, day: number): boolean =>
  Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
  year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)

/**
 * Whether a string is a valid civil date `YYYY-MM-DD`.
 *
 * @since 0.1.0
 */
export const isCivilDate = (s: string): boolean => {
  const m = DATE_RE.exec(s)
  return m !== null && isValidDay(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * Whether a string is a valid civil date-time `YYYY-MM-DD HH:mm:ss`.
 *
 * @since 0.1.0
 */
export const isCivilDateTime = (s: string): boolean => {
  const m = DATE_TIME_RE.exec(s)
  return m !== null && isValidDay(Number(m[1]), Number(m[2]), Number(m[3])) &&
    Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60
}

/**
 * A Shanghai calendar date, `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Civil } from "@govplan/model"
 *
 * const d = Schema.decodeUnknownSync(Civil.CivilDate)("2022-06-10")
 * ```
 *
 * @since 0.1.0
 */
export const CivilDate = Schema.String.pipe(
  Schema.filter((s) => isCivilDate(s) || `expected a date "YYYY-MM-DD" that exists in the calendar, got ${JSON.stringify(s)}`),
  Schema.brand("CivilDate"),
  Schema.annotations({ identifier: "CivilDate", description: "a Shanghai calendar date, YYYY-MM-DD" })
)

/**
 * @since 0.1.0
 */
export type CivilDate = typeof CivilDate.Type

/**
 * A Shanghai wall-clock time, `YYYY-MM-DD HH:mm:ss`.
 *
 * @since 0.1.0
 */
export const CivilDateTime = Schema.String.pipe(
  Schema.filter((s) => isCivilDateTime(s) || `expected a date-time "YYYY-MM-DD HH:mm:ss", got ${JSON.stringify(s)}`),
  Schema.brand("CivilDateTime"),
  Schema.annotations({ identifier: "CivilDateTime", description: "a Shanghai wall-clock time, YYYY-MM-DD HH:mm:ss" })
)

/**
 * @since 0.1.0
 */
export type CivilDateTime = typeof CivilDateTime.Type

/**
 * A civil date from its parts. Throws `RangeError` on a day that does not exist
 * (use {@link isValidDay} to check untrusted input first).
 *
 * @since 0.1.0
 */
export const date = (year: number, month: number, day: number): CivilDate => {
  if (!isValidDay(year, month, day)) throw new RangeError(`no such day: ${year}-${month}-${day}`)
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` as CivilDate
}

/**
 * Parses a trusted civil date string (throws `RangeError` when it is not one).
 *
 * @since 0.1.0
 */
export const unsafeDate = (s: string): CivilDate => {
  if (!isCivilDate(s)) throw new RangeError(`not a civil date "YYYY-MM-DD": ${JSON.stringify(s)}`)
  return s as CivilDate
}

/**
 * Parses a trusted civil date-time string (throws `RangeError` when it is not one).
 *
 * @since 0.1.0
 */
export const unsafeDateTime = (s: string): CivilDateTime => {
  if (!isCivilDateTime(s)) throw new RangeError(`not a civil date-time "YYYY-MM-DD HH:mm:ss": ${JSON.stringify(s)}`)
  return s as CivilDateTime
}

/**
 * The date part of a civil date or date-time.
 *
 * @since 0.1.0
 */
export const dateOf = (s: CivilDate | CivilDateTime | string): CivilDate => s.slice(0, 10) as CivilDate

/**
 * The parts of a civil date.
 *
 * @since 0.1.0
 */
export const parts = (d: CivilDate | CivilDateTime | string): { readonly year: number; readonly month: number; readonly day: number } => ({
  year: Number(d.slice(0, 4)),
  month: Number(d.slice(5, 7)),
  day: Number(d.slice(8, 10))
})

const fromParts = (year: number, monthIndex: number, day: number): CivilDate => {
  const u = new Date(Date.UTC(year, monthIndex, day))
  return date(u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate())
}

/**
 * Adds (or with a negative `n`, subtracts) calendar days.
 *
 * @since 0.1.0
 */
export const addDays = (d: CivilDate, n: number): CivilDate => {
  const { day, month, year } = parts(d)
  return fromParts(year, month - 1, day + n)
}

/**
 * Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28).
 *
 * @since 0.1.0
 */
export const addMonths = (d: CivilDate, n: number): CivilDate => {
  const { day, month, year } = parts(d)
  const first = new Date(Date.UTC(year, month - 1 + n, 1))
  const y = first.getUTCFullYear()
  const m = first.getUTCMonth() + 1
  return date(y, m, Math.min(day, daysInMonth(y, m)))
}

/**
 * Whole calendar days from `from` to `to` (negative when `to` is earlier).
 *
 * @since 0.1.0
 */
export const daysBetween = (from: CivilDate, to: CivilDate): number => {
  const a = parts(from)
  const b = parts(to)
  return differenceInCalendarDays(new Date(b.year, b.month - 1, b.day), new Date(a.year, a.month - 1, a.day))
}

/**
 * Day of the week, 0 = Sunday … 6 = Saturday.
 *
 * @since 0.1.0
 */
export const dayOfWeek = (d: CivilDate): number => {
  const { day, month, year } = parts(d)
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay()
}

/**
 * The instant at which a civil date (midnight) or date-time occurs in Shanghai.
 *
 * @since 0.1.0
 */
export const toInstant = (s: CivilDate | CivilDateTime): Date => {
  const { day, month, year } = parts(s)
  const hh = s.length > 10 ? Number(s.slice(11, 13)) : 0
  const mm = s.length > 10 ? Number(s.slice(14, 16)) : 0
  const ss = s.length > 10 ? Number(s.slice(17, 19)) : 0
  return new Date(new TZDate(year, month - 1, day, hh, mm, ss, TIME_ZONE).getTime())
}

/**
 * The Shanghai wall-clock time of an instant.
 *
 * @since 0.1.0
 */
export const fromInstant = (instant: Date): CivilDateTime =>
  format(new TZDate(instant.getTime(), TIME_ZONE), "yyyy-MM-dd HH:mm:ss") as CivilDateTime

/**
 * Today's date in Shanghai.
 *
 * @since 0.1.0
 */
export const today = (now: Date = new Date()): CivilDate => dateOf(fromInstant(now))

/**
 * A civil date written the Chinese official way, with no zero padding: `"2022年6月10日"`.
 *
 * @since 0.1.0
 */
export const formatChinese = (d: CivilDate | CivilDateTime): string => {
  const { day, month, year } = parts(d)
  return `${year}年${month}月${day}日`
}

