/**
 * `govplan lint`: checks .docx files against GB/T 9704-2012 (党政机关公文格式) with
 * `Lint.lint` of @govplan/report-docx, whichever program wrote them, and prints each finding
 * with its rule, the standard's clause, a severity and where (section, paragraph, excerpt).
 */
import { readFile, writeFile } from "node:fs/promises"
import { resolve } from "node:path"
import { Effect, Either } from "effect"
import { Lint } from "@govplan/report-docx"
import * as Args from "../Args.js"
import * as Command from "../Command.js"

const HELP = `usage: govplan lint FILE.docx… [options]
       govplan lint --fix IN.docx OUT.docx [--layout 材料|文件]

Checks Word files against GB/T 9704-2012: paper and margins, type area, 22 lines
of 28 characters (as Word and as LibreOffice lay them out), fonts and sizes of the
title, headings and body, heading order 一、→（一）→1.→（1）(Word's automatic
numbering included), page numbers "— N —", 份号, 密级, 紧急程度, 发文字号, 成文日期
(numerals, and its place under the 署名), 附件说明, full-width punctuation, fonts in
tables, and in the 文件 layout the red 发文机关标志 and red rule and the 版记 (抄送
and 印发 lines, last rule on the type area's bottom edge, on an even page). The
places of the 版记 are from a modelled layout. Each finding names its rule, the
clause of the standard, a severity, the section (§), the paragraph (¶, counted
from 1 in document order, table cells included) and an excerpt of its text.

options:
  --layout <材料|文件>  材料 (default): a standalone work summary or plan;
                      文件: with 版头 (red 发文机关标志, 发文字号, red rule)
  --json              print the findings as JSON: [{ "file", "findings": […] }]
  --fix               write a fixed copy of IN.docx to OUT.docx: paper, margins,
                      grid and exact 579-twip lines, fonts and sizes of the title,
                      headings and body (by their detected role), 署名 and
                      成文日期 placement, table fonts, and "— N —"
                      footers right on odd / left on even pages; text is never
                      changed. Then lints the copy and prints what is left
                      (heading order, 发文字号, punctuation, …: the author's to fix)
  -h, --help          show this help

exit codes: 0 no findings, 1 findings (with --fix: left in the copy), 2 usage
error, 3 a file could not be read or written (missing, not a .docx, or broken
XML; the other files are still checked).

examples:
  govplan lint out/summary.docx
  govplan lint --layout 文件 a.docx b.docx
  govplan lint --json report.docx > findings.json
  govplan lint --fix --layout 文件 received.docx fixed.docx`

interface Options {
  readonly files: ReadonlyArray<string>
  readonly layout: Lint.Layout
  readonly json: boolean
  readonly fix: boolean
  readonly help: boolean
}

const SPEC = {
  layout: { type: "string", needs: "材料 or 文件" },
  json: { type: "boolean" },
  fix: { type: "boolean" }
} as const

/** Splits the file names from the options (which Args.parse reads), so `lint a.docx --json b.docx` works. */
const parseArgs = (argv: ReadonlyArray<string>): Command.Parsed<Options> => {
  const files: Array<string> = []
  const options: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === "--") {
      files.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith("-") && a !== "-") {
      options.push(a)
      if (a === "--layout" && i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) options.push(argv[++i]!)
    } else files.push(a)
  }
  const parsed = Args.parse(options, SPEC)
  if (parsed._tag === "Usage") return parsed
  const v = parsed.values
  const layout = v.layout ?? "材料"
  if (layout !== "材料" && layout !== "文件") return Args.usage(`--layout needs 材料 or 文件, got ${JSON.stringify(layout)}`)
  if (v.help !== true) {
    if (v.fix === true && files.length !== 2) return Args.usage(`--fix needs two files, IN.docx and OUT.docx; got ${files.length}`)
    if (v.fix === true && resolve(files[0]!) === resolve(files[1]!)) return Args.usage("--fix writes a copy: OUT.docx must differ from IN.docx")
    if (files.length === 0) return Args.usage("no file given: govplan lint FILE.docx…")
  }
  return { _tag: "Options", options: { files, layout, json: v.json ?? false, fix: v.fix ?? false, help: v.help ?? false } }
}

type Outcome = { readonly file: string; readonly findings: ReadonlyArray<Lint.Finding> } | { readonly file: string; readonly error: string }

/** Why a file could not be read, in a few words. */
const readProblem = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code
  return code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message
}

const lintFile = async (file: string, layout: Lint.Layout): Promise<Outcome> => {
  let bytes: Uint8Array
  try {
    bytes = await readFile(file)
  } catch (e) {
    return { file, error: readProblem(e) }
  }
  const result = await Effect.runPromise(Effect.either(Lint.lint(bytes, { layout })))
  return Either.isRight(result) ? { file, findings: result.right } : { file, error: result.left.message }
}


/** `--fix IN OUT`: the fixed copy, then what is left in it. */
const runFix = async (o: Options): Promise<number> => {
  const [input, output] = o.files as [string, string]
  let bytes: Uint8Array
  try {
    bytes = await readFile(input)
  } catch (e) {
    await Command.write(process.stderr, `govplan lint: ${input}: cannot read: ${readProblem(e)}`)
    return 3
  }
  const result = await Effect.runPromise(Effect.either(Effect.flatMap(Lint.lint(bytes, { layout: o.layout }), (before) =>
    Effect.flatMap(Lint.fix(bytes, { layout: o.layout }), (fixed) => Effect.map(Lint.lint(fixed, { layout: o.layout }), (after) => ({ before, fixed, after }))))))
  if (Either.isLeft(result)) {
    await Command.write(process.stderr, `govplan lint: ${input}: cannot read: ${result.left.message}`)
    return 3
  }
  const { before, fixed, after } = result.right
  try {
    await writeFile(output, fixed)
  } catch (e) {
    await Command.write(process.stderr, `govplan lint: ${output}: cannot write: ${(e as Error).message}`)
    return 3
  }
  if (o.json) await Command.write(process.stdout, JSON.stringify({ file: input, output, before, after }, null, 2))
  else {
    const lines = [`${input} → ${output}: ${before.length - after.length} of ${before.length} findings fixed, ${after.length} left (${o.layout})`]
    for (const f of after) lines.push(`  ${Lint.format(f)}`)
    await Command.write(process.stdout, lines.join("\n"))
  }
  return after.length > 0 ? 1 : 0
}

const run = async (o: Options): Promise<number> => {
  if (o.fix) return runFix(o)
  const outcomes: Array<Outcome> = []
  for (const file of o.files) outcomes.push(await lintFile(file, o.layout))
  const unreadable = outcomes.filter((x) => "error" in x)
  for (const x of unreadable) if ("error" in x) await Command.write(process.stderr, `govplan lint: ${x.file}: cannot read: ${x.error}`)
  const read = outcomes.filter((x): x is Extract<Outcome, { findings: unknown }> => "findings" in x)
  if (o.json) await Command.write(process.stdout, JSON.stringify(read, null, 2))
  else {
    const lines: Array<string> = []
    for (const x of read) {
      if (x.findings.length === 0) lines.push(`${x.file}: clean (GB/T 9704-2012, ${o.layout})`)
      else {
        const errors = x.findings.filter((f) => f.severity === "error").length
        lines.push(`${x.file}: ${x.findings.length} finding${x.findings.length === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${x.findings.length - errors} warning${x.findings.length - errors === 1 ? "" : "s"}; ${o.layout})`)
        for (const f of x.findings) lines.push(`  ${Lint.format(f)}`)
      }
    }
    if (lines.length > 0) await Command.write(process.stdout, lines.join("\n"))
  }
  if (unreadable.length > 0) return 3
  return read.some((x) => x.findings.length > 0) ? 1 : 0
}

export const command = Command.make({ name: "lint", summary: "check .docx files against GB/T 9704-2012 (exit 1 on findings)", help: HELP, parse: parseArgs, run })
