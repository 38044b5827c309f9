/**
 * The Markdown renderer: for previews, diffs and tests. Headings keep their
 * official labels (一、 （一） 1. （1）) as text; KPI tables are pipe tables;
 * charts are tables of their data.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { Civil } from "@govplan/model"
import * as Format from "./Format.js"
import * as Report from "./Report.js"
import type { Renderer } from "./Renderer.js"
import * as Sanitize from "./Sanitize.js"

const cell = (s: string): string => Sanitize.line(s).replace(/\|/g, "\\|")
const inline = (s: string): string => Sanitize.text(s).replace(/\r?\n/g, " ")

const blocks = (bs: ReadonlyArray<Report.Block>, out: Array<string>): void => {
  for (const b of Report.flatten(bs)) {
    switch (b._tag) {
      case "Heading":
        out.push(`${"#".repeat(b.level + 1)} ${b.label}${inline(b.title)}`, "")
        break
      case "Paragraph":
        out.push(b.lead !== undefined ? `**${inline(b.lead)}**${inline(b.text)}` : inline(b.text), "")
        break
      case "List":
        b.items.forEach((item, i) => out.push(`${b.ordered ? `${i + 1}.` : "-"} ${inline(item)}`))
        out.push("")
        break
      case "KpiTable":
        if (b.caption !== undefined) out.push(`**${inline(b.caption)}**`, "")
        out.push("| 指标 | 目标 | 完成情况 | 状态 |", "| --- | --- | --- | --- |")
        for (const r of b.rows) {
          out.push(`| ${cell(r.indicator)} | ${cell(r.target)} | ${cell(r.actual)}${r.note !== undefined ? `（${cell(r.note)}）` : ""} | ${cell(r.statusWord ?? Format.statusLabel[r.status])} |`)
        }
        out.push("")
        break
      case "Chart": {
        out.push(`**图：${inline(b.title)}**`, "", `| ${cell(b.spec.categoryTitle)} | ${cell(b.spec.valueTitle)} |${b.data.some((d) => d.series !== undefined) ? " 分组 |" : ""}`)
        const withSeries = b.data.some((d) => d.series !== undefined)
        out.push(withSeries ? "| --- | ---: | --- |" : "| --- | ---: |")
        for (const d of b.data) {
          const v = b.spec.valueFormat === "percent" ? Format.percent(d.value) : Format.number(d.value)
          out.push(`| ${cell(d.category)} | ${v} |${withSeries ? ` ${cell(d.series ?? "")} |` : ""}`)
        }
        out.push("")
        break
      }
    }
  }
}

/**
 * The Markdown text of a report.
 *
 * @example
 * ```ts
 * import { Civil } from "@govplan/model"
 * import { MarkdownRenderer, Report } from "@govplan/report"
 *
 * const md = MarkdownRenderer.toMarkdown({
 *   metadata: { title: "2022年工作总结", office: "长寿路街道", date: Civil.unsafeDate("2022-12-31") },
 *   blocks: [Report.section("总体情况", [Report.paragraph("全年……")])],
 *   attachments: []
 * })
 * ```
 *
 * @since 0.1.0
 */
export const toMarkdown = (report: Report.Report): string => {
  const m = report.metadata
  const out: Array<string> = []
  if (m.copyNumber !== undefined) out.push(Report.formatCopyNumber(m.copyNumber), "")
  if (m.classification !== undefined) out.push(inline(Report.formatClassification(m.classification)), "")
  if (m.urgency !== undefined) out.push(m.urgency, "")
  if (m.issuerMark !== undefined) out.push(`**${inline(m.issuerMark)}**`, "")
  if (m.docNumber !== undefined) out.push(Report.formatDocNumber(m.docNumber), "")
  out.push(`# ${inline(m.title)}`, "")
  if (m.byline !== undefined) out.push(`*${inline(m.byline)}*`, "")
  if (m.recipients !== undefined) out.push(`${inline(m.recipients)}：`, "")
  blocks(report.blocks, out)
  if (report.attachments.length > 0) {
    out.push(report.attachments.length === 1 ? `附件：${inline(report.attachments[0]!.title)}` : `附件：${report.attachments.map((a, i) => `${i + 1}.${inline(a.title)}`).join("  \n　　　")}`, "")
  }
  // a material with a byline under its title is signed there: no second 署名 and date
  if (m.byline === undefined) out.push(`${inline(Report.signatureOf(m))}  `, Civil.formatChinese(m.date), "")
  if (m.note !== undefined) out.push(`（${inline(m.note)}）`, "")
  report.attachments.forEach((a, i) => {
    out.push("---", "", `附件${report.attachments.length === 1 ? "" : i + 1}`, "", `## ${inline(a.title)}`, "")
    blocks(a.blocks, out)
  })
  if (m.copyTo !== undefined || m.printing !== undefined) {
    out.push("---", "")
    if (m.copyTo !== undefined) out.push(`抄送：${m.copyTo.map(inline).join("，")}。`, "")
    if (m.printing !== undefined) out.push(`${inline(m.printing.office)}　　${Civil.formatChinese(m.printing.date)}印发`, "")
  }
  return out.join("\n")
}

/**
 * The Markdown renderer plugin.
 *
 * @since 0.1.0
 */
export const renderer: Renderer<string, never> = {
  name: "markdown",
  mediaType: "text/markdown; charset=utf-8",
  extension: "md",
  render: (report) => Effect.sync(() => toMarkdown(report))
}
