import { FastCheck as fc, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Civil } from "@govplan/model"
import { RowDecoder } from "@govplan/source"

const Order = Schema.Struct({
  orderId: Schema.String.pipe(Schema.pattern(/^GD\d{4}$/)),
  acceptedAt: Civil.CivilDateTime,
  closedAt: Schema.optional(Civil.CivilDateTime),
  dueOn: Schema.NullOr(Civil.CivilDate),
  category: Schema.Literal("咨询", "求助", "投诉"),
  rating: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  count: Schema.Int,
  urgent: Schema.Boolean,
  note: Schema.String
})
const mapping = {
  工单编号: "orderId",
  受理时间: "acceptedAt",
  登记时间: "acceptedAt",
  办结时间: "closedAt",
  截止日期: "dueOn",
  诉求类型: "category",
  满意度: "rating",
  次数: "count",
  紧急: "urgent",
  备注: "note"
} as const
const headers = ["工单编号", "受理时间", "办结时间", "截止日期", "诉求类型", "满意度", "次数", "紧急", "备注"]
const decoder = RowDecoder.make(Order, { mapping })
const bound = decoder.bind(headers) as RowDecoder.BoundDecoder<typeof Order.Type>

describe("RowDecoder.make", () => {
  it("derives a fast decoder and a coercion per field from the schema", () => {
    expect(decoder.fast).toBe(true)
    expect(Object.fromEntries(decoder.fields.map((f) => [f.name, f.coercion]))).toEqual({
      orderId: "string",
      acceptedAt: "civilDateTime",
      closedAt: "civilDateTime",
      dueOn: "civilDate",
      category: "literal",
      rating: "number",
      count: "number",
      urgent: "boolean",
      note: "string"
    })
    expect(decoder.fields.find((f) => f.name === "closedAt")).toMatchObject({ optional: true, nullable: false })
    expect(decoder.fields.find((f) => f.name === "dueOn")).toMatchObject({ optional: false, nullable: true })
  })

  it("decodes a row of export cells into the schema's type", () => {
    expect(bound.decode(["GD0001", "2022/3/1 9:05", "", "2022年3月5日", " 投诉 ", "98.5%", "１２", "是", "  hi  "])).toEqual({
      orderId: "GD0001",
      acceptedAt: "2022-03-01 09:05:00",
      dueOn: "2022-03-05",
      category: "投诉",
      rating: 0.985,
      count: 12,
      urgent: true,
      note: "hi"
    })
  })

  it("maps empty cells by the schema: optional → absent, NullOr → null, plain string → \"\"", () => {
    const r = bound.decode(["GD0001", "2022-03-01 09:05:00", "", "", "咨询", "NULL", "1", "否", ""])
    expect(r).toEqual({ orderId: "GD0001", acceptedAt: "2022-03-01 09:05:00", dueOn: null, category: "咨询", count: 1, urgent: false, note: "" })
    expect("closedAt" in (r as object)).toBe(false)
    expect("rating" in (r as object)).toBe(false)
  })

  it.each([
    [["GD01", "2022-03-01 09:05:00", "", "", "咨询", "", "1", "否", ""], "工单编号", "GD01", /pattern/],
    [["GD0001", "2022/2/30 9:05", "", "", "咨询", "", "1", "否", ""], "受理时间", "2022/2/30 9:05", /no such day 2022-2-30/],
    [["GD0001", "2022-02-30 09:05:00", "", "", "咨询", "", "1", "否", ""], "受理时间", "2022-02-30 09:05:00", /expected a date-time/],
    [["GD0001", "", "", "", "咨询", "", "1", "否", ""], "受理时间", "", /a value is required, the cell is empty/],
    [["GD0001", "2022-03-01 09:05:00", "", "2022-03-01 10:00", "咨询", "", "1", "否", ""], "截止日期", "2022-03-01 10:00", /time of day 10:00:00/],
    [["GD0001", "2022-03-01 09:05:00", "", "", "表扬", "", "1", "否", ""], "诉求类型", "表扬", /Expected "咨询" \| "求助" \| "投诉", actual "表扬"/],
    [["GD0001", "2022-03-01 09:05:00", "", "", "咨询", "150%", "1", "否", ""], "满意度", "150%", /between 0 and 1/],
    [["GD0001", "2022-03-01 09:05:00", "", "", "咨询", "", "1.5", "否", ""], "次数", "1.5", /integer/],
    [["GD0001", "2022-03-01 09:05:00", "", "", "咨询", "", "1", "也许", ""], "紧急", "也许", /expected yes or no/],
    [["GD0001", "2022-03-01 09:05:00", "", "", "咨询", "abc", "1", "否", ""], "满意度", "abc", /expected a number/]
  ])("rejects %j at column %s", (cells, column, value, reason) => {
    const r = bound.decode(cells)
    expect(r).toBeInstanceOf(RowDecoder.RowProblem)
    const p = r as RowDecoder.RowProblem
    expect(p.column).toBe(column)
    expect(p.value).toBe(value)
    expect(p.reason).toMatch(reason)
  })

  it("counts the other problems of a row", () => {
    const p = bound.decode(["x", "2022-03-01 09:05:00", "", "", "表扬", "", "1.5", "否", ""]) as RowDecoder.RowProblem
    expect(p.column).toBe("工单编号")
    expect(p.reason).toMatch(/and 2 more problems in this row/)
  })

  it("rejects ragged rows naming the column counts, and tolerates empty trailing cells", () => {
    const short = bound.decode(["GD0001", "2022-03-01 09:05:00"]) as RowDecoder.RowProblem
    expect(short.reason).toBe("the row has 2 columns, the header has 9")
    const long = bound.decode(["GD0001", "2022-03-01 09:05:00", "", "", "咨询", "", "1", "否", "", "extra"]) as RowDecoder.RowProblem
    expect(long.reason).toBe("the row has 10 columns, the header has 9")
    expect(bound.decode(["GD0001", "2022-03-01 09:05:00", "", "", "咨询", "", "1", "否", "", ""])).not.toBeInstanceOf(RowDecoder.RowProblem)
  })

  it("binds aliases, full-width and padded headers, and ignores unmapped columns", () => {
    const b = decoder.bind([" 工单编号 ", "\uFEFF登记时间", "截止日期", "诉求类型", "次数", "紧急", "备注", "来电号码"])
    expect(b).not.toBeInstanceOf(RowDecoder.BindProblem)
    const bd = b as RowDecoder.BoundDecoder<unknown>
    expect(bd.ignoredColumns).toEqual(["来电号码"])
    expect(bd.decode(["GD0002", "2022-03-01", "", "求助", "0", "N", "", "138"])).toEqual({
      orderId: "GD0002",
      acceptedAt: "2022-03-01 00:00:00",
      dueOn: null,
      category: "求助",
      count: 0,
      urgent: false,
      note: ""
    })
  })

  it("reports missing required columns all at once", () => {
    const b = decoder.bind(["工单编号", "备注"]) as RowDecoder.BindProblem
    expect(b).toBeInstanceOf(RowDecoder.BindProblem)
    expect(b.reason).toBe("Header")
    expect(b.column).toBe("受理时间")
    expect(b.detail).toBe(
      "missing required columns \"受理时间\" or \"登记时间\" (acceptedAt), \"截止日期\" (dueOn), \"诉求类型\" (category), \"次数\" (count), \"紧急\" (urgent); the header has \"工单编号\", \"备注\""
    )
  })

  it("refuses a duplicated mapped header and two aliases of one field", () => {
    const dup = decoder.bind([...headers, "受理时间"]) as RowDecoder.BindProblem
    expect(dup.detail).toBe("column \"受理时间\" appears 2 times (columns 2, 10); which one is acceptedAt?")
    const both = decoder.bind([...headers, "登记时间"]) as RowDecoder.BindProblem
    expect(both.detail).toBe("columns \"受理时间\" (column 2) and \"登记时间\" (column 10) both map to field acceptedAt; keep one")
    // a duplicated header nobody maps is harmless
    expect(decoder.bind([...headers, "来电号码", "来电号码"])).not.toBeInstanceOf(RowDecoder.BindProblem)
  })

  it("refuses a mapping to a field the schema does not have", () => {
    const d = RowDecoder.make(Order, { mapping: { 工单: "orderNo" } })
    const b = d.bind(headers) as RowDecoder.BindProblem
    expect(b.reason).toBe("Config")
    expect(b.detail).toMatch(/field "orderNo", which the schema does not have/)
  })

  it("lets a mapping make a schema-required column optional, and per-column coercions", () => {
    const S = Schema.Struct({ id: Schema.String, code: Schema.String, n: Schema.NullOr(Schema.Number) })
    const d = RowDecoder.make(S, { mapping: { 编号: { field: "id", coerce: "halfWidth" }, 代码: "code", 数量: { field: "n", required: false } } })
    const b = d.bind(["编号", "代码"]) as RowDecoder.BoundDecoder<typeof S.Type>
    expect(b.decode(["ＡＢ１２", "ＡＢ１２"])).toEqual({ id: "AB12", code: "ＡＢ１２", n: null })
  })

  it("recognises civil-date filters that carry no identifier, by what they accept", () => {
    const DateString = Schema.String.pipe(Schema.filter((s) => Civil.isCivilDate(s)))
    const S = Schema.Struct({ day: DateString, at: Schema.NullOr(Schema.String.pipe(Schema.filter((s) => Civil.isCivilDateTime(s)))) })
    const d = RowDecoder.make(S)
    expect(d.fields.map((f) => f.coercion)).toEqual(["civilDate", "civilDateTime"])
    const b = d.bind(["day", "at"]) as RowDecoder.BoundDecoder<typeof S.Type>
    expect(b.decode(["2022年3月1日", "2022/3/1 9:05"])).toEqual({ day: "2022-03-01", at: "2022-03-01 09:05:00" })
    expect((b.decode(["2022/2/30", ""]) as RowDecoder.RowProblem).reason).toMatch(/no such day/)
  })

  it("checks struct-level filters, explained by the schema", () => {
    const S = Schema.Struct({ a: Civil.CivilDate, b: Civil.CivilDate }).pipe(
      Schema.filter((r) => r.a <= r.b || "b must not be before a")
    )
    const b = RowDecoder.make(S).bind(["a", "b"]) as RowDecoder.BoundDecoder<typeof S.Type>
    expect(b.decode(["2022-03-01", "2022-03-02"])).toEqual({ a: "2022-03-01", b: "2022-03-02" })
    expect((b.decode(["2022-03-03", "2022-03-02"]) as RowDecoder.RowProblem).reason).toBe("b must not be before a")
  })

  it("decodes transforming fields per field and Schema.Class records whole", () => {
    const S = Schema.Struct({ n: Schema.NumberFromString, d: Schema.optional(Schema.Date) })
    const d = RowDecoder.make(S)
    expect(d.fast).toBe(false)
    const b = d.bind(["n", "d"]) as RowDecoder.BoundDecoder<typeof S.Type>
    expect(b.decode(["12", "2022-03-01T00:00:00Z"])).toEqual({ n: 12, d: new Date("2022-03-01T00:00:00Z") })
    expect((b.decode(["x", ""]) as RowDecoder.RowProblem).column).toBe("n")

    class Visit extends Schema.Class<Visit>("Visit")({ day: Civil.CivilDate, people: Schema.Int }) {}
    const c = RowDecoder.make(Visit).bind(["day", "people"]) as RowDecoder.BoundDecoder<Visit>
    const v = c.decode(["2022/3/1", "1,200"])
    expect(v).toBeInstanceOf(Visit)
    expect(v).toMatchObject({ day: "2022-03-01", people: 1200 })
    expect((c.decode(["2022/3/1", "1.5"]) as RowDecoder.RowProblem).column).toBe("people")
  })

  it("decodes objects keyed by field", () => {
    const S = Schema.Struct({ a: Schema.Number, b: Schema.optional(Schema.String) })
    expect(RowDecoder.make(S).decodeFields({ a: "1,000" })).toEqual({ a: 1000 })
  })
})

describe("the fast path agrees with the full Schema", () => {
  // cells drawn mostly from valid values, sometimes from almost-valid and wrong ones, sometimes random
  const cell = (valid: ReadonlyArray<string>, invalid: ReadonlyArray<string>) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...valid), weight: 12 },
      { arbitrary: fc.constantFrom(...invalid), weight: 1 },
      { arbitrary: fc.string({ maxLength: 6 }), weight: 1 }
    )
  const row = fc.tuple(
    cell(["GD0001", " GD0002 "], ["GD12", "gd0001", "", "GD00011"]),
    cell(["2022-03-01 09:05:00", "2022/3/1 9:05", "2024-02-29 23:59:59", "2022年3月1日 9时5分", "44621.5"], ["2022-02-29 10:00:00", "", "2022-03-01 24:00:00"]),
    cell(["", "2022-03-02 10:00:00", "NULL", "２０２２－０３－０２ １０：００：００"], ["2022-13-01 00:00:00"]),
    cell(["", "2022-03-05", "2022/3/5", "2022-03-05 00:00:00", "20220305"], ["2022-02-30", "2022-03-05 10:00:00"]),
    cell(["咨询", "求助", "投诉", " 投诉"], ["表扬", ""]),
    cell(["", "0.5", "98.5%", "1"], ["150%", "-1", "1,000", "abc", "NaN"]),
    cell(["1", "１２", "-3", "1,000"], ["1.5", "", "1e400", "(2.5)"]),
    cell(["是", "否", "Y", "1"], ["maybe", ""]),
    cell(["", "note", "  padded  ", "#N/A"], ["\u3000"])
  )
  const slow = (RowDecoder.make(Order, { mapping, fastPath: false }).bind(headers) as RowDecoder.BoundDecoder<unknown>)

  it("accepts and rejects the same rows, with the same values (fuzzed)", () => {
    let accepted = 0
    let rejected = 0
    fc.assert(
      fc.property(row, (cells) => {
        const a = bound.decode(cells)
        const b = slow.decode(cells)
        const aBad = a instanceof RowDecoder.RowProblem
        const bBad = b instanceof RowDecoder.RowProblem
        expect(aBad).toBe(bBad)
        if (!aBad) expect(a).toEqual(b)
        else expect((a as RowDecoder.RowProblem).reason).not.toMatch(/^internal/)
        if (aBad) rejected++
        else accepted++
      }),
      { numRuns: 5000, seed: 20221231 }
    )
    // the corpus exercises both sides
    expect(accepted).toBeGreaterThan(50)
    expect(rejected).toBeGreaterThan(50)
  })
})

describe("the fast path agrees with the full Schema on database cells", () => {
  // a database row: strings, NULLs and numbers (integer and float columns), sometimes not finite
  const dbCell = fc.oneof(
    { arbitrary: fc.constantFrom("GD0001", "2022-03-01 09:05:00", "2022-03-05", "咨询", "0.5", "1", "是", "note", ""), weight: 6 },
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: fc.constantFrom(0, 1, 12, -3, 0.5, 1.5, 2 ** 53, NaN, Infinity, -Infinity), weight: 3 }
  )
  const valid = ["GD0001", "2022-03-01 09:05:00", null, "2022-03-05", "咨询", 0.5, 1, "是", "note"]
  const dbRow = fc.tuple(...valid.map((v) => fc.oneof({ arbitrary: fc.constant(v), weight: 8 }, { arbitrary: dbCell, weight: 1 })))
  const fastDecoder = RowDecoder.make(Order, { mapping }).bind(headers) as RowDecoder.BoundDecoder<unknown>
  const slowDecoder = RowDecoder.make(Order, { mapping, fastPath: false }).bind(headers) as RowDecoder.BoundDecoder<unknown>

  it("takes NULL like an empty cell and a finite number for a number field, as the general decoder does (fuzzed)", () => {
    let accepted = 0
    let rejected = 0
    fc.assert(
      fc.property(dbRow, (cells) => {
        const a = fastDecoder.decode(cells)
        const b = slowDecoder.decode(cells)
        expect(a instanceof RowDecoder.RowProblem).toBe(b instanceof RowDecoder.RowProblem)
        if (a instanceof RowDecoder.RowProblem) {
          rejected++
          expect(a.reason).not.toMatch(/^internal/)
        } else {
          accepted++
          expect(a).toEqual(b)
        }
      }),
      { numRuns: 3000, seed: 20220610 }
    )
    expect(accepted).toBeGreaterThan(50)
    expect(rejected).toBeGreaterThan(50)
    // the fast path itself: NULL in a NullOr field, numbers in number fields
    expect(fastDecoder.decode(["GD0001", "2022-03-01 09:05:00", null, null, "咨询", 0.5, 7, "是", "note"])).toEqual({
      orderId: "GD0001",
      acceptedAt: "2022-03-01 09:05:00",
      dueOn: null,
      category: "咨询",
      rating: 0.5,
      count: 7,
      urgent: true,
      note: "note"
    })
    expect(fastDecoder.decode(["GD0001", "2022-03-01 09:05:00", null, null, "咨询", NaN, 7, "是", "note"])).toBeInstanceOf(RowDecoder.RowProblem)
    expect(fastDecoder.decode(["GD0001", "2022-03-01 09:05:00", null, null, "咨询", 0.5, 1.5, "是", "note"])).toBeInstanceOf(RowDecoder.RowProblem)
  })
})

describe("checks the decoder substitutes for the model's civil dates", () => {
  const S = Schema.Struct({ d: Civil.CivilDate, t: Civil.CivilDateTime })
  // "raw": the cell reaches the check untouched, so the substitute alone decides
  const b = RowDecoder.make(S, { mapping: { d: { field: "d", coerce: "raw" }, t: { field: "t", coerce: "raw" } } }).bind(["d", "t"]) as RowDecoder.BoundDecoder<typeof S.Type>
  const digits = (n: number) => fc.array(fc.constantFrom("0", "1", "2", "3", "9", "x", "٣"), { minLength: n, maxLength: n }).map((a) => a.join(""))
  const date = fc.tuple(fc.oneof(digits(4), fc.constantFrom("2022", "2024", "1900", "2000", "0000", "9999", "2200", "1800", "2400", "0004", "0100")), fc.constantFrom("-", "/"), fc.oneof(digits(2), fc.constantFrom("01", "02", "04", "12", "13")), fc.constantFrom("-", "-", "."), fc.oneof(digits(2), fc.constantFrom("28", "29", "30", "31"))).map((p) => p.join(""))
  const time = fc.tuple(fc.oneof(digits(2), fc.constantFrom("00", "23", "24")), fc.constantFrom(":", ":", "-"), fc.oneof(digits(2), fc.constantFrom("59", "60")), fc.constantFrom(":"), fc.oneof(digits(2), fc.constantFrom("59", "60"))).map((p) => p.join(""))

  it("accept exactly what Civil.isCivilDate and Civil.isCivilDateTime accept (fuzzed)", () => {
    fc.assert(
      fc.property(date, time, fc.constantFrom(" ", "T", "  "), fc.constantFrom("", "", "\n", " "), (d, t, sep, tail) => {
        const dt = d + sep + t + tail
        const r = b.decode([d + tail, dt])
        const expected = Civil.isCivilDate(d + tail) && Civil.isCivilDateTime(dt)
        expect(!(r instanceof RowDecoder.RowProblem)).toBe(expected)
        const onlyDate = b.decode([d, "2022-03-01 00:00:00"])
        expect(!(onlyDate instanceof RowDecoder.RowProblem)).toBe(Civil.isCivilDate(d))
      }),
      { numRuns: 20000, seed: 7 }
    )
  })

  it("keep a schema's own filter when it only borrows the name", () => {
    const Fake = Schema.String.pipe(Schema.filter((s) => s.startsWith("x")), Schema.annotations({ identifier: "CivilDate" }))
    const f = RowDecoder.make(Schema.Struct({ d: Fake })).bind(["d"]) as RowDecoder.BoundDecoder<{ d: string }>
    expect(f.decode(["xyz"])).toEqual({ d: "xyz" })
    expect(f.decode(["2022-03-01"])).toBeInstanceOf(RowDecoder.RowProblem)
  })
})
