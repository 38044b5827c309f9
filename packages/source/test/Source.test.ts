import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Exit, Schema, Stream } from "effect"
import { Civil } from "@govplan/model"
import { ColumnMapping, ErrorPolicy, LoadReport, Source, SourceError } from "@govplan/source"

const Order = Schema.Struct({ orderId: Schema.String, acceptedAt: Civil.CivilDateTime, rating: Schema.optional(Schema.Number) })
const mapping = { 工单编号: "orderId", 受理时间: "acceptedAt", 满意度: "rating" }
const header: Source.RawRow = { cells: ["工单编号", "受理时间", "满意度"], row: 1 }
const good = (n: number): Source.RawRow => ({ cells: [`A${n}`, "2022/3/1 9:05", "90%"], row: n })
const bad = (n: number): Source.RawRow => ({ cells: [`A${n}`, "2022/2/30", ""], row: n })

const load = (rows: ReadonlyArray<Source.RawRow>, options: Partial<Source.DecodeOptions<typeof Order.Type, typeof Order.Encoded>> = {}) =>
  Source.decodeRows(Stream.fromIterable(rows), { source: "orders.csv", schema: Order, mapping, ...options })

const badRejection = (n: number): LoadReport.Rejection => ({
  source: "orders.csv",
  row: n,
  column: "受理时间",
  field: "acceptedAt",
  value: "2022/2/30",
  reason: "no such day 2022-2-30: \"2022/2/30\""
})

describe("Source.decodeRows", () => {
  it.effect("streams records and reports read = accepted + rejected with exact rejections", () =>
    Effect.gen(function*() {
      const l = load([header, good(2), bad(3), good(4), { cells: ["", "", ""], row: 5 }, bad(6)])
      const { records, report } = yield* Source.collect(l)
      expect(records.map((r) => r.orderId)).toEqual(["A2", "A4"])
      expect(records[0]).toEqual({ orderId: "A2", acceptedAt: "2022-03-01 09:05:00", rating: 0.9 })
      expect(report).toEqual({
        source: "orders.csv",
        read: 4,
        accepted: 2,
        rejected: 2,
        rejections: [badRejection(3), badRejection(6)],
        complete: true,
        ignoredColumns: [],
        duplicates: 0,
        duplicateRows: [],
        warnings: []
      })
    }))

  it.effect("skipBlankRows: false decodes an all-empty row as a record (a database row of NULLs), counted", () =>
    Effect.gen(function*() {
      const { records, report } = yield* Source.collect(load([header, good(2), { cells: [null, null, null], row: 3 }], { skipBlankRows: false }))
      expect(records.map((r) => r.orderId)).toEqual(["A2"])
      expect(report).toMatchObject({ read: 2, accepted: 1, rejected: 1 })
      expect(report.rejections[0]).toMatchObject({ source: "orders.csv", row: 3 })
    }))

  it.effect("fail-fast stops at the first bad row, after emitting the rows before it, and still reports", () =>
    Effect.gen(function*() {
      const l = load([header, good(2), bad(3), good(4)], { policy: ErrorPolicy.failFast })
      const seen: Array<string> = []
      const exit = yield* Stream.runForEach(l.records, (r) => Effect.sync(() => seen.push(r.orderId))).pipe(Effect.exit)
      expect(seen).toEqual(["A2"])
      expect(Exit.isFailure(exit)).toBe(true)
      const e = yield* Effect.flip(Stream.runDrain(load([header, good(2), bad(3)], { policy: ErrorPolicy.failFast }).records))
      expect(e).toBeInstanceOf(SourceError.SourceError)
      expect(e.reason).toBe("Decode")
      expect(e.row).toBe(3)
      expect(e.column).toBe("受理时间")
      expect(e.message).toBe(
        "orders.csv: row 3, column \"受理时间\" (acceptedAt), value \"2022/2/30\": no such day 2022-2-30: \"2022/2/30\" [Decode]"
      )
      const report = yield* l.report
      expect(report).toMatchObject({ read: 2, accepted: 1, rejected: 1, complete: false })
    }))

  it.effect("collect({ max }) fails with TooManyRejections naming the count, keeping exact counts", () =>
    Effect.gen(function*() {
      const rows = [header, bad(2), good(3), bad(4), bad(5), good(6)]
      const l = load(rows, { policy: ErrorPolicy.collect({ max: 2 }) })
      const e = yield* Effect.flip(Stream.runDrain(l.records))
      expect(e.reason).toBe("TooManyRejections")
      expect(e.row).toBe(5)
      expect(e.detail).toMatch(/^3 rows rejected, more than the 2 allowed; the first: no such day/)
      const report = yield* l.report
      expect(report).toMatchObject({ read: 4, accepted: 1, rejected: 3, complete: false })
      expect(report.rejections.map((r) => r.row)).toEqual([2, 4])
    }))

  it.effect("collect({ keep }) caps the list, never the counts", () =>
    Effect.gen(function*() {
      const rows = [header, ...Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? bad(i + 2) : good(i + 2)))]
      const { report } = yield* Source.collect(load(rows, { policy: ErrorPolicy.collect({ keep: 3 }) }))
      expect(report).toMatchObject({ read: 50, accepted: 25, rejected: 25 })
      expect(report.rejections.map((r) => r.row)).toEqual([2, 4, 6])
      expect(LoadReport.format(report).split("\n").slice(-1)[0]).toBe("  … and 22 more rejections")
    }))

  it.effect("fails with Header for missing columns, naming them", () =>
    Effect.gen(function*() {
      const e = yield* Effect.flip(Stream.runDrain(load([{ cells: ["工单编号"], row: 1 }, good(2)]).records))
      expect(e.reason).toBe("Header")
      expect(e.row).toBe(1)
      expect(e.message).toBe(
        "orders.csv: row 1, column \"受理时间\": missing required column \"受理时间\" (acceptedAt); the header has \"工单编号\" [Header]"
      )
    }))

  it.effect("an empty source has no header", () =>
    Effect.gen(function*() {
      const l = load([])
      const e = yield* Effect.flip(Stream.runDrain(l.records))
      expect(e.reason).toBe("Header")
      expect(e.detail).toBe("the source is empty: no header row")
      expect(yield* l.report).toMatchObject({ read: 0, accepted: 0, rejected: 0, complete: false })
    }))

  it.effect("a header-only source loads nothing, completely", () =>
    Effect.gen(function*() {
      const { records, report } = yield* Source.collect(load([header]))
      expect(records).toEqual([])
      expect(report).toMatchObject({ read: 0, accepted: 0, rejected: 0, complete: true })
    }))

  it.effect("rejects a repeated header row and a driver's problem row", () =>
    Effect.gen(function*() {
      const rows = [header, good(2), { ...header, row: 3 }, { cells: ["A4", "x", ""], row: 4, problem: { reason: "bytes that are not valid UTF-8", column: "受理时间", value: "\uFFFD" } }, good(5)]
      const { report } = yield* Source.collect(load(rows))
      expect(report.rejections).toEqual([
        { source: "orders.csv", row: 3, value: "工单编号,受理时间,满意度", reason: "the header row repeats here (were two files joined?)" },
        { source: "orders.csv", row: 4, column: "受理时间", value: "\uFFFD", reason: "bytes that are not valid UTF-8" }
      ])
      expect(report).toMatchObject({ read: 4, accepted: 2, rejected: 2 })
    }))

  it.effect("takes headers up front and positions by page and index", () =>
    Effect.gen(function*() {
      const l = Source.decodeRows(
        Stream.make({ cells: ["A1", "2022-03-01 09:00:00", 0.5], page: 1, index: 0 }, { cells: ["A2", "bad", null], page: 1, index: 1 }),
        { source: "https://api/orders", schema: Order, headers: ["orderId", "acceptedAt", "rating"] }
      )
      const { records, report } = yield* Source.collect(l)
      expect(records).toEqual([{ orderId: "A1", acceptedAt: "2022-03-01 09:00:00", rating: 0.5 }])
      expect(report.rejections[0]).toMatchObject({ page: 1, index: 1, column: "acceptedAt", value: "bad" })
    }))

  it.effect("fails with Config for a schema that is not a struct", () =>
    Effect.gen(function*() {
      const l = Source.decodeRows(Stream.make(header), { source: "x", schema: Schema.String as unknown as typeof Order })
      const e = yield* Effect.flip(Stream.runDrain(l.records))
      expect(e.reason).toBe("Config")
    }))

  it.effect("a failing upstream ends the load with its error and an incomplete report", () =>
    Effect.gen(function*() {
      const io = new SourceError.SourceError({ reason: "Io", source: "orders.csv", detail: "disk gone" })
      const l = Source.decodeRows(Stream.concat(Stream.make(header, good(2)), Stream.fail(io)), { source: "orders.csv", schema: Order, mapping })
      const r = yield* Effect.either(Source.collect(l))
      expect(Either.isLeft(r) && r.left).toBe(io)
      expect(yield* l.report).toMatchObject({ read: 1, accepted: 1, complete: false })
    }))

  it.effect("folds in one pass", () =>
    Effect.gen(function*() {
      const { report, state } = yield* Source.fold(load([header, good(2), good(3), bad(4)]), 0, (n, r) => n + (r.rating ?? 0))
      expect(state).toBeCloseTo(1.8)
      expect(report.accepted).toBe(2)
    }))

  it.effect("processes chunks as they come", () =>
    Effect.gen(function*() {
      const rows = Stream.fromChunks(Chunk.make(header, good(2)), Chunk.make(bad(3), good(4)))
      const l = Source.decodeRows(rows, { source: "orders.csv", schema: Order, mapping })
      const n = yield* Stream.runCount(l.records)
      expect(n).toBe(2)
    }))
})

describe("Promise facades", () => {
  it("loadAll", async () => {
    const { records, report } = await Source.loadAll(load([header, good(2), bad(3)]))
    expect(records).toHaveLength(1)
    expect(report.rejected).toBe(1)
  })

  it("loadAll rejects with the SourceError", async () => {
    await expect(Source.loadAll(load([header, bad(2)], { policy: ErrorPolicy.failFast }))).rejects.toMatchObject({
      _tag: "SourceError",
      reason: "Decode",
      row: 2
    })
  })

  it("iterate", async () => {
    const it = Source.iterate(load([header, good(2), bad(3), good(4)]))
    const ids: Array<string> = []
    for await (const r of it) ids.push(r.orderId)
    expect(ids).toEqual(["A2", "A4"])
    expect(await it.report).toMatchObject({ read: 3, accepted: 2, rejected: 1, complete: true })
  })
})

describe("ErrorPolicy", () => {
  it("validates its options", () => {
    expect(() => ErrorPolicy.collect({ max: -1 })).toThrow(RangeError)
    expect(ErrorPolicy.collect({ max: 5 })).toEqual({ _tag: "Collect", max: 5, keep: 5 })
    expect(ErrorPolicy.collect()).toEqual({ _tag: "Collect", max: Number.POSITIVE_INFINITY, keep: 1000 })
  })
})

describe("iterate failures", () => {
  it("throws the SourceError itself from the loop", async () => {
    const it = Source.iterate(load([header, good(2), bad(3)], { policy: ErrorPolicy.failFast }))
    const seen: Array<string> = []
    let caught: unknown
    try {
      for await (const r of it) seen.push(r.orderId)
    } catch (e) {
      caught = e
    }
    expect(seen).toEqual(["A2"])
    expect(caught).toBeInstanceOf(SourceError.SourceError)
    expect(caught).toMatchObject({ reason: "Decode", row: 3 })
    expect(await it.report).toMatchObject({ read: 2, rejected: 1, complete: false })
  })

  it("stops reading when the loop breaks", async () => {
    const it = Source.iterate(load([header, good(2), good(3), good(4)]))
    for await (const r of it) {
      expect(r.orderId).toBe("A2")
      break
    }
    expect((await it.report).complete).toBe(false)
  })
})

describe("ColumnMapping.expectedColumns", () => {
  it("each field's first mapped column, else the field, then the mapping's other columns, once each", () => {
    expect(ColumnMapping.expectedColumns(Order, mapping)).toEqual(["工单编号", "受理时间", "满意度"])
    expect(ColumnMapping.expectedColumns(Order, undefined)).toEqual(["orderId", "acceptedAt", "rating"])
    expect(ColumnMapping.expectedColumns(Order, { 编号: "orderId", 工单号: { field: "orderId" }, 备注: "note" })).toEqual(["编号", "acceptedAt", "rating", "备注"])
    // not a struct: only the mapping's columns
    expect(ColumnMapping.expectedColumns(Schema.String, { a: "x" })).toEqual(["a"])
  })
})
