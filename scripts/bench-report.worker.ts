/**
 * One run of the report benchmark (see bench-report.mjs), in its own process so that its peak RSS is
 * its own: `ours` renders the report with @govplan/report-docx, `bare` writes the same content with
 * docx's own classes and Packer (the floor). Prints one JSON line: { ms, rssMB, bytes }.
 */
import { readFileSync, writeFileSync } from "node:fs"
import {
  AlignmentType, BorderStyle, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell,
  TableLayoutType, TableRow, TextRun, WidthType
} from "docx"
import { Effect } from "effect"
import { Format, Numbering, type Report } from "@govplan/report"
import { DocxRenderer, FontMap, Gbt9704 as G } from "@govplan/report-docx"

const [mode, input, output] = process.argv.slice(2) as [string, string, string]
const report = JSON.parse(readFileSync(input, "utf8")) as Report.Report

/** The floor: the same paragraphs, runs, table and page setup written straight with docx. */
const bare = async (): Promise<Uint8Array> => {
  const f = FontMap.gb
  const font = (east: string) => ({ ascii: f.latin, hAnsi: f.latin, eastAsia: east, cs: east, hint: "eastAsia" })
  const lang = { value: "zh-CN", eastAsia: "zh-CN" }
  const exact = { line: G.LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 }
  const run = (text: string, east = f.body, extra: object = {}) => new TextRun({ text, font: font(east), size: 32, characterSpacing: -5, language: lang, ...extra } as any)
  const para = (children: Array<TextRun>, extra: object = {}) => new Paragraph({ children, spacing: exact, indent: { firstLine: 640 }, alignment: AlignmentType.BOTH, ...extra } as any)
  const roles = [f.heading1, f.heading2, f.heading3, f.heading4]
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" }
  const widths = [2964, 1680, 1680, 1200, 1320]
  const cellP = (t: string, east = f.body) => new Paragraph({ spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 }, children: [new TextRun({ text: t, font: font(east), size: 24, language: lang } as any)] })
  const cell = (p: Paragraph, i: number) => new TableCell({ children: [p], width: { size: widths[i]!, type: WidthType.DXA }, margins: { top: 40, bottom: 40, left: 80, right: 80 } })
  const body: Array<Paragraph | Table> = [new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, children: [run(report.metadata.title, f.title, { size: 44, characterSpacing: 0 })] }), new Paragraph({ spacing: exact })]
  let tables = 0
  const walk = (blocks: ReadonlyArray<Report.Block>, level: number) => {
    let n = 0
    for (const b of blocks) {
      if (b._tag === "Section") {
        n++
        body.push(para([run(`${Numbering.label(level as Numbering.Level, n)}${b.title}`, roles[level - 1])], { keepNext: true, outlineLevel: level - 1, alignment: AlignmentType.LEFT }))
        walk(b.blocks, level + 1)
      } else if (b._tag === "Paragraph") {
        body.push(para([...(b.lead ? [run(b.lead, f.body, { bold: true })] : []), run(b.text)]))
      } else if (b._tag === "KpiTable") {
        tables++
        body.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: exact, keepNext: true, children: [run(`表${tables}　${b.caption ?? ""}`, f.heading1, { size: 28, characterSpacing: 0 })] }))
        body.push(new Table({
          width: { size: 8845, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED,
          borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
          rows: [
            new TableRow({ tableHeader: true, cantSplit: true, children: ["指标", "目标", "实际", "状态", "分子/分母"].map((h, i) => cell(cellP(h, f.heading1), i)) }),
            ...b.rows.map((r) => new TableRow({ cantSplit: true, children: [r.indicator, r.target, r.actual, Format.statusLabel[r.status], r.numerator !== undefined ? `${r.numerator}/${r.denominator}` : "—"].map((t, i) => cell(cellP(t), i)) }))
          ]
        }))
        body.push(new Paragraph({ spacing: exact }))
      }
    }
  }
  walk(report.blocks, 1)
  body.push(new Paragraph({ spacing: exact }), new Paragraph({ spacing: exact, indent: { left: 5380 }, children: [run(report.metadata.office)] }), new Paragraph({ spacing: exact, indent: { left: 6010 }, children: [run("2022年12月31日")] }))
  const footer = (right: boolean) => new Footer({ children: [new Paragraph({ alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT, indent: right ? { right: 280 } : { left: 280 }, children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: { ascii: f.pageNumber, hAnsi: f.pageNumber, eastAsia: f.pageNumber, cs: f.pageNumber, hint: "eastAsia" }, size: 28 } as any)] })] })
  const doc = new Document({
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(f.body), size: 32, language: lang } as any, paragraph: { spacing: exact } } } },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474, header: 851, footer: 1417 } }, grid: { linePitch: 579 } } as any,
      footers: { default: footer(true), even: footer(false) },
      children: body
    }]
  })
  return Packer.toBuffer(doc)
}

const ours = (): Promise<Uint8Array> => Effect.runPromise(DocxRenderer.render(report, { layout: "material" }))

const main = async () => {
  const go = mode === "ours" ? ours : mode === "bare" ? bare : undefined
  if (go === undefined) throw new Error(`mode is ours or bare, got ${mode}`)
  const t = process.hrtime.bigint()
  const bytes = await go()
  writeFileSync(output, bytes)
  const ms = Number(process.hrtime.bigint() - t) / 1e6
  console.log(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, bytes: bytes.length }))
}
main().catch((e) => {
  console.error(e)
  process.exit(1)
})
