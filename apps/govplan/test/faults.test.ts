/**
 * The CLI under bad input and failing sources, table-driven: every case runs the real `govplan`
 * and asserts its exit code, its one-line message, that no stack trace or `.ts` path reaches the
 * terminal, that no secret of a URL is printed, and that every load it reports reconciles
 * (read = accepted + rejected). Sources are real: CSV files, SQLite files, the PostgreSQL and MariaDB
 * test servers (a TCP proxy of this file in front of them drops or stalls the connection mid-read)
 * and a loopback HTTP server that fails in the ways real portals do.
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import mysql from "mysql2/promise"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Plan, ReferencePlan } from "@govplan/model"
import { mysql as mysqlServer, pg as pgServer } from "../../../test-support/databases.js"

/** A scorecard has one line per indicator of the plan. */
const ReferencePlanIndicators = Plan.indicators(ReferencePlan.changshouRoad2022).length

const root = fileURLToPath(new URL("../../../", import.meta.url))

interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Runs the real CLI asynchronously (the loopback servers of this process must keep answering). */
const govplan = (args: ReadonlyArray<string>, options: { readonly env?: Record<string, string>; readonly shell?: string } = {}): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = Date.now()
    const argv = [path.join(root, "apps/govplan/bin/govplan.js"), ...args]
    const child = options.shell === undefined
      ? spawn(process.execPath, argv, { cwd: tmp, env: { ...process.env, GOVPLAN_DEBUG: "", ...options.env } })
      : spawn("bash", ["-c", `${options.shell}; exec "$0" "$@"`, process.execPath, ...argv], { cwd: tmp, env: { ...process.env, GOVPLAN_DEBUG: "", ...options.env } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")))
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")))
    child.on("error", reject)
    child.on("close", (status) => resolve({ status, stdout, stderr, ms: Date.now() - started }))
  })

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-faults-"))
const data = path.join(tmp, "data")
const seedDb = path.join(data, "govplan.sqlite")
const HOTLINE = "12345工单.csv"
let hotlineText = ""

/** A folder holding only the 12345 orders' CSV, changed by `edit` (lines without their CRLF). */
const csvDir = (name: string, edit: (lines: Array<string>) => Array<string> = (l) => l, file = HOTLINE): string => {
  const dir = path.join(tmp, name)
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, file), edit(hotlineText.split("\r\n")).join("\r\n"))
  return dir
}

/** Replaces column `header`'s cell in the lines `pick` chooses. */
const setCell = (lines: Array<string>, header: string, pick: (i: number) => boolean, value: string): Array<string> => {
  const at = lines[0]!.split(",").indexOf(header)
  if (at < 0) throw new Error(`no column ${header}`)
  return lines.map((l, i) => {
    if (i === 0 || l === "" || !pick(i)) return l
    const cells = l.split(",")
    cells[at] = value
    return cells.join(",")
  })
}

/** A SQLite file holding the seed database's hotline_order table, optionally changed by `sql`. */
const sqliteWith = (name: string, ...sql: Array<string>): string => {
  const file = path.join(tmp, name)
  const db = new Database(file)
  try {
    db.exec(`ATTACH DATABASE '${seedDb.replace(/'/g, "''")}' AS seed; CREATE TABLE hotline_order AS SELECT * FROM seed.hotline_order WHERE acceptedAt >= '2022-01-01'; DETACH DATABASE seed;`)
    for (const s of sql) db.exec(s)
  } finally {
    db.close()
  }
  return file
}

/** What every failing run must look like. */
const expectClean = (r: Run, secrets: ReadonlyArray<string> = []) => {
  const all = r.stdout + r.stderr
  expect(all, "a stack trace").not.toMatch(/^\s+at .+\(?.*:\d+:\d+\)?$/m)
  expect(all, "a .ts path").not.toMatch(/\.ts:\d+|\.ts\)|node_modules/)
  for (const s of secrets) expect(all, `the secret ${s}`).not.toContain(s)
  for (const m of all.matchAll(/read (\d+) = accepted (\d+) \+ rejected (\d+)(?: \+ duplicates (\d+))?/g)) {
    expect(Number(m[1]), m[0]).toBe(Number(m[2]) + Number(m[3]) + Number(m[4] ?? 0))
  }
}

/** The line that says why a command failed: the first stderr line starting `govplan <command>: `. */
const errorLine = (r: Run, command: string): string => {
  const line = r.stderr.split("\n").find((l) => l.startsWith(`govplan ${command}: `))
  expect(line, r.stderr).toBeDefined()
  return line!
}

interface Case {
  readonly name: string
  readonly args: () => ReadonlyArray<string>
  readonly status: number
  /** what the one-line message says (a run that exits 0 has none: `check` looks at its output) */
  readonly line: RegExp
  readonly command?: string
  readonly secrets?: ReadonlyArray<string>
  /** files that must not exist after the run */
  readonly noFiles?: () => ReadonlyArray<string>
  /** the longest the run may take */
  readonly within?: number
  readonly check?: (r: Run) => void
}

const runCase = async (c: Case) => {
  const command = c.command || "kpi"
  const r = await govplan([command, ...c.args()])
  expect(r.status, r.stderr).toBe(c.status)
  expectClean(r, c.secrets)
  if (c.status === 0) return c.check?.(r)
  const line = errorLine(r, command)
  expect(line).toMatch(c.line)
  if (c.status === 2) expect(r.stderr).toContain(`usage: govplan ${command}`)
  for (const f of c.noFiles?.() ?? []) expect(fs.existsSync(f), f).toBe(false)
  if (c.within !== undefined) expect(r.ms).toBeLessThan(c.within)
  c.check?.(r)
}

beforeAll(() => {
  const generated = spawnSync(process.execPath, [path.join(root, "apps/govplan/bin/govplan.js"), "generate", "--out", data], { encoding: "utf8" })
  expect(generated.status, generated.stderr).toBe(0)
  // the plan year's 20,000 orders (the seed also holds 2021's, for 同比): the counts below are of these
  const [header, ...rows] = fs.readFileSync(path.join(data, HOTLINE), "utf8").split("\r\n")
  hotlineText = [header, ...rows.filter((l) => l === "" || l.split(",")[1]!.startsWith("2022-"))].join("\r\n")
}, 180_000)

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const usageCases: ReadonlyArray<Case> = [
  { name: "--year outside the plan's year", args: () => ["--year", "1900", "--data", data], status: 2, line: /--year 1900 is not the plan's year: .* is for 2022/ },
  { name: "report --year outside the plan's year", command: "report", args: () => ["--year", "2021", "--data", data], status: 2, line: /--year 2021 is not the plan's year/ },
  { name: "--year not a year", args: () => ["--year", "20x2"], status: 2, line: /--year needs a year such as 2022, got "20x2"/ },
  { name: "--as-of a date that does not exist", args: () => ["--as-of", "2022-02-30"], status: 2, line: /--as-of needs a date YYYY-MM-DD that exists/ },
  { name: "--as-of outside the plan's year", args: () => ["--as-of", "2021-06-30", "--data", data], status: 2, line: /--as-of 2021-06-30 is not in 2022/ },
  { name: "--max-reject-share above 100%", args: () => ["--max-reject-share", "150%"], status: 2, line: /--max-reject-share needs a share from 0 to 1/ },
  { name: "--max-reject-share not a number", args: () => ["--max-reject-share", "some"], status: 2, line: /--max-reject-share needs a share/ },
  { name: "--timeout 0", args: () => ["--timeout", "0"], status: 2, line: /--timeout needs a number of seconds above 0/ },
  { name: "--csv and --sql together", args: () => ["--csv", data, "--sql", `sqlite:${seedDb}`], status: 2, line: /give at most one of --data-dir \(--csv\), --sql and --http/ },
  { name: "--data with --csv", args: () => ["--data", data, "--csv", data], status: 2, line: /--data names the seed directory/ },
  { name: "an unknown option", args: () => ["--frobnicate"], status: 2, line: /unknown option "--frobnicate"/ },
  { name: "an option without its value", args: () => ["--csv"], status: 2, line: /--csv needs a directory/ },
  { name: "report --format pdf", command: "report", args: () => ["--format", "pdf"], status: 2, line: /--format is docx or md, got "pdf"/ }
]

const dataCases: ReadonlyArray<Case> = [
  {
    name: "a CSV with the header a,b,c",
    args: () => ["--csv", csvDir("abc", (l) => ["a,b,c", ...l.slice(1)])],
    status: 3,
    line: /12345工单\.csv: .*missing required columns "工单编号" or "orderId".*the header has "a", "b", "c"/
  },
  {
    name: "a CSV without 受理时间",
    args: () => ["--csv", csvDir("no-accepted", (l) => l.map((x) => x.split(",").filter((_, i) => i !== 1).join(",")))],
    status: 3,
    line: /12345工单\.csv: .*missing required column "受理时间" or "acceptedAt".*\(acceptedAt\); the header has "工单编号", "来源渠道"/
  },
  {
    name: "a CSV with only a header",
    args: () => ["--csv", csvDir("header-only", (l) => [l[0]!])],
    status: 0,
    line: /^$/,
    check: (r) => expect(r.stderr).toMatch(/12345工单\.csv: read 0 = accepted 0 \+ rejected 0/)
  },
  { name: "an empty CSV file", args: () => ["--csv", csvDir("empty", () => [""])], status: 3, line: /12345工单\.csv: .*empty: no header row/ },
  { name: "--csv a folder that does not exist", args: () => ["--csv", path.join(tmp, "nowhere")], status: 3, line: /--data-dir: no directory at .*nowhere/ },
  {
    name: "--csv a folder with no record file",
    args: () => {
      const dir = path.join(tmp, "no-records")
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(path.join(dir, "orders.csv"), "a,b\n1,2\n")
      return ["--csv", dir]
    },
    status: 3,
    line: /no data: .*no-records has no CSV or Excel file of any record type \(such as 12345工单\.csv or 12345工单\.xlsx\)/
  },
  {
    name: "--csv a folder with both 12345工单.csv and hotline_order.csv",
    args: () => {
      const dir = csvDir("both-names")
      fs.copyFileSync(path.join(dir, HOTLINE), path.join(dir, "hotline_order.csv"))
      return ["--csv", dir]
    },
    status: 3,
    line: /has 12345市民服务热线工单 \(hotline_order\) in both 12345工单\.csv and hotline_order\.csv: keep one/
  },
  {
    name: "a CSV whose header repeats a column",
    args: () => ["--csv", csvDir("dup-header", (l) => [l[0]!.replace("来源渠道", "工单编号"), ...l.slice(1)])],
    status: 3,
    line: /12345工单\.csv: .*"工单编号" appears 2 times/
  },
  {
    name: "5% of the rows with an impossible 受理时间: more than the 1% allowed",
    args: () => ["--csv", csvDir("five-percent", (l) => setCell(l, "受理时间", (i) => i % 20 === 0, "2022-02-30 09:00:00"))],
    status: 4,
    line: /12345工单\.csv: 1000 of 20000 rows rejected \(5%\), more than --max-reject-share 1%; fix the data \(--rejects FILE lists every rejected row\) or pass --allow-rejects/,
    check: (r) => {
      expect(r.stdout).toBe("")
      expect(r.stderr).toMatch(/row 21, column "受理时间" \(acceptedAt\), value "2022-02-30 09:00:00"/)
      expect(r.stderr).toContain("… 990 more rejected rows")
    }
  },
  {
    name: "2 of 20000 rows with a bad 退单次数: under 1%, exit 0, counted",
    args: () => ["--json", "--csv", csvDir("two-bad", (l) => setCell(l, "退单次数", (i) => i === 2 || i === 3, "两次"))],
    status: 0,
    line: /^$/,
    check: (r) => {
      expect(r.stderr).toContain("12345工单.csv: read 20000 = accepted 19998 + rejected 2")
      expect(JSON.parse(r.stdout)).toHaveLength(ReferencePlanIndicators)
    }
  },
  {
    name: "--max-reject-share 0 fails on a single rejected row",
    args: () => ["--max-reject-share", "0", "--csv", csvDir("one-bad", (l) => setCell(l, "退单次数", (i) => i === 2, "x"))],
    status: 4,
    line: /1 of 20000 rows rejected \(0\.01%\), more than --max-reject-share 0%/
  },
  {
    name: "a ragged row and a repeated header row",
    args: () => ["--max-reject-share", "0", "--csv", csvDir("ragged", (l) => [l[0]!, l[1]!.split(",").slice(0, -3).join(","), l[0]!, ...l.slice(2)])],
    status: 4,
    line: /2 of 20001 rows rejected/,
    check: (r) => expect(r.stderr).toMatch(/row 3.*the header row repeats here/)
  },
  {
    name: "先行联系 Y on 1.5% of the rows: outside the code list, rejected naming the allowed values",
    args: () => ["--csv", csvDir("codes", (l) => setCell(l, "先行联系", (i) => i % 66 === 0, "Y"))],
    status: 4,
    line: /12345工单\.csv: 303 of 20000 rows rejected \(1\.52%\)/,
    check: (r) => expect(r.stderr).toMatch(/row 67, column "先行联系" \(firstContact\), value "Y": .*是.*否.*未评价/)
  },
  {
    name: "an empty 工单编号 is rejected, not accepted",
    args: () => ["--max-reject-share", "0", "--csv", csvDir("empty-id", (l) => setCell(l, "工单编号", (i) => i === 5, ""))],
    status: 4,
    line: /1 of 20000 rows rejected/,
    check: (r) => expect(r.stderr).toMatch(/row 6, column "工单编号"/)
  },
  {
    name: "the same 工单编号 twice: the later row is a duplicate, counted",
    args: () => ["--json", "--csv", csvDir("dup-key", (l) => [...l.slice(0, 3), l[2]!, ...l.slice(3)])],
    status: 0,
    line: /^$/,
    check: (r) => {
      expect(r.stderr).toContain("12345工单.csv: read 20001 = accepted 20000 + rejected 0 + duplicates 1")
      expect(r.stderr).toMatch(/duplicate: .*row 4.*工单编号/)
    }
  },
  {
    name: "the same 工单编号 on 2% of the rows: over the limit",
    args: () => ["--csv", csvDir("dup-keys", (l) => l.flatMap((x, i) => (i > 0 && i % 50 === 0 ? [x, x] : [x])))],
    status: 4,
    line: /400 of 20400 rows rejected \(400 as duplicates\) \(1\.96%\)/
  },
  {
    name: "结案时间 exported as 办结时间 (an alias): accepted on purpose, nothing ignored",
    args: () => ["--json", "--csv", csvDir("alias", (l) => [l[0]!.replace("结案时间", "办结时间"), ...l.slice(1)])],
    status: 0,
    line: /^$/,
    check: (r) => {
      expect(r.stderr).toContain("12345工单.csv: read 20000 = accepted 20000 + rejected 0")
      expect(r.stderr).not.toContain("ignored columns")
    }
  },
  {
    name: "extra columns are listed as ignored",
    args: () => ["--json", "--csv", csvDir("extra", (l) => l.map((x, i) => (x === "" ? x : `${x},${i === 0 ? "备注" : "x"}`)))],
    status: 0,
    line: /^$/,
    check: (r) => expect(r.stderr).toContain("ignored columns: 备注")
  },
  { name: "--sql sqlite: a file that does not exist (and is not created)", args: () => ["--sql", `sqlite:${path.join(tmp, "missing.db")}`], status: 3, line: /--sql: no SQLite database at .*missing\.db/, noFiles: () => [path.join(tmp, "missing.db")] },
  {
    name: "--sql sqlite: a file that is not a database",
    args: () => {
      fs.writeFileSync(path.join(tmp, "text.db"), "this is not a database\n".repeat(100))
      return ["--sql", `sqlite:${path.join(tmp, "text.db")}`]
    },
    status: 3,
    line: /not a database|file is not a database|cannot connect/i
  },
  {
    name: "--sql sqlite: a database without any record table",
    args: () => {
      const file = path.join(tmp, "empty.db")
      new Database(file).exec("CREATE TABLE other (x INTEGER)")
      return ["--sql", `sqlite:${file}`]
    },
    status: 3,
    line: /no data: .*empty\.db has no table of any record type \(such as hotline_order\)/
  },
  {
    name: "--sql sqlite: hotline_order without its acceptedAt column",
    args: () => ["--sql", `sqlite:${sqliteWith("no-accepted.db", "ALTER TABLE hotline_order DROP COLUMN acceptedAt")}`],
    status: 3,
    line: /hotline_order: .*missing required column "受理时间" or "acceptedAt"/
  },
  {
    name: "--sql sqlite: 3% of the rows with a NULL orderId",
    args: () => ["--sql", `sqlite:${sqliteWith("null-ids.db", "UPDATE hotline_order SET orderId = NULL WHERE rowid % 33 = 0")}`],
    status: 4,
    line: /hotline_order: 606 of 20000 rows rejected \(3\.03%\)/
  },
  {
    name: "--plan a file that does not exist",
    args: () => ["--plan", path.join(tmp, "no-plan.json"), "--data", data],
    status: 3,
    line: /cannot read the plan .*no-plan\.json: ENOENT/
  },
  {
    name: "--plan a file that is not JSON",
    args: () => {
      fs.writeFileSync(path.join(tmp, "broken-plan.json"), "{ not json")
      return ["--plan", path.join(tmp, "broken-plan.json"), "--data", data]
    },
    status: 3,
    line: /broken-plan\.json: /
  },
  {
    name: "--baselines a value that is not a number",
    args: () => {
      fs.writeFileSync(path.join(tmp, "baselines.json"), JSON.stringify({ "economy.enterprise-visits.frequency": "1.5" }))
      return ["--baselines", path.join(tmp, "baselines.json"), "--data", data]
    },
    status: 3,
    line: /the baseline of economy\.enterprise-visits\.frequency must be a number, got "1\.5"/
  },
  {
    name: "report --narrative a folder that does not exist",
    command: "report",
    args: () => ["--data", data, "--narrative", path.join(tmp, "no-narrative"), "--out", path.join(tmp, "out-narrative")],
    status: 3,
    line: /cannot read the narrative directory .*no-narrative/,
    noFiles: () => [path.join(tmp, "out-narrative")]
  },
  {
    name: "report over the reject limit writes no report",
    command: "report",
    args: () => ["--csv", csvDir("report-five", (l) => setCell(l, "受理时间", (i) => i % 20 === 0, "x")), "--format", "md", "--out", path.join(tmp, "out-rejects")],
    status: 4,
    line: /1000 of 20000 rows rejected \(5%\).*; no report written/,
    noFiles: () => [path.join(tmp, "out-rejects")]
  },
  {
    name: "report --out a path that is a file",
    command: "report",
    args: () => {
      fs.writeFileSync(path.join(tmp, "out-is-a-file"), "x")
      return ["--data", data, "--format", "md", "--out", path.join(tmp, "out-is-a-file")]
    },
    status: 3,
    line: /cannot write .*out-is-a-file/,
    check: () => expect(fs.readFileSync(path.join(tmp, "out-is-a-file"), "utf8")).toBe("x")
  }
]

describe("govplan: usage errors exit 2 with one line and the usage", () => {
  for (const c of usageCases) it(c.name, () => runCase(c), 60_000)

  it("an unknown command", async () => {
    const r = await govplan(["frobnicate"])
    expect(r.status).toBe(2)
    expect(r.stderr.split("\n")[0]).toBe('govplan: unknown command "frobnicate"')
    expect(r.stderr).toContain("usage: govplan <command>")
  })
})

describe("govplan: data and source errors exit 3 (too many rejections 4) with one line", () => {
  for (const c of dataCases) {
    it(c.name, () => runCase(c), 120_000)
  }
})

describe("--verbose and GOVPLAN_DEBUG=1 show the trace; nothing else does", () => {
  const args = () => ["kpi", "--csv", csvDir("abc", (l) => ["a,b,c", ...l.slice(1)])]
  it("--verbose", async () => {
    const r = await govplan([...args(), "--verbose"])
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/^\s+at /m)
  }, 60_000)
  it("GOVPLAN_DEBUG=1", async () => {
    const r = await govplan(args(), { env: { GOVPLAN_DEBUG: "1" } })
    expect(r.status).toBe(3)
    expect(r.stderr).toMatch(/^\s+at /m)
  }, 60_000)
})

describe("--rejects FILE and --allow-rejects", () => {
  it("writes every rejected row as CSV (file, row, column, field, value, reason), the console keeps its short list", async () => {
    const dir = csvDir("rejects", (l) => setCell(setCell(l, "受理时间", (i) => i % 50 === 0, "=HYPERLINK(\"http://x\")"), "退单次数", (i) => i === 7, "-x"))
    const file = path.join(tmp, "rejects-out", "rejected.csv")
    const r = await govplan(["kpi", "--csv", dir, "--rejects", file, "--allow-rejects", "--json"])
    expect(r.status, r.stderr).toBe(0)
    expectClean(r)
    expect(r.stderr).toContain("12345工单.csv: read 20000 = accepted 19599 + rejected 401")
    expect(r.stderr).toContain("wrote 401 rejected rows to")
    expect(r.stderr.split("\n").filter((l) => l.startsWith("  rejected: "))).toHaveLength(10)
    const text = fs.readFileSync(file, "utf8")
    expect(text.startsWith("\uFEFFfile,row,page,index,column,field,value,reason\r\n")).toBe(true)
    const lines = text.slice(1).trimEnd().split("\r\n")
    expect(lines).toHaveLength(402)
    expect(lines[1]).toMatch(/12345工单\.csv,8,,,退单次数,returns,'-x,/)
    // a formula is written as text, quoted
    expect(lines[2]).toMatch(/,51,,,受理时间,acceptedAt,"'=HYPERLINK\(""http:\/\/x""\)",/)
    expect(fs.readdirSync(path.dirname(file))).toEqual(["rejected.csv"]) // no temporary file left
  }, 120_000)
})

describe("plan files", () => {
  it("a plan JSON with a UTF-8 byte-order mark loads (kpi, plan)", async () => {
    const plan = fs.readFileSync(path.join(root, "seeds/changshou-road-2022.plan.json"), "utf8")
    const file = path.join(tmp, "bom-plan.json")
    fs.writeFileSync(file, `\uFEFF${plan}`)
    const k = await govplan(["kpi", "--plan", file, "--data", data, "--json"])
    expect(k.status, k.stderr).toBe(0)
    expect(JSON.parse(k.stdout)).toHaveLength(ReferencePlanIndicators)
    const p = await govplan(["plan", "--file", file])
    expect(p.status, p.stderr).toBe(0)
  }, 120_000)
})

// ---------------------------------------------------------------- databases behind a faulty proxy

/** A TCP proxy to `port` that passes `budget` bytes from the server, then drops or stalls every connection. */
const faultyProxy = async (port: number, mode: "drop" | "stall", budget: number) => {
  let passed = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    sockets.add(client)
    client.on("error", () => {})
    if (passed >= budget) {
      if (mode === "drop") client.destroy()
      return
    }
    const upstream = net.connect(port, "127.0.0.1")
    sockets.add(upstream)
    upstream.on("error", () => client.destroy())
    client.on("data", (d) => passed < budget && upstream.write(d))
    client.on("close", () => upstream.destroy())
    upstream.on("data", (d: Buffer) => {
      if (passed >= budget) return
      passed += d.length
      if (passed < budget) return void client.write(d)
      client.write(d.subarray(0, d.length - (passed - budget)))
      if (mode === "drop") {
        client.destroy()
        upstream.destroy()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

type ProxiedCase = Case & { readonly proxy?: { readonly mode: "drop" | "stall"; readonly budget: number } }

/** Runs a case against `dbUrl`, through a faulty proxy when the case has one (its URL then goes last). */
const runProxied = async (c: ProxiedCase, dbUrl: string) => {
  const proxy = c.proxy === undefined ? undefined : await faultyProxy(Number(new URL(dbUrl).port || (dbUrl.startsWith("mysql") ? 3306 : 5432)), c.proxy.mode, c.proxy.budget)
  try {
    // faults mid-read are the load path's: push-down sends a few rows per table, under any byte budget
    const args = proxy === undefined ? c.args() : [...c.args(), "--load", "--sql", withUrl(dbUrl, (u) => (u.port = String(proxy.port)))]
    await runCase({ ...c, args: () => args })
  } finally {
    await proxy?.close()
  }
}

const scratch = `govplan_faults_${process.pid}_${Date.now().toString(36)}`

const hotlineRows = () => {
  const db = new Database(seedDb, { readonly: true })
  try {
    const columns = (db.prepare(`PRAGMA table_info("hotline_order")`).all() as Array<{ name: string; type: string; notnull: number }>)
    const rows = db.prepare(`SELECT * FROM hotline_order WHERE acceptedAt >= '2022-01-01'`).raw().all() as Array<Array<unknown>>
    return { columns, rows }
  } finally {
    db.close()
  }
}

const withUrl = (url: string, change: (u: URL) => void): string => {
  const u = new URL(url)
  change(u)
  return u.toString()
}

describe.skipIf(!pgServer.available)(pgServer.available ? "PostgreSQL faults" : pgServer.title, () => {
  const admin = new pg.Client({ connectionString: pgServer.url })
  const dbUrl = withUrl(pgServer.url, (u) => (u.pathname = `/${scratch}`))
  beforeAll(async () => {
    await admin.connect()
    await admin.query(`CREATE DATABASE "${scratch}"`)
    const c = new pg.Client({ connectionString: dbUrl })
    await c.connect()
    try {
      const { columns, rows } = hotlineRows()
      const type = (t: string) => (t === "INTEGER" ? "BIGINT" : t === "REAL" ? "DOUBLE PRECISION" : "TEXT")
      await c.query(`CREATE TABLE hotline_order (${columns.map((col) => `"${col.name}" ${type(col.type)}`).join(", ")})`)
      for (let i = 0; i < rows.length; i += 1000) {
        const params: Array<unknown> = []
        const values = rows.slice(i, i + 1000).map((r) => `(${r.map((v) => `$${params.push(v)}`).join(", ")})`).join(", ")
        await c.query(`INSERT INTO hotline_order (${columns.map((col) => `"${col.name}"`).join(", ")}) VALUES ${values}`, params)
      }
    } finally {
      await c.end()
    }
  }, 180_000)
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`)
    await admin.end()
  })

  it("reads through the proxy when nothing goes wrong (the proxy itself is sound)", async () => {
    const proxy = await faultyProxy(Number(new URL(dbUrl).port), "drop", Number.POSITIVE_INFINITY)
    try {
      const r = await govplan(["kpi", "--json", "--sql", withUrl(dbUrl, (u) => (u.port = String(proxy.port)))])
      expect(r.status, r.stderr).toBe(0)
      expect(r.stderr).toMatch(/hotline_order: read 20000 = accepted 20000 \+ rejected 0/)
    } finally {
      await proxy.close()
    }
  }, 120_000)

  const cases: ReadonlyArray<ProxiedCase> = [
    {
      name: "the connection drops mid-read",
      proxy: { mode: "drop", budget: 400_000 },
      args: () => [],
      status: 3,
      line: /hotline_order|connection|terminated|closed|ECONNRESET/i,
      within: 60_000
    },
    {
      name: "the server stalls mid-read (--timeout 2)",
      proxy: { mode: "stall", budget: 400_000 },
      args: () => ["--timeout", "2"],
      status: 3,
      // the library's readTimeout (given --timeout) or the CLI's own deadline, whichever sees it first
      line: /hotline_order.*(sent no rows for 2s \(readTimeout\)|no answer within 2 s \(--timeout\))/,
      within: 30_000
    },
    {
      name: "the server stalls before answering at all (--timeout 2)",
      proxy: { mode: "stall", budget: 0 },
      args: () => ["--timeout", "2"],
      status: 3,
      line: /no answer within 2 s/,
      within: 30_000
    },
    {
      name: "a wrong password is masked",
      args: () => ["--sql", withUrl(dbUrl, (u) => {
        u.username = "nobody_here"
        u.password = "Sup3rSecretPw"
      })],
      status: 3,
      line: /nobody_here|password|authentication|role/i,
      secrets: ["Sup3rSecretPw"],
      within: 60_000
    },
    {
      name: "a database that does not exist",
      args: () => ["--sql", withUrl(dbUrl, (u) => (u.pathname = "/no_such_database_100"))],
      status: 3,
      line: /no_such_database_100|does not exist/,
      within: 60_000
    },
    {
      name: "a closed port (password masked)",
      args: () => ["--timeout", "5", "--sql", withUrl(dbUrl, (u) => {
        u.port = "1"
        u.password = "An0therSecret"
      })],
      status: 3,
      line: /ECONNREFUSED|connect|no answer/i,
      secrets: ["An0therSecret"],
      within: 60_000
    }
  ]
  for (const c of cases) it(c.name, () => runProxied(c, dbUrl), 120_000)
})

describe.skipIf(!mysqlServer.available)(mysqlServer.available ? "MariaDB faults" : mysqlServer.title, () => {
  let admin: mysql.Connection
  const dbUrl = withUrl(mysqlServer.url, (u) => (u.pathname = `/${scratch}`))
  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: mysqlServer.url })
    await admin.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`)
    const c = await mysql.createConnection({ uri: dbUrl })
    try {
      const { columns, rows } = hotlineRows()
      const type = (t: string) => (t === "INTEGER" ? "BIGINT" : t === "REAL" ? "DOUBLE" : "TEXT")
      await c.query(`CREATE TABLE hotline_order (${columns.map((col) => `\`${col.name}\` ${type(col.type)}`).join(", ")})`)
      for (let i = 0; i < rows.length; i += 1000) {
        await c.query(`INSERT INTO hotline_order (${columns.map((col) => `\`${col.name}\``).join(", ")}) VALUES ?`, [rows.slice(i, i + 1000)])
      }
    } finally {
      await c.end()
    }
  }, 180_000)
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``)
    await admin.end()
  })

  const cases: ReadonlyArray<ProxiedCase> = [
    { name: "the connection drops mid-read", proxy: { mode: "drop", budget: 400_000 }, args: () => [], status: 3, line: /hotline_order|connection|closed|lost|ECONNRESET/i, within: 60_000 },
    { name: "the server stalls mid-read (--timeout 2)", proxy: { mode: "stall", budget: 400_000 }, args: () => ["--timeout", "2"], status: 3, line: /hotline_order.*(sent no rows for 2s|no answer within 2 s)/, within: 30_000 },
    {
      name: "a database that does not exist (password masked)",
      args: () => ["--sql", withUrl(dbUrl, (u) => {
        u.pathname = "/no_such_database_100"
        u.password = "MyS3cretPw"
      })],
      status: 3,
      line: /no_such_database_100|Unknown database|Access denied/i,
      secrets: ["MyS3cretPw"],
      within: 60_000
    }
  ]
  for (const c of cases) it(c.name, () => runProxied(c, dbUrl), 120_000)
})

// ---------------------------------------------------------------- a CKAN portal that misbehaves

describe("CKAN faults (a loopback HTTP server)", () => {
  let server: http.Server
  let base: string
  const sockets = new Set<net.Socket>()
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const mode = new URL(req.url ?? "/", "http://127.0.0.1").pathname.split("/")[1]
      switch (mode) {
        case "500":
          res.writeHead(500, { "content-type": "text/plain" })
          return void res.end("Internal Server Error")
        case "429":
          res.writeHead(429, { "retry-after": "3600" })
          return void res.end()
        case "stall":
          return // never answers
        case "reset":
          return void req.socket.destroy()
        case "badjson":
          res.writeHead(200, { "content-type": "application/json" })
          return void res.end("{ this is not json")
        default:
          res.writeHead(404, { "content-type": "application/json" })
          return void res.end(JSON.stringify({ success: false, error: { message: "Not found" } }))
      }
    })
    server.on("connection", (s) => {
      sockets.add(s)
      s.on("close", () => sockets.delete(s))
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
  })
  afterAll(() => {
    for (const s of sockets) s.destroy()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const secret = "k3y-0f-the-portal"
  const cases: ReadonlyArray<Case> = [
    { name: "every request answers 500 (the API key is masked)", args: () => ["--http", `${base}/500/api/3/action/datastore_search?api_key=${secret}`], status: 3, line: /500/, secrets: [secret], within: 90_000 },
    { name: "429 with a Retry-After of an hour", args: () => ["--http", `${base}/429/api/3/action/datastore_search`], status: 3, line: /429|Retry-After|rate/i, within: 90_000 },
    { name: "the server never answers (--timeout 1)", args: () => ["--timeout", "1", "--http", `${base}/stall/api/3/action/datastore_search?token=${secret}`], status: 3, line: /time|stall|no answer/i, secrets: [secret], within: 90_000 },
    { name: "the server resets the connection", args: () => ["--http", `${base}/reset/api/3/action/datastore_search`], status: 3, line: /reset|socket|closed|fetch|connect/i, within: 90_000 },
    { name: "the body is not JSON", args: () => ["--http", `${base}/badjson/api/3/action/datastore_search`], status: 3, line: /JSON/i, within: 90_000 },
    { name: "a URL that is not http", args: () => ["--http", "ftp://127.0.0.1/datastore_search"], status: 3, line: /ftp|scheme|http/i, within: 90_000 }
  ]
  for (const c of cases) it(c.name, () => runCase(c), 120_000)
})

// ---------------------------------------------------------------- outputs

describe("report outputs are safe", () => {
  it("a plan whose office is ../../../x writes inside --out, under a sanitised name", async () => {
    const plan = JSON.parse(fs.readFileSync(path.join(root, "seeds/changshou-road-2022.plan.json"), "utf8")) as { office: string }
    plan.office = "../../../x"
    const file = path.join(tmp, "escape-plan.json")
    fs.writeFileSync(file, JSON.stringify(plan))
    const out = path.join(tmp, "deep", "a", "b", "out")
    const r = await govplan(["report", "--plan", file, "--data", data, "--format", "md", "--out", out])
    expect(r.status, r.stderr).toBe(0)
    expectClean(r)
    const written = fs.readdirSync(out)
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/^_\/_\/_\/x2022年工作总结\.md$|^[^/\\]+\.md$/)
    expect(written[0]).not.toContain("..")
    expect(fs.existsSync(path.join(tmp, "deep", "x2022年工作总结.md"))).toBe(false)
  }, 120_000)

  it("each variant has its own name: -截至<date>, -文件, .md", async () => {
    const out = path.join(tmp, "variants")
    for (const args of [["--format", "md"], ["--format", "md", "--as-of", "2022-06-30"], ["--layout", "文件", "--as-of", "2022-06-30"], []]) {
      const r = await govplan(["report", "--data", data, "--out", out, ...args])
      expect(r.status, r.stderr).toBe(0)
    }
    expect(fs.readdirSync(out).sort()).toEqual([
      "长寿路街道2022年上半年工作总结-截至2022-06-30-文件.docx",
      "长寿路街道2022年上半年工作总结-截至2022-06-30.md",
      "长寿路街道2022年工作总结.docx",
      "长寿路街道2022年工作总结.md"
    ])
  }, 300_000)

  it("a write that is cut off (file size limit) leaves the good report as it was", async () => {
    const out = path.join(tmp, "cut")
    const good = await govplan(["report", "--data", data, "--out", out])
    expect(good.status, good.stderr).toBe(0)
    const file = path.join(out, "长寿路街道2022年工作总结.docx")
    const before = fs.readFileSync(file)
    // `ulimit -f 16`: no file may grow past 16 KiB, so writing the new report fails half-way
    const cut = await govplan(["report", "--data", data, "--out", out], { shell: "ulimit -f 16" })
    expect(cut.stdout).toContain("[5/6] report") // it got as far as writing
    expect(cut.status).not.toBe(0)
    expect(fs.readdirSync(out)).toEqual(["长寿路街道2022年工作总结.docx"])
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  }, 300_000)

  it("a narrative file that matches no part is warned about, naming the expected names", async () => {
    const dir = path.join(tmp, "narrative-typo")
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, "overveiw.md"), "全年工作总体平稳。")
    fs.writeFileSync(path.join(dir, "party.md"), "党建引领有力。")
    const r = await govplan(["report", "--data", data, "--format", "md", "--narrative", dir, "--out", path.join(tmp, "typo-out")])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/^govplan report: warning: narrative file overveiw\.md in .* matches no part of the report; expected names \(\.md or \.txt\): overview, outlook, party, economy/m)
    expect(r.stdout).toContain("narrative: 1 texts")
  }, 120_000)

  it("the report states how many rows were read and rejected", async () => {
    const dir = csvDir("report-two-bad", (l) => setCell(l, "退单次数", (i) => i === 2 || i === 3, "两次"))
    const out = path.join(tmp, "note-out")
    const r = await govplan(["report", "--csv", dir, "--format", "md", "--out", out])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain("12345工单.csv: read 20000 = accepted 19998 + rejected 2")
    const md = fs.readFileSync(path.join(out, "长寿路街道2022年工作总结.md"), "utf8")
    expect(md).toContain("共读取20000行，采用19998行，剔除2行")
  }, 120_000)
})
