/**
 * Excel out: the scorecard as a workbook (`govplan kpi --xlsx FILE`) and empty ledgers (台账) per
 * record type (`govplan template`), written with exceljs, in the layout govplan reads back.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ExcelJS from "exceljs"
import { SchemaAST } from "effect"
import type { Plan } from "@govplan/model"
import { Pillars, type Records } from "@govplan/pillars"
import * as Output from "./Output.js"
import * as Pipeline from "./pipeline.js"

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } }

/** A display width for a column: CJK characters count double, at least `min`, at most `max`. */
const widthOf = (values: ReadonlyArray<unknown>, min = 8, max = 60): number => {
  let w = min
  for (const v of values) {
    const s = v === null || v === undefined ? "" : String(v)
    let n = 0
    for (const ch of s) n += /[\u2e80-\uffff]/.test(ch) ? 2 : 1
    w = Math.max(w, n + 2)
  }
  return Math.min(w, max)
}

const styleHeader = (ws: ExcelJS.Worksheet) => {
  const row = ws.getRow(1)
  row.font = { bold: true }
  row.alignment = { vertical: "middle", wrapText: true }
  row.eachCell((c) => {
    c.fill = HEADER_FILL
  })
}

/**
 * The scorecard as a workbook: a sheet per pillar (its short name), one row per indicator — id, name,
 * value, numerator, denominator, pooled rate, target, status, reason — and for 每月平均 indicators a
 * column per month; rates in a percentage format, the header row and the two id columns frozen.
 */
export const writeScorecard = async (plan: Plan.WorkPlan, lines: ReadonlyArray<Pipeline.JsonLine>, file: string): Promise<void> => {
  const wb = new ExcelJS.Workbook()
  wb.creator = "govplan"
  const pillars = [...new Set(lines.map((l) => l.pillar.number))].sort((a, b) => a - b)
  for (const number of pillars) {
    const mine = lines.filter((l) => l.pillar.number === number)
    const name = (mine[0]!.pillar.name || `支柱${number}`).replace(/[\\/?*[\]:]/g, "").slice(0, 31)
    const months = [...new Set(mine.flatMap((l) => (l.parts ?? []).map((p) => p.period)))].sort()
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] })
    const header = ["指标编号", "指标", "数值", "分子", "分母", "全年合计", "单位", "目标", "状态", "说明", ...months]
    ws.addRow(header)
    for (const l of mine) {
      const byMonth = new Map((l.parts ?? []).map((p) => [p.period, p.value]))
      const value = l.achievedOn !== null ? l.achievedOn : l.value
      ws.addRow([
        l.indicatorId,
        l.name,
        value,
        l.numerator,
        l.denominator,
        l.pooled,
        l.unit,
        l.target,
        Pipeline.statusWords(l.status).split(" ")[0]!,
        l.reason,
        ...months.map((m) => byMonth.get(m) ?? null)
      ])
      const row = ws.lastRow!
      if (l.unit === "%") {
        for (const c of [3, 6, ...months.map((_, i) => 11 + i)]) row.getCell(c).numFmt = "0.00%"
      } else row.getCell(3).numFmt = l.achievedOn !== null ? "@" : "0.##"
    }
    styleHeader(ws)
    ws.columns.forEach((col, i) => {
      const values = [header[i], ...mine.map((_, r) => ws.getRow(r + 2).getCell(i + 1).text)]
      col.width = i === 9 ? 60 : widthOf(values, i >= 10 ? 9 : 8)
    })
    ws.getColumn(10).alignment = { wrapText: true, vertical: "top" }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } }
  }
  // written whole to a temporary file and renamed: a failed write never leaves half a workbook
  Output.writeAtomic(path.resolve(file), new Uint8Array(await wb.xlsx.writeBuffer()))
}

/** The kind of a record column: a civil date, a date-time, an integer, a decimal or text. */
export const kindOf = (record: Records.RecordType, field: string): "date" | "dateTime" | "int" | "real" | "text" => {
  const ast = record.schema.ast
  const prop = ast._tag === "TypeLiteral" ? ast.propertySignatures.find((p) => p.name === field) : undefined
  const ids: Array<string> = []
  const walk = (a: SchemaAST.AST): void => {
    const id = SchemaAST.getIdentifierAnnotation(a)
    if (id._tag === "Some") ids.push(id.value)
    if (a._tag === "Union") a.types.forEach(walk)
    if (a._tag === "Refinement") walk(a.from)
  }
  if (prop !== undefined) walk(prop.type)
  if (ids.includes("CivilDateTime")) return "dateTime"
  if (ids.includes("CivilDate")) return "date"
  const column = record.columns.find((c) => c.field === field)
  return column?.sqlType === "INTEGER" ? "int" : column?.sqlType === "REAL" ? "real" : "text"
}

/** The most values a column may take to be offered as a list (a code: 满意度, 先行联系, 诉求类型 …). */
export const MAX_CODES = 10

/**
 * The code lists of a record type's text columns, from rows of it (the seed data): the values of each
 * text column that takes at most {@link MAX_CODES} distinct values in at least 20 rows.
 */
export const codesOf = (record: Records.RecordType, rows: Iterable<Readonly<Record<string, unknown>>>): Map<string, ReadonlyArray<string>> => {
  const text = record.columns.filter((c) => kindOf(record, c.field) === "text")
  const seen = new Map<string, Set<string>>(text.map((c) => [c.field, new Set()]))
  let n = 0
  for (const row of rows) {
    n++
    for (const [field, set] of seen) {
      if (set.size > MAX_CODES) continue
      const v = row[field]
      if (typeof v === "string" && v !== "") set.add(v)
    }
  }
  const out = new Map<string, ReadonlyArray<string>>()
  if (n < 20) return out
  for (const [field, set] of seen) if (set.size > 1 && set.size <= MAX_CODES) out.set(field, [...set].sort())
  return out
}

const KIND_WORDS = { date: "日期 (YYYY-MM-DD)", dateTime: "日期时间 (YYYY-MM-DD HH:mm:ss)", int: "整数", real: "数字", text: "文本" } as const

/** The pillar formula sheet's lines about a record type: its section (`### … (\`hotline_order\`)`), else the table rows naming it. */
export const formulaLines = (record: Records.RecordType): ReadonlyArray<string> => {
  const pillar = Pillars.all.find((p) => p.records.includes(record))
  if (pillar === undefined) return []
  const file = fileURLToPath(new URL(`../../../packages/pillars/src/${pillar.key}/README.md`, import.meta.url))
  if (!fs.existsSync(file)) return []
  const lines = fs.readFileSync(file, "utf8").split("\n")
  const start = lines.findIndex((l) => l.startsWith("#") && l.includes(`\`${record.name}\``))
  if (start >= 0) {
    const end = lines.findIndex((l, i) => i > start && /^#{1,3} /.test(l))
    return lines.slice(start, end < 0 ? undefined : end).filter((l) => l.trim() !== "")
  }
  return lines.filter((l) => l.startsWith("|") && (l.includes(`\`${record.name}\``) || l.includes(record.file)))
}

/**
 * Zip options for the templates: deflate level 1 (a template is some 20 KB of repetitive XML; the
 * default level 6 took most of the time of `govplan template` and saves a few hundred bytes).
 */
const FAST_ZIP = { zip: { compression: "DEFLATE", compressionOptions: { level: 1 } } } as unknown as ExcelJS.XlsxWriteOptions

/** How many rows of a template carry the data validation and the date formats. */
export const TEMPLATE_ROWS = 5000

/**
 * An empty ledger of a record type: a sheet named after it (its file name, `12345工单`) with the
 * export headers, date formats and data validation (code lists, dates), and a 填表说明 sheet (how to
 * fill it in) from the record's columns and the pillar's formula sheet. Returns the file written.
 */
export const writeTemplate = async (record: Records.RecordType, codes: ReadonlyMap<string, ReadonlyArray<string>>, dir: string): Promise<string> => {
  const wb = new ExcelJS.Workbook()
  wb.creator = "govplan"
  const name = path.parse(record.file).name
  const ws = wb.addWorksheet(name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] })
  ws.addRow(record.columns.map((c) => c.header))
  styleHeader(ws)
  const last = TEMPLATE_ROWS + 1
  const dv = (ws as unknown as { dataValidations: { add: (address: string, v: ExcelJS.DataValidation) => void } }).dataValidations
  record.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1)
    const kind = kindOf(record, c.field)
    const list = codes.get(c.field)
    col.width = widthOf([c.header, ...(list ?? []), kind === "dateTime" ? "2022-01-01 00:00:00" : ""], 10, 40)
    const letter = col.letter
    const range = `${letter}2:${letter}${last}`
    if (kind === "date" || kind === "dateTime") {
      col.numFmt = kind === "date" ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm:ss"
      dv.add(range, {
        type: "date",
        operator: "greaterThan",
        formulae: [new Date(Date.UTC(1900, 0, 1))],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "日期",
        error: `${c.header}: 请填写日期${kind === "dateTime" ? "时间 (如 2022-03-01 08:30:00)" : " (如 2022-03-01)"}`
      })
    } else if (kind === "int" || kind === "real") {
      dv.add(range, {
        type: kind === "int" ? "whole" : "decimal",
        operator: "greaterThanOrEqual",
        formulae: [0],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "数字",
        error: `${c.header}: 请填写${kind === "int" ? "整数" : "数字"}`
      })
    } else if (list !== undefined && list.join(",").length <= 250) {
      dv.add(range, {
        type: "list",
        formulae: [`"${list.join(",")}"`],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: "warning",
        errorTitle: c.header,
        error: `${c.header}: govplan 读取的取值为 ${list.join(" / ")}`
      })
    }
  })
  const help = wb.addWorksheet("填表说明")
  help.addRow([`${record.title}（${record.name}）填表说明`]).font = { bold: true, size: 14 }
  help.addRow([`在「${name}」表第 1 行表头下逐行填写，一行一条记录；可在表头上方加标题行，可按月或按居委分多个同样表头的工作表。日期请按日期格式录入（单元格为日期，不是文字）。govplan 读取：govplan kpi --data-dir <目录>（文件名 ${name}.xlsx）。`])
  help.addRow([])
  help.addRow(["列名", "字段", "类型", "必填", "可选值"])
  help.lastRow!.font = { bold: true }
  for (const c of record.columns) {
    const kind = kindOf(record, c.field)
    help.addRow([c.header, c.field, KIND_WORDS[kind], c.nullable ? "否" : "是", (codes.get(c.field) ?? []).join(" / ")])
  }
  const formulas = formulaLines(record)
  if (formulas.length > 0) {
    help.addRow([])
    help.addRow(["公式表 (packages/pillars 的 formula sheet)"]).font = { bold: true }
    for (const l of formulas) help.addRow([l])
  }
  help.getColumn(1).width = 28
  help.getColumn(2).width = 18
  help.getColumn(3).width = 30
  help.getColumn(4).width = 6
  help.getColumn(5).width = 50
  const file = path.join(dir, `${name}.xlsx`)
  Output.writeAtomic(file, new Uint8Array(await wb.xlsx.writeBuffer(FAST_ZIP)))
  return file
}
