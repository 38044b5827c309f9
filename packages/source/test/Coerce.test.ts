import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Coerce } from "@govplan/source"

describe("Coerce.toNumber", () => {
  it.each([
    ["1234", 1234],
    [" 12 ", 12],
    ["1,234", 1234],
    ["1,234,567.5", 1234567.5],
    ["-1,234", -1234],
    ["98.5%", 0.985],
    ["100%", 1],
    ["0.5 %", 0.005],
    ["5‰", 0.005],
    ["１２３", 123],
    ["９８．５％", 0.985],
    ["(1,234)", -1234],
    ["1e3", 1000],
    [".5", 0.5],
    [42, 42]
  ] as const)("%j → %j", (input, expected) => {
    expect(Coerce.toNumber(input)).toBe(expected)
  })

  it.each(["", "abc", "1,23", "12,34,567", "1.2.3", "NaN", "Infinity", "--1", "(-5)", "1 234", "%", "12%%"])(
    "%j is not a number",
    (input) => {
      expect(Coerce.toNumber(input)).toBeUndefined()
    }
  )

  it("rejects non-finite numbers and other types", () => {
    expect(Coerce.toNumber(Number.NaN)).toBeUndefined()
    expect(Coerce.toNumber(Number.POSITIVE_INFINITY)).toBeUndefined()
    expect(Coerce.toNumber(null)).toBeUndefined()
    expect(Coerce.toNumber(true)).toBeUndefined()
    expect(Coerce.toNumber(12n)).toBe(12)
  })
})

describe("Coerce dates", () => {
  it.each([
    ["2022-03-01", "2022-03-01"],
    ["2022/3/1", "2022-03-01"],
    ["2022.3.1", "2022-03-01"],
    ["2022-3-1", "2022-03-01"],
    ["2022年3月1日", "2022-03-01"],
    ["2022 年 3 月 1 日", "2022-03-01"],
    ["２０２２－０３－０１", "2022-03-01"],
    ["２０２２／３／１", "2022-03-01"],
    ["20220301", "2022-03-01"],
    [" 2022/3/1 ", "2022-03-01"],
    ["2022/3/1 0:00", "2022-03-01"],
    ["2022-03-01 00:00:00", "2022-03-01"],
    ["44621", "2022-03-01"],
    [44621, "2022-03-01"],
    ["2024/2/29", "2024-02-29"]
  ] as const)("toCivilDate(%j) = %j", (input, expected) => {
    expect(Coerce.toCivilDate(input)).toBe(expected)
  })

  it.each(["2022/2/30", "2023-02-29", "2022-13-01", "2022-00-10", "x", "2022", "2022/3/1 9:05", "3/1/2022", "", "2022-03-01T09:00:00"])(
    "toCivilDate(%j) is undefined",
    (input) => {
      expect(Coerce.toCivilDate(input)).toBeUndefined()
    }
  )

  it.each([
    ["2022-03-01 09:15:00", "2022-03-01 09:15:00"],
    ["2022-3-1 9:05", "2022-03-01 09:05:00"],
    ["2022/3/1 9:05:07", "2022-03-01 09:05:07"],
    ["2022/03/01 09:05:07.250", "2022-03-01 09:05:07"],
    ["2022年3月1日 9时5分", "2022-03-01 09:05:00"],
    ["2022年3月1日9时5分30秒", "2022-03-01 09:05:30"],
    ["2022年3月1日 9:05", "2022-03-01 09:05:00"],
    ["2022年3月1日 9点", "2022-03-01 09:00:00"],
    ["２０２２－０３－０１　０９：１５：００", "2022-03-01 09:15:00"],
    ["2022/3/1 下午 3:05", "2022-03-01 15:05:00"],
    ["2022/3/1 上午 12:05", "2022-03-01 00:05:00"],
    ["2022/3/1 3:05 PM", "2022-03-01 15:05:00"],
    ["2022-03-01T01:15:00Z", "2022-03-01 09:15:00"],
    ["2022-03-01T09:15:00+08:00", "2022-03-01 09:15:00"],
    ["2022-02-28T20:00:00-05:00", "2022-03-01 09:00:00"],
    ["2022/3/1", "2022-03-01 00:00:00"],
    ["202203010915", "2022-03-01 09:15:00"],
    [44621.385416666664, "2022-03-01 09:15:00"],
    ["44621.5", "2022-03-01 12:00:00"]
  ] as const)("toCivilDateTime(%j) = %j", (input, expected) => {
    expect(Coerce.toCivilDateTime(input)).toBe(expected)
  })

  it.each(["2022-03-01 24:00:00", "2022-03-01 09:60", "2022/2/30 9:00", "2022/3/1 下午 13:05", "9:05", "yesterday"])(
    "toCivilDateTime(%j) is undefined",
    (input) => {
      expect(Coerce.toCivilDateTime(input)).toBeUndefined()
    }
  )

  it("explains why", () => {
    expect(Coerce.explainCivilDate("2022/2/30")).toBe("no such day 2022-2-30")
    expect(Coerce.explainCivilDate("2022/3/1 9:05")).toBe("expected a date, got a time of day 09:05:00")
    expect(Coerce.explainCivilDateTime("2022-03-01 25:00")).toBe("no such time 25:00:00")
    expect(Coerce.explainCivilDate("2022-03-01")).toBeUndefined()
  })

  it("reads Excel 1900-system serials, with the 1900-02-29 that never was", () => {
    expect(Coerce.fromExcelSerial(1)).toBe("1900-01-01 00:00:00")
    expect(Coerce.fromExcelSerial(59)).toBe("1900-02-28 00:00:00")
    expect(Coerce.fromExcelSerial(60)).toBeUndefined()
    expect(Coerce.fromExcelSerial(61)).toBe("1900-03-01 00:00:00")
    expect(Coerce.fromExcelSerial(25569)).toBe("1970-01-01 00:00:00")
    expect(Coerce.fromExcelSerial(44621)).toBe("2022-03-01 00:00:00")
    expect(Coerce.fromExcelSerial(44621.999999)).toBe("2022-03-02 00:00:00")
    expect(Coerce.fromExcelSerial(2958465)).toBe("9999-12-31 00:00:00")
    expect(Coerce.fromExcelSerial(0)).toBeUndefined()
    expect(Coerce.fromExcelSerial(-1)).toBeUndefined()
    expect(Coerce.fromExcelSerial(2958466)).toBeUndefined()
  })

  it("gives the Shanghai wall clock of instants, also before 1991 (China's daylight saving)", () => {
    expect(Coerce.civilDateTimeOfInstant(new Date("2022-03-01T01:15:00Z"))).toBe("2022-03-01 09:15:00")
    expect(Coerce.toCivilDateTime(new Date("2022-12-31T16:30:00Z"))).toBe("2023-01-01 00:30:00")
    // 1988-07-01 was in daylight saving time: UTC+9
    expect(Coerce.civilDateTimeOfInstant(Date.UTC(1988, 6, 1, 0, 0, 0))).toBe("1988-07-01 09:00:00")
    expect(Coerce.civilDateTimeOfInstant(new Date(Number.NaN))).toBeUndefined()
  })
})

describe("Coerce other", () => {
  it("half-widths full-width ASCII and the ideographic space only", () => {
    expect(Coerce.halfWidth("ＡＢＣ１２３，．％　中文，")).toBe("ABC123,.% 中文,")
    expect(Coerce.halfWidth("plain")).toBe("plain")
  })
  it("reads yes/no", () => {
    expect(["是", "Y", "yes", "TRUE", "1", "√"].map(Coerce.toBoolean)).toEqual([true, true, true, true, true, true])
    expect(["否", "n", "No", "false", "0", "×"].map(Coerce.toBoolean)).toEqual([false, false, false, false, false, false])
    expect(Coerce.toBoolean("maybe")).toBeUndefined()
  })
  it("has schema forms that decode and explain", () => {
    expect(Schema.decodeUnknownSync(Coerce.NumberFromExport)("98.5%")).toBe(0.985)
    expect(Schema.decodeUnknownSync(Coerce.CivilDateFromExport)("2022年3月1日")).toBe("2022-03-01")
    expect(Schema.decodeUnknownSync(Coerce.CivilDateTimeFromExport)("2022-3-1 9:05")).toBe("2022-03-01 09:05:00")
    expect(Schema.decodeUnknownSync(Coerce.BooleanFromExport)("是")).toBe(true)
    expect(() => Schema.decodeUnknownSync(Coerce.CivilDateFromExport)("2022/2/30")).toThrow(/no such day 2022-2-30/)
    expect(() => Schema.decodeUnknownSync(Coerce.NumberFromExport)("abc")).toThrow(/expected a number/)
    expect(Schema.encodeSync(Coerce.NumberFromExport)(0.5)).toBe("0.5")
  })
})
