/**
 * `govplan kpi --sql URL` computes the KPIs in the database (push-down) and `--load` loads every row:
 * the same scorecard both ways on SQLite, PostgreSQL and MariaDB; a table with rows the loader would
 * reject is loaded instead, so its rejections are counted and the reject limit applies.
 *
 * The command runs in this process (`command.run`), its stdout and stderr captured.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Database from "better-sqlite3"
import mysql from "mysql2/promise"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { mysql as mysqlServer, pg as pgServer } from "../../../test-support/databases.js"
import { command as kpi } from "../src/commands/kpi.js"
import { command as report } from "../src/commands/report.js"
import { generateSeedData } from "../src/pipeline.js"

interface Line {
  readonly indicatorId: string
  readonly value: number | null
  readonly numerator: number | null
  readonly denominator: number | null
  readonly status: string
  readonly reason: string
  readonly computedIn?: string
  readonly parts?: ReadonlyArray<{ readonly period: string; readonly value: number | null; readonly numerator?: number; readonly denominator?: number }>
}

/** Runs `govplan kpi ARGS` in this process: its exit code and what it printed. */
const run = (...args: Array<string>) => runCommand(kpi, args)

/** Runs a command in this process: its exit code and what it printed. */
const runCommand = async (command: typeof kpi, args: ReadonlyArray<string>): Promise<{ code: number; stdout: string; stderr: string }> => {
  const out: Array<string> = []
  const err: Array<string> = []
  const log = vi.spyOn(console, "log").mockImplementation((...a: Array<unknown>) => void out.push(a.join(" ")))
  const error = vi.spyOn(console, "error").mockImplementation((...a: Array<unknown>) => void err.push(a.join(" ")))
  const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown, ...rest: Array<unknown>) => {
    err.push(String(chunk))
    const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined
    cb?.()
    return true
  })
  try {
    const code = await command.run(args)
    return { code, stdout: out.join("\n"), stderr: err.join("\n") }
  } finally {
    log.mockRestore()
    error.mockRestore()
    write.mockRestore()
  }
}

/** Numbers equal, or within a relative 1e-12 where a weighted sum's order of additions differs (the database sums weight × count). */
const close = (a: number | null | undefined, b: number | null | undefined) =>
  a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)))

/** Asserts that two scorecards agree line by line: status and reason exactly, numbers (and monthly parts) as {@link close}. */
const expectSame = (a: ReadonlyArray<Line>, b: ReadonlyArray<Line>) => {
  expect(a.map((l) => l.indicatorId)).toEqual(b.map((l) => l.indicatorId))
  a.forEach((l, i) => {
    const m = b[i]!
    expect({ id: l.indicatorId, status: l.status, reason: l.reason }).toEqual({ id: m.indicatorId, status: m.status, reason: m.reason })
    for (const k of ["value", "numerator", "denominator"] as const) {
      expect(close(l[k], m[k]), `${l.indicatorId} ${k}: ${l[k]} vs ${m[k]}`).toBe(true)
    }
    expect((l.parts ?? []).length).toBe((m.parts ?? []).length)
    ;(l.parts ?? []).forEach((p, j) => expect(close(p.value, m.parts![j]!.value), `${l.indicatorId} ${p.period}`).toBe(true))
  })
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-pushdown-"))
const seed = path.join(dir, "seed")
const dbFile = path.join(seed, "govplan.sqlite")
let loaded: ReadonlyArray<Line>

beforeAll(async () => {
  await generateSeedData(seed)
  const r = await run("--json", "--load", "--sql", `sqlite:${dbFile}`)
  expect(r.code, r.stderr).toBe(0)
  loaded = JSON.parse(r.stdout) as Array<Line>
  expect(loaded).toHaveLength(46)
}, 180_000)

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe("govplan kpi --sql: push-down against --load", () => {
  it("SQLite: the same scorecard; every indicator computed in the database; the header says so", async () => {
    const r = await run("--json", "--sql", `sqlite:${dbFile}`)
    expect(r.code, r.stderr).toBe(0)
    const pushed = JSON.parse(r.stdout) as Array<Line>
    expectSame(pushed, loaded)
    expect(pushed.filter((l) => l.computedIn !== undefined).every((l) => l.computedIn === "database")).toBe(true)
    expect(loaded.filter((l) => l.computedIn !== undefined).every((l) => l.computedIn === "rows")).toBe(true)
    expect(r.stderr).toMatch(/computed in the database \(push-down\) for \d+ tables after a check query found no row to reject/)
    expect(r.stderr).toMatch(/hotline_order: read (\d+) = accepted \1 \+ rejected 0/)
    const table = await run("--sql", `sqlite:${dbFile}`)
    expect(table.stdout).toMatch(/KPIs: computed in the database \(push-down\)/)
    const forced = await run("--load", "--sql", `sqlite:${dbFile}`)
    expect(forced.stdout).toMatch(/KPIs: every row loaded and checked \(--load\)/)
  })

  it("the report's 数据说明 says, in words, that the database computed the indicators after checking the rows", async () => {
    const out = path.join(dir, "report")
    const a = await runCommand(report, ["--format", "md", "--out", out, "--sql", `sqlite:${dbFile}`])
    expect(a.code, a.stderr).toBe(0)
    const md = fs.readFileSync(path.join(out, fs.readdirSync(out).find((f) => f.endsWith(".md"))!), "utf8")
    expect(md).toMatch(/数据说明：本报告指标依据\d+张台账计算，共读取\d+行，采用\d+行，剔除0行。各项指标在数据库中直接汇总计算，计算前已逐行核对数据格式和填报代码，未发现需剔除的行。/)
    fs.rmSync(out, { recursive: true, force: true })
    const b = await runCommand(report, ["--format", "md", "--out", out, "--load", "--sql", `sqlite:${dbFile}`])
    expect(b.code, b.stderr).toBe(0)
    const loadedMd = fs.readFileSync(path.join(out, fs.readdirSync(out).find((f) => f.endsWith(".md"))!), "utf8")
    expect(loadedMd).toMatch(/数据说明：/)
    expect(loadedMd).not.toMatch(/在数据库中直接汇总计算/)
  })

  it("SQLite, mid-year (--as-of 2022-06-30): closures after the as-of date are not counted either way", async () => {
    const a = await run("--json", "--as-of", "2022-06-30", "--sql", `sqlite:${dbFile}`)
    const b = await run("--json", "--as-of", "2022-06-30", "--load", "--sql", `sqlite:${dbFile}`)
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expectSame(JSON.parse(a.stdout) as Array<Line>, JSON.parse(b.stdout) as Array<Line>)
  })

  it("a table with rows the loader rejects is loaded, not computed: the rejections count and the reject limit applies", async () => {
    const bad = path.join(dir, "bad.sqlite")
    fs.copyFileSync(dbFile, bad)
    const db = new Database(bad)
    const ids = (db.prepare(`SELECT rowid AS id, "orderId" FROM hotline_order ORDER BY rowid LIMIT 4`).all() as Array<{ id: number; orderId: string }>)
    db.prepare(`UPDATE hotline_order SET "acceptedAt" = '2022-02-30 09:00:00' WHERE rowid = ?`).run(ids[0]!.id)
    db.prepare(`UPDATE hotline_order SET "firstContact" = 'Y' WHERE rowid = ?`).run(ids[1]!.id)
    db.prepare(`UPDATE hotline_order SET "orderId" = ? WHERE rowid = ?`).run(ids[2]!.orderId, ids[3]!.id)
    // a value with a space at its end: the loader trims it, so the check flags it (conservative)
    db.prepare(`UPDATE waste_clearance SET "committee" = "committee" || ' ' WHERE rowid = 1`).run()
    db.close()
    const a = await run("--json", "--allow-rejects", "--sql", `sqlite:${bad}`)
    const b = await run("--json", "--allow-rejects", "--load", "--sql", `sqlite:${bad}`)
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expect(a.stderr).toMatch(/hotline_order: loaded row by row, not computed in the database: 2 of \d+ rows have a value the loader would reject or change/)
    expect(a.stderr).toMatch(/waste_clearance: loaded row by row, not computed in the database: 1 of \d+ rows/)
    expect(a.stderr).toMatch(/hotline_order: read (\d+) = accepted \d+ \+ rejected 2 \+ duplicates 1/)
    const pushed = JSON.parse(a.stdout) as Array<Line>
    expectSame(pushed, JSON.parse(b.stdout) as Array<Line>)
    const hotline = pushed.filter((l) => l.indicatorId.startsWith("urban.hotline"))
    expect(hotline.length).toBeGreaterThan(0)
    expect(hotline.every((l) => l.computedIn === "rows")).toBe(true)
    // a repeated key alone (every value clean) is found by the check too
    const dup = path.join(dir, "dup.sqlite")
    fs.copyFileSync(dbFile, dup)
    const d = new Database(dup)
    const two = d.prepare(`SELECT rowid AS id, "orderId" FROM hotline_order ORDER BY rowid LIMIT 2`).all() as Array<{ id: number; orderId: string }>
    d.prepare(`UPDATE hotline_order SET "orderId" = ? WHERE rowid = ?`).run(two[0]!.orderId, two[1]!.id)
    d.close()
    const c = await run("--json", "--sql", `sqlite:${dup}`)
    expect(c.code, c.stderr).toBe(0)
    expect(c.stderr).toMatch(/hotline_order: loaded row by row, not computed in the database: 1 rows repeat an earlier row's key \(orderId\)/)
    expect(c.stderr).toMatch(/hotline_order: read (\d+) = accepted \d+ \+ rejected 0 \+ duplicates 1/)
    // with --duplicates keep the repeated row counts either way, and the table is computed in the database
    const kept = await run("--json", "--duplicates", "keep", "--sql", `sqlite:${dup}`)
    expect(kept.stderr).not.toMatch(/hotline_order: loaded row by row/)
    expectSame(JSON.parse(kept.stdout) as Array<Line>, JSON.parse((await run("--json", "--duplicates", "keep", "--load", "--sql", `sqlite:${dup}`)).stdout) as Array<Line>)
    // the default limit (1%) is not exceeded by 3 rows; a limit of 0 is, both ways: exit 4
    expect((await run("--max-reject-share", "0", "--sql", `sqlite:${bad}`)).code).toBe(4)
    expect((await run("--max-reject-share", "0", "--load", "--sql", `sqlite:${bad}`)).code).toBe(4)
  })
})

/** The seed tables' rows, for copying into another database. */
const seedTables = () => {
  const db = new Database(dbFile, { readonly: true })
  try {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)
    return names.map((table) => {
      const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; type: string; notnull: number }>
      const rows = db.prepare(`SELECT * FROM "${table}"`).raw().all() as Array<Array<unknown>>
      return { table, columns, rows }
    })
  } finally {
    db.close()
  }
}

describe.skipIf(!pgServer.available)(pgServer.available ? "push-down on PostgreSQL" : pgServer.title, () => {
  const client = new pg.Client({ connectionString: pgServer.url })
  let tables: ReturnType<typeof seedTables> = []
  beforeAll(async () => {
    await client.connect()
    tables = seedTables()
    const type = (t: string) => (t === "INTEGER" ? "BIGINT" : t === "REAL" ? "DOUBLE PRECISION" : "TEXT")
    for (const { columns, rows, table } of tables) {
      await client.query(`DROP TABLE IF EXISTS "${table}"`)
      await client.query(`CREATE TABLE "${table}" (${columns.map((c) => `"${c.name}" ${type(c.type)}${c.notnull ? " NOT NULL" : ""}`).join(", ")})`)
      for (let i = 0; i < rows.length; i += 1000) {
        const params: Array<unknown> = []
        const values = rows.slice(i, i + 1000).map((r) => `(${r.map((v) => `$${params.push(v)}`).join(", ")})`).join(", ")
        await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(", ")}) VALUES ${values}`, params)
      }
    }
  }, 180_000)
  afterAll(async () => {
    for (const { table } of tables) await client.query(`DROP TABLE IF EXISTS "${table}"`)
    await client.end()
  })

  it("the same scorecard pushed down and loaded, and as from SQLite", async () => {
    const a = await run("--json", "--sql", pgServer.url)
    const b = await run("--json", "--load", "--sql", pgServer.url)
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expect(a.stderr).not.toMatch(/loaded row by row/)
    expectSame(JSON.parse(a.stdout) as Array<Line>, JSON.parse(b.stdout) as Array<Line>)
    expectSame(JSON.parse(a.stdout) as Array<Line>, loaded)
  })
})

describe.skipIf(!mysqlServer.available)(mysqlServer.available ? "push-down on MariaDB" : mysqlServer.title, () => {
  let c: mysql.Connection
  let tables: ReturnType<typeof seedTables> = []
  beforeAll(async () => {
    c = await mysql.createConnection({ uri: mysqlServer.url })
    tables = seedTables()
    const type = (t: string) => (t === "INTEGER" ? "BIGINT" : t === "REAL" ? "DOUBLE" : "TEXT")
    for (const { columns, rows, table } of tables) {
      await c.query(`DROP TABLE IF EXISTS \`${table}\``)
      await c.query(
        `CREATE TABLE \`${table}\` (${columns.map((col) => `\`${col.name}\` ${type(col.type)}${col.notnull ? " NOT NULL" : ""}`).join(", ")}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`
      )
      for (let i = 0; i < rows.length; i += 1000) {
        await c.query(`INSERT INTO \`${table}\` (${columns.map((col) => `\`${col.name}\``).join(", ")}) VALUES ?`, [rows.slice(i, i + 1000)])
      }
    }
  }, 180_000)
  afterAll(async () => {
    for (const { table } of tables) await c.query(`DROP TABLE IF EXISTS \`${table}\``)
    await c.end()
  })

  it("the same scorecard pushed down and loaded, and as from SQLite", async () => {
    const a = await run("--json", "--sql", mysqlServer.url)
    const b = await run("--json", "--load", "--sql", mysqlServer.url)
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expect(a.stderr).not.toMatch(/loaded row by row/)
    expectSame(JSON.parse(a.stdout) as Array<Line>, JSON.parse(b.stdout) as Array<Line>)
    expectSame(JSON.parse(a.stdout) as Array<Line>, loaded)
  })
})
