import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/**
 * Runs the real CLI, as a user would: `node apps/govplan/bin/govplan.js <command> …`; asynchronously, so
 * the test worker is not blocked while it runs.
 */
const govplan = (...args: Array<string>) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, ["apps/govplan/bin/govplan.js", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr })))

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-lint-"))
const TITLE = "长寿路街道2022年工作总结"
const material = path.join(tmp, "material", `${TITLE}.docx`)
const file = path.join(tmp, "文件", `${TITLE}-文件.docx`)
const broken = path.join(tmp, "broken.docx")

beforeAll(async () => {
  const data = path.join(tmp, "data")
  for (const [layout, out] of [["material", "material"], ["文件", "文件"]] as const) {
    const r = await govplan("report", "--data", data, "--layout", layout, "--out", path.join(tmp, out), "--doc-number", "长街〔2022〕5号")
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
  }
  // the 材料 with Word's default margins at the top and bottom (25.4 mm) and "第N页" on odd pages
  const files = unzipSync(fs.readFileSync(material))
  files["word/document.xml"] = strToU8(strFromU8(files["word/document.xml"]!).replaceAll(`w:top="2098"`, `w:top="1440"`).replaceAll(`w:bottom="1984"`, `w:bottom="1440"`))
  files["word/footer1.xml"] = strToU8(strFromU8(files["word/footer1.xml"]!).replace("— ", "第").replace(" —", "页"))
  fs.writeFileSync(broken, zipSync(files))
}, 240_000)

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe("govplan lint", () => {
  it("the reports govplan renders lint clean: the material as 材料, the 文件 as 文件 (exit 0)", async () => {
    const a = await govplan("lint", material)
    expect(a.stderr).toBe("")
    expect(a.status).toBe(0)
    expect(a.stdout.trim()).toBe(`${material}: clean (GB/T 9704-2012, 材料)`)
    const b = await govplan("lint", "--layout", "文件", file)
    expect(b.stderr).toBe("")
    expect(b.status).toBe(0)
    expect(b.stdout.trim()).toBe(`${file}: clean (GB/T 9704-2012, 文件)`)
  }, 180_000)

  it("findings: one line each with rule, clause, severity and where (exit 1)", async () => {
    const r = await govplan("lint", broken, material)
    expect(r.status).toBe(1)
    expect(r.stderr).toBe("")
    const lines = r.stdout.trim().split("\n")
    expect(lines[0]).toBe(`${broken}: 3 findings (3 errors, 0 warnings; 材料)`)
    expect(lines[1]).toBe("  §1 margins (5.2.1) error: margins top 25.4 mm (should be 37.0 mm), bottom 25.4 mm (should be 35.0 mm)")
    // the taller type area holds 24 lines of 579 twips
    expect(lines[2]).toMatch(/^ {2}§1 ¶\d+ lines-per-page \(5\.2\.3\) error: lines per page: Word 24, LibreOffice 24, not 22 .* \[Word, LibreOffice\] «.+»$/)
    expect(lines[3]).toBe(`  word/footer1.xml §1 ¶1 page-number-form (7.5) error: the odd-page footer reads "第N页", not "— N —" «第#页»`)
    expect(lines.at(-1)).toBe(`${material}: clean (GB/T 9704-2012, 材料)`)
  }, 180_000)

  it("--json: the findings per file", async () => {
    const r = await govplan("lint", "--json", broken)
    expect(r.status).toBe(1)
    const out = JSON.parse(r.stdout) as ReadonlyArray<{ file: string; findings: ReadonlyArray<{ rule: string; clause: string; where: { part: string } }> }>
    expect(out).toHaveLength(1)
    expect(out[0]!.file).toBe(broken)
    expect(out[0]!.findings.map((f) => f.rule)).toEqual(["margins", "lines-per-page", "page-number-form"])
    expect(out[0]!.findings.map((f) => f.clause)).toEqual(["5.2.1", "5.2.3", "7.5"])
    expect(out[0]!.findings.find((f) => f.rule === "page-number-form")!.where.part).toBe("word/footer1.xml")
  }, 180_000)

  it("a 材料 checked as a 文件 has no 发文机关标志 and no 发文字号", async () => {
    const r = await govplan("lint", "--layout", "文件", material)
    expect(r.status).toBe(1)
    expect(r.stdout).toContain("issuer-mark-red (7.2.4) error: no 发文机关标志 above the title (文件 layout)")
    expect(r.stdout).toContain("doc-number (7.2.5) error: no 发文字号 under the 发文机关标志 (文件 layout)")
  }, 180_000)

  it("an unreadable file: one line on stderr, no stack trace, the other files still checked (exit 3)", async () => {
    const notDocx = path.join(tmp, "notes.docx")
    fs.writeFileSync(notDocx, "plain text")
    const r = await govplan("lint", path.join(tmp, "missing.docx"), notDocx, material)
    expect(r.status).toBe(3)
    expect(r.stderr.trim().split("\n")).toEqual([
      `govplan lint: ${path.join(tmp, "missing.docx")}: cannot read: no such file`,
      `govplan lint: ${notDocx}: cannot read: not a zip archive (invalid zip data)`
    ])
    expect(r.stdout.trim()).toBe(`${material}: clean (GB/T 9704-2012, 材料)`)
  }, 180_000)

  it("usage errors exit 2: no file, a bad --layout, an unknown option", async () => {
    for (const args of [[], ["--layout", "红头", material], ["--strict", material]]) {
      const r = await govplan("lint", ...args)
      expect(r.status).toBe(2)
      expect(r.stderr).toMatch(/^govplan lint: (no file given|--layout needs 材料 or 文件, got "红头"|unknown option "--strict")/)
      expect(r.stderr).toContain("usage: govplan lint")
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    const help = await govplan("lint", "--help")
    expect(help.status).toBe(0)
    expect(help.stdout).toContain("exit codes: 0 no findings, 1 findings (with --fix: left in the copy), 2 usage\nerror, 3 a file could not be read or written")
    expect(help.stdout).toContain("govplan lint --fix IN.docx OUT.docx [--layout 材料|文件]")
  }, 180_000)
})

describe("govplan lint --fix", () => {
  it("writes a copy with the safe subset fixed and the text kept, then lists what is left (exit 0 when nothing is)", async () => {
    const fixed = path.join(tmp, "fixed.docx")
    const r = await govplan("lint", "--fix", broken, fixed)
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toBe(`${broken} → ${fixed}: 3 of 3 findings fixed, 0 left (材料)`)
    const text = (file: string) => (strFromU8(unzipSync(fs.readFileSync(file))["word/document.xml"]!).match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).join("")
    expect(text(fixed)).toBe(text(broken))
    expect((await govplan("lint", fixed)).status).toBe(0)
  }, 180_000)

  it("what --fix cannot fix is left and listed (exit 1); usage: two distinct files", async () => {
    const files = unzipSync(fs.readFileSync(material))
    files["word/document.xml"] = strToU8(strFromU8(files["word/document.xml"]!).replace("二、", "三、").replaceAll(`w:left="1587"`, `w:left="1440"`))
    const input = path.join(tmp, "order.docx")
    fs.writeFileSync(input, zipSync(files))
    const out = path.join(tmp, "order-fixed.docx")
    const r = await govplan("lint", "--fix", input, out)
    expect(r.status).toBe(1)
    const lines = r.stdout.trim().split("\n")
    expect(lines[0]).toMatch(new RegExp(`^${input.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} → .*: \\d+ of \\d+ findings fixed, 2 left \\(材料\\)$`))
    // the second 三、 follows the first
    expect(lines[1]).toMatch(/^ {2}§1 ¶\d+ heading-order \(7\.3\.3\) error: "三、" follows number 1 at level 1 «三、/)
    expect(lines[2]).toMatch(/^ {2}§1 ¶\d+ heading-order \(7\.3\.3\) error: "三、" follows number 3 at level 1 «三、/)
    for (const args of [["--fix", input], ["--fix", input, input]]) {
      const u = await govplan("lint", ...args)
      expect(u.status).toBe(2)
      expect(u.stderr).toMatch(/^govplan lint: --fix (needs two files, IN\.docx and OUT\.docx; got 1|writes a copy: OUT\.docx must differ from IN\.docx)/)
    }
  }, 180_000)
})
