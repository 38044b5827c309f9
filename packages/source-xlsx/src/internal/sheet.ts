/**
 * One worksheet's rows, streamed: `<row>` by `<row>`, each cell turned into the text govplan's
 * schemas read (shared and inline strings, numbers, dates by their number format, booleans, the
 * cached value of a formula), with what the sheet says after its rows (merged cells).
 *
 * @internal
 */
import { SourceError } from "@govplan/source"
import * as Bytes from "./bytes.js"
import * as Cells from "./cells.js"
import type * as Workbook from "./workbook.js"
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

// the element names the sheet reader acts on, by their index in the scanner's table
const NAMES = ["c", "v", "f", "is", "t", "rPh", "row", "sheetData", "dimension", "col", "mergeCell"]
const C = 0
const V = 1
const F = 2
const IS = 3
const T = 4
const RPH = 5
const ROW = 6
const SHEET_DATA = 7
const DIMENSION = 8
const COL = 9
const MERGE_CELL = 10

// cell types (the t attribute)
const N = 0
const S = 1
const STR = 2
const INLINE = 3
const B = 4
const E = 5
const D = 6

const typeOf = (buf: Uint8Array, a: number, b: number): number => {
  const len = b - a
  const c = buf[a]
  if (len === 1) return c === 115 ? S : c === 98 ? B : c === 101 ? E : c === 100 ? D : N
  if (Bytes.is(buf, a, b, "str")) return STR
  if (Bytes.is(buf, a, b, "inlineStr")) return INLINE
  return N
}

/** A merged range from its `ref` (`A3:A9`), or undefined. */
const mergeOf = (ref: string): Merge | undefined => {
  const [from, to] = ref.split(":")
  const p = from === undefined ? undefined : Cells.parseRef(from)
  const q = to === undefined ? p : Cells.parseRef(to)
  return p !== undefined && q !== undefined ? { ref, c1: Math.min(p.col, q.col), r1: Math.min(p.row, q.row), c2: Math.max(p.col, q.col), r2: Math.max(p.row, q.row) } : undefined
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
  const at = new Int32Array(4)
  // the row being read
  let rowNumber = 0
  let rowHidden = false
  let cells: Array<string> = []
  let problem: CellProblem | undefined
  // the cell being read
  let col = -1
  let type = N
  let style = 0
  let value = ""
  let index = 0 // a shared string's index, read from the bytes
  let indexOnly = true // the value so far is the digits of `index`
  let formula = ""
  let hasValue = false
  let hasFormula = false
  let capture = 0 // V, T (an inline string's text), F, or -1
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
      case S: {
        const i = indexOnly ? index : Number(value)
        const s = indexOnly || value.trim() !== "" ? strings.get(i) : undefined
        if (s === undefined && problem === undefined) {
          problem = { col, reason: `shared string ${indexOnly ? i : value} does not exist (the workbook has ${strings.length})`, value: indexOnly ? String(i) : value }
        }
        return s ?? ""
      }
      case INLINE:
      case STR:
        return value
      case B:
        return value === "1" || value === "true" ? "true" : "false"
      case E:
        if (problem === undefined) problem = { col, reason: `the cell holds the Excel error ${value}${hasFormula ? ` (from =${formula})` : ""}`, value }
        return value
      case D:
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

  const handlers: Bytes.Handlers = {
    open: (n, buf, a, b, self) => {
      switch (n) {
        case C: {
          let r = -1
          type = N
          style = 0
          for (let p = Bytes.nextAttribute(buf, a, b, at); p >= 0; p = Bytes.nextAttribute(buf, p, b, at)) {
            const ns = at[0]!
            if (at[1]! - ns !== 1) continue
            const vs = at[2]!
            const ve = at[3]!
            const name = buf[ns]
            if (name === 114) {
              // r="C17": the column from its letters
              let c = 0
              let k = vs
              for (; k < ve; k++) {
                const ch = buf[k]!
                if (ch >= 65 && ch <= 90) c = c * 26 + (ch - 64)
                else if (ch >= 97 && ch <= 122) c = c * 26 + (ch - 96)
                else break
              }
              r = c - 1
              if (Bytes.hasAmp(buf, vs, ve)) r = Cells.columnOf(Bytes.text(buf, vs, ve))
            } else if (name === 115) {
              let v = 0
              let ok = ve > vs
              for (let k = vs; k < ve; k++) {
                const d = buf[k]! - 48
                if (d < 0 || d > 9) {
                  ok = false
                  break
                }
                v = v * 10 + d
              }
              style = ok ? v : Number(Bytes.text(buf, vs, ve))
            } else if (name === 116) {
              type = Bytes.hasAmp(buf, vs, ve) ? typeOf(Buffer.from(Bytes.text(buf, vs, ve), "latin1"), 0, Bytes.text(buf, vs, ve).length) : typeOf(buf, vs, ve)
            }
          }
          col = r < 0 ? col + 1 : r
          value = ""
          index = 0
          indexOnly = true
          formula = ""
          hasValue = false
          hasFormula = false
          inInline = false
          return
        }
        case V:
          capture = self ? -1 : V
          hasValue = true
          return
        case F:
          hasFormula = true
          capture = self ? -1 : F
          return
        case IS:
          inInline = true
          hasValue = true
          indexOnly = false
          return
        case T:
          if (inInline && !inPhonetic && !self) capture = T
          return
        case RPH:
          inPhonetic = true
          return
        case ROW: {
          const attrs = Bytes.attributes(buf, a, b)
          const r = attrs.r === undefined ? rowNumber + 1 : Number(attrs.r)
          rowsSeen++
          if (r > MAX_ROWS || rowsSeen > MAX_ROWS) throw limit(`row ${r} is past row ${MAX_ROWS}, the last an .xlsx sheet can have: the file is damaged or forged`, r)
          rowNumber = r
          rowHidden = attrs.hidden === "1" || attrs.hidden === "true"
          cells = []
          problem = undefined
          col = -1
          return
        }
        case SHEET_DATA:
          inData = true
          return
        case DIMENSION: {
          const ref = Bytes.attributes(buf, a, b).ref
          const last = Cells.parseRef((ref ?? "").split(":").pop() ?? "")
          if (last !== undefined && last.row > MAX_ROWS) throw limit(`the sheet claims ${last.row} rows (dimension ${ref}), more than the ${MAX_ROWS} an .xlsx sheet can have: the file is damaged or forged`)
          return
        }
        case COL: {
          const attrs = Bytes.attributes(buf, a, b)
          if (attrs.hidden === "1" || attrs.hidden === "true") {
            const min = Number(attrs.min)
            const max = Math.min(Number(attrs.max), 16384)
            for (let i = min; i <= max; i++) end.hiddenCols.add(i - 1)
          }
          return
        }
        case MERGE_CELL: {
          const ref = Bytes.attributes(buf, a, b).ref
          const m = ref === undefined ? undefined : mergeOf(ref)
          if (m !== undefined) end.merges.push(m)
          return
        }
      }
    },
    close: (n) => {
      switch (n) {
        case V:
        case T:
        case F:
          capture = -1
          return
        case RPH:
          inPhonetic = false
          return
        case C: {
          if (!inData) return
          const v = cellValue()
          if (v !== "") {
            while (cells.length < col) cells.push("")
            cells[col] = v
          }
          return
        }
        case ROW:
          out.push(problem === undefined ? { row: rowNumber, cells, hidden: rowHidden } : { row: rowNumber, cells, hidden: rowHidden, problem })
          return
        case SHEET_DATA:
          inData = false
          return
      }
    },
    text: (buf, a, b, cdata) => {
      if (capture === V) {
        if (indexOnly && type === S && !cdata) {
          for (let k = a; k < b; k++) {
            const d = buf[k]! - 48
            if (d < 0 || d > 9) {
              indexOnly = false
              break
            }
            index = index * 10 + d
          }
          if (indexOnly) return
          value = Bytes.text(buf, a, b)
          return
        }
        indexOnly = false
        value += Bytes.text(buf, a, b, cdata)
      } else if (capture === T) value += Bytes.text(buf, a, b, cdata)
      else if (capture === F) formula += Bytes.text(buf, a, b, cdata)
    }
  }
  for await (const _ of Bytes.scan(zip.read(sheet.part), NAMES, handlers, { source, part: `sheet ${JSON.stringify(sheet.name)} (${sheet.part})` })) {
    if (out.length > 0) yield out.splice(0, out.length)
  }
  end.done = true
}

const MERGE_CELLS = Buffer.from("mergeCells", "latin1")
const MERGE_TAG = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g
const REF = /\bref\s*=\s*(?:"([^"]*)"|'([^']*)')/

/** Whether `buf` holds the end of the merge list after `from`: `</mergeCells>` (any prefix) or a self-closing `<mergeCells …/>`. */
const listEnds = (buf: Buffer, from: number): boolean => {
  for (let at = buf.indexOf(MERGE_CELLS, from); at >= 0; at = buf.indexOf(MERGE_CELLS, at + 1)) {
    let lt = at - 1
    while (lt >= 0 && buf[lt] !== 60 && buf[lt] !== 62) lt--
    if (lt < 0 || buf[lt] !== 60) continue
    if (buf[lt + 1] === 47) return true
    const gt = buf.indexOf(62, at)
    if (gt >= 0 && buf[gt - 1] === 47) return true
  }
  return false
}

/**
 * The merged cells of a sheet, read before its rows (a sheet lists them after its rows, and a merge
 * in the data is filled down as the rows go by): the part is inflated and searched for its
 * `<mergeCells>` element, nothing else is parsed. The rows' own reading lists them again, and the
 * two lists must agree.
 *
 * @internal
 */
export const mergesOf = async (zip: Zip.Archive, sheet: Workbook.SheetInfo): Promise<Array<Merge>> => {
  let tail: Array<Buffer> | undefined
  let prev: Buffer | undefined
  // the pieces are searched in place (nothing copied: this pass makes no garbage but the pieces)
  for await (const chunk of zip.read(sheet.part)) {
    if (tail === undefined) {
      let from: Buffer | undefined
      let at = -1
      // first a name cut in two by the piece boundary (or just before it), then the piece
      if (prev !== undefined && Buffer.concat([prev, chunk.subarray(0, 64)]).indexOf(MERGE_CELLS) >= 0) {
        from = Buffer.concat([prev, chunk])
        at = from.indexOf(MERGE_CELLS)
      } else {
        at = chunk.indexOf(MERGE_CELLS)
        if (at >= 0) from = chunk
      }
      if (from === undefined) {
        prev = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 64)))
        continue
      }
      const lt = from.lastIndexOf(60, at)
      tail = [Buffer.from(from.subarray(lt < 0 ? at : lt))]
      if (listEnds(tail[0]!, 0)) break
    } else {
      tail.push(Buffer.from(chunk))
      if (listEnds(Buffer.concat([prev ?? Buffer.alloc(0), chunk]), 0)) break
    }
    prev = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 64)))
  }
  if (tail === undefined) return []
  const text = Buffer.concat(tail).toString("utf8")
  const merges: Array<Merge> = []
  for (const m of text.matchAll(MERGE_TAG)) {
    const ref = REF.exec(m[1] ?? "")
    const r = ref === null ? undefined : Bytes.unescape(ref[1] ?? ref[2] ?? "")
    const merge = r === undefined ? undefined : mergeOf(r)
    if (merge !== undefined) merges.push(merge)
  }
  return merges
}
