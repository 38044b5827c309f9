import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Civil from "../src/Civil.js"
import * as WorkCalendar from "../src/WorkCalendar.js"

const d = Civil.unsafeDate
const isWorking = (s: string) => WorkCalendar.isWorkingDaySync(d(s))
const add = (s: string, n: number) => WorkCalendar.addWorkingDaysSync(d(s), n)
const between = (a: string, b: string) => WorkCalendar.workingDaysBetweenSync(d(a), d(b))

describe("WorkCalendar data", () => {
  it("cites a State Council notice for each year", () => {
    expect(WorkCalendar.CHINA_MAINLAND.map((y) => [y.year, y.notice.number])).toEqual([
      [2021, "国办发明电〔2020〕27号"],
      [2022, "国办发明电〔2021〕11号"],
      [2023, "国办发明电〔2022〕16号"],
      [2024, "国办发明电〔2023〕7号"],
      [2025, "国办发明电〔2024〕12号"],
      [2026, "国办发明电〔2025〕7号"]
    ])
    for (const y of WorkCalendar.CHINA_MAINLAND) expect(y.notice.title).toBe(`国务院办公厅关于${y.year}年部分节假日安排的通知`)
  })

  it("passes its own consistency check (every 调休 day a weekend day, no block reversed)", () => {
    expect(WorkCalendar.check(WorkCalendar.CHINA_MAINLAND)).toEqual([])
  })

  it("check catches transcription mistakes", () => {
    const broken: Array<WorkCalendar.HolidayYear> = [{
      year: 2022,
      notice: { title: "t", number: "n" },
      holidays: [
        { name: "清明节", from: d("2022-04-05"), to: d("2022-04-03"), workdays: [d("2022-04-01")] },
        { name: "国庆节", from: d("2022-10-01"), to: d("2022-10-07"), workdays: [d("2022-10-02")] }
      ]
    }]
    expect(WorkCalendar.check(broken)).toEqual([
      "2022 清明节: ends (2022-04-03) before it starts (2022-04-05)",
      "2022 清明节: 调休 working day 2022-04-01 is not a Saturday or Sunday",
      "2022 国庆节: 2022-10-02 is both a day off and a working day"
    ])
  })

  it("counts 249 working days in 2022 and 2023, 250 in 2021, 251 in 2024, 248 in 2025 and 2026 (weekdays − weekday holidays + 调休 days)", () => {
    // 2022: 260 weekdays, 18 of them off, 7 weekend days worked
    expect(between("2021-12-31", "2022-12-31")).toBe(249)
    expect(between("2022-12-31", "2023-12-31")).toBe(249)
    // (a, b]: the day before the first counted day is not itself looked up, so 2020-12-31 is fine
    expect(between("2020-12-31", "2021-12-31")).toBe(250)
    expect(between("2023-12-31", "2024-12-31")).toBe(251)
    // 2025: 261 weekdays, 18 of them off, 5 weekend days worked
    expect(between("2024-12-31", "2025-12-31")).toBe(248)
    // 2026: 261 weekdays, 19 of them off, 6 weekend days worked
    expect(between("2025-12-31", "2026-12-31")).toBe(248)
  })
})

describe("2022 dates", () => {
  it.each([
    ["2022-01-29", true, "Saturday made a working day for 春节"],
    ["2022-01-30", true, "Sunday made a working day for 春节"],
    ["2022-01-31", false, "春节 (除夕)"],
    ["2022-02-01", false, "春节"],
    ["2022-02-07", true, "first Monday after 春节"],
    ["2022-04-02", true, "Saturday made a working day for 清明"],
    ["2022-04-04", false, "清明 (Monday)"],
    ["2022-04-24", true, "Sunday made a working day for 劳动节"],
    ["2022-05-04", false, "劳动节 (Wednesday)"],
    ["2022-05-07", true, "Saturday made a working day for 劳动节"],
    ["2022-06-03", false, "端午节 (Friday)"],
    ["2022-09-12", false, "中秋节 (Monday)"],
    ["2022-10-07", false, "国庆节 (Friday)"],
    ["2022-10-08", true, "Saturday made a working day for 国庆"],
    ["2022-10-09", true, "Sunday made a working day for 国庆"],
    ["2022-03-05", false, "an ordinary Saturday"],
    ["2022-03-07", true, "an ordinary Monday"]
  ])("%s is working: %s (%s)", (date, expected) => {
    expect(isWorking(date)).toBe(expected)
  })
})

describe("2025 dates", () => {
  it.each([
    ["2025-01-01", false, "元旦 (Wednesday)"],
    ["2025-01-02", true, "the day after 元旦, no 调休"],
    ["2025-01-26", true, "Sunday made a working day for 春节"],
    ["2025-01-28", false, "春节 (除夕, Tuesday)"],
    ["2025-02-04", false, "春节 (last day, Tuesday)"],
    ["2025-02-05", true, "first working day after 春节"],
    ["2025-02-08", true, "Saturday made a working day for 春节"],
    ["2025-04-04", false, "清明节 (Friday)"],
    ["2025-04-27", true, "Sunday made a working day for 劳动节"],
    ["2025-05-05", false, "劳动节 (Monday)"],
    ["2025-05-10", false, "an ordinary Saturday: 劳动节 2025 has one 调休 day only"],
    ["2025-06-02", false, "端午节 (Monday)"],
    ["2025-09-28", true, "Sunday made a working day for 国庆节、中秋节"],
    ["2025-10-06", false, "国庆节、中秋节 (中秋, Monday)"],
    ["2025-10-08", false, "国庆节、中秋节 (last day, Wednesday)"],
    ["2025-10-09", true, "first working day after 国庆节、中秋节"],
    ["2025-10-11", true, "Saturday made a working day for 国庆节、中秋节"]
  ])("%s is working: %s (%s)", (date, expected) => {
    expect(isWorking(date)).toBe(expected)
  })
})

describe("2026 dates", () => {
  it.each([
    ["2026-01-02", false, "元旦 (Friday)"],
    ["2026-01-04", true, "Sunday made a working day for 元旦"],
    ["2026-02-14", true, "Saturday made a working day for 春节"],
    ["2026-02-16", false, "春节 (除夕, Monday)"],
    ["2026-02-23", false, "春节 (last day, Monday)"],
    ["2026-02-24", true, "first working day after 春节"],
    ["2026-02-28", true, "Saturday made a working day for 春节"],
    ["2026-04-06", false, "清明节 (Monday)"],
    ["2026-05-05", false, "劳动节 (Tuesday)"],
    ["2026-05-09", true, "Saturday made a working day for 劳动节"],
    ["2026-06-19", false, "端午节 (Friday)"],
    ["2026-09-20", true, "Sunday made a working day for 国庆节"],
    ["2026-09-25", false, "中秋节 (Friday)"],
    ["2026-10-07", false, "国庆节 (last day, Wednesday)"],
    ["2026-10-08", true, "first working day after 国庆节 (Thursday)"],
    ["2026-10-09", true, "an ordinary Friday"],
    ["2026-10-10", true, "Saturday made a working day for 国庆节"]
  ])("%s is working: %s (%s)", (date, expected) => {
    expect(isWorking(date)).toBe(expected)
  })
})

describe("addWorkingDays: the acceptance day does not count", () => {
  it("n = 0 is the start itself, even on a holiday", () => {
    expect(add("2022-10-03", 0)).toBe("2022-10-03")
  })

  it("across 国庆 2022", () => {
    expect(add("2022-09-30", 1)).toBe("2022-10-08")
    expect(add("2022-09-30", 2)).toBe("2022-10-09")
    expect(add("2022-09-30", 3)).toBe("2022-10-10")
    expect(add("2022-09-30", 5)).toBe("2022-10-12")
    // accepted during the holiday: counting starts from the next working day
    expect(add("2022-10-03", 1)).toBe("2022-10-08")
  })

  it("across 春节 2022", () => {
    expect(add("2022-01-28", 1)).toBe("2022-01-29")
    expect(add("2022-01-28", 2)).toBe("2022-01-30")
    expect(add("2022-01-28", 3)).toBe("2022-02-07")
    expect(add("2022-01-28", 5)).toBe("2022-02-09")
  })

  it("across 春节 2026", () => {
    // 2026-02-13 Fri; 02-14 Sat is a 调休 working day, then 02-15 to 02-23 off
    expect(add("2026-02-13", 1)).toBe("2026-02-14")
    expect(add("2026-02-13", 2)).toBe("2026-02-24")
    expect(add("2026-02-13", 5)).toBe("2026-02-27")
    expect(add("2026-02-13", 6)).toBe("2026-02-28")
    expect(add("2026-02-13", 7)).toBe("2026-03-02")
  })

  it("across 国庆节 2026", () => {
    // 2026-09-30 Wed; 10-01 to 10-07 off, 10-10 Sat a 调休 working day
    expect(add("2026-09-30", 1)).toBe("2026-10-08")
    expect(add("2026-09-30", 3)).toBe("2026-10-10")
    expect(add("2026-09-30", 4)).toBe("2026-10-12")
  })

  it("across a year boundary covered on both sides", () => {
    // 2022-12-30 Fri; 12-31 Sat and 2023-01-01/02 are off (元旦 2023)
    expect(add("2022-12-30", 1)).toBe("2023-01-03")
    // 2024-12-31 Tue; 2025-01-01 is off (元旦 2025, one day)
    expect(add("2024-12-31", 1)).toBe("2025-01-02")
    // 2025-12-31 Wed; 2026-01-01 to 01-03 off, 01-04 Sun a 调休 working day
    expect(add("2025-12-31", 1)).toBe("2026-01-04")
  })

  it("counts backwards with negative n", () => {
    expect(add("2022-10-10", -3)).toBe("2022-09-30")
    expect(add("2022-02-07", -1)).toBe("2022-01-30")
  })

  it("is the inverse of workingDaysBetween", () => {
    for (const start of ["2022-01-28", "2022-09-30", "2022-04-01", "2021-12-30"]) {
      for (const n of [1, 2, 3, 5, 10, 15, 30]) expect(between(start, add(start, n))).toBe(n)
    }
    expect(between("2022-10-10", "2022-09-30")).toBe(-3)
    expect(between("2022-10-01", "2022-10-07")).toBe(0)
    expect(between("2022-10-05", "2022-10-05")).toBe(0)
  })
})

describe("errors", () => {
  it("a date in a year without a notice is YearNotCovered", () => {
    expect(() => isWorking("2027-01-04")).toThrow(WorkCalendar.WorkCalendarError)
    try {
      isWorking("2019-06-03")
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(WorkCalendar.WorkCalendarError)
      const err = error as WorkCalendar.WorkCalendarError
      expect(err.reason).toBe("YearNotCovered")
      expect(err.input).toBe("2019-06-03")
      expect(err.message).toBe(
        "WorkCalendar: 2019-06-03 is in 2019, a year the holiday data does not cover (it covers 2021–2026); " +
          "add that year's State Council holiday notice to the calendar data"
      )
    }
  })

  it("counting past the covered years fails rather than guessing", () => {
    expect(add("2026-12-30", 1)).toBe("2026-12-31")
    expect(() => add("2026-12-31", 1)).toThrow("2027-01-01 is in 2027")
    expect(() => between("2026-12-30", "2027-01-04")).toThrow("2027-01-01 is in 2027")
  })

  it("a malformed date from untyped code is InvalidArgument, not a guess", () => {
    expect(() => WorkCalendar.isWorkingDaySync("2022-2-1" as Civil.CivilDate)).toThrow(
      'WorkCalendar: invalid argument "2022-2-1": expected a date "YYYY-MM-DD" that exists in the calendar'
    )
    expect(() => WorkCalendar.addWorkingDaysSync("2022-02-29" as Civil.CivilDate, 1)).toThrow('invalid argument "2022-02-29"')
    expect(() => WorkCalendar.workingDaysBetweenSync(d("2022-02-01"), "2022/03/01" as Civil.CivilDate)).toThrow('invalid argument "2022/03/01"')
  })

  it("a fractional count is InvalidArgument", () => {
    expect(() => add("2022-03-01", 1.5)).toThrow("WorkCalendar: invalid argument 1.5: a number of working days must be an integer")
  })
})

describe("the service", () => {
  it.effect("the default layer answers through the tag", () =>
    Effect.gen(function*() {
      const calendar = yield* WorkCalendar.WorkCalendar
      expect(calendar.years).toEqual([2021, 2022, 2023, 2024, 2025, 2026])
      expect(yield* calendar.isWorkingDay(d("2022-01-29"))).toBe(true)
      expect(yield* calendar.addWorkingDays(d("2022-09-30"), 3)).toBe("2022-10-10")
      expect(yield* calendar.workingDaysBetween(d("2022-01-28"), d("2022-02-07"))).toBe(3)
      const error = yield* Effect.flip(calendar.isWorkingDay(d("2030-01-02")))
      expect(error._tag).toBe("WorkCalendarError")
      expect(error.reason).toBe("YearNotCovered")
    }).pipe(Effect.provide(WorkCalendar.layer)))

  it.effect("make / layerFrom take other data (a district's own calendar)", () =>
    Effect.gen(function*() {
      const calendar = yield* WorkCalendar.WorkCalendar
      expect(yield* calendar.isWorkingDay(d("2030-01-02"))).toBe(false)
      expect(yield* calendar.isWorkingDay(d("2030-01-05"))).toBe(true)
      expect(yield* calendar.addWorkingDays(d("2029-12-31"), 1)).toBe("2030-01-03")
    }).pipe(Effect.provide(WorkCalendar.layerFrom([{
      year: 2030,
      notice: { title: "test", number: "test" },
      holidays: [{ name: "元旦", from: d("2030-01-01"), to: d("2030-01-02"), workdays: [d("2030-01-05")] }]
    }, { year: 2029, notice: { title: "test", number: "test" }, holidays: [] }]))))

  it("the sync functions take data too", () => {
    const data: ReadonlyArray<WorkCalendar.HolidayYear> = [{ year: 2030, notice: { title: "t", number: "n" }, holidays: [] }]
    expect(WorkCalendar.isWorkingDaySync(d("2030-01-01"), data)).toBe(true)
    expect(() => WorkCalendar.isWorkingDaySync(d("2022-01-04"), data)).toThrow("(it covers 2030)")
  })
})
