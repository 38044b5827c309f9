/**
 * Narrative text supplied by the user: the words of a summary that no KPI
 * computes ("全年共开展……"). One text per key — a pillar key ("party"), a
 * plan section id, or a provider's own key ("overview", "outlook") — written
 * as light Markdown: blank lines separate paragraphs, "- " and "1. " lines make
 * lists, and a paragraph opening with `**phrase**` sets that phrase apart.
 *
 * Missing text is fine: providers fall back to words generated from the data.
 *
 * @since 0.1.0
 */
import * as Report from "./Report.js"
import * as Sanitize from "./Sanitize.js"

/**
 * A lookup of narrative text by key.
 *
 * @since 0.1.0
 */
export interface Narrative {
  readonly get: (key: string) => string | undefined
  readonly keys: ReadonlyArray<string>
}

/**
 * No narrative at all.
 *
 * @since 0.1.0
 */
export const empty: Narrative = { get: () => undefined, keys: [] }

/**
 * Narrative from an object of key → text.
 *
 * @example
 * ```ts
 * import { Narrative } from "@govplan/report"
 *
 * const n = Narrative.fromRecord({ party: "全年召开党工委会议24次。" })
 * ```
 *
 * @since 0.1.0
 */
export const fromRecord = (record: Readonly<Record<string, string>>): Narrative => {
  const map = new Map(Object.entries(record))
  return { get: (key) => map.get(key), keys: [...map.keys()] }
}

const LIST_ITEM = /^(?:[-*•]\s+|\d+[.、)](?!\d)\s*|（\d+）\s*)/
const ORDERED = /^(?:\d+[.、)]|（\d+）)/

/**
 * Light Markdown to blocks: paragraphs, lists, and `**lead**` phrases. Text is
 * sanitised; single line breaks inside a paragraph are joined (Chinese text
 * has no spaces between lines).
 *
 * @example
 * ```ts
 * import { Narrative } from "@govplan/report"
 *
 * Narrative.toBlocks("**加强党建。**全年……\n\n- 一\n- 二")
 * // [Paragraph { lead: "加强党建。", text: "全年……" }, List { items: ["一", "二"] }]
 * ```
 *
 * @since 0.1.0
 */
export const toBlocks = (markdown: string): ReadonlyArray<Report.Block> => {
  const blocks: Array<Report.Block> = []
  const chunks = Sanitize.text(markdown).replace(/\r\n?/g, "\n").split(/\n\s*\n/)
  for (const chunk of chunks) {
    const lines = chunk.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"))
    if (lines.length === 0) continue
    if (lines.every((l) => LIST_ITEM.test(l))) {
      blocks.push(Report.list(lines.map((l) => l.replace(LIST_ITEM, "")), lines.every((l) => ORDERED.test(l))))
      continue
    }
    const joined = lines.reduce((acc, l) => (acc === "" ? l : /[A-Za-z0-9]$/.test(acc) && /^[A-Za-z0-9]/.test(l) ? `${acc} ${l}` : acc + l), "")
    const lead = /^\*\*(.+?)\*\*(.*)$/.exec(joined)
    blocks.push(lead ? Report.paragraph(lead[2]!.trim(), lead[1]!) : Report.paragraph(joined))
  }
  return blocks
}

/**
 * The blocks of one key, or none.
 *
 * @since 0.1.0
 */
export const blocksOf = (narrative: Narrative, key: string): ReadonlyArray<Report.Block> => {
  const text = narrative.get(key)
  return text === undefined ? [] : toBlocks(text)
}
