import { describe, expect, it } from "vitest"
import { Either, Schema } from "effect"
import * as Civil from "../src/Civil.js"

const d = Civil.unsafeDate

describe("validation", () => {
  it("accepts real days only", () => {
    expect(Civil.isCivilDate("2022-02-28")).toBe(true)
    expect(Civil.isCivilDate("2022-02-29")).toBe(false)
    expect(Civil.isCivilDate("2024-02-29")).toBe(true)
    expect(Civil.isCivilDate("1900-02-29")).toBe(false)
    expect(Civil.isCivilDate("2000-02-29")).toBe(true)
    expect(Civil.isCivilDate("2022-04-31")).toBe(false)
    expect(Civil.isCivilDate("2022-13-01")).toBe(false)
    expect(Civil.isCivilDate("2022-6-1")).toBe(false)
    expect(Civil.isCivilDate("2022/06/01")).toBe(false)
    expect(Civil.isCivilDate("2022-06-01 00:00:00")).toBe(false)
  })

  it("date-times need a real day and a real time", () => {
    expect(Civil.isCivilDateTime("2022-03-01 23:59:59")).toBe(true)
    expect(Civil.isCivilDateTime("2022-03-01 24:00:00")).toBe(false)
    expect(Civil.isCivilDateTime("2022-03-01 09:60:00")).toBe(false)
    expect(Civil.isCivilDateTime("2022-02-29 09:00:00")).toBe(false)
    expect(Civil.isCivilDateTime("2022-03-01T09:00:00")).toBe(false)
  })

  it("the schema rejects 2022-02-29 with a message naming it", () => {
    const r = Schema.decodeUnknownEither(Civil.CivilDate)("2022-02-29")
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r)) expect(r.left.message).toContain('expected a date "YYYY-MM-DD" that exists in the calendar, got "2022-02-29"')
    expect(Schema.decodeUnknownSync(Civil.CivilDate)("2022-06-10")).toBe("2022-06-10")
    expect(() => Schema.decodeUnknownSync(Civil.CivilDateTime)("2022-06-10")).toThrow('expected a date-time "YYYY-MM-DD HH:mm:ss", got "2022-06-10"')
  })

  it("constructors throw RangeError on impossible days", () => {
    expect(Civil.date(2022, 6, 10)).toBe("2022-06-10")
    expect(() => Civil.date(2022, 2, 29)).toThrow(RangeError)
    expect(() => Civil.unsafeDate("2022-02-29")).toThrow('not a civil date "YYYY-MM-DD": "2022-02-29"')
    expect(() => Civil.unsafeDateTime("2022-02-28 25:00:00")).toThrow(RangeError)
  })
})

describe("arithmetic", () => {
  it("addDays crosses months, years and leap days", () => {
    expect(Civil.addDays(d("2022-02-28"), 1)).toBe("2022-03-01")
    expect(Civil.addDays(d("2024-02-28"), 1)).toBe("2024-02-29")
    expect(Civil.addDays(d("2022-01-01"), -1)).toBe("2021-12-31")
    expect(Civil.addDays(d("2022-12-31"), 365)).toBe("2023-12-31")
    expect(Civil.addDays(d("2022-06-10"), 0)).toBe("2022-06-10")
  })

  it("addMonths clamps to the month's length", () => {
    expect(Civil.addMonths(d("2022-01-31"), 1)).toBe("2022-02-28")
    expect(Civil.addMonths(d("2024-01-31"), 1)).toBe("2024-02-29")
    expect(Civil.addMonths(d("2022-11-30"), 3)).toBe("2023-02-28")
    expect(Civil.addMonths(d("2022-03-31"), -1)).toBe("2022-02-28")
    expect(Civil.addMonths(d("2022-01-15"), -13)).toBe("2020-12-15")
  })

  it("daysBetween counts calendar days, negative backwards", () => {
    expect(Civil.daysBetween(d("2022-01-01"), d("2023-01-01"))).toBe(365)
    expect(Civil.daysBetween(d("2024-01-01"), d("2025-01-01"))).toBe(366)
    expect(Civil.daysBetween(d("2022-06-30"), d("2022-06-01"))).toBe(-29)
    expect(Civil.daysBetween(d("2022-03-26"), d("2022-03-28"))).toBe(2) // a European DST weekend changes nothing
  })

  it("dayOfWeek", () => {
    expect(Civil.dayOfWeek(d("2022-01-29"))).toBe(6)
    expect(Civil.dayOfWeek(d("2022-01-30"))).toBe(0)
    expect(Civil.dayOfWeek(d("2022-10-10"))).toBe(1)
  })

  it("parts and dateOf", () => {
    expect(Civil.parts("2022-06-10 08:00:00")).toEqual({ year: 2022, month: 6, day: 10 })
    expect(Civil.dateOf(Civil.unsafeDateTime("2022-06-10 08:00:00"))).toBe("2022-06-10")
  })
})

describe("instants across the +08:00 offset", () => {
  it("a Shanghai midnight is 16:00 UTC the day before", () => {
    expect(Civil.toInstant(d("2022-06-10")).toISOString()).toBe("2022-06-09T16:00:00.000Z")
    expect(Civil.toInstant(Civil.unsafeDateTime("2022-06-10 07:30:00")).toISOString()).toBe("2022-06-09T23:30:00.000Z")
    expect(Civil.toInstant(Civil.unsafeDateTime("2023-01-01 00:00:00")).toISOString()).toBe("2022-12-31T16:00:00.000Z")
  })

  it("fromInstant gives the Shanghai wall clock", () => {
    expect(Civil.fromInstant(new Date("2022-06-09T16:00:00.000Z"))).toBe("2022-06-10 00:00:00")
    expect(Civil.fromInstant(new Date("2022-12-31T15:59:59.000Z"))).toBe("2022-12-31 23:59:59")
    expect(Civil.fromInstant(new Date("2022-12-31T16:00:00.000Z"))).toBe("2023-01-01 00:00:00")
  })

  it("round trips", () => {
    for (const s of ["2022-01-01 00:00:00", "2022-06-10 07:59:59", "2022-06-10 08:00:00", "2022-12-31 23:59:59", "2024-02-29 12:00:00"]) {
      expect(Civil.fromInstant(Civil.toInstant(Civil.unsafeDateTime(s)))).toBe(s)
    }
    const instant = new Date("2022-03-01T01:15:00.000Z")
    expect(Civil.toInstant(Civil.fromInstant(instant)).getTime()).toBe(instant.getTime())
  })

  it("today is the Shanghai date", () => {
    expect(Civil.today(new Date("2022-06-09T15:59:59Z"))).toBe("2022-06-09")
    expect(Civil.today(new Date("2022-06-09T16:00:00Z"))).toBe("2022-06-10")
  })
})

describe("formatChinese", () => {
  it("writes the official form without zero padding", () => {
    expect(Civil.formatChinese(d("2022-06-10"))).toBe("2022年6月10日")
    expect(Civil.formatChinese(d("2022-01-05"))).toBe("2022年1月5日")
    expect(Civil.formatChinese(Civil.unsafeDateTime("2022-12-31 09:00:00"))).toBe("2022年12月31日")
  })
})
