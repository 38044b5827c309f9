/**
 * The linter on a corpus the test builds: our own reports (both layouts, clean), documents made with
 * the docx library's defaults (as Word would start them), documents LibreOffice writes from HTML and
 * from .odt, and one broken variant of our 文件 per rule, each flagged by exactly that rule at the
 * paragraph (or part) that was broken.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { delimiter, join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { AlignmentType, Document, Footer, LevelFormat, Packer, PageNumber, Paragraph, TextRun } from "docx"
import { Effect, Either } from "effect"
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate"
import { afterAll, beforeAll } from "vitest"
import type { Report } from "@govplan/report"
import { DocxRenderer, Lint } from "@govplan/report-docx"
import type * as D from "../src/internal/docx.js"
import * as R from "../src/internal/lintRules.js"
import { appReport, head, metadata } from "./appReport.js"

const report = appReport()
const headed: Report.Report = { ...report, metadata: { ...metadata, ...head } }
const renderBytes = (layout: DocxRenderer.Layout, r: Report.Report = headed) => Effect.runPromise(DocxRenderer.render(r, { layout }))

type Files = Record<string, Uint8Array>
const rezip = (files: Files): Uint8Array => zipSync(files)

/** The <w:p> elements of document.xml, in document order (what the linter numbers). */
const paragraphs = (xml: string): ReadonlyArray<{ start: number; end: number; text: string }> => {
  const out: Array<{ start: number; end: number; text: string }> = []
  const re = /<w:p>.*?<\/w:p>|<w:p [^>]*\/>|<w:p [^>]*>.*?<\/w:p>|<w:p\/>/gs
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    out.push({ start: m.index, end: m.index + m[0].length, text: (m[0].match(/<w:t[^>]*>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, "")).join("") })
  }
  return out
}

/**
 * A copy with `edit` applied inside the first paragraph whose text satisfies `which`; returns the bytes
 * and that paragraph's number.
 */
const breakParagraph = (bytes: Uint8Array, which: (text: string) => boolean, edit: (xml: string) => string): { bytes: Uint8Array; paragraph: number } => {
  const files: Files = unzipSync(bytes)
  const xml = strFromU8(files["word/document.xml"]!)
  const ps = paragraphs(xml)
  const i = ps.findIndex((p) => which(p.text))
  expect(i, "paragraph to break").toBeGreaterThanOrEqual(0)
  const p = ps[i]!
  const changed = edit(xml.slice(p.start, p.end))
  expect(changed, "the edit changed the paragraph").not.toBe(xml.slice(p.start, p.end))
  files["word/document.xml"] = strToU8(xml.slice(0, p.start) + changed + xml.slice(p.end))
  return { bytes: rezip(files), paragraph: i + 1 }
}

/** A copy with `edit` applied to a whole part. */
const breakPart = (bytes: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array => {
  const files: Files = unzipSync(bytes)
  const xml = strFromU8(files[part]!)
  const changed = edit(xml)
  expect(changed, `the edit changed ${part}`).not.toBe(xml)
  files[part] = strToU8(changed)
  return rezip(files)
}

const lint = (bytes: Uint8Array, layout: Lint.Layout = "文件") => Effect.runSync(Lint.lint(bytes, { layout }))
const rulesOf = (fs: ReadonlyArray<Lint.Finding>) => [...new Set(fs.map((f) => f.rule))]

describe("Lint: our own reports", () => {
  it.effect("the app report lints clean in both layouts, with and without the 版头's first lines", () =>
    Effect.gen(function*() {
      for (const r of [report, headed]) {
        for (const [layout, as] of [["material", "材料"], ["文件", "文件"]] as const) {
          const bytes = yield* DocxRenderer.render(r, { layout })
          const findings = yield* Lint.lint(bytes, { layout: as })
          expect(findings.map(Lint.format), `${layout}${r === headed ? " with 份号/密级/紧急程度" : ""}`).toEqual([])
        }
      }
    }))

  it.effect("a 材料 linted as a 文件 lacks the 发文机关标志, the 发文字号 and the red rule", () =>
    Effect.gen(function*() {
      const bytes = yield* DocxRenderer.render(report, { layout: "material" })
      const findings = yield* Lint.lint(bytes, { layout: "文件" })
      expect(rulesOf(findings).sort()).toEqual(["doc-number", "issuer-mark-red"])
    }))
})

describe("Lint: broken variants, one per rule", () => {
  let clean: Uint8Array
  beforeAll(async () => {
    clean = await renderBytes("文件")
  })

  const expectOnly = (findings: ReadonlyArray<Lint.Finding>, rule: Lint.RuleId, where: Partial<Lint.Where>) => {
    expect(rulesOf(findings), findings.map(Lint.format).join("\n")).toEqual([rule])
    expect(findings[0]!.where).toMatchObject(where)
    expect(findings[0]!.clause).toBe(Lint.rules[rule].clause)
  }

  it("page-size: US Letter", () => {
    const bytes = breakPart(clean, "word/document.xml", (x) => x.replaceAll(`w:w="11906" w:h="16838"`, `w:w="12240" w:h="15840"`))
    expectOnly(lint(bytes), "page-size", { section: 1 })
  })

  it("margins: 40 mm top and 32 mm bottom (the type area's height unchanged)", () => {
    const bytes = breakPart(clean, "word/document.xml", (x) => x.replaceAll(`w:top="2098"`, `w:top="2268"`).replaceAll(`w:bottom="1984"`, `w:bottom="1814"`))
    const f = lint(bytes)
    expectOnly(f, "margins", { section: 1 })
    expect(f[0]!.message).toContain("top 40.0 mm (should be 37.0 mm)")
  })

  it("type-area: left and right margins each 0.9 mm narrower, 157.8 mm wide", () => {
    const bytes = breakPart(clean, "word/document.xml", (x) => x.replaceAll(`w:right="1474"`, `w:right="1424"`).replaceAll(`w:left="1587"`, `w:left="1537"`))
    expectOnly(lint(bytes), "type-area", { section: 1 })
  })

  it("lines-per-page: 30 pt lines give 21 lines in Word and LibreOffice", () => {
    let bytes = breakPart(clean, "word/document.xml", (x) => x.replaceAll(`w:line="579"`, `w:line="600"`))
    bytes = breakPart(bytes, "word/styles.xml", (x) => x.replaceAll(`w:line="579"`, `w:line="600"`))
    const f = lint(bytes)
    expectOnly(f, "lines-per-page", { section: 1 })
    expect(f[0]!.engines).toEqual(["Word", "LibreOffice"])
    expect(f[0]!.message).toContain("Word 21, LibreOffice 21")
  })

  it("chars-per-line: runs not condensed give 27 characters", () => {
    let bytes = breakPart(clean, "word/document.xml", (x) => x.replaceAll(`<w:spacing w:val="-5"/>`, ""))
    bytes = breakPart(bytes, "word/styles.xml", (x) => x.replaceAll(`<w:spacing w:val="-5"/>`, ""))
    const f = lint(bytes)
    expectOnly(f, "chars-per-line", { section: 1 })
    expect(f[0]!.message).toContain("Word 27, LibreOffice 27")
  })

  it("title-font: the title in 小二", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === metadata.title, (x) => x.replaceAll(`w:val="44"`, `w:val="36"`))
    expectOnly(lint(bytes), "title-font", { paragraph, excerpt: metadata.title })
  })

  it("heading-order: the last level-1 heading skips a number", () => {
    const xml = strFromU8(unzipSync(clean)["word/document.xml"]!)
    const level1 = paragraphs(xml).map((p) => p.text).filter((t) => /^[一二三四五六七八九]、/.test(t))
    const lastText = level1.at(-1)!
    const numerals = "一二三四五六七八九十"
    const next = numerals[numerals.indexOf(lastText[0]!) + 1]!
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === lastText, (x) => x.replace(`${lastText[0]}、`, `${next}、`))
    const f = lint(bytes)
    expectOnly(f, "heading-order", { paragraph })
    expect(f).toHaveLength(1)
  })

  it("heading-font: a level-2 heading in 黑体", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t.startsWith("（一）"), (x) => x.replaceAll("楷体_GB2312", "黑体"))
    const f = lint(bytes)
    expectOnly(f, "heading-font", { paragraph })
    expect(f[0]!.message).toContain("not 楷体")
  })

  it("body-font: a body paragraph in 宋体", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t.length > 60 && !/^[一二三四五六七八九（]/.test(t), (x) => x.replaceAll(`w:eastAsia="仿宋_GB2312"`, `w:eastAsia="宋体"`))
    expectOnly(lint(bytes), "body-font", { paragraph })
  })

  it("page-number-form: \"第N页\" on odd pages", () => {
    const bytes = breakPart(clean, "word/footer1.xml", (x) => x.replace("— ", "第").replace(" —", "页"))
    const f = lint(bytes)
    expectOnly(f, "page-number-form", { part: "word/footer1.xml" })
    expect(f[0]!.message).toContain(`reads "第N页"`)
  })

  it("page-number-font: 3号 page numbers on even pages", () => {
    const bytes = breakPart(clean, "word/footer2.xml", (x) => x.replaceAll(`w:val="28"`, `w:val="32"`))
    expectOnly(lint(bytes), "page-number-font", { part: "word/footer2.xml" })
  })

  it("page-number-position: odd page numbers centred", () => {
    const bytes = breakPart(clean, "word/footer1.xml", (x) => x.replace(`<w:jc w:val="right"/>`, `<w:jc w:val="center"/>`))
    expectOnly(lint(bytes), "page-number-position", { part: "word/footer1.xml" })
  })

  it("page-number-position: different odd and even footers off", () => {
    const bytes = breakPart(clean, "word/settings.xml", (x) => x.replace("<w:evenAndOddHeaders/>", ""))
    expectOnly(lint(bytes), "page-number-position", { part: "word/settings.xml" })
  })

  it("copy-number: 5 digits", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "000001", (x) => x.replace("000001", "00001"))
    expectOnly(lint(bytes), "copy-number", { paragraph: 1, excerpt: "00001" })
    expect(paragraph).toBe(1)
  })

  it("classification: an asterisk for the star", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "秘密★1年", (x) => x.replace("秘密★1年", "秘密*1年"))
    expectOnly(lint(bytes), "classification", { paragraph })
  })

  it("urgency: 紧急 instead of 特急", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "特急", (x) => x.replace("特急", "紧急"))
    expectOnly(lint(bytes), "urgency", { paragraph })
  })

  it("issuer-mark-red: a black 发文机关标志", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === metadata.issuerMark, (x) => x.replace(`<w:color w:val="FF0000"/>`, `<w:color w:val="000000"/>`))
    expectOnly(lint(bytes), "issuer-mark-red", { paragraph })
  })

  it("doc-number: square brackets and a leading zero", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "长街〔2022〕5号", (x) => x.replace("长街〔2022〕5号", "长街[2022]05号"))
    const f = lint(bytes)
    expectOnly(f, "doc-number", { paragraph })
    expect(f[0]!.message).toContain("year in [], not 〔〕; leading zero")
  })

  it("head-rule-red: the rule under the 发文字号 in black", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "长街〔2022〕5号", (x) => x.replace(`w:color="FF0000"`, `w:color="000000"`))
    expectOnly(lint(bytes), "head-rule-red", { paragraph })
  })

  it("date-numerals: 成文日期 in Chinese numerals", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "2022年12月31日", (x) => x.replace("2022年12月31日", "二〇二二年十二月三十一日"))
    expectOnly(lint(bytes), "date-numerals", { paragraph })
  })

  it("attachment-note: a final full stop", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t.startsWith("附件："), (x) => x.replace(/(附件：[^<]*)/, "$1。"))
    expectOnly(lint(bytes), "attachment-note", { paragraph })
  })

  it("punctuation: a half-width comma in a body paragraph", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t.length > 60 && t.includes("，") && !/^[一二三四五六七八九（]/.test(t), (x) => x.replace("，", ","))
    const f = lint(bytes)
    expectOnly(f, "punctuation", { paragraph })
    expect(f[0]!.severity).toBe("warning")
    expect(f[0]!.where.excerpt).toContain(",")
  })

  it("date-indent: the 成文日期 one character right of the 署名's first, not two", () => {
    // the renderer puts 测试街道办事处 at 5380 twips and the date two characters (630) right of it
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "2022年12月31日", (x) => x.replace(`<w:ind w:left="6010"/>`, `<w:ind w:left="5695"/>`))
    const f = lint(bytes)
    expectOnly(f, "date-indent", { paragraph, excerpt: "2022年12月31日" })
    expect(f[0]!.message).toContain("成文日期 starts 1 characters right of the 署名's first (want 2)")
  })

  it("date-indent: a sealed layout (date 右空四字, 署名 centred over it) and right alignment with 2 characters of right indent are accepted; flush right is not", () => {
    const sealed = breakParagraph(clean, (t) => t === "2022年12月31日", (x) => x.replace(`<w:ind w:left="6010"/><w:jc w:val="left"/>`, `<w:ind w:right="1260"/><w:jc w:val="right"/>`))
    const signed = breakParagraph(sealed.bytes, (t) => t === "测试街道办事处", (x) => x.replace(`<w:ind w:left="5380"/><w:jc w:val="left"/>`, `<w:ind w:right="1260"/><w:jc w:val="right"/>`))
    expect(lint(signed.bytes).map(Lint.format)).toEqual([])
    // the date is longer than the 署名 allows: 右空二字 by Word's character units (rightChars), the 署名 two characters left of it
    const right2 = breakParagraph(clean, (t) => t === "2022年12月31日", (x) => x.replace(`<w:ind w:left="6010"/><w:jc w:val="left"/>`, `<w:ind w:rightChars="200" w:right="640"/><w:jc w:val="right"/>`))
    expect(lint(right2.bytes).map(Lint.format)).toEqual([])
    const flush = breakParagraph(clean, (t) => t === "2022年12月31日", (x) => x.replace(`<w:ind w:left="6010"/><w:jc w:val="left"/>`, `<w:jc w:val="right"/>`))
    expectOnly(lint(flush.bytes), "date-indent", { paragraph: flush.paragraph })
  })

  it("table-font: a KPI table's header cell in 宋体", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "完成情况", (x) => x.replaceAll(`w:eastAsia="黑体"`, `w:eastAsia="宋体"`))
    const f = lint(bytes)
    expectOnly(f, "table-font", { paragraph, excerpt: "完成情况" })
    expect(f[0]!.severity).toBe("warning")
    expect(f[0]!.message).toMatch(/^table 1, row 1, cell 3: "完成情况" in 宋体, not 仿宋/)
  })

  it("table-font: a cell in 小二 (larger than 3号)", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t === "状态", (x) => x.replaceAll(`w:val="24"`, `w:val="36"`))
    const f = lint(bytes)
    expectOnly(f, "table-font", { paragraph })
    expect(f[0]!.message).toContain("is 18 pt (小二), larger than 3号")
  })

  it("closing-lines: the 印发日期 two characters from the right edge (its tab stop moved)", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t.endsWith("印发"), (x) => x.replace(`w:pos="8565"`, `w:pos="8285"`))
    const f = lint(bytes)
    expectOnly(f, "closing-lines", { paragraph })
    expect(f[0]!.message).toBe("印发机关和印发日期 (7.4.3): 印发日期 ends 2 characters from the right edge, not 1 (右空一字)")
  })

  it("closing-lines: 抄送 with a half-width colon, flush left", () => {
    const { bytes, paragraph } = breakParagraph(clean, (t) => t.startsWith("抄送"), (x) => x.replace("抄送：", "抄送:").replace(`<w:ind w:left="280" w:right="280"/>`, ""))
    const f = lint(bytes)
    expectOnly(f, "closing-lines", { paragraph })
    expect(f[0]!.message).toContain(`"抄送" followed by ":", not a full-width colon`)
    expect(f[0]!.message).toContain("starts 0 characters from the left edge, not 1")
  })

  it("closing-position: the 版记 one line above the bottom (Word's bottom alignment still sets it down; LibreOffice does not)", () => {
    const bytes = breakPart(clean, "word/document.xml", (x) => x.replace(`w:line="11478"`, `w:line="10899"`))
    const f = lint(bytes)
    expectOnly(f, "closing-position", {})
    expect(f[0]!.engines).toEqual(["LibreOffice"])
    expect(f[0]!.where.excerpt).toContain("测试街道党政办公室")
    // one line (10.2 mm) plus the renderer's 2 mm of slack for the rules
    expect(f[0]!.message).toMatch(/sits 12\.0 mm above the type area's bottom edge in LibreOffice/)
    // and without the section's bottom alignment, in Word too
    const both = lint(breakPart(bytes, "word/document.xml", (x) => x.replace(`<w:vAlign w:val="bottom"/>`, "")))
    expect(both.map((x) => x.engines)).toEqual([["Word", "LibreOffice"]])
  })

  it("closing-position: the 版记's section starts on an odd page; text after the 版记", () => {
    const odd = lint(breakPart(clean, "word/document.xml", (x) => x.replace(`<w:type w:val="evenPage"/>`, `<w:type w:val="oddPage"/>`)))
    expectOnly(odd, "closing-position", {})
    expect(odd[0]!.message).toMatch(/^the 版记 is on page \d+, an odd page \(its section starts on an odd page\)/)
    const after = lint(breakPart(clean, "word/document.xml", (x) => x.replace(/<\/w:tbl><w:sectPr>(?![\s\S]*<w:sectPr>)/, `</w:tbl><w:p><w:r><w:t>以上请审阅。</w:t></w:r></w:p><w:sectPr>`)))
    // the 版记 section now holds more than the 版记, so its unnumbered pages are flagged too
    expect(rulesOf(after)).toEqual(["closing-position", "page-number-form"])
    expect(after[0]!.message).toMatch(/^text after the 版记/)
    expect(after[0]!.where.excerpt).toBe("以上请审阅。")
  })

  it("every rule has a broken variant above", () => {
    const tested = new Set(["page-size", "margins", "type-area", "lines-per-page", "chars-per-line", "title-font", "heading-order", "heading-font", "body-font", "page-number-form", "page-number-font", "page-number-position", "copy-number", "classification", "urgency", "issuer-mark-red", "doc-number", "head-rule-red", "date-numerals", "attachment-note", "punctuation", "date-indent", "table-font", "closing-lines", "closing-position"])
    expect(Object.keys(Lint.rules).filter((r) => !tested.has(r))).toEqual([])
  })
})

describe("Lint: grid rules of Word and LibreOffice", () => {
  const section = (grid: { type?: string; linePitch?: number; charSpace?: number }): D.Section => ({
    index: 1,
    el: { name: "w:sectPr", attrs: {}, children: [] },
    margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 },
    grid,
    start: "nextPage",
    vAlign: "top",
    footers: {}
  })

  it("the portable recipe (exact 579, runs -5, no character grid) gives 22 × 28 in both", () => {
    const c = R.gridCounts(section({ linePitch: 579 }), { line: 579, lineRule: "exact", snap: true, size: 32, spacing: -5, normalSize: 32 })
    expect(c).toEqual({ word: { lines: 22, chars: 28 }, libre: { lines: 22, chars: 28 } })
  })

  it("Word's textbook recipe (linesAndChars, negative charSpace) gives 22 × 28 in Word but 14 characters in LibreOffice", () => {
    const c = R.gridCounts(section({ type: "linesAndChars", linePitch: 579, charSpace: -1000 }), { snap: true, size: 32, spacing: 0, normalSize: 32 })
    expect(c).toEqual({ word: { lines: 22, chars: 28 }, libre: { lines: 22, chars: 14 } })
  })
})

/** A document with the docx library's defaults (as Word starts one): title, 一、, the given paragraph, （二） (a skipped level), 成文日期. */
const wordDefault = (third: Paragraph) =>
  Effect.promise(() =>
    Packer.toArrayBuffer(
      new Document({
        sections: [{ children: [new Paragraph("长寿路街道2022年工作总结"), new Paragraph("一、总体情况"), third, new Paragraph("（二）城区管理"), new Paragraph("2022年12月31日")] }]
      })
    )
  ).pipe(Effect.map((ab) => new Uint8Array(ab)))

describe("Lint: Word-default documents (the docx library's defaults)", () => {
  it.effect("flags margins, grid, fonts and the missing page number, at their paragraphs", () =>
    Effect.gen(function*() {
      const bytes = yield* wordDefault(new Paragraph("全年完成各项任务，群众满意度稳步提升。"))
      const f = yield* Lint.lint(bytes, { layout: "材料" })
      const rules = rulesOf(f)
      expect(rules).toEqual(expect.arrayContaining(["margins", "title-font", "heading-font", "body-font", "heading-order", "page-number-form"]))
      expect(rules).not.toContain("date-numerals")
      const at = (rule: string) => f.filter((x) => x.rule === rule).map((x) => x.where.paragraph)
      expect(at("title-font")).toEqual([1])
      expect(at("heading-font")).toEqual([2, 4])
      expect(at("heading-order")).toEqual([4])
      expect(at("body-font")).toEqual([3, 5])
    }))

  it.effect("headings numbered by Word's list numbering (numPr): the labels come from numbering.xml's level texts", () =>
    Effect.gen(function*() {
      const cn = "chineseCounting" as typeof LevelFormat.DECIMAL
      const numbering = {
        config: [{
          reference: "gov",
          levels: [
            { level: 0, format: cn, text: "%1、", alignment: AlignmentType.LEFT },
            { level: 1, format: cn, text: "（%2）", alignment: AlignmentType.LEFT },
            { level: 2, format: LevelFormat.DECIMAL, text: "%3.", alignment: AlignmentType.LEFT }
          ]
        }]
      }
      const h = (text: string, level: number) => new Paragraph({ text, numbering: { reference: "gov", level } })
      const doc = new Document({
        numbering,
        sections: [{ children: [new Paragraph("长寿路街道2022年工作总结"), h("总体情况", 0), h("党建引领", 1), h("城区管理", 0), h("精细化管理", 2)] }]
      })
      const bytes = new Uint8Array(yield* Effect.promise(() => Packer.toArrayBuffer(doc)))
      const f = yield* Lint.lint(bytes, { rules: ["heading-order", "heading-font"] })
      // 一、 （一） 二、 then 1. straight under 二、: a skipped level, seen only through the numbering
      expect(f.filter((x) => x.rule === "heading-order").map((x) => [x.where.paragraph, x.message, x.where.excerpt])).toEqual([
        [5, `a level-3 heading "1." with no （一） level above it`, "1.精细化管理"]
      ])
      expect(f.filter((x) => x.rule === "heading-font").map((x) => x.where.paragraph)).toEqual([2, 3, 4, 5])
    }))

  it.effect("a \"第N页\" footer, centred, in 小五 Calibri", () =>
    Effect.gen(function*() {
      const footer = new Footer({ children: [new Paragraph({ alignment: "center", children: [new TextRun({ children: ["第", PageNumber.CURRENT, "页"], size: 18, font: "Calibri" })] })] })
      const doc = new Document({ sections: [{ footers: { default: footer }, children: [new Paragraph("标题")] }] })
      const bytes = new Uint8Array(yield* Effect.promise(() => Packer.toArrayBuffer(doc)))
      const f = (yield* Lint.lint(bytes)).filter((x) => x.rule.startsWith("page-number"))
      expect(rulesOf(f).sort()).toEqual(["page-number-font", "page-number-form", "page-number-position"])
      expect(f.filter((x) => x.rule === "page-number-position").map((x) => x.message)).toEqual([
        "odd-page number is center-aligned, not right",
        "no even-page footer: even pages repeat the odd pages' right-hand number (turn on different odd and even footers)"
      ])
      expect(f.find((x) => x.rule === "page-number-form")!.message).toContain(`reads "第N页"`)
    }))
})

/** Every w:t's text of every part holding document text (body, headers, footers, notes), by part. */
const texts = (bytes: Uint8Array): Record<string, string> => {
  const files = unzipSync(bytes)
  return Object.fromEntries(
    Object.entries(files)
      .filter(([k]) => /^word\/(document|header\d*|footnotes|endnotes|comments)\.xml$/.test(k))
      .map(([k, v]) => [k, (strFromU8(v).match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, "")).join("\u0001")])
  )
}

const fixable = (fs: ReadonlyArray<Lint.Finding>) => fs.filter((f) => Lint.rules[f.rule].fixable)
const notFixable = (fs: ReadonlyArray<Lint.Finding>) => fs.filter((f) => !Lint.rules[f.rule].fixable).map((f) => `${f.rule} ¶${f.where.paragraph ?? ""}`)

/** fix, then: no fixable finding left, the others unchanged, every character of text kept. */
const expectFixed = (bytes: Uint8Array, layout: Lint.Layout = "材料") => {
  const before = lint(bytes, layout)
  const fixed = Effect.runSync(Lint.fix(bytes, { layout }))
  const after = lint(fixed, layout)
  expect(fixable(after).map(Lint.format)).toEqual([])
  // the rest is left as it was (a finding that came from the page, such as the 版记's lines on Letter paper, may go)
  expect(notFixable(before)).toEqual(expect.arrayContaining(notFixable(after)))
  expect(texts(fixed)).toEqual(texts(bytes))
  return { before, after, fixed }
}

describe("Lint.fix: the safe subset", () => {
  it.effect("a Word-default document: page, margins, lines, fonts by role and page numbers fixed, text kept, heading order still reported", () =>
    Effect.gen(function*() {
      const bytes = yield* wordDefault(new Paragraph({ children: [new TextRun("全年完成各项任务，"), new TextRun({ text: "群众满意度稳步提升。", bold: true })] }))
      const { before, after, fixed } = expectFixed(bytes)
      expect(fixable(before).length).toBeGreaterThanOrEqual(8)
      expect(after.map((f) => f.rule)).toEqual(["heading-order"])
      const xml = strFromU8(unzipSync(fixed)["word/document.xml"]!)
      expect(xml).toContain(`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1417" w:gutter="0"/>`)
      expect(xml).toContain(`<w:b/>`) // direct formatting the fix does not own stays
    }))

  it("each broken variant of a fixable rule is fixed; the others are left to the author", async () => {
    const clean = await renderBytes("文件")
    const variants: ReadonlyArray<Uint8Array> = [
      breakPart(clean, "word/document.xml", (x) => x.replaceAll(`w:w="11906" w:h="16838"`, `w:w="12240" w:h="15840"`).replaceAll(`w:top="2098"`, `w:top="1440"`)),
      breakPart(breakPart(clean, "word/document.xml", (x) => x.replaceAll(`w:line="579"`, `w:line="600"`).replaceAll(`<w:spacing w:val="-5"/>`, "")), "word/styles.xml", (x) => x.replaceAll(`w:line="579"`, `w:line="600"`)),
      breakParagraph(clean, (t) => t === metadata.title, (x) => x.replaceAll(`w:val="44"`, `w:val="36"`)).bytes,
      breakParagraph(clean, (t) => t.startsWith("（一）"), (x) => x.replaceAll("楷体_GB2312", "黑体")).bytes,
      breakPart(breakPart(clean, "word/footer1.xml", (x) => x.replace("— ", "第").replace(" —", "页").replace(`<w:jc w:val="right"/>`, `<w:jc w:val="center"/>`)), "word/settings.xml", (x) => x.replace("<w:evenAndOddHeaders/>", "")),
      breakParagraph(clean, (t) => t === "特急", (x) => x.replace("特急", "紧急")).bytes,
      breakParagraph(clean, (t) => t === "2022年12月31日", (x) => x.replace(`<w:ind w:left="6010"/>`, `<w:ind w:left="5695"/>`)).bytes,
      breakParagraph(breakParagraph(clean, (t) => t === "完成情况", (x) => x.replaceAll(`w:eastAsia="黑体"`, `w:eastAsia="宋体"`)).bytes, (t) => t === "状态", (x) => x.replaceAll(`w:val="24"`, `w:val="36"`)).bytes
    ]
    for (const bytes of variants) expectFixed(bytes, "文件")
    expect(lint(Effect.runSync(Lint.fix(variants[5]!, { layout: "文件" }))).map((f) => f.rule)).toEqual(["urgency"])
    expect(lint(variants[6]!).map((f) => f.rule)).toEqual(["date-indent"])
    expect(lint(variants[7]!).map((f) => f.rule)).toEqual(["table-font", "table-font"])
  })

  it("our own report: fixed again, it still lints clean, text unchanged", async () => {
    const { after } = expectFixed(await renderBytes("material", report))
    expect(after).toEqual([])
  })
})

describe("Lint: files that are not Word documents", () => {
  it.effect("not a zip, a zip without a document, broken XML: a LintError naming what and where", () =>
    Effect.gen(function*() {
      const notZip = yield* Effect.either(Lint.lint(strToU8("hello")))
      expect(Either.isLeft(notZip) && notZip.left.reason).toBe("NotAZip")
      const noDoc = yield* Effect.either(Lint.lint(zipSync({ "a.txt": strToU8("x") })))
      expect(Either.isLeft(noDoc) && noDoc.left.reason).toBe("NotADocx")
      const files: Files = unzipSync(yield* Effect.promise(() => renderBytes("material", report)))
      files["word/document.xml"] = strToU8(strFromU8(files["word/document.xml"]!).replace("</w:body>", ""))
      const bad = yield* Effect.either(Lint.lint(rezip(files)))
      expect(Either.isLeft(bad) && bad.left.reason).toBe("BadXml")
      expect(Either.isLeft(bad) && bad.left.message).toMatch(/^word\/document\.xml: .* at character \d+/)
    }))
})

const onPath = (exe: string): boolean => (process.env.PATH ?? "").split(delimiter).some((d) => d !== "" && existsSync(join(d, exe)))
const haveSoffice = onPath("soffice")
const required = process.env.GOVPLAN_REQUIRE_RENDER === "1"
const skipLibre = !haveSoffice && !required

describe.skipIf(skipLibre)(skipLibre ? "skipped: LibreOffice not installed (run .ci/render-deps.sh)" : "Lint: documents LibreOffice writes", () => {
  let dir = ""
  const out: Record<string, Uint8Array> = {}
  beforeAll(async () => {
    if (!haveSoffice) throw new Error("GOVPLAN_REQUIRE_RENDER=1 requires LibreOffice for the lint corpus")
    dir = mkdtempSync(join(tmpdir(), "govplan-lint-"))
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>
<p style="text-align:center">长寿路街道2022年工作总结</p><p>一、总体情况</p><p>全年完成各项任务,群众满意度稳步提升。</p><p>（一）党建引领</p><p>2022年12月31日</p></body></html>`
    writeFileSync(join(dir, "doc.html"), html)
    // asynchronously: a blocked worker misses vitest's heartbeats while LibreOffice starts
    const soffice = (args: ReadonlyArray<string>) =>
      new Promise<void>((resolve, reject) =>
        execFile("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", ...args], { cwd: dir, timeout: 120_000, env: { ...process.env, HOME: dir } }, (error, _stdout, stderr) =>
          error === null ? resolve() : reject(new Error(`soffice ${args.join(" ")}: ${error.message} ${stderr}`))))
    await soffice(["--infilter=HTML (StarWriter)", "--convert-to", "odt", "doc.html"])
    await soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", join(dir, "from-odt"), "doc.odt"])
    await soffice(["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", "--outdir", join(dir, "from-html"), "doc.html"])
    out["odt"] = readFileSync(join(dir, "from-odt", "doc.docx"))
    out["html"] = readFileSync(join(dir, "from-html", "doc.docx"))
  }, 240_000)
  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true })
  })

  for (const source of ["odt", "html"] as const) {
    it(`from ${source === "odt" ? ".odt" : "HTML"}: page, fonts, punctuation and page numbers flagged at their paragraphs`, () => {
      const f = lint(out[source]!, "材料")
      const rules = rulesOf(f)
      expect(rules).toEqual(expect.arrayContaining(["title-font", "body-font", "heading-font", "punctuation", "page-number-form"]))
      expect(rules.some((r) => r === "page-size" || r === "margins")).toBe(true)
      const p = f.find((x) => x.rule === "punctuation")!
      expect(p.where.excerpt).toContain("任务,群众")
      expect(f.find((x) => x.rule === "title-font")!.where.excerpt).toBe("长寿路街道2022年工作总结")
    })

    it(`from ${source === "odt" ? ".odt" : "HTML"}: fix leaves no fixable finding and every character of text, and LibreOffice opens the result as A4`, async () => {
      const { fixed } = expectFixed(out[source]!)
      const name = `fixed-${source}`
      writeFileSync(join(dir, `${name}.docx`), fixed)
      await new Promise<void>((resolve, reject) =>
        execFile("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, `${name}.docx`], { cwd: dir, timeout: 120_000, env: { ...process.env, HOME: dir } }, (error) =>
          error === null ? resolve() : reject(error)))
      const pdf = readFileSync(join(dir, `${name}.pdf`)).toString("latin1")
      expect(pdf).toMatch(/\/MediaBox\s*\[\s*0 0 595\.3\d* 841\.8\d*\s*\]/)
    })
  }
})
