/**
 * Shared helpers of the govplan app: where the seed data lives, generating it when it is missing
 * (and again when the sources that generate it have changed), opening it as record streams,
 * computing the scorecard and shaping its lines for print and JSON. The `kpi` and `report` commands
 * both use these.
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Either } from "effect"
import { Civil, type Observation, Period, Plan, ReferencePlan, type Status } from "@govplan/model"
import { Generator, Pillars, Scorecard } from "@govplan/pillars"
import { LoadReport } from "@govplan/source"
import { describeTarget } from "./commands/plan.js"
import * as Failure from "./Failure.js"
import * as Output from "./Output.js"
import * as Sources from "./sources.js"

/** The repository root (the folder holding `seeds/`). */
export const repoRoot = (): string => fileURLToPath(new URL("../../../", import.meta.url))

/** Where `govplan generate` writes and `govplan kpi` reads by default: `seeds/data/`. */
export const defaultDataDir = (): string => path.join(repoRoot(), "seeds", "data")

/** Where `govplan generate --scale N` writes by default: `bench-data/` (git-ignored). */
export const defaultBenchDir = (): string => path.join(repoRoot(), "bench-data")

/** The SQLite file of a data directory. */
export const databaseFile = (dir: string): string => path.join(dir, "govplan.sqlite")

/**
 * The folders (relative to the repository root) whose TypeScript sources decide what the generator
 * writes: the pillars' generators, and the model (the work calendar's working days decide the 12345
 * orders' due dates).
 */
export const SOURCE_DIRS: ReadonlyArray<string> = ["packages/pillars/src", "packages/model/src"]

/** The file of a data directory that records the {@link sourceDigest} its data was generated from. */
export const SOURCE_DIGEST_FILE = "source-digest.txt"

/** The manifest the generator writes next to the data. */
export const MANIFEST_FILE = "manifest.json"

/**
 * The sha256 (hex) of the sources that generate the seed data: every `*.ts` file under `dirs`
 * except `*.test.ts`, in sorted path order, each as its path relative to `root` (with `/`), a NUL
 * and its content. A missing folder is an error: the stamp would silently stop covering it.
 */
export const sourceDigest = (root: string = repoRoot(), dirs: ReadonlyArray<string> = SOURCE_DIRS): string => {
  const files = new Set<string>()
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`
      if (entry.isDirectory()) walk(child)
      else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) files.add(child)
    }
  }
  for (const dir of dirs) walk(dir.replace(/\\/g, "/").replace(/\/+$/, ""))
  const hash = createHash("sha256")
  for (const file of [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(file)
    hash.update("\0")
    hash.update(fs.readFileSync(path.join(root, file)))
  }
  return hash.digest("hex")
}

/** The source digest a data directory records, if it records one. */
export const readSourceDigest = (dir: string): string | undefined => {
  try {
    return fs.readFileSync(path.join(dir, SOURCE_DIGEST_FILE), "utf8").trim()
  } catch {
    return undefined
  }
}

/** The manifest of a data directory, if it has one the generator could have written. */
export const readManifest = (dir: string): Generator.Manifest | undefined => {
  let data: unknown
  try {
    data = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), "utf8"))
  } catch {
    return undefined
  }
  const m = data as Partial<Record<keyof Generator.Manifest, unknown>> | null
  if (typeof m !== "object" || m === null) return undefined
  if (!Number.isSafeInteger(m.seed) || !Number.isSafeInteger(m.year) || typeof m.database !== "string" || !Array.isArray(m.tables)) return undefined
  for (const t of m.tables as Array<unknown>) {
    const table = t as Record<string, unknown> | null
    if (typeof table !== "object" || table === null || typeof table.record !== "string" || typeof table.file !== "string") return undefined
  }
  return m as unknown as Generator.Manifest
}

/**
 * Whether a manifest is one of a full seed generation (`govplan generate` without `--scale`, or
 * {@link ensureSeedData}): every pillar's tables into `govplan.sqlite`. `generate --scale N` writes
 * benchmark data, one table of 12345 orders; that is never regenerated implicitly.
 */
export const isSeedManifest = (manifest: Generator.Manifest): boolean =>
  manifest.database === path.basename(databaseFile("")) && manifest.tables.length > 1

/**
 * Generates the seed data of every pillar into `dir` (default seed and year unless given) and then
 * stamps it with the source digest (`source-digest.txt`, written once the data is complete; compute
 * `digest` before generating so it names the sources this process loaded). Replaces an earlier
 * generation cleanly: the stamp is removed first (an interrupted run leaves no stamp, so the next
 * `kpi` regenerates), the database is written afresh, and the files the old manifest listed that
 * this generation no longer writes (a table dropped from a generator) are deleted.
 */
export const generateSeedData = async (
  dir: string,
  options: { readonly seed?: number | undefined; readonly year?: number | undefined; readonly digest?: string | undefined } = {}
): Promise<Generator.Manifest> => {
  const digest = options.digest ?? sourceDigest()
  const before = readManifest(dir)
  fs.rmSync(path.join(dir, SOURCE_DIGEST_FILE), { force: true })
  for (const suffix of ["-journal", "-wal", "-shm"]) fs.rmSync(databaseFile(dir) + suffix, { force: true })
  const manifest = await Generator.run({
    out: dir,
    pillars: Pillars.all,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.year === undefined ? {} : { year: options.year })
  })
  if (before !== undefined) {
    const written = new Set([manifest.database, ...manifest.tables.map((t) => t.file)])
    for (const file of [before.database, ...before.tables.map((t) => t.file)]) {
      // only plain file names inside dir: a manifest cannot point the clean-up elsewhere
      if (written.has(file) || file !== path.basename(file) || file === "" || file === "." || file === "..") continue
      fs.rmSync(path.join(dir, file), { force: true })
    }
  }
  fs.writeFileSync(path.join(dir, SOURCE_DIGEST_FILE), `${digest}\n`)
  return manifest
}

/**
 * Makes sure `dir` holds seed data generated from the current sources:
 *
 * - no database: generates it (default seed);
 * - a database the app generated (`manifest.json` of a full generation) whose source stamp is
 *   missing or differs from {@link sourceDigest}: the generator or the model changed since, so it
 *   regenerates it with the seed and year the manifest records;
 * - a database without `manifest.json` (someone's own data), or benchmark data (`generate --scale`,
 *   or the bench-data folder): never touched.
 *
 * Returns whether it generated.
 */
export const ensureSeedData = async (dir: string, log: (line: string) => void): Promise<boolean> => {
  if (!fs.existsSync(databaseFile(dir))) {
    log(`govplan: no seed data in ${dir}; generating it (seed ${Generator.DEFAULT_SEED}) …`)
    const manifest = await generateSeedData(dir)
    logGenerated(manifest, dir, log)
    return true
  }
  if (!fs.existsSync(path.join(dir, MANIFEST_FILE))) return false
  if (path.resolve(dir) === path.resolve(defaultBenchDir())) return false
  const recorded = readSourceDigest(dir)
  const digest = sourceDigest()
  if (recorded === digest) return false
  const manifest = readManifest(dir)
  if (manifest === undefined || !isSeedManifest(manifest)) return false
  const why = recorded === undefined
    ? `has no source stamp (${SOURCE_DIGEST_FILE}), so it may come from older sources`
    : "was generated from older sources (packages/pillars or packages/model changed since)"
  log(`govplan: ${dir} ${why}; regenerating it (seed ${manifest.seed}, year ${manifest.year}) …`)
  logGenerated(await generateSeedData(dir, { seed: manifest.seed, year: manifest.year, digest }), dir, log)
  return true
}

const logGenerated = (manifest: Generator.Manifest, dir: string, log: (line: string) => void): void => {
  const rows = manifest.tables.reduce((n, t) => n + t.rows, 0)
  log(`govplan: generated ${manifest.tables.length} tables, ${rows} rows into ${dir}`)
}

/** Record streams of a seed database; call `close` when done. */
export const openSeed = (dir: string) => Generator.openDatabase(databaseFile(dir))

/**
 * The plan: the reference plan, or a WorkPlan JSON file (UTF-8, a byte-order mark is fine). A file
 * that cannot be read or does not decode is a {@link Failure.DataError} naming the file and why.
 */
export const loadPlan = async (file?: string): Promise<Plan.WorkPlan> => {
  if (file === undefined) return ReferencePlan.changshouRoad2022
  let text: string
  try {
    text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "")
  } catch (e) {
    throw new Failure.DataError(`cannot read the plan ${file}: ${(e as Error).message}`)
  }
  const decoded = Plan.decodePlanEither(text)
  if (Either.isLeft(decoded)) throw new Failure.DataError(`${file}: ${decoded.left.message}`)
  return decoded.right
}

/** The options `--year` and `--as-of` give: the period and the as-of date (default the year's last day). */
export const periodOf = (year: number, asOf?: string): { readonly period: Period.Period; readonly asOf: string } => {
  const period = Period.year(year)
  const last = Civil.addDays(Period.bounds(period).end, -1)
  return { period, asOf: asOf ?? last }
}

/**
 * Checks `--year` and `--as-of` as `kpi` and `report` take them: a four-digit year, and an as-of date
 * that exists (and falls in that year, when the year is given). Returns a usage message instead.
 * Without `--year` the year is the plan's (see {@link planYear}).
 */
export const yearAndAsOf = (year: string | undefined, asOf: string | undefined):
  | { readonly year: number | undefined; readonly asOf: string | undefined }
  | { readonly usage: string } => {
  if (year !== undefined && !/^\d{4}$/.test(year)) return { usage: `--year needs a year such as 2022, got ${JSON.stringify(year)}` }
  const y = year === undefined ? undefined : Number(year)
  if (asOf === undefined) return { year: y, asOf }
  if (!Civil.isCivilDate(asOf)) return { usage: `--as-of needs a date YYYY-MM-DD that exists, got ${JSON.stringify(asOf)}` }
  if (y !== undefined && asOf.slice(0, 4) !== String(y)) return { usage: `--as-of ${asOf} is not in ${y}` }
  return { year: y, asOf }
}

/**
 * The year a run assesses: the plan's year. `--year` may repeat it; another year is a
 * {@link Failure.UsageError} (a plan's targets are for its own year), as is an `--as-of` date outside it.
 */
export const planYear = (plan: Plan.WorkPlan, year: number | undefined, asOf: string | undefined): number => {
  if (year !== undefined && year !== plan.year) {
    throw new Failure.UsageError(`--year ${year} is not the plan's year: ${plan.title} is for ${plan.year} (give --plan for another year's plan)`)
  }
  if (asOf !== undefined && asOf.slice(0, 4) !== String(plan.year)) throw new Failure.UsageError(`--as-of ${asOf} is not in ${plan.year}`)
  return plan.year
}

/**
 * Computes the scorecard of a plan over record streams. `baselines` (indicator id → value) are
 * baselines the caller knows for "better than before" targets; the plan's own value wins over them,
 * and they win over a baseline computed from the records.
 */
export const scorecard = (options: {
  readonly plan: Plan.WorkPlan
  readonly records: Scorecard.ComputeOptions["records"]
  readonly period: Period.Period
  readonly asOf: string
  readonly baselines?: Readonly<Record<string, number>> | undefined
  /** Record types computed on the database (`--sql` push-down), see `Scorecard.ComputeOptions.evaluators`. */
  readonly evaluators?: Readonly<Record<string, Scorecard.Evaluator>> | undefined
}): Promise<ReadonlyArray<Status.IndicatorResult>> => Scorecard.computePromise(options)

/**
 * Reads a baselines file: a JSON object of indicator id → number (rates as fractions), e.g.
 * `{ "economy.enterprise-visits.frequency": 1.5 }`. Returns the message of what is wrong instead.
 */
export const readBaselines = (file: string): { readonly baselines: Readonly<Record<string, number>> } | { readonly error: string } => {
  let data: unknown
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""))
  } catch (e) {
    return { error: `cannot read baselines from ${file}: ${(e as Error).message}` }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { error: `${file} must hold a JSON object of indicator id → number` }
  for (const [id, v] of Object.entries(data)) {
    if (typeof v !== "number" || !Number.isFinite(v)) return { error: `${file}: the baseline of ${id} must be a number, got ${JSON.stringify(v)}` }
  }
  return { baselines: data as Record<string, number> }
}

/** One scorecard line as `govplan kpi --json` prints it. */
export interface JsonLine {
  readonly indicatorId: string
  readonly name: string
  readonly pillar: { readonly number: number; readonly key: string; readonly name: string }
  readonly value: number | null
  readonly numerator: number | null
  readonly denominator: number | null
  /** For 每月平均 indicators: the pooled rate over all months (Σ numerators ÷ Σ denominators). */
  readonly pooled: number | null
  readonly unit: string
  readonly achievedOn: string | null
  readonly target: string
  readonly status: Status.Status
  readonly reason: string
  readonly period: string
  readonly asOf: string
  /** For 每月平均 indicators: the monthly values. */
  readonly parts?: NonNullable<Observation.Observation["parts"]>
  /**
   * With `--sql`: where the value was computed — `"database"` (push-down) or `"rows"` (the table was
   * loaded row by row: `--load`, or the check query flagged it). Absent for the other sources.
   */
  readonly computedIn?: "database" | "rows"
}

/** Marks each line of a `--sql` run with where its value was computed (see {@link JsonLine.computedIn}). */
export const withReadingPath = (lines: ReadonlyArray<JsonLine>, reading: ReadingPath): ReadonlyArray<JsonLine> => {
  if (reading.mode !== "push-down" && reading.forced !== true) return lines
  const pushed = new Set(reading.pushed)
  const recordOf = new Map(Pillars.all.flatMap((p) => p.bindings.map((b) => [b.indicatorId, b.record] as const)))
  return lines.map((l) => {
    const record = recordOf.get(l.indicatorId)
    return record === undefined ? l : { ...l, computedIn: pushed.has(record) ? "database" : "rows" }
  })
}

const pooledOf = (line: Status.IndicatorResult): { value: number | null; numerator: number | null; denominator: number | null } => {
  const parts = line.observation.parts
  if (parts === undefined) {
    return { value: null, numerator: line.observation.numerator ?? null, denominator: line.observation.denominator ?? null }
  }
  let num = 0
  let den = 0
  for (const p of parts) {
    if (p.numerator === undefined || p.denominator === undefined) return { value: null, numerator: null, denominator: null }
    num += p.numerator
    den += p.denominator
  }
  return { value: den === 0 ? null : num / den, numerator: num, denominator: den }
}

/** Shapes a scorecard line for JSON. */
export const toJsonLine = (plan: Plan.WorkPlan, line: Status.IndicatorResult): JsonLine => {
  const pillar = plan.pillars.find((p) => p.number === line.pillar)
  const pooled = pooledOf(line)
  const o = line.observation
  return {
    indicatorId: line.indicator.id,
    name: line.indicator.name,
    pillar: { number: line.pillar, key: pillar?.key ?? "", name: pillar?.shortName ?? "" },
    value: o.value,
    numerator: o.numerator ?? pooled.numerator,
    denominator: o.denominator ?? pooled.denominator,
    pooled: pooled.value,
    unit: line.indicator.unit,
    achievedOn: o.achievedOn ?? null,
    target: describeTarget(line.indicator),
    status: line.assessment.status,
    reason: line.assessment.reason,
    period: o.period,
    asOf: o.asOf,
    ...(o.parts === undefined ? {} : { parts: o.parts })
  }
}

const trim = (x: number, digits: number): string => {
  const s = x.toFixed(digits)
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s
}

/** A value as a reader sees it: rates in percent, milestones as the date reached. */
export const formatValue = (line: JsonLine, value: number | null = line.value): string => {
  if (line.achievedOn !== null) return `已完成 ${line.achievedOn}`
  if (value === null) return "—"
  if (line.unit === "%") return `${trim(value * 100, 2)}%`
  if (line.unit === "项") return value >= 1 ? "已完成" : "未完成"
  return `${trim(value, 2)}${line.unit === "" ? "" : ` ${line.unit}`}`
}

const STATUS_WORDS: Record<Status.Status, string> = {
  achieved: "达标",
  onTrack: "正常推进",
  atRisk: "有风险",
  offTrack: "未达标",
  noData: "无数据",
  notAssessed: "定性不评分"
}

/** A status in Chinese with its English key: "未达标 offTrack". */
export const statusWords = (s: Status.Status): string => `${STATUS_WORDS[s]} ${s}`

/** Display width of a string (CJK characters count double). */
export const width = (s: string): number => {
  let w = 0
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u201c\u201d\u3001-\u303f]/.test(ch) ? 2 : 1
  return w
}

const pad = (s: string, w: number): string => s + " ".repeat(Math.max(0, w - width(s)))

/** The scorecard as a readable table grouped by pillar. */
export const formatTable = (plan: Plan.WorkPlan, lines: ReadonlyArray<JsonLine>, header: string): string => {
  const out: Array<string> = [header, ""]
  for (const pillar of plan.pillars) {
    const mine = lines.filter((l) => l.pillar.number === pillar.number)
    if (mine.length === 0) continue
    out.push(`${["一", "二", "三", "四", "五", "六", "七"][pillar.number - 1]}、${pillar.shortName} (${pillar.key})`)
    const rows = mine.map((l) => {
      const parts = l.numerator !== null && l.denominator !== null ? ` (${trim(l.numerator, 2)}/${trim(l.denominator, 2)})` : ""
      const pooled = l.parts !== undefined && l.pooled !== null ? `; 全年合计 ${formatValue(l, l.pooled)}` : ""
      return [l.name, `${formatValue(l)}${l.parts !== undefined ? " 月均" : ""}${pooled}${l.parts === undefined ? parts : ""}`, l.target, statusWords(l.status)]
    })
    const w = [0, 1, 2].map((i) => Math.min(40, Math.max(...rows.map((r) => width(r[i]!)))))
    for (const [i, r] of rows.entries()) {
      out.push(`  ${pad(r[0]!, w[0]!)}  ${pad(r[1]!, w[1]!)}  ${pad(r[2]!, w[2]!)}  ${r[3]}`)
      out.push(`  ${" ".repeat(2)}${mine[i]!.indicatorId}: ${mine[i]!.reason}`)
    }
    out.push("")
  }
  return out.join("\n")
}

/**
 * The record source the command line names — `--data DIR` (the seed database), `--csv`, `--sql` or
 * `--http` — and how strictly it is loaded: `--rejects FILE`, `--max-reject-share`, `--allow-rejects`,
 * `--timeout`.
 */
export interface SourceFlags {
  readonly data?: string | undefined
  readonly dataDir?: string | undefined
  readonly csv?: string | undefined
  readonly sql?: string | undefined
  readonly http?: string | undefined
  /** `--rejects FILE`: every rejected row as CSV. */
  readonly rejects?: string | undefined
  /** `--max-reject-share`: the largest share (0–1) of a table's rows that may be rejected (default 0.01). */
  readonly maxRejectShare?: number | undefined
  /** `--allow-rejects`: any share of rejected rows is accepted. */
  readonly allowRejects?: boolean | undefined
  /** `--timeout`, in milliseconds (default 30 s). */
  readonly timeoutMs?: number | undefined
  /** `--duplicates reject|keep`: a row whose key repeats an earlier row's is left out (default) or kept with a warning. */
  readonly duplicates?: "reject" | "keep" | undefined
  /** `--load`: with `--sql`, load every row instead of computing the KPIs on the database. */
  readonly load?: boolean | undefined
}

/** The source flags, shared by `kpi` and `report`. */
export const SOURCE_FLAGS = {
  data: { type: "string", needs: "a directory" },
  "data-dir": { type: "string", needs: "a directory" },
  csv: { type: "string", needs: "a directory" },
  sql: { type: "string", needs: "a URL" },
  http: { type: "string", needs: "a URL" },
  rejects: { type: "string", needs: "a CSV file to write" },
  "max-reject-share": { type: "string", needs: "a share such as 1% or 0.01" },
  "allow-rejects": { type: "boolean" },
  timeout: { type: "string", needs: "a number of seconds" },
  duplicates: { type: "string", needs: "reject or keep" },
  load: { type: "boolean" }
} as const

/** The default of `--max-reject-share`: 1% of a table's rows. */
export const DEFAULT_MAX_REJECT_SHARE = 0.01

/**
 * The load options of the parsed source flags (`--max-reject-share 1%` or `0.01`, `--timeout 30`),
 * or a usage message.
 */
export const sourceFlagsOf = (v: {
  readonly data?: string | undefined
  readonly "data-dir"?: string | undefined
  readonly csv?: string | undefined
  readonly sql?: string | undefined
  readonly http?: string | undefined
  readonly rejects?: string | undefined
  readonly "max-reject-share"?: string | undefined
  readonly "allow-rejects"?: boolean | undefined
  readonly timeout?: string | undefined
  readonly duplicates?: string | undefined
  readonly load?: boolean | undefined
}): SourceFlags | { readonly usage: string } => {
  if (v.duplicates !== undefined && v.duplicates !== "reject" && v.duplicates !== "keep") {
    return { usage: `--duplicates is reject or keep, got ${JSON.stringify(v.duplicates)}` }
  }
  let maxRejectShare: number | undefined
  const share = v["max-reject-share"]
  if (share !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(share)
    const n = m === null ? Number.NaN : Number(m[1]) / (m[2] === "%" ? 100 : 1)
    if (!(n >= 0 && n <= 1)) return { usage: `--max-reject-share needs a share from 0 to 1 (or 0% to 100%), such as 1% or 0.01, got ${JSON.stringify(share)}` }
    maxRejectShare = n
  }
  let timeoutMs: number | undefined
  if (v.timeout !== undefined) {
    const n = /^\d+(\.\d+)?$/.test(v.timeout.trim()) ? Number(v.timeout) : Number.NaN
    if (!(n > 0 && n <= 86_400)) return { usage: `--timeout needs a number of seconds above 0 (at most 86400), got ${JSON.stringify(v.timeout)}` }
    timeoutMs = Math.round(n * 1000)
  }
  if (v.rejects !== undefined && v.rejects.trim() === "") return { usage: "--rejects needs a CSV file to write" }
  return {
    data: v.data,
    dataDir: v["data-dir"],
    csv: v.csv,
    sql: v.sql,
    http: v.http,
    rejects: v.rejects,
    maxRejectShare,
    allowRejects: v["allow-rejects"] ?? false,
    timeoutMs,
    duplicates: v.duplicates as "reject" | "keep" | undefined,
    load: v.load ?? false
  }
}

/** The help text of the source flags, shared by `kpi` and `report`. */
export const SOURCE_HELP = `  --data <dir>        the data directory holding govplan.sqlite (default seeds/data;
                      generated first when it is missing, and generated again when
                      the sources that generate it, packages/pillars and
                      packages/model, have changed since)
  --data-dir <dir>    read exports and ledgers instead: each record type as a CSV
                      or an Excel workbook named as \`govplan generate\` names its
                      CSV (12345工单.csv or 12345工单.xlsx; every sheet of the
                      workbook is read, title rows and two-row headers too) or by
                      the record type (hotline_order.csv), or as a sheet named after
                      the record type (hotline_order, 12345工单) in any other .xlsx
                      there; with the Chinese export headers (工单编号, 受理时间, …),
                      the aliases each formula sheet lists (办结时间 for 结案时间, …)
                      or the field names; CSV in UTF-8, GBK or GB18030. A record type
                      found twice fails (exit 3). A file without a required column fails
                      (exit 3) naming the missing columns and the headers found;
                      columns no field uses are listed as ignored; a value outside
                      a column's code list (先行联系 Y) is a rejected row
  --csv <dir>         the same as --data-dir
  --sql <url>         read a database instead: sqlite:FILE, postgres://…, mysql://…;
                      one table per record type (a missing SQLite file is an error).
                      The KPIs are computed in the database (push-down: one scan per
                      table and period) after a check query over each whole table
                      finds no row the loader would reject or change (an empty
                      required value, spaces around a value, a code outside its
                      list, a date that is not YYYY-MM-DD [HH:mm:ss] or not in the
                      calendar, a number of the wrong kind, a repeated key). A table
                      the check flags, or whose columns push-down cannot use (one
                      missing, such as a derived 办理期限), is loaded row by row
                      instead, with the rejection rules below. The header says
                      which tables were computed in the database and which loaded
  --load              with --sql: load every row of every table instead (the
                      rejection rules below apply to each row); slower, same result
  --http <url>        read a CKAN DataStore instead (datastore_search): one resource
                      per record type, its id the record type's name
  --timeout <s>       the longest wait for --sql to connect or deliver the next rows,
                      and for one --http request (default 30); a push-down query
                      (the check, the KPIs of a table) may take ten times as long;
                      a source that stalls longer ends the run (exit 3), no output
                      written
  --rejects <file>    write every rejected row to this CSV file (UTF-8 with BOM):
                      file, row, page, index, column, field, value, reason
  --max-reject-share <share>
                      the largest share of a table's rows that may be rejected, as
                      1% or 0.01 (default 1%); above it the run exits 4 and writes
                      no output
  --allow-rejects     go on whatever share of rows is rejected (they are still
                      counted, listed and written to --rejects)
  --duplicates reject|keep
                      a row whose key (工单编号, …) repeats an earlier row's is left
                      out and counted as a duplicate (reject, the default; counted
                      with the rejected rows against --max-reject-share), or kept
                      with a warning (keep)`

/**
 * Opens the records the flags name. The seed database is generated first when it is missing or
 * was generated from older sources ({@link ensureSeedData});
 * the adapters' load reports (rows read = accepted + rejected, every rejection named) are
 * available from `reports` once the records have been read.
 */
export const openRecords = async (flags: SourceFlags, log: (line: string) => void): Promise<{
  readonly label: string
  readonly records: Scorecard.ComputeOptions["records"]
  readonly reports: () => Promise<ReadonlyArray<LoadReport.LoadReport>>
  readonly close: () => Promise<void>
  /** `--sql` push-down: the record types computed on the database. */
  readonly evaluators?: Readonly<Record<string, Scorecard.Evaluator>> | undefined
  /** How the records were read, in a line: the path (push-down or load) and, for push-down, the tables loaded and why. */
  readonly path: ReadingPath
}> => {
  const source = Sources.fromFlags(flags)
  if (source !== undefined && "error" in source) throw new Failure.UsageError(source.error)
  if (source === undefined) {
    const dir = flags.data === undefined ? defaultDataDir() : path.resolve(flags.data)
    await ensureSeedData(dir, log)
    const seed = await openSeed(dir)
    return {
      label: path.relative(process.cwd(), databaseFile(dir)) || databaseFile(dir),
      records: seed.records,
      reports: () => Promise.resolve([]),
      close: () => Promise.resolve(seed.close()),
      path: { mode: "load", pushed: [], loaded: [], seed: true }
    }
  }
  if (flags.data !== undefined) throw new Failure.UsageError("--data names the seed directory; it does not go with --data-dir (--csv), --sql or --http")
  const opened = await Sources.open(source, {
    keepAllRejections: flags.rejects !== undefined,
    timeoutMs: flags.timeoutMs,
    duplicates: flags.duplicates,
    pushDown: flags.load !== true
  })
  if (Object.keys(opened.records).length === 0 && Object.keys(opened.evaluators ?? {}).length === 0) {
    await opened.close()
    const where = source._tag === "Csv" ? `${source.dir} has no CSV or Excel file of any record type (such as 12345工单.csv or 12345工单.xlsx)` : `${redact(source.url)} has no table of any record type (such as hotline_order)`
    throw new Failure.DataError(`no data: ${where}`)
  }
  for (const m of opened.missing) log(`govplan: no data for ${m}: the indicators that need it will show no data`)
  const label = source._tag === "Csv" ? `files in ${source.dir}` : source._tag === "Sql" ? `SQL ${redact(source.url)}` : `CKAN ${redact(source.url)}`
  const tables = opened.tables ?? []
  const reading: ReadingPath = source._tag !== "Sql"
    ? { mode: "load", pushed: [], loaded: [] }
    : flags.load === true
    ? { mode: "load", pushed: [], loaded: [], forced: true }
    : {
      mode: "push-down",
      pushed: tables.flatMap((t) => (t._tag === "Push" ? [t.record] : [])),
      loaded: tables.flatMap((t) => (t._tag === "Load" ? [{ record: t.record, why: t.why }] : []))
    }
  for (const t of reading.loaded) log(`govplan: ${t.record}: loaded row by row, not computed in the database: ${t.why}`)
  return { label, records: opened.records, reports: opened.reports, close: opened.close, evaluators: opened.evaluators, path: reading }
}

/**
 * How a run read its records: `load` (every row through the loader: the files, the seed database,
 * `--sql … --load`), or `push-down` (`--sql`: the KPIs of the tables in `pushed` computed in the
 * database after the check query; those in `loaded` loaded row by row, with the reason).
 */
export interface ReadingPath {
  readonly mode: "load" | "push-down"
  readonly pushed: ReadonlyArray<string>
  readonly loaded: ReadonlyArray<{ readonly record: string; readonly why: string }>
  /** `--load` was given. */
  readonly forced?: boolean | undefined
  /** The seed database, read as the generator wrote it (no load checks). */
  readonly seed?: boolean | undefined
}

/** The reading path in one line, for the kpi header and logs. */
export const describePath = (path: ReadingPath): string => {
  if (path.mode === "load") {
    return path.seed === true ? "every row of the seed database read" : path.forced === true ? "every row loaded and checked (--load)" : "every row loaded and checked"
  }
  const n = path.pushed.length
  const pushed = `computed in the database (push-down) for ${n} table${n === 1 ? "" : "s"} after a check query found no row to reject`
  return path.loaded.length === 0
    ? pushed
    : `${pushed}; loaded row by row: ${path.loaded.map((t) => t.record).join(", ")} (see above)`
}

/** A bad combination of command-line flags (exit 2). */
export const UsageError = Failure.UsageError

/** A URL (or any text) without its secrets — passwords, `api_key=` and the like — for logs. */
export const redact = Failure.mask

/**
 * The load reports in a few lines: per table read = accepted + rejected (+ duplicates), its ignored
 * columns and warnings, then the first rejected and duplicate rows.
 */
export const describeLoads = (reports: ReadonlyArray<LoadReport.LoadReport>, shown = 10): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const dup = (n: number) => (n > 0 ? ` + duplicates ${n}` : "")
  for (const r of reports) {
    lines.push(`${r.source}: read ${r.read} = accepted ${r.accepted} + rejected ${r.rejected}${dup(r.duplicates)}${r.complete ? "" : " (incomplete)"}`)
    if (r.ignoredColumns.length > 0) lines.push(`  ${r.source}: ignored columns: ${r.ignoredColumns.join(", ")}`)
    for (const w of r.warnings) lines.push(`  ${r.source}: warning: ${w}`)
  }
  const { read, accepted, rejected, duplicates } = totals(reports)
  if (reports.length > 1) lines.push(`all tables: read ${read} = accepted ${accepted} + rejected ${rejected}${dup(duplicates)}`)
  const duplicateRows = reports.flatMap((r) => r.duplicateRows)
  for (const r of duplicateRows.slice(0, shown)) lines.push(`  duplicate: ${LoadReport.formatRejection(r)}`)
  if (duplicates > Math.min(shown, duplicateRows.length)) lines.push(`  … ${duplicates - Math.min(shown, duplicateRows.length)} more duplicate rows`)
  const rejections = reports.flatMap((r) => r.rejections)
  for (const r of rejections.slice(0, shown)) lines.push(`  rejected: ${LoadReport.formatRejection(r)}`)
  if (rejected > Math.min(shown, rejections.length)) lines.push(`  … ${rejected - Math.min(shown, rejections.length)} more rejected rows`)
  return lines.map((l) => Failure.mask(l))
}

/** The totals of a run's load reports. */
export const totals = (reports: ReadonlyArray<LoadReport.LoadReport>): {
  readonly read: number
  readonly accepted: number
  readonly rejected: number
  readonly duplicates: number
} => ({
  read: reports.reduce((n, r) => n + r.read, 0),
  accepted: reports.reduce((n, r) => n + r.accepted, 0),
  rejected: reports.reduce((n, r) => n + r.rejected, 0),
  duplicates: reports.reduce((n, r) => n + r.duplicates, 0)
})

/** A cell of the rejects CSV: quoted when needed, and a formula-like text (`=…`, `+…`, `@…`) neutralised with a leading `'`. */
const csvCell = (value: string | number | undefined): string => {
  if (value === undefined) return ""
  let s = typeof value === "number" ? String(value) : Failure.mask(value)
  if (/^[=+@\t\r]/.test(s) || (/^-/.test(s) && !/^-\d+(\.\d+)?$/.test(s))) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The columns of the `--rejects` CSV. */
export const REJECTS_HEADER = ["file", "row", "page", "index", "column", "field", "value", "reason"] as const

/** Every rejected row of the reports as CSV (UTF-8 with BOM, CRLF), one line per rejection. */
export const rejectsCsv = (reports: ReadonlyArray<LoadReport.LoadReport>): string => {
  const lines = [REJECTS_HEADER.join(",")]
  for (const report of reports) {
    for (const r of [...report.rejections, ...report.duplicateRows]) {
      lines.push([r.source, r.row, r.page, r.index, r.column, r.field, r.value, r.reason].map(csvCell).join(","))
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`
}

/**
 * What a run does with its load reports, for `kpi` and `report` alike: prints them (`log`), writes
 * every rejected row to `--rejects FILE`, and checks each table's share of rejected rows against
 * `--max-reject-share` (default 1%). Returns the message of a table over the limit (the run then
 * exits 4 and writes no output) unless `--allow-rejects`.
 */
export const checkLoads = (
  reports: ReadonlyArray<LoadReport.LoadReport>,
  flags: SourceFlags,
  log: (line: string) => void
): { readonly tooMany: string } | undefined => {
  for (const line of describeLoads(reports)) log(line)
  // a CKAN resource that does not exist is "no data", like a missing CSV file or table
  for (const r of reports) if (r.noData !== undefined) log(`govplan: no data for ${r.source}: ${r.noData}; the indicators that need it will show no data`)
  if (flags.rejects !== undefined) {
    const file = path.resolve(flags.rejects)
    Output.writeAtomic(file, rejectsCsv(reports))
    const t = totals(reports)
    const all = t.rejected + t.duplicates
    log(`wrote ${all} rejected row${all === 1 ? "" : "s"} to ${path.relative(process.cwd(), file) || file}`)
  }
  if (flags.allowRejects === true) return undefined
  const limit = flags.maxRejectShare ?? DEFAULT_MAX_REJECT_SHARE
  // rows left out as duplicates are lost rows too
  const lost = (r: LoadReport.LoadReport) => r.rejected + r.duplicates
  const over = reports.filter((r) => r.read > 0 && lost(r) / r.read > limit)
  if (over.length === 0) return undefined
  const worst = over.reduce((a, b) => (lost(b) / b.read > lost(a) / a.read ? b : a))
  const pct = (x: number) => `${Number((x * 100).toFixed(2))}%`
  return {
    tooMany: Failure.mask(
      `${worst.source}: ${lost(worst)} of ${worst.read} rows rejected${worst.duplicates > 0 ? ` (${worst.duplicates} as duplicates)` : ""} (${pct(lost(worst) / worst.read)}), more than --max-reject-share ${pct(limit)}` +
        (over.length > 1 ? ` (and ${over.length - 1} more table${over.length > 2 ? "s" : ""})` : "") +
        `; fix the data${flags.rejects === undefined ? " (--rejects FILE lists every rejected row)" : ""} or pass --allow-rejects`
    )
  }
}
