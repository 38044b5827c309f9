/**
 * Working days on the official calendar of mainland China.
 *
 * A day is a working day (工作日) when it is Monday–Friday and not a public
 * holiday (法定节假日 or a bridging day of the holiday block), or when it is a
 * weekend day that the State Council made a working day to bridge a holiday
 * (调休上班). Each year's holidays are set by a notice of the General Office of
 * the State Council (国务院办公厅关于XXXX年部分节假日安排的通知), published
 * late in the previous year; {@link CHINA_MAINLAND} encodes those notices as
 * data, one entry per year, each citing its notice.
 *
 * A date in a year the data does not cover is an error (`YearNotCovered`), never
 * a guess: a weekend rule alone would silently miss 调休 and holidays.
 *
 * Deadlines: {@link addWorkingDays}`(start, n)` counts `n` working days
 * *after* `start`; `start` itself never counts, whether or not it is a working
 * day. That is the usual practice for hotline orders (工单): a limit of "3 个工作日"
 * starts counting from the next working day after acceptance (受理), so an order
 * accepted on Friday 2022-09-30 with one working day is due on Saturday
 * 2022-10-08, the first working day after the 国庆 holiday.
 *
 * @since 0.1.0
 */
import { Context, Effect, Either, Layer, Schema } from "effect"
import * as Civil from "./Civil.js"

/**
 * One holiday block of a notice: the days off, inclusive, and the weekend days
 * worked in exchange (调休上班).
 *
 * @since 0.1.0
 */
export const Holiday = Schema.Struct({
  /** The holiday's name as the notice gives it: "春节", "国庆节". */
  name: Schema.String,
  /** The first and last day off, inclusive (放假). */
  from: Civil.CivilDate,
  to: Civil.CivilDate,
  /** Weekend days that are working days for this holiday (调休上班). */
  workdays: Schema.Array(Civil.CivilDate)
})

/** @since 0.1.0 */
export type Holiday = typeof Holiday.Type

/**
 * The holiday arrangements of one calendar year, with the notice that set them.
 *
 * @since 0.1.0
 */
export const HolidayYear = Schema.Struct({
  year: Schema.Int,
  notice: Schema.Struct({
    /** The notice's title: "国务院办公厅关于2022年部分节假日安排的通知". */
    title: Schema.String,
    /** Its document number: "国办发明电〔2021〕11号". */
    number: Schema.String,
    /** Where it is published, when known. */
    url: Schema.optional(Schema.String)
  }),
  holidays: Schema.Array(Holiday)
})

/** @since 0.1.0 */
export type HolidayYear = typeof HolidayYear.Type

const d = Civil.unsafeDate

/**
 * The State Council General Office's holiday notices for 2021–2026, as data.
 *
 * A year's data covers the days of that calendar year; a block may start in the
 * year before (2023's 元旦 holiday starts on 2022-12-31), as the notice says.
 *
 * @since 0.1.0
 */
export const CHINA_MAINLAND: ReadonlyArray<HolidayYear> = [
  {
    year: 2021,
    notice: {
      title: "国务院办公厅关于2021年部分节假日安排的通知",
      number: "国办发明电〔2020〕27号"
    },
    holidays: [
      { name: "元旦", from: d("2021-01-01"), to: d("2021-01-03"), workdays: [] },
      { name: "春节", from: d("2021-02-11"), to: d("2021-02-17"), workdays: [d("2021-02-07"), d("2021-02-20")] },
      { name: "清明节", from: d("2021-04-03"), to: d("2021-04-05"), workdays: [] },
      { name: "劳动节", from: d("2021-05-01"), to: d("2021-05-05"), workdays: [d("2021-04-25"), d("2021-05-08")] },
      { name: "端午节", from: d("2021-06-12"), to: d("2021-06-14"), workdays: [] },
      { name: "中秋节", from: d("2021-09-19"), to: d("2021-09-21"), workdays: [d("2021-09-18")] },
      { name: "国庆节", from: d("2021-10-01"), to: d("2021-10-07"), workdays: [d("2021-09-26"), d("2021-10-09")] }
    ]
  },
  {
    year: 2022,
    notice: {
      title: "国务院办公厅关于2022年部分节假日安排的通知",
      number: "国办发明电〔2021〕11号"
    },
    holidays: [
      { name: "元旦", from: d("2022-01-01"), to: d("2022-01-03"), workdays: [] },
      { name: "春节", from: d("2022-01-31"), to: d("2022-02-06"), workdays: [d("2022-01-29"), d("2022-01-30")] },
      { name: "清明节", from: d("2022-04-03"), to: d("2022-04-05"), workdays: [d("2022-04-02")] },
      { name: "劳动节", from: d("2022-04-30"), to: d("2022-05-04"), workdays: [d("2022-04-24"), d("2022-05-07")] },
      { name: "端午节", from: d("2022-06-03"), to: d("2022-06-05"), workdays: [] },
      { name: "中秋节", from: d("2022-09-10"), to: d("2022-09-12"), workdays: [] },
      { name: "国庆节", from: d("2022-10-01"), to: d("2022-10-07"), workdays: [d("2022-10-08"), d("2022-10-09")] }
    ]
  },
  {
    year: 2023,
    notice: {
      title: "国务院办公厅关于2023年部分节假日安排的通知",
      number: "国办发明电〔2022〕16号"
    },
    holidays: [
      { name: "元旦", from: d("2022-12-31"), to: d("2023-01-02"), workdays: [] },
      { name: "春节", from: d("2023-01-21"), to: d("2023-01-27"), workdays: [d("2023-01-28"), d("2023-01-29")] },
      { name: "清明节", from: d("2023-04-05"), to: d("2023-04-05"), workdays: [] },
      { name: "劳动节", from: d("2023-04-29"), to: d("2023-05-03"), workdays: [d("2023-04-23"), d("2023-05-06")] },
      { name: "端午节", from: d("2023-06-22"), to: d("2023-06-24"), workdays: [d("2023-06-25")] },
      { name: "中秋节、国庆节", from: d("2023-09-29"), to: d("2023-10-06"), workdays: [d("2023-10-07"), d("2023-10-08")] }
    ]
  },
  {
    year: 2024,
    notice: {
      title: "国务院办公厅关于2024年部分节假日安排的通知",
      number: "国办发明电〔2023〕7号"
    },
    holidays: [
      { name: "元旦", from: d("2024-01-01"), to: d("2024-01-01"), workdays: [] },
      { name: "春节", from: d("2024-02-10"), to: d("2024-02-17"), workdays: [d("2024-02-04"), d("2024-02-18")] },
      { name: "清明节", from: d("2024-04-04"), to: d("2024-04-06"), workdays: [d("2024-04-07")] },
      { name: "劳动节", from: d("2024-05-01"), to: d("2024-05-05"), workdays: [d("2024-04-28"), d("2024-05-11")] },
      { name: "端午节", from: d("2024-06-10"), to: d("2024-06-10"), workdays: [] },
      { name: "中秋节", from: d("2024-09-15"), to: d("2024-09-17"), workdays: [d("2024-09-14")] },
      { name: "国庆节", from: d("2024-10-01"), to: d("2024-10-07"), workdays: [d("2024-09-29"), d("2024-10-12")] }
    ]
  },
  {
    year: 2025,
    notice: {
      title: "国务院办公厅关于2025年部分节假日安排的通知",
      number: "国办发明电〔2024〕12号"
    },
    holidays: [
      { name: "元旦", from: d("2025-01-01"), to: d("2025-01-01"), workdays: [] },
      { name: "春节", from: d("2025-01-28"), to: d("2025-02-04"), workdays: [d("2025-01-26"), d("2025-02-08")] },
      { name: "清明节", from: d("2025-04-04"), to: d("2025-04-06"), workdays: [] },
      { name: "劳动节", from: d("2025-05-01"), to: d("2025-05-05"), workdays: [d("2025-04-27")] },
      { name: "端午节", from: d("2025-05-31"), to: d("2025-06-02"), workdays: [] },
      { name: "国庆节、中秋节", from: d("2025-10-01"), to: d("2025-10-08"), workdays: [d("2025-09-28"), d("2025-10-11")] }
    ]
  },
  {
    year: 2026,
    notice: {
      title: "国务院办公厅关于2026年部分节假日安排的通知",
      number: "国办发明电〔2025〕7号"
    },
    holidays: [
      { name: "元旦", from: d("2026-01-01"), to: d("2026-01-03"), workdays: [d("2026-01-04")] },
      { name: "春节", from: d("2026-02-15"), to: d("2026-02-23"), workdays: [d("2026-02-14"), d("2026-02-28")] },
      { name: "清明节", from: d("2026-04-04"), to: d("2026-04-06"), workdays: [] },
      { name: "劳动节", from: d("2026-05-01"), to: d("2026-05-05"), workdays: [d("2026-05-09")] },
      { name: "端午节", from: d("2026-06-19"), to: d("2026-06-21"), workdays: [] },
      { name: "中秋节", from: d("2026-09-25"), to: d("2026-09-27"), workdays: [] },
      { name: "国庆节", from: d("2026-10-01"), to: d("2026-10-07"), workdays: [d("2026-09-20"), d("2026-10-10")] }
    ]
  }
]

/**
 * A working-day computation could not be answered.
 * - `YearNotCovered`: the date lies in a year the calendar data has no notice for;
 * - `InvalidArgument`: a day count that is not an integer, or a date that is not a
 *   real `YYYY-MM-DD` day (for callers without the type checker).
 *
 * @since 0.1.0
 */
export class WorkCalendarError extends Schema.TaggedError<WorkCalendarError>("@govplan/model/WorkCalendar/WorkCalendarError")(
  "WorkCalendarError",
  {
    reason: Schema.Literal("YearNotCovered", "InvalidArgument"),
    /** The date (or argument) that could not be handled. */
    input: Schema.String,
    /** The years the calendar covers. */
    covered: Schema.Array(Schema.Int),
    detail: Schema.optional(Schema.String)
  }
) {
  /** @since 0.1.0 */
  override get message(): string {
    if (this.reason === "YearNotCovered") {
      const first = this.covered[0]
      const last = this.covered[this.covered.length - 1]
      const years = first === undefined ? "no years" : first === last ? String(first) : `${first}–${last}`
      return `WorkCalendar: ${this.input} is in ${this.input.slice(0, 4)}, a year the holiday data does not cover (it covers ${years}); ` +
        `add that year's State Council holiday notice to the calendar data`
    }
    return `WorkCalendar: invalid argument ${this.input}${this.detail === undefined ? "" : `: ${this.detail}`}`
  }
}

/**
 * The working-day calendar service.
 *
 * @since 0.1.0
 */
export interface Service {
  /** The years the data covers, ascending. */
  readonly years: ReadonlyArray<number>
  readonly isWorkingDay: (date: Civil.CivilDate) => Effect.Effect<boolean, WorkCalendarError>
  /** The date `n` working days after `start` (`start` not counted; `n = 0` gives `start`; negative `n` counts back). */
  readonly addWorkingDays: (start: Civil.CivilDate, n: number) => Effect.Effect<Civil.CivilDate, WorkCalendarError>
  /** The working days in `(a, b]` (negative when `b` is before `a`). */
  readonly workingDaysBetween: (a: Civil.CivilDate, b: Civil.CivilDate) => Effect.Effect<number, WorkCalendarError>
}

/**
 * The tag of the working-day calendar service.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Civil, WorkCalendar } from "@govplan/model"
 *
 * const due = Effect.gen(function*() {
 *   const calendar = yield* WorkCalendar.WorkCalendar
 *   return yield* calendar.addWorkingDays(Civil.unsafeDate("2022-09-30"), 3)
 * }).pipe(Effect.provide(WorkCalendar.layer))
 * // "2022-10-10": 10-08 and 10-09 are 调休 working days, then Monday 10-10
 * ```
 *
 * @since 0.1.0
 */
export class WorkCalendar extends Context.Tag("@govplan/model/WorkCalendar")<WorkCalendar, Service>() {}

interface Compiled {
  readonly years: ReadonlyArray<number>
  readonly covered: ReadonlySet<number>
  readonly off: ReadonlySet<string>
  readonly on: ReadonlySet<string>
}

const compile = (data: ReadonlyArray<HolidayYear>): Compiled => {
  const off = new Set<string>()
  const on = new Set<string>()
  for (const y of data) {
    for (const h of y.holidays) {
      for (let day = h.from; day <= h.to; day = Civil.addDays(day, 1)) off.add(day)
      for (const w of h.workdays) on.add(w)
    }
  }
  const years = [...new Set(data.map((y) => y.year))].sort((a, b) => a - b)
  return { years, covered: new Set(years), off, on }
}

const notCovered = (c: Compiled, date: string) =>
  new WorkCalendarError({ reason: "YearNotCovered", input: date, covered: [...c.years] })

const invalidDate = (c: Compiled, date: unknown) =>
  new WorkCalendarError({ reason: "InvalidArgument", input: JSON.stringify(date) ?? String(date), covered: [...c.years], detail: 'expected a date "YYYY-MM-DD" that exists in the calendar' })

const isWorkingDayE = (c: Compiled, date: Civil.CivilDate): Either.Either<boolean, WorkCalendarError> => {
  if (typeof date !== "string" || !Civil.isCivilDate(date)) return Either.left(invalidDate(c, date))
  if (!c.covered.has(Civil.parts(date).year)) return Either.left(notCovered(c, date))
  if (c.on.has(date)) return Either.right(true)
  if (c.off.has(date)) return Either.right(false)
  const dow = Civil.dayOfWeek(date)
  return Either.right(dow !== 0 && dow !== 6)
}

const addWorkingDaysE = (c: Compiled, start: Civil.CivilDate, n: number): Either.Either<Civil.CivilDate, WorkCalendarError> => {
  if (!Number.isInteger(n)) {
    return Either.left(new WorkCalendarError({ reason: "InvalidArgument", input: String(n), covered: [...c.years], detail: "a number of working days must be an integer" }))
  }
  if (typeof start !== "string" || !Civil.isCivilDate(start)) return Either.left(invalidDate(c, start))
  if (n === 0) return c.covered.has(Civil.parts(start).year) ? Either.right(start) : Either.left(notCovered(c, start))
  const step = n > 0 ? 1 : -1
  let left = Math.abs(n)
  let day = start
  while (left > 0) {
    day = Civil.addDays(day, step)
    const w = isWorkingDayE(c, day)
    if (Either.isLeft(w)) return Either.left(w.left)
    if (w.right) left--
  }
  return Either.right(day)
}

const workingDaysBetweenE = (c: Compiled, a: Civil.CivilDate, b: Civil.CivilDate): Either.Either<number, WorkCalendarError> => {
  for (const x of [a, b]) if (typeof x !== "string" || !Civil.isCivilDate(x)) return Either.left(invalidDate(c, x))
  if (a === b) return c.covered.has(Civil.parts(a).year) ? Either.right(0) : Either.left(notCovered(c, a))
  const [from, to, sign] = a < b ? [a, b, 1] : [b, a, -1]
  let count = 0
  for (let day = Civil.addDays(from, 1); day <= to; day = Civil.addDays(day, 1)) {
    const w = isWorkingDayE(c, day)
    if (Either.isLeft(w)) return Either.left(w.left)
    if (w.right) count++
  }
  return Either.right(sign * count)
}

/**
 * A calendar service over the given holiday data.
 *
 * @since 0.1.0
 */
export const make = (data: ReadonlyArray<HolidayYear>): Service => {
  const c = compile(data)
  return {
    years: c.years,
    isWorkingDay: (date) => isWorkingDayE(c, date),
    addWorkingDays: (start, n) => addWorkingDaysE(c, start, n),
    workingDaysBetween: (a, b) => workingDaysBetweenE(c, a, b)
  }
}

/**
 * A layer providing {@link WorkCalendar} over the given holiday data.
 *
 * @since 0.1.0
 */
export const layerFrom = (data: ReadonlyArray<HolidayYear>): Layer.Layer<WorkCalendar> => Layer.succeed(WorkCalendar, make(data))

/**
 * The default layer: the State Council notices of {@link CHINA_MAINLAND}.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<WorkCalendar> = layerFrom(CHINA_MAINLAND)

const defaultCompiled = compile(CHINA_MAINLAND)
const sync = <A>(e: Either.Either<A, WorkCalendarError>): A => {
  if (Either.isLeft(e)) throw e.left
  return e.right
}

/**
 * Whether `date` is a working day, for code that does not use Effect. Throws a
 * {@link WorkCalendarError} for a year the data does not cover.
 *
 * @example
 * ```ts
 * import { Civil, WorkCalendar } from "@govplan/model"
 *
 * WorkCalendar.isWorkingDaySync(Civil.unsafeDate("2022-01-29")) // true: a Saturday made a working day (调休)
 * ```
 *
 * @since 0.1.0
 */
export const isWorkingDaySync = (date: Civil.CivilDate, data?: ReadonlyArray<HolidayYear>): boolean =>
  sync(isWorkingDayE(data === undefined ? defaultCompiled : compile(data), date))

/**
 * The date `n` working days after `start` (`start` itself not counted), for code
 * that does not use Effect. Throws a {@link WorkCalendarError}.
 *
 * @example
 * ```ts
 * import { Civil, WorkCalendar } from "@govplan/model"
 *
 * // a hotline order accepted on 2022-09-30 with 3 working days is due on 2022-10-10
 * WorkCalendar.addWorkingDaysSync(Civil.unsafeDate("2022-09-30"), 3)
 * ```
 *
 * @since 0.1.0
 */
export const addWorkingDaysSync = (start: Civil.CivilDate, n: number, data?: ReadonlyArray<HolidayYear>): Civil.CivilDate =>
  sync(addWorkingDaysE(data === undefined ? defaultCompiled : compile(data), start, n))

/**
 * The number of working days in `(a, b]`, for code that does not use Effect
 * (`workingDaysBetweenSync(a, addWorkingDaysSync(a, n)) === n`). Throws a {@link WorkCalendarError}.
 *
 * @since 0.1.0
 */
export const workingDaysBetweenSync = (a: Civil.CivilDate, b: Civil.CivilDate, data?: ReadonlyArray<HolidayYear>): number =>
  sync(workingDaysBetweenE(data === undefined ? defaultCompiled : compile(data), a, b))

/**
 * Checks holiday data for the mistakes a transcription makes: a day off or a
 * 调休 working day outside its year's reach, a block that ends before it starts,
 * a 调休 working day that is not a Saturday or Sunday, or one that is also a day
 * off. Returns the problems in words (empty when none).
 *
 * @since 0.1.0
 */
export const check = (data: ReadonlyArray<HolidayYear>): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const off = new Set<string>()
  for (const y of data) {
    for (const h of y.holidays) {
      const where = `${y.year} ${h.name}`
      if (h.to < h.from) problems.push(`${where}: ends (${h.to}) before it starts (${h.from})`)
      if (Civil.parts(h.to).year !== y.year) problems.push(`${where}: last day off ${h.to} is not in ${y.year}`)
      if (Civil.parts(h.from).year < y.year - 1 || Civil.parts(h.from).year > y.year) problems.push(`${where}: first day off ${h.from} is out of reach of ${y.year}`)
      for (let day = h.from; day <= h.to; day = Civil.addDays(day, 1)) off.add(day)
      for (const w of h.workdays) {
        const dow = Civil.dayOfWeek(w)
        if (dow !== 0 && dow !== 6) problems.push(`${where}: 调休 working day ${w} is not a Saturday or Sunday`)
        if (Math.abs(Civil.daysBetween(w, h.from)) > 14 && Math.abs(Civil.daysBetween(w, h.to)) > 14) problems.push(`${where}: 调休 working day ${w} is more than two weeks from the holiday`)
      }
    }
  }
  for (const y of data) for (const h of y.holidays) for (const w of h.workdays) if (off.has(w)) problems.push(`${y.year} ${h.name}: ${w} is both a day off and a working day`)
  return problems
}
