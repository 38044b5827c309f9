/**
 * Workbooks for the tests, made here: by hand from SpreadsheetML parts (fflate zips them) when a test
 * needs exact XML (inline strings, the 1904 system, forged row counts, damaged parts), by exceljs
 * as an office would, and by LibreOffice from CSV.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { strToU8, zipSync, type Zippable } from "fflate"

const NS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/** Cell styles of {@link book}: 0 general, 1 date (14), 2 date-time (22), 3 yyyy"年"m"月"d"日" (custom), 4 time (20). */
export const STYLE = { general: 0, date: 1, datetime: 2, chineseDate: 3, time: 4 } as const

const stylesXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="20"/></cellXfs></styleSheet>`

/** A worksheet part: rows (`<row>…</row>` XML) and what follows sheetData (merges). */
export const sheetXml = (rows: string, after = "", before = "") =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}>${before}<sheetData>${rows}</sheetData>${after}</worksheet>`

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

/** A row of inline-string / number cells: strings become inline strings, numbers `<v>`, `null` no cell. */
export const row = (r: number, cells: ReadonlyArray<string | number | null>, attrs = "") =>
  `<row r="${r}"${attrs}>${
    cells.map((c, i) => {
      const ref = `${String.fromCharCode(65 + i)}${r}`
      if (c === null) return ""
      if (typeof c === "number") return `<c r="${ref}"><v>${c}</v></c>`
      return `<c r="${ref}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`
    }).join("")
  }</row>`

export interface BookOptions {
  readonly sheets: ReadonlyArray<{ readonly name: string; readonly xml: string; readonly hidden?: boolean }>
  readonly sharedStrings?: ReadonlyArray<string>
  readonly date1904?: boolean
  /** Parts to leave out or replace (by path). */
  readonly parts?: Readonly<Record<string, string | Uint8Array | null>>
}

/** An .xlsx made part by part. */
export const book = (o: BookOptions): Uint8Array => {
  const files: Record<string, string | Uint8Array | null> = {
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${o.date1904 === true ? `<workbookPr date1904="1"/>` : ""}<sheets>${
      o.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.hidden === true ? ` state="hidden"` : ""} r:id="rId${i + 1}"/>`).join("")
    }</sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${
      o.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")
    }<Relationship Id="rS" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rT" Type="${REL}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
    "xl/styles.xml": stylesXml,
    "xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>${(o.sharedStrings ?? []).map((s) => `<si><t>${esc(s)}</t></si>`).join("")}</sst>`,
    ...Object.fromEntries(o.sheets.map((s, i) => [`xl/worksheets/sheet${i + 1}.xml`, s.xml])),
    ...o.parts
  }
  const z: Zippable = {}
  for (const [k, v] of Object.entries(files)) if (v !== null) z[k] = typeof v === "string" ? strToU8(v) : v
  return zipSync(z)
}

/** A zip of arbitrary entries. */
export const zip = (entries: Readonly<Record<string, string | Uint8Array>>, level: 0 | 9 = 9): Uint8Array => {
  const z: Zippable = {}
  for (const [k, v] of Object.entries(entries)) z[k] = [typeof v === "string" ? strToU8(v) : v, { level }]
  return zipSync(z)
}

/** A fresh temporary directory. */
export const tmpdir = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `govplan-xlsx-${label}-`))

/** Whether LibreOffice is installed. */
export const haveSoffice = (() => {
  try {
    execFileSync("soffice", ["--version"], { stdio: "pipe", timeout: 60_000 })
    return true
  } catch {
    return false
  }
})()

/** Converts files with LibreOffice (`soffice --headless --convert-to FORMAT`), a private profile per call. */
export const sofficeConvert = (files: ReadonlyArray<string>, format: string, outDir: string, filter?: string): void => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lo-12-"))
  try {
    execFileSync("soffice", [
      `-env:UserInstallation=file://${profile}`,
      "--headless",
      ...(filter === undefined ? [] : [`--infilter=${filter}`]),
      "--convert-to",
      format,
      "--outdir",
      outDir,
      ...files
    ], { stdio: "pipe", timeout: 180_000 })
  } finally {
    fs.rmSync(profile, { recursive: true, force: true })
  }
}
