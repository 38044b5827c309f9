/**
 * `govplan kpi --data-dir DIR` (alias `--csv`): a folder of mixed CSV exports and Excel ledgers gives
 * the same scorecard as the CSVs alone; bad combinations and bad cells are reported, not crashed on.
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ExcelJS from "exceljs"
import Papa from "papaparse"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Urban from "@govplan/pillars/urban"

const root = fileURLToPath(new URL("../../../", import.meta.url))

const govplan = (...args: Array<string>): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["apps/govplan/bin/govplan.js", ...args], { cwd: root })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")))
    child.on("error", reject)
    child.on("close", (status) => resolve({ status, stdout, stderr }))
  })

interface Line {
  readonly indicatorId: string
  readonly value: number | null
  readonly numerator: number | null
  readonly denominator: number | null
  readonly status: string
}
const essence = (lines: ReadonlyArray<Line>) => lines.map((l) => ({ id: l.indicatorId, value: l.value, numerator: l.numerator, denominator: l.denominator, status: l.status }))

const work = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-data-dir-"))
const csvDir = path.join(work, "csv")
const mixed = path.join(work, "mixed")
let fromCsv: ReadonlyArray<Line>

const readCsv = (file: string) => Papa.parse<Array<string>>(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data

const DATE_HEADERS = new Set(Urban.HotlineOrder.columns.filter((c) => ["acceptedAt", "dueAt", "closedAt"].includes(c.field)).map((c) => c.header))

/** The hotline CSV as an office keeps it: a title row, a sheet per half-year, times as date cells, counts as numbers. */
const hotlineWorkbook = async (csv: string, out: string, edit?: (ws: ExcelJS.Worksheet) => void) => {
  const [header, ...rows] = readCsv(csv)
  const wb = new ExcelJS.Workbook()
  for (const [name, part] of [["上半年", rows.filter((r) => r[1]! < "2022-07")], ["下半年", rows.filter((r) => r[1]! >= "2022-07")]] as const) {
    const ws = wb.addWorksheet(name)
    ws.addRow([`长寿路街道2022年12345工单台账（${name}）`])
    ws.mergeCells(1, 1, 1, header!.length)
    ws.addRow(header)
    for (const r of part) {
      const row = ws.addRow(r.map((c, i) => {
        if (c === "") return null
        if (DATE_HEADERS.has(header![i]!)) return new Date(c.replace(" ", "T") + "Z")
        return /^\d+$/.test(c) && c.length < 6 ? Number(c) : c
      }))
      header!.forEach((h, i) => {
        if (DATE_HEADERS.has(h)) row.getCell(i + 1).numFmt = "yyyy-mm-dd hh:mm:ss"
      })
    }
    edit?.(ws)
  }
  await wb.xlsx.writeFile(out)
}

/** Record types as sheets (named by file name) of one workbook, all cells text. */
const sheetsWorkbook = async (csvs: ReadonlyArray<string>, out: string) => {
  const wb = new ExcelJS.Workbook()
  for (const csv of csvs) {
    const ws = wb.addWorksheet(path.parse(csv).name)
    for (const r of readCsv(csv)) ws.addRow(r.map((c) => (c === "" ? null : c)))
  }
  await wb.xlsx.writeFile(out)
}

beforeAll(async () => {
  const g = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", "generate", "--out", csvDir], { cwd: root, encoding: "utf8" })
  expect(g.status, g.stderr).toBe(0)
  const base = await govplan("kpi", "--json", "--csv", csvDir)
  expect(base.status, base.stderr).toBe(0)
  fromCsv = JSON.parse(base.stdout) as Array<Line>
  fs.mkdirSync(mixed)
  for (const f of fs.readdirSync(csvDir).filter((f) => f.endsWith(".csv"))) fs.copyFileSync(path.join(csvDir, f), path.join(mixed, f))
  await hotlineWorkbook(path.join(csvDir, "12345工单.csv"), path.join(mixed, "12345工单.xlsx"))
  fs.rmSync(path.join(mixed, "12345工单.csv"))
  const economy = ["企业分层走访台账.csv", "企业工会组建台账.csv"]
  await sheetsWorkbook(economy.map((f) => path.join(csvDir, f)), path.join(mixed, "经济服务台账.xlsx"))
  for (const f of economy) fs.rmSync(path.join(mixed, f))
}, 600_000)

afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe("govplan kpi --data-dir", () => {
  it("a folder of CSVs, a multi-sheet ledger with a title row and a workbook of record-type sheets: the same scorecard as the CSVs", async () => {
    const r = await govplan("kpi", "--json", "--data-dir", mixed)
    expect(r.status, r.stderr).toBe(0)
    const lines = JSON.parse(r.stdout) as Array<Line>
    expect(essence(lines)).toEqual(essence(fromCsv))
    expect(lines.some((l) => l.indicatorId.startsWith("urban.hotline") && (l.denominator ?? 0) > 0)).toBe(true)
    expect(r.stderr).toMatch(/12345工单\.xlsx: read \d+ = accepted \d+ \+ rejected 0/)
    expect(r.stderr).toMatch(/经济服务台账\.xlsx: read \d+ = accepted \d+ \+ rejected 0/)
    expect(r.stderr).not.toMatch(/no data for/)
  }, 300_000)

  it("--csv is an alias of --data-dir (it reads the workbooks too)", async () => {
    const r = await govplan("kpi", "--json", "--csv", mixed)
    expect(r.status, r.stderr).toBe(0)
    expect(essence(JSON.parse(r.stdout) as Array<Line>)).toEqual(essence(fromCsv))
  }, 300_000)

  it("both --csv and --data-dir: a usage error, exit 2", async () => {
    const r = await govplan("kpi", "--csv", mixed, "--data-dir", mixed)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("--csv is another name for --data-dir: give one of them")
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it("a record type both as .csv and .xlsx: refused (exit 3), naming both files", async () => {
    const dir = path.join(work, "both")
    fs.mkdirSync(dir)
    fs.copyFileSync(path.join(csvDir, "12345工单.csv"), path.join(dir, "12345工单.csv"))
    fs.copyFileSync(path.join(mixed, "12345工单.xlsx"), path.join(dir, "12345工单.xlsx"))
    const r = await govplan("kpi", "--data-dir", dir)
    // an ambiguous folder is the data's problem, like a missing or unreadable file: exit 3
    expect(r.status).toBe(3)
    expect(r.stderr).toContain("has 12345市民服务热线工单 (hotline_order) in both 12345工单.csv and 12345工单.xlsx: keep one")
    expect(r.stderr).not.toMatch(/\n\s+at /)
  }, 120_000)

  it("a bad cell in a ledger: the rejection names the file, sheet, cell and value", async () => {
    const dir = path.join(work, "bad")
    fs.mkdirSync(dir)
    await hotlineWorkbook(path.join(csvDir, "12345工单.csv"), path.join(dir, "12345工单.xlsx"), (ws) => {
      if (ws.name === "下半年") ws.getCell("B5").value = "十月一日"
    })
    const r = await govplan("kpi", "--json", "--data-dir", dir)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/12345工单\.xlsx: read \d+ = accepted \d+ \+ rejected 1/)
    expect(r.stderr).toContain(`sheet "下半年", cell B5, column "受理时间" (acceptedAt), value "十月一日"`)
  }, 300_000)
})
