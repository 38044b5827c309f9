/**
 * The pieces the CLI's failure and output handling rest on: masking secrets, one-line messages,
 * the exit code of each kind of error, safe file names and atomic writes.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect } from "effect"
import { SourceError } from "@govplan/source"
import { describe, expect, it } from "vitest"
import * as Failure from "../src/Failure.js"
import * as Output from "../src/Output.js"

describe("Failure.mask", () => {
  it.each([
    ["postgres://user:pa55@db.example:5432/govplan", "postgres://user:***@db.example:5432/govplan"],
    ["cannot connect to mysql://root:s3cret@127.0.0.1/x: refused", "cannot connect to mysql://root:***@127.0.0.1/x: refused"],
    ["https://portal.example/api?resource_id=a&api_key=abc123&limit=5", "https://portal.example/api?resource_id=a&api_key=***&limit=5"],
    ["https://portal.example/api?token=t0k&x=1", "https://portal.example/api?token=***&x=1"],
    ["https://portal.example/api?Access_Token=t0k", "https://portal.example/api?Access_Token=***"],
    ["sqlite:/data/govplan.sqlite", "sqlite:/data/govplan.sqlite"],
    ["postgres://user@db.example/govplan", "postgres://user@db.example/govplan"]
  ])("%s", (input, masked) => expect(Failure.mask(input)).toBe(masked))
})

describe("Failure.classify", () => {
  const sourceError = new SourceError.SourceError({ reason: "Header", source: "12345工单.csv", row: 1, detail: "missing required column\n\"受理时间\"" })

  it("a source error is a data error (3), as one line, also inside a FiberFailure or as a cause", async () => {
    expect(Failure.classify(sourceError)).toEqual({ code: 3, line: '12345工单.csv: row 1: missing required column "受理时间" [Header]' })
    const fiberFailure = await Effect.runPromise(Effect.fail(sourceError)).catch((e: unknown) => e)
    expect(Failure.classify(fiberFailure).code).toBe(3)
    expect(Failure.classify(new Error("reading hotline_order", { cause: sourceError })).code).toBe(3)
  })

  it("usage 2, data 3, file system 3, anything else 1 (an internal error) — secrets masked", () => {
    expect(Failure.classify(new Failure.UsageError("--year 1900 is not the plan's year")).code).toBe(2)
    expect(Failure.classify(new Failure.DataError("no data at postgres://u:pw@h/db"))).toEqual({ code: 3, line: "no data at postgres://u:***@h/db" })
    const enoent = (() => {
      try {
        fs.readFileSync(path.join(os.tmpdir(), "govplan-no-such-file"))
      } catch (e) {
        return e
      }
    })()
    expect(Failure.classify(enoent).code).toBe(3)
    const bug = Failure.classify(new TypeError("x is undefined"))
    expect(bug.code).toBe(1)
    expect(bug.line).toBe("internal error: TypeError: x is undefined (rerun with --verbose for the trace)")
  })
})

describe("Output", () => {
  it.each([
    ["长寿路街道2022年工作总结", "长寿路街道2022年工作总结"],
    ["../../../x", "______x"],
    ["a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"],
    ["..", "工作总结"],
    ["  .hidden  ", "hidden"],
    ["line\nbreak\u0000", "line_break_"],
    ["", "工作总结"]
  ])("safeName(%j)", (input, expected) => expect(Output.safeName(input, "工作总结")).toBe(expected))

  it("safeName keeps a long name under 200 bytes without cutting a character", () => {
    const name = Output.safeName("长".repeat(300), "x")
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200)
    expect(name).toBe("长".repeat(66))
  })

  it("inside keeps the file a direct child of the folder", () => {
    const dir = path.join(os.tmpdir(), "govplan-out")
    expect(Output.inside(dir, "../../etc/passwd", ".md", "f")).toBe(path.join(dir, "____etc_passwd.md"))
    expect(path.dirname(Output.inside(dir, "/abs/path", ".md", "f"))).toBe(dir)
  })

  it("writeAtomic replaces a file whole and leaves no temporary file; a failed write keeps the old file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "govplan-atomic-"))
    const file = path.join(dir, "report.md")
    Output.writeAtomic(file, "first")
    Output.writeAtomic(file, "second")
    expect(fs.readFileSync(file, "utf8")).toBe("second")
    expect(fs.readdirSync(dir)).toEqual(["report.md"])
    // the target is a folder: the rename fails, the temporary file is removed
    const folder = path.join(dir, "taken")
    fs.mkdirSync(path.join(folder, "x"), { recursive: true })
    expect(() => Output.writeAtomic(folder, "third")).toThrow(Failure.DataError)
    expect(fs.readdirSync(dir).sort()).toEqual(["report.md", "taken"])
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
