/**
 * Finding the header of a ledger sheet: below title rows ("长寿路街道2022年12345工单台账"), one row or
 * two (a group label merged over the columns it groups, their own names below), and checking it
 * against the sheet's merged cells once they are known (a sheet lists them after its rows).
 *
 * @internal
 */
import { ColumnMapping, SourceError } from "@govplan/source"
import * as Cells from "./cells.js"
import type * as Sheet from "./sheet.js"

/** @internal */
export interface Header {
  /** Row number of the (first) header row. */
  readonly row: number
  /** 1 or 2 header rows. */
  readonly rows: number
  /** Column names by column index. */
  readonly names: ReadonlyArray<string>
  /** How many fields the names name, of the columns the schema and mapping know. */
  readonly known: number
}

/** @internal */
export interface Options {
  readonly headerRow?: number | undefined
  readonly headerRows?: 1 | 2 | undefined
}

const norm = ColumnMapping.normalizeName

/** How many distinct fields the names name (a column and its alias, `工单编号` and `orderId`, count once). */
const score = (names: ReadonlyArray<string>, known: ReadonlyMap<string, string>): number => {
  const fields = new Set<string>()
  for (const s of names) {
    const f = s === "" ? undefined : known.get(norm(s))
    if (f !== undefined) fields.add(f)
  }
  return fields.size
}

const nonEmpty = (cells: ReadonlyArray<string>): number => cells.reduce((n, c) => (c.trim() === "" ? n : n + 1), 0)

/** The names a two-row header gives its columns. @internal */
export const combine = (top: ReadonlyArray<string>, bottom: ReadonlyArray<string>, known: ReadonlyMap<string, string>): Array<string> => {
  const width = Math.max(top.length, bottom.length)
  const names: Array<string> = []
  const bottomCount = new Map<string, number>()
  for (const b of bottom) if (b.trim() !== "") bottomCount.set(norm(b), (bottomCount.get(norm(b)) ?? 0) + 1)
  let group = ""
  for (let j = 0; j < width; j++) {
    const t = (top[j] ?? "").trim()
    const b = (bottom[j] ?? "").trim()
    // a group label merged over several columns sits in the first of them
    if (t !== "") group = t
    else if (b === "") group = ""
    const g = t !== "" ? t : b !== "" ? group : ""
    if (b === "") names.push(t)
    else if (known.has(norm(b))) names.push(b)
    else if (g !== "" && known.has(norm(g + b))) names.push(g + b)
    else names.push((bottomCount.get(norm(b)) ?? 0) > 1 && g !== "" ? g + b : b)
  }
  return names
}

/**
 * The header among a sheet's first rows: the given row, else the row naming the most known columns
 * (the first such), else the first row with two or more cells; two rows when the row below names
 * more known columns together with it (or `headerRows: 2`).
 *
 * @internal
 */
export const detect = (rows: ReadonlyArray<Sheet.SheetRow>, known: ReadonlyMap<string, string>, options: Options): Header | undefined => {
  let at = -1
  if (options.headerRow !== undefined) at = rows.findIndex((r) => r.row === options.headerRow)
  else {
    let best = 0
    for (let i = 0; i < rows.length; i++) {
      const s = score(rows[i]!.cells, known)
      if (s > best) {
        best = s
        at = i
      }
    }
    // a two-row header whose top row names nothing known: the group labels sit above the names
    if (at > 0 && options.headerRows !== 1 && rows[at - 1]!.row === rows[at]!.row - 1) {
      const up = rows[at - 1]!
      const both = combine(up.cells, rows[at]!.cells, known)
      if (score(both, known) > best && nonEmpty(up.cells) > 1) at -= 1
    }
    if (at < 0) at = rows.findIndex((r) => nonEmpty(r.cells) >= 2)
    if (at < 0) at = rows.findIndex((r) => nonEmpty(r.cells) >= 1)
  }
  if (at < 0) return undefined
  const first = rows[at]!
  const single = first.cells.map((c) => c.trim())
  const next = rows[at + 1]
  if (options.headerRows === 2 || (options.headerRows === undefined && next !== undefined && next.row === first.row + 1)) {
    if (next === undefined || next.row !== first.row + 1) return options.headerRows === 2 ? { row: first.row, rows: 2, names: single, known: score(single, known) } : undefined
    const both = combine(first.cells, next.cells, known)
    if (options.headerRows === 2 || score(both, known) > score(single, known)) return { row: first.row, rows: 2, names: both, known: score(both, known) }
  }
  return { row: first.row, rows: 1, names: single, known: score(single, known) }
}

/**
 * Checks the header against the sheet's merged cells: a merge may not run from the header into the
 * data, and every column under a merged header cell must have a name of its own (on the bottom row).
 *
 * @internal
 */
export const checkMerges = (
  header: Header,
  merges: ReadonlyArray<Sheet.Merge>,
  where: { readonly source: string; readonly sheet: string }
): SourceError.SourceError | undefined => {
  const last = header.row + header.rows - 1
  const fail = (m: Sheet.Merge, detail: string) =>
    new SourceError.SourceError({ reason: "Header", source: where.source, sheet: where.sheet, cell: m.ref, row: m.r1, detail })
  for (const m of merges) {
    if (m.r2 < header.row || m.r1 > last) continue
    if (m.r1 < header.row && m.r2 >= header.row) return fail(m, `merged cell ${m.ref} runs from above the header (row ${header.row}) into it`)
    if (m.r2 > last) return fail(m, `merged cell ${m.ref} runs from the header (row${header.rows > 1 ? `s ${header.row}–${last}` : ` ${last}`}) into the data below: unmerge it`)
    if (m.c2 > m.c1) {
      const unnamed: Array<string> = []
      const seen = new Set<string>()
      for (let c = m.c1; c <= m.c2; c++) {
        const name = header.names[c] ?? ""
        if (name === "" || seen.has(name)) unnamed.push(Cells.letters(c))
        seen.add(name)
      }
      if (unnamed.length > 0) {
        return fail(
          m,
          `merged header cell ${m.ref} spans columns ${Cells.letters(m.c1)}–${Cells.letters(m.c2)}, but column${unnamed.length > 1 ? "s" : ""} ${
            unnamed.join(", ")
          } ha${unnamed.length > 1 ? "ve" : "s"} no name of ${unnamed.length > 1 ? "their" : "its"} own ${
            header.rows > 1 ? `in row ${last}` : "(a header merged across columns needs a second header row naming each)"
          }`
        )
      }
    }
  }
  return undefined
}
