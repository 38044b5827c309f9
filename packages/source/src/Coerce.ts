/**
 * Coercions for what real exports contain, as pure functions and as schema transforms.
 *
 * Government exports (Excel on Chinese Windows, city platforms, databases) write
 * dates as `2022/3/1`, `2022-3-1 9:05`, `2022年3月1日 9时5分` or Excel serials,
 * numbers as `1,234`, `98.5%` or full-width `１２３`, and blanks as empty cells or
 * `NULL`. These functions turn such cells into the model's civil strings
 * (`"YYYY-MM-DD"`, `"YYYY-MM-DD HH:mm:ss"`, Shanghai time) and numbers.
 * Each returns `undefined` when the input is not recognizable; the `explain*`
 * functions say why.
 *
 * @since 0.1.0
 */
import { ParseResult, Schema } from "effect"

// ---------------------------------------------------------------------------
// text
// ---------------------------------------------------------------------------

const FULL_WIDTH_RE = /[\uFF01-\uFF5E\u3000]/

/**
 * Full-width ASCII (`０-９`, `Ａ-Ｚ`, `－`, `／`, `：`, `．`, `，`, `％`, U+3000 space)
 * to half-width. Other characters are unchanged.
 *
 * @example
 * ```ts
 * import { Coerce } from "@govplan/source"
 *
 * Coerce.halfWidth("２０２２－０３－０１") // "2022-03-01"
 * ```
 *
 * @since 0.1.0
 */
export const halfWidth = (s: string): string => {
  if (!FULL_WIDTH_RE.test(s)) return s
  let out = ""
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0)
    else if (c === 0x3000) out += " "
    else out += s[i]
  }
  return out
}

/**
 * The cell values read as "no value" by default (after trimming): the empty
 * string, `NULL`, `null`, `\N` (MySQL dumps), `#N/A` and `N/A` (Excel).
 *
 * @since 0.1.0
 */
export const defaultMissing: ReadonlyArray<string> = ["", "NULL", "null", "\\N", "#N/A", "N/A"]

// ---------------------------------------------------------------------------
// numbers
// ---------------------------------------------------------------------------

const PLAIN_NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const GROUPED_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/

/**
 * A number from an export cell: `"1,234"` → 1234, `"98.5%"` → 0.985, `"5‰"` → 0.005,
 * `"１２３"` → 123, `"(1,234)"` → -1234, `" 12 "` → 12. Numbers pass through when finite.
 * Returns `undefined` for anything else (including `NaN`, `Infinity`, `1,23`).
 *
 * @example
 * ```ts
 * import { Coerce } from "@govplan/source"
 *
 * Coerce.toNumber("98.5%") // 0.985
 * Coerce.toNumber("1,234") // 1234
 * ```
 *
 * @since 0.1.0
 */
export const toNumber = (input: unknown): number | undefined => {
  if (typeof input === "number") return Number.isFinite(input) ? input : undefined
  if (typeof input === "bigint") {
    const n = Number(input)
    return Number.isSafeInteger(n) ? n : undefined
  }
  if (typeof input !== "string") return undefined
  let s = input
  // fast path: a plain ASCII number
  if (PLAIN_NUMBER_RE.test(s)) return Number(s)
  s = halfWidth(s).trim()
  let scale = ""
  let negate = false
  if (s.length > 2 && s.charCodeAt(0) === 40 /* ( */ && s.charCodeAt(s.length - 1) === 41 /* ) */) {
    s = s.slice(1, -1).trim()
    negate = true
  }
  const last = s.charCodeAt(s.length - 1)
  if (last === 37 /* % */) {
    scale = "e-2"
    s = s.slice(0, -1).trimEnd()
  } else if (last === 0x2030 /* ‰ */) {
    scale = "e-3"
    s = s.slice(0, -1).trimEnd()
  }
  if (GROUPED_RE.test(s)) s = s.replace(/,/g, "")
  if (!PLAIN_NUMBER_RE.test(s)) return undefined
  if (negate && (s[0] === "-" || s[0] === "+")) return undefined
  let n: number
  if (scale === "") n = Number(s)
  else if (/[eE]/.test(s)) n = Number(s) * (scale === "e-2" ? 0.01 : 0.001)
  else n = Number(s + scale) // exact decimal shift: "98.5e-2" is 0.985, not 0.9850000000000001
  if (!Number.isFinite(n)) return undefined
  return negate ? -n : n
}

// ---------------------------------------------------------------------------
// dates
// ---------------------------------------------------------------------------

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31

const validDay = (y: number, m: number, d: number): boolean =>
  y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)

const pad2 = (n: number): string => (n < 10 ? "0" + n : String(n))
const pad4 = (n: number): string => String(n).padStart(4, "0")

const civilDateOf = (y: number, m: number, d: number): string => `${pad4(y)}-${pad2(m)}-${pad2(d)}`

const SHANGHAI_OFFSET_MS = 8 * 3600_000
const dtf = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23"
})
// China has kept UTC+8 without daylight saving since 1991-09-15.
const FIXED_OFFSET_SINCE = Date.UTC(1991, 8, 15)

/**
 * The Shanghai wall-clock time of an instant, `"YYYY-MM-DD HH:mm:ss"` (what a
 * `timestamptz` column or an ISO string with an offset means in civil time).
 *
 * @since 0.1.0
 */
export const civilDateTimeOfInstant = (instant: Date | number): string | undefined => {
  const t = typeof instant === "number" ? instant : instant.getTime()
  if (!Number.isFinite(t)) return undefined
  if (t >= FIXED_OFFSET_SINCE) {
    const u = new Date(t + SHANGHAI_OFFSET_MS)
    const y = u.getUTCFullYear()
    if (y < 1 || y > 9999) return undefined
    return `${civilDateOf(y, u.getUTCMonth() + 1, u.getUTCDate())} ${pad2(u.getUTCHours())}:${pad2(u.getUTCMinutes())}:${
      pad2(u.getUTCSeconds())
    }`
  }
  const p: Record<string, string> = {}
  for (const part of dtf.formatToParts(new Date(t))) p[part.type] = part.value
  const y = Number(p.year)
  if (!(y >= 1 && y <= 9999)) return undefined
  return `${pad4(y)}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/**
 * An Excel serial in the 1900 date system (Windows Excel's default) to a civil
 * date-time. Serial 1 is 1900-01-01; Excel counts a 1900-02-29 that never
 * existed as serial 60, so serials from 61 on are one day ahead of a plain count
 * and serial 60 itself is rejected. The fraction is the time of day (rounded to
 * the second).
 *
 * @example
 * ```ts
 * import { Coerce } from "@govplan/source"
 *
 * Coerce.fromExcelSerial(44621)        // "2022-03-01 00:00:00"
 * Coerce.fromExcelSerial(44621.385416) // "2022-03-01 09:15:00"
 * Coerce.fromExcelSerial(60)           // undefined (1900-02-29 does not exist)
 * ```
 *
 * @since 0.1.0
 */
export const fromExcelSerial = (serial: number): string | undefined => {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return undefined
  let day = Math.floor(serial)
  let seconds = Math.round((serial - day) * 86400)
  if (seconds >= 86400) {
    day += 1
    seconds -= 86400
  }
  if (day === 60) return undefined
  // days since 1899-12-31 for serials < 60, since 1899-12-30 from 61 on
  const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)
  const u = new Date(base + day * 86400_000 + seconds * 1000)
  const y = u.getUTCFullYear()
  if (y > 9999) return undefined
  return `${civilDateOf(y, u.getUTCMonth() + 1, u.getUTCDate())} ${pad2(u.getUTCHours())}:${pad2(u.getUTCMinutes())}:${
    pad2(u.getUTCSeconds())
  }`
}

const CIVIL_DATE_RE = /^\d{4}-\d{2}-\d{2}$/
const CIVIL_DATE_TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
// 2022-3-1, 2022/3/1, 2022.3.1, then an optional time 9, 9:05, 9:05:07, 9:05:07.123,
// an optional AM/PM marker before or after it, and an optional offset (Z, +08:00, +0800).
const GENERAL_RE =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:\s+|T)(?:(上午|下午|AM|PM)\s*)?(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?(?:\s*(上午|下午|AM|PM))?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/
const SERIAL_RE = /^\d{5}(?:\.\d+)?$/

const chineseToGeneral = (s: string): string =>
  s
    .replace(/\s*年\s*/, "-")
    .replace(/\s*月\s*/, "-")
    .replace(/\s*[日号]\s*/, " ")
    .replace(/\s*[时時点點]\s*/, ":")
    .replace(/\s*分\s*/, ":")
    .replace(/\s*秒\s*/, "")
    .replace(/:+$/, "")
    .trim()

interface Parts {
  readonly y: number
  readonly m: number
  readonly d: number
  readonly time: boolean
  readonly hh: number
  readonly mi: number
  readonly ss: number
}

const NO_TIME = { time: false, hh: 0, mi: 0, ss: 0 } as const

/** Parses a cell into date and time parts; a string reason when it cannot. */
const parseParts = (input: unknown): Parts | string => {
  if (input instanceof Date) {
    const s = civilDateTimeOfInstant(input)
    if (s === undefined) return "not a valid date"
    return partsOfCivil(s)
  }
  if (typeof input === "number") {
    const s = fromExcelSerial(input)
    return s === undefined ? `not an Excel date serial (1 to 2958465, not 60)` : partsOfCivil(s)
  }
  if (typeof input !== "string") return `expected a date, got ${typeof input}`
  let s = input
  if (CIVIL_DATE_RE.test(s)) {
    const y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8, 10)
    return validDay(y, m, d) ? { y, m, d, ...NO_TIME } : `no such day ${s}`
  }
  if (CIVIL_DATE_TIME_RE.test(s)) return partsOfCivil(s)
  s = halfWidth(s).trim()
  if (/[年月日号时時点點分秒]/.test(s)) s = chineseToGeneral(s)
  let m = GENERAL_RE.exec(s)
  if (m !== null) {
    const y = +m[1]!, mo = +m[3]!, d = +m[4]!
    if (!validDay(y, mo, d)) return `no such day ${y}-${mo}-${d}`
    if (m[6] === undefined) return { y, m: mo, d, ...NO_TIME }
    let hh = +m[6]
    const mi = m[7] === undefined ? 0 : +m[7]
    const ss = m[8] === undefined ? 0 : +m[8]
    const ampm = (m[5] ?? m[10])?.toUpperCase()
    if (ampm !== undefined) {
      if (hh < 1 || hh > 12) return `hour ${hh} with ${ampm}`
      if (ampm === "下午" || ampm === "PM") hh = hh === 12 ? 12 : hh + 12
      else hh = hh === 12 ? 0 : hh
    }
    if (hh > 23 || mi > 59 || ss > 59) return `no such time ${hh}:${pad2(mi)}:${pad2(ss)}`
    const offset = m[11]
    if (offset !== undefined) {
      let off = 0
      if (offset.toUpperCase() !== "Z") {
        const digits = offset.replace(":", "")
        off = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits[0] === "-" ? -1 : 1)
      }
      const t = Date.UTC(y, mo - 1, d, hh, mi, ss) - off * 60_000
      const c = civilDateTimeOfInstant(t)
      return c === undefined ? "date out of range" : partsOfCivil(c)
    }
    return { y, m: mo, d, time: true, hh, mi, ss }
  }
  m = COMPACT_RE.exec(s)
  if (m !== null) {
    const y = +m[1]!, mo = +m[2]!, d = +m[3]!
    if (!validDay(y, mo, d)) return `no such day ${y}-${mo}-${d}`
    if (m[4] === undefined) return { y, m: mo, d, ...NO_TIME }
    const hh = +m[4], mi = +m[5]!, ss = m[6] === undefined ? 0 : +m[6]
    if (hh > 23 || mi > 59 || ss > 59) return `no such time ${hh}:${pad2(mi)}:${pad2(ss)}`
    return { y, m: mo, d, time: true, hh, mi, ss }
  }
  if (SERIAL_RE.test(s)) {
    const c = fromExcelSerial(Number(s))
    return c === undefined ? "not an Excel date serial" : partsOfCivil(c)
  }
  return "not a date (expected e.g. 2022-03-01, 2022/3/1, 2022年3月1日, 2022-3-1 9:05 or an Excel serial)"
}

const partsOfCivil = (s: string): Parts | string => {
  const y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8, 10)
  const hh = +s.slice(11, 13), mi = +s.slice(14, 16), ss = +s.slice(17, 19)
  if (!validDay(y, m, d)) return `no such day ${s.slice(0, 10)}`
  if (hh > 23 || mi > 59 || ss > 59) return `no such time ${s.slice(11)}`
  return { y, m, d, time: true, hh, mi, ss }
}

/**
 * Why a cell is not a civil date, or `undefined` when {@link toCivilDate} accepts it.
 *
 * @since 0.1.0
 */
export const explainCivilDate = (input: unknown): string | undefined => {
  const p = parseParts(input)
  if (typeof p === "string") return p
  if (p.time && (p.hh !== 0 || p.mi !== 0 || p.ss !== 0)) {
    return `expected a date, got a time of day ${pad2(p.hh)}:${pad2(p.mi)}:${pad2(p.ss)}`
  }
  return undefined
}

/**
 * A civil date `"YYYY-MM-DD"` from an export cell: `2022-03-01`, `2022/3/1`,
 * `2022.3.1`, `2022年3月1日`, `２０２２－０３－０１`, `20220301`, an Excel serial
 * (a number, or a 5-digit string such as `"44621"`), a `Date`, or a date-time
 * at midnight. A date-time with a time of day is not a date (`undefined`):
 * truncating it would hide data.
 *
 * @example
 * ```ts
 * import { Coerce } from "@govplan/source"
 *
 * Coerce.toCivilDate("2022年3月1日") // "2022-03-01"
 * Coerce.toCivilDate(44621)          // "2022-03-01"
 * Coerce.toCivilDate("2022/2/30")    // undefined
 * ```
 *
 * @since 0.1.0
 */
export const toCivilDate = (input: unknown): string | undefined => {
  if (typeof input === "string" && CIVIL_DATE_RE.test(input)) {
    return validDay(+input.slice(0, 4), +input.slice(5, 7), +input.slice(8, 10)) ? input : undefined
  }
  const p = parseParts(input)
  if (typeof p === "string") return undefined
  if (p.time && (p.hh !== 0 || p.mi !== 0 || p.ss !== 0)) return undefined
  return civilDateOf(p.y, p.m, p.d)
}

/**
 * Why a cell is not a civil date-time, or `undefined` when {@link toCivilDateTime} accepts it.
 *
 * @since 0.1.0
 */
export const explainCivilDateTime = (input: unknown): string | undefined => {
  const p = parseParts(input)
  return typeof p === "string" ? p : undefined
}

/**
 * A civil date-time `"YYYY-MM-DD HH:mm:ss"` (Shanghai) from an export cell:
 * `2022-03-01 09:15:00`, `2022/3/1 9:15`, `2022-3-1 9:05`, `2022年3月1日 9时5分`,
 * `2022/3/1 下午 3:05`, ISO with an offset (`2022-03-01T01:15:00Z` → `09:15:00`),
 * an Excel serial with a fraction, a `Date` (its Shanghai wall-clock time). A date
 * alone means midnight.
 *
 * @example
 * ```ts
 * import { Coerce } from "@govplan/source"
 *
 * Coerce.toCivilDateTime("2022年3月1日 9时5分") // "2022-03-01 09:05:00"
 * Coerce.toCivilDateTime("2022-3-1 9:05")       // "2022-03-01 09:05:00"
 * ```
 *
 * @since 0.1.0
 */
export const toCivilDateTime = (input: unknown): string | undefined => {
  if (typeof input === "string" && CIVIL_DATE_TIME_RE.test(input)) {
    const p = partsOfCivil(input)
    return typeof p === "string" ? undefined : input
  }
  const p = parseParts(input)
  if (typeof p === "string") return undefined
  return `${civilDateOf(p.y, p.m, p.d)} ${pad2(p.hh)}:${pad2(p.mi)}:${pad2(p.ss)}`
}

// ---------------------------------------------------------------------------
// booleans
// ---------------------------------------------------------------------------

const TRUE = new Set(["true", "t", "yes", "y", "1", "是", "对", "真", "√"])
const FALSE = new Set(["false", "f", "no", "n", "0", "否", "错", "假", "×"])

/**
 * A boolean from `true/false`, `yes/no`, `Y/N`, `1/0`, `是/否`, `√/×` (case-insensitive).
 *
 * @since 0.1.0
 */
export const toBoolean = (input: unknown): boolean | undefined => {
  if (typeof input === "boolean") return input
  if (typeof input === "number") return input === 1 ? true : input === 0 ? false : undefined
  if (typeof input !== "string") return undefined
  const s = halfWidth(input).trim().toLowerCase()
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined
}

// ---------------------------------------------------------------------------
// schema transforms
// ---------------------------------------------------------------------------

const transformFromString = <A>(
  to: Schema.Schema<A, A>,
  f: (s: string) => A | undefined,
  explain: (s: string) => string,
  encode: (a: A) => string
) =>
  Schema.transformOrFail(Schema.String, to, {
    strict: true,
    decode: (s, _, ast) => {
      const v = f(s)
      return v === undefined ? ParseResult.fail(new ParseResult.Type(ast, s, explain(s))) : ParseResult.succeed(v)
    },
    encode: (a) => ParseResult.succeed(encode(a))
  })

/**
 * A number from an export cell (`"1,234"`, `"98.5%"`, `"１２３"`), as a schema.
 * Encodes back to a plain number string.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Coerce } from "@govplan/source"
 *
 * Schema.decodeUnknownSync(Coerce.NumberFromExport)("98.5%") // 0.985
 * ```
 *
 * @since 0.1.0
 */
export const NumberFromExport: Schema.Schema<number, string> = transformFromString(
  Schema.Number,
  (s) => toNumber(s),
  (s) => `expected a number (e.g. 1234, 1,234, 98.5%), got ${JSON.stringify(s)}`,
  (n) => String(n)
)

/**
 * A civil date string from an export cell, as a schema (compose with
 * `Civil.CivilDate` for the brand).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Coerce } from "@govplan/source"
 *
 * Schema.decodeUnknownSync(Coerce.CivilDateFromExport)("2022年3月1日") // "2022-03-01"
 * ```
 *
 * @since 0.1.0
 */
export const CivilDateFromExport: Schema.Schema<string, string> = transformFromString(
  Schema.String,
  (s) => toCivilDate(s),
  (s) => `${explainCivilDate(s) ?? "not a date"}, got ${JSON.stringify(s)}`,
  (s) => s
)

/**
 * A civil date-time string from an export cell, as a schema (compose with
 * `Civil.CivilDateTime` for the brand).
 *
 * @since 0.1.0
 */
export const CivilDateTimeFromExport: Schema.Schema<string, string> = transformFromString(
  Schema.String,
  (s) => toCivilDateTime(s),
  (s) => `${explainCivilDateTime(s) ?? "not a date-time"}, got ${JSON.stringify(s)}`,
  (s) => s
)

/**
 * A boolean from an export cell (`是/否`, `Y/N`, `1/0`, `true/false`), as a schema.
 *
 * @since 0.1.0
 */
export const BooleanFromExport: Schema.Schema<boolean, string> = transformFromString(
  Schema.Boolean,
  (s) => toBoolean(s),
  (s) => `expected yes/no (是/否, Y/N, 1/0, true/false), got ${JSON.stringify(s)}`,
  (b) => (b ? "true" : "false")
)
