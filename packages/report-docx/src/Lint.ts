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
import { Effect, Schema } from "effect"
import * as FontMap from "./FontMap.js"
import * as D from "./internal/docx.js"
import * as F from "./internal/lintFix.js"
import * as R from "./internal/lintRules.js"

/**
 * A rule's id.
 *
 * @since 0.1.0
 */
export type RuleId =
  | "page-size"
  | "margins"
  | "type-area"
  | "lines-per-page"
  | "chars-per-line"
  | "title-font"
  | "heading-order"
  | "heading-font"
  | "body-font"
  | "page-number-form"
  | "page-number-font"
  | "page-number-position"
  | "copy-number"
  | "classification"
  | "urgency"
  | "issuer-mark-red"
  | "doc-number"
  | "head-rule-red"
  | "date-numerals"
  | "attachment-note"
  | "punctuation"
  | "date-indent"
  | "closing-lines"
  | "closing-position"
  | "table-font"

/**
 * The rules: clause of the standard, severity, what it checks, and whether {@link fix} repairs it.
 *
 * @since 0.1.0
 */
export const rules: { readonly [K in RuleId]: RuleInfo } = R.RULES

/**
 * A finding's weight: an `error` breaks the standard, a `warning` is likely to.
 *
 * @since 0.1.0
 */
export type Severity = "error" | "warning"

/**
 * The layout engine a line or character count holds for: their document-grid rules differ.
 *
 * @since 0.1.0
 */
export type Engine = "Word" | "LibreOffice"

/**
 * What the rules table says of a rule.
 *
 * @since 0.1.0
 */
export interface RuleInfo {
  readonly clause: string
  readonly severity: Severity
  readonly summary: string
  /** `fix` repairs it without touching the text. */
  readonly fixable: boolean
}

/**
 * `材料`: a standalone work summary or plan (no 版头); `文件`: with 版头 (红头) and 版记, where a red
 * 发文机关标志, a 发文字号 and the red rule are required.
 *
 * @since 0.1.0
 */
export type Layout = "材料" | "文件"

/**
 * Where a finding is: the part (`word/document.xml`, a footer), the section and paragraph (1-based,
 * in document order, table cells included) and an excerpt of the paragraph's text.
 *
 * @since 0.1.0
 */
export interface Where {
  readonly part: string
  readonly section?: number
  readonly paragraph?: number
  readonly excerpt?: string
}

/**
 * One failed rule at one place. `engines` (line and character counts only) says whether the count is
 * wrong in Word, in LibreOffice, or both: their document-grid rules differ.
 *
 * @since 0.1.0
 */
export interface Finding {
  readonly rule: RuleId
  readonly clause: string
  readonly severity: Severity
  readonly message: string
  readonly where: Where
  /** For the line and character counts: the layout engines the finding holds for. */
  readonly engines?: ReadonlyArray<Engine>
}

/**
 * Lint options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** `材料` by default. */
  readonly layout?: Layout
  /** Only these rules (all by default). */
  readonly rules?: ReadonlyArray<RuleId>
}

/**
 * The file could not be read as a Word document.
 *
 * @since 0.1.0
 */
export class LintError extends Schema.TaggedError<LintError>()("LintError", {
  reason: Schema.Literal("NotAZip", "NotADocx", "BadXml"),
  message: Schema.String
}) {}

/** The package, read, or the reason it cannot be. */
const read = (bytes: Uint8Array): Effect.Effect<D.Package, LintError> =>
  Effect.suspend(() => {
    const opened = D.open(bytes)
    return opened._tag === "Package" ? Effect.succeed(opened.pkg) : Effect.fail(new LintError({ reason: opened.reason, message: opened.message }))
  })

/**
 * The findings of every rule (or those asked for) on a .docx, in rule order and within a rule in
 * document order; an empty array when the document keeps to the standard.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs"
 * import { Effect } from "effect"
 * import { Lint } from "@govplan/report-docx"
 *
 * const findings = Effect.runSync(Lint.lint(readFileSync("summary.docx"), { layout: "文件" }))
 * for (const f of findings) console.log(Lint.format(f))
 * ```
 *
 * @since 0.1.0
 */
export const lint = (bytes: Uint8Array, options: Options = {}): Effect.Effect<ReadonlyArray<Finding>, LintError> =>
  Effect.map(read(bytes), (pkg) => R.run(pkg, options.layout ?? "材料", options.rules))

/**
 * {@link lint} as a Promise (rejects with a {@link LintError}).
 *
 * @since 0.1.0
 */
export const lintPromise = (bytes: Uint8Array, options: Options = {}): Promise<ReadonlyArray<Finding>> => Effect.runPromise(lint(bytes, options))

/**
 * A finding on one line: `§1 ¶12 body-font (7.3.3) error: … «excerpt»`.
 *
 * @since 0.1.0
 */
export const format = (f: Finding): string => {
  const w = f.where
  const place = [w.part !== "word/document.xml" ? w.part : undefined, w.section !== undefined ? `§${w.section}` : undefined, w.paragraph !== undefined ? `¶${w.paragraph}` : undefined]
    .filter((x) => x !== undefined)
    .join(" ")
  const engines = f.engines !== undefined ? ` [${f.engines.join(", ")}]` : ""
  return `${place === "" ? "" : `${place} `}${f.rule} (${f.clause}) ${f.severity}: ${f.message}${engines}${w.excerpt !== undefined ? ` «${w.excerpt}»` : ""}`
}

/**
 * Fix options.
 *
 * @since 0.1.0
 */
export interface FixOptions {
  /** How paragraphs get their roles; `材料` by default. */
  readonly layout?: Layout
  /** The font names written; {@link FontMap.gb} by default. */
  readonly fonts?: FontMap.FontMap
}

/**
 * A copy of a .docx with the safe subset fixed, never a character of its text changed: every
 * section's paper (A4), margins, and grid (none: exact 579-twip lines instead); exact lines, the
 * role's font in every slot, its size and the body's condensing on the title, headings, body, 附件说明
 * and 成文日期 (roles as {@link lint} detects them); the document defaults and Normal style; and new
 * "— N —" footers in 4号宋体, right on odd pages and left on even pages, one character in, with
 * different odd and even footers turned on. The fixed file lints clean for every rule whose
 * `rules[id].fixable` is true; text, tables, images and other parts are left as they were.
 *
 * @example
 * ```ts
 * import { readFileSync, writeFileSync } from "node:fs"
 * import { Effect } from "effect"
 * import { Lint } from "@govplan/report-docx"
 *
 * writeFileSync("fixed.docx", Effect.runSync(Lint.fix(readFileSync("in.docx"))))
 * ```
 *
 * @since 0.1.0
 */
export const fix = (bytes: Uint8Array, options: FixOptions = {}): Effect.Effect<Uint8Array, LintError> =>
  Effect.map(read(bytes), (pkg) => F.fix(pkg, options.layout ?? "材料", options.fonts ?? FontMap.gb))

/**
 * {@link fix} as a Promise (rejects with a {@link LintError}).
 *
 * @since 0.1.0
 */
export const fixPromise = (bytes: Uint8Array, options: FixOptions = {}): Promise<Uint8Array> => Effect.runPromise(fix(bytes, options))
