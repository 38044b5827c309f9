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
