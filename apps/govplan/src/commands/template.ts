/**
 * `govplan template`: an empty Excel ledger (台账) per record type, in the layout `govplan kpi
 * --data-dir` reads: the export headers, date formats, data validation lists for coded fields and a
 * 填表说明 sheet from the formula sheet.
 */
import * as path from "node:path"
import * as Args from "../Args.js"
import * as Command from "../Command.js"
import * as Excel from "../Excel.js"
import * as Pipeline from "../pipeline.js"
import * as Sources from "../sources.js"

const HELP = `usage: govplan template [options]

Writes an empty Excel ledger (台账) per record type, named as govplan kpi
--data-dir reads it (12345工单.xlsx, 企业走访记录.xlsx, …): a sheet with the export
headers (工单编号, 受理时间, …), date and date-time formats, data validation (dates,
numbers, and a list for each coded field — 满意度, 先行联系, 诉求类型 … — with the
values the seed data uses), and a 填表说明 sheet (each column's type, whether it is
required, its values, and the pillar's formula sheet for the record).

options:
  --out <dir>         where to write the workbooks (default ./templates)
  --data <dir>        the seed data the code lists come from (default seeds/data;
                      generated first when it is missing)
  --only <names>      only these record types, comma-separated (hotline_order,…)
  -h, --help          show this help

examples:
  govplan template
  govplan template --out 台账模板 --only hotline_order`

interface Options {
  readonly out: string
  readonly data: string | undefined
  readonly only: ReadonlyArray<string> | undefined
  readonly help: boolean
}

/** Parses the command line of `govplan template`. */
export const parseArgs = (argv: ReadonlyArray<string>): Command.Parsed<Options> => {
  const parsed = Args.parse(argv, {
    out: { type: "string", needs: "a directory" },
    data: { type: "string", needs: "a directory" },
    only: { type: "string", needs: "record type names, comma-separated" }
  })
  if (parsed._tag === "Usage") return parsed
  const v = parsed.values
  const only = v.only?.split(",").map((s) => s.trim()).filter((s) => s !== "")
  if (only !== undefined) {
    const known = Sources.recordTypes().map((r) => r.name)
    const unknown = only.filter((n) => !known.includes(n))
    if (unknown.length > 0) return Args.usage(`--only: no record type ${unknown.join(", ")} (record types: ${known.join(", ")})`)
  }
  return { _tag: "Options", options: { out: v.out ?? "templates", data: v.data, only, help: v.help ?? false } }
}

export const command: Command.Command = Command.make({
  name: "template",
  summary: "empty Excel ledgers (台账) per record type, with headers, validation lists and 填表说明 (--out)",
  help: HELP,
  parse: parseArgs,
  run: async (o) => {
    const dataDir = o.data === undefined ? Pipeline.defaultDataDir() : path.resolve(o.data)
    await Pipeline.ensureSeedData(dataDir, (line) => console.error(line))
    const seed = await Pipeline.openSeed(dataDir)
    const out = path.resolve(o.out)
    try {
      const records = Sources.recordTypes().filter((r) => o.only === undefined || o.only.includes(r.name))
      const t0 = performance.now()
      for (const record of records) {
        const codes = Excel.codesOf(record, seed.records[record.name] ?? [])
        const file = await Excel.writeTemplate(record, codes, out)
        console.log(path.relative(process.cwd(), file) || file)
      }
      console.error(`govplan template: ${records.length} ledger${records.length === 1 ? "" : "s"} in ${out} (${((performance.now() - t0) / 1000).toFixed(2)} s)`)
      return 0
    } finally {
      seed.close()
    }
  }
})
