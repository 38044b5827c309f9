/**
 * Narrative from a directory: one `<key>.md` or `<key>.txt` file per key
 * (`overview.md`, `party.md`, `p1.discipline.md`, `outlook.md`). Node only:
 * import it from `@govplan/report/node`.
 *
 * @since 0.1.0
 */
import { readdir, readFile } from "node:fs/promises"
import { extname, join } from "node:path"
import { Effect } from "effect"
import * as Narrative from "./Narrative.js"
import { ReportError } from "./ReportError.js"

/**
 * Reads every `.md` and `.txt` file of `dir` (UTF-8, BOM dropped). A missing
 * directory is an error (a mistyped path should not silently give an empty
 * report); missing files are fine.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { NodeNarrative } from "@govplan/report/node"
 *
 * const narrative = await Effect.runPromise(NodeNarrative.fromDirectory("narrative/2022"))
 * ```
 *
 * @since 0.1.0
 */
export const fromDirectory = (dir: string): Effect.Effect<Narrative.Narrative, ReportError> =>
  Effect.tryPromise({
    try: async () => {
      const names = (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile() && [".md", ".txt"].includes(extname(e.name).toLowerCase()))
        .map((e) => e.name)
        .sort()
      const record: Record<string, string> = {}
      for (const name of names) {
        const key = name.slice(0, -extname(name).length)
        const text = (await readFile(join(dir, name), "utf8")).replace(/^\uFEFF/, "")
        record[key] = key in record ? `${record[key]}\n\n${text}` : text
      }
      return Narrative.fromRecord(record)
    },
    catch: (cause) => new ReportError({ reason: "NarrativeUnreadable", message: `cannot read the narrative directory ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`, cause })
  })

/**
 * {@link fromDirectory} as a Promise, for callers who do not use Effect.
 *
 * @since 0.1.0
 */
export const fromDirectoryPromise = (dir: string): Promise<Narrative.Narrative> => Effect.runPromise(fromDirectory(dir))
