/**
 * Text from data is untrusted: a control character in a narrative file or an
 * indicator name would make an XML-based document (a .docx) that Word refuses
 * to open. Every renderer runs text through {@link text} first.
 *
 * @since 0.1.0
 */

// Characters XML 1.0 forbids: C0 controls other than tab, LF and CR; U+FFFE,
// U+FFFF; and UTF-16 surrogates that are not part of a pair.
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * Removes every character XML 1.0 cannot carry (C0 controls except tab, line
 * feed and carriage return; U+FFFE/U+FFFF; unpaired surrogates). Pairs stay.
 *
 * @example
 * ```ts
 * import { Sanitize } from "@govplan/report"
 *
 * Sanitize.text("工作\u0000总结") // "工作总结"
 * ```
 *
 * @since 0.1.0
 */
export const text = (s: string): string => s.replace(INVALID, "")

/**
 * {@link text}, and runs of ASCII whitespace (space, tab, line breaks)
 * collapsed to one space, trimmed: for one-line fields such as titles. The
 * ideographic space U+3000 is text in Chinese documents ("办事处　2022年") and stays.
 *
 * @since 0.1.0
 */
export const line = (s: string): string => text(s).replace(/[ \t\n\r\f\v]+/g, " ").replace(/^ | $/g, "")

/**
 * Whether a string has no character {@link text} would remove.
 *
 * @since 0.1.0
 */
export const isClean = (s: string): boolean => {
  INVALID.lastIndex = 0
  const found = INVALID.test(s)
  INVALID.lastIndex = 0
  return !found
}

// CJK ideographs, kana and full-width forms: a character that makes the text around it Chinese
const CJK = "\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff00-\\uffef“”‘’"
const FULL_WIDTH: Readonly<Record<string, string>> = { ",": "，", ";": "；", ":": "：", "?": "？", "!": "！" }
const HALF_BESIDE_CJK = new RegExp(`(?<=[${CJK}])[,;:?!]|[,;:?!](?=[${CJK}])`, "g")
const HAS_CJK = new RegExp(`[${CJK}]`)
const PAIRED = new RegExp(`(^|.)\\(([^()]*)\\)(.|$)`, "gs")

/**
 * Chinese text with the half-width punctuation that web copies of government documents often carry
 * (`"聚焦重点,深化基层党建"`) set full-width as GB/T 9704 documents print it (`"聚焦重点，深化基层党建"`).
 * Only a mark next to a Chinese character changes (brackets as a pair, when they hold or touch Chinese
 * text), so `"1,234"` and `"(a, b)"` stay as they are and `"(2020-2022年)"` becomes `"（2020-2022年）"`. Plan data keeps the source's own characters;
 * section providers apply this when they write plan text into a report.
 *
 * @example
 * ```ts
 * import { Sanitize } from "@govplan/report"
 *
 * Sanitize.chinesePunctuation("聚焦重点,深化基层党建全域提升") // "聚焦重点，深化基层党建全域提升"
 * ```
 *
 * @since 0.1.0
 */
export const chinesePunctuation = (s: string): string =>
  s
    // a pair of brackets turns full-width as a pair, when it holds or touches Chinese text
    .replace(PAIRED, (all, before: string, inner: string, after: string) =>
      HAS_CJK.test(before) || HAS_CJK.test(inner) || HAS_CJK.test(after) ? `${before}（${inner}）${after}` : all)
    .replace(HALF_BESIDE_CJK, (m) => FULL_WIDTH[m] ?? m)
    // a quotation typed twice (““十四五””) is one quotation
    .replace(/“+/g, "“")
    .replace(/”+/g, "”")
