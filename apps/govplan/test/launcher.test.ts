/**
 * `bin/govplan.js`: bundles the CLI's sources on first use into apps/govplan/.cli/, runs the bundle,
 * and rebuilds when any input changes; GOVPLAN_TSX=1 runs the sources through tsx instead. Both ways
 * must print the same thing.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const app = path.join(root, "apps/govplan")
const pointer = path.join(app, ".cli/current.json")

const govplan = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, ["apps/govplan/bin/govplan.js", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, GOVPLAN_DEBUG: "", GOVPLAN_TSX: "", ...env }
  })
  if (result.error) throw result.error
  return result
}

interface Manifest {
  readonly entry: string
  readonly inputs: ReadonlyArray<readonly [string, number, number]>
}
const manifest = (): Manifest => JSON.parse(fs.readFileSync(pointer, "utf8")) as Manifest

describe("bin/govplan.js", () => {
  it("runs a bundle whose manifest lists every source it was built from, with their sizes", () => {
    const run = govplan(["plan", "--help"])
    expect(run.stderr).toBe("")
    expect(run.status).toBe(0)
    const m = manifest()
    expect(fs.existsSync(path.join(app, ".cli", m.entry))).toBe(true)
    const files = m.inputs.map(([file]) => path.resolve(app, file))
    // the app's entry, a library's sources and the plan JSON the model imports are all inputs
    expect(files).toContain(path.join(app, "src/cli.ts"))
    expect(files).toContain(path.join(root, "packages/model/src/ReferencePlan.ts"))
    expect(files).toContain(path.join(root, "seeds/changshou-road-2022.plan.json"))
    for (const [file, size] of m.inputs) expect(fs.statSync(path.resolve(app, file)).size, file).toBe(size)
  })

  it("rebuilds when an input differs from what the bundle was built from", () => {
    govplan(["plan", "--help"])
    const before = manifest()
    const at = before.inputs.findIndex(([file]) => file.endsWith("ReferencePlan.ts"))
    expect(at).toBeGreaterThanOrEqual(0)
    // as if ReferencePlan.ts had been edited since: the recorded size no longer matches the file
    const stale = before.inputs.map((input, i) => (i === at ? [input[0], input[1] + 1, input[2]] : input))
    fs.writeFileSync(pointer, JSON.stringify({ ...before, inputs: stale }))
    const run = govplan(["plan", "--help"])
    expect(run.status).toBe(0)
    const after = manifest()
    expect(after.inputs[at]).toEqual(before.inputs[at])
    expect(fs.existsSync(path.join(app, ".cli", after.entry))).toBe(true)
  })

  it("prints the same through tsx (GOVPLAN_TSX=1) as through the bundle, exit code included", () => {
    for (const args of [["plan"], ["kpi", "--year", "1999"]]) {
      const bundled = govplan(args)
      const tsx = govplan(args, { GOVPLAN_TSX: "1" })
      expect(tsx.status, args.join(" ")).toBe(bundled.status)
      expect(tsx.stdout, args.join(" ")).toBe(bundled.stdout)
      expect(tsx.stderr, args.join(" ")).toBe(bundled.stderr)
    }
  })
})
