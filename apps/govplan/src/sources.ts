/**
 * Where the app reads operational records from: the seed database (default), a directory of CSV
 * exports and Excel workbooks (`--data-dir DIR`, alias `--csv DIR`), a SQL database (`--sql URL`) or
 * a CKAN DataStore API (`--http URL`).
 *
 * Each source gives one record stream per record type of the pillars (the tables the generator
 * writes: `hotline_order`, `enterprise_visit`, …) and, for the adapters, a load report per table:
 * rows read, accepted and rejected, with every rejection's row, column, value and reason.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { Pillars, type Records, type Scorecard } from "@govplan/pillars"
import { type ColumnMapping, LoadReport, Source } from "@govplan/source"
import { CsvSource } from "@govplan/source-csv"
import { XlsxSource } from "@govplan/source-xlsx"
import { HttpSource, Pagination } from "@govplan/source-http"
import { SqlSource } from "@govplan/source-sql"
import { SqlClient } from "@effect/sql"
import { Effect, ManagedRuntime } from "effect"

/** A data source named on the command line (without one, the app reads the seed database). */
export type DataSource =
  | { readonly _tag: "Csv"; readonly dir: string }
  | { readonly _tag: "Sql"; readonly url: string }
  | { readonly _tag: "Http"; readonly url: string }

/** Record streams of an opened source; `reports` is called after the scorecard has read them. */
export interface Opened {
  readonly records: Readonly<Record<string, Scorecard.Rows>>
  /** The load reports of the tables that were read (adapters only; the seed database has none). */
  readonly reports: () => Promise<ReadonlyArray<LoadReport.LoadReport>>
  /** Record types the source has no data for (a missing CSV file, a missing table). */
  readonly missing: ReadonlyArray<string>
  readonly close: () => Promise<void>
}

/** Parses the value of `--data-dir` (or its alias `--csv`), `--sql`, `--http`: two is an error. */
export const fromFlags = (flags: {
  readonly dataDir?: string | undefined
  readonly csv?: string | undefined
  readonly sql?: string | undefined
  readonly http?: string | undefined
}): DataSource | { readonly error: string } | undefined => {
  if (flags.dataDir !== undefined && flags.csv !== undefined) return { error: "--csv is another name for --data-dir: give one of them" }
  const dir = flags.dataDir ?? flags.csv
  const given = [
    dir === undefined ? undefined : ({ _tag: "Csv", dir } as const),
    flags.sql === undefined ? undefined : ({ _tag: "Sql", url: flags.sql } as const),
    flags.http === undefined ? undefined : ({ _tag: "Http", url: flags.http } as const)
  ].filter((x) => x !== undefined)
  if (given.length > 1) return { error: "give at most one of --data-dir (--csv), --sql and --http" }
  return given[0]
}

/** Every record type of the registered pillars. */
export const recordTypes = (): ReadonlyArray<Records.RecordType> => Pillars.all.flatMap((p) => p.records)

/**
 * The column mapping of a record type: its export headers (`工单编号`) and its field names
 * (`orderId`) both map to the field, so CSVs with either header work.
 */
export const mappingOf = (record: Records.RecordType): ColumnMapping.ColumnMapping => {
  const mapping: Record<string, ColumnMapping.ColumnMapping[string]> = {}
  for (const c of record.columns) {
    mapping[c.header] = { field: c.field, required: false }
    if (c.field !== c.header) mapping[c.field] = { field: c.field, required: false }
  }
  return mapping
}

/**
 * An async iterable over a load that remembers whether it was started, so only the reports of
 * tables that were really read are awaited (a load's report waits for its records to be read).
 */
const tracked = <A>(load: Source.Load<A>) => {
  const it = Source.iterate(load)
  let started = false
  const rows: AsyncIterable<A> = {
    [Symbol.asyncIterator]: () => {
      started = true
      return it[Symbol.asyncIterator]()
    }
  }
  return { rows, report: () => (started ? it.report.then((r) => r as LoadReport.LoadReport | undefined) : Promise.resolve(undefined)) }
}

const collectReports = async (reports: ReadonlyArray<() => Promise<LoadReport.LoadReport | undefined>>) =>
  (await Promise.all(reports.map((r) => r()))).filter((r): r is LoadReport.LoadReport => r !== undefined)

/** A data directory that cannot be read as asked (missing, or a record type in two places): a user error. */
export class DataDirError extends Error {}

/** The names a workbook's sheet may give a record type: its name, its title and its file name without extension. */
const sheetNamesOf = (record: Records.RecordType): ReadonlyArray<string> => [record.name, record.title, path.parse(record.file).name]

const isWorkbook = (file: string) => /\.xls[xm]$/i.test(file) && !file.startsWith("~$")

/**
 * Opens a directory of exports and ledgers: each record type as `<file>.csv` or `<file>.xlsx` (.xlsm)
 * by the Chinese file name the generator gives it (`12345工单.csv`, `12345工单.xlsx`, every sheet of
 * which is read), or as the sheet of any other workbook in the directory named after the record type
 * (its name `hotline_order`, title `12345市民服务热线工单` or file name `12345工单`).
 */
const openDir = async (dir: string): Promise<Opened> => {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DataDirError(`--data-dir: no directory at ${dir}`)
  const records: Record<string, Scorecard.Rows> = {}
  const reports: Array<() => Promise<LoadReport.LoadReport | undefined>> = []
  const missing: Array<string> = []
  const files = fs.readdirSync(dir).sort()
  const own = new Set<string>()
  const found = new Map<string, { readonly file: string; readonly sheet?: string }>()
  for (const record of recordTypes()) {
    const base = path.parse(record.file).name
    const candidates = [record.file, `${base}.xlsx`, `${base}.xlsm`].filter((f) => files.includes(f))
    for (const f of candidates) own.add(f)
    if (candidates.length > 1) throw new DataDirError(`--data-dir: ${record.name} is in both ${candidates.join(" and ")} in ${dir}: keep one`)
    if (candidates[0] !== undefined) found.set(record.name, { file: candidates[0] })
  }
  // other workbooks: sheets named after record types
  for (const file of files.filter((f) => isWorkbook(f) && !own.has(f))) {
    for (const sheet of await XlsxSource.sheets(path.join(dir, file))) {
      const record = recordTypes().find((r) => sheetNamesOf(r).includes(sheet.name.trim()))
      if (record === undefined) continue
      const before = found.get(record.name)
      if (before !== undefined) {
        const where = (x: { readonly file: string; readonly sheet?: string }) => (x.sheet === undefined ? x.file : `${x.file} (sheet "${x.sheet}")`)
        throw new DataDirError(`--data-dir: ${record.name} is in both ${where(before)} and ${where({ file, sheet: sheet.name })} in ${dir}: keep one`)
      }
      found.set(record.name, { file, sheet: sheet.name })
    }
  }
  for (const record of recordTypes()) {
    const at = found.get(record.name)
    if (at === undefined) {
      missing.push(`${record.name} (${record.file} or ${path.parse(record.file).name}.xlsx)`)
      continue
    }
    const file = path.join(dir, at.file)
    const options = { schema: record.schema, mapping: mappingOf(record) }
    const load = isWorkbook(at.file)
      ? XlsxSource.load(file, { ...options, ...(at.sheet === undefined ? {} : { sheets: [at.sheet] }) })
      : CsvSource.load(file, options)
    const t = tracked(load)
    records[record.name] = t.rows as Scorecard.Rows
    reports.push(t.report)
  }
  return { records, missing, reports: () => collectReports(reports), close: async () => {} }
}

/** Whether a table exists, asked of the database's own catalogue (the name is a bound value). */
const tableExists = (name: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql.onDialectOrElse({
      sqlite: () => sql`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ${name}`,
      pg: () => sql`SELECT 1 AS found FROM information_schema.tables WHERE table_name = ${name} AND table_schema = ANY (current_schemas(false))`,
      mysql: () => sql`SELECT 1 AS found FROM information_schema.tables WHERE table_name = ${name} AND table_schema = DATABASE()`,
      orElse: () => sql`SELECT 1 AS found FROM information_schema.tables WHERE table_name = ${name}`
    })
    return rows.length > 0
  })

/** Opens a SQL database by URL (`sqlite:FILE`, `postgres://…`, `mysql://…`): one table per record type. */
const openSql = async (url: string): Promise<Opened> => {
  const runtime = ManagedRuntime.make(SqlSource.layerFromUrl(url))
  const records: Record<string, Scorecard.Rows> = {}
  const reports: Array<() => Promise<LoadReport.LoadReport | undefined>> = []
  const missing: Array<string> = []
  try {
    for (const record of recordTypes()) {
      const exists = await runtime.runPromise(tableExists(record.name))
      if (!exists) {
        missing.push(record.name)
        continue
      }
      const load = await runtime.runPromise(SqlSource.table({ schema: record.schema, table: record.name }))
      const t = tracked(load)
      records[record.name] = t.rows as Scorecard.Rows
      reports.push(t.report)
    }
  } catch (e) {
    await runtime.dispose()
    throw e
  }
  return { records, missing, reports: () => collectReports(reports), close: () => runtime.dispose() }
}

/**
 * Opens a CKAN DataStore (the API most government open-data portals run): each record type is the
 * resource of the same name (`datastore_search?resource_id=hotline_order`), read page by page.
 */
const openHttp = async (url: string): Promise<Opened> => {
  const runtime = ManagedRuntime.make(FetchHttpClient.layer)
  const host = URL.canParse(url) ? new URL(url).host : url
  const records: Record<string, Scorecard.Rows> = {}
  const reports: Array<() => Promise<LoadReport.LoadReport | undefined>> = []
  for (const record of recordTypes()) {
    const load = await runtime.runPromise(
      HttpSource.load({
        schema: record.schema,
        mapping: mappingOf(record),
        url,
        pagination: Pagination.ckan({ resourceId: record.name, limit: 5000 }),
        source: `${record.name} (CKAN ${host})`
      })
    )
    const t = tracked(load)
    records[record.name] = t.rows as Scorecard.Rows
    reports.push(t.report)
  }
  return { records, missing: [], reports: () => collectReports(reports), close: () => runtime.dispose() }
}

/** Opens the adapters' sources (the seed database is opened by the pipeline itself). */
export const open = (source: DataSource): Promise<Opened> => {
  switch (source._tag) {
    case "Csv":
      return openDir(source.dir)
    case "Sql":
      return openSql(source.url)
    case "Http":
      return openHttp(source.url)
  }
}

/** The load reports in words, one block per table, for stderr. */
export const describeReports = (reports: ReadonlyArray<LoadReport.LoadReport>): string =>
  reports.map((r) => LoadReport.format(r)).join("\n")
