/**
 * Child process of scripts/bench-xlsx.mjs (bundled with esbuild from the TypeScript sources).
 *
 *   generate CSV XLSX       the 12345 CSV of bench-csv.worker.ts as the platform's .xlsx export: a title
 *                           row, the header, shared strings, the three times as date-formatted serials and
 *                           the two counts as numbers (exceljs's streaming writer)
 *   govplan XLSX            XlsxSource.load → decode (Urban.HotlineOrder) → Kpi.evaluate, one pass
 *   exceljs XLSX            exceljs's streaming WorkbookReader, counting rows (read only)
 *   write DIR               the app's Excel out (apps/govplan/src/Excel.ts) on the seed data in DIR (generated
 *                           if missing): the scorecard workbook, and an empty ledger per record type
 *                           (its code lists taken from the seed first, timed apart)
 *   sheetjs XLSX            SheetJS (xlsx 0.18.5, dev-only baseline): readFile (whole workbook, dense) +
 *                           sheet_to_json of the rows as arrays of raw values (read only)
 *
 * Prints one JSON line with the results.
 */
import { createReadStream } from "node:fs"
import { createRequire } from "node:module"
import ExcelJS from "exceljs"
import Papa from "papaparse"
import type { Schema } from "effect"
import * as Urban from "@govplan/pillars/urban"
import { ErrorPolicy } from "@govplan/source"
import { XlsxSource } from "@govplan/source-xlsx"
import { evaluateAndPrint, mapping } from "./bench-hotline.shared.js"

const [mode, file, out] = process.argv.slice(2)

const kinds = new Map(Urban.HotlineOrder.columns.map((c) => [c.header, c.field]))
const DATE_FIELDS = new Set(["acceptedAt", "dueAt", "closedAt"])
const INT_FIELDS = new Set(["limitDays", "returns"])

const generate = async (csv: string, xlsx: string) => {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true, useStyles: true })
  const ws = wb.addWorksheet("12345工单")
  let header: Array<string> | undefined
  let fields: Array<string> = []
  ws.addRow(["长寿路街道2022年12345工单台账"]).commit()
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(csv, { highWaterMark: 1 << 20 })
    stream.setEncoding("utf8")
    Papa.parse(stream as unknown as File, {
      step: (r: { data: Array<string> }) => {
        const cells = r.data
        if (cells.length === 1 && cells[0] === "") return
        if (header === undefined) {
          header = cells
          fields = cells.map((h) => kinds.get(h) ?? "")
          ws.addRow(cells).commit()
          return
        }
        const row = ws.addRow(cells.map((c, i) => {
          const f = fields[i]!
          if (c === "") return null
          if (DATE_FIELDS.has(f)) return new Date(c.replace(" ", "T") + "Z")
          if (INT_FIELDS.has(f)) return Number(c)
          return c
        }))
        for (let i = 0; i < fields.length; i++) if (DATE_FIELDS.has(fields[i]!)) row.getCell(i + 1).numFmt = "yyyy-mm-dd hh:mm:ss"
        row.commit()
      },
      complete: () => resolve(),
      error: (e: unknown) => reject(e)
    })
  })
  ws.commit()
  await wb.commit()
}

const govplan = async (path: string) => {
  const t0 = performance.now()
  const load = XlsxSource.load(path, {
    schema: Urban.HotlineOrder.schema as Schema.Schema<object, object>,
    mapping,
    policy: ErrorPolicy.collect({ keep: 20 })
  })
  await evaluateAndPrint(load, t0)
}

const exceljs = async (path: string) => {
  const t0 = performance.now()
  let rows = 0
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: "cache", styles: "cache", worksheets: "emit" })
  for await (const sheet of reader) for await (const _row of sheet) rows++
  const seconds = (performance.now() - t0) / 1000
  console.log(JSON.stringify({ seconds, rows: rows - 2, maxRssMB: process.resourceUsage().maxRSS / 1024 }))
}

const sheetjs = async (path: string) => {
  // the CommonJS build: it has readFile (the ES module build needs set_fs first)
  const XLSX = createRequire(import.meta.url)("xlsx") as typeof import("xlsx")
  const t0 = performance.now()
  const wb = XLSX.readFile(path, { dense: true })
  const ws = wb.Sheets[wb.SheetNames[0]!]!
  const rows = XLSX.utils.sheet_to_json(ws, { header: 1 }).length
  const seconds = (performance.now() - t0) / 1000
  console.log(JSON.stringify({ seconds, rows: rows - 2, maxRssMB: process.resourceUsage().maxRSS / 1024 }))
}

const write = async (dir: string) => {
  const Excel = await import("../apps/govplan/src/Excel.js")
  const Pipeline = await import("../apps/govplan/src/pipeline.js")
  const Sources = await import("../apps/govplan/src/sources.js")
  await Pipeline.ensureSeedData(dir, (line) => console.error(line))
  const seed = await Pipeline.openSeed(dir)
  const plan = await Pipeline.loadPlan()
  const { asOf, period } = Pipeline.periodOf(2022)
  const lines = (await Pipeline.scorecard({ plan, records: seed.records, period, asOf })).map((l) => Pipeline.toJsonLine(plan, l))
  const out = `${dir}/excel-out`
  let t = performance.now()
  await Excel.writeScorecard(plan, lines, `${out}/scorecard.xlsx`)
  const scorecardSeconds = (performance.now() - t) / 1000
  t = performance.now()
  const codes = Sources.recordTypes().map((r) => [r, Excel.codesOf(r, seed.records[r.name] ?? [])] as const)
  const codesSeconds = (performance.now() - t) / 1000
  t = performance.now()
  const cpu = process.cpuUsage()
  for (const [r, c] of codes) await Excel.writeTemplate(r, c, `${out}/templates`)
  const templatesSeconds = (performance.now() - t) / 1000
  const used = process.cpuUsage(cpu)
  const templatesCpuSeconds = (used.user + used.system) / 1e6
  seed.close()
  console.log(JSON.stringify({ seconds: scorecardSeconds + templatesSeconds, scorecardSeconds, codesSeconds, templatesSeconds, templatesCpuSeconds, templates: codes.length, indicators: lines.length, maxRssMB: process.resourceUsage().maxRSS / 1024 }))
}

if (mode === "write") await write(file!)
else if (mode === "generate") await generate(file!, out!)
else if (mode === "govplan") await govplan(file!)
else if (mode === "exceljs") await exceljs(file!)
else if (mode === "sheetjs") await sheetjs(file!)
else {
  console.error(`unknown mode ${mode}`)
  process.exit(2)
}
