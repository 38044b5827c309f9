import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import Database from "better-sqlite3"
import { beforeAll, describe, expect, it } from "vitest"
import { SOURCE_DIRS, sourceDigest } from "../src/pipeline.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs the real CLI, as a user would: `node apps/govplan/bin/govplan.js …`. */
const govplan = (...args: Array<string>) => {
  const result = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `govplan-stamp-${label}-`))
const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex")
const stamp = (dir: string) => fs.readFileSync(path.join(dir, "source-digest.txt"), "utf8")
const db = (dir: string) => path.join(dir, "govplan.sqlite")
const tablesOf = (file: string) => {
  const d = new Database(file, { readonly: true })
  try {
    return (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)
  } finally {
    d.close()
  }
}

/** A generated data directory (seed 7, so that a regeneration must take the seed from the manifest), copied per test. */
const generated = tmp("generated")
let current: string

beforeAll(() => {
  const r = govplan("generate", "--out", generated, "--seed", "7")
  expect(r.status, r.stderr).toBe(0)
  current = sourceDigest()
})

const copyOfGenerated = (label: string) => {
  const dir = tmp(label)
  fs.cpSync(generated, dir, { recursive: true })
  return dir
}

describe("the source stamp of generated seed data", () => {
  it("govplan generate writes source-digest.txt: one line, the digest of the current sources", () => {
    expect(stamp(generated)).toBe(`${current}\n`)
    expect(current).toMatch(/^[0-9a-f]{64}$/)
  })

  it("kpi regenerates data stamped with other sources, with the manifest's seed and year, and no stale file survives", () => {
    const dir = copyOfGenerated("stale")
    // as if packages/pillars or packages/model had changed since the data was generated
    fs.writeFileSync(path.join(dir, "source-digest.txt"), `${"0".repeat(64)}\n`)
    // and as if that older generator had written a table the current one no longer writes
    const manifestFile = path.join(dir, "manifest.json")
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { tables: Array<Record<string, unknown>> }
    manifest.tables.push({ record: "retired_ledger", title: "已停用台账", file: "已停用台账.csv", rows: 1 })
    fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + "\n")
    fs.writeFileSync(path.join(dir, "已停用台账.csv"), "编号\r\n1\r\n")
    const d = new Database(db(dir))
    d.exec(`CREATE TABLE retired_ledger (id TEXT); INSERT INTO retired_ledger VALUES ('1')`)
    d.close()
    const before = sha(db(dir))
    const past = new Date("2020-01-01T00:00:00Z")
    fs.utimesSync(db(dir), past, past)

    const r = govplan("kpi", "--data", dir, "--year", "2022", "--json")
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toContain(`govplan: ${dir} was generated from older sources (packages/pillars or packages/model changed since); regenerating it (seed 7, year 2022) …`)
    expect(r.stderr).toContain(`govplan: generated 40 tables`)
    expect(JSON.parse(r.stdout)).toHaveLength(46)
    expect(stamp(dir)).toBe(`${current}\n`)
    expect(fs.statSync(db(dir)).mtimeMs).toBeGreaterThan(past.getTime())
    expect(sha(db(dir))).not.toBe(before)
    // the same bytes a fresh generation with seed 7 writes
    expect(sha(db(dir))).toBe(sha(db(generated)))
    expect(tablesOf(db(dir))).not.toContain("retired_ledger")
    expect(fs.existsSync(path.join(dir, "已停用台账.csv"))).toBe(false)
    expect(fs.readFileSync(manifestFile, "utf8")).toBe(fs.readFileSync(path.join(generated, "manifest.json"), "utf8"))
    expect(fs.readdirSync(dir).sort()).toEqual(fs.readdirSync(generated).sort())

    // stamped now: the next run says nothing and leaves the data alone
    const again = govplan("kpi", "--data", dir, "--year", "2022", "--json")
    expect(again.stderr).toBe("")
    expect(again.stdout).toBe(r.stdout)
  })

  it("kpi regenerates data the app generated before it stamped its data (no source-digest.txt)", () => {
    const dir = copyOfGenerated("unstamped")
    fs.rmSync(path.join(dir, "source-digest.txt"))
    const r = govplan("kpi", "--data", dir, "--year", "2022", "--json")
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toContain(`govplan: ${dir} has no source stamp (source-digest.txt), so it may come from older sources; regenerating it (seed 7, year 2022) …`)
    expect(stamp(dir)).toBe(`${current}\n`)
    expect(sha(db(dir))).toBe(sha(db(generated)))
  })

  it("with the current stamp nothing is regenerated: no log line, the database untouched", () => {
    const dir = copyOfGenerated("fresh")
    const before = sha(db(dir))
    const mtime = fs.statSync(db(dir)).mtimeMs
    const r = govplan("kpi", "--data", dir, "--year", "2022", "--json")
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toBe("")
    expect(sha(db(dir))).toBe(before)
    expect(fs.statSync(db(dir)).mtimeMs).toBe(mtime)
    expect(stamp(dir)).toBe(`${current}\n`)
  })

  it("a database without manifest.json is someone's own data: left alone though it has no stamp", () => {
    const dir = tmp("own")
    fs.copyFileSync(db(generated), db(dir))
    const before = sha(db(dir))
    const mtime = fs.statSync(db(dir)).mtimeMs
    const r = govplan("kpi", "--data", dir, "--year", "2022", "--json")
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toBe("")
    expect(fs.readdirSync(dir)).toEqual(["govplan.sqlite"])
    expect(sha(db(dir))).toBe(before)
    expect(fs.statSync(db(dir)).mtimeMs).toBe(mtime)
  })

  it("benchmark data (generate --scale) is never regenerated implicitly, though it has no stamp", () => {
    const dir = tmp("scale")
    expect(govplan("generate", "--scale", "300", "--out", dir).status).toBe(0)
    const before = sha(db(dir))
    const r = govplan("kpi", "--data", dir, "--year", "2022", "--json")
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).not.toContain("regenerating")
    expect(fs.readdirSync(dir).sort()).toEqual(["12345工单.csv", "govplan.sqlite", "manifest.json"])
    expect(sha(db(dir))).toBe(before)
  })
})

describe("sourceDigest", () => {
  const tree = (files: Record<string, string>) => {
    const dir = tmp("tree")
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      fs.writeFileSync(path.join(dir, file), text)
    }
    return dir
  }
  const files = {
    "packages/pillars/src/Generator.ts": "export const run = 1\n",
    "packages/pillars/src/urban/generate.ts": "export const orders = 20000\n",
    "packages/pillars/src/urban/generate.test.ts": "test\n",
    "packages/pillars/src/urban/README.md": "# formulas\n",
    "packages/model/src/WorkCalendar.ts": "export const holidays = [\"2022-10-01\"]\n"
  }

  it("hashes every *.ts but *.test.ts in sorted path order: path from the root, NUL, content", () => {
    const dir = tree(files)
    const expected = createHash("sha256")
    for (const file of ["packages/model/src/WorkCalendar.ts", "packages/pillars/src/Generator.ts", "packages/pillars/src/urban/generate.ts"]) {
      expected.update(`${file}\0`)
      expected.update(fs.readFileSync(path.join(dir, file)))
    }
    expect(sourceDigest(dir)).toBe(expected.digest("hex"))
    expect(SOURCE_DIRS).toEqual(["packages/pillars/src", "packages/model/src"])
  })

  it("changes when a source file's content changes, and only then", () => {
    const dir = tree(files)
    const d0 = sourceDigest(dir)
    expect(sourceDigest(dir)).toBe(d0)
    const edit = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      fs.writeFileSync(path.join(dir, file), text)
    }

    edit("packages/model/src/WorkCalendar.ts", "export const holidays = [\"2022-10-03\"]\n")
    const d1 = sourceDigest(dir)
    expect(d1).not.toBe(d0)
    edit("packages/model/src/WorkCalendar.ts", files["packages/model/src/WorkCalendar.ts"])
    expect(sourceDigest(dir)).toBe(d0)

    edit("packages/pillars/src/urban/generate.ts", "export const orders = 20001\n")
    expect(sourceDigest(dir)).not.toBe(d0)
    edit("packages/pillars/src/urban/generate.ts", files["packages/pillars/src/urban/generate.ts"])

    // tests and docs do not generate anything
    edit("packages/pillars/src/urban/generate.test.ts", "another test\n")
    edit("packages/pillars/src/urban/README.md", "# other formulas\n")
    expect(sourceDigest(dir)).toBe(d0)

    // a new source file, or a renamed one, is a change too
    edit("packages/pillars/src/safety/generate.ts", "export const drills = 4\n")
    expect(sourceDigest(dir)).not.toBe(d0)
    fs.rmSync(path.join(dir, "packages/pillars/src/safety"), { recursive: true })
    expect(sourceDigest(dir)).toBe(d0)
    fs.renameSync(path.join(dir, "packages/pillars/src/Generator.ts"), path.join(dir, "packages/pillars/src/Generate.ts"))
    expect(sourceDigest(dir)).not.toBe(d0)
  })

  it("takes the folders to hash, and a missing folder is an error rather than a stamp that covers less", () => {
    const dir = tree(files)
    expect(sourceDigest(dir, ["packages/model/src"])).not.toBe(sourceDigest(dir))
    expect(() => sourceDigest(dir, ["packages/kpi/src"])).toThrow(/ENOENT/)
  })

  it("of the repository's own sources is stable from call to call", () => {
    expect(sourceDigest()).toBe(current)
    expect(sourceDigest()).toMatch(/^[0-9a-f]{64}$/)
  })
})
