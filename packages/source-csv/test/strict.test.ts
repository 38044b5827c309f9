/**
 * Strict CSV loading, table-driven: missing and renamed columns, ignored columns, code lists, empty
 * required text, duplicate keys and derived fields, each asserting the error text or the counts
 * (read = accepted + rejected + duplicates).
 */
import { type ColumnMapping, LoadReport, type SourceError } from "@govplan/source"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CsvSource } from "../src/index.js"

const Order = Schema.Struct({
  orderId: Schema.String,
  acceptedAt: Schema.String,
  closedAt: Schema.NullOr(Schema.String),
  firstContact: Schema.String,
  dueAt: Schema.String
})

const mapping: ColumnMapping.ColumnMapping = {
  工单编号: { field: "orderId", key: true, allowEmpty: false, required: true },
  受理时间: { field: "acceptedAt", required: true },
  结案时间: { field: "closedAt", required: true },
  办结时间: { field: "closedAt", required: true },
  先行联系: { field: "firstContact", codes: ["是", "否", "未评价"], allowEmpty: false },
  办理期限: { field: "dueAt", required: false, derive: (r) => (typeof r.acceptedAt === "string" ? r.acceptedAt.slice(0, 10) + " 23:59:59" : undefined) }
}

const H = "工单编号,受理时间,结案时间,先行联系,办理期限"

const load = async (text: string, options: Partial<CsvSource.CsvOptions<typeof Order.Type, typeof Order.Encoded>> = {}) => {
  try {
    const r = await CsvSource.loadPromise({ text }, { schema: Order, mapping, name: "12345工单.csv", ...options })
    expect(LoadReport.reconciles(r.report)).toBe(true)
    return { ...r, error: undefined }
  } catch (e) {
    return { records: [], report: undefined, error: e as SourceError.SourceError }
  }
}

type Case = readonly [string, string, Partial<CsvSource.CsvOptions<any, any>>, (r: Awaited<ReturnType<typeof load>>) => void]

const cases: ReadonlyArray<Case> = [
  ["a header a,b,c fails naming every missing column and the header", "a,b,c\n1,2,3\n", {}, (r) => {
    expect(r.error?.reason).toBe("Header")
    expect(r.error?.message).toBe(
      "12345工单.csv: row 1, column \"工单编号\": missing required columns \"工单编号\" (orderId), \"受理时间\" (acceptedAt), \"结案时间\" or \"办结时间\" (closedAt), \"先行联系\" (firstContact); the header has \"a\", \"b\", \"c\" [Header]"
    )
  }],
  ["no 受理时间 column fails", "工单编号,结案时间,先行联系\nA1,,是\n", {}, (r) => {
    expect(r.error?.message).toContain("missing required column \"受理时间\" (acceptedAt); the header has \"工单编号\", \"结案时间\", \"先行联系\"")
  }],
  ["结案时间 renamed 办结时间 is accepted (an alias)", "工单编号,受理时间,办结时间,先行联系\nA1,2022-03-01 09:00:00,2022-03-02 10:00:00,是\n", {}, (r) => {
    expect(r.records[0]).toMatchObject({ closedAt: "2022-03-02 10:00:00" })
  }],
  ["both 结案时间 and 办结时间 is a Header error", "工单编号,受理时间,结案时间,办结时间,先行联系\nA1,2022-03-01 09:00:00,,,是\n", {}, (r) => {
    expect(r.error?.message).toContain("both map to field closedAt; keep one")
  }],
  ["columns nothing uses are listed as ignored", `${H},来电号码,备注\nA1,2022-03-01 09:00:00,,是,,13800000000,x\n`, {}, (r) => {
    expect(r.report).toMatchObject({ read: 1, accepted: 1, ignoredColumns: ["来电号码", "备注"] })
    expect(LoadReport.format(r.report!)).toContain("ignored columns: 来电号码, 备注")
  }],
  ["先行联系 Y is rejected with the allowed values", `${H}\nA1,2022-03-01 09:00:00,,Y,\nA2,2022-03-01 09:00:00,,否,\n`, {}, (r) => {
    expect(r.report).toMatchObject({ read: 2, accepted: 1, rejected: 1 })
    expect(r.report!.rejections[0]).toMatchObject({ row: 2, column: "先行联系", value: "Y", reason: "\"Y\" is not an allowed value; allowed: 是, 否, 未评价" })
  }],
  ["an empty 工单编号 is rejected", `${H}\n,2022-03-01 09:00:00,,是,\n`, {}, (r) => {
    expect(r.report).toMatchObject({ read: 1, accepted: 0, rejected: 1 })
    expect(r.report!.rejections[0]).toMatchObject({ row: 2, column: "工单编号", reason: "a value is required, the cell is empty" })
  }],
  ["the same 工单编号 twice: the later row is a duplicate, counted", `${H}\nA1,2022-03-01 09:00:00,,是,\nA1,2022-03-02 09:00:00,,否,\nA2,2022-03-01 09:00:00,,是,\n`, {}, (r) => {
    expect(r.report).toMatchObject({ read: 3, accepted: 2, rejected: 0, duplicates: 1 })
    expect(r.report!.duplicateRows[0]!.reason).toBe("duplicate key 工单编号 = \"A1\", first seen at row 2; row left out")
  }],
  ["duplicates: keep keeps both with a warning", `${H}\nA1,2022-03-01 09:00:00,,是,\nA1,2022-03-02 09:00:00,,否,\n`, { duplicates: "keep" }, (r) => {
    expect(r.report).toMatchObject({ read: 2, accepted: 2, duplicates: 0 })
    expect(r.report!.duplicateRows[0]!.reason).toContain("kept (duplicates: keep)")
  }],
  ["an empty 办理期限 is derived", `${H}\nA1,2022-03-01 09:00:00,,是,\n`, {}, (r) => {
    expect(r.records[0]).toMatchObject({ dueAt: "2022-03-01 23:59:59" })
  }],
  ["no 办理期限 column: derived for every row", "工单编号,受理时间,结案时间,先行联系\nA1,2022-03-01 09:00:00,,是\nA2,2022-03-05 09:00:00,,否\n", {}, (r) => {
    expect(r.records.map((x) => x.dueAt)).toEqual(["2022-03-01 23:59:59", "2022-03-05 23:59:59"])
    expect(r.report!.ignoredColumns).toEqual([])
  }]
]

describe("strict CSV loading (table)", () => {
  for (const [name, text, options, check] of cases) it(name, async () => check(await load(text, options)))
})
