import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs the real CLI, as a user would: `node apps/govplan/bin/govplan.js generate …`. */
const govplan = (...args: Array<string>) => {
  const result = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", "generate", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `govplan-gen-${label}-`))
const digest = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex")

describe("govplan generate", () => {
  it("writes CSV files with Chinese headers and a SQLite database, the same bytes for the same seed", () => {
    const a = tmp("a")
    const b = tmp("b")
    const c = tmp("c")
    const ra = govplan("--out", a)
    expect(ra.stderr).toBe("")
    expect(ra.status).toBe(0)
    expect(ra.stdout).toContain("hotline_order")
    expect(govplan("--out", b).status).toBe(0)
    expect(govplan("--out", c, "--seed", "7").status).toBe(0)

    const csv = path.join(a, "12345工单.csv")
    const [header, first] = fs.readFileSync(csv, "utf8").split("\r\n")
    expect(header).toBe("工单编号,受理时间,来源渠道,诉求类型,问题分类,所属居委,疑难件,办理时限(工作日),办理期限,先行联系,退单次数,工单状态,结案时间,办理结果,核查结果,满意度")
    // the year before first (for 同比), then the plan year
    expect(first).toMatch(/^\d{13},2021-01-01 \d\d:\d\d:\d\d,/)
    expect(fs.readFileSync(csv, "utf8")).toMatch(/\r\n\d{13},2022-01-01 \d\d:\d\d:\d\d,/)
    expect(digest(csv)).toBe(digest(path.join(b, "12345工单.csv")))
    expect(digest(csv)).not.toBe(digest(path.join(c, "12345工单.csv")))

    const manifest = JSON.parse(fs.readFileSync(path.join(a, "manifest.json"), "utf8")) as { tables: Array<{ record: string; file: string; rows: number }> }
    const db = new Database(path.join(a, "govplan.sqlite"), { readonly: true })
    try {
      for (const t of manifest.tables) {
        expect(fs.existsSync(path.join(a, t.file)), t.file).toBe(true)
        const lines = fs.readFileSync(path.join(a, t.file), "utf8").split("\r\n").filter((l) => l !== "").length
        // one header line; quoted cells never hold line breaks in this data
        expect(lines - 1, t.file).toBe(t.rows)
        expect((db.prepare(`SELECT count(*) AS n FROM "${t.record}"`).get() as { n: number }).n, t.record).toBe(t.rows)
      }
      // 20,000 orders of 2022 and 17,600 of 2021 (for 同比)
      expect(manifest.tables.find((t) => t.record === "hotline_order")!.rows).toBe(37_600)
      const byYear = db.prepare(`SELECT substr(acceptedAt, 1, 4) AS y, count(*) AS n FROM hotline_order GROUP BY y ORDER BY y`).all()
      expect(byYear).toEqual([{ y: "2021", n: 17_600 }, { y: "2022", n: 20_000 }])
      const committees = (db.prepare(`SELECT count(DISTINCT committee) AS n FROM integrity_talk_month`).get() as { n: number }).n
      expect(committees).toBe(30)
      const meifang = db.prepare(`SELECT count(*) AS n FROM hotline_order WHERE committee = '梅芳里'`).get() as { n: number }
      expect(meifang.n).toBeGreaterThan(100)
    } finally {
      db.close()
    }
  })

  it("--scale N writes exactly N hotline orders and nothing else", () => {
    const out = tmp("scale")
    const r = govplan("--scale", "5000", "--out", out)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("wrote 5000 12345 orders")
    expect(fs.readdirSync(out).sort()).toEqual(["12345工单.csv", "govplan.sqlite", "manifest.json"])
    const db = new Database(path.join(out, "govplan.sqlite"), { readonly: true })
    try {
      expect((db.prepare("SELECT count(*) AS n, min(acceptedAt) AS lo, max(acceptedAt) AS hi FROM hotline_order").get())).toMatchObject({ n: 5000 })
      const { hi, lo } = db.prepare("SELECT min(acceptedAt) AS lo, max(acceptedAt) AS hi FROM hotline_order").get() as { lo: string; hi: string }
      expect(lo.startsWith("2022-01")).toBe(true)
      expect(hi.startsWith("2022-12")).toBe(true)
    } finally {
      db.close()
    }
  })

  it("rejects bad options with exit code 2 and says why", () => {
    const r = govplan("--scale", "many")
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("--scale needs a whole number")
    expect(govplan("--frobnicate").status).toBe(2)
    expect(govplan("--help").stdout).toContain("usage: govplan generate")
  })

  it("--year runs up to the calendar's last year but one: December's orders fall due in the next year", () => {
    // the calendar covers 2021–2026 (WorkCalendar.CHINA_MAINLAND)
    const late = govplan("--year", "2026", "--out", tmp("y2026"))
    expect(late.status).toBe(2)
    expect(late.stderr).toContain("--year needs a whole number up to 2025")
    // the data holds the year before too: 2021 would need 2020's calendar
    const early = govplan("--year", "2021", "--out", tmp("y2021"))
    expect(early.status).toBe(2)
    expect(early.stderr).toContain("--year must be 2022–2025 (the working-day calendar covers 2021–2026; the data also holds the year before")
    const out = tmp("y2025")
    const ok = govplan("--year", "2025", "--out", out, "--seed", "3")
    expect(ok.stderr).toBe("")
    expect(ok.status).toBe(0)
    const text = fs.readFileSync(path.join(out, "12345工单.csv"), "utf8")
    expect(text.split("\r\n")[1]!).toMatch(/^\d{13},2024-01-01 \d\d:\d\d:\d\d,/)
    expect(text).toMatch(/\r\n\d{13},2025-01-01 \d\d:\d\d:\d\d,/)
  })
})
