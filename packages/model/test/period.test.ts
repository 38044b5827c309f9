import { describe, expect, it } from "vitest"
import { Schema } from "effect"
import * as Civil from "../src/Civil.js"
import * as Period from "../src/Period.js"

const d = Civil.unsafeDate
const keys = (ps: ReadonlyArray<Period.Period>) => ps.map(Period.key)

describe("bounds", () => {
  it("are half-open civil-date ranges", () => {
    expect(Period.bounds(Period.year(2022))).toEqual({ start: "2022-01-01", end: "2023-01-01" })
    expect(Period.bounds(Period.quarter(2022, 1))).toEqual({ start: "2022-01-01", end: "2022-04-01" })
    expect(Period.bounds(Period.quarter(2022, 4))).toEqual({ start: "2022-10-01", end: "2023-01-01" })
    expect(Period.bounds(Period.month(2022, 2))).toEqual({ start: "2022-02-01", end: "2022-03-01" })
    expect(Period.bounds(Period.month(2022, 12))).toEqual({ start: "2022-12-01", end: "2023-01-01" })
    expect(Period.bounds(Period.range(d("2022-01-01"), d("2022-07-01")))).toEqual({ start: "2022-01-01", end: "2022-07-01" })
  })

  it("an assessment year runs November to October", () => {
    expect(Period.bounds(Period.assessmentYear(2022, 11))).toEqual({ start: "2021-11-01", end: "2022-11-01" })
    expect(Period.bounds(Period.assessmentYear(2022, 1))).toEqual({ start: "2022-01-01", end: "2023-01-01" })
  })

  it("contains: start included, end excluded, date-times by their date", () => {
    const q1 = Period.quarter(2022, 1)
    expect(Period.contains(q1, "2022-01-01")).toBe(true)
    expect(Period.contains(q1, "2022-03-31 23:59:59")).toBe(true)
    expect(Period.contains(q1, "2022-04-01")).toBe(false)
    expect(Period.contains(q1, "2021-12-31")).toBe(false)
  })
})

describe("keys", () => {
  it("round trip through fromKey", () => {
    const periods = [
      Period.year(2022),
      Period.quarter(2022, 1),
      Period.month(2022, 3),
      Period.month(2022, 12),
      Period.assessmentYear(2022, 11),
      Period.range(d("2022-01-01"), d("2022-07-01"))
    ]
    expect(keys(periods)).toEqual(["2022", "2022-Q1", "2022-03", "2022-12", "AY2022/11", "2022-01-01..2022-07-01"])
    for (const p of periods) expect(Period.fromKey(Period.key(p))).toEqual(p)
  })

  it("reject what is not a key", () => {
    for (const k of ["2022-13", "2022-00", "2022-Q5", "2022-Q0", "AY2022/13", "22", "2022-02-30..2022-03-01", "2022-03-01..2022-03-01", "2022-04-01..2022-03-01", ""]) {
      expect(Period.fromKey(k)).toBeUndefined()
    }
  })

  it("PeriodFromKey decodes and encodes, naming a bad key", () => {
    const decode = Schema.decodeUnknownSync(Period.PeriodFromKey)
    expect(decode("2022-Q1")).toEqual(Period.quarter(2022, 1))
    expect(Schema.encodeSync(Period.PeriodFromKey)(Period.assessmentYear(2022, 11))).toBe("AY2022/11")
    expect(() => decode("2022Q1")).toThrow('got "2022Q1"')
  })

  it("the Period schema rejects an empty range and a fifth quarter", () => {
    const decode = Schema.decodeUnknownSync(Period.Period)
    expect(decode({ _tag: "Range", start: "2022-01-01", end: "2022-02-01" })).toEqual(Period.range(d("2022-01-01"), d("2022-02-01")))
    expect(() => decode({ _tag: "Range", start: "2022-02-01", end: "2022-02-01" })).toThrow("a range must end after it starts: 2022-02-01 .. 2022-02-01")
    expect(() => decode({ _tag: "Quarter", year: 2022, quarter: 5 })).toThrow()
  })
})

describe("labels", () => {
  it("are Chinese", () => {
    expect(Period.label(Period.year(2022))).toBe("2022年")
    expect(Period.label(Period.quarter(2022, 1))).toBe("2022年一季度")
    expect(Period.label(Period.quarter(2022, 4))).toBe("2022年四季度")
    expect(Period.label(Period.month(2022, 3))).toBe("2022年3月")
    expect(Period.label(Period.assessmentYear(2022, 11))).toBe("2022考核年度（2021年11月—2022年10月）")
    expect(Period.label(Period.range(d("2022-01-01"), d("2022-07-01")))).toBe("2022年1月1日至2022年6月30日")
  })
})

describe("bucketOf and split", () => {
  it("bucketOf finds the bucket of a date or date-time", () => {
    expect(Period.key(Period.bucketOf("month", "2022-03-15 10:00:00"))).toBe("2022-03")
    expect(Period.key(Period.bucketOf("quarter", "2022-03-31"))).toBe("2022-Q1")
    expect(Period.key(Period.bucketOf("quarter", "2022-04-01"))).toBe("2022-Q2")
    expect(Period.key(Period.bucketOf("year", "2022-12-31 23:59:59"))).toBe("2022")
  })

  it("assessment-year buckets turn over on 1 November by default", () => {
    expect(Period.key(Period.bucketOf("assessmentYear", "2021-10-31"))).toBe("AY2021/11")
    expect(Period.key(Period.bucketOf("assessmentYear", "2021-11-01"))).toBe("AY2022/11")
    expect(Period.key(Period.bucketOf("assessmentYear", "2022-10-31"))).toBe("AY2022/11")
    expect(Period.key(Period.bucketOf("assessmentYear", "2022-05-01", { assessmentStartMonth: 1 }))).toBe("AY2022/01")
    expect(Period.key(Period.bucketOf("assessmentYear", "2022-07-01", { assessmentStartMonth: 7 }))).toBe("AY2023/07")
  })

  it("split lists the overlapping buckets in order", () => {
    expect(keys(Period.split(Period.year(2022), "quarter"))).toEqual(["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"])
    expect(keys(Period.split(Period.range(d("2022-02-15"), d("2022-05-10")), "month"))).toEqual(["2022-02", "2022-03", "2022-04", "2022-05"])
    expect(keys(Period.split(Period.assessmentYear(2022, 11), "month"))).toEqual([
      "2021-11", "2021-12", "2022-01", "2022-02", "2022-03", "2022-04", "2022-05", "2022-06", "2022-07", "2022-08", "2022-09", "2022-10"
    ])
    expect(keys(Period.split(Period.year(2022), "assessmentYear"))).toEqual(["AY2022/11", "AY2023/11"])
    expect(keys(Period.split(Period.quarter(2022, 2), "year"))).toEqual(["2022"])
  })
})

describe("elapsedFraction", () => {
  it("counts the as-of day as passed", () => {
    expect(Period.elapsedFraction(Period.year(2022), d("2022-06-30"))).toBe(181 / 365)
    expect(Period.elapsedFraction(Period.year(2022), d("2022-01-01"))).toBe(1 / 365)
    expect(Period.elapsedFraction(Period.quarter(2022, 1), d("2022-01-31"))).toBe(31 / 90)
    expect(Period.elapsedFraction(Period.assessmentYear(2022, 11), d("2021-11-30"))).toBe(30 / 365)
  })

  it("is 0 before the period and 1 from its last day on", () => {
    expect(Period.elapsedFraction(Period.year(2022), d("2021-12-31"))).toBe(0)
    expect(Period.elapsedFraction(Period.year(2022), d("2022-12-31"))).toBe(1)
    expect(Period.elapsedFraction(Period.year(2022), d("2023-05-01"))).toBe(1)
  })
})
