/**
 * `govplan lint`: checks .docx files against GB/T 9704-2012 (党政机关公文格式) with
 * `Lint.lint` of @govplan/report-docx, whichever program wrote them, and prints each finding
 * with its rule, the standard's clause, a severity and where (section, paragraph, excerpt).
 */
import { readFile } from "node:fs/promises"
import { Effect, Either } from "effect"
import { Lint } from "@govplan/report-docx"
import * as Args from "../Args.js"
import * as Command from "../Command.js"

const HELP = `usage: govplan lint FILE.docx… [options]

Checks Word files against GB/T 9704-2012: paper and margins, type area, 22 lines
of 28 characters (as Word and as LibreOffice lay them out), fonts and sizes of the
title, headings and body, heading order 一、→（一）→1.→（1）, page numbers "— N —",
份号, 密级, 紧急程度, 发文字号, 成文日期, 附件说明, full-width punctuation, and in the
文件 layout the red 发文机关标志 and red rule. Each finding names its rule, the
clause of the standard, a severity, the section (§), the paragraph (¶, counted
from 1 in document order, table cells included) and an excerpt of its text.

options:
  --layout <材料|文件>  材料 (default): a standalone work summary or plan;
                      文件: with 版头 (red 发文机关标志, 发文字号, red rule)
  --json              print the findings as JSON: [{ "file", "findings": […] }]
  -h, --help          show this help

exit codes: 0 no findings, 1 findings, 2 usage error, 3 a file could not be read
(missing, not a .docx, or broken XML; the other files are still checked).

examples:
  govplan lint out/summary.docx
  govplan lint --layout 文件 a.docx b.docx
  govplan lint --json report.docx > findings.json`

interface Options {
  readonly files: ReadonlyArray<string>
  readonly layout: Lint.Layout
  readonly json: boolean
  readonly help: boolean
}

const SPEC = {
  layout: { type: "string", needs: "材料 or 文件" },
  json: { type: "boolean" }
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
  if (files.length === 0 && v.help !== true) return Args.usage("no file given: govplan lint FILE.docx…")
  return { _tag: "Options", options: { files, layout, json: v.json ?? false, help: v.help ?? false } }
}

type Outcome = { readonly file: string; readonly findings: ReadonlyArray<Lint.Finding> } | { readonly file: string; readonly error: string }

const lintFile = async (file: string, layout: Lint.Layout): Promise<Outcome> => {
  let bytes: Uint8Array
  try {
    bytes = await readFile(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return { file, error: code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message }
  }
  const result = await Effect.runPromise(Effect.either(Lint.lint(bytes, { layout })))
  return Either.isRight(result) ? { file, findings: result.right } : { file, error: result.left.message }
}

const run = async (o: Options): Promise<number> => {
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
