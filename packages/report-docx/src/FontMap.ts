/**
 * Fonts by role. GB/T 9704 names type families; offices name products. The
 * default map uses the names of government templates (方正小标宋简体,
 * 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体); {@link windows} uses what a stock
 * Windows has. No font is ever embedded.
 *
 * @since 0.1.0
 */

/**
 * A font per role. `latin` is the ascii/hAnsi font of body-like runs (digits
 * and Latin letters); every other slot (eastAsia, cs) takes the role's font.
 *
 * @since 0.1.0
 */
export interface FontMap {
  /** 标题: 小标宋. */
  readonly title: string
  /** 发文机关标志: 小标宋. */
  readonly issuerMark: string
  /** 正文, levels 3 and 4, tables: 仿宋. */
  readonly body: string
  /** Level 1, "附件N", and the 版头's 密级 and 紧急程度 (in every slot): 黑体. */
  readonly heading1: string
  /** Level 2: 楷体. */
  readonly heading2: string
  /** Level 3: 仿宋. */
  readonly heading3: string
  /** Level 4: 仿宋. */
  readonly heading4: string
  /** The byline under a material's title: 楷体. */
  readonly byline: string
  /** Page numbers, all slots: 宋体. */
  readonly pageNumber: string
  /** Digits and Latin letters of body text. */
  readonly latin: string
  /** Chart text, a CSS font-family list (the rasteriser's font database, not Word's, resolves it). */
  readonly chart: string
}

/**
 * The GB names of government templates (the default).
 *
 * @since 0.1.0
 */
export const gb: FontMap = {
  title: "方正小标宋简体",
  issuerMark: "方正小标宋简体",
  body: "仿宋_GB2312",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  heading3: "仿宋_GB2312",
  heading4: "仿宋_GB2312",
  byline: "楷体_GB2312",
  pageNumber: "宋体",
  latin: "Times New Roman",
  chart: "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, sans-serif"
}

/**
 * Fonts a stock Windows has: 仿宋, 楷体, 黑体, 宋体; no 小标宋 ships with
 * Windows, so titles fall back to 宋体 (install 方正小标宋简体 and use {@link gb}
 * for the real thing).
 *
 * @since 0.1.0
 */
export const windows: FontMap = {
  ...gb,
  title: "宋体",
  issuerMark: "宋体",
  body: "仿宋",
  heading2: "楷体",
  heading3: "仿宋",
  heading4: "仿宋",
  byline: "楷体",
  chart: "Microsoft YaHei, SimHei, Noto Sans CJK SC, sans-serif"
}

/**
 * A map from a preset with some roles replaced.
 *
 * @example
 * ```ts
 * import { FontMap } from "@govplan/report-docx"
 *
 * const fonts = FontMap.make({ title: "华文中宋" }, FontMap.windows)
 * ```
 *
 * @since 0.1.0
 */
export const make = (overrides: Partial<FontMap> = {}, base: FontMap = gb): FontMap => ({ ...base, ...overrides })
