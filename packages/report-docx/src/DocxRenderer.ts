/**
 * The GB/T 9704-2012 Word renderer: A4, margins 37/35/28/26 mm, 22 lines of
 * 28 characters (exact 579-twip lines, runs condensed by 0.25 pt), fonts by
 * role with all four slots and zh-CN (Latin text en-US), "— N —" page numbers right on odd and
 * left on even pages, headings 一、 （一） 1. （1） in 黑体/楷体/仿宋/仿宋,
 * KPI tables, charts, 附件说明, sign-off and attachment pages; two layouts:
 * `material` (a standalone 工作总结) and `文件` (版头 and 版记).
 *
 * @since 0.1.0
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  type IParagraphOptions,
  type ISectionOptions,
  HeightRule,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  SectionType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignSection,
  VerticalAlignTable,
  WidthType
} from "docx"
import { Effect } from "effect"
import { Civil } from "@govplan/model"
import { Format, type Renderer, Report, ReportError, Sanitize } from "@govplan/report"
import * as Chart from "./Chart.js"
import * as FontMap from "./FontMap.js"
import * as G from "./Gbt9704.js"

/**
 * `material`: a standalone 工作总结 (title, optional 楷体 byline, body,
 * sign-off); `文件`: the full document with 版头 (份号, 密级和保密期限 and
 * 紧急程度 top left when given, red 发文机关标志, 发文字号, red rule) and 版记
 * (抄送, 印发, rules) at the foot of an even page.
 *
 * @since 0.1.0
 */
export type Layout = "material" | "文件"

/**
 * Renderer options.
 *
 * @since 0.1.0
 */
export interface Options {
  readonly layout?: Layout
  /** The font map; {@link FontMap.gb} by default. */
  readonly fonts?: FontMap.FontMap
  /** Draws charts to PNG. Without one, a chart is written as a table of its data. */
  readonly rasteriser?: Chart.Rasteriser
  /** Red of the 版头, hex without "#". */
  readonly red?: string
}

type RunOptions = ConstructorParameters<typeof TextRun>[0] & object

/**
 * Run languages: zh-CN for East Asian text, en-US for Latin text and digits. With zh-CN in the Latin
 * slot too, LibreOffice lays a number out in Chinese text with the Chinese line breaker, which breaks
 * anywhere ("20|22年", "83.|1%" in justified body text); with en-US a number stays whole (Word never
 * breaks inside one either). Measured by apps/govplan/test/reportRender.test.ts.
 */
const ZH = { value: "en-US", eastAsia: "zh-CN" } as const

interface Ctx {
  readonly fonts: FontMap.FontMap
  readonly rasteriser: Chart.Rasteriser | undefined
  readonly red: string
  tables: number
  figures: number
}

const font = (eastAsia: string, latin: string) => ({ ascii: latin, hAnsi: latin, eastAsia, cs: eastAsia, hint: "eastAsia" })

/** A run of body-like text: the role's font in the CJK slots, the Latin font for digits, condensed, zh-CN (digits en-US). */
const run = (ctx: Ctx, text: string, role: keyof FontMap.FontMap = "body", extra: Partial<RunOptions> = {}): TextRun =>
  new TextRun({
    text: Sanitize.text(text),
    font: font(ctx.fonts[role], ctx.fonts.latin),
    size: G.ROLE.body.size,
    characterSpacing: G.CHARACTER_SPACING,
    language: ZH,
    ...extra
  })

const exact = { line: G.LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const

const bodyParagraph = (children: ReadonlyArray<ParagraphChild>, extra: Omit<IParagraphOptions, "children"> = {}): Paragraph =>
  new Paragraph({ children: [...children], spacing: exact, indent: { firstLine: G.INDENT }, alignment: AlignmentType.BOTH, ...extra })

const blank = (): Paragraph => new Paragraph({ spacing: exact })

const headingRole = { 1: "heading1", 2: "heading2", 3: "heading3", 4: "heading4" } as const

const cellParagraph = (ctx: Ctx, text: string, opts: { bold?: boolean; role?: keyof FontMap.FontMap; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}): Paragraph =>
  new Paragraph({
    alignment: opts.align ?? AlignmentType.LEFT,
    spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
    // one run per line, each after the first on a line break: cell text is laid out by cellLines
    children: Sanitize.text(text).split("\n").map((l, i) =>
      new TextRun({ text: l, font: font(ctx.fonts[opts.role ?? "body"], ctx.fonts.latin), size: G.SIZE.小四, language: ZH, ...(i > 0 ? { break: 1 } : {}), ...(opts.bold ? { bold: true } : {}) })
    )
  })

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: "000000" } as const

const isFullWidth = (c: string): boolean => c.charCodeAt(0) >= 0x2000

/** Width in twips of one character in a table cell (小四, 12 pt), on the safe side: full-width one em, digits half, "%" and other marks more. */
const charWidth = (c: string): number => (isFullWidth(c) ? 240 : /[0-9]/.test(c) ? 125 : c === "%" ? 210 : c === "." || c === "," ? 70 : 150)

/** A cell text's width: its characters, plus the quarter em Word and LibreOffice put between Chinese and Latin text (autospace). */
const cellWidth = (s: string): number => {
  const cs = [...s]
  return cs.reduce((w, c, i) => w + charWidth(c) + (i > 0 && isFullWidth(c) !== isFullWidth(cs[i - 1]!) && /[0-9A-Za-z]/.test(isFullWidth(c) ? cs[i - 1]! : c) ? 70 : 0), 0)
}

/** Numbers, dates, percentages and their units: runs a line must never split ("2022年12月19日", "（60.2%）", "1.42次/家"). */
const UNBREAKABLE = /[（(]?[0-9A-Za-z][0-9A-Za-z.,%·-]*(?:[—-][0-9][0-9.,%]*)*(?:(?:[年月日个次家场项人%]|\/[\u4e00-\u9fff])+[0-9][0-9.,%]*)*(?:[年月日个次家场项人%]|\/[\u4e00-\u9fff])*[）)]?/g
/** Marks that never start a line. */
const NO_LINE_START = /^[，。、；：？！）》」』】%]/

/**
 * A cell's text cut into lines that fit `width` twips: number, date and
 * percentage runs are never split, closing punctuation never starts a line.
 * Widths are estimated on the safe side, so the renderer never has to break
 * a line again (LibreOffice ignores U+2060 between a digit and a Chinese character).
 *
 * @example
 * ```ts
 * import { DocxRenderer } from "@govplan/report-docx"
 *
 * DocxRenderer.cellLines("高于2022年1—5月平均水平（60.2%）", 2400) // ["高于2022年1—5月平均", "水平（60.2%）"]
 * ```
 *
 * @since 0.2.0
 */
export const cellLines = (text: string, width: number): ReadonlyArray<string> => {
  const tokens: Array<string> = []
  let last = 0
  for (const m of text.matchAll(UNBREAKABLE)) {
    tokens.push(...text.slice(last, m.index))
    tokens.push(m[0])
    last = m.index! + m[0].length
  }
  tokens.push(...text.slice(last))
  // closing marks stick to what precedes them
  const glued: Array<string> = []
  for (const t of tokens) {
    if (glued.length > 0 && NO_LINE_START.test(t)) glued[glued.length - 1] += t
    else glued.push(t)
  }
  const lines: Array<string> = []
  let line = ""
  for (const t of glued) {
    if (line !== "" && cellWidth(line + t) > width) {
      lines.push(line)
      line = t
    } else {
      line += t
    }
  }
  if (line !== "") lines.push(line)
  return lines
}

const CELL_MARGIN = 80
/** Cell margins and a little slack, twips. */
const CELL_PAD = 2 * CELL_MARGIN + 60

/**
 * KPI table column widths in twips from the content: 状态 and 完成情况 as wide
 * as their longest entry, 目标 as wide as its longest entry up to a third of
 * the type area (never narrower than its longest number or date run), and
 * 指标 the rest.
 *
 * @since 0.2.0
 */
export const kpiColumns = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<number> => {
  const total = G.TYPE_AREA.width
  const longest = (i: number) => Math.max(...rows.map((r) => cellWidth(r[i]!)))
  const longestRun = (i: number) => Math.max(...rows.map((r) => Math.max(cellWidth(r[i]!.slice(0, 2)), ...[...r[i]!.matchAll(UNBREAKABLE)].map((m) => cellWidth(m[0])))))
  const status = longest(3) + CELL_PAD
  const actual = Math.max(Math.min(longest(2), Math.round(total * 0.26)), longestRun(2)) + CELL_PAD
  const target = Math.max(Math.min(longest(1), Math.round(total * 0.3)), longestRun(1)) + CELL_PAD
  return [total - status - actual - target, target, actual, status].map(Math.round)
}

const kpiTable = (ctx: Ctx, table: Report.KpiTable): ReadonlyArray<Paragraph | Table> => {
  ctx.tables += 1
  const header = ["指标", "目标", "完成情况", "状态"]
  const texts = table.rows.map((r) => [r.indicator, r.target, r.note !== undefined ? `${r.actual}（${r.note}）` : r.actual, r.statusWord ?? Format.statusLabel[r.status]])
  const widths = kpiColumns([header, ...texts])
  const cell = (p: Paragraph, i: number) =>
    new TableCell({ children: [p], width: { size: widths[i]!, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.CENTER, margins: { top: 40, bottom: 40, left: CELL_MARGIN, right: CELL_MARGIN } })
  const rows = [
    new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(cellParagraph(ctx, h, { role: "heading1", align: AlignmentType.CENTER }), i)) }),
    ...texts.map((t) =>
      new TableRow({
        cantSplit: true,
        children: t.map((x, i) => cell(cellParagraph(ctx, cellLines(x, widths[i]! - CELL_PAD - 100).join("\n"), { align: i >= 3 ? AlignmentType.CENTER : AlignmentType.LEFT }), i))
      })
    )
  ]
  const caption = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: exact,
    keepNext: true,
    children: [run(ctx, `表${ctx.tables}　${table.caption ?? "指标完成情况"}`, "heading1", { size: G.SIZE.四号, characterSpacing: 0 })]
  })
  return [
    caption,
    new Table({
      width: { size: G.TYPE_AREA.width, type: WidthType.DXA },
      columnWidths: [...widths],
      layout: TableLayoutType.FIXED,
      borders: { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder, insideHorizontal: cellBorder, insideVertical: cellBorder },
      rows
    }),
    blank()
  ]
}

const chartBlocks = (ctx: Ctx, chart: Report.Chart): Effect.Effect<ReadonlyArray<Paragraph | Table>, ReportError.ReportError> =>
  Effect.gen(function*() {
    ctx.figures += 1
    const caption = new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [run(ctx, `图${ctx.figures}　${chart.title}`, "heading1", { size: G.SIZE.四号, characterSpacing: 0 })] })
    if (ctx.rasteriser === undefined) {
      // No rasteriser (e.g. a browser without one injected): the chart's data as text, one line per value.
      const lines = chart.data.map((d) => `${d.category}：${chart.spec.valueFormat === "percent" ? Format.percent(d.value) : Format.number(d.value)}${d.series ? `（${d.series}）` : ""}`)
      return [caption, ...lines.map((l) => bodyParagraph([run(ctx, l)]))]
    }
    const svg = yield* Chart.toSvg(chart, ctx.fonts.chart)
    const png = yield* ctx.rasteriser.rasterise(svg, { scale: 2, fontFamily: ctx.fonts.chart })
    const width = Math.min(Chart.WIDTH, png.width / 2)
    const height = Math.round((png.height / png.width) * width)
    return [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
        children: [new ImageRun({ type: "png", data: png.data, transformation: { width, height }, altText: { name: Sanitize.line(chart.title), description: Sanitize.line(chart.title), title: Sanitize.line(chart.title) } })]
      }),
      caption
    ]
  })

const blocks = (ctx: Ctx, bs: ReadonlyArray<Report.Block>): Effect.Effect<Array<Paragraph | Table>, ReportError.ReportError> =>
  Effect.gen(function*() {
    const out: Array<Paragraph | Table> = []
    for (const b of Report.flatten(bs)) {
      switch (b._tag) {
        case "Heading":
          out.push(bodyParagraph([run(ctx, `${b.label}${Sanitize.line(b.title)}`, headingRole[b.level])], { keepNext: true, outlineLevel: b.level - 1, alignment: AlignmentType.LEFT }))
          break
        case "Paragraph":
          out.push(bodyParagraph([...(b.lead !== undefined ? [run(ctx, Sanitize.line(b.lead), "body", { bold: true })] : []), run(ctx, Sanitize.line(b.text))]))
          break
        case "List":
          b.items.forEach((item, i) => out.push(bodyParagraph([run(ctx, `${b.ordered ? `${i + 1}.` : ""}${Sanitize.line(item)}`)])))
          break
        case "KpiTable":
          out.push(...kpiTable(ctx, b))
          break
        case "Chart":
          out.push(...(yield* chartBlocks(ctx, b)))
          break
      }
    }
    return out
  })

/** Width of a text in twips at 3号 condensed: full-width characters one em, ASCII half. */
const width = (s: string): number => [...s].reduce((w, c) => w + (c.charCodeAt(0) < 0x2000 ? G.CHAR / 2 : G.CHAR), 0)

/**
 * 署名 and 成文日期 (unsealed, GB/T 9704-2012 7.3.5.2): 署名 right-indented two
 * characters, the date on the next line with its first character two
 * characters right of the 署名's first; when the date is longer than that
 * allows, the date is right-indented two characters and the 署名's right
 * space grows to keep the two-character step.
 */
const signOff = (ctx: Ctx, m: Report.Metadata): ReadonlyArray<Paragraph> => {
  const sig = Sanitize.line(Report.signatureOf(m))
  const date = Civil.formatChinese(m.date)
  const right = G.TYPE_AREA.width - 2 * G.CHAR
  const sigStart = right - width(sig)
  let sigIndent: number
  let dateIndent: number
  if (sigStart + 2 * G.CHAR + width(date) <= right) {
    sigIndent = sigStart
    dateIndent = sigStart + 2 * G.CHAR
  } else {
    dateIndent = right - width(date)
    sigIndent = dateIndent - 2 * G.CHAR
  }
  const line = (text: string, left: number) => new Paragraph({ spacing: exact, indent: { left: Math.max(0, Math.round(left)) }, alignment: AlignmentType.LEFT, children: [run(ctx, text)] })
  const out = [blank(), line(sig, sigIndent), line(date, dateIndent)]
  if (m.note !== undefined) out.push(bodyParagraph([run(ctx, `（${Sanitize.line(m.note)}）`)]))
  return out
}

/** 附件说明: "附件：1.XXX", later items aligned under the first, no final punctuation. */
const attachmentNote = (ctx: Ctx, attachments: ReadonlyArray<Report.Attachment>): ReadonlyArray<Paragraph> => {
  if (attachments.length === 0) return []
  const label = 3 * G.CHAR
  const strip = (t: string) => Sanitize.line(t).replace(/[。；;，,.]+$/, "")
  if (attachments.length === 1) return [blank(), bodyParagraph([run(ctx, `附件：${strip(attachments[0]!.title)}`)])]
  return [
    blank(),
    ...attachments.map((a, i) =>
      new Paragraph({
        spacing: exact,
        alignment: AlignmentType.LEFT,
        indent: { left: G.INDENT + label, hanging: i === 0 ? label : 0 },
        children: [run(ctx, `${i === 0 ? "附件：" : ""}${i + 1}.${strip(a.title)}`)]
      })
    )
  ]
}

/**
 * The title, centred. A line break in the title ("…街道\n2022年工作总结") breaks it there: Chinese has no
 * spaces to find word boundaries by, so the author chooses where the trapezoid or diamond breaks.
 */
const titleParagraph = (ctx: Ctx, title: string, extra: Omit<IParagraphOptions, "children"> = {}): Paragraph =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: exact,
    children: Sanitize.text(title)
      .split(/\r?\n/)
      .map((l) => Sanitize.line(l))
      .filter((l) => l !== "")
      .map((l, i) => run(ctx, l, "title", { size: G.ROLE.title.size, characterSpacing: 0, ...(i > 0 ? { break: 1 } : {}) })),
    ...extra
  })

/**
 * The 发文机关标志's size in half-points: 小初 (36 pt), or smaller so the mark stays on one line of the
 * type area (the standard leaves the size to the office "以醒目、美观、庄重为原则"; a mark that wraps
 * is none of these). Full-width characters take one em, others half.
 *
 * @example
 * ```ts
 * import { DocxRenderer } from "@govplan/report-docx"
 *
 * DocxRenderer.issuerMarkSize("普陀区长寿路街道办事处文件") // 68 (34 pt: 13 characters in 156 mm)
 * ```
 *
 * @since 0.1.0
 */
export const issuerMarkSize = (mark: string): number => {
  let ems = 0
  for (const ch of mark) ems += /[\u0000-\u00ff]/.test(ch) ? 0.5 : 1
  const fit = Math.floor(((G.TYPE_AREA.width / 20) / Math.max(ems, 1)) * 2)
  return Math.min(G.ROLE.issuerMark.size, fit)
}

/**
 * The lines above the 发文机关标志, those given, top left from line 1 of the type area, one each in this
 * order (GB/T 9704-2012 7.2.1–7.2.3): 份号 "000001" (3号, the body font, digits in the Latin font),
 * 密级和保密期限 "秘密★1年" and 紧急程度 "特急" (3号黑体 in every slot, digits too).
 */
const headLines = (ctx: Ctx, m: Report.Metadata): ReadonlyArray<Paragraph> => {
  const line = (r: TextRun) => new Paragraph({ spacing: exact, alignment: AlignmentType.LEFT, children: [r] })
  const black = (text: string) => run(ctx, text, "heading1", { font: font(ctx.fonts.heading1, ctx.fonts.heading1) })
  const out: Array<Paragraph> = []
  if (m.copyNumber !== undefined) out.push(line(run(ctx, Report.formatCopyNumber(m.copyNumber))))
  if (m.classification !== undefined) out.push(line(black(Sanitize.line(Report.formatClassification(m.classification)))))
  if (m.urgency !== undefined) out.push(line(black(m.urgency)))
  return out
}

/**
 * 版头: 份号, 密级和保密期限 and 紧急程度 when given, top left; 发文机关标志 (red, its top 35 mm below the
 * type area's top wherever the lines above it are), two blank lines, 发文字号, red rule 4 mm under it.
 */
const masthead = (ctx: Ctx, m: Report.Metadata): ReadonlyArray<Paragraph> => {
  const mark = Sanitize.line(m.issuerMark ?? `${m.office}文件`)
  const head = headLines(ctx, m)
  // A 小初 (36 pt) mark on an exact 48 pt line: its glyph top sits 8 pt under the line top (measured in
  // LibreOffice by the render test), so the space before is 35 mm less 8 pt, less the exact lines above
  // it (at most 3 × 579 twips, under the 1824 available), so the mark does not move.
  const lineH = 960
  const markPara = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: G.HEAD.markTop - 160 - head.length * G.LINE, after: 0, line: lineH, lineRule: LineRuleType.EXACT },
    children: [new TextRun({ text: mark, font: font(ctx.fonts.issuerMark, ctx.fonts.issuerMark), size: issuerMarkSize(mark), color: ctx.red, language: ZH })]
  })
  const number = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: exact,
    border: { bottom: { style: BorderStyle.SINGLE, size: G.HEAD.rule.eighths, color: ctx.red, space: 11 } },
    children: [run(ctx, m.docNumber !== undefined ? Report.formatDocNumber(m.docNumber) : "")]
  })
  return [...head, markPara, blank(), blank(), number, blank(), blank()]
}

const ruleBorder = (eighths: number) => ({ style: BorderStyle.SINGLE, size: eighths, color: "000000" })
const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" } as const

/**
 * 版记: 抄送 and 印发 lines in 4号仿宋, indented one character both sides,
 * rules as wide as the type area, on a page of its own (an even page: the
 * section starts with `evenPage`) pushed to the bottom by a spacer paragraph
 * of exact height: rows are exactly one line high, so the height is known.
 * (Word also honours the section's bottom vertical alignment; LibreOffice
 * honours neither that nor a bottom-anchored floating table.)
 */
const closingBlock = (ctx: Ctx, m: Report.Metadata): ReadonlyArray<Paragraph | Table> => {
  const one = G.CLOSING.indent
  const para = (children: ReadonlyArray<ParagraphChild>, tabs = false) =>
    new Paragraph({
      spacing: exact,
      indent: { left: one, right: one },
      ...(tabs ? { tabStops: [{ type: TabStopType.RIGHT, position: G.TYPE_AREA.width - one }] } : {}),
      children: [...children]
    })
  const small = (text: string) => run(ctx, text, "body", { size: G.CLOSING.size, characterSpacing: 0 })
  const rows: Array<TableRow> = []
  const rowHeight = { value: G.LINE, rule: HeightRule.EXACT }
  const cell = (p: Paragraph) => new TableCell({ children: [p], margins: { left: 0, right: 0, top: 0, bottom: 0 }, width: { size: G.TYPE_AREA.width, type: WidthType.DXA } })
  if (m.copyTo !== undefined && m.copyTo.length > 0) {
    rows.push(new TableRow({ height: rowHeight, children: [cell(para([small(`抄送：${m.copyTo.map((c) => Sanitize.line(c)).join("，")}。`)]))] }))
  }
  const printing = m.printing ?? { office: m.office, date: m.date }
  const tab = new TextRun({ children: [new Tab()], size: G.CLOSING.size })
  rows.push(new TableRow({ height: rowHeight, children: [cell(para([small(Sanitize.line(printing.office)), tab, small(`${Civil.formatChinese(printing.date)}印发`)], true))] }))
  const table = new Table({
    width: { size: G.TYPE_AREA.width, type: WidthType.DXA },
    columnWidths: [G.TYPE_AREA.width],
    layout: TableLayoutType.FIXED,
    // First and last rules 0.35 mm (1 pt = 8 eighths), the one between 0.25 mm (6 eighths = 0.75 pt).
    borders: { top: ruleBorder(G.CLOSING.outerRule), bottom: ruleBorder(G.CLOSING.outerRule), insideHorizontal: ruleBorder(G.CLOSING.innerRule), left: none, right: none, insideVertical: none },
    rows
  })
  // 6 pt of slack for the rules' own thickness, so the table never spills onto another page
  const spacer = new Paragraph({ spacing: { before: 0, after: 0, line: G.TYPE_AREA.height - rows.length * G.LINE - 120, lineRule: LineRuleType.EXACT } })
  return [spacer, table]
}

const pageNumberFooter = (ctx: Ctx, side: "odd" | "even"): Footer =>
  new Footer({
    children: [
      new Paragraph({
        alignment: side === "odd" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === "odd" ? { right: G.PAGE_NUMBER.indent } : { left: G.PAGE_NUMBER.indent },
        spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
        children: [
          new TextRun({
            children: [`${G.PAGE_NUMBER.dash} `, PageNumber.CURRENT, ` ${G.PAGE_NUMBER.dash}`],
            font: { ascii: ctx.fonts.pageNumber, hAnsi: ctx.fonts.pageNumber, eastAsia: ctx.fonts.pageNumber, cs: ctx.fonts.pageNumber, hint: "eastAsia" },
            size: G.PAGE_NUMBER.size,
            language: ZH
          })
        ]
      })
    ]
  })

const pageProperties = {
  page: {
    size: { width: G.PAGE.width, height: G.PAGE.height },
    margin: { top: G.MARGIN.top, bottom: G.MARGIN.bottom, left: G.MARGIN.left, right: G.MARGIN.right, header: G.MARGIN.header, footer: G.MARGIN.footer, gutter: 0 }
  },
  grid: { linePitch: G.LINE }
} as const

const styles = (fonts: FontMap.FontMap) => ({
  default: {
    document: {
      run: { font: font(fonts.body, fonts.latin), size: G.SIZE.三号, language: ZH },
      paragraph: { spacing: exact }
    }
  },
  paragraphStyles: [
    {
      id: "Normal",
      name: "Normal",
      run: { font: font(fonts.body, fonts.latin), size: G.SIZE.三号, characterSpacing: G.CHARACTER_SPACING, language: ZH },
      paragraph: { spacing: exact }
    }
  ]
})

/**
 * The `docx` Document of a report.
 *
 * @since 0.1.0
 */
export const toDocument = (report: Report.Report, options: Options = {}): Effect.Effect<Document, ReportError.ReportError> =>
  Effect.gen(function*() {
    const ctx: Ctx = { fonts: options.fonts ?? FontMap.gb, rasteriser: options.rasteriser, red: options.red ?? G.RED, tables: 0, figures: 0 }
    const m = report.metadata
    const layout = options.layout ?? "material"
    const body: Array<Paragraph | Table> = []
    // a 材料 has no 版头, but a classified or urgent document is marked whatever its layout: the same
    // lines, top left, above the title
    if (layout === "文件") body.push(...masthead(ctx, m))
    else body.push(...headLines(ctx, m))
    body.push(titleParagraph(ctx, m.title))
    if (layout === "material" && m.byline !== undefined) body.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [run(ctx, Sanitize.line(m.byline), "byline")] }))
    body.push(blank())
    if (m.recipients !== undefined && layout === "文件") body.push(new Paragraph({ spacing: exact, children: [run(ctx, `${Sanitize.line(m.recipients).replace(/[：:]$/, "")}：`)] }))
    body.push(...(yield* blocks(ctx, report.blocks)))
    body.push(...attachmentNote(ctx, report.attachments))
    // a material signed by its byline under the title carries no second 署名 and date at the end
    if (!(layout === "material" && m.byline !== undefined)) body.push(...signOff(ctx, m))
    for (const [i, a] of report.attachments.entries()) {
      body.push(
        new Paragraph({ pageBreakBefore: true, spacing: exact, children: [run(ctx, report.attachments.length === 1 ? "附件" : `附件${i + 1}`, "heading1")] }),
        blank(),
        titleParagraph(ctx, a.title),
        blank(),
        ...(yield* blocks(ctx, a.blocks))
      )
    }
    const footers = { default: pageNumberFooter(ctx, "odd"), even: pageNumberFooter(ctx, "even") }
    const sections: Array<ISectionOptions> = [{ properties: pageProperties, footers, children: body }]
    if (layout === "文件") {
      // the 版记 page, and the blank page an even-page break may put before it, carry no page number
      // (GB/T 9704-2012 7.5: 版记页前有空白页的，空白页和版记页均不编排页码)
      const unnumbered = { default: new Footer({ children: [new Paragraph({})] }), even: new Footer({ children: [new Paragraph({})] }) }
      sections.push({
        properties: { ...pageProperties, type: SectionType.EVEN_PAGE, verticalAlign: VerticalAlignSection.BOTTOM },
        footers: unnumbered,
        children: [...closingBlock(ctx, m)]
      })
    }
    return new Document({
      title: Sanitize.line(m.title),
      creator: Sanitize.line(m.office),
      lastModifiedBy: Sanitize.line(m.office),
      evenAndOddHeaderAndFooters: true,
      styles: styles(ctx.fonts),
      sections
    })
  })

const packError = (cause: unknown) =>
  new ReportError.ReportError({ reason: "RenderFailed", message: `docx could not pack the document: ${cause instanceof Error ? cause.message : String(cause)}`, cause })

/**
 * The .docx bytes of a report (works in Node and browsers).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DocxRenderer } from "@govplan/report-docx"
 *
 * // const bytes = await Effect.runPromise(DocxRenderer.render(report, { layout: "文件" }))
 * ```
 *
 * @since 0.1.0
 */
export const render = (report: Report.Report, options: Options = {}): Effect.Effect<Uint8Array, ReportError.ReportError> =>
  Effect.flatMap(toDocument(report, options), (doc) =>
    Effect.tryPromise({ try: () => Packer.toArrayBuffer(doc), catch: packError }).pipe(Effect.map((ab) => new Uint8Array(ab)))
  )

/**
 * The .docx of a report as a `Blob`, for browsers (`Packer.toBlob`).
 *
 * @since 0.1.0
 */
export const toBlob = (report: Report.Report, options: Options = {}): Effect.Effect<Blob, ReportError.ReportError> =>
  Effect.flatMap(toDocument(report, options), (doc) => Effect.tryPromise({ try: () => Packer.toBlob(doc), catch: packError }))

/**
 * The renderer plugin.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Renderer.Renderer<Uint8Array> => ({
  name: "docx",
  mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  extension: "docx",
  render: (report) => render(report, options)
})

/**
 * {@link render} as a Promise, for callers who do not use Effect.
 *
 * @since 0.1.0
 */
export const renderPromise = (report: Report.Report, options: Options = {}): Promise<Uint8Array> => Effect.runPromise(render(report, options))
