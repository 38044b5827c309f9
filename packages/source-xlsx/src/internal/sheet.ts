/**
 * One worksheet's rows, streamed: `<row>` by `<row>`, each cell turned into the text govplan's
 * schemas read (shared and inline strings, numbers, dates by their number format, booleans, the
 * cached value of a formula), with what the sheet says after its rows (merged cells).
 *
 * @internal
 */
import { SourceError } from "@govplan/source"
import * as Cells from "./cells.js"
import type * as Workbook from "./workbook.js"
import * as Xml from "./xml.js"
import type * as Zip from "./zip.js"

/** The most rows a worksheet can have (Excel 2007 and later). @internal */
export const MAX_ROWS = 1048576

/** @internal */
export interface CellProblem {
  readonly col: number
  readonly reason: string
  readonly value: string
}

/** @internal */
export interface SheetRow {
  readonly row: number
  /** Cell text by column index (0 = A); missing cells are `""`. */
  readonly cells: Array<string>
  readonly hidden: boolean
  readonly problem?: CellProblem | undefined
}

/** @internal */
export interface Merge {
  readonly ref: string
  readonly c1: number
  readonly r1: number
  readonly c2: number
  readonly r2: number
}

/** What is known once the sheet has been read to its end. @internal */
export interface SheetEnd {
  readonly merges: Array<Merge>
  readonly hiddenCols: Set<number>
  done: boolean
}

/** @internal */
export async function* read(
  zip: Zip.Archive,
  wb: Workbook.Workbook,
  sheet: Workbook.SheetInfo,
  source: string,
  end: SheetEnd
): AsyncGenerator<Array<SheetRow>> {
  const limit = (detail: string, row?: number) =>
    new SourceError.SourceError({ reason: "Limit", source, sheet: sheet.name, ...(row !== undefined ? { row } : {}), detail })
  const out: Array<SheetRow> = []
  const strings = wb.sharedStrings
  const styles = wb.styles
  // the row being read
  let rowNumber = 0
  let rowHidden = false
  let cells: Array<string> = []
  let problem: CellProblem | undefined
  // the cell being read
  let col = -1
  let type = "n"
  let style = 0
  let value = ""
  let formula = ""
  let hasValue = false
  let hasFormula = false
  let capture: "v" | "t" | "f" | undefined
  let inInline = false
  let inPhonetic = false
  let inData = false
  let rowsSeen = 0

  const cellValue = (): string => {
    if (!hasValue) {
      if (hasFormula && problem === undefined) {
        problem = { col, reason: `the formula =${formula} has no cached value (the file was not saved by Excel or LibreOffice; open and save it so the value is computed)`, value: `=${formula}` }
      }
      return ""
    }
    switch (type) {
      case "s": {
        const s = strings[Number(value)]
        if (s === undefined && problem === undefined) problem = { col, reason: `shared string ${value} does not exist (the workbook has ${strings.length})`, value }
        return s ?? ""
      }
      case "inlineStr":
      case "str":
        return value
      case "b":
        return value === "1" || value === "true" ? "true" : "false"
      case "e":
        if (problem === undefined) problem = { col, reason: `the cell holds the Excel error ${value}${hasFormula ? ` (from =${formula})` : ""}`, value }
        return value
      case "d":
        return value.replace("T", " ").replace(/Z$/, "")
      default: {
        const kind = styles[style] ?? "number"
        if (kind === "number") return Cells.numberText(value)
        const t = Cells.serialToText(Number(value), kind, wb.date1904)
        if (typeof t === "string") return t
        if (problem === undefined) problem = { col, reason: `a date cell: ${t.problem}`, value }
        return value
      }
    }
  }

  const handlers: Xml.Handlers = {
    open: (n, a, self) => {
      // saxes reports a self-closing element's end too: <row/> and <c/> end in close()
      switch (n) {
        case "c": {
          if (a.r !== undefined) {
            const c = Cells.columnOf(a.r)
            col = c < 0 ? col + 1 : c
          } else col += 1
          type = a.t ?? "n"
          style = a.s === undefined ? 0 : Number(a.s)
          value = ""
          formula = ""
          hasValue = false
          hasFormula = false
          inInline = false
          return
        }
        case "v":
          capture = "v"
          hasValue = true
          return
        case "f":
          hasFormula = true
          capture = self ? undefined : "f"
          return
        case "is":
          inInline = true
          hasValue = true
          return
        case "t":
          if (inInline && !inPhonetic && !self) capture = "t"
          return
        case "rPh":
          inPhonetic = true
          return
        case "row": {
          const r = a.r === undefined ? rowNumber + 1 : Number(a.r)
          rowsSeen++
          if (r > MAX_ROWS || rowsSeen > MAX_ROWS) throw limit(`row ${r} is past row ${MAX_ROWS}, the last an .xlsx sheet can have: the file is damaged or forged`, r)
          rowNumber = r
          rowHidden = a.hidden === "1" || a.hidden === "true"
          cells = []
          problem = undefined
          col = -1
          return
        }
        case "sheetData":
          inData = true
          return
        case "dimension": {
          const last = (a.ref ?? "").split(":").pop() ?? ""
          const ref = Cells.parseRef(last)
          if (ref !== undefined && ref.row > MAX_ROWS) throw limit(`the sheet claims ${ref.row} rows (dimension ${a.ref}), more than the ${MAX_ROWS} an .xlsx sheet can have: the file is damaged or forged`)
          return
        }
        case "col": {
          if (a.hidden === "1" || a.hidden === "true") {
            const min = Number(a.min)
            const max = Math.min(Number(a.max), 16384)
            for (let i = min; i <= max; i++) end.hiddenCols.add(i - 1)
          }
          return
        }
        case "mergeCell": {
          const [from, to] = (a.ref ?? "").split(":")
          const p = from === undefined ? undefined : Cells.parseRef(from)
          const q = to === undefined ? p : Cells.parseRef(to)
          if (p !== undefined && q !== undefined) end.merges.push({ ref: a.ref!, c1: p.col, r1: p.row, c2: q.col, r2: q.row })
          return
        }
      }
    },
    close: (n) => {
      switch (n) {
        case "v":
        case "t":
        case "f":
          capture = undefined
          return
        case "rPh":
          inPhonetic = false
          return
        case "c": {
          if (!inData) return
          const v = cellValue()
          if (v !== "") {
            while (cells.length < col) cells.push("")
            cells[col] = v
          }
          return
        }
        case "row":
          out.push(problem === undefined ? { row: rowNumber, cells, hidden: rowHidden } : { row: rowNumber, cells, hidden: rowHidden, problem })
          return
        case "sheetData":
          inData = false
          return
      }
    },
    text: (t) => {
      if (capture === "v" || capture === "t") value += t
      else if (capture === "f") formula += t
    }
  }
  for await (const _ of Xml.scan(zip.read(sheet.part), handlers, { source, part: `sheet ${JSON.stringify(sheet.name)} (${sheet.part})` })) {
    if (out.length > 0) yield out.splice(0, out.length)
  }
  end.done = true
}
