import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Generator, Pillars, Records } from "@govplan/pillars"
import * as Urban from "@govplan/pillars/urban"
import { LoadReport, Source } from "@govplan/source"

const cellOf = (v: unknown): string => (v === null || v === undefined ? "" : String(v))

/** Loads rows (objects keyed by field) through the record type's mapping, with the given header. */
const load = (
  record: Records.RecordType<any>,
  rows: Iterable<Readonly<Record<string, unknown>>>,
  options: { readonly header?: ReadonlyArray<string>; readonly cell?: (field: string, v: unknown) => unknown; readonly mapping?: Records.MappingOptions } = {}
) => {
  const header = options.header ?? record.columns.map((c) => c.header)
  const byHeader = new Map<string, string>()
  for (const c of record.columns) for (const h of [c.header, c.field, ...c.aliases]) byHeader.set(h, c.field)
  const raws = function*(): Iterable<Source.RawRow> {
    yield { cells: header, row: 1 }
    let n = 1
    for (const r of rows) {
      n++
      yield {
        row: n,
        cells: header.map((h) => {
          const f = byHeader.get(h) ?? h
          return cellOf(options.cell !== undefined ? options.cell(f, r[f]) : r[f])
        })
      }
    }
  }
  return Source.collect(
    Source.decodeRows(Stream.fromIterable(raws()), { source: record.file, schema: record.schema, mapping: Records.mapping(record, options.mapping) })
  )
}

const hotline = (n: number) => {
  const ctx = Generator.context(Generator.DEFAULT_SEED, 2022, "urban")
  return [...Urban.hotlineOrders({ ...ctx, count: n })]
}

describe("Records.mapping", () => {
  it("maps the header, the field name and every alias to the field, with the column's flags", () => {
    const m = Records.mapping(Urban.HotlineOrder)
    expect(m["结案时间"]).toEqual({ field: "closedAt", required: true })
    expect(m["办结时间"]).toBe(m["结案时间"])
    expect(m["closedAt"]).toBe(m["结案时间"])
    expect(m["工单编号"]).toEqual({ field: "orderId", required: true, allowEmpty: false, key: true })
    expect(m["先行联系"]).toEqual({ field: "firstContact", required: true, codes: ["是", "否", "未评价"], allowEmpty: false })
    expect(m["办理期限"]).toMatchObject({ field: "dueAt", required: false })
    expect(typeof (m["办理期限"] as { derive?: unknown }).derive).toBe("function")
    expect(Records.mapping(Urban.HotlineOrder, { values: { 满意度: { 非常满意: "满意" } } })["满意度"]).toMatchObject({
      values: { 非常满意: "满意" }
    })
  })

  it("every column of every record type has a header; keys and derived fields name real fields", () => {
    for (const p of Pillars.all) {
      for (const r of p.records) {
        const fields = new Set(r.columns.map((c) => c.field))
        for (const k of r.key) expect(fields.has(k), `${r.name}.${k}`).toBe(true)
        for (const d of Object.keys(r.derive)) expect(fields.has(d), `${r.name}.${d}`).toBe(true)
        const names = r.columns.flatMap((c) => [c.header, ...c.aliases])
        expect(new Set(names).size, `${r.name}: a header or alias is used twice`).toBe(names.length)
      }
    }
  })

  it("each formula sheet lists its record types' aliases, code lists, keys and derived columns", () => {
    for (const p of Pillars.all) {
      const sheet = fs.readFileSync(path.join(__dirname, "..", "src", p.key, "README.md"), "utf8")
      for (const r of p.records) {
        const row = sheet.split("\n").filter((l) => l.startsWith(`| \`${r.name}\` |`)).at(-1)
        expect(row, `${p.key}: ${r.name}`).toBeDefined()
        for (const c of r.columns) {
          for (const a of c.aliases) expect(row).toContain(`${a} → ${c.header}`)
          if (c.codes !== undefined) expect(row).toContain(`${c.header}: ${c.codes.join(" / ")}`)
          if (r.key.includes(c.field as never)) expect(row).toContain(c.header)
        }
      }
    }
  })

  it.effect("the seed data of every pillar loads through the mappings with no rejection and no duplicate key", () =>
    Effect.gen(function*() {
      for (const p of Pillars.all) {
        const ctx = Generator.context(Generator.DEFAULT_SEED, 2022, p.key)
        for (const t of p.generate(ctx)) {
          const { report } = yield* load(t.record, t.rows)
          expect(report.rejections, `${t.record.name}`).toEqual([])
          expect(report.duplicateRows, `${t.record.name}`).toEqual([])
          expect(report.accepted, t.record.name).toBe(report.read)
          expect(report.read, t.record.name).toBeGreaterThan(0)
        }
      }
    }), 120_000)

  it.effect("an empty 办理期限 and 办理时限 are derived as the generator computes them (调休 calendar)", () =>
    Effect.gen(function*() {
      const orders = hotline(400)
      const { records, report } = yield* load(Urban.HotlineOrder, orders, {
        cell: (f, v) => (f === "dueAt" || f === "limitDays" ? "" : v)
      })
      expect(report).toMatchObject({ read: 400, accepted: 400, rejected: 0 })
      expect(records.map((r) => [r.limitDays, r.dueAt])).toEqual(orders.map((o) => [o.limitDays, o.dueAt]))
    }))

  it.effect("an export without the 办理期限 and 办理时限 columns loads, with them derived", () =>
    Effect.gen(function*() {
      const orders = hotline(50)
      const header = Urban.HotlineOrder.columns.map((c) => c.header).filter((h) => h !== "办理期限" && h !== "办理时限(工作日)")
      const { records, report } = yield* load(Urban.HotlineOrder, orders, { header })
      expect(report).toMatchObject({ read: 50, accepted: 50, ignoredColumns: [] })
      expect(records.map((r) => r.dueAt)).toEqual(orders.map((o) => o.dueAt))
      // 2022-09-30 投诉: National Day week off, 10-08 and 10-09 are 调休 working days
      expect(Urban.HotlineOrder.derive.dueAt!({ acceptedAt: "2022-09-30 10:00:00", category: "投诉", complex: "否" })).toBe("2022-10-12 23:59:59")
    }))

  it.effect("办结时间 is accepted for 结案时间; a header with neither fails naming both and the headers found", () =>
    Effect.gen(function*() {
      const orders = hotline(5)
      const renamed = Urban.HotlineOrder.columns.map((c) => (c.header === "结案时间" ? "办结时间" : c.header))
      const ok = yield* load(Urban.HotlineOrder, orders, { header: renamed })
      expect(ok.records.map((r) => r.closedAt)).toEqual(orders.map((o) => o.closedAt))
      const without = Urban.HotlineOrder.columns.map((c) => c.header).filter((h) => h !== "结案时间" && h !== "受理时间")
      const error = yield* Effect.flip(load(Urban.HotlineOrder, orders, { header: without }))
      expect(error.reason).toBe("Header")
      expect(error.message).toContain("missing required columns \"受理时间\" or \"acceptedAt\" or \"登记时间\" (acceptedAt), \"结案时间\" or \"closedAt\" or \"办结时间\" (closedAt)")
      expect(error.message).toContain("the header has \"工单编号\", \"来源渠道\"")
    }))

  it.effect("a code outside the list, an empty 工单编号 and a repeated 工单编号 are rejected or counted; read reconciles", () =>
    Effect.gen(function*() {
      const base = hotline(6)
      const hotlineFirstId = base[0]!.orderId
      const orders = base.map((o, i) =>
        i === 1 ? { ...o, firstContact: "Y" } : i === 2 ? { ...o, rating: "非常满意" } : i === 3 ? { ...o, orderId: "" } : i === 4 ? { ...o, orderId: hotlineFirstId } : o
      )
      const { report } = yield* load(Urban.HotlineOrder, orders)
      expect(report).toMatchObject({ read: 6, accepted: 2, rejected: 3, duplicates: 1 })
      expect(LoadReport.reconciles(report)).toBe(true)
      expect(report.rejections.map((r) => [r.row, r.column, r.reason])).toEqual([
        [3, "先行联系", "\"Y\" is not an allowed value; allowed: 是, 否, 未评价"],
        [4, "满意度", "\"非常满意\" is not an allowed value; allowed: 满意, 基本满意, 一般, 不满意"],
        [5, "工单编号", "a value is required, the cell is empty"]
      ])
      expect(report.duplicateRows[0]).toMatchObject({ row: 6, column: "工单编号", value: hotlineFirstId })
      const lenient = yield* load(Urban.HotlineOrder, orders, { mapping: { values: { 满意度: { 非常满意: "满意" } } } })
      expect(lenient.report).toMatchObject({ accepted: 3, rejected: 2, duplicates: 1 })
    }))
})
