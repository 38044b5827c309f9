import * as fs from "node:fs"
import * as path from "node:path"
import { Effect, Schema, Stream } from "effect"
import ExcelJS from "exceljs"
import { afterAll, describe, expect, it } from "vitest"
import { Kpi } from "@govplan/kpi"
import { Civil, Period } from "@govplan/model"
import { Generator } from "@govplan/pillars"
import * as Urban from "@govplan/pillars/urban"
import { ErrorPolicy, LoadReport, type SourceError } from "@govplan/source"
import { CsvSource } from "@govplan/source-csv"
import { XlsxSource } from "@govplan/source-xlsx"
import { book, haveSoffice, row, sheetXml, sofficeConvert, STYLE, tmpdir, zip } from "./fixtures.js"

const Order = Schema.Struct({
  orderId: Schema.String,
  acceptedAt: Civil.CivilDateTime,
  category: Schema.String,
  limitDays: Schema.Number,
  rating: Schema.NullOr(Schema.String)
})
const mapping = { 工单编号: "orderId", 受理时间: "acceptedAt", 诉求类型: "category", 办理时限: "limitDays", 满意度: "rating" }
const HEAD = ["工单编号", "受理时间", "诉求类型", "办理时限", "满意度"]

const dirs: Array<string> = []
const tmp = (label: string) => {
  const d = tmpdir(label)
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const load = (input: Uint8Array | string, options: Partial<XlsxSource.XlsxOptions<typeof Order.Type, typeof Order.Encoded>> = {}) =>
  XlsxSource.loadPromise(input, { schema: Order, mapping, name: "台账.xlsx", ...options })

const failure = async (p: Promise<unknown>): Promise<SourceError.SourceError> => {
  try {
    await p
  } catch (e) {
    return e as SourceError.SourceError
  }
  throw new Error("expected the load to fail")
}

const writeExcel = async (build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> => {
  const wb = new ExcelJS.Workbook()
  build(wb)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

/** exceljs writes a JS Date as the serial of its UTC time. */
const utc = (s: string) => new Date(s.replace(" ", "T") + "Z")

describe("layouts (written by exceljs as an office would)", () => {
  it("title rows above the header, dates by their number format, shared strings, numbers stored as text", async () => {
    const bytes = await writeExcel((wb) => {
      const ws = wb.addWorksheet("12345工单")
      ws.addRow(["长寿路街道2022年12345工单台账"])
      ws.mergeCells("A1:E1")
      ws.addRow(["制表单位：长寿路街道城运中心", null, null, "2022年12月"])
      ws.addRow(HEAD)
      ws.addRow(["GD001", utc("2022-03-01 08:30:00"), "投诉", 5, "满意"])
      ws.addRow(["GD002", utc("2022-03-02 14:05:09"), "咨询", "1", null]) // 1 stored as text
      for (const r of [4, 5]) ws.getRow(r).getCell(2).numFmt = "yyyy-mm-dd hh:mm:ss"
    })
    const { records, report } = await load(bytes)
    expect(records).toEqual([
      { orderId: "GD001", acceptedAt: "2022-03-01 08:30:00", category: "投诉", limitDays: 5, rating: "满意" },
      { orderId: "GD002", acceptedAt: "2022-03-02 14:05:09", category: "咨询", limitDays: 1, rating: null }
    ])
    expect(report).toMatchObject({ read: 2, accepted: 2, rejected: 0, complete: true })
  })

  it("a two-row header: group labels merged over their columns, the names below; vertical merges keep the top name", async () => {
    const bytes = await writeExcel((wb) => {
      const ws = wb.addWorksheet("台账")
      ws.addRow(["工单编号", "受理情况", null, "办理", null])
      ws.addRow([null, "受理时间", "诉求类型", "办理时限", "满意度"])
      ws.mergeCells("A1:A2")
      ws.mergeCells("B1:C1")
      ws.mergeCells("D1:E1")
      ws.addRow(["GD010", "2022-05-01 09:00:00", "求助", 5, "基本满意"])
    })
    const { records, report } = await load(bytes)
    expect(records).toEqual([{ orderId: "GD010", acceptedAt: "2022-05-01 09:00:00", category: "求助", limitDays: 5, rating: "基本满意" }])
    expect(report.rejected).toBe(0)
  })

  it("group label + name together make the column (受理 over 时间 is 受理时间)", async () => {
    const bytes = await writeExcel((wb) => {
      const ws = wb.addWorksheet("台账")
      ws.addRow(["工单编号", "受理", null, "办理时限", "满意度"])
      ws.addRow([null, "时间", "诉求类型", null, null])
      ws.mergeCells("B1:C1")
      for (const c of ["A", "D", "E"]) ws.mergeCells(`${c}1:${c}2`)
      ws.addRow(["GD011", "2022-05-02 10:00:00", "建议", 1, null])
    })
    const { records } = await load(bytes)
    expect(records.map((r) => r.acceptedAt)).toEqual(["2022-05-02 10:00:00"])
  })

  it("a sheet per month: all read in order, columns matched by name, the sheet and cell in every rejection", async () => {
    const bytes = await writeExcel((wb) => {
      const jan = wb.addWorksheet("1月")
      jan.addRow(["2022年1月工单"])
      jan.addRow(HEAD)
      jan.addRow(["GD1", "2022-01-05 08:00:00", "投诉", 5, "满意"])
      const feb = wb.addWorksheet("2月")
      feb.addRow(["满意度", "工单编号", "诉求类型", "办理时限", "受理时间"]) // another column order
      feb.addRow(["一般", "GD2", "咨询", 1, "2022-02-07 09:00:00"])
      feb.addRow([null, "GD3", "咨询", "一天", "2022-02-08 09:00:00"])
      const notes = wb.addWorksheet("说明")
      notes.addRow(["本表按月分页"])
    })
    const { records, report } = await load(bytes, { policy: ErrorPolicy.collect() })
    expect(records.map((r) => r.orderId)).toEqual(["GD1", "GD2"])
    expect(report).toMatchObject({ read: 3, accepted: 2, rejected: 1 })
    expect(report.rejections[0]).toMatchObject({ source: "台账.xlsx", sheet: "2月", cell: "D3", row: 3, column: "办理时限", value: "一天" })
    expect(LoadReport.formatRejection(report.rejections[0]!)).toContain(`台账.xlsx: sheet "2月", cell D3, column "办理时限"`)
  })

  it("hidden rows and columns are read (hiding is presentation), or skipped with hidden: \"skip\"", async () => {
    const bytes = await writeExcel((wb) => {
      const ws = wb.addWorksheet("台账")
      ws.addRow([...HEAD, "备注"])
      ws.addRow(["GD1", "2022-01-05 08:00:00", "投诉", 5, "满意", "x"])
      ws.addRow(["GD2", "2022-01-06 08:00:00", "投诉", 5, "满意", "y"])
      ws.getRow(3).hidden = true
      ws.getColumn(6).hidden = true
    })
    expect((await load(bytes)).records.map((r) => r.orderId)).toEqual(["GD1", "GD2"])
    const skipped = await load(bytes, { hidden: "skip" })
    expect(skipped.records.map((r) => r.orderId)).toEqual(["GD1"])
    expect(skipped.report.ignoredColumns).toEqual([])
    expect((await load(bytes)).report.ignoredColumns).toEqual(["备注"])
  })

  it("formulas give their cached value (never recomputed); empty formatted trailing rows are not records", async () => {
    const bytes = await writeExcel((wb) => {
      const ws = wb.addWorksheet("台账")
      ws.addRow(HEAD)
      ws.addRow(["GD1", "2022-01-05 08:00:00", "投诉", { formula: "2+2", result: 5 }, "满意"]) // a stale cache: 5, not 4
      ws.addRow(["GD2", "2022-01-05 08:00:00", "投诉", 15, { formula: "\"满\"&\"意\"", result: "满意" }])
      for (let r = 4; r < 40; r++) ws.getRow(r).getCell(1).style = { font: { bold: true } }
    })
    const { records, report } = await load(bytes)
    expect(records.map((r) => [r.limitDays, r.rating])).toEqual([[5, "满意"], [15, "满意"]])
    expect(report.read).toBe(2)
  })
})

describe("merged cells in the data (a 居委 or a 诉求类型 merged down its block of rows)", () => {
  // 40 data rows, so the merge list (written after the rows) is read ahead of them, not found at the end
  const mergedBook = () =>
    writeExcel((wb) => {
      const ws = wb.addWorksheet("台账")
      ws.addRow(["长寿路街道2022年12345工单台账"])
      ws.mergeCells("A1:E1")
      ws.addRow(HEAD)
      for (let i = 1; i <= 40; i++) ws.addRow([`GD${i}`, utc(`2022-01-${String(1 + (i % 28)).padStart(2, "0")} 08:00:00`), i % 2 === 0 ? "咨询" : "投诉", i, "满意"])
      ws.addRow([null, null, null, null, null]) // row 43: empty but for the merge reaching into it
      for (let r = 3; r <= 43; r++) ws.getCell(`B${r}`).numFmt = "yyyy-mm-dd hh:mm:ss"
      ws.mergeCells("C3:C5") // 投诉 over GD1–GD3
      ws.mergeCells("E35:E37") // 满意 over GD33–GD35
      ws.getCell("E36").value = null
      ws.mergeCells("C40:C43") // reaches the empty row 43
      ws.mergeCells("D20:E20") // a value merged across two columns
    })

  it("fills the top-left value down (and across) the range; a row empty but for a merge stays empty; mergedCells: \"leave\" does not", async () => {
    const bytes = await mergedBook()
    const { records, report } = await load(bytes)
    expect(report.read).toBe(40)
    expect(report.rejected).toBe(0)
    const by = new Map(records.map((r) => [r.orderId, r]))
    expect([1, 2, 3].map((i) => by.get(`GD${i}`)!.category)).toEqual(["投诉", "投诉", "投诉"])
    expect(by.get("GD4")!.category).toBe("咨询")
    expect([37, 38, 39, 40].map((i) => by.get(`GD${i}`)!.category)).toEqual(["投诉", "咨询", "咨询", "咨询"]) // C40:C43 from GD38
    expect([by.get("GD18")!.limitDays, by.get("GD18")!.rating]).toEqual([18, "18"]) // D20:E20 (row 20 is GD18): across too
    expect(by.get("GD17")!.rating).toBe("满意")
    const left = await load(bytes, { mergedCells: "leave" })
    expect(left.records.find((r) => r.orderId === "GD2")!.category).toBe("") // the writer empties the cells a merge covers
    expect(left.records.find((r) => r.orderId === "GD34")!.rating).toBe(null)
  })

  for (const seam of [-5, 0, 7]) {
    it(`the merge list is found wherever the inflated pieces (256 KiB) cut it (the name ${seam} bytes from a cut)`, async () => {
      const rows = Array.from({ length: 500 }, (_, i) => row(i + 2, [`GD${i + 1}`, "2022-01-01 08:00:00", i < 3 ? "投诉" : i < 6 ? null : "咨询", i, "满意"])).join("")
      const merges = `<mergeCells count="1"><mergeCell ref="C2:C4"/></mergeCells>`
      const base = sheetXml(row(1, HEAD) + rows, merges)
      const cut = 256 * 1024
      const at = Buffer.from(base).indexOf("mergeCells")
      expect(at).toBeLessThan(cut - 20)
      const pad = `<!--${"x".repeat(cut + seam - at - 7)}-->` // 7 bytes of comment markup: the name starts at cut + seam
      const xml = sheetXml(row(1, HEAD) + rows, pad + merges)
      expect(Buffer.from(xml).indexOf("mergeCells")).toBe(cut + seam)
      const { records, report } = await load(book({ sheets: [{ name: "S", xml }] }))
      expect(report.read).toBe(500)
      expect(records.slice(0, 7).map((r) => r.category)).toEqual(["投诉", "投诉", "投诉", "", "", "", "咨询"])
    })
  }

  it("a merge from the header into the data is still refused before any row is read", async () => {
    const bytes = await writeExcel((wb) => {
      const ws = wb.addWorksheet("台账")
      ws.addRow(HEAD)
      for (let i = 1; i <= 40; i++) ws.addRow([`GD${i}`, "2022-01-01 08:00:00", "投诉", i, "满意"])
      ws.mergeCells("C1:C3")
    })
    const e = await failure(load(bytes))
    expect(e.reason).toBe("Header")
    expect(e.message).toMatch(/C1:C3 runs from the header/)
  })

  it("a workbook LibreOffice made from an HTML table with rowspan (merged cells) is filled down", async () => {
    if (!haveSoffice) throw new Error("soffice is not installed: run bash .ci/render-deps.sh")
    const dir = tmp("merged")
    const rows = Array.from({ length: 35 }, (_, i) =>
      `<tr><td>GD${i + 1}</td><td>2022-01-02 08:00:00</td>${i % 5 === 0 ? `<td rowspan="5">${i % 10 === 0 ? "投诉" : "咨询"}</td>` : ""}<td>${i + 1}</td><td>满意</td></tr>`)
    fs.writeFileSync(
      path.join(dir, "m.html"),
      `<html><head><meta charset="utf-8"></head><body><table><tr>${HEAD.map((h) => `<td>${h}</td>`).join("")}</tr>${rows.join("")}</table></body></html>`
    )
    sofficeConvert([path.join(dir, "m.html")], "xlsx", dir, "calc_HTML_WebQuery")
    const file = path.join(dir, "m.xlsx")
    const { records, report } = await load(file)
    expect(report.rejected).toBe(0)
    expect(records.map((r) => r.category)).toEqual(Array.from({ length: 35 }, (_, i) => (Math.floor(i / 5) % 2 === 0 ? "投诉" : "咨询")))
    const left = await load(file, { mergedCells: "leave" })
    expect(left.records.filter((r) => r.category === "").length).toBe(28) // the cells under a merge are empty
  })
})

describe("cells written by hand (SpreadsheetML parts)", () => {
  const header = row(1, HEAD)
  const dateRow = (r: number, serial: number, style: number = STYLE.datetime) =>
    `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>D${r}</t></is></c><c r="B${r}" s="${style}"><v>${serial}</v></c><c r="C${r}" t="s"><v>0</v></c><c r="D${r}"><v>1</v></c></row>`
  const Dates = Schema.Struct({ orderId: Schema.String, acceptedAt: Schema.String })

  const dates = async (rows: string, date1904 = false) =>
    XlsxSource.loadPromise(book({ sheets: [{ name: "S", xml: sheetXml(header + rows) }], sharedStrings: ["投诉"], date1904 }), {
      schema: Dates,
      mapping: { 工单编号: "orderId", 受理时间: "acceptedAt" },
      name: "d.xlsx"
    })

  it("Excel serials: the 1900 system with its leap-year bug, date-only and date-time formats, time-only, rounding to the second", async () => {
    const { records, report } = await dates(
      dateRow(2, 1, STYLE.date) + dateRow(3, 59, STYLE.date) + dateRow(4, 61, STYLE.date) + dateRow(5, 44621.354166666664) +
        dateRow(6, 44621, STYLE.chineseDate) + dateRow(7, 0.5, STYLE.time) + dateRow(8, 44621.99999999) + dateRow(9, 60, STYLE.date)
    )
    expect(records.map((r) => r.acceptedAt)).toEqual([
      "1900-01-01",
      "1900-02-28",
      "1900-03-01",
      "2022-03-01 08:30:00",
      "2022-03-01",
      "12:00:00",
      "2022-03-02 00:00:00"
    ])
    expect(report.rejections).toHaveLength(1)
    expect(report.rejections[0]).toMatchObject({ sheet: "S", cell: "B9", value: "60" })
    expect(report.rejections[0]!.reason).toMatch(/1900-02-29.*never was/)
  })

  it("the 1904 date system", async () => {
    const { records } = await dates(dateRow(2, 0, STYLE.date) + dateRow(3, 43159, STYLE.date), true)
    expect(records.map((r) => r.acceptedAt)).toEqual(["1904-01-01", "2022-03-01"])
  })

  it("inline strings, rich-text shared strings (phonetic runs left out), cells without r, t=\"str\" and t=\"b\"", async () => {
    const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>投</t></r><r><t xml:space="preserve">诉</t></r><rPh><t>トウ</t></rPh></si><si><t>满意</t></si></sst>`
    const rows = `<row r="2"><c t="inlineStr"><is><t>A&amp;B</t></is></c><c t="str"><f>TEXT(1,"0")</f><v>2022-01-01 00:00:00</v></c><c t="s"><v>0</v></c><c t="b"><v>1</v></c><c t="s"><v>1</v></c></row>`
    const bytes = book({ sheets: [{ name: "S", xml: sheetXml(header + rows) }], parts: { "xl/sharedStrings.xml": sst } })
    const Loose = Schema.Struct({ orderId: Schema.String, acceptedAt: Schema.String, category: Schema.String, limitDays: Schema.String, rating: Schema.String })
    const { records } = await XlsxSource.loadPromise(bytes, { schema: Loose, mapping })
    expect(records).toEqual([{ orderId: "A&B", acceptedAt: "2022-01-01 00:00:00", category: "投诉", limitDays: "true", rating: "满意" }])
  })

  it("the sheet scanner: comments, CDATA, single-quoted attributes, > inside a value, character references, self-closing rows", async () => {
    const rows = `<!-- 导出 --><row r='2' spans="1:5" x14ac:dyDescent="0.25 > 0"><c r="A2" t="inlineStr"><is><t><![CDATA[GD<1>]]></t></is></c>` +
      `<c r="B2" t="inlineStr"><is><t>2022-01-01 08:00:00</t></is></c><c r="C2" t="inlineStr"><is><t>&#x6295;&#35785;</t></is></c>` +
      `<c r="D2"><v>5</v></c><c r="E2" t="inlineStr"><is><t>满&amp;意</t></is></c></row><row r="3"/>` + "\n"
    const { records, report } = await load(book({ sheets: [{ name: "S", xml: sheetXml(header + rows) }] }))
    expect(records).toEqual([{ orderId: "GD<1>", acceptedAt: "2022-01-01 08:00:00", category: "投诉", limitDays: 5, rating: "满&意" }])
    expect(report.read).toBe(1)
  })

  for (const [name, xml, detail] of [
    ["an element left open", sheetXml(header).replace("</sheetData>", ""), /<sheetData> is never closed|closes <sheetData>/],
    ["an end tag without a start", sheetXml(header + "</row>"), /<\/row> closes <sheetData>/],
    ["a tag cut off at the end of the part", sheetXml(header).slice(0, -8), /never closed/]
  ] as const) {
    it(`the sheet scanner refuses malformed XML: ${name}`, async () => {
      const e = await failure(load(book({ sheets: [{ name: "S", xml }] })))
      expect(e.reason).toBe("Encoding")
      expect(e.message).toMatch(/sheet "S" \(xl\/worksheets\/sheet1\.xml\) is not well-formed XML/)
      expect(e.message).toMatch(detail)
    })
  }

  it("a namespace prefix on every element (x:row, x:c) is read the same", async () => {
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${
      (header + row(2, ["GD1", "2022-01-01 08:00:00", "投诉", 5, "满意"])).replace(/<(\/?)(row|c|is|t|v)\b/g, "<$1x:$2")
    }</x:sheetData></x:worksheet>`
    const { records } = await load(book({ sheets: [{ name: "S", xml }] }))
    expect(records.map((r) => r.orderId)).toEqual(["GD1"])
  })

  it("sheets lists the worksheets with their visibility; sheets: [...] reads exactly those, a hidden one too", async () => {
    const bytes = book({
      sheets: [
        { name: "1月", xml: sheetXml(header + row(2, ["GD1", "2022-01-01 08:00:00", "投诉", 5, "满意"])) },
        { name: "2月", xml: sheetXml(header + row(2, ["GD2", "2022-02-01 08:00:00", "投诉", 5, "满意"])), hidden: true }
      ]
    })
    expect(await XlsxSource.sheets(bytes)).toEqual([{ name: "1月", hidden: false }, { name: "2月", hidden: true }])
    expect((await load(bytes)).records.map((r) => r.orderId)).toEqual(["GD1"])
    expect((await load(bytes, { sheets: ["2月"] })).records.map((r) => r.orderId)).toEqual(["GD2"])
  })

  it("streams: records come as they are read, and iterate/fold give the same", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => row(i + 2, [`GD${i}`, "2022-01-01 08:00:00", "投诉", i % 7, "满意"])).join("")
    const bytes = book({ sheets: [{ name: "S", xml: sheetXml(header + many) }] })
    const l = XlsxSource.load(bytes, { schema: Order, mapping })
    const first = await Effect.runPromise(l.records.pipe(Stream.take(5), Stream.runCollect))
    expect([...first].map((r) => r.orderId)).toEqual(["GD0", "GD1", "GD2", "GD3", "GD4"])
    const { state, report } = await Effect.runPromise(XlsxSource.fold(bytes, { schema: Order, mapping }, 0, (s, r) => s + r.limitDays))
    expect(state).toBe(Array.from({ length: 3000 }, (_, i) => i % 7).reduce((a, b) => a + b, 0))
    expect(report.read).toBe(3000)
    let n = 0
    for await (const _ of XlsxSource.iterate(bytes, { schema: Order, mapping })) n++
    expect(n).toBe(3000)
  })
})

describe("bad workbooks: a clear SourceError or a rejection naming file, sheet, cell, value and why", () => {
  const header = row(1, HEAD)
  const good = row(2, ["GD1", "2022-01-01 08:00:00", "投诉", 5, "满意"])
  const sheet1 = (rows: string, after = "", before = "") => book({ sheets: [{ name: "台账", xml: sheetXml(rows, after, before) }] })
  const cases: Array<[string, () => Uint8Array | string, SourceError.Reason, RegExp]> = [
    ["not a zip (a CSV renamed .xlsx)", () => new TextEncoder().encode("工单编号,受理时间\nGD1,2022-01-01\n"), "Encoding", /not a zip archive/],
    ["an empty file", () => new Uint8Array(0), "Encoding", /not a zip archive.*empty file/],
    ["a zip that is not a workbook", () => zip({ "readme.txt": "hello" }), "Encoding", /not an Excel workbook.*readme\.txt/],
    ["a .docx", () => zip({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>" }), "Encoding", /Word document/],
    ["a binary .xlsb", () => zip({ "[Content_Types].xml": "<Types/>", "xl/workbook.bin": "\u0000" }), "Encoding", /\.xlsb/],
    [
      "an encrypted workbook (an OLE compound file with EncryptionInfo)",
      () => {
        const b = new Uint8Array(4096)
        b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
        b.set(new Uint8Array(Buffer.from("EncryptionInfo", "utf16le")), 1024)
        return b
      },
      "Encoding",
      /encrypted \(password-protected\)/
    ],
    [
      "a truncated zip (the central directory cut off)",
      () => sheet1(header + good).subarray(0, 300),
      "Encoding",
      /zip archive/
    ],
    ["a missing sheet", () => sheet1(header + good), "Config", /no sheet "3月"; its sheets: "台账"/],
    ["no visible sheet", () => book({ sheets: [{ name: "h", xml: sheetXml(header + good), hidden: true }] }), "Header", /no visible worksheet/],
    ["a sheet claiming 1,048,577 rows", () => sheet1(header + good, "", `<dimension ref="A1:P1048577"/>`), "Limit", /claims 1048577 rows/],
    ["a row numbered 1,048,577", () => sheet1(header + good + row(1048577, ["GD9"])), "Limit", /row 1048577 is past row 1048576/],
    ["malformed XML in a sheet", () => sheet1(header + "<row r=\"2\"><c><v>1</v></row>"), "Encoding", /sheet "台账".*not well-formed XML/],
    [
      "merged header cells that do not match (a group over two columns, one unnamed below)",
      () =>
        sheet1(
          row(1, ["工单编号", "受理时间", "诉求类型", "办理", null, "满意度"]) + row(2, [null, null, null, "办理时限", null, null]) +
            row(3, ["GD1", "2022-01-01 08:00:00", "投诉", 5, null, "满意"]),
          `<mergeCells count="1"><mergeCell ref="D1:E1"/></mergeCells>`
        ),
      "Header",
      /merged header cell D1:E1 spans columns D–E, but column E has no name of its own in row 2/
    ],
    [
      "a header cell merged across two columns (one header row)",
      () => sheet1(header + good, `<mergeCells count="1"><mergeCell ref="E1:F1"/></mergeCells>`),
      "Header",
      /merged header cell E1:F1 spans columns E–F, but column F has no name of its own \(a header merged across columns needs a second header row/
    ],
    [
      "a merge running from the header into the data",
      () => sheet1(header + good, `<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>`),
      "Header",
      /merged cell A1:A2 runs from the header/
    ],
    ["a required column missing", () => sheet1(row(1, ["工单编号", "受理时间", "诉求类型", "满意度"]) + row(2, ["GD1", "2022-01-01 08:00:00", "投诉", "满意"])), "Header", /办理时限/],
    [
      "the month sheets disagree: a column of the first is missing in the second",
      () =>
        book({
          sheets: [
            { name: "1月", xml: sheetXml(header + good) },
            { name: "2月", xml: sheetXml(row(1, ["工单编号", "受理时间", "诉求类型", "满意度"]) + row(2, ["GD2", "2022-02-01 08:00:00", "投诉", "满意"])) }
          ]
        }),
      "Header",
      /sheet "2月".*no column 办理时限 \(sheet "1月" has/
    ],
    [
      "a zip bomb: an entry that inflates over the ratio limit",
      () => zip({ "[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": new Uint8Array(20 * 1024 * 1024) }),
      "Limit",
      /ratio over 1000: a zip bomb/
    ]
  ]
  for (const [name, make, reason, detail] of cases) {
    it(name, async () => {
      const e = await failure(load(make(), name === "a missing sheet" ? { sheets: ["3月"] } : {}))
      expect(e._tag).toBe("SourceError")
      expect(e.reason).toBe(reason)
      expect(e.message).toMatch(detail)
      expect(e.source).toBe("台账.xlsx")
      expect(e.stack === undefined || !e.message.includes("    at ")).toBe(true)
    })
  }

  it("a zip bomb: the total inflated size over maxUncompressedBytes", async () => {
    const e = await failure(load(sheet1(header + good), { maxUncompressedBytes: 1000 }))
    expect(e.reason).toBe("Limit")
    expect(e.message).toMatch(/inflates to \d+ bytes, more than the 1000 allowed/)
  })

  it("a zip entry that inflates to more than its header declares", async () => {
    const bytes = sheet1(header + good)
    // shrink the declared size of the sheet in the central directory (signature 50 4b 01 02, size at +24)
    const buf = Buffer.from(bytes)
    let at = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    while (at >= 0) {
      const nameLen = buf.readUInt16LE(at + 28)
      const name = buf.subarray(at + 46, at + 46 + nameLen).toString()
      if (name === "xl/worksheets/sheet1.xml") buf.writeUInt32LE(10, at + 24)
      at = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    }
    const e = await failure(load(new Uint8Array(buf)))
    expect(e.reason).toBe("Limit")
    expect(e.message).toMatch(/more bytes than its header declares/)
  })

  it("a legacy .xls (made by LibreOffice) is named as such", async () => {
    if (!haveSoffice) throw new Error("soffice is not installed: run bash .ci/render-deps.sh")
    const dir = tmp("xls")
    fs.writeFileSync(path.join(dir, "t.csv"), `${HEAD.join(",")}\nGD1,2022-01-01 08:00:00,投诉,5,满意\n`)
    sofficeConvert([path.join(dir, "t.csv")], "xls", dir)
    const e = await failure(load(path.join(dir, "t.xls")))
    expect(e.reason).toBe("Encoding")
    expect(e.message).toMatch(/legacy Excel 97-2003 \.xls/)
  })

  const rejected: Array<[string, string, Partial<LoadReport.Rejection>, RegExp]> = [
    ["a date cell holding text", row(2, ["GD1", "明天上午", "投诉", 5, "满意"]), { cell: "B2", column: "受理时间", value: "明天上午" }, /./],
    ["an Excel error value", `<row r="2"><c r="A2" t="inlineStr"><is><t>GD1</t></is></c><c r="B2" t="inlineStr"><is><t>2022-01-01 08:00:00</t></is></c><c r="C2" t="inlineStr"><is><t>投诉</t></is></c><c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>`, { cell: "D2", column: "办理时限", value: "#DIV/0!" }, /Excel error #DIV\/0! \(from =1\/0\)/],
    ["a formula without a cached value", `<row r="2"><c r="A2" t="inlineStr"><is><t>GD1</t></is></c><c r="B2" t="inlineStr"><is><t>2022-01-01 08:00:00</t></is></c><c r="C2" t="inlineStr"><is><t>投诉</t></is></c><c r="D2"><f>SUM(X1:X9)</f></c></row>`, { cell: "D2", value: "=SUM(X1:X9)" }, /no cached value/],
    ["a shared string that does not exist", `<row r="2"><c r="A2" t="s"><v>7</v></c></row>`, { cell: "A2", column: "工单编号", value: "7" }, /shared string 7 does not exist/],
    ["a value under no header", row(2, ["GD1", "2022-01-01 08:00:00", "投诉", 5, "满意", "多出来的"]), { column: "column F", value: "多出来的" }, /F2 holds a value but column F has no header/],
    ["a serial that is not a date (negative)", `<row r="2"><c r="A2" t="inlineStr"><is><t>GD1</t></is></c><c r="B2" s="${STYLE.date}"><v>-3</v></c></row>`, { cell: "B2", value: "-3" }, /not a date serial/]
  ]
  for (const [name, rows, at, reason] of rejected) {
    it(`rejected row: ${name}`, async () => {
      const { report } = await load(sheet1(header + rows + row(3, ["GD2", "2022-01-02 08:00:00", "投诉", 5, "满意"])))
      expect(report).toMatchObject({ read: 2, accepted: 1, rejected: 1 })
      expect(report.rejections[0]).toMatchObject({ source: "台账.xlsx", sheet: "台账", row: 2, ...at })
      expect(report.rejections[0]!.reason).toMatch(reason)
    })
  }
})

describe("LibreOffice-made workbooks and the same records as CSV", () => {
  it("the seed generator's 12345 CSV, converted to .xlsx by LibreOffice, gives the same records and KPIs as the CSV", async () => {
    if (!haveSoffice) throw new Error("soffice is not installed: run bash .ci/render-deps.sh")
    const dir = tmp("seed")
    await Generator.run({ out: dir, pillars: [Urban.pillar] })
    const csv = path.join(dir, Urban.HotlineOrder.file)
    // UTF-8, comma-separated, first line the header (filter options 44,34,76,1)
    sofficeConvert([csv], "xlsx", dir, "CSV:44,34,76,1")
    const xlsx = csv.replace(/\.csv$/, ".xlsx")
    expect(fs.existsSync(xlsx)).toBe(true)
    const mappingHotline = Object.fromEntries(Urban.HotlineOrder.columns.map((c) => [c.header, c.field]))
    const opts = { schema: Urban.HotlineOrder.schema, mapping: mappingHotline }
    const fromCsv = await CsvSource.loadPromise(csv, opts)
    const fromXlsx = await XlsxSource.loadPromise(xlsx, opts)
    expect(fromXlsx.report).toMatchObject({ read: fromCsv.report.read, accepted: fromCsv.report.accepted, rejected: fromCsv.report.rejected })
    expect(fromCsv.report.read).toBeGreaterThan(1000)
    expect(fromXlsx.records).toEqual(fromCsv.records)
    const kpis = (records: ReadonlyArray<object>) =>
      Effect.runPromise(Kpi.evaluate(Urban.makeKpis().filter((d) => d.record === Urban.HotlineOrder.name), Stream.fromIterable(records), { period: Period.year(2022) }))
    const a = await kpis(fromCsv.records)
    const b = await kpis(fromXlsx.records)
    expect(b).toEqual(a)
    expect(a.some((k) => (k.count ?? 0) > 0)).toBe(true)
  }, 240_000)
})
