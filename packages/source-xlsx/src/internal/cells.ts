/**
 * Cell references and Excel's numbers for dates and times.
 *
 * @internal
 */

/** `"C17"` → column index 2 (0-based) and row 17; `undefined` when it is not a reference. @internal */
export const parseRef = (ref: string): { readonly col: number; readonly row: number } | undefined => {
  let col = 0
  let i = 0
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64)
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96)
    else break
  }
  if (i === 0 || i === ref.length) return i === 0 ? undefined : { col: col - 1, row: 0 }
  const row = Number(ref.slice(i).replace(/\$/g, ""))
  return Number.isInteger(row) ? { col: col - 1, row } : undefined
}

/** The column of a cell reference (`"C17"` → 2, 0-based), or -1 when it starts with no letter. @internal */
export const columnOf = (ref: string): number => {
  let col = 0
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64)
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96)
    else break
  }
  return col - 1
}

/** Column index (0-based) → letters: 0 → `A`, 27 → `AB`. @internal */
export const letters = (col: number): string => {
  let s = ""
  let n = col + 1
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** What a number format shows a number as. @internal */
export type Kind = "number" | "date" | "time" | "datetime"

const BUILTIN: Record<number, Kind> = {
  14: "date", 15: "date", 16: "date", 17: "date", 18: "time", 19: "time", 20: "time", 21: "time", 22: "datetime",
  27: "date", 28: "date", 29: "date", 30: "date", 31: "date", 32: "time", 33: "time", 34: "time", 35: "time", 36: "date",
  45: "time", 46: "time", 47: "time", 50: "date", 51: "date", 52: "date", 53: "date", 54: "date", 55: "time", 56: "time",
  57: "date", 58: "date"
}

/** The kind of a number format: built-in ids by the table, custom codes by their date and time letters. @internal */
export const kindOf = (numFmtId: number, code: string | undefined): Kind => {
  if (code === undefined) return BUILTIN[numFmtId] ?? "number"
  // the first section; quoted text, escapes, colours and conditions are not letters of the format
  const section = code.split(";")[0]!.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[(?![hms]+\])[^\]]*\]/gi, "")
  if (/general/i.test(section) && !/[yd]/i.test(section)) return "number"
  const date = /[yd]|e(?![+-])|[年月日]/i.test(section)
  const time = /[hs]|[时分秒]/i.test(section) || /am\/pm|上午\/下午/i.test(section)
  if (date && time) return "datetime"
  if (date) return "date"
  if (time) return "time"
  // "m" alone (or "mm") is a month
  return /m/i.test(section) ? "date" : "number"
}

const pad = (n: number) => (n < 10 ? "0" + n : String(n))

/** The largest serial Excel shows as a date: 9999-12-31. @internal */
export const MAX_SERIAL = 2958465

/**
 * An Excel serial as the civil text govplan's schemas read (`2022-03-01`, `2022-03-01 08:30:00`,
 * `08:30:00`), or why it cannot be one.
 *
 * The 1900 date system counts 1900-01-01 as day 1 and, copying Lotus 1-2-3, has a 29 February 1900
 * (day 60) that never was: days 1–59 are a day off the 1899-12-30 epoch that is right from day 61 on,
 * and day 60 is no date. The 1904 system (old Mac workbooks) counts from 1904-01-01 as day 0.
 *
 * @internal
 */
export const serialToText = (serial: number, kind: Kind, date1904: boolean): string | { readonly problem: string } => {
  if (!Number.isFinite(serial) || serial < 0) return { problem: `${serial} is not a date serial (negative)` }
  if (serial > MAX_SERIAL) return { problem: `${serial} is past 9999-12-31, the last date Excel has` }
  let days = Math.floor(serial)
  let seconds = Math.round((serial - days) * 86400)
  if (seconds === 86400) {
    days += 1
    seconds = 0
  }
  const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`
  if (kind === "time" && days === 0) return time
  if (date1904) days += 1462
  else if (days === 60) return { problem: "day 60 of Excel's 1900 date system is 1900-02-29, a day that never was (Lotus 1-2-3's leap-year bug)" }
  else if (days < 60) days += 1
  const d = new Date(Date.UTC(1899, 11, 30) + days * 86400000)
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  return kind === "date" && seconds === 0 ? date : `${date} ${time}`
}

/** A number as the shortest text that reads back as the same double (`0.1`, not `0.10000000000000001`). @internal */
export const numberText = (v: string): string => {
  const n = Number(v)
  return Number.isFinite(n) ? String(n) : v
}
