/**
 * Charts: a report's chart block (data) → a vega-lite spec → SVG (vega, no
 * canvas needed, works in browsers) → PNG through an injectable
 * {@link Rasteriser}. The Node default (resvg) lives in
 * `@govplan/report-docx/node`, so the main entry stays browser-safe.
 *
 * @since 0.1.0
 */
export * as Chart from "./Chart.js"

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
export * as DocxRenderer from "./DocxRenderer.js"

/**
 * Fonts by role. GB/T 9704 names type families; offices name products. The
 * default map uses the names of government templates (方正小标宋简体,
 * 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体); {@link windows} uses what a stock
 * Windows has. No font is ever embedded.
 *
 * @since 0.1.0
 */
export * as FontMap from "./FontMap.js"

/**
 * The numbers of GB/T 9704-2012 (党政机关公文格式) as a .docx needs them.
 * Twips are 1/20 pt; sizes in half-points, as the `docx` library takes them.
 *
 * @since 0.1.0
 */
export * as Gbt9704 from "./Gbt9704.js"

/**
 * Checks any .docx against GB/T 9704-2012 (党政机关公文格式), reading what the file declares: sections
 * (paper, margins, document grid, footers), styles with their inheritance (docDefaults → basedOn
 * chain → direct formatting), paragraphs and runs, fields. Paragraphs get a role from their position
 * and text (份号, 密级, 紧急程度, 发文机关标志, 发文字号, title, headings 一、（一）1.（1）, 附件说明,
 * 成文日期, body), and each rule reports where it fails: the part, section, paragraph number and a
 * text excerpt, with the standard's clause and a severity. The numbers come from {@link Gbt9704},
 * which the renderer reads too.
 *
 * @since 0.1.0
 */
export * as Lint from "./Lint.js"
