/**
 * The numbers of GB/T 9704-2012 (党政机关公文格式) as a .docx needs them.
 * Twips are 1/20 pt; sizes in half-points, as the `docx` library takes them.
 *
 * @since 0.1.0
 */

/** 1 mm in twips. @since 0.1.0 */
export const MM = 1440 / 25.4

/** A4 in twips. @since 0.1.0 */
export const PAGE = { width: 11906, height: 16838 } as const

/**
 * Margins in twips: top 37 mm, bottom 35 mm, left (订口) 28 mm, right 26 mm;
 * the footer 25 mm from the paper's edge puts the page number's dash 7 mm
 * under the type area.
 *
 * @since 0.1.0
 */
export const MARGIN = { top: 2098, bottom: 1984, left: 1587, right: 1474, header: 851, footer: 1417 } as const

/** The type area (版心), 156 x 225 mm. @since 0.1.0 */
export const TYPE_AREA = { width: PAGE.width - MARGIN.left - MARGIN.right, height: PAGE.height - MARGIN.top - MARGIN.bottom } as const

/** Exact line pitch: 579 twips (28.95 pt), 22 lines in the type area. @since 0.1.0 */
export const LINE = 579

/** Run condensing, twips: -5 (-0.25 pt) gives 28 characters of 3号 per line. @since 0.1.0 */
export const CHARACTER_SPACING = -5

/** Chinese type sizes in half-points. @since 0.1.0 */
export const SIZE = {
  初号: 84,
  小初: 72,
  一号: 52,
  小一: 48,
  二号: 44,
  小二: 36,
  三号: 32,
  小三: 30,
  四号: 28,
  小四: 24,
  五号: 21,
  小五: 18
} as const

/** Two characters of 3号 body text: the first-line indent, twips. @since 0.1.0 */
export const INDENT = 640

/** One 3号 character's advance once condensed, twips (16 pt − 0.25 pt). @since 0.1.0 */
export const CHAR = 320 + CHARACTER_SPACING

/** Lines per page and characters per line the format is built for. @since 0.1.0 */
export const GRID = { lines: 22, chars: 28 } as const

/** Red of the 版头 (发文机关标志 and the rule). @since 0.1.0 */
export const RED = "FF0000"

/**
 * The type families GB/T 9704 names, with the product names offices use for
 * each (how a .docx names the font). A name belongs to the first family whose
 * pattern it matches, so 仿宋 and 小标宋 are never taken for 宋体.
 *
 * @since 0.1.0
 */
export const FAMILY = {
  小标宋体: /小标宋|XiaoBiaoSong|FZXBS/i,
  仿宋体: /仿宋|FangSong|FZFS/i,
  楷体: /楷体|楷書|KaiTi|AR PL UKai|FZKT/i,
  黑体: /黑体|SimHei|Heiti|FZHT/i,
  宋体: /宋体|SimSun|NSimSun|Songti|STSong/i
} as const

/**
 * A family of {@link FAMILY}.
 *
 * @since 0.1.0
 */
export type Family = keyof typeof FAMILY

/**
 * The family a font name belongs to, if any.
 *
 * @example
 * ```ts
 * import { Gbt9704 } from "@govplan/report-docx"
 *
 * Gbt9704.familyOf("仿宋_GB2312") // "仿宋体"
 * Gbt9704.familyOf("Calibri") // undefined
 * ```
 *
 * @since 0.1.0
 */
export const familyOf = (font: string): Family | undefined => {
  for (const [family, pattern] of Object.entries(FAMILY)) if (pattern.test(font)) return family as Family
  return undefined
}

/**
 * An element of a document by what it is (GB/T 9704-2012 clause 7, 10 and
 * the page-number clause 7.5); each has its family and size in {@link ROLE}.
 *
 * @since 0.1.0
 */
export type Role =
  | "title"
  | "issuerMark"
  | "body"
  | "heading1"
  | "heading2"
  | "heading3"
  | "heading4"
  | "attachmentLabel"
  | "headLine"
  | "closing"
  | "pageNumber"

/**
 * Family, size (half-points) and clause of each role: title 2号小标宋 (7.3.1),
 * body 3号仿宋 (7.3.3), levels 3号 黑体 / 楷体 / 仿宋 / 仿宋 (7.3.3),
 * "附件N" 3号黑体 (7.3.7), 密级 and 紧急程度 3号黑体 (7.2.2, 7.2.3), 版记
 * 4号仿宋 (7.4), page numbers 4号 半角宋体 (7.5). The 发文机关标志's size is the
 * office's choice (at most 小初 here, smaller when the mark would wrap).
 *
 * @since 0.1.0
 */
export const ROLE: { readonly [R in Role]: { readonly family: Family; readonly size: number; readonly clause: string } } = {
  title: { family: "小标宋体", size: SIZE.二号, clause: "7.3.1" },
  issuerMark: { family: "小标宋体", size: SIZE.小初, clause: "7.2.4" },
  body: { family: "仿宋体", size: SIZE.三号, clause: "7.3.3" },
  heading1: { family: "黑体", size: SIZE.三号, clause: "7.3.3" },
  heading2: { family: "楷体", size: SIZE.三号, clause: "7.3.3" },
  heading3: { family: "仿宋体", size: SIZE.三号, clause: "7.3.3" },
  heading4: { family: "仿宋体", size: SIZE.三号, clause: "7.3.3" },
  attachmentLabel: { family: "黑体", size: SIZE.三号, clause: "7.3.7" },
  headLine: { family: "黑体", size: SIZE.三号, clause: "7.2.2" },
  closing: { family: "仿宋体", size: SIZE.四号, clause: "7.4" },
  pageNumber: { family: "宋体", size: SIZE.四号, clause: "7.5" }
}

/**
 * The heading numbering of 7.3.3, level 1 to 4: "一、", "（一）", "1.", "（1）". A number with a
 * decimal part ("1.5亿元") is not a level-3 label; one followed by a year ("1.2022年…") is.
 *
 * @since 0.1.0
 */
export const HEADING = [/^[一二三四五六七八九十]+、/, /^（[一二三四五六七八九十]+）/, /^\d{1,2}[.．](?!\d(?!\d{3}年))/, /^（\d+）/] as const

/**
 * Page numbers (7.5): "— N —", 4号 半角宋体 Arabic digits with one em dash
 * (U+2014) each side; odd pages right, even pages left, each 空一字 (one 4号
 * character, twips) from the edge; the footer distance (twips from the
 * paper's edge) that puts the dash 7 mm under the type area.
 *
 * @since 0.1.0
 */
export const PAGE_NUMBER = {
  dash: "\u2014",
  size: SIZE.四号,
  indent: SIZE.四号 * 10,
  footer: MARGIN.footer,
  /** The text of page `n`. */
  format: (n: number): string => `\u2014 ${n} \u2014`
} as const

/**
 * 版头 (7.2): 份号 has 6 digits; the 发文机关标志's top is 35 mm under the
 * type area's top; 发文字号 two blank lines under it, "〔" year "〕", no
 * leading zero, no 第; the red rule 4 mm under the 发文字号, as wide as the
 * type area; the title two blank lines under the rule.
 *
 * @since 0.1.0
 */
export const HEAD = {
  copyNumberDigits: 6,
  markTop: Math.round(35 * MM),
  linesAfterMark: 2,
  docNumberBrackets: ["\u3014", "\u3015"],
  /** The rule: 1.5 pt (eighths of a point, as `w:sz` counts) 4 mm (twips) under the 发文字号. */
  rule: { eighths: 12, gap: Math.round(4 * MM) },
  linesAfterRule: 2,
  classification: /^(绝密|机密|秘密)(★(\d+年|长期))?$/,
  urgency: /^(特急|加急)$/
} as const

/**
 * 版记 (7.4): 4号仿宋 lines indented one 4号 character on both sides (twips);
 * rules as wide as the type area, first and last 0.35 mm, between them
 * 0.25 mm (eighths of a point).
 *
 * @since 0.1.0
 */
export const CLOSING = { size: SIZE.四号, indent: SIZE.四号 * 10, outerRule: 8, innerRule: 6 } as const
