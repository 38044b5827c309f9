/**
 * Where the app reads operational records from: the seed database (default), a directory of CSV
 * exports and Excel ledgers (`--data-dir DIR`, alias `--csv`), a SQL database (`--sql URL`) or a CKAN DataStore API (`--http URL`).
 *
 * Each source gives one record stream per record type of the pillars (the tables the generator
 * writes: `hotline_order`, `enterprise_visit`, …) and, for the adapters, a load report per table:
 * rows read, accepted and rejected, with every rejection's row, column, value and reason.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { FetchHttpClient } from "@effect/platform"
import { Pillars, Records, type Scorecard } from "@govplan/pillars"
import { type ColumnMapping, ErrorPolicy, LoadReport, Source } from "@govplan/source"
import { CsvSource } from "@govplan/source-csv"
import { XlsxSource } from "@govplan/source-xlsx"
import { HttpSource, Pagination } from "@govplan/source-http"
import { SqlSource } from "@govplan/source-sql"
import { SqlClient } from "@effect/sql"
import { Duration, Effect, ManagedRuntime } from "effect"
import * as Failure from "./Failure.js"
import { DataError } from "./Failure.js"
import * as Pushdown from "./pushdown.js"

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
  /**
   * `--sql` without `--load`: the record types whose KPIs the database computes (`SqlSource.pushDown`),
   * for `Scorecard.compute`'s `evaluators`; they are not in `records`.
   */
  readonly evaluators?: Readonly<Record<string, Scorecard.Evaluator>> | undefined
  /** `--sql`: how each table was read — computed on the database, or loaded and why. */
  readonly tables?: ReadonlyArray<Pushdown.TablePlan> | undefined
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
 * The column mapping of a record type (`Records.mapping`): its export headers (`工单编号`), its field
 * names (`orderId`) and the aliases real exports use (`办结时间`) all map to the field; required
 * columns are required (a file without one fails, naming the missing columns and the headers found),
 * coded columns are checked against their code list, key columns make repeated keys duplicates, and
 * derived columns (办理期限) are computed when absent or empty.
 */
export const mappingOf = (record: Records.RecordType): ColumnMapping.ColumnMapping => Records.mapping(record)

/** How the adapters load: every rejection kept (for `--rejects`), and the longest wait for a source. */
export interface OpenOptions {
  /** Keep every rejected row in the load reports (default: the first 1000 per table). */
  readonly keepAllRejections?: boolean | undefined
  /** What a row whose key repeats an earlier row's becomes (default `"reject"`: left out and counted as a duplicate). */
  readonly duplicates?: Source.DuplicatePolicy | undefined
  /**
   * The longest wait, in milliseconds, for a database to connect or deliver the next rows, and for
   * one HTTP request (default 30 s); a source that takes longer fails the run.
   */
  readonly timeoutMs?: number | undefined
  /**
   * `--sql`: compute the KPIs on the database where the check query allows it (default true); false
   * (`--load`) loads every row as the other sources do.
   */
  readonly pushDown?: boolean | undefined
}

/** The default of {@link OpenOptions.timeoutMs}. */
export const DEFAULT_TIMEOUT_MS = 30_000

/** The load options every adapter gets: the error policy and the duplicate policy. */
const policyOf = (options: OpenOptions) => ({
  policy: options.keepAllRejections === true ? ErrorPolicy.collect({ keep: Number.POSITIVE_INFINITY }) : undefined,
  duplicates: options.duplicates
})

/** A source that did not answer in time: `what` did not finish within `ms`. */
const timedOut = (what: string, ms: number) =>
  new DataError(`${what}: no answer within ${ms / 1000} s (--timeout); the source stalled or is unreachable`)

/** `promise`, or a {@link DataError} once `ms` have passed without it settling. */
const within = <A>(promise: Promise<A>, ms: number, what: string): Promise<A> => {
  let timer: NodeJS.Timeout | undefined
  promise.catch(() => {}) // settles after the deadline: nothing is waiting any more
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOut(what, ms)), ms)
    })
  ]).finally(() => clearTimeout(timer))
}

/**
 * An async iterable over a load that remembers whether it was started, so only the reports of
 * tables that were really read are awaited (a load's report waits for its records to be read).
 */
const tracked = <A>(load: Source.Load<A>, deadline?: { readonly ms: number; readonly what: string }) => {
  const it = Source.iterate(load)
  let started = false
  const rows: AsyncIterable<A> = {
    [Symbol.asyncIterator]: () => {
      started = true
      const inner = it[Symbol.asyncIterator]()
      if (deadline === undefined) return inner
      // the next rows must come within the deadline (a database that stops answering mid-read)
      return { next: () => within(inner.next(), deadline.ms, deadline.what), ...(inner.return === undefined ? {} : { return: inner.return.bind(inner) }) }
    }
  }
  return { rows, report: () => (started ? it.report.then((r) => r as LoadReport.LoadReport | undefined) : Promise.resolve(undefined)) }
}

const collectReports = async (reports: ReadonlyArray<() => Promise<LoadReport.LoadReport | undefined>>) =>
  (await Promise.all(reports.map((r) => r()))).filter((r): r is LoadReport.LoadReport => r !== undefined)

/** The names a workbook's sheet may give a record type: its name, its title and its file name without extension. */
const sheetNamesOf = (record: Records.RecordType): ReadonlyArray<string> => [record.name, record.title, path.parse(record.file).name]

const isWorkbook = (file: string) => /\.xls[xm]$/i.test(file) && !file.startsWith("~$")

/**
 * Opens a directory of exports and ledgers: each record type as `<file>.csv` or `<file>.xlsx` (.xlsm)
 * by the Chinese file name the generator gives it (`12345工单.csv`, `12345工单.xlsx`, every sheet of
 * which is read), as `<record>.csv` (`hotline_order.csv`), or as the sheet of any other workbook in
 * the directory named after the record type (its name `hotline_order`, title `12345市民服务热线工单`
 * or file name `12345工单`). A record type found in two places is an error: keep one.
 */
const openDir = async (dir: string, options: OpenOptions): Promise<Opened> => {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DataError(`--data-dir: no directory at ${dir}`)
  const records: Record<string, Scorecard.Rows> = {}
  const reports: Array<() => Promise<LoadReport.LoadReport | undefined>> = []
  const missing: Array<string> = []
  const files = fs.readdirSync(dir).sort()
  const own = new Set<string>()
  const found = new Map<string, { readonly file: string; readonly sheet?: string }>()
  for (const record of recordTypes()) {
    const base = path.parse(record.file).name
    const candidates = [record.file, `${record.name}.csv`, `${base}.xlsx`, `${base}.xlsm`].filter((f) => files.includes(f))
    for (const f of candidates) own.add(f)
    if (candidates.length > 1) throw new DataError(`${dir} has ${record.title} (${record.name}) in both ${candidates.join(" and ")}: keep one`)
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
        throw new DataError(`${dir} has ${record.title} (${record.name}) in both ${where(before)} and ${where({ file, sheet: sheet.name })}: keep one`)
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
    const load = { schema: record.schema, mapping: mappingOf(record), ...policyOf(options) }
    const t = tracked(
      isWorkbook(at.file)
        ? XlsxSource.load(file, { ...load, ...(at.sheet === undefined ? {} : { sheets: [at.sheet] }) })
        : CsvSource.load(file, load)
    )
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
const openSql = async (url: string, options: OpenOptions): Promise<Opened> => {
  const file = sqliteFileOf(url)
  // opening a SQLite file that does not exist would create an empty database and report "no data"
  if (file !== undefined && file !== ":memory:" && !fs.existsSync(file)) throw new DataError(`--sql: no SQLite database at ${file}`)
  const ms = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const where = Failure.mask(url)
  // the library bounds connecting and each wait for rows; the deadlines below are a backstop
  const runtime = ManagedRuntime.make(SqlSource.layerFromUrl(url, { connectTimeout: Duration.millis(ms) }))
  const records: Record<string, Scorecard.Rows> = {}
  const reports: Array<() => Promise<LoadReport.LoadReport | undefined>> = []
  const missing: Array<string> = []
  const evaluators: Record<string, Scorecard.Evaluator> = {}
  const tables: Array<Pushdown.TablePlan> = []
  const pushed: Array<LoadReport.LoadReport> = []
  // a push-down query answers only once it has read its table: it may take ten times the wait for rows
  const run = <A>(effect: Effect.Effect<A, unknown, SqlClient.SqlClient>): Promise<A> =>
    within(runtime.runPromise(effect), ms * 10, `${where}: a push-down query`)
  try {
    for (const record of recordTypes()) {
      const exists = await within(runtime.runPromise(tableExists(record.name)), ms, `${where}: table ${record.name}`)
      if (!exists) {
        missing.push(record.name)
        continue
      }
      if (options.pushDown !== false) {
        // push-down where the check finds nothing the loader would reject or change; else the load path below
        let plan = await run(Pushdown.checkTable(record, mappingOf(record), options.duplicates ?? "reject"))
        if (plan._tag === "Push") {
          const problem = Pushdown.compiles(record, await run(dialect), plan.columns)
          if (problem !== undefined) plan = { _tag: "Load", record: record.name, why: problem }
        }
        tables.push(plan)
        if (plan._tag === "Push") {
          evaluators[record.name] = Pushdown.evaluator(plan, run)
          pushed.push(Pushdown.reportOf(plan))
          continue
        }
      }
      const load = await runtime.runPromise(SqlSource.table({ schema: record.schema, table: record.name, mapping: mappingOf(record), readTimeout: Duration.millis(ms), ...policyOf(options) }))
      const t = tracked(load, { ms: ms + 2000, what: `${where}: reading ${record.name}` })
      records[record.name] = t.rows as Scorecard.Rows
      reports.push(t.report)
    }
  } catch (e) {
    // a stalled connection may never close: do not wait for it
    await within(runtime.dispose(), 1000, "closing").catch(() => {})
    // whatever the driver threw while connecting (SqliteError: file is not a database), the source failed
    throw e instanceof DataError ? e : new DataError(`${where}: ${Failure.classify(e).line.replace(/^internal error: | \(rerun with --verbose for the trace\)$/g, "")}`, { cause: e })
  }
  return {
    records,
    missing,
    reports: async () => [...pushed, ...(await collectReports(reports))],
    close: () => within(runtime.dispose(), 2000, "closing").catch(() => {}),
    ...(options.pushDown !== false ? { evaluators, tables } : {})
  }
}

/** The dialect of the client (sqlite, pg or mysql). */
const dialect = Effect.map(SqlClient.SqlClient, (sql) =>
  sql.onDialectOrElse({ sqlite: () => "sqlite" as const, pg: () => "pg" as const, mysql: () => "mysql" as const, orElse: () => "sqlite" as const }))

/**
 * Opens a CKAN DataStore (the API most government open-data portals run): each record type is the
 * resource of the same name (`datastore_search?resource_id=hotline_order`), read page by page.
 */
const openHttp = async (url: string, options: OpenOptions): Promise<Opened> => {
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
        source: `${record.name} (CKAN ${host})`,
        timeout: Duration.millis(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        ...policyOf(options)
      })
    )
    const t = tracked(load)
    records[record.name] = t.rows as Scorecard.Rows
    reports.push(t.report)
  }
  return { records, missing: [], reports: () => collectReports(reports), close: () => runtime.dispose() }
}

/** Opens the adapters' sources (the seed database is opened by the pipeline itself). */
export const open = async (source: DataSource, options: OpenOptions = {}): Promise<Opened> => {
  switch (source._tag) {
    case "Csv":
      return openDir(source.dir, options)
    case "Sql":
      return openSql(source.url, options)
    case "Http":
      return openHttp(source.url, options)
  }
}

/** The file of a SQLite URL (`sqlite:FILE`, `file:FILE`, a `.db`/`.sqlite` path), as `SqlSource.layerFromUrl` reads it. */
export const sqliteFileOf = (url: string): string | undefined => {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
  if (scheme === "sqlite" || scheme === "file") return url.slice(scheme.length + 1).replace(/^\/\/(?=\/)/, "")
  if (scheme !== undefined && scheme.length > 1) return undefined
  return /\.(db|sqlite|sqlite3)$/i.test(url) ? url : undefined
}

/** The load reports in words, one block per table, for stderr. */
export const describeReports = (reports: ReadonlyArray<LoadReport.LoadReport>): string =>
  reports.map((r) => LoadReport.format(r)).join("\n")
