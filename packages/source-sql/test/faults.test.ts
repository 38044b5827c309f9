/**
 * Faults of SQL sources, table-driven: every case either fails the load with a `SourceError` whose
 * reason and text are asserted, or loads with the counts reconciling (read = accepted + rejected +
 * duplicates). Dropped and stalled connections go through a TCP proxy of our own (test/proxy.ts) in
 * front of the real PostgreSQL and MariaDB servers.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as SqlClient from "@effect/sql/SqlClient"
import { type ColumnMapping, LoadReport, Source, SourceError } from "@govplan/source"
import { Cause, Effect, Exit, Layer, ManagedRuntime, Option, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SqlSource } from "../src/index.js"
import { mysql, pg } from "../../../test-support/databases.js"
import { type TestDatabase, uniqueName } from "./databases.js"
import { createHotline, dropTable, insertRows, makeRows } from "./fixtures.js"
import { type Proxy, startProxy } from "./proxy.js"

const Order = Schema.Struct({
  order_id: Schema.String,
  accepted_at: Schema.String,
  status: Schema.String,
  hours: Schema.NullOr(Schema.Number),
  rating: Schema.NullOr(Schema.String)
})

const mapping: ColumnMapping.ColumnMapping = {
  order_id: { field: "order_id", key: true, allowEmpty: false },
  accepted_at: "accepted_at",
  status: { field: "status", codes: ["在办", "办结"] },
  hours: "hours",
  rating: { field: "rating", codes: ["满意", "基本满意", "一般", "不满意", "未评价"] }
}

const ROWS = 3000

interface Outcome {
  readonly error: SourceError.SourceError | undefined
  readonly report: LoadReport.LoadReport | undefined
  readonly records: number
}

/** Runs a table load on a layer; never throws: the error (a SourceError) and the report are returned. */
const loadTable = async (
  layer: Layer.Layer<SqlClient.SqlClient, unknown>,
  options: Omit<SqlSource.TableOptions<typeof Order.Type, typeof Order.Encoded>, "schema" | "mapping"> & {
    readonly mapping?: ColumnMapping.ColumnMapping
  }
): Promise<Outcome> => {
  let report: LoadReport.LoadReport | undefined
  let records = 0
  const program = Effect.gen(function*() {
    const load = yield* SqlSource.table({ schema: Order, mapping, ...options })
    const exit = yield* Effect.exit(Source.collect(load))
    report = yield* load.report
    if (Exit.isSuccess(exit)) records = exit.value.records.length
    return yield* exit
  })
  const exit = await Effect.runPromiseExit(Effect.provide(program, layer))
  const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
  if (Exit.isFailure(exit) && Option.isNone(failure)) throw new Error(`a defect, not a SourceError: ${Cause.pretty(exit.cause)}`)
  return { error: Option.getOrUndefined(failure) as SourceError.SourceError | undefined, report, records }
}

const expectReconciles = (report: LoadReport.LoadReport | undefined) => {
  if (report === undefined) return
  expect(report.read).toBe(report.accepted + report.rejected + report.duplicates)
}

// --- SQLite --------------------------------------------------------------------------------------

describe("SQLite faults", () => {
  let dir: string
  let file: string
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-sqlfault-"))
    file = path.join(dir, "orders.db")
    // written with a writable client of its own; the source only ever reads
    const { SqliteClient } = await import("@effect/sql-sqlite-node")
    const rows = makeRows(200)
    const bad = [
      { ...rows[0]!, order_id: "DUP1" },
      { ...rows[1]!, order_id: "DUP1" },
      { ...rows[2]!, order_id: "BADSTATUS", status: "Y" },
      { ...rows[3]!, order_id: "BADRATING", rating: "非常满意" },
      { ...rows[4]!, order_id: "" }
    ]
    await Effect.runPromise(
      Effect.provide(
        Effect.all([
          createHotline("hotline_order", "sqlite"),
          insertRows("hotline_order", "sqlite", rows),
          // no primary key: the rows repeat a key on purpose
          Effect.flatMap(SqlClient.SqlClient, (sql) => sql`CREATE TABLE messy (order_id TEXT, accepted_at TEXT, status TEXT, hours REAL, rating TEXT)`),
          insertRows("messy", "sqlite", bad.map(({ accepted_at, hours, order_id, rating, status }) => ({ order_id, accepted_at, status, hours, rating })))
        ]),
        // a rollback-journal database (as the generator writes); a WAL one gets its -shm from SQLite itself
        SqliteClient.layer({ filename: file, disableWAL: true })
      )
    )
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const cases: ReadonlyArray<
    readonly [string, () => string, Partial<SqlSource.TableOptions<any, any>>, (o: Outcome) => void]
  > = [
    ["a missing file is a Config error and is not created", () => `sqlite:${path.join(dir, "nope.db")}`, { table: "hotline_order" }, (o) => {
      expect(o.error?.reason).toBe("Config")
      expect(o.error?.message).toContain("no SQLite database file at")
      expect(o.error?.message).toContain("never create one")
      expect(fs.existsSync(path.join(dir, "nope.db"))).toBe(false)
    }],
    ["a directory is not a database file", () => `sqlite:${dir}`, { table: "hotline_order" }, (o) => {
      expect(o.error?.reason).toBe("Config")
      expect(o.error?.message).toContain("no SQLite database file at")
    }],
    ["a file that is not a database fails with Sql, not a defect", () => {
      const junk = path.join(dir, "junk.db")
      fs.writeFileSync(junk, "this is not a database, just text ".repeat(40))
      return `sqlite:${junk}`
    }, { table: "hotline_order" }, (o) => {
      expect(o.error).toBeDefined()
      expect(o.error!.message).toMatch(/not a database|file is not a database/)
    }],
    ["a missing table is a Sql error naming it", () => `sqlite:${file}`, { table: "no_such_table" }, (o) => {
      expect(o.error?.reason).toBe("Sql")
      expect(o.error?.message).toContain("table \"no_such_table\" does not exist")
    }],
    ["a bad table name is a Config error", () => `sqlite:${file}`, { table: "a;b" }, (o) => {
      expect(o.error?.reason).toBe("Config")
    }],
    ["columns no field uses are listed as ignored", () => `sqlite:${file}`, { table: "hotline_order" }, (o) => {
      expect(o.error).toBeUndefined()
      expect(o.report?.ignoredColumns).toEqual(["closed_at", "due_at", "committee", "category", "returns", "verification", "caller"])
    }],
    ["a missing required column is a Header error with the columns found", () => `sqlite:${file}`, {
      table: "hotline_order",
      mapping: { order_id: "order_id", 受理时间: "accepted_at", status: "status", hours: "hours", rating: "rating" }
    }, (o) => {
      expect(o.error?.reason).toBe("Header")
      // the mapping names 受理时间 for accepted_at, so the column accepted_at is not taken for it
      expect(o.error?.message).toContain("hotline_order: column \"受理时间\": missing required column \"受理时间\" (accepted_at); the header has \"order_id\", \"accepted_at\"")
    }],
    ["the read-only source loads every row, reconciling", () => `sqlite:${file}`, { table: "hotline_order" }, (o) => {
      expect(o.error).toBeUndefined()
      expect(o.report).toMatchObject({ read: 200, accepted: 200, rejected: 0, duplicates: 0, complete: true })
    }],
    ["coded values, an empty key and a repeated key: rejected and counted", () => `sqlite:${file}`, { table: "messy", key: "order_id" }, (o) => {
      expect(o.error).toBeUndefined()
      expect(o.report).toMatchObject({ read: 5, accepted: 1, rejected: 3, duplicates: 1 })
      const reasons = o.report!.rejections.map((r) => `${r.column}: ${r.reason}`)
      expect(reasons).toEqual([
        // in key order: "", BADRATING, BADSTATUS, DUP1, DUP1
        "order_id: a value is required, the cell is empty",
        "rating: \"非常满意\" is not an allowed value; allowed: 满意, 基本满意, 一般, 不满意, 未评价",
        "status: \"Y\" is not an allowed value; allowed: 在办, 办结"
      ])
      expect(o.report!.duplicateRows[0]!.reason).toContain("duplicate key order_id = \"DUP1\"")
    }],
    ["duplicates: keep keeps both", () => `sqlite:${file}`, { table: "messy", key: "order_id", duplicates: "keep" }, (o) => {
      expect(o.report).toMatchObject({ read: 5, accepted: 2, rejected: 3, duplicates: 0 })
    }]
  ]

  for (const [name, url, options, check] of cases) {
    it(name, async () => {
      const o = await loadTable(SqlSource.layerFromUrl(url()), options as never)
      check(o)
      expectReconciles(o.report)
    })
  }

  it("opens read-only: no write is possible and the file is left exactly as it was (no -wal, no -shm)", async () => {
    const before = fs.readFileSync(file)
    const o = await loadTable(SqlSource.layerFromUrl(`sqlite:${file}`), { table: "hotline_order" })
    expect(o.report?.accepted).toBe(200)
    const write = await Effect.runPromiseExit(
      Effect.provide(Effect.flatMap(SqlClient.SqlClient, (sql) => sql`CREATE TABLE x (a TEXT)`), SqlSource.layerFromUrl(`sqlite:${file}`))
    )
    expect(Exit.isFailure(write)).toBe(true)
    expect(String(write)).toMatch(/readonly/i)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("orders.db"))).toEqual(["orders.db"])
  })
})

// --- PostgreSQL and MariaDB through a faulty proxy -------------------------------------------------

const servers: ReadonlyArray<TestDatabase> = [pg, mysql]

for (const db of servers) {
  describe.skipIf(!db.available)(`${db.title}: dropped and stalled connections`, () => {
    const table = uniqueName("fault")
    let runtime: ManagedRuntime.ManagedRuntime<SqlClient.SqlClient, unknown>
    const proxies: Array<Proxy> = []
    const target = new URL(db.url)
    const host = target.hostname
    const port = Number(target.port || (db.dialect === "pg" ? 5432 : 3306))
    const proxy = async (after: number, fault: "cut" | "stall", only?: number) => {
      const p = await startProxy({ host, port, after, fault, ...(only === undefined ? {} : { only }) })
      proxies.push(p)
      return p
    }

    beforeAll(async () => {
      runtime = ManagedRuntime.make(db.layer)
      await runtime.runPromise(Effect.zipRight(createHotline(table, db.dialect), insertRows(table, db.dialect, makeRows(ROWS))))
    }, 60_000)
    afterAll(async () => {
      for (const p of proxies) await p.close()
      await runtime.runPromise(dropTable(table, db.dialect))
      await runtime.dispose()
    })

    const via = (p: Proxy, options: SqlSource.ConnectOptions = { connectTimeout: "3 seconds" }) => SqlSource.layerFromUrl(p.url(db.url), options)

    it("a clean proxy passes every row (the proxy itself is transparent)", async () => {
      const p = await proxy(Number.MAX_SAFE_INTEGER, "cut")
      const o = await loadTable(via(p), { table, key: "order_id", readTimeout: "5 seconds" })
      expect(o.error).toBeUndefined()
      expect(o.report).toMatchObject({ read: ROWS, accepted: ROWS, rejected: 0, duplicates: 0, complete: true })
    }, 30_000)

    it.each([
      ["20 KB", 20_000],
      ["60 KB", 60_000],
      ["150 KB", 150_000]
    ])("a connection cut after %s of rows ends the load with a Sql error within readTimeout, never a short load", async (_, after) => {
      const p = await proxy(after, "cut")
      const o = await loadTable(via(p), { table, key: "order_id", readTimeout: "5 seconds" })
      expect(o.error?.reason).toBe("Sql")
      // the drivers do not all notice a dropped socket: the read timeout ends the load then
      expect(o.error?.message).toMatch(/reading (rows|the columns of .*) failed|the database sent no rows for 5s \(readTimeout\)/)
      expect(o.records).toBe(0)
      if (o.report !== undefined) {
        expect(o.report.complete).toBe(false)
        expect(o.report.read).toBeLessThan(ROWS)
        expectReconciles(o.report)
      }
    }, 30_000)

    it("a connection that stalls mid-read fails after readTimeout naming it", async () => {
      const p = await proxy(60_000, "stall")
      const started = Date.now()
      const o = await loadTable(via(p), { table, key: "order_id", readTimeout: "1 second" })
      expect(o.error?.reason).toBe("Sql")
      expect(o.error?.message).toContain("the database sent no rows for 1s (readTimeout)")
      expect(o.report).toMatchObject({ complete: false })
      expectReconciles(o.report)
      expect(Date.now() - started).toBeLessThan(20_000)
    }, 30_000)

    it("a server that stalls during the handshake fails after connectTimeout", async () => {
      const p = await proxy(5, "stall")
      const o = await loadTable(via(p, { connectTimeout: "1 second" }), { table })
      expect(o.error?.reason).toBe("Config")
      expect(o.error?.message).toContain("cannot connect")
    }, 30_000)

    it("a connection cut during the handshake fails with cannot connect", async () => {
      const p = await proxy(3, "cut")
      const o = await loadTable(via(p), { table })
      expect(o.error?.reason).toBe("Config")
      expect(o.error?.message).toContain("cannot connect")
    }, 30_000)

    it("nothing listening: cannot connect, with the password masked in the source", async () => {
      const p = await proxy(0, "cut")
      await p.close()
      const u = new URL(p.url(db.url))
      u.username = "someone"
      u.password = "s3cret"
      const o = await loadTable(SqlSource.layerFromUrl(u.toString(), { connectTimeout: "2 seconds" }), { table })
      expect(o.error?.reason).toBe("Config")
      expect(o.error?.message).toContain("cannot connect")
      expect(o.error?.source).not.toContain("s3cret")
    }, 30_000)

    it("a missing table is a Sql error naming it", async () => {
      const o = await loadTable(db.layer, { table: uniqueName("missing") })
      expect(o.error?.reason).toBe("Sql")
      expect(o.error?.message).toContain("does not exist")
    })

    it("a code list no row meets rejects every row, reconciling", async () => {
      const o = await loadTable(db.layer, { table, mapping: { ...mapping, status: { field: "status", codes: ["x"] } } })
      expect(o.error).toBeUndefined()
      expect(o.report).toMatchObject({ read: ROWS, accepted: 0, rejected: ROWS })
      expect(o.report!.rejections[0]!.reason).toMatch(/is not an allowed value; allowed: x$/)
      expectReconciles(o.report)
    })

    it("a missing required column is a Header error listing the columns found", async () => {
      const o = await loadTable(db.layer, { table, mapping: { order_id: "order_id", 受理时间: "accepted_at", status: "status", hours: "hours", rating: "rating" } })
      expect(o.error?.reason).toBe("Header")
      expect(o.error?.message).toContain(`${table}: column "受理时间": missing required column "受理时间" (accepted_at); the header has "order_id", "accepted_at"`)
    })

    it("repeated keys are duplicates: left out and counted (read = accepted + rejected + duplicates)", async () => {
      const o = await loadTable(db.layer, { table, key: "order_id", mapping: { ...mapping, order_id: "order_id", status: { field: "status", key: true } } })
      expect(o.error).toBeUndefined()
      expect(o.report).toMatchObject({ read: ROWS, accepted: 2, rejected: 0, duplicates: ROWS - 2 })
      expect(o.report!.duplicateRows[0]!.reason).toMatch(/^duplicate key status = "(在办|办结)", first seen at row \d+; row left out$/)
      expectReconciles(o.report)
    })
  })
}
