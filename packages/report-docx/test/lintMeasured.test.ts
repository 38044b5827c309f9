/**
 * The linter's LibreOffice counts, measured: documents of body text under several line-spacing, condensing
 * and document-grid setups go through LibreOffice (headless, private profile, GB font names mapped to
 * free fonts by test/fonts.conf) to PDF, and poppler's `pdftotext -bbox-layout` gives every line's box:
 * the lines of each full page and the characters of each full line are counted and compared with the
 * LibreOffice counts the lines-per-page and chars-per-line rules judge. Word's counts stay modelled
 * (no Word here).
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { delimiter, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Document, LineRuleType, Packer, Paragraph, TextRun } from "docx"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Effect } from "effect"
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate"
import { DocxRenderer, Gbt9704, Lint } from "@govplan/report-docx"
import { appReport } from "./appReport.js"
import * as D from "../src/internal/docx.js"
import * as R from "../src/internal/lintRules.js"

const onPath = (exe: string): boolean => (process.env.PATH ?? "").split(delimiter).some((d) => d !== "" && existsSync(join(d, exe)))
const have = onPath("soffice") && onPath("pdftotext")
const required = process.env.GOVPLAN_REQUIRE_RENDER === "1"
const skip = !have && !required

const G = Gbt9704
// Han characters only: no punctuation for LibreOffice to hang in the margin
const TEXT = "全年完成各项任务群众满意度稳步提升城市更新有序推进民生实事全部办结".repeat(10)

interface Setup {
  readonly name: string
  readonly line?: { readonly line: number; readonly rule: (typeof LineRuleType)[keyof typeof LineRuleType] }
  readonly spacing: number
  readonly grid: { readonly type?: "lines" | "linesAndChars"; readonly linePitch: number; readonly charSpace?: number }
}

const SETUPS: ReadonlyArray<Setup> = [
  { name: "recipe", line: { line: G.LINE, rule: LineRuleType.EXACT }, spacing: G.CHARACTER_SPACING, grid: { linePitch: G.LINE } },
  { name: "exact-600", line: { line: 600, rule: LineRuleType.EXACT }, spacing: G.CHARACTER_SPACING, grid: { linePitch: G.LINE } },
  { name: "not-condensed", line: { line: G.LINE, rule: LineRuleType.EXACT }, spacing: 0, grid: { linePitch: G.LINE } },
  { name: "word-textbook", spacing: 0, grid: { type: "linesAndChars", linePitch: G.LINE, charSpace: -1000 } },
  { name: "single-auto", line: { line: 240, rule: LineRuleType.AUTO }, spacing: G.CHARACTER_SPACING, grid: { linePitch: G.LINE } }
]

const build = (s: Setup) =>
  Packer.toBuffer(
    new Document({
      styles: {
        default: { document: { run: { font: { eastAsia: "仿宋_GB2312", ascii: "Times New Roman", hAnsi: "Times New Roman" }, size: G.SIZE.三号 } } },
        paragraphStyles: [{ id: "Normal", name: "Normal", run: { font: { eastAsia: "仿宋_GB2312", ascii: "Times New Roman", hAnsi: "Times New Roman" }, size: G.SIZE.三号 } }]
      },
      sections: [{
        properties: {
          page: { size: { width: G.PAGE.width, height: G.PAGE.height }, margin: { top: G.MARGIN.top, bottom: G.MARGIN.bottom, left: G.MARGIN.left, right: G.MARGIN.right, header: G.MARGIN.header, footer: G.MARGIN.footer } },
          grid: s.grid
        },
        children: [
          new Paragraph({ alignment: "center", children: [new TextRun({ text: "长寿路街道2022年工作总结", size: G.SIZE.二号, font: { eastAsia: "方正小标宋简体" } })] }),
          ...Array.from({ length: 12 }, () =>
            new Paragraph({
              indent: { firstLine: G.INDENT },
              ...(s.line !== undefined ? { spacing: { before: 0, after: 0, line: s.line.line, lineRule: s.line.rule } } : {}),
              children: [new TextRun({ text: TEXT, size: G.SIZE.三号, characterSpacing: s.spacing, font: { eastAsia: "仿宋_GB2312" } })]
            }))
        ]
      }]
    })
  )

interface Line { readonly xMin: number; readonly yMin: number; readonly text: string }
const PT = 1 / 20
const left = G.MARGIN.left * PT
const bottom = (G.PAGE.height - G.MARGIN.bottom) * PT

/** Lines of the type area per page, from pdftotext's bbox output. */
const pagesOf = (html: string): ReadonlyArray<ReadonlyArray<Line>> =>
  html.split("<page ").slice(1).map((chunk) =>
    [...chunk.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)<\/line>/gs)]
      .map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), text: [...m[3]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join("") }))
      .filter((l) => l.yMin < bottom))

const mode = (xs: ReadonlyArray<number>) => {
  const c = new Map<number, number>()
  for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1)
  return [...c.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
}

describe.skipIf(skip)(skip ? "skipped: LibreOffice or poppler not installed (run .ci/render-deps.sh)" : "Lint: LibreOffice's lines and characters, measured", () => {
  let dir = ""
  const measured: Record<string, { lines: number | undefined; chars: number | undefined }> = {}
  const modelled: Record<string, { lines: number; chars: number }> = {}
  beforeAll(async () => {
    if (!have) throw new Error("GOVPLAN_REQUIRE_RENDER=1 requires soffice and pdftotext for the measured lint counts")
    dir = mkdtempSync(join(tmpdir(), "govplan-lint-measured-"))
    for (const s of SETUPS) {
      const bytes = new Uint8Array(await build(s))
      writeFileSync(join(dir, `${s.name}.docx`), bytes)
      const opened = D.open(bytes)
      if (opened._tag !== "Package") throw new Error(opened.message)
      const counts = R.bodyCounts(opened.pkg, "材料")
      if (counts === undefined) throw new Error(`${s.name}: no body counts`)
      modelled[s.name] = counts.libre
    }
    const fonts = fileURLToPath(new URL("./fonts.conf", import.meta.url))
    const r = spawnSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, ...SETUPS.map((s) => join(dir, `${s.name}.docx`))], {
      env: { ...process.env, FONTCONFIG_FILE: fonts, HOME: dir },
      encoding: "utf8",
      timeout: 180_000
    })
    for (const s of SETUPS) {
      const pdf = join(dir, `${s.name}.pdf`)
      if (!existsSync(pdf)) throw new Error(`LibreOffice did not write ${pdf}: ${r.stdout} ${r.stderr}`)
      const out = join(dir, `${s.name}.html`)
      const t = spawnSync("pdftotext", ["-bbox-layout", pdf, out], { encoding: "utf8" })
      if (t.status !== 0) throw new Error(`pdftotext failed: ${t.stderr}`)
      const pages = pagesOf(readFileSync(out, "utf8"))
      // full pages: all but the last; full lines: those starting at the left margin (not a first line)
      const full = pages.slice(0, -1)
      const lines = full.flatMap((p) => p.filter((l) => Math.abs(l.xMin - left) < 2))
      measured[s.name] = { lines: mode(full.map((p) => p.length)), chars: mode(lines.map((l) => [...l.text].length)) }
    }
    console.log(`LibreOffice measured vs the linter's LibreOffice model: ${SETUPS.map((s) => `${s.name} ${JSON.stringify(measured[s.name])} vs ${JSON.stringify(modelled[s.name])}`).join("; ")}`)
  }, 240_000)

  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true })
  })

  for (const s of SETUPS.filter((x) => x.name !== "single-auto")) {
    it(`${s.name}: the lines of a full page and the characters of a full line are what the linter counts for LibreOffice`, () => {
      expect(measured[s.name]).toEqual(modelled[s.name])
    })
  }

  it("single (auto) spacing: the height of a line is the font's, which the linter models as 1.3 em — the free stand-ins measure 27 lines, the model says 30; both are flagged as not 22", () => {
    // auto spacing takes the face's ascent + descent: Noto Serif CJK (the stand-in for 仿宋) is about
    // 1.45 em, so the count depends on the fonts installed; exact spacing (the standard's) does not
    expect(measured["single-auto"]!.chars).toBe(modelled["single-auto"]!.chars)
    expect(measured["single-auto"]!.lines).toBe(27)
    expect(modelled["single-auto"]!.lines).toBe(30)
    expect(measured["single-auto"]!.lines).not.toBe(G.GRID.lines)
  })

  it("the portable recipe measures 22 × 28; exact 600-twip lines 21; runs not condensed 27; Word's textbook grid 14 characters", () => {
    expect(measured["recipe"]).toEqual({ lines: 22, chars: 28 })
    expect(measured["exact-600"]!.lines).toBe(21)
    expect(measured["not-condensed"]!.chars).toBe(27)
    expect(measured["word-textbook"]!.chars).toBe(14)
  })
})

describe.skipIf(skip)(skip ? "skipped: LibreOffice or poppler not installed (run .ci/render-deps.sh)" : "Lint: where LibreOffice puts the 版记, measured", () => {
  let dir = ""
  const lowest: Record<string, number> = {}
  let findings: ReadonlyArray<Lint.Finding> = []
  beforeAll(async () => {
    if (!have) throw new Error("GOVPLAN_REQUIRE_RENDER=1 requires soffice and pdftotext for the measured lint counts")
    dir = mkdtempSync(join(tmpdir(), "govplan-lint-closing-"))
    const clean = await Effect.runPromise(DocxRenderer.render(appReport(), { layout: "文件" }))
    // the spacer that sets the 版记 down, one line (579 twips) shorter: the section's vAlign bottom stays
    const files = unzipSync(clean)
    const xml = strFromU8(files["word/document.xml"]!)
    expect(xml).toContain(`w:line="11478"`)
    files["word/document.xml"] = strToU8(xml.replace(`w:line="11478"`, `w:line="10899"`))
    const raised = zipSync(files)
    findings = await Effect.runPromise(Lint.lint(raised, { layout: "文件" }))
    writeFileSync(join(dir, "clean.docx"), clean)
    writeFileSync(join(dir, "raised.docx"), raised)
    const fonts = fileURLToPath(new URL("./fonts.conf", import.meta.url))
    const r = spawnSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, join(dir, "clean.docx"), join(dir, "raised.docx")], {
      env: { ...process.env, FONTCONFIG_FILE: fonts, HOME: dir },
      encoding: "utf8",
      timeout: 180_000
    })
    for (const name of ["clean", "raised"]) {
      const pdf = join(dir, `${name}.pdf`)
      if (!existsSync(pdf)) throw new Error(`LibreOffice did not write ${pdf}: ${r.stdout} ${r.stderr}`)
      const t = spawnSync("pdftotext", ["-bbox-layout", pdf, join(dir, `${name}.html`)], { encoding: "utf8" })
      if (t.status !== 0) throw new Error(`pdftotext failed: ${t.stderr}`)
      const html = readFileSync(join(dir, `${name}.html`), "utf8")
      const last = html.split("<page ").at(-1)!
      lowest[name] = Math.max(...[...last.matchAll(/<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((m) => Number(m[1])))
    }
    console.log(`版记's last line, LibreOffice: ${(bottom - lowest["clean"]!).toFixed(1)} pt above the type area's bottom as rendered, ${(bottom - lowest["raised"]!).toFixed(1)} pt with the spacer a line shorter`)
  }, 240_000)

  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true })
  })

  it("LibreOffice ignores the section's bottom alignment: a spacer one line shorter raises the 版记 by that line, as the linter's LibreOffice finding says", () => {
    expect(lowest["raised"]! - lowest["clean"]!).toBeCloseTo(-G.LINE * PT, 0)
    const f = findings.filter((x) => x.rule === "closing-position")
    expect(f.map((x) => x.engines)).toEqual([["LibreOffice"]])
  })
})
