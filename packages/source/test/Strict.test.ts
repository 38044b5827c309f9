import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Schema, Stream } from "effect"
import { Civil } from "@govplan/model"
import { type ColumnMapping, ErrorPolicy, LoadReport, RowDecoder, Source } from "@govplan/source"

// A small order record: a key, a coded required field, a coded nullable field, a derived due time.
const Order = Schema.Struct({
  orderId: Schema.String,
  acceptedAt: Civil.CivilDateTime,
  firstContact: Schema.String,
  rating: Schema.NullOr(Schema.String),
  dueAt: Civil.CivilDateTime
})
type Order = typeof Order.Type

const due = (r: Readonly<Record<string, unknown>>): unknown =>
  typeof r.acceptedAt === "string" ? `${r.acceptedAt.slice(0, 10)} 23:59:59` : undefined

const mapping: ColumnMapping.ColumnMapping = {
  工单编号: { field: "orderId", key: true, allowEmpty: false },
  受理时间: "acceptedAt",
  先行联系: { field: "firstContact", codes: ["是", "否", "未评价"], allowEmpty: false },
  满意度: { field: "rating", codes: ["满意", "基本满意", "一般", "不满意"] },
  办理期限: { field: "dueAt", required: false, derive: due }
}

const HEADER = ["工单编号", "受理时间", "先行联系", "满意度", "办理期限"]

const run = (
  rows: ReadonlyArray<ReadonlyArray<string>>,
  options: Partial<Source.DecodeOptions<Order, typeof Order.Encoded>> = {},
  header: ReadonlyArray<string> = HEADER
) =>
  Effect.gen(function*() {
    const raw: Array<Source.RawRow> = [{ cells: header, row: 1 }, ...rows.map((cells, i) => ({ cells, row: i + 2 }))]
    const load = Source.decodeRows(Stream.fromIterable(raw), { source: "orders.csv", schema: Order, mapping, ...options })
    const exit = yield* Effect.exit(Source.collect(load))
    const report = yield* load.report
    return { exit, report }
  })

const ok = (id: string, extra: Partial<Record<"fc" | "rating" | "due", string>> = {}): Array<string> => [
  id,
  "2022-03-01 09:00:00",
  extra.fc ?? "是",
  extra.rating ?? "满意",
  extra.due ?? "2022-03-08 23:59:59"
]

describe("coded fields, empty required text, derived fields and duplicate keys", () => {
  it.effect.each([
    ["先行联系 Y", ok("A1", { fc: "Y" }), "先行联系", "\"Y\" is not an allowed value; allowed: 是, 否, 未评价"],
    ["满意度 非常满意", ok("A1", { rating: "非常满意" }), "满意度", "\"非常满意\" is not an allowed value; allowed: 满意, 基本满意, 一般, 不满意"],
    ["empty 工单编号", ["", "2022-03-01 09:00:00", "是", "", ""], "工单编号", "a value is required, the cell is empty"],
    ["blank 工单编号", ["  ", "2022-03-01 09:00:00", "是", "", ""], "工单编号", "a value is required, the cell is empty"],
    ["empty 先行联系", ["A1", "2022-03-01 09:00:00", "", "", ""], "先行联系", "a value is required, the cell is empty"],
    ["办理期限 bad and present", ok("A1", { due: "明天" }), "办理期限", "not a date (expected e.g. 2022-03-01"]
  ] as const)("%s is rejected naming the column and the allowed values", ([, row, column, reason]) =>
    Effect.gen(function*() {
      const { exit, report } = yield* run([ok("A0"), row])
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(report).toMatchObject({ read: 2, accepted: 1, rejected: 1, duplicates: 0 })
      expect(report.rejections[0]).toMatchObject({ row: 3, column })
      expect(report.rejections[0]!.reason).toContain(reason)
      expect(LoadReport.reconciles(report)).toBe(true)
    }))

  it.effect("a coded value is accepted trimmed, full-width folded, and through a configured alias table only", () =>
    Effect.gen(function*() {
      const strict = yield* run([ok("A1", { rating: " 满意 " }), ok("A2", { rating: "非常满意" })])
      expect(strict.report).toMatchObject({ accepted: 1, rejected: 1 })
      const aliased: ColumnMapping.ColumnMapping = {
        ...mapping,
        满意度: { field: "rating", codes: ["满意", "基本满意", "一般", "不满意"], values: { 非常满意: "满意" } }
      }
      const { exit, report } = yield* run([ok("A1", { rating: "非常满意" }), ok("A2", { rating: "很好" })], { mapping: aliased })
      expect(report).toMatchObject({ read: 2, accepted: 1, rejected: 1 })
      expect(report.rejections[0]!.reason).toContain("accepted aliases: 非常满意→满意")
      if (Exit.isSuccess(exit)) expect(exit.value.records[0]!.rating).toBe("满意")
      else expect.fail("the load failed")
    }))

  it.effect("an empty nullable coded cell is null, not a code error", () =>
    Effect.gen(function*() {
      const { exit } = yield* run([ok("A1", { rating: "" })])
      expect(Exit.isSuccess(exit) && exit.value.records[0]!.rating).toBeNull()
    }))

  it.effect("an empty 办理期限 is derived from the row; a given one is kept", () =>
    Effect.gen(function*() {
      const { exit, report } = yield* run([ok("A1", { due: "" }), ok("A2", { due: "2022-04-01 23:59:59" })])
      expect(report).toMatchObject({ read: 2, accepted: 2, rejected: 0 })
      if (!Exit.isSuccess(exit)) return expect.fail("the load failed")
      expect(exit.value.records.map((r) => r.dueAt)).toEqual(["2022-03-01 23:59:59", "2022-04-01 23:59:59"])
    }))

  it.effect("an absent 办理期限 column is derived for every row and is not a missing column", () =>
    Effect.gen(function*() {
      const header = HEADER.slice(0, 4)
      const { exit, report } = yield* run([ok("A1").slice(0, 4), ["A2", "2022/3/2 9:00", "否", ""]], {}, header)
      expect(report).toMatchObject({ read: 2, accepted: 2, ignoredColumns: [] })
      if (!Exit.isSuccess(exit)) return expect.fail("the load failed")
      expect(exit.value.records.map((r) => r.dueAt)).toEqual(["2022-03-01 23:59:59", "2022-03-02 23:59:59"])
    }))

  it.effect("a derivation that cannot compute rejects the row with why", () =>
    Effect.gen(function*() {
      const never: ColumnMapping.ColumnMapping = { ...mapping, 办理期限: { field: "dueAt", required: false, derive: () => undefined } }
      const { report } = yield* run([ok("A1", { due: "" })], { mapping: never })
      expect(report).toMatchObject({ read: 1, accepted: 0, rejected: 1 })
      expect(report.rejections[0]).toMatchObject({ column: "办理期限", field: "dueAt" })
      expect(report.rejections[0]!.reason).toBe("the value is empty and cannot be derived from the row's other columns")
    }))

  it.effect("a derived value the schema refuses is rejected", () =>
    Effect.gen(function*() {
      const wrong: ColumnMapping.ColumnMapping = { ...mapping, 办理期限: { field: "dueAt", required: false, derive: () => "soon" } }
      const { report } = yield* run([ok("A1", { due: "" })], { mapping: wrong })
      expect(report).toMatchObject({ read: 1, accepted: 0, rejected: 1 })
      expect(report.rejections[0]!.field).toBe("dueAt")
    }))

  it.effect("a repeated key is left out by default, counted, and named with the first row", () =>
    Effect.gen(function*() {
      const { exit, report } = yield* run([ok("A1"), ok("A2"), ok("A1", { fc: "否" }), ok(" A2 ")])
      expect(report).toMatchObject({ read: 4, accepted: 2, rejected: 0, duplicates: 2 })
      expect(LoadReport.reconciles(report)).toBe(true)
      expect(report.duplicateRows.map((r) => [r.row, r.column, r.value])).toEqual([[4, "工单编号", "A1"], [5, "工单编号", "A2"]])
      expect(report.duplicateRows[0]!.reason).toBe("duplicate key 工单编号 = \"A1\", first seen at row 2; row left out")
      expect(Exit.isSuccess(exit) && exit.value.records.map((r) => r.firstContact)).toEqual(["是", "是"])
      expect(LoadReport.format(report)).toContain("duplicates 2")
    }))

  it.effect("duplicates: keep accepts both and warns", () =>
    Effect.gen(function*() {
      const { report } = yield* run([ok("A1"), ok("A1")], { duplicates: "keep" })
      expect(report).toMatchObject({ read: 2, accepted: 2, duplicates: 0 })
      expect(report.duplicateRows[0]!.reason).toContain("kept (duplicates: keep)")
    }))

  it.effect("a rejected row does not claim its key; the later good row is accepted", () =>
    Effect.gen(function*() {
      const { report } = yield* run([ok("A1", { fc: "Y" }), ok("A1")])
      expect(report).toMatchObject({ read: 2, accepted: 1, rejected: 1, duplicates: 0 })
    }))

  it.effect("a duplicate under fail-fast fails the load", () =>
    Effect.gen(function*() {
      const { exit, report } = yield* run([ok("A1"), ok("A1")], { policy: ErrorPolicy.failFast })
      expect(Exit.isFailure(exit)).toBe(true)
      expect(String(exit)).toContain("duplicate key 工单编号")
      expect(report).toMatchObject({ read: 2, accepted: 1, duplicates: 1, complete: false })
    }))

  it.effect("idColumns: a record id (CKAN _id) repeated is a duplicate even when the record type has no key", () =>
    Effect.gen(function*() {
      const plain: ColumnMapping.ColumnMapping = { ...mapping, 工单编号: "orderId" }
      const header = ["_id", ...HEADER]
      const { report } = yield* run([["1", ...ok("A1")], ["2", ...ok("A2")], ["1", ...ok("A1")]], { mapping: plain, idColumns: ["_id"] }, header)
      expect(report).toMatchObject({ read: 3, accepted: 2, duplicates: 1, ignoredColumns: ["_id"] })
      expect(report.duplicateRows[0]!.reason).toContain("duplicate key _id = \"1\"")
    }))

  it.effect("warnings of the driver reach the report", () =>
    Effect.gen(function*() {
      const { report } = yield* run([ok("A1")], { warnings: () => ["total 5, delivered 1"] })
      expect(report.warnings).toEqual(["total 5, delivered 1"])
      expect(LoadReport.format(report)).toContain("warning: total 5, delivered 1")
    }))

  it("a missing required column names every missing column and the headers found", () => {
    const bound = RowDecoder.make(Order, { mapping }).bind(["工单编号", "满意度", "a"])
    expect(bound).toBeInstanceOf(RowDecoder.BindProblem)
    expect((bound as RowDecoder.BindProblem).detail).toBe(
      "missing required columns \"受理时间\" (acceptedAt), \"先行联系\" (firstContact); the header has \"工单编号\", \"满意度\", \"a\""
    )
  })

  it.effect("a missing required column fails the load with a Header SourceError naming the source", () =>
    Effect.gen(function*() {
      const { exit, report } = yield* run([["x", "y", "z"]], {}, ["a", "b", "c"])
      expect(Exit.isFailure(exit)).toBe(true)
      const error = Exit.isFailure(exit) ? exit.cause : undefined
      expect(String(error)).toContain("orders.csv: row 1, column \"工单编号\": missing required columns")
      expect(String(error)).toContain("the header has \"a\", \"b\", \"c\"")
      expect(report).toMatchObject({ read: 0, complete: false })
    }))

  it("the fast path and the general path agree on coded cells", () => {
    const d = RowDecoder.make(Order, { mapping })
    const b = d.bind(HEADER) as RowDecoder.BoundDecoder<Order>
    expect(b.keyColumns).toEqual([[0, "工单编号"]])
    expect(b.decode(ok("A1"))).toEqual({
      orderId: "A1",
      acceptedAt: "2022-03-01 09:00:00",
      firstContact: "是",
      rating: "满意",
      dueAt: "2022-03-08 23:59:59"
    })
    expect(b.decode(ok("A1", { fc: "是 " }))).toMatchObject({ firstContact: "是" })
    expect(b.decode(ok("A1", { fc: "Ｙ" }))).toBeInstanceOf(RowDecoder.RowProblem)
  })
})
