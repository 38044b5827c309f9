/**
 * `govplan kpi --csv DIR | --sql URL | --http URL`: the same scorecard from the adapters as from
 * the seed database — CSV exports with Chinese headers, SQLite, PostgreSQL and MariaDB databases,
 * and a CKAN DataStore served on loopback — and bad rows reported by row, column and value.
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import mysql from "mysql2/promise"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { mysql as mysqlServer, pg as pgServer } from "../../../test-support/databases.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs the real CLI asynchronously (a loopback server in this process must keep answering). */
const govplan = (...args: Array<string>): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["apps/govplan/bin/govplan.js", "kpi", ...args], { cwd: root })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")))
    child.on("error", reject)
    child.on("close", (status) => resolve({ status, stdout, stderr }))
  })

interface Line {
  readonly indicatorId: string
  readonly value: number | null
  readonly numerator: number | null
  readonly denominator: number | null
  readonly status: string
  readonly reason: string
}

/** What must agree between two sources: every indicator's value, parts and status. */
const essence = (lines: ReadonlyArray<Line>) =>
  lines.map((l) => ({ id: l.indicatorId, value: l.value, numerator: l.numerator, denominator: l.denominator, status: l.status, reason: l.reason }))

const data = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-sources-"))
const dbFile = path.join(data, "govplan.sqlite")
let fromSeed: ReadonlyArray<Line>

const tablesOf = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)

const columnsOf = (db: Database.Database, table: string) =>
  db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; type: string; notnull: number }>

beforeAll(async () => {
  const generated = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", "generate", "--out", data], { cwd: root, encoding: "utf8" })
  expect(generated.status, generated.stderr).toBe(0)
  const run = await govplan("--json", "--data", data)
  expect(run.status, run.stderr).toBe(0)
  fromSeed = JSON.parse(run.stdout) as Array<Line>
  expect(fromSeed).toHaveLength(46)
}, 180_000)

describe("govplan kpi from the adapters", () => {
  it("--csv: the generator's CSV exports (Chinese headers) give the seed database's scorecard; every row accounted for", async () => {
    const run = await govplan("--json", "--csv", data)
    expect(run.status, run.stderr).toBe(0)
    expect(essence(JSON.parse(run.stdout) as Array<Line>)).toEqual(essence(fromSeed))
    const hotline = new Database(dbFile, { readonly: true }).prepare("SELECT count(*) AS n FROM hotline_order").get() as { n: number }
    expect(run.stderr).toContain(`12345工单.csv: read ${hotline.n} = accepted ${hotline.n} + rejected 0`)
    expect(run.stderr).toMatch(/all tables: read (\d+) = accepted \1 \+ rejected 0/)
  })

  it("--csv: bad rows are rejected by file, row, column and value, and the counts reconcile", async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-sources-bad-"))
    for (const f of fs.readdirSync(data)) if (f.endsWith(".csv")) fs.copyFileSync(path.join(data, f), path.join(bad, f))
    const file = path.join(bad, "12345工单.csv")
    const lines = fs.readFileSync(file, "utf8").split("\r\n")
    const header = lines[0]!.split(",")
    const accepted = header.indexOf("受理时间")
    expect(accepted).toBeGreaterThanOrEqual(0)
    // row 3 (the header is row 1): an impossible date; row 5: a ragged row with a cell missing
    const row3 = lines[2]!.split(",")
    row3[accepted] = "2022-02-30 09:00:00"
    lines[2] = row3.join(",")
    lines[4] = lines[4]!.split(",").slice(0, -1).join(",")
    fs.writeFileSync(file, lines.join("\r\n"))
    const total = lines.filter((l) => l !== "").length - 1

    const run = await govplan("--json", "--csv", bad)
    expect(run.status, run.stderr).toBe(0)
    expect(run.stderr).toContain(`12345工单.csv: read ${total} = accepted ${total - 2} + rejected 2`)
    expect(run.stderr).toMatch(/12345工单\.csv: row 3, column "受理时间".*"2022-02-30 09:00:00"/)
    expect(run.stderr).toMatch(/12345工单\.csv: row 5\b.*column/)
    const intake = (JSON.parse(run.stdout) as Array<Line>).find((l) => l.indicatorId === "urban.hotline.completion-rate")
    expect(intake).toBeDefined()
  })

  it("--sql sqlite:FILE reads the same tables through @effect/sql", async () => {
    // the load path (exactly the seed's numbers); push-down against --load is test/pushdown.test.ts
    const run = await govplan("--json", "--load", "--sql", `sqlite:${dbFile}`)
    expect(run.status, run.stderr).toBe(0)
    expect(essence(JSON.parse(run.stdout) as Array<Line>)).toEqual(essence(fromSeed))
    expect(run.stderr).toMatch(/hotline_order: read (\d+) = accepted \1 \+ rejected 0/)
  })

  it("--csv and --sql together is a usage error", async () => {
    const run = await govplan("--csv", data, "--sql", `sqlite:${dbFile}`)
    expect(run.status).toBe(2)
    expect(run.stderr).toContain("give at most one of --data-dir (--csv), --sql and --http")
  })

  describe("--http against a CKAN DataStore on 127.0.0.1", () => {
    let server: http.Server
    let url: string
    const requests: Array<string> = []
    beforeAll(async () => {
      const db = new Database(dbFile, { readonly: true })
      const tables = new Set(tablesOf(db))
      server = http.createServer((req, res) => {
        const u = new URL(req.url ?? "/", "http://127.0.0.1")
        requests.push(u.pathname + u.search)
        const resource = u.searchParams.get("resource_id") ?? ""
        if (!u.pathname.endsWith("/datastore_search") || !tables.has(resource)) {
          res.writeHead(404, { "content-type": "application/json" })
          res.end(JSON.stringify({ success: false, error: { message: `Not found: Resource "${resource}" was not found.`, __type: "Not Found Error" } }))
          return
        }
        const limit = Math.min(Number(u.searchParams.get("limit") ?? 100), 5000)
        const offset = Number(u.searchParams.get("offset") ?? 0)
        const total = (db.prepare(`SELECT count(*) AS n FROM "${resource}"`).get() as { n: number }).n
        const records = db.prepare(`SELECT * FROM "${resource}" ORDER BY rowid LIMIT ? OFFSET ?`).all(limit, offset)
        const next = new URL(u)
        next.searchParams.set("offset", String(offset + limit))
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" })
        res.end(JSON.stringify({ success: true, result: { resource_id: resource, records, total, limit, offset, _links: { start: u.pathname + u.search, next: next.pathname + next.search } } }))
      })
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/3/action/datastore_search`
    })
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it("pages through every resource and gives the seed database's scorecard", async () => {
      const run = await govplan("--json", "--http", url)
      expect(run.status, run.stderr).toBe(0)
      expect(essence(JSON.parse(run.stdout) as Array<Line>)).toEqual(essence(fromSeed))
      // 20,000 hotline orders at 5,000 a page: the loader asked for page after page
      expect(requests.filter((r) => r.includes("resource_id=hotline_order")).length).toBeGreaterThanOrEqual(4)
      expect(run.stderr).toMatch(/hotline_order.*read (\d+) = accepted \1 \+ rejected 0/)
    })
  })
})

/** Copies every table of the seed database into `insert`'s database, in batches. */
const copyTables = async (
  create: (table: string, columns: ReadonlyArray<{ name: string; type: string; notnull: number }>) => Promise<void>,
  insert: (table: string, columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>) => Promise<void>
) => {
  const db = new Database(dbFile, { readonly: true })
  try {
    for (const table of tablesOf(db)) {
      const columns = columnsOf(db, table)
      await create(table, columns)
      const names = columns.map((c) => c.name)
      const rows = db.prepare(`SELECT * FROM "${table}"`).raw().all() as Array<Array<unknown>>
      for (let i = 0; i < rows.length; i += 1000) await insert(table, names, rows.slice(i, i + 1000))
    }
  } finally {
    db.close()
  }
}

const scratch = `govplan_app_${process.pid}_${Date.now().toString(36)}`

describe.skipIf(!pgServer.available)(pgServer.available ? "--sql postgres:// (PostgreSQL)" : pgServer.title, () => {
  const admin = new pg.Client({ connectionString: pgServer.url })
  const dbUrl = (() => {
    const u = new URL(pgServer.url)
    u.pathname = `/${scratch}`
    return u.toString()
  })()
  beforeAll(async () => {
    await admin.connect()
    await admin.query(`CREATE DATABASE "${scratch}"`)
    const c = new pg.Client({ connectionString: dbUrl })
    await c.connect()
    try {
      const type = (t: string) => (t === "INTEGER" ? "BIGINT" : t === "REAL" ? "DOUBLE PRECISION" : "TEXT")
      await copyTables(
        async (table, columns) => {
          await c.query(`CREATE TABLE "${table}" (${columns.map((col) => `"${col.name}" ${type(col.type)}${col.notnull ? " NOT NULL" : ""}`).join(", ")})`)
        },
        async (table, names, rows) => {
          const params: Array<unknown> = []
          const values = rows.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(", ")})`).join(", ")
          await c.query(`INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES ${values}`, params)
        }
      )
    } finally {
      await c.end()
    }
  }, 180_000)
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
    await admin.end()
  })

  it("reads every table from PostgreSQL and gives the seed database's scorecard", async () => {
    const run = await govplan("--json", "--load", "--sql", dbUrl)
    expect(run.status, run.stderr).toBe(0)
    expect(essence(JSON.parse(run.stdout) as Array<Line>)).toEqual(essence(fromSeed))
    expect(run.stderr).toMatch(/hotline_order: read (\d+) = accepted \1 \+ rejected 0/)
  })
})

describe.skipIf(!mysqlServer.available)(mysqlServer.available ? "--sql mysql:// (MariaDB)" : mysqlServer.title, () => {
  let admin: mysql.Connection
  const dbUrl = (() => {
    const u = new URL(mysqlServer.url)
    u.pathname = `/${scratch}`
    return u.toString()
  })()
  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: mysqlServer.url })
    await admin.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`)
    const c = await mysql.createConnection({ uri: dbUrl })
    try {
      const type = (t: string) => (t === "INTEGER" ? "BIGINT" : t === "REAL" ? "DOUBLE" : "TEXT")
      await copyTables(
        async (table, columns) => {
          await c.query(`CREATE TABLE \`${table}\` (${columns.map((col) => `\`${col.name}\` ${type(col.type)}${col.notnull ? " NOT NULL" : ""}`).join(", ")})`)
        },
        async (table, names, rows) => {
          await c.query(`INSERT INTO \`${table}\` (${names.map((n) => `\`${n}\``).join(", ")}) VALUES ?`, [rows])
        }
      )
    } finally {
      await c.end()
    }
  }, 180_000)
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``)
    await admin.end()
  })

  it("reads every table from MariaDB and gives the seed database's scorecard", async () => {
    const run = await govplan("--json", "--load", "--sql", dbUrl)
    expect(run.status, run.stderr).toBe(0)
    expect(essence(JSON.parse(run.stdout) as Array<Line>)).toEqual(essence(fromSeed))
    expect(run.stderr).toMatch(/hotline_order: read (\d+) = accepted \1 \+ rejected 0/)
  })
})
