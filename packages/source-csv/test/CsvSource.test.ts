import { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import { Effect, Schema, Stream } from "effect"
import iconv from "iconv-lite"
import { describe, expect, it } from "vitest"
import { Civil } from "@govplan/model"
import { ErrorPolicy, type LoadReport, Source, SourceError } from "@govplan/source"
import { CsvSource } from "@govplan/source-csv"

const corpus = (name: string) => fileURLToPath(new URL(`./corpus/${name}`, import.meta.url))

const Order = Schema.Struct({
  orderId: Schema.String.pipe(Schema.minLength(1)),
  acceptedAt: Civil.CivilDateTime,
  closedAt: Schema.NullOr(Civil.CivilDateTime),
  category: Schema.Literal("咨询", "求助", "投诉", "建议"),
  rating: Schema.NullOr(Schema.Number.pipe(Schema.between(0, 1))),
  note: Schema.optional(Schema.String)
})
type Order = typeof Order.Type
const mapping = { 工单编号: "orderId", 受理时间: "acceptedAt", 办结时间: "closedAt", 诉求类型: "category", 满意度: "rating", 备注: "note" }
const H = "工单编号,受理时间,办结时间,诉求类型,满意度,备注"

type Outcome = { readonly records: Array<Order>; readonly report: LoadReport.LoadReport }

const load = (input: CsvSource.CsvInput, options: Partial<CsvSource.CsvOptions<Order, typeof Order.Encoded>> = {}) =>
  CsvSource.loadPromise(input, { schema: Order, mapping, name: "t.csv", ...options })

/** Loads, checks the invariant every load keeps and the exact rejections (none unless given). */
const ok = async (
  input: CsvSource.CsvInput,
  options: Partial<CsvSource.CsvOptions<Order, typeof Order.Encoded>> = {},
  rejections: ReadonlyArray<LoadReport.Rejection> = []
): Promise<Outcome> => {
  const r = await load(input, options)
  expect(r.report.rejections).toEqual(rejections)
  expect(r.report.rejected).toBe(rejections.length)
  expect(r.report.read).toBe(r.report.accepted + r.report.rejected)
  expect(r.records).toHaveLength(r.report.accepted)
  expect(r.report.complete).toBe(true)
  return r
}
const failure = async (input: CsvSource.CsvInput, options: Partial<CsvSource.CsvOptions<Order, typeof Order.Encoded>> = {}) => {
  const e = await load(input, options).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(e).toBeInstanceOf(SourceError.SourceError)
  return e as SourceError.SourceError
}
const text = (s: string) => ({ text: s })
const rej = (row: number, column: string | undefined, field: string | undefined, value: string | undefined, reason: string): LoadReport.Rejection => ({
  source: "t.csv",
  row,
  ...(column !== undefined ? { column } : {}),
  ...(field !== undefined ? { field } : {}),
  ...(value !== undefined ? { value } : {}),
  reason
})

const NOT_A_DATE = "not a date (expected e.g. 2022-03-01, 2022/3/1, 2022年3月1日, 2022-3-1 9:05 or an Excel serial): \"bad\""
const A1 = "GD0001,2022-03-01 09:05:00,2022-03-02 10:00:00,投诉,98.5%,已办结"
const A1_RECORD: Order = {
  orderId: "GD0001",
  acceptedAt: "2022-03-01 09:05:00" as Order["acceptedAt"],
  closedAt: "2022-03-02 10:00:00" as Order["acceptedAt"],
  category: "投诉",
  rating: 0.985,
  note: "已办结"
}
const A2 = "GD0002,2022/3/1 9:05,,咨询,,市民来电反映噪声"
const A2_RECORD: Order = {
  orderId: "GD0002",
  acceptedAt: "2022-03-01 09:05:00" as Order["acceptedAt"],
  closedAt: null,
  category: "咨询",
  rating: null,
  note: "市民来电反映噪声"
}

describe("CSV corpus: encodings", () => {
  it("1 UTF-8 without BOM, LF", async () => {
    const r = await ok(text(`${H}\n${A1}\n${A2}\n`))
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
    expect(r.report).toMatchObject({ read: 2, accepted: 2, rejected: 0, rejections: [] })
  })

  it("2 UTF-8 with BOM, CRLF (file)", async () => {
    const r = await ok(corpus("utf8-bom-crlf.csv"), { name: "t.csv" })
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("3 GBK, detected", async () => {
    const r = await ok(corpus("gbk.csv"))
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("4 GB18030 with characters outside GBK, detected", async () => {
    const r = await ok(corpus("gb18030.csv"))
    expect(r.records[1]!.note).toBe("𠮷野家门前占道€")
  })

  it("5 GBK with the encoding given", async () => {
    const r = await ok(corpus("gbk.csv"), { encoding: "GBK" })
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("6 UTF-16LE with BOM", async () => {
    const r = await ok(corpus("utf16le-bom.csv"))
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("7 a GBK file read as UTF-8 fails at the header with an Encoding error", async () => {
    const e = await failure(corpus("gbk.csv"), { encoding: "utf-8" })
    expect(e.reason).toBe("Encoding")
    expect(e.row).toBe(1)
    expect(e.message).toMatch(/^t\.csv: row 1: the header is not valid UTF-8: ".*" \(pass the file's encoding, e\.g\. encoding: "gbk"\) \[Encoding\]$/)
  })

  it("8 stray invalid bytes in a UTF-8 file reject their rows, naming the column", async () => {
    const bytes = Buffer.concat([Buffer.from(`${H}\n${A1}\nGD0003,2022-03-01 09:05:00,,投诉,,坏`), Buffer.from([0xff, 0xfe]), Buffer.from(`字节\n${A2}\n`)])
    const r = await ok(bytes, {}, [
      rej(3, "备注", undefined, "坏\uFFFD\uFFFD字节", "bytes that are not valid UTF-8 (is the file GBK? pass encoding: \"gbk\")")
    ])
    expect(r.report).toMatchObject({ read: 3, accepted: 2, rejected: 1 })
  })

  it("9 multi-byte characters split across every chunk boundary (1-byte chunks of a Node stream)", async () => {
    const bytes = Buffer.from(`${H}\r\n${A1}\r\n${A2}\r\n`)
    const stream = Readable.from((function*() {
      for (const b of bytes) yield Buffer.from([b])
    })())
    const r = await ok(stream, { name: "t.csv" })
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("10 GBK split across chunks", async () => {
    const r = await ok(iconv.encode(`${H}\r\n${A1}\r\n${A2}\r\n`, "gbk"), { chunkBytes: 3 })
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("11 an unknown encoding is a Config error", async () => {
    const e = await failure(text(`${H}\n`), { encoding: "klingon" })
    expect(e.reason).toBe("Config")
    expect(e.detail).toMatch(/unknown encoding "klingon"/)
  })
})

describe("CSV corpus: delimiters, line breaks, quotes", () => {
  it("12 tab-separated, detected", async () => {
    expect((await ok(corpus("tab.tsv"))).records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("13 semicolon-separated, detected", async () => {
    expect((await ok(corpus("semicolon.csv"))).records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("14 pipe with the delimiter given", async () => {
    const r = await ok(text([H, A1, A2].join("\n").replace(/,/g, "|")), { delimiter: "|" })
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("15 CR-only line breaks", async () => {
    expect((await ok(text(`${H}\r${A1}\r${A2}\r`))).records).toEqual([A1_RECORD, A2_RECORD])
  })

  it("16 CRLF and LF mixed in one file", async () => {
    const r = await ok(text(`${H}\r\n${A1}\n${A2}\r\n"GD0003",2022-03-01 09:05:00,,建议,,"引号"\r\n`))
    expect(r.records.map((o) => o.orderId)).toEqual(["GD0001", "GD0002", "GD0003"])
    expect(r.records[2]!.note).toBe("引号")
  })

  it("17 quoted fields with line breaks count as one row, as in Excel", async () => {
    const r = await ok(text(`${H}\r\nGD0001,2022-03-01 09:05:00,,投诉,,"第一行\r\n第二行\n第三行"\r\nGD0002,bad,,咨询,,\r\n`), {}, [
      rej(3, "受理时间", "acceptedAt", "bad", "not a date (expected e.g. 2022-03-01, 2022/3/1, 2022年3月1日, 2022-3-1 9:05 or an Excel serial): \"bad\"")
    ])
    expect(r.records[0]!.note).toBe("第一行\r\n第二行\n第三行")
  })

  it("18 quoted delimiters and doubled quotes", async () => {
    const r = await ok(text(`${H}\nGD0001,2022-03-01 09:05:00,,投诉,,"他说：""占道, 扰民"""\n`))
    expect(r.records[0]!.note).toBe("他说：\"占道, 扰民\"")
  })

  it("19 a quoted field never closed rejects its row, saying the rest of the file was swallowed", async () => {
    const r = await ok(corpus("unclosed-quote.csv"), {}, [
      rej(2, "备注", undefined, "备注没有结束\nGD0002,2022-03-01 09:05:00,,投诉,,\n", "a quoted field is never closed: the rest of the file was read into this row")
    ])
    expect(r.report).toMatchObject({ read: 1, accepted: 0, rejected: 1 })
  })

  it("20 a malformed quote in the middle of a field rejects the row", async () => {
    // papaparse reads on to the next quote: the row below ends up inside the cell, and the reason says so
    const r = await ok(text(`${H}\nGD0001,"2022-03-01 09:05:00"x,,投诉,,\n${A2}\n`), {}, [
      rej(2, "受理时间", undefined, `2022-03-01 09:05:00"x,,投诉,,\n${A2}\n`, "malformed quotes (Trailing quote on quoted field is malformed); the cell runs over 2 line breaks, rows below may be inside it")
    ])
    expect(r.report).toMatchObject({ read: 1, accepted: 0, rejected: 1 })
  })

  it("21 an unclosed quote in a large file fails with Limit instead of reading it all into memory", async () => {
    const big = `${H}\nGD0001,2022-03-01 09:05:00,,投诉,,"open\n` + `GD0002,2022-03-01 09:05:00,,投诉,,\n`.repeat(5000)
    const e = await failure(text(big), { maxRowChars: 50_000, chunkBytes: 4096 })
    expect(e.reason).toBe("Limit")
    expect(e.row).toBe(2)
    expect(e.detail).toMatch(/^row 2 is longer than 50000 characters: a quoted field is probably never closed/)
  })

  it("22 a trailing delimiter on every line (an empty last header)", async () => {
    const r = await ok(text(`${H},\n${A1},\n${A2},\n`))
    expect(r.records).toEqual([A1_RECORD, A2_RECORD])
    expect(r.report.ignoredColumns).toEqual([])
  })

  it("23 a trailing delimiter on data lines only", async () => {
    expect((await ok(text(`${H}\n${A1},\n${A2},,\n`))).records).toEqual([A1_RECORD, A2_RECORD])
  })
})

describe("CSV corpus: rows", () => {
  it("24 ragged rows are rejected naming row and column counts", async () => {
    const r = await ok(text(`${H}\n${A1}\nGD0003,2022-03-01 09:05:00,,投诉\n${A2}\nGD0004,2022-03-01 09:05:00,,投诉,,备注,多余\n`), {}, [
      rej(3, undefined, undefined, "GD0003,2022-03-01 09:05:00,,投诉", "the row has 4 columns, the header has 6"),
      rej(5, undefined, undefined, "GD0004,2022-03-01 09:05:00,,投诉,,备注,多余", "the row has 7 columns, the header has 6")
    ])
    expect(r.report).toMatchObject({ read: 4, accepted: 2, rejected: 2 })
  })

  it("25 bad dates: impossible days, times and words", async () => {
    const r = await ok(text([H, "GD1,2022-02-30 09:00:00,,投诉,,", "GD2,2022/2/30 9:00,,投诉,,", "GD3,2022-03-01 09:00:00,2022-03-01 25:00,投诉,,", "GD4,昨天,,投诉,,"].join("\n")), {}, [
      rej(2, "受理时间", "acceptedAt", "2022-02-30 09:00:00", "expected a date-time \"YYYY-MM-DD HH:mm:ss\", got \"2022-02-30 09:00:00\""),
      rej(3, "受理时间", "acceptedAt", "2022/2/30 9:00", "no such day 2022-2-30: \"2022/2/30 9:00\""),
      rej(4, "办结时间", "closedAt", "2022-03-01 25:00", "no such time 25:00:00: \"2022-03-01 25:00\""),
      rej(5, "受理时间", "acceptedAt", "昨天", "not a date (expected e.g. 2022-03-01, 2022/3/1, 2022年3月1日, 2022-3-1 9:05 or an Excel serial): \"昨天\"")
    ])
  })

  it("26 export date formats: Chinese, slashes, full-width, Excel serials", async () => {
    const r = await ok(text([H, "GD1,2022年3月1日 9时5分,２０２２－０３－０２　１０：００：００,投诉,,", "GD2,44621.378472222,44622,咨询,,", "GD3,2022/3/1 下午 3:05,,建议,,"].join("\n")))
    expect(r.records.map((o) => [o.acceptedAt, o.closedAt])).toEqual([
      ["2022-03-01 09:05:00", "2022-03-02 10:00:00"],
      ["2022-03-01 09:05:00", "2022-03-02 00:00:00"],
      ["2022-03-01 15:05:00", null]
    ])
  })

  it("27 numbers: percent, full-width, per-mille; out of range and thousands are rejected", async () => {
    const r = await ok(text([H, "GD1,2022-03-01 09:00:00,,投诉,９８．５％,", "GD2,2022-03-01 09:00:00,,投诉,500‰,", "GD3,2022-03-01 09:00:00,,投诉,\"1,234\",", "GD4,2022-03-01 09:00:00,,投诉,很满意,"].join("\n")), {}, [
      rej(4, "满意度", "rating", "1,234", "Expected a number between 0 and 1, actual 1234"),
      rej(5, "满意度", "rating", "很满意", "expected a number (e.g. 1234, 1,234, 98.5%), got \"很满意\"")
    ])
    expect(r.records.map((o) => o.rating)).toEqual([0.985, 0.5])
  })

  it("28 literal values with padding and full-width spaces; unknown values rejected", async () => {
    const r = await ok(text([H, "GD1,2022-03-01 09:00:00,,\u3000投诉 ,,", "GD2,2022-03-01 09:00:00,,表扬,,"].join("\n")), {}, [
      rej(3, "诉求类型", "category", "表扬", "Expected \"咨询\" | \"求助\" | \"投诉\" | \"建议\", actual \"表扬\"")
    ])
    expect(r.records[0]!.category).toBe("投诉")
  })

  it("29 empty cells and NULL tokens are missing values; a missing required value is rejected", async () => {
    const r = await ok(text([H, "GD1,2022-03-01 09:00:00,NULL,投诉,#N/A,", "GD2, ,\\N,投诉,,", ",2022-03-01 09:00:00,,投诉,,"].join("\n")), {}, [
      rej(3, "受理时间", "acceptedAt", " ", "a value is required, the cell is empty"),
      rej(4, "工单编号", "orderId", "", "a value is required, the cell is empty")
    ])
    // note is Schema.optional: an empty cell leaves it out
    expect(r.records).toEqual([{ orderId: "GD1", acceptedAt: "2022-03-01 09:00:00", closedAt: null, category: "投诉", rating: null }])
  })

  it("30 blank lines are skipped but keep Excel's row numbers", async () => {
    const r = await ok(text(`\n${H}\n\n${A1}\n\n\nGD3,bad,,投诉,,\n,,,,,\n`), {}, [
      rej(7, "受理时间", "acceptedAt", "bad", "not a date (expected e.g. 2022-03-01, 2022/3/1, 2022年3月1日, 2022-3-1 9:05 or an Excel serial): \"bad\"")
    ])
    expect(r.report).toMatchObject({ read: 2, accepted: 1, rejected: 1 })
  })

  it("31 a huge cell (1 MB) across many chunks", async () => {
    const huge = "长".repeat(1_000_000)
    const r = await ok(text(`${H}\nGD1,2022-03-01 09:00:00,,投诉,,"${huge}"\n${A2}\n`), { chunkBytes: 65536 })
    expect(r.records[0]!.note).toHaveLength(1_000_000)
    expect(r.records[1]).toEqual(A2_RECORD)
  })

  it("32 a rejected huge cell is shown cut to 200 characters", async () => {
    const value = `${"9".repeat(200)}… (1000000 characters)`
    await ok(text(`${H}\nGD1,${"9".repeat(1_000_000)},,投诉,,\n`), {}, [
      rej(2, "受理时间", "acceptedAt", value, `not a date (expected e.g. 2022-03-01, 2022/3/1, 2022年3月1日, 2022-3-1 9:05 or an Excel serial): "${"9".repeat(60)}…"`)
    ])
  })

  it("33 two exports joined: a BOM and the header again mid-file", async () => {
    const r = await ok(corpus("concatenated-bom-midfile.csv"), {}, [
      rej(4, undefined, undefined, `\uFEFF${H}`, "the header row repeats here (were two files joined?)")
    ])
    expect(r.records.map((o) => o.orderId)).toEqual(["GD0001", "GD0002", "GD0003"])
  })

  it("34 a stray BOM at the start of a cell is trimmed", async () => {
    const r = await ok(text(`${H}\n\uFEFFGD0001,2022-03-01 09:05:00,,投诉,\uFEFF50%,\n`))
    expect(r.records[0]).toMatchObject({ orderId: "GD0001", rating: 0.5 })
  })
})

describe("CSV corpus: headers and empty files", () => {
  it("35 an empty file", async () => {
    const e = await failure(corpus("empty.csv"), { name: "t.csv" })
    expect(e.reason).toBe("Header")
    expect(e.message).toBe("t.csv: row 1: the source is empty: no header row [Header]")
  })

  it("36 a file holding only a BOM", async () => {
    expect((await failure(corpus("bom-only.csv"))).detail).toBe("the source is empty: no header row")
  })

  it("37 a header-only file loads nothing, completely", async () => {
    const r = await ok(corpus("header-only.csv"))
    expect(r.report).toMatchObject({ read: 0, accepted: 0, rejected: 0, rejections: [] })
    expect((await ok(text(H))).report.read).toBe(0)
  })

  it("38 a missing required header", async () => {
    const e = await failure(text(`工单编号,诉求类型\nGD1,投诉\n`))
    expect(e.reason).toBe("Header")
    expect(e.message).toBe(
      "t.csv: row 1, column \"受理时间\": missing required columns \"受理时间\" (acceptedAt), \"办结时间\" (closedAt), \"满意度\" (rating); the header has \"工单编号\", \"诉求类型\" [Header]"
    )
  })

  it("39 a missing optional column is fine", async () => {
    const r = await ok(text(`工单编号,受理时间,办结时间,诉求类型,满意度\nGD1,2022-03-01 09:00:00,,投诉,\n`))
    expect(r.records).toEqual([{ orderId: "GD1", acceptedAt: "2022-03-01 09:00:00", closedAt: null, category: "投诉", rating: null }])
  })

  it("40 a duplicated mapped header", async () => {
    const e = await failure(text(`${H},受理时间\n`))
    expect(e.reason).toBe("Header")
    expect(e.column).toBe("受理时间")
    expect(e.detail).toBe("column \"受理时间\" appears 2 times (columns 2, 7); which one is acceptedAt?")
  })

  it("41 a duplicated unmapped header is ignored and reported", async () => {
    const r = await ok(text(`${H},来电号码,来电号码\n${A1},1,2\n`))
    expect(r.records).toEqual([A1_RECORD])
    expect(r.report.ignoredColumns).toEqual(["来电号码", "来电号码"])
  })

  it("42 a title row above the header (skipRows) keeps row numbers", async () => {
    const r = await ok(text(`2022年12345热线工单明细,,,,,\n${H}\n${A1}\nGD3,bad,,投诉,,\n`), { skipRows: 1 }, [
      rej(4, "受理时间", "acceptedAt", "bad", NOT_A_DATE)
    ])
    expect(r.records).toEqual([A1_RECORD])
  })

  it("43 a file without a header, given its column names", async () => {
    const r = await ok(text(`${A1}\nGD3,bad,,投诉,,\n`), { headers: H.split(",") }, [rej(2, "受理时间", "acceptedAt", "bad", NOT_A_DATE)])
    expect(r.records).toEqual([A1_RECORD])
  })

  it("44 padded and full-width headers still match", async () => {
    const r = await ok(text(` 工单编号 ,受理时间\u3000,办结时间,诉求类型,满意度,备注\n${A1}\n`))
    expect(r.records).toEqual([A1_RECORD])
  })
})

describe("CSV: policies, errors and facades", () => {
  it("45 fail-fast names file, row, column, value and why", async () => {
    const e = await failure(text(`${H}\n${A1}\nGD3,2022/2/30,,投诉,,\n`), { policy: ErrorPolicy.failFast })
    expect(e.reason).toBe("Decode")
    expect(e.message).toBe("t.csv: row 3, column \"受理时间\" (acceptedAt), value \"2022/2/30\": no such day 2022-2-30: \"2022/2/30\" [Decode]")
  })

  it("46 too many rejections", async () => {
    const e = await failure(text(`${H}\nA,x,,投诉,,\nB,x,,投诉,,\nC,x,,投诉,,\n`), { policy: ErrorPolicy.collect({ max: 2 }) })
    expect(e.reason).toBe("TooManyRejections")
    expect(e.row).toBe(4)
    expect(e.detail).toMatch(/^3 rows rejected, more than the 2 allowed/)
  })

  it("47 a missing file is an Io error naming it", async () => {
    const e = await failure("/nonexistent/orders.csv", { name: undefined })
    expect(e.reason).toBe("Io")
    expect(e.source).toBe("/nonexistent/orders.csv")
    expect(e.message).toMatch(/^\/nonexistent\/orders\.csv: cannot read \/nonexistent\/orders\.csv: ENOENT/)
  })

  it("48 a stream that fails midway is an Io error, with the rows before it reported", async () => {
    const stream = Readable.from((async function*() {
      yield Buffer.from(`${H}\n${A1}\n`)
      throw new Error("connection reset")
    })())
    const l = CsvSource.load(stream, { schema: Order, mapping, name: "t.csv" })
    const exit = await Effect.runPromise(Effect.either(Stream.runCollect(l.records)))
    expect(exit._tag).toBe("Left")
    expect(exit._tag === "Left" && exit.left.reason).toBe("Io")
    expect(await Effect.runPromise(l.report)).toMatchObject({ complete: false })
  })

  it("49 the async iterator reads as the loop asks and reports at the end", async () => {
    const it = CsvSource.iterate(text(`${H}\n${A1}\n${A2}\nGD3,bad,,投诉,,\n`), { schema: Order, mapping, name: "t.csv" })
    const ids: Array<string> = []
    for await (const o of it) ids.push(o.orderId)
    expect(ids).toEqual(["GD0001", "GD0002"])
    expect(await it.report).toMatchObject({ read: 3, accepted: 2, rejected: 1, complete: true })
  })

  it("50 CsvSource.rows gives raw rows with Excel row numbers", async () => {
    const rows = await Effect.runPromise(Stream.runCollect(CsvSource.rows(text(`${H}\n\n${A1}\n`))))
    expect([...rows].map((r) => r.row)).toEqual([1, 2, 3])
    expect([...rows][2]!.cells[0]).toBe("GD0001")
  })

  it("51 Source.fold over a CSV in one pass", async () => {
    const { report, state } = await Effect.runPromise(
      CsvSource.fold(text(`${H}\n${A1}\n${A2}\n`), { schema: Order, mapping }, 0, (n, o) => n + (o.closedAt === null ? 0 : 1))
    )
    expect(state).toBe(1)
    expect(report.accepted).toBe(2)
  })
})

describe("CSV: memory stays flat (backpressure)", () => {
  it("52 reads only as far as the consumer has pulled", async () => {
    let produced = 0
    const chunk = Buffer.from(`${A1}\n`.repeat(2000))
    const stream = Readable.from((function*() {
      yield Buffer.from(`${H}\n`)
      for (let i = 0; i < 1000; i++) {
        produced++
        yield chunk
      }
    })())
    const l = CsvSource.load(stream, { schema: Order, mapping })
    const first = await Effect.runPromise(Stream.runCollect(Stream.take(l.records, 10)))
    expect(first.length).toBe(10)
    // 10 records need the first chunk or two, not the 2,000,000 rows on offer
    expect(produced).toBeLessThan(20)
  })
})

// keep Source imported for the type of RawRow in editors
void Source

describe("CSV: stopping early", () => {
  it("53 closes the input when the consumer stops", async () => {
    let closed = false
    async function* input() {
      try {
        yield `${H}\n`
        for (let i = 0; i < 1000; i++) yield `${A1}\n`.repeat(100)
      } finally {
        closed = true
      }
    }
    const l = CsvSource.load(input(), { schema: Order, mapping })
    const first = await Effect.runPromise(Stream.runCollect(Stream.take(l.records, 3)))
    expect(first.length).toBe(3)
    expect(closed).toBe(true)
    expect(await Effect.runPromise(l.report)).toMatchObject({ complete: false })
  })
})
