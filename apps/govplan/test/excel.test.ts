/**
 * Excel out: `govplan kpi --xlsx FILE` and `govplan template`, run as a user runs them; the tests open
 * the written workbooks (exceljs) and read a filled-in template back with `govplan kpi --data-dir`.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ExcelJS from "exceljs"
import { strFromU8, unzipSync } from "fflate"
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
  readonly name: string
  readonly pillar: { readonly name: string }
  readonly value: number | null
  readonly unit: string
  readonly status: string
  readonly parts?: ReadonlyArray<{ readonly period: string; readonly value: number | null }>
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-excel-"))
const seed = path.join(work, "seed")
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

beforeAll(async () => {
  const g = await govplan("generate", "--out", seed)
  expect(g.status, g.stderr).toBe(0)
}, 300_000)

describe("govplan kpi --xlsx", () => {
  it("writes a sheet per pillar: indicators with values, targets and statuses, monthly columns, % formats, frozen header, widths", async () => {
    const file = path.join(work, "out", "scorecard.xlsx")
    const r = await govplan("kpi", "--json", "--data", seed, "--xlsx", file)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toContain(`wrote ${file}`)
    const lines = JSON.parse(r.stdout) as Array<Line>
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const pillars = [...new Set(lines.map((l) => l.pillar.name))]
    expect(wb.worksheets.map((w) => w.name)).toEqual(pillars)
    const urban = wb.getWorksheet(lines.find((l) => l.indicatorId.startsWith("urban."))!.pillar.name)!
    const header = (urban.getRow(1).values as Array<unknown>).slice(1)
    expect(header.slice(0, 10)).toEqual(["指标编号", "指标", "数值", "分子", "分母", "全年合计", "单位", "目标", "状态", "说明"])
    expect(header.slice(10)).toEqual(Array.from({ length: 12 }, (_, i) => `2022-${String(i + 1).padStart(2, "0")}`))
    expect(urban.views[0]).toMatchObject({ state: "frozen", ySplit: 1, xSplit: 2 })
    expect(urban.getColumn(2).width).toBeGreaterThan(10)
    const rate = lines.find((l) => l.indicatorId === "urban.hotline.on-time-closure-rate") ??
      lines.find((l) => l.indicatorId.startsWith("urban.hotline") && l.unit === "%" && l.parts !== undefined)!
    const rowNo = urban.getColumn(1).values.findIndex((v) => v === rate.indicatorId)
    expect(rowNo).toBeGreaterThan(1)
    const row = urban.getRow(rowNo)
    expect(row.getCell(2).value).toBe(rate.name)
    expect(row.getCell(3).value).toBeCloseTo(rate.value!, 10)
    expect(row.getCell(3).numFmt).toBe("0.00%")
    expect(row.getCell(9).value).toBe({ achieved: "达标", onTrack: "正常推进", atRisk: "有风险", offTrack: "未达标", noData: "无数据", notAssessed: "定性不评分" }[rate.status])
    const march = rate.parts!.find((p) => p.period === "2022-03")!
    expect(row.getCell(13).value).toBeCloseTo(march.value!, 10)
    expect(row.getCell(13).numFmt).toBe("0.00%")
    const rows = wb.worksheets.reduce((n, w) => n + w.rowCount - 1, 0)
    expect(rows).toBe(lines.length)
  }, 300_000)

  it("--xlsx with a name not ending in .xlsx is a usage error", async () => {
    const r = await govplan("kpi", "--data", seed, "--xlsx", path.join(work, "scorecard.csv"))
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("the file name must end in .xlsx")
  })
})

describe("govplan template", () => {
  const out = path.join(work, "templates")

  it("writes an empty ledger per record type: headers, date formats, validation lists for coded fields, 填表说明", async () => {
    const r = await govplan("template", "--out", out, "--data", seed)
    expect(r.status, r.stderr).toBe(0)
    const files = fs.readdirSync(out).sort()
    expect(files).toContain("12345工单.xlsx")
    expect(files.length).toBe(r.stdout.trim().split("\n").length)
    expect(files.length).toBeGreaterThan(30)
    const file = path.join(out, "12345工单.xlsx")
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    expect(wb.worksheets.map((w) => w.name)).toEqual(["12345工单", "填表说明"])
    const ws = wb.getWorksheet("12345工单")!
    expect((ws.getRow(1).values as Array<unknown>).slice(1)).toEqual(Urban.HotlineOrder.columns.map((c) => c.header))
    expect(ws.rowCount).toBe(1)
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 })
    const col = (header: string) => ws.getColumn(Urban.HotlineOrder.columns.findIndex((c) => c.header === header) + 1)
    expect(col("受理时间").numFmt).toBe("yyyy-mm-dd hh:mm:ss")
    // the validation as Excel stores it
    const xml = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(file)))["xl/worksheets/sheet1.xml"]!)
    const list = (header: string) => {
      const letter = col(header).letter
      const m = new RegExp(`<dataValidation type="list"[^>]*sqref="${letter}2:${letter}5001"><formula1>&quot;([^&]*)&quot;</formula1>`).exec(xml)
      return m?.[1]?.split(",")
    }
    expect(list("满意度")).toEqual(["一般", "不满意", "基本满意", "满意"].sort())
    expect(list("诉求类型")).toEqual(["咨询", "建议", "投诉", "求助"].sort())
    expect(list("先行联系")).toContain("是")
    expect(list("工单编号")).toBeUndefined()
    expect(xml).toMatch(new RegExp(`<dataValidation type="date"[^>]*sqref="${col("受理时间").letter}2:`))
    const help = wb.getWorksheet("填表说明")!
    const text = help.getSheetValues().flat().filter((v) => typeof v === "string").join("\n")
    expect(text).toContain("12345市民服务热线工单（hotline_order）填表说明")
    expect(text).toContain("先行联系率")
    expect(text).toContain("日期时间 (YYYY-MM-DD HH:mm:ss)")
  }, 300_000)

  it("a filled-in template is read back by govplan kpi --data-dir, a bad cell named by sheet and cell", async () => {
    const dir = path.join(work, "filled")
    fs.mkdirSync(dir)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(path.join(out, "12345工单.xlsx"))
    const ws = wb.getWorksheet("12345工单")!
    const headers = Urban.HotlineOrder.columns.map((c) => c.header)
    const at = (h: string) => headers.indexOf(h) + 1
    const fill = (r: number, id: string, accepted: Date | string) => {
      const row = ws.getRow(r)
      row.getCell(at("工单编号")).value = id
      row.getCell(at("受理时间")).value = accepted
      row.getCell(at("来源渠道")).value = "电话"
      row.getCell(at("诉求类型")).value = "投诉"
      row.getCell(at("问题分类")).value = "噪声"
      row.getCell(at("所属居委")).value = "第1居委"
      row.getCell(at("疑难件")).value = "否"
      row.getCell(at("办理时限(工作日)")).value = 5
      row.getCell(at("办理期限")).value = new Date("2022-03-08T23:59:59Z")
      row.getCell(at("先行联系")).value = "是"
      row.getCell(at("退单次数")).value = 0
      row.getCell(at("工单状态")).value = "已办结"
      row.getCell(at("结案时间")).value = new Date("2022-03-04T10:00:00Z")
      row.getCell(at("满意度")).value = "满意"
      row.commit()
    }
    fill(2, "GD1", new Date("2022-03-01T08:30:00Z"))
    fill(3, "GD2", "三月二日")
    await wb.xlsx.writeFile(path.join(dir, "12345工单.xlsx"))
    // one of two rows rejected is far above the 1% limit: --allow-rejects goes on with the good row
    const r = await govplan("kpi", "--json", "--allow-rejects", "--data-dir", dir)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/12345工单\.xlsx: read 2 = accepted 1 \+ rejected 1/)
    expect(r.stderr).toContain(`sheet "12345工单", cell B3, column "受理时间" (acceptedAt), value "三月二日"`)
    const lines = JSON.parse(r.stdout) as Array<Line & { numerator: number | null }>
    expect(lines.find((l) => l.indicatorId === "urban.hotline.first-contact-rate")?.numerator).toBe(1)
  }, 300_000)
})
