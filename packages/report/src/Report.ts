/**
 * A report is data: document metadata and an ordered tree of blocks. Nested
 * {@link Section}s are the four heading levels (一、 （一） 1. （1）), numbered
 * when rendered, never by hand. Renderers turn a {@link Report} into bytes.
 *
 * @since 0.1.0
 */
import { Effect, ParseResult, Schema } from "effect"
import { Civil, Status } from "@govplan/model"
import * as Numbering from "./Numbering.js"
import { ReportError } from "./ReportError.js"

/**
 * 发文字号: the issuing office's short name, the year and the serial number,
 * written "长街〔2022〕5号" (see {@link formatDocNumber}).
 *
 * @since 0.1.0
 */
export const DocNumber = Schema.Struct({
  prefix: Schema.NonEmptyString,
  year: Schema.Int.pipe(Schema.between(1900, 2999)),
  serial: Schema.Int.pipe(Schema.positive())
})

/** @since 0.1.0 */
export type DocNumber = typeof DocNumber.Type

/**
 * "长街〔2022〕5号": year in 〔〕 (U+3014, U+3015), no 第, no zero padding.
 *
 * @since 0.1.0
 */
export const formatDocNumber = (n: DocNumber): string => `${n.prefix}\u3014${n.year}\u3015${n.serial}号`

/**
 * 份号 (copy number): the sequence number of one printed copy, 1 to 6 Arabic
 * digits given as a number (`1`) or a string (`"000001"`), from 1. Printed
 * zero-padded to 6 digits (see {@link formatCopyNumber}), top left on line 1 of
 * the 版头 (GB/T 9704-2012 7.2.1; a classified document should carry one).
 *
 * @since 0.1.0
 */
export const CopyNumber = Schema.Union(Schema.Number, Schema.String).pipe(
  Schema.filter((n) => {
    const digits = typeof n === "number" ? (Number.isInteger(n) ? String(n) : "") : n
    return (/^[0-9]{1,6}$/.test(digits) && Number(digits) > 0) ||
      `份号 (copy number): expected 1 to 6 digits from 1, as a number or a string ("000001"), got ${JSON.stringify(n)}`
  }),
  Schema.annotations({ identifier: "CopyNumber" })
)

/** @since 0.1.0 */
export type CopyNumber = typeof CopyNumber.Type

/**
 * "000001": the 份号 zero-padded to 6 digits.
 *
 * @example
 * ```ts
 * import { Report } from "@govplan/report"
 *
 * Report.formatCopyNumber(1) // "000001"
 * Report.formatCopyNumber("0025") // "000025"
 * ```
 *
 * @since 0.1.0
 */
export const formatCopyNumber = (n: CopyNumber): string => String(n).padStart(6, "0")

/**
 * 密级 (classification level): 绝密 (top secret), 机密 (secret), 秘密 (confidential).
 *
 * @since 0.1.0
 */
export const ClassificationLevel = Schema.Literal("绝密", "机密", "秘密").annotations({ identifier: "ClassificationLevel" })

/** @since 0.1.0 */
export type ClassificationLevel = typeof ClassificationLevel.Type

/**
 * 保密期限 (period of secrecy): "1年", "6个月", "长期"; one line, no ★, numbers in
 * Arabic digits (GB/T 9704-2012 7.2.2).
 *
 * @since 0.1.0
 */
export const SecrecyPeriod = Schema.String.pipe(
  Schema.filter((s) =>
    (/\S/.test(s) && !/[\r\n\u2605]/.test(s) && !/[〇零一二两三四五六七八九十百千]/.test(s)) ||
    `保密期限 (secrecy period): expected one line such as "1年" or "6个月", with Arabic digits and no ★, got ${JSON.stringify(s)}`
  ),
  Schema.annotations({ identifier: "SecrecyPeriod" })
)

/**
 * 密级和保密期限 (classification and period of secrecy), printed "秘密★1年"
 * (see {@link formatClassification}) in 3号黑体, top left under the 份号.
 *
 * @since 0.1.0
 */
export const Classification = Schema.Struct({
  /** 密级 (level): 绝密, 机密 or 秘密. */
  level: ClassificationLevel,
  /** 保密期限 (period of secrecy), after a ★: "1年". */
  period: Schema.optional(SecrecyPeriod)
})

/** @since 0.1.0 */
export type Classification = typeof Classification.Type

/**
 * "秘密★1年": the 密级, then ★ (U+2605) and the 保密期限 if there is one.
 *
 * @example
 * ```ts
 * import { Report } from "@govplan/report"
 *
 * Report.formatClassification({ level: "秘密", period: "1年" }) // "秘密★1年"
 * Report.formatClassification({ level: "机密" }) // "机密"
 * ```
 *
 * @since 0.1.0
 */
export const formatClassification = (c: Classification): string => (c.period !== undefined ? `${c.level}\u2605${c.period}` : c.level)

/**
 * 紧急程度 (urgency): 特急 (extra urgent) or 加急 (urgent).
 *
 * @since 0.1.0
 */
export const Urgency = Schema.Literal("特急", "加急").annotations({ identifier: "Urgency" })

/** @since 0.1.0 */
export type Urgency = typeof Urgency.Type

/**
 * 印发机关 and 印发日期 of the 版记.
 *
 * @since 0.1.0
 */
export const Printing = Schema.Struct({ office: Schema.NonEmptyString, date: Civil.CivilDate })

/** @since 0.1.0 */
export type Printing = typeof Printing.Type

/**
 * Document metadata.
 *
 * @since 0.1.0
 */
export const Metadata = Schema.Struct({
  /** 标题: "长寿路街道2022年工作总结". */
  title: Schema.NonEmptyString,
  /** The issuing office (发文机关), also the default 署名. */
  office: Schema.NonEmptyString,
  /** 成文日期. */
  date: Civil.CivilDate,
  /** The 楷体 line under the title of a standalone material ("长寿路街道办事处　2022年12月31日"). */
  byline: Schema.optional(Schema.String),
  /** 份号 (copy number), printed "000001" top left on line 1. */
  copyNumber: Schema.optional(CopyNumber),
  /** 密级和保密期限 (classification), printed "秘密★1年" under the 份号 (in every layout: a classified document is always marked). */
  classification: Schema.optional(Classification),
  /** 紧急程度 (urgency), printed under the 密级. */
  urgency: Schema.optional(Urgency),
  /** 发文机关标志 of the 文件 layout ("上海市普陀区长寿路街道办事处文件"). */
  issuerMark: Schema.optional(Schema.String),
  /** 发文字号. */
  docNumber: Schema.optional(DocNumber),
  /** 主送机关, without the final "：". */
  recipients: Schema.optional(Schema.String),
  /** 抄送机关. */
  copyTo: Schema.optional(Schema.Array(Schema.NonEmptyString)),
  /** 印发机关 and 印发日期. */
  printing: Schema.optional(Printing),
  /** 发文机关署名; the office when absent. */
  signature: Schema.optional(Schema.String),
  /** 附注, printed in （ ） under the date. */
  note: Schema.optional(Schema.String)
})

/** @since 0.1.0 */
export type Metadata = typeof Metadata.Type

/**
 * One line of a KPI table. Display strings are already formatted; the
 * numerator and denominator of a rate stay beside them.
 *
 * @since 0.1.0
 */
export const KpiRow = Schema.Struct({
  indicator: Schema.String,
  target: Schema.String,
  actual: Schema.String,
  status: Status.Status,
  /** The status as printed, by period ("未完成" after the period ends, "滞后" during it); {@link Format.statusLabel} when absent. */
  statusWord: Schema.optional(Schema.String),
  numerator: Schema.optional(Schema.Number),
  denominator: Schema.optional(Schema.Number),
  /** The reason in words ("no orders were due"). */
  note: Schema.optional(Schema.String)
})

/** @since 0.1.0 */
export type KpiRow = typeof KpiRow.Type

/**
 * One value of a chart.
 *
 * @since 0.1.0
 */
export const ChartDatum = Schema.Struct({
  category: Schema.String,
  value: Schema.Number,
  /** The colour group ("已完成", "滞后"). */
  series: Schema.optional(Schema.String)
})

/** @since 0.1.0 */
export type ChartDatum = typeof ChartDatum.Type

/**
 * A chart as data: what to draw, never how. Renderers draw it (the docx
 * renderer with vega-lite; the Markdown renderer as a table).
 * - `bar`: one horizontal bar per category, coloured by series;
 * - `valueFormat`: `percent` reads values as fractions (1 = 100%);
 * - `reference`: a rule drawn at this value (1 = the target met).
 *
 * @since 0.1.0
 */
export const ChartSpec = Schema.Struct({
  mark: Schema.Literal("bar"),
  categoryTitle: Schema.String,
  valueTitle: Schema.String,
  valueFormat: Schema.Literal("percent", "number"),
  reference: Schema.optional(Schema.Number),
  /** Series in legend order with their colours ("#2e7d32"). */
  series: Schema.optional(Schema.Array(Schema.Struct({ name: Schema.String, color: Schema.String })))
})

/** @since 0.1.0 */
export type ChartSpec = typeof ChartSpec.Type

/** @since 0.1.0 */
export interface Paragraph {
  readonly _tag: "Paragraph"
  readonly text: string
  /** An opening phrase set apart (the plan's "加强党风廉政建设。" style). */
  readonly lead?: string | undefined
}

/** @since 0.1.0 */
export interface KpiTable {
  readonly _tag: "KpiTable"
  readonly caption?: string | undefined
  readonly rows: ReadonlyArray<KpiRow>
}

/** @since 0.1.0 */
export interface Chart {
  readonly _tag: "Chart"
  readonly title: string
  readonly spec: ChartSpec
  readonly data: ReadonlyArray<ChartDatum>
}

/** @since 0.1.0 */
export interface List {
  readonly _tag: "List"
  readonly ordered: boolean
  readonly items: ReadonlyArray<string>
}

/**
 * A titled part; nesting depth is the heading level (1–4).
 *
 * @since 0.1.0
 */
export interface Section {
  readonly _tag: "Section"
  readonly title: string
  readonly blocks: ReadonlyArray<Block>
}

/** @since 0.1.0 */
export type Block = Paragraph | KpiTable | Chart | List | Section

/** @since 0.1.0 */
export const Paragraph: Schema.Schema<Paragraph> = Schema.TaggedStruct("Paragraph", {
  text: Schema.String,
  lead: Schema.optional(Schema.String)
})

/** @since 0.1.0 */
export const KpiTable: Schema.Schema<KpiTable> = Schema.TaggedStruct("KpiTable", {
  caption: Schema.optional(Schema.String),
  rows: Schema.Array(KpiRow)
})

/** @since 0.1.0 */
export const Chart: Schema.Schema<Chart> = Schema.TaggedStruct("Chart", {
  title: Schema.String,
  spec: ChartSpec,
  data: Schema.Array(ChartDatum)
})

/** @since 0.1.0 */
export const List: Schema.Schema<List> = Schema.TaggedStruct("List", {
  ordered: Schema.Boolean,
  items: Schema.Array(Schema.String)
})

/** @since 0.1.0 */
export const Section: Schema.Schema<Section> = Schema.TaggedStruct("Section", {
  title: Schema.String,
  blocks: Schema.Array(Schema.suspend((): Schema.Schema<Block> => Block))
})

/** @since 0.1.0 */
export const Block: Schema.Schema<Block> = Schema.Union(Paragraph, KpiTable, Chart, List, Section)

/**
 * An attachment (附件): a new page headed "附件N", its title, its blocks.
 *
 * @since 0.1.0
 */
export const Attachment = Schema.Struct({
  title: Schema.NonEmptyString,
  blocks: Schema.Array(Block)
})

/** @since 0.1.0 */
export type Attachment = typeof Attachment.Type

const depth = (blocks: ReadonlyArray<Block>): number =>
  blocks.reduce((d, b) => (b._tag === "Section" ? Math.max(d, 1 + depth(b.blocks)) : d), 0)

/**
 * A report: metadata, body blocks, attachments. Sections nest at most four deep.
 *
 * @since 0.1.0
 */
export const Report = Schema.Struct({
  metadata: Metadata,
  blocks: Schema.Array(Block),
  attachments: Schema.Array(Attachment)
}).pipe(
  Schema.filter((r) => {
    const d = Math.max(depth(r.blocks), ...r.attachments.map((a) => depth(a.blocks)))
    return d <= 4 || `sections nest at most 4 levels deep (一、 （一） 1. （1）), found ${d}`
  })
)

/** @since 0.1.0 */
export type Report = typeof Report.Type

/**
 * Checks a report against the schema: a `ReportError` with reason
 * `InvalidReport` and the schema's message names the failing path.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Report } from "@govplan/report"
 *
 * const report = Effect.runSync(Report.validate({
 *   metadata: { title: "2022年工作总结", office: "长寿路街道", date: "2022-12-31" },
 *   blocks: [Report.section("总体情况", [Report.paragraph("全年……")])],
 *   attachments: []
 * }))
 * ```
 *
 * @since 0.1.0
 */
export const validate = (input: unknown): Effect.Effect<Report, ReportError> =>
  Schema.decodeUnknown(Report)(input).pipe(
    Effect.mapError((e) => new ReportError({ reason: "InvalidReport", message: ParseResult.TreeFormatter.formatErrorSync(e) }))
  )

/**
 * A paragraph block.
 *
 * @since 0.1.0
 */
export const paragraph = (text: string, lead?: string): Paragraph =>
  lead === undefined ? { _tag: "Paragraph", text } : { _tag: "Paragraph", text, lead }

/**
 * A section block (a heading one level below its parent).
 *
 * @since 0.1.0
 */
export const section = (title: string, blocks: ReadonlyArray<Block>): Section => ({ _tag: "Section", title, blocks })

/**
 * A list block.
 *
 * @since 0.1.0
 */
export const list = (items: ReadonlyArray<string>, ordered = false): List => ({ _tag: "List", ordered, items })

/**
 * A KPI table block.
 *
 * @since 0.1.0
 */
export const kpiTable = (rows: ReadonlyArray<KpiRow>, caption?: string): KpiTable =>
  caption === undefined ? { _tag: "KpiTable", rows } : { _tag: "KpiTable", caption, rows }

/**
 * A chart block.
 *
 * @since 0.1.0
 */
export const chart = (title: string, spec: ChartSpec, data: ReadonlyArray<ChartDatum>): Chart => ({ _tag: "Chart", title, spec, data })

/**
 * A block as renderers see it: sections turned into numbered headings.
 *
 * @since 0.1.0
 */
export type FlatBlock =
  | { readonly _tag: "Heading"; readonly level: Numbering.Level; readonly label: string; readonly title: string }
  | Paragraph
  | KpiTable
  | Chart
  | List

/**
 * The blocks in reading order with every {@link Section} replaced by a
 * `Heading` carrying its level and automatic label (一、 （一） 1. （1）), then
 * its own blocks. Numbering restarts under each parent, as the standard has it.
 *
 * @example
 * ```ts
 * import { Report } from "@govplan/report"
 *
 * Report.flatten([Report.section("总体情况", [Report.section("党建", [])])])
 * // [{ _tag: "Heading", level: 1, label: "一、", ... }, { _tag: "Heading", level: 2, label: "（一）", ... }]
 * ```
 *
 * @since 0.1.0
 */
export const flatten = (blocks: ReadonlyArray<Block>): ReadonlyArray<FlatBlock> => {
  const out: Array<FlatBlock> = []
  const walk = (bs: ReadonlyArray<Block>, level: number): void => {
    let n = 0
    for (const b of bs) {
      if (b._tag === "Section") {
        n += 1
        const lv = Math.min(level, 4) as Numbering.Level
        out.push({ _tag: "Heading", level: lv, label: Numbering.label(lv, n), title: b.title })
        walk(b.blocks, level + 1)
      } else {
        out.push(b)
      }
    }
  }
  walk(blocks, 1)
  return out
}

/**
 * The 署名: the signature if set, else the office.
 *
 * @since 0.1.0
 */
export const signatureOf = (m: Metadata): string => m.signature ?? m.office
