import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { strFromU8, unzipSync } from "fflate"
import { Civil } from "@govplan/model"
import { Report, Sanitize } from "@govplan/report"
import { Chart, DocxRenderer, FontMap } from "@govplan/report-docx"
import { NodeDocx, ResvgRasteriser } from "@govplan/report-docx/node"
import { appReport, head, metadata } from "./appReport.js"

const unzip = (bytes: Uint8Array): Record<string, string> => {
  const files = unzipSync(bytes)
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, k.endsWith(".xml") || k.endsWith(".rels") ? strFromU8(v) : `<binary ${v.length}>`]))
}

/** The <w:p> elements of a document whose text contains `text`. */
const paragraphsWith = (xml: string, text: string): ReadonlyArray<string> =>
  (xml.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs) ?? []).filter((p) => (p.match(/<w:t[^>]*>([^<]*)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, "")).join("").includes(text))

const one = (xml: string, text: string): string => {
  const ps = paragraphsWith(xml, text)
  expect(ps.length, `paragraphs containing ${text}`).toBeGreaterThan(0)
  return ps[0]!
}

/** The one <w:p> whose whole text is `text`. */
const exactly = (xml: string, text: string): string => {
  const ps = paragraphsWith(xml, text).filter((p) => (p.match(/<w:t[^>]*>([^<]*)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, "")).join("") === text)
  expect(ps, `paragraphs reading ${text}`).toHaveLength(1)
  return ps[0]!
}

const rFonts = (eastAsia: string, latin: string) => `<w:rFonts w:ascii="${latin}" w:cs="${eastAsia}" w:eastAsia="${eastAsia}" w:hAnsi="${latin}" w:hint="eastAsia"/>`

/** A 1x1 PNG: a rasteriser that needs no fonts, to test the embedding apart from drawing. */
const PNG_1x1 = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0))
const fakeRasteriser: Chart.Rasteriser = { rasterise: () => Effect.succeed({ data: PNG_1x1, width: 1120, height: 600 }) }

const elements: Report.Report = {
  metadata,
  blocks: [
    Report.section("总体情况", [
      Report.paragraph("全年完成各项任务。", "坚持党建引领。"),
      Report.section("党建", [Report.section("组织建设", [Report.section("支部", [Report.paragraph("第四级之下的正文。")])])]),
      Report.list(["甲项", "乙项"], true),
      Report.kpiTable([
        { indicator: "先行联系率", target: "≥95%", actual: "98%", status: "achieved", numerator: 196, denominator: 200 },
        { indicator: "工单办结率", target: "≥90%", actual: "暂无数据", status: "noData", note: "全年无到期工单" }
      ], "党建指标完成情况"),
      Report.chart("党建指标完成程度", { mark: "bar", categoryTitle: "指标", valueTitle: "完成程度", valueFormat: "percent", reference: 1 }, [{ category: "先行联系率", value: 0.98, series: "已完成" }])
    ])
  ],
  attachments: [{ title: "指标明细表。", blocks: [Report.paragraph("附件正文。")] }, { title: "典型案例", blocks: [] }]
}

/** The same report without a byline: signed at the end with 署名 and date. */
const { byline: _byline, ...bylineless } = metadata
const unsigned: Report.Report = { ...elements, metadata: bylineless }

const render = (report: Report.Report, options: DocxRenderer.Options = {}) =>
  Effect.map(DocxRenderer.render(report, { rasteriser: fakeRasteriser, ...options }), unzip)

describe("DocxRenderer: page, settings, styles", () => {
  it.effect("A4, margins 37/35/28/26 mm, footer 25 mm, even and odd footers", () =>
    Effect.gen(function*() {
      const files = yield* render(elements)
      const doc = files["word/document.xml"]!
      expect(doc).toContain(`<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>`)
      expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1417" w:gutter="0"\/>/)
      expect(doc).toMatch(/<w:footerReference w:type="default" r:id="[^"]+"\/>/)
      expect(doc).toMatch(/<w:footerReference w:type="even" r:id="[^"]+"\/>/)
      expect(doc).toContain(`<w:docGrid w:linePitch="579"/>`)
      expect(files["word/settings.xml"]).toContain("<w:evenAndOddHeaders/>")
    }))

  it.effect("Normal style and defaults: 3号仿宋, Latin in Times New Roman, condensed -5, exact 579, zh-CN (Latin text en-US)", () =>
    Effect.gen(function*() {
      const styles = (yield* render(elements))["word/styles.xml"]!
      const normal = /<w:style w:type="paragraph" w:styleId="Normal"[^>]*>.*?<\/w:style>/s.exec(styles)?.[0] ?? ""
      expect(normal).toContain(rFonts("仿宋_GB2312", "Times New Roman"))
      expect(normal).toContain(`<w:sz w:val="32"/>`)
      expect(normal).toContain(`<w:spacing w:val="-5"/>`)
      expect(normal).toContain(`<w:lang w:val="en-US" w:eastAsia="zh-CN"/>`)
      expect(normal).toContain(`<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"/>`)
      const defaults = /<w:docDefaults>.*?<\/w:docDefaults>/s.exec(styles)?.[0] ?? ""
      expect(defaults).toContain(rFonts("仿宋_GB2312", "Times New Roman"))
      expect(defaults).toContain(`<w:sz w:val="32"/>`)
    }))
})

describe("DocxRenderer: elements", () => {
  it.effect("title: 2号 小标宋, centred", () =>
    Effect.gen(function*() {
      const p = one((yield* render(elements))["word/document.xml"]!, "测试街道2022年工作总结")
      expect(p).toContain(`<w:jc w:val="center"/>`)
      expect(p).toContain(rFonts("方正小标宋简体", "Times New Roman"))
      expect(p).toContain(`<w:sz w:val="44"/>`)
    }))

  it.effect("a long title breaks where the author put a line break", () =>
    Effect.gen(function*() {
      const doc = (yield* render({ ...elements, metadata: { ...metadata, title: "上海市普陀区长寿路街道办事处\n关于2022年工作情况的总结" } }))["word/document.xml"]!
      const p = one(doc, "上海市普陀区长寿路街道办事处")
      expect(p).toMatch(/上海市普陀区长寿路街道办事处<\/w:t><\/w:r><w:r>.*<w:br\/><w:t[^>]*>关于2022年工作情况的总结/s)
      expect(p).toContain(`<w:jc w:val="center"/>`)
    }))

  it.effect("body paragraph: indent 640, exact 579, all four font slots, condensed, zh-CN; lead phrase bold", () =>
    Effect.gen(function*() {
      const p = one((yield* render(elements))["word/document.xml"]!, "全年完成各项任务。")
      expect(p).toContain(`<w:ind w:firstLine="640"/>`)
      expect(p).toContain(`<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"/>`)
      expect(p).toContain(`<w:jc w:val="both"/>`)
      expect(p).toContain(rFonts("仿宋_GB2312", "Times New Roman"))
      expect(p).toContain(`<w:spacing w:val="-5"/>`)
      expect(p).toContain(`<w:sz w:val="32"/>`)
      expect(p).toContain(`<w:lang w:val="en-US" w:eastAsia="zh-CN"/>`)
      expect(p).toMatch(/<w:b\/>.*坚持党建引领。/s)
    }))

  it.effect("four heading levels: 一、黑体, （一）楷体, 1. 仿宋, （1）仿宋, indented like body text", () =>
    Effect.gen(function*() {
      const doc = (yield* render(elements))["word/document.xml"]!
      const cases = [["一、总体情况", "黑体", 0], ["（一）党建", "楷体_GB2312", 1], ["1.组织建设", "仿宋_GB2312", 2], ["（1）支部", "仿宋_GB2312", 3]] as const
      for (const [text, face, outline] of cases) {
        const p = one(doc, text)
        expect(p).toContain(rFonts(face, "Times New Roman"))
        expect(p).toContain(`<w:ind w:firstLine="640"/>`)
        expect(p).toContain(`<w:outlineLvl w:val="${outline}"/>`)
        expect(p).toContain("<w:keepNext/>")
      }
    }))

  it.effect("lists: numbered body paragraphs", () =>
    Effect.gen(function*() {
      const doc = (yield* render(elements))["word/document.xml"]!
      expect(one(doc, "1.甲项")).toContain(`<w:ind w:firstLine="640"/>`)
      expect(paragraphsWith(doc, "2.乙项")).toHaveLength(1)
    }))

  it.effect("KPI table: caption, header row repeated, smaller 仿宋 with single spacing, fixed widths over the type area", () =>
    Effect.gen(function*() {
      const doc = (yield* render(elements))["word/document.xml"]!
      expect(one(doc, "表1　党建指标完成情况")).toContain(rFonts("黑体", "Times New Roman"))
      const table = /<w:tbl>.*?<\/w:tbl>/s.exec(doc)?.[0] ?? ""
      expect(table).toContain(`<w:tblW w:type="dxa" w:w="8845"/>`.replace("8845", String(11906 - 1587 - 1474)))
      expect(table).toContain(`<w:tblLayout w:type="fixed"/>`)
      const rows = table.match(/<w:tr>.*?<\/w:tr>/gs) ?? []
      expect(rows).toHaveLength(3)
      expect(rows[0]).toContain("<w:tblHeader/>")
      expect(rows[1]).not.toContain("<w:tblHeader/>")
      expect(rows[1]).toContain(`<w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="auto"/>`)
      expect(rows[1]).toContain(`<w:sz w:val="24"/>`)
      expect(rows[1]).toContain(rFonts("仿宋_GB2312", "Times New Roman"))
      expect(rows[0]).not.toContain("分子/分母")
      expect(rows[1]).toContain("已完成")
      // widths from the content: the four columns fill the type area, the 指标 column takes what the others leave
      const widths = [...(/<w:tblGrid>(.*?)<\/w:tblGrid>/s.exec(table)?.[1] ?? "").matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]))
      expect(widths).toHaveLength(4)
      expect(widths.reduce((a, b) => a + b, 0)).toBe(11906 - 1587 - 1474)
      expect(widths[0]).toBeGreaterThan(Math.max(...widths.slice(1)))
      expect(rows[2]!.replace(/<[^>]+>/g, "")).toContain("暂无数据（全年无到期工单）") // laid out in lines by cellLines
    }))

  it.effect("chart: an inline PNG from the rasteriser, with a caption", () =>
    Effect.gen(function*() {
      const files = yield* render(elements)
      expect(Object.keys(files).filter((k) => /^word\/media\/.*\.png$/.test(k))).toHaveLength(1)
      const doc = files["word/document.xml"]!
      expect(doc).toMatch(/<w:drawing>.*<wp:inline.*<wp:extent cx="5334000" cy="2857500"\/>/s)
      expect(doc).toContain(`descr="党建指标完成程度"`)
      expect(paragraphsWith(doc, "图1　党建指标完成程度")).toHaveLength(1)
    }))

  it.effect("chart without a rasteriser: its data as text, no image", () =>
    Effect.gen(function*() {
      const files = unzip(yield* DocxRenderer.render(elements))
      expect(Object.keys(files).some((k) => k.startsWith("word/media/"))).toBe(false)
      expect(paragraphsWith(files["word/document.xml"]!, "先行联系率：98%（已完成）")).toHaveLength(1)
    }))

  it.effect("a material signed by its byline has no second 署名 and date at the end", () =>
    Effect.gen(function*() {
      const doc = (yield* render(elements))["word/document.xml"]!
      expect(paragraphsWith(doc, "测试街道办事处　2022年12月31日")).toHaveLength(1)
      expect(doc.match(/2022年12月31日/g)).toHaveLength(1)
    }))

  it.effect("附件说明, sign-off and date, attachment pages", () =>
    Effect.gen(function*() {
      const doc = (yield* render(unsigned))["word/document.xml"]!
      const first = one(doc, "附件：1.指标明细表")
      expect(first).not.toContain("指标明细表。")
      expect(first).toContain(`<w:ind w:left="1585" w:hanging="945"/>`)
      expect(one(doc, "2.典型案例")).toContain(`<w:ind w:left="1585" w:hanging="0"/>`)
      // Characters are 315 twips once condensed, digits half; the type area is 8845 wide.
      // A date (8 digits + 3 characters = 2205) longer than the 署名 allows: date right-indented
      // two characters, 署名 starting two characters left of it.
      const left = (p: string) => Number(/<w:ind w:left="(\d+)"\/>/.exec(p)?.[1])
      const date = exactly(doc, "2022年12月31日")
      expect(left(date)).toBe(8845 - 630 - 2205)
      expect(left(exactly(doc, "测试街道办事处"))).toBe(left(date) - 630)
      // A long 署名: right-indented two characters, the date two characters right of its start.
      const long = (yield* render({ ...unsigned, metadata: { ...unsigned.metadata, signature: "上海市普陀区长寿路街道办事处" } }))["word/document.xml"]!
      const sig = left(exactly(long, "上海市普陀区长寿路街道办事处"))
      expect(sig).toBe(8845 - 630 - 14 * 315)
      expect(left(exactly(long, "2022年12月31日"))).toBe(sig + 630)
      for (const [n, title] of [[1, "指标明细表。"], [2, "典型案例"]] as const) {
        const head = exactly(doc, `附件${n}`)
        expect(head).toContain("<w:pageBreakBefore/>")
        expect(head).toContain(rFonts("黑体", "Times New Roman"))
        expect(exactly(doc, title)).toContain(`<w:jc w:val="center"/>`)
      }
    }))

  it.effect("附注: the line after the date, indented two characters, in full-width brackets", () =>
    Effect.gen(function*() {
      const doc = (yield* render({ ...unsigned, metadata: { ...unsigned.metadata, note: "联系人：张三，电话：12345" } }))["word/document.xml"]!
      const paragraphs = doc.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs) ?? []
      const note = paragraphs.findIndex((p) => p.includes("（联系人：张三，电话：12345）"))
      expect(note).toBeGreaterThan(0)
      expect(paragraphs[note - 1]).toContain("2022年12月31日")
      expect(paragraphs[note]).toContain(`<w:ind w:firstLine="640"/>`)
    }))

  it.effect("page numbers: — N — in 4号宋体, odd right and even left, indented one character", () =>
    Effect.gen(function*() {
      const files = yield* render(elements)
      const footers = Object.entries(files).filter(([k]) => /^word\/footer\d+\.xml$/.test(k)).map(([, v]) => v)
      expect(footers).toHaveLength(2)
      const odd = footers.find((f) => f.includes(`<w:jc w:val="right"/>`))!
      const even = footers.find((f) => f.includes(`<w:jc w:val="left"/>`))!
      expect(odd).toContain(`<w:ind w:right="280"/>`)
      expect(even).toContain(`<w:ind w:left="280"/>`)
      for (const f of [odd, even]) {
        expect(f).toMatch(/<w:t xml:space="preserve">— <\/w:t>.*<w:instrText xml:space="preserve">PAGE<\/w:instrText>.*<w:t xml:space="preserve"> —<\/w:t>/s)
        expect(f).toContain(`<w:rFonts w:ascii="宋体" w:cs="宋体" w:eastAsia="宋体" w:hAnsi="宋体" w:hint="eastAsia"/>`)
        expect(f).toContain(`<w:sz w:val="28"/>`)
      }
    }))
})

describe("DocxRenderer: layouts", () => {
  it.effect("material: title, 楷体 byline, no 版头, no 主送, no 版记, one section", () =>
    Effect.gen(function*() {
      const doc = (yield* render(elements, { layout: "material" }))["word/document.xml"]!
      expect(one(doc, "测试街道办事处　2022年12月31日")).toContain(rFonts("楷体_GB2312", "Times New Roman"))
      expect(doc).not.toContain("FF0000")
      expect(doc).not.toContain("长街〔2022〕5号")
      expect(doc).not.toContain("区人民政府：")
      expect(doc).not.toContain("抄送")
      expect(doc.match(/<w:sectPr/g)).toHaveLength(1)
    }))

  it.effect("文件: red 发文机关标志 35 mm down, 发文字号 with a red rule, 主送, 版记 at the foot of an even page", () =>
    Effect.gen(function*() {
      const doc = (yield* render(elements, { layout: "文件" }))["word/document.xml"]!
      const mark = one(doc, "测试街道办事处文件")
      expect(mark).toContain(`<w:color w:val="FF0000"/>`)
      expect(mark).toContain(`<w:sz w:val="72"/>`)
      expect(mark).toContain(`w:before="${Math.round(35 * 1440 / 25.4) - 160}"`)
      expect(mark).toContain(`<w:rFonts w:ascii="方正小标宋简体" w:cs="方正小标宋简体" w:eastAsia="方正小标宋简体" w:hAnsi="方正小标宋简体" w:hint="eastAsia"/>`)
      const number = one(doc, "长街〔2022〕5号")
      expect(number).toContain(`<w:jc w:val="center"/>`)
      expect(number).toMatch(/<w:bottom w:val="single" w:color="FF0000" w:sz="12" w:space="11"\/>/)
      // two blank lines between the mark and the number, and between the rule and the title
      const paragraphs = doc.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs) ?? []
      const at = (text: string) => paragraphs.findIndex((p) => p.includes(text))
      expect(at("长街〔2022〕5号") - at("测试街道办事处文件")).toBe(3)
      expect(at("测试街道2022年工作总结") - at("长街〔2022〕5号")).toBe(3)
      const recipients = one(doc, "区人民政府：")
      expect(recipients).not.toContain("w:firstLine")
      const sections = doc.match(/<w:sectPr.*?<\/w:sectPr>/gs) ?? []
      expect(sections).toHaveLength(2)
      expect(sections[1]).toContain(`<w:type w:val="evenPage"/>`)
      expect(sections[1]).toContain(`<w:vAlign w:val="bottom"/>`)
      // a spacer of exact height pushes the two one-line rows to the foot of the type area
      const tail = doc.slice(doc.lastIndexOf("</w:sectPr>", doc.lastIndexOf("<w:sectPr")))
      expect(tail).toContain(`<w:spacing w:after="0" w:before="0" w:line="${12756 - 2 * 579 - 120}" w:lineRule="exact"/>`)
      expect(tail.match(/<w:trHeight w:val="579" w:hRule="exact"\/>/g)).toHaveLength(2)
      const closing = /<w:tbl>(?:(?!<w:tbl>).)*?抄送.*?<\/w:tbl>/s.exec(doc)?.[0] ?? ""
      expect(closing).toContain("抄送：区委办公室，区政府办公室。")
      expect(closing).toMatch(/测试街道党政办公室.*<w:tab\/>.*2022年12月31日印发/s)
      expect(closing).toContain(`<w:top w:val="single" w:color="000000" w:sz="8"/>`)
      expect(closing).toContain(`<w:bottom w:val="single" w:color="000000" w:sz="8"/>`)
      expect(closing).toContain(`<w:insideH w:val="single" w:color="000000" w:sz="6"/>`)
      expect(closing).toContain(`<w:ind w:left="280" w:right="280"/>`)
      expect(closing).toContain(`<w:sz w:val="28"/>`)
    }))

  const bodyParagraphs = (doc: string) => doc.slice(doc.indexOf("<w:body>")).match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs) ?? []
  const textOf = (p: string) => (p.match(/<w:t[^>]*>([^<]*)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, "")).join("")
  const MARK_BEFORE = Math.round(35 * 1440 / 25.4) - 160 // 1824: the mark's glyph top 35 mm under the type area

  it.effect("文件: 份号, 密级和保密期限 and 紧急程度 top left on lines 1–3, in that order, above the 发文机关标志, which does not move", () =>
    Effect.gen(function*() {
      const doc = (yield* render({ ...elements, metadata: { ...metadata, ...head } }, { layout: "文件" }))["word/document.xml"]!
      const ps = bodyParagraphs(doc)
      expect(ps.slice(0, 4).map(textOf)).toEqual(["000001", "秘密★1年", "特急", "测试街道办事处文件"])
      for (const p of ps.slice(0, 3)) {
        // 顶格: flush left, no indent, one exact 579-twip line each, 3号
        expect(p).toContain(`<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"/>`)
        expect(p).toContain(`<w:jc w:val="left"/>`)
        expect(p).not.toContain("<w:ind")
        expect(p).toContain(`<w:sz w:val="32"/>`)
        expect(p).toContain(`<w:lang w:val="en-US" w:eastAsia="zh-CN"/>`)
        expect(p).not.toContain("FF0000")
      }
      // 份号 in the body font, its digits in the Latin font; 密级 and 紧急程度 黑体 in every slot
      expect(ps[0]).toContain(rFonts("仿宋_GB2312", "Times New Roman"))
      expect(ps[1]).toContain(rFonts("黑体", "黑体"))
      expect(ps[2]).toContain(rFonts("黑体", "黑体"))
      // three exact lines above the mark: its space before shrinks by as much, so its top stays 35 mm down
      expect(ps[3]).toContain(`<w:spacing w:after="0" w:before="${MARK_BEFORE - 3 * 579}" w:line="960" w:lineRule="exact"/>`)
      expect(textOf(ps[6]!)).toBe("长街〔2022〕5号")
    }))

  it.effect("文件: the 份号 is zero-padded to 6 digits; any subset of the three lines stacks from line 1 in the standard's order", () =>
    Effect.gen(function*() {
      const lead = (extra: Partial<Report.Metadata>) =>
        Effect.map(render({ ...elements, metadata: { ...metadata, ...extra } }, { layout: "文件" }), (files) => {
          const ps = bodyParagraphs(files["word/document.xml"]!)
          const mark = ps.findIndex((p) => textOf(p) === "测试街道办事处文件")
          return { lines: ps.slice(0, mark).map(textOf), before: Number(/w:before="(\d+)"/.exec(ps[mark]!)![1]) }
        })
      expect(yield* lead({ copyNumber: "25" })).toEqual({ lines: ["000025"], before: MARK_BEFORE - 579 })
      expect(yield* lead({ copyNumber: 999999 })).toEqual({ lines: ["999999"], before: MARK_BEFORE - 579 })
      expect(yield* lead({ copyNumber: "000123" })).toEqual({ lines: ["000123"], before: MARK_BEFORE - 579 })
      expect(yield* lead({ urgency: "加急" })).toEqual({ lines: ["加急"], before: MARK_BEFORE - 579 })
      expect(yield* lead({ urgency: "加急", classification: { level: "绝密" } })).toEqual({ lines: ["绝密", "加急"], before: MARK_BEFORE - 2 * 579 })
      expect(yield* lead({ copyNumber: 7, classification: { level: "机密", period: "6个月" } })).toEqual({ lines: ["000007", "机密★6个月"], before: MARK_BEFORE - 2 * 579 })
      expect(yield* lead({})).toEqual({ lines: [], before: MARK_BEFORE })
    }))

  // Without a rasteriser, so no image: docx numbers images (wp:docPr ids) with a process-wide counter.
  const xmlOf = (report: Report.Report, layout: DocxRenderer.Layout) => Effect.map(DocxRenderer.render(report, { layout }), (bytes) => unzip(bytes)["word/document.xml"]!)

  it.effect("文件 without 份号, 密级 or 紧急程度: document.xml is byte for byte what it was before they existed", () =>
    Effect.gen(function*() {
      const without = yield* xmlOf(elements, "文件")
      expect(without).not.toContain("★")
      expect(without).not.toContain(rFonts("黑体", "黑体"))
      expect(bodyParagraphs(without)[0]).toContain(`w:before="${MARK_BEFORE}"`)
      // The snapshot was taken from the renderer before these fields were added (its Latin text en-US
      // since), with a line break inserted before each <w:p> so that it diffs readably (the XML itself
      // has no line breaks).
      expect(without).not.toContain("\n")
      yield* Effect.promise(() => expect(without.split("<w:p>").join("\n<w:p>")).toMatchFileSnapshot("./__snapshots__/file-layout-without-head.document.xml"))
      // and with them, the only differences are the three lines and the mark's space before
      const withHead = yield* xmlOf({ ...elements, metadata: { ...metadata, ...head } }, "文件")
      const ps = bodyParagraphs(withHead)
      const stripped = withHead.replace(ps.slice(0, 3).join(""), "").replace(`w:before="${MARK_BEFORE - 3 * 579}"`, `w:before="${MARK_BEFORE}"`)
      expect(stripped).toBe(without)
    }))

  it.effect("material: no 版头, but 份号, 密级 and 紧急程度 still top left above the title (a classified document is always marked)", () =>
    Effect.gen(function*() {
      const marked = bodyParagraphs(yield* xmlOf({ ...elements, metadata: { ...metadata, ...head } }, "material"))
      const plain = bodyParagraphs(yield* xmlOf(elements, "material"))
      expect(marked.slice(0, 3).map(textOf)).toEqual(["000001", "秘密★1年", "特急"])
      for (const p of marked.slice(0, 3)) expect(p).toContain(`<w:jc w:val="left"/>`)
      expect(marked[1]).toContain(rFonts("黑体", "黑体"))
      // the rest is the document without them
      expect(marked.slice(3)).toEqual(plain)
    }))

  it.effect("文件: a 发文机关标志 too long for one line at 小初 is set smaller, to fit the 156 mm type area", () =>
    Effect.gen(function*() {
      // 13 characters: 13 × 36 pt = 468 pt > 442.2 pt; 442.2 / 13 = 34.0 pt → 68 half-points
      const long = "普陀区长寿路街道办事处文件"
      expect(DocxRenderer.issuerMarkSize(long)).toBe(68)
      expect(DocxRenderer.issuerMarkSize("测试街道办事处文件")).toBe(72)
      expect(DocxRenderer.issuerMarkSize("ABCD街道办事处文件")).toBe(72)
      const doc = (yield* render({ ...elements, metadata: { ...elements.metadata, issuerMark: long } }, { layout: "文件" }))["word/document.xml"]!
      expect(one(doc, long)).toContain(`<w:sz w:val="68"/>`)
    }))
})

describe("DocxRenderer: fonts, sanitising, plugins", () => {
  it.effect("the stock-Windows preset and overrides reach every role", () =>
    Effect.gen(function*() {
      const doc = (yield* render(elements, { fonts: FontMap.make({ title: "华文中宋" }, FontMap.windows) }))["word/document.xml"]!
      expect(one(doc, "全年完成各项任务。")).toContain(rFonts("仿宋", "Times New Roman"))
      expect(one(doc, "（一）党建")).toContain(rFonts("楷体", "Times New Roman"))
      expect(one(doc, "测试街道2022年工作总结")).toContain(rFonts("华文中宋", "Times New Roman"))
      expect(doc).not.toContain("_GB2312")
    }))

  it.effect("no input can put an XML-invalid character in the package", () =>
    Effect.gen(function*() {
      const dirty = "\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800"
      const report: Report.Report = {
        metadata: { ...metadata, title: `标题${dirty}`, office: `街道${dirty}`, copyTo: [`区委${dirty}`] },
        blocks: [Report.section(`节${dirty}`, [Report.paragraph(`正文${dirty}`, `引${dirty}`), Report.list([`项${dirty}`]), Report.kpiTable([{ indicator: `指${dirty}`, target: `≥${dirty}`, actual: `实${dirty}`, status: "achieved", note: `注${dirty}` }], `表${dirty}`), Report.chart(`图${dirty}`, { mark: "bar", categoryTitle: `类${dirty}`, valueTitle: "值", valueFormat: "number" }, [{ category: `甲${dirty}`, value: 1 }])])],
        attachments: [{ title: `附${dirty}`, blocks: [] }]
      }
      for (const layout of ["material", "文件"] as const) {
        const files = yield* render(report, { layout })
        for (const [name, xml] of Object.entries(files)) if (name.endsWith(".xml")) expect(Sanitize.isClean(xml), name).toBe(true)
        expect(files["word/document.xml"]).toContain("正文")
        expect(files["docProps/core.xml"]).toContain("<dc:title>标题</dc:title>")
      }
    }))

  it.effect("the renderer is a Renderer plugin; the Node renderer draws charts with resvg into a real PNG", () =>
    Effect.gen(function*() {
      const renderer = NodeDocx.make({ layout: "material" })
      expect([renderer.name, renderer.extension]).toEqual(["docx", "docx"])
      const bytes = yield* renderer.render(elements)
      const files = unzipSync(bytes)
      const png = Object.entries(files).find(([k]) => k.startsWith("word/media/"))![1]
      expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      const width = new DataView(png.buffer, png.byteOffset).getUint32(16)
      expect(width).toBe(2 * Chart.WIDTH)
      expect(png.length).toBeGreaterThan(5000)
    }))

  it.effect("the chart spec is vega-lite with the data, colours and the 100% rule; vega draws it as SVG with the labels", () =>
    Effect.gen(function*() {
      const chart = (elements.blocks[0] as Report.Section).blocks[4] as Report.Chart
      const spec = Chart.toVegaLite({ ...chart, spec: { ...chart.spec, series: [{ name: "已完成", color: "#2e7d32" }] } }, "Noto Sans CJK SC") as any
      expect(spec.data.values).toEqual([{ category: "先行联系率", value: 0.98, series: "已完成" }])
      expect(spec.layer[0].encoding.color.scale).toEqual({ domain: ["已完成"], range: ["#2e7d32"] })
      expect(spec.layer[1].data.values).toEqual([{ reference: 1 }])
      const svg = yield* Chart.toSvg(chart, "Noto Sans CJK SC")
      expect(svg.startsWith("<svg")).toBe(true)
      expect(svg).toContain("先行联系率")
      expect(svg).toContain("100%")
    }))

  it.effect("chart labels are never clipped: the plot starts right of the longest Chinese label at a full em per character", () =>
    Effect.gen(function*() {
      const label = "疫情防控与安商稳商"
      const chart = Report.chart("比例", { mark: "bar", categoryTitle: "方面", valueTitle: "比例", valueFormat: "percent", reference: 1 }, [{ category: label, value: 0.5 }, { category: "党建", value: 1 }])
      const svg = yield* Chart.toSvg(chart, "Noto Sans CJK SC")
      const origin = Number(/<g fill="none" stroke-miterlimit="10" transform="translate\(([\d.]+),/.exec(svg)?.[1])
      const text = new RegExp(`<text text-anchor="end" transform="translate\\((-?[\\d.]+),[^"]*"[^>]*font-size="(\\d+)px"[^>]*>${label}</text>`).exec(svg)
      expect(text).not.toBeNull()
      // the label's right end sits at origin + x; its left end, a full em per character before, stays in the image
      expect(origin + Number(text![1]) - [...label].length * Number(text![2])).toBeGreaterThanOrEqual(0)
    }))

  // its speed is measured by `npm run bench -- report`, not here
  it.effect("an app-sized report renders with resvg", () =>
    Effect.gen(function*() {
      // with a chart per pillar as well as the 附件 chart: eight charts drawn by resvg
      const bytes = yield* DocxRenderer.render(appReport({ charts: true }), { rasteriser: ResvgRasteriser.make(), layout: "文件" })
      expect(bytes.length).toBeGreaterThan(100_000)
      expect(Civil.formatChinese(metadata.date)).toBe("2022年12月31日")
    }))
})
