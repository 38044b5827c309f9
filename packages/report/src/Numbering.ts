/**
 * The four heading levels of a Chinese official document and how each is
 * numbered: 一、 （一） 1. （1）.
 *
 * @since 0.1.0
 */

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] as const

/**
 * A positive integer in Chinese numerals as headings write it: 1 → 一,
 * 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
 *
 * @example
 * ```ts
 * import { Numbering } from "@govplan/report"
 *
 * Numbering.chinese(12) // "十二"
 * ```
 *
 * @since 0.1.0
 */
export const chinese = (n: number): string => {
  if (!Number.isInteger(n) || n < 1 || n > 9999) return String(n)
  const units = ["", "十", "百", "千"]
  const ds = String(n).split("").map(Number)
  let out = ""
  let zero = false
  ds.forEach((d, i) => {
    const unit = units[ds.length - 1 - i]!
    if (d === 0) {
      zero = out !== ""
      return
    }
    if (zero) out += "零"
    zero = false
    out += DIGITS[d]! + unit
  })
  // 一十 → 十 at the start (10–19)
  return out.startsWith("一十") ? out.slice(1) : out
}

/**
 * A heading level: 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）.
 *
 * @since 0.1.0
 */
export type Level = 1 | 2 | 3 | 4

/**
 * The label of the `n`th heading (1-based) at `level`, with its trailing
 * punctuation: `label(1, 3)` = "三、", `label(2, 3)` = "（三）",
 * `label(3, 3)` = "3.", `label(4, 3)` = "（3）".
 *
 * @example
 * ```ts
 * import { Numbering } from "@govplan/report"
 *
 * Numbering.label(2, 1) // "（一）"
 * ```
 *
 * @since 0.1.0
 */
export const label = (level: Level, n: number): string => {
  switch (level) {
    case 1:
      return `${chinese(n)}、`
    case 2:
      return `（${chinese(n)}）`
    case 3:
      return `${n}.`
    case 4:
      return `（${n}）`
  }
}
